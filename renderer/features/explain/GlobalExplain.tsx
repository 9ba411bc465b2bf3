import { useState, type FormEvent } from 'react';
import type { ExplainGlobalResult, MethodArgs } from '../../../src/api/contract.ts';
import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href } from '../../app/router.ts';
import { JobStatus, Provenance, Warnings } from '../../components/analysis.tsx';
import { useJob } from '../../components/job.ts';
import { ErrorBox, formatNumber } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { Beeswarm, DependencePlot, GroupComparison, PermutationChart, shapMethodText, ShapImportanceChart } from './charts.tsx';
import { shapArgs, ShapOptionFields, type ShapOptionValues } from '../../components/shap-options.tsx';

function GroupTable({ r }: { r: ExplainGlobalResult }) {
  const g = r.byGroup;
  if (!g) return null;
  const others = g.groups.filter((x) => x.group !== g.reference);
  const features = [...r.features].sort((a, b) => (g.range[b] ?? 0) - (g.range[a] ?? 0));
  return (
    <div className="table-wrap">
      <table data-testid="shap-group-table">
        <caption className="provenance">
          Mean φ of each group minus that of the reference group {g.reference}; features ordered by the spread of their mean φ across groups
          {g.missing ? `; ${g.missing} decisions without ${g.attribute} left out` : ''}.
        </caption>
        <thead>
          <tr>
            <th scope="col">Feature</th>
            {g.groups.map((x) => (
              <th key={x.group} scope="col" className="num">
                mean φ, {x.group}
              </th>
            ))}
            {others.map((x) => (
              <th key={`d-${x.group}`} scope="col" className="num">
                {x.group} − {g.reference}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {features.map((f) => (
            <tr key={f}>
              <th scope="row">{f}</th>
              {g.groups.map((x) => (
                <td key={x.group} className="num">
                  {formatNumber(x.meanPhi[f], 4)}
                </td>
              ))}
              {others.map((x) => {
                const d = g.vsReference[x.group]?.[f] ?? null;
                return (
                  <td key={`d-${x.group}`} className="num">
                    {formatNumber(d, 4)}
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th scope="row">f(x), mean</th>
            {g.groups.map((x) => (
              <td key={x.group} className="num">
                {formatNumber(x.meanFx, 4)}
              </td>
            ))}
            {others.map((x) => (
              <td key={`d-${x.group}`} />
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

export function GlobalExplain({ log }: { log: string }) {
  const logs = useCall('log.list', {}, 'logs');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const pkg = useCall('package.show', entry ? { ref: entry.packageRef } : null, entry?.packageRef ?? '');
  const protectedAttrs = pkg.status === 'done' ? ((pkg.value.manifest.protected_attributes ?? []) as { name: string }[]).map((a) => a.name) : [];
  const [options, setOptions] = useState<ShapOptionValues>({ method: 'auto', output: 'logodds', background: '50', seed: '0' });
  const [limit, setLimit] = useState('100');
  const [attribute, setAttribute] = useState<string | null>(null);
  const [feature, setFeature] = useState('');
  const global = useJob('explain.global');
  const importance = useJob('explain.importance');
  const chosenAttr = attribute ?? protectedAttrs[0] ?? '';

  const run = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(limit);
    const args: MethodArgs<'explain.global'> = { log, ...shapArgs(options) };
    if (Number.isInteger(n) && n >= 1) args.limit = n;
    if (chosenAttr) args.attribute = chosenAttr;
    const r = await global.start(args);
    if (r && !r.features.includes(feature)) setFeature(r.importance[0]?.feature ?? r.features[0] ?? '');
  };
  const runImportance = () => {
    const { seed } = shapArgs(options);
    void importance.start({ log, ...(seed === undefined ? {} : { seed }) });
  };
  const r = global.state.status === 'done' ? global.state.value : null;
  const imp = importance.state.status === 'done' ? importance.state.value : null;
  return (
    <section aria-labelledby="explain-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › Explanations
      </p>
      <h1 id="explain-title">Explanations of {log}</h1>
      <LogScreenLinks log={log} current="explain" />
      <form className="filters" onSubmit={run} aria-label="Global explanation options">
        <ShapOptionFields value={options} onChange={setOptions} />
        <label>
          Decisions <input name="limit" type="number" min="1" max="100000" value={limit} onChange={(e) => setLimit(e.target.value)} />
        </label>
        <label>
          Compare groups of{' '}
          <select name="attribute" value={chosenAttr} onChange={(e) => setAttribute(e.target.value)}>
            <option value="">(none)</option>
            {protectedAttrs.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={global.state.status === 'running'}>
          {global.state.status === 'running' ? 'Explaining…' : 'Explain the log'}
        </button>
      </form>
      <JobStatus state={global.state} what="Explaining decisions" onCancel={global.cancel} />
      {pkg.status === 'error' && <ErrorBox message={pkg.message} />}
      {r && (
        <>
          <Provenance testId="global-provenance">
            {r.decisions.length} decisions of {log} explained with <strong>{shapMethodText(r)}</strong> through {r.packageRef}; base value E[f(x)] = {r.baseValue.toFixed(4)}; largest
            additivity error {Math.max(0, ...r.decisions.map((d) => Math.abs(d.additivityError))).toExponential(1)}; run <code>{r.runId}</code>.
          </Provenance>
          <Warnings items={r.warnings} />
          <div className="charts">
            <ShapImportanceChart r={r} />
            <Beeswarm r={r} />
          </div>
          <h2>Dependence plot</h2>
          <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Dependence plot feature">
            <label>
              Feature{' '}
              <select name="dependence-feature" value={feature} onChange={(e) => setFeature(e.target.value)}>
                {r.importance.map((i) => (
                  <option key={i.feature} value={i.feature}>
                    {i.feature}
                  </option>
                ))}
              </select>
            </label>
          </form>
          {feature && <DependencePlot r={r} feature={feature} />}
          {r.byGroup && (
            <>
              <h2>SHAP by {r.byGroup.attribute}</h2>
              <GroupComparison r={r} />
              <GroupTable r={r} />
            </>
          )}
        </>
      )}
      <h2>Permutation importance</h2>
      <p className="muted">
        How much the model’s AUC against the observed outcomes drops when one input’s values are shuffled across the log (5 repeats, the seed above).
      </p>
      <button type="button" onClick={runImportance} disabled={importance.state.status === 'running'}>
        {importance.state.status === 'running' ? 'Permuting…' : 'Compute permutation importance'}
      </button>
      <JobStatus state={importance.state} what="Permuting inputs" onCancel={importance.cancel} />
      {imp && (
        <>
          <PermutationChart r={imp} />
          <Provenance testId="importance-provenance">
            {imp.metric.toUpperCase()} on {imp.rows} decisions with an outcome ({imp.excludedRows} without one left out), {imp.repeats} repeats, seed {imp.seed}, std with ddof 0;
            model {imp.packageRef}; run <code>{imp.runId}</code>.
          </Provenance>
        </>
      )}
    </section>
  );
}
