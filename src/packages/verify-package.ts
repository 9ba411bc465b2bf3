import { AssayError } from '../api/errors.ts';
import { checkFiles } from './manifest/check-files.ts';
import { parseManifest } from './manifest/parse-manifest.ts';
import { readTrustedKeys } from './signing/trusted-keys.ts';
import { MANIFEST_FILE, manifestLocation, readSource } from './source/read-source.ts';
import type { PackageVerification } from './types.ts';

/**
 * Checks an assay package's files against its manifest, and its signature.json (against the trusted keys when
 * given), and reports every file instead of throwing; throws only
 * when the package cannot be read (or is not an assay package, which carries no hashes to verify).
 */
export async function verifyPackage(path: string, trustedKeysDir?: string): Promise<PackageVerification> {
  const trusted = trustedKeysDir === undefined ? null : await readTrustedKeys(trustedKeysDir);
  const source = await readSource(path);
  if (source.kind !== 'assay-package' && source.kind !== 'assay-package-zip') {
    const what = source.kind === 'mlflow' ? 'an MLflow model folder' : 'a bare ONNX model';
    throw new AssayError('PACKAGE_INVALID', `${source.path} is ${what}, which carries no ${MANIFEST_FILE} with file hashes to verify. Import it into a case, or verify an assay package.`, { path: source.path });
  }
  const { manifest } = parseManifest(source.files.get(MANIFEST_FILE)!, manifestLocation(source));
  return checkFiles(manifest, source.files, `the package ${source.path}`, trusted).verification;
}
