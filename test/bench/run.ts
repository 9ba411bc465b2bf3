import { mkdirSync, writeFileSync } from 'node:fs';
import { importBench } from './import-bench.ts';
import { replayBench } from './replay-bench.ts';
import { fairnessBench } from './fairness-bench.ts';
import { explainBench } from './explain-bench.ts';
import { globalExplainBench } from './global-explain-bench.ts';
import { reportBench } from './report-bench.ts';
import { renderBenchmarks, type BenchSection } from './section.ts';

/** npm run bench [-- --sizes 1000000,10000000]: runs every benchmark and writes docs/BENCHMARKS.md. */
const sizesArg = process.argv.indexOf('--sizes');
const sizes = sizesArg > 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [1_000_000, 10_000_000];
const dir = '.bench';
mkdirSync(dir, { recursive: true });

const sections: BenchSection[] = [];
sections.push(await importBench(dir, sizes));
sections.push(await replayBench(dir));
sections.push(await fairnessBench(dir, Math.max(...sizes)));
sections.push(await explainBench());
sections.push(await globalExplainBench(dir));
sections.push(await reportBench(dir));

const command = `npm run bench${sizesArg > 0 ? ` -- --sizes ${sizes.join(',')}` : ''}`;
writeFileSync('docs/BENCHMARKS.md', renderBenchmarks(sections, command));
console.log('wrote docs/BENCHMARKS.md');
