import type { AttributeProto, GraphProto, NodeProto, TensorProto } from './onnx-types.ts';

function subgraphs(node: NodeProto): GraphProto[] {
  const out: GraphProto[] = [];
  for (const a of node.attribute ?? []) {
    if (a.g) out.push(a.g);
    for (const g of a.graphs ?? []) out.push(g);
  }
  return out;
}

export function hasSubgraphs(node: NodeProto): boolean {
  return subgraphs(node).length > 0;
}

/** Every node of a graph and of its subgraphs (If / Loop / Scan bodies), depth first. */
export function* allNodes(graph: GraphProto): Generator<NodeProto> {
  for (const node of graph.node ?? []) {
    yield node;
    for (const g of subgraphs(node)) yield* allNodes(g);
  }
}

interface SparseTensor { values?: TensorProto; indices?: TensorProto }

function* attributeTensors(a: AttributeProto): Generator<TensorProto> {
  if (a.t) yield a.t;
  for (const t of a.tensors ?? []) yield t;
}

/** Every tensor a graph holds: initializers, sparse initializers, and tensor attributes, subgraphs included. */
export function* allTensors(graph: GraphProto): Generator<TensorProto> {
  for (const t of graph.initializer ?? []) yield t;
  for (const s of (graph.sparseInitializer ?? []) as SparseTensor[]) {
    if (s.values) yield s.values;
    if (s.indices) yield s.indices;
  }
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) yield* attributeTensors(a);
    for (const g of subgraphs(node)) yield* allTensors(g);
  }
}

export function attribute(node: NodeProto, name: string): AttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

const utf8 = new TextDecoder();

export function stringsAttribute(node: NodeProto, name: string): string[] | null {
  const a = attribute(node, name);
  return a?.strings && a.strings.length ? a.strings.map((s) => utf8.decode(s)) : null;
}

export function intsAttribute(node: NodeProto, name: string): number[] | null {
  const a = attribute(node, name);
  return a?.ints && a.ints.length ? a.ints.map(Number) : null;
}
