/** Bounds on what a package may hold, so that a zip bomb or a huge folder cannot exhaust memory. */
export interface PackageLimits {
  maxEntries: number;
  maxTotalBytes: number;
}

export const DEFAULT_LIMITS: PackageLimits = { maxEntries: 10_000, maxTotalBytes: 2 * 1024 ** 3 };

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}
