import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import ort from 'onnxruntime-node';
import { encodeModel, loadPackage, removeZipMap } from '../../../src/packages/index.ts';
import { creditModel, matrixModel } from '../../unit/packages/helpers/onnx-models.ts';
import { tempDir, writePackage } from '../../unit/packages/helpers/package-dir.ts';

const feeds = (): Record<string, ort.Tensor> => ({
  age: new ort.Tensor('float32', new Float32Array([30, 50, 22, 61]), [4, 1]),
  income: new ort.Tensor('float32', new Float32Array([2000, 100, 5400, 800]), [4, 1]),
  purpose: new ort.Tensor('string', ['car', 'furniture', 'education', 'car'], [4, 1]),
});

async function run(bytes: Uint8Array, inputs: Record<string, ort.Tensor>, output: string): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    return (await session.run(inputs, [output]))[output] as ort.Tensor;
  } finally {
    await session.release();
  }
}

describe('ZipMap removal under ONNX Runtime', () => {
  it('returns the probabilities of the model exported without ZipMap, under the ZipMap output name', async () => {
    const rewritten = removeZipMap(encodeModel(creditModel({ zipMap: true })));
    assert.ok(rewritten);
    const got = await run(rewritten.bytes, feeds(), 'output_probability');
    const want = await run(encodeModel(creditModel({ zipMap: false, probabilityName: 'probabilities' })), feeds(), 'probabilities');
    assert.deepEqual(got.dims, [4, 2]);
    assert.deepEqual(Array.from(got.data as Float32Array), Array.from(want.data as Float32Array));
    const sums = Array.from({ length: 4 }, (_, i) => (got.data as Float32Array)[2 * i] + (got.data as Float32Array)[2 * i + 1]);
    for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-6);
  });

  it('keeps the other outputs (the label) working', async () => {
    const rewritten = removeZipMap(encodeModel(creditModel({ zipMap: true })))!;
    const label = await run(rewritten.bytes, feeds(), 'label');
    const want = await run(encodeModel(creditModel({ zipMap: false })), feeds(), 'label');
    assert.deepEqual(Array.from(label.data as BigInt64Array), Array.from(want.data as BigInt64Array));
  });

  it('works when ZipMap reads a tensor that is also a graph output (Identity in its place)', async () => {
    const model = matrixModel({ zipMap: true });
    model.graph!.output!.push({ name: 'probabilities', type: { tensorType: { elemType: 1, shape: { dim: [{}, { dimValue: 2 }] } } } });
    const rewritten = removeZipMap(encodeModel(model))!;
    assert.equal(rewritten.rewrites[0].method, 'identity');
    const input = { float_input: new ort.Tensor('float32', new Float32Array([1, 2, 3, 0, 0, 1]), [2, 3]) };
    const a = await run(rewritten.bytes, input, 'output_probability');
    const b = await run(rewritten.bytes, input, 'probabilities');
    assert.deepEqual(Array.from(a.data as Float32Array), Array.from(b.data as Float32Array));
  });

  it('a loaded package runs in ONNX Runtime from its runtimeModel', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const pkg = await loadPackage(writePackage(dir));
      const out = await run(pkg.runtimeModel, feeds(), pkg.manifest.output.name);
      assert.deepEqual(out.dims, [4, 2]);
    } finally {
      cleanup();
    }
  });
});
