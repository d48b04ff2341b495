/** Driving the options page's list panel from tests and benches. */
import type { Page } from 'puppeteer-core';
import type { ChromiumSession } from './browsers';

/** What the options page says after "Update now" fetched a newer list (English UI). */
export const UPDATED = 'The list was updated.';
/** What it says when the list was already the newest. */
export const UNCHANGED = 'The list is already up to date.';
/**
 * "Update now" right after a publish in a freshly installed browser: updated by this press, or already by the
 * extension's own first check (armed at a random time within 60 s of install, so on a loaded machine it can win the
 * race). Only for tests whose next assertions check the outcome itself (rules, model status, verdicts).
 */
export const SYNCED: readonly string[] = [UPDATED, UNCHANGED];

const UPDATE_NOW = '[data-list="scamsentinel-main"] [data-testid="update-now"]';

/**
 * Presses "Update now" on an open options page and returns the message it ends with (UPDATED, an error in words …).
 * The message a previous press left is marked first, and only a message written after this press counts: a poll that
 * ran before the page re-rendered would otherwise read the old outcome. The press is a DOM click on the button, so a
 * row that re-renders under the pointer (the 5 s status poll) cannot make it miss.
 */
export async function pressUpdateNow(page: Page, timeoutMs = 30_000): Promise<string> {
  await page.waitForSelector(UPDATE_NOW);
  await page.$eval(UPDATE_NOW, (b) => {
    document.querySelector('[data-testid="lists-message"]')?.setAttribute('data-before-press', '');
    (b as HTMLButtonElement).click();
  });
  await page.waitForFunction(
    (sel) => {
      const b = document.querySelector(sel) as HTMLButtonElement | null;
      const m = document.querySelector('[data-testid="lists-message"]');
      return b !== null && !b.disabled && m !== null && !m.hasAttribute('data-before-press');
    },
    { timeout: timeoutMs },
    UPDATE_NOW,
  );
  return page.$eval('[data-testid="lists-message"]', (e) => (e as HTMLElement).innerText);
}

/** The same in a fresh options page, closed afterwards. */
export async function updateNow(session: ChromiumSession, timeoutMs = 60_000): Promise<string> {
  const page = await session.browser.newPage();
  try {
    await page.goto(session.extUrl('/options.html'));
    return await pressUpdateNow(page, timeoutMs);
  } finally {
    await page.close();
  }
}
