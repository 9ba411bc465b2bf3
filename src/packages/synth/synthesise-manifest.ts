import { basename } from 'node:path';
import { AssayError } from '../../api/errors.ts';
import { PACKAGE_FORMAT, type Manifest } from '../manifest-schema.ts';
import { validateManifest } from '../manifest/parse-manifest.ts';
import type { GraphProto } from '../onnx/onnx-types.ts';
import type { GraphSummary, LoadOptions, ZipMapRewrite } from '../types.ts';
import { featuresFromGraph, type InferredFeatures } from './infer-features.ts';
import { inferDecision } from './infer-decision.ts';
import { featuresFromMlflow } from './mlflow-features.ts';
import type { MlflowModel } from './mlflow-model.ts';
import { protectedAttributes, sanitiseId, sanitiseVersion } from './options.ts';

export interface SynthesisInput {
  sourcePath: string;
  modelFile: string;
  runtimeGraph: GraphProto;
  graph: GraphSummary;
  rewrites: ZipMapRewrite[];
  options: LoadOptions;
}

interface Identity { id: string; version: string; warnings: string[] }

/** The option when given (a warning when it replaces a found value), else the first usable found value (a warning when `derived`). */
function pick(option: string | undefined, found: { value: string | undefined; from: string }[], flag: string, sanitise: (s: string) => string, warnings: string[], derived: boolean): string | undefined {
  const first = found.find((f) => f.value !== undefined && sanitise(f.value) !== '');
  if (option !== undefined) {
    if (!derived && first && sanitise(first.value!) !== option) warnings.push(`${flag} ${option} replaces the ${first.from} "${first.value}".`);
    return option;
  }
  if (!first) return undefined;
  const value = sanitise(first.value!);
  if (derived || value !== first.value) warnings.push(`Assay took ${value} from the ${first.from}${value !== first.value ? ` "${first.value}"` : ''}; give ${flag} to choose another.`);
  return value;
}

function mlflowIdentity(ml: MlflowModel, input: SynthesisInput): Identity {
  const warnings: string[] = [];
  const { options, sourcePath } = input;
  const id = pick(options.id, [{ value: ml.registered.name, from: 'registered model name' }, { value: basename(sourcePath), from: 'folder name' }], '--id', sanitiseId, warnings, true);
  const version = pick(options.version, [{ value: ml.registered.version, from: 'registered model version' }, { value: ml.runId, from: 'MLflow run_id' }, { value: ml.modelUuid, from: 'MLflow model_uuid' }], '--version', sanitiseVersion, warnings, true);
  if (!id || !version) {
    throw new AssayError('PACKAGE_INVALID', `The MLflow model ${sourcePath} carries no ${!id ? 'usable name' : 'run_id or model_uuid'} to identify it. Give --id and --version.`, { path: sourcePath });
  }
  return { id, version, warnings };
}

function onnxIdentity(input: SynthesisInput): Identity {
  const warnings: string[] = [];
  const { options, graph, sourcePath } = input;
  const id = pick(options.id, [{ value: graph.metadata.model_id, from: 'model_id metadata' }], '--id', sanitiseId, warnings, false);
  const version = pick(options.version, [{ value: graph.metadata.model_version, from: 'model_version metadata' }], '--version', sanitiseVersion, warnings, false);
  if (!id || !version) {
    const missing = [!id && 'model_id', !version && 'model_version'].filter(Boolean).join(' and ');
    throw new AssayError(
      'PACKAGE_INVALID',
      `The model ${sourcePath} carries no ${missing} in its metadata_props, so Assay cannot name the package. Give ${[!id && '--id', !version && '--version'].filter(Boolean).join(' and ')} (or the import wizard's id and version).`,
      { path: sourcePath, missing },
    );
  }
  return { id, version, warnings };
}

function assemble(input: SynthesisInput, identity: Identity, inferred: InferredFeatures, lineage: Record<string, unknown>): { manifest: Manifest; warnings: string[] } {
  const decision = inferDecision(input.graph, input.runtimeGraph, input.rewrites, input.options, input.modelFile);
  const manifest = validateManifest(
    {
      format: PACKAGE_FORMAT,
      id: identity.id,
      version: identity.version,
      task: 'binary_classification',
      model: { file: input.modelFile },
      features: inferred.features,
      input: inferred.input,
      output: decision.output,
      positive_class: decision.positive_class,
      threshold: decision.threshold,
      favorable_outcome: decision.favorable_outcome,
      protected_attributes: protectedAttributes(input.options),
      lineage,
      files: {},
    },
    `synthesised for ${input.sourcePath}`,
  );
  return { manifest, warnings: [...identity.warnings, ...inferred.warnings, ...decision.warnings] };
}

export function synthesiseMlflowManifest(ml: MlflowModel, input: SynthesisInput): { manifest: Manifest; warnings: string[] } {
  const inferred = featuresFromMlflow(ml, input.runtimeGraph, input.graph, input.modelFile, input.sourcePath);
  return assemble(input, mlflowIdentity(ml, input), inferred, ml.lineage);
}

export function synthesiseOnnxManifest(input: SynthesisInput): { manifest: Manifest; warnings: string[] } {
  const identity = onnxIdentity(input);
  const inferred = featuresFromGraph(input.runtimeGraph, input.graph, input.modelFile);
  const { graph } = input;
  const lineage = { onnx: { file: input.modelFile, producer_name: graph.producerName, producer_version: graph.producerVersion, ir_version: graph.irVersion } };
  return assemble(input, identity, inferred, lineage);
}
