/**
 * One verdict, one story (Firefox): on a page flagged only by the page model, the popup shows that verdict and its
 * reasons, the toolbar badge shows the level for that tab only, a report's "attach warning signs" carries them,
 * and navigating the tab clears it. Firefox refuses `goto` into moz-extension pages: the test reaches its
 * extension pages through the web-accessible interstitial, then moves between extension pages by `location`.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { type FirefoxSession } from './harness/browsers';
import { useFirefox } from './harness/file-browser';
import { moveTab } from './harness/settle';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const PAGE = 'http://hostile-pay.test/'; // a task-rebate page on no list: only the page model flags it
let session: FirefoxSession;
useFirefox('ss-story-', (_server, b) => {
  session = b;
});

type Ext = {
  browser: {
    tabs: { query(q: unknown): Promise<{ id: number }[]> };
    action: { getBadgeText(d: unknown): Promise<string>; getTitle(d: unknown): Promise<string> };
  };
};

/** A tab showing one of our extension pages (reached through the web-accessible interstitial). */
async function extensionTab(): Promise<Page> {
  const tab = await session.browser.newPage();
  await tab.goto('http://shop.test/');
  await moveTab(tab, session.extUrl('/warning.html?url=http://shop.test/'), session.extUrl('/'));
  await tab.waitForFunction(() => typeof (globalThis as unknown as Partial<Ext>).browser?.tabs?.query === 'function', { timeout: 10_000 });
  return tab;
}

async function tabIdOf(ext: Page, pattern: string): Promise<number> {
  const id = await ext.evaluate(async (p) => {
    const [t] = await (globalThis as unknown as Ext).browser.tabs.query({ url: p });
    return t ? t.id : null;
  }, pattern);
  if (id === null) throw new Error(`no tab for ${pattern}`);
  return id;
}

async function waitForBadge(ext: Page, tabId: number, text: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const b = await ext.evaluate(async (id) => {
      const a = (globalThis as unknown as Ext).browser.action;
      return { text: await a.getBadgeText({ tabId: id }), title: await a.getTitle({ tabId: id }) };
    }, tabId);
    if (b.text === text) return b.title;
    if (Date.now() > deadline) throw new Error(`tab ${tabId}: badge "${b.text}", expected "${text}" within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function showPopup(ext: Page, tabId: number): Promise<string> {
  await moveTab(ext, session.extUrl(`/popup.html?tab=${tabId}`));
  await ext.waitForFunction(() => document.querySelector('[data-testid="status"]') !== null, { timeout: 10_000 });
  return ext.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level') ?? '');
}

describe('one verdict per tab (Firefox)', () => {
  it('popup, badge and report tell the classifier verdict for that tab only; navigation clears it', async () => {
    const page = await session.browser.newPage();
    await page.goto(PAGE);
    const ext = await extensionTab();
    const tabId = await tabIdOf(ext, `${PAGE}*`);
    const extId = await tabIdOf(ext, `${session.extUrl('/')}*`);

    const title = await waitForBadge(ext, tabId, '!');
    expect(title).toContain('Looks like a scam');
    expect(await waitForBadge(ext, extId, '')).not.toContain('Looks like');

    expect(await showPopup(ext, tabId)).toBe('warn');
    expect(await ext.$eval('[data-testid="signals"]', (e) => e.textContent ?? '')).toMatch(/抢单/);
    await ext.screenshot({ path: `${SHOTS}popup-classifier-firefox.png` });

    await ext.click('[data-testid="report-open"]');
    await ext.waitForSelector('[data-testid="report-reasons"]');
    await ext.click('[data-testid="report-reasons"]');
    await ext.click('[data-testid="report-preview"]');
    await ext.waitForSelector('[data-testid="report-preview-body"]');
    const body = await ext.$eval('[data-testid="report-preview-body"]', (e) => e.textContent ?? '');
    expect(body).toContain('page:phrase');
    expect(body).toContain('抢单');

    await page.goto('http://shop.test/');
    await waitForBadge(ext, tabId, '');
    expect(await showPopup(ext, tabId)).toBe('none');
    await page.close();
    await ext.close();
  });

  it.each([
    ['http://shell-wrap.test/', 'the platform from another site'],
    ['http://shell-wrap.test/srcdoc.html', 'the platform written as srcdoc'],
  ])('a wrapper page (%s, %s in a full-size frame): the badge and the popup tell the frame\'s story, not the wrapper\'s clean page', async (url) => {
    const page = await session.browser.newPage();
    await page.goto(url);
    const ext = await extensionTab();
    const tabId = await tabIdOf(ext, `${url}*`);
    expect(await waitForBadge(ext, tabId, '!')).toContain('Task / rebate');
    expect(await showPopup(ext, tabId)).toBe('warn');
    const signals = await ext.$eval('[data-testid="signals"]', (e) => e.textContent ?? '');
    expect(signals).toMatch(/抢单/);
    if (url.endsWith('/')) expect(signals).toContain('what this page shows is xinghe-app.test, in a frame that fills the window');
    else expect(signals).not.toContain('in a frame that fills the window');
    await page.goto('http://shop.test/');
    await waitForBadge(ext, tabId, '');
    await page.close();
    await ext.close();
  });
});
