export { manifestSchema, PACKAGE_FORMAT, type Manifest, type Feature } from './manifest-schema.ts';
export { decodeModel, encodeModel } from './onnx/onnx-codec.ts';
export { summariseGraph, summariseModel } from './onnx/graph-summary.ts';
export { removeZipMap } from './onnx/zipmap.ts';
export { loadPackage } from './load-package.ts';
export { verifyPackage } from './verify-package.ts';
export { signPackage, createKeyFiles, KEY_ALGORITHMS, type KeyAlgorithm, type KeyFiles, type SignResult } from './signing/index.ts';
export type {
  SourceKind, TensorInfo, GraphSummary, PackageFileCheck, PackageVerification, SignatureCheck, LoadOptions, LoadedPackage, PackageFile, ZipMapRewrite,
} from './types.ts';
export { parseTreeEnsemble, type TreeEnsembleData } from './onnx/tree-ensemble.ts';
