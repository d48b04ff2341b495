/**
 * Maintainer tool at scale (issue 4):
 *  1. full build + publish of 1M synthetic entries spread over four source formats (domains, hosts, AdBlock, URLs;
 *     ~5% listed by two sources): parse → canonicalize → dedupe → guard → buildTable → snapshot → sign →
 *     self-verify (decode + hash) → write. Target ≤ 30 s.
 *  2. a daily update at 1% churn (5,000 removed + 5,000 added = 10,000 changes on the 1M list): delta bytes vs
 *     snapshot bytes. Target ≤ 2%. Also printed: a 2% churn (10k + 10k) day.
 *  3. when /work/shared/data/lists exists: the union of the real public lists — per-source contribution, guard
 *     refusals, build + publish time, output size, and how many of the 10,713 legit reference domains the
 *     published list would block. Nothing from that folder is copied into the repo.
 * Metrics: build_publish_1m_ms, build_1m_ms, publish_1m_ms, snapshot_1m_bytes, daily_update_bytes,
 * daily_delta_ratio, real_union_* (when the data is present).
 */
import { existsSync, readFileSync, rmSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTable, decodeSnapshot, lookup } from '../../../src/core/lists/index';
import { keysetOf, makeKey } from '../../unit/core/lists/signature-helpers';
import { buildList, type BuildResult } from '../../../src/maintainer/build';
import { firstSeenFrom, loadPreviousTable, publishList, type PublishSummary } from '../../../src/maintainer/publish';
import { printBuildReport } from '../../../src/maintainer/report';
import { parseConfig, type LoadedConfig } from '../../../src/maintainer/sources/config';
import { loadState } from '../../../src/maintainer/state';
import { formatBytes } from '../../../src/maintainer/fs-util';
import { generateEntries } from '../lib/gen-list-data';
import { recordMetrics } from '../lib/results';

const N = 1_000_000;
const REAL_DATA = '/work/shared/data/lists';
const DAY = 86_400_000;
const T0 = Date.parse('2025-11-25T00:00:00Z');

const root = mkdtempSync(join(tmpdir(), 'ss-bench-maint-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));
const key = await makeKey();
const keyset = keysetOf([key], 1);

async function publishOnce(build: BuildResult, dir: string, now: number): Promise<PublishSummary> {
  const stateDir = join(dir, 'state');
  const r = await publishList({
    build,
    state: loadState(stateDir, build.listId),
    stateDir,
    outDir: join(dir, 'out'),
    keyset,
    signers: [key],
    now,
    expiresInDays: 7,
    keepDeltas: 7,
    minClientVersion: '0.1.0',
  });
  if (!r.ok) throw new Error(`${r.reason}: ${r.message}`);
  return r.value;
}

// ---------------------------------------------------------------- 1. synthetic 1M
const gen = generateEntries(N + 20_000, 20251125);
const base = gen.slice(0, N);
const spare = gen.slice(N);
/** Deterministic per-key uniform numbers (FNV-1a), so a key stays in the same sources from day to day. */
function keyRand(key: string, salt: number): number {
  let h = 0x811c9dc5 ^ salt;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 4294967296;
}
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Spreads keys over four formats; ~5% of keys are also listed by a second source. */
function sourceTexts(keys: readonly string[]): Map<string, string> {
  const files = { domains: [] as string[], hosts: [] as string[], adblock: [] as string[], urls: [] as string[] };
  for (const k of keys) {
    const host = k.slice(0, k.indexOf('/'));
    const hostOnly = k.endsWith('/') && k.indexOf('/') === k.length - 1;
    const r = keyRand(k, 1);
    if (!hostOnly) files.urls.push(`https://${k}`);
    else if (r < 0.45) files.domains.push(host);
    else if (r < 0.7) files.hosts.push(`0.0.0.0 ${host}`);
    else if (r < 0.9) files.adblock.push(`||${host}^`);
    else files.urls.push(`http://${host}/`);
    if (hostOnly && keyRand(k, 2) < 0.05) files.hosts.push(`0.0.0.0 ${host}`);
  }
  return new Map([
    ['/mem/domains.txt', '# synthetic\n' + files.domains.join('\n') + '\n'],
    ['/mem/hosts.txt', '# synthetic\n' + files.hosts.join('\n') + '\n'],
    ['/mem/adblock.txt', '! synthetic\n' + files.adblock.join('\n') + '\n'],
    ['/mem/urls.txt', files.urls.join('\n') + '\n'],
  ]);
}

const synthConfig: LoadedConfig = parseConfig(
  {
    listId: 'bench-1m',
    sources: [
      { name: 'domains', path: 'domains.txt', format: 'domains', category: 'fake-shop' },
      { name: 'hosts', path: 'hosts.txt', format: 'hosts', category: 'phishing' },
      { name: 'adblock', path: 'adblock.txt', format: 'adblock', category: 'investment', weight: 1.5 },
      { name: 'urls', path: 'urls.txt', format: 'urls', category: 'phishing', weight: 0.5 },
    ],
    guard: { maxRefusedRatio: 1 },
  },
  '/mem',
);

function buildFrom(texts: Map<string, string>, now: number, prev?: (k: string) => string | undefined): BuildResult {
  return buildList(synthConfig, {
    now,
    readText: (p) => {
      const t = texts.get(p);
      if (t === undefined) throw new Error(`no ${p}`);
      return t;
    },
    ...(prev ? { previousFirstSeen: prev } : {}),
  });
}

const dir1 = join(root, 'synthetic');
const texts1 = sourceTexts(base.map((e) => e.key));
global.gc?.();
const cStart = cpuMs();
const tStart = performance.now();
const build1 = buildFrom(texts1, T0);
const tBuilt = performance.now();
const cBuilt = cpuMs();
const pub1 = await publishOnce(build1, dir1, T0);
const tDone = performance.now();
const cDone = cpuMs();
const buildMs = Math.round(tBuilt - tStart);
const publishMs = Math.round(tDone - tBuilt);
const buildCpuMs = Math.round(cBuilt - cStart);
const publishCpuMs = Math.round(cDone - cBuilt);
console.log(`1M synthetic: ${build1.report.totals.parsed} source lines → ${build1.entries.length} entries ` +
  `(${build1.report.totals.refused} refused by the guard, ${build1.report.totals.malformed} malformed)`);
console.log(`  build ${buildMs} ms + publish ${publishMs} ms = ${buildMs + publishMs} ms wall (target ≤ 30000); ` +
  `CPU ${buildCpuMs} + ${publishCpuMs} ms; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores`);
console.log(`  publish steps (ms): ${Object.entries(pub1.timings).map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(`  snapshot ${formatBytes(pub1.snapshotBytes)} (${(pub1.snapshotBytes / build1.entries.length).toFixed(1)} B/entry), ` +
  `heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MiB`);

// ---------------------------------------------------------------- 2. daily delta
async function churnDay(removeN: number, addN: number, fromKeys: string[], now: number, label: string) {
  const step = Math.floor(fromKeys.length / removeN);
  const kept = fromKeys.filter((_, i) => !(i % step === 0 && i / step < removeN));
  const next = [...kept, ...spare.slice(0, addN).map((e) => e.key)];
  spare.splice(0, addN);
  const prevTable = await loadPreviousTable(loadState(join(dir1, 'state')), join(dir1, 'state'));
  if (!prevTable.ok) throw new Error(prevTable.message);
  const fs = firstSeenFrom(prevTable.value);
  const b = buildFrom(sourceTexts(next), now, fs);
  const t = performance.now();
  const p = await publishOnce(b, dir1, now);
  const manifestBytes = p.files.find((f) => f.path === 'manifest.json')?.bytes ?? 0;
  const deltaBytes = p.deltaBytes ?? NaN;
  const ratio = deltaBytes / p.snapshotBytes;
  console.log(`${label}: -${fromKeys.length - kept.length} +${addN} → delta ${formatBytes(deltaBytes)} ` +
    `(${p.delta?.added ?? 0} upserts, ${p.delta?.removed ?? 0} removals) = ${(ratio * 100).toFixed(2)}% of the ` +
    `${formatBytes(p.snapshotBytes)} snapshot; manifest ${manifestBytes} B; publish ${Math.round(performance.now() - t)} ms`);
  return { next, deltaBytes, manifestBytes, ratio };
}
const day1 = await churnDay(5_000, 5_000, base.map((e) => e.key), T0 + DAY, 'daily update, 1% churn (10k changes)');
const day2 = await churnDay(10_000, 10_000, day1.next, T0 + 2 * DAY, 'daily update, 2% churn (20k changes)');

const metrics: Record<string, number> = {
  build_publish_1m_ms: buildMs + publishMs,
  build_publish_1m_cpu_ms: buildCpuMs + publishCpuMs,
  build_1m_ms: buildMs,
  publish_1m_ms: publishMs,
  snapshot_1m_bytes: pub1.snapshotBytes,
  daily_update_bytes: day1.deltaBytes + day1.manifestBytes,
  daily_delta_bytes: day1.deltaBytes,
  daily_delta_ratio: Number(day1.ratio.toFixed(5)),
  daily_delta_ratio_2pct_churn: Number(day2.ratio.toFixed(5)),
};

// ---------------------------------------------------------------- 3. real lists
if (existsSync(REAL_DATA)) {
  const cfgJson = {
      listId: 'real-union',
      sources: [
        { name: 'blocklistproject-phishing', path: 'blocklistproject-phishing.domains.txt', format: 'domains', category: 'phishing' },
        { name: 'blocklistproject-scam', path: 'blocklistproject-scam.hosts.txt', format: 'hosts', category: 'other' },
        { name: 'jarelllama-light', path: 'jarelllama-scams-light.domains.txt', format: 'domains', category: 'other' },
        { name: 'jarelllama-full', path: 'jarelllama-scams-full-2025-02-02.domains.txt', format: 'domains', category: 'other' },
        { name: 'polkadot', path: 'polkadot-phishing-all.json', format: 'polkadot', category: 'investment' },
        { name: 'metamask', path: 'metamask-eth-phishing-detect-1.2.0.config.json', format: 'metamask', category: 'investment' },
        { name: 'tw165-adblock', path: 'tw165-fake-investment-sites.adblock.txt', format: 'adblock', category: 'investment', weight: 1.5 },
        { name: 'tw165-raw', path: 'tw165-fake-investment-sites.raw.tsv', format: 'tw165-tsv', category: 'investment', weight: 1.5 },
      ],
      guard: { maxRefusedRatio: 0.05 },
  };
  const cfg = parseConfig(cfgJson, REAL_DATA);
  global.gc?.();
  const t = performance.now();
  const b = buildList(cfg, { now: T0, maxWarnings: 5 });
  const tb = performance.now();
  console.log('\n--- real lists (/work/shared/data/lists) ---');
  printBuildReport(b.report, console.log, 25);
  const p = await publishOnce(b, join(root, 'real'), T0);
  const tp = performance.now();
  console.log(`real union: build ${Math.round(tb - t)} ms + publish ${Math.round(tp - tb)} ms; ${b.entries.length} entries, ` +
    `snapshot ${formatBytes(p.snapshotBytes)}, manifest ${p.files[0]?.bytes ?? 0} B`);
  // false positives against the legit reference set (which the guard's trusted list does not contain in full)
  const snap = readFileSync(join(root, 'real', 'out', p.manifest.snapshot.path));
  const dec = await decodeSnapshot(snap);
  if (!dec.ok) throw new Error(dec.message);
  const legit = readFileSync(join(REAL_DATA, 'legit-domains.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  const hits = legit.map((d) => [d, lookup(dec.value, `https://${d}/`)] as const).filter(([, m]) => m !== null);
  console.log(`legit reference domains blocked by the published list: ${hits.length} of ${legit.length}` +
    (hits.length ? ` — e.g. ${hits.slice(0, 12).map(([d, m]) => `${d} (${m?.expression ?? ''})`).join(', ')}` : ''));
  // the same union with the legit reference domains added to the guard's trusted list (config `trustedExtra`)
  const withLegit = buildList(parseConfig({ ...cfgJson, trustedExtra: ['legit-domains.txt'] }, REAL_DATA), { now: T0, maxWarnings: 0 });
  const legitTable = await buildTable(withLegit.entries, { listId: 'real-union', version: 1 });
  const stillHit = legit.filter((d) => lookup(legitTable, `https://${d}/`) !== null).length;
  console.log(`with legit-domains.txt as trustedExtra: ${withLegit.report.totals.refused} refused ` +
    `(+${withLegit.report.totals.refused - b.report.totals.refused}), ${withLegit.entries.length} entries, ` +
    `legit reference domains still blocked: ${stillHit} of ${legit.length}`);
  Object.assign(metrics, {
    real_union_guard_refused_with_legit_extra: withLegit.report.totals.refused,
    real_union_entries: b.entries.length,
    real_union_source_lines: b.report.totals.parsed,
    real_union_guard_refused: b.report.totals.refused,
    real_union_malformed: b.report.totals.malformed,
    real_union_build_ms: Math.round(tb - t),
    real_union_build_publish_ms: Math.round(tp - t),
    real_union_snapshot_bytes: p.snapshotBytes,
    real_union_legit_hits: hits.length,
  });
} else {
  console.log(`\nnote: ${REAL_DATA} not present — real-list union skipped (synthetic figures only)`);
}

recordMetrics(metrics);
console.log('\nrecorded:', metrics);
