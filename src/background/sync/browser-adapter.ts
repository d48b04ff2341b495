/**
 * The only file of the sync engine that touches the browser: alarms, fetch, clock, randomness and the
 * extension's version, packaged for createSyncScheduler. Register the alarm listener synchronously at SW start.
 */
import { browser } from 'wxt/browser';
import type { AlarmApi } from './scheduler';
import type { FetchLike } from './types';

export interface BrowserSyncPlatform {
  readonly alarms: AlarmApi;
  readonly fetch: FetchLike;
  readonly now: () => number;
  readonly random: () => number;
  readonly clientVersion: string;
}

export function browserSyncPlatform(): BrowserSyncPlatform {
  return {
    alarms: {
      create: (name, info) => browser.alarms.create(name, { when: info.when }),
      clear: (name) => browser.alarms.clear(name),
      getAll: () => browser.alarms.getAll(),
    },
    fetch: (url, init) => fetch(url, init),
    now: () => Date.now(),
    random: () => Math.random(),
    clientVersion: browser.runtime.getManifest().version,
  };
}

/** Call synchronously in start(); `handle` is typically `(name) => ready.then(() => scheduler.onAlarm(name))`. */
export function addSyncAlarmListener(handle: (name: string) => Promise<unknown>): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    void handle(alarm.name).catch((err: unknown) => console.warn('[ScamSentinel] sync alarm failed', err));
  });
}
