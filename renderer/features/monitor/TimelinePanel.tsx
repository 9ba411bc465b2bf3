import { useState } from 'react';
import type { TimelineResult } from '../../../src/api/contract.ts';
import { percent, Provenance, Warnings } from '../../components/analysis.tsx';
import { formatNumber } from '../../components/ui.tsx';
import { FairnessTimeline, PerformanceTimeline, PsiTimeline, SelectionTimeline, topDrifting } from './charts.tsx';
import { describeWindow } from './windows.ts';

export function TimelinePanel({ t }: { t: TimelineResult }) {
  const [count, setCount] = useState(5);
  const top = topDrifting(t, count);
  return (
    <>
      <p data-testid="timeline-summary">
        {t.windows.length} {t.granularity === 'day' ? 'daily' : `${t.granularity}ly`} windows from {t.span.from.slice(0, 10)} to {t.span.to.slice(0, 10)} (
        {t.span.rows.toLocaleString('en')} decisions): {t.granularityReason}. Reference: {describeWindow(t.reference)}. Run <code>{t.runId}</code>.
      </p>
      <Warnings items={t.warnings} />
      <label>
        Columns plotted{' '}
        <select value={count} onChange={(e) => setCount(Number(e.target.value))}>
          {[3, 5, 8, t.columns.length].filter((n, i, a) => n <= t.columns.length && a.indexOf(n) === i).map((n) => (
            <option key={n} value={n}>
              {n === t.columns.length ? `all ${n}` : `top ${n} by peak PSI`}
            </option>
          ))}
        </select>
      </label>
      <PsiTimeline t={t} columns={top} />
      <div className="charts charts-2">
        <SelectionTimeline t={t} />
        <PerformanceTimeline t={t} />
        {t.attributes.map((a) => (
          <FairnessTimeline key={a} t={t} attribute={a} />
        ))}
      </div>
      <div className="table-wrap">
        <table data-testid="timeline-table" className="timeline-table">
          <caption className="provenance">
            Per window: decisions, selection rate, and the performance over the rows whose outcome is known. * the window holds too few values of that column for PSI to tell
            drift from sampling noise (the PSI expected without drift reaches 0.1).
          </caption>
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col" className="num">Decisions</th>
              <th scope="col" className="num">Selection rate</th>
              <th scope="col" className="num">Outcomes known</th>
              <th scope="col" className="num">Accuracy</th>
              <th scope="col" className="num">AUC</th>
              <th scope="col" className="num">Brier</th>
              <th scope="col" className="num">ECE</th>
              <th scope="col">Major drift</th>
            </tr>
          </thead>
          <tbody>
            {t.windows.map((w) => {
              const major = Object.entries(w.drift).filter(([, d]) => d.severity === 'major');
              const onlyNoise = major.length > 0 && major.every(([, d]) => d.smallSample);
              return (
                <tr key={w.start}>
                  <th scope="row">{w.start.slice(0, 10)}</th>
                  <td className="num">{w.rows.toLocaleString('en')}</td>
                  <td className="num">{percent(w.selectionRate)}</td>
                  <td className={`num${w.performance.missingOutcome > 0 ? ' warn' : ''}`}>
                    {w.performance.observed}
                    {w.performance.missingOutcome > 0 ? ` (${w.performance.missingOutcome} pending)` : ''}
                  </td>
                  <td className="num">{formatNumber(w.performance.accuracy, 3)}</td>
                  <td className="num">{formatNumber(w.performance.auc, 3)}</td>
                  <td className="num">{formatNumber(w.performance.brier, 3)}</td>
                  <td className="num">{formatNumber(w.performance.ece, 3)}</td>
                  <td className={onlyNoise ? 'muted' : major.length ? 'bad' : 'muted'}>
                    {major.map(([c, d]) => (d.smallSample ? `${c}*` : c)).join(', ') || 'none'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Provenance>
        PSI and JS distance per window over the reference’s decile bins or levels; AUC by Mann–Whitney; ECE over {t.eceBins} equal-width score bins; fairness from the fairness
        engine (AIF360 disparate impact, Fairlearn differences) — docs/metrics.md, Over time.
      </Provenance>
    </>
  );
}
