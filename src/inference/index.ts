export { ModelSession } from './model-session.ts';
export { encodeBatch } from './encode.ts';
export { specFromManifest } from './model-spec.ts';
export type { ModelSpec, FeatureBatch, GraphInput } from './model-spec.ts';
export { openScorer, type OpenScorerOptions } from './open-scorer.ts';
export type { BatchScorer, ScoreOptions, ScoringThreadInfo } from './batch-scorer.ts';
export { scoreBisecting, type RowFailure, type ScoredBatch } from './bisect-failures.ts';
export {
  MISSING_CODE, OTHER_CODE, allocatePacked, categoryCode, concatPacked, packRows, packedBuffers, setPackedRow, slicePacked, unpackBatch,
  type PackedBatch, type PackedCategorical,
} from './packed-batch.ts';
export { ScorerCache, type ScorerLease } from './scorer-cache.ts';
