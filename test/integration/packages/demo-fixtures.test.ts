import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import { loadPackage, verifyPackage, type LoadedPackage } from '../../../src/packages/index.ts';

const ROOT = join(import.meta.dirname, '../../../fixtures/demo/packages');
const ids = existsSync(ROOT) ? readdirSync(ROOT).filter((d) => existsSync(join(ROOT, d, 'assay-package.json'))) : [];

/** Two rows of plausible values (0 / the first level) in the layout the manifest declares. */
function feeds(pkg: LoadedPackage): Record<string, ort.Tensor> {
  const { manifest, graph } = pkg;
  const elem = (name: string): string => graph.inputs.find((i) => i.name === name)?.elemType ?? 'float32';
  const numeric = (type: string, values: number[], dims: number[]): ort.Tensor => {
    if (type === 'int64') return new ort.Tensor('int64', BigInt64Array.from(values.map(BigInt)), dims);
    if (type === 'int32') return new ort.Tensor('int32', Int32Array.from(values), dims);
    return new ort.Tensor(type as 'float32' | 'float64', type === 'float64' ? Float64Array.from(values) : Float32Array.from(values), dims);
  };
  if (manifest.input.layout === 'matrix') {
    return { [manifest.input.name]: numeric(elem(manifest.input.name), manifest.features.flatMap(() => [0, 1]), [2, manifest.features.length]) };
  }
  return Object.fromEntries(manifest.features.map((f) => [
    f.name,
    f.type === 'categorical' ? new ort.Tensor('string', [f.levels[0], f.levels[f.levels.length - 1]], [2, 1]) : numeric(elem(f.name), [0, 1], [2, 1]),
  ]));
}

describe('demo fixture packages', { skip: ids.length === 0 && 'fixtures/demo/packages not generated yet' }, () => {
  for (const id of ids) {
    it(`${id}: verifies, loads, and its runtime model returns probabilities`, async () => {
      const dir = join(ROOT, id);
      assert.equal((await verifyPackage(dir)).ok, true);
      const pkg = await loadPackage(dir);
      assert.equal(pkg.manifest.id, id);
      const session = await ort.InferenceSession.create(pkg.runtimeModel);
      try {
        const out = (await session.run(feeds(pkg), [pkg.manifest.output.name]))[pkg.manifest.output.name] as ort.Tensor;
        const width = out.dims.length === 2 ? Number(out.dims[1]) : 1;
        const scores = Array.from(out.data as Float32Array).filter((_, i) => i % width === pkg.manifest.output.index);
        assert.equal(scores.length, 2);
        for (const s of scores) assert.ok(s >= 0 && s <= 1, `score ${s} of ${id} is not a probability`);
      } finally {
        await session.release();
      }
    });
  }
});

describe('demo fixtures across import paths', { skip: !ids.includes('credit-logreg-zipmap') && 'fixtures/demo/packages not generated yet' }, () => {
  async function score(pkg: LoadedPackage): Promise<number[]> {
    const session = await ort.InferenceSession.create(pkg.runtimeModel);
    try {
      const out = (await session.run(feeds(pkg), [pkg.manifest.output.name]))[pkg.manifest.output.name] as ort.Tensor;
      return Array.from(out.data as Float32Array);
    } finally {
      await session.release();
    }
  }

  it('the ZipMap package, rewritten, scores exactly as the plain logistic regression', async () => {
    const zipmap = await loadPackage(join(ROOT, 'credit-logreg-zipmap'));
    const plain = await loadPackage(join(ROOT, 'credit-logreg'));
    assert.equal((zipmap.lineage.assay_import as { rewrites: unknown[] }).rewrites.length, 1);
    assert.deepEqual(await score(zipmap), await score(plain));
  });

  it('the bare model.onnx of a columns package yields the same features as its manifest', async () => {
    for (const id of ['credit-logreg', 'credit-logreg-zipmap']) {
      const pkg = await loadPackage(join(ROOT, id));
      const bare = await loadPackage(join(ROOT, id, 'model.onnx'));
      assert.equal(bare.sourceKind, 'onnx');
      assert.equal(bare.ref, pkg.ref);
      assert.deepEqual(bare.manifest.features, pkg.manifest.features.map(({ description: _d, ...f }) => f));
      assert.deepEqual(bare.manifest.output, pkg.manifest.output);
    }
  });
});
