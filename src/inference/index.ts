export { ModelSession } from './model-session.ts';
export { encodeBatch } from './encode.ts';
export { specFromManifest } from './model-spec.ts';
export type { ModelSpec, FeatureBatch, GraphInput } from './model-spec.ts';
