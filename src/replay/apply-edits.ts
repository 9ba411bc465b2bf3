import { categoryCode, OTHER_CODE, slicePacked, type PackedBatch } from '../inference/index.ts';
import type { ValidatedEdit } from './edits.ts';

/** A copy of the batch with every row's edited inputs set to the edit's value. */
export function applyEdits(batch: PackedBatch, edits: readonly ValidatedEdit[]): PackedBatch {
  const out = slicePacked(batch, 0, batch.length);
  for (const e of edits) {
    if (!e.feature) continue;
    if (e.feature.type === 'numeric') {
      out.numeric[e.feature.name]!.fill(Number(e.value));
      continue;
    }
    const column = out.categorical[e.feature.name]!;
    const { code, other } = categoryCode(e.feature, e.value);
    column.codes.fill(code);
    column.other.clear();
    if (code === OTHER_CODE) for (let i = 0; i < out.length; i++) column.other.set(i, other!);
  }
  return out;
}
