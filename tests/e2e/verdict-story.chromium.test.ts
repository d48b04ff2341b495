/**
 * One verdict, one story (Chromium): on a page flagged only by the page model (no list entry, nothing in its URL),
 * the popup shows that verdict and its reasons, the toolbar badge shows the level for that tab only, and "attach
 * warning signs" in a report carries them; after the worker is stopped, the popup still tells it; navigating the
 * tab clears it. Waits poll the state they need, never fixed time.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { killServiceWorkers, type ChromiumSession } from './harness/browsers';
import { useChromium } from './harness/file-browser';
import { textOf } from './harness/shadow';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const PAGE = 'http://hostile-pay.test/'; // a task-rebate page on no list: only the page model flags it
let session: ChromiumSession;
useChromium('ss-story-', (_server, b) => {
  session = b;
});

let extPage: Page | null = null;

/** Runs in an extension page of ours (not the worker: the test stops the worker midway). */
async function inExtension<T>(fn: string): Promise<T> {
  if (!extPage) {
    extPage = await session.browser.newPage();
    await extPage.goto(session.extUrl('/options.html'));
  }
  return extPage.evaluate(`(async () => { const chrome = globalThis.chrome; ${fn} })()`) as Promise<T>;
}

async function tabIdOf(urlPattern: string): Promise<number> {
  const id = await inExtension<number | null>(`const [t] = await chrome.tabs.query({ url: ${JSON.stringify(urlPattern)} }); return t ? t.id : null;`);
  if (id === null) throw new Error(`no tab for ${urlPattern}`);
  return id;
}

async function badgeOf(tabId: number): Promise<{ text: string; title: string }> {
  return inExtension(`return { text: await chrome.action.getBadgeText({ tabId: ${tabId} }), title: await chrome.action.getTitle({ tabId: ${tabId} }) };`);
}

async function waitForBadge(tabId: number, text: string): Promise<{ text: string; title: string }> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const b = await badgeOf(tabId);
    if (b.text === text) return b;
    if (Date.now() > deadline) throw new Error(`tab ${tabId}: badge "${b.text}", expected "${text}" within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function openPopup(tabId: number): Promise<Page> {
  const popup = await session.browser.newPage();
  await popup.setViewport({ width: 380, height: 640 });
  await popup.goto(session.extUrl(`/popup.html?tab=${tabId}`));
  await popup.waitForSelector('[data-testid="status"]');
  return popup;
}

describe('one verdict per tab (Chromium)', () => {
  it('popup, badge and report tell the classifier verdict for that tab only; it survives a worker stop; navigation clears it', async () => {
    const page = await session.browser.newPage();
    await page.goto(PAGE);
    const other = await session.browser.newPage();
    await other.goto('http://shop.test/');
    const tabId = await tabIdOf(`${PAGE}*`);
    const otherId = await tabIdOf('http://shop.test/*');

    // The badge turns on for this tab when the page check lands (no click, no payment step needed).
    const badge = await waitForBadge(tabId, '!');
    expect(badge.title).toContain('Looks like a scam');
    expect(badge.title).toContain('Task / rebate');
    expect((await badgeOf(otherId)).text).toBe('');

    // The popup tells the same story, with the page model's reasons.
    let popup = await openPopup(tabId);
    expect(await popup.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('warn');
    expect(await textOf(popup, '[data-testid="category"]')).toMatch(/Task \/ rebate/);
    expect(await textOf(popup, '[data-testid="signals"]')).toMatch(/抢单/);
    await popup.screenshot({ path: `${SHOTS}popup-classifier-en.png` });

    // A report with "attach warning signs" carries them (computed by the worker for this tab).
    await popup.click('[data-testid="report-open"]');
    await popup.waitForSelector('[data-testid="report-reasons"]');
    await popup.click('[data-testid="report-reasons"]');
    await popup.click('[data-testid="report-preview"]');
    const body = await textOf(popup, '[data-testid="report-preview-body"]');
    expect(body).toContain('page:phrase');
    expect(body).toContain('抢单');
    // …and the preview lists them in the user's words (the evidence card's sentences)
    const attached = await textOf(popup, '[data-testid="report-preview-reasons"]');
    expect(attached).toMatch(/Words scammers use: .*抢单/);
    await popup.screenshot({ path: `${SHOTS}report-preview-reasons-en.png` });
    await popup.close();

    // The worker is stopped (as Chrome does after 30 s idle): the story is still there.
    await killServiceWorkers(session);
    popup = await openPopup(tabId);
    expect(await popup.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('warn');
    await popup.close();

    // The tab navigates to another site: the old story ends, the badge clears.
    await page.goto('http://shop.test/');
    await waitForBadge(tabId, '');
    popup = await openPopup(tabId);
    expect(await popup.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('none');
    await popup.close();
    await page.close();
    await other.close();
  });

  it.each([
    ['http://shell-wrap.test/', 'the platform from another site'],
    ['http://shell-wrap.test/srcdoc.html', 'the platform written as srcdoc'],
  ])('a wrapper page (%s, %s in a full-size frame): the badge and the popup tell the frame\'s story, not the wrapper\'s clean page', async (url) => {
    const page = await session.browser.newPage();
    await page.goto(url);
    const tabId = await tabIdOf(`${url}*`);
    const badge = await waitForBadge(tabId, '!');
    expect(badge.title).toContain('Task / rebate');
    const popup = await openPopup(tabId);
    expect(await popup.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('warn');
    const signals = await textOf(popup, '[data-testid="signals"]');
    expect(signals).toMatch(/抢单/);
    // It names the site the frame shows when that is not the tab's own (a srcdoc frame is the wrapper's own page).
    if (url.endsWith('/')) expect(signals).toContain('what this page shows is xinghe-app.test, in a frame that fills the window');
    else expect(signals).not.toContain('in a frame that fills the window');
    if (url.endsWith('/')) await popup.screenshot({ path: `${SHOTS}popup-wrapper-frame-en.png` });
    await popup.close();
    await page.goto('http://shop.test/');
    await waitForBadge(tabId, '');
    await page.close();
  });
});
