/**
 * The Chromium worker's first script (src/background/worker-boot.ts): it loads the rest of the worker
 * (worker-app.js) at once while installing, and at a wake only after the wake's IndexedDB requests went out; the
 * events that arrive before start() has registered its listeners are held and handed to start()'s listeners.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Background, WorkerListeners } from '../../../src/background/start';
import { DEXIE_SCRIPT, LATER_GLOBAL, WAKE_GLOBAL, WORKER_APP_SCRIPT, WORKER_LATER_SCRIPT, type WorkerWake } from '../../../src/background/worker-wake';

type Listener = (...args: never[]) => unknown;
const events = new Map<string, Listener[]>();
const event = (name: string) => ({ addListener: (l: Listener) => void events.set(name, [...(events.get(name) ?? []), l]) });
const fire = (name: string, ...args: unknown[]) => (events.get(name) ?? []).map((l) => (l as (...a: unknown[]) => unknown)(...args));

vi.mock('wxt/browser', () => ({
  browser: {
    runtime: { onMessage: event('message'), onStartup: event('startup'), onInstalled: event('installed') },
    webNavigation: { onBeforeNavigate: event('nav') },
    tabs: { onRemoved: event('tabRemoved') },
    alarms: { onAlarm: event('alarm') },
  },
}));
vi.mock('../../../src/background/wake-prefetch', () => ({
  wakeRows: Promise.resolve(null),
}));

const g = globalThis as Record<string, unknown>;
let imported: string[];

beforeEach(() => {
  vi.resetModules();
  events.clear();
  imported = [];
  g.importScripts = (url: string) => {
    imported.push(url);
    if (url === DEXIE_SCRIPT) g.Dexie = function FakeDexie() {};
    if (url === WORKER_LATER_SCRIPT) g[LATER_GLOBAL] = { fake: 'later' };
  };
  g.addEventListener = (name: string, l: Listener) => event(`self:${name}`).addListener(l);
});
afterEach(() => {
  delete g.importScripts;
  delete g.addEventListener;
  delete g.serviceWorker;
  delete g.Dexie;
  delete g[WAKE_GLOBAL];
  delete g[LATER_GLOBAL];
});

function fakeStart(): { bg: Background; calls: string[] } {
  const calls: string[] = [];
  const listeners: WorkerListeners = {
    message: async (m) => {
      calls.push(`message ${JSON.stringify(m)}`);
      return { ok: true, value: m };
    },
    beforeNavigate: (d) => void calls.push(`nav ${d.url}`),
    tabRemoved: (id) => void calls.push(`tabRemoved ${id}`),
    startup: () => void calls.push('startup'),
    installed: () => void calls.push('installed'),
    online: () => void calls.push('online'),
    alarm: (a) => void calls.push(`alarm ${a.name}`),
  };
  return { bg: { ready: Promise.resolve(), listeners }, calls };
}

describe('worker-boot: two classic scripts, events held until start()', () => {
  it('while installing, imports worker-app.js, Dexie and worker-later.js at once (Chromium allows new imports only then)', async () => {
    g.serviceWorker = { state: 'parsed' };
    const { boot } = await import('../../../src/background/worker-boot');
    boot();
    expect(imported).toEqual([WORKER_APP_SCRIPT, DEXIE_SCRIPT, WORKER_LATER_SCRIPT]);
    fire('self:install'); // both are there already: not run twice
    expect(imported).toEqual([WORKER_APP_SCRIPT, DEXIE_SCRIPT, WORKER_LATER_SCRIPT]);
  });

  it('outside its install evaluation, a worker imports Dexie and worker-later.js in an install event (if one comes)', async () => {
    g.serviceWorker = { state: 'activated' };
    const { boot } = await import('../../../src/background/worker-boot');
    boot();
    expect(imported).toEqual([WORKER_APP_SCRIPT]);
    fire('self:install');
    expect(imported).toEqual([WORKER_APP_SCRIPT, DEXIE_SCRIPT, WORKER_LATER_SCRIPT]);
    expect(typeof g.Dexie).toBe('function');
    expect(g[LATER_GLOBAL]).toEqual({ fake: 'later' });
  });

  it('at a wake, worker-later.js is imported on first use only, once, and a refused import is a clear error', async () => {
    g.serviceWorker = { state: 'activated' };
    const { boot } = await import('../../../src/background/worker-boot');
    boot();
    expect(imported).toEqual([WORKER_APP_SCRIPT]);
    const { importLater } = await import('../../../src/background/worker-wake');
    expect(importLater()).toEqual({ fake: 'later' });
    expect(importLater()).toEqual({ fake: 'later' });
    expect(imported).toEqual([WORKER_APP_SCRIPT, WORKER_LATER_SCRIPT]);
    delete g[LATER_GLOBAL];
    g.importScripts = () => {
      throw new DOMException("importScripts() of new scripts after service worker installation is not allowed.", 'NetworkError');
    };
    expect(() => importLater()).toThrow(/second half could not be loaded \(\/worker-later\.js\): importScripts\(\) of new scripts/);
    g.importScripts = () => undefined; // imported, but nothing defined
    expect(() => importLater()).toThrow("/worker-later.js did not define the worker's second half");
    delete g.importScripts;
    expect(() => importLater()).toThrow(/no importScripts/);
  });

  it('at a wake, Dexie is imported on first use only, and a refused import is a clear error', async () => {
    g.serviceWorker = { state: 'activated' };
    const { boot } = await import('../../../src/background/worker-boot');
    boot();
    expect(imported).toEqual([WORKER_APP_SCRIPT]);
    const { importDexie } = await import('../../../src/background/worker-wake');
    g.importScripts = () => {
      throw new DOMException("importScripts() of new scripts after service worker installation is not allowed.", 'NetworkError');
    };
    expect(() => importDexie()).toThrow(/Dexie could not be loaded \(\/dexie\.js\): importScripts\(\) of new scripts/);
    g.importScripts = () => undefined; // imported, but no Dexie defined
    expect(() => importDexie()).toThrow('/dexie.js did not define Dexie');
    delete g.importScripts;
    expect(() => importDexie()).toThrow(/no importScripts/);
  });

  it('at a wake, imports worker-app.js at once too (wake8), and hands it the held events', async () => {
    g.serviceWorker = { state: 'activated' };
    const { boot } = await import('../../../src/background/worker-boot');
    boot();
    expect(imported).toEqual([WORKER_APP_SCRIPT]);
    const [reply] = fire('message', { type: 'getVerdict', req: { url: 'http://a.test/' } }, { id: 'x' }) as [Promise<unknown>];
    expect(reply).toBeInstanceOf(Promise); // the channel stays open
    fire('nav', { url: 'http://b.test/', tabId: 1, frameId: 0 });
    fire('alarm', { name: 'sync' });
    fire('self:online');
    expect(imported).toHaveLength(1);

    // What worker-app.js does: start() and hand over its listeners.
    const { bg, calls } = fakeStart();
    (g[WAKE_GLOBAL] as WorkerWake).started(bg);
    expect(await reply).toEqual({ ok: true, value: { type: 'getVerdict', req: { url: 'http://a.test/' } } });
    expect(calls).toEqual(['message {"type":"getVerdict","req":{"url":"http://a.test/"}}', 'nav http://b.test/', 'alarm sync', 'online']);

    // Later events are start()'s own listeners' (registered by start() itself): the boot's stay out of them.
    expect(fire('message', { type: 'ping' }, {})).toEqual([undefined]);
    fire('tabRemoved', 3);
    expect(calls).toHaveLength(4);
  });

  it('hands the wake read to worker-app.js', async () => {
    g.serviceWorker = { state: 'activated' };
    const { boot } = await import('../../../src/background/worker-boot');
    boot();
    expect(await (g[WAKE_GLOBAL] as WorkerWake).wakeRows).toBeNull();
  });
});
