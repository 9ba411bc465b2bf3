import { AssayError } from '../api/errors.ts';
import { quoteIdent, type CaseDb } from '../case/index.ts';
import type { ColumnRole } from './contract.ts';
import { TIMESTAMP } from './sides-sql.ts';
import type { Covered, MonitorSubject } from './types.ts';
import type { LogSpan } from './windows.ts';

const NUMERIC_TYPES = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/;

export function isNumericType(type: string): boolean {
  return NUMERIC_TYPES.test(type.toUpperCase());
}

export interface Coverage {
  columns: Covered[];
  skipped: { column: string; reason: string }[];
}

/**
 * The columns a drift analysis covers: the model's features, protected and extra columns (not those marked personal),
 * the score and the decision, in the log's order. With the package's reference data as the reference, a column it
 * lacks is skipped with the reason. `requested` narrows the list and must name covered columns.
 */
export function coveredColumns(subject: MonitorSubject, referenceColumns: readonly { name: string }[] | null, requested?: readonly string[]): Coverage {
  const features = new Map(subject.pkg.manifest.features.map((f) => [f.name, f.type]));
  const personal = new Set(subject.log.personal);
  const inReference = referenceColumns ? new Set(referenceColumns.map((c) => c.name)) : null;
  const columns: Covered[] = [];
  const skipped: Coverage['skipped'] = [];
  for (const c of subject.log.columns) {
    let role: ColumnRole | null = null;
    if (c.role === 'feature') role = 'feature';
    else if (c.role === 'protected') role = 'protected';
    else if (c.role === 'extra') role = 'extra';
    else if (c.role === 'canonical' && (c.name === 'score' || c.name === 'decision')) role = c.name;
    if (role === null) continue;
    if (requested && !requested.includes(c.name)) continue;
    if (personal.has(c.name)) {
      skipped.push({ column: c.name, reason: 'marked as personal data at import; it is never analysed' });
      continue;
    }
    if (inReference && !inReference.has(c.name)) {
      skipped.push({ column: c.name, reason: c.name === 'score' || c.name === 'decision' ? "the package's reference data could not be scored" : "not in the package's reference data" });
      continue;
    }
    const declared = features.get(c.name);
    const type = role === 'decision' ? 'categorical' : declared ?? (isNumericType(c.type) ? 'numeric' : 'categorical');
    columns.push({ name: c.name, type, role });
  }
  if (requested) {
    const known = new Set([...columns.map((c) => c.name), ...skipped.map((s) => s.column)]);
    const unknown = requested.filter((r) => !known.has(r));
    if (unknown.length) {
      const all = subject.log.columns.filter((c) => ['feature', 'protected', 'extra'].includes(c.role) || c.name === 'score' || c.name === 'decision').map((c) => c.name);
      throw new AssayError('NOT_FOUND', `The log "${subject.log.name}" has no column ${unknown.map((u) => `"${u}"`).join(', ')} to analyse; its columns are ${all.join(', ')}.`, { log: subject.log.name, columns: unknown });
    }
  }
  if (columns.length === 0) {
    throw new AssayError('BAD_ARGUMENT', `No column of the log "${subject.log.name}" can be compared${skipped.length ? ` (${skipped.map((s) => `${s.column}: ${s.reason}`).join('; ')})` : ''}.`, { log: subject.log.name });
  }
  return { columns, skipped };
}

/** Rows, and the first and last timestamp, of a log. */
export async function logSpan(db: CaseDb, subject: MonitorSubject): Promise<LogSpan> {
  const hasTimestamp = subject.log.columns.some((c) => c.name === TIMESTAMP && c.role === 'canonical');
  const t = quoteIdent(subject.log.table);
  if (!hasTimestamp) {
    const row = await db.queryOne<{ n: number }>(`SELECT count(*) AS n FROM ${t}`);
    return { rows: Number(row?.n ?? 0), first: null, last: null, hasTimestamp };
  }
  const ts = quoteIdent(TIMESTAMP);
  const row = await db.queryOne<{ n: number; first: string | null; last: string | null }>(`SELECT count(*) AS n, min(${ts}) AS first, max(${ts}) AS last FROM ${t}`);
  const first = row?.first ?? null;
  return { rows: Number(row?.n ?? 0), first, last: row?.last ?? null, hasTimestamp: first !== null };
}
