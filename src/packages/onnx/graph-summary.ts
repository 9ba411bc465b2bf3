import { decodeModel } from './onnx-codec.ts';
import type { ModelProto, TensorProto } from './onnx-types.ts';
import { tensorInfo } from './tensor-info.ts';
import { allNodes } from './walk-graph.ts';
import type { GraphSummary } from '../types.ts';

export const ML_DOMAIN = 'ai.onnx.ml';

export function isZipMap(node: { opType?: string; domain?: string }): boolean {
  return node.opType === 'ZipMap' && node.domain === ML_DOMAIN;
}

function elementCount(t: TensorProto): number {
  return (t.dims ?? []).reduce((n, d) => n * Number(d), 1);
}

/** The model's identity, interface and operator histogram; nodes of subgraphs count too. */
export function summariseModel(model: ModelProto): GraphSummary {
  const graph = model.graph ?? {};
  const initializers = graph.initializer ?? [];
  const initializerNames = new Set(initializers.map((t) => t.name));
  const histogram = new Map<string, { domain: string; opType: string; count: number }>();
  let nodeCount = 0;
  let hasZipMap = false;
  for (const node of allNodes(graph)) {
    nodeCount++;
    if (isZipMap(node)) hasZipMap = true;
    const domain = node.domain ?? '';
    const opType = node.opType ?? '';
    const key = `${domain}\u0000${opType}`;
    const entry = histogram.get(key) ?? { domain, opType, count: 0 };
    entry.count++;
    histogram.set(key, entry);
  }
  const operators = [...histogram.values()].sort(
    (a, b) => b.count - a.count || a.opType.localeCompare(b.opType) || a.domain.localeCompare(b.domain),
  );
  const metadata: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) if (p.key !== undefined) metadata[p.key] = p.value ?? '';
  return {
    irVersion: model.irVersion ?? 0,
    producerName: model.producerName ?? '',
    producerVersion: model.producerVersion ?? '',
    domain: model.domain ?? '',
    modelVersion: model.modelVersion ?? 0,
    docString: model.docString ?? '',
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain ?? '', version: o.version ?? 0 })),
    operators,
    nodeCount,
    inputs: (graph.input ?? []).filter((i) => !initializerNames.has(i.name)).map(tensorInfo),
    outputs: (graph.output ?? []).map(tensorInfo),
    initializerCount: initializers.length,
    parameterCount: initializers.reduce((n, t) => n + elementCount(t), 0),
    metadata,
    hasZipMap,
  };
}

export function summariseGraph(bytes: Uint8Array, fileName = 'model.onnx'): GraphSummary {
  return summariseModel(decodeModel(bytes, fileName));
}
