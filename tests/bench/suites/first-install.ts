/**
 * First install with the real bundled list (issue 14): Chromium with no extension, then `installExtension` of the
 * built extension (.output/chrome-mv3 or SS_CHROME_BUILD; this suite never builds), and from that moment:
 *   verdict  → an extension page asks the worker for the verdict of a real listed domain until it says "block"
 *              (the worker decoded the bundled snapshot: the navigation guard protects from here on)
 *   rules    → until the dynamic rules carry every bundled host (DNR redirects before any request from here on)
 *   between  → once, as soon as the verdict is there but the rules are not all in: a tab navigates to the listed
 *              host; the worker's navigation guard must send it to the warning page (first_install_gap_guarded = how
 *              many runs had such a window and the guard stopped the navigation in it; _gap_runs = runs with a window)
 * Repeated RUNS times with fresh profiles; medians. No network: every host maps to nothing, the bundled list is local.
 * Metrics: first_install_verdict_ms, first_install_all_rules_ms, first_install_rules_worker_ms (the worker's own
 * record of decode + compile + updateDynamicRules), first_install_rule_domains.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { recordMetrics } from '../lib/results';
import { CHROME_BUILD, browserPath, waitForUrl } from '../../e2e/harness/browsers';

const RUNS = Number(process.env.SS_FIRST_INSTALL_RUNS ?? 3);
const HOST = '0-google.com'; // blocklistproject scam list
if (!existsSync(join(CHROME_BUILD, 'lists/bundled.json'))) throw new Error(`no build at ${CHROME_BUILD}: run npm run build first`);
const bundled = JSON.parse(readFileSync(join(CHROME_BUILD, 'lists/bundled.json'), 'utf8')) as { count: number };

interface Run { verdictMs: number; rulesMs: number; workerMs: number; domains: number; gap: 'none' | 'guarded' | 'missed' }

async function once(): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'ss-first-install-'));
  const browser = await puppeteer.launch({
    executablePath: browserPath('chromium'),
    headless: true,
    pipe: true,
    enableExtensions: true,
    userDataDir: dir,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--host-resolver-rules=MAP * ~NOTFOUND'],
  });
  try {
    const t0 = performance.now();
    const id = await browser.installExtension(CHROME_BUILD);
    const page = await browser.newPage();
    await page.goto(`chrome-extension://${id}/help.html`);
    let verdictMs = -1;
    let rulesMs = -1;
    let domains = 0;
    let gap: Promise<'guarded' | 'missed'> | null = null;
    const deadline = t0 + 60_000;
    while (performance.now() < deadline && (verdictMs < 0 || rulesMs < 0)) {
      const r = await page.evaluate(async (host: string) => {
        const c = (globalThis as unknown as { chrome: {
          runtime: { sendMessage(m: unknown): Promise<unknown> };
          declarativeNetRequest: { getDynamicRules(): Promise<{ condition: { requestDomains?: string[] } }[]> };
        } }).chrome;
        const v = await c.runtime.sendMessage({ type: 'getVerdict', req: { url: `http://${host}/` } }).catch(() => null);
        const rules = await c.declarativeNetRequest.getDynamicRules();
        return { block: JSON.stringify(v).includes('"level":"block"'), domains: rules.reduce((n, x) => n + (x.condition.requestDomains?.length ?? 0), 0) };
      }, HOST).catch(() => ({ block: false, domains: 0 }));
      const now = performance.now() - t0;
      if (r.block && verdictMs < 0) verdictMs = now;
      domains = r.domains;
      if (r.domains >= bundled.count * 0.99 && rulesMs < 0) rulesMs = now;
      if (r.block && rulesMs < 0 && !gap) {
        // Verdicts, not all rules yet: a navigation now is the worker's to stop (the host resolves to nothing, but
        // onBeforeNavigate fires before any lookup and the guard sends the tab to the warning page).
        gap = (async () => {
          const tab = await browser.newPage();
          await tab.goto(`http://${HOST}/pay`).catch(() => undefined);
          const ok = await waitForUrl(tab, (u) => u.startsWith(`chrome-extension://${id}/warning.html`), 15_000).then(() => true, () => false);
          await tab.close();
          return ok ? 'guarded' : 'missed';
        })();
      }
      await new Promise((ok) => setTimeout(ok, 25));
    }
    // The worker stores its own record right after updateDynamicRules returns: wait for it (the rules may be seen first).
    let workerMs = -1;
    while (workerMs < 0 && performance.now() < deadline) {
      workerMs = await page.evaluate(async () => {
        const c = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
        return ((await c.storage.local.get('dnrLastInstall'))['dnrLastInstall'] as { ms?: number } | undefined)?.ms ?? -1;
      });
      if (workerMs < 0) await new Promise((ok) => setTimeout(ok, 25));
    }
    return { verdictMs: Math.round(verdictMs), rulesMs: Math.round(rulesMs), workerMs, domains, gap: gap ? await gap : 'none' };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  const r = await once();
  console.log(`run ${i + 1}: verdict ${r.verdictMs} ms, all ${r.domains} rule domains ${r.rulesMs} ms (worker: ${r.workerMs} ms); navigation in between: ${r.gap}`);
  runs.push(r);
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? -1;
const metrics = {
  first_install_verdict_ms: median(runs.map((r) => r.verdictMs)),
  first_install_all_rules_ms: median(runs.map((r) => r.rulesMs)),
  first_install_rules_worker_ms: median(runs.map((r) => r.workerMs)),
  first_install_rule_domains: median(runs.map((r) => r.domains)),
  first_install_bundled_entries: bundled.count,
  first_install_gap_runs: runs.filter((r) => r.gap !== 'none').length,
  first_install_gap_guarded: runs.filter((r) => r.gap === 'guarded').length,
};
recordMetrics(metrics);
console.log('\nrecorded:', metrics);
