import { AssayError } from '../api/errors.ts';
import type { CaseFacts } from './case-facts.ts';
import { SECTION_IDS, type Block, type Report, type Section, type SectionId } from './model.ts';
import { appendixSection, auditSection, dataSection, driftSection, findingsSection, packageSection } from './sections/case-sections.ts';
import { SECTION_TITLES } from './sections/common.ts';
import { explainSection } from './sections/explain-section.ts';
import { fairnessSection } from './sections/fairness-section.ts';
import { replaySection } from './sections/replay-section.ts';
import { summarySection } from './sections/summary-section.ts';

export interface ComposeOptions {
  sections?: readonly SectionId[];
  signer?: string | null;
  /** The SHA-256 of the evidence manifest, printed in the audit section (known only after the first pass). */
  evidenceSha256?: string;
}

/** Methods that do not count as analyses: a case holding only these has nothing to report. */
const NOT_ANALYSES = new Set(['package.smoke-test']);

/** Table names are file names in the evidence bundle: make each unique. */
function uniqueTableNames(sections: Section[]): void {
  const seen = new Map<string, number>();
  for (const s of sections) {
    for (const b of s.blocks) {
      if (b.kind !== 'table') continue;
      const base = b.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'table';
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      (b as Extract<Block, { kind: 'table' }>).name = n === 1 ? base : `${base}-${n}`;
    }
  }
}

/** The models and logs the runs used (from their input hashes), else every package and log of the case. */
function coverSubjects(facts: CaseFacts) {
  const used = new Set(facts.runs.flatMap((r) => Object.keys(r.inputHashes)));
  const models = facts.packages.filter((p) => used.has(`package:${p.ref}`));
  const logs = facts.logs.filter((l) => used.has(`log:${l.name}`));
  return {
    models: (models.length ? models : facts.packages).map((p) => ({ ref: p.ref, sha256: p.modelSha256 })),
    data: (logs.length ? logs : facts.logs).map((l) => ({ log: l.name, sha256: l.sourceSha256, rows: l.rows })),
  };
}

/** Builds the report from the case's recorded runs. The same facts give the same report. */
export function composeReport(facts: CaseFacts, options: ComposeOptions = {}): Report {
  const analyses = facts.runs.filter((r) => !NOT_ANALYSES.has(r.method));
  if (analyses.length === 0) {
    throw new AssayError('NOT_FOUND', `The case ${facts.title ? `"${facts.title}" ` : ''}holds no analysis run to report on${facts.runs.length ? ' (only package smoke tests)' : ''}; record one first, for example "assay replay CASE --log NAME" or "assay fairness CASE --log NAME --attribute A".`, { runs: facts.runs.length });
  }
  const wanted = new Set<SectionId>(options.sections ?? SECTION_IDS);
  const build: Record<SectionId, () => Section> = {
    summary: () => summarySection(facts),
    package: () => packageSection(facts),
    data: () => dataSection(facts),
    replay: () => replaySection(facts),
    fairness: () => fairnessSection(facts),
    explanations: () => explainSection(facts),
    drift: () => driftSection(facts),
    findings: () => findingsSection(facts),
    audit: () => auditSection(facts, options.evidenceSha256 ?? '(computed with the evidence bundle)'),
    appendix: () => appendixSection(facts),
  };
  const sections = SECTION_IDS.filter((id) => wanted.has(id)).map((id) => build[id]());
  uniqueTableNames(sections);
  const warnings = sections.filter((s) => !s.present).map((s) => `The section "${SECTION_TITLES[s.id as SectionId]}" has no run to draw on; the report says so.`);
  const asOf = facts.runs.reduce((m, r) => (r.createdAt > m ? r.createdAt : m), '');
  return {
    format: 'assay-report/1',
    cover: { title: 'Model audit report', caseId: facts.caseId, caseTitle: facts.title, ...coverSubjects(facts), asOf, runs: facts.runs.length, signer: options.signer ?? null },
    sections,
    runIds: facts.runs.map((r) => r.runId),
    warnings,
  };
}
