import { render } from 'preact';
import { browser } from 'wxt/browser';
import type { SiteStatus } from '../../messaging/protocol';
import { send } from '../../messaging/client';
import { uiLanguage } from '../i18n';
import { targetFromWarningUrl } from '../site-name';
import { fitScreenshot } from '../report/fit-screenshot';
import { PopupView } from './popup-view';

/** The tab the popup describes: the active tab, or `?tab=ID` when the popup is opened as a page (tests). */
async function describedTab(search: string): Promise<{ id: number; url: string; windowId: number } | null> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  const tab = Number.isInteger(fromQuery) && fromQuery > 0
    ? await browser.tabs.get(fromQuery)
    : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
  if (tab?.id === undefined || !tab.url) return null;
  // On our interstitial, describe the site it stopped.
  const target = tab.url.startsWith(browser.runtime.getURL('/warning.html')) ? targetFromWarningUrl(tab.url) : null;
  return { id: tab.id, url: target ?? tab.url, windowId: tab.windowId ?? browser.windows.WINDOW_ID_CURRENT };
}

export async function mountPopup(doc: Document, search: string): Promise<void> {
  const app = doc.getElementById('app');
  if (!app) return;
  doc.documentElement.lang = uiLanguage();
  const openSettings = () => void browser.runtime.openOptionsPage();
  let tab: Awaited<ReturnType<typeof describedTab>> = null;
  // Scaled down to the report cap when needed (a busy page's PNG can be several MB).
  const captureScreenshot = async () =>
    fitScreenshot(await browser.tabs.captureVisibleTab(tab?.windowId ?? browser.windows.WINDOW_ID_CURRENT, { format: 'png' }), doc);
  const paint = (status: SiteStatus | null, error: string | null) =>
    render(
      <PopupView
        status={status}
        url={tab?.url ?? ''}
        {...(tab ? { tabId: tab.id } : {})}
        error={error}
        now={Date.now()}
        openSettings={openSettings}
        captureScreenshot={captureScreenshot}
      />,
      app,
    );
  try {
    tab = await describedTab(search);
    const status = await send('getStatus', tab ? { url: tab.url, tabId: tab.id } : { url: 'about:blank' });
    paint(status, null);
  } catch (err: unknown) {
    paint(null, err instanceof Error ? err.message : String(err));
  }
}
