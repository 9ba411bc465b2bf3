import { useEffect, useState } from 'react';
import type { ReplayMismatch } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { href } from '../../app/router.ts';
import { Badge, sci } from '../../components/analysis.tsx';
import { ErrorBox, formatNumber } from '../../components/ui.tsx';
import { latestFullReplay } from './latest-replay.ts';

type Verdict =
  | { kind: 'loading' }
  | { kind: 'none' }
  | { kind: 'reproduced'; runId: string; tolerance: number; pkg: string; source: 'log' | 'decision'; replayed?: number | null }
  | { kind: 'mismatch'; runId: string; tolerance: number; pkg: string; m: ReplayMismatch; source: 'log' | 'decision' };

/** Whether the model reproduces this decision's logged score: from the latest replay of the log, or replayed on demand. */
export function ReplayBadge({ log, id, packageRef }: { log: string; id: string; packageRef: string }) {
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setVerdict({ kind: 'loading' });
    latestFullReplay(log, packageRef).then(
      (found) => {
        if (!live) return;
        if (!found) return setVerdict({ kind: 'none' });
        const r = found.result;
        const m = r.mismatches.find((x) => x.decisionId === id);
        const complete = r.mismatches.length === r.mismatched && r.listsCutAt === undefined && !r.truncated;
        if (m) setVerdict({ kind: 'mismatch', runId: r.runId, tolerance: r.tolerance, pkg: r.package, m, source: 'log' });
        else if (complete && !r.failures.some((f) => f.decisionId === id)) setVerdict({ kind: 'reproduced', runId: r.runId, tolerance: r.tolerance, pkg: r.package, source: 'log' });
        else setVerdict({ kind: 'none' });
      },
      () => live && setVerdict({ kind: 'none' }),
    );
    return () => {
      live = false;
    };
  }, [log, id, packageRef]);

  const replayOne = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await call('replay.run', { log, where: [{ column: 'decision_id', op: '=', value: id }] });
      if (r.failures.length) setError(`The model failed on this decision: ${r.failures[0]!.message}`);
      const m = r.mismatches.find((x) => x.decisionId === id);
      if (m) setVerdict({ kind: 'mismatch', runId: r.runId, tolerance: r.tolerance, pkg: r.package, m, source: 'decision' });
      else if (r.rows === 1 && r.reproduced === 1) setVerdict({ kind: 'reproduced', runId: r.runId, tolerance: r.tolerance, pkg: r.package, source: 'decision' });
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const from = (v: { runId: string; source: 'log' | 'decision' }) => (
    <span className="muted">
      {' '}
      ({v.source === 'log' ? <a href={href.replay(log)}>replay of the log</a> : 'replay of this decision'}, run <code>{v.runId}</code>)
    </span>
  );
  return (
    <div className="replay-verdict" data-testid="replay-verdict">
      {verdict.kind === 'loading' && <span className="muted">looking for a recorded replay…</span>}
      {verdict.kind === 'none' && (
        <>
          <span className="muted">not replayed yet. </span>
          <button type="button" onClick={replayOne} disabled={busy}>
            {busy ? 'Replaying…' : 'Replay this decision'}
          </button>
        </>
      )}
      {verdict.kind === 'reproduced' && (
        <>
          <Badge tone="ok" testId="replay-badge">
            ✓ reproduced
          </Badge>{' '}
          {verdict.pkg} gives the logged score within {sci(verdict.tolerance)}.{from(verdict)}
        </>
      )}
      {verdict.kind === 'mismatch' && (
        <>
          <Badge tone="bad" testId="replay-badge">
            ✗ not reproduced
          </Badge>{' '}
          logged {formatNumber(verdict.m.logged, 6)}, {verdict.pkg} gives {formatNumber(verdict.m.replayed, 6)} (difference {verdict.m.diff === null ? '—' : sci(verdict.m.diff)}
          {verdict.m.decisionFlipped ? ', the decision flips' : ''}).{from(verdict)}
        </>
      )}
      {error && <ErrorBox message={error} />}
    </div>
  );
}
