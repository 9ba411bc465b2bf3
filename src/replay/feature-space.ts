import { quoteIdent, type CaseDb } from '../case/index.ts';
import type { Feature } from '../packages/index.ts';
import { isNumericType, logColumns } from './log-columns.ts';
import type { AuditedLog, AuditedModel } from './types.ts';

export interface NumericBounds {
  min: number;
  max: number;
  /** Every reference value is whole, so searched values are rounded. */
  integer: boolean;
  /** Where the range comes from. */
  source: 'manifest' | 'reference' | 'log';
}

interface DataSource {
  table: string;
  kind: 'reference' | 'log';
}

/** The package's reference data where it holds the feature, else the log itself. */
async function sources(db: CaseDb, model: AuditedModel, log: AuditedLog, features: readonly string[]): Promise<Map<string, DataSource>> {
  const reference = model.referenceTable ? await logColumns(db, model.referenceTable) : [];
  const usable = new Set(reference.filter((c) => isNumericType(c.type) || c.type === 'VARCHAR').map((c) => c.name));
  return new Map(features.map((f) => [f, usable.has(f) && model.referenceTable ? { table: model.referenceTable, kind: 'reference' } : { table: log.table, kind: 'log' }]));
}

function number(name: string): string {
  return `TRY_CAST(${quoteIdent(name)} AS DOUBLE)`;
}

function rangeSql(name: string, i: number): string {
  return `min(${number(name)}) AS lo${i}, max(${number(name)}) AS hi${i}, bool_and(${number(name)} = floor(${number(name)})) AS whole${i}`;
}

/**
 * The range of each numeric input: the manifest's min/max where declared, else the range of the package's
 * reference data (or, without reference data, of the log), and whether its values are whole numbers.
 */
export async function numericBounds(db: CaseDb, model: AuditedModel, log: AuditedLog, only?: readonly string[]): Promise<{ bounds: Record<string, NumericBounds>; warnings: string[] }> {
  const numeric = model.manifest.features.filter((f): f is Extract<Feature, { type: 'numeric' }> => f.type === 'numeric' && (!only || only.includes(f.name)));
  if (numeric.length === 0) return { bounds: {}, warnings: [] };
  const where = await sources(db, model, log, numeric.map((f) => f.name));
  const bounds: Record<string, NumericBounds> = {};
  for (const kind of ['reference', 'log'] as const) {
    const here = numeric.filter((f) => where.get(f.name)!.kind === kind);
    if (here.length === 0) continue;
    const r = (await db.queryOne<Record<string, number | boolean | null>>(
      `SELECT ${here.map((f, i) => rangeSql(f.name, i)).join(', ')} FROM ${quoteIdent(where.get(here[0]!.name)!.table)}`,
    )) ?? {};
    here.forEach((f, i) => {
      const lo = f.min ?? (r[`lo${i}`] as number | null) ?? 0;
      const hi = f.max ?? (r[`hi${i}`] as number | null) ?? lo;
      bounds[f.name] = { min: Math.min(lo, hi), max: Math.max(lo, hi), integer: r[`whole${i}`] === true, source: f.min !== undefined || f.max !== undefined ? 'manifest' : kind };
    });
  }
  const fromLog = numeric.filter((f) => where.get(f.name)!.kind === 'log').map((f) => f.name);
  const warnings = fromLog.length
    ? [`The package ${model.ref} has no reference data for ${fromLog.join(', ')}; the ranges of the log "${log.name}" were used instead.`]
    : [];
  return { bounds, warnings };
}

/** Grid of a numeric input at evenly spaced quantiles of the reference data (or the log), whole numbers where its values are. */
export async function quantileGrid(db: CaseDb, model: AuditedModel, log: AuditedLog, feature: Feature, points: number): Promise<{ grid: number[]; source: 'reference' | 'log' }> {
  const source = (await sources(db, model, log, [feature.name])).get(feature.name)!;
  const probabilities = Array.from({ length: points }, (_, i) => i / (points - 1));
  const r = await db.queryOne<{ q: number[] | null; whole: boolean | null }>(
    `SELECT quantile_cont(${number(feature.name)}, [${probabilities.join(', ')}]) AS q, bool_and(${number(feature.name)} = floor(${number(feature.name)})) AS whole FROM ${quoteIdent(source.table)}`,
  );
  const values = (r?.q ?? []).filter((v): v is number => typeof v === 'number' && Number.isFinite(v)).map((v) => (r?.whole ? Math.round(v) : v));
  return { grid: [...new Set(values)].sort((a, b) => a - b), source: source.kind };
}
