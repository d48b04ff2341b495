/**
 * What the always-on content script costs a page's main thread while the page loads (issue 18, page-load overhead),
 * measured with Chromium's own CPU profiler instead of wall-clock load times (whose paired spread on this machine is
 * ±50–100 ms, against a 5 ms target).
 *
 *   npx tsx scripts/analysis/content-script-profile.ts [BASE_BUILD_DIR]     (SS_PROFILE_LOADS, default 15)
 *
 * Three browsers, each with an extension: this build (.output/chrome-mv3, or SS_CHROME_BUILD), the same build with
 * its content.js replaced by an empty function (what injecting any content script costs), and BASE_BUILD_DIR when
 * given (e.g. the build before a change). Each loads the demo checkout page (greenleaf-books.test, through the e2e
 * harness's local site server) in turn, SS_PROFILE_LOADS times after one warm-up load, under a trace with
 * `disabled-by-default-v8.cpu_profiler`. Per load it reports:
 *   - cpu: profiler samples whose stack holds a frame of our content scripts (content-scripts/*.js: content.js, and
 *     frame.js in builds that had one), between the page's
 *     navigationStart and its loadEventEnd (ms; the profiler's own overhead inflates it — compare builds, not to 0);
 *   - evaluate: the renderer's EvaluateScript events of extension scripts in that window (wall, traced);
 *   - load: loadEventEnd.
 * Medians per build, then the leaf frames that took the most of `cpu` (per load).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROME_BUILD, launchChromium, type ChromiumSession } from '../../tests/e2e/harness/browsers';
import { SiteServer } from '../../tests/e2e/harness/site-server';

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { data?: Record<string, unknown> } & Record<string, unknown>;
}
interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url?: string; lineNumber?: number; columnNumber?: number };
}

const LOADS = Number(process.env.SS_PROFILE_LOADS ?? 15);
const PAGE = 'http://greenleaf-books.test/checkout/';

function copyOf(dir: string, tag: string): string {
  const out = join(mkdtempSync(join(tmpdir(), `ss-profile-${tag}-`)), 'chrome-mv3');
  cpSync(dir, out, { recursive: true });
  return out;
}

const builds: Record<string, string> = { this: copyOf(CHROME_BUILD, 'this') };
const empty = copyOf(CHROME_BUILD, 'empty');
writeFileSync(join(empty, 'content-scripts/content.js'), '(function () {})();\n');
builds.empty = empty;
if (process.argv[2]) builds.base = copyOf(process.argv[2], 'base');

const server = await new SiteServer().start();
const sessions: Record<string, ChromiumSession> = {};
for (const [k, dir] of Object.entries(builds)) sessions[k] = await launchChromium({ proxyUrl: server.proxyUrl, extensionDir: dir, logExtensionRequests: false });

interface Load {
  cpu: number;
  evaluate: number;
  load: number;
  leaves: Map<string, number>;
}

function analyse(events: TraceEvent[], loadEventEnd: number): Load | null {
  const nav = events.find((e) => e.name === 'navigationStart' && String(e.args?.data?.['documentLoaderURL'] ?? '').startsWith('http://greenleaf'));
  const end = nav ? events.filter((e) => e.name === 'loadEventEnd' && e.pid === nav.pid).pop() : undefined;
  if (!nav || !end) return null;
  const inWindow = (ts: number): boolean => ts >= nav.ts && ts <= end.ts;
  const evaluate = events
    .filter((e) => e.ph === 'X' && e.name === 'EvaluateScript' && inWindow(e.ts) && JSON.stringify(e.args ?? {}).includes('chrome-extension://'))
    .reduce((a, e) => a + (e.dur ?? 0), 0);
  const starts = new Map<string, number>();
  for (const e of events) if (e.name === 'Profile' && e.id) starts.set(e.id, Number(e.args?.data?.['startTime'] ?? 0));
  const nodes = new Map<string, ProfileNode>();
  const samples = new Map<string, [number, number][]>();
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    for (const n of data?.cpuProfile?.nodes ?? []) nodes.set(`${e.id}:${n.id}`, n);
    const list = samples.get(e.id) ?? [];
    const deltas = data?.timeDeltas ?? [];
    (data?.cpuProfile?.samples ?? []).forEach((s, i) => list.push([s, deltas[i] ?? 0]));
    samples.set(e.id, list);
  }
  let cpu = 0;
  const leaves = new Map<string, number>();
  for (const [pid, list] of samples) {
    let t = starts.get(pid) ?? 0;
    list.forEach(([node, delta], i) => {
      t += delta;
      const next = list[i + 1]?.[1] ?? 0;
      if (!inWindow(t)) return;
      let leaf: string | null = null;
      let ours = false;
      for (let n = nodes.get(`${pid}:${node}`); n; n = n.parent === undefined ? undefined : nodes.get(`${pid}:${n.parent}`)) {
        const f = n.callFrame;
        leaf ??= `${f.functionName || '(anonymous)'} ${(f.url ?? '').split('/').pop() ?? ''}:${f.lineNumber ?? ''}:${f.columnNumber ?? ''}`;
        if (/content-scripts\/(content|frame)\.js/.test(f.url ?? '')) ours = true;
      }
      if (!ours || leaf === null) return;
      cpu += next;
      leaves.set(leaf, (leaves.get(leaf) ?? 0) + next);
    });
  }
  return { cpu: cpu / 1000, evaluate: evaluate / 1000, load: loadEventEnd, leaves };
}

const results: Record<string, Load[]> = Object.fromEntries(Object.keys(builds).map((k) => [k, []]));
for (let i = 0; i <= LOADS; i++) {
  const order = i % 2 === 0 ? Object.keys(builds) : Object.keys(builds).reverse();
  for (const k of order) {
    const page = await sessions[k]!.browser.newPage();
    await page.tracing.start({ categories: ['devtools.timeline', 'blink.user_timing', 'loading', 'disabled-by-default-v8.cpu_profiler'] });
    await page.goto(`${PAGE}?profile=${i}`, { waitUntil: 'load' });
    const loadEventEnd = (await page.evaluate('performance.getEntriesByType("navigation")[0].loadEventEnd')) as number;
    const trace = await page.tracing.stop();
    await page.close();
    if (i === 0 || !trace) continue; // warm-up
    const r = analyse((JSON.parse(Buffer.from(trace).toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents, loadEventEnd);
    if (r) results[k]!.push(r);
  }
}
for (const s of Object.values(sessions)) await s.close();
await server.stop();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN;
};
const r1 = (x: number): string => x.toFixed(1);
for (const [k, loads] of Object.entries(results)) {
  console.log(
    `${k.padEnd(5)} ${loads.length} loads: content scripts' CPU before loadEventEnd ${r1(median(loads.map((l) => l.cpu)))} ms, ` +
      `extension EvaluateScript ${r1(median(loads.map((l) => l.evaluate)))} ms, loadEventEnd ${r1(median(loads.map((l) => l.load)))} ms`,
  );
  const total = new Map<string, number>();
  for (const l of loads) for (const [leaf, us] of l.leaves) total.set(leaf, (total.get(leaf) ?? 0) + us);
  for (const [leaf, us] of [...total].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log(`      ${(us / 1000 / loads.length).toFixed(2)} ms  ${leaf}`);
}
