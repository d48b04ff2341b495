/**
 * `lists update`: the one command a scheduler runs (CI every 30 min, see .github/workflows/lists.yml).
 *
 *   fetch every url source (upstream.ts: validators, timeout, cap; faults keep the last good copy)
 *   → build from the last good copies + local sources, with the false-positive guard (build.ts, guard.ts)
 *   → nothing changed and the manifest is not near expiry → stop ("unchanged", exit 0, nothing written)
 *   → publish: signed manifest + snapshot + delta from the previous version (publish.ts)
 *   → summary: per source outcome / entries / added / removed, guard refusals, what was published
 *
 * Exit codes (cli.ts): 0 published or unchanged with every source healthy; 3 published (or unchanged) but some source
 * was kept at its last good copy or is missing — look at the summary; 1 refused (guard failed, publish refused:
 * nothing was written to the output folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { listEntries, type ListEntryInput } from '../core/lists/index';
import type { Keyset } from '../core/lists/keyset';
import { manifestEnvelopeSchema, manifestSchema } from '../core/lists/manifest';
import { base64ToBytes, type Signer } from '../core/lists/signature';
import { buildList, type BuildReport, type BuildResult } from './build';
import { firstSeenFrom, loadPreviousTable, publishList, type PublishSummary } from './publish';
import { loadConfig, type LoadedConfig } from './sources/config';
import { latestPublished, loadState } from './state';
import { writeFileAtomic } from './fs-util';
import { computeDiff } from './stats';
import { fetchSource, type SourceFetchResult } from './upstream';
import { MANIFEST_FILE } from './verify';

export interface UpdateOptions {
  readonly configFile: string;
  readonly cacheDir: string;
  readonly stateDir: string;
  readonly outDir: string;
  readonly keyset: Keyset;
  readonly signers: readonly Signer[];
  readonly now: number;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly force?: boolean;
  /** Re-sign an unchanged list when its manifest expires within this many ms (default: half its lifetime). */
  readonly resignWithinMs?: number;
}

export interface SourceLine extends SourceFetchResult {
  readonly kind: 'url' | 'local';
  /** Keys of this source added to / removed from the published list since the previous version. */
  readonly added: number;
  readonly removed: number;
  readonly accepted: number;
  readonly refused: number;
}

export interface UpdateSummary {
  readonly sources: readonly SourceLine[];
  readonly build: BuildReport;
  readonly result:
    | { readonly kind: 'published'; readonly publish: PublishSummary }
    | { readonly kind: 'unchanged'; readonly version: number }
    | { readonly kind: 'refused'; readonly reason: string };
  /** Sources kept at their last good copy or missing. */
  readonly degraded: readonly string[];
}

const DAY_MS = 86_400_000;
/** A build with fewer than (1 − this) × the published entries is refused whatever the per-source checks said. */
export const LIST_MAX_SHRINK = 0.5;

function manifestExpiry(outDir: string): number | null {
  const file = join(outDir, MANIFEST_FILE);
  if (!existsSync(file)) return null;
  try {
    const env = manifestEnvelopeSchema().parse(JSON.parse(readFileSync(file, 'utf8')));
    const payload = base64ToBytes(env.payload);
    if (!payload) return null;
    const m = manifestSchema().parse(JSON.parse(new TextDecoder().decode(payload)));
    return Date.parse(String(m.expires));
  } catch {
    return null;
  }
}

function sameEntries(a: readonly ListEntryInput[], b: readonly ListEntryInput[]): boolean {
  if (a.length !== b.length) return false;
  const sig = (e: ListEntryInput): string => `${e.category}|${e.severity}|${e.firstSeen ?? ''}|${(e.sources ?? []).join(',')}`;
  const m = new Map(a.map((e) => [e.key, sig(e)]));
  return b.every((e) => m.get(e.key) === sig(e));
}

/** Steps: fetch upstream copies → fast path if inputs are unchanged → build → refusals → publish (or keep). */
export async function runListsUpdate(o: UpdateOptions): Promise<UpdateSummary> {
  const config = loadConfig(o.configFile);
  // 1. upstream copies
  const fetched = await fetchUpstreams(config, o);
  // 2. build from what we have (a source with no good copy yet is left out, and reported)
  const usable = usableConfig(config, fetched);
  const state = loadState(o.stateDir, config.listId);
  const lifetimeMs = config.publish.expiresInDays * DAY_MS;
  const resignWithin = o.resignWithinMs ?? lifetimeMs / 2;
  const expiry = manifestExpiry(o.outDir);
  const digest = inputsDigest(o.configFile, usable);
  // Fast path: the same inputs as the published version (every feed 304 / same bytes) → no parse, no build.
  const lastBuild = readLastBuild(o.cacheDir);
  const lastPublished = latestPublished(state);
  if (lastBuild && lastPublished && lastBuild.digest === digest && lastBuild.version === lastPublished.version && expiry !== null && expiry - o.now > resignWithin) {
    return unchangedInputsSummary(config, fetched, lastBuild, lastPublished.version, o.now);
  }
  const prev = await loadPreviousTable(state, o.stateDir);
  if (!prev.ok) throw new Error(prev.message);
  const fs = firstSeenFrom(prev.value);
  const build =
    usable.sources.length > 0
      ? buildList(usable, { now: o.now, ...(fs ? { previousFirstSeen: fs } : {}) })
      : null;
  const prevEntries = prev.value ? listEntries(prev.value) : null;
  const before = prevEntries?.ok === true && prevEntries.value !== null ? prevEntries.value : [];
  const diff = build
    ? computeDiff(
        { label: 'previous', listId: config.listId, version: prev.value?.version ?? null, entries: before, bytes: 0 },
        { label: 'new', listId: config.listId, version: null, entries: build.entries, bytes: 0 },
      )
    : null;
  const degraded = degradedOf(fetched);
  const sources = sourceLines(config, fetched, build, diff);
  if (!build) {
    return { sources, build: emptyReport(config.listId, o.now), result: { kind: 'refused', reason: 'no source has a usable copy' }, degraded };
  }
  const refused = refusalOf(config, fetched, build, before.length);
  if (refused !== null) return { sources, build: build.report, result: { kind: 'refused', reason: refused }, degraded };
  // 3. unchanged → no new version (clients would download an empty delta every 30 minutes), unless near expiry
  if (prev.value && expiry !== null && expiry - o.now > resignWithin && sameEntries(before, build.entries)) {
    writeLastBuild(o.cacheDir, digest, prev.value.version, build.report);
    return { sources, build: build.report, result: { kind: 'unchanged', version: prev.value.version }, degraded };
  }
  // 4. publish
  const r = await publishList({
    build,
    state,
    stateDir: o.stateDir,
    outDir: o.outDir,
    keyset: o.keyset,
    signers: o.signers,
    now: o.now,
    expiresInDays: config.publish.expiresInDays,
    keepDeltas: config.publish.keepDeltas,
    minClientVersion: config.publish.minClientVersion,
    ...(config.publish.reportEndpoint !== undefined ? { reportEndpoint: config.publish.reportEndpoint } : {}),
    ...(config.publish.minWaitSeconds !== undefined ? { minWaitSeconds: config.publish.minWaitSeconds } : {}),
    ...(prev.value ? { previousTable: prev.value } : { version: config.publish.firstVersion }),
  });
  if (!r.ok) return { sources, build: build.report, result: { kind: 'refused', reason: `publish refused (${r.reason}): ${r.message}` }, degraded };
  writeLastBuild(o.cacheDir, digest, r.value.manifest.version, build.report);
  return { sources, build: build.report, result: { kind: 'published', publish: r.value }, degraded };
}

async function fetchUpstreams(config: LoadedConfig, o: UpdateOptions): Promise<Map<string, SourceFetchResult>> {
  const fetched = new Map<string, SourceFetchResult>();
  for (const src of config.sources) {
    if (src.url === undefined) continue;
    fetched.set(
      src.name,
      await fetchSource(src, {
        cacheDir: o.cacheDir,
        now: o.now,
        ...(o.fetch ? { fetch: o.fetch } : {}),
        ...(o.timeoutMs !== undefined ? { timeoutMs: o.timeoutMs } : {}),
        ...(o.force !== undefined ? { force: o.force } : {}),
      }),
    );
  }
  return fetched;
}

/** The config with each URL source pointed at its good local copy; sources without one are left out. */
function usableConfig(config: LoadedConfig, fetched: ReadonlyMap<string, SourceFetchResult>): LoadedConfig {
  return {
    ...config,
    sources: config.sources.flatMap((s) => {
      if (s.url === undefined) return [s];
      const f = fetched.get(s.name);
      return f?.file ? [{ ...s, path: f.file }] : [];
    }),
  };
}

function degradedOf(fetched: ReadonlyMap<string, SourceFetchResult>): string[] {
  return [...fetched.values()].filter((f) => f.outcome === 'kept' || f.outcome === 'missing').map((f) => f.name);
}

/** The fast-path summary: per-source figures and totals come from the last build record. */
function unchangedInputsSummary(
  config: LoadedConfig,
  fetched: ReadonlyMap<string, SourceFetchResult>,
  lastBuild: LastBuild,
  version: number,
  now: number,
): UpdateSummary {
  const sources: SourceLine[] = config.sources.map((x) => {
    const f = fetched.get(x.name);
    const rec = lastBuild.sources[x.name] ?? { accepted: 0, refused: 0, entries: 0 };
    return {
      ...(f ?? { name: x.name, outcome: 'local' as const, file: x.path ?? null, entries: rec.entries, previousEntries: null, bytes: 0 }),
      kind: x.url !== undefined ? 'url' : 'local',
      added: 0,
      removed: 0,
      accepted: rec.accepted,
      refused: rec.refused,
    };
  });
  const report = { ...emptyReport(config.listId, now), totals: lastBuild.totals, refusalsByRule: lastBuild.refusalsByRule, guard: { ok: true, failures: [] } };
  return { sources, build: report, result: { kind: 'unchanged', version }, degraded: degradedOf(fetched) };
}

function sourceLines(
  config: LoadedConfig,
  fetched: ReadonlyMap<string, SourceFetchResult>,
  build: BuildResult | null,
  diff: ReturnType<typeof computeDiff> | null,
): SourceLine[] {
  return config.sources.map((s) => {
    const rep = build?.report.sources.find((r) => r.name === s.name);
    const f = fetched.get(s.name);
    return {
      ...(f ?? { name: s.name, outcome: 'local' as const, file: s.path ?? null, entries: rep?.parsed ?? 0, previousEntries: null, bytes: rep?.bytes ?? 0 }),
      kind: s.url !== undefined ? 'url' : 'local',
      added: diff?.addedBySource[s.name] ?? 0,
      removed: diff?.removedBySource[s.name] ?? 0,
      accepted: rep?.accepted ?? 0,
      refused: rep?.refused ?? 0,
    };
  });
}

/** Why this build must not be published (no good upstream copy, too much shrinkage, guard failed), or null. */
function refusalOf(
  config: LoadedConfig,
  fetched: ReadonlyMap<string, SourceFetchResult>,
  build: BuildResult,
  beforeCount: number,
): string | null {
  const urlSources = config.sources.filter((x) => x.url !== undefined).length;
  if (urlSources > 0 && [...fetched.values()].every((f) => f.file === null)) {
    return 'no upstream source has a good copy yet (all missing): nothing to publish';
  }
  if (beforeCount > 0 && build.entries.length < beforeCount * (1 - LIST_MAX_SHRINK)) {
    return `the list would shrink from ${beforeCount} to ${build.entries.length} entries (> ${LIST_MAX_SHRINK * 100}%)`;
  }
  if (!build.report.guard.ok) return `guard failed: ${build.report.guard.failures.join('; ')}`;
  return null;
}

const LastBuildSchema = z.object({
  digest: z.string(),
  version: z.number().int(),
  sources: z.record(z.string(), z.object({ accepted: z.number(), refused: z.number(), entries: z.number() })),
  totals: z.object({
    parsed: z.number(),
    malformed: z.number(),
    uniqueKeys: z.number(),
    accepted: z.number(),
    refused: z.number(),
    suppressed: z.number(),
  }),
  refusalsByRule: z.record(z.string(), z.number()),
});
type LastBuild = z.infer<typeof LastBuildSchema>;

function lastBuildFile(cacheDir: string): string {
  return join(cacheDir, 'last-build.json');
}

function readLastBuild(cacheDir: string): LastBuild | null {
  try {
    return LastBuildSchema.parse(JSON.parse(readFileSync(lastBuildFile(cacheDir), 'utf8')));
  } catch {
    return null;
  }
}

function writeLastBuild(cacheDir: string, digest: string, version: number, r: BuildReport): void {
  const rec: LastBuild = {
    digest,
    version,
    sources: Object.fromEntries(r.sources.map((x) => [x.name, { accepted: x.accepted, refused: x.refused, entries: x.parsed }])),
    totals: r.totals,
    refusalsByRule: { ...r.refusalsByRule },
  };
  writeFileAtomic(lastBuildFile(cacheDir), JSON.stringify(rec, null, 2) + '\n');
}

/** sha256 over everything a build reads: the config, each source's copy, overrides and extra trusted files. */
function inputsDigest(configFile: string, usable: LoadedConfig): string {
  const h = createHash('sha256');
  const add = (label: string, file: string | undefined): void => {
    h.update(`${label}\0`);
    if (file !== undefined && existsSync(file)) h.update(readFileSync(file));
    h.update('\0');
  };
  add('config', configFile);
  h.update(`code:${process.env['GITHUB_SHA'] ?? ''}\0`); // in CI, a new commit (guard, parsers) rebuilds once
  for (const x of usable.sources) add(`source:${x.name}`, x.path);
  add('overrides', usable.overrides);
  for (const t of usable.trustedExtra) add('trusted', t);
  return h.digest('hex');
}

function emptyReport(listId: string, now: number): BuildReport {
  return {
    listId,
    builtAt: new Date(now).toISOString(),
    sources: [],
    totals: { parsed: 0, malformed: 0, uniqueKeys: 0, accepted: 0, refused: 0, suppressed: 0 },
    byCategory: {},
    refusalsByRule: {},
    refusals: [],
    suppressed: [],
    overridesUsed: [],
    overridesUnused: [],
    guard: { ok: false, failures: ['no source'] },
    durationMs: 0,
  };
}

export function printUpdateSummary(s: UpdateSummary, log: (line: string) => void): void {
  log('source                          outcome        entries  (before)   accepted  refused   +added  -removed');
  for (const x of s.sources) {
    log(
      `${x.name.padEnd(31)} ${x.outcome.padEnd(13)} ${String(x.entries).padStart(8)} ${(x.previousEntries === null ? '' : `(${x.previousEntries})`).padStart(9)} ` +
        `${String(x.accepted).padStart(10)} ${String(x.refused).padStart(8)} ${`+${x.added}`.padStart(8)} ${`-${x.removed}`.padStart(9)}`,
    );
  }
  for (const x of s.sources) if (x.fault !== undefined) log(`  ${x.outcome === 'missing' ? 'MISSING' : 'KEPT LAST GOOD COPY'} ${x.name}: ${x.fault}`);
  const b = s.build;
  const rules = Object.entries(b.refusalsByRule).map(([k, n]) => `${k} ${n}`).join(', ');
  log(`guard: ${b.totals.refused} refused${rules ? ` (${rules})` : ''}; ${b.totals.accepted} entries accepted`);
  for (const f of b.refusals.slice(0, 10)) log(`  refused ${f.key} [${f.rule}] (from ${f.sources.join(', ')})`);
  if (b.refusals.length > 10) log(`  … ${b.refusals.length - 10} more`);
  if (s.result.kind === 'published') {
    const p = s.result.publish;
    const d = p.delta ? `, delta +${p.delta.added}/-${p.delta.removed} (${p.deltaBytes ?? 0} B)` : ', no delta (first version or chain restart)';
    log(`published v${p.manifest.version}: ${p.manifest.count} entries, snapshot ${p.snapshotBytes} B${d}`);
  } else if (s.result.kind === 'unchanged') {
    log(`unchanged: v${s.result.version} stays published (nothing written)`);
  } else {
    log(`REFUSED: ${s.result.reason} (nothing written to the output folder)`);
  }
  if (s.degraded.length > 0) log(`degraded: ${s.degraded.join(', ')} — kept at the last good copy or missing (exit code 3)`);
}
