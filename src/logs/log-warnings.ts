import type { Manifest } from '../packages/index.ts';
import { FIELD_NAMES, type ColumnMapping } from './column-mapping.ts';
import type { TableStats } from './log-summary.ts';
import type { RowPlan } from './row-plan.ts';
import type { LogSource } from './source.ts';

export interface WarningInput {
  source: LogSource;
  mapping: ColumnMapping;
  plan: RowPlan;
  naive: number;
  untypedExtras: ReadonlySet<string>;
  stats: TableStats;
  unseen: Record<string, { value: string; count: number }[]>;
  manifest: Manifest;
}

const WHAT_NEEDS: Record<string, string> = {
  timestamp: 'drift and time windows need it',
  score: 'replay cannot compare scores without it',
  decision: 'fairness of decisions needs it',
  outcome: 'performance and error-rate metrics need observed outcomes',
};

export function importWarnings(w: WarningInput): string[] {
  const out = [...w.source.warnings];
  for (const [field, why] of Object.entries(WHAT_NEEDS)) {
    if (w.mapping.canonical[field as keyof typeof w.mapping.canonical] === null) {
      out.push(`The log has no ${field} column (looked for ${(FIELD_NAMES[field as keyof typeof FIELD_NAMES]).join(', ')}); ${why}. Map one with --map ${field}=COLUMN.`);
    }
  }
  for (const [attr, column] of Object.entries(w.mapping.protected)) {
    if (column === null) out.push(`The log has no column for the protected attribute "${attr}"; fairness by ${attr} is not possible. Map it with --map ${attr}=COLUMN.`);
  }
  if (w.naive > 0) out.push(`${w.naive} timestamps have no time zone and were taken as UTC.`);
  if (w.stats.missingTimestamp > 0 && w.mapping.canonical.timestamp !== null) out.push(`${w.stats.missingTimestamp} imported rows have no timestamp.`);
  for (const e of w.plan.extras) {
    if (e.typed && w.untypedExtras.has(e.text.name)) out.push(`Column "${e.text.name}" looked like ${e.typed.type} but also holds other values; it is kept as text.`);
    if (e.text.source !== e.text.name) out.push(`Column "${e.text.source}" is kept as "${e.text.name}" because its name is taken by a column of the log table.`);
  }
  for (const [feature, values] of Object.entries(w.unseen)) {
    const total = values.reduce((a, v) => a + v.count, 0);
    const shown = values.slice(0, 5).map((v) => `"${v.value}" (${v.count})`).join(', ');
    out.push(`Feature "${feature}" has ${total} values the model was not trained on: ${shown}${values.length > 5 ? ', ...' : ''}. They are kept.`);
  }
  if (w.stats.otherVersions.length > 0) {
    out.push(`The log names model version ${w.stats.otherVersions.map((v) => `"${v}"`).join(', ')}, not the package's "${w.manifest.version}".`);
  }
  if (w.stats.rows === 0) out.push('No row of the log could be imported; see the quarantine for the reasons.');
  return out;
}
