/**
 * Entries that arrive only by sync are blocked by declarativeNetRequest, inside the network stack: the listed
 * site receives no request at all (asserted from the logging proxy), exactly like bundled entries. The list is
 * published with the real maintainer CLI (snapshot/delta format 2 carry the key strings), synced over the real
 * signed feed, stored with its keys, and the redirect rules are recompiled from the synced keys. A delta after that
 * touches no dynamic rule at all: its additions and removals go into the session overlay (src/background/dnr/overlay.ts),
 * a few session rules replaced in one call — and blocking is still exactly the listed set.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { SYNCED, updateNow, UPDATED } from './harness/options';
import { killServiceWorkers, launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
import { startDemoNetwork, type DemoNetwork } from './harness/demo-network';
import { textOf } from './harness/shadow';

let net: DemoNetwork;
let session: ChromiumSession;

beforeAll(async () => {
  net = await startDemoNetwork(); // publishes v2 (the bundled list is v1 and lacks fake-exchange.test)
  session = await launchChromium({ proxyUrl: net.sites.proxyUrl });
});
afterAll(async () => {
  await session?.close();
  await net?.stop();
});


interface Installed {
  /** requestDomains of the dynamic (base) rules. */
  domains: string[];
  /** Overlay session rules: domains redirected at priority 2, domains allowed at priority 1. */
  overlayBlocked: string[];
  overlayAllowed: string[];
  stats: Record<string, unknown> | undefined;
  update: Record<string, unknown> | undefined;
  dynamicUpdates: number;
  overlayUpdates: { calls: number; rules: number };
}

/**
 * What the service worker installed: the dynamic rules' domains, the session overlay, and its own counters (read
 * from an extension page: the worker target may be a stopped one after a wake).
 */
async function installed(): Promise<Installed> {
  const ext = await session.browser.newPage();
  await ext.goto(session.extUrl('/options.html'));
  const got = await ext.evaluate(async () => {
    type Rule = { id: number; action: { type: string }; condition: { requestDomains?: string[] } };
    const c = (globalThis as unknown as { chrome: {
      declarativeNetRequest: { getDynamicRules(): Promise<Rule[]>; getSessionRules(): Promise<Rule[]> };
      storage: { local: { get(k: string[]): Promise<Record<string, unknown>> }; session: { get(k: string[]): Promise<Record<string, unknown>> } };
    } }).chrome;
    const rules = await c.declarativeNetRequest.getDynamicRules();
    const overlay = (await c.declarativeNetRequest.getSessionRules()).filter((r) => r.id >= 2_000_000);
    const local = await c.storage.local.get(['dnrLastInstall', 'dnrLastUpdate']);
    const counters = await c.storage.session.get(['dnrDynamicUpdates', 'dnrOverlayUpdates']);
    const ov = (counters['dnrOverlayUpdates'] ?? {}) as { calls?: number; rules?: number };
    return {
      domains: rules.flatMap((r) => r.condition.requestDomains ?? []),
      overlayBlocked: overlay.filter((r) => r.action.type === 'redirect').flatMap((r) => r.condition.requestDomains ?? []),
      overlayAllowed: overlay.filter((r) => r.action.type === 'allow').flatMap((r) => r.condition.requestDomains ?? []),
      stats: local['dnrLastInstall'] as Record<string, unknown> | undefined,
      update: local['dnrLastUpdate'] as Record<string, unknown> | undefined,
      dynamicUpdates: typeof counters['dnrDynamicUpdates'] === 'number' ? counters['dnrDynamicUpdates'] : 0,
      overlayUpdates: { calls: ov.calls ?? 0, rules: ov.rules ?? 0 },
    };
  });
  await ext.close();
  return got;
}

async function openBlocked(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(url).catch(() => undefined); // the redirect into the extension aborts the original navigation
  await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
  await page.waitForSelector('[data-testid="entry"]');
  return page;
}

describe('synced entries are redirected by DNR before any request (Chromium)', () => {
  it('before sync: rules come from the bundled keys only', async () => {
    const { domains } = await installed();
    expect(domains).toContain('qiangdan-vip.test');
    expect(domains).not.toContain('fake-exchange.test');
  });

  it('after a snapshot sync, an entry only in the synced list never receives a request', async () => {
    expect(SYNCED).toContain(await updateNow(session)); // the rules below show the sync happened
    const { domains, stats } = await installed();
    expect(domains).toContain('fake-exchange.test');
    console.log(`[sync-dnr] rules reinstalled after sync: ${JSON.stringify(stats)}`);
    expect(stats).toMatchObject({ lists: expect.stringMatching(/^scamsentinel-main@2#[0-9a-f]{16}$/) });

    const page = await openBlocked('http://fake-exchange.test/invest?plan=gold');
    expect(await textOf(page, '[data-testid="entry"]')).toBe('fake-exchange.test/');
    expect(await textOf(page, '[data-testid="list"]')).toMatch(/ScamSentinel scam list \(version 2\)/);
    await page.close();
    expect(net.sites.requestsTo('fake-exchange.test')).toEqual([]);
  });

  it('after a delta sync, an added entry is redirected and a removed one is not, with no dynamic-rule update', async () => {
    const reviewed = join(net.listConfigDir, 'reviewed.jsonl');
    const lines = readFileSync(reviewed, 'utf8').split('\n').filter((l) => l.trim() && !l.includes('"usdt-yield.test"'));
    lines.push(JSON.stringify({ key: 'delta-only-scam.test', category: 'investment', severity: 'high', addedAt: '2026-11-25', reason: 'e2e: arrives in a delta only' }));
    writeFileSync(reviewed, lines.join('\n') + '\n');
    await net.publish(); // v3, with the delta 2→3
    expect(readdirSync(join(net.listOutDir, 'deltas'))).toContain('scamsentinel-main-2-3.delta');
    const before = await installed();
    expect(before.domains).toContain('usdt-yield.test');
    const logged = net.sites.log.length;
    expect(await updateNow(session)).toBe(UPDATED);
    const fetched = net.sites.log.slice(logged).filter((r) => r.host === 'lists.test').map((r) => r.path);
    expect(fetched.some((p) => p.includes('/deltas/scamsentinel-main-2-3.delta'))).toBe(true);
    expect(fetched.some((p) => p.includes('/snapshots/'))).toBe(false);
    const after = await installed();
    console.log(`[sync-dnr] rules updated after the delta: ${JSON.stringify(after.update)}`);
    // The dynamic set (every listed domain) is untouched: one session update replaced a couple of overlay rules.
    expect(after.dynamicUpdates).toBe(before.dynamicUpdates);
    expect(after.stats).toEqual(before.stats);
    expect(after.overlayUpdates.calls - before.overlayUpdates.calls).toBe(1);
    expect(after.overlayUpdates.rules - before.overlayUpdates.rules).toBeGreaterThan(0);
    expect(after.overlayUpdates.rules - before.overlayUpdates.rules).toBeLessThanOrEqual(4);
    expect(after.overlayBlocked).toEqual(['delta-only-scam.test']);
    expect(after.overlayAllowed).toEqual(['usdt-yield.test']);
    expect(after.update).toMatchObject({ changed: 2, overlayKeys: 2, lists: expect.stringMatching(/^scamsentinel-main@3#/) });

    const page = await openBlocked('http://delta-only-scam.test/');
    expect(await textOf(page, '[data-testid="list"]')).toMatch(/ScamSentinel scam list \(version 3\)/);
    await page.close();
    expect(net.sites.requestsTo('delta-only-scam.test')).toEqual([]);

    // The removed entry is no longer stopped: the request reaches the site and the tab stays there.
    const free = await session.browser.newPage();
    await free.goto('http://usdt-yield.test/').catch(() => undefined);
    expect(free.url()).toBe('http://usdt-yield.test/');
    expect(net.sites.requestsTo('usdt-yield.test').length).toBeGreaterThan(0);
    await free.close();
    // …and the worker's own check agrees (the navigation guard would redirect a listed one).
    const ext = await session.browser.newPage();
    await ext.goto(session.extUrl('/options.html'));
    const verdict = await ext.evaluate(
      (url) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'getVerdict', req: { url } }),
      'http://usdt-yield.test/',
    );
    await ext.close();
    expect(JSON.stringify(verdict)).not.toContain('"level":"block"');
    // Still-listed entries of the base are untouched by the overlay.
    (await openBlocked('http://fake-exchange.test/')).close().catch(() => undefined);
    expect(net.sites.requestsTo('fake-exchange.test')).toEqual([]);
  });

  it('a browser restart drops the session overlay: the next wake rebuilds it from storage, still no dynamic update', async () => {
    type C = {
      runtime: { sendMessage(m: unknown): Promise<unknown> };
      storage: { session: { get(k: string): Promise<Record<string, unknown>> } };
      declarativeNetRequest: { getSessionRules(): Promise<{ id: number }[]>; updateSessionRules(o: unknown): Promise<void> };
    };
    const ext = await session.browser.newPage();
    await ext.goto(session.extUrl('/options.html'));
    // What a browser restart leaves: no session rules (the dynamic ones persist).
    await ext.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: C }).chrome;
      const ids = (await c.declarativeNetRequest.getSessionRules()).map((r) => r.id);
      await c.declarativeNetRequest.updateSessionRules({ removeRuleIds: ids });
    });
    const before = await installed();
    expect(before.overlayBlocked).toEqual([]);
    const lastCheck = await ext.evaluate(async () => ((await (globalThis as unknown as { chrome: C }).chrome.storage.session.get('dnrWakeCheck'))['dnrWakeCheck'] as { at: number } | undefined)?.at ?? 0);
    await killServiceWorkers(session);
    await ext.evaluate((m) => (globalThis as unknown as { chrome: C }).chrome.runtime.sendMessage(m), { type: 'getVerdict', req: { url: 'http://x.test/' } } as never);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const check = await ext.evaluate(async () => (await (globalThis as unknown as { chrome: C }).chrome.storage.session.get('dnrWakeCheck'))['dnrWakeCheck'] as { at: number; kind: string } | undefined);
      if (check && check.at > lastCheck) {
        expect(check.kind).toBe('checked');
        break;
      }
      if (Date.now() > deadline) throw new Error('the woken worker did not settle its rules');
      await new Promise((r) => setTimeout(r, 100));
    }
    await ext.close();
    const after = await installed();
    expect(after.overlayBlocked).toEqual(['delta-only-scam.test']);
    expect(after.overlayAllowed).toEqual(['usdt-yield.test']);
    expect(after.dynamicUpdates).toBe(before.dynamicUpdates);
    const requests = net.sites.requestsTo('delta-only-scam.test').length;
    (await openBlocked('http://delta-only-scam.test/?again=1')).close().catch(() => undefined);
    expect(net.sites.requestsTo('delta-only-scam.test').length).toBe(requests);
  });
});
