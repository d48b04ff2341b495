/**
 * The always-on content script's extension API, without webextension-polyfill (issue 18, page-load overhead).
 *
 * content.js runs at document_start on every page. Building the polyfill's wrapper there took ~2–4 ms of each page's
 * load: the API metadata table and the wrapper around `chrome` (a CPU profile of checkout loads, Chromium 156). The
 * API object is looked up on first use. What content.js calls needs no wrapper in either browser:
 * `runtime.sendMessage` returns a promise natively (Firefox's `browser`, and Chromium's `chrome` in MV3).
 * `wxt.config.ts` (`contentShims`) resolves `wxt/browser` to this module in the content script's build only; the UI
 * part, the extension pages and the worker keep the polyfill.
 */
import type { browser as polyfilled } from 'wxt/browser';

type Api = typeof polyfilled;

let api: Api | undefined;
/** Firefox's `browser`, else Chromium's `chrome`: looked up on first use, not at document_start — the first read of
 *  `chrome` in a page's isolated world makes Chromium build its API object there (~1.5–2.5 ms in the profile). */
function native(): Api {
  const g = globalThis as { browser?: Api; chrome?: Api };
  api ??= (g.browser?.runtime?.id ? g.browser : g.chrome) as Api;
  return api;
}

export const browser: Api = new Proxy({} as Api, {
  get: (_target, key) => Reflect.get(native(), key) as unknown,
  has: (_target, key) => key in native(),
});
