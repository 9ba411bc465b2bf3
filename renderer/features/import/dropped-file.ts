import type { LocalFile } from '../../api/upload.ts';

/** The log file dropped on the window, handed to the import wizard it opens. */
let pending: LocalFile | null = null;

export function setDroppedLog(file: LocalFile): void {
  pending = file;
}

export function takeDroppedLog(): LocalFile | null {
  const f = pending;
  pending = null;
  return f;
}
