import type { DriftWindow, TimeWindow } from '../../../src/api/contract.ts';

/** The reference and current windows chosen on the monitor screen, as the date inputs hold them ('' = open end). */
export interface WindowChoice {
  reference: 'referenceData' | 'log';
  referenceFrom: string;
  referenceTo: string;
  currentFrom: string;
  currentTo: string;
}

export const DEFAULT_WINDOWS: WindowChoice = { reference: 'referenceData', referenceFrom: '', referenceTo: '', currentFrom: '', currentTo: '' };

function window(from: string, to: string): TimeWindow {
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** The `reference` and `current` arguments of the monitor.* methods. */
export function windowArgs(w: WindowChoice): { reference?: TimeWindow; current?: TimeWindow } {
  const current = window(w.currentFrom, w.currentTo);
  return {
    ...(w.reference === 'log' ? { reference: window(w.referenceFrom, w.referenceTo) } : {}),
    ...(Object.keys(current).length ? { current } : {}),
  };
}

/** A stable key of the choice, so that a result can tell whether it still matches the form. */
export function windowKey(w: WindowChoice): string {
  return JSON.stringify(windowArgs(w));
}

function day(iso: string | null): string {
  return iso ? iso.replace('T00:00:00.000Z', '').replace('.000Z', 'Z') : '';
}

/** "reference data, 200 rows" or "log [2024-01-01, 2025-07-01), 748 rows". */
export function describeWindow(w: DriftWindow): string {
  if (w.kind === 'referenceData') return `the package’s reference data, ${w.rows.toLocaleString('en')} rows`;
  const from = day(w.from) || 'first decision';
  const to = day(w.to) || 'last decision';
  return `log [${from}, ${to}${w.to ? ')' : ']'}, ${w.rows.toLocaleString('en')} rows`;
}
