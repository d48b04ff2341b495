/**
 * The README's screenshots, re-taken in English and Simplified Chinese (fonts-noto-cjk renders the Chinese): popup,
 * settings, interstitial (listed site and look-alike) and the pre-payment overlay, into docs/screenshots/. Every page's
 * text is checked for untranslated message keys and internal codes.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, waitForUrl, type ChromiumSession, waitForStableSelector } from './harness/browsers';
import { untranslatedCodes } from './harness/plain-text';
import { SiteServer } from './harness/site-server';

const DOCS = new URL('../../docs/screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';

let server: SiteServer;
beforeAll(async () => {
  server = await new SiteServer().start();
});
afterAll(async () => {
  await server?.stop();
});

async function shoot(page: Page, name: string, fullPage = true): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  expect(untranslatedCodes(text)).toEqual([]);
  await page.screenshot({ path: `${DOCS}${name}.png`, fullPage });
}

describe.each(['en', 'zh-CN'] as const)('screenshots (%s)', (lang) => {
  let s: ChromiumSession;
  beforeAll(async () => {
    s = await launchChromium({ proxyUrl: server.proxyUrl, lang });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('interstitial for a listed site and for a look-alike', async () => {
    const page = await s.browser.newPage();
    await page.goto('http://usdt-yield.test/invest').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(s.extUrl('/warning.html')));
    await waitForStableSelector(page, '[data-testid="category"]');
    await shoot(page, `interstitial-${lang}`);
    await page.goto('http://taobao-vip-refund.test/').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(s.extUrl('/warning.html')));
    await page.waitForSelector('.did-you-mean');
    await shoot(page, `interstitial-lookalike-${lang}`);
    await page.close();
  });

  it('the pre-payment overlay on a page only the page model flags', async () => {
    const page = await s.browser.newPage();
    page.on('dialog', (d) => void d.dismiss());
    await page.goto('http://renwu-cloud.test/recharge');
    await page.waitForSelector('#recharge-btn');
    await new Promise((r) => setTimeout(r, 800));
    await page.click('#recharge-btn');
    await page.waitForSelector(OVERLAY, { timeout: 10_000 });
    await new Promise((r) => setTimeout(r, 300));
    await page.screenshot({ path: `${DOCS}inpage-overlay-${lang}.png` });
    await page.close();
  });

  it('popup and settings', async () => {
    // the popup describing a tab on a listed site (the interstitial is showing in it)
    const site = await s.browser.newPage();
    await site.goto('http://tuikuan-kefu.test/').catch(() => undefined);
    await waitForUrl(site, (u) => u.startsWith(s.extUrl('/warning.html')));
    await waitForStableSelector(site, '[data-testid="category"]');
    const tabId = await site.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { tabs: { getCurrent(): Promise<{ id: number }> } } }).chrome;
      return (await c.tabs.getCurrent()).id;
    });
    const popup = await s.browser.newPage();
    await popup.setViewport({ width: 380, height: 640 });
    await popup.goto(s.extUrl(`/popup.html?tab=${tabId}`));
    await popup.waitForSelector('[data-testid="list-info"] li');
    await waitForStableSelector(popup, '[data-testid="category"]');
    await shoot(popup, `popup-${lang}`);
    await popup.close();
    await site.close();
    const options = await s.browser.newPage();
    await options.goto(s.extUrl('/options.html'));
    await options.waitForSelector('[data-list="scamsentinel-main"]');
    await options.waitForSelector('[data-testid="data-sources"] li');
    await shoot(options, `options-${lang}`);
    await options.close();
  });
});
