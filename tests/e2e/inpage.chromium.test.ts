/**
 * Issue 8 end to end in Chromium: badges on scam ads and links (also after infinite scroll), a confirm before
 * following a listed link, the pre-payment overlay before any POST leaves (click, Enter, SPA route after login,
 * listed site with a second confirmation, off-page payment instructions), "continue" only after its delay and
 * exactly one replayed POST, every hostile-page trick repaired, keyboard-only use, axe inside the closed root,
 * the quieter banner on caution pages, silence on legit checkouts, screenshots in en and zh.
 *
 * Closed shadow roots: the page (and puppeteer's pierce/) cannot see inside; the test reaches in over CDP
 * (DOM.getDocument pierce → the shadow root's backendNodeId → DOM.resolveNode → Runtime.callFunctionOn), reads
 * text and button boxes there, and clicks with real (trusted) mouse / keyboard input.
 */
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { CHROME_BUILD, launchChromium, waitForUrl, type ChromiumSession } from './harness/browsers';
import { ClosedRoot } from './harness/closed-root';
import { SiteServer, SITES_DIR } from './harness/site-server';
import { assertOnlyExpectedTraffic } from './harness/privacy';
import { LISTED_HOST, linkDirectory } from './harness/link-pages';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = new URL('./screenshots/', import.meta.url).pathname;
const OVERLAY = 'scamsentinel-ui[data-scamsentinel="overlay"]';
const CONFIRM = 'scamsentinel-ui[data-scamsentinel="link-confirm"]';
const BANNER = 'scamsentinel-ui[data-scamsentinel="banner"]';
const BADGE = 'scamsentinel-ui[data-scamsentinel="badge"]';
const CONTINUE_DELAY_MS = 1000;

let server: SiteServer;
let session: ChromiumSession;
// A private copy of the build: another `npm run build` during the run must not swap files under the browser.
const extensionDir = join(mkdtempSync(join(tmpdir(), 'ss-inpage-')), 'chrome-mv3');
cpSync(CHROME_BUILD, extensionDir, { recursive: true });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  server = await new SiteServer().start();
  // A listed site (tuikuan-kefu.test, on the bundled demo list) serving a refund form, for the block-level overlay.
  server.mount('tuikuan-kefu.test', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(readFileSync(`${SITES_DIR}/kuaidi-lipei.test/index.html`));
  });
  session = await launchChromium({ proxyUrl: server.proxyUrl, lang: 'en', extensionDir });
});

afterAll(async () => {
  await session?.close();
  await server?.stop();
});

const posts = (host: string) => server.requestsTo(host).filter((r) => r.method === 'POST');

async function open(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(url);
  return page;
}

/** Waits until the content script has a verdict for the page (badges/overlay may follow). */
/**
 * Opens a page with the content script's debug timeline on and waits until its check finished (the
 * `scamsentinel:page-checked` mark): an assertion that nothing was shown then means the check ran and found
 * nothing, not that it had not run yet.
 */
async function openChecked(url: string): Promise<Page> {
  const page = await session.browser.newPage();
  page.on('dialog', (d) => void d.dismiss());
  server.debugHosts.add(new URL(url).hostname);
  await page.goto(url);
  await page
    .waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 10_000, polling: 50 })
    .catch(() => {
      throw new Error(`${url}: the content script's page check never finished`);
    });
  return page;
}

async function overlayOf(page: Page, timeoutMs = 10_000): Promise<ClosedRoot> {
  const root = await ClosedRoot.of(page, OVERLAY, timeoutMs);
  await page.waitForFunction(() => true);
  return root;
}

async function continueAfterDelay(page: Page, ov: ClosedRoot, button = '[data-testid="ov-continue"]'): Promise<void> {
  expect(await ov.disabled(button)).toBe(true);
  await ov.click(page, button); // too early: nothing happens
  await sleep(CONTINUE_DELAY_MS + 200);
  expect(await ov.disabled(button)).toBe(false);
  await ov.click(page, button);
}

async function waitForPosts(host: string, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (posts(host).length < n && Date.now() < deadline) await sleep(50);
}

describe('in-page protection (Chromium)', () => {
  it('marks scam ads, posts, listed links and ad iframes in a feed, also after infinite scroll', async () => {
    const page = await open('http://pengyou-feed.test/');
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length >= 4, { timeout: 10_000 }, BADGE);
    const levelOf = (id: string) =>
      page.evaluate((i, sel) => {
        const el = document.getElementById(i);
        const article = el?.closest('article');
        const after = el?.nextElementSibling?.matches(sel) ? el.nextElementSibling : null;
        const before = el?.previousElementSibling?.matches(sel) ? el.previousElementSibling : null;
        const own = after ?? before ?? (article?.firstElementChild?.matches(sel) ? article.firstElementChild : null);
        return own?.getAttribute('data-level') ?? null;
      }, id, BADGE);
    expect(await levelOf('ad-task-link')).toBe('block'); // link to a listed site
    expect(await levelOf('ad-frame')).toBe('block'); // ad iframe from a listed site
    const postLevels = await page.$$eval(`article > ${BADGE}`, (els) =>
      els.map((e) => `${e.parentElement?.getAttribute('data-post-id')}:${e.getAttribute('data-level')}`),
    );
    expect(postLevels).toEqual(expect.arrayContaining(['2:warn', '4:warn']));
    expect(postLevels.some((p) => p.startsWith('1:') || p.startsWith('3:') || p.startsWith('5:'))).toBe(false);
    expect(await page.$('#news-link + ' + BADGE)).toBeNull();

    // The tooltip says why (level, type, reason) — read inside the badge's closed root.
    const badge = await ClosedRoot.of(page, `article[data-post-id="2"] > ${BADGE}`);
    const tip = await badge.text('[role="tooltip"]');
    expect(tip).toContain('This ad or post looks like a scam');
    expect(tip).toContain('Task / rebate scam');
    expect(tip).toMatch(/日结|点赞/);
    await badge.detach();

    // Infinite scroll: new posts get checked too (batched, at idle).
    for (let i = 0; i < 4 && (await page.evaluate(() => document.documentElement.getAttribute('data-batches'))) !== '2'; i++) {
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await sleep(400);
    }
    await page.waitForFunction(() => document.documentElement.getAttribute('data-batches') === '2', { timeout: 5000 });
    await page.waitForSelector(`#ad-shop-link + ${BADGE}`, { timeout: 10_000 });
    // the two investment ads of the second batch are flagged too (the learned text model warns on them: 稳赚不赔,
    // 导师带单, "guaranteed 30% monthly returns … deposit USDT"; the rule model had them at caution)
    await page.waitForFunction(
      (sel) => document.querySelectorAll(`article > ${sel}[data-level="caution"], article > ${sel}[data-level="warn"]`).length >= 4,
      { timeout: 10_000 },
      BADGE,
    );
    expect(await levelOf('ad-shop-link')).toBe('block'); // freehost.test/pages/scam-shop/ is listed by path
    const later = await page.$$eval(`article > ${BADGE}`, (els) => els.map((e) => e.getAttribute('data-level')));
    expect(later.filter((l) => l === 'caution' || l === 'warn').length).toBeGreaterThanOrEqual(4); // 2 task ads + the investment ads
    await page.evaluate(() => window.scrollTo(0, 0));
    await sleep(200);
    await page.hover(`article[data-post-id="2"] > ${BADGE}`);
    await sleep(200);
    await page.screenshot({ path: `${SHOTS}inpage-feed-en.png` });
    await page.close();
  });

  it('asks before following a link to a listed site; "stay" keeps the page, "open anyway" replays the click', async () => {
    const page = await open('http://pengyou-feed.test/');
    await page.waitForSelector(`#ad-task-link + ${BADGE}`, { timeout: 10_000 });
    // The ad iframe (a listed site) loads the interstitial, whose focused button scrolls the feed: let it settle.
    await sleep(1000);
    await page.evaluate(() => document.getElementById('ad-task-link')?.scrollIntoView({ block: 'center' }));
    await sleep(200);
    await page.click('#ad-task-link');
    const dlg = await ClosedRoot.of(page, CONFIRM);
    expect(await dlg.focused()).toBe('lc-stay');
    expect(await dlg.text('h2')).toBe('This link goes to a known scam site');
    await page.screenshot({ path: `${SHOTS}inpage-link-confirm-en.png` });
    await page.keyboard.press('Enter'); // "Stay here"
    await page.waitForFunction((sel) => !document.querySelector(sel), {}, CONFIRM);
    expect(page.url()).toBe('http://pengyou-feed.test/');
    expect(server.requestsTo('qiangdan-vip.test')).toEqual([]);

    await page.click('#ad-task-link');
    const again = await ClosedRoot.of(page, CONFIRM);
    expect(await again.disabled('[data-testid="lc-open"]')).toBe(true);
    await sleep(CONTINUE_DELAY_MS + 200);
    await again.click(page, '[data-testid="lc-open"]');
    // The navigation guard still stops the listed site itself.
    await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
    expect(server.requestsTo('qiangdan-vip.test')).toEqual([]);
    await page.close();
  });

  it('a page with 10,000 links: every link to a listed site gets its badge (5 messages), and a click on the last asks first', async () => {
    const { html, listed } = linkDirectory(10_000, 500);
    server.mount('links-10k.test', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    const page = await openChecked('http://links-10k.test/');
    const badged = () => page.$$eval(`a + ${BADGE}`, (els) => els.map((e) => `${e.previousElementSibling?.id}:${e.getAttribute('data-level')}`));
    await page.waitForFunction((sel, n) => document.querySelectorAll(sel).length >= n, { timeout: 20_000, polling: 100 }, BADGE, listed.length);
    expect(listed).toHaveLength(20);
    expect((await badged()).sort()).toEqual(listed.map((i) => `listed-${i}:block`).sort()); // those, and only those
    // 10,000 distinct targets at ≤ 2,000 per message: the later messages' answers were applied too
    expect(await page.evaluate("performance.getEntriesByName('scamsentinel:send').length")).toBeGreaterThanOrEqual(5);
    const last = `#listed-${listed.at(-1)}`;
    await page.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'center' }), last);
    await sleep(200);
    await page.click(last);
    const dlg = await ClosedRoot.of(page, CONFIRM);
    expect(await dlg.text('h2')).toBe('This link goes to a known scam site');
    await page.screenshot({ path: `${SHOTS}inpage-links-10k-en.png` });
    await page.keyboard.press('Enter'); // "Stay here"
    await page.waitForFunction((sel) => !document.querySelector(sel), {}, CONFIRM);
    expect(page.url()).toBe('http://links-10k.test/');
    expect(server.requestsTo(LISTED_HOST)).toEqual([]);
    await page.close();
  });

  it('SPA: the recharge page after a fake login gets the overlay before the POST; continue replays it once', async () => {
    const page = await open('http://renwu-cloud.test/');
    await page.waitForSelector('#login-btn');
    await sleep(800); // the login page is checked and found clean
    expect(await page.$(OVERLAY)).toBeNull();
    await page.click('#login-btn');
    await page.waitForSelector('#recharge-btn');
    expect(page.url()).toBe('http://renwu-cloud.test/recharge');
    await page.click('#recharge-btn'); // right away: the new route's verdict may still be in flight (held)
    const ov = await overlayOf(page);
    expect(posts('renwu-cloud.test')).toEqual([]);
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    expect(await ov.text('[data-testid="ov-category"]')).toContain('Task / rebate scam');
    const reasons = (await ov.text('[data-testid="ov-reasons"]')) ?? '';
    expect(reasons).toMatch(/Words scammers use: .*(连单|抢单|佣金)/);
    expect(reasons).toContain('Buttons that move money');
    expect(await ov.text('[data-testid="ov-advice"]')).toContain('96110');
    expect(await ov.focused()).toBe('ov-leave');
    expect(await ov.isModalOnTop()).toBe(true);
    await page.screenshot({ path: `${SHOTS}inpage-overlay-en.png` });
    await continueAfterDelay(page, ov);
    await waitForPosts('renwu-cloud.test', 1);
    await sleep(300);
    expect(posts('renwu-cloud.test').map((r) => r.path)).toEqual(['/api/recharge']);
    expect(posts('renwu-cloud.test')[0]?.body).toContain('amount=2000');
    await page.close();
  });

  it('keyboard only: Enter in the SMS-code field is stopped; Tab cycles inside; continue by keyboard after the delay', async () => {
    const page = await open('http://kuaidi-lipei.test/');
    await sleep(800);
    await page.focus('#sms');
    await page.keyboard.press('Enter');
    let ov = await overlayOf(page);
    expect(posts('kuaidi-lipei.test')).toEqual([]);
    expect(await ov.text('[data-testid="ov-category"]')).toContain('Fake customer service');
    expect(await ov.text('[data-testid="ov-reasons"]')).toMatch(/SMS code|bank card number/);
    expect(await ov.focused()).toBe('ov-leave');
    await page.keyboard.press('Tab'); // continue is still disabled: focus stays on the only enabled control
    expect(await ov.focused()).toBe('ov-leave');
    // Escape drops the payment step (nothing is sent) and closes the warning; trying again warns again.
    await page.keyboard.press('Escape');
    await page.waitForFunction((sel) => !document.querySelector(sel), {}, OVERLAY);
    expect(posts('kuaidi-lipei.test')).toEqual([]);
    await page.focus('#sms');
    await page.keyboard.press('Enter');
    ov = await overlayOf(page);
    expect(await ov.focused()).toBe('ov-leave');
    await sleep(CONTINUE_DELAY_MS + 200);
    await page.keyboard.press('Tab');
    expect(await ov.focused()).toBe('ov-continue');
    await page.keyboard.press('Tab');
    expect(await ov.focused()).toBe('ov-leave'); // trapped: wraps around
    await page.keyboard.down('Shift');
    await page.keyboard.press('Tab');
    await page.keyboard.up('Shift');
    expect(await ov.focused()).toBe('ov-continue');
    expect(posts('kuaidi-lipei.test')).toEqual([]);
    await page.keyboard.press('Enter');
    await waitForPosts('kuaidi-lipei.test', 1);
    await sleep(300);
    expect(posts('kuaidi-lipei.test').map((r) => r.path)).toEqual(['/claim']);
    await page.close();
  });

  it('a payment click the moment the page appears (before its check and the UI part) is held, then warned', async () => {
    // The refund page, kept busy by its own script (back-to-back 10 ms tasks for 2 s): no idle time, so the content script's
    // check has not run and its UI part is not loaded when the user clicks.
    const busy =
      '<script>(function () { var end = Date.now() + 2000, ch = new MessageChannel(); ch.port1.onmessage = function () {' +
      ' var t = Date.now() + 10; while (Date.now() < t) {} if (Date.now() < end) ch.port2.postMessage(0); }; ch.port2.postMessage(0); })();</script>';
    const html = readFileSync(`${SITES_DIR}/kuaidi-lipei.test/index.html`, 'utf8').replace('</body>', `${busy}</body>`);
    server.mount('kuaidi-busy.test', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    });
    const page = await session.browser.newPage();
    // Where the button is (same layout on every load), so the real click needs no round trip into the busy page.
    await page.goto('http://kuaidi-busy.test/?layout', { waitUntil: 'load' });
    const box = await page.$eval('#claim-btn', (b) => {
      const r = b.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.goto('http://kuaidi-busy.test/', { waitUntil: 'domcontentloaded' });
    await page.mouse.click(box.x, box.y);
    const ov = await overlayOf(page);
    expect(await ov.text('[data-testid="ov-category"]')).toContain('Fake customer service');
    expect(posts('kuaidi-busy.test')).toEqual([]);
    await page.keyboard.press('Escape'); // drops the step
    await page.waitForFunction((sel) => !document.querySelector(sel), {}, OVERLAY);
    await sleep(300);
    expect(posts('kuaidi-busy.test')).toEqual([]);
    await page.close();
  });

  it('"leave this site" takes the user away without sending anything', async () => {
    const page = await open('http://kuaidi-lipei.test/');
    await sleep(800);
    const before = posts('kuaidi-lipei.test').length;
    await page.click('#claim-btn');
    const ov = await overlayOf(page);
    await ov.click(page, '[data-testid="ov-leave"]');
    await waitForUrl(page, (u) => !u.includes('kuaidi-lipei.test'));
    expect(posts('kuaidi-lipei.test').length).toBe(before);
    await page.close();
  });

  it('block-level (listed) site: overlay with the list entry and date, then a second confirmation', async () => {
    const page = await session.browser.newPage();
    await page.goto('http://tuikuan-kefu.test/claim').catch(() => undefined);
    await waitForUrl(page, (u) => u.startsWith(session.extUrl('/warning.html')));
    await page.click('[data-testid="risk-details"] summary');
    await page.waitForFunction(() => !(document.querySelector('[data-testid="continue"]') as HTMLButtonElement).disabled, {
      timeout: 3000,
    });
    await page.click('[data-testid="continue"]');
    await waitForUrl(page, (u) => u === 'http://tuikuan-kefu.test/claim');
    await page.waitForSelector('#claim-btn');
    await sleep(800);
    await page.click('#claim-btn');
    const ov = await overlayOf(page);
    expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This is a known scam site');
    expect(await ov.text('[data-testid="ov-reasons"]')).toMatch(/Listed in the ScamSentinel scam list since .*2026.*tuikuan-kefu\.test\//);
    await continueAfterDelay(page, ov);
    // Second, separate confirmation; nothing sent yet.
    expect(await ov.visible('[data-testid="ov-confirm"]')).toBe(true);
    expect(await ov.focused()).toBe('ov-confirm-back');
    expect(posts('tuikuan-kefu.test')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}inpage-overlay-confirm-en.png` });
    await continueAfterDelay(page, ov, '[data-testid="ov-confirm-yes"]');
    await waitForPosts('tuikuan-kefu.test', 1);
    await sleep(300);
    expect(posts('tuikuan-kefu.test').map((r) => r.path)).toEqual(['/claim']);
    await page.close();
  });

  it('off-page payment instructions (crypto deposit address, bank-transfer checkout) get the overlay on sight', async () => {
    for (const [url, shot] of [
      ['http://coinvault-earn.test/', 'inpage-usdt-en.png'],
      ['http://haohuo-mall.test/checkout/?item=1', 'inpage-bank-transfer-en.png'],
    ] as const) {
      const page = await open(url);
      const ov = await overlayOf(page);
      expect(await ov.text('#ss-lead')).toContain('tells you where to send money');
      const reasons = (await ov.text('[data-testid="ov-reasons"]')) ?? '';
      expect(reasons).toMatch(/Where it wants the money: .*(TRX T|户名|开户)/);
      await page.screenshot({ path: `${SHOTS}${shot}` });
      await page.close();
    }
    expect(posts('coinvault-earn.test')).toEqual([]);
    expect(posts('haohuo-mall.test')).toEqual([]);
  });

  describe('a hostile page cannot suppress the overlay', () => {
    // Pages opened by these tests, closed after each one (a failed test must not leave a tab behind that a later
    // test's tab lookup could find).
    const opened: Page[] = [];
    afterEach(async () => {
      // Bounded: a page that keeps churning must not hang the next test (a close that never returns is dropped).
  for (const p of opened.splice(0)) await Promise.race([p.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
    });

    /** Opens the hostile page and presses "pay"; `settleMs` lets the page age first (0: act on a page < 1 s old). */
    async function hostileOverlay(settleMs = 800): Promise<{ page: Page; ov: ClosedRoot }> {
      const page = await open('http://hostile-pay.test/');
      opened.push(page);
      if (settleMs > 0) await sleep(settleMs);
      else await page.waitForSelector('#pay-btn');
      await page.click('#pay-btn');
      const ov = await overlayOf(page);
      expect(await ov.isModalOnTop()).toBe(true);
      expect(await ov.paintedOnTop()).toBe(true);
      return { page, ov };
    }
    const trick = (page: Page, name: string) =>
      page.evaluate((n) => (window as unknown as { hostile: Record<string, () => boolean> }).hostile[n]?.(), name);

    /**
     * Waits until the overlay is back in full — in the document, host style intact, dialog modal and hit-tested on
     * top, painted on top (IO v2) — and fails naming the first step that never happened. No fixed sleeps: the
     * watchdog's own interval (250 ms) bounds how long a repair may take; 5 s is only a deadline.
     */
    async function repaired(page: Page): Promise<ClosedRoot> {
      const deadline = Date.now() + 5_000;
      let step = 'the overlay host is back in the document';
      for (;;) {
        const ov = await ClosedRoot.of(page, OVERLAY, Math.max(1, deadline - Date.now())).catch(() => null);
        if (ov) {
          step = 'the host style is intact (display/opacity/visibility/inert)';
          const style = await page.$eval(OVERLAY, (h) => {
            const cs = getComputedStyle(h);
            return { display: cs.display, opacity: cs.opacity, visibility: cs.visibility, inert: (h as HTMLElement).inert };
          }).catch(() => null);
          if (JSON.stringify(style) === JSON.stringify({ display: 'block', opacity: '1', visibility: 'visible', inert: false })) {
            step = 'the dialog is modal and on top (hit test)';
            if (await ov.isModalOnTop().catch(() => false)) {
              step = 'the dialog is painted on top (IntersectionObserver v2)';
              if (await ov.paintedOnTop().catch(() => false)) return ov;
            }
          }
          await ov.detach();
        }
        if (Date.now() > deadline) throw new Error(`overlay not repaired within 5 s: "${step}" did not happen`);
        await sleep(50);
      }
    }

    it.each(['remove', 'displayNone', 'opacity', 'inert', 'cover', 'popover', 'shadowPopover', 'modal'])('trick: %s', async (name) => {
      const { page } = await hostileOverlay();
      expect(await trick(page, name)).toBe(true);
      const ov = await repaired(page); // the host may be a re-attached one
      expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
      if (name === 'cover' || name === 'shadowPopover') await page.screenshot({ path: `${SHOTS}inpage-hostile-${name}-en.png` });
      // One trick is repaired silently; the user can still decide.
      expect(await ov.visible('[data-testid="ov-tamper"]')).toBe(false);
      expect(posts('hostile-pay.test')).toEqual([]);
    });

    // The watchdog re-enters the top layer with close() + showModal(); the `close` event that queues must never be
    // read as the user's Escape — it was, on pages less than a second old (Escape time started at -1 ms), and the
    // overlay then closed for good (issue 20). Acting on a fresh page exercises exactly that window.
    it.each(['modal', 'popover', 'remove'])('trick on a page less than a second old: %s', async (name) => {
      const { page } = await hostileOverlay(0);
      expect(await trick(page, name)).toBe(true);
      const ov = await repaired(page);
      expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
      expect(posts('hostile-pay.test')).toEqual([]);
    });

    it('page text is never markup; text injected into the host is not shown', async () => {
      const { page, ov } = await hostileOverlay();
      expect(await page.title()).not.toBe('pwned'); // the label below was not turned into an <img>
      const reasons = (await ov.text('[data-testid="ov-reasons"]')) ?? '';
      expect(reasons).toContain('<img src=x onerror='); // the button label, shown as text
      expect(await ov.call<number>('function () { return this.querySelectorAll("img").length; }')).toBe(0);
      expect(await trick(page, 'inject')).toBe(true);
      await page.waitForFunction((sel) => document.querySelector(sel)?.childNodes.length === 0, { timeout: 5_000 }, OVERLAY)
        .catch(() => { throw new Error('the text injected into the overlay host was not removed within 5 s'); });
      expect(await ov.text('[data-testid="ov-title"]')).toBe('Stop! This page looks like a scam');
    });

    it('forged (untrusted) clicks and keys never press "continue"', async () => {
      const { page, ov } = await hostileOverlay();
      // Wait until "continue" is really enabled: a forged click then meets a live button.
      await ov.waitFor('function () { return !this.querySelector("[data-testid=ov-continue]").disabled; }', '"continue" became enabled');
      expect(await trick(page, 'forgeClick')).toBe(true);
      // Even a script holding the button itself (the test can, over CDP) only makes untrusted clicks.
      await ov.call('function () { this.querySelector("[data-testid=ov-continue]").click(); }');
      await ov.call('function () { this.querySelector("[data-testid=ov-leave]").click(); }');
      // Had any of them counted, the overlay would be gone (continue/leave both close it) — it is still open.
      expect(await ov.call<boolean>('function () { return this.querySelector("dialog").open; }')).toBe(true);
      expect(posts('hostile-pay.test')).toEqual([]);
      expect(await page.$(OVERLAY)).not.toBeNull();
      expect(page.url()).toBe('http://hostile-pay.test/');
    });

    it('repeated tampering: "continue" stays disabled and the toolbar badge turns red', async () => {
      const { page, ov: first } = await hostileOverlay();
      await trick(page, 'remove');
      await repaired(page);
      await trick(page, 'displayNone');
      await repaired(page);
      await trick(page, 'fightRemoval'); // the page now removes the host from its own MutationObserver
      // The tamper note shows once TAMPER_LIMIT tricks were repaired (the same closed root: the host is re-attached,
      // never re-created).
      await first.waitFor('function () { const n = this.querySelector("[data-testid=ov-tamper]"); return !!n && !n.hidden; }', 'the tamper note appeared');
      const ov = await repaired(page); // the fight does not keep it away
      expect(await ov.visible('[data-testid="ov-tamper"]')).toBe(true);
      expect(await ov.disabled('[data-testid="ov-continue"]')).toBe(true);
      // Longer than the continue delay: tampering switched "continue" off for good, not for a while.
      await sleep(CONTINUE_DELAY_MS + 300);
      expect(await ov.disabled('[data-testid="ov-continue"]')).toBe(true);
      await ov.click(page, '[data-testid="ov-continue"]');
      expect(await ov.call<boolean>('function () { return this.querySelector("dialog").open; }')).toBe(true);
      expect(posts('hostile-pay.test')).toEqual([]);
      // Even while the page keeps fighting, the pay button stays stopped, and this tab's badge says so.
      const worker = await (await session.serviceWorker()).worker();
      const deadline = Date.now() + 5_000;
      // Red (the block colour), not the warn colour this page had before it fought the overlay.
      let badge: string | null = null;
      while (badge !== '!,176,0,32' && Date.now() < deadline) {
        badge = (await worker?.evaluate(async () => {
          const c = (globalThis as unknown as { chrome: { tabs: { query(q: unknown): Promise<{ id: number }[]> }; action: { getBadgeText(d: unknown): Promise<string>; getBadgeBackgroundColor(d: unknown): Promise<number[]> } } }).chrome;
          const [tab] = await c.tabs.query({ url: 'http://hostile-pay.test/*' });
          if (!tab) return null;
          const [r, g, b] = await c.action.getBadgeBackgroundColor({ tabId: tab.id });
          return `${await c.action.getBadgeText({ tabId: tab.id })},${r},${g},${b}`;
        })) ?? null;
        if (badge !== '!,176,0,32') await sleep(50);
      }
      expect(badge, 'the toolbar badge of the tampering tab turned red "!"').toBe('!,176,0,32');
      await page.screenshot({ path: `${SHOTS}inpage-tamper-en.png` });
    });
  });

  it('axe-core finds no serious or critical violations inside the overlay (closed root opened for the audit only)', async () => {
    const page = await open('http://renwu-cloud.test/recharge');
    await page.waitForSelector('#recharge-btn');
    await sleep(800);
    await page.click('#recharge-btn');
    const ov = await overlayOf(page);
    await sleep(CONTINUE_DELAY_MS + 200);
    // axe walks `element.shadowRoot`, which is null for closed roots: expose this one root on its host, for axe only.
    await ov.call('function () { Object.defineProperty(this.host, "shadowRoot", { value: this, configurable: true }); }');
    await page.evaluate(AXE_SOURCE);
    type AxeOut = { violations: { id: string; impact: string }[]; passes: string[]; incomplete: string[] };
    const runAxe = (sel: string, rules?: string[]) =>
      page.evaluate(
        async (s, only) => {
          const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string }[]; passes: { id: string }[]; incomplete: { id: string }[] }> } }).axe;
          const r = await axe.run({ include: [[s]] }, only ? { runOnly: { type: 'rule', values: only } } : {});
          return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact })), passes: r.passes.map((p) => p.id), incomplete: r.incomplete.map((i) => i.id) };
        },
        sel,
        rules ?? null,
      ) as Promise<AxeOut>;
    const live = await runAxe(OVERLAY);
    expect(live.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    expect(live.passes).toEqual(expect.arrayContaining(['aria-dialog-name', 'button-name', 'list', 'listitem', 'aria-allowed-role']));
    // Inside the top layer (over a ::backdrop) axe cannot compute contrast ("incomplete"): audit a test copy — the
    // same nodes and stylesheet, every hidden part shown, rendered in normal flow on a blank page.
    expect(live.incomplete).toContain('color-contrast');
    const copy = await ov.call<{ css: string; markup: string }>(`function () {
      const css = [...this.adoptedStyleSheets].flatMap((s) => [...s.cssRules].map((r) => r.cssText))
        .concat([...this.querySelectorAll('style')].map((s) => s.textContent)).join('\\n');
      const d = this.querySelector('dialog').cloneNode(true);
      for (const el of d.querySelectorAll('[hidden]')) el.removeAttribute('hidden');
      d.style.position = 'static';
      return { css, markup: new XMLSerializer().serializeToString(d) };
    }`);
    await ov.detach();
    await page.close();
    const blank = await session.browser.newPage();
    await blank.evaluate(
      (c) => {
        const host = document.createElement('div');
        host.id = 'axe-copy';
        document.body.append(host);
        const root = host.attachShadow({ mode: 'open' });
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(c.css);
        root.adoptedStyleSheets = [sheet];
        const parsed = new DOMParser().parseFromString(c.markup, 'application/xhtml+xml');
        root.append(document.importNode(parsed.documentElement, true));
      },
      copy,
    );
    await blank.evaluate(AXE_SOURCE);
    const contrast = await blank.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string }[]; passes: { id: string }[] }> } }).axe;
      const r = await axe.run({ include: [['#axe-copy']] }, { runOnly: { type: 'rule', values: ['color-contrast'] } });
      return { violations: r.violations.map((v) => v.id), passes: r.passes.map((p) => p.id) };
    });
    expect(contrast).toEqual({ violations: [], passes: ['color-contrast'] });
    await blank.close();
  });

  it('caution page: a quiet banner at payment time, and the payment goes through', async () => {
    const page = await openChecked('http://licai-guide.test/');
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#buy-btn')]);
    await waitForPosts('licai-guide.test', 1);
    expect(await page.$(OVERLAY)).toBeNull();
    await page.close();
    expect(posts('licai-guide.test').length).toBe(1);
    // The banner is shown in the page that paid; check it on a form that does not navigate away.
    const p2 = await open('http://licai-guide.test/');
    await sleep(800);
    await p2.evaluate(() => document.getElementById('buy-form')?.addEventListener('submit', (e) => e.preventDefault()));
    await p2.click('#buy-btn');
    const banner = await ClosedRoot.of(p2, BANNER);
    expect(await banner.text('[data-testid="banner"]')).toContain('Be careful');
    await p2.screenshot({ path: `${SHOTS}inpage-banner-en.png` });
    await p2.close();
  });

  it('legit checkouts stay silent: no overlay, no banner, no badge; the order is sent', async () => {
    for (const [url, host, button] of [
      ['http://greenleaf-books.test/checkout/', 'greenleaf-books.test', '#place-order'],
      ['http://chayuan-tea.test/checkout/', 'chayuan-tea.test', '#submit-order'],
    ] as const) {
      const page = await openChecked(url);
      // First with the page itself holding the submit back, so anything we showed would still be there to see.
      await page.evaluate(() => {
        const hold = (e: Event) => e.preventDefault();
        (window as unknown as { hold: typeof hold }).hold = hold;
        document.querySelector('form')?.addEventListener('submit', hold);
      });
      await page.click(button);
      await sleep(500);
      expect(await page.$(`${OVERLAY}, ${BANNER}, ${BADGE}, ${CONFIRM}`)).toBeNull();
      await page.evaluate(() => document.querySelector('form')?.removeEventListener('submit', (window as unknown as { hold: (e: Event) => void }).hold));
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(button)]);
      await waitForPosts(host, 1);
      expect(posts(host).map((r) => r.path)).toEqual(['/order']);
      await page.close();
    }
  });

  it('ordinary pages run only the small always-on part; the UI part is injected when the worker wants features', async () => {
    // Debug pages (<html data-scamsentinel-debug>) get the content script's work on their performance timeline.
    const debugPage = (title: string, body: string) =>
      `<!doctype html><html lang="zh-CN" data-scamsentinel-debug><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;
    server.mount('garden-notes.test', (_req, res) => {
      const links = Array.from({ length: 50 }, (_, i) => `<li><a href="http://site-${i}.example.test/">Note ${i}</a></li>`).join('');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(debugPage('Garden notes', `<h1>Garden notes</h1><ul>${links}</ul>`));
    });
    server.mount('renwu-dating.test', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(debugPage('任务大厅', '<h1>任务大厅</h1><p>立即充值，领取佣金，每日返利</p>'));
    });
    const timeline = (page: Page) =>
      page.evaluate(`performance.getEntries().filter((e) => e.name.indexOf('scamsentinel:') === 0).map((e) => e.name.slice(13))`) as Promise<string[]>;
    const page = await session.browser.newPage();
    await page.goto('http://garden-notes.test/');
    await page.waitForFunction("performance.getEntriesByName('scamsentinel:page-checked').length > 0", { timeout: 15_000 });
    await sleep(300);
    const plain = await timeline(page);
    expect(plain.filter((n) => n === 'send')).toHaveLength(1); // one checkPage: 50 links + the gate sample
    expect(plain).not.toContain('ui-loaded');
    expect(plain).not.toContain('extract');

    await page.goto('http://renwu-dating.test/');
    await page.waitForFunction("performance.getEntriesByName('scamsentinel:page-checked').length > 0", { timeout: 15_000 });
    const scammy = await timeline(page);
    expect(scammy).toContain('ui-loaded');
    expect(scammy).toContain('extract');
    expect(scammy.filter((n) => n === 'send')).toHaveLength(2); // gate sample, then the features
    await page.close();
  });

  it('made no request except to the demo sites (proxy log + CDP log of the extension)', () => {
    assertOnlyExpectedTraffic(server.log, session.extensionRequests);
  });
});

describe('in-page protection in Chinese (zh-CN)', () => {
  let zh: ChromiumSession;
  beforeAll(async () => {
    zh = await launchChromium({ proxyUrl: server.proxyUrl, lang: 'zh-CN', extensionDir });
  });
  afterAll(async () => {
    await zh?.close();
  });

  it('overlay, badges and link confirm speak Chinese (screenshots)', async () => {
    const page = await zh.browser.newPage();
    await page.goto('http://renwu-cloud.test/recharge');
    await page.waitForSelector('#recharge-btn');
    await sleep(800);
    await page.click('#recharge-btn');
    const ov = await ClosedRoot.of(page, OVERLAY);
    expect(await ov.text('[data-testid="ov-title"]')).toBe('请停下！这个页面很像诈骗');
    expect(await ov.text('[data-testid="ov-category"]')).toContain('刷单返利诈骗');
    expect(await ov.text('[data-testid="ov-advice"]')).toContain('96110');
    await page.screenshot({ path: `${SHOTS}inpage-overlay-zh.png` });
    await page.close();

    const feed = await zh.browser.newPage();
    await feed.goto('http://pengyou-feed.test/');
    await feed.waitForSelector(`article[data-post-id="2"] > ${BADGE}`, { timeout: 10_000 });
    await sleep(1000); // the ad iframe's interstitial settles (it scrolls the feed when it takes focus)
    await feed.evaluate(() => window.scrollTo(0, 0));
    await feed.hover(`article[data-post-id="2"] > ${BADGE}`);
    await sleep(200);
    await feed.screenshot({ path: `${SHOTS}inpage-feed-zh.png` });
    await feed.evaluate(() => document.getElementById('ad-task-link')?.scrollIntoView({ block: 'center' }));
    await sleep(200);
    await feed.click('#ad-task-link');
    const dlg = await ClosedRoot.of(feed, CONFIRM);
    expect(await dlg.text('h2')).toBe('这个链接通往已知的诈骗网站');
    await feed.screenshot({ path: `${SHOTS}inpage-link-confirm-zh.png` });
    await feed.close();

    const usdt = await zh.browser.newPage();
    await usdt.goto('http://haohuo-mall.test/checkout/');
    const ov2 = await ClosedRoot.of(usdt, OVERLAY);
    expect(await ov2.text('#ss-lead')).toContain('把钱转到哪里');
    // the warning signs are rendered from the zh_CN tables: words of the page and names only, no English of ours
    const why = (await ov2.text('[data-testid="ov-reasons"]')) ?? '';
    expect(why).toMatch(/要求的付款方式：.*户名/);
    expect(why.replace(/QQ|ICP/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    await usdt.screenshot({ path: `${SHOTS}inpage-bank-transfer-zh.png` });
    await usdt.close();
  });
});
