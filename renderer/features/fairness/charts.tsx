import { useMemo } from 'react';
import type { FairnessResult, GroupRateName } from '../../../src/api/contract.ts';
import { OKABE_ITO, Plot, type PlotPoint } from '../../components/Plot.tsx';
import { perGroupThresholds, singleThreshold, type Equalised } from './tradeoff.ts';

const PALETTE = [OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.green, OKABE_ITO.purple, OKABE_ITO.skyBlue, OKABE_ITO.vermillion, OKABE_ITO.grey, OKABE_ITO.yellow];
export const RATE_LABELS: Partial<Record<GroupRateName, string>> = {
  selectionRate: 'Selection rate', truePositiveRate: 'True-positive rate', falsePositiveRate: 'False-positive rate', accuracy: 'Accuracy',
};

/** A per-group rate as bars with its bootstrap interval as whiskers; the selection rate also gets the four-fifths line. */
export function RateChart({ r, rate, onGroup }: { r: FairnessResult; rate: GroupRateName; onGroup?: (group: string) => void }) {
  const data = useMemo(() => {
    const groups = r.groups;
    const y = groups.map((g) => g[rate]);
    const hasCi = groups.some((g) => g.ci?.[rate]);
    return [
      {
        type: 'bar', x: groups.map((g) => g.group), y: y.map((v) => v ?? 0),
        marker: { color: groups.map((g) => (g.group === r.reference ? OKABE_ITO.blue : OKABE_ITO.skyBlue)) },
        ...(hasCi
          ? {
              error_y: {
                type: 'data', symmetric: false, color: OKABE_ITO.vermillion, thickness: 2, width: 8,
                array: groups.map((g, k) => (g.ci?.[rate] && y[k] !== null ? g.ci[rate]![1] - y[k]! : 0)),
                arrayminus: groups.map((g, k) => (g.ci?.[rate] && y[k] !== null ? y[k]! - g.ci[rate]![0] : 0)),
              },
            }
          : {}),
        text: y.map((v) => (v === null ? 'undefined' : v.toFixed(3))), textposition: 'inside', insidetextanchor: 'start',
        hovertemplate: '%{x}: %{text}<extra></extra>',
      },
    ];
  }, [r, rate]);
  const refRate = rate === 'selectionRate' ? (r.groups.find((g) => g.group === r.reference)?.selectionRate ?? null) : null;
  const layout = useMemo(
    () => ({
      title: { text: `${RATE_LABELS[rate] ?? rate} by ${r.attribute}${r.bootstrap ? ' (95% CI)' : ''}`, x: 0.02, xanchor: 'left', font: { size: 13 } },
      margin: { l: 60, r: refRate === null ? 20 : 130, t: 40, b: 50 },
      yaxis: { title: { text: RATE_LABELS[rate] ?? rate }, range: [0, 1] },
      xaxis: { type: 'category' },
      shapes: refRate === null ? [] : [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.8 * refRate, y1: 0.8 * refRate, line: { color: OKABE_ITO.orange, dash: 'dash', width: 2 } }],
      annotations:
        refRate === null
          ? []
          : [{ xref: 'paper', x: 1, xshift: 4, y: 0.8 * refRate, xanchor: 'left', yanchor: 'middle', text: `4/5 of ${r.reference}: ${(0.8 * refRate).toFixed(3)}`, showarrow: false, font: { size: 11 } }],
      showlegend: false,
    }),
    [r, rate, refRate],
  );
  return (
    <Plot
      data={data} layout={layout} testId={rate === 'selectionRate' ? 'fairness-chart' : `fairness-chart-${rate}`}
      label={`${RATE_LABELS[rate] ?? rate} by ${r.attribute} with confidence intervals${refRate !== null ? ' and the four-fifths line' : ''}`}
      {...(onGroup ? { onPointClick: (p: PlotPoint) => typeof p.x === 'string' && onGroup(p.x) } : {})}
    />
  );
}

/** AIF360 disparate impact of each group against the reference with its interval, and the 0.8 line. */
export function DisparateImpactChart({ r }: { r: FairnessResult }) {
  const groups = [...r.groups.filter((g) => g.group !== r.reference).map((g) => g.group), ...(r.vsReference.allOthers ? ['allOthers'] : [])];
  const data = useMemo(() => {
    const y = groups.map((g) => r.vsReference[g]?.disparateImpact ?? null);
    const ci = groups.map((g) => r.ci?.vsReference[g]?.disparateImpact ?? null);
    return [
      {
        type: 'bar', x: groups, y: y.map((v) => v ?? 0), marker: { color: y.map((v) => (v !== null && v < 0.8 ? OKABE_ITO.vermillion : OKABE_ITO.green)) },
        ...(ci.some(Boolean)
          ? { error_y: { type: 'data', symmetric: false, color: OKABE_ITO.grey, thickness: 2, width: 8, array: ci.map((c, k) => (c && y[k] !== null ? c[1] - y[k]! : 0)), arrayminus: ci.map((c, k) => (c && y[k] !== null ? y[k]! - c[0] : 0)) } }
          : {}),
        text: y.map((v) => (v === null ? 'undefined' : v.toFixed(3))), textposition: 'inside', insidetextanchor: 'start', hovertemplate: '%{x}: %{text}<extra></extra>',
      },
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [r]);
  const layout = useMemo(
    () => ({
      title: { text: `Disparate impact vs ${r.reference}${r.bootstrap ? ' (95% CI)' : ''}`, x: 0.02, xanchor: 'left', font: { size: 13 } },
      yaxis: { title: { text: 'selection rate ratio' }, rangemode: 'tozero' },
      xaxis: { type: 'category' },
      shapes: [
        { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0.8, y1: 0.8, line: { color: OKABE_ITO.orange, dash: 'dash', width: 2 } },
        { type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 1, y1: 1, line: { color: OKABE_ITO.grey, dash: 'dot', width: 1 } },
      ],
      annotations: [{ xref: 'paper', x: 1, xshift: 4, y: 0.8, xanchor: 'left', yanchor: 'middle', text: 'four-fifths (0.8)', showarrow: false, font: { size: 11 } }],
      margin: { l: 60, r: 120, t: 40, b: 50 },
      showlegend: false,
    }),
    [r],
  );
  return <Plot data={data} layout={layout} label={`Disparate impact of each group against ${r.reference}, with the four-fifths line`} testId="disparate-impact-chart" />;
}

/** Each group's selection rate (or TPR) as the threshold moves, with the model's own threshold marked. */
export function SweepChart({ r, rate, threshold }: { r: FairnessResult; rate: 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate'; threshold: number | null }) {
  const sweep = r.thresholdSweep ?? [];
  const groups = r.groups.map((g) => g.group);
  const data = useMemo(
    () =>
      groups.map((g, i) => ({
        type: 'scatter', mode: 'lines', name: g, x: sweep.map((p) => p.threshold), y: sweep.map((p) => p.groups[g]?.[rate] ?? null),
        line: { color: PALETTE[i % PALETTE.length], width: g === r.reference ? 3 : 2 }, hovertemplate: `${g}, t=%{x}: %{y:.3f}<extra></extra>`,
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r, rate],
  );
  const layout = useMemo(
    () => ({
      title: { text: `${RATE_LABELS[rate]} by ${r.attribute} as the threshold moves`, x: 0.02, xanchor: 'left', font: { size: 13 } },
      xaxis: { title: { text: 'threshold t (decision = score ≥ t)' }, range: [0, 1] },
      yaxis: { title: { text: RATE_LABELS[rate] }, range: [0, 1] },
      shapes: threshold === null ? [] : [{ type: 'line', yref: 'paper', x0: threshold, x1: threshold, y0: 0, y1: 1, line: { color: OKABE_ITO.grey, dash: 'dash', width: 1 } }],
      legend: { orientation: 'h', y: -0.3 },
      margin: { l: 60, r: 20, t: 40, b: 100 },
    }),
    [r, rate, threshold],
  );
  return <Plot data={data} layout={layout} height={360} label={`${RATE_LABELS[rate]} of each group against the decision threshold`} testId={`sweep-${rate}`} />;
}

/** Between-group gaps (Fairlearn) as the threshold moves. */
export function GapSweepChart({ r, threshold }: { r: FairnessResult; threshold: number | null }) {
  const sweep = r.thresholdSweep ?? [];
  const series: [keyof FairnessResult['betweenGroups'], string, string][] = [
    ['demographicParityDifference', 'demographic parity difference', OKABE_ITO.blue],
    ['equalizedOddsDifference', 'equalized odds difference', OKABE_ITO.vermillion],
    ['equalOpportunityDifference', 'equal opportunity difference', OKABE_ITO.green],
    ['demographicParityRatio', 'demographic parity ratio', OKABE_ITO.orange],
  ];
  const data = useMemo(
    () =>
      series.map(([k, name, color]) => ({
        type: 'scatter', mode: 'lines', name, x: sweep.map((p) => p.threshold), y: sweep.map((p) => p.betweenGroups[k]), line: { color, width: 2, dash: k === 'demographicParityRatio' ? 'dot' : 'solid' },
        hovertemplate: `${name}, t=%{x}: %{y:.3f}<extra></extra>`,
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r],
  );
  const layout = useMemo(
    () => ({
      title: { text: `Gaps between ${r.attribute} groups as the threshold moves`, x: 0.02, xanchor: 'left', font: { size: 13 } },
      xaxis: { title: { text: 'threshold t' }, range: [0, 1] },
      yaxis: { title: { text: 'difference (ratio dotted)' }, range: [0, 1] },
      shapes: threshold === null ? [] : [{ type: 'line', yref: 'paper', x0: threshold, x1: threshold, y0: 0, y1: 1, line: { color: OKABE_ITO.grey, dash: 'dash', width: 1 } }],
      legend: { orientation: 'h', y: -0.3 },
      margin: { l: 60, r: 20, t: 40, b: 100 },
    }),
    [r, threshold],
  );
  return <Plot data={data} layout={layout} height={360} label="Between-group fairness gaps against the decision threshold" testId="sweep-gaps" />;
}

/** Accuracy against the gap in the chosen rate: one threshold for all vs per-group thresholds that equalise it. */
export function TradeOffChart({ r, rate }: { r: FairnessResult; rate: Equalised }) {
  const sweep = r.thresholdSweep ?? [];
  const single = useMemo(() => singleThreshold(sweep, rate), [sweep, rate]);
  const perGroup = useMemo(() => perGroupThresholds(sweep, r.reference, rate), [sweep, r.reference, rate]);
  const text = (p: { thresholds: Record<string, number> }) => Object.entries(p.thresholds).map(([g, t]) => `${g}: ${t}`).join('<br>');
  const data = useMemo(
    () => [
      {
        type: 'scatter', mode: 'markers', name: 'one threshold for all', x: single.map((p) => p.gap), y: single.map((p) => p.accuracy), text: single.map((p) => p.label),
        marker: { color: OKABE_ITO.blue, size: 6 }, hovertemplate: '%{text}<br>gap %{x:.3f}, accuracy %{y:.3f}<extra></extra>',
      },
      {
        type: 'scatter', mode: 'markers', name: `per-group thresholds equalising ${rate === 'selectionRate' ? 'selection rates' : 'TPR'}`, x: perGroup.map((p) => p.gap), y: perGroup.map((p) => p.accuracy),
        text: perGroup.map(text), marker: { color: OKABE_ITO.orange, size: 7, symbol: 'diamond' }, hovertemplate: '%{text}<br>gap %{x:.3f}, accuracy %{y:.3f}<extra></extra>',
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [single, perGroup],
  );
  const layout = useMemo(
    () => ({
      title: { text: `Accuracy against the ${rate === 'selectionRate' ? 'selection-rate' : 'TPR'} gap (what-if)`, x: 0.02, xanchor: 'left', font: { size: 13 } },
      xaxis: { title: { text: `max − min ${rate === 'selectionRate' ? 'selection rate' : 'true-positive rate'} over ${r.attribute} groups` }, rangemode: 'tozero' },
      yaxis: { title: { text: 'accuracy (rows with an outcome)' } },
      legend: { orientation: 'h', y: -0.3 }, margin: { l: 60, r: 20, t: 40, b: 100 }, hovermode: 'closest',
    }),
    [r, rate],
  );
  return <Plot data={data} layout={layout} height={380} label={`Accuracy against the ${rate} gap for single and per-group thresholds`} testId={`tradeoff-${rate}`} />;
}
