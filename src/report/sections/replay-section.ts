import type { ReplayResult } from '../../api/contract-replay.ts';
import type { CaseFacts, ReportRun } from '../case-facts.ts';
import { exact, percent } from '../format.ts';
import type { Block, Cell, Section } from '../model.ts';
import { provenance, runsOf, section } from './common.ts';

function replayRun(run: ReportRun, index: number): Block[] {
  const r = run.result as ReplayResult;
  const name = `replay-${index + 1}`;
  const blocks: Block[] = [
    { kind: 'heading', text: `Log ${r.log} replayed with ${r.package}${r.otherPackage ? ' (another package than the logging one)' : ''}` },
    provenance(run),
    {
      kind: 'checks',
      rows: [{
        label: `Logged scores reproduced within ${exact(r.tolerance)}`,
        status: r.mismatched === 0 && r.failed === 0 ? 'pass' : 'fail',
        detail: `${exact(r.reproduced)} of ${exact(r.rows)} reproduced (${percent(r.reproduced, r.rows)}), ${exact(r.mismatched)} mismatched, ${exact(r.flipped)} decisions flipped, ${exact(r.failed)} failed`,
      }],
    },
    {
      kind: 'keyValues',
      rows: [
        { key: 'Rows replayed', value: exact(r.rows) },
        { key: 'Reproduced', value: exact(r.reproduced) },
        { key: 'Mismatched', value: exact(r.mismatched) },
        { key: 'Decision flipped', value: exact(r.flipped) },
        { key: 'Failed', value: exact(r.failed) },
        { key: 'Tolerance', value: exact(r.tolerance) },
        { key: 'Threshold', value: exact(r.threshold) },
        { key: 'Largest |difference| among reproduced', value: exact(r.maxAbsDiffReproduced) },
        { key: 'Largest |difference|', value: exact(r.maxAbsDiff) },
        { key: 'Rows with an unseen category', value: exact(r.unseenCategoryRows) },
        { key: 'Filter', value: r.where.length ? JSON.stringify(r.where) : 'none (every decision)' },
      ],
    },
  ];
  if (r.mismatches.length) {
    blocks.push({
      kind: 'table', name: `${name}-mismatches`, caption: `Logged scores not reproduced (${r.mismatches.length}${r.truncated ? ', list shortened by --limit' : ''}), exact values as recorded`,
      columns: [{ title: 'decision', mono: true }, { title: 'logged', align: 'right' }, { title: 'replayed', align: 'right' }, { title: 'difference', align: 'right' }, { title: 'decision flipped' }],
      rows: r.mismatches.map((m): Cell[] => [m.decisionId, exact(m.logged), exact(m.replayed), exact(m.diff), m.decisionFlipped ? 'yes' : 'no']),
      printLimit: 40,
    });
  }
  if (r.failures.length) {
    blocks.push({
      kind: 'table', name: `${name}-failures`, caption: 'Rows the model failed on',
      columns: [{ title: 'decision', mono: true }, { title: 'row', align: 'right' }, { title: 'message' }],
      rows: r.failures.map((f): Cell[] => [f.decisionId, f.row, f.message]), printLimit: 20,
    });
  }
  if (r.decisionChanges) {
    blocks.push({
      kind: 'paragraph',
      text: `With ${r.package}, ${exact(r.decisionChanges.total)} decisions would differ from the logged ones (${exact(r.decisionChanges.toPositive)} to positive, ${exact(r.decisionChanges.toNegative)} to negative).`,
    });
  }
  for (const w of r.warnings) blocks.push({ kind: 'paragraph', tone: 'note', text: `Warning recorded with the run: ${w}` });
  return blocks;
}

export function replaySection(facts: CaseFacts): Section {
  const runs = runsOf(facts, (m) => m === 'replay.run');
  return section('replay', runs.length > 0, [
    { kind: 'paragraph', text: 'Each logged score was scored again through the model package with ONNX Runtime; a logged score is reproduced when |replayed − logged| is within the tolerance.' },
    ...runs.flatMap((r, i) => replayRun(r, i)),
  ]);
}
