/**
 * Issue 18 (Firefox): a suspended background wakes up to the same verdicts as a running one. Firefox suspends an
 * MV3 event page after `extensions.background.idle.timeout` of idleness (30 s, the default: a shorter one also
 * suspends the first start in the middle of installing ~300k redirect rules, again at every restart); the next
 * event starts it again, reading its lists and allowlist without Dexie (src/background/wake-read.ts).
 *  - the warning page's verdict (its getVerdict message wakes the background) names the list entry;
 *  - the popup of a tab flagged before the suspension still shows that tab's verdict;
 *  - each answer came from a new start (storage.session `dnrWakeCheck.at`, written by every start after its first
 *    verdict, moves past the moment the idle wait began — so the test fails if the background never stopped).
 * Firefox refuses `goto` into moz-extension pages: extension pages are reached through the web-accessible warning
 * page, then by `location`.
 */
import { describe, expect, it } from 'vitest';
import { type FirefoxSession } from './harness/browsers';
import { useFirefox } from './harness/file-browser';
import { afterSuspension, goToExtensionPage as goTo } from './harness/firefox-wake';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const FLAGGED = 'http://hostile-pay.test/'; // on no list: only the page model flags it (the tab's own verdict)
const LISTED = 'http://qiangdan-vip.test/tasks'; // in the bundled (demo) list
let session: FirefoxSession;
useFirefox('ss-wake-', (_server, b) => {
  session = b;
});

type Ext = {
  browser: {
    tabs: { query(q: unknown): Promise<{ id: number }[]> };
    action: { getBadgeText(d: unknown): Promise<string> };
  };
};

describe('a woken background gives the same verdicts (Firefox)', () => {
  it('warning page and popup after the background was suspended', { timeout: 420_000 }, async () => {
    const page = await session.browser.newPage();
    await page.goto(FLAGGED);
    const ext = await session.browser.newPage();
    await ext.goto('http://shop.test/');
    await goTo(session, ext, '/warning.html?url=http://shop.test/');
    const tabId = await ext.evaluate(async (p) => (await (globalThis as unknown as Ext).browser.tabs.query({ url: p }))[0]?.id ?? -1, `${FLAGGED}*`);
    expect(tabId).toBeGreaterThanOrEqual(0);
    const deadline = Date.now() + 10_000;
    while ((await ext.evaluate(async (id) => (globalThis as unknown as Ext).browser.action.getBadgeText({ tabId: id }), tabId)) !== '!') {
      if (Date.now() > deadline) throw new Error('the flagged tab got no badge');
      await new Promise((r) => setTimeout(r, 50));
    }

    // 1. The warning page's own verdict request wakes the background: the list entry is named.
    await afterSuspension(ext, async () => {
      await goTo(session, ext, `/warning.html?url=${encodeURIComponent(LISTED)}`);
      await ext.waitForSelector('[data-testid="list"]', { timeout: 15_000 });
      expect(await ext.$eval('[data-testid="category"]', (e) => e.textContent ?? '')).toMatch(/Task \/ rebate/);
      expect(await ext.$eval('main', (m) => m.className)).toContain('level-block');
    });
    await ext.screenshot({ path: `${SHOTS}worker-wake-warning-firefox.png` });

    // 2. The popup of the flagged tab after another suspension: that tab's verdict. (The popup is not
    // web-accessible: the tab gets there through the warning page, whose own verdict request is the wake.)
    await afterSuspension(ext, async () => {
      await goTo(session, ext, '/warning.html?url=http://shop.test/');
      await goTo(session, ext, `/popup.html?tab=${tabId}`);
      await ext.waitForSelector('[data-testid="status"]', { timeout: 15_000 });
      expect(await ext.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('warn');
      expect(await ext.$eval('[data-testid="signals"]', (e) => e.textContent ?? '')).toMatch(/抢单/);
    });
    await ext.screenshot({ path: `${SHOTS}worker-wake-popup-firefox.png` });
    await ext.close();
    await page.close();
  });
});
