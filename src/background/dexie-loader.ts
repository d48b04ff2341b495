/**
 * Dexie's constructor, for `openDb` (db.ts). Here (Node, Firefox's event page): the bundled module. The Chromium
 * worker's build replaces this file with dexie-loader.chromium.ts (wxt.config.ts `chromiumLazyDexie`), which loads
 * Dexie as a script of its own on first use, so that a wake's first verdict (which reads the database without Dexie:
 * wake-read.ts) does not wait for ~96 KB of Dexie to be loaded, compiled and run (issue 18).
 */
import Dexie from 'dexie';

export function loadDexie(): typeof Dexie {
  return Dexie;
}
