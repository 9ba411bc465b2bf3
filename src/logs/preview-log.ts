import { resolve } from 'node:path';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import type { Manifest } from '../packages/index.ts';
import { mappingRecord, mappingTargets, resolveMapping } from './column-mapping.ts';
import { personalSuggestions } from './personal-hints.ts';
import { readHead } from './detect-format.ts';
import { chooseFormat, requireFile } from './import-request.ts';
import { openSource } from './open-source.ts';
import type { LogFormat, LogPreview } from './types.ts';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/** What the import wizard shows before an import: format, columns, the first rows as they are in the file, and the mapping. */
export async function previewLog(db: CaseDb, path: string, manifest: Manifest, options: { format?: LogFormat; map?: Record<string, string>; limit?: number } = {}): Promise<LogPreview> {
  const abs = resolve(path);
  requireFile(abs);
  const head = readHead(abs);
  const format = chooseFormat(abs, head, options.format);
  const source = await openSource(db, abs, format, head);
  const mapping = resolveMapping(source.columns.map((c) => c.name), manifest, options.map);
  const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(options.limit ?? DEFAULT_LIMIT)));
  const select = source.columns.map((c) => `${c.sql} AS ${quoteIdent(c.name)}`).join(', ');
  const where = source.skipWhen ? `WHERE NOT ${source.skipWhen}` : '';
  const rows = await db.query(`SELECT ${select} FROM ${source.relation()} ${where} LIMIT ${limit}`, source.params);
  return {
    format,
    columns: source.columns.map((c) => ({ name: c.name, type: c.suggestedType })),
    rows,
    mapping: mappingRecord(mapping),
    fields: mappingTargets(manifest),
    personalSuggestions: personalSuggestions(source.columns.map((c) => c.name), mapping.canonical.decision_id),
  };
}
