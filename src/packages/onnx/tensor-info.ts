import type { TensorShape, TypeProto, ValueInfo } from './onnx-types.ts';
import type { TensorInfo } from '../types.ts';

/** ONNX data type number -> [ONNX Runtime tensor type name, ONNX type name]. */
const ELEM_NAMES: Record<number, [string, string]> = {
  1: ['float32', 'float'], 2: ['uint8', 'uint8'], 3: ['int8', 'int8'], 4: ['uint16', 'uint16'], 5: ['int16', 'int16'],
  6: ['int32', 'int32'], 7: ['int64', 'int64'], 8: ['string', 'string'], 9: ['bool', 'bool'], 10: ['float16', 'float16'],
  11: ['float64', 'double'], 12: ['uint32', 'uint32'], 13: ['uint64', 'uint64'], 14: ['complex64', 'complex64'],
  15: ['complex128', 'complex128'], 16: ['bfloat16', 'bfloat16'], 17: ['float8e4m3fn', 'float8e4m3fn'],
  18: ['float8e4m3fnuz', 'float8e4m3fnuz'], 19: ['float8e5m2', 'float8e5m2'], 20: ['float8e5m2fnuz', 'float8e5m2fnuz'],
  21: ['uint4', 'uint4'], 22: ['int4', 'int4'], 23: ['float4e2m1', 'float4e2m1'],
};

export function runtimeTypeName(elemType: number | undefined): string | null {
  return elemType === undefined ? null : (ELEM_NAMES[elemType]?.[0] ?? `unknown${elemType}`);
}

export function onnxTypeName(elemType: number | undefined): string {
  return elemType === undefined ? 'undefined' : (ELEM_NAMES[elemType]?.[1] ?? `unknown${elemType}`);
}

function shapeOf(shape: TensorShape | undefined): (number | string | null)[] | null {
  if (!shape) return null;
  return (shape.dim ?? []).map((d) => (d.dimValue !== undefined ? d.dimValue : d.dimParam ? d.dimParam : null));
}

export function shapeText(shape: (number | string | null)[] | null): string {
  return shape === null ? '' : `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]`;
}

export function typeText(type: TypeProto | undefined): string {
  if (!type) return 'unknown';
  if (type.tensorType) return `tensor(${onnxTypeName(type.tensorType.elemType)})${shapeText(shapeOf(type.tensorType.shape))}`;
  if (type.sequenceType) return `seq(${typeText(type.sequenceType.elemType)})`;
  if (type.mapType) return `map(${onnxTypeName(type.mapType.keyType)},${typeText(type.mapType.valueType)})`;
  if (type.optionalType) return `optional(${typeText(type.optionalType.elemType)})`;
  if (type.sparseTensorType) return `sparse_tensor(${onnxTypeName(type.sparseTensorType.elemType)})${shapeText(shapeOf(type.sparseTensorType.shape))}`;
  return 'unknown';
}

export function tensorInfo(vi: ValueInfo): TensorInfo {
  const name = vi.name ?? '';
  const t = vi.type;
  if (t?.tensorType) {
    return { name, kind: 'tensor', elemType: runtimeTypeName(t.tensorType.elemType), shape: shapeOf(t.tensorType.shape), typeText: typeText(t) };
  }
  if (t?.sparseTensorType) {
    return { name, kind: 'sparse', elemType: null, shape: shapeOf(t.sparseTensorType.shape), typeText: typeText(t) };
  }
  const kind = t?.sequenceType ? 'sequence' : t?.mapType ? 'map' : t?.optionalType ? 'optional' : 'unknown';
  return { name, kind, elemType: null, shape: null, typeText: typeText(t) };
}
