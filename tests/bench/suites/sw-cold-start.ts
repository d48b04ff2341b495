/**
 * sw_cold_start_ms (issue 5): from the service worker's script start to its first verdict, with a 1M-entry list
 * stored in IndexedDB, in real Chromium. A 1M-entry list is published with the real maintainer CLI (demo key),
 * synced by the extension through the local list server; then, five times, the worker is stopped and woken by a
 * getVerdict message, and the worker reports performance.now() (ms since its script started) at `ready` and at
 * its first answered verdict.
 */
import { execSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentiles, recordMetrics } from '../lib/results';
import { generateEntries } from '../lib/gen-list-data';
import { CHROME_BUILD, ROOT, killServiceWorkers, launchChromium } from '../../e2e/harness/browsers';
import { startDemoNetwork } from '../../e2e/harness/demo-network';

const N = Number(process.env.COLD_START_N ?? 1_000_000);
const RUNS = 5;

if (!existsSync(`${CHROME_BUILD}/manifest.json`)) execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
const net = await startDemoNetwork();
const domains = generateEntries(N, 20261125)
  .map((e) => e.key)
  .filter((k) => /^[^/]+\/$/.test(k))
  .map((k) => k.slice(0, -1));
writeFileSync(join(net.listConfigDir, 'bench-domains.txt'), domains.join('\n') + '\n');
writeFileSync(
  join(net.listConfigDir, 'sources.json'),
  JSON.stringify({
    listId: 'scamsentinel-main',
    sources: [
      { name: 'bench', path: 'bench-domains.txt', format: 'domains', category: 'other', weight: 1 },
      { name: 'scamsentinel-reviewed', path: 'reviewed.jsonl', format: 'reviewed', category: 'other', weight: 3 },
    ],
    guard: { maxRefusedRatio: 0.5 },
    publish: { keepDeltas: 2, expiresInDays: 14, minClientVersion: '0.1.0' },
  }),
);
console.log(`publishing ${domains.length} domains…`);
await net.publish();
const session = await launchChromium({ proxyUrl: net.sites.proxyUrl });
const page = await session.browser.newPage();
await page.goto(session.extUrl('/options.html'));
await page.waitForSelector('[data-testid="update-now"]');
await page.click('[data-testid="update-now"]');
await page.waitForFunction(() => document.querySelector('[data-testid="list-version"]')?.textContent === '3', { timeout: 240_000 });

type Msg = (m: unknown) => Promise<{ ok: boolean; value: { readyMs: number; firstVerdictMs: number; entries: number } }>;
const first: number[] = [];
const ready: number[] = [];
let entries = 0;
for (let i = 0; i < RUNS; i++) {
  await killServiceWorkers(session);
  await new Promise((r) => setTimeout(r, 500));
  const d = await page.evaluate(async () => {
    const send = (globalThis as unknown as { chrome: { runtime: { sendMessage: Msg } } }).chrome.runtime.sendMessage;
    await send({ type: 'getVerdict', req: { url: 'http://qiangdan-vip.test/' } });
    return (await send({ type: 'getDiagnostics', req: {} })).value;
  });
  first.push(d.firstVerdictMs);
  ready.push(d.readyMs);
  entries = d.entries;
}
const f = percentiles(first);
const r = percentiles(ready);
console.log(`entries in the worker: ${entries}`);
console.log(`first verdict after worker start: p50 ${f.p50.toFixed(1)} ms (runs: ${first.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ready after worker start:         p50 ${r.p50.toFixed(1)} ms`);
recordMetrics({ sw_cold_start_ms: Number(f.p50.toFixed(1)), sw_cold_start_entries: entries });
await session.close();
await net.stop();
