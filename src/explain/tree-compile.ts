import { AssayError } from '../api/errors.ts';
import type { TreeEnsemble, TreeNodeMode } from './tree-ensemble.ts';

export const MODE_CODES: Record<TreeNodeMode, number> = { LEAF: 0, BRANCH_LEQ: 1, BRANCH_LT: 2, BRANCH_GTE: 3, BRANCH_GT: 4, BRANCH_EQ: 5, BRANCH_NEQ: 6 };

/** A leaf and the path to it: each node on the way, the side taken, and the slot of its feature among the path's distinct features. */
export interface LeafPath {
  value: number;
  nodes: Int32Array;
  wantTrue: Uint8Array;
  slotOfNode: Uint8Array;
  /** Feature index of each slot. */
  slotFeatures: Int32Array;
  /** The mask with every slot set. */
  full: number;
}

export interface CompiledTree {
  mode: Uint8Array;
  feature: Int32Array;
  threshold: Float64Array;
  trueChild: Int32Array;
  falseChild: Int32Array;
  missingTrue: Uint8Array;
  value: Float64Array;
  leaves: LeafPath[];
}

export interface CompiledEnsemble {
  featureCount: number;
  float32Inputs: boolean;
  base: number;
  logistic: boolean;
  trees: CompiledTree[];
}

const MAX_DEPTH = 64;
const MAX_PATH_FEATURES = 30;

/** Whether input v takes the true branch at a node, as ONNX Runtime decides it (NaN compares false, except for NEQ). */
export function goesTrue(t: CompiledTree, node: number, v: number): boolean {
  const th = t.threshold[node]!;
  let r: boolean;
  switch (t.mode[node]) {
    case 1: r = v <= th; break;
    case 2: r = v < th; break;
    case 3: r = v >= th; break;
    case 4: r = v > th; break;
    case 5: r = v === th; break;
    default: r = v !== th; break;
  }
  return r || (t.missingTrue[node] === 1 && v !== v);
}

function leafPaths(t: CompiledTree, treeIndex: number): LeafPath[] {
  const out: LeafPath[] = [];
  const nodes: number[] = [];
  const sides: number[] = [];
  const walk = (node: number) => {
    if (nodes.length > MAX_DEPTH) {
      throw new AssayError('MODEL_UNSUPPORTED', `Tree ${treeIndex} is deeper than ${MAX_DEPTH} levels or has a cycle; TreeSHAP cannot walk it. Use --method kernel.`, { tree: treeIndex });
    }
    if (t.mode[node] === 0) {
      const slots: number[] = [];
      const slotOfNode = new Uint8Array(nodes.length);
      nodes.forEach((n, i) => {
        let s = slots.indexOf(t.feature[n]!);
        if (s < 0) {
          s = slots.length;
          slots.push(t.feature[n]!);
        }
        slotOfNode[i] = s;
      });
      if (slots.length > MAX_PATH_FEATURES) {
        throw new AssayError('MODEL_UNSUPPORTED', `A path of tree ${treeIndex} tests ${slots.length} distinct features; TreeSHAP here handles at most ${MAX_PATH_FEATURES}. Use --method kernel.`, { tree: treeIndex });
      }
      out.push({
        value: t.value[node]!, nodes: Int32Array.from(nodes), wantTrue: Uint8Array.from(sides), slotOfNode,
        slotFeatures: Int32Array.from(slots), full: slots.length === 0 ? 0 : (2 ** slots.length - 1) | 0,
      });
      return;
    }
    nodes.push(node);
    sides.push(1);
    walk(t.trueChild[node]!);
    sides[sides.length - 1] = 0;
    walk(t.falseChild[node]!);
    nodes.pop();
    sides.pop();
  };
  walk(0);
  return out;
}

function checkTree(tree: TreeEnsemble['trees'][number], index: number, featureCount: number): void {
  const n = tree.modes.length;
  const lengths = [tree.features, tree.thresholds, tree.trueChildren, tree.falseChildren, tree.missingTracksTrue, tree.values].map((a) => a.length);
  if (n === 0 || lengths.some((l) => l !== n)) {
    throw new AssayError('MODEL_INVALID', `Tree ${index} of the ensemble is malformed (its node attributes differ in length or it has no node).`, { tree: index });
  }
  for (let i = 0; i < n; i++) {
    if (tree.modes[i] === 'LEAF') continue;
    if (!(tree.modes[i]! in MODE_CODES)) throw new AssayError('MODEL_UNSUPPORTED', `Tree ${index} has a node mode ${tree.modes[i]} that TreeSHAP does not know.`, { tree: index });
    const f = tree.features[i]!;
    if (!(Number.isInteger(f) && f >= 0 && f < featureCount)) {
      throw new AssayError('MODEL_INVALID', `Node ${i} of tree ${index} tests input column ${f}, but the input has ${featureCount} columns.`, { tree: index, feature: f });
    }
    for (const c of [tree.trueChildren[i]!, tree.falseChildren[i]!]) {
      if (!(Number.isInteger(c) && c >= 0 && c < n)) throw new AssayError('MODEL_INVALID', `Node ${i} of tree ${index} points to a child ${c} that does not exist.`, { tree: index });
    }
  }
}

/** Typed arrays and the root-to-leaf paths of every tree; checks the structure on the way. */
export function compileEnsemble(e: TreeEnsemble): CompiledEnsemble {
  const trees = e.trees.map((tree, index) => {
    checkTree(tree, index, e.featureCount);
    const t: CompiledTree = {
      mode: Uint8Array.from(tree.modes.map((m) => MODE_CODES[m])),
      feature: Int32Array.from(tree.features),
      threshold: Float64Array.from(tree.thresholds),
      trueChild: Int32Array.from(tree.trueChildren),
      falseChild: Int32Array.from(tree.falseChildren),
      missingTrue: Uint8Array.from(tree.missingTracksTrue.map((b) => (b ? 1 : 0))),
      value: Float64Array.from(tree.values),
      leaves: [],
    };
    t.leaves = leafPaths(t, index);
    return t;
  });
  return { featureCount: e.featureCount, float32Inputs: e.float32Inputs, base: e.base, logistic: e.transform === 'logistic', trees };
}

/** The input vector as the model sees it: float32-rounded when the graph takes float32. */
export function modelInput(c: CompiledEnsemble, x: ArrayLike<number>): Float64Array {
  if (x.length !== c.featureCount) {
    throw new AssayError('BAD_ARGUMENT', `The tree ensemble takes ${c.featureCount} input columns, not ${x.length}.`);
  }
  const v = Float64Array.from(x);
  if (c.float32Inputs) for (let i = 0; i < v.length; i++) v[i] = Math.fround(v[i]!);
  return v;
}

/** The margin base + Σ leaf values for one (model-input) vector. */
export function ensembleMargin(c: CompiledEnsemble, v: Float64Array): number {
  let z = c.base;
  for (const t of c.trees) {
    let node = 0;
    while (t.mode[node] !== 0) node = goesTrue(t, node, v[t.feature[node]!]!) ? t.trueChild[node]! : t.falseChild[node]!;
    z += t.value[node]!;
  }
  return z;
}
