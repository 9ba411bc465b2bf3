import { useState, type FormEvent, type ReactNode } from 'react';
import type { Granularity } from '../../../src/api/contract.ts';
import { messageOf } from '../../api/client.ts';
import { fileToPath } from '../../api/upload.ts';
import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href } from '../../app/router.ts';
import { JobStatus } from '../../components/analysis.tsx';
import { useJob } from '../../components/job.ts';
import { ErrorBox } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { ChallengerPanel } from './ChallengerPanel.tsx';
import { ClassifierPanel } from './ClassifierPanel.tsx';
import { DriftPanel } from './DriftPanel.tsx';
import { EXAMPLE_RULES, GuardBoard } from './GuardPanel.tsx';
import { TimelinePanel } from './TimelinePanel.tsx';
import { DEFAULT_WINDOWS, windowArgs, type WindowChoice } from './windows.ts';

const TABS = [
  { key: 'drift', label: 'Drift' },
  { key: 'timeline', label: 'Over time' },
  { key: 'classifier', label: 'Multivariate' },
  { key: 'challenger', label: 'Challenger' },
  { key: 'guard', label: 'Guardrails' },
] as const;
type Tab = (typeof TABS)[number]['key'];

function WindowsForm({ value, onChange }: { value: WindowChoice; onChange: (w: WindowChoice) => void }) {
  const set = (patch: Partial<WindowChoice>) => onChange({ ...value, ...patch });
  const byLog = value.reference === 'log';
  return (
    <div className="filters monitor-windows" role="group" aria-label="Reference and current windows">
      <fieldset>
        <legend>Reference</legend>
        <label>
          <input type="radio" name="reference" checked={!byLog} onChange={() => set({ reference: 'referenceData' })} data-testid="ref-data" /> the package’s reference data
        </label>
        <label>
          <input type="radio" name="reference" checked={byLog} onChange={() => set({ reference: 'log' })} data-testid="ref-log" /> a window of the log:
        </label>
        <label>
          from <input type="date" value={value.referenceFrom} disabled={!byLog} onChange={(e) => set({ referenceFrom: e.target.value })} data-testid="ref-from" aria-label="Reference from (inclusive)" />
        </label>
        <label>
          to <input type="date" value={value.referenceTo} disabled={!byLog} onChange={(e) => set({ referenceTo: e.target.value })} data-testid="ref-to" aria-label="Reference to (exclusive)" />
        </label>
      </fieldset>
      <fieldset>
        <legend>Current window</legend>
        <label>
          from <input type="date" value={value.currentFrom} onChange={(e) => set({ currentFrom: e.target.value })} data-testid="cur-from" aria-label="Current from (inclusive)" />
        </label>
        <label>
          to <input type="date" value={value.currentTo} onChange={(e) => set({ currentTo: e.target.value })} data-testid="cur-to" aria-label="Current to (exclusive)" />
        </label>
      </fieldset>
      <p className="muted field-help">
        Windows are half-open [from, to) in UTC; an empty end is the log’s first or last decision. Without a current window: the whole log, or what follows a reference window.
      </p>
    </div>
  );
}

function RunForm({ label, onRun, busy, children, testId }: { label: string; onRun: () => void; busy: boolean; children?: ReactNode; testId: string }) {
  return (
    <form
      className="filters"
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        onRun();
      }}
    >
      {children}
      <button type="submit" disabled={busy} data-testid={testId}>
        {busy ? 'Computing…' : label}
      </button>
    </form>
  );
}

export function Monitor({ log }: { log: string }) {
  const logs = useCall('log.list', {}, 'logs');
  const packages = useCall('package.list', {}, 'packages');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const [tab, setTab] = useState<Tab>('drift');
  const [windows, setWindows] = useState<WindowChoice>(DEFAULT_WINDOWS);
  const [selected, setSelected] = useState<string | null>(null);
  const [granularity, setGranularity] = useState<'auto' | Granularity>('auto');
  const [folds, setFolds] = useState('5');
  const [sample, setSample] = useState('5000');
  const [seed, setSeed] = useState('0');
  const [challenger, setChallenger] = useState('');
  const [rules, setRules] = useState(EXAMPLE_RULES);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [rulesPath, setRulesPath] = useState<string | null>(null);
  const drift = useJob('monitor.drift');
  const timeline = useJob('monitor.timeline');
  const classifier = useJob('monitor.domainClassifier');
  const compare = useJob('monitor.challenger');
  const guard = useJob('monitor.guard');

  const others = packages.status === 'done' ? packages.value.map((p) => p.ref).filter((r) => r !== entry?.packageRef) : [];
  const chosenChallenger = challenger || others[0] || '';
  const int = (s: string, lo: number) => (Number.isInteger(Number(s)) && Number(s) >= lo ? Number(s) : undefined);

  const runDrift = async () => {
    const r = await drift.start({ log, ...windowArgs(windows) });
    if (r) setSelected(r.ranking[0] ?? null);
  };
  const runTimeline = () => void timeline.start({ log, ...windowArgs(windows), ...(granularity === 'auto' ? {} : { granularity }) });
  const runClassifier = () => {
    const f = int(folds, 2);
    const n = int(sample, 10);
    const s = int(seed, 0);
    void classifier.start({ log, ...windowArgs(windows), ...(f ? { folds: f } : {}), ...(n ? { sample: n } : {}), ...(s !== undefined ? { seed: s } : {}) });
  };
  const runChallenger = () => {
    const { current } = windowArgs(windows);
    if (chosenChallenger) void compare.start({ log, challenger: chosenChallenger, ...(current ? { current } : {}) });
  };
  const runGuard = async () => {
    setUploadError(null);
    setUploading(true);
    try {
      // the host reads rules from a file: the editor's text travels as an upload and the service gets its path
      const file = await fileToPath(new File([rules], 'rules.yaml', { type: 'application/yaml' }));
      setUploading(false);
      setRulesPath(file.path);
      await guard.start({ log, ...windowArgs(windows), rules: file.path });
    } catch (e) {
      setUploading(false);
      setUploadError(messageOf(e));
    }
  };

  return (
    <section aria-labelledby="monitor-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › Monitoring
      </p>
      <h1 id="monitor-title">Monitoring of {log}</h1>
      <LogScreenLinks log={log} current="monitor" />
      {entry && (
        <p className="muted">
          {entry.rows.toLocaleString('en')} decisions by {entry.packageRef}.
        </p>
      )}
      {logs.status === 'error' && <ErrorBox message={logs.message} />}
      <WindowsForm value={windows} onChange={setWindows} />
      <div className="tabs" role="tablist" aria-label="Monitoring views">
        {TABS.map((t) => (
          <button
            key={t.key} type="button" role="tab" id={`tab-${t.key}`} aria-selected={tab === t.key} aria-controls={`panel-${t.key}`}
            className={tab === t.key ? 'tab active' : 'tab'} onClick={() => setTab(t.key)} data-testid={`tab-${t.key}`}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tab-panel">
        {tab === 'drift' && (
          <>
            <RunForm label="Compute drift" onRun={() => void runDrift()} busy={drift.state.status === 'running'} testId="run-drift">
              <span className="muted">Every feature, extra column, the score and the decision: PSI, KS, χ², Jensen–Shannon, Wasserstein.</span>
            </RunForm>
            <JobStatus state={drift.state} what="Computing drift" onCancel={drift.cancel} />
            {drift.state.status === 'done' && <DriftPanel r={drift.state.value} selected={selected} onSelect={setSelected} />}
          </>
        )}
        {tab === 'timeline' && (
          <>
            <RunForm label="Compute the timeline" onRun={runTimeline} busy={timeline.state.status === 'running'} testId="run-timeline">
              <label>
                Windows{' '}
                <select value={granularity} onChange={(e) => setGranularity(e.target.value as typeof granularity)}>
                  <option value="auto">chosen from the span</option>
                  <option value="day">days</option>
                  <option value="week">weeks (ISO, from Monday)</option>
                  <option value="month">months</option>
                </select>
              </label>
            </RunForm>
            <JobStatus state={timeline.state} what="Computing the timeline" onCancel={timeline.cancel} />
            {timeline.state.status === 'done' && <TimelinePanel t={timeline.state.value} />}
          </>
        )}
        {tab === 'classifier' && (
          <>
            <RunForm label="Train the domain classifier" onRun={runClassifier} busy={classifier.state.status === 'running'} testId="run-classifier">
              <label>
                Folds <input type="number" min={2} max={10} value={folds} onChange={(e) => setFolds(e.target.value)} />
              </label>
              <label>
                Rows per side at most <input type="number" min={10} max={100000} value={sample} onChange={(e) => setSample(e.target.value)} />
              </label>
              <label>
                Seed <input type="number" min={0} value={seed} onChange={(e) => setSeed(e.target.value)} />
              </label>
            </RunForm>
            <JobStatus state={classifier.state} what="Training the domain classifier" onCancel={classifier.cancel} />
            {classifier.state.status === 'done' && <ClassifierPanel r={classifier.state.value} />}
          </>
        )}
        {tab === 'challenger' && (
          <>
            <RunForm label="Compare" onRun={runChallenger} busy={compare.state.status === 'running'} testId="run-challenger">
              <label>
                Challenger package{' '}
                <select value={chosenChallenger} onChange={(e) => setChallenger(e.target.value)} data-testid="challenger-package">
                  {others.map((p) => (
                    <option key={p} value={p}>
                      {p}
                    </option>
                  ))}
                </select>
              </label>
              <span className="muted">Replays the current window with it; the champion is {entry?.packageRef ?? 'the log’s package'}.</span>
            </RunForm>
            {packages.status === 'done' && others.length === 0 && <p className="notice">The case holds no other package to compare with: import one first.</p>}
            <JobStatus state={compare.state} what="Replaying with the challenger" onCancel={compare.cancel} />
            {compare.state.status === 'done' && <ChallengerPanel r={compare.state.value} />}
          </>
        )}
        {tab === 'guard' && (
          <>
            <form
              className="rules-editor"
              onSubmit={(e) => {
                e.preventDefault();
                void runGuard();
              }}
            >
              <label htmlFor="rules-text">
                Rules (YAML or JSON; the format is in docs/formats.md §5)
              </label>
              <textarea id="rules-text" rows={16} spellCheck={false} value={rules} onChange={(e) => setRules(e.target.value)} data-testid="rules-text" />
              <div className="wizard-actions">
                <button type="submit" disabled={uploading || guard.state.status === 'running'} data-testid="run-guard">
                  {uploading || guard.state.status === 'running' ? 'Evaluating…' : 'Evaluate the rules'}
                </button>
                <button type="button" onClick={() => setRules(EXAMPLE_RULES)}>
                  Reset to the example
                </button>
                <span className="muted">Routing rules write the decisions they match to a review table of the case.</span>
              </div>
            </form>
            {uploadError && <ErrorBox message={uploadError} />}
            {guard.state.status === 'error' ? (
              // the service names the uploaded copy's path; the user knows it as the editor's text
              <ErrorBox message={rulesPath ? guard.state.message.split(rulesPath).join('in the editor') : guard.state.message} />
            ) : (
              <JobStatus state={guard.state} what="Evaluating the rules" onCancel={guard.cancel} />
            )}
            {guard.state.status === 'done' && <GuardBoard r={guard.state.value} log={log} />}
          </>
        )}
      </div>
    </section>
  );
}
