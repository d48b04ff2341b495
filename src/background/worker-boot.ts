/**
 * The Chromium worker's script (background.js): the wake's database read, listeners that hold the waking events,
 * and nothing else. The rest of the worker (start(): stores, handlers, sync, rules, classifier, look-alike check —
 * ~680 KB) is a second classic script, worker-app.js (entrypoints/worker-app.ts), loaded with importScripts():
 *   - at the worker's first evaluation (install), at once: Chromium lets a service worker import a new script only
 *     while it installs, and keeps it (with a V8 code cache) for the later wakes;
 *   - at a wake, only once the wake's IndexedDB requests have gone out (wake-prefetch.ts): the browser reads the
 *     8 MB key-less table of a 1M-entry list while the worker compiles and evaluates worker-app.js, instead of
 *     after it (issue 18: the read used to start only after the whole script had been evaluated, because the
 *     database's open callback cannot run before that).
 * MV3 wants every listener registered in the first evaluation: the ones here are, and they queue what arrives
 * until start() has registered its own; start()'s listeners then handle the queued events (a message is answered
 * through its kept channel, in webextension-polyfill's reply format) and every later one.
 * Firefox (an event page, no importScripts) loads worker-boot.firefox.ts instead (wxt.config.ts): one script.
 */
// First: the wake's read starts before anything else is evaluated.
import { wakeRows, whenWakeReadIssued } from './wake-prefetch';
import { browser } from 'wxt/browser';
import type { WorkerListeners } from './start';
import { WAKE_GLOBAL, WORKER_APP_SCRIPT, type WorkerWake } from './worker-wake';

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

/** True while the worker runs its first evaluation (installing): importScripts of a new script is allowed only then. */
function installing(): boolean {
  const state = (globalThis as unknown as { serviceWorker?: { state?: string } }).serviceWorker?.state;
  return state === undefined || state === 'parsed' || state === 'installing';
}

export function boot(): void {
  const events = holdEvents();
  const wake: WorkerWake = { wakeRows, started: (bg) => events.live(bg.listeners) };
  (globalThis as Record<string, unknown>)[WAKE_GLOBAL] = wake;
  let loaded = false;
  const load = (): void => {
    if (loaded) return;
    loaded = true;
    (globalThis as unknown as { importScripts: (url: string) => void }).importScripts(WORKER_APP_SCRIPT);
  };
  if (installing()) load();
  else whenWakeReadIssued(load);
}
