import protobuf from 'protobufjs';
import { AssayError } from '../../api/errors.ts';
import { ONNX_PROTO } from './onnx-schema.ts';
import type { ModelProto } from './onnx-types.ts';

const root = protobuf.parse(ONNX_PROTO, { keepCase: false }).root;
const ModelType = root.lookupType('onnx.ModelProto');

/** Decodes ONNX bytes into plain objects; int64 fields become numbers, bytes stay Uint8Array. */
export function decodeModel(bytes: Uint8Array, fileName = 'model.onnx'): ModelProto {
  let message: protobuf.Message;
  try {
    message = ModelType.decode(bytes);
  } catch (e) {
    throw new AssayError(
      'MODEL_INVALID',
      `The file ${fileName} is not a readable ONNX model (${(e as Error).message}); it may be truncated or not an ONNX file. Export the model again.`,
      { file: fileName },
    );
  }
  const model = ModelType.toObject(message, { longs: Number, enums: Number, bytes: Uint8Array, defaults: false, arrays: false, oneofs: false }) as ModelProto;
  if (!model.graph || !model.graph.node) {
    throw new AssayError('MODEL_INVALID', `The file ${fileName} holds no ONNX graph; it is empty, truncated or not an ONNX model.`, { file: fileName });
  }
  return model;
}

export function encodeModel(model: ModelProto): Uint8Array {
  const message = ModelType.fromObject(model);
  return ModelType.encode(message).finish();
}
