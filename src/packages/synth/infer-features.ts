import { AssayError } from '../../api/errors.ts';
import type { Feature, Manifest } from '../manifest-schema.ts';
import { NUMERIC_INPUT_TYPES } from '../manifest/match-graph.ts';
import { categoryLevels } from '../onnx/category-levels.ts';
import type { GraphProto } from '../onnx/onnx-types.ts';
import type { GraphSummary, TensorInfo } from '../types.ts';

export interface InferredFeatures {
  features: Feature[];
  input: Manifest['input'];
  warnings: string[];
}

const ASK_MANIFEST = 'Write an assay-package.json manifest for the model and give it with --manifest.';

export function categoricalFeature(graph: GraphProto, name: string, file: string): Feature {
  const levels = categoryLevels(graph, name);
  if (!levels) {
    throw new AssayError(
      'PACKAGE_INVALID',
      `The input "${name}" of ${file} takes strings, but no OneHotEncoder, LabelEncoder or CategoryMapper in the graph lists its categories, so Assay cannot tell its levels. ${ASK_MANIFEST}`,
      { input: name, file },
    );
  }
  return { name, type: 'categorical', levels };
}

function matrixNames(graph: GraphSummary, width: number, input: string, file: string, warnings: string[]): string[] {
  const raw = graph.metadata.feature_names;
  if (raw !== undefined) {
    let names: unknown;
    try {
      names = JSON.parse(raw);
    } catch {
      names = raw.split(',').map((s) => s.trim());
    }
    if (Array.isArray(names) && names.length === width && names.every((n) => typeof n === 'string' && n)) return names as string[];
    warnings.push(`The metadata feature_names of ${file} does not list ${width} names; Assay ignored it.`);
  }
  warnings.push(`The input "${input}" of ${file} is a matrix of ${width} columns without names; Assay calls them x0..x${width - 1}. ${ASK_MANIFEST}`);
  return Array.from({ length: width }, (_, i) => `x${i}`);
}

function columnFeature(graph: GraphProto, input: TensorInfo, file: string): Feature {
  if (input.kind === 'tensor' && input.elemType === 'string') return categoricalFeature(graph, input.name, file);
  if (input.kind === 'tensor' && NUMERIC_INPUT_TYPES.includes(input.elemType ?? '')) return { name: input.name, type: 'numeric' };
  throw new AssayError(
    'PACKAGE_INVALID',
    `The input "${input.name}" of ${file} is ${input.typeText}; Assay reads features from string or numeric (float, double, int64, int32) tensor inputs only. ${ASK_MANIFEST}`,
    { input: input.name, found: input.typeText },
  );
}

/**
 * Features read from the graph's inputs: one numeric input [N,M] with M > 1 is a matrix (columns named by the
 * `feature_names` metadata, else x0..); otherwise every input is a column feature, numeric or (string) categorical.
 */
export function featuresFromGraph(runtimeGraph: GraphProto, graph: GraphSummary, file: string): InferredFeatures {
  const warnings: string[] = [];
  if (graph.inputs.length === 0) {
    throw new AssayError('PACKAGE_INVALID', `The model ${file} has no inputs, so Assay cannot read its features. ${ASK_MANIFEST}`, { file });
  }
  const [only] = graph.inputs;
  if (graph.inputs.length === 1 && only.kind === 'tensor' && NUMERIC_INPUT_TYPES.includes(only.elemType ?? '') && only.shape?.length === 2) {
    const width = only.shape[1];
    if (typeof width !== 'number') {
      throw new AssayError('PACKAGE_INVALID', `The only input "${only.name}" of ${file} has shape ${only.typeText}, so Assay cannot tell how many features it takes. ${ASK_MANIFEST}`, { input: only.name });
    }
    if (width > 1) {
      const names = matrixNames(graph, width, only.name, file, warnings);
      return { features: names.map((name) => ({ name, type: 'numeric' })), input: { layout: 'matrix', name: only.name, unknown_value: -1 }, warnings };
    }
  }
  return { features: graph.inputs.map((i) => columnFeature(runtimeGraph, i, file)), input: { layout: 'columns' }, warnings };
}
