import { useMemo, useState, type FormEvent } from 'react';
import type { ConfusionAt, PopulationWhatIfResult, ThresholdWhatIfResult } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href } from '../../app/router.ts';
import { JobStatus, percent, Provenance, signed, Warnings } from '../../components/analysis.tsx';
import { useJob } from '../../components/job.ts';
import { OKABE_ITO, Plot } from '../../components/Plot.tsx';
import { Await, ErrorBox, formatNumber } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { IceChart } from './IceChart.tsx';
import { modelInputs, type ModelInput } from './model-inputs.ts';

function BeforeAfterChart({
  title, groups, before, after, testId, names = ['before', 'after'],
}: { title: string; groups: string[]; before: (number | null)[]; after: (number | null)[]; testId: string; names?: [string, string] }) {
  const data = useMemo(
    () => [
      { type: 'bar', name: names[0], x: groups, y: before, marker: { color: OKABE_ITO.skyBlue }, hovertemplate: `%{x}: %{y:.3f}<extra>${names[0]}</extra>` },
      { type: 'bar', name: names[1], x: groups, y: after, marker: { color: OKABE_ITO.blue }, hovertemplate: `%{x}: %{y:.3f}<extra>${names[1]}</extra>` },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [groups, before, after],
  );
  const layout = useMemo(
    () => ({
      title: { text: title, x: 0.02, xanchor: 'left' }, barmode: 'group', xaxis: { type: 'category' }, yaxis: { title: { text: 'selection rate' }, range: [0, 1] },
      legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.14, yanchor: 'top' }, margin: { l: 60, r: 20, t: 40, b: 70 },
    }),
    [title],
  );
  return <Plot data={data} layout={layout} height={320} label={title} testId={testId} />;
}

function PopulationResult({ r }: { r: PopulationWhatIfResult }) {
  const edit = Object.entries(r.set).map(([k, v]) => `${k} = ${v}`).join(', ');
  return (
    <>
      <div className="stats" data-testid="population-summary">
        <div className="stat">
          <span className="stat-value">{r.rows.toLocaleString('en')}</span>
          <span className="stat-label">decisions edited</span>
        </div>
        <div className={`stat${r.flipped ? ' bad' : ''}`}>
          <span className="stat-value" data-testid="population-flipped">
            {r.flipped.toLocaleString('en')}
          </span>
          <span className="stat-label">decisions flip ({percent(r.rows ? r.flipped / r.rows : null)})</span>
        </div>
        <div className="stat">
          <span className="stat-value">{r.toPositive.toLocaleString('en')}</span>
          <span className="stat-label">to 1</span>
        </div>
        <div className="stat">
          <span className="stat-value">{r.toNegative.toLocaleString('en')}</span>
          <span className="stat-label">to 0</span>
        </div>
        <div className="stat">
          <span className="stat-value">{r.meanScoreChange === null ? '—' : signed(r.meanScoreChange)}</span>
          <span className="stat-label">mean score change</span>
        </div>
      </div>
      {r.byAttribute.map((a) => {
        const groups = a.groups.map((g) => g.group ?? '(missing)');
        return (
          <section key={a.attribute} aria-label={`Flips by ${a.attribute}`}>
            <h3>By {a.attribute}</h3>
            <div className="two-col">
              <div className="table-wrap">
                <table data-testid={`population-${a.attribute}`}>
                  <thead>
                    <tr>
                      <th scope="col">{a.attribute}</th>
                      <th scope="col" className="num">Rows</th>
                      <th scope="col" className="num">Flipped</th>
                      <th scope="col" className="num">Flip rate</th>
                      <th scope="col" className="num">→ 1</th>
                      <th scope="col" className="num">→ 0</th>
                      <th scope="col" className="num">Selection before → after</th>
                    </tr>
                  </thead>
                  <tbody>
                    {a.groups.map((g) => (
                      <tr key={g.group ?? '(missing)'}>
                        <th scope="row">{g.group ?? '(missing)'}</th>
                        <td className="num">{g.rows.toLocaleString('en')}</td>
                        <td className="num">{g.flipped.toLocaleString('en')}</td>
                        <td className="num">{percent(g.rows ? g.flipped / g.rows : null)}</td>
                        <td className="num">{g.toPositive}</td>
                        <td className="num">{g.toNegative}</td>
                        <td className="num">
                          {formatNumber(g.selectionRateBefore, 3)} → {formatNumber(g.selectionRateAfter, 3)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <BeforeAfterChart
                title={`Selection rate by ${a.attribute}`} groups={groups} testId={`population-chart-${a.attribute}`} names={['unedited', `with ${edit}`]}
                before={a.groups.map((g) => g.selectionRateBefore)} after={a.groups.map((g) => g.selectionRateAfter)}
              />
            </div>
          </section>
        );
      })}
      <Provenance>
        Every decision of {r.log} scored by {r.package} with and without {edit}; threshold {r.threshold}, favorable decision {r.favorableOutcome}
        {r.failed ? `; ${r.failed} rows failed` : ''}; run <code>{r.runId}</code>.
      </Provenance>
      <Warnings items={r.warnings} />
    </>
  );
}

function PopulationWhatIf({ log, inputs }: { log: string; inputs: ModelInput[] }) {
  const [column, setColumn] = useState(inputs.find((f) => f.type === 'categorical')?.name ?? inputs[0]!.name);
  const input = inputs.find((f) => f.name === column) ?? inputs[0]!;
  const [value, setValue] = useState('');
  const job = useJob('whatif.population');
  const chosenValue = input.type === 'categorical' ? (input.levels.includes(value) ? value : input.levels[0] ?? value) : value;
  const valid = input.type === 'categorical' ? chosenValue !== '' : value.trim() !== '' && Number.isFinite(Number(value));
  const run = (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    void job.start({ log, set: { [input.name]: input.type === 'numeric' ? Number(value) : chosenValue } });
  };
  return (
    <section aria-labelledby="pop-title">
      <h2 id="pop-title">Population what-if</h2>
      <p className="muted">
        Set one input to the same value for every decision of the log and count the decisions that flip, by protected group: a counterfactual-fairness test on the real model.
      </p>
      <form className="filters" onSubmit={run} aria-label="Population what-if">
        <label>
          Input{' '}
          <select name="pop-column" value={column} onChange={(e) => (setColumn(e.target.value), setValue(''))}>
            {inputs.map((f) => (
              <option key={f.name} value={f.name}>
                {f.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Set to{' '}
          {input.type === 'categorical' ? (
            <select name="pop-value" value={chosenValue} onChange={(e) => setValue(e.target.value)}>
              {input.levels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          ) : (
            <input name="pop-value" type="number" step="any" value={value} onChange={(e) => setValue(e.target.value)} aria-invalid={!valid} />
          )}
        </label>
        <button type="submit" disabled={!valid || job.state.status === 'running'}>
          {job.state.status === 'running' ? 'Scoring…' : 'Apply to every decision'}
        </button>
      </form>
      <JobStatus state={job.state} what="Scoring the edited log" onCancel={job.cancel} />
      {job.state.status === 'done' && <PopulationResult r={job.state.value} />}
    </section>
  );
}

function confusionRow(label: string, c: ConfusionAt) {
  return (
    <tr>
      <th scope="row">{label}</th>
      <td className="num">{c.threshold}</td>
      <td className="num">{c.positives.toLocaleString('en')}</td>
      <td className="num">{percent(c.selectionRate)}</td>
      <td className="num">{c.truePositives}</td>
      <td className="num">{c.falsePositives}</td>
      <td className="num">{c.trueNegatives}</td>
      <td className="num">{c.falseNegatives}</td>
      <td className="num">{formatNumber(c.accuracy, 3)}</td>
      <td className="num">{formatNumber(c.truePositiveRate, 3)}</td>
      <td className="num">{formatNumber(c.falsePositiveRate, 3)}</td>
    </tr>
  );
}

function ThresholdResult({ r }: { r: ThresholdWhatIfResult }) {
  return (
    <>
      <p data-testid="threshold-changed">
        At {r.proposed.threshold}, <strong>{r.changed.total.toLocaleString('en')}</strong> of {r.rows.toLocaleString('en')} decisions change ({r.changed.toPositive} to 1,{' '}
        {r.changed.toNegative} to 0).
      </p>
      <div className="table-wrap">
        <table data-testid="threshold-table">
          <thead>
            <tr>
              <th scope="col">Threshold</th>
              <th scope="col" className="num">t</th>
              <th scope="col" className="num">Decisions 1</th>
              <th scope="col" className="num">Selection rate</th>
              <th scope="col" className="num">TP</th>
              <th scope="col" className="num">FP</th>
              <th scope="col" className="num">TN</th>
              <th scope="col" className="num">FN</th>
              <th scope="col" className="num">Accuracy</th>
              <th scope="col" className="num">TPR</th>
              <th scope="col" className="num">FPR</th>
            </tr>
          </thead>
          <tbody>
            {confusionRow('current', r.current)}
            {confusionRow('proposed', r.proposed)}
          </tbody>
        </table>
      </div>
      {r.proposed.unknownOutcome > 0 && <p className="muted">{r.proposed.unknownOutcome.toLocaleString('en')} decisions have no observed outcome and are left out of TP/FP/TN/FN.</p>}
      <div className="charts">
        {r.byAttribute.map((a) => (
          <BeforeAfterChart
            key={a.attribute} title={`Selection rate by ${a.attribute}: ${r.current.threshold} → ${r.proposed.threshold}`} testId={`threshold-chart-${a.attribute}`}
            names={[`threshold ${r.current.threshold}`, `threshold ${r.proposed.threshold}`]}
            groups={a.groups.map((g) => g.group ?? '(missing)')} before={a.groups.map((g) => g.selectionRateCurrent)} after={a.groups.map((g) => g.selectionRateProposed)}
          />
        ))}
      </div>
      <Provenance>
        Scores: {r.scores === 'replayed' ? `replayed (${r.replayTable})` : 'as logged'}; model {r.package}; run <code>{r.runId}</code>. A what-if only: nothing is applied.
      </Provenance>
      <Warnings items={r.warnings} />
    </>
  );
}

function ThresholdWhatIf({ log }: { log: string }) {
  const [threshold, setThreshold] = useState('0.6');
  const [scores, setScores] = useState<'' | 'replayed' | 'logged'>('');
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: ThresholdWhatIfResult | null }>({ busy: false, error: null, result: null });
  const t = Number(threshold);
  const valid = threshold.trim() !== '' && Number.isFinite(t) && t >= 0 && t <= 1;
  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!valid) return;
    setState((x) => ({ ...x, busy: true, error: null }));
    try {
      setState({ busy: false, error: null, result: await call('whatif.threshold', { log, threshold: t, ...(scores ? { scores } : {}) }) });
    } catch (x) {
      setState({ busy: false, error: messageOf(x), result: null });
    }
  };
  return (
    <section aria-labelledby="thr-title">
      <h2 id="thr-title">Threshold what-if</h2>
      <form className="filters" onSubmit={run} aria-label="Threshold what-if">
        <label>
          Threshold{' '}
          <input type="range" min="0" max="1" step="0.01" value={valid ? t : 0.5} onChange={(e) => setThreshold(e.target.value)} aria-label="Threshold slider" />
        </label>
        <label>
          <span className="visually-hidden">Threshold value</span>
          <input name="threshold" type="number" min="0" max="1" step="0.01" value={threshold} onChange={(e) => setThreshold(e.target.value)} aria-invalid={!valid} />
        </label>
        <label>
          Scores{' '}
          <select name="scores" value={scores} onChange={(e) => setScores(e.target.value as typeof scores)}>
            <option value="">replayed when there is a replay, else logged</option>
            <option value="replayed">replayed</option>
            <option value="logged">logged</option>
          </select>
        </label>
        <button type="submit" disabled={!valid || state.busy}>
          {state.busy ? 'Computing…' : 'Compare thresholds'}
        </button>
      </form>
      {state.error && <ErrorBox message={state.error} />}
      {state.result && <ThresholdResult r={state.result} />}
    </section>
  );
}

export function WhatIfScreen({ log }: { log: string }) {
  const logs = useCall('log.list', {}, 'logs');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const pkg = useCall('package.show', entry ? { ref: entry.packageRef } : null, entry?.packageRef ?? '');
  return (
    <section aria-labelledby="wis-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › What-if
      </p>
      <h1 id="wis-title">What-if on {log}</h1>
      <LogScreenLinks log={log} current="whatif" />
      <p className="muted">
        To edit one decision, open it from the <a href={href.explorer(log)}>explorer</a>; its detail page has a what-if editor, counterfactuals and ICE curves.
      </p>
      {logs.status === 'done' && !entry && <ErrorBox message={`The case has no log "${log}".`} />}
      {entry && (
        <Await state={pkg} what="the model's inputs">
          {(p) => {
            const inputs = modelInputs(p.manifest);
            return inputs.length ? (
              <>
                <PopulationWhatIf log={log} inputs={inputs} />
                <IceChart log={log} inputs={inputs} heading="h2" />
              </>
            ) : (
              <p className="muted">The package declares no inputs.</p>
            );
          }}
        </Await>
      )}
      <ThresholdWhatIf log={log} />
    </section>
  );
}
