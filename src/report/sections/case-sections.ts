import type { CaseFacts } from '../case-facts.ts';
import { exact, inline, obj, shortId, str } from '../format.ts';
import type { Block, Cell, Section } from '../model.ts';
import { POLICY } from '../policy.ts';
import { genericRun, runsOf, section, SECTION_TITLES } from './common.ts';

/** A model card in Markdown as plain blocks: headings as headings, other lines as paragraphs. */
function cardBlocks(card: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ').replace(/\*\*|__|`/g, '') });
    para = [];
  };
  for (const raw of card.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') flush();
    else if (/^#{1,6}\s/.test(line)) {
      flush();
      blocks.push({ kind: 'paragraph', tone: 'note', text: line.replace(/^#+\s*/, '') });
    } else if (/^[-*]\s/.test(line)) {
      flush();
      para.push(`• ${line.slice(2)}`);
    } else para.push(line);
  }
  flush();
  return blocks;
}

export function packageSection(facts: CaseFacts): Section {
  const blocks: Block[] = [];
  facts.packages.forEach((p, i) => {
    const v = p.verification;
    const lineage = obj(p.lineage);
    blocks.push(
      { kind: 'heading', text: `Package ${p.ref}` },
      {
        kind: 'checks',
        rows: [{
          label: 'File hashes and signature checked at import',
          status: v.ok === false ? 'fail' : 'pass',
          detail: `${v.ok === false ? 'problems: ' + (v.problems ?? []).join('; ') : 'every file matches the manifest'}; signature: ${v.signature?.present ? v.signature.status ?? 'present' : 'none'}`,
        }],
      },
      {
        kind: 'keyValues',
        rows: [
          { key: 'Source', value: p.sourceKind },
          { key: 'Model SHA-256', value: p.modelSha256, mono: true },
          { key: 'Task', value: exact(p.manifest.task) },
          { key: 'Threshold', value: exact(p.manifest.threshold) },
          { key: 'Favorable outcome', value: exact(p.manifest.favorable_outcome) },
          { key: 'Imported', value: `${p.importedAt} by ${p.importedBy}` },
        ],
      },
      {
        kind: 'table', name: `package-${i + 1}-files`, caption: `Files of ${p.ref}`,
        columns: [{ title: 'file' }, { title: 'bytes', align: 'right' }, { title: 'SHA-256', mono: true }],
        rows: p.files.map((f): Cell[] => [f.path, f.size, f.sha256]),
      },
      {
        kind: 'keyValues',
        rows: Object.keys(lineage).sort().map((k) => ({ key: `Lineage: ${k}`, value: typeof lineage[k] === 'string' ? (lineage[k] as string) : JSON.stringify(lineage[k]) })),
      },
    );
    if (p.card) blocks.push({ kind: 'paragraph', tone: 'note', text: `Model card (${str(p.manifest.card) ?? 'card'})` }, ...cardBlocks(p.card));
  });
  return section('package', facts.packages.length > 0, blocks);
}

export function dataSection(facts: CaseFacts): Section {
  const range = (r: Record<string, unknown>) => {
    const t = obj(r.timestampRange);
    return t.from || t.to ? `${exact(t.from)} .. ${exact(t.to)}` : '—';
  };
  const reasons = facts.logs.flatMap((l) => l.quarantineReasons.map((q): Cell[] => [l.name, q.reason, q.rows]));
  return section('data', facts.logs.length > 0, [
    {
      kind: 'table', name: 'logs', caption: 'Decision logs in the case',
      columns: [{ title: 'log' }, { title: 'package' }, { title: 'format' }, { title: 'rows', align: 'right' }, { title: 'quarantined', align: 'right' }, { title: 'timestamps' }],
      rows: facts.logs.map((l): Cell[] => [l.name, l.packageRef, l.format, l.rows, l.quarantined, range(l.report)]),
    },
    {
      kind: 'table', name: 'log-hashes', caption: 'Source files of the logs',
      columns: [{ title: 'log' }, { title: 'bytes', align: 'right' }, { title: 'SHA-256 of the source file', mono: true }],
      rows: facts.logs.map((l): Cell[] => [l.name, l.sourceBytes, l.sourceSha256]),
    },
    reasons.length
      ? { kind: 'table', name: 'quarantine', caption: 'Quarantined rows by reason (kept in the case, never silently dropped)', columns: [{ title: 'log' }, { title: 'reason' }, { title: 'rows', align: 'right' }], rows: reasons }
      : { kind: 'paragraph', text: 'No row of any log was quarantined.' },
  ]);
}

const psiName = (r: Record<string, unknown>): string | null => str(r.feature) ?? str(r.column) ?? str(r.name);

/** Drift and monitoring runs (monitor.*, drift*): their recorded results, with a PSI chart wherever a run lists PSI by feature. */
export function driftSection(facts: CaseFacts): Section {
  const runs = runsOf(facts, (m) => m.startsWith('monitor.') || m.startsWith('drift'));
  const blocks: Block[] = [];
  runs.forEach((run, i) => {
    blocks.push({ kind: 'heading', text: `${run.method}${str(run.parameters.log) ? ` on log ${str(run.parameters.log)}` : ''}` });
    for (const list of Object.values(obj(run.result))) {
      if (!Array.isArray(list)) continue;
      const bars = list.map(obj).filter((r) => typeof r.psi === 'number' && psiName(r) !== null);
      if (bars.length) {
        blocks.push({
          kind: 'bars', title: 'Population stability index by feature', min: 0, max: Math.max(0.3, ...bars.map((b) => (b.psi as number) * 1.1)), valueLabel: 'PSI',
          lines: [{ value: POLICY.psiWarn, label: '0.1' }, { value: POLICY.psiFail, label: '0.2' }],
          bars: bars.map((b) => ({ label: psiName(b)!, value: b.psi as number, flagged: (b.psi as number) >= POLICY.psiFail })),
        });
      }
    }
    blocks.push(...genericRun(run, `drift-${i + 1}`));
  });
  return section('drift', runs.length > 0, blocks);
}

export function findingsSection(facts: CaseFacts): Section {
  if (facts.findings === null) return { id: 'findings', title: SECTION_TITLES.findings, present: false, blocks: [{ kind: 'paragraph', tone: 'missing', text: 'Not available: this case has no findings table.' }] };
  return {
    id: 'findings', title: SECTION_TITLES.findings, present: true,
    blocks: facts.findings.length
      ? [{
          kind: 'table', name: 'findings', caption: `${facts.findings.length} findings recorded in the case`,
          columns: [{ title: 'id', mono: true }, { title: 'target' }, { title: 'severity' }, { title: 'status' }, { title: 'text' }, { title: 'recorded' }],
          rows: facts.findings.map((f): Cell[] => [f.id, `${f.targetKind} ${f.target}`, f.severity, f.status, f.text, `${f.createdAt} by ${f.createdBy}`]),
        }]
      : [{ kind: 'paragraph', text: 'No findings are recorded in this case.' }],
  };
}

export function auditSection(facts: CaseFacts, evidenceSha256: string): Section {
  const h = facts.auditHead;
  return {
    id: 'audit', title: SECTION_TITLES.audit, present: true,
    blocks: [
      {
        kind: 'keyValues',
        rows: h
          ? [
              { key: 'Head entry', value: `#${h.seq} of ${h.entries}, recorded ${h.recordedAt}` },
              { key: 'Head hash', value: h.hash, mono: true },
            ]
          : [{ key: 'Head entry', value: 'the audit trail is empty' }],
      },
      { kind: 'keyValues', rows: [{ key: 'Evidence manifest SHA-256', value: evidenceSha256, mono: true }] },
      {
        kind: 'paragraph',
        text: 'The audit trail is hash-chained: each entry holds the SHA-256 of the previous one. The head hash above (the last entry before this report was exported) fixes every earlier entry; "assay audit CASE --verify" recomputes the chain. The evidence bundle attached to this PDF (evidence.zip) holds every table of the report as JSON and CSV and every run with its parameters, seed, input hashes and result; its manifest lists each file\'s SHA-256, and the manifest\'s own SHA-256 is the one printed here.',
      },
    ],
  };
}

export function appendixSection(facts: CaseFacts): Section {
  const marks = new Map<string, string[]>();
  for (const m of facts.runMarks) marks.set(m.runId, [...(marks.get(m.runId) ?? []), `${m.kind}: ${m.note}`]);
  const blocks: Block[] = [
    {
      kind: 'table', name: 'runs', caption: `Every run recorded in the case (${facts.runs.length}), oldest first`,
      columns: [{ title: '#', align: 'right' }, { title: 'run', mono: true }, { title: 'method' }, { title: 'recorded' }, { title: 'seed', align: 'right' }, { title: 'result SHA-256', mono: true }],
      rows: facts.runs.map((r, i): Cell[] => [i + 1, shortId(r.runId), r.method, `${r.createdAt} ${r.createdBy}`, r.seed, r.resultSha256]),
    },
  ];
  facts.runs.forEach((r, i) => {
    blocks.push({
      kind: 'keyValues',
      rows: [
        { key: `#${i + 1} ${r.method}`, value: r.runId, mono: true },
        { key: 'Recorded', value: `${r.createdAt} by ${r.createdBy} (${r.role})` },
        { key: 'Parameters', value: inline(r.parameters) || '—' },
        { key: 'Seed', value: exact(r.seed) },
        ...Object.keys(r.inputHashes).sort().map((k) => ({ key: `Input ${k}`, value: r.inputHashes[k]!, mono: true })),
        { key: 'Result SHA-256', value: r.resultSha256, mono: true },
        ...(marks.get(r.runId) ?? []).map((m) => ({ key: 'Marked', value: m })),
      ],
    });
  });
  return { id: 'appendix', title: SECTION_TITLES.appendix, present: true, blocks };
}
