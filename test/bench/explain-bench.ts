import { readFileSync } from 'node:fs';
import ort from 'onnxruntime-node';
import { exactShapley, kernelShap, matrixEncoder, TreeShapExplainer, type ExplanationResult, type Predict, type Row, type TreeData, type TreeEnsemble } from '../../src/explain/index.ts';
import { ModelSession, specFromManifest } from '../../src/inference/index.ts';
import { manifestSchema, parseTreeEnsemble, summariseGraph, type Manifest } from '../../src/packages/index.ts';
import { Random } from '../../src/util/random.ts';
import { parseReferenceCsv } from '../../fixtures/lib/index.ts';
import { ensembleModel } from '../integration/explain/tree-fixtures.ts';
import type { BenchSection } from './section.ts';

const PACKAGES = 'fixtures/demo/packages';
const BACKGROUND = 50;
const ORT_BATCH = 16384;
const TARGETS = { exact: 1.5, kernel: 0.5, tree: 2000 };

interface Demo {
  manifest: Manifest;
  bytes: Uint8Array;
  rows: Row[];
  features: string[];
}

function loadDemo(id: string): Demo {
  const dir = `${PACKAGES}/${id}`;
  const manifest = manifestSchema.parse(JSON.parse(readFileSync(`${dir}/assay-package.json`, 'utf8')));
  const rows = parseReferenceCsv(readFileSync(`${dir}/reference.csv`, 'utf8')).map((r) => r.applicant as Row);
  return { manifest, bytes: new Uint8Array(readFileSync(`${dir}/${manifest.model.file}`)), rows, features: manifest.features.map((f) => f.name) };
}

async function session(d: Demo): Promise<{ model: ModelSession; predict: Predict }> {
  const model = await ModelSession.create(d.bytes, specFromManifest(d.manifest, summariseGraph(d.bytes).inputs));
  const predict: Predict = (rows) => model.score({ length: rows.length, columns: Object.fromEntries(d.features.map((f) => [f, rows.map((r) => r[f] ?? null)])) });
  return { model, predict };
}

/** Bare ONNX Runtime: seconds to score `count` rows with feeds built beforehand, in batches of ORT_BATCH. */
async function bareOrt(d: Demo, bytes: Uint8Array, count: number): Promise<number> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const n = Math.min(ORT_BATCH, count);
    const rows = Array.from({ length: n }, (_, i) => d.rows[i % d.rows.length]!);
    const feeds: Record<string, ort.Tensor> = {};
    if (d.manifest.input.layout === 'matrix') {
      const enc = matrixEncoder({ features: d.manifest.features, unknownValue: d.manifest.input.unknown_value });
      const data = new Float32Array(n * d.features.length);
      rows.forEach((r, i) => data.set(enc(r), i * d.features.length));
      feeds[d.manifest.input.name] = new ort.Tensor('float32', data, [n, d.features.length]);
    } else {
      for (const f of d.manifest.features) {
        feeds[f.name] = f.type === 'categorical'
          ? new ort.Tensor('string', rows.map((r) => String(r[f.name])), [n, 1])
          : new ort.Tensor('float32', Float32Array.from(rows, (r) => Number(r[f.name])), [n, 1]);
      }
    }
    await s.run(feeds);
    const t = performance.now();
    for (let done = 0; done < count; done += n) await s.run(feeds);
    return (performance.now() - t) / 1000;
  } finally {
    await s.release();
  }
}

async function perDecision(explain: (x: Row) => Promise<ExplanationResult>, xs: Row[]): Promise<{ seconds: number; rows: number }> {
  await explain(xs[0]!);
  let rows = 0;
  const t = performance.now();
  for (const x of xs) rows += (await explain(x)).diagnostics.modelRows;
  return { seconds: (performance.now() - t) / 1000 / xs.length, rows: rows / xs.length };
}

/** 100 trees of depth 4 splitting the demo features at values seen in the reference data (BRANCH_LEQ). */
function deepTrees(d: Demo, width: number): TreeEnsemble {
  const rng = new Random(2024);
  const enc = matrixEncoder({ features: d.manifest.features, unknownValue: -1 });
  const vectors = d.rows.map((r) => enc(r));
  const tree = (): TreeData => {
    const t: TreeData = { modes: [], features: [], thresholds: [], trueChildren: [], falseChildren: [], missingTracksTrue: [], values: [] };
    const add = (depth: number): number => {
      const i = t.modes.length;
      const leaf = depth === 4;
      const feature = rng.int(width);
      t.modes.push(leaf ? 'LEAF' : 'BRANCH_LEQ');
      t.features.push(leaf ? 0 : feature);
      t.thresholds.push(leaf ? 0 : Math.fround(vectors[rng.int(vectors.length)]![feature]!));
      t.missingTracksTrue.push(false);
      t.values.push(leaf ? Math.fround((rng.next() - 0.5) / 5) : 0);
      t.trueChildren.push(0);
      t.falseChildren.push(0);
      if (!leaf) {
        t.trueChildren[i] = add(depth + 1);
        t.falseChildren[i] = add(depth + 1);
      }
      return i;
    };
    add(0);
    return t;
  };
  return { featureCount: width, float32Inputs: true, base: 0.5, transform: 'logistic', trees: Array.from({ length: 100 }, tree) };
}

function treeRate(ensemble: TreeEnsemble, d: Demo, count: number): number {
  const enc = matrixEncoder({ features: d.manifest.features, unknownValue: -1 });
  const explainer = new TreeShapExplainer(ensemble, d.rows.slice(0, BACKGROUND).map(enc));
  const xs = Array.from({ length: count }, (_, i) => enc(d.rows[i % d.rows.length]!));
  for (const x of xs.slice(0, 200)) explainer.explain(x);
  const t = performance.now();
  for (const x of xs) explainer.explain(x);
  return count / ((performance.now() - t) / 1000);
}

const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

/**
 * Explanations against bare ONNX Runtime in one run: exact Shapley (12 features, background 50) and KernelSHAP at
 * SHAP's default sample count per decision, through ONNX Runtime, and TreeSHAP decisions per second.
 */
export async function explainBench(): Promise<BenchSection> {
  const logreg = loadDemo('credit-logreg');
  const gbm = loadDemo('credit-gbm');
  const rows: string[][] = [];
  const naive = 2 ** 12 * BACKGROUND;

  for (const d of [logreg, gbm]) {
    const { model, predict } = await session(d);
    try {
      const background = d.rows.slice(0, BACKGROUND);
      const game = (x: Row) => ({ features: d.features, x, background, predict, output: 'probability' as const });
      const xs = d.rows.slice(100, 110);
      const exact = await perDecision((x) => exactShapley(game(x)), xs);
      const kernel = await perDecision((x) => kernelShap(game(x), { seed: 0 }), xs);
      const bareExact = await bareOrt(d, d.bytes, Math.round(exact.rows));
      const bareNaive = await bareOrt(d, d.bytes, naive);
      const bareKernel = await bareOrt(d, d.bytes, Math.round(kernel.rows));
      const bareKernelNaive = await bareOrt(d, d.bytes, 2072 * BACKGROUND);
      rows.push([
        `exact Shapley, ${d.manifest.id}`, `${Math.round(exact.rows).toLocaleString('en-US')} (of ${naive.toLocaleString('en-US')})`,
        exact.seconds.toFixed(3), bareExact.toFixed(3), bareNaive.toFixed(3), `${(bareNaive / exact.seconds).toFixed(2)}×`,
        `≤ ${TARGETS.exact} s/decision`, met(exact.seconds <= TARGETS.exact),
      ]);
      rows.push([
        `KernelSHAP (2M + 2048 = 2,072 coalitions), ${d.manifest.id}`, `${Math.round(kernel.rows).toLocaleString('en-US')} (of ${(2072 * BACKGROUND).toLocaleString('en-US')})`,
        kernel.seconds.toFixed(3), bareKernel.toFixed(3), bareKernelNaive.toFixed(3),
        `${(bareKernelNaive / kernel.seconds).toFixed(2)}×`, `≤ ${TARGETS.kernel} s/decision`, met(kernel.seconds <= TARGETS.kernel),
      ]);
    } finally {
      await model.close();
    }
  }

  const decisions = 5000;
  for (const [label, ensemble, bytes] of [
    ['TreeSHAP, credit-gbm (100 trees, depth ≤ 3)', parseTreeEnsemble(gbm.bytes, gbm.manifest.output)!, gbm.bytes],
    ['TreeSHAP, 100 trees of depth 4', deepTrees(gbm, gbm.features.length), null],
  ] as const) {
    const rate = treeRate(ensemble, gbm, decisions);
    const onnx = bytes ?? ensembleModel({ op: 'TreeEnsembleClassifier', trees: [...ensemble.trees], width: gbm.features.length, postTransform: 'LOGISTIC', base: [ensemble.base] });
    const bare = await bareOrt(gbm, onnx, decisions);
    rows.push([
      label, '— (the trees themselves)', (1 / rate).toExponential(2), (bare / decisions).toExponential(2), '—',
      `${(rate * bare / decisions).toFixed(2)}× (${Math.round(rate).toLocaleString('en-US')} decisions/s)`, `≥ ${TARGETS.tree.toLocaleString('en-US')} decisions/s`, met(rate >= TARGETS.tree),
    ]);
  }

  return {
    title: 'Explanations',
    intro: `Per decision, against a background of ${BACKGROUND} reference rows, in probability, through ONNX Runtime (one intra-op thread), beside bare ONNX Runtime scoring (feeds built beforehand, batches of ${ORT_BATCH.toLocaleString('en-US')}) of the rows Assay scored and of the rows a direct enumeration would score (2^M·N for exact, nsamples·N for KernelSHAP). Ratio = bare ONNX Runtime time for the direct enumeration ÷ Assay time (above 1: faster than scoring the direct enumeration). TreeSHAP: one decision's explanation against one ONNX Runtime row score.`,
    headers: ['workload', 'model rows per decision', 'Assay (s/decision)', 'bare ORT, same rows (s)', 'bare ORT, direct enumeration (s)', 'ratio', 'target', ''],
    rows,
    notes: [
      'A hybrid row (x_S, b_rest) depends on S only through the features where x and b differ, so each distinct row is scored once per background row; the values are those of the full enumeration.',
      'TreeSHAP summarises the background side of every leaf once; each explanation then walks each tree once (Independent TreeSHAP, Lundberg et al. 2020).',
    ],
  };
}
