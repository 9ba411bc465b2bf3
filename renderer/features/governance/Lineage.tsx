import { useMemo, useState, type FormEvent } from 'react';
import type { DecisionLineage, LineageResult, RunLineage } from '../../../src/api/contract.ts';
import { href, navigate } from '../../app/router.ts';
import { Await, Hash, KeyValues } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { GovernanceLinks } from './governance-nav.tsx';
import { JsonBlock, JsonExport, safeFilePart } from './json-export.tsx';
import { decisionGraph, runGraph } from './lineage-graph.ts';
import { LineageGraphView } from './LineageGraphView.tsx';

export type LineageTarget = { kind: 'decision'; log: string; id: string } | { kind: 'run'; id: string } | null;

function Picker() {
  const logs = useCall('log.list', {}, 'logs');
  const runs = useCall('run.list', { limit: 500 }, 'runs');
  const [log, setLog] = useState('');
  const [id, setId] = useState('');
  const [run, setRun] = useState('');
  const chosenLog = log || (logs.status === 'done' ? (logs.value[0]?.name ?? '') : '');
  return (
    <div className="two-col">
      <form
        className="panel"
        aria-labelledby="pick-decision"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (chosenLog && id.trim()) navigate(href.lineageDecision(chosenLog, id.trim()));
        }}
      >
        <h2 id="pick-decision">Lineage of a decision</h2>
        <div className="form-grid">
          <label htmlFor="lineage-log">Log</label>
          <select id="lineage-log" value={chosenLog} onChange={(e) => setLog(e.target.value)}>
            {logs.status === 'done' && logs.value.map((l) => (
              <option key={l.name} value={l.name}>
                {l.name}
              </option>
            ))}
          </select>
          <label htmlFor="lineage-decision">Decision id</label>
          <input id="lineage-decision" value={id} onChange={(e) => setId(e.target.value)} placeholder="D-000001" required data-testid="lineage-decision" />
        </div>
        <button type="submit" disabled={!chosenLog || !id.trim()}>
          Show its lineage
        </button>
      </form>
      <form
        className="panel"
        aria-labelledby="pick-run"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (run) navigate(href.lineageRun(run));
        }}
      >
        <h2 id="pick-run">Lineage of a run</h2>
        <Await state={runs} what="the runs">
          {(list) =>
            list.length === 0 ? (
              <p className="muted">No analysis has been recorded yet.</p>
            ) : (
              <>
                <label>
                  Run{' '}
                  <select value={run} onChange={(e) => setRun(e.target.value)} data-testid="lineage-run">
                    <option value="">choose a run…</option>
                    {list.map((r) => (
                      <option key={r.runId} value={r.runId}>
                        {r.method} · {r.createdAt.slice(0, 19).replace('T', ' ')} · {r.runId}
                      </option>
                    ))}
                  </select>
                </label>{' '}
                <button type="submit" disabled={!run}>
                  Show its lineage
                </button>
              </>
            )
          }
        </Await>
      </form>
    </div>
  );
}

function DecisionFacts({ l }: { l: DecisionLineage }) {
  return (
    <KeyValues
      label="Decision lineage"
      items={[
        ['Log file', <><code>{l.log.sourcePath}</code> ({l.log.format}, imported {l.log.importedAt} by {l.log.importedBy})</>],
        ['Log file SHA-256', <span data-testid="lineage-file-sha"><Hash value={l.log.sourceSha256} /></span>],
        ['Row', `${l.row.row} (the decision ${l.decisionId})`],
        ['Package', <a href={href.package(l.package.ref)}>{l.package.ref}</a>],
        ['Model SHA-256', <span data-testid="lineage-model-sha"><Hash value={l.package.modelSha256} /></span>],
        ['Runs that used it', String(l.runs.length)],
      ]}
    />
  );
}

function RunFacts({ l }: { l: RunLineage }) {
  return (
    <KeyValues
      label="Run lineage"
      items={[
        ['Method', <code>{l.method}</code>],
        ['Recorded', `${l.createdAt} by ${l.createdBy} (${l.role})`],
        ['Seed', l.seed === null ? '—' : String(l.seed)],
        ['Result SHA-256', <span data-testid="lineage-result-sha"><Hash value={l.resultSha256} /></span>],
        ['Marks', l.marks.length ? <span className="warn">{l.marks.join(', ')}</span> : <span className="muted">none</span>],
      ]}
    />
  );
}

function LineageView({ l }: { l: LineageResult }) {
  const graph = useMemo(() => (l.kind === 'decision' ? decisionGraph(l) : runGraph(l)), [l]);
  const name = l.kind === 'decision' ? `lineage-${safeFilePart(l.log.name)}-${safeFilePart(l.decisionId)}.json` : `lineage-${safeFilePart(l.runId)}.json`;
  return (
    <>
      <h1 id="lineage-title">
        Lineage of {l.kind === 'decision' ? <>decision {l.decisionId} <span className="muted">in {l.log.name}</span></> : <>run {l.runId}</>}
      </h1>
      <p className="muted">Select a node (Tab, then Enter) to open it; hover or focus shows its full hash.</p>
      <LineageGraphView graph={graph} label={l.kind === 'decision' ? `Lineage of decision ${l.decisionId}` : `Lineage of run ${l.runId}`} />
      {l.kind === 'decision' ? <DecisionFacts l={l} /> : <RunFacts l={l} />}
      <p>
        <a href={href.findings(l.kind === 'decision' ? { kind: 'decision', target: l.decisionId, log: l.log.name } : { kind: 'run', target: l.runId })}>Add a finding about this {l.kind}</a>
      </p>
      <h2>
        JSON <JsonExport value={l} filename={name} testId="lineage-export" />
      </h2>
      <JsonBlock value={l} label="Lineage as JSON" testId="lineage-json" />
    </>
  );
}

export function Lineage({ target }: { target: LineageTarget }) {
  const args = target === null ? null : target.kind === 'decision' ? { decisionId: target.id, log: target.log } : { runId: target.id };
  const state = useCall('lineage.show', args, JSON.stringify(args));
  return (
    <section aria-labelledby="lineage-title">
      <GovernanceLinks current="lineage" />
      {target === null ? (
        <>
          <h1 id="lineage-title">Lineage</h1>
          <p className="muted">Where a decision came from — the log file and row, the package and its model, the training data — and which analyses used it; or what went into a run.</p>
          <Picker />
        </>
      ) : (
        <Await state={state} what="the lineage">
          {(l) => <LineageView l={l} />}
        </Await>
      )}
    </section>
  );
}
