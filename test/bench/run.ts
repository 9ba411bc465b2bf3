import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { importBench } from './import-bench.ts';
import { replayBench } from './replay-bench.ts';
import { fairnessBench } from './fairness-bench.ts';
import { explainBench } from './explain-bench.ts';
import { globalExplainBench } from './global-explain-bench.ts';
import { reportBench } from './report-bench.ts';
import { explorerBench } from './explorer-bench.ts';
import { monitorBench } from './monitor-bench.ts';
import { parseSections, renderBenchmarks, renderSection, type BenchSection } from './section.ts';

/**
 * npm run bench [-- --sizes 1000000,10000000] [--only import,replay,...]: runs the benchmarks and writes
 * docs/BENCHMARKS.md. With --only, the other sections are kept as the earlier file has them.
 */
function option(name: string): string | null {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] ?? null : null;
}
const sizes = (option('--sizes') ?? '1000000,10000000').split(',').map(Number);
const largest = Math.max(...sizes);
const dir = '.bench';
mkdirSync(dir, { recursive: true });

const BENCHES: { key: string; title: string; run: () => Promise<BenchSection> }[] = [
  { key: 'import', title: 'Decision log import', run: () => importBench(dir, sizes) },
  { key: 'replay', title: 'Replay, what-if and counterfactuals', run: () => replayBench(dir) },
  { key: 'fairness', title: 'Fairness', run: () => fairnessBench(dir, largest) },
  { key: 'explain', title: 'Explanations', run: () => explainBench() },
  { key: 'global-explain', title: 'Global explanation', run: () => globalExplainBench(dir) },
  { key: 'report', title: 'Signed compliance report', run: () => reportBench(dir) },
  { key: 'explorer', title: 'Decision explorer', run: () => explorerBench(dir, largest) },
  { key: 'monitor', title: 'Monitoring', run: () => monitorBench(dir, largest) },
];

const only = option('--only')?.split(',') ?? null;
const unknown = (only ?? []).filter((k) => !BENCHES.some((b) => b.key === k));
if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(', ')}; the benchmarks are ${BENCHES.map((b) => b.key).join(', ')}`);
const earlier = existsSync('docs/BENCHMARKS.md') ? parseSections(readFileSync('docs/BENCHMARKS.md', 'utf8')) : new Map<string, string>();

const out: string[] = [];
for (const b of BENCHES) {
  if (only && !only.includes(b.key)) {
    const kept = [...earlier.entries()].find(([title]) => title === b.title || title.startsWith(b.title));
    if (kept) out.push(kept[1]);
    continue;
  }
  console.log(`== ${b.key}`);
  const section = await b.run();
  out.push(renderSection(section));
  writeFileSync('docs/BENCHMARKS.md', renderBenchmarks([...out, ...BENCHES.slice(BENCHES.indexOf(b) + 1).flatMap((rest) => {
    const kept = [...earlier.entries()].find(([title]) => title === rest.title || title.startsWith(rest.title));
    return kept ? [kept[1]] : [];
  })], 'npm run bench'));
}
writeFileSync('docs/BENCHMARKS.md', renderBenchmarks(out, 'npm run bench'));
console.log('wrote docs/BENCHMARKS.md');
