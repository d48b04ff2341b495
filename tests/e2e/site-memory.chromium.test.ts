/**
 * Site memory (Chromium): a scam platform's plain recharge page reads like any shop's top-up page on its own, so
 * the warning its 抢单 home page got would be gone at the payment step. After the home page was judged at warn, the
 * recharge page of the same site gets the overlay before the POST, with the reason naming the earlier page — also
 * after the worker was stopped in between (the memory is in storage.session). Before the home page, the recharge
 * page is silent and pays; another site is untouched; "this site is safe" ends it. A page that is itself a money
 * step (a shop's own commission-withdraw form the model reads at warn) does not mark its site.
 */
import { describe, expect, it } from 'vitest';
import { killServiceWorkers, type ChromiumSession } from './harness/browsers';
import { ClosedRoot } from './harness/closed-root';
import { useChromium } from './harness/file-browser';
import { extensionCalls, openChecked as openIn, type ExtensionCalls } from './harness/page-check';
import type { SiteServer } from './harness/site-server';
import { textOf } from './harness/shadow';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const BANNER = 'scamsentinel-ui[data-scamsentinel="banner"]';
const HOME = 'http://dianzan-renwu.test/';
const RECHARGE = 'http://dianzan-renwu.test/recharge/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const openChecked = (url: string) => openIn(session.browser, url);

let server: SiteServer;
let session: ChromiumSession;
let ext: ExtensionCalls;
useChromium('ss-site-memory-', (s, b) => {
  server = s;
  session = b;
  ext = extensionCalls(b);
  s.debugHosts.add('dianzan-renwu.test');
  s.debugHosts.add('chayuan-tea.test');
  s.debugHosts.add('fenxiao-shop.test');
});

const posts = (host: string) => server.requestsTo(host).filter((r) => r.method === 'POST');

async function waitForPosts(host: string, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (posts(host).length < n && Date.now() < deadline) await sleep(50);
}

describe('site memory: a warn page speaks for the rest of its site (Chromium)', () => {
  it('on its own the recharge page is silent and the payment goes through', async () => {
    const page = await openChecked(RECHARGE);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#pay-btn')]);
    await waitForPosts('dianzan-renwu.test', 1);
    expect(posts('dianzan-renwu.test').map((r) => r.path)).toEqual(['/pay']);
    expect(await page.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    await page.close();
  });

  it('after the home page read as a task-rebate scam, the recharge page gets the overlay before the POST — also after a worker stop', async () => {
    const home = await openChecked(HOME);
    await ext.waitForBadge(`${HOME}*`, '!'); // the home page's warn is recorded (site memory is written before it)
    await home.close();
    await killServiceWorkers(session);

    const page = await openChecked(RECHARGE);
    const before = posts('dianzan-renwu.test').length;
    await page.click('#pay-btn');
    const ov = await ClosedRoot.of(page, OVERLAY);
    await sleep(300);
    expect(posts('dianzan-renwu.test').length).toBe(before); // nothing left before the user decided
    expect(await ov.text('[data-testid="ov-category"]')).toContain('Task / rebate');
    const reasons = (await ov.text('[data-testid="ov-reasons"]')) ?? '';
    expect(reasons, reasons).toContain('another page of this site (/) looked like a scam: ');
    expect(reasons).toMatch(/任务大厅|抢单/);
    await page.screenshot({ path: `${SHOTS}site-memory-overlay-en.png` });
    // The popup tells the same story for this tab.
    const tabId = await ext.waitForBadge(`${RECHARGE}*`, '!');
    const popup = await session.browser.newPage();
    await popup.setViewport({ width: 380, height: 640 });
    await popup.goto(session.extUrl(`/popup.html?tab=${tabId}`));
    await popup.waitForSelector('[data-testid="status"]');
    expect(await popup.$eval('[data-testid="status"]', (e) => e.getAttribute('data-level'))).toBe('warn');
    expect(await textOf(popup, '[data-testid="signals"]')).toContain('another page of this site (/)');
    await popup.screenshot({ path: `${SHOTS}site-memory-popup-en.png` });
    await popup.close();
    await ov.detach();
    await page.close();
  });

  it('another site is untouched: a legit checkout stays silent and pays', async () => {
    const page = await openChecked('http://chayuan-tea.test/checkout/');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#submit-order')]);
    await waitForPosts('chayuan-tea.test', 1);
    expect(await page.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    await page.close();
  });

  it('a warn page that is itself a money step does not mark its site: after a shop\'s commission-withdraw page read at warn, its checkout stays silent and pays', async () => {
    const withdraw = await openChecked('http://fenxiao-shop.test/wallet/withdraw/');
    await ext.waitForBadge('http://fenxiao-shop.test/wallet/withdraw/*', '!'); // read at warn (a false alarm on a legit wallet page)
    // Its own money step is held: the warn still protects the page it was read on.
    await withdraw.type('#amt', '100');
    await withdraw.click('#withdraw-btn');
    const ov = await ClosedRoot.of(withdraw, OVERLAY);
    await sleep(300);
    expect(posts('fenxiao-shop.test')).toEqual([]);
    await ov.detach();
    await withdraw.close();
    const checkout = await openChecked('http://fenxiao-shop.test/');
    await Promise.all([checkout.waitForNavigation({ waitUntil: 'load' }), checkout.click('#pay-btn')]);
    await waitForPosts('fenxiao-shop.test', 1);
    expect(posts('fenxiao-shop.test').map((r) => r.path)).toEqual(['/pay']);
    expect(await checkout.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    await checkout.close();
  });

  it('"this site is safe" ends it: the recharge page pays again without the overlay', async () => {
    expect(await ext.inExtension(`return chrome.runtime.sendMessage({ type: 'trustSite', req: { url: ${JSON.stringify(HOME)} } });`)).toEqual({ ok: true, value: { host: 'dianzan-renwu.test' } });
    const page = await openChecked(RECHARGE);
    const before = posts('dianzan-renwu.test').length;
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#pay-btn')]);
    await waitForPosts('dianzan-renwu.test', before + 1);
    expect(await page.$(`${OVERLAY}, ${BANNER}`)).toBeNull();
    await page.close();
  });
});
