import { cpus, totalmem } from 'node:os';

export interface BenchSection {
  title: string;
  intro: string;
  headers: string[];
  rows: string[][];
  notes: string[];
}

export function renderBenchmarks(sections: BenchSection[], command: string): string {
  const out = [
    '# Benchmarks',
    '',
    `<!-- Written by \`${command}\`; do not edit by hand. -->`,
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}.`,
    'Every figure is a ratio against the raw library doing the same work in the same run; absolute times are shown for context only.',
    '',
  ];
  for (const s of sections) {
    out.push(`## ${s.title}`, '', s.intro, '', `| ${s.headers.join(' | ')} |`, `|${s.headers.map(() => '---').join('|')}|`, ...s.rows.map((r) => `| ${r.join(' | ')} |`), '');
    if (s.notes.length) out.push(...s.notes.map((n) => `- ${n}`), '');
  }
  return out.join('\n');
}
