/**
 * The list snapshot shipped inside the extension: RELEASE step, not part of `npm run build` (which uses the
 * committed public/lists/* so a fresh clone builds with no network).
 *
 *   npm run build:bundled-list -- --data-dir ../shared/data/lists     committed copies of the upstream files
 *   npm run build:bundled-list -- --cache .lists-cache                the last good copies `lists update` keeps
 *   npm run build:bundled-list -- --from-published .lists-work/public --keyset lists/keyset.json
 *        the signed snapshot currently published, byte for byte (verified first): the bundle then has the published
 *        version, so a release's first sync is a delta (or nothing) instead of a whole snapshot
 *
 * Sources, formats, licences and attribution come from lists/sources.json (the same config `lists update`
 * publishes from); a source with no copy at hand is left out and said so. The false-positive guard runs exactly as
 * for a publish (a guard failure writes nothing). The demo's `*.test` entries are never
 * in it: the demo build adds them to its own output (scripts/demo-bundle.ts), so a real build ships real entries only.
 *
 * Writes (deterministic for the same inputs: dates come from --issued, not the clock):
 *   public/lists/bundled.sslist     snapshot (list format 3) WITH key strings → DNR rules cover it from the first navigation
 *   public/lists/bundled.json       { listId, version, count, issuedAt, sha256, sources: [{name, licence, …, entries}] }
 *   public/lists/bundled-keys.json  [] (only keyless format-1 bundles needed it; kept so old code paths find a file)
 *   public/NOTICE.txt + NOTICE      attribution and licences of every bundled source
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTable, encodeSnapshot, type ListEntryInput } from '../src/core/lists';
import { buildList } from '../src/maintainer/build';
import { loadConfig, type LoadedConfig, type SourceConfig } from '../src/maintainer/sources/config';
import { readSourceMeta, sourceFiles } from '../src/maintainer/upstream';

const ROOT = resolve(import.meta.dirname, '..');

export interface BundledSourceInfo {
  readonly name: string;
  readonly licence: string;
  readonly attribution: string;
  readonly homepage: string | null;
  readonly upstream: { repo: string; path: string; commit?: string | undefined } | null;
  readonly url: string | null;
  /** Entries of this source in the bundled snapshot (after the guard and dedupe). */
  readonly entries: number;
  /** Why it is not in the bundle ('' when it is). */
  readonly missing: string;
}

export interface BundledResult {
  readonly count: number;
  readonly bytes: number;
  readonly keysBytes: number;
  readonly sources: readonly BundledSourceInfo[];
  readonly refused: number;
}

export interface BundledOptions {
  readonly configFile: string;
  /** Folder with each source's `localCopy`. */
  readonly dataDir?: string;
  /** `lists update` cache (its last good copies win over dataDir). */
  readonly cacheDir?: string;
  readonly outDir: string;
  readonly noticeFiles: readonly string[];
  /** YYYY-MM-DD the bundle is dated (firstSeen of new entries, issuedAt). */
  readonly issued: string;
  readonly version?: number;
}

function copyFor(src: SourceConfig, o: BundledOptions): { path: string } | { missing: string } {
  if (src.path !== undefined) return { path: src.path };
  if (o.cacheDir !== undefined && readSourceMeta(o.cacheDir, src.name)) return { path: sourceFiles(o.cacheDir, src.name).text };
  if (o.dataDir !== undefined && src.localCopy !== undefined) return { path: join(o.dataDir, src.localCopy) };
  return { missing: src.localCopy === undefined ? 'no local copy recorded (fetched by `lists update` only)' : 'no copy found' };
}

export async function buildBundledList(o: BundledOptions): Promise<BundledResult> {
  const config = loadConfig(o.configFile);
  const picked = config.sources.map((s) => ({ s, c: copyFor(s, o) }));
  const usable: LoadedConfig = {
    ...config,
    sources: picked.flatMap(({ s, c }) => ('path' in c ? [{ ...s, path: c.path }] : [])),
  };
  const now = Date.parse(`${o.issued}T00:00:00Z`);
  const build = buildList(usable, { now });
  if (!build.report.guard.ok) throw new Error(`guard failed: ${build.report.guard.failures.join('; ')}`);

  const entries: ListEntryInput[] = [...build.entries];
  const version = o.version ?? 1;
  const table = await buildTable(entries, { listId: config.listId, version }, { keys: true });
  const bytes = encodeSnapshot(table);
  const keysBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(224, true);

  const perSource = new Map<string, number>();
  for (const e of entries) for (const s of e.sources ?? []) perSource.set(s, (perSource.get(s) ?? 0) + 1);
  const sources: BundledSourceInfo[] = picked.map(({ s, c }) => ({
    name: s.name,
    licence: s.licence ?? 'unknown',
    attribution: s.attribution ?? s.name,
    homepage: s.homepage ?? null,
    upstream: s.upstream ?? null,
    url: s.url ?? null,
    entries: perSource.get(s.name) ?? 0,
    missing: 'missing' in c ? c.missing : '',
  }));
  mkdirSync(o.outDir, { recursive: true });
  writeFileSync(join(o.outDir, 'bundled.sslist'), bytes);
  const meta = {
    listId: config.listId,
    version,
    count: table.count,
    issuedAt: now,
    sha256: table.sha256,
    sources: sources.filter((s) => s.missing === ''),
    demoEntries: 0,
  };
  writeFileSync(join(o.outDir, 'bundled.json'), JSON.stringify(meta, null, 2) + '\n');
  writeFileSync(join(o.outDir, 'bundled-keys.json'), '[]\n');
  const notice = noticeText(sources, o.issued);
  for (const f of o.noticeFiles) writeFileSync(f, notice);
  return { count: table.count, bytes: bytes.byteLength, keysBytes, sources, refused: build.report.totals.refused };
}

function noticeText(sources: readonly BundledSourceInfo[], issued: string): string {
  const lines = [
    'ScamSentinel (反诈哨兵) — third-party data notice',
    '',
    `The list bundled with this extension (lists/bundled.sslist, dated ${issued}) and the list it updates from`,
    'are compiled from the public sources below, filtered by ScamSentinel\'s false-positive guard. Thanks to their',
    'maintainers. Each source keeps its own licence; ScamSentinel\'s code is MIT-licensed (see LICENSE / package.json).',
    '',
  ];
  for (const s of sources) {
    if (s.missing !== '' && s.url === null) continue;
    lines.push(`* ${s.attribution}`);
    lines.push(`  licence: ${s.licence}`);
    if (s.homepage) lines.push(`  home:    ${s.homepage}`);
    if (s.upstream) lines.push(`  source:  github.com/${s.upstream.repo} ${s.upstream.path}${s.upstream.commit ? ` @ ${s.upstream.commit}` : ''}`);
    if (s.url) lines.push(`  feed:    ${s.url}`);
    lines.push(`  bundled: ${s.missing === '' ? `${s.entries} entries` : `not in this bundle (${s.missing}); added by list updates`}`);
    lines.push('');
  }
  lines.push(
    'Licence texts: Unlicense — https://unlicense.org/ ; Apache-2.0 — https://www.apache.org/licenses/LICENSE-2.0 ;',
    'DBAD 1.1 — https://dbad-license.org/ ; Open Government Data License, Taiwan 1.0 — https://data.gov.tw/license ;',
    'MIT — https://opensource.org/license/mit',
    '',
    'Not included: GPL-3.0 lists (e.g. jarelllama/Scam-Blocklist) are not compiled into the default list.',
    '',
  );
  return lines.join('\n');
}

/** The bundle = the published snapshot (after `verify`), with attribution from the config. */
export async function bundleFromPublished(o: { dir: string; keysetFile: string; configFile: string; outDir: string; noticeFiles: readonly string[]; now: number }): Promise<BundledResult> {
  const { verifyPublication } = await import('../src/maintainer/verify');
  const { loadKeyset } = await import('../src/maintainer/keys');
  const { loadList } = await import('../src/maintainer/stats');
  const read = async (p: string): Promise<Uint8Array | null> => {
    try {
      return new Uint8Array(readFileSync(join(o.dir, p)));
    } catch {
      return null;
    }
  };
  const report = await verifyPublication(read, loadKeyset(o.keysetFile), { now: o.now });
  // the manifest signature and the snapshot must check; deltas may be absent (only manifest + snapshot downloaded)
  const errors = report.errors.filter((e) => !(e.code === 'MISSING' && e.message.startsWith('deltas/')));
  if (errors.length > 0 || !report.manifest) throw new Error(`${o.dir} does not verify: ${errors.map((e) => e.message).join('; ')}`);
  const bytes = await read(report.manifest.snapshot.path);
  if (!bytes) throw new Error('snapshot vanished');
  const list = await loadList(o.dir);
  const config = loadConfig(o.configFile);
  const perSource = new Map<string, number>();
  for (const e of list.entries) for (const x of e.sources ?? []) perSource.set(x, (perSource.get(x) ?? 0) + 1);
  const sources: BundledSourceInfo[] = config.sources.map((x) => ({
    name: x.name,
    licence: x.licence ?? 'unknown',
    attribution: x.attribution ?? x.name,
    homepage: x.homepage ?? null,
    upstream: x.upstream ?? null,
    url: x.url ?? null,
    entries: perSource.get(x.name) ?? 0,
    missing: (perSource.get(x.name) ?? 0) > 0 ? '' : 'no entries in the published version',
  }));
  const issuedAt = Date.parse(String(report.manifest.issued));
  mkdirSync(o.outDir, { recursive: true });
  writeFileSync(join(o.outDir, 'bundled.sslist'), bytes);
  writeFileSync(
    join(o.outDir, 'bundled.json'),
    JSON.stringify({ listId: list.listId, version: list.version, count: list.entries.length, issuedAt, sha256: report.manifest.stateSha256, sources: sources.filter((x) => x.missing === ''), demoEntries: 0 }, null, 2) + '\n',
  );
  writeFileSync(join(o.outDir, 'bundled-keys.json'), '[]\n');
  const notice = noticeText(sources, new Date(issuedAt).toISOString().slice(0, 10));
  for (const f of o.noticeFiles) writeFileSync(f, notice);
  const keysBytes = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(224, true);
  return { count: list.entries.length, bytes: bytes.byteLength, keysBytes, sources, refused: 0 };
}

if (process.argv[1]?.endsWith('build-bundled-list.ts')) {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      cache: { type: 'string' },
      issued: { type: 'string' },
      version: { type: 'string' },
      'from-published': { type: 'string' },
      keyset: { type: 'string' },
    },
  });
  const noticeFiles = [join(ROOT, 'NOTICE'), join(ROOT, 'public/NOTICE.txt')];
  if (values['from-published'] !== undefined) {
    const r = await bundleFromPublished({
      dir: values['from-published'],
      keysetFile: values.keyset ?? join(ROOT, 'lists/keyset.json'),
      configFile: values.config ?? join(ROOT, 'lists/sources.json'),
      outDir: join(ROOT, 'public/lists'),
      noticeFiles,
      now: Date.now(),
    });
    console.log(`bundled list (published snapshot, verified): ${r.count} entries, ${r.bytes} bytes → public/lists/bundled.sslist`);
    process.exit(0);
  }
  const sharedCopies = [resolve(ROOT, '../shared/data/lists'), resolve(ROOT, '../../shared/data/lists')].find((d) => existsSync(d));
  const dataDir = values['data-dir'] ?? (values.cache === undefined ? sharedCopies : undefined);
  const started = performance.now();
  const r = await buildBundledList({
    configFile: values.config ?? join(ROOT, 'lists/sources.json'),
    ...(dataDir !== undefined ? { dataDir } : {}),
    ...(values.cache !== undefined ? { cacheDir: values.cache } : {}),
    outDir: join(ROOT, 'public/lists'),
    noticeFiles,
    issued: values.issued ?? new Date().toISOString().slice(0, 10),
    ...(values.version !== undefined ? { version: Number(values.version) } : {}),
  });
  for (const s of r.sources) console.log(`  ${s.name.padEnd(28)} ${s.missing === '' ? `${s.entries} entries` : `left out: ${s.missing}`}`);
  console.log(
    `bundled list: ${r.count} entries (${r.refused} refused by the guard), ${r.bytes} bytes (key strings ${r.keysBytes} bytes) ` +
      `→ public/lists/bundled.sslist in ${Math.round(performance.now() - started)} ms`,
  );
}
