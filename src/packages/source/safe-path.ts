import { AssayError } from '../../api/errors.ts';

/**
 * Normalises a path found in a package (zip entry name, external-data location) to `a/b/c`.
 * Returns null for a path that names the root itself; throws UNSAFE_PATH for any path that could leave the package:
 * absolute, drive letter, backslash, NUL, or a ".." segment.
 */
export function normalisePackagePath(raw: string, where: string): string | null {
  const reason = unsafeReason(raw);
  if (reason) {
    throw new AssayError(
      'UNSAFE_PATH',
      `${where} holds the path "${raw}", which ${reason}. Assay refuses paths that could point outside the package; rebuild the package with plain relative paths.`,
      { path: raw },
    );
  }
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  return segments.length === 0 ? null : segments.join('/');
}

export function unsafeReason(raw: string): string | null {
  if (raw.includes('\0')) return 'contains a NUL character';
  if (raw.includes('\\')) return 'contains a backslash';
  if (raw.startsWith('/')) return 'is absolute';
  if (/^[A-Za-z]:/.test(raw)) return 'starts with a drive letter';
  if (raw.split('/').includes('..')) return 'contains ".."';
  return null;
}
