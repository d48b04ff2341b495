/**
 * `later()`: the worker's second half (later.ts). Here (Node, Firefox's event page) it is bundled with the rest.
 * The Chromium worker's build replaces this file with later-loader.chromium.ts (wxt.config.ts `chromiumLateScript`),
 * which imports `/worker-later.js` on first use.
 */
import * as laterModule from './later';

export type LaterModule = typeof laterModule;

export function later(): LaterModule {
  return laterModule;
}
