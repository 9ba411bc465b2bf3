import { useState, type FormEvent } from 'react';
import type { FairnessResult, GroupMetrics, GroupRateName, Interval } from '../../../src/api/contract.ts';
import { call, messageOf } from '../../api/client.ts';
import { LogScreenLinks } from '../../app/log-screens.tsx';
import { href, navigate, type ColumnFilter } from '../../app/router.ts';
import { Provenance, Warnings } from '../../components/analysis.tsx';
import { ErrorBox, formatNumber, KeyValues } from '../../components/ui.tsx';
import { useCall } from '../../components/use-call.ts';
import { DisparateImpactChart, GapSweepChart, RateChart, SweepChart, TradeOffChart } from './charts.tsx';
import { SWEEP_THRESHOLDS } from './tradeoff.ts';

function interval(i: Interval | null | undefined): string {
  return i ? ` [${i[0].toFixed(3)}, ${i[1].toFixed(3)}]` : '';
}

function withCi(g: GroupMetrics, name: GroupRateName) {
  return (
    <>
      {formatNumber(g[name], 3)}
      <span className="muted">{interval(g.ci?.[name])}</span>
    </>
  );
}

/** The explorer filters that select one group: "female|over_25" of "sex|age_group" is sex = female and age_group = over_25. */
export function groupFilters(attribute: string, group: string): ColumnFilter[] {
  const columns = attribute.split('|');
  const values = group.split('|');
  return columns.length === values.length ? columns.map((column, i) => ({ column, value: values[i]! })) : [];
}

function GroupTable({ r, log }: { r: FairnessResult; log: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="fairness-table">
        <caption className="provenance">Select a group (click its row, or Enter on its link) to open its decisions in the explorer.</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col" className="num">Rows</th>
            <th scope="col" className="num">Base rate</th>
            <th scope="col">Selection rate [95% CI]</th>
            <th scope="col">TPR [95% CI]</th>
            <th scope="col" className="num">FPR</th>
            <th scope="col" className="num">Accuracy</th>
            <th scope="col" className="num">AUC</th>
            <th scope="col" className="num">Disparate impact</th>
            <th scope="col" className="num">p (vs reference)</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {r.groups.map((g) => {
            const di = r.vsReference[g.group]?.disparateImpact ?? null;
            const test = r.tests.vsReference[g.group];
            const filters = groupFilters(r.attribute, g.group);
            const to = filters.length ? href.explorer(log, filters) : null;
            return (
              <tr key={g.group} className={to ? 'clickable' : undefined} onClick={() => to && navigate(to)}>
                <th scope="row">
                  {to ? (
                    <a href={to} onClick={(e) => e.stopPropagation()} title={`Open the decisions of ${g.group} in the explorer`}>
                      {g.group}
                    </a>
                  ) : (
                    g.group
                  )}
                </th>
                <td className="num">{g.count.toLocaleString('en')}</td>
                <td className="num">{formatNumber(g.baseRate, 3)}</td>
                <td>{withCi(g, 'selectionRate')}</td>
                <td>{withCi(g, 'truePositiveRate')}</td>
                <td className="num">{formatNumber(g.falsePositiveRate, 3)}</td>
                <td className="num">{formatNumber(g.accuracy, 3)}</td>
                <td className="num">{formatNumber(g.auc, 3)}</td>
                <td className={`num${di !== null && di < 0.8 ? ' bad' : ''}`}>{g.group === r.reference ? '—' : formatNumber(di, 3)}</td>
                <td className="num">{test?.pValue === null || test?.pValue === undefined ? '—' : test.pValue < 1e-4 ? test.pValue.toExponential(1) : test.pValue.toFixed(4)}</td>
                <td>{g.flags.join(', ')}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function BetweenGroups({ r }: { r: FairnessResult }) {
  const names: [keyof FairnessResult['betweenGroups'], string][] = [
    ['demographicParityDifference', 'Demographic parity difference'],
    ['demographicParityRatio', 'Demographic parity ratio'],
    ['equalizedOddsDifference', 'Equalized odds difference'],
    ['equalizedOddsRatio', 'Equalized odds ratio'],
    ['equalOpportunityDifference', 'Equal opportunity difference'],
  ];
  const ind = r.tests.independence;
  return (
    <KeyValues
      label="Between-group metrics"
      items={[
        ...names.map(([k, label]): [string, string] => [label, `${formatNumber(r.betweenGroups[k], 4)}${interval(r.ci?.betweenGroups[k])}`]),
        ['Chi-square (group × decision)', ind ? `χ² = ${ind.statistic.toFixed(3)}, df ${ind.degreesOfFreedom}, p = ${ind.pValue < 1e-4 ? ind.pValue.toExponential(2) : ind.pValue.toFixed(4)}` : '—'],
        ['Theil index', formatNumber(r.datasetWide.theilIndex, 4)],
        [
          'Consistency',
          r.datasetWide.consistency === null
            ? '—'
            : `${r.datasetWide.consistency.toFixed(4)}${r.datasetWide.consistencyDetail ? ` (k = ${r.datasetWide.consistencyDetail.neighbours}, ${r.datasetWide.consistencyDetail.rows} rows${r.datasetWide.consistencyDetail.sampled ? `, seeded sample ${r.datasetWide.consistencyDetail.seed}` : ''})` : ''}`,
        ],
      ]}
    />
  );
}

function ProxyTable({ r }: { r: FairnessResult }) {
  if (!r.proxies) return null;
  const rows = [...r.proxies].sort((a, b) => (b.cramersV ?? -1) - (a.cramersV ?? -1) || b.mutualInformation - a.mutualInformation);
  return (
    <section aria-labelledby="proxy-title">
      <h2 id="proxy-title">Proxies: how well each model input predicts {r.attribute}</h2>
      <p className="muted">
        A strong association means the model can discriminate by {r.attribute} through that input even when {r.attribute} is not an input itself. Cramér’s V (0 none, 1 perfect);
        mutual information in nats. Numeric inputs are binned.
      </p>
      <div className="table-wrap">
        <table data-testid="proxy-table">
          <thead>
            <tr>
              <th scope="col">Input</th>
              <th scope="col">Kind</th>
              <th scope="col">Attribute</th>
              <th scope="col" className="num">Cramér’s V</th>
              <th scope="col" className="num">Mutual information</th>
              <th scope="col" className="num">Rows</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={`${p.feature}/${p.attribute}`}>
                <th scope="row">{p.feature}</th>
                <td>{p.kind}</td>
                <td>{p.attribute}</td>
                <td className={`num${p.cramersV !== null && p.cramersV >= 0.3 ? ' bad' : ''}`}>{formatNumber(p.cramersV, 3)}</td>
                <td className="num">{p.mutualInformation.toFixed(4)}</td>
                <td className="num">{p.rows.toLocaleString('en')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function Fairness({ log }: { log: string }) {
  const logs = useCall('log.list', {}, 'logs');
  const entry = logs.status === 'done' ? logs.value.find((l) => l.name === log) : undefined;
  const pkg = useCall('package.show', entry ? { ref: entry.packageRef } : null, entry?.packageRef ?? '');
  const protectedAttrs = pkg.status === 'done' ? ((pkg.value.manifest.protected_attributes ?? []) as { name: string }[]).map((a) => a.name) : [];
  const threshold = pkg.status === 'done' && typeof pkg.value.manifest.threshold === 'number' ? pkg.value.manifest.threshold : null;
  const [attribute, setAttribute] = useState('');
  const [bootstrap, setBootstrap] = useState(true);
  const [proxies, setProxies] = useState(true);
  const [sweep, setSweep] = useState(true);
  const [state, setState] = useState<{ busy: boolean; error: string | null; result: FairnessResult | null }>({ busy: false, error: null, result: null });
  const chosen = attribute || protectedAttrs[0] || '';
  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setState((x) => ({ ...x, busy: true, error: null }));
    try {
      const result = await call('fairness.run', {
        log, attributes: chosen.split(',').map((s) => s.trim()).filter(Boolean),
        ...(bootstrap ? { bootstrap: 200, seed: 0 } : {}), ...(proxies ? { proxies: true } : {}), ...(sweep ? { thresholds: SWEEP_THRESHOLDS } : {}),
      });
      setState({ busy: false, error: null, result });
    } catch (x) {
      setState({ busy: false, error: messageOf(x), result: null });
    }
  };
  const r = state.result;
  const openGroup = (group: string) => {
    if (!r) return;
    const filters = groupFilters(r.attribute, group);
    if (filters.length) navigate(href.explorer(log, filters));
  };
  return (
    <section aria-labelledby="fair-title">
      <p className="crumbs">
        <a href={href.home()}>Case</a> › <a href={href.explorer(log)}>Log {log}</a> › Fairness
      </p>
      <h1 id="fair-title">Fairness of {log}</h1>
      <LogScreenLinks log={log} current="fairness" />
      <form className="filters" onSubmit={run} aria-label="Fairness analysis">
        <label>
          Protected attribute{' '}
          <select name="attribute" value={chosen} onChange={(e) => setAttribute(e.target.value)}>
            {protectedAttrs.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
            {protectedAttrs.length > 1 && <option value={protectedAttrs.join(',')}>{protectedAttrs.join(' × ')} (intersection)</option>}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={bootstrap} onChange={(e) => setBootstrap(e.target.checked)} /> 95% bootstrap intervals (200 replicates, seed 0)
        </label>
        <label>
          <input type="checkbox" checked={sweep} onChange={(e) => setSweep(e.target.checked)} /> threshold sweep
        </label>
        <label>
          <input type="checkbox" checked={proxies} onChange={(e) => setProxies(e.target.checked)} /> proxies
        </label>
        <button type="submit" disabled={state.busy || !chosen}>
          {state.busy ? 'Computing…' : 'Compute'}
        </button>
      </form>
      {pkg.status === 'error' && <ErrorBox message={pkg.message} />}
      {state.error && <ErrorBox message={state.error} />}
      {r && (
        <>
          <p>
            Reference group <strong>{r.reference}</strong>, favorable decision {r.favorable}, {r.rows.analysed.toLocaleString('en')} rows ({r.rows.missingAttribute} without the
            attribute), minimum group size {r.minGroupSize}; run <code>{r.runId}</code>.
          </p>
          <GroupTable r={r} log={log} />
          <Warnings items={r.warnings} />
          <div className="charts charts-2">
            <RateChart r={r} rate="selectionRate" onGroup={openGroup} />
            <DisparateImpactChart r={r} />
            <RateChart r={r} rate="truePositiveRate" onGroup={openGroup} />
            <RateChart r={r} rate="falsePositiveRate" onGroup={openGroup} />
          </div>
          <p className="muted">Click a bar to open that group’s decisions in the explorer.</p>
          <h2>Between groups and dataset-wide</h2>
          <BetweenGroups r={r} />
          {r.thresholdSweep && (
            <section aria-labelledby="sweep-title">
              <h2 id="sweep-title">Thresholds</h2>
              <p className="muted">
                Every metric if the decision were score ≥ t, for t from {SWEEP_THRESHOLDS[0]} to {SWEEP_THRESHOLDS[SWEEP_THRESHOLDS.length - 1]}
                {threshold !== null ? `; the model’s threshold ${threshold} is dashed` : ''}. Per-group thresholds are a what-if; nothing is applied.
              </p>
              <div className="charts charts-2">
                <SweepChart r={r} rate="selectionRate" threshold={threshold} />
                <GapSweepChart r={r} threshold={threshold} />
                <TradeOffChart r={r} rate="selectionRate" />
                <TradeOffChart r={r} rate="truePositiveRate" />
              </div>
            </section>
          )}
          <ProxyTable r={r} />
          <Provenance>
            Fairlearn between-group metrics, AIF360 metrics against the reference (docs/metrics.md)
            {r.bootstrap ? `; ${r.bootstrap.replicates} bootstrap replicates, seed ${r.bootstrap.seed}, ${100 * r.bootstrap.confidence}% percentile intervals` : ''}.
          </Provenance>
        </>
      )}
    </section>
  );
}
