/**
 * How long does reinstalling the redirect rules take when a synced list brings N key strings?
 * Real Chromium with the built extension (SS_CHROME_BUILD or .output/chrome-mv3; this suite never builds), the
 * demo network, and the real maintainer CLI: the demo list plus N synthetic `*.test` domains is published, synced
 * with "Update now" (a snapshot: the installed bundled list has no keys), then one more domain is added and synced
 * again (a delta). After each sync the service worker's own record of the reinstall (`dnrLastInstall` in
 * storage.local: decode the keys + compile + updateDynamicRules) is read, and the newest domain is opened to
 * check it is redirected with no request reaching its host.
 * Metrics: dnr_sync_reinstall_<N>_ms (snapshot), dnr_sync_reinstall_<N>_delta_ms.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordMetrics } from '../lib/results';
import { updateNow } from '../../e2e/harness/options';
import { CHROME_BUILD, launchChromium, waitForUrl, type ChromiumSession } from '../../e2e/harness/browsers';
import { startDemoNetwork, type DemoNetwork } from '../../e2e/harness/demo-network';

const SIZES = (process.env.SS_DNR_SYNC_SIZES ?? '10000,100000').split(',').map(Number);
if (!existsSync(`${CHROME_BUILD}/manifest.json`)) {
  throw new Error(`no extension build at ${CHROME_BUILD}: run npm run build first (or set SS_CHROME_BUILD)`);
}


async function lastInstall(session: ChromiumSession): Promise<{ ms: number; rules: number; keys: number }> {
  const worker = await (await session.serviceWorker()).worker();
  if (!worker) throw new Error('no service worker');
  return worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
    return (await c.storage.local.get('dnrLastInstall'))['dnrLastInstall'] as { ms: number; rules: number; keys: number };
  });
}

async function redirectedWithoutRequest(session: ChromiumSession, net: DemoNetwork, host: string): Promise<boolean> {
  const page = await session.browser.newPage();
  await page.goto(`http://${host}/`).catch(() => undefined);
  const ok = await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')), 5000).then(() => true, () => false);
  await page.close();
  return ok && net.sites.requestsTo(host).length === 0;
}

const metrics: Record<string, number> = {};
console.log('synced keys   via        reinstall ms   rules   redirected, 0 requests');
for (const n of SIZES) {
  const net = await startDemoNetwork();
  const session = await launchChromium({ proxyUrl: net.sites.proxyUrl });
  try {
    const domains = Array.from({ length: n }, (_, i) => `bench-${i.toString(36)}.test`);
    writeFileSync(join(net.listConfigDir, 'bench-domains.txt'), domains.join('\n') + '\n');
    const cfgFile = join(net.listConfigDir, 'sources.json');
    const cfg = JSON.parse(readFileSync(cfgFile, 'utf8')) as { sources: unknown[] };
    cfg.sources.push({ name: 'bench', path: 'bench-domains.txt', format: 'domains', category: 'phishing' });
    writeFileSync(cfgFile, JSON.stringify(cfg));
    await net.publish();
    const label = n >= 1e6 ? `${n / 1e6}m` : `${n / 1e3}k`;
    for (const via of ['snapshot', 'delta'] as const) {
      if (via === 'delta') {
        writeFileSync(join(net.listConfigDir, 'bench-domains.txt'), [...domains, 'bench-added-1.test'].join('\n') + '\n');
        await net.publish();
      }
      const msg = await updateNow(session, 300_000);
      if (msg !== 'updated') throw new Error(`sync of ${n} keys (${via}): ${msg}`);
      const r = await lastInstall(session);
      const host = via === 'delta' ? 'bench-added-1.test' : domains[n - 1]!;
      const ok = await redirectedWithoutRequest(session, net, host);
      console.log(`${String(r.keys).padStart(11)}   ${via.padEnd(9)} ${String(r.ms).padStart(13)} ${String(r.rules).padStart(7)}   ${ok}`);
      metrics[`dnr_sync_reinstall_${label}${via === 'delta' ? '_delta' : ''}_ms`] = r.ms;
      if (!ok) throw new Error(`${host} was not redirected before its request`);
    }
  } finally {
    await session.close();
    await net.stop();
  }
}
recordMetrics(metrics);
