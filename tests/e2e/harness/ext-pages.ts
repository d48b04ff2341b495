/**
 * Extension pages the same way in Chromium and Firefox: Chromium opens them with `goto`; Firefox refuses `goto`
 * into moz-extension pages, so the tab starts on a demo site and moves there by `location` (the interstitial is
 * web-accessible; from one extension page every other one can be reached).
 */
import type { Browser, Page } from 'puppeteer-core';
import { pressUpdateNow } from './options';
import { moveTab } from './settle';

export interface ExtSession {
  readonly kind: 'chromium' | 'firefox';
  readonly browser: Browser;
  extUrl(path: string): string;
}

export async function openExtPage(s: ExtSession, path: string): Promise<Page> {
  const page = await s.browser.newPage();
  if (s.kind === 'chromium') {
    await page.goto(s.extUrl(path));
    return page;
  }
  await page.goto('http://shop.test/');
  // A web page may only open the web-accessible interstitial; from there, any page of ours.
  for (const u of [s.extUrl('/warning.html?url=http://example.test/'), s.extUrl(path)]) await moveTab(page, u, (at) => at === u);
  return page;
}

/** "Update now" on a fresh options page; the message it ends with. */
export async function updateNowIn(s: ExtSession): Promise<string> {
  const page = await openExtPage(s, '/options.html');
  try {
    return await pressUpdateNow(page, 60_000);
  } finally {
    await page.close();
  }
}

export interface ModelStatusOnPage {
  readonly source: string;
  readonly release: number;
  readonly inUse: string;
  readonly code: string;
  readonly last: string;
  readonly detail: string;
}

/** The options page's "Detection model" section, as the user sees it. */
export async function modelStatusIn(page: Page): Promise<ModelStatusOnPage> {
  await page.waitForFunction(() => document.querySelector('[data-testid="model-last"]') !== null, { timeout: 15_000 });
  return page.evaluate(() => {
    const use = document.querySelector('[data-testid="model-in-use"]') as HTMLElement;
    const last = document.querySelector('[data-testid="model-last"]') as HTMLElement;
    return {
      source: use.dataset['source'] ?? '',
      release: Number(use.dataset['release']),
      inUse: use.textContent ?? '',
      code: last.dataset['code'] ?? '',
      last: last.textContent ?? '',
      detail: last.title,
    };
  });
}

export async function modelStatus(s: ExtSession): Promise<ModelStatusOnPage> {
  const page = await openExtPage(s, '/options.html');
  try {
    return await modelStatusIn(page);
  } finally {
    await page.close();
  }
}

/**
 * Opens `url` in a new tab, waits until the content script has checked it (the site must be in the SiteServer's
 * debugHosts), then reads the tab's verdict from the popup: its level and the warning signs it lists.
 */
export async function pageVerdict(s: ExtSession, url: string): Promise<{ level: string; signals: string }> {
  const page = await s.browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('scamsentinel:page-checked').length > 0, { timeout: 15_000, polling: 50 });
  const ext = await openExtPage(s, '/warning.html?url=http://example.test/');
  try {
    // Retried while the extension page's realm is not there yet (seen once in Firefox: neither `browser` nor `chrome`
    // defined in an evaluation that landed as the interstitial's document was replaced).
    const deadline = Date.now() + 10_000;
    let tabId: number | null | undefined;
    while (tabId === undefined) {
      tabId = await ext
        .evaluate(async (u: string) => {
          const g = globalThis as unknown as { browser?: Tabs; chrome?: Tabs };
          const api = g.browser?.tabs ? g.browser : g.chrome?.tabs ? g.chrome : null;
          if (!api) return undefined;
          const [t] = await api.tabs.query({ url: `${u}*` });
          return t ? t.id : null;
        }, url)
        .catch(() => undefined);
      if (tabId === undefined) {
        if (Date.now() > deadline) throw new Error('the extension page never had the tabs API');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    if (tabId === null) throw new Error(`no tab for ${url}`);
    await ext.evaluate((u: string) => {
      location.href = u;
    }, s.extUrl(`/popup.html?tab=${tabId}`));
    await ext.waitForFunction(() => document.querySelector('[data-testid="status"]') !== null, { timeout: 10_000 });
    return await ext.evaluate(() => ({
      level: document.querySelector('[data-testid="status"]')?.getAttribute('data-level') ?? '',
      signals: (document.querySelector('[data-testid="signals"]') as HTMLElement | null)?.innerText ?? '',
    }));
  } finally {
    await ext.close();
    await page.close();
  }
}

type Tabs = { tabs: { query(q: unknown): Promise<{ id: number }[]> } };
