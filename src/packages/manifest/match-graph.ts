import { AssayError } from '../../api/errors.ts';
import type { Feature, Manifest } from '../manifest-schema.ts';
import { shapeText } from '../onnx/tensor-info.ts';
import type { GraphSummary, TensorInfo } from '../types.ts';

export const NUMERIC_INPUT_TYPES = ['float32', 'float64', 'int64', 'int32'];
export const SCORE_OUTPUT_TYPES = ['float32', 'float64'];

function mismatch(message: string, details: Record<string, unknown>): AssayError {
  return new AssayError('PACKAGE_MISMATCH', message, details);
}

function names(list: TensorInfo[]): string {
  return list.length ? list.map((t) => `"${t.name}" ${t.typeText}`).join(', ') : 'none';
}

function checkColumnInput(f: Feature, g: TensorInfo, file: string, warnings: string[]): void {
  if (g.kind !== 'tensor') {
    throw mismatch(`The graph input "${g.name}" of ${file} is ${g.typeText}, but the feature "${f.name}" needs a tensor of shape [N,1]. Export the model with one tensor input per feature.`, { input: g.name, found: g.typeText });
  }
  if (f.type === 'categorical' && g.elemType !== 'string') {
    throw mismatch(`The feature "${f.name}" is categorical, so its graph input must be tensor(string)[N,1], but ${file} declares ${g.typeText}. Declare the feature numeric, or export the model with a string input for it.`, { input: g.name, expected: 'string', found: g.elemType });
  }
  if (f.type === 'numeric' && !NUMERIC_INPUT_TYPES.includes(g.elemType ?? '')) {
    throw mismatch(`The feature "${f.name}" is numeric, so its graph input must be float, double, int64 or int32, but ${file} declares ${g.typeText}. Declare the feature categorical (with its levels) or export the model with a numeric input.`, { input: g.name, expected: NUMERIC_INPUT_TYPES, found: g.elemType });
  }
  if (g.shape === null) {
    warnings.push(`The graph input "${g.name}" of ${file} declares no shape; Assay will feed it as [N,1].`);
    return;
  }
  const width = g.shape[1];
  if (g.shape.length !== 2 || (typeof width === 'number' && width !== 1)) {
    throw mismatch(`The graph input "${g.name}" of ${file} has shape ${shapeText(g.shape)}, but with input.layout "columns" each feature is fed as [N,1]. Export the model with [N,1] inputs, or use the matrix layout.`, { input: g.name, expected: '[N,1]', found: g.shape });
  }
}

function checkColumns(manifest: Manifest, graph: GraphSummary, file: string, warnings: string[]): void {
  const byName = new Map(graph.inputs.map((i) => [i.name, i]));
  for (const f of manifest.features) {
    const g = byName.get(f.name);
    if (!g) {
      throw mismatch(
        `The manifest's feature "${f.name}" is not an input of ${file} (its inputs are ${names(graph.inputs)}). With input.layout "columns" every feature must be a graph input of the same name; correct the feature name, or use the matrix layout.`,
        { feature: f.name, inputs: graph.inputs.map((i) => i.name) },
      );
    }
    checkColumnInput(f, g, file, warnings);
  }
  const features = new Set(manifest.features.map((f) => f.name));
  const extra = graph.inputs.filter((i) => !features.has(i.name));
  if (extra.length) {
    throw mismatch(
      `The graph of ${file} needs the input(s) ${names(extra)}, which the manifest does not list as features, so Assay could not feed them. Add them to features.`,
      { inputs: extra.map((i) => i.name) },
    );
  }
}

function checkMatrix(manifest: Manifest & { input: { layout: 'matrix' } }, graph: GraphSummary, file: string): void {
  const name = manifest.input.name;
  const g = graph.inputs.find((i) => i.name === name);
  if (!g) {
    throw mismatch(`The manifest's input.name "${name}" is not an input of ${file} (its inputs are ${names(graph.inputs)}). Correct input.name.`, { input: name, inputs: graph.inputs.map((i) => i.name) });
  }
  const extra = graph.inputs.filter((i) => i.name !== name);
  if (extra.length) {
    throw mismatch(`With input.layout "matrix" the model must take the single input "${name}", but ${file} also needs ${names(extra)}. Use the columns layout, or export the model with one input.`, { inputs: graph.inputs.map((i) => i.name) });
  }
  if (g.kind !== 'tensor' || !NUMERIC_INPUT_TYPES.includes(g.elemType ?? '')) {
    throw mismatch(`The matrix input "${name}" of ${file} is ${g.typeText}, but it must be a numeric tensor (float, double, int64 or int32) of shape [N,${manifest.features.length}]. Export the model with a numeric matrix input.`, { input: name, found: g.typeText });
  }
  if (g.shape === null) return;
  const width = g.shape[1];
  if (g.shape.length !== 2 || (typeof width === 'number' && width !== manifest.features.length)) {
    throw mismatch(
      `The matrix input "${name}" of ${file} has shape ${shapeText(g.shape)}, but the manifest lists ${manifest.features.length} features, so Assay feeds [N,${manifest.features.length}]. List exactly the model's columns, in order, in features.`,
      { input: name, expected: ['N', manifest.features.length], found: g.shape },
    );
  }
}

function checkOutput(manifest: Manifest, graph: GraphSummary, file: string): void {
  const { name, index } = manifest.output;
  const out = graph.outputs.find((o) => o.name === name);
  if (!out) {
    throw mismatch(`The manifest's output.name "${name}" is not an output of ${file} (its outputs are ${names(graph.outputs)}). Name the probability output in output.name.`, { output: name, outputs: graph.outputs.map((o) => o.name) });
  }
  if (out.kind !== 'tensor') {
    throw new AssayError('MODEL_UNSUPPORTED', `The output "${name}" of ${file} is ${out.typeText}, which ONNX Runtime for Node cannot return; the score must come from a tensor. Name a probability tensor in output.name, or export the model without ZipMap-like outputs.`, { output: name, found: out.typeText });
  }
  if (!SCORE_OUTPUT_TYPES.includes(out.elemType ?? '')) {
    throw mismatch(`The output "${name}" of ${file} is ${out.typeText}, not a probability tensor (float or double). Name the probability output in output.name (the outputs are ${names(graph.outputs)}).`, { output: name, found: out.typeText });
  }
  if (out.shape === null) return;
  const width = out.shape.length === 1 ? 1 : out.shape[1];
  if (out.shape.length > 2 || out.shape.length === 0) {
    throw mismatch(`The output "${name}" of ${file} has shape ${shapeText(out.shape)}; a score output must be [N,K] (or [N]). Name another output.`, { output: name, found: out.shape });
  }
  if (typeof width === 'number' && index >= width) {
    throw mismatch(`The manifest's output.index is ${index}, but the output "${name}" of ${file} has shape ${shapeText(out.shape)}, so the index must be below ${width}. Correct output.index to the column of the positive class.`, { output: name, index, width });
  }
}

/** Checks the manifest against the graph it describes (DESIGN.md §2.1); returns warnings, throws on a mismatch. */
export function matchManifestToGraph(manifest: Manifest, graph: GraphSummary, file: string): string[] {
  const warnings: string[] = [];
  if (manifest.input.layout === 'columns') checkColumns(manifest, graph, file, warnings);
  else checkMatrix(manifest as Manifest & { input: { layout: 'matrix' } }, graph, file);
  checkOutput(manifest, graph, file);
  return warnings;
}
