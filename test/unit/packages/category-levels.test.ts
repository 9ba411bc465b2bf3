import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { categoryLevels } from '../../../src/packages/onnx/category-levels.ts';
import { classifierLabels } from '../../../src/packages/onnx/class-labels.ts';
import type { GraphProto } from '../../../src/packages/onnx/onnx-types.ts';
import { attr, creditModel, int64Tensor, LEVELS, node, STRING, valueInfo } from './helpers/onnx-models.ts';

/** skl2onnx's ColumnTransformer shape: string columns concatenated, then each selected and one-hot encoded. */
function columnTransformerGraph(): GraphProto {
  return {
    input: [valueInfo('purpose', STRING, [null, 1]), valueInfo('housing', STRING, [null, 1])],
    initializer: [int64Tensor('idx0', [0])],
    node: [
      node('Concat', ['purpose', 'housing'], ['cats'], [attr.int('axis', 1)]),
      node('ArrayFeatureExtractor', ['cats', 'idx0'], ['col0'], [], 'ai.onnx.ml'),
      node('Constant', [], ['idx1'], [{ name: 'value', type: 4, t: int64Tensor('', [1]) }]),
      node('ArrayFeatureExtractor', ['cats', 'idx1'], ['col1'], [], 'ai.onnx.ml'),
      node('OneHotEncoder', ['col0'], ['oh0'], [attr.strings('cats_strings', ['car', 'tv'])], 'ai.onnx.ml'),
      node('Reshape', ['col1', 'shape'], ['col1r']),
      node('LabelEncoder', ['col1r'], ['le1'], [attr.strings('keys_strings', ['own', 'rent', 'free'])], 'ai.onnx.ml'),
    ],
  };
}

describe('categoryLevels', () => {
  it('reads cats_strings of a OneHotEncoder consuming the input', () => {
    assert.deepEqual(categoryLevels(creditModel().graph!, 'purpose'), LEVELS);
  });

  it('follows Concat and column selection to the right encoder', () => {
    const g = columnTransformerGraph();
    assert.deepEqual(categoryLevels(g, 'purpose'), ['car', 'tv']);
    assert.deepEqual(categoryLevels(g, 'housing'), ['own', 'rent', 'free']);
  });

  it('returns null when no encoder consumes the input', () => {
    assert.equal(categoryLevels(creditModel().graph!, 'age'), null);
  });

  it('finds the class labels of the classifier behind an output', () => {
    assert.deepEqual(classifierLabels(creditModel({ zipMap: false }).graph!, 'probabilities'), [0, 1]);
    assert.equal(classifierLabels(creditModel().graph!, 'nothing'), null);
  });
});
