/**
 * Chromium's worker (wxt.config.ts `chromiumLateScript` puts this file in place of later-loader.ts there): the
 * worker's second half (later.ts) is not in worker-app.js but a classic script of the build, `/worker-later.js`
 * (entrypoints/worker-later.ts), imported with importScripts() the first time it is needed — at a wake, right after
 * the first verdict. Chromium lets a service worker import a script after its installation only if it was imported
 * while installing: worker-boot.ts imports it then, like Dexie (importLater in worker-wake.ts).
 */
import type * as laterModule from './later';
import { importLater } from './worker-wake';

export type LaterModule = typeof laterModule;

export function later(): LaterModule {
  return importLater() as LaterModule;
}
