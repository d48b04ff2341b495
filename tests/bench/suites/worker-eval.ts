/**
 * What evaluating the Chromium worker's second script costs (issue 18, goal 1: wake ≤ 50 ms): worker-app.js of the
 * build (src/background/worker-boot.ts loads it with importScripts at every wake) compiled (`new vm.Script`) and then
 * run (`runInContext`: the module top level — zod schemas, tables, constants — and start(), synchronously) in a fresh
 * `vm` context per run, with stubbed extension APIs (a recursive Proxy: every call stays pending, so only the
 * synchronous part is measured) and the global background.js leaves for it (`__scamsentinelWake`). 21 runs, median.
 * Wall time in one process (not CPU time of a fresh process like worker-script.ts): a loaded machine disturbs it, so
 * compare builds only within one run. With SS_BASE_WORKER_APP=<a worker-app.js> (or SS_BASE_BUILD=<a chrome-mv3
 * build>) the two scripts are run alternately in the same process and the ratio is printed, e.g. the build before a
 * change: `cp .output/chrome-mv3/worker-app.js /tmp/base-worker-app.js` before it, then rebuild.
 * The source gets a distinct trailing comment per run: V8's compilation cache never serves a run.
 * Then the synchronous part of a first message (a content script's checkPage, dispatched through start()'s
 * listeners up to the handler's first await): it builds and runs the wake's first zod schema, so it shows what
 * building schemas lazily moves out of the evaluation (zod's own code runs cold there instead).
 * Metrics: worker_app_bytes, worker_app_compile_ms, worker_app_eval_ms, worker_app_first_message_ms (+ the base's).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { recordMetrics } from '../lib/results';
import { CHROME_BUILD } from '../../e2e/harness/browsers';

if (typeof globalThis.gc !== 'function') {
  // A collection before each run, so that one run's garbage is not collected during the next.
  const r = spawnSync(process.execPath, ['--expose-gc', ...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const gc = globalThis.gc as () => void;

const RUNS = Number(process.env.SS_RUNS ?? 21);
const files: Record<string, string> = { build: join(CHROME_BUILD, 'worker-app.js') };
if (process.env.SS_BASE_WORKER_APP) files.base = process.env.SS_BASE_WORKER_APP;
else if (process.env.SS_BASE_BUILD) files.base = join(process.env.SS_BASE_BUILD, 'worker-app.js');
const src: Record<string, string> = {};
for (const [k, f] of Object.entries(files)) {
  if (!existsSync(f)) throw new Error(`no ${f}: run npx wxt build first (worker-app.js is Chromium's split worker)`);
  src[k] = readFileSync(f, 'utf8');
}

const ID = 'abcdefghijklmnopabcdefghijklmnop';
/** chrome.* / browser.*: any property is another stub, any call a promise that never settles. */
function api(): unknown {
  const noop = (): void => {};
  const cache = new Map<PropertyKey, unknown>();
  return new Proxy(function () {}, {
    get(_t, k) {
      if (k === 'then') return undefined;
      if (k === 'id') return ID;
      if (k === 'getURL') return (p: string) => `chrome-extension://${ID}${p}`;
      if (k === 'getManifest') return () => ({ manifest_version: 3, version: '0.1.0', name: 'ScamSentinel' });
      if (k === 'addListener' || k === 'removeListener') return noop;
      if (k === 'hasListener') return () => false;
      if (!cache.has(k)) cache.set(k, api());
      return cache.get(k);
    },
    apply: () => new Promise(() => {}),
  });
}

let asyncErrors = 0;
process.on('unhandledRejection', () => asyncErrors++); // start()'s async work meets the stubs; only its synchronous part is timed

type Bg = { listeners: { message: (m: unknown, sender: unknown) => Promise<unknown> } };
function freshContext(): { ctx: vm.Context; started: () => Bg | null } {
  let started: Bg | null = null;
  const g: Record<string, unknown> = {
    console: { log() {}, info() {}, debug() {}, warn() {}, error() {} },
    TextEncoder, TextDecoder, URL, URLSearchParams, atob, btoa, crypto, performance, structuredClone,
    AbortController, AbortSignal, Blob, Response, Request, Headers, queueMicrotask,
    setTimeout: () => 0, clearTimeout() {}, setInterval: () => 0, clearInterval() {},
    fetch: () => new Promise(() => {}),
    addEventListener() {}, removeEventListener() {},
    importScripts() {},
    indexedDB: new IDBFactory(), // as in the worker, Dexie finds an IndexedDB (fake-indexeddb; it opens only later, asynchronously)
    IDBKeyRange,
    __scamsentinelWake: {
      wakeRows: Promise.resolve(null),
      started(bg: Bg) {
        started = bg;
      },
    },
  };
  const ctx = vm.createContext(g);
  vm.runInContext('globalThis.self = globalThis;', ctx);
  g.chrome = g.browser = api();
  return { ctx, started: () => started };
}

/** A content script's first check of a page (the gate sample): the wake's most common first message. */
const FIRST_MESSAGE = {
  type: 'checkPage',
  req: { url: 'https://shop.example.test/pay', features: null, gate: { sample: 'Checkout 支付 充值', sensitive: true }, links: 'https://a.test/\nhttps://b.test/x', snippets: ['ad'] },
};
const CONTENT_SENDER = { id: ID, url: 'https://shop.example.test/pay', tab: { id: 7 }, frameId: 0 };

const refusals: string[] = [];
const times: Record<string, { compile: number[]; evaluate: number[]; message: number[] }> = {};
for (const k of Object.keys(src)) times[k] = { compile: [], evaluate: [], message: [] };
const order = Object.keys(src);
for (let i = 0; i < RUNS; i++) {
  for (const k of i % 2 ? [...order].reverse() : order) {
    const { ctx, started } = freshContext();
    gc();
    const t0 = performance.now();
    const script = new vm.Script(`${src[k]}\n//${i}`, { filename: `${k}-worker-app.js` });
    const t1 = performance.now();
    script.runInContext(ctx);
    const t2 = performance.now();
    const bg = started();
    if (!bg) throw new Error(`${files[k]}: start() did not hand its listeners over (wake.started not called)`);
    // The synchronous part of the first message: dispatch up to its handler's first await (the request's schema is
    // built and parsed here — the first zod use of the wake).
    const t3 = performance.now();
    const answer = bg.listeners.message(FIRST_MESSAGE, CONTENT_SENDER);
    const t4 = performance.now();
    // A refusal (malformed, forbidden) would settle at once: the message must reach its handler, which waits on the stubs.
    void answer.then((r) => refusals.push(JSON.stringify(r)));
    times[k]!.compile.push(t1 - t0);
    times[k]!.evaluate.push(t2 - t1);
    times[k]!.message.push(t4 - t3);
  }
}
await new Promise((r) => setTimeout(r, 50));
if (refusals.length > 0) throw new Error(`the first message was answered at once (refused?): ${refusals[0]}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (x: number) => Math.round(x * 10) / 10;
const metrics: Record<string, number> = {
  worker_app_bytes: Buffer.byteLength(src.build!),
  worker_app_compile_ms: round(median(times.build!.compile)),
  worker_app_eval_ms: round(median(times.build!.evaluate)),
  worker_app_first_message_ms: round(median(times.build!.message)),
};
const line = (k: string) =>
  `${files[k]} (${Buffer.byteLength(src[k]!)} B): compile median ${round(median(times[k]!.compile))} ms, ` +
  `evaluate median ${round(median(times[k]!.evaluate))} ms (min ${round(Math.min(...times[k]!.evaluate))}), ` +
  `first message (checkPage, synchronous part) median ${round(median(times[k]!.message))} ms, ` +
  `evaluate + first message median ${round(median(times[k]!.evaluate.map((e, i) => e + times[k]!.message[i]!)))} ms, of ${RUNS}`;
console.log(line('build'));
if (src.base !== undefined) {
  const baseCompile = round(median(times.base!.compile));
  const baseEval = round(median(times.base!.evaluate));
  metrics.worker_app_base_compile_ms = baseCompile;
  metrics.worker_app_base_eval_ms = baseEval;
  metrics.worker_app_base_first_message_ms = round(median(times.base!.message));
  console.log(`base ${line('base')}`);
  console.log(
    `ratio base/build: compile ${(baseCompile / metrics.worker_app_compile_ms!).toFixed(2)}×, ` +
      `evaluate ${(baseEval / metrics.worker_app_eval_ms!).toFixed(2)}×`,
  );
}
console.log(`load average ${readFileSync('/proc/loadavg', 'utf8').trim()}; async rejections after the timed part: ${asyncErrors}`);
recordMetrics(metrics);
