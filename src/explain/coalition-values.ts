import { checkCancelled } from './cancel.ts';
import { applyLink } from './link.ts';
import { differingFeatures } from './same-value.ts';
import type { RunControl, Row, ShapleyGame } from './types.ts';

export const DEFAULT_BATCH_ROWS = 16384;

/** Coalitions as a K×M row-major 0/1 matrix: mask[k*M + j] = 1 when feature j takes x's value in coalition k. */
export interface Coalitions {
  count: number;
  masks: Uint8Array;
}

export interface CoalitionValues {
  /** v(S_k) = mean over background b of link(f(x_S, b_rest)). */
  values: Float64Array;
  modelRows: number;
  clippedProbabilities: number;
}

interface Pending {
  /** For each coalition, the index of its hybrid row among this background row's distinct rows. */
  slot: Int32Array;
  offset: number;
}

/**
 * The hybrid rows (x_S, b_rest) of one background row b, one per distinct projection of S onto the features where x
 * and b differ: taking x's value for a feature that b shares changes nothing, so coalitions that agree on the
 * differing features give the same row, and it is scored once.
 */
function hybridRows(game: ShapleyGame, b: Row, coalitions: Coalitions, rows: Row[]): Int32Array {
  const m = game.features.length;
  const differ = differingFeatures(game.x, b, game.features);
  const slot = new Int32Array(coalitions.count);
  const seen = new Map<number | string, number>();
  const numericKey = differ.length <= 52;
  for (let k = 0; k < coalitions.count; k++) {
    const base = k * m;
    let key: number | string;
    if (numericKey) {
      let n = 0;
      for (const j of differ) n = n * 2 + coalitions.masks[base + j]!;
      key = n;
    } else {
      key = differ.map((j) => coalitions.masks[base + j]).join('');
    }
    let index = seen.get(key);
    if (index === undefined) {
      index = seen.size;
      seen.set(key, index);
      const row: Row = { ...b };
      for (const j of differ) if (coalitions.masks[base + j]) row[game.features[j]!] = game.x[game.features[j]!] ?? null;
      rows.push(row);
    }
    slot[k] = index;
  }
  return slot;
}

/** Evaluates v(S) for every coalition, in batches of about `batchRows` model rows, background row by background row. */
export async function coalitionValues(game: ShapleyGame, coalitions: Coalitions, control: RunControl = {}, what = 'explanation'): Promise<CoalitionValues> {
  const batchRows = control.batchRows ?? DEFAULT_BATCH_ROWS;
  const sums = new Float64Array(coalitions.count);
  let rows: Row[] = [];
  let pending: Pending[] = [];
  let modelRows = 0;
  let clipped = 0;
  let done = 0;
  const total = game.background.length;

  const flush = async () => {
    if (rows.length === 0) return;
    checkCancelled(control.signal, what);
    const out = await game.predict(rows);
    clipped += applyLink(out, game.output);
    for (const p of pending) {
      for (let k = 0; k < coalitions.count; k++) sums[k] += out[p.offset + p.slot[k]!]!;
    }
    modelRows += rows.length;
    done += pending.length;
    rows = [];
    pending = [];
    control.onProgress?.({ stage: 'coalitions', done, total });
  };

  for (const b of game.background) {
    const offset = rows.length;
    const slot = hybridRows(game, b, coalitions, rows);
    pending.push({ slot, offset });
    if (rows.length >= batchRows) await flush();
  }
  await flush();
  const n = game.background.length;
  for (let k = 0; k < coalitions.count; k++) sums[k] /= n;
  return { values: sums, modelRows, clippedProbabilities: clipped };
}
