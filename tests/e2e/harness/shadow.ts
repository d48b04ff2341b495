/** Reading the interstitial and extension pages in tests. */
import type { Page } from 'puppeteer-core';

export async function textOf(page: Page, selector: string): Promise<string> {
  await page.waitForSelector(selector, { timeout: 10_000 });
  return page.$eval(selector, (el) => (el as HTMLElement).innerText.trim());
}

/** Send a raw runtime message from an extension page (bypassing the typed client) and return the response. */
export async function rawMessage(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(async (m) => {
    const rt = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
    return rt.sendMessage(m);
  }, message);
}
