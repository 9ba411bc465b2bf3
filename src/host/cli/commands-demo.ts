import { buildDemoCase } from '../../api/demo.ts';
import type { Command } from './command.ts';
import { fmt, lines, table } from './format.ts';

export const demoCommands: Command[] = [
  {
    name: 'demo',
    usage: 'assay demo [--out DIR]',
    summary: 'Build the demo case from the embedded German credit data and models, and summarise it.',
    positionals: [],
    options: { out: { type: 'string' } },
    optionHelp: { out: 'folder for demo.assay (default ./assay-demo); an earlier demo case there is replaced' },
    async run(inv) {
      const out = typeof inv.values.out === 'string' ? inv.values.out : 'assay-demo';
      const s = await buildDemoCase(out, inv.context, (line) => inv.progress(line));
      return {
        result: s,
        text: lines(
          `Demo case: ${s.casePath}`,
          '',
          table(['package', 'model sha256', 'reference rows', 'mean score', 'ZipMap rewrite'], s.packages.map((p) => [p.ref, p.modelSha256, p.smokeTest?.rows ?? 0, fmt(p.smokeTest?.mean), p.rewrites ? 'yes' : 'no'])),
          '',
          table(['log', 'package', 'rows', 'quarantined'], s.logs.map((l) => [l.log, l.packageRef, l.rows, l.quarantined])),
          '',
          'Replay of every log with its model (logged score reproduced within 1e-6):',
          table(['log', 'rows', 'reproduced', 'mismatched', 'decision flipped'], s.replays.map((r) => [r.log, r.rows, r.reproduced, r.mismatched, r.flipped])),
          ...s.replays.filter((r) => r.mismatched > 0).map((r) => `Not reproduced in ${r.log}: ${r.mismatchedIds.join(', ')}`),
          '',
          `Signed report: ${s.report.pdf} (${s.report.pages} pages; HTML ${s.report.html}), signed by "${s.report.signer}"; evidence manifest SHA-256 ${s.report.evidenceManifestSha256}`,
          `Check it: pdfsig ${s.report.pdf}   or   assay report verify ${s.report.pdf} --case ${s.casePath}`,
          '',
          `Open it: assay case info ${s.casePath}`,
        ),
      };
    },
  },
];
