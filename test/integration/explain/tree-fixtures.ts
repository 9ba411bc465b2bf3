import { makeGraph, makeModel, makeNode, makeTensor, makeValueInfo, modelBytes, ML_DOMAIN, TensorDataType, type AttributeValue } from '../../../fixtures/lib/index.ts';
import type { TreeData, TreeNodeMode } from '../../../src/explain/index.ts';
import { Random } from '../../../src/util/random.ts';

export const MODES: TreeNodeMode[] = ['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT', 'BRANCH_EQ', 'BRANCH_NEQ'];
export const GRID = [0, 1, 2, 3];

/** A random tree of depth ≤ `depth` using every node mode, grid thresholds (so EQ/NEQ hit), and missing tracks. */
export function randomTree(rng: Random, depth: number, width: number, positive = false): TreeData {
  const t: TreeData = { modes: [], features: [], thresholds: [], trueChildren: [], falseChildren: [], missingTracksTrue: [], values: [] };
  const add = (d: number): number => {
    const i = t.modes.length;
    const leaf = d === depth || (d > 0 && rng.next() < 0.2);
    t.modes.push(leaf ? 'LEAF' : MODES[rng.int(MODES.length)]!);
    t.features.push(leaf ? 0 : rng.int(width));
    t.thresholds.push(leaf ? 0 : GRID[rng.int(GRID.length)]! + (rng.next() < 0.3 ? 0.5 : 0));
    t.missingTracksTrue.push(!leaf && rng.next() < 0.5);
    t.values.push(leaf ? Math.fround(positive ? rng.next() / 10 : (rng.next() - 0.5) / 2) : 0);
    t.trueChildren.push(0);
    t.falseChildren.push(0);
    if (!leaf) {
      t.trueChildren[i] = add(d + 1);
      t.falseChildren[i] = add(d + 1);
    }
    return i;
  };
  add(0);
  return t;
}

export interface EnsembleSpec {
  op: 'TreeEnsembleClassifier' | 'TreeEnsembleRegressor';
  trees: TreeData[];
  width: number;
  /** Class id of each leaf weight (classifier): 0, 1, or 'both' (a weight for each class; class 0 gets −value/2). */
  classIds?: 0 | 1 | 'both';
  base?: number[];
  postTransform?: string;
  aggregate?: string;
  /** v3 attributes: *_as_tensor doubles for values, weights and base, plus nodes_hitrates. */
  asTensor?: boolean;
  inputType?: number;
  classes?: number;
  /** Append a Sigmoid after the scores (an output TreeSHAP must refuse). */
  sigmoidAfter?: boolean;
  extra?: Record<string, AttributeValue>;
}

function numbersAttr(name: string, values: number[], asTensor: boolean): Record<string, AttributeValue> {
  return asTensor ? { [`${name}_as_tensor`]: { tensor: makeTensor(name, TensorDataType.DOUBLE, [values.length], values) } } : { [name]: { floats: values } };
}

export function ensembleModel(spec: EnsembleSpec): Uint8Array {
  const n = { treeids: [] as number[], nodeids: [] as number[], featureids: [] as number[], modes: [] as string[], values: [] as number[], yes: [] as number[], no: [] as number[], missing: [] as number[] };
  const w = { treeids: [] as number[], nodeids: [] as number[], ids: [] as number[], weights: [] as number[] };
  const classifier = spec.op === 'TreeEnsembleClassifier';
  spec.trees.forEach((tree, t) => {
    tree.modes.forEach((mode, i) => {
      n.treeids.push(t);
      n.nodeids.push(i);
      n.featureids.push(tree.features[i]!);
      n.modes.push(mode);
      n.values.push(tree.thresholds[i]!);
      n.yes.push(tree.trueChildren[i]!);
      n.no.push(tree.falseChildren[i]!);
      n.missing.push(tree.missingTracksTrue[i] ? 1 : 0);
      if (mode !== 'LEAF') return;
      const weights: [number, number][] = spec.classIds === 'both' ? [[0, Math.fround(-tree.values[i]! / 2)], [1, tree.values[i]!]] : [[classifier ? (spec.classIds ?? 0) : 0, tree.values[i]!]];
      for (const [id, value] of weights) {
        w.treeids.push(t);
        w.nodeids.push(i);
        w.ids.push(id);
        w.weights.push(value);
      }
    });
  });
  const prefix = classifier ? 'class' : 'target';
  const attrs: Record<string, AttributeValue> = {
    nodes_treeids: { ints: n.treeids }, nodes_nodeids: { ints: n.nodeids }, nodes_featureids: { ints: n.featureids },
    nodes_modes: { strings: n.modes }, nodes_truenodeids: { ints: n.yes }, nodes_falsenodeids: { ints: n.no },
    nodes_missing_value_tracks_true: { ints: n.missing },
    ...numbersAttr('nodes_values', n.values, spec.asTensor ?? false),
    [`${prefix}_treeids`]: { ints: w.treeids }, [`${prefix}_nodeids`]: { ints: w.nodeids }, [`${prefix}_ids`]: { ints: w.ids },
    ...numbersAttr(`${prefix}_weights`, w.weights, spec.asTensor ?? false),
    post_transform: { string: spec.postTransform ?? 'NONE' },
    ...(spec.base ? numbersAttr('base_values', spec.base, spec.asTensor ?? false) : {}),
    ...(spec.asTensor ? { nodes_hitrates_as_tensor: { tensor: makeTensor('h', TensorDataType.DOUBLE, [n.values.length], n.values.map(() => 1)) } } : {}),
    ...(classifier ? { classlabels_int64s: { ints: Array.from({ length: spec.classes ?? 2 }, (_, i) => i) } } : { n_targets: { int: 1 }, aggregate_function: { string: spec.aggregate ?? 'SUM' } }),
    ...spec.extra,
  };
  const elem = spec.inputType ?? TensorDataType.FLOAT;
  const scores = classifier ? 'probabilities' : 'variable';
  const outputs = classifier ? ['label', 'probabilities'] : ['variable'];
  const nodes = [makeNode(spec.op, ['input'], spec.sigmoidAfter ? outputs.map((o) => (o === scores ? 'raw' : o)) : outputs, attrs, { domain: ML_DOMAIN })];
  if (spec.sigmoidAfter) nodes.push(makeNode('Sigmoid', ['raw'], [scores]));
  const graph = makeGraph({
    name: 'trees', nodes,
    inputs: [makeValueInfo('input', elem, ['N', spec.width])],
    outputs: classifier
      ? [makeValueInfo('label', TensorDataType.INT64, ['N']), makeValueInfo('probabilities', TensorDataType.FLOAT, ['N', spec.classes ?? 2])]
      : [makeValueInfo('variable', TensorDataType.FLOAT, ['N', 1])],
  });
  return modelBytes(makeModel(graph));
}
