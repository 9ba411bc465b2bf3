import { AssayError } from '../../api/errors.ts';
import type { Feature } from '../manifest-schema.ts';
import { NUMERIC_INPUT_TYPES } from '../manifest/match-graph.ts';
import type { GraphProto } from '../onnx/onnx-types.ts';
import { MLMODEL_FILE } from '../source/read-source.ts';
import type { GraphSummary } from '../types.ts';
import { categoricalFeature, featuresFromGraph, type InferredFeatures } from './infer-features.ts';
import type { MlflowModel } from './mlflow-model.ts';

const NUMERIC_COLUMN_TYPES = new Set(['double', 'float', 'long', 'integer', 'boolean']);

interface ColumnSpec { name: string; type: string }

function columnSpecs(inputs: unknown[], where: string): ColumnSpec[] | null {
  if (inputs.some((i) => (i as { type?: unknown })?.type === 'tensor')) return null;
  return inputs.map((raw, n) => {
    const spec = raw as { name?: unknown; type?: unknown };
    if (typeof spec?.name !== 'string' || typeof spec.type !== 'string') {
      throw new AssayError('PACKAGE_INVALID', `Input ${n + 1} of the signature in ${where} has no name or type (${JSON.stringify(raw)}), so Assay cannot name the feature. Write a manifest and give it with --manifest.`, { input: n });
    }
    return { name: spec.name, type: spec.type };
  });
}

function signatureFeature(spec: ColumnSpec, runtimeGraph: GraphProto, file: string, where: string): Feature {
  if (spec.type === 'string') return categoricalFeature(runtimeGraph, spec.name, file);
  if (NUMERIC_COLUMN_TYPES.has(spec.type)) return { name: spec.name, type: 'numeric' };
  throw new AssayError(
    'PACKAGE_INVALID',
    `The signature in ${where} gives the column "${spec.name}" the type "${spec.type}"; Assay reads string and numeric columns only. Write a manifest and give it with --manifest.`,
    { input: spec.name, type: spec.type },
  );
}

/**
 * Features from the MLflow signature. A column spec names the features: columns layout when each is a graph
 * input, matrix layout when the graph has one numeric [N,M] input instead. A tensor spec (or no signature)
 * defers to the graph's inputs.
 */
export function featuresFromMlflow(ml: MlflowModel, runtimeGraph: GraphProto, graph: GraphSummary, file: string, folder: string): InferredFeatures {
  const where = `${folder}/${MLMODEL_FILE}`;
  const specs = ml.signatureInputs && columnSpecs(ml.signatureInputs, where);
  if (!specs) {
    const inferred = featuresFromGraph(runtimeGraph, graph, file);
    const why = ml.signatureInputs ? 'its signature is a tensor spec' : 'it has no signature';
    return { ...inferred, warnings: [`The MLflow model ${folder} names no columns (${why}); Assay read the features from the graph's inputs.`, ...inferred.warnings] };
  }
  const inputNames = new Set(graph.inputs.map((i) => i.name));
  const [only] = graph.inputs;
  const matrix = !specs.every((s) => inputNames.has(s.name)) && graph.inputs.length === 1 && only.kind === 'tensor'
    && NUMERIC_INPUT_TYPES.includes(only.elemType ?? '') && only.shape?.length === 2 && specs.every((s) => NUMERIC_COLUMN_TYPES.has(s.type));
  if (matrix) {
    return { features: specs.map((s) => ({ name: s.name, type: 'numeric' })), input: { layout: 'matrix', name: only.name, unknown_value: -1 }, warnings: [] };
  }
  const absent = specs.find((s) => !inputNames.has(s.name));
  if (absent) {
    throw new AssayError(
      'PACKAGE_MISMATCH',
      `The signature in ${where} has the column "${absent.name}", but ${file} has no input of that name (its inputs are ${graph.inputs.map((i) => `"${i.name}"`).join(', ')}). Log the model with a signature that matches its inputs, or give a manifest with --manifest.`,
      { input: absent.name, inputs: [...inputNames] },
    );
  }
  return { features: specs.map((s) => signatureFeature(s, runtimeGraph, file, where)), input: { layout: 'columns' }, warnings: [] };
}
