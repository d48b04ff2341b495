/**
 * Shared steps of the in-page suites: open a page and wait until the content script's check finished (its debug
 * timeline mark — the site server must mark the host with `debugHosts`), and run code in an extension page of ours
 * (Chromium: tab queries, toolbar badges). Waits poll the state they need, never fixed time.
 */
import type { Browser, Page } from 'puppeteer-core';

/** Opens `url` in a new tab (dialogs dismissed) and waits for the content script's `scamsentinel:page-checked` mark. */
export async function openChecked(browser: Browser, url: string, timeoutMs = 10_000): Promise<Page> {
  const page = await browser.newPage();
  page.on('dialog', (d) => void d.dismiss());
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: timeoutMs, polling: 50 });
  return page;
}

export interface ExtensionCalls {
  /** Runs `fn` (an async function body; `chrome` is the extension API) in an options page of ours, kept open. */
  inExtension<T>(fn: string): Promise<T>;
  /** Waits until the tab matching `urlPattern` shows `text` on the toolbar badge; its tab id. */
  waitForBadge(urlPattern: string, text: string, timeoutMs?: number): Promise<number>;
}

export function extensionCalls(session: { readonly browser: Browser; extUrl(path: string): string }): ExtensionCalls {
  let extPage: Page | null = null;
  async function inExtension<T>(fn: string): Promise<T> {
    if (!extPage || extPage.isClosed()) {
      extPage = await session.browser.newPage();
      await extPage.goto(session.extUrl('/options.html'));
    }
    return extPage.evaluate(`(async () => { const chrome = globalThis.chrome; ${fn} })()`) as Promise<T>;
  }
  async function waitForBadge(urlPattern: string, text: string, timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await inExtension<{ id: number; text: string } | null>(
        `const [t] = await chrome.tabs.query({ url: ${JSON.stringify(urlPattern)} }); return t ? { id: t.id, text: await chrome.action.getBadgeText({ tabId: t.id }) } : null;`,
      );
      if (r && r.text === text) return r.id;
      if (Date.now() > deadline) throw new Error(`${urlPattern}: badge "${r?.text}", expected "${text}" within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return { inExtension, waitForBadge };
}
