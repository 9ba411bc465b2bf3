import { cpus, loadavg, totalmem } from 'node:os';

export interface BenchSection {
  title: string;
  intro: string;
  headers: string[];
  rows: string[][];
  notes: string[];
}

/** One section as markdown, beginning with its "## title" line and the day and machine it was measured on. */
export function renderSection(s: BenchSection): string {
  const out = [
    `## ${s.title}`, '',
    `_Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${loadavg()[0]!.toFixed(1)} when the section was written._`, '',
    s.intro, '', `| ${s.headers.join(' | ')} |`, `|${s.headers.map(() => '---').join('|')}|`, ...s.rows.map((r) => `| ${r.join(' | ')} |`), '',
  ];
  if (s.notes.length) out.push(...s.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** The "## " sections of an earlier BENCHMARKS.md by title, each as its markdown. */
export function parseSections(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = markdown.split(/\n(?=## )/);
  for (const part of parts.slice(1)) {
    const title = part.slice(3, part.indexOf('\n')).trim();
    out.set(title, part.trimEnd() + '\n');
  }
  return out;
}

export function renderBenchmarks(sections: string[], command: string): string {
  return [
    '# Benchmarks',
    '',
    `<!-- Written by \`${command}\`; do not edit by hand. Each section names the day and machine it was measured on. -->`,
    '',
    'Every figure is a ratio against the raw library doing the same work in the same run; absolute times are shown for context only.',
    '',
    ...sections,
  ].join('\n');
}
