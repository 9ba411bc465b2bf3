import { useState } from 'react';
import type { DriftResult, FeatureDrift, Severity } from '../../../src/api/contract.ts';
import { Provenance, sci, signed, Warnings } from '../../components/analysis.tsx';
import { formatNumber } from '../../components/ui.tsx';
import { OverlayChart } from './charts.tsx';
import { driftRows, meanChange, type DriftSort, type DriftSortKey } from './drift-sort.ts';
import { describeWindow } from './windows.ts';

const SEVERITY_TEXT: Record<Severity, string> = { none: 'none', moderate: 'moderate', major: 'major' };

/** The test that names the drift of a column, as the engine computes it. */
export function methodOf(f: FeatureDrift): string {
  return f.type === 'numeric'
    ? `PSI over ${(f.bins?.edges.length ?? 0) + 1} reference-decile bins, two-sample KS, JS, Wasserstein-1`
    : `PSI over ${f.levels?.length ?? 0} levels, Pearson χ²${f.chi2DegreesOfFreedom !== null ? ` (df ${f.chi2DegreesOfFreedom})` : ''}, JS`;
}

function p(v: number | null): string {
  return v === null ? '—' : v < 1e-4 ? sci(v) : v.toFixed(4);
}

function levelsText(items: string[] | null): string {
  if (!items || items.length === 0) return '';
  return items.length > 3 ? `${items.slice(0, 3).join(', ')} +${items.length - 3}` : items.join(', ');
}

const COLUMNS: { key: DriftSortKey; label: string; num?: boolean; title?: string }[] = [
  { key: 'rank', label: '#', num: true, title: 'Rank by PSI, largest first (the result’s ranking)' },
  { key: 'column', label: 'Column' },
  { key: 'type', label: 'Type · test', title: 'Numeric columns: PSI over reference deciles and the KS test; categorical: PSI over levels and the χ² test' },
  { key: 'psi', label: 'PSI', num: true, title: 'Population stability index; severity none < 0.1 ≤ moderate < 0.25 ≤ major' },
  { key: 'ks', label: 'KS D (p)', num: true, title: 'Two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value (numeric columns)' },
  { key: 'chi2', label: 'χ² (p)', num: true, title: 'Pearson chi-square without continuity correction and its p-value (categorical columns)' },
  { key: 'jsDistance', label: 'JS distance', num: true },
  { key: 'wasserstein', label: 'Wasserstein', num: true },
  { key: 'meanChange', label: 'Mean ref → cur', num: true },
  { key: 'levelChanges', label: 'New / vanished levels' },
];

function SortHeader({ c, sort, onSort }: { c: (typeof COLUMNS)[number]; sort: DriftSort; onSort: (s: DriftSort) => void }) {
  const active = sort.key === c.key;
  return (
    <th scope="col" className={c.num ? 'num' : undefined} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'} title={c.title}>
      <button
        type="button" className="th-sort"
        onClick={() => onSort({ key: c.key, descending: active ? !sort.descending : !['rank', 'column', 'type'].includes(c.key) })}
      >
        {c.label}
        {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );
}

export function DriftPanel({ r, selected, onSelect }: { r: DriftResult; selected: string | null; onSelect: (column: string) => void }) {
  const [sort, setSort] = useState<DriftSort>({ key: 'rank', descending: false });
  const rows = driftRows(r, sort);
  const chosen = selected && r.features[selected] ? selected : (r.ranking[0] ?? null);
  const moderate = Object.values(r.features).filter((f) => f.severity === 'moderate').length;
  return (
    <>
      <div className="stats">
        <div className={`stat${r.alerts.length ? ' bad' : ''}`}>
          <span className="stat-value" data-testid="drift-alerts">{r.alerts.length}</span>
          <span className="stat-label">major drift alerts (PSI ≥ {r.thresholds.major})</span>
        </div>
        <div className="stat">
          <span className="stat-value">{moderate}</span>
          <span className="stat-label">moderate (PSI ≥ {r.thresholds.moderate})</span>
        </div>
        <div className="stat">
          <span className="stat-value" data-testid="drift-top">{r.ranking[0] ?? '—'}</span>
          <span className="stat-label">largest PSI</span>
        </div>
      </div>
      <p>
        Reference: {describeWindow(r.reference)}. Current: {describeWindow(r.current)}. Package {r.package}; run <code>{r.runId}</code>.
        {r.alerts.length ? (
          <>
            {' '}
            Alerts: <strong className="bad">{r.alerts.join(', ')}</strong>.
          </>
        ) : (
          ' No column drifts enough to raise an alert.'
        )}
      </p>
      <div className="table-wrap">
        <table data-testid="drift-table" className="drift-table">
          <caption className="provenance">
            Every covered column, ranked by PSI; click a header to sort, a row to see its distributions. Row colour: severity from the PSI (none &lt; {r.thresholds.moderate} ≤ moderate &lt;{' '}
            {r.thresholds.major} ≤ major). Methods: numeric columns — PSI over the reference deciles, two-sample Kolmogorov–Smirnov D with its asymptotic p, Jensen–Shannon distance,
            Wasserstein-1; categorical columns — PSI over the levels, Pearson χ² with its p, Jensen–Shannon distance.
          </caption>
          <thead>
            <tr>
              {COLUMNS.slice(0, 4).map((c) => (
                <SortHeader key={c.key} c={c} sort={sort} onSort={setSort} />
              ))}
              <th scope="col">Severity</th>
              {COLUMNS.slice(4).map((c) => (
                <SortHeader key={c.key} c={c} sort={sort} onSort={setSort} />
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(({ column, rank, f }) => {
              const change = meanChange(f);
              const levels = [levelsText(f.newLevels) && `new: ${levelsText(f.newLevels)}`, levelsText(f.vanishedLevels) && `vanished: ${levelsText(f.vanishedLevels)}`].filter(Boolean).join('; ');
              return (
                <tr
                  key={column} className={`clickable sev-${f.severity}${column === chosen ? ' selected' : ''}`} data-column={column}
                  aria-selected={column === chosen} onClick={() => onSelect(column)}
                >
                  <td className="num">{rank}</td>
                  <th scope="row">
                    <button type="button" className="link-button" onClick={(e) => (e.stopPropagation(), onSelect(column))} title={`Show the distributions of ${column}`}>
                      {column}
                    </button>
                    {f.role !== 'feature' && <span className="muted"> ({f.role})</span>}
                  </th>
                  <td title={methodOf(f)} className="method">
                    {f.type} <span className="muted">· {f.type === 'numeric' ? 'KS' : 'χ²'}</span>
                  </td>
                  <td className="num" data-testid="psi">{f.psi.toFixed(4)}</td>
                  <td>
                    {f.severity === 'none' ? <span className="muted">none</span> : <span className={`sev sev-drift-${f.severity}`}>{SEVERITY_TEXT[f.severity]}</span>}
                    {f.flags.length > 0 && <span className="muted"> {f.flags.join(', ')}</span>}
                  </td>
                  <td className="num">
                    {f.ks === null ? '—' : f.ks.toFixed(4)}
                    {f.ksPValue !== null && <span className="muted"> ({p(f.ksPValue)})</span>}
                  </td>
                  <td className="num">
                    {f.chi2 === null ? '—' : f.chi2.toFixed(2)}
                    {f.chi2PValue !== null && <span className="muted"> ({p(f.chi2PValue)})</span>}
                  </td>
                  <td className="num">{f.jsDistance.toFixed(4)}</td>
                  <td className="num">{formatNumber(f.wasserstein, 3)}</td>
                  <td className="num">
                    {f.mean.reference === null ? '—' : `${formatNumber(f.mean.reference, 2)} → ${formatNumber(f.mean.current, 2)}`}
                    {change !== null && <span className="muted"> ({signed(100 * change, 1)}%)</span>}
                  </td>
                  <td>{levels || (f.type === 'categorical' ? 'none' : '')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {r.skipped.length > 0 && (
        <p className="muted">
          Not compared: {r.skipped.map((s) => `${s.column} (${s.reason})`).join('; ')}.
        </p>
      )}
      <Warnings items={r.warnings} />
      {chosen && r.features[chosen] && (
        <section aria-labelledby="overlay-title">
          <h2 id="overlay-title">
            Distribution of <span data-testid="overlay-column">{chosen}</span>
          </h2>
          <OverlayChart column={chosen} f={r.features[chosen]!} />
          <p className="muted">
            {r.features[chosen]!.bins
              ? 'Share of each side’s rows per PSI bin: the bins are cut at the reference deciles, so the reference holds about a tenth in each unless its values tie; where the current bar departs from the reference bar is where the drift is.'
              : 'Share of each side’s rows per level, most frequent first (at most 100 levels).'}{' '}
            Missing values are left out ({r.features[chosen]!.missing.reference} reference, {r.features[chosen]!.missing.current} current).
          </p>
        </section>
      )}
      <Provenance>
        PSI with proportions floored at 1e-4; KS asymptotic p-value; χ² without continuity correction; Jensen–Shannon distance base 2 over the PSI bins; Wasserstein-1 in the
        column’s units (docs/metrics.md, Monitoring).
      </Provenance>
    </>
  );
}
