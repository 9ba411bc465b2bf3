import type { Manifest } from './manifest-schema.ts';

export type SourceKind = 'assay-package' | 'assay-package-zip' | 'mlflow' | 'onnx';

export type TensorKind = 'tensor' | 'sequence' | 'map' | 'optional' | 'sparse' | 'unknown';

export interface TensorInfo {
  name: string;
  kind: TensorKind;
  /** ONNX Runtime tensor type name ('float32', 'int64', 'string', ...); null when not a tensor. */
  elemType: string | null;
  /** dim_value, dim_param, or null for an unnamed unknown dim; null when the type carries no shape. */
  shape: (number | string | null)[] | null;
  /** ONNX notation, e.g. "tensor(float)[N,1]", "seq(map(int64,tensor(float)))". */
  typeText: string;
}

export interface GraphSummary {
  irVersion: number;
  producerName: string;
  producerVersion: string;
  domain: string;
  modelVersion: number;
  docString: string;
  opsets: { domain: string; version: number }[];
  operators: { domain: string; opType: string; count: number }[];
  nodeCount: number;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  initializerCount: number;
  parameterCount: number;
  metadata: Record<string, string>;
  hasZipMap: boolean;
}

export interface PackageFileCheck {
  path: string;
  expected: string | null;
  actual: string | null;
  status: 'ok' | 'mismatch' | 'missing' | 'unlisted';
}

export interface PackageVerification {
  ok: boolean;
  files: PackageFileCheck[];
  signature: SignatureCheck;
  problems: string[];
}

/** A package's signature.json as checked: absent, valid, invalid (with why) or valid but by an untrusted key. */
export interface SignatureCheck {
  present: boolean;
  status: 'absent' | 'valid' | 'invalid' | 'untrusted';
  /** SHA-256 of the signer's SubjectPublicKeyInfo DER, when the envelope could be read. */
  keyId: string | null;
  algorithm: 'ed25519' | 'p256' | null;
  /** Whether the signer is among the trusted keys; null when none were given. */
  trusted: boolean | null;
  problems: string[];
}

export interface LoadOptions {
  /** A manifest that replaces the synthesised one (MLflow folders and bare .onnx only). */
  manifestPath?: string;
  id?: string;
  version?: string;
  positiveClass?: number | string;
  threshold?: number;
  favorable?: 0 | 1;
  /** Protected attribute names, each optionally `name=reference`. */
  protected?: string[];
  outputName?: string;
  outputIndex?: number;
  /** A folder of trusted public keys: the package's signature must be made by one of them. */
  trustedKeys?: string;
}

export interface ZipMapRewrite {
  kind: 'zipmap-removed';
  /** The graph output that was a seq(map) and is now the probability tensor, under the same name. */
  output: string;
  /** The tensor ZipMap consumed. */
  probabilityTensor: string;
  classLabels: (number | string)[];
  /** 'renamed': the producer now writes the output directly; 'identity': an Identity node replaced ZipMap. */
  method: 'renamed' | 'identity';
}

export interface PackageFile {
  path: string;
  sha256: string;
  bytes: Uint8Array;
}

export interface LoadedPackage {
  sourceKind: SourceKind;
  /** Absolute. */
  sourcePath: string;
  /** `${id}@${version}` */
  ref: string;
  /** Complete; synthesised for MLflow and bare ONNX. */
  manifest: Manifest;
  /** Every file as submitted, including the manifest (synthesised for MLflow and bare ONNX). */
  files: PackageFile[];
  /** Of the submitted model file. */
  modelSha256: string;
  /** The bytes ONNX Runtime must run: rewritten when ZipMap was removed, else the submitted bytes. */
  runtimeModel: Uint8Array;
  /** Of runtimeModel. */
  graph: GraphSummary;
  /** The manifest's lineage plus `assay_import`. */
  lineage: Record<string, unknown>;
  verification: PackageVerification;
  referenceData?: { path: string; format: 'csv' | 'parquet'; bytes: Uint8Array };
  /** Model card markdown text. */
  card?: string;
  warnings: string[];
}
