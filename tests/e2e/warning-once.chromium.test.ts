/**
 * One listed navigation, one warning page. Right after install the redirect rule and the worker's navigation check
 * could both send the tab to warning.html (the worker did not yet know its rules were in place), so the page loaded
 * twice. Counted from inside the extension (webNavigation.onCommitted on an extension page): exactly one commit of the
 * warning page, and no request ever reaches the listed site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { killServiceWorkers, launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
import { commits, recordCommits } from './harness/nav-log';
import { SiteServer } from './harness/site-server';

let server: SiteServer;
let session: ChromiumSession;
let observer: Page;

beforeAll(async () => {
  server = await new SiteServer().start();
  session = await launchChromium({ proxyUrl: server.proxyUrl, lang: 'en' });
  observer = await session.browser.newPage();
  await observer.goto(session.extUrl('/help.html'));
  await recordCommits(observer);
}, 60_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

/** Navigates a new tab to `url`, waits for the warning page and for anything that would load it again. */
async function warningLoads(url: string): Promise<{ loads: string[]; tabUrl: string }> {
  const warning = session.extUrl('/warning.html');
  const page = await session.browser.newPage();
  const before = (await commits(observer)).length;
  await page.goto(url).catch(() => undefined); // the redirect into the extension aborts the original navigation
  const tabUrl = await waitForUrl(page, (u) => u.startsWith(warning));
  await page.waitForSelector('[data-testid="category"]').catch(() => undefined);
  // A second load (the worker's tabs.update) follows within tens of ms; give it ample time to show.
  await new Promise((r) => setTimeout(r, 2500));
  if (process.env.SS_E2E_VERBOSE === "1") console.log(JSON.stringify((await commits(observer)).slice(before)));
  const loads = (await commits(observer)).slice(before).filter((c) => c.url.startsWith(warning)).map((c) => c.url);
  await page.close();
  return { loads, tabUrl };
}

describe('a listed navigation loads the warning page once (Chromium)', () => {
  it('right after install: one warning page load, no request to the listed site', async () => {
    const { loads, tabUrl } = await warningLoads('http://qiangdan-vip.test/tasks?ref=ad');
    expect(tabUrl).toBe(session.extUrl('/warning.html') + '?url=http://qiangdan-vip.test/tasks?ref=ad');
    expect(loads).toEqual([tabUrl]);
    expect(server.requestsTo('qiangdan-vip.test')).toEqual([]);
  });

  it('a navigation that wakes a stopped worker: one warning page load, no request to the listed site', async () => {
    await killServiceWorkers(session);
    const { loads, tabUrl } = await warningLoads('http://usdt-yield.test/invest?plan=vip');
    expect(loads).toEqual([tabUrl]);
    expect(server.requestsTo('usdt-yield.test')).toEqual([]);
  });
});
