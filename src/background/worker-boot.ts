/**
 * The Chromium worker's script (background.js): the wake's database read, listeners that hold the waking events,
 * and nothing else. What a wake's first verdict needs (start(): stores, handlers, lists, look-alike check, message
 * parsing — ~310 KB) is a second classic script, worker-app.js (entrypoints/worker-app.ts), loaded with importScripts():
 *   - at the worker's first evaluation (install), at once: Chromium lets a service worker import a new script only
 *     while it installs, and keeps it (with a V8 code cache) for the later wakes;
 *   - at a wake, also at once (wake8), right after the wake's database open was issued (wake-prefetch.ts): the
 *     browser opens the database while the worker compiles and evaluates worker-app.js. (wake6 imported it only once
 *     the wake's reads were out, so that the 8 MB key-less table was read meanwhile; since wake8 the wake reads only
 *     the table's head and the chunks its first lookups need — small reads — and the whole file after the first
 *     verdict, so the open is what is worth overlapping, for a synced list and for the bundled-only wake alike.)
 * MV3 wants every listener registered in the first evaluation: the ones here are, and they queue what arrives
 * until start() has registered its own; start()'s listeners then handle the queued events (a message is answered
 * through its kept channel, in webextension-polyfill's reply format) and every later one.
 * Dexie is a third classic script (/dexie.js), imported while installing and then on first use (dexie-loader.chromium.ts);
 * the worker's second half (classifier, sync, reports, rule compiler: later.ts) a fourth, /worker-later.js, imported
 * while installing and then right after a wake's first verdict (later-loader.chromium.ts).
 * Firefox (an event page, no importScripts) loads worker-boot.firefox.ts instead (wxt.config.ts): one script.
 */
// First: the wake's read starts before anything else is evaluated.
import { wakeRows } from './wake-prefetch';
import { browser } from 'wxt/browser';
import type { WorkerListeners } from './start';
import { PSL_FILE, WAKE_GLOBAL, WORKER_APP_SCRIPT, fetchOwnBytes, importDexie, importLater, type WorkerWake } from './worker-wake';

type Held = (l: WorkerListeners) => void;

/** Listeners registered in the first evaluation that hold events until `live` is set. */
function holdEvents(): { readonly live: (l: WorkerListeners) => void } {
  const held: Held[] = [];
  let listeners: WorkerListeners | null = null;
  const hold = (f: Held): void => {
    if (!listeners) held.push(f);
  };
  // A promise keeps the message's channel open until start() answers (webextension-polyfill's reply format).
  browser.runtime.onMessage.addListener((message: unknown, sender) =>
    listeners ? undefined : new Promise<unknown>((answer) => held.push((l) => answer(l.message(message, sender)))),
  );
  browser.webNavigation.onBeforeNavigate.addListener((d) => hold((l) => l.beforeNavigate(d)));
  browser.tabs.onRemoved.addListener((tabId) => hold((l) => l.tabRemoved(tabId)));
  browser.runtime.onStartup.addListener(() => hold((l) => l.startup()));
  browser.runtime.onInstalled.addListener(() => hold((l) => l.installed()));
  browser.alarms.onAlarm.addListener((alarm) => hold((l) => l.alarm(alarm)));
  globalThis.addEventListener('online', () => hold((l) => l.online()));
  return {
    live: (l) => {
      listeners = l;
      for (const f of held.splice(0)) f(l);
    },
  };
}

export function boot(): void {
  const events = holdEvents();
  // The public suffixes, which the first verdict needs: fetched while worker-app.js loads (psl-deferred.ts).
  const publicSuffixes = fetchOwnBytes(PSL_FILE);
  publicSuffixes.catch(() => undefined); // start() reports a failure (and fetches again)
  const wake: WorkerWake = { wakeRows, publicSuffixes, started: (bg) => events.live(bg.listeners) };
  (globalThis as Record<string, unknown>)[WAKE_GLOBAL] = wake;
  // While installing (Chromium allows importing a new script only then) and at every wake: at once. The held
  // listeners above stay: they are registered first, and they hand over anything that reaches them before start().
  (globalThis as unknown as { importScripts: (url: string) => void }).importScripts(WORKER_APP_SCRIPT);
  // Dexie's script (not in worker-app.js: a wake's first verdict does not need it) is imported on first use
  // (dexie-loader.chromium.ts). Chromium allows that after installation only for a script imported while the worker
  // installed: import it now if this is the install's evaluation (a new worker is 'parsed'), else in the install
  // event (importDexie imports it once per worker).
  const state = (globalThis as { serviceWorker?: { state?: string } }).serviceWorker?.state;
  if (state === undefined || state === 'parsed' || state === 'installing') loadScriptsWhileInstalling();
  globalThis.addEventListener('install', loadScriptsWhileInstalling);
}

/** Dexie's script and the worker's second half (worker-later.js): Chromium keeps what a worker imports while installing. */
function loadScriptsWhileInstalling(): void {
  for (const load of [importDexie, importLater]) {
    try {
      load();
    } catch (err: unknown) {
      console.error('[ScamSentinel]', err);
    }
  }
}
