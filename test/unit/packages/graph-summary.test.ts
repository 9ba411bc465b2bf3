import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summariseGraph } from '../../../src/packages/index.ts';
import { typeText } from '../../../src/packages/onnx/tensor-info.ts';
import { assertFails } from './helpers/assert-error.ts';
import { bytesOf, creditModel, floatTensor, FLOAT, INT64, matrixModel, valueInfo } from './helpers/onnx-models.ts';

describe('summariseGraph', () => {
  it('describes identity, interface, operators and metadata', () => {
    const model = creditModel({ metadata: { model_id: 'credit', model_version: '2' } });
    model.docString = 'doc';
    model.domain = 'org.example';
    model.modelVersion = 3;
    const g = summariseGraph(bytesOf(model));
    assert.equal(g.irVersion, 8);
    assert.equal(g.producerName, 'skl2onnx');
    assert.equal(g.producerVersion, '1.17.0');
    assert.equal(g.domain, 'org.example');
    assert.equal(g.modelVersion, 3);
    assert.equal(g.docString, 'doc');
    assert.deepEqual(g.opsets, [{ domain: '', version: 13 }, { domain: 'ai.onnx.ml', version: 1 }]);
    assert.equal(g.nodeCount, 6);
    assert.equal(g.hasZipMap, true);
    assert.deepEqual(g.metadata, { model_id: 'credit', model_version: '2' });
    assert.deepEqual(g.inputs.map((i) => [i.name, i.kind, i.elemType, i.shape, i.typeText]), [
      ['age', 'tensor', 'float32', [null, 1], 'tensor(float)[?,1]'],
      ['income', 'tensor', 'float32', [null, 1], 'tensor(float)[?,1]'],
      ['purpose', 'tensor', 'string', [null, 1], 'tensor(string)[?,1]'],
    ]);
    assert.deepEqual(g.outputs[1], { name: 'output_probability', kind: 'sequence', elemType: null, shape: null, typeText: 'seq(map(int64,tensor(float)))' });
    assert.equal(g.initializerCount, 1);
    assert.equal(g.parameterCount, 2);
  });

  it('sorts the operator histogram by count, then name', () => {
    const model = matrixModel();
    model.graph!.node = [
      { opType: 'Relu', input: ['a'], output: ['b'] }, { opType: 'Add', input: ['b', 'b'], output: ['c'] },
      { opType: 'Relu', input: ['c'], output: ['d'] }, { opType: 'Abs', input: ['d'], output: ['e'] },
      { opType: 'Scaler', domain: 'ai.onnx.ml', input: ['e'], output: ['f'] },
    ];
    assert.deepEqual(summariseGraph(bytesOf(model)).operators, [
      { domain: '', opType: 'Relu', count: 2 }, { domain: '', opType: 'Abs', count: 1 }, { domain: '', opType: 'Add', count: 1 },
      { domain: 'ai.onnx.ml', opType: 'Scaler', count: 1 },
    ]);
  });

  it('leaves initializers listed as inputs out of the inputs and counts their elements', () => {
    const model = matrixModel();
    model.graph!.initializer = [floatTensor('W', [3, 2], [1, 2, 3, 4, 5, 6]), floatTensor('b', [2], [0, 0]), floatTensor('s', [], [1])];
    model.graph!.input!.push(valueInfo('W', FLOAT, [3, 2]));
    const g = summariseGraph(bytesOf(model));
    assert.deepEqual(g.inputs.map((i) => i.name), ['float_input']);
    assert.equal(g.initializerCount, 3);
    assert.equal(g.parameterCount, 9);
  });

  it('writes named, fixed and unknown dims and the other kinds', () => {
    assert.equal(typeText(valueInfo('x', INT64, ['batch', 4, null]).type), 'tensor(int64)[batch,4,?]');
    assert.equal(typeText(valueInfo('x', FLOAT, null).type), 'tensor(float)');
    assert.equal(typeText({ optionalType: { elemType: { tensorType: { elemType: 11 } } } }), 'optional(tensor(double))');
    assert.equal(typeText({ sparseTensorType: { elemType: 1, shape: { dim: [{ dimValue: 5 }] } } }), 'sparse_tensor(float)[5]');
    assert.equal(typeText(undefined), 'unknown');
  });

  it('refuses bytes that are not a model, naming the file', async () => {
    await assertFails(() => summariseGraph(new Uint8Array([0xff, 0xff, 0xff, 0xff]), 'junk.onnx'), 'MODEL_INVALID', 'junk.onnx');
  });
});
