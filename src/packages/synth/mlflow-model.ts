import { parse as parseYaml } from 'yaml';
import { AssayError } from '../../api/errors.ts';
import { MLMODEL_FILE } from '../source/read-source.ts';
import { normalisePackagePath } from '../source/safe-path.ts';

export interface MlflowModel {
  modelFile: string;
  /** The signature's inputs; null when the MLmodel has none. */
  signatureInputs: unknown[] | null;
  registered: { name?: string; version?: string };
  runId?: string;
  modelUuid?: string;
  lineage: Record<string, unknown>;
}

const utf8 = new TextDecoder();

function readYaml(bytes: Uint8Array, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(utf8.decode(bytes));
  } catch (e) {
    throw new AssayError('PACKAGE_INVALID', `The file ${where} is not valid YAML (${(e as Error).message.split('\n')[0]}). Correct it or log the model again.`, { file: where });
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new AssayError('PACKAGE_INVALID', `The file ${where} must hold a YAML mapping of MLflow model fields. Log the model again.`, { file: where });
  }
  return value as Record<string, unknown>;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

function signatureInputs(mlmodel: Record<string, unknown>, where: string): unknown[] | null {
  const signature = mlmodel.signature as Record<string, unknown> | undefined;
  const inputs = signature?.inputs;
  if (inputs === undefined || inputs === null) return null;
  let parsed: unknown = inputs;
  if (typeof inputs === 'string') {
    try {
      parsed = JSON.parse(inputs);
    } catch (e) {
      throw new AssayError('PACKAGE_INVALID', `The signature inputs of ${where} are not valid JSON (${(e as Error).message}). Log the model again with a signature.`, { file: where });
    }
  }
  if (!Array.isArray(parsed)) {
    throw new AssayError('PACKAGE_INVALID', `The signature inputs of ${where} must be a list of column or tensor specs. Log the model again with a signature.`, { file: where });
  }
  return parsed;
}

/** Reads an MLflow model folder's `MLmodel` (its onnx flavor, signature, run identity). */
export function readMlflow(files: Map<string, Uint8Array>, folder: string): MlflowModel {
  const where = `${folder}/${MLMODEL_FILE}`;
  const mlmodel = readYaml(files.get(MLMODEL_FILE)!, where);
  const flavors = (mlmodel.flavors ?? {}) as Record<string, unknown>;
  const onnx = flavors.onnx as Record<string, unknown> | undefined;
  if (!onnx || typeof onnx !== 'object') {
    const names = Object.keys(flavors);
    throw new AssayError(
      'PACKAGE_INVALID',
      `The MLflow model ${folder} has no onnx flavor (its flavors are ${names.length ? names.join(', ') : 'none'}), so there is no ONNX model to import. Log it with mlflow.onnx.log_model, or convert it to ONNX and import the .onnx file.`,
      { path: folder, flavors: names },
    );
  }
  const declared = text(onnx.onnx_model) ?? text(onnx.data) ?? 'model.onnx';
  const modelFile = normalisePackagePath(declared, where) ?? declared;
  if (!files.has(modelFile)) {
    throw new AssayError('PACKAGE_INVALID', `The onnx flavor of ${where} names the model file "${declared}", but the folder holds no such file. Copy the complete MLflow model folder.`, { file: declared });
  }
  let registered: { name?: string; version?: string } = {};
  const meta = files.get('registered_model_meta');
  if (meta) {
    const m = readYaml(meta, `${folder}/registered_model_meta`);
    registered = { name: text(m.model_name), version: text(m.model_version) };
  }
  const runId = text(mlmodel.run_id);
  const modelUuid = text(mlmodel.model_uuid);
  return {
    modelFile,
    signatureInputs: signatureInputs(mlmodel, where),
    registered,
    runId,
    modelUuid,
    lineage: {
      mlflow: {
        run_id: runId ?? null,
        model_uuid: modelUuid ?? null,
        utc_time_created: text(mlmodel.utc_time_created) ?? null,
        mlflow_version: text(mlmodel.mlflow_version) ?? null,
        flavors,
      },
    },
  };
}
