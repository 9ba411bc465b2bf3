import { crc32 } from 'node:zlib';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { AssayError, isAssayError } from '../../api/errors.ts';
import { DEFAULT_LIMITS, formatBytes, type PackageLimits } from './limits.ts';
import { normalisePackagePath } from './safe-path.ts';

interface CentralEntry {
  madeBy: number;
  flags: number;
  crc: number;
  externalAttrs: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const UNIX = 3;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

function corrupt(zipName: string, detail: string): AssayError {
  return new AssayError(
    'ARCHIVE_CORRUPT',
    `The zip file ${zipName} cannot be read (${detail}); it may be truncated or damaged. Copy or download it again.`,
    { file: zipName },
  );
}

/** Reads the central directory for what fflate's filter does not report: CRC, flags and file mode (symlinks). */
function centralDirectory(data: Uint8Array, zipName: string): CentralEntry[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let e = data.length - 22;
  while (e >= 0 && view.getUint32(e, true) !== EOCD) {
    if (data.length - e > 65557) break;
    e--;
  }
  if (e < 0 || view.getUint32(e, true) !== EOCD) throw corrupt(zipName, 'no end-of-central-directory record');
  let count = view.getUint16(e + 10, true);
  let offset = view.getUint32(e + 16, true);
  if (e >= 20 && view.getUint32(e - 20, true) === ZIP64_LOCATOR) {
    const z = Number(view.getBigUint64(e - 12, true));
    if (z + 56 > data.length || view.getUint32(z, true) !== ZIP64_EOCD) throw corrupt(zipName, 'a broken zip64 record');
    count = Number(view.getBigUint64(z + 32, true));
    offset = Number(view.getBigUint64(z + 48, true));
  }
  const entries: CentralEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (offset + 46 > data.length || view.getUint32(offset, true) !== CENTRAL_HEADER) {
      throw corrupt(zipName, `central directory entry ${i + 1} of ${count} is missing`);
    }
    entries.push({
      madeBy: view.getUint16(offset + 4, true),
      flags: view.getUint16(offset + 8, true),
      crc: view.getUint32(offset + 16, true),
      externalAttrs: view.getUint32(offset + 38, true),
    });
    offset += 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
  }
  return entries;
}

function isSymlink(entry: CentralEntry): boolean {
  return entry.madeBy >> 8 === UNIX && ((entry.externalAttrs >>> 16) & S_IFMT) === S_IFLNK;
}

/**
 * Reads a zip fully in memory (never onto disk) into `normalised path -> bytes`, directories left out.
 * Refuses unsafe entry names and symlinks (UNSAFE_PATH), and unreadable, oversized or tampered archives (ARCHIVE_CORRUPT).
 */
export function readZip(data: Uint8Array, zipName: string, limits: PackageLimits = DEFAULT_LIMITS): Map<string, Uint8Array> {
  const central = centralDirectory(data, zipName);
  if (central.length > limits.maxEntries) {
    throw new AssayError(
      'ARCHIVE_CORRUPT',
      `The zip file ${zipName} holds ${central.length} entries, more than the ${limits.maxEntries} a package may hold. Remove what the model does not need and zip it again.`,
      { file: zipName, entries: central.length },
    );
  }
  const where = `The zip file ${zipName}`;
  const kept: { name: string; path: string; entry: CentralEntry; size: number }[] = [];
  const seen = new Set<string>();
  let index = 0;
  let total = 0;
  const filter = (info: UnzipFileInfo): boolean => {
    const entry = central[index++];
    if (!entry) throw corrupt(zipName, 'the central directory and the entries disagree');
    const path = normalisePackagePath(info.name, where);
    if (isSymlink(entry)) {
      throw new AssayError('UNSAFE_PATH', `${where} holds "${info.name}" as a symbolic link; packages must hold regular files only. Replace the link with the file it points to and zip the package again.`, { path: info.name });
    }
    if (path === null || info.name.endsWith('/')) return false;
    if (seen.has(path)) {
      throw new AssayError('UNSAFE_PATH', `${where} holds "${path}" twice, so different tools could read different contents. Zip the package again from its folder.`, { path });
    }
    seen.add(path);
    if (entry.flags & 1) throw corrupt(zipName, `"${path}" is encrypted, which Assay does not support`);
    if (info.compression !== 0 && info.compression !== 8) {
      throw corrupt(zipName, `"${path}" uses compression method ${info.compression}; only stored and deflate entries are supported`);
    }
    total += info.originalSize;
    if (total > limits.maxTotalBytes) {
      throw new AssayError(
        'ARCHIVE_CORRUPT',
        `The zip file ${zipName} would expand to more than ${formatBytes(limits.maxTotalBytes)} (reached at "${path}", which declares ${formatBytes(info.originalSize)}). Assay refuses it to protect memory; a package this large is not supported.`,
        { file: zipName, entry: path, limit: limits.maxTotalBytes },
      );
    }
    kept.push({ name: info.name, path, entry, size: info.originalSize });
    return true;
  };
  let raw: Record<string, Uint8Array>;
  try {
    raw = unzipSync(data, { filter });
  } catch (e) {
    if (isAssayError(e)) throw e;
    throw corrupt(zipName, (e as Error).message);
  }
  const files = new Map<string, Uint8Array>();
  for (const k of kept) {
    const bytes = raw[k.name];
    if (!bytes || bytes.length !== k.size || crc32(bytes) >>> 0 !== k.entry.crc >>> 0) {
      throw corrupt(zipName, `the contents of "${k.path}" do not match their recorded size and checksum`);
    }
    files.set(k.path, bytes);
  }
  return files;
}

export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}
