import { checkModelSupport } from './onnx/model-support.ts';
import { decodeModel, encodeModel } from './onnx/onnx-codec.ts';
import type { GraphProto } from './onnx/onnx-types.ts';
import { summariseModel } from './onnx/graph-summary.ts';
import { removeZipMapFromModel } from './onnx/zipmap.ts';
import type { GraphSummary, ZipMapRewrite } from './types.ts';

export interface PreparedModel {
  runtimeModel: Uint8Array;
  runtimeGraph: GraphProto;
  graph: GraphSummary;
  rewrites: ZipMapRewrite[];
  warnings: string[];
}

/** Decodes and checks a submitted model, and rewrites away ZipMap outputs so that ONNX Runtime can return the scores. */
export function prepareModel(bytes: Uint8Array, file: string): PreparedModel {
  const model = decodeModel(bytes, file);
  checkModelSupport(model, file);
  const removed = removeZipMapFromModel(model);
  const runtime = removed?.model ?? model;
  const rewrites = removed?.rewrites ?? [];
  return {
    runtimeModel: removed ? new Uint8Array(encodeModel(removed.model)) : bytes,
    runtimeGraph: runtime.graph ?? {},
    graph: summariseModel(runtime),
    rewrites,
    warnings: rewrites.map(
      (r) => `The output "${r.output}" of ${file} was a ZipMap (a sequence of maps, which ONNX Runtime for Node cannot return); Assay runs a rewritten model whose "${r.output}" is the probability tensor of the classes ${JSON.stringify(r.classLabels)}. The rewrite is recorded in the lineage.`,
    ),
  };
}
