/**
 * Counts what a tab's top frame commits, seen from inside the extension: an extension page (which has the
 * webNavigation permission, like the worker) records every top-frame `onCommitted` while the test runs. This works
 * the same in Chromium and Firefox, where puppeteer does not track navigations into moz-extension pages.
 */
import type { Page } from 'puppeteer-core';

export interface Commit {
  readonly tabId: number;
  readonly url: string;
  readonly at: number;
}

type Api = {
  webNavigation: { onCommitted: { addListener(f: (d: { tabId: number; frameId: number; url: string; timeStamp: number }) => void): void } };
};

/** Starts recording on `observer` (an open extension page); read with `commits(observer)`. */
export async function recordCommits(observer: Page): Promise<void> {
  await observer.evaluate(() => {
    const g = globalThis as unknown as { browser?: Api; chrome?: Api; __ssCommits?: Commit[] };
    const api = (g.browser ?? g.chrome)!;
    g.__ssCommits = [];
    api.webNavigation.onCommitted.addListener((d) => {
      if (d.frameId === 0) g.__ssCommits!.push({ tabId: d.tabId, url: d.url, at: d.timeStamp });
    });
  });
}

export async function commits(observer: Page): Promise<Commit[]> {
  return observer.evaluate(() => (globalThis as unknown as { __ssCommits?: Commit[] }).__ssCommits ?? []);
}
