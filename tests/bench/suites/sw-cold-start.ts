/**
 * sw_cold_start_ms (issue 5): how long a stopped service worker takes to give its first verdict when a large synced
 * list (1M entries) is stored in IndexedDB — and the same with only the bundled list, for comparison. Real Chromium,
 * the built extension, the real maintainer CLI and list server; every request goes to the harness proxy on 127.0.0.1.
 *
 *  1. A 1M-entry list (domains from tests/bench/lib/gen-list-data.ts, the demo's reviewed entries, `coldstart-bench.test`
 *     and the IP literal 127.0.0.2) is built and signed with the maintainer CLI (`lists publish`, the demo key in
 *     .keys/demo/ that the build pins) as version 2 and served by the CLI's `serve` (src/maintainer/serve.ts),
 *     mounted at http://lists.test/ only from step 3 on.
 *  2. Bundled only: fresh profile, nothing synced (one check against the not-yet-mounted server fails at once and
 *     backs off ≥ 15 min, so the automatic first check cannot wake the worker during the cycles). RUNS cycles: stop
 *     the worker (CDP ServiceWorker.stopAllWorkers), wait until the ServiceWorker domain reports it stopped, then time
 *     `runtime.sendMessage(getVerdict)` from an open extension page — it wakes the worker and is answered after the
 *     worker's `ready` (Dexie open, stored lists read + decoded, bundled list, redirect rules).
 *  3. Sync: `updateNow` is sent without waiting for its answer, and getSyncStatus (version, stage, bytes, last error)
 *     is polled every second and printed until the stored version is 2; a failed run, a lost worker, or the deadline
 *     (SS_COLD_SYNC_TIMEOUT_S) stops the suite with the last status in words.
 *  4. Synced: the same message cycles about `coldstart-bench.test` (only in the synced list: the answer proves the 1M
 *     table is live), then RUNS navigation cycles with no extension page open: a tab at about:blank navigates to
 *     http://127.0.0.2/ — an IP literal, which redirect rules never carry, so the worker's navigation guard must wake,
 *     load and decide — timed from the navigation command (Node clock) to the start of the guard's redirect
 *     (performance.timeOrigin of warning.html, corrected by the Node↔browser clock offset measured beforehand).
 *
 * Floor: an empty MV3 module worker (tests/bench/fixtures/floor-worker: one onMessage listener that answers at once) is
 * installed in the same browser; each synced message cycle is followed by the same cycle on it (stop every worker,
 * message from its own page). Its median is what a wake costs with no script, no database and no list at all.
 *
 * Breakdown: TRACE_RUNS more message cycles of each kind under a browser trace (devtools.timeline, v8, IndexedDB,
 * user timing), cut at events of the worker thread into consecutive parts that add up to the traced total:
 *   start     message sent (page mark) → worker thread's first task (browser starts the worker)
 *   compile   → last v8.compileModule ends (script read from the SW script cache + compile of background.js + chunks);
 *               a classic worker (Chromium since issue 18 round 6): its v8.compile of background.js ends (from the
 *               V8 code cache Chromium keeps for an installed classic worker's scripts)
 *   evaluate  → v8.evaluateModule ends (module top-level code; listeners are registered at its end); classic: the
 *               v8.run of background.js ends (the split worker's boot: the wake read and held listeners; its
 *               worker-app.js is compiled and run later, once the read's requests are out — `app` below)
 *   open      → the listBlobs get is issued (database open, allowlist, lists rows — since speed3 read with plain
 *               IndexedDB, the open started by the first module evaluated; bundled only: → the bundled fetch)
 *   blob      → the onsuccess for it has run (IndexedDB read + structured-clone of the key-less table bytes)
 *   decode    → the bundled snapshot's fetch starts, or the answer when a stored list is at least as new as the
 *               bundled one (decodeSnapshot of the stored list, trusted hashes; the verdict; the reply)
 *   bundled   → answer received (bundled snapshot fetch + decode, the verdict, the reply)
 *   app       (not a part of the sum) the split worker's worker-app.js: EvaluateScript (compile + run), which
 *               runs while the browser reads the table row's file — inside `blob`/`decode` (sw_cold_start_traced_app_ms);
 *               since wake8 it is imported at once, so it is inside `evaluate` (and the database open overlaps it)
 * Since wake8 `decode` is: the list opened in chunks (header + bucket index + provenance, read when the row arrived),
 * the chunks the message's URL probes, the verdict, the reply; the whole file is read after the answer (user-timing
 * marks ss-wake-rows / -lists / -opened / -chunks / -whole in the worker's trace).
 * Rule work is no longer on this path (issue 18): after the first verdict the worker checks its stored rule
 * fingerprint and the first/last installed rule, and re-hashes the stored snapshot. Each wake records what it did
 * in storage.session (dnrWakeCheck: kind 'checked' | 'installed', ms); every dynamic-rule write is counted there
 * (dnrDynamicUpdates). The suite reports both for the synced cycles: sw_cold_start_rule_updates must stay 0.
 * Tracing slows the worker a little: the traced totals are printed next to the untraced medians. Also, in the warm
 * worker after the cycles (5 times): a raw IndexedDB read of the same listBlobs row and decodeSnapshot of its bytes
 * (src/core/lists bundled with esbuild, evaluated in the worker over CDP); and 3 times the no-op
 * declarativeNetRequest.updateDynamicRules that initialise's replaceAllowRule sends at every start (no trusted site:
 * remove the absent allow rule) — Chromium re-indexes the whole dynamic ruleset on each call.
 *
 * Metrics (tests/bench/results/latest.json): sw_cold_start_ms (median, 1M synced, message wake → first verdict),
 * sw_cold_start_min_ms, sw_cold_start_floor_ms / _floor_min_ms (the empty worker, same cycles), sw_cold_start_bundled_ms / _bundled_min_ms (only the bundled list), sw_cold_start_nav_ms
 * (navigation wake → guard redirect, 1M synced), sw_cold_start_traced_<part>_ms and sw_cold_start_bundled_traced_<part>_ms
 * (medians of the traced parts and totals), sw_cold_start_idb_read_ms, sw_cold_start_decode_ms (+ _decode_first_ms),
 * sw_cold_start_dnr_noop_update_ms, sw_cold_start_entries, sw_cold_start_snapshot_bytes, sw_cold_start_sync_ms (wall
 * time of the first sync of the 1M list in the browser, rules recompiled included).
 *
 * Env: SS_COLD_N (entries, default 1,000,000), SS_COLD_RUNS (cycles per kind, default 7, min 5), SS_COLD_TRACE_RUNS
 * (default 3), SS_COLD_BASE_BUILD_DIR (a second build, e.g. main's, installed before step 2 and interleaved wake for wake in
 * the bundled-only and the synced cycles: sw_cold_start_base_*, sw_cold_start_base_bundled_*), SS_COLD_BUNDLED_ONLY=1
 * (stop after the bundled-only cycles, record nothing; with a small SS_COLD_N it takes ~1 min), SS_COLD_SYNC_TIMEOUT_S (default 600), SS_COLD_BUILD_DIR (default .output/chrome-mv3; always copied to
 * a private temp dir first — this suite never builds; SS_COLD_BUILD_WAIT_S, default 120, waits for a rebuild in
 * progress), SS_COLD_TRACE_DUMP (path prefix: write each trace as JSON), SS_COLD_TRACE_CATEGORIES (extra trace
 * categories, comma-separated), SS_COLD_KEEP=1 (keep the temp dir: list, build copy, profile), SS_COLD_NO_RECORD=1
 * (print only, e.g. for a small SS_COLD_N). Needs Chromium (CHROME_PATH or /usr/bin/chromium).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CDPSession, Page } from 'puppeteer-core';
import { percentiles, recordMetrics } from '../lib/results';
import { generateEntries } from '../lib/gen-list-data';
import { CHROME_BUILD, ROOT, launchChromium, waitForUrl } from '../../e2e/harness/browsers';
import { SiteServer, forwardTo } from '../../e2e/harness/site-server';
import { DEMO_KEYSET, DEMO_LIST_URL, publishDemoList } from '../../../scripts/demo-list';
import { startServer } from '../../../src/maintainer/serve';
import { ALLOW_RULE_ID, DOMAIN_RULE_BASE } from '../../../src/background/dnr/rules';

const N = Number(process.env.SS_COLD_N ?? 1_000_000);
const RUNS = Math.max(5, Number(process.env.SS_COLD_RUNS ?? 7));
const TRACE_RUNS = Number(process.env.SS_COLD_TRACE_RUNS ?? 3);
const SYNC_TIMEOUT_MS = Number(process.env.SS_COLD_SYNC_TIMEOUT_S ?? 600) * 1000;
const BUILD_SRC = resolve(process.env.SS_COLD_BUILD_DIR ?? CHROME_BUILD);
/**
 * SS_COLD_BASE_BUILD_DIR: a second build (e.g. main's) installed in the same browser, synced to the same list, whose
 * wakes are interleaved with this build's (the same load for both): sw_cold_start_base_* and the ratio base / this.
 */
const BASE_SRC = process.env.SS_COLD_BASE_BUILD_DIR ? resolve(process.env.SS_COLD_BASE_BUILD_DIR) : null;
const LIST_ID = 'scamsentinel-main';
const SYNC_VERSION = 2; // the bundled snapshot is version 1
/** Only in the synced list (the message cycles ask about it). */
const BENCH_HOST = 'coldstart-bench.test';
/** Only in the synced list, and an IP literal: never carried by redirect rules, so the navigation guard decides. */
const NAV_HOST = '127.0.0.2';
/** In the bundled list. */
const BUNDLED_URL = 'http://qiangdan-vip.test/';
const SETTLE_MS = 1000;
/** An empty MV3 worker (its wake → first answer is the floor of ours, measured in the same run). */
const FLOOR_DIR = join(ROOT, 'tests/bench/fixtures/floor-worker');

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const med = (xs: readonly number[]): number => percentiles(xs).p50;
const loadavg = (): string => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '?');
const nodeNow = (): number => performance.timeOrigin + performance.now();

// ------------------------------------------------------------------------------------------ the build (a copy)
function checkBuild(dir: string): void {
  const required = ['manifest.json', 'background.js', 'help.html', 'warning.html', 'lists/bundled.sslist', 'lists/bundled.json', 'lists/bundled-keys.json'];
  const missing = required.filter((f) => !existsSync(join(dir, f)));
  let bg = '';
  if (!missing.includes('background.js')) {
    bg = readFileSync(join(dir, 'background.js'), 'utf8');
    // The split worker (src/background/worker-boot.ts): the sync code, with the pinned list, is in worker-later.js
    // (in worker-app.js before the second half was split off).
    for (const part of ['worker-app.js', 'worker-later.js']) if (existsSync(join(dir, part))) bg += readFileSync(join(dir, part), 'utf8');
    for (const m of bg.matchAll(/from\s*"\.\/(chunks\/[^"]+)"/g)) if (m[1] && !existsSync(join(dir, m[1]))) missing.push(m[1]);
  }
  if (missing.length) {
    throw new Error(
      `the extension build in ${dir} is missing or incomplete (${missing.join(', ')}). This suite does not build ` +
        '(the build may be in use): run `npm run build` first, or point SS_COLD_BUILD_DIR at a complete chrome-mv3 build.',
    );
  }
  const pub = (JSON.parse(readFileSync(DEMO_KEYSET, 'utf8')) as { keys: { publicKey: string }[] }).keys[0]?.publicKey ?? '?';
  if (!bg.includes(DEMO_LIST_URL) || !bg.includes(pub)) {
    throw new Error(
      `the build in ${dir} does not pin the demo list (${DEMO_LIST_URL}, key ${pub} from .keys/demo/): it would refuse ` +
        'the list this suite publishes. Rebuild without WXT_DEFAULT_LIST_URL / WXT_DEFAULT_LIST_KEYSET overrides.',
    );
  }
}

/** Newest mtime under the build folder (a rebuild in progress keeps changing it). */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (f.isFile()) newest = Math.max(newest, statSync(join(f.parentPath, f.name)).mtimeMs);
  }
  return newest;
}

/**
 * Copy the build into a private temp dir once it is complete and has not changed for 3 s. The build may be rebuilt
 * by someone else at any time: wait up to SS_COLD_BUILD_WAIT_S (default 120) for a rebuild in progress, then fail.
 */
async function copyBuild(to: string, from: string): Promise<void> {
  const deadline = performance.now() + Number(process.env.SS_COLD_BUILD_WAIT_S ?? 120) * 1000;
  let said = false;
  for (;;) {
    try {
      checkBuild(from);
      const before = newestMtime(from);
      if (Date.now() - before > 3000) {
        rmSync(to, { recursive: true, force: true });
        cpSync(from, to, { recursive: true });
        if (newestMtime(from) === before) return checkBuild(to);
      }
    } catch (err: unknown) {
      if (performance.now() > deadline) throw err;
    }
    if (performance.now() > deadline) throw new Error(`the build in ${from} kept changing for ${process.env.SS_COLD_BUILD_WAIT_S ?? 120} s`);
    if (!said) console.log(`waiting for a complete, unchanging build in ${from} (a rebuild may be in progress)…`);
    said = true;
    await sleep(2000);
  }
}

console.log(`load average before the run: ${loadavg()}  (2 vCPU, shared machine)`);
const work = mkdtempSync(join(tmpdir(), 'ss-bench-cold-'));
// The 1M list, the extension copy and the browser profile (IndexedDB + ~1M-domain rules) all live here.
if (process.env.SS_COLD_KEEP !== '1') {
  process.on('exit', () => {
    try {
      rmSync(work, { recursive: true, force: true });
    } catch {
      console.error(`could not remove ${work}`);
    }
  });
}
const extensionDir = join(work, 'chrome-mv3');
await copyBuild(extensionDir, BUILD_SRC);
console.log(`build: ${BUILD_SRC} → ${extensionDir}`);
const baseDir = join(work, 'base-mv3');
if (BASE_SRC) {
  await copyBuild(baseDir, BASE_SRC);
  console.log(`base build (interleaved): ${BASE_SRC} → ${baseDir}`);
}

// ------------------------------------------------------------------------------------------ the list (real CLI)
function benchDomains(n: number): string[] {
  const out = new Set<string>();
  for (let seed = 20261125; out.size < n - 2; seed++) {
    for (const e of generateEntries(Math.ceil((n - 2 - out.size) / 0.8), seed)) {
      if (e.kind === 'domain' && /^[^/]+\/$/.test(e.key)) out.add(e.key.slice(0, -1));
    }
  }
  return [...[...out].slice(0, n - 2), BENCH_HOST, NAV_HOST];
}

const listConfigDir = join(work, 'list-config');
mkdirSync(listConfigDir, { recursive: true });
cpSync(join(ROOT, 'scripts/demo-list/reviewed.jsonl'), join(listConfigDir, 'reviewed.jsonl'));
let t = performance.now();
const domains = benchDomains(N);
writeFileSync(join(listConfigDir, 'bench-domains.txt'), domains.join('\n') + '\n');
writeFileSync(
  join(listConfigDir, 'sources.json'),
  JSON.stringify({
    listId: LIST_ID,
    sources: [
      { name: 'bench', path: 'bench-domains.txt', format: 'domains', category: 'other', weight: 1 },
      // The bundled entries stay listed, as in a real feed.
      { name: 'scamsentinel-reviewed', path: 'reviewed.jsonl', format: 'reviewed', category: 'other', weight: 3 },
    ],
    guard: { maxRefusedRatio: 0.5 },
    publish: { keepDeltas: 2, expiresInDays: 14, minClientVersion: '0.1.0' },
  }),
);
const listOutDir = join(work, 'list-public');
console.log(`generated ${domains.length} entries in ${Math.round(performance.now() - t)} ms; publishing v${SYNC_VERSION} with the maintainer CLI…`);
t = performance.now();
await publishDemoList({ configDir: listConfigDir, stateDir: join(work, 'list-state'), outDir: listOutDir, version: SYNC_VERSION });
const envelope = JSON.parse(readFileSync(join(listOutDir, 'manifest.json'), 'utf8')) as { payload: string };
const published = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as { version: number; count: number; snapshot: { path: string; length: number } };
const snapshotBytes = statSync(join(listOutDir, published.snapshot.path)).size;
console.log(`published v${published.version}: ${published.count} entries, snapshot ${snapshotBytes} B, in ${Math.round(performance.now() - t)} ms`);
const listServer = await startServer({ dir: listOutDir }); // what `npm run lists -- serve` runs

// ------------------------------------------------------------------------------------------ network + browser
const sites = await new SiteServer().start();
sites.mount(NAV_HOST, (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end('<!doctype html><title>bench</title><p>page');
});
// No CDP request logger on the worker (logExtensionRequests: false): an attached DevTools session makes a restarted
// worker start paused until the debugger lets it run, and would instrument its fetches.
const session = await launchChromium({ proxyUrl: sites.proxyUrl, extensionDir, userDataDir: join(work, 'profile'), logExtensionRequests: false });
const EXT = `chrome-extension://${session.extId}/`;
// The floor: an MV3 module worker that only answers (tests/bench/fixtures/floor-worker), in the same browser.
const floorId = await session.browser.installExtension(FLOOR_DIR);
console.log(`Chromium up, extension ${session.extId}, floor extension ${floorId}`);

type Chrome = { runtime: { sendMessage(m: unknown): Promise<unknown> } };
interface Reply<T> {
  ok: boolean;
  value?: T;
  error?: { code: string; message: string };
}
interface SubView {
  listId: string;
  version: number | null;
  entries: number | null;
  lastError: { code: string; message: string; at: number } | null;
  progress: { stage: string; bytes?: number; totalBytes?: number } | null;
}
interface VerdictView {
  level: string;
  list?: { listId: string; listVersion: number; expression: string };
}

/** A message from an extension page, with a deadline (a hung worker must not hang the suite). */
async function send<T>(page: Page, type: string, req: unknown, timeoutMs = 15_000): Promise<Reply<T>> {
  const call = page.evaluate((m) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(m), { type, req } as never) as Promise<
    Reply<T> | undefined
  >;
  const timeout = sleep(timeoutMs).then(() => ({ ok: false, error: { code: 'BENCH_TIMEOUT', message: `no answer within ${timeoutMs} ms` } }));
  const r = await Promise.race([call, timeout]).catch((e: unknown) => ({ ok: false, error: { code: 'SEND', message: String(e) } }));
  return r ?? { ok: false, error: { code: 'EMPTY', message: 'no response from the background worker' } };
}

/**
 * Our worker's running status, from the ServiceWorker domain of a page's CDP session. (Puppeteer's service_worker
 * target can outlive a stopped worker, so the target list cannot tell whether the worker runs.)
 */
class WorkerWatch {
  private readonly versions = new Map<string, { status: string; targetId: string | null }>();
  private constructor(private readonly cdp: CDPSession) {}

  /** `origin`: whose worker to watch (ours by default; the floor extension's for the floor cycles). */
  static async attach(page: Page, origin = EXT): Promise<WorkerWatch> {
    const cdp = await page.createCDPSession();
    const w = new WorkerWatch(cdp);
    cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { versionId: string; scriptURL: string; runningStatus: string; targetId?: string }[] }) => {
      for (const v of e.versions) if (v.scriptURL.startsWith(origin)) w.versions.set(v.versionId, { status: v.runningStatus, targetId: v.targetId ?? null });
    });
    await cdp.send('ServiceWorker.enable');
    return w;
  }

  /** 'starting' | 'running' | 'stopping' when a version of ours is not stopped, else false. */
  running(): string | false {
    for (const v of this.versions.values()) if (v.status !== 'stopped') return v.status;
    return false;
  }

  targetId(): string | null {
    for (const v of this.versions.values()) if (v.status === 'running' && v.targetId) return v.targetId;
    return null;
  }

  /**
   * Stop every service worker from this page's own session, wait until ours reports 'stopped', let the browser
   * settle. (The harness's killServiceWorkers opens and closes a tab for its session; closing it fires
   * tabs.onRemoved, which wakes our worker again at once.)
   */
  async stopAll(): Promise<void> {
    for (let i = 0; ; i++) {
      await this.cdp.send('ServiceWorker.stopAllWorkers');
      const deadline = performance.now() + 5000;
      while (this.running() && performance.now() < deadline) await sleep(20);
      await sleep(SETTLE_MS);
      if (!this.running()) return;
      if (i >= 3) throw new Error(`the service worker is still ${this.running()} after ServiceWorker.stopAllWorkers (something keeps waking it)`);
    }
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}

/** Evaluate an expression in the running worker over a CDP session of our own, detached right after. */
async function evalInWorker<T>(watch: WorkerWatch, expression: string): Promise<T> {
  const id = watch.targetId();
  const target = session.browser.targets().find((x) => x.type() === 'service_worker' && (x as unknown as { _targetId?: string })._targetId === id);
  if (!id || !target) throw new Error(`no target for the running worker (${id ?? 'not running'})`);
  const cdp = await target.createCDPSession();
  try {
    const r = (await cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
      result: { value?: unknown };
      exceptionDetails?: { text: string; exception?: { description?: string } };
    };
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/** Stop the worker, then time a getVerdict message from an open extension page (the message wakes the worker). */
async function messageCycle(page: Page, watch: WorkerWatch, url: string, check: (v: VerdictView) => string | null): Promise<number> {
  for (let attempt = 0; ; attempt++) {
    await watch.stopAll();
    const r = (await page.evaluate(async (u: string) => {
      const c = (globalThis as unknown as { chrome: Chrome }).chrome;
      const t0 = performance.timeOrigin + performance.now();
      const res = await c.runtime.sendMessage({ type: 'getVerdict', req: { url: u } });
      const t1 = performance.timeOrigin + performance.now();
      return { t0, t1, res };
    }, url)) as { t0: number; t1: number; res: Reply<VerdictView> | undefined };
    if (!r.res?.ok || !r.res.value) throw new Error(`getVerdict failed after a cold start: ${JSON.stringify(r.res)}`);
    const wrong = check(r.res.value);
    if (wrong) throw new Error(`wrong verdict after a cold start (${wrong}): ${JSON.stringify(r.res.value)}`);
    // The page and the worker share the extension's renderer process (same clock). A worker created before our
    // message was woken by something else: not a cold start of ours, redo.
    const origin = await evalInWorker<number>(watch, 'performance.timeOrigin').catch(() => null);
    if (origin !== null && origin < r.t0 - 2) {
      if (attempt >= 3) throw new Error('the worker keeps being woken by something else before the measured message');
      console.log(`  (the worker started ${Math.round(r.t0 - origin)} ms before the message — cycle repeated)`);
      continue;
    }
    return r.t1 - r.t0;
  }
}

// ------------------------------------------------------------------------------------------ traced breakdown
interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string }; store_name?: string };
}
const PARTS = ['start', 'compile', 'evaluate', 'open', 'blob', 'decode', 'bundled'] as const;
type Part = (typeof PARTS)[number];
/** `app`: not a part of the sum — the split worker's worker-app.js (compile + run, inside `open` … `decode`), else 0. */
type Breakdown = Record<Part | 'total' | 'app', number>;
const TRACE_CATEGORIES = [
  'devtools.timeline', 'v8', 'v8.execute', 'IndexedDB', 'blink.user_timing',
  ...(process.env.SS_COLD_TRACE_CATEGORIES ?? '').split(',').filter(Boolean),
];

/** One message cycle under a browser-wide trace; the worker-thread events cut into PARTS (null: not recognised). */
async function tracedCycle(page: Page, watch: WorkerWatch, url: string, ext = EXT): Promise<Breakdown | null> {
  await watch.stopAll();
  await page.tracing.start({ categories: TRACE_CATEGORIES });
  await page.evaluate(async (u: string) => {
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    performance.mark('ss-cold-send');
    await c.runtime.sendMessage({ type: 'getVerdict', req: { url: u } });
    performance.mark('ss-cold-answer');
  }, url);
  await sleep(100);
  const raw = await page.tracing.stop();
  const parsed = JSON.parse(Buffer.from(raw ?? new Uint8Array()).toString('utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = (Array.isArray(parsed) ? parsed : parsed.traceEvents).sort((a, b) => a.ts - b.ts);
  if (process.env.SS_COLD_TRACE_DUMP) writeFileSync(`${process.env.SS_COLD_TRACE_DUMP}-${Date.now()}.json`, JSON.stringify(events));
  return breakdownOf(events, ext);
}

function breakdownOf(events: readonly TraceEvent[], ext: string): Breakdown | null {
  const sent = events.find((e) => e.name === 'ss-cold-send');
  const answered = events.find((e) => e.name === 'ss-cold-answer');
  // A module worker: v8.compileModule per module, then v8.evaluateModule. A classic worker: v8.compile of
  // background.js (and of each importScripts script), evaluated inside EvaluateScript / v8.run.
  const isCompile = (e: TraceEvent): boolean => e.name === 'v8.compileModule' || e.name === 'v8.compile';
  const main = events.find((e) => isCompile(e) && e.args?.data?.url === `${ext}background.js` && sent && e.ts >= sent.ts);
  if (!sent || !answered || !main) return null;
  const sw = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph !== 'M' && e.ts >= sent.ts && e.ts <= answered.ts);
  const end = (e: TraceEvent): number => e.ts + (e.dur ?? 0);
  const first = sw[0];
  const classic = main.name === 'v8.compile';
  const compileEnd = classic ? end(main) : Math.max(...sw.filter((e) => e.name === 'v8.compileModule').map(end));
  const evaluate = classic
    ? sw.find((e) => e.name === 'v8.run' && e.ts >= end(main))
    : sw.find((e) => e.name === 'v8.evaluateModule');
  const blobGet = sw.find((e) => e.name === 'IDBObjectStore::getRequestSetup' && e.args?.store_name === 'listBlobs');
  const bundledFetch = sw.find((e) => e.name === 'ResourceSendRequest' && (e.args?.data?.url ?? '').endsWith('/lists/bundled.sslist'));
  if (!first || !evaluate) return null;
  // Optional cuts (a part whose event is absent is 0 ms): the listBlobs read (no stored list: none) and the bundled
  // snapshot's fetch (a stored list at least as new as the bundled one: not fetched at all).
  let blobDone: number | null = null;
  if (blobGet) {
    // The last IndexedDB result before the answer: the wake's other reads (lists, allowlist) are issued before it
    // in the same transaction, so they complete first.
    const result = sw.filter((e) => e.name === 'IDBRequest::SendResult' && e.ts > blobGet.ts).at(-1);
    const callback = result && sw.find((e) => e.name === 'FunctionCall' && e.ts >= result.ts && e.ts <= end(result));
    blobDone = callback ? end(callback) : (result?.ts ?? null);
  }
  // An absent listBlobs read gives 0 ms to 'blob' and 'decode'; an absent bundled fetch gives the
  // rest to 'decode' (its cut = the answer) and 0 ms to 'bundled'.
  const cuts: number[] = [sent.ts, first.ts, compileEnd, end(evaluate)];
  cuts.push(blobGet?.ts ?? bundledFetch?.ts ?? cuts[cuts.length - 1]!); // bundled only: 'open' ends at its fetch
  cuts.push(blobDone ?? cuts[cuts.length - 1]!);
  cuts.push(bundledFetch?.ts ?? answered.ts);
  cuts.push(answered.ts);
  if (cuts.some((c, i) => i > 0 && c < cuts[i - 1]!)) return null; // an order we do not know (the start-up changed)
  const app = sw.find((e) => e.name === 'EvaluateScript' && e.args?.data?.url === `${ext}worker-app.js`);
  const b = { total: (answered.ts - sent.ts) / 1000, app: (app?.dur ?? 0) / 1000 } as Breakdown;
  PARTS.forEach((p, i) => (b[p] = (cuts[i + 1]! - cuts[i]!) / 1000));
  return b;
}

function printBreakdowns(label: string, bs: readonly (Breakdown | null)[]): Partial<Breakdown> {
  const ok = bs.filter((b): b is Breakdown => b !== null);
  console.log(`${label}, traced (ms: ${PARTS.join(' + ')} = total):`);
  for (const b of bs) {
    console.log(b ? `  ${PARTS.map((p) => round(b[p])).join(' + ')} = ${round(b.total)}${b.app ? ` (worker-app.js: ${round(b.app)})` : ''}` : '  (trace not recognised)');
  }
  if (!ok.length) return {};
  return Object.fromEntries([...PARTS, 'total' as const, 'app' as const].map((p) => [p, round(med(ok.map((b) => b[p])))]));
}

// ------------------------------------------------------------------------------------------ phase 1: bundled only
const helper = await session.browser.newPage();
await helper.goto(session.extUrl('/help.html'));
const helperWatch = await WorkerWatch.attach(helper);
const statusOf = async (page: Page = helper): Promise<{ sub: SubView | null; error?: string }> => {
  const r = await send<{ subscriptions: SubView[]; problems: string[] }>(page, 'getSyncStatus', {}, 5000);
  if (!r.ok || !r.value) return { sub: null, error: `${r.error?.code}: ${r.error?.message}` };
  const sub = r.value.subscriptions.find((s) => s.listId === LIST_ID) ?? null;
  return sub ? { sub } : { sub, error: `no subscription ${LIST_ID}; problems: ${r.value.problems.join('; ') || 'none'}` };
};
async function firstCheckWithoutServer(page: Page): Promise<void> {
  // The default subscription is written after the first start's rule install (296k bundled domains: seconds under load).
  let s = await statusOf(page);
  for (const until = performance.now() + 60_000; !s.sub && performance.now() < until; s = await statusOf(page)) await sleep(500);
  if (!s.sub) throw new Error(`the build has no default subscription "${LIST_ID}" (${s.error})`);
  // lists.test is not mounted yet: this check fails at once and backs off (≥ 15 min), so the automatic first check
  // (an alarm 0–60 s after start) cannot wake the worker in the middle of a cycle.
  const u = await send<{ kind: string; message: string }>(page, 'updateNow', { listId: LIST_ID }, 60_000);
  console.log(`first check with no list server: ${u.value?.kind ?? u.error?.code} (${u.value?.message ?? u.error?.message})`);
}
await firstCheckWithoutServer(helper);
// The base build (SS_COLD_BASE_BUILD_DIR), installed before the bundled-only cycles so that they are interleaved too
// (wake8: the bundled-only wake is A/B'd as well). Its first check fails before the list server is mounted, like
// ours; that check waits for its first start's rule install, so no install-time rule work overlaps the cycles.
const base = BASE_SRC
  ? await (async () => {
      const id = await session.browser.installExtension(baseDir);
      const origin = `chrome-extension://${id}/`;
      const page = await session.browser.newPage();
      await page.goto(`${origin}help.html`);
      const watch = await WorkerWatch.attach(page, origin);
      await firstCheckWithoutServer(page);
      console.log(`base extension ${id} installed`);
      return { id, origin, page, watch };
    })()
  : null;
console.log(`load average before the bundled-only cycles: ${loadavg()}`);
const bundledTimes: number[] = [];
const baseBundledTimes: number[] = [];
const bundledHit = (v: VerdictView): string | null => (v.list?.listVersion === 1 ? null : 'expected a hit in bundled v1');
for (let i = 0; i < RUNS; i++) {
  bundledTimes.push(await messageCycle(helper, helperWatch, BUNDLED_URL, bundledHit));
  if (base) baseBundledTimes.push(await messageCycle(base.page, base.watch, BUNDLED_URL, bundledHit));
}
console.log(`bundled only, message → first verdict (ms): ${bundledTimes.map((x) => Math.round(x)).join(', ')}`);
if (base) console.log(`base build, bundled only, interleaved (ms): ${baseBundledTimes.map((x) => Math.round(x)).join(', ')}`);
const bundledTraced: (Breakdown | null)[] = [];
const baseBundledTraced: (Breakdown | null)[] = [];
for (let i = 0; i < TRACE_RUNS; i++) {
  if (base) baseBundledTraced.push(await tracedCycle(base.page, base.watch, BUNDLED_URL, base.origin));
  bundledTraced.push(await tracedCycle(helper, helperWatch, BUNDLED_URL));
}
const bundledParts = printBreakdowns('bundled only', bundledTraced);
const baseBundledParts = base ? printBreakdowns('base build, bundled only, interleaved', baseBundledTraced) : {};
if (base) {
  console.log(
    `bundled only: this build ${round(med(bundledTimes))} ms, base ${round(med(baseBundledTimes))} ms (medians, interleaved; load ${loadavg()})`,
  );
}
if (process.env.SS_COLD_BUNDLED_ONLY === '1') {
  // Only the bundled-only phase (SS_COLD_BUNDLED_ONLY=1): nothing recorded.
  console.table({
    sw_cold_start_bundled_ms: round(med(bundledTimes)),
    ...(base ? { sw_cold_start_base_bundled_ms: round(med(baseBundledTimes)) } : {}),
    ...Object.fromEntries(Object.entries(bundledParts).map(([k, v]) => [`bundled_traced_${k}_ms`, v])),
    ...Object.fromEntries(Object.entries(baseBundledParts).map(([k, v]) => [`base_bundled_traced_${k}_ms`, v])),
  });
  await session.close();
  await sites.stop();
  await listServer.close();
  process.exit(0);
}

// ------------------------------------------------------------------------------------------ sync the 1M list
sites.mount('lists.test', forwardTo(listServer.port));

function describeStatus(s: Awaited<ReturnType<typeof statusOf>>, worker: string | false): string {
  const w = `worker ${worker || 'stopped'}`;
  if (!s.sub) return `no status (${s.error}), ${w}`;
  const p = s.sub.progress;
  const pct = p?.totalBytes ? ` ${Math.round(((p.bytes ?? 0) / p.totalBytes) * 100)}% of ${p.totalBytes} B` : '';
  const err = s.sub.lastError ? `${s.sub.lastError.code} "${s.sub.lastError.message}"` : 'none';
  return `stored version ${s.sub.version ?? 'none (bundled only)'}, entries ${s.sub.entries ?? '—'}, stage ${p?.stage ?? '—'}${pct}, last error ${err}, ${w}`;
}

/**
 * Start `updateNow` without awaiting its answer, then poll getSyncStatus every second and print each change until
 * the stored version is `version`. Fails with the last status when the run fails, the worker is lost, or at the deadline.
 */
async function syncTo(page: Page, version: number, timeoutMs: number, watch = helperWatch): Promise<{ ms: number; entries: number }> {
  const started = performance.now();
  await page.evaluate((listId: string) => {
    const g = globalThis as unknown as { chrome: Chrome; __ssUpdate: unknown };
    g.__ssUpdate = null;
    g.chrome.runtime.sendMessage({ type: 'updateNow', req: { listId } }).then(
      (r) => (g.__ssUpdate = r ?? { ok: false, error: { code: 'EMPTY', message: 'no response' } }),
      (e: unknown) => (g.__ssUpdate = { ok: false, error: { code: 'PORT', message: String(e) } }),
    );
  }, LIST_ID);
  let line = '';
  let lastPrint = 0;
  while (performance.now() - started < timeoutMs) {
    await sleep(1000);
    const status = await statusOf(page);
    const secs = ((performance.now() - started) / 1000).toFixed(0);
    const next = describeStatus(status, watch.running());
    const changed = next !== line;
    if (changed || performance.now() - lastPrint > 15_000) {
      console.log(`  [sync +${secs}s] ${next}`);
      lastPrint = performance.now();
    }
    line = next;
    const upd = (await page.evaluate(() => (globalThis as unknown as { __ssUpdate: unknown }).__ssUpdate)) as Reply<{ kind: string; message: string }> | null;
    // Committed is not finished: the run's onCommitted swaps the table in and recompiles the redirect rules, and a
    // worker stopped before that would redo it at its next start. Done = version stored and updateNow answered.
    if (status.sub?.version === version && upd?.ok && upd.value?.kind === 'updated') {
      return { ms: performance.now() - started, entries: status.sub.entries ?? NaN };
    }
    if (status.sub?.version === version && !upd && changed) console.log('  (committed; waiting for the run to finish: table swap + redirect rules)');
    if (upd && (!upd.ok || upd.value?.kind !== 'updated')) {
      const why = upd.ok ? `${upd.value?.kind}: ${upd.value?.message}` : `${upd.error?.code}: ${upd.error?.message}`;
      const hint =
        status.sub?.lastError?.code === 'BAD_FORMAT_VERSION'
          ? ' The maintainer CLI (current src/) wrote a list format the copied build does not read: the build is older than the source — rebuild and run again.'
          : upd.error?.code === 'PORT'
            ? ' The worker stopped while updating (its lease then blocks a new run for up to 5 min).'
            : '';
      throw new Error(`the sync of v${version} did not succeed (${why}) after ${secs} s. Last status: ${line}.${hint}`);
    }
  }
  throw new Error(
    `the sync of v${version} did not finish within ${timeoutMs / 1000} s (SS_COLD_SYNC_TIMEOUT_S). Last status: ${line}. ` +
      `List server requests: ${sites.requestsTo('lists.test').map((r) => r.path).join(', ') || 'none'}.`,
  );
}

console.log(`syncing v${SYNC_VERSION} (${published.count} entries) from http://lists.test/ — load average ${loadavg()}`);
const synced = await syncTo(helper, SYNC_VERSION, SYNC_TIMEOUT_MS);
console.log(`synced in ${round(synced.ms / 1000)} s wall: ${synced.entries} entries stored`);
// The redirect rules recompiled after the commit (src/background/init.ts keeps their timing under this key).
const lastRuleInstall = (): Promise<Record<string, unknown> | null> =>
  evalInWorker<Record<string, unknown> | null>(helperWatch, "chrome.storage.local.get('dnrLastInstall').then((r) => r.dnrLastInstall ?? null)").catch(
    (e: unknown) => ({ error: String(e) }),
  );
const ruleInstall = await lastRuleInstall();
console.log(`redirect rules installed after the sync: ${JSON.stringify(ruleInstall)}`);
if (base) {
  const b = await syncTo(base.page, SYNC_VERSION, SYNC_TIMEOUT_MS, base.watch);
  console.log(`base build synced in ${round(b.ms / 1000)} s wall: ${b.entries} entries stored`);
}

// ------------------------------------------------------------------------------------------ phase 2: synced 1M list
console.log(`load average before the synced cycles: ${loadavg()}`);
const syncedHit = (host: string) => (v: VerdictView) =>
  v.list?.listVersion === SYNC_VERSION && v.list.expression === `${host}/` ? null : `expected ${host}/ from synced v${SYNC_VERSION}`;
{
  const r = await send<VerdictView>(helper, 'getVerdict', { url: `http://${NAV_HOST}/` });
  const wrong = r.value ? syncedHit(NAV_HOST)(r.value) : JSON.stringify(r.error);
  if (wrong) throw new Error(`the navigation target is not listed in the synced list (${wrong}): ${JSON.stringify(r.value)}`);
}
interface RuleCounters {
  updates: number;
  check: { at: number; kind: string; ms: number } | null;
}
/** The worker's own rule bookkeeping in storage.session (src/background/dnr/apply.ts, init.ts). */
const ruleCounters = (page: Page = helper): Promise<RuleCounters> =>
  page.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: { session: { get(k: string[]): Promise<Record<string, unknown>> } } } }).chrome;
    const g = await c.storage.session.get(['dnrDynamicUpdates', 'dnrWakeCheck']);
    const n = g['dnrDynamicUpdates'];
    return { updates: typeof n === 'number' ? n : 0, check: (g['dnrWakeCheck'] ?? null) as RuleCounters['check'] };
  }) as Promise<RuleCounters>;
/** After a wake: wait until the worker has settled its rules (a newer dnrWakeCheck than `since`). */
async function settled(since: number, page: Page = helper): Promise<RuleCounters> {
  const deadline = performance.now() + 30_000;
  for (;;) {
    const c = await ruleCounters(page);
    if (c.check && c.check.at > since) return c;
    if (performance.now() > deadline) throw new Error(`the woken worker did not settle its rules: ${JSON.stringify(c)}`);
    await sleep(50);
  }
}
const syncedTimes: number[] = [];
const floorTimes: number[] = [];
const baseTimes: number[] = [];
const wakeChecks: { kind: string; ms: number }[] = [];
const floorPage = await session.browser.newPage();
await floorPage.goto(`chrome-extension://${floorId}/page.html`);
const floorWatch = await WorkerWatch.attach(floorPage, `chrome-extension://${floorId}/`);
const countersBefore = await ruleCounters();
for (let i = 0; i < RUNS; i++) {
  const since = Date.now();
  syncedTimes.push(await messageCycle(helper, helperWatch, `http://${BENCH_HOST}/`, syncedHit(BENCH_HOST)));
  const c = await settled(since);
  if (c.check) wakeChecks.push({ kind: c.check.kind, ms: c.check.ms });
  // The same cycle on the empty worker, interleaved: the floor under the same load.
  floorTimes.push(await messageCycle(floorPage, floorWatch, 'about:blank', (v) => (v.level === 'none' ? null : 'the floor worker answers level none')));
  if (base) {
    const sinceBase = Date.now();
    baseTimes.push(await messageCycle(base.page, base.watch, `http://${BENCH_HOST}/`, syncedHit(BENCH_HOST)));
    await settled(sinceBase, base.page);
  }
}
await floorWatch.detach();
await floorPage.close();
console.log(`floor (empty MV3 worker, same cycles interleaved), message → answer (ms): ${floorTimes.map((x) => Math.round(x)).join(', ')}`);
const countersAfter = await ruleCounters();
const ruleUpdatesOnWakes = countersAfter.updates - countersBefore.updates;
console.log(`synced ${synced.entries}, message → first verdict (ms): ${syncedTimes.map((x) => Math.round(x)).join(', ')}`);
console.log(
  `after each wake, off the critical path: ${wakeChecks.map((w) => `${w.kind} ${w.ms} ms`).join(', ')}; ` +
    `dynamic-rule updates over the ${RUNS} wakes: ${ruleUpdatesOnWakes}`,
);
if (base) console.log(`base build, interleaved, message → first verdict (ms): ${baseTimes.map((x) => Math.round(x)).join(', ')}`);
const syncedTraced: (Breakdown | null)[] = [];
const baseTraced: (Breakdown | null)[] = [];
for (let i = 0; i < TRACE_RUNS; i++) {
  // The base build's first: our worker is then the one running afterwards (the rule-install check below reads it).
  if (base) baseTraced.push(await tracedCycle(base.page, base.watch, `http://${BENCH_HOST}/`, base.origin));
  syncedTraced.push(await tracedCycle(helper, helperWatch, `http://${BENCH_HOST}/`));
}
const syncedParts = printBreakdowns(`synced ${synced.entries}`, syncedTraced);
const baseParts = base ? printBreakdowns('base build, interleaved', baseTraced) : {};
if (base) {
  // Uninstalled before the navigation cycles: its guard would redirect the same navigations to its own warning page.
  await base.watch.detach();
  await base.page.close();
  await session.browser.uninstallExtension(base.id);
}
{
  const after = await lastRuleInstall();
  const same = JSON.stringify(after) === JSON.stringify(ruleInstall);
  console.log(`redirect rules recompiled by a cold start: ${same ? 'no (the install record is the one from the sync)' : `yes: ${JSON.stringify(after)}`}`);
}

// Warm worker: raw IndexedDB read of the stored blob and decodeSnapshot of it, in the worker itself.
interface Pieces {
  idb: number[];
  decode: number[];
  /** declarativeNetRequest.updateDynamicRules removing the (absent) allow rule: a no-op, as at every start. */
  dnr: number[];
  /** Baseline: one IndexedDB row with every key string → new Set (warm worker, so no worker start-up in it). */
  setRebuild: number[];
  /** updateDynamicRules replacing one installed 20k-domain chunk by itself. */
  chunkReplace: number[];
  /** updateSessionRules adding then removing one 10k-domain redirect rule. */
  sessionAdd: number[];
  bytes: number;
  entries: number;
}
const pieces = await (async (): Promise<Pieces | null> => {
  try {
    const { build } = await import('esbuild');
    const entry = join(work, 'decode-entry.ts');
    writeFileSync(
      entry,
      `import { decodeSnapshot } from ${JSON.stringify(join(ROOT, 'src/core/lists/snapshot.ts'))};\n` +
        `import { listKeys } from ${JSON.stringify(join(ROOT, 'src/core/lists/keys.ts'))};\n` +
        `(globalThis as unknown as { __ssDecode: unknown }).__ssDecode = decodeSnapshot;\n` +
        `(globalThis as unknown as { __ssListKeys: unknown }).__ssListKeys = listKeys;\n`,
    );
    const out = await build({ entryPoints: [entry], bundle: true, format: 'iife', write: false, platform: 'browser', target: 'chrome120', logLevel: 'silent' });
    await helper.evaluate(() => 0); // keeps the worker's lifetime timer fresh
    await send(helper, 'getVerdict', { url: BUNDLED_URL }); // make sure a worker runs
    await evalInWorker(helperWatch, out.outputFiles[0]?.text ?? '');
    const script = `(async (listId) => {
      const idb = [], decode = [];
      let row0 = null;
      let bytes = 0, entries = 0;
      for (let i = 0; i < 5; i++) {
        const a = performance.now();
        const db = await new Promise((res, rej) => { const r = indexedDB.open('scamsentinel'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
        const row = await new Promise((res, rej) => { const q = db.transaction('listBlobs', 'readonly').objectStore('listBlobs').get(listId); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
        idb.push(performance.now() - a);
        db.close();
        if (!row) throw new Error('no stored blob');
        row0 = row;
        bytes = row.bytes.byteLength;
        const b = performance.now();
        const d = await globalThis.__ssDecode(new Uint8Array(row.bytes));
        decode.push(performance.now() - b);
        if (!d.ok) throw new Error('decode failed: ' + d.message);
        entries = d.value.count;
      }
      // The baseline (issue 18): the same entries kept the naive way — one IndexedDB row holding every key string —
      // read back and rebuilt into a Set, as a worker without a binary table would do at each wake.
      const setRebuild = [];
      const last = await globalThis.__ssDecode(new Uint8Array(row0.bytes));
      const keys = globalThis.__ssListKeys(last.value);
      {
        if (!keys.ok || !keys.value) throw new Error('the stored list has no key strings');
        const openBench = () => new Promise((res, rej) => {
          const r = indexedDB.open('ss-bench-set', 1);
          r.onupgradeneeded = () => r.result.createObjectStore('keys');
          r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error);
        });
        const w = await openBench();
        await new Promise((res, rej) => { const tx = w.transaction('keys', 'readwrite'); tx.objectStore('keys').put(keys.value.slice(), 'all'); tx.oncomplete = res; tx.onerror = () => rej(tx.error); });
        w.close();
        for (let i = 0; i < 5; i++) {
          const a = performance.now();
          const db = await openBench();
          const arr = await new Promise((res, rej) => { const q = db.transaction('keys', 'readonly').objectStore('keys').get('all'); q.onsuccess = () => res(q.result); q.onerror = () => rej(q.error); });
          const set = new Set(arr);
          setRebuild.push(performance.now() - a);
          db.close();
          if (set.size !== keys.value.length) throw new Error('set size ' + set.size);
        }
        await new Promise((res) => { const d = indexedDB.deleteDatabase('ss-bench-set'); d.onsuccess = res; d.onerror = res; d.onblocked = res; });
      }
      // What a dynamic-rule write costs with this list installed (no trusted site: remove the absent allow rule id).
      const dnr = [];
      const trusted = (await chrome.declarativeNetRequest.getDynamicRules({ ruleIds: [${ALLOW_RULE_ID}] })).length;
      if (trusted === 0) {
        for (let i = 0; i < 3; i++) {
          const c = performance.now();
          await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: [${ALLOW_RULE_ID}], addRules: [] });
          dnr.push(performance.now() - c);
        }
      }
      // For incremental rule updates (issue 18, not built yet): what replacing ONE installed 20k-domain chunk of the
      // dynamic set costs, and what adding / removing a 10k-domain redirect rule in the SESSION set costs, with this
      // list installed. Nothing is left changed.
      const chunkReplace = [], sessionAdd = [];
      const [chunk] = await chrome.declarativeNetRequest.getDynamicRules({ ruleIds: [${DOMAIN_RULE_BASE}] });
      if (chunk) {
        for (let i = 0; i < 3; i++) {
          const c = performance.now();
          await chrome.declarativeNetRequest.updateDynamicRules({ removeRuleIds: [chunk.id], addRules: [chunk] });
          chunkReplace.push(performance.now() - c);
        }
        const domains = keys.value.filter((k) => k.indexOf('/') === k.length - 1 && !k.includes(':')).slice(0, 10000).map((k) => k.slice(0, -1));
        for (let i = 0; i < 3; i++) {
          const c = performance.now();
          await chrome.declarativeNetRequest.updateSessionRules({ addRules: [{ ...chunk, id: 999999, condition: { ...chunk.condition, requestDomains: domains } }] });
          await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [999999] });
          sessionAdd.push(performance.now() - c);
        }
      }
      return { idb, decode, bytes, entries, dnr, setRebuild, chunkReplace, sessionAdd };
    })(${JSON.stringify(LIST_ID)})`;
    return await evalInWorker<Pieces>(helperWatch, script);
  } catch (err: unknown) {
    console.log(`warm-worker pieces not measured: ${String(err)}`);
    return null;
  }
})();
if (pieces) {
  console.log(
    `warm worker: raw IndexedDB open + get of the ${pieces.bytes} B blob ${pieces.idb.map((x) => Math.round(x)).join(', ')} ms; ` +
      `decodeSnapshot (${pieces.entries} entries) ${pieces.decode.map((x) => Math.round(x)).join(', ')} ms; ` +
      `no-op updateDynamicRules (what any dynamic-rule change costs with this list installed) ${pieces.dnr.map((x) => Math.round(x)).join(', ') || 'not measured (a site is trusted)'} ms; ` +
      `baseline: the same ${pieces.entries} key strings from one IndexedDB row → new Set ${pieces.setRebuild.map((x) => Math.round(x)).join(', ')} ms; ` +
      `replace one 20k-domain dynamic chunk ${pieces.chunkReplace.map((x) => Math.round(x)).join(', ')} ms; ` +
      `session rule of 10k domains add + remove ${pieces.sessionAdd.map((x) => Math.round(x)).join(', ')} ms`,
  );
}

// Navigation wake: no extension page open; a tab navigates to a listed IP literal and the guard redirects it.
/** browser clock − Node clock (ms), least-RTT sample, from an extension page (warning.html renders in that process). */
async function clockOffset(page: Page): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let i = 0; i < 9; i++) {
    const a = nodeNow();
    const b = (await page.evaluate(() => performance.timeOrigin + performance.now())) as number;
    const c = nodeNow();
    if (c - a < best.rtt) best = { rtt: c - a, offset: b - (a + c) / 2 };
  }
  return best.offset;
}
const offset = await clockOffset(helper);
console.log(`clock offset browser − node: ${offset.toFixed(2)} ms`);
await helperWatch.detach();
await helper.close();
const tab = await session.browser.newPage();
const tabWatch = await WorkerWatch.attach(tab);
const navTimes: number[] = [];
for (let i = 0; i < RUNS; i++) {
  await tab.goto('about:blank');
  await tabWatch.stopAll();
  const target = `http://${NAV_HOST}/?run=${i}`;
  const t0 = nodeNow();
  void tab.goto(target, { timeout: 60_000 }).catch(() => undefined);
  const landed = await waitForUrl(tab, (u) => u.includes('/warning.html'), 60_000);
  if (!landed.includes(target)) throw new Error(`redirected to an unexpected page: ${landed}`);
  await tab.waitForFunction(() => document.readyState !== 'loading', { timeout: 30_000 });
  const origin = (await tab.evaluate(() => performance.timeOrigin)) as number;
  navTimes.push(origin - offset - t0);
}
await tabWatch.detach();
await tab.close();
console.log(`navigation to ${NAV_HOST} → the guard's redirect starts (ms): ${navTimes.map((x) => Math.round(x)).join(', ')}`);
console.log(`load average after: ${loadavg()}`);

await session.close();
await sites.stop();
await listServer.close();

const metrics: Record<string, number> = {
  sw_cold_start_ms: round(med(syncedTimes)),
  sw_cold_start_min_ms: round(Math.min(...syncedTimes)),
  sw_cold_start_floor_ms: round(med(floorTimes)),
  sw_cold_start_floor_min_ms: round(Math.min(...floorTimes)),
  sw_cold_start_bundled_ms: round(med(bundledTimes)),
  sw_cold_start_bundled_min_ms: round(Math.min(...bundledTimes)),
  sw_cold_start_nav_ms: round(med(navTimes)),
  sw_cold_start_entries: synced.entries,
  sw_cold_start_sync_ms: Math.round(synced.ms),
  sw_cold_start_snapshot_bytes: snapshotBytes,
};
for (const p of [...PARTS, 'total' as const, 'app' as const]) {
  if (syncedParts[p] !== undefined) metrics[`sw_cold_start_traced_${p}_ms`] = syncedParts[p];
  if (bundledParts[p] !== undefined) metrics[`sw_cold_start_bundled_traced_${p}_ms`] = bundledParts[p];
}
if (pieces) {
  metrics.sw_cold_start_idb_read_ms = round(med(pieces.idb));
  metrics.sw_cold_start_decode_ms = round(med(pieces.decode));
  metrics.sw_cold_start_decode_first_ms = round(pieces.decode[0] ?? NaN);
  if (pieces.dnr.length) metrics.sw_cold_start_dnr_noop_update_ms = round(med(pieces.dnr));
  metrics.set_rebuild_ms = round(med(pieces.setRebuild));
  if (pieces.chunkReplace.length) metrics.dnr_chunk_replace_1m_ms = round(med(pieces.chunkReplace));
  if (pieces.sessionAdd.length) metrics.dnr_session_10k_add_remove_ms = round(med(pieces.sessionAdd));
  metrics.sw_cold_start_vs_set_rebuild_ratio = round(metrics.set_rebuild_ms / metrics.sw_cold_start_ms!, 2);
}
if (baseBundledTimes.length) {
  metrics.sw_cold_start_base_bundled_ms = round(med(baseBundledTimes));
  for (const p of [...PARTS, 'total' as const]) if (baseBundledParts[p] !== undefined) metrics[`sw_cold_start_base_bundled_traced_${p}_ms`] = baseBundledParts[p];
}
if (baseTimes.length) {
  metrics.sw_cold_start_base_ms = round(med(baseTimes));
  metrics.sw_cold_start_base_min_ms = round(Math.min(...baseTimes));
  metrics.sw_cold_start_base_ratio = round(metrics.sw_cold_start_base_ms / metrics.sw_cold_start_ms!, 2);
  for (const p of [...PARTS, 'total' as const]) if (baseParts[p] !== undefined) metrics[`sw_cold_start_base_traced_${p}_ms`] = baseParts[p];
}
metrics.sw_cold_start_rule_updates = ruleUpdatesOnWakes;
metrics.sw_cold_start_rule_check_ms = round(med(wakeChecks.map((w) => w.ms)));
console.table(metrics);
if (process.env.SS_COLD_NO_RECORD === '1') console.log('not recorded (SS_COLD_NO_RECORD=1)');
else recordMetrics(metrics);
