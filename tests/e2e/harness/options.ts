/** Driving the options page's list panel from tests and benches. */
import type { Page } from 'puppeteer-core';
import type { ChromiumSession } from './browsers';

/** What the options page says after "Update now" fetched a newer list (English UI). */
export const UPDATED = 'The list was updated.';

const UPDATE_NOW = '[data-list="scamsentinel-main"] [data-testid="update-now"]';

/** Presses "Update now" on an open options page and returns the message it ends with (UPDATED, an error in words …). */
export async function pressUpdateNow(page: Page, timeoutMs = 30_000): Promise<string> {
  await page.waitForSelector(UPDATE_NOW);
  await page.click(UPDATE_NOW);
  await page.waitForFunction(
    (sel) => {
      const b = document.querySelector(sel) as HTMLButtonElement | null;
      return b !== null && !b.disabled && document.querySelector('[data-testid="lists-message"]') !== null;
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
