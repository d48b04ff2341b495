/**
 * Issue 3 end to end in Chromium: listed sites never load, the interstitial explains and offers a safe way out,
 * "continue anyway" is deliberate and per tab, permanent trust survives a killed worker, forged messages fail.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { killServiceWorkers, launchChromium, waitForUrl, type ChromiumSession, waitForStableSelector } from './harness/browsers';
import { SiteServer } from './harness/site-server';
import { rawMessage, textOf } from './harness/shadow';
import { assertOnlyExpectedTraffic } from './harness/privacy';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;

let server: SiteServer;
let session: ChromiumSession;

beforeAll(async () => {
  server = await new SiteServer().start();
  session = await launchChromium({ proxyUrl: server.proxyUrl, lang: 'en' });
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

async function openBlocked(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(url).catch(() => undefined); // the redirect into the extension aborts the original navigation
  await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
  await waitForStableSelector(page, '[data-testid="category"]');
  return page;
}

describe('blocked navigation (Chromium)', () => {
  it('loads the extension with its service worker', async () => {
    const sw = await session.serviceWorker();
    expect(sw.url()).toContain(session.extId);
  });

  it('redirects a listed site to the interstitial before any request reaches it', async () => {
    const page = await openBlocked('http://qiangdan-vip.test/tasks?ref=ad');
    expect(page.url()).toBe(session.extUrl('/warning.html') + '?url=http://qiangdan-vip.test/tasks?ref=ad');
    expect(await textOf(page, 'h1')).toBe('This site is a known scam');
    expect(await textOf(page, '[data-testid="site"]')).toBe('qiangdan-vip.test');
    expect(await textOf(page, '[data-testid="category"]')).toMatch(/Task \/ rebate scam/);
    expect(await textOf(page, '[data-testid="entry"]')).toBe('qiangdan-vip.test/');
    expect(await textOf(page, '[data-testid="list"]')).toMatch(/ScamSentinel scam list \(version \d+\)/);
    expect(await textOf(page, 'body')).toContain('96110');
    expect(server.requestsTo('qiangdan-vip.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}interstitial-en.png`, fullPage: true });
    await page.close();
  });

  it('names a look-alike IDN host as the address bar does, and blocks host+path entries on a shared host only at that path', async () => {
    const page = await openBlocked('http://xn--lipay-login-xij.test/login');
    // "аlipay-login.test" (Cyrillic а) would read as alipay-login.test: the ASCII form is shown (display-host.ts)
    expect(await textOf(page, '[data-testid="site"]')).toBe('xn--lipay-login-xij.test');
    expect(await textOf(page, '[data-testid="category"]')).toMatch(/Phishing/);
    await page.close();

    const scamPage = await openBlocked('http://freehost.test/pages/scam-shop/item?id=1');
    expect(await textOf(scamPage, '[data-testid="entry"]')).toBe('freehost.test/pages/scam-shop/');
    await scamPage.close();
    expect(server.requestsTo('freehost.test')).toEqual([]);

    const ok = await session.browser.newPage();
    await ok.goto('http://freehost.test/pages/bakery/');
    expect(await ok.title()).toBe('Corner Bakery');
    await ok.close();
  });

  it('leaves unlisted sites untouched', async () => {
    const page = await session.browser.newPage();
    await page.goto('http://shop.test/');
    await page.waitForFunction(() => document.title.includes('script ran'));
    expect(page.url()).toBe('http://shop.test/');
    await page.close();
  });

  it('focuses "go back" and passes an automated accessibility check', async () => {
    const page = await openBlocked('http://usdt-yield.test/');
    // Focus moves in an effect, after the warning's first paint (preact runs effects after the frame): the selector
    // openBlocked waits for can be there a frame earlier (2 of 3 runs failed here on a fast machine, session 23).
    await page
      .waitForFunction(() => document.activeElement?.getAttribute('data-testid') === 'go-back', { timeout: 5_000, polling: 50 })
      .catch(() => undefined);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    expect(focused).toBe('go-back');
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
      const r = await axe.run();
      return r.violations.map((v) => ({ id: v.id, impact: v.impact }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    // Keyboard alone: Tab to the "I understand" toggle, open it, Tab to continue.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    await page.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 1100));
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('continue');
    await page.close();
  });

  it('"continue anyway" is disabled for its first second, then allows only that site in that tab', async () => {
    const page = await openBlocked('http://brand-outlet.test/sale');
    await page.click('[data-testid="risk-details"] summary');
    expect(await page.$eval('[data-testid="continue"]', (b) => (b as HTMLButtonElement).disabled)).toBe(true);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="continue"]') as HTMLButtonElement).disabled, {
      timeout: 3000,
    });
    await page.click('[data-testid="continue"]');
    await waitForUrl(page, (u) => u === 'http://brand-outlet.test/sale');
    await page.waitForFunction(() => document.title === 'Brand Outlet -90%');
    expect(server.requestsTo('brand-outlet.test').length).toBeGreaterThan(0);

    // Another listed site in the same tab is still blocked…
    await page.goto('http://tuikuan-kefu.test/').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
    // …and the allowed site is still blocked in another tab.
    const other = await openBlocked('http://brand-outlet.test/sale');
    expect(other.url()).toContain('warning.html');
    await other.close();
    await page.close();
  });

  it('"always trust" persists across a killed service worker and is removable in options', async () => {
    const page = await openBlocked('http://zhengxin-fix.test/');
    await page.click('[data-testid="risk-details"] summary');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="trust"]') as HTMLButtonElement).disabled);
    await page.click('[data-testid="trust"]');
    await waitForUrl(page, (u) => u === 'http://zhengxin-fix.test/');
    await page.close();

    await killServiceWorkers(session);
    const again = await session.browser.newPage();
    await again.goto('http://zhengxin-fix.test/');
    expect(again.url()).toBe('http://zhengxin-fix.test/');
    await again.close();

    // The moment after a browser start: the allow rule (a session rule) is not back yet. The interstitial sees the
    // site is trusted and goes on to it by itself.
    const ext = await session.browser.newPage();
    await ext.goto(session.extUrl('/options.html'));
    await ext.evaluate(async () => {
      const dnr = (globalThis as unknown as { chrome: { declarativeNetRequest: { updateSessionRules(o: unknown): Promise<void> } } })
        .chrome.declarativeNetRequest;
      await dnr.updateSessionRules({ removeRuleIds: [1] });
    });
    await ext.close();
    const early = await session.browser.newPage();
    await early.goto('http://zhengxin-fix.test/').catch(() => undefined);
    await waitForUrl(early, (u) => u === 'http://zhengxin-fix.test/');
    await early.close();

    const options = await session.browser.newPage();
    await options.goto(session.extUrl('/options.html'));
    await options.waitForSelector('[data-host="zhengxin-fix.test"] button');
    await options.screenshot({ path: `${SHOTS}options-en.png` });
    await options.click('[data-host="zhengxin-fix.test"] button');
    await options.waitForSelector('[data-testid="trusted-empty"]');
    await options.close();

    await openBlocked('http://zhengxin-fix.test/').then((p) => p.close());
  });

  it('refuses malformed, unknown and unprivileged messages with typed errors', async () => {
    const page = await session.browser.newPage();
    await page.goto(session.extUrl('/options.html'));
    expect(await rawMessage(page, 'hello')).toMatchObject({ ok: false, error: { code: 'MALFORMED' } });
    expect(await rawMessage(page, { type: 'nope', req: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TYPE' } });
    expect(await rawMessage(page, { type: 'getVerdict', req: { url: 42 } })).toMatchObject({ ok: false, error: { code: 'MALFORMED' } });
    expect(await rawMessage(page, { type: 'getVerdict', req: { url: 'http://x.test/', extra: 1 } })).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED' },
    });
    const links = new Array(5000).fill('http://a.test/').join('\n');
    expect(await rawMessage(page, { type: 'checkPage', req: { url: 'http://a.test/', features: null, links, snippets: [] } })).toMatchObject({
      ok: false,
      error: { code: 'MALFORMED' },
    });
    // checkUrls was never sent and is gone from the protocol (links travel in checkPage)
    expect(await rawMessage(page, { type: 'checkUrls', req: { urls: ['http://a.test/'] } })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TYPE' } });
    // A well-formed request still works afterwards.
    expect(await rawMessage(page, { type: 'getVerdict', req: { url: 'http://usdt-yield.test/' } })).toMatchObject({
      ok: true,
      value: { level: 'block', category: 'investment' },
    });
    await page.close();
  });

  it('shows the site status and list age in the popup', async () => {
    const site = await openBlocked('http://tuikuan-kefu.test/');
    const popup = await session.browser.newPage();
    await popup.setViewport({ width: 380, height: 600 });
    const tabId = await site.evaluate(async () => {
      const c = (globalThis as unknown as { chrome: { tabs: { getCurrent(): Promise<{ id: number }> } } }).chrome;
      return (await c.tabs.getCurrent()).id;
    });
    await popup.goto(session.extUrl(`/popup.html?tab=${tabId}`));
    await popup.waitForSelector('[data-testid="status"]');
    expect(await textOf(popup, '[data-testid="status"]')).toBe('Known scam site');
    expect(await textOf(popup, '[data-testid="host"]')).toBe('tuikuan-kefu.test');
    expect(await textOf(popup, '[data-testid="category"]')).toMatch(/Fake customer service/);
    expect(await textOf(popup, '[data-testid="list-info"]')).toMatch(/ScamSentinel scam list: version \d+, [\d,]+ entries/);
    await popup.screenshot({ path: `${SHOTS}popup-en.png` });
    await popup.close();
    await site.close();
  });

  it('made no request except to the demo sites (network log)', () => {
    assertOnlyExpectedTraffic(server.log, session.extensionRequests);
  });
});

describe('look-alike URLs (Chromium)', () => {
  it('a confident look-alike that is on no list gets the interstitial with "Did you mean"', async () => {
    const s = await launchChromium({ proxyUrl: server.proxyUrl, lang: 'en' });
    try {
      const page = await s.browser.newPage();
      await page.goto('http://taobao-vip-refund.test/').catch(() => undefined);
      await waitForUrl(page, (u) => u.startsWith(s.extUrl('/warning.html')));
      await page.waitForSelector('.did-you-mean');
      expect(await textOf(page, 'h1')).toBe('This site looks like a scam');
      expect(await textOf(page, '.did-you-mean')).toContain('Did you mean taobao.com?');
      await page.screenshot({ path: `${SHOTS}interstitial-lookalike-en.png`, fullPage: true });
    } finally {
      await s.close();
    }
  });
});
