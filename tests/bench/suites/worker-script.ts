/**
 * What compiling the service worker's script costs (issue 18: every wake compiles it before its first verdict).
 * Node's V8 compiles background.js of the build as an ES module (vm.SourceTextModule: the same full pre-parse a worker
 * start does; no linking or evaluation), 21 times, median — or, for a classic worker (Chromium's split: background.js +
 * worker-app.js, src/background/worker-boot.ts), both scripts as one classic vm.Script. Chromium itself compiles a
 * classic worker's scripts from a V8 code cache after the first run (none for a module worker): this is the cost
 * without one. With SS_BASE_BUILD=<another chrome-mv3 build> the two are
 * compiled alternately in the same run and the ratio is printed (e.g. main's build before the classifier model was
 * moved out of the script: `git archive <commit> | tar -x -C /tmp/base && (cd /tmp/base && npm run build)`).
 * Needs --experimental-vm-modules (this suite re-runs itself with it).
 *
 * Then what a wake runs before it can answer: the script (with its chunks) imported in a fresh Node process with
 * stubbed extension APIs (no IndexedDB: the wake read resolves null at once), i.e. compile + link + evaluate of
 * every module, start() included — 15 times per build, alternating; the CPU time of the import (user + system,
 * process.cpuUsage), which a loaded machine disturbs far less than wall time.
 * Metrics: sw_script_bytes, sw_script_compile_ms, sw_script_eval_cpu_ms (+ sw_script_base_bytes,
 * sw_script_base_compile_ms, sw_script_base_eval_cpu_ms).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { recordMetrics } from '../lib/results';
import { CHROME_BUILD } from '../../e2e/harness/browsers';

if (!('SourceTextModule' in vm)) {
  const r = spawnSync(process.execPath, ['--experimental-vm-modules', '--no-warnings', ...process.execArgv, process.argv[1]!], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const SourceTextModule = (vm as unknown as { SourceTextModule: new (src: string) => unknown }).SourceTextModule;

const builds: Record<string, string> = { build: CHROME_BUILD };
if (process.env.SS_BASE_BUILD) builds.base = process.env.SS_BASE_BUILD;
const src: Record<string, string> = {};
/** Chromium's split worker (src/background/worker-boot.ts): background.js + worker-app.js, classic scripts. */
const classic: Record<string, boolean> = {};
for (const [k, dir] of Object.entries(builds)) {
  const f = join(dir, 'background.js');
  if (!existsSync(f)) throw new Error(`no ${f}: run npm run build first`);
  src[k] = readFileSync(f, 'utf8');
  classic[k] = !/^import[\s{*]/m.test(src[k]!);
  if (existsSync(join(dir, 'worker-app.js'))) src[k] += `\n;${readFileSync(join(dir, 'worker-app.js'), 'utf8')}`;
}
const times: Record<string, number[]> = Object.fromEntries(Object.keys(src).map((k) => [k, []]));
const order = Object.keys(src);
for (let i = 0; i < 21; i++) {
  for (const k of i % 2 ? [...order].reverse() : order) {
    const s = `${src[k]}\n//${i}`; // a new source each time: no compile cache
    const t0 = performance.now();
    if (classic[k]) new vm.Script(s);
    else new SourceTextModule(s);
    times[k]!.push(performance.now() - t0);
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
const round = (x: number) => Math.round(x * 10) / 10;
const compileMs = round(median(times.build!));
const metrics: Record<string, number> = { sw_script_bytes: Buffer.byteLength(src.build!), sw_script_compile_ms: compileMs };
console.log(`background.js ${metrics.sw_script_bytes} B: compile median ${compileMs} ms`);
if (src.base !== undefined) {
  const baseMs = round(median(times.base!));
  metrics.sw_script_base_bytes = Buffer.byteLength(src.base);
  metrics.sw_script_base_compile_ms = baseMs;
  console.log(`base ${builds.base}: ${metrics.sw_script_base_bytes} B, compile median ${baseMs} ms → ratio ${(baseMs / compileMs).toFixed(2)}×`);
}

// ---- compile + evaluate (start() included) in a fresh process per run, CPU time
const STUB = `
const noop = () => {};
const api = (path) => new Proxy(function () {}, {
  get(_t, k) {
    if (k === 'then') return undefined;
    if (k === 'id') return 'abcdefghijklmnopabcdefghijklmnop';
    if (k === 'getURL') return (p) => 'chrome-extension://abcdefghijklmnopabcdefghijklmnop' + p;
    if (k === 'addListener' || k === 'removeListener') return noop;
    return api(path + '.' + String(k));
  },
  apply() { return new Promise(() => {}); }, // every API call stays pending: only the synchronous start is measured
});
globalThis.browser = globalThis.chrome = api('browser');
globalThis.self = globalThis;
globalThis.addEventListener = noop;
globalThis.fetch = () => new Promise(() => {});
// The split worker's second script (Chromium: importScripts, synchronous): evaluated like the worker does.
const { readFileSync } = await import('node:fs');
const vm = await import('node:vm');
globalThis.importScripts = (u) => vm.runInThisContext(readFileSync(new URL('.' + u, 'file://' + process.argv[2]), 'utf8'));
const c0 = process.cpuUsage();
await import(process.argv[2]);
const c = process.cpuUsage(c0);
console.log('cpu ' + (c.user + c.system) / 1000);
`;
const work = mkdtempSync(join(tmpdir(), 'ss-bench-script-'));
try {
  writeFileSync(join(work, 'stub.mjs'), STUB);
  const copies: Record<string, string> = {};
  for (const [k, dir] of Object.entries(builds)) {
    copies[k] = join(work, k);
    cpSync(dir, copies[k], { recursive: true, filter: (f) => !f.includes('/lists/') && !f.endsWith('.png') });
    writeFileSync(join(copies[k], 'package.json'), '{"type":"module"}'); // background.js and its chunks are ES modules
  }
  const cpu: Record<string, number[]> = Object.fromEntries(order.map((k) => [k, []]));
  for (let i = 0; i < 15; i++) {
    for (const k of i % 2 ? [...order].reverse() : order) {
      const r = spawnSync(process.execPath, [join(work, 'stub.mjs'), join(copies[k]!, 'background.js')], { encoding: 'utf8' });
      const m = /cpu ([\d.]+)/.exec(r.stdout);
      if (r.status !== 0 || !m) throw new Error(`evaluating ${k}'s background.js failed: ${r.stderr.slice(0, 400)}`);
      cpu[k]!.push(Number(m[1]));
    }
  }
  metrics.sw_script_eval_cpu_ms = round(median(cpu.build!));
  console.log(`background.js compile + evaluate (start() included), CPU median of 15: ${metrics.sw_script_eval_cpu_ms} ms (min ${round(Math.min(...cpu.build!))})`);
  if (cpu.base) {
    metrics.sw_script_base_eval_cpu_ms = round(median(cpu.base));
    console.log(
      `base: ${metrics.sw_script_base_eval_cpu_ms} ms (min ${round(Math.min(...cpu.base))}) → ratio ` +
        `${(metrics.sw_script_base_eval_cpu_ms / metrics.sw_script_eval_cpu_ms).toFixed(2)}×`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
recordMetrics(metrics);
