import { quoteIdent, quoteLiteral, type CaseDb, type SqlParam } from '../case/index.ts';
import { allocatePacked, MISSING_CODE, OTHER_CODE, slicePacked, type PackedBatch } from '../inference/index.ts';
import type { Feature } from '../packages/index.ts';
import { isNumericType, type LogColumn } from './log-columns.ts';
import type { CompiledWhere } from './where-filter.ts';

export interface ReadBatch {
  batch: PackedBatch;
  /** The log's _row of each row of the batch. */
  rows: Float64Array;
  /** Rows holding a categorical value outside its feature's levels. */
  unseenRows: number;
  /** The extra columns asked for, as plain values. */
  extra: unknown[][];
}

export interface ReadOptions {
  table: string;
  columns: readonly LogColumn[];
  features: readonly Feature[];
  where: CompiledWhere;
  batchRows: number;
  /** Further columns to read beside the features (e.g. protected attributes). */
  extra?: readonly string[];
  /** Called before each chunk: throw to stop. */
  check?: () => void;
}

type Categorical = Extract<Feature, { type: 'categorical' }>;

function typeOf(columns: readonly LogColumn[], name: string): string {
  return columns.find((c) => c.name === name)?.type ?? 'VARCHAR';
}

function textOf(columns: readonly LogColumn[], name: string): string {
  return typeOf(columns, name) === 'VARCHAR' ? quoteIdent(name) : `CAST(${quoteIdent(name)} AS VARCHAR)`;
}

function numberSql(columns: readonly LogColumn[], name: string): string {
  const type = typeOf(columns, name);
  return type === 'DOUBLE' ? quoteIdent(name) : isNumericType(type) ? `CAST(${quoteIdent(name)} AS DOUBLE)` : `TRY_CAST(${quoteIdent(name)} AS DOUBLE)`;
}

/** A feature's value as the scorer reads it: a double for a numeric feature, text for a categorical one. */
export function featureValueSql(columns: readonly LogColumn[], f: Feature): string {
  return f.type === 'numeric' ? numberSql(columns, f.name) : textOf(columns, f.name);
}

/** Stored code of a categorical value: 0 missing, 1 outside the levels, 2 + its index in the levels. */
const STORED_OFFSET = 2;
const PACK_BITS = 30;

interface CodeField {
  feature: Categorical;
  shift: number;
  mask: number;
}

/**
 * Categorical features leave DuckDB as level codes packed into 30-bit integers, several features to a column,
 * because converting DuckDB's values to JavaScript costs per value and dominates reading a log.
 */
function codeGroups(features: readonly Feature[]): CodeField[][] {
  const groups: CodeField[][] = [];
  let group: CodeField[] = [];
  let used = 0;
  for (const f of features) {
    if (f.type !== 'categorical') continue;
    const bits = Math.max(1, Math.ceil(Math.log2(f.levels.length + STORED_OFFSET)));
    if (bits > PACK_BITS) throw new Error(`the categorical feature ${f.name} has too many levels to read`);
    if (used + bits > PACK_BITS) {
      groups.push(group);
      group = [];
      used = 0;
    }
    group.push({ feature: f, shift: used, mask: 2 ** bits - 1 });
    used += bits;
  }
  if (group.length) groups.push(group);
  return groups;
}

function storedCodeSql(columns: readonly LogColumn[], f: Categorical): string {
  const text = textOf(columns, f.name);
  const whens = f.levels.map((l, i) => `WHEN ${quoteLiteral(l)} THEN ${i + STORED_OFFSET}`).join(' ');
  return `(CASE ${text} ${whens} ELSE (CASE WHEN ${text} IS NULL THEN 0 ELSE 1 END) END)`;
}

function groupSql(columns: readonly LogColumn[], group: CodeField[]): string {
  return `CAST(${group.map((g) => `${storedCodeSql(columns, g.feature)} * ${2 ** g.shift}`).join(' + ')} AS INTEGER)`;
}

function unseenSql(columns: readonly LogColumn[], f: Categorical): string {
  return `(${textOf(columns, f.name)} IS NOT NULL AND ${textOf(columns, f.name)} NOT IN (${f.levels.map(quoteLiteral).join(', ')}))`;
}

/** The values outside their levels, by _row and feature: few, so they are fetched apart from the stream of codes. */
async function unseenValues(db: CaseDb, options: ReadOptions): Promise<Map<number, Map<string, string>>> {
  const categorical = options.features.filter((f): f is Categorical => f.type === 'categorical');
  const out = new Map<number, Map<string, string>>();
  if (categorical.length === 0) return out;
  const rows = await db.query(
    `SELECT _row, ${categorical.map((f) => `CASE WHEN ${unseenSql(options.columns, f)} THEN ${textOf(options.columns, f.name)} END`).join(', ')}
     FROM ${quoteIdent(options.table)} WHERE (${options.where.sql}) AND (${categorical.map((f) => unseenSql(options.columns, f)).join(' OR ')})`,
    options.where.params,
  );
  for (const r of rows) {
    const values = Object.values(r);
    const byFeature = new Map<string, string>();
    categorical.forEach((f, j) => {
      const v = values[j + 1];
      if (v !== null && v !== undefined) byFeature.set(f.name, String(v));
    });
    out.set(Number(values[0]), byFeature);
  }
  return out;
}

/**
 * Streams the model inputs of a log's rows (those the filter keeps) as packed batches of `batchRows` rows, with
 * each row's _row. Awaiting in `onBatch` holds the stream back, which bounds memory.
 */
export async function readPackedBatches(db: CaseDb, options: ReadOptions, onBatch: (b: ReadBatch) => Promise<void>): Promise<void> {
  const unseen = await unseenValues(db, options);
  const { features, batchRows } = options;
  const numeric = features.filter((f) => f.type === 'numeric');
  const groups = codeGroups(features);
  const extra = options.extra ?? [];
  const select = [
    'CAST(_row AS DOUBLE)',
    ...numeric.map((f) => numberSql(options.columns, f.name)),
    ...groups.map((g) => groupSql(options.columns, g)),
    ...extra.map(quoteIdent),
  ];
  const sql = `SELECT ${select.join(', ')} FROM ${quoteIdent(options.table)} WHERE ${options.where.sql}`;
  let current = allocatePacked(features, batchRows);
  let rows = new Float64Array(batchRows);
  let extras: unknown[][] = extra.map(() => []);
  let filled = 0;
  let unseenRows = 0;
  const flush = async () => {
    if (filled === 0) return;
    const whole = filled === batchRows;
    const batch = whole ? current : slicePacked(current, 0, filled);
    await onBatch({ batch, rows: whole ? rows : rows.slice(0, filled), unseenRows, extra: extras });
    current = allocatePacked(features, batchRows);
    rows = new Float64Array(batchRows);
    extras = extra.map(() => []);
    filled = 0;
    unseenRows = 0;
  };
  await db.forEachChunk(sql, options.where.params as SqlParam[], async (columns, _names, count) => {
    options.check?.();
    let offset = 0;
    while (offset < count) {
      const take = Math.min(count - offset, batchRows - filled);
      const ids = columns[0]!;
      for (let i = 0; i < take; i++) rows[filled + i] = ids[offset + i] as number;
      numeric.forEach((f, j) => {
        const values = columns[1 + j]!;
        const target = current.numeric[f.name]!;
        for (let i = 0; i < take; i++) {
          const v = values[offset + i];
          target[filled + i] = v === null ? Number.NaN : (v as number);
        }
      });
      groups.forEach((group, j) => {
        const packed = columns[1 + numeric.length + j]!;
        for (const { feature, shift, mask } of group) {
          const target = current.categorical[feature.name]!;
          for (let i = 0; i < take; i++) {
            const stored = ((packed[offset + i] as number) >>> shift) & mask;
            const code = stored >= STORED_OFFSET ? stored - STORED_OFFSET : stored === 0 ? MISSING_CODE : OTHER_CODE;
            target.codes[filled + i] = code;
            if (code === OTHER_CODE) target.other.set(filled + i, unseen.get(rows[filled + i]!)?.get(feature.name) ?? '');
          }
        }
      });
      if (unseen.size > 0) for (let i = 0; i < take; i++) if (unseen.has(rows[filled + i]!)) unseenRows++;
      extra.forEach((_, k) => {
        const values = columns[1 + numeric.length + groups.length + k]!;
        for (let i = 0; i < take; i++) extras[k]!.push(values[offset + i]);
      });
      filled += take;
      offset += take;
      if (filled === batchRows) await flush();
    }
  });
  await flush();
}
