import type { CaseFacts, ReportRun } from '../case-facts.ts';
import { exact, inline, obj, shortId } from '../format.ts';
import type { Block, Cell, Section, SectionId } from '../model.ts';

export const SECTION_TITLES: Record<SectionId, string> = {
  summary: 'Executive summary',
  package: 'Model package review',
  data: 'Decision data',
  replay: 'Replay verification',
  fairness: 'Fairness',
  explanations: 'Explanations',
  drift: 'Drift and monitoring',
  findings: 'Findings',
  audit: 'Audit trail',
  appendix: 'Appendix: every run',
};

/** The command that records the run a missing section needs. */
export const MISSING_HINT: Partial<Record<SectionId, string>> = {
  package: 'No model package is imported in this case (assay package import CASE PATH).',
  data: 'No decision log is imported in this case (assay log import CASE FILE --package REF).',
  replay: 'No replay run is recorded in this case, so the report cannot state whether the logged scores are reproduced (assay replay CASE --log NAME).',
  fairness: 'No fairness run is recorded in this case (assay fairness CASE --log NAME --attribute A).',
  explanations: 'No explanation run is recorded in this case (assay explain global CASE --log NAME, assay explain CASE --log NAME --decision ID).',
  drift: 'No drift or monitoring run (monitor.*) is recorded in this case.',
};

export function section(id: SectionId, present: boolean, blocks: Block[]): Section {
  return { id, title: SECTION_TITLES[id], present, blocks: present ? blocks : [{ kind: 'paragraph', tone: 'missing', text: `Not available: ${MISSING_HINT[id] ?? 'the runs this section needs are not recorded in this case.'}` }] };
}

export function runsOf(facts: CaseFacts, test: (method: string) => boolean): ReportRun[] {
  return facts.runs.filter((r) => test(r.method));
}

export function runLabel(run: ReportRun): string {
  return `run ${shortId(run.runId)}, ${run.createdAt}`;
}

/** Where a run came from, as key/value rows: id, time, who, seed and the input hashes. */
export function provenance(run: ReportRun): Block {
  return {
    kind: 'keyValues',
    rows: [
      { key: 'Run', value: run.runId, mono: true },
      { key: 'Recorded', value: `${run.createdAt} by ${run.createdBy} (${run.role})` },
      { key: 'Parameters', value: inline(run.parameters) || '—' },
      { key: 'Seed', value: exact(run.seed) },
      { key: 'Result SHA-256', value: run.resultSha256, mono: true },
    ],
  };
}

const scalar = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** A run of a method the report has no special layout for: its scalar results, and its lists of flat records as tables. */
export function genericRun(run: ReportRun, name: string): Block[] {
  const result = obj(run.result);
  const blocks: Block[] = [provenance(run)];
  const scalars = Object.entries(result).filter(([k, v]) => scalar(v) && k !== 'runId');
  if (scalars.length) blocks.push({ kind: 'keyValues', rows: scalars.map(([k, v]) => ({ key: k, value: exact(v) })) });
  for (const [k, v] of Object.entries(result)) {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => x !== null && typeof x === 'object' && !Array.isArray(x))) continue;
    const records = v as Record<string, unknown>[];
    const keys = [...new Set(records.flatMap((r) => Object.keys(r)))].slice(0, 8);
    blocks.push({
      kind: 'table', name: `${name}-${k}`, caption: `${k} (${records.length} rows)`,
      columns: keys.map((key) => ({ title: key, align: records.some((r) => typeof r[key] === 'number') ? 'right' as const : 'left' as const })),
      rows: records.map((r) => keys.map((key): Cell => (scalar(r[key]) ? (typeof r[key] === 'boolean' ? exact(r[key]) : (r[key] as Cell)) : JSON.stringify(r[key])))),
      printLimit: 20,
    });
  }
  return blocks;
}

export function warningsOf(run: ReportRun): Block[] {
  const warnings = (obj(run.result).warnings as unknown[] | undefined) ?? [];
  return warnings.filter((w): w is string => typeof w === 'string').map((w) => ({ kind: 'paragraph', tone: 'note', text: `Warning recorded with the run: ${w}` }));
}
