import type { CaseDb } from '../case/index.ts';

/** The next free name replay_<n> in the case. */
export async function nextReplayTable(db: CaseDb): Promise<string> {
  const rows = await db.query<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND regexp_matches(table_name, '^replay_[0-9]+$')",
  );
  const used = rows.map((r) => Number(r.name.slice('replay_'.length)));
  return `replay_${used.length ? Math.max(...used) + 1 : 1}`;
}
