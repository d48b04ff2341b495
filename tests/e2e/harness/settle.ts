/**
 * Waiting across a navigation without racing it.
 *
 * puppeteer's `waitForFunction` / `waitForSelector` poll by evaluating in the page's current realm. Over WebDriver
 * BiDi (Firefox), an evaluation that lands while the old document is being torn down can fail with a protocol error
 * ("right-hand side of 'in' should be an object, got null") that puppeteer does not treat as "context destroyed",
 * so the wait rejects instead of retrying — a flaky failure that has nothing to do with the extension. These helpers
 * poll with their own evaluations and retry one that fails while the realm changes. (`page.url()` is no help: the
 * BiDi client does not follow a tab into moz-extension pages.)
 */
import type { Page } from 'puppeteer-core';

export type UrlTest = string | ((url: string) => boolean);

const matches = (t: UrlTest, url: string): boolean => (typeof t === 'string' ? url.startsWith(t) : t(url));

/** Waits until the tab's URL passes `where` (a prefix, or a test) and that document has finished loading. */
export async function settleOn(page: Page, where: UrlTest, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let at = '';
  for (;;) {
    const now = await page.evaluate(() => [location.href, document.readyState] as const).catch(() => null);
    if (now) {
      at = now[0];
      if (now[1] === 'complete' && matches(where, at)) return at;
    }
    if (Date.now() > deadline) throw new Error(`within ${timeoutMs} ms, expected the tab to settle on ${String(where)}; it is at ${at || page.url()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Sets `location.href` from inside the page (how a page reaches the web-accessible interstitial) and settles there. */
export async function moveTab(page: Page, url: string, where: UrlTest = url, timeoutMs = 15_000): Promise<string> {
  await page
    .evaluate((u: string) => {
      location.href = u;
    }, url)
    // the evaluation can lose its realm to the very navigation it starts; settleOn decides
    .catch(() => undefined);
  return settleOn(page, where, timeoutMs);
}

/** Polls `test` in the settled page, retrying an evaluation that fails while the realm changes. */
export async function pollIn<T>(page: Page, test: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await page.evaluate(test).catch(() => undefined);
    if (v) return v as T;
    if (Date.now() > deadline) throw new Error(`within ${timeoutMs} ms, expected ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
