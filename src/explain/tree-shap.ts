import { AssayError } from '../api/errors.ts';
import { factorial } from './shapley-weights.ts';
import { compileEnsemble, ensembleMargin, goesTrue, modelInput, type CompiledEnsemble, type CompiledTree, type LeafPath } from './tree-compile.ts';
import type { TreeEnsemble } from './tree-ensemble.ts';
import type { OutputSpace } from './types.ts';

export interface TreeShapValues {
  baseValue: number;
  fx: number;
  /** One φ per input column, in the margin's space. */
  phi: Float64Array;
  additivityError: number;
}

interface LeafBackground {
  /** Distinct masks of the background rows (bit s set: the row satisfies every test of slot s's feature on the path). */
  masks: Int32Array;
  /** How many background rows have each mask, divided by the background size. */
  shares: Float64Array;
  /** φ contributions per slot, by x's mask; computed on first use. */
  cache: (Float64Array | undefined)[] | Map<number, Float64Array>;
}

/** The space TreeSHAP's values live in: the margin, which is log-odds under a logistic transform. */
export function treeMarginSpace(e: Pick<TreeEnsemble, 'transform'>): OutputSpace {
  return e.transform === 'logistic' ? 'logodds' : 'probability';
}

/** Each branch's side for input v (1 = true), written into `sides`. */
function nodeSides(t: CompiledTree, v: Float64Array, sides: Uint8Array): Uint8Array {
  for (let node = 0; node < t.mode.length; node++) if (t.mode[node] !== 0) sides[node] = goesTrue(t, node, v[t.feature[node]!]!) ? 1 : 0;
  return sides;
}

/** Bit s set when the input takes the path's side at every node that tests slot s's feature. */
function pathMask(leaf: LeafPath, sides: Uint8Array): number {
  let mask = leaf.full;
  for (let i = 0; i < leaf.nodes.length; i++) if (sides[leaf.nodes[i]!] !== leaf.wantTrue[i]) mask &= ~(1 << leaf.slotOfNode[i]!);
  return mask;
}

function popcount(v: number): number {
  let c = 0;
  for (let x = v; x !== 0; x &= x - 1) c++;
  return c;
}

/**
 * The φ of one leaf's slots for x's mask, summed over the background masks. For a background row b the leaf adds
 * value·1[z reaches the leaf] to f(z) at z = (x_S, b_rest), a game that is 1 exactly when S holds every feature only x
 * satisfies (set A, a = |A|) and none that only b satisfies (set B, c = |B|), and 0 for every S when some feature is
 * satisfied by neither. Its Shapley values are (a−1)!c!/(a+c)! for each feature in A and −a!(c−1)!/(a+c)! for each in B
 * (Lundberg et al. 2020, "From local explanations to global understanding with explainable AI for trees", Independent TreeSHAP).
 */
function leafContribution(leaf: LeafPath, bg: LeafBackground, xMask: number): Float64Array {
  const d = leaf.slotFeatures.length;
  const out = new Float64Array(d);
  for (let k = 0; k < bg.masks.length; k++) {
    const bMask = bg.masks[k]!;
    if ((xMask | bMask) !== leaf.full) continue;
    const onlyX = xMask & ~bMask;
    const onlyB = bMask & ~xMask;
    const a = popcount(onlyX);
    const c = popcount(onlyB);
    if (a + c === 0) continue;
    const weight = leaf.value * bg.shares[k]!;
    const plus = a > 0 ? (weight * factorial(a - 1) * factorial(c)) / factorial(a + c) : 0;
    const minus = c > 0 ? (weight * factorial(a) * factorial(c - 1)) / factorial(a + c) : 0;
    for (let s = 0; s < d; s++) {
      const bit = 1 << s;
      if (onlyX & bit) out[s]! += plus;
      else if (onlyB & bit) out[s]! -= minus;
    }
  }
  return out;
}

function cached(bg: LeafBackground, leaf: LeafPath, xMask: number): Float64Array {
  if (bg.cache instanceof Map) {
    let v = bg.cache.get(xMask);
    if (!v) bg.cache.set(xMask, (v = leafContribution(leaf, bg, xMask)));
    return v;
  }
  return (bg.cache[xMask] ??= leafContribution(leaf, bg, xMask));
}

/**
 * Exact interventional TreeSHAP against a fixed background, in the margin's space: the background's side of every
 * leaf is summarised once (its distinct path masks and their shares), so each explanation walks each tree once.
 */
export class TreeShapExplainer {
  private readonly model: CompiledEnsemble;
  private readonly leafBackgrounds: LeafBackground[][];
  /** Scratch space: each tree's branch sides for the row being explained. */
  private readonly sides: Uint8Array[];
  readonly baseValue: number;
  readonly space: OutputSpace;

  constructor(ensemble: TreeEnsemble, background: readonly ArrayLike<number>[]) {
    if (background.length === 0) {
      throw new AssayError('BAD_ARGUMENT', 'The background is empty: interventional TreeSHAP needs at least one background row.');
    }
    this.model = compileEnsemble(ensemble);
    this.space = treeMarginSpace(ensemble);
    const rows = background.map((b) => modelInput(this.model, b));
    const n = rows.length;
    let base = this.model.base;
    this.sides = this.model.trees.map((t) => new Uint8Array(t.mode.length));
    this.leafBackgrounds = this.model.trees.map((t) => {
      const sides = rows.map((v) => nodeSides(t, v, new Uint8Array(t.mode.length)));
      return t.leaves.map((leaf) => {
        const counts = new Map<number, number>();
        for (const s of sides) {
          const m = pathMask(leaf, s);
          counts.set(m, (counts.get(m) ?? 0) + 1);
        }
        base += (leaf.value * (counts.get(leaf.full) ?? 0)) / n;
        const masks = Int32Array.from(counts.keys());
        return {
          masks, shares: Float64Array.from(masks, (m) => counts.get(m)! / n),
          cache: leaf.slotFeatures.length <= 8 ? new Array<Float64Array | undefined>(2 ** leaf.slotFeatures.length) : new Map<number, Float64Array>(),
        };
      });
    });
    this.baseValue = base;
  }

  get featureCount(): number {
    return this.model.featureCount;
  }

  /** The margin for one input vector. */
  margin(x: ArrayLike<number>): number {
    return ensembleMargin(this.model, modelInput(this.model, x));
  }

  explain(x: ArrayLike<number>): TreeShapValues {
    const v = modelInput(this.model, x);
    const phi = new Float64Array(this.model.featureCount);
    let fx = this.model.base;
    const trees = this.model.trees;
    for (let ti = 0; ti < trees.length; ti++) {
      const t = trees[ti]!;
      const backgrounds = this.leafBackgrounds[ti]!;
      const sides = nodeSides(t, v, this.sides[ti]!);
      for (let li = 0; li < t.leaves.length; li++) {
        const leaf = t.leaves[li]!;
        const xMask = pathMask(leaf, sides);
        if (xMask === leaf.full) fx += leaf.value;
        const contribution = cached(backgrounds[li]!, leaf, xMask);
        for (let s = 0; s < contribution.length; s++) phi[leaf.slotFeatures[s]!]! += contribution[s]!;
      }
    }
    let sum = 0;
    for (const p of phi) sum += p;
    return { baseValue: this.baseValue, fx, phi, additivityError: Math.abs(sum - (fx - this.baseValue)) };
  }
}
