import { AssayError } from '../../api/errors.ts';
import { classifierLabels } from '../onnx/class-labels.ts';
import type { GraphProto } from '../onnx/onnx-types.ts';
import type { GraphSummary, LoadOptions, TensorInfo, ZipMapRewrite } from '../types.ts';

export interface DecisionSettings {
  output: { name: string; index: number };
  positive_class: number | string;
  threshold: number;
  favorable_outcome: 0 | 1;
  warnings: string[];
}

function pickOutput(graph: GraphSummary, options: LoadOptions, file: string, warnings: string[]): TensorInfo {
  const list = graph.outputs.map((o) => `"${o.name}" ${o.typeText}`).join(', ') || 'none';
  if (options.outputName !== undefined) {
    const chosen = graph.outputs.find((o) => o.name === options.outputName);
    if (!chosen) throw new AssayError('BAD_ARGUMENT', `The model ${file} has no output "${options.outputName}" (its outputs are ${list}). Give --output-name one of them.`, { output: options.outputName });
    return chosen;
  }
  const chosen = graph.outputs.find((o) => /prob/i.test(o.name) && o.kind === 'tensor') ?? graph.outputs[1] ?? (graph.outputs.length === 1 ? graph.outputs[0] : undefined);
  if (!chosen) throw new AssayError('PACKAGE_INVALID', `The model ${file} has no outputs, so it produces no score. Export it again.`, { file });
  warnings.push(`Assay took the output "${chosen.name}" (${chosen.typeText}) of ${file} as the class probabilities; give --output-name to choose another (the outputs are ${list}).`);
  return chosen;
}

function sameLabel(a: number | string, b: number | string): boolean {
  return String(a) === String(b);
}

function positiveClass(labels: (number | string)[] | null, options: LoadOptions, file: string, warnings: string[]): number | string {
  if (options.positiveClass !== undefined) {
    const given = options.positiveClass;
    if (labels && !labels.some((l) => sameLabel(l, given))) {
      throw new AssayError('BAD_ARGUMENT', `The positive class ${JSON.stringify(given)} is not one of the classes of ${file} (${labels.map((l) => JSON.stringify(l)).join(', ')}). Give --positive-class one of them.`, { positiveClass: given, classes: labels });
    }
    return labels?.find((l) => sameLabel(l, given)) ?? given;
  }
  if (labels && labels.length > 0 && !labels.some((l) => sameLabel(l, 1))) {
    const last = labels[labels.length - 1];
    warnings.push(`No positive class was given and the classes of ${file} are ${labels.map((l) => JSON.stringify(l)).join(', ')}; Assay assumes ${JSON.stringify(last)} is positive. Give --positive-class to choose.`);
    return last;
  }
  warnings.push('No positive class was given; Assay assumes class 1 is positive. Give --positive-class to choose.');
  return labels?.find((l) => sameLabel(l, 1)) ?? 1;
}

function outputIndex(out: TensorInfo, labels: (number | string)[] | null, positive: number | string, options: LoadOptions, warnings: string[]): number {
  if (options.outputIndex !== undefined) return options.outputIndex;
  const width = out.shape === null ? null : out.shape.length === 1 ? 1 : out.shape[1];
  if (width === 1) return 0;
  const at = labels ? labels.findIndex((l) => sameLabel(l, positive)) : -1;
  if (at >= 0) return at;
  warnings.push(`The model does not say which column of "${out.name}" holds class ${JSON.stringify(positive)}; Assay assumes column 1. Give --output-index to choose.`);
  return 1;
}

/** Output, positive class, threshold and favorable outcome for a synthesised manifest; each default is a warning. */
export function inferDecision(graph: GraphSummary, runtimeGraph: GraphProto, rewrites: ZipMapRewrite[], options: LoadOptions, file: string): DecisionSettings {
  const warnings: string[] = [];
  const out = pickOutput(graph, options, file, warnings);
  const labels = rewrites.find((r) => r.output === out.name)?.classLabels ?? classifierLabels(runtimeGraph, out.name);
  const positive = positiveClass(labels && labels.length ? labels : null, options, file, warnings);
  const index = outputIndex(out, labels, positive, options, warnings);
  if (options.threshold === undefined) warnings.push('No threshold was given; Assay uses 0.5 (a score >= 0.5 is a positive decision). Give --threshold to choose.');
  if (options.favorable === undefined) warnings.push('No favorable outcome was given; Assay assumes decision 1 is the favorable one for the person. Give --favorable to choose.');
  return {
    output: { name: out.name, index },
    positive_class: positive,
    threshold: options.threshold ?? 0.5,
    favorable_outcome: options.favorable ?? 1,
    warnings,
  };
}
