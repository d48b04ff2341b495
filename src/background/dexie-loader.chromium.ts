/**
 * Chromium's worker (wxt.config.ts `chromiumLazyDexie` puts this file in place of dexie-loader.ts there): Dexie is
 * not in worker-app.js but a classic script of the build, `/dexie.js` (Dexie's own UMD build, which defines
 * `globalThis.Dexie`), imported with importScripts() the first time the database is used through Dexie — at a wake,
 * after the first verdict (the wake's reads go without Dexie: wake-read.ts). Chromium lets a service worker import
 * a script after its installation only if it was imported while installing: worker-boot.ts imports it during the
 * install's evaluation or in the install event (importDexie in worker-wake.ts), and Chromium keeps it with the
 * worker's other scripts.
 */
import type Dexie from 'dexie';
import { importDexie } from './worker-wake';

export function loadDexie(): typeof Dexie {
  return importDexie() as typeof Dexie;
}
