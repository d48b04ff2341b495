/**
 * Firefox's background (an MV3 event page: no importScripts, no service-worker install cache): the whole worker in
 * one script, as before the Chromium split (worker-boot.ts). wxt.config.ts puts this module in place of worker-boot.ts
 * in the Firefox build. The wake's read (wake-prefetch.ts) is still the first module evaluated.
 */
import { wakeRows } from './wake-prefetch';
import { start } from './start';

export function boot(): void {
  start({ wakeRows });
}
