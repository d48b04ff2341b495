/**
 * Issue 18 (Firefox): a background suspended after a sync wakes with the SYNCED list, not only the bundled one.
 * The wake reads the stored key-less table (in chunks since wake8: header + bucket index, then the chunks a first
 * lookup probes) — the same code as Chromium's worker, run by Firefox's event page. What the user sees must not
 * change across a suspension: the warning page of an entry that only the synced list (v2) has still names it, with
 * the synced version, and so does a bundled entry; an unlisted site still has no list entry. Each answer after an
 * idle wait comes from a new start (harness/firefox-wake.ts), so the test fails if the background never stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './harness/browsers';
import { startDemoNetwork, type DemoNetwork } from './harness/demo-network';
import { updateNowIn } from './harness/ext-pages';
import { firefoxBuildForHttpFeed } from './harness/file-browser';
import { afterSuspension, goToExtensionPage } from './harness/firefox-wake';
import { SYNCED } from './harness/options';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const SYNCED_ONLY = 'http://fake-exchange.test/invest?plan=gold'; // published v2 only; the bundled list (v1) lacks it
const BUNDLED = 'http://qiangdan-vip.test/tasks';
const UNLISTED = 'http://unlisted-e2e.test/a';

const extensionDir = firefoxBuildForHttpFeed('ss-synced-wake-ff-');
let net: DemoNetwork;
let session: FirefoxSession;

beforeAll(async () => {
  net = await startDemoNetwork(); // publishes v2
  session = await launchFirefox({ proxyUrl: net.sites.proxyUrl, extensionDir });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await net?.stop();
});

/** What the warning page for `url` shows: its list line ('' when no list names it) and its level. */
async function warningOf(ext: Page, url: string): Promise<{ list: string; level: string }> {
  await goToExtensionPage(session, ext, `/warning.html?url=${encodeURIComponent(url)}`);
  await ext.waitForSelector('main[class*="level-"]', { timeout: 15_000 });
  await ext.waitForFunction(() => document.querySelector('[data-testid="list"]') !== null || !document.querySelector('main')?.className.includes('level-block'), { timeout: 15_000 });
  return ext.evaluate(() => ({
    list: document.querySelector('[data-testid="list"]')?.textContent ?? '',
    level: /level-(\w+)/.exec(document.querySelector('main')?.className ?? '')?.[1] ?? '',
  }));
}

describe('a background suspended after a sync wakes with the synced list (Firefox)', () => {
  it('the synced-only entry, a bundled entry and an unlisted site read the same before and after', { timeout: 480_000 }, async () => {
    expect(SYNCED).toContain(await updateNowIn({ kind: 'firefox', browser: session.browser, extUrl: session.extUrl }));
    const ext = await session.browser.newPage();
    await ext.goto('http://shop.test/');
    const urls = [SYNCED_ONLY, BUNDLED, UNLISTED];
    const before: { list: string; level: string }[] = [];
    for (const u of urls) before.push(await warningOf(ext, u));
    expect(before[0]?.list).toMatch(/\b2\b/); // named by the synced list, version 2
    expect(before[0]?.level).toBe('block');
    expect(before[1]?.list).not.toBe('');
    expect(before[2]?.list).toBe('');

    // The synced-only entry is the first verdict of the woken background: only its chunks are there when it answers.
    await afterSuspension(ext, async () => {
      expect(await warningOf(ext, SYNCED_ONLY)).toEqual(before[0]);
    });
    await ext.screenshot({ path: `${SHOTS}synced-wake-firefox.png` });
    for (let i = 0; i < urls.length; i++) expect(await warningOf(ext, urls[i]!)).toEqual(before[i]);
    await ext.close();
  });
});
