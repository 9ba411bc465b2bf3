import type { ChallengerResult, PerformanceMetrics, WindowFairness } from '../../../src/api/contract.ts';
import { percent, Provenance, Warnings } from '../../components/analysis.tsx';
import { formatNumber } from '../../components/ui.tsx';
import { ChallengerPerformanceChart } from './charts.tsx';
import { describeWindow } from './windows.ts';

const PERFORMANCE: [keyof PerformanceMetrics, string, 'higher' | 'lower' | null][] = [
  ['observed', 'Outcomes known', null],
  ['accuracy', 'Accuracy', 'higher'],
  ['auc', 'AUC', 'higher'],
  ['brier', 'Brier score', 'lower'],
  ['ece', 'Calibration error (ECE)', 'lower'],
];

function better(a: number | null, b: number | null, dir: 'higher' | 'lower' | null): 'champion' | 'challenger' | null {
  if (dir === null || a === null || b === null || a === b) return null;
  return (dir === 'higher' ? b > a : b < a) ? 'challenger' : 'champion';
}

function FlipTable({ r }: { r: ChallengerResult }) {
  const f = r.flips;
  return (
    <table data-testid="flip-matrix">
      <caption className="provenance">Flip matrix: rows by the champion’s decision, columns by the challenger’s.</caption>
      <thead>
        <tr>
          <td />
          <th scope="col" className="num">challenger 0</th>
          <th scope="col" className="num">challenger 1</th>
        </tr>
      </thead>
      <tbody>
        {(['0', '1'] as const).map((c) => (
          <tr key={c}>
            <th scope="row">champion {c}</th>
            {(['0', '1'] as const).map((d) => (
              <td key={d} className={`num${c !== d ? ' flip-cell' : ''}`}>
                {f[c][d].toLocaleString('en')}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The header of a champion-versus-challenger table. */
function SideBySideHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Metric</th>
        <th scope="col" className="num">Champion</th>
        <th scope="col" className="num">Challenger</th>
      </tr>
    </thead>
  );
}

function fairnessRows(a: WindowFairness | null, b: WindowFairness | null): [string, number | null, number | null][] {
  const groups = [...new Set([...Object.keys(a?.disparateImpact ?? {}), ...Object.keys(b?.disparateImpact ?? {})])].filter((g) => g !== 'allOthers');
  return [
    ...groups.map((g): [string, number | null, number | null] => [`disparate impact ${g} vs ${a?.reference ?? b?.reference ?? ''}`, a?.disparateImpact[g] ?? null, b?.disparateImpact[g] ?? null]),
    ['demographic parity difference', a?.demographicParityDifference ?? null, b?.demographicParityDifference ?? null],
    ['demographic parity ratio', a?.demographicParityRatio ?? null, b?.demographicParityRatio ?? null],
    ['equal opportunity difference', a?.equalOpportunityDifference ?? null, b?.equalOpportunityDifference ?? null],
    ['equalized odds difference', a?.equalizedOddsDifference ?? null, b?.equalizedOddsDifference ?? null],
  ];
}

export function ChallengerPanel({ r }: { r: ChallengerResult }) {
  return (
    <>
      <div className="stats">
        <div className="stat">
          <span className="stat-value" data-testid="challenger-agreement">{percent(r.agreement)}</span>
          <span className="stat-label">decisions alike ({r.rows.toLocaleString('en')} rows)</span>
        </div>
        <div className={`stat${r.flips['0']['1'] + r.flips['1']['0'] > 0 ? ' bad' : ''}`}>
          <span className="stat-value">{(r.flips['0']['1'] + r.flips['1']['0']).toLocaleString('en')}</span>
          <span className="stat-label">flipped decisions</span>
        </div>
        <div className="stat">
          <span className="stat-value">{formatNumber(r.scoreCorrelation, 3)}</span>
          <span className="stat-label">score correlation (Pearson)</span>
        </div>
      </div>
      <p>
        Champion <strong>{r.champion}</strong> (the log’s own decisions) against challenger <strong>{r.challenger}</strong> (replayed: table <code>{r.replay.table}</code>, run{' '}
        <code>{r.replay.runId}</code>
        {r.replay.failed ? `, ${r.replay.failed} rows failed` : ''}) on {describeWindow(r.current)}. Run <code>{r.runId}</code>.
      </p>
      <Warnings items={r.warnings} />
      <div className="two-col">
        <div>
          <FlipTable r={r} />
          <table data-testid="challenger-performance-table">
            <caption className="provenance">Performance over the rows with a known outcome; the better side is marked.</caption>
            <SideBySideHead />
            <tbody>
              {PERFORMANCE.map(([k, label, dir]) => {
                const a = r.performance.champion[k];
                const b = r.performance.challenger[k];
                const win = better(a, b, dir);
                return (
                  <tr key={k}>
                    <th scope="row">{label}</th>
                    <td className={`num${win === 'champion' ? ' better' : ''}`}>{formatNumber(a, 4)}</td>
                    <td className={`num${win === 'challenger' ? ' better' : ''}`}>{formatNumber(b, 4)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <ChallengerPerformanceChart r={r} />
      </div>
      {r.fairness.map((f) => (
        <table key={f.attribute} data-testid={`challenger-fairness-${f.attribute}`}>
          <caption className="provenance">Fairness by {f.attribute}, side by side.</caption>
          <SideBySideHead />
          <tbody>
            {fairnessRows(f.champion, f.challenger).map(([label, a, b]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td className={`num${label.startsWith('disparate') && a !== null && a < 0.8 ? ' bad' : ''}`}>{formatNumber(a, 4)}</td>
                <td className={`num${label.startsWith('disparate') && b !== null && b < 0.8 ? ' bad' : ''}`}>{formatNumber(b, 4)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <Provenance>Challenger decisions: score ≥ the challenger package’s threshold; metrics as in the timeline (docs/metrics.md, Challenger).</Provenance>
    </>
  );
}
