/**
 * One listed navigation, one warning page (Firefox). See warning-once.chromium.test.ts: right after install the
 * redirect rule and the worker's navigation check could both send the tab to warning.html. Counted from inside the
 * extension (webNavigation.onCommitted on an extension page); the listed site never receives a request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxSession } from './harness/browsers';
import { commits, recordCommits } from './harness/nav-log';
import { SiteServer } from './harness/site-server';
import { moveTab } from './harness/settle';

let server: SiteServer;
let session: FirefoxSession;
let observer: Page;

beforeAll(async () => {
  server = await new SiteServer().start();
  session = await launchFirefox({ proxyUrl: server.proxyUrl });
  // puppeteer cannot open moz-extension pages directly: the (web-accessible) warning page for an unlisted address.
  observer = await session.browser.newPage();
  await observer.goto('http://shop.test/');
  await moveTab(observer, session.extUrl('/warning.html') + '?url=http://example.test/', session.extUrl('/'));
  await recordCommits(observer);
}, 90_000);

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

describe('a listed navigation loads the warning page once (Firefox)', () => {
  it('right after install: one warning page load, no request to the listed site', async () => {
    const warning = session.extUrl('/warning.html');
    const url = 'http://usdt-yield.test/invest?plan=vip';
    const page = await session.browser.newPage();
    await page.goto('http://shop.test/');
    const before = (await commits(observer)).length;
    await moveTab(page, url, warning);
    await page.waitForFunction(() => document.querySelector('[data-testid="category"]') !== null, { timeout: 10_000 }).catch(() => undefined);
    // A second load (the worker's tabs.update) follows within tens of ms; give it ample time to show.
    await new Promise((r) => setTimeout(r, 2500));
    const all = (await commits(observer)).slice(before);
    if (process.env.SS_E2E_VERBOSE === '1') console.log(JSON.stringify(all));
    const loads = all.filter((c) => c.url.startsWith(warning)).map((c) => c.url);
    expect(loads).toEqual([`${warning}?url=${url}`]);
    expect(all.some((c) => c.url.startsWith('http://usdt-yield.test'))).toBe(false);
    expect(server.requestsTo('usdt-yield.test')).toEqual([]);
    await page.close();
  });
});
