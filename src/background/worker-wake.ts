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
 * The global a classic script of the build defines (`name`), importing `url` first if it is not there yet
 * (importScripts runs a script again at each call: once per worker). Throws a clear error if the script cannot be
 * imported — e.g. Chromium refusing a script that was not imported while the worker installed.
 */
function importOnce(url: string, name: string, what: string, mark: string): unknown {
  const g = globalThis as Record<string, unknown> & { importScripts?: (url: string) => void };
  if (g[name]) return g[name];
  if (typeof g.importScripts !== 'function') throw new Error(`${what} is not loaded and ${url} cannot be imported here (no importScripts)`);
  try {
    g.importScripts(url);
  } catch (err: unknown) {
    throw new Error(`${what} could not be loaded (${url}): ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  if (!g[name]) throw new Error(`${url} did not define ${what}`);
  performance.mark(mark); // user timing: when this worker loaded the script (the bench's traces, e2e)
  return g[name];
}

/** `globalThis.Dexie`, importing DEXIE_SCRIPT first if needed (importOnce). */
export function importDexie(): unknown {
  return importOnce(DEXIE_SCRIPT, 'Dexie', 'Dexie', 'ss-dexie-script');
}

/**
 * The worker's second half (later.ts, built from entrypoints/worker-later.ts; Chromium only): imported after a wake's
 * first verdict, not before it (later-loader.chromium.ts).
 */
export const WORKER_LATER_SCRIPT = '/worker-later.js';

/** The global through which worker-later.js hands over its module. */
export const LATER_GLOBAL = '__scamsentinelLater';

/** The module worker-later.js defines, importing the script first if needed (importOnce). */
export function importLater(): unknown {
  return importOnce(WORKER_LATER_SCRIPT, LATER_GLOBAL, "the worker's second half", 'ss-later-script');
}

/**
 * The public suffixes (tldts's trie) as a file of the Chromium build (wxt.config.ts `chromiumDeferredPsl`,
 * psl-deferred.ts): background.js starts fetching it before it imports worker-app.js.
 */
export const PSL_FILE = '/psl.bin';

/** A file of the extension as bytes (PSL_FILE: by background.js, and by start() again if that fetch failed). */
export async function fetchOwnBytes(path: string): Promise<Uint8Array> {
  const res = await fetch(path);
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The global through which background.js hands its wake to worker-app.js. */
export const WAKE_GLOBAL = '__scamsentinelWake';

export interface WorkerWake {
  readonly wakeRows: Promise<WakeRows | null>;
  /** PSL_FILE's bytes, fetched while worker-app.js loads (rejects if the fetch failed: start() then fetches it again). */
  readonly publicSuffixes?: Promise<Uint8Array>;
  /** start()'s result: its listeners take the held events and every later one. */
  readonly started: (bg: Background) => void;
}
