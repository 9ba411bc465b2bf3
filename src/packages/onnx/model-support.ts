import { AssayError } from '../../api/errors.ts';
import type { ModelProto, TensorProto } from './onnx-types.ts';
import { unsafeReason } from '../source/safe-path.ts';
import { allTensors } from './walk-graph.ts';

export const MAX_IR_VERSION = 11;
/** Supported opset versions per domain; null = any version. */
const OPSET_RANGES: Record<string, { min: number; max: number | null; label: string }> = {
  '': { min: 7, max: 23, label: 'ai.onnx' },
  'ai.onnx': { min: 7, max: 23, label: 'ai.onnx' },
  'ai.onnx.ml': { min: 1, max: 5, label: 'ai.onnx.ml' },
  'com.microsoft': { min: 1, max: null, label: 'com.microsoft' },
};

const EXTERNAL = 1;

function checkIrVersion(model: ModelProto, file: string): void {
  const ir = model.irVersion;
  if (!ir) {
    throw new AssayError('MODEL_INVALID', `The model ${file} declares no IR version, so it is not a complete ONNX model. Export it again.`, { file });
  }
  if (ir > MAX_IR_VERSION) {
    throw new AssayError(
      'MODEL_UNSUPPORTED',
      `The model ${file} uses ONNX IR version ${ir}; Assay supports IR versions up to ${MAX_IR_VERSION}. Export it with an older ONNX (or set ir_version to ${MAX_IR_VERSION} or lower).`,
      { file, irVersion: ir },
    );
  }
}

function checkOpsets(model: ModelProto, file: string): void {
  const opsets = model.opsetImport ?? [];
  if (opsets.length === 0) {
    throw new AssayError('MODEL_INVALID', `The model ${file} imports no operator set, so it is not a complete ONNX model. Export it again.`, { file });
  }
  const functionDomains = new Set(((model.functions ?? []) as { domain?: string }[]).map((f) => f.domain ?? ''));
  for (const { domain = '', version = 0 } of opsets) {
    const range = OPSET_RANGES[domain];
    if (!range) {
      if (functionDomains.has(domain)) continue;
      throw new AssayError(
        'MODEL_UNSUPPORTED',
        `The model ${file} imports the operator domain "${domain}" (version ${version}), which Assay does not support; it runs the domains ai.onnx, ai.onnx.ml and com.microsoft only. Export the model with standard operators.`,
        { file, domain, version },
      );
    }
    if (version < range.min || (range.max !== null && version > range.max)) {
      const allowed = range.max === null ? `${range.min} or later` : `${range.min} to ${range.max}`;
      throw new AssayError(
        'MODEL_UNSUPPORTED',
        `The model ${file} uses ${range.label} opset ${version}; Assay supports ${range.label} opsets ${allowed}. Convert the model to a supported opset (e.g. with onnx.version_converter, or export with target_opset in range).`,
        { file, domain: range.label, version },
      );
    }
  }
}

function isExternal(t: TensorProto): boolean {
  return t.dataLocation === EXTERNAL || (t.externalData ?? []).length > 0;
}

function checkExternalData(model: ModelProto, file: string): void {
  for (const tensor of allTensors(model.graph ?? {})) {
    if (!isExternal(tensor)) continue;
    const name = tensor.name ?? '(unnamed)';
    const location = (tensor.externalData ?? []).find((e) => e.key === 'location')?.value ?? '';
    const reason = unsafeReason(location);
    if (reason) {
      throw new AssayError(
        'UNSAFE_PATH',
        `The model ${file} reads the weights of tensor "${name}" from "${location}", a path that ${reason}. Assay never reads files outside a package; re-export the model with the weights inside it.`,
        { file, tensor: name, location },
      );
    }
    throw new AssayError(
      'MODEL_UNSUPPORTED',
      `The model ${file} keeps the weights of tensor "${name}" in the external file "${location || '(no location)'}"; external tensor data is not supported. Re-export with the weights inside the model (onnx.save_model(..., save_as_external_data=False)).`,
      { file, tensor: name, location },
    );
  }
}

/** Refuses what Assay cannot run safely: newer IR, unsupported opsets or domains, external tensor data. */
export function checkModelSupport(model: ModelProto, file: string): void {
  checkIrVersion(model, file);
  checkOpsets(model, file);
  checkExternalData(model, file);
}
