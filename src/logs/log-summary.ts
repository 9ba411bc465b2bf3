import { quoteIdent, quoteLiteral, type CaseDb } from '../case/index.ts';
import type { Manifest } from '../packages/index.ts';

const UNSEEN_LIMIT = 100;

export interface TableStats {
  rows: number;
  missingOutcome: number;
  missingTimestamp: number;
  from: string | null;
  to: string | null;
  otherVersions: string[];
}

function iso(epochMs: unknown): string | null {
  return epochMs === null || epochMs === undefined ? null : new Date(Number(epochMs)).toISOString();
}

export async function tableStats(db: CaseDb, table: string, manifest: Manifest): Promise<TableStats> {
  const t = quoteIdent(table);
  const s = (await db.queryOne<Record<string, unknown>>(
    `SELECT count(*) AS rows, count(*) FILTER (outcome IS NULL) AS missing_outcome, count(*) FILTER (timestamp IS NULL) AS missing_ts,
       epoch_ms(min(timestamp)) AS t0, epoch_ms(max(timestamp)) AS t1,
       list(DISTINCT model_version) FILTER (model_version <> $v)[1:3] AS versions
     FROM ${t}`,
    { v: manifest.version },
  ))!;
  return {
    rows: Number(s.rows),
    missingOutcome: Number(s.missing_outcome),
    missingTimestamp: Number(s.missing_ts),
    from: iso(s.t0),
    to: iso(s.t1),
    otherVersions: (s.versions as string[] | null) ?? [],
  };
}

/** Per categorical feature, the values that are not among the manifest's levels, most frequent first. */
export async function unseenValues(db: CaseDb, table: string, manifest: Manifest): Promise<Record<string, { value: string; count: number }[]>> {
  const parts = manifest.features.flatMap((f) =>
    f.type === 'categorical'
      ? [`SELECT ${quoteLiteral(f.name)} AS feature, ${quoteIdent(f.name)} AS value, count(*) AS n FROM ${quoteIdent(table)}
          WHERE ${quoteIdent(f.name)} NOT IN (${f.levels.map(quoteLiteral).join(', ')}) GROUP BY ALL`]
      : [],
  );
  const out: Record<string, { value: string; count: number }[]> = {};
  if (parts.length === 0) return out;
  const rows = await db.query<{ feature: string; value: string; n: number }>(
    `SELECT feature, value, n FROM (SELECT *, row_number() OVER (PARTITION BY feature ORDER BY n DESC, value) AS k FROM (${parts.join(' UNION ALL ')}))
     WHERE k <= ${UNSEEN_LIMIT} ORDER BY feature, n DESC, value`,
  );
  for (const r of rows) (out[r.feature] ??= []).push({ value: r.value, count: Number(r.n) });
  return out;
}
