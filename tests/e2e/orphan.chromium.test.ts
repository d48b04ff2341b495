/**
 * A tab opened before the extension was updated (here: the same build installed again): Chromium leaves that tab's content script
 * running, cut off from the worker — no verdicts, no UI part. A payment step on a route it never checked used to be
 * replayed silently ("protection unavailable"). Now the browser's own dialog asks (src/content/page/guard.ts
 * askWithoutUi): dismissed, nothing is sent; accepted, the step goes ahead. Chromium only: Firefox ends an updated
 * extension's content scripts with it. Fails on the parent build (the POST reaches the site without a dialog).
 */
import { afterEach, expect, it } from 'vitest';
import type { Dialog, Page, Target } from 'puppeteer-core';
import { type ChromiumSession } from './harness/browsers';
import type { SiteServer } from './harness/site-server';
import { useChromium } from './harness/file-browser';

let server: SiteServer;
let session: ChromiumSession;
const buildDir = useChromium('ss-orphan-', (s, b) => {
  server = s;
  session = b;
});

const opened: Page[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await Promise.race([p.close().catch(() => undefined), new Promise((r) => setTimeout(r, 10_000))]);
});

const posts = () => server.requestsTo('spa-pay.test').filter((r) => r.method === 'POST');

/** The next dialog the page shows, answered with `accept`; fails naming the step when none comes in time. */
function nextDialog(page: Page, accept: boolean, what: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      page.off('dialog', on);
      reject(new Error(`within ${timeoutMs} ms, expected: ${what} (POSTs so far: ${posts().length})`));
    }, timeoutMs);
    const on = (d: Dialog): void => {
      clearTimeout(timer);
      page.off('dialog', on);
      const text = d.message();
      void (accept ? d.accept() : d.dismiss()).then(() => resolve(text));
    };
    page.on('dialog', on);
  });
}

it('after an update of the extension, a payment on a route that was never checked asks through the browser\'s dialog; dismissed: nothing sent; accepted: sent once', async () => {
  const page = await session.browser.newPage();
  opened.push(page);
  await page.goto('http://spa-pay.test/');
  await page
    .waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 10_000, polling: 50 })
    .catch(() => {
      throw new Error('within 10 s, expected: the content script checked the page');
    });

  // Nothing on the first page made the content script load its UI part (so nothing of ours can be shown later).
  expect(await page.evaluate(() => performance.getEntriesByName('scamsentinel:ui-loaded').length)).toBe(0);

  // Install the same build again (how an update reaches an unpacked extension): a new worker starts; this tab keeps
  // the old content script, whose extension context is gone.
  const old = await session.serviceWorker();
  const isNewWorker = (t: Target) => t !== old && t.type() === 'service_worker' && t.url().startsWith(`chrome-extension://${session.extId}/`);
  expect(await session.browser.installExtension(buildDir)).toBe(session.extId);
  await session.browser.waitForTarget(isNewWorker, { timeout: 20_000 });

  // The SPA's checkout route: never checked (the content script can no longer reach the worker).
  await page.click('#go');
  await page.waitForSelector('#pay-btn', { visible: true });

  const first = nextDialog(page, false, 'the browser\'s dialog for an unchecked payment step');
  await page.click('#pay-btn');
  const text = await first;
  expect(text).toContain('ScamSentinel could not check this page');
  expect(text).toContain('reload the page');
  expect(posts(), 'dismissed: nothing reached the site').toEqual([]);

  const second = nextDialog(page, true, 'the dialog again on the second attempt');
  await page.click('#pay-btn');
  await second;
  await page.waitForResponse((r) => r.url() === 'http://spa-pay.test/api/pay', { timeout: 10_000 }).catch(() => undefined);
  const deadline = Date.now() + 10_000;
  while (posts().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(posts().length, 'accepted: the step went ahead, once').toBe(1);
});
