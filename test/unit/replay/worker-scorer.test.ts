import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AssayError } from '../../../src/api/errors.ts';
import { openScorer, packRows, specFromManifest, type BatchScorer } from '../../../src/inference/index.ts';
import { summariseGraph, type Manifest } from '../../../src/packages/index.ts';
import { demoPackage } from '../../helpers/demo-paths.ts';
import { tempDir } from '../../helpers/temp.ts';
import { demoCsv } from '../../integration/replay/helpers.ts';
import { writeFailingPackage } from '../../integration/replay/failing-model.ts';

function load(dir: string): { bytes: Uint8Array; manifest: Manifest; open: (thread: 'worker' | 'inline') => Promise<BatchScorer> } {
  const manifest = JSON.parse(readFileSync(join(dir, 'assay-package.json'), 'utf8')) as Manifest;
  const bytes = new Uint8Array(readFileSync(join(dir, manifest.model.file)));
  const spec = specFromManifest(manifest, summariseGraph(bytes).inputs);
  return { bytes, manifest, open: (thread) => openScorer(bytes, spec, { thread }) };
}

test('the scoring threads score exactly as the calling thread does, for both input layouts', async () => {
  for (const id of ['credit-logreg', 'credit-gbm', 'credit-mlp']) {
    const { manifest, open } = load(demoPackage(id));
    const rows = demoCsv(join(demoPackage(id), 'reference.csv'));
    const worker = await open('worker');
    const inline = await open('inline');
    try {
      assert.equal(worker.thread.kind, 'worker');
      assert.equal(inline.thread.kind, 'inline');
      const a = await worker.score(packRows(manifest.features, rows));
      const b = await inline.score(packRows(manifest.features, rows));
      assert.deepEqual(a, b, id);
      assert.equal(a.scores.length, rows.length);
    } finally {
      await worker.close();
      await inline.close();
    }
  }
});

test('a batch travels to the scoring thread by transfer: its buffers are detached afterwards', async () => {
  const { manifest, open } = load(demoPackage('credit-logreg'));
  const scorer = await open('worker');
  try {
    const batch = packRows(manifest.features, demoCsv(join(demoPackage('credit-logreg'), 'reference.csv')).slice(0, 10));
    await scorer.score(batch);
    assert.equal(batch.numeric.age!.byteLength, 0);
    const many = await Promise.all(Array.from({ length: 8 }, () => scorer.score(packRows(manifest.features, [{ age: 30 }]))));
    assert.equal(new Set(many.map((m) => m.scores[0])).size, 1, 'concurrent batches on the pool agree');
  } finally {
    await scorer.close();
  }
});

test('on the scoring thread, a model failing on some rows reports those rows and scores the others', async () => {
  const { open } = load(writeFailingPackage(tempDir()));
  const scorer = await open('worker');
  try {
    const rows = Array.from({ length: 300 }, (_, i) => ({ x: 1, k: i === 17 || i === 260 ? 99 : i % 10 }));
    const r = await scorer.score(packRows([{ name: 'x', type: 'numeric' }, { name: 'k', type: 'numeric' }], rows));
    assert.deepEqual(r.failures.map((f) => f.index), [17, 260]);
    assert.equal(r.scores.filter((s) => Number.isNaN(s)).length, 2);
    await assert.rejects(scorer.score(packRows([{ name: 'x', type: 'numeric' }, { name: 'k', type: 'numeric' }], rows), { maxFailures: 1 }), (e: unknown) => e instanceof AssayError && e.code === 'MODEL_RUNTIME');
  } finally {
    await scorer.close();
  }
});

test('a model ONNX Runtime refuses fails when the scorer opens, with the runtime\'s error code', async () => {
  const { manifest } = load(demoPackage('credit-logreg'));
  const spec = specFromManifest(manifest, []);
  await assert.rejects(openScorer(new Uint8Array([1, 2, 3, 4]), spec), (e: unknown) => e instanceof AssayError && (e.code === 'MODEL_INVALID' || e.code === 'MODEL_UNSUPPORTED'));
});

test('when a scoring thread dies, its scorers stop being usable and the next scorer starts new threads', async () => {
  const { manifest, open } = load(demoPackage('credit-logreg'));
  const first = await open('worker');
  assert.equal(first.usable, true);
  const { ScoringPool } = await import('../../../src/inference/scoring-pool.ts');
  (await ScoringPool.get()).threads[0]!.terminate();
  assert.equal(first.usable, false);
  await assert.rejects(first.score(packRows(manifest.features, [{ age: 30 }])), (e: unknown) => e instanceof AssayError && e.code === 'INTERNAL');
  const second = await open('worker');
  try {
    assert.equal(second.usable, true);
    assert.equal((await second.score(packRows(manifest.features, [{ age: 30 }]))).scores.length, 1);
  } finally {
    await first.close();
    await second.close();
  }
});
