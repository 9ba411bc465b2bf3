import { Random } from '../util/random.ts';

export type Value = number | string | null;

export interface SearchFeature {
  name: string;
  kind: 'numeric' | 'categorical';
  mutable: boolean;
  /** Numeric: the values a change may take (already narrowed by monotonic constraints), whole numbers when `integer`. */
  min: number;
  max: number;
  integer: boolean;
  /** Numeric: the width that normalises a change in the distance (the feature's full range). */
  scale: number;
  /** Categorical: the values a change may take. */
  levels: readonly string[];
}

export interface SearchSpec {
  features: readonly SearchFeature[];
  original: readonly Value[];
  threshold: number;
  target: 0 | 1;
  count: number;
  maxChanges: number;
  seed: number;
  score(rows: Value[][]): Promise<Float64Array>;
  /** Called between batches: throw to stop. */
  check?: () => void;
}

export interface Found {
  values: Value[];
  score: number;
  distance: number;
}

export interface SearchOutcome {
  found: Found[];
  scored: number;
}

/**
 * A counterfactual must cross the threshold by this much, so that it still flips the decision when the model is
 * re-evaluated in double precision (a float32 model is exact to about 1e-7).
 */
export const VALIDITY_MARGIN = 1e-5;

const ROUND_SIZE = 1000;
const EXPLORE_ROUNDS = 6;
const POOL_SIZE = 120;
const LINE_FRACTIONS = [0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875];
const REFINE_PASSES = 10;
const DIVERSITY_WEIGHT = 1;

/** Range-normalised L1 over numeric features plus 0/1 per categorical feature. */
export function distance(features: readonly SearchFeature[], a: readonly Value[], b: readonly Value[]): number {
  let d = 0;
  features.forEach((f, j) => {
    const x = a[j], y = b[j];
    if (x === y) return;
    if (f.kind === 'numeric' && typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y)) d += Math.abs(x - y) / f.scale;
    else d += 1;
  });
  return d;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

class Search {
  private readonly rng: Random;
  private readonly mutable: number[];
  scored = 0;

  constructor(private readonly spec: SearchSpec) {
    this.rng = new Random(spec.seed);
    this.mutable = spec.features.flatMap((f, j) => (f.mutable && (f.kind === 'categorical' ? f.levels.some((l) => l !== spec.original[j]) : f.max > f.min || f.min !== spec.original[j]) ? [j] : []));
  }

  valid(score: number): boolean {
    return this.spec.target === 1 ? score >= this.spec.threshold + VALIDITY_MARGIN : score < this.spec.threshold - VALIDITY_MARGIN;
  }

  private async score(rows: Value[][]): Promise<Float64Array> {
    this.spec.check?.();
    this.scored += rows.length;
    return rows.length ? this.spec.score(rows) : new Float64Array(0);
  }

  private dist(values: readonly Value[]): number {
    return distance(this.spec.features, this.spec.original, values);
  }

  private changed(values: readonly Value[]): number[] {
    return this.spec.features.flatMap((_, j) => (values[j] !== this.spec.original[j] ? [j] : []));
  }

  private newValue(j: number): Value {
    const f = this.spec.features[j]!;
    const x = this.spec.original[j];
    if (f.kind === 'categorical') {
      const choices = f.levels.filter((l) => l !== x);
      return choices[this.rng.int(choices.length)] ?? x ?? null;
    }
    for (let attempt = 0; attempt < 4; attempt++) {
      const u = this.rng.next();
      let v = u < 0.25 ? (this.rng.next() < 0.5 ? f.min : f.max) : f.min + this.rng.next() * (f.max - f.min);
      if (f.integer) v = clamp(Math.round(v), Math.ceil(f.min), Math.floor(f.max));
      if (v !== x) return v;
    }
    return x ?? null;
  }

  private randomCandidate(maxK: number): Value[] {
    const values = [...this.spec.original];
    const k = 1 + Math.floor(this.rng.next() ** 2 * maxK);
    const order = [...this.mutable];
    for (let i = 0; i < k && i < order.length; i++) {
      const pick = i + this.rng.int(order.length - i);
      [order[i], order[pick]] = [order[pick]!, order[i]!];
      values[order[i]!] = this.newValue(order[i]!);
    }
    return values;
  }

  /** Seeded random candidates with few changes first, then with more when too few flip the decision. */
  private async explore(): Promise<Found[]> {
    const found: Found[] = [];
    const wanted = Math.max(this.spec.count * 8, 40);
    const limits = [Math.min(this.spec.maxChanges, this.mutable.length), this.mutable.length];
    for (const maxK of limits) {
      for (let round = 0; round < EXPLORE_ROUNDS && found.length < wanted; round++) {
        const rows = Array.from({ length: ROUND_SIZE }, () => this.randomCandidate(maxK));
        const scores = await this.score(rows);
        rows.forEach((values, i) => {
          if (this.valid(scores[i]!)) found.push({ values, score: scores[i]!, distance: this.dist(values) });
        });
      }
      if (found.length >= this.spec.count) break;
    }
    return found;
  }

  /**
   * Improves each candidate by its best valid variant from `variants`, pass after pass, until no variant of it
   * is valid and closer.
   */
  private async improve(pool: Found[], variants: (c: Found) => Value[][], passes: number): Promise<Found[]> {
    let active = pool.map((_, i) => i);
    for (let pass = 0; pass < passes && active.length > 0; pass++) {
      const rows: Value[][] = [];
      const owner: number[] = [];
      for (const i of active) {
        for (const v of variants(pool[i]!)) {
          rows.push(v);
          owner.push(i);
        }
      }
      const scores = await this.score(rows);
      const best = new Map<number, Found>();
      rows.forEach((values, r) => {
        if (!this.valid(scores[r]!)) return;
        const d = this.dist(values);
        const i = owner[r]!;
        if (d < (best.get(i)?.distance ?? pool[i]!.distance) - 1e-12) best.set(i, { values, score: scores[r]!, distance: d });
      });
      for (const [i, c] of best) pool[i] = c;
      active = [...best.keys()];
    }
    return pool;
  }

  private reverts(c: Found): Value[][] {
    return this.changed(c.values).map((j) => {
      const v = [...c.values];
      v[j] = this.spec.original[j]!;
      return v;
    });
  }

  /** Moves each changed numeric feature part of the way back towards the original value (or the nearest bound). */
  private shrinks(c: Found): Value[][] {
    const out: Value[][] = [];
    for (const j of this.changed(c.values)) {
      const f = this.spec.features[j]!;
      const x = this.spec.original[j], y = c.values[j];
      if (f.kind !== 'numeric' || typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x)) continue;
      const from = clamp(x, f.min, f.max);
      const seen = new Set<number>();
      for (const a of LINE_FRACTIONS) {
        let v: number = from + a * (y - from);
        if (f.integer) v = clamp(Math.round(v), Math.ceil(f.min), Math.floor(f.max));
        if (v === y || v === x || seen.has(v)) continue;
        seen.add(v);
        const values = [...c.values];
        values[j] = v;
        out.push(values);
      }
    }
    return out;
  }

  /** Greedy pick of K candidates: the closest first, then each maximising diversity to those picked minus its distance. */
  private select(pool: Found[]): Found[] {
    const unique = new Map<string, Found>();
    for (const c of pool) {
      const key = JSON.stringify(c.values);
      if (!unique.has(key)) unique.set(key, c);
    }
    const rest = [...unique.values()].sort((a, b) => a.distance - b.distance);
    const picked: Found[] = [];
    while (picked.length < this.spec.count && rest.length > 0) {
      let best = 0;
      let bestValue = Number.NEGATIVE_INFINITY;
      rest.forEach((c, i) => {
        const spread = picked.length ? Math.min(...picked.map((p) => distance(this.spec.features, p.values, c.values))) : 0;
        const value = DIVERSITY_WEIGHT * spread - c.distance;
        if (value > bestValue) {
          bestValue = value;
          best = i;
        }
      });
      picked.push(rest.splice(best, 1)[0]!);
    }
    return picked.sort((a, b) => a.distance - b.distance);
  }

  async run(): Promise<Found[]> {
    if (this.mutable.length === 0) return [];
    const explored = await this.explore();
    const unique = new Map<string, Found>();
    for (const c of explored.sort((a, b) => a.distance - b.distance)) unique.set(JSON.stringify(c.values), c);
    let pool = [...unique.values()].slice(0, POOL_SIZE);
    pool = await this.improve(pool, (c) => this.reverts(c), this.spec.maxChanges);
    pool = await this.improve(pool, (c) => this.shrinks(c), REFINE_PASSES);
    pool = await this.improve(pool, (c) => this.reverts(c), 2);
    return this.select(pool);
  }
}

/**
 * DiCE-style counterfactual search over the real model: seeded random candidates that change only mutable features
 * within their bounds, kept when they flip the decision, then made sparse (changes reverted while the decision
 * stays flipped) and close (numeric changes shrunk towards the original), and finally a diverse set of K picked.
 */
export async function searchCounterfactuals(spec: SearchSpec): Promise<SearchOutcome> {
  const search = new Search(spec);
  const found = await search.run();
  return { found, scored: search.scored };
}
