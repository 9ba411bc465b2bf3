import { cramersV, mutualInformation } from './association.ts';
import type { ProxyFeature } from './proxy-sql.ts';
import type { SqlRow } from './assemble-counts.ts';
import type { ProxyStrength } from './types.ts';

const MISSING = '\u0000missing';

function level(v: unknown): string {
  return v === null || v === undefined ? MISSING : String(v);
}

/**
 * How strongly each feature predicts the protected attribute, from the rows of proxyTablesSql: Cramér's V
 * (bias-uncorrected) and mutual information in nats over the attribute's groups × the feature's levels (a numeric
 * feature's deciles; a missing value is a level of its own). Sorted strongest first by Cramér's V.
 */
export function proxyStrengths(attribute: string, features: readonly ProxyFeature[], rows: readonly SqlRow[]): ProxyStrength[] {
  const out: ProxyStrength[] = features.map((f, i) => {
    const cells = new Map<string, Map<string, number>>();
    const columns = new Set<string>();
    let total = 0;
    for (const r of rows) {
      if (Number(r[`g${i}`]) !== 0) continue;
      const k = level(r.k);
      const v = level(r[`v${i}`]);
      const n = Number(r.n);
      columns.add(v);
      let row = cells.get(k);
      if (!row) cells.set(k, (row = new Map()));
      row.set(v, (row.get(v) ?? 0) + n);
      total += n;
    }
    const cols = [...columns];
    const table = [...cells.values()].map((row) => cols.map((c) => row.get(c) ?? 0));
    return { feature: f.name, kind: f.kind, attribute, cramersV: cramersV(table), mutualInformation: mutualInformation(table), rows: total };
  });
  return out.sort((a, b) => (b.cramersV ?? -1) - (a.cramersV ?? -1) || a.feature.localeCompare(b.feature));
}
