import { encodeModel } from '../../../../src/packages/index.ts';
import type { AttributeProto, ModelProto, NodeProto, TensorProto, ValueInfo } from '../../../../src/packages/onnx/onnx-types.ts';
import { AttributeType, TensorDataType } from '../../../../src/packages/onnx/onnx-types.ts';

const utf8 = new TextEncoder();
export const FLOAT = TensorDataType.FLOAT;
export const DOUBLE = TensorDataType.DOUBLE;
export const INT64 = TensorDataType.INT64;
export const STRING = TensorDataType.STRING;

export function valueInfo(name: string, elemType: number, dims: (number | string | null)[] | null): ValueInfo {
  const shape = dims === null ? undefined : { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : d === null ? {} : { dimParam: d })) };
  return { name, type: { tensorType: { elemType, ...(shape ? { shape } : {}) } } };
}

export function zipMapOutput(name: string): ValueInfo {
  return { name, type: { sequenceType: { elemType: { mapType: { keyType: INT64, valueType: { tensorType: { elemType: FLOAT } } } } } } };
}

export const attr = {
  int: (name: string, i: number): AttributeProto => ({ name, type: AttributeType.INT, i }),
  ints: (name: string, ints: number[]): AttributeProto => ({ name, type: AttributeType.INTS, ints }),
  floats: (name: string, floats: number[]): AttributeProto => ({ name, type: AttributeType.FLOATS, floats }),
  string: (name: string, s: string): AttributeProto => ({ name, type: AttributeType.STRING, s: utf8.encode(s) }),
  strings: (name: string, strings: string[]): AttributeProto => ({ name, type: AttributeType.STRINGS, strings: strings.map((s) => utf8.encode(s)) }),
};

export function node(opType: string, input: string[], output: string[], attribute: AttributeProto[] = [], domain = ''): NodeProto {
  return { opType, input, output, attribute, domain, name: `${opType}_${output[0]}` };
}

export function int64Tensor(name: string, values: number[]): TensorProto {
  return { name, dataType: INT64, dims: [values.length], int64Data: values };
}

export function floatTensor(name: string, dims: number[], values: number[]): TensorProto {
  return { name, dataType: FLOAT, dims, floatData: values };
}

export const LEVELS = ['car', 'education', 'furniture'];

/** Weights of the 2-class LinearClassifier over [age, income, car, education, furniture]. */
const COEFFICIENTS = [0.02, -0.00001, 0.3, -0.2, 0.1, -0.02, 0.00001, -0.3, 0.2, -0.1];

export interface CreditModelOptions {
  zipMap?: boolean;
  /** Name of the probability graph output (the ZipMap output when zipMap). */
  probabilityName?: string;
  metadata?: Record<string, string>;
  opsets?: { domain: string; version: number }[];
  irVersion?: number;
  ageType?: number;
}

/**
 * A skl2onnx-like credit model, columns layout: age float [N,1], income float [N,1], purpose string [N,1]
 * (one-hot encoded) -> LinearClassifier (softmax) -> label int64 [N] + probabilities [N,2], optionally ZipMap.
 */
export function creditModel(o: CreditModelOptions = {}): ModelProto {
  const zipMap = o.zipMap ?? true;
  const probName = o.probabilityName ?? (zipMap ? 'output_probability' : 'probabilities');
  const probTensor = zipMap ? 'probabilities' : probName;
  const nodes: NodeProto[] = [
    node('OneHotEncoder', ['purpose'], ['purpose_oh'], [attr.strings('cats_strings', LEVELS), attr.int('zeros', 1)], 'ai.onnx.ml'),
    node('Reshape', ['purpose_oh', 'oh_shape'], ['purpose_2d']),
    node('Cast', ['age'], ['age_f'], [attr.int('to', FLOAT)]),
    node('Concat', ['age_f', 'income', 'purpose_2d'], ['X'], [attr.int('axis', 1)]),
    node('LinearClassifier', ['X'], ['label', probTensor], [
      attr.ints('classlabels_ints', [0, 1]), attr.floats('coefficients', COEFFICIENTS), attr.floats('intercepts', [0.1, -0.1]),
      attr.string('post_transform', 'SOFTMAX'),
    ], 'ai.onnx.ml'),
  ];
  const outputs = [valueInfo('label', INT64, [null])];
  if (zipMap) {
    nodes.push(node('ZipMap', [probTensor], [probName], [attr.ints('classlabels_int64s', [0, 1])], 'ai.onnx.ml'));
    outputs.push(zipMapOutput(probName));
  } else {
    outputs.push(valueInfo(probName, FLOAT, [null, 2]));
  }
  return {
    irVersion: o.irVersion ?? 8,
    opsetImport: o.opsets ?? [{ domain: '', version: 13 }, { domain: 'ai.onnx.ml', version: 1 }],
    producerName: 'skl2onnx',
    producerVersion: '1.17.0',
    graph: {
      name: 'credit',
      node: nodes,
      initializer: [int64Tensor('oh_shape', [-1, 3])],
      input: [valueInfo('age', o.ageType ?? FLOAT, [null, 1]), valueInfo('income', FLOAT, [null, 1]), valueInfo('purpose', STRING, [null, 1])],
      output: outputs,
    },
    metadataProps: Object.entries(o.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
}

/** A matrix-layout model: float_input float [N,3] -> LinearClassifier -> label + probabilities [N,2]. */
export function matrixModel(o: { zipMap?: boolean; metadata?: Record<string, string>; width?: number | string } = {}): ModelProto {
  const width = o.width ?? 3;
  const n = typeof width === 'number' ? width : 3;
  const nodes: NodeProto[] = [
    node('LinearClassifier', ['float_input'], ['label', 'probabilities'], [
      attr.ints('classlabels_ints', [0, 1]), attr.floats('coefficients', Array.from({ length: 2 * n }, (_, i) => (i % 3) * 0.1 - 0.1)),
      attr.floats('intercepts', [0, 0]), attr.string('post_transform', 'SOFTMAX'),
    ], 'ai.onnx.ml'),
  ];
  const outputs = [valueInfo('label', INT64, [null])];
  if (o.zipMap) {
    nodes.push(node('ZipMap', ['probabilities'], ['output_probability'], [attr.ints('classlabels_int64s', [0, 1])], 'ai.onnx.ml'));
    outputs.push(zipMapOutput('output_probability'));
  } else {
    outputs.push(valueInfo('probabilities', FLOAT, [null, 2]));
  }
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }, { domain: 'ai.onnx.ml', version: 1 }],
    producerName: 'skl2onnx',
    graph: { name: 'matrix', node: nodes, input: [valueInfo('float_input', FLOAT, ['N', width])], output: outputs },
    metadataProps: Object.entries(o.metadata ?? {}).map(([key, value]) => ({ key, value })),
  };
}

export function bytesOf(model: ModelProto): Uint8Array {
  return encodeModel(model);
}
