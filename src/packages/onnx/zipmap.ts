import { decodeModel, encodeModel } from './onnx-codec.ts';
import type { Dimension, GraphProto, ModelProto, NodeProto, ValueInfo } from './onnx-types.ts';
import { TensorDataType } from './onnx-types.ts';
import { isZipMap } from './graph-summary.ts';
import { hasSubgraphs, intsAttribute, stringsAttribute } from './walk-graph.ts';
import type { ZipMapRewrite } from '../types.ts';

function classLabels(node: NodeProto): (number | string)[] {
  return intsAttribute(node, 'classlabels_int64s') ?? stringsAttribute(node, 'classlabels_strings') ?? [];
}

function batchDim(graph: GraphProto, tensor: string): Dimension {
  const known = (graph.valueInfo ?? []).find((v) => v.name === tensor)?.type?.tensorType?.shape?.dim?.[0];
  const fromInput = graph.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
  return { ...(known ?? fromInput ?? {}) };
}

function probabilityOutput(graph: GraphProto, name: string, tensor: string, classes: number): ValueInfo {
  const width = classes > 0 ? { dimValue: classes } : { ...((graph.valueInfo ?? []).find((v) => v.name === tensor)?.type?.tensorType?.shape?.dim?.[1] ?? {}) };
  return { name, type: { tensorType: { elemType: TensorDataType.FLOAT, shape: { dim: [batchDim(graph, tensor), width] } } } };
}

/**
 * The probability tensor can take the ZipMap's output name directly when only ordinary nodes of this graph
 * refer to it; otherwise (a graph input, initializer or output, or a graph with subgraphs that might capture it)
 * an Identity node stands in for the ZipMap.
 */
function canRename(graph: GraphProto, tensor: string): boolean {
  const nodes = graph.node ?? [];
  const produced = nodes.some((n) => (n.output ?? []).includes(tensor));
  const isInterface = [...(graph.input ?? []), ...(graph.output ?? [])].some((v) => v.name === tensor)
    || (graph.initializer ?? []).some((t) => t.name === tensor);
  return produced && !isInterface && !nodes.some(hasSubgraphs);
}

function rename(graph: GraphProto, from: string, to: string): void {
  for (const node of graph.node ?? []) {
    node.input = (node.input ?? []).map((n) => (n === from ? to : n));
    node.output = (node.output ?? []).map((n) => (n === from ? to : n));
  }
  for (const v of graph.valueInfo ?? []) if (v.name === from) v.name = to;
}

function ensureDefaultOpset(model: ModelProto): void {
  const opsets = model.opsetImport ?? (model.opsetImport = []);
  if (!opsets.some((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')) opsets.push({ domain: '', version: 7 });
}

/**
 * Removes skl2onnx's ZipMap (ai.onnx.ml ZipMap producing a graph output of type seq(map(...)), which
 * onnxruntime-node cannot return): the probability tensor becomes the graph output under the ZipMap's output
 * name, typed tensor(float)[N, classes]. Returns null when there is no such ZipMap. Does not modify `model`.
 */
export function removeZipMapFromModel(model: ModelProto): { model: ModelProto; rewrites: ZipMapRewrite[] } | null {
  const copy = structuredClone(model);
  const graph = copy.graph ?? {};
  const rewrites: ZipMapRewrite[] = [];
  for (const zipmap of [...(graph.node ?? [])].filter(isZipMap)) {
    const output = zipmap.output?.[0];
    const tensor = zipmap.input?.[0];
    const outputIndex = (graph.output ?? []).findIndex((o) => o.name === output);
    if (!output || !tensor || outputIndex < 0) continue;
    if ((graph.node ?? []).some((n) => (n.input ?? []).includes(output))) continue;
    const labels = classLabels(zipmap);
    const position = (graph.node ?? []).indexOf(zipmap);
    const renamed = canRename(graph, tensor);
    graph.node = (graph.node ?? []).filter((n) => n !== zipmap);
    graph.valueInfo = (graph.valueInfo ?? []).filter((v) => v.name !== output);
    graph.output![outputIndex] = probabilityOutput(graph, output, tensor, labels.length);
    if (renamed) {
      rename(graph, tensor, output);
    } else {
      graph.node.splice(position, 0, { input: [tensor], output: [output], opType: 'Identity', domain: '', name: `${zipmap.name || output}_assay_identity` });
      ensureDefaultOpset(copy);
    }
    rewrites.push({ kind: 'zipmap-removed', output, probabilityTensor: tensor, classLabels: labels, method: renamed ? 'renamed' : 'identity' });
  }
  return rewrites.length ? { model: copy, rewrites } : null;
}

export function removeZipMap(bytes: Uint8Array, fileName = 'model.onnx'): { bytes: Uint8Array; rewrites: ZipMapRewrite[] } | null {
  const result = removeZipMapFromModel(decodeModel(bytes, fileName));
  return result && { bytes: new Uint8Array(encodeModel(result.model)), rewrites: result.rewrites };
}
