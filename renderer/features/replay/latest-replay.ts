import type { ReplayResult, RunSummary } from '../../../src/api/contract.ts';
import { call } from '../../api/client.ts';

export type RecordedReplay = ReplayResult & { listsCutAt?: number };

/** The newest recorded replay of the whole log (no filter), with any package unless one is named; null if none. */
export async function latestFullReplay(log: string, packageRef?: string): Promise<{ run: RunSummary; result: RecordedReplay } | null> {
  const runs = await call('run.list', { method: 'replay.run', log, limit: 50 });
  const full = runs.find((r) => {
    const where = r.parameters.where;
    return (!Array.isArray(where) || where.length === 0) && (packageRef === undefined || r.parameters.package === packageRef);
  });
  if (!full) return null;
  const detail = await call('run.show', { runId: full.runId });
  return { run: full, result: { ...(detail.result as Omit<RecordedReplay, 'runId'>), runId: full.runId } };
}

/** The decades of |replayed − logged| the histogram counts mismatches in. */
export function diffBins(result: ReplayResult): { label: string; count: number; reproduced: boolean }[] {
  const bins: { label: string; count: number; reproduced: boolean }[] = [{ label: `≤ ${result.tolerance < 1e-3 ? result.tolerance.toExponential(0) : result.tolerance} (reproduced)`, count: result.reproduced, reproduced: true }];
  const lowest = Math.floor(Math.log10(Math.max(result.tolerance, 1e-12)));
  const counts = new Map<number, number>();
  let missing = 0;
  for (const m of result.mismatches) {
    if (m.diff === null) {
      missing++;
      continue;
    }
    const d = Math.max(lowest, Math.min(0, Math.floor(Math.log10(Math.abs(m.diff)))));
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const top = Math.max(lowest, ...counts.keys());
  for (let d = lowest; d <= top; d++) bins.push({ label: `1e${d} – 1e${d + 1}`, count: counts.get(d) ?? 0, reproduced: false });
  if (missing) bins.push({ label: 'no score', count: missing, reproduced: false });
  return bins;
}
