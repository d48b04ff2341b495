/**
 * In-page protection (issue 8) in real Chromium with the built extension, through the proxy harness.
 *
 * Main-thread time is what the content script itself reports: every synchronous piece of its work runs inside
 * `task()` (src/content/debug.ts), and on pages that opt in with <html data-scamsentinel-debug> each piece is
 * written to the page's performance timeline as a `scamsentinel:<name>` measure. Summing them gives the content
 * script's main-thread time on that page (wall clock: on a loaded machine it includes time the renderer was not
 * scheduled, hence the minimum too). Script evaluation at document_start is not included (it is in
 * pageload_overhead_ms). The 10k page registers a `longtask` PerformanceObserver before anything runs; a long task
 * "caused by us" is one that overlaps one of our measures.
 *
 * Metrics:
 *   links_1k_main_ms           median over runs, all content-script work on a page with 1,000 links (target ≤ 1)
 *   links_1k_main_min_ms       the fastest run (a shared machine: the least disturbed run)
 *   links_1k_scan_ms           what an ordinary page pays: gate sample + collect + queue + send (no badges); _min too
 *   links_10_scan_ms           the same on a 10-link page: the fixed per-page part (first message, gate, queries)
 *   links_1k_floor_ms          lower bound: a main-world page script reading the 1,000 hrefs cold, no extension,
 *                              at the moment of our first check (idle after load), interleaved with the 1k runs
 *   links_1k_links_ms          the link part alone (collect + queue + send + apply incl. 5 badges); links_1k_links_min_ms
 *   links_1k_messages          checkPage messages sent for that page (target 1)
 *   links_10k_longest_task_ms  longest long task overlapping content-script work, 10,000 links (target: none → 0)
 *   links_10k_max_slice_ms     longest single piece of content-script work on that page
 *   pageload_overhead_ms       max over the demo feed and a checkout page of the median paired difference of
 *                              loadEventEnd with − without the extension (rounds alternate the order; same flags);
 *                              also pageload_overhead_{feed,checkout}_ms
 *   pageload_content_script_{feed,checkout}_ms  the same paired median against the same build with its content
 *                              script removed from the manifest: the always-on content script's own share
 *   pageload_noise_{feed,checkout}_ms  the same paired median between two browsers WITHOUT the extension: what the
 *                              method reads when there is nothing to find (an overhead inside it is not measurable)
 *   pageload_empty_script_{feed,checkout}_ms  the floor of any document_start content script: the same build with
 *                              its content.js replaced by an empty function, paired against the build without a
 *                              content script (the browser's own cost of injecting one: isolated world, script)
 *   pageload_own_work_{feed,checkout}_ms  with − that empty-script build: what our content script's code adds
 *   content_script_gz_kb       gzip -9 of .output/chrome-mv3/content-scripts/content.js (target ≤ 15)
 *   held_step_long_page_ms     press → submit of the first order click on a clean checkout with more text than the
 *                              classifier reads (~3,500 elements, ~37,000 characters): held for a full read in the
 *                              order the eye meets the text (session 25); _floor_ms: the same without the extension
 * Needs a build (npm run build) and Chromium (CHROME_PATH or /usr/bin/chromium).
 */
import { execSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { percentiles, recordMetrics } from '../lib/results';
import { CHROME_BUILD, ROOT, browserPath, chromiumArgs, launchChromium } from '../../e2e/harness/browsers';
import { SiteServer } from '../../e2e/harness/site-server';

const RUNS = Number(process.env.SS_BENCH_RUNS ?? 9);
const LOAD_RUNS = Number(process.env.SS_BENCH_LOAD_RUNS ?? 25);

if (!existsSync(`${CHROME_BUILD}/manifest.json`)) execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
const contentJs = readFileSync(join(CHROME_BUILD, 'content-scripts/content.js'));
const gzKb = Math.round((gzipSync(contentJs, { level: 9 }).length / 1024) * 10) / 10;

/** A plain link directory: neutral words (the page gate stays shut), n distinct targets, a few on the demo list. */
function linksPage(n: number): string {
  const items: string[] = [];
  for (let i = 0; i < n; i++) {
    const href = i % 200 === 7 ? `http://qiangdan-vip.test/r/${i}` : `http://site-${i % 97}.example.test/item/${i}?ref=dir`;
    items.push(`<li><a href="${href}">Garden note ${i}</a></li>`);
  }
  return `<!doctype html><html lang="en" data-scamsentinel-debug><head><meta charset="utf-8"><title>Garden notes</title>
<script>window.__lt=[];new PerformanceObserver(function(l){l.getEntries().forEach(function(e){__lt.push([e.startTime,e.duration]);});}).observe({type:'longtask',buffered:true});
if (location.search.indexOf('floor') >= 0) addEventListener('load', function () { requestIdleCallback(function () {
  var t0 = performance.now(), l = document.querySelectorAll('a[href],area[href],iframe[src]'), out = [];
  for (var i = 0; i < l.length; i++) out.push(l[i].getAttribute('href'));
  performance.measure('floor:read', { start: t0, end: performance.now() });
}, { timeout: 500 }); });</script>
</head><body><h1>Garden notes</h1><ul>${items.join('')}</ul></body></html>`;
}

/**
 * A long clean checkout (session 25): a 500-row catalogue table (~3,500 elements, ~37,000 characters of text: more
 * than the classifier reads) above a card form. Its first order click is held for a full read in the order the eye
 * meets the text (red team "padded-text"). The page's own submit handler stops the submit and notes when it came;
 * press → submit is the held step's delay (without the extension: the click's own latency).
 */
function longCheckoutPage(): string {
  const rows: string[] = [];
  for (let i = 0; i < 500; i++) rows.push(`<tr><td>Item ${i}</td><td><a href="/p/${i}">The book number ${i} in our catalogue, a fine read</a></td><td>$${10 + (i % 30)}.99</td><td><span>in stock</span></td></tr>`);
  return `<!doctype html><html lang="en" data-scamsentinel-debug><head><meta charset="utf-8"><title>Checkout — Greenleaf Books</title></head>
<body><h1>Checkout</h1><table>${rows.join('')}</table>
<form id="f" method="post" action="/order"><label>Card number <input name="cardnumber" autocomplete="cc-number" value="4242 4242 4242 4242"></label>
<button type="submit" id="place-order">Place order</button></form>
<script>document.getElementById('f').addEventListener('submit', function (e) { e.preventDefault(); window.__submitted = performance.now(); });
document.getElementById('place-order').addEventListener('pointerdown', function () { window.__down = performance.now(); });</script>
</body></html>`;
}

const server = await new SiteServer().start();
const longCheckout = longCheckoutPage();
server.mount('long-checkout.bench.test', (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(longCheckout);
});
for (const n of [10, 1000, 10_000]) {
  const html = linksPage(n);
  server.mount(`links-${n}.bench.test`, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
}

interface Measured {
  /** ms inside content-script tasks (wall clock). */
  total: number;
  links: number;
  maxSlice: number;
  messages: number;
  longestOverlap: number;
  longestAny: number;
  /** ms per task name (summed over its pieces). */
  byName: Record<string, number>;
  /** Longest single piece per task name. */
  maxByName: Record<string, number>;
}

const LINK_TASKS = new Set(['collect-query', 'block-query', 'collect', 'queue', 'send', 'apply']);
/** What an ordinary page pays: the gate sample, collecting links and blocks, queueing, sending (no badges). */
const SCAN_TASKS = new Set(['gate', 'collect-query', 'block-query', 'collect', 'queue', 'send']);

async function measure(page: Page, url: string): Promise<Measured> {
  await page.goto(url);
  await page.waitForFunction("performance.getEntriesByName('scamsentinel:page-checked').length > 0", { timeout: 30_000 });
  await new Promise((r) => setTimeout(r, 300)); // let queued long-task entries land
  const raw = (await page.evaluate(`({
    m: performance.getEntriesByType('measure').filter(function (e) { return e.name.indexOf('scamsentinel:') === 0; })
      .map(function (e) { return [e.name.slice(13), e.startTime, e.duration]; }),
    lt: window.__lt
  })`)) as { m: [string, number, number][]; lt: [number, number][] };
  const r: Measured = { total: 0, links: 0, maxSlice: 0, messages: 0, longestOverlap: 0, longestAny: 0, byName: {}, maxByName: {} };
  for (const [name, , d] of raw.m) {
    r.total += d;
    r.byName[name] = (r.byName[name] ?? 0) + d;
    r.maxByName[name] = Math.max(r.maxByName[name] ?? 0, d);
    if (LINK_TASKS.has(name)) r.links += d;
    if (name === 'send') r.messages++;
    r.maxSlice = Math.max(r.maxSlice, d);
  }
  const overlaps = (s: number, d: number): boolean => raw.m.some(([, ms, md]) => ms < s + d && s < ms + md);
  r.longestOverlap = Math.max(0, ...raw.lt.filter(([s, d]) => overlaps(s, d)).map(([, d]) => d));
  r.longestAny = Math.max(0, ...raw.lt.map(([, d]) => d));
  return r;
}

const scanOf = (m: Measured): number => Object.entries(m.byName).reduce((a, [n, d]) => a + (SCAN_TASKS.has(n) ? d : 0), 0);

/**
 * The floor: the same 1k page in the same browser build and flags WITHOUT the extension, where a page script does
 * the least any link checker must do — querySelectorAll + getAttribute('href') on every link, cold, at the same
 * moment as our first check (idle after the load event). Main world, no isolated-world wrappers, no message: a
 * lower bound, not a target. Measured interleaved with the 1k runs, so both see the same machine load.
 */
async function floorOnce(p: Page, i: number): Promise<number> {
  await p.goto(`http://links-1000.bench.test/?floor=${i}`);
  await p.waitForFunction("performance.getEntriesByName('floor:read').length > 0", { timeout: 30_000 });
  return (await p.evaluate("performance.getEntriesByName('floor:read')[0].duration")) as number;
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

// A private copy of the build, so a concurrent `npm run build` cannot swap files under the browser.
const extensionDir = join(mkdtempSync(join(tmpdir(), 'ss-bench-inpage-')), 'chrome-mv3');
cpSync(CHROME_BUILD, extensionDir, { recursive: true });
// No DevTools network log on the extension's pages and worker: users do not have one either.
const session = await launchChromium({ proxyUrl: server.proxyUrl, extensionDir, logExtensionRequests: false });
// The same build without its content script (manifest entry removed): redirect rules, the worker and the warning
// page stay, so "with − this" is what the always-on content script alone costs a page load.
const noCsDir = join(mkdtempSync(join(tmpdir(), 'ss-bench-nocs-')), 'chrome-mv3');
cpSync(CHROME_BUILD, noCsDir, { recursive: true });
const noCsManifest = JSON.parse(readFileSync(join(noCsDir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
delete noCsManifest.content_scripts;
writeFileSync(join(noCsDir, 'manifest.json'), JSON.stringify(noCsManifest));
const noCs = await launchChromium({ proxyUrl: server.proxyUrl, extensionDir: noCsDir, logExtensionRequests: false });
// The same build whose content script does nothing (same manifest entry, same match patterns, document_start): what
// the browser charges a page for injecting any content script. "empty − no content script" is that floor.
const emptyCsDir = join(mkdtempSync(join(tmpdir(), 'ss-bench-emptycs-')), 'chrome-mv3');
cpSync(CHROME_BUILD, emptyCsDir, { recursive: true });
writeFileSync(join(emptyCsDir, 'content-scripts/content.js'), '(function () {})();\n');
const emptyCs = await launchChromium({ proxyUrl: server.proxyUrl, extensionDir: emptyCsDir, logExtensionRequests: false });

/** The same browser build and flags without the extension. */
const launchPlain = (): Promise<Browser> =>
  puppeteer.launch({
    executablePath: browserPath('chromium'),
    headless: true,
    pipe: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'ss-bench-plain-')),
    args: chromiumArgs(server.proxyUrl, 'en'),
    defaultViewport: { width: 1100, height: 900 },
  });
const plain = await launchPlain();
/** A second extension-less browser: the with/without method measured on two identical browsers (its noise). */
const plain2 = await launchPlain();

const page = await session.browser.newPage();
await measure(page, 'http://links-1000.bench.test/?warmup'); // first load compiles the content script
const floorPage = await plain.newPage();
await floorOnce(floorPage, -1);
const load = (): string => (process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : '?');
console.log(`load average before: ${load()}`);
const runs1k: Measured[] = [];
const runs10: Measured[] = [];
const floorRuns: number[] = [];
// Interleaved: the 1k page, its floor, the 10-link page — all three see the same machine load.
for (let i = 0; i < RUNS; i++) {
  runs1k.push(await measure(page, `http://links-1000.bench.test/?run=${i}`));
  floorRuns.push(await floorOnce(floorPage, i));
  runs10.push(await measure(page, `http://links-10.bench.test/?run=${i}`));
}
await floorPage.close();
const runs10k: Measured[] = [];
for (let i = 0; i < Math.max(3, Math.ceil(RUNS / 3)); i++) runs10k.push(await measure(page, `http://links-10000.bench.test/?run=${i}`));
await page.close();

/** Press → submit of the first order click on the long checkout, in a fresh page of `browser`. */
async function heldStepOnce(browser: Browser, i: number, checked: boolean): Promise<number> {
  const p = await browser.newPage();
  await p.goto(`http://long-checkout.bench.test/?run=${i}`, { waitUntil: 'load' });
  if (checked) await p.waitForFunction("performance.getEntriesByName('scamsentinel:page-checked').length > 0", { timeout: 30_000 });
  await new Promise((r) => setTimeout(r, 300));
  await p.click('#place-order');
  await p.waitForFunction('window.__submitted !== undefined', { timeout: 30_000, polling: 10 });
  const t = (await p.evaluate('window.__submitted - window.__down')) as number;
  await p.close();
  return t;
}
const heldRuns: number[] = [];
const heldFloorRuns: number[] = [];
for (let i = 0; i < RUNS; i++) {
  heldRuns.push(await heldStepOnce(session.browser, i, true));
  heldFloorRuns.push(await heldStepOnce(plain, i, false));
}

/** loadEventEnd (ms after navigation start) of `url` in `browser`, in a fresh page. */
async function loadOnce(browser: Browser, url: string, i: number): Promise<number> {
  const p = await browser.newPage();
  await p.goto(`${url}${url.includes('?') ? '&' : '?'}load=${i}`, { waitUntil: 'load' });
  const t = (await p.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")) as number;
  await p.close();
  return t;
}

/**
 * Page-load overhead, paired and interleaved: each round loads the page once in each of five browsers — with the
 * extension, with the extension minus its content script, with its content script emptied, and two without — in
 * alternating order (forwards in even rounds, backwards in odd ones) so drifting load and cache warmth hit all alike;
 * the overhead is the median of the per-round differences. The same is done
 * between the two extension-less browsers: that median ("noise") is what the method reports when there is nothing to
 * find — an overhead within it cannot be told from zero. The first round warms the caches and is dropped.
 */
const PAGES = { feed: 'http://pengyou-feed.test/', checkout: 'http://greenleaf-books.test/checkout/' } as const;
const withExt: Record<string, number> = {};
const without: Record<string, number> = {};
const overhead: Record<string, number> = {};
const contentScript: Record<string, number> = {};
const emptyScript: Record<string, number> = {};
const ownWork: Record<string, number> = {};
const noise: Record<string, number> = {};
const spread: Record<string, string> = {};
const spreadOf = (xs: number[]): string => {
  const sorted = [...xs].sort((x, y) => x - y);
  const at = (q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;
  return `p10 ${round(at(0.1), 1)} … p90 ${round(at(0.9), 1)}`;
};
for (const [k, url] of Object.entries(PAGES)) {
  const diff: number[] = [];
  const cs: number[] = [];
  const empty: number[] = [];
  const own: number[] = [];
  const aa: number[] = [];
  const w: number[] = [];
  const wo: number[] = [];
  for (let i = 0; i <= LOAD_RUNS; i++) {
    const browsers = [session.browser, noCs.browser, emptyCs.browser, plain, plain2];
    const order = i % 2 === 0 ? browsers : [...browsers].reverse();
    const t = new Map<Browser, number>();
    for (const b of order) t.set(b, await loadOnce(b, url, i));
    if (i === 0) continue;
    const a = t.get(session.browser) ?? NaN;
    const b = t.get(plain) ?? NaN;
    w.push(a);
    wo.push(b);
    diff.push(a - b);
    cs.push(a - (t.get(noCs.browser) ?? NaN));
    empty.push((t.get(emptyCs.browser) ?? NaN) - (t.get(noCs.browser) ?? NaN));
    own.push(a - (t.get(emptyCs.browser) ?? NaN));
    aa.push((t.get(plain2) ?? NaN) - b);
  }
  withExt[k] = percentiles(w).p50;
  without[k] = percentiles(wo).p50;
  overhead[k] = percentiles(diff).p50;
  contentScript[k] = percentiles(cs).p50;
  emptyScript[k] = percentiles(empty).p50;
  ownWork[k] = percentiles(own).p50;
  noise[k] = percentiles(aa).p50;
  spread[k] = `with − without ${spreadOf(diff)}; with − no content script ${spreadOf(cs)}`;
}
await session.close();
await noCs.close();
await emptyCs.close();
await plain.close();
await plain2.close();
await server.stop();
const floor = { p50: percentiles(floorRuns).p50, min: Math.min(...floorRuns) };

const med = (xs: number[]): number => percentiles(xs).p50;
const overheadFeed = round(overhead.feed ?? 0, 1);
const overheadCheckout = round(overhead.checkout ?? 0, 1);
const metrics = {
  links_1k_main_ms: round(med(runs1k.map((r) => r.total))),
  links_1k_main_min_ms: round(Math.min(...runs1k.map((r) => r.total))),
  links_1k_scan_ms: round(med(runs1k.map(scanOf))),
  links_1k_scan_min_ms: round(Math.min(...runs1k.map(scanOf))),
  links_10_scan_ms: round(med(runs10.map(scanOf))),
  links_10_scan_min_ms: round(Math.min(...runs10.map(scanOf))),
  links_1k_floor_ms: round(floor.p50),
  links_1k_floor_min_ms: round(floor.min),
  links_1k_links_ms: round(med(runs1k.map((r) => r.links))),
  links_1k_links_min_ms: round(Math.min(...runs1k.map((r) => r.links))),
  links_1k_messages: med(runs1k.map((r) => r.messages)),
  links_10k_longest_task_ms: round(Math.max(...runs10k.map((r) => r.longestOverlap)), 1),
  links_10k_max_slice_ms: round(Math.max(...runs10k.map((r) => r.maxSlice))),
  links_10k_main_ms: round(med(runs10k.map((r) => r.total))),
  pageload_overhead_ms: Math.max(overheadFeed, overheadCheckout),
  pageload_overhead_feed_ms: overheadFeed,
  pageload_overhead_checkout_ms: overheadCheckout,
  pageload_content_script_feed_ms: round(contentScript.feed ?? 0, 1),
  pageload_content_script_checkout_ms: round(contentScript.checkout ?? 0, 1),
  pageload_noise_feed_ms: round(noise.feed ?? 0, 1),
  pageload_noise_checkout_ms: round(noise.checkout ?? 0, 1),
  pageload_empty_script_feed_ms: round(emptyScript.feed ?? 0, 1),
  pageload_empty_script_checkout_ms: round(emptyScript.checkout ?? 0, 1),
  pageload_own_work_feed_ms: round(ownWork.feed ?? 0, 1),
  pageload_own_work_checkout_ms: round(ownWork.checkout ?? 0, 1),
  content_script_gz_kb: gzKb,
  held_step_long_page_ms: round(med(heldRuns), 1),
  held_step_long_page_floor_ms: round(med(heldFloorRuns), 1),
};
console.log('1k runs (total / links / max slice ms, messages):', runs1k.map((r) => `${round(r.total, 1)}/${round(r.links, 1)}/${round(r.maxSlice, 1)},${r.messages}`).join('  '));
const names = [...new Set(runs1k.flatMap((r) => Object.keys(r.byName)))];
console.log('1k median ms by task:', Object.fromEntries(names.map((n) => [n, round(med(runs1k.map((r) => r.byName[n] ?? 0)), 2)])));
console.log('10k longest piece by task (ms, max over runs):', Object.fromEntries(
  [...new Set(runs10k.flatMap((r) => Object.keys(r.maxByName)))].map((n) => [n, round(Math.max(...runs10k.map((r) => r.maxByName[n] ?? 0)), 1)]),
));
console.log('10k runs (total / max slice / longest overlapping long task / longest long task, ms):', runs10k.map((r) => `${round(r.total, 1)}/${round(r.maxSlice, 2)}/${r.longestOverlap}/${r.longestAny}`).join('  '));
console.log('load (median loadEventEnd ms) with:', withExt, 'without:', without);
console.log('paired medians: with − without', overhead, '; with − same extension without its content script', contentScript, '; without − without (noise)', noise);
console.log('paired medians: empty content script − no content script (the floor of any content script)', emptyScript, '; with − empty content script (our code)', ownWork);
console.log('spread of the paired differences:', spread);
console.log(`1k main / floor (medians, same run): ${round(med(runs1k.map((r) => r.total)), 2)} / ${round(floor.p50, 2)} = ${round(med(runs1k.map((r) => r.total)) / floor.p50, 2)}×`);
console.log('long checkout, first order click, press → submit (ms) with:', heldRuns.map((x) => round(x, 1)).join(' '), '; without the extension:', heldFloorRuns.map((x) => round(x, 1)).join(' '));
console.table(metrics);
recordMetrics(metrics);
