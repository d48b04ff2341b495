/**
 * `npm run zip`: the release build. Packages the Chrome and Firefox extensions with the default list subscription
 * pinned (feed URL + keyset + list id) and the report endpoint, plus a sources zip for store review made from
 * git-tracked files only. Refuses to package when the build would ship without a working default list.
 *
 * Configuration, environment first, then release.config.json (or the file named by SS_RELEASE_CONFIG):
 *   WXT_DEFAULT_LIST_URL      / listUrl          the list's signed manifest.json (https)
 *   WXT_DEFAULT_LIST_KEYSET   / keyset | keysetFile   the pinned keyset (JSON; keysetFile is relative to the config)
 *   WXT_DEFAULT_LIST_ID       / listId           the list id (default scamsentinel-main; must match the bundled list)
 *   WXT_REPORT_ENDPOINT       / reportEndpoint   where user-initiated reports go (https)
 *   WXT_PRIVACY_URL           / privacyUrl       where docs/privacy.md is published (https; linked from the options page)
 * SS_RELEASE_ALLOW_TEST_HOSTS=1 lets http://*.test URLs through (the e2e test packages against the demo network).
 * SS_OUT_DIR puts the builds and zips somewhere other than .output/.
 * See release.config.example.json and docs/maintainers.md ("Release build").
 */
import { execFileSync, execSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LIST_ID, DEFAULT_LIST_URL, defaultListConfig } from '../src/background/sync/config';

export const ROOT = resolve(import.meta.dirname, '..');

const ConfigFile = z.strictObject({
  $comment: z.string().optional(),
  listUrl: z.string().optional(),
  listId: z.string().optional(),
  keyset: z.unknown().optional(),
  keysetFile: z.string().optional(),
  reportEndpoint: z.string().optional(),
  privacyUrl: z.string().optional(),
});

export interface ReleaseConfig {
  readonly listUrl: string;
  readonly listId: string;
  /** Normalised keyset JSON. */
  readonly keyset: string;
  readonly reportEndpoint: string;
  readonly privacyUrl: string;
}

export type Resolved = { ok: true; config: ReleaseConfig } | { ok: false; problems: string[] };

function checkUrl(name: string, value: string | undefined, allowTestHosts: boolean, problems: string[]): void {
  if (value === undefined || value.trim() === '') {
    problems.push(`${name} is missing`);
    return;
  }
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    problems.push(`${name} is not a URL: ${value}`);
    return;
  }
  const testHost = allowTestHosts && u.protocol === 'http:' && u.hostname.endsWith('.test');
  if (u.protocol !== 'https:' && !testHost) problems.push(`${name} must be https: ${value}`);
  if (['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname)) problems.push(`${name} points at this machine: ${value}`);
}

/** Merge environment and config file into a release configuration, or say everything that is missing or wrong. */
export function resolveReleaseConfig(env: NodeJS.ProcessEnv, root = ROOT): Resolved {
  const problems: string[] = [];
  const configPath = env.SS_RELEASE_CONFIG ? resolve(env.SS_RELEASE_CONFIG) : join(root, 'release.config.json');
  let file: z.infer<typeof ConfigFile> = {};
  if (existsSync(configPath)) {
    try {
      const parsed = ConfigFile.safeParse(JSON.parse(readFileSync(configPath, 'utf8')));
      if (parsed.success) file = parsed.data;
      else problems.push(`${configPath}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    } catch (e: unknown) {
      problems.push(`${configPath}: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else if (env.SS_RELEASE_CONFIG) {
    problems.push(`SS_RELEASE_CONFIG names a file that does not exist: ${configPath}`);
  }
  const pick = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);
  const listUrl = pick(env.WXT_DEFAULT_LIST_URL) ?? pick(file.listUrl);
  const listId = pick(env.WXT_DEFAULT_LIST_ID) ?? pick(file.listId) ?? DEFAULT_LIST_ID;
  const reportEndpoint = pick(env.WXT_REPORT_ENDPOINT) ?? pick(file.reportEndpoint);
  const privacyUrl = pick(env.WXT_PRIVACY_URL) ?? pick(file.privacyUrl) ?? '';
  if (privacyUrl !== '' && !privacyUrl.startsWith('https://')) problems.push(`the privacy policy URL must be https: ${privacyUrl}`);
  let keysetText = pick(env.WXT_DEFAULT_LIST_KEYSET);
  if (keysetText === undefined && file.keyset !== undefined) keysetText = JSON.stringify(file.keyset);
  if (keysetText === undefined && file.keysetFile !== undefined) {
    const p = resolve(dirname(configPath), file.keysetFile);
    if (existsSync(p)) keysetText = readFileSync(p, 'utf8');
    else problems.push(`keysetFile does not exist: ${p}`);
  }
  const allowTest = env.SS_RELEASE_ALLOW_TEST_HOSTS === '1';
  checkUrl('the default list URL (WXT_DEFAULT_LIST_URL / listUrl)', listUrl, allowTest, problems);
  checkUrl('the report endpoint (WXT_REPORT_ENDPOINT / reportEndpoint)', reportEndpoint, allowTest, problems);
  if (keysetText === undefined) problems.push('the pinned keyset (WXT_DEFAULT_LIST_KEYSET / keyset / keysetFile) is missing');
  const cfg = defaultListConfig({ url: listUrl, keyset: keysetText, listId });
  for (const p of cfg.problems) if (keysetText !== undefined || !p.includes('KEYSET is not set')) problems.push(p);
  if (listUrl !== undefined && cfg.manifestUrl === DEFAULT_LIST_URL) problems.push(`the default list URL is the local development server (${DEFAULT_LIST_URL})`);
  if (problems.length > 0 || cfg.keyset === null || listUrl === undefined || reportEndpoint === undefined) {
    return { ok: false, problems: problems.length > 0 ? problems : ['incomplete configuration'] };
  }
  return { ok: true, config: { listUrl: cfg.manifestUrl, listId: cfg.listId, keyset: cfg.keyset, reportEndpoint, privacyUrl } };
}

/** The bundled list must exist, be non-empty, carry the default list's id (synced versions replace it) and no demo entries. */
export function checkBundledList(root: string, listId: string): string[] {
  const meta = join(root, 'public/lists/bundled.json');
  if (!existsSync(meta)) return [`the bundled list is missing (${meta}); run npm run build:bundled-list`];
  const m = JSON.parse(readFileSync(meta, 'utf8')) as { listId?: unknown; count?: unknown; demoEntries?: unknown };
  const problems: string[] = [];
  if (typeof m.count !== 'number' || m.count <= 0) problems.push('the bundled list is empty');
  if (typeof m.demoEntries === 'number' && m.demoEntries > 0) {
    problems.push(`the bundled list carries ${m.demoEntries} demo entries (*.test): rebuild it with npm run build:bundled-list`);
  }
  if (m.listId !== listId) problems.push(`the bundled list is "${String(m.listId)}" but the default list is "${listId}": synced updates would never replace it`);
  if (!existsSync(join(root, 'public/lists/bundled.sslist'))) problems.push('public/lists/bundled.sslist is missing');
  return problems;
}

/** A zip of the git-tracked files as they are in the work tree (uncommitted edits included, untracked files not). */
export function writeSourcesZip(root: string, out: string): void {
  // `git stash create` snapshots tracked edits without touching the work tree; it can fail for a moment while
  // another git process holds the index lock, so try a few times.
  const stashCreate = (): string => {
    for (let attempt = 1; ; attempt++) {
      try {
        return execFileSync('git', ['stash', 'create'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      } catch (e: unknown) {
        if (attempt >= 5) throw new Error(`git stash create failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        execFileSync('sleep', ['1']);
      }
    }
  };
  const stash = stashCreate();
  execFileSync('git', ['archive', '--format=zip', '--prefix=scamsentinel/', '-o', out, stash === '' ? 'HEAD' : stash], { cwd: root });
}

function fail(problems: readonly string[]): never {
  console.error('npm run zip: refusing to package a release without a working default list:');
  for (const p of problems) console.error(`  - ${p}`);
  console.error('Set them in the environment or in release.config.json (see release.config.example.json).');
  process.exit(1);
}

async function main(): Promise<void> {
  const resolved = resolveReleaseConfig(process.env);
  if (!resolved.ok) fail(resolved.problems);
  const { config } = resolved;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WXT_DEFAULT_LIST_URL: config.listUrl,
    WXT_DEFAULT_LIST_KEYSET: config.keyset,
    WXT_DEFAULT_LIST_ID: config.listId,
    WXT_REPORT_ENDPOINT: config.reportEndpoint,
    WXT_PRIVACY_URL: config.privacyUrl,
  };
  if (config.privacyUrl === '') console.warn('npm run zip: no privacyUrl / WXT_PRIVACY_URL: the options page will not link the full privacy policy (stores ask for one).');
  execSync('npx tsx scripts/write-locales.ts', { cwd: ROOT, stdio: 'inherit', env });
  // The bundled list is the committed public/lists/* (refreshed by the maintainers' release step
  // `npm run build:bundled-list`, which needs the upstream copies): packaging never rebuilds it, so a machine without
  // those copies cannot replace the real list with the demo entries.
  const bundled = checkBundledList(ROOT, config.listId);
  if (bundled.length > 0) fail(bundled);
  execSync('npx wxt zip', { cwd: ROOT, stdio: 'inherit', env });
  execSync('npx wxt zip -b firefox --mv3', { cwd: ROOT, stdio: 'inherit', env });
  const outDir = resolve(ROOT, process.env.SS_OUT_DIR ?? '.output');
  const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const sources = join(outDir, `scamsentinel-${version}-sources.zip`);
  writeSourcesZip(ROOT, sources);
  writeFileSync(join(outDir, 'release.json'), JSON.stringify({ version, ...config, keyset: JSON.parse(config.keyset) as unknown }, null, 2) + '\n');
  console.log(`release ${version}: default list ${config.listId} from ${config.listUrl}; reports to ${config.reportEndpoint}`);
  console.log(`packages in ${outDir}: scamsentinel-${version}-chrome.zip, scamsentinel-${version}-firefox.zip, scamsentinel-${version}-sources.zip`);
}

if (process.argv[1]?.endsWith('release.ts')) await main();
