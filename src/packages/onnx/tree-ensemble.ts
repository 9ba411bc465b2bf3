import { AssayError } from '../../api/errors.ts';
import { decodeModel } from './onnx-codec.ts';
import type { AttributeProto, GraphProto, NodeProto, TensorProto } from './onnx-types.ts';
import { TensorDataType } from './onnx-types.ts';
import { attribute } from './walk-graph.ts';

/**
 * The tree ensemble of an ONNX model as plain data, for TreeSHAP: P = transform(base + Σ over trees of the value of
 * the leaf x reaches). The same shape as src/explain's TreeEnsemble, which this layer may not import.
 */
export type TreeNodeMode = 'BRANCH_LEQ' | 'BRANCH_LT' | 'BRANCH_GTE' | 'BRANCH_GT' | 'BRANCH_EQ' | 'BRANCH_NEQ' | 'LEAF';

export interface TreeData {
  modes: TreeNodeMode[];
  features: number[];
  thresholds: number[];
  trueChildren: number[];
  falseChildren: number[];
  missingTracksTrue: boolean[];
  values: number[];
}

export interface TreeEnsembleData {
  featureCount: number;
  float32Inputs: boolean;
  base: number;
  transform: 'identity' | 'logistic';
  trees: TreeData[];
}

const MODES: readonly string[] = ['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT', 'BRANCH_EQ', 'BRANCH_NEQ', 'LEAF'];
const ENSEMBLES = ['TreeEnsembleClassifier', 'TreeEnsembleRegressor'];
const utf8 = new TextDecoder();

function unsupported(reason: string): never {
  throw new AssayError('MODEL_UNSUPPORTED', `TreeSHAP cannot read the tree ensemble: ${reason}.`, { reason });
}

function tensorNumbers(t: TensorProto): number[] {
  if (t.doubleData?.length) return t.doubleData.map(Number);
  if (t.floatData?.length) return t.floatData.map(Number);
  if (t.rawData?.byteLength) {
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    if (t.dataType === TensorDataType.DOUBLE) return Array.from({ length: t.rawData.byteLength / 8 }, (_, i) => view.getFloat64(i * 8, true));
    if (t.dataType === TensorDataType.FLOAT) return Array.from({ length: t.rawData.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
  }
  return [];
}

/** A FLOATS attribute, or its `_as_tensor` (double) version; null when neither is there. */
function numbers(node: NodeProto, name: string): number[] | null {
  const tensor = attribute(node, `${name}_as_tensor`);
  if (tensor?.t) return tensorNumbers(tensor.t);
  const a = attribute(node, name);
  return a?.floats ? a.floats.map(Number) : null;
}

function ints(node: NodeProto, name: string): number[] | null {
  const a = attribute(node, name);
  return a?.ints ? a.ints.map(Number) : null;
}

function text(node: NodeProto, name: string, fallback: string): string {
  const a: AttributeProto | undefined = attribute(node, name);
  return a?.s ? utf8.decode(a.s) : fallback;
}

function required<T>(value: T[] | null, name: string, length?: number): T[] {
  if (value === null) unsupported(`its attribute ${name} is missing`);
  if (length !== undefined && value.length !== length) unsupported(`its attribute ${name} has ${value.length} entries where ${length} are expected`);
  return value;
}

function producer(graph: GraphProto, tensor: string): NodeProto | undefined {
  return (graph.node ?? []).find((n) => (n.output ?? []).includes(tensor));
}

/** Follows Identity and Cast (to float or double) from `tensor` back to what produces it. */
function through(graph: GraphProto, tensor: string): { tensor: string; node: NodeProto | undefined; castToFloat: boolean } {
  let current = tensor;
  let castToFloat = false;
  for (let depth = 0; depth < 16; depth++) {
    const node = producer(graph, current);
    if (!node || (node.opType !== 'Identity' && node.opType !== 'Cast')) return { tensor: current, node, castToFloat };
    if (node.opType === 'Cast') {
      const to = attribute(node, 'to')?.i;
      if (to !== TensorDataType.FLOAT && to !== TensorDataType.DOUBLE) unsupported(`a Cast to type ${String(to)} lies between the input and the trees`);
      if (to === TensorDataType.FLOAT) castToFloat = true;
    }
    current = node.input?.[0] ?? '';
  }
  return { tensor: current, node: producer(graph, current), castToFloat };
}

interface RawNode { id: number; mode: string; feature: number; threshold: number; yes: number; no: number; missingTrue: boolean; value: number; hasValue: boolean }

function buildTrees(node: NodeProto, leafValues: Map<string, number>): TreeData[] {
  const treeIds = required(ints(node, 'nodes_treeids'), 'nodes_treeids');
  const n = treeIds.length;
  const nodeIds = required(ints(node, 'nodes_nodeids'), 'nodes_nodeids', n);
  const featureIds = required(ints(node, 'nodes_featureids'), 'nodes_featureids', n);
  const modes = required(attribute(node, 'nodes_modes')?.strings?.map((s) => utf8.decode(s)) ?? null, 'nodes_modes', n);
  const values = required(numbers(node, 'nodes_values'), 'nodes_values', n);
  const yes = required(ints(node, 'nodes_truenodeids'), 'nodes_truenodeids', n);
  const no = required(ints(node, 'nodes_falsenodeids'), 'nodes_falsenodeids', n);
  const missing = ints(node, 'nodes_missing_value_tracks_true') ?? [];
  if (missing.length !== 0 && missing.length !== n) unsupported(`its attribute nodes_missing_value_tracks_true has ${missing.length} entries where ${n} are expected`);

  const byTree = new Map<number, RawNode[]>();
  for (let i = 0; i < n; i++) {
    const mode = modes[i]!;
    if (!MODES.includes(mode)) unsupported(`node ${nodeIds[i]} of tree ${treeIds[i]} has the mode ${mode}`);
    const key = `${treeIds[i]}:${nodeIds[i]}`;
    const value = leafValues.get(key);
    if (value !== undefined && mode !== 'LEAF') unsupported(`node ${nodeIds[i]} of tree ${treeIds[i]} is a branch but carries a leaf weight`);
    const list = byTree.get(treeIds[i]!) ?? [];
    byTree.set(treeIds[i]!, list);
    list.push({ id: nodeIds[i]!, mode, feature: featureIds[i]!, threshold: values[i]!, yes: yes[i]!, no: no[i]!, missingTrue: missing[i] === 1, value: value ?? 0, hasValue: value !== undefined });
  }
  return [...byTree.entries()].map(([treeId, list]) => {
    // The tree's first listed node is its root, as ONNX Runtime takes it; positions are renumbered so that it is 0.
    const position = new Map(list.map((r, i) => [r.id, i]));
    if (position.size !== list.length) unsupported(`tree ${treeId} lists a node id twice`);
    const child = (r: RawNode, id: number) => {
      if (r.mode === 'LEAF') return 0;
      const p = position.get(id);
      if (p === undefined) unsupported(`node ${r.id} of tree ${treeId} points to node ${id}, which the tree does not have`);
      return p;
    };
    return {
      modes: list.map((r) => r.mode as TreeNodeMode),
      features: list.map((r) => (r.mode === 'LEAF' ? 0 : r.feature)),
      thresholds: list.map((r) => r.threshold),
      trueChildren: list.map((r) => child(r, r.yes)),
      falseChildren: list.map((r) => child(r, r.no)),
      missingTracksTrue: list.map((r) => r.missingTrue),
      values: list.map((r) => r.value),
    };
  });
}

interface Weights { trees: number[]; nodes: number[]; ids: number[]; weights: number[] }

function leafWeights(node: NodeProto, prefix: 'class' | 'target'): Weights {
  const trees = required(ints(node, `${prefix}_treeids`), `${prefix}_treeids`);
  const k = trees.length;
  return {
    trees,
    nodes: required(ints(node, `${prefix}_nodeids`), `${prefix}_nodeids`, k),
    ids: required(ints(node, `${prefix}_ids`), `${prefix}_ids`, k),
    weights: required(numbers(node, `${prefix}_weights`), `${prefix}_weights`, k),
  };
}

/** Sum of the weights each leaf gives the chosen class, scaled by `sign`. */
function leafSums(w: Weights, keep: (id: number) => boolean, scale: number): Map<string, number> {
  const sums = new Map<string, number>();
  w.trees.forEach((t, i) => {
    if (!keep(w.ids[i]!)) return;
    const key = `${t}:${w.nodes[i]}`;
    sums.set(key, (sums.get(key) ?? 0) + scale * w.weights[i]!);
  });
  return sums;
}

function transformOf(node: NodeProto): 'NONE' | 'LOGISTIC' {
  const t = text(node, 'post_transform', 'NONE');
  if (t !== 'NONE' && t !== 'LOGISTIC') unsupported(`its post_transform is ${t} (TreeSHAP handles NONE and LOGISTIC)`);
  return t;
}

/**
 * How ONNX Runtime (1.30) turns a binary classifier's leaf weights into the probability column `index`, reduced
 * to base + Σ leaf values under a transform. With every weight on class 0 (the binary case) the score m = Σ + base[0]
 * gives column 1 = T(m) and column 0 = σ(−m) under LOGISTIC, or 1 − m (all weights ≥ 0) / −m under NONE. With weights
 * on class 1, or on both, each column k is T(Σ of class-k weights), plus base[0] in column 0 when one base value is
 * given. Two base values are refused: ONNX Runtime then mixes the classes (its code calls the case unspecified).
 */
function classifierMargin(node: NodeProto, index: number): { values: Map<string, number>; base: number; transform: 'identity' | 'logistic' } {
  const labels = ints(node, 'classlabels_int64s') ?? attribute(node, 'classlabels_strings')?.strings ?? [];
  if (labels.length !== 2) unsupported(`it has ${labels.length} classes; Assay explains binary classifiers`);
  if (index !== 0 && index !== 1) unsupported(`the output column ${index} does not exist for two classes`);
  const post = transformOf(node);
  const transform = post === 'LOGISTIC' ? 'logistic' : 'identity';
  const base = numbers(node, 'base_values') ?? [];
  if (base.length > 1) unsupported(`base_values has ${base.length} entries, a case ONNX Runtime resolves in an unspecified way`);
  const b0 = base[0] ?? 0;
  const w = leafWeights(node, 'class');
  const classes = new Set(w.ids);
  if ([...classes].some((c) => c !== 0 && c !== 1)) unsupported('a class_ids entry is neither 0 nor 1');
  if (classes.size === 1 && classes.has(0)) {
    if (index === 1) return { values: leafSums(w, () => true, 1), base: b0, transform };
    const allPositive = w.weights.every((v) => v >= 0);
    const complement = post === 'NONE' && allPositive ? 1 : 0;
    return { values: leafSums(w, () => true, -1), base: complement - b0, transform };
  }
  if (classes.size === 1 && index === 0) unsupported('every leaf weight is for class 1, so column 0 does not depend on the input');
  return { values: leafSums(w, (id) => id === index, 1), base: index === 0 ? b0 : 0, transform };
}

/** ONNX Runtime's regressor with one target: Σ (or the mean over trees) of the weights + base; it applies no LOGISTIC. */
function regressorMargin(node: NodeProto, index: number, treeCount: () => number): { values: Map<string, number>; base: number; transform: 'identity' } {
  const targets = attribute(node, 'n_targets')?.i ?? 1;
  if (targets !== 1 || index !== 0) unsupported(`it has ${targets} targets and column ${index} is asked; Assay explains one score`);
  const post = text(node, 'post_transform', 'NONE');
  if (post !== 'NONE' && post !== 'LOGISTIC') unsupported(`its post_transform is ${post} (TreeSHAP handles NONE and LOGISTIC)`);
  const aggregate = text(node, 'aggregate_function', 'SUM');
  if (aggregate !== 'SUM' && aggregate !== 'AVERAGE') unsupported(`its aggregate_function is ${aggregate} (TreeSHAP handles SUM and AVERAGE)`);
  const base = numbers(node, 'base_values') ?? [];
  if (base.length > 1) unsupported(`base_values has ${base.length} entries for one target`);
  const w = leafWeights(node, 'target');
  if (w.ids.some((id) => id !== 0)) unsupported('a target_ids entry is not 0');
  return { values: leafSums(w, () => true, aggregate === 'AVERAGE' ? 1 / treeCount() : 1), base: base[0] ?? 0, transform: 'identity' };
}

/**
 * Reads the TreeEnsembleClassifier / TreeEnsembleRegressor (ai.onnx.ml, v1 and v3 attributes, `_as_tensor` included,
 * nodes_hitrates ignored) whose probability column `output` is, into plain trees. Returns null when the graph holds no
 * tree ensemble; throws MODEL_UNSUPPORTED (with details.reason) when it holds one TreeSHAP cannot read exactly.
 */
export function parseTreeEnsemble(bytes: Uint8Array, output?: { name: string; index: number }): TreeEnsembleData | null {
  const graph = decodeModel(bytes).graph ?? {};
  const nodes = graph.node ?? [];
  const ensembles = nodes.filter((n) => ENSEMBLES.includes(n.opType ?? ''));
  if (ensembles.length === 0) {
    if (nodes.some((n) => n.opType === 'TreeEnsemble')) unsupported('it is the ai.onnx.ml 5 TreeEnsemble operator, which TreeSHAP does not read yet');
    return null;
  }
  if (ensembles.length > 1) unsupported(`the graph holds ${ensembles.length} tree ensembles`);
  const node = ensembles[0]!;
  const classifier = node.opType === 'TreeEnsembleClassifier';
  const scores = (node.output ?? [])[classifier ? 1 : 0];
  const outName = output?.name ?? (graph.output ?? []).find((o) => o.name && through(graph, o.name).tensor === scores)?.name;
  if (!outName || !scores) unsupported('no graph output carries its scores');
  const back = through(graph, outName);
  if (back.tensor !== scores) {
    unsupported(`the output ${outName} is computed ${back.node ? `by ${back.node.opType}` : ''} from something other than the ensemble's scores`);
  }

  const input = through(graph, node.input?.[0] ?? '');
  const graphInput = (graph.input ?? []).find((i) => i.name === input.tensor);
  if (input.node || !graphInput) unsupported(`the ensemble reads ${input.node ? `the result of ${input.node.opType}` : 'a tensor'}, not the model's input matrix`);
  const elem = graphInput.type?.tensorType?.elemType;
  const width = graphInput.type?.tensorType?.shape?.dim?.[1]?.dimValue;

  const margin = classifier
    ? classifierMargin(node, output?.index ?? 1)
    : regressorMargin(node, output?.index ?? 0, () => new Set(ints(node, 'nodes_treeids') ?? []).size);
  const trees = buildTrees(node, margin.values);
  const maxFeature = Math.max(-1, ...trees.flatMap((t) => t.features.filter((_, i) => t.modes[i] !== 'LEAF')));
  const featureCount = typeof width === 'number' && width > 0 ? width : maxFeature + 1;
  if (maxFeature >= featureCount) unsupported(`a node tests input column ${maxFeature}, but the input has ${featureCount} columns`);
  return {
    featureCount,
    float32Inputs: elem === TensorDataType.FLOAT || input.castToFloat,
    base: margin.base,
    transform: margin.transform,
    trees,
  };
}
