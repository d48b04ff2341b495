/**
 * JSON data kept out of the worker's script (wxt.config.ts `jsonDeferred`): the build turns such an import into
 * `deferredJson('/assets/<name>-<hash>.json')`. The worker fetches every one of them once per wake with
 * `loadDeferredJson()` — once its lists are open, after the first verdict; a verdict on an address that may need one
 * (`mayNeedDeferredJson`) and everything behind start()'s `ready` wait for it — so a wake loads and compiles less
 * script. Read before it is loaded, a view throws: a caller gets an error (a failed check, which a payment step
 * treats as unchecked), never a silently empty table.
 */
import { browser } from 'wxt/browser';

type Json = Record<string, unknown>;

/** Fetches a file of the extension as JSON (the worker passes its own; tests a stub). */
export type FetchJson = (path: string) => Promise<unknown>;

const loaders: ((fetchJson: FetchJson) => Promise<void>)[] = [];

const fetchOwnFile: FetchJson = async (path) => {
  const res = await fetch(browser.runtime.getURL(path as '/'));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
};

/** A read-only view of the JSON object at `path` (property reads, `in`, Object.keys / entries), once loaded. */
export function deferredJson(path: string): Json {
  let data: Json | null = null;
  let loading: Promise<void> | null = null;
  loaders.push((fetchJson) => {
    if (data) return Promise.resolve();
    loading ??= fetchJson(path)
      .then((v) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${path}: not a JSON object`);
        data = v as Json;
      })
      .finally(() => (loading = null));
    return loading;
  });
  const need = (): Json => {
    if (!data) throw new Error(`${path} is not loaded (loadDeferredJson() first)`);
    return data;
  };
  return new Proxy({} as Json, {
    get: (_, k) => need()[k as string],
    has: (_, k) => k in need(),
    ownKeys: () => Reflect.ownKeys(need()),
    getOwnPropertyDescriptor: (_, k) => {
      const d = Reflect.getOwnPropertyDescriptor(need(), k);
      return d && { ...d, configurable: true };
    },
    set: () => false,
    deleteProperty: () => false,
    defineProperty: () => false,
  });
}

/** Loads every deferred JSON file of the build (none in Node, where the imports are the JSON itself). A failed
 *  file rejects, and a later call tries it again. */
export async function loadDeferredJson(fetchJson: FetchJson = fetchOwnFile): Promise<void> {
  await Promise.all(loaders.map((load) => load(fetchJson)));
}

/**
 * Whether judging this address may read a deferred table: the confusables are needed only for non-ASCII text, i.e.
 * a host with non-ASCII characters or a punycode (`xn--`) label, or non-ASCII in the rest of the address (raw or
 * percent-encoded UTF-8). Anything else is judged with the tables in the script, without waiting for the fetch.
 */
export function mayNeedDeferredJson(url: string): boolean {
  return /[^ -~]|xn--|%[89a-f][0-9a-f]/i.test(url);
}
