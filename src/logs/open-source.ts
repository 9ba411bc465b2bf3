import type { CaseDb } from '../case/index.ts';
import { openCsvSource } from './source-csv.ts';
import { openNdjsonSource } from './source-ndjson.ts';
import { openParquetSource } from './source-parquet.ts';
import type { LogSource } from './source.ts';
import type { LogFormat } from './types.ts';

export function openSource(db: CaseDb, path: string, format: LogFormat, head: Uint8Array): Promise<LogSource> {
  switch (format) {
    case 'csv':
      return openCsvSource(db, path, head);
    case 'ndjson':
      return openNdjsonSource(db, path);
    case 'parquet':
      return openParquetSource(db, path);
  }
}
