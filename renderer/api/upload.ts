import { ApiError } from './transport.ts';

/** A file the user dropped or chose, as a path the service can read. */
export interface LocalFile {
  path: string;
  name: string;
  bytes: number;
}

interface PathBridge {
  pathForFile(file: File): string;
}

function desktopBridge(): PathBridge | null {
  const b = (globalThis as { assay?: Partial<PathBridge> }).assay;
  return b && typeof b.pathForFile === 'function' ? (b as PathBridge) : null;
}

/**
 * The desktop app knows a dropped file's path; a browser only has its bytes, which go to the host's upload route
 * (a private folder the host removes when it stops).
 */
export async function fileToPath(file: File): Promise<LocalFile> {
  const bridge = desktopBridge();
  if (bridge) return { path: bridge.pathForFile(file), name: file.name, bytes: file.size };
  const res = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
    method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: file, credentials: 'same-origin',
  });
  const body = (await res.json().catch(() => null)) as { path?: string; bytes?: number; error?: { code?: string; message?: string } } | null;
  if (res.status !== 200 || !body?.path) {
    throw new ApiError({ code: 'BAD_ARGUMENT', message: body?.error?.message ?? `The upload of ${file.name} failed (HTTP ${res.status}).` });
  }
  return { path: body.path, name: file.name, bytes: body.bytes ?? file.size };
}

const LOG_EXTENSIONS = /\.(csv|tsv|txt|parquet|ndjson|jsonl|json)$/i;
const PACKAGE_EXTENSIONS = /\.(zip|onnx)$/i;

export function fileKind(name: string): 'log' | 'package' | 'unknown' {
  if (LOG_EXTENSIONS.test(name)) return 'log';
  if (PACKAGE_EXTENSIONS.test(name)) return 'package';
  return 'unknown';
}
