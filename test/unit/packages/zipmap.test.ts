import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeModel, removeZipMap, summariseGraph } from '../../../src/packages/index.ts';
import { removeZipMapFromModel } from '../../../src/packages/onnx/zipmap.ts';
import { attr, bytesOf, creditModel, matrixModel, node } from './helpers/onnx-models.ts';

describe('removeZipMap', () => {
  it('returns null for a model without ZipMap', () => {
    assert.equal(removeZipMap(bytesOf(creditModel({ zipMap: false }))), null);
  });

  it('exposes the probability tensor under the ZipMap output name and keeps the other outputs', () => {
    const result = removeZipMap(bytesOf(creditModel()));
    assert.ok(result);
    assert.deepEqual(result.rewrites, [{ kind: 'zipmap-removed', output: 'output_probability', probabilityTensor: 'probabilities', classLabels: [0, 1], method: 'renamed' }]);
    const g = summariseGraph(result.bytes);
    assert.equal(g.hasZipMap, false);
    assert.deepEqual(g.outputs.map((o) => [o.name, o.typeText]), [['label', 'tensor(int64)[?]'], ['output_probability', 'tensor(float)[?,2]']]);
    const model = decodeModel(result.bytes);
    const classifier = model.graph!.node!.find((n) => n.opType === 'LinearClassifier')!;
    assert.deepEqual(classifier.output, ['label', 'output_probability']);
    assert.ok(!model.graph!.node!.some((n) => n.opType === 'ZipMap' || n.opType === 'Identity'));
  });

  it('records string class labels', () => {
    const model = creditModel();
    const zipmap = model.graph!.node!.find((n) => n.opType === 'ZipMap')!;
    zipmap.attribute = [attr.strings('classlabels_strings', ['bad', 'good'])];
    assert.deepEqual(removeZipMapFromModel(model)!.rewrites[0].classLabels, ['bad', 'good']);
  });

  it('uses an Identity when the probability tensor is itself a graph output, and does not modify its argument', () => {
    const model = matrixModel({ zipMap: true });
    model.graph!.output!.push({ name: 'probabilities', type: { tensorType: { elemType: 1 } } });
    const before = structuredClone(model);
    const result = removeZipMapFromModel(model)!;
    assert.deepEqual(model, before);
    assert.equal(result.rewrites[0].method, 'identity');
    const identity = result.model.graph!.node!.find((n) => n.opType === 'Identity')!;
    assert.deepEqual([identity.input, identity.output], [['probabilities'], ['output_probability']]);
  });

  it('takes the batch dimension from the input when the probabilities have no recorded shape', () => {
    const model = matrixModel({ zipMap: true });
    const g = summariseGraph(bytesOf(removeZipMapFromModel(model)!.model));
    assert.equal(g.outputs[1].typeText, 'tensor(float)[N,2]');
  });

  it('leaves a ZipMap whose output feeds another node', () => {
    const model = creditModel();
    model.graph!.node!.push(node('Identity', ['output_probability'], ['copy']));
    assert.equal(removeZipMapFromModel(model), null);
  });
});
