/**
 * List engine benchmark: 1M seeded entries, 100k URLs (90% miss / 10% hit), against @ghostery/adblocker and a
 * plain Set of hosts in the same run. Run: npm run bench -- list-engine
 * Medians (`*_p50_us`) are batch means (100 lookups per process.hrtime.bigint sample), so timer granularity
 * does not count. Tails (`*_p99_us`) are single timed lookups (timer overhead ≈ 0.04 µs, printed): the p99 of
 * 100-lookup batch means measures how often a batch is preempted or hit by GC, not what one lookup costs; it is
 * printed as `lookup_batch_p99_us`.
 */
import { loadavg } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FiltersEngine, Request } from '@ghostery/adblocker';
import { machineInfo, percentiles, recordMetrics } from '../lib/results.ts';
import { generateEntries, generateUrls, type GeneratedEntry } from '../lib/gen-list-data.ts';
import { loadRealLists } from '../lib/gen-real-lists.ts';
import { applyDelta, BufferPool, buildTable, decodeDelta, decodeSnapshot, diffTables } from '../../../src/core/lists/index.ts';
import { encodeDelta, encodeSnapshot, lookup, type ListTable } from '../../../src/core/lists/index.ts';
import { canonicalize } from '../../../src/core/url/index.ts';
import { forEachHi, probe, type CompactTable } from '../../../src/core/lists/table.ts';

const ENTRIES = 1_000_000;
const URLS = 100_000;
const BATCH = 100;
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => {});
const rows: [string, string, string][] = [];
const metrics: Record<string, number> = {};
const round = (n: number, digits = 2): number => Number(n.toFixed(digits));

function addRow(name: string, prefix: string): void {
  const m = (k: string): string => String(metrics[prefix + k]);
  rows.push([name, `${m('lookup_p50_us')} / ${m('lookup_p99_us')}`, m('bytes_per_entry')]);
}

function residentBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Per-lookup µs from batches of BATCH calls: p50/p99 over batch means, `passes` times over all inputs. */
function timeBatches(inputs: readonly string[], fn: (s: string) => unknown, passes = 3): { p50: number; p99: number } {
  for (const s of inputs) fn(s);
  const samples: number[] = [];
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i + BATCH <= inputs.length; i += BATCH) {
      const t0 = process.hrtime.bigint();
      for (let j = i; j < i + BATCH; j++) fn(inputs[j]!);
      samples.push(Number(process.hrtime.bigint() - t0) / BATCH / 1000);
    }
  }
  const p = percentiles(samples);
  return { p50: p.p50, p99: p.p99 };
}

/** Single timed calls (timer overhead included, reported separately): the honest tail. */
interface SingleTimes {
  p50: number;
  p99: number;
  p999: number;
  overhead: number;
}

function timeSingles(inputs: readonly string[], fn: (s: string) => unknown): SingleTimes {
  const samples: number[] = [];
  const empty: number[] = [];
  for (const s of inputs) {
    const t0 = process.hrtime.bigint();
    fn(s);
    const t1 = process.hrtime.bigint();
    const t2 = process.hrtime.bigint();
    samples.push(Number(t1 - t0) / 1000);
    empty.push(Number(t2 - t1) / 1000);
  }
  const p = percentiles(samples);
  const p999 = [...samples].sort((a, b) => a - b)[Math.floor(samples.length * 0.999)] ?? NaN;
  return { p50: p.p50, p99: p.p99, p999, overhead: percentiles(empty).p50 };
}

/**
 * Median wall time and median process CPU time (all threads: WebCrypto hashes on libuv's pool) of `runs` calls.
 * On a shared, overloaded machine the wall time includes waiting for a core; the CPU time is the work done.
 */
async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<{ wall: number; cpu: number }> {
  const all: Timed[] = [];
  for (let i = 0; i < runs; i++) all.push(await timed(fn));
  return medians(all);
}

/** Wall ms, process CPU ms (all threads) and minor page faults (all threads: fresh memory touched) of one call. */
interface Timed {
  wall: number;
  cpu: number;
  faults: number;
}

async function timed(fn: () => Promise<unknown> | unknown): Promise<Timed> {
  const f0 = process.resourceUsage().minorPageFault;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000, faults: process.resourceUsage().minorPageFault - f0 };
}

function medians(runs: readonly Timed[]): Timed {
  const p50 = (f: (t: Timed) => number): number => percentiles(runs.map(f)).p50;
  return { wall: p50((t) => t.wall), cpu: p50((t) => t.cpu), faults: p50((t) => t.faults) };
}

const show = (t: Timed): string => `${t.wall.toFixed(1)}/${t.cpu.toFixed(1)}/${t.faults}`;

function setLookup(set: Set<string>, url: string): boolean {
  const c = canonicalize(url);
  if (!c) return false;
  let host = c.host;
  for (;;) {
    if (set.has(host)) return true;
    const dot = host.indexOf('.');
    if (dot < 0) return false;
    host = host.slice(dot + 1);
  }
}

/** What the timed phases need; the 1M entry objects are dropped before any timing (as in the service worker). */
interface Prepared {
  snapshot: Uint8Array;
  /** The 10k-change delta v1 (A) → v2 (B). */
  delta: Uint8Array;
  deltaTargetSha: string;
  /** A chain v1 → v2 → … → v10 of the same 10k changes back and forth (A → B → A …), for the recycled path. */
  chain: Uint8Array[];
  chainTargetSha: string[];
  hostsJson: string;
  ghosteryFilters: string;
  filterCount: number;
}

async function prepare(entries: GeneratedEntry[]): Promise<Prepared> {
  await buildTable(entries.slice(0, 50_000), { listId: 'warm', version: 1 });
  gc();
  const t0 = performance.now();
  const built = await buildTable(entries, { listId: 'bench', version: 1 });
  metrics.build_1m_ms = round(performance.now() - t0, 0);
  const removed = new Set(entries.slice(0, 5000).map((e) => e.key));
  const added = generateEntries(5000, 99).map((e) => ({ ...e, key: 'delta-' + e.key }));
  const next = await buildTable([...entries.filter((e) => !removed.has(e.key)), ...added], { listId: 'bench', version: 2 });
  const ab = diffTables(built, next);
  const ba = diffTables(next, built);
  const chain = Array.from({ length: 9 }, (_, i) => encodeDelta({ ...(i % 2 === 0 ? ab : ba), fromVersion: i + 1, toVersion: i + 2 }));
  return {
    snapshot: encodeSnapshot(built),
    delta: encodeDelta(ab),
    deltaTargetSha: next.sha256,
    chain,
    chainTargetSha: chain.map((_, i) => (i % 2 === 0 ? next.sha256 : built.sha256)),
    hostsJson: JSON.stringify(entries.filter((e) => e.kind === 'domain').map((e) => e.key.slice(0, -1))),
    ghosteryFilters: entries.map((e) => (e.kind === 'domain' ? `||${e.key.slice(0, -1)}^` : `||${e.key}`)).join('\n'),
    filterCount: entries.length,
  };
}

async function benchEngine(p: Prepared, urls: string[]): Promise<ListTable> {
  metrics.snapshot_bytes_per_entry = round(p.snapshot.length / ENTRIES);
  const load = await median(9, () => decodeSnapshot(p.snapshot));
  metrics.snapshot_load_ms = round(load.wall);
  metrics.snapshot_load_cpu_ms = round(load.cpu);
  const before = residentBytes();
  const decoded = await decodeSnapshot(p.snapshot.slice());
  if (!decoded.ok) throw new Error(decoded.message);
  const table = decoded.value;
  metrics.bytes_per_entry = round((residentBytes() - before) / table.count);
  metrics.delta_10k_bytes = p.delta.length;
  // Two paths, interleaved (recycled, fresh, recycled, …) so both start with the same cold code, 9 applies each,
  // decode + apply + verify, no warm-up:
  // - recycled (what sync does from the third step of a delta chain; core/lists/pool.ts): each result replaces the
  //   live table and the table it replaced is recycled into the pool, so the next apply writes into its memory. A
  //   chain v1 → v2 → … → v10 (the same 10k changes back and forth); the first two find the pool empty (the decoded
  //   v1 owns no memory the pool can take).
  // - fresh (a single-delta sync; the method of the runs before 2026-12-04): the same delta on the same base, new
  //   memory each time, each result dropped.
  const pool = new BufferPool();
  let live: ListTable = table;
  const recycledRuns: Timed[] = [];
  const freshRuns: Timed[] = [];
  for (let i = 0; i < 9; i++) {
    recycledRuns.push(
      await timed(async () => {
        const d = decodeDelta(p.chain[i]!);
        if (!d.ok) throw new Error(d.message);
        const r = await applyDelta(live, d.value, { pool });
        if (!r.ok || r.value.sha256 !== p.chainTargetSha[i]) throw new Error('delta chain did not reproduce the target');
        const old = live;
        live = r.value;
        if (old !== table) pool.recycle(old);
      }),
    );
    freshRuns.push(
      await timed(async () => {
        const d = decodeDelta(p.delta);
        if (!d.ok) throw new Error(d.message);
        const r = await applyDelta(table, d.value);
        if (!r.ok || r.value.sha256 !== p.deltaTargetSha) throw new Error('delta did not reproduce the target');
      }),
    );
  }
  const recycled = medians(recycledRuns);
  const fresh = medians(freshRuns);
  // The headline key is the fresh path: it is what a single-delta sync does (a woken worker's pool is empty, and the
  // live table is not recycled after a swap); the recycled path is only a chain's third step onwards.
  metrics.delta_10k_apply_ms = round(fresh.wall);
  metrics.delta_10k_apply_cpu_ms = round(fresh.cpu);
  metrics.delta_10k_apply_faults = fresh.faults;
  metrics.delta_10k_apply_recycled_ms = round(recycled.wall);
  metrics.delta_10k_apply_recycled_cpu_ms = round(recycled.cpu);
  metrics.delta_10k_apply_recycled_faults = recycled.faults;
  console.log('delta applies (ms wall/CPU/faults), recycled:', recycledRuns.map(show).join(' '));
  console.log('delta applies (ms wall/CPU/faults), fresh:   ', freshRuns.map(show).join(' '));
  pool.clear();
  live = table; // the chain's last table is garbage from here
  gc();
  const lat = timeBatches(urls, (u) => lookup(table, u));
  const single = timeSingles(urls, (u) => lookup(table, u));
  const canon = timeBatches(urls, (u) => canonicalize(u));
  const c0 = process.cpuUsage();
  for (const u of urls) lookup(table, u);
  const cpu = process.cpuUsage(c0);
  Object.assign(metrics, {
    lookup_p50_us: round(lat.p50, 3),
    lookup_p99_us: round(single.p99, 3),
    lookup_p999_us: round(single.p999, 3),
    lookup_batch_p99_us: round(lat.p99, 3),
    lookup_single_p50_us: round(single.p50, 3),
    lookup_mean_cpu_us: round((cpu.user + cpu.system) / urls.length, 3),
    timer_overhead_us: round(single.overhead, 3),
    canonicalize_p50_us: round(canon.p50, 3),
  });
  addRow('ScamSentinel table', '');
  return table;
}

/**
 * The layout question: sorted BigUint64Array (one BigInt compare per step, BigInt key per probe) against the
 * split layout used here (implicit 16-bit bucket, Uint16 mid, Uint32 lo). Same fingerprints, same probes.
 */
function benchLayouts(table: ListTable): void {
  const t = table as CompactTable;
  const all = new BigUint64Array(t.count);
  forEachHi(t, (i, hi) => (all[i] = (BigInt(hi) << 32n) | BigInt(t.lo[i]!)));
  const probes = 1_000_000;
  const his = new Uint32Array(probes);
  const los = new Uint32Array(probes);
  for (let i = 0; i < probes; i++) {
    const k = (i * 2654435761) % t.count;
    const miss = i % 2 === 1;
    his[i] = miss ? (i * 40503) >>> 0 : Number(all[k]! >> 32n);
    los[i] = miss ? (i * 2246822519) >>> 0 : Number(all[k]! & 0xffffffffn);
  }
  const searchU64 = (key: bigint): number => {
    let left = 0;
    let right = all.length - 1;
    while (left <= right) {
      const m = (left + right) >>> 1;
      const v = all[m]!;
      if (v === key) return m;
      if (v < key) left = m + 1;
      else right = m - 1;
    }
    return -1;
  };
  let found = 0;
  const time = (fn: (i: number) => number): number => {
    for (let i = 0; i < probes; i++) found += fn(i) >= 0 ? 1 : 0;
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < probes; i++) found += fn(i) >= 0 ? 1 : 0;
    return Number(process.hrtime.bigint() - t0) / probes;
  };
  metrics.probe_split_ns = round(time((i) => probe(t, his[i]!, los[i]!)), 1);
  metrics.probe_biguint64_ns = round(time((i) => searchU64((BigInt(his[i]!) << 32n) | BigInt(los[i]!))), 1);
  if (found === 0) console.log('no probe found anything');
}

function benchSet(json: string, urls: string[]): void {
  const before = residentBytes();
  metrics.set_rebuild_json_ms = round(
    percentiles([0, 1, 2].map(() => {
      const t0 = performance.now();
      new Set(JSON.parse(json) as string[]);
      return performance.now() - t0;
    })).p50,
    0,
  );
  const set = new Set(JSON.parse(json) as string[]);
  metrics.set_bytes_per_entry = round((residentBytes() - before) / set.size);
  const lat = timeBatches(urls, (u) => setLookup(set, u));
  metrics.set_lookup_p50_us = round(lat.p50, 3);
  metrics.set_lookup_p99_us = round(timeSingles(urls, (u) => setLookup(set, u)).p99, 3);
  addRow('Set<string> hosts + suffix walk', 'set_');
}

function benchGhostery(filters: string, filterCount: number, urls: string[]): void {
  const before = residentBytes();
  const t0 = performance.now();
  const engine = FiltersEngine.parse(filters, { loadCosmeticFilters: false, loadNetworkFilters: true });
  metrics.ghostery_parse_ms = round(performance.now() - t0, 0);
  metrics.ghostery_bytes_per_entry = round((residentBytes() - before) / filterCount);
  const match = (u: string): boolean => engine.match(Request.fromRawDetails({ url: u, type: 'main_frame' })).match;
  const lat = timeBatches(urls, match, 1);
  metrics.ghostery_lookup_p50_us = round(lat.p50, 3);
  metrics.ghostery_lookup_p99_us = round(timeSingles(urls, match).p99, 3);
  addRow('@ghostery/adblocker FiltersEngine', 'ghostery_');
}

async function benchRealLists(): Promise<void> {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data', 'lists');
  const real = loadRealLists(dir);
  if (!real) {
    console.log(`note: ${dir} is absent; real-list figures skipped`);
    return;
  }
  const t0 = performance.now();
  const table = await buildTable(real.entries, { listId: 'real', version: 1 });
  const buildMs = performance.now() - t0;
  const bytes = encodeSnapshot(table);
  const legitUrls = real.legitDomains.map((d) => `https://www.${d}/`);
  const listedUrls = real.entries.slice(0, 10_000).map((e) => `https://m.${e.key}index.html`);
  const legitMatches = legitUrls.filter((u) => lookup(table, u) !== null).length;
  const lat = timeBatches([...legitUrls, ...listedUrls], (u) => lookup(table, u));
  Object.assign(metrics, {
    real_entries: table.count,
    real_build_ms: round(buildMs, 0),
    real_snapshot_bytes_per_entry: round(bytes.length / table.count),
    real_lookup_p50_us: round(lat.p50, 3),
    real_legit_domains_matched: legitMatches,
  });
  console.log(
    `real lists (${real.files.length} files): ${table.count} unique entries, build ${round(buildMs, 0)} ms, ` +
      `snapshot ${round(bytes.length / 2 ** 20)} MiB (${metrics.real_snapshot_bytes_per_entry} B/entry), ` +
      `lookup p50 ${metrics.real_lookup_p50_us} µs, ` +
      `${legitMatches} of ${legitUrls.length} legit reference domains match (lists overlap; see the data README)`,
  );
}

/** Cost of fresh memory on this machine: applying a delta needs ~10 MB of new buffers (table + provenance). */
function probeFreshMemory(): void {
  const kept: Uint8Array[] = [];
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const a = new Uint8Array(8 << 20);
    for (let i = 0; i < a.length; i += 4096) a[i] = 1;
    times.push(performance.now() - t0);
    kept.push(a);
  }
  metrics.fresh_8mib_alloc_touch_ms = round(percentiles(times).p50);
}

async function generate(): Promise<{ prepared: Prepared; urls: string[] }> {
  const entries = generateEntries(ENTRIES, 1);
  // URLs reach the service worker as flat strings (structured clone); the generator's concatenations are not.
  const urls = JSON.parse(JSON.stringify(generateUrls(entries, URLS, 0.1, 2))) as string[];
  return { prepared: await prepare(entries), urls };
}

async function main(): Promise<void> {
  console.log('machine', machineInfo(), 'loadavg', loadavg().map((l) => round(l)));
  probeFreshMemory();
  const { prepared, urls } = await generate();
  const table = await benchEngine(prepared, urls);
  metrics.hit_rate = round(urls.filter((u) => lookup(table, u) !== null).length / urls.length, 4);
  benchLayouts(table);
  benchSet(prepared.hostsJson, urls);
  benchGhostery(prepared.ghosteryFilters, prepared.filterCount, urls);
  await benchRealLists();
  metrics.speedup_vs_ghostery = round(metrics.ghostery_lookup_p50_us! / metrics.lookup_p50_us!, 1);
  console.log('\n| engine (1M entries, 100k URLs) | lookup p50 / p99 µs | bytes/entry in memory |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('\n| metric | value |\n|---|---|');
  for (const [k, v] of Object.entries(metrics)) console.log(`| ${k} | ${v} |`);
  recordMetrics(metrics);
  console.log('loadavg at end', loadavg().map((l) => round(l)));
}

await main();
