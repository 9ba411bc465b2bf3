import type { Feature } from '../packages/index.ts';
import type { FeatureBatch, ModelSpec } from './model-spec.ts';

/** Code of a missing categorical value. */
export const MISSING_CODE = -1;
/** Code of a categorical value outside the feature's levels; the value itself is in `other`. */
export const OTHER_CODE = -2;

export interface PackedCategorical {
  /** Index into the feature's levels, MISSING_CODE or OTHER_CODE. */
  codes: Int32Array;
  /** Row index → value, for the rows coded OTHER_CODE. */
  other: Map<number, string>;
}

/**
 * Rows of feature values as typed arrays, which cross to a worker thread without copying: a numeric feature as
 * doubles (NaN = missing), a categorical one as codes into its levels.
 */
export interface PackedBatch {
  length: number;
  numeric: Record<string, Float64Array>;
  categorical: Record<string, PackedCategorical>;
}

export function allocatePacked(features: readonly Feature[], length: number): PackedBatch {
  const batch: PackedBatch = { length, numeric: {}, categorical: {} };
  for (const f of features) {
    if (f.type === 'numeric') batch.numeric[f.name] = new Float64Array(length);
    else batch.categorical[f.name] = { codes: new Int32Array(length), other: new Map() };
  }
  return batch;
}

export function categoryCode(feature: Feature, value: unknown): { code: number; other: string | null } {
  if (value === null || value === undefined) return { code: MISSING_CODE, other: null };
  const text = String(value);
  const index = feature.type === 'categorical' ? feature.levels.indexOf(text) : -1;
  return index >= 0 ? { code: index, other: null } : { code: OTHER_CODE, other: text };
}

function numberOf(value: unknown): number {
  if (value === null || value === undefined || value === '') return Number.NaN;
  return typeof value === 'number' ? value : Number(value);
}

/** Writes one row of raw values (numbers or numeric text, strings; null = missing) at `index`. */
export function setPackedRow(batch: PackedBatch, features: readonly Feature[], index: number, values: Record<string, unknown>): void {
  for (const f of features) {
    const v = values[f.name];
    if (f.type === 'numeric') {
      batch.numeric[f.name]![index] = numberOf(v);
    } else {
      const column = batch.categorical[f.name]!;
      const { code, other } = categoryCode(f, v);
      column.codes[index] = code;
      if (other === null) column.other.delete(index);
      else column.other.set(index, other);
    }
  }
}

export function packRows(features: readonly Feature[], rows: readonly Record<string, unknown>[]): PackedBatch {
  const batch = allocatePacked(features, rows.length);
  rows.forEach((r, i) => setPackedRow(batch, features, i, r));
  return batch;
}

/** Rows [start, end) as a batch of their own (copies, so that the parts can be sent separately). */
export function slicePacked(batch: PackedBatch, start: number, end: number): PackedBatch {
  const out: PackedBatch = { length: end - start, numeric: {}, categorical: {} };
  for (const [name, values] of Object.entries(batch.numeric)) out.numeric[name] = values.slice(start, end);
  for (const [name, column] of Object.entries(batch.categorical)) {
    const other = new Map<number, string>();
    for (const [row, value] of column.other) if (row >= start && row < end) other.set(row - start, value);
    out.categorical[name] = { codes: column.codes.slice(start, end), other };
  }
  return out;
}

/** The raw values of a batch, as the encoder takes them. */
export function unpackBatch(spec: ModelSpec, batch: PackedBatch): FeatureBatch {
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const f of spec.features) {
    if (f.type === 'numeric') {
      const values = batch.numeric[f.name];
      if (values) columns[f.name] = values;
      continue;
    }
    const column = batch.categorical[f.name];
    if (!column) continue;
    const values = new Array<string | null>(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const code = column.codes[i]!;
      values[i] = code >= 0 ? (f.levels[code] ?? null) : code === OTHER_CODE ? (column.other.get(i) ?? null) : null;
    }
    columns[f.name] = values;
  }
  return { length: batch.length, columns };
}

/** The buffers of a batch, to hand to postMessage's transfer list. */
export function packedBuffers(batch: PackedBatch): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const v of Object.values(batch.numeric)) buffers.add(v.buffer as ArrayBuffer);
  for (const c of Object.values(batch.categorical)) buffers.add(c.codes.buffer as ArrayBuffer);
  return [...buffers];
}

/** The rows of several batches (of the same features), one after another. */
export function concatPacked(parts: readonly PackedBatch[]): PackedBatch {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const first = parts[0];
  const out: PackedBatch = { length, numeric: {}, categorical: {} };
  if (!first) return out;
  for (const name of Object.keys(first.numeric)) {
    const values = new Float64Array(length);
    let at = 0;
    for (const p of parts) {
      values.set(p.numeric[name]!, at);
      at += p.length;
    }
    out.numeric[name] = values;
  }
  for (const name of Object.keys(first.categorical)) {
    const codes = new Int32Array(length);
    const other = new Map<number, string>();
    let at = 0;
    for (const p of parts) {
      const column = p.categorical[name]!;
      codes.set(column.codes, at);
      for (const [row, value] of column.other) other.set(at + row, value);
      at += p.length;
    }
    out.categorical[name] = { codes, other };
  }
  return out;
}
