import type { GraphProto, NodeProto, TensorProto } from './onnx-types.ts';
import { attribute, stringsAttribute } from './walk-graph.ts';

/** Ops that pass a single-column tensor through unchanged for the purpose of finding its categories. */
const PASS_THROUGH = new Set(['Identity', 'Reshape', 'Flatten', 'Squeeze', 'Unsqueeze', 'Cast']);
const MAX_DEPTH = 16;

interface Position {
  tensor: string;
  /** The column of `tensor` that holds the value; 0 for a single-column tensor. */
  column: number;
}

function constantInts(graph: GraphProto, name: string): number[] | null {
  const fromTensor = (t: TensorProto | undefined): number[] | null => {
    if (!t) return null;
    if (t.int64Data?.length) return t.int64Data.map(Number);
    if (t.int32Data?.length) return t.int32Data.map(Number);
    if (t.rawData && t.dataType === 7) {
      const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
      return Array.from({ length: t.rawData.byteLength / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
    }
    return null;
  };
  const init = (graph.initializer ?? []).find((t) => t.name === name);
  if (init) return fromTensor(init);
  const constant = (graph.node ?? []).find((n) => n.opType === 'Constant' && n.output?.[0] === name);
  return constant ? fromTensor(attribute(constant, 'value')?.t) : null;
}

function widthOf(graph: GraphProto, tensor: string): number | null {
  const vi = [...(graph.input ?? []), ...(graph.valueInfo ?? [])].find((v) => v.name === tensor);
  const dim = vi?.type?.tensorType?.shape?.dim?.[1];
  return dim?.dimValue ?? null;
}

function levelsAt(node: NodeProto, pos: Position): string[] | null {
  if (pos.column !== 0 || (node.input ?? [])[0] !== pos.tensor) return null;
  if (node.opType === 'OneHotEncoder' || node.opType === 'CategoryMapper') return stringsAttribute(node, 'cats_strings');
  if (node.opType === 'LabelEncoder') return stringsAttribute(node, 'keys_strings');
  return null;
}

function next(graph: GraphProto, node: NodeProto, pos: Position): Position | null {
  const inputs = node.input ?? [];
  const out = node.output?.[0];
  if (!out) return null;
  if (PASS_THROUGH.has(node.opType ?? '') && inputs[0] === pos.tensor) return { tensor: out, column: pos.column };
  if (node.opType === 'Concat') {
    const axis = attribute(node, 'axis')?.i ?? 0;
    if (axis !== 1 && axis !== -1) return null;
    let offset = 0;
    for (const input of inputs) {
      if (input === pos.tensor) return { tensor: out, column: offset + pos.column };
      const width = widthOf(graph, input);
      if (width === null) return null;
      offset += width;
    }
    return null;
  }
  const selects = node.opType === 'ArrayFeatureExtractor' || (node.opType === 'Gather' && (attribute(node, 'axis')?.i ?? 0) === 1);
  if (selects && inputs[0] === pos.tensor) {
    const indices = constantInts(graph, inputs[1] ?? '');
    return indices && indices.length === 1 && indices[0] === pos.column ? { tensor: out, column: 0 } : null;
  }
  return null;
}

/**
 * The categories of a string input, read from the encoder that consumes it (OneHotEncoder / CategoryMapper
 * `cats_strings`, LabelEncoder `keys_strings`), following it through pass-through ops, Concat and column
 * selection (as skl2onnx's ColumnTransformer builds it). Null when no encoder can be traced.
 */
export function categoryLevels(graph: GraphProto, input: string): string[] | null {
  const nodes = graph.node ?? [];
  let frontier: Position[] = [{ tensor: input, column: 0 }];
  for (let depth = 0; depth < MAX_DEPTH && frontier.length; depth++) {
    const following: Position[] = [];
    for (const pos of frontier) {
      for (const node of nodes) {
        if (!(node.input ?? []).includes(pos.tensor)) continue;
        const levels = levelsAt(node, pos);
        if (levels) return levels;
        const n = next(graph, node, pos);
        if (n) following.push(n);
      }
    }
    frontier = following;
  }
  return null;
}
