/** What the Chromium worker's two scripts share (worker-boot.ts → worker-app.js); no imports with side effects. */
import type { Background } from './start';
import type { WakeRows } from './wake-read';

/** The rest of the worker, built from entrypoints/worker-app.ts (Chromium only). */
export const WORKER_APP_SCRIPT = '/worker-app.js';

/**
 * Dexie's UMD build, a classic script of the Chromium build (wxt.config.ts `chromiumLazyDexie`); it defines
 * `globalThis.Dexie`. Not part of worker-app.js: a wake's first verdict does not need it (dexie-loader.chromium.ts).
 */
export const DEXIE_SCRIPT = '/dexie.js';

/**
 * `globalThis.Dexie`, importing DEXIE_SCRIPT first if it is not there yet (importScripts runs a script again at each
 * call: once per worker). Throws a clear error if the script cannot be imported — e.g. Chromium refusing a script
 * that was not imported while the worker installed.
 */
export function importDexie(): unknown {
  const g = globalThis as { Dexie?: unknown; importScripts?: (url: string) => void };
  if (g.Dexie) return g.Dexie;
  if (typeof g.importScripts !== 'function') throw new Error(`Dexie is not loaded and ${DEXIE_SCRIPT} cannot be imported here (no importScripts)`);
  try {
    g.importScripts(DEXIE_SCRIPT);
  } catch (err: unknown) {
    throw new Error(`Dexie could not be loaded (${DEXIE_SCRIPT}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!g.Dexie) throw new Error(`${DEXIE_SCRIPT} did not define Dexie`);
  performance.mark('ss-dexie-script'); // user timing: when this worker loaded Dexie (the bench's traces, e2e)
  return g.Dexie;
}

/**
 * The worker's second half (later.ts, built from entrypoints/worker-later.ts; Chromium only): imported after a wake's
 * first verdict, not before it (later-loader.chromium.ts).
 */
export const WORKER_LATER_SCRIPT = '/worker-later.js';

/** The global through which worker-later.js hands over its module. */
export const LATER_GLOBAL = '__scamsentinelLater';

/**
 * The module worker-later.js defines, importing the script first if it is not there yet (once per worker). Throws a
 * clear error if it cannot be imported.
 */
export function importLater(): unknown {
  const g = globalThis as Record<string, unknown> & { importScripts?: (url: string) => void };
  if (g[LATER_GLOBAL]) return g[LATER_GLOBAL];
  if (typeof g.importScripts !== 'function') throw new Error(`${WORKER_LATER_SCRIPT} cannot be imported here (no importScripts)`);
  try {
    g.importScripts(WORKER_LATER_SCRIPT);
  } catch (err: unknown) {
    throw new Error(`the worker's second half could not be loaded (${WORKER_LATER_SCRIPT}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!g[LATER_GLOBAL]) throw new Error(`${WORKER_LATER_SCRIPT} did not define its module`);
  performance.mark('ss-later-script'); // user timing: when this worker loaded its second half (the bench's traces, e2e)
  return g[LATER_GLOBAL];
}

/**
 * The public suffixes (tldts's trie) as a file of the Chromium build (wxt.config.ts `chromiumDeferredPsl`,
 * psl-deferred.ts): background.js starts fetching it before it imports worker-app.js.
 */
export const PSL_FILE = '/psl.bin';

/** The global through which background.js hands its wake to worker-app.js. */
export const WAKE_GLOBAL = '__scamsentinelWake';

export interface WorkerWake {
  readonly wakeRows: Promise<WakeRows | null>;
  /** PSL_FILE's bytes, fetched while worker-app.js loads (rejects if the fetch failed: start() then fetches it again). */
  readonly publicSuffixes?: Promise<Uint8Array>;
  /** start()'s result: its listeners take the held events and every later one. */
  readonly started: (bg: Background) => void;
}
