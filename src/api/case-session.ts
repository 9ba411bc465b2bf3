import { resolve } from 'node:path';
import { CaseDb } from '../case/index.ts';

/**
 * Holds the service's open case. DuckDB's external access is fixed when a case is opened, so a call that must
 * read a file the open connection does not allow reopens the case with that file added.
 */
export class CaseSession {
  private db: CaseDb | null = null;
  private allowed = new Set<string>();

  constructor(readonly path: string) {}

  async open(files: string[] = []): Promise<CaseDb> {
    const wanted = files.map((f) => resolve(f));
    if (this.db && wanted.every((f) => this.allowed.has(f))) return this.db;
    const union = new Set([...this.allowed, ...wanted]);
    await this.close();
    this.db = await CaseDb.open(this.path, { allowedFiles: [...union] });
    this.allowed = union;
    return this.db;
  }

  async close(): Promise<void> {
    if (this.db) {
      const db = this.db;
      this.db = null;
      await db.close();
    }
  }
}
