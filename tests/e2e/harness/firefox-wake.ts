/**
 * Firefox background suspension for wake tests (worker-wake.firefox, synced-wake.firefox). Firefox suspends an MV3
 * event page after `extensions.background.idle.timeout` of idleness (30 s, the default: a shorter one also suspends
 * the first start in the middle of installing ~300k redirect rules, again at every restart); the next event starts it
 * again. Every start writes storage.session `dnrWakeCheck.at` after its first verdict: a start after an idle wait is
 * the proof that an answer came from a woken background.
 * Firefox refuses `goto` into moz-extension pages: extension pages are reached through the web-accessible warning
 * page, then by `location`.
 */
import type { Page } from 'puppeteer-core';
import type { FirefoxSession } from './browsers';
import { moveTab } from './settle';

/** Firefox's default idle timeout (extensions.background.idle.timeout) and a margin. */
const IDLE_WAIT_MS = 30_000 + 8_000;

type Ext = { browser: { storage: { session: { get(k: string): Promise<Record<string, { at?: number } | undefined>> } } } };

/** Move an extension tab to one of our pages and wait until its extension APIs are there. */
export async function goToExtensionPage(session: FirefoxSession, tab: Page, path: string): Promise<void> {
  await moveTab(tab, session.extUrl(path), (at) => at === session.extUrl(path));
  await tab.waitForFunction(() => typeof (globalThis as unknown as Partial<Ext>).browser?.storage?.session?.get === 'function', { timeout: 10_000 });
}

/** When the last background start settled (after its first verdict); 0 before any. */
function lastStart(ext: Page): Promise<number> {
  return ext.evaluate(async () => (await (globalThis as unknown as Ext).browser.storage.session.get('dnrWakeCheck')).dnrWakeCheck?.at ?? 0);
}

/**
 * Let the background go idle long enough for Firefox to suspend it, with no extension page open in the test's tab
 * (it shows a web page meanwhile); returns when the wait began.
 */
async function idle(ext: Page): Promise<number> {
  await ext.goto('http://shop.test/');
  const since = Date.now();
  await new Promise((r) => setTimeout(r, IDLE_WAIT_MS)); // Firefox's own idle timer: nothing to poll for
  return since;
}

/** Whether the background started (settled its first verdict) after `since`, waiting up to `ms`. */
async function startedAfter(ext: Page, since: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while ((await lastStart(ext)) <= since) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

/**
 * Idle, then `step` (which must wake the background and check what it shows). Firefox suspends an idle background
 * after 30 s, but anything the extension does meanwhile restarts that timer — its first list check is armed at a
 * random time within 60 s of install — so when no restart is seen after the step, idle once more and repeat it.
 * A step whose checks fail fails the test at once; only "the background was not suspended" is retried.
 */
export async function afterSuspension(ext: Page, step: () => Promise<void>): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const since = await idle(ext);
    await step();
    if (await startedAfter(ext, since, 20_000)) return;
  }
  throw new Error('the background did not start again after three idle waits');
}
