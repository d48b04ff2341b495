/**
 * The main in-page path in Firefox: badges on a feed's scam ads and listed links, the pre-payment overlay on the
 * SPA recharge page before any POST, continue by keyboard only after its delay (exactly one POST), silence on a
 * legit checkout. No CDP here: closed roots are unreadable, so the test relies on the hosts' marker attributes,
 * trusted keyboard input and a screenshot.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { type FirefoxSession } from './harness/browsers';
import type { SiteServer } from './harness/site-server';
import { useFirefox } from './harness/file-browser';
import { assertOnlyExpectedTraffic } from './harness/privacy';
import { linkDirectory } from './harness/link-pages';

const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const BADGE = 'scamsentinel-ui[data-scamsentinel="badge"]';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: SiteServer;
let session: FirefoxSession;
useFirefox('ss-inpage-', (s, b) => {
  server = s;
  session = b;
});

const posts = (host: string) => server.requestsTo(host).filter((r) => r.method === 'POST');

async function open(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  await page.goto(url);
  return page;
}

async function waitForPosts(host: string, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (posts(host).length < n && Date.now() < deadline) await sleep(50);
}

describe('in-page protection (Firefox)', () => {
  it('marks scam ads and links to listed sites in a feed', async () => {
    const page = await open('http://pengyou-feed.test/');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 4, { timeout: 15_000 }, BADGE);
    const levels = await page.$$eval(BADGE, (els) => els.map((e) => e.getAttribute('data-level')));
    expect(levels).toContain('block');
    expect(levels).toContain('warn');
    expect(await page.$eval('#ad-task-link', (a) => a.nextElementSibling?.getAttribute('data-level'))).toBe('block');
    await page.close();
  });

  it('a page with 10,000 links: every link to a listed site gets its badge (no scheduler.yield here: timer slices)', async () => {
    const { html, listed } = linkDirectory(10_000, 500);
    server.mount('links-10k.test', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    const page = await open('http://links-10k.test/');
    await page.waitForFunction((sel, n) => document.querySelectorAll(sel).length >= n, { timeout: 30_000, polling: 200 }, BADGE, listed.length);
    await sleep(500); // nothing more arrives
    const badged = await page.$$eval(`a + ${BADGE}`, (els) => els.map((e) => `${e.previousElementSibling?.id}:${e.getAttribute('data-level')}`));
    expect(listed).toHaveLength(20);
    expect(badged.sort()).toEqual(listed.map((i) => `listed-${i}:block`).sort()); // those, and only those
    await page.close();
  });

  it('SPA recharge page: overlay before the POST; keyboard continue after the delay replays it once', async () => {
    const page = await open('http://renwu-cloud.test/');
    await page.waitForSelector('#login-btn');
    await sleep(800);
    await page.click('#login-btn');
    await page.waitForSelector('#recharge-btn');
    await page.click('#recharge-btn');
    await page.waitForSelector(OVERLAY, { timeout: 10_000 });
    await sleep(300);
    expect(posts('renwu-cloud.test')).toEqual([]);
    // The page cannot see into the closed root.
    expect(await page.$eval(OVERLAY, (h) => (h as HTMLElement).shadowRoot === null && h.childNodes.length === 0)).toBe(true);
    await page.screenshot({ path: `${SHOTS}inpage-overlay-firefox.png` });
    // Focus starts on "Leave"; "continue" is disabled for its first second. After it, Tab reaches "continue".
    await sleep(1200);
    expect(posts('renwu-cloud.test')).toEqual([]);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForPosts('renwu-cloud.test', 1);
    await sleep(300);
    expect(posts('renwu-cloud.test').map((r) => r.path)).toEqual(['/api/recharge']);
    await page.close();
  });

  it('a legit checkout stays silent and the order goes through', async () => {
    const page = await open('http://greenleaf-books.test/checkout/');
    await sleep(1000);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#place-order')]);
    await waitForPosts('greenleaf-books.test', 1);
    expect(posts('greenleaf-books.test').map((r) => r.path)).toEqual(['/order']);
    expect(await page.$(`${OVERLAY}, ${BADGE}`)).toBeNull();
    await page.close();
  });

  it('made no request except to the demo sites', () => {
    assertOnlyExpectedTraffic(server.log);
  });
});
