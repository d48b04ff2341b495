/**
 * Issue 18: a worker wake does no rule work when nothing changed, and notices when the browser lost the rules.
 * Every dynamic-rule write of the extension goes through one function that counts it in storage.session
 * (`dnrDynamicUpdates`, src/background/dnr/apply.ts); each start records what it did about rules (`dnrWakeCheck`,
 * src/background/init.ts) after its first verdict.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { killServiceWorkers, launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
import { SiteServer } from './harness/site-server';

let server: SiteServer;
let session: ChromiumSession;
let ext: Page;

interface WakeCheck {
  at: number;
  kind: 'checked' | 'installed';
  ms: number;
}
interface RuleState {
  updates: number;
  check: WakeCheck | null;
  ruleIds: number[];
}
type Chrome = {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  storage: { session: { get(k: string[]): Promise<Record<string, unknown>> } };
  declarativeNetRequest: { getDynamicRules(): Promise<{ id: number }[]>; updateDynamicRules(o: unknown): Promise<void> };
};

beforeAll(async () => {
  server = await new SiteServer().start();
  session = await launchChromium({ proxyUrl: server.proxyUrl, lang: 'en' });
  ext = await session.browser.newPage();
  await ext.goto(session.extUrl('/options.html'));
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

async function ruleState(): Promise<RuleState> {
  return ext.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: Chrome }).chrome;
    const got = await c.storage.session.get(['dnrDynamicUpdates', 'dnrWakeCheck']);
    const rules = await c.declarativeNetRequest.getDynamicRules();
    return {
      updates: typeof got['dnrDynamicUpdates'] === 'number' ? got['dnrDynamicUpdates'] : 0,
      check: (got['dnrWakeCheck'] ?? null) as WakeCheck | null,
      ruleIds: rules.map((r) => r.id),
    };
  });
}

/** Stop the worker, wake it with a verdict request, and wait until it has settled its rules. */
async function wake(): Promise<RuleState> {
  const before = await ruleState();
  await killServiceWorkers(session);
  const reply = (await ext.evaluate(
    (m) => (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage(m),
    { type: 'getVerdict', req: { url: 'http://qiangdan-vip.test/' } } as never,
  )) as { ok: boolean; value?: { level: string } };
  expect(reply.ok).toBe(true);
  expect(reply.value?.level).toBe('block');
  const deadline = Date.now() + 20_000;
  for (;;) {
    const now = await ruleState();
    if (now.check && now.check.at > (before.check?.at ?? 0)) return now;
    if (Date.now() > deadline) throw new Error(`the woken worker did not settle its rules: ${JSON.stringify(now)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function redirected(url: string): Promise<void> {
  const page = await session.browser.newPage();
  await page.goto(url).catch(() => undefined);
  await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
  await page.close();
}

describe('redirect rules across worker wakes (Chromium)', () => {
  it('a wake with unchanged lists makes no updateDynamicRules call', async () => {
    let first = await ruleState();
    for (const deadline = Date.now() + 20_000; !first.check && Date.now() < deadline; first = await ruleState()) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(first.check?.kind).toBe('installed'); // the first start installs them
    expect(first.ruleIds.length).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      const before = (await ruleState()).updates;
      const after = await wake();
      expect(after.check?.kind).toBe('checked');
      expect(after.updates).toBe(before);
      expect(after.ruleIds).toEqual(first.ruleIds);
    }
    await redirected('http://qiangdan-vip.test/');
    expect(server.requestsTo('qiangdan-vip.test')).toEqual([]);
  });

  it('a wake after the browser lost the rules reinstalls them', async () => {
    const installed = (await ruleState()).ruleIds;
    await ext.evaluate(async () => {
      const dnr = (globalThis as unknown as { chrome: Chrome }).chrome.declarativeNetRequest;
      const ids = (await dnr.getDynamicRules()).map((r) => r.id);
      await dnr.updateDynamicRules({ removeRuleIds: ids }); // what a start treated as a fresh install leaves
    });
    expect((await ruleState()).ruleIds).toEqual([]);
    const before = (await ruleState()).updates;
    const after = await wake();
    expect(after.check?.kind).toBe('installed');
    expect(after.updates).toBe(before + 1);
    expect(after.ruleIds).toEqual(installed);
    await redirected('http://qiangdan-vip.test/?again');
    expect(server.requestsTo('qiangdan-vip.test')).toEqual([]);
  });
});
