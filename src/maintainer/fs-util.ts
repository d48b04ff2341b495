/** Small file helpers: atomic writes (temp file in the same folder, then rename) and repo-location checks. */
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep, basename } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` to `file` so readers see either the old or the new content, never a partial file. */
export function writeFileAtomic(file: string, data: Uint8Array | string, mode?: number): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data, mode !== undefined ? { mode } : {});
    renameSync(tmp, file);
  } catch (e: unknown) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** The git working tree containing `path` (walking up to a `.git`), or null. */
export function gitRootOf(path: string): string | null {
  let dir = resolve(path);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** True when `path` is inside `root` (or equal). */
export function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}
