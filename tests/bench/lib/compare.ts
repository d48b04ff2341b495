/**
 * Shared by the A/B scripts (scripts/classify-compare.ts, scripts/extract-compare.ts) and the classify bench: the
 * git ref to compare against, that ref's src/ tree, and an esbuild IIFE bundle of a few imports for a page.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The git ref given as the first argument (default HEAD), refused unless it reads like one. */
export function refArg(argv: readonly string[] = process.argv.slice(2)): string {
  const ref = argv[0] ?? 'HEAD';
  if (!/^[\w./~^-]+$/.test(ref)) throw new Error(`not a git ref: ${ref}`);
  return ref;
}

/** src/ at `ref` in a new temporary directory; `fromWorkingTree` (paths under ROOT) are copied over it, so both
 *  versions read the same data files and only the code differs. */
export function srcAtRef(ref: string, prefix: string, fromWorkingTree: readonly string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  execFileSync('sh', ['-c', `git archive ${ref} src | tar -x -C ${dir}`], { cwd: ROOT });
  for (const f of fromWorkingTree) copyFileSync(join(ROOT, f), join(dir, f));
  return dir;
}

/** `contents` (TypeScript importing from `root`) bundled, minified, as one IIFE for a Chromium page. */
export async function bundleIife(root: string, contents: string): Promise<string> {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    minify: true,
    target: 'chrome120',
    nodePaths: [join(ROOT, 'node_modules')],
  });
  return out.outputFiles[0]?.text ?? '';
}
