/**
 * Entries that arrive only by sync are blocked by declarativeNetRequest, inside the network stack: the listed
 * site receives no request at all (asserted from the logging proxy), exactly like bundled entries. The list is
 * published with the real maintainer CLI (snapshot/delta format 2 carry the key strings), synced over the real
 * signed feed, stored with its keys, and the redirect rules are recompiled from the synced keys.
 */
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { updateNow, UPDATED } from './harness/options';
import { launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
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


/** What the service worker installed: every requestDomains entry of the dynamic rules, and the last install's stats. */
async function installed(): Promise<{ domains: string[]; stats: Record<string, unknown> | undefined }> {
  const worker = await (await session.serviceWorker()).worker();
  if (!worker) throw new Error('no service worker');
  return worker.evaluate(async () => {
    const c = (globalThis as unknown as { chrome: {
      declarativeNetRequest: { getDynamicRules(): Promise<{ condition: { requestDomains?: string[] } }[]> };
      storage: { local: { get(k: string): Promise<Record<string, unknown>> } };
    } }).chrome;
    const rules = await c.declarativeNetRequest.getDynamicRules();
    const stats = (await c.storage.local.get('dnrLastInstall'))['dnrLastInstall'] as Record<string, unknown> | undefined;
    return { domains: rules.flatMap((r) => r.condition.requestDomains ?? []), stats };
  });
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
    expect(await updateNow(session)).toBe(UPDATED);
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

  it('after a delta sync, a newly added entry is redirected the same way (keys carried by the delta)', async () => {
    appendFileSync(
      join(net.listConfigDir, 'reviewed.jsonl'),
      JSON.stringify({ key: 'delta-only-scam.test', category: 'investment', severity: 'high', addedAt: '2026-11-25', reason: 'e2e: arrives in a delta only' }) + '\n',
    );
    await net.publish(); // v3, with the delta 2→3
    expect(readdirSync(join(net.listOutDir, 'deltas'))).toContain('scamsentinel-main-2-3.delta');
    const before = net.sites.log.length;
    expect(await updateNow(session)).toBe(UPDATED);
    const fetched = net.sites.log.slice(before).filter((r) => r.host === 'lists.test').map((r) => r.path);
    expect(fetched.some((p) => p.includes('/deltas/scamsentinel-main-2-3.delta'))).toBe(true);
    expect(fetched.some((p) => p.includes('/snapshots/'))).toBe(false);
    const { domains, stats } = await installed();
    console.log(`[sync-dnr] rules reinstalled after the delta: ${JSON.stringify(stats)}`);
    expect(domains).toEqual(expect.arrayContaining(['delta-only-scam.test', 'fake-exchange.test']));

    const page = await openBlocked('http://delta-only-scam.test/');
    expect(await textOf(page, '[data-testid="list"]')).toMatch(/ScamSentinel scam list \(version 3\)/);
    await page.close();
    expect(net.sites.requestsTo('delta-only-scam.test')).toEqual([]);
  });
});
