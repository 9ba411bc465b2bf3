import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  makeGraph, makeModel, makeNode, makeTensor, makeValueInfo, modelBytes, TensorDataType,
} from '../../../fixtures/lib/index.ts';
import { sha256Hex } from '../../../src/util/hash.ts';

/** Log-odds added for each value k = 0..9 of the second input. */
const TABLE = [-1.5, -1, -0.5, -0.25, 0, 0.25, 0.5, 1, 1.5, 2];
const WEIGHT = 0.75;

/**
 * A model that fails at run time on some rows: P = sigmoid(0.75·x + table[k]) where table is looked up with Gather,
 * so a row with k outside 0..9 makes ONNX Runtime refuse the whole batch ("indices element out of data bounds").
 */
function failingModel(): Uint8Array {
  const graph = makeGraph({
    name: 'lookup',
    inputs: [makeValueInfo('x', TensorDataType.FLOAT, ['N', 1]), makeValueInfo('k', TensorDataType.FLOAT, ['N', 1])],
    outputs: [makeValueInfo('probabilities', TensorDataType.FLOAT, ['N', 2])],
    initializers: [
      makeTensor('table', TensorDataType.FLOAT, [TABLE.length], TABLE.map(Math.fround)),
      makeTensor('w', TensorDataType.FLOAT, [1], [WEIGHT]),
      makeTensor('one', TensorDataType.FLOAT, [1], [1]),
    ],
    nodes: [
      makeNode('Cast', ['k'], ['k_index'], { to: { int: TensorDataType.INT64 } }),
      makeNode('Gather', ['table', 'k_index'], ['offset'], { axis: { int: 0 } }),
      makeNode('Mul', ['x', 'w'], ['wx']),
      makeNode('Add', ['wx', 'offset'], ['z']),
      makeNode('Sigmoid', ['z'], ['p']),
      makeNode('Sub', ['one', 'p'], ['q']),
      makeNode('Concat', ['q', 'p'], ['probabilities'], { axis: { int: 1 } }),
    ],
  });
  return modelBytes(makeModel(graph, { opsets: [{ domain: '', version: 17 }] }));
}

export const FAILING_REF = 'lookup@1.0.0';

/** Writes the package folder and returns its path. */
export function writeFailingPackage(dir: string): string {
  const folder = join(dir, 'lookup');
  mkdirSync(folder, { recursive: true });
  const model = failingModel();
  writeFileSync(join(folder, 'model.onnx'), model);
  writeFileSync(join(folder, 'assay-package.json'), JSON.stringify({
    format: 'assay-package/1', id: 'lookup', version: '1.0.0', task: 'binary_classification', model: { file: 'model.onnx' },
    features: [{ name: 'x', type: 'numeric' }, { name: 'k', type: 'numeric' }],
    input: { layout: 'columns' }, output: { name: 'probabilities', index: 1 }, positive_class: 1, threshold: 0.5, favorable_outcome: 1,
    protected_attributes: [{ name: 'sex', reference: 'male' }], files: { 'model.onnx': sha256Hex(model) },
  }, null, 2));
  return folder;
}

export interface FailingLog {
  path: string;
  /** Decision ids of the rows the model fails on. */
  failing: string[];
  rows: number;
}

/** A log of the lookup model whose rows `badRows` have k = 99; every other logged score is the model's own. */
export function writeFailingLog(dir: string, name: string, rows: number, badRows: number[]): FailingLog {
  const lines = ['decision_id,timestamp,model_id,model_version,x,k,sex,score,decision,outcome'];
  const failing: string[] = [];
  for (let i = 0; i < rows; i++) {
    const id = `L-${String(i + 1).padStart(4, '0')}`;
    const x = ((i * 37) % 21) / 4 - 2.5;
    const bad = badRows.includes(i);
    const k = bad ? 99 : i % 10;
    if (bad) failing.push(id);
    const score = bad ? 0.5 : 1 / (1 + Math.exp(-(WEIGHT * x + TABLE[k]!)));
    lines.push([id, `2025-01-${String(1 + (i % 28)).padStart(2, '0')}T12:00:00Z`, 'lookup', '1.0.0', x, k, i % 3 ? 'male' : 'female', score, score >= 0.5 ? 1 : 0, i % 2].join(','));
  }
  const path = join(dir, `${name}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return { path, failing, rows };
}
