import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AssayError } from '../../api/errors.ts';
import { DEFAULT_LIMITS, formatBytes, type PackageLimits } from './limits.ts';

/** Reads every regular file under a folder into `relative/path -> bytes`; refuses symbolic links (UNSAFE_PATH). */
export async function readFolder(root: string, limits: PackageLimits = DEFAULT_LIMITS): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  let total = 0;
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        throw new AssayError('UNSAFE_PATH', `The package folder ${root} holds "${rel}" as a symbolic link; packages must hold regular files only. Replace the link with the file it points to.`, { path: rel });
      }
      if (entry.isDirectory()) {
        await walk(full, rel);
        continue;
      }
      if (!entry.isFile()) {
        throw new AssayError('PACKAGE_INVALID', `The package folder ${root} holds "${rel}", which is neither a file nor a folder. Remove it.`, { path: rel });
      }
      if (files.size >= limits.maxEntries) {
        throw new AssayError('PACKAGE_INVALID', `The package folder ${root} holds more than ${limits.maxEntries} files. Remove what the model does not need.`, { path: root });
      }
      total += (await lstat(full)).size;
      if (total > limits.maxTotalBytes) {
        throw new AssayError('PACKAGE_INVALID', `The package folder ${root} holds more than ${formatBytes(limits.maxTotalBytes)} (reached at "${rel}"); a package this large is not supported.`, { path: rel });
      }
      files.set(rel, new Uint8Array(await readFile(full)));
    }
  };
  await walk(root, '');
  return files;
}
