/**
 * How many domains can declarativeNetRequest rules carry, and how long does installing them take?
 * Real Chromium with the built extension: from inside its service worker, install N synthetic domains as
 * redirect rules of DOMAINS_PER_RULE requestDomains each (the layout src/background/dnr/rules.ts uses), time
 * updateDynamicRules, then check a domain from the last chunk really is redirected.
 * Metrics: dnr_update_<N>_ms, dnr_max_domains (largest N that installed and blocked).
 */
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { recordMetrics } from '../lib/results';
import { CHROME_BUILD, ROOT, launchChromium, waitForUrl } from '../../e2e/harness/browsers';
import { SiteServer } from '../../e2e/harness/site-server';
import { DOMAINS_PER_RULE, DOMAIN_RULE_BASE } from '../../../src/background/dnr/rules';

const SIZES = [10_000, 100_000, 300_000, 1_000_000, 2_000_000];

if (!existsSync(`${CHROME_BUILD}/manifest.json`)) execSync('npm run --silent build', { cwd: ROOT, stdio: 'inherit' });
const server = await new SiteServer().start();
const session = await launchChromium({ proxyUrl: server.proxyUrl });
const worker = await (await session.serviceWorker()).worker();
if (!worker) throw new Error('no service worker');
const warning = session.extUrl('/warning.html');
const metrics: Record<string, number> = {};
let maxOk = 0;
console.log('domains     rules   install ms   clear ms   last-chunk domain blocked');
for (const n of SIZES) {
  const r = await worker.evaluate(
    async (n: number, perRule: number, base: number, warningPage: string) => {
      const dnr = (globalThis as unknown as { chrome: { declarativeNetRequest: {
        updateDynamicRules(o: unknown): Promise<void>; getDynamicRules(): Promise<{ id: number }[]>;
      } } }).chrome.declarativeNetRequest;
      const existing = await dnr.getDynamicRules();
      await dnr.updateDynamicRules({ removeRuleIds: existing.map((x) => x.id) });
      const rules = [];
      for (let i = 0; i * perRule < n; i++) {
        const domains = [];
        for (let j = i * perRule; j < Math.min(n, (i + 1) * perRule); j++) domains.push(`bench-${j.toString(36)}.test`);
        rules.push({
          id: base + i,
          priority: 1,
          action: { type: 'redirect', redirect: { regexSubstitution: `${warningPage}?url=\\1` } },
          condition: { requestDomains: domains, regexFilter: '^(https?://.*)$', resourceTypes: ['main_frame'] },
        });
      }
      const t0 = performance.now();
      try {
        await dnr.updateDynamicRules({ addRules: rules });
      } catch (e) {
        return { ok: false, error: String(e), ms: performance.now() - t0, rules: rules.length };
      }
      return { ok: true, error: '', ms: performance.now() - t0, rules: rules.length };
    },
    n, DOMAINS_PER_RULE, DOMAIN_RULE_BASE, warning,
  );
  let blocked = false;
  if (r.ok) {
    const page = await session.browser.newPage();
    await page.goto(`http://bench-${(n - 1).toString(36)}.test/`).catch(() => undefined);
    blocked = await waitForUrl(page, (u) => u.startsWith(warning), 5000).then(() => true, () => false);
    await page.close();
  }
  const clear = await worker.evaluate(async () => {
    const dnr = (globalThis as unknown as { chrome: { declarativeNetRequest: {
      updateDynamicRules(o: unknown): Promise<void>; getDynamicRules(): Promise<{ id: number }[]>;
    } } }).chrome.declarativeNetRequest;
    const t0 = performance.now();
    const existing = await dnr.getDynamicRules();
    await dnr.updateDynamicRules({ removeRuleIds: existing.map((x) => x.id) });
    return performance.now() - t0;
  });
  console.log(`${String(n).padStart(9)} ${String(r.rules).padStart(7)} ${r.ok ? r.ms.toFixed(0).padStart(11) : ('FAILED: ' + r.error).slice(0, 60)} ${clear.toFixed(0).padStart(10)}   ${blocked}`);
  if (r.ok) metrics[`dnr_update_${n >= 1e6 ? n / 1e6 + 'm' : n / 1e3 + 'k'}_ms`] = Math.round(r.ms);
  if (r.ok && blocked) maxOk = n;
  else break;
}
metrics.dnr_max_domains = maxOk;
recordMetrics(metrics);
await session.close();
await server.stop();
