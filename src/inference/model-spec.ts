import type { Feature, Manifest } from '../packages/index.ts';

/** What the inference core needs to know about a graph input (from the package's graph summary). */
export interface GraphInput {
  name: string;
  elemType: string | null;
  shape: (number | string | null)[] | null;
}

export interface ModelSpec {
  features: Feature[];
  input: Manifest['input'];
  output: { name: string; index: number };
  inputs: GraphInput[];
}

/** Raw feature values by feature name: numbers (or numeric text) for numerics, strings for categoricals; null = missing. */
export interface FeatureBatch {
  length: number;
  columns: Record<string, ArrayLike<unknown>>;
}

export function specFromManifest(manifest: Manifest, inputs: GraphInput[]): ModelSpec {
  return { features: manifest.features, input: manifest.input, output: manifest.output, inputs };
}
