/**
 * The browser's own dialog for a held payment step when none of our UI can be shown (top frame: page/guard.ts;
 * sub-frames: frame/guard.ts).
 */
import { browser } from 'wxt/browser';

/** In case the extension's messages cannot be read either (its context is gone after an update). */
const NO_UI_TEXT =
  'ScamSentinel could not check this page, so it cannot tell whether this step is safe (the extension did not respond; if it was just updated, reload the page). Continue anyway?';

/**
 * The browser's own confirmation dialog, for a held step whose page could not be checked when none of our UI can be
 * shown. The page can neither answer it nor change its words: the content script's `window.confirm` is not the
 * page's (isolated world in Chromium, Xray in Firefox). A dialog the browser suppresses answers false: not passed.
 */
export function askWithoutUi(): boolean {
  let text = NO_UI_TEXT;
  try {
    text = browser.i18n.getMessage('guardNoUi') || NO_UI_TEXT;
  } catch {
    // extension context invalidated: the built-in English text
  }
  return window.confirm(text);
}
