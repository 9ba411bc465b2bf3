import ort from 'onnxruntime-node';
import { AssayError } from '../api/errors.ts';
import type { FeatureBatch, GraphInput, ModelSpec } from './model-spec.ts';

type NumericElem = 'float32' | 'float64' | 'int64' | 'int32';
const NUMERIC_ELEMS: readonly string[] = ['float32', 'float64', 'int64', 'int32'];

function toNumber(v: unknown): number {
  if (v === null || v === undefined || v === '') return Number.NaN;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  return Number(v);
}

function column(batch: FeatureBatch, name: string): ArrayLike<unknown> {
  const c = batch.columns[name];
  if (!c) throw new AssayError('LOG_MISMATCH', `The rows to score have no column "${name}", which the model needs as input. Map a column to it at import.`, { feature: name });
  return c;
}

function numericTensor(elem: NumericElem, values: ArrayLike<unknown>, n: number, feature: string): ort.Tensor {
  if (elem === 'float32' || elem === 'float64') {
    const data = elem === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = toNumber(values[i]);
    return new ort.Tensor(elem, data, [n, 1]);
  }
  const data = elem === 'int64' ? new BigInt64Array(n) : new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const x = toNumber(values[i]);
    if (!Number.isInteger(x)) {
      throw new AssayError('BAD_ARGUMENT', `The value ${String(values[i])} of "${feature}" is not an integer, but the model takes ${elem}. Correct the value.`, { feature, value: String(values[i]) });
    }
    if (data instanceof BigInt64Array) data[i] = BigInt(x);
    else data[i] = x;
  }
  return new ort.Tensor(elem, data, [n, 1]);
}

function graphInput(spec: ModelSpec, name: string): GraphInput {
  const g = spec.inputs.find((i) => i.name === name);
  if (!g) throw new AssayError('PACKAGE_MISMATCH', `The model has no input named "${name}".`, { input: name });
  return g;
}

/** Builds the ONNX Runtime feeds for one batch, for either input layout of DESIGN.md §2.1. */
export function encodeBatch(spec: ModelSpec, batch: FeatureBatch): Record<string, ort.Tensor> {
  const n = batch.length;
  if (spec.input.layout === 'columns') {
    const feeds: Record<string, ort.Tensor> = {};
    for (const f of spec.features) {
      const values = column(batch, f.name);
      const g = graphInput(spec, f.name);
      if (g.elemType === 'string') {
        const data = new Array<string>(n);
        for (let i = 0; i < n; i++) {
          const v = values[i];
          data[i] = v === null || v === undefined ? '' : String(v);
        }
        feeds[f.name] = new ort.Tensor('string', data, [n, 1]);
      } else if (g.elemType && NUMERIC_ELEMS.includes(g.elemType)) {
        feeds[f.name] = numericTensor(g.elemType as NumericElem, values, n, f.name);
      } else {
        throw new AssayError('MODEL_UNSUPPORTED', `The model input "${f.name}" has type ${g.elemType ?? 'unknown'}, which Assay cannot feed.`, { input: f.name });
      }
    }
    return feeds;
  }
  const m = spec.features.length;
  const g = graphInput(spec, spec.input.name);
  const elem = g.elemType === 'float64' ? 'float64' : 'float32';
  const data = elem === 'float64' ? new Float64Array(n * m) : new Float32Array(n * m);
  const unknown = spec.input.unknown_value;
  spec.features.forEach((f, j) => {
    const values = column(batch, f.name);
    if (f.type === 'categorical') {
      const index = new Map(f.levels.map((l, k) => [l, k]));
      for (let i = 0; i < n; i++) {
        const v = values[i];
        data[i * m + j] = v === null || v === undefined ? unknown : (index.get(String(v)) ?? unknown);
      }
    } else {
      for (let i = 0; i < n; i++) data[i * m + j] = toNumber(values[i]);
    }
  });
  return { [spec.input.name]: new ort.Tensor(elem, data, [n, m]) };
}
