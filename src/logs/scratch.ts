import { randomBytes } from 'node:crypto';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import type { RejectTables } from './source.ts';

/** Temporary tables of one import, named so that two imports never share one; dropped before the commit. */
export class Scratch {
  private readonly prefix = `_assay_log_${randomBytes(6).toString('hex')}`;
  readonly rejects: RejectTables = { errors: this.name('reject_errors'), scans: this.name('reject_scans') };

  constructor(private readonly db: CaseDb) {}

  name(part: string): string {
    return `${this.prefix}_${part}`;
  }

  /** A quoted table name for SQL. */
  table(part: string): string {
    return quoteIdent(this.name(part));
  }

  async dropAll(): Promise<void> {
    const rows = await this.db.query<{ t: string }>(
      "SELECT table_name AS t FROM duckdb_tables() WHERE temporary AND starts_with(table_name, $prefix)",
      { prefix: this.prefix },
    );
    for (const r of rows) await this.db.exec(`DROP TABLE IF EXISTS temp.main.${quoteIdent(r.t)}`);
  }
}
