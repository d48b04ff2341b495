/**
 * The demo's signed list, made with the real maintainer CLI: a demo key pair in `.keys/demo/` (git-ignored,
 * generated on first use — never committed), the sources in scripts/demo-list/, published into
 * .output/demo-list/public and served by the demo network as http://lists.test/. The extension build pins the
 * demo keyset (scripts/build.ts) so the demo and the e2e tests exercise real signed sync.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main as lists } from '../src/maintainer/cli';

export const ROOT = resolve(import.meta.dirname, '..');
export const DEMO_KEYS_DIR = join(ROOT, '.keys/demo');
export const DEMO_KEYSET = join(DEMO_KEYS_DIR, 'keyset.json');
export const DEMO_KEY = join(DEMO_KEYS_DIR, 'demo.key');
export const DEMO_LIST_URL = 'http://lists.test/manifest.json';
export const DEMO_REPORT_ENDPOINT = 'http://reports.test/v1/reports';

const quiet = { log: () => undefined, error: (...a: unknown[]) => console.error(...a) };

async function run(argv: string[]): Promise<void> {
  const code = await lists(argv, quiet);
  if (code !== 0) throw new Error(`lists ${argv[0]} failed (exit ${code})`);
}

/** The demo keyset JSON (creating the key pair on first use). */
export async function ensureDemoKeys(): Promise<string> {
  if (!existsSync(DEMO_KEY) || !existsSync(DEMO_KEYSET)) {
    await run(['keygen', '--name', 'demo', '--dir', DEMO_KEYS_DIR]);
    await run(['keyset', '--pub', join(DEMO_KEYS_DIR, 'demo.pub.json'), '--threshold', '1', '--out', DEMO_KEYSET]);
  }
  return JSON.stringify(JSON.parse(readFileSync(DEMO_KEYSET, 'utf8')));
}

export interface PublishDemoOptions {
  /** Folder with sources.json (default scripts/demo-list). */
  readonly configDir?: string;
  readonly stateDir: string;
  readonly outDir: string;
  readonly version?: number;
  /** A classifier model file to ship with this version (`publish --model`). */
  readonly model?: string;
}

/** Build + sign + publish the demo list (a new version each call). */
export async function publishDemoList(o: PublishDemoOptions): Promise<void> {
  await ensureDemoKeys();
  const config = join(o.configDir ?? join(ROOT, 'scripts/demo-list'), 'sources.json');
  await run([
    'publish', '--config', config, '--state', o.stateDir, '--out', o.outDir, '--keyset', DEMO_KEYSET, '--key', DEMO_KEY,
    ...(o.version !== undefined ? ['--version', String(o.version)] : []),
    ...(o.model !== undefined ? ['--model', o.model] : []),
  ]);
}
