/** Asynchronous start-up work behind the `ready` promise. Never throws: problems are recorded for the UI. */
import { browser } from 'wxt/browser';
import { lookupKey } from '../core/lists';
import type { Allowlist } from './allowlist';
import type { ScamSentinelDb } from './db';
import { compileBlockRules } from './dnr-rules';
import { replaceAllowRule, replaceBlockRules } from './dnr';
import { BUNDLED_KEYS_PATH, BUNDLED_LIST_PATH, BUNDLED_META_PATH, loadLists, type ListStore } from './list-store';

export interface BackgroundState {
  rulesInstalled: boolean;
  /** Entry keys the installed redirect rules cover (the navigation guard handles every other match). */
  coveredKeys: ReadonlySet<string>;
  problems: string[];
}

export interface InitDeps {
  readonly db: ScamSentinelDb;
  readonly lists: ListStore;
  readonly allowlist: Allowlist;
  readonly warningPage: string;
  readonly state: BackgroundState;
}

const RULES_MARKER_KEY = 'dnrCompiledFor';

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function fetchBundled(): Promise<{ bytes: Uint8Array; issuedAt: number }> {
  const [snap, meta] = await Promise.all([
    fetch(browser.runtime.getURL(BUNDLED_LIST_PATH)),
    fetch(browser.runtime.getURL(BUNDLED_META_PATH)),
  ]);
  if (!snap.ok) throw new Error(`HTTP ${snap.status}`);
  const info = (await meta.json()) as { issuedAt?: unknown };
  return {
    bytes: new Uint8Array(await snap.arrayBuffer()),
    issuedAt: typeof info.issuedAt === 'number' ? info.issuedAt : 0,
  };
}

async function fetchBundledKeys(): Promise<string[]> {
  const res = await fetch(browser.runtime.getURL(BUNDLED_KEYS_PATH));
  const keys = (await res.json()) as unknown;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/**
 * (Re)install the redirect rules. The tables hold fingerprints, not strings, so rules are compiled from the key
 * strings shipped with the bundled list, keeping only keys still present in a live table (an entry a synced update
 * removed is never blocked by a stale rule). Entries only in synced updates are caught by the navigation guard.
 * Recompiles only when the set of list versions changed; returns the keys the rules cover.
 */
export async function installBlockRules(lists: ListStore, warningPage: string, force = false): Promise<Set<string>> {
  const marker = lists
    .all()
    .map((l) => `${l.table.listId}@${l.table.version}`)
    .sort()
    .join(',');
  const live = lists.all().map((l) => l.table);
  const keys = (await fetchBundledKeys()).filter((k) => live.some((t) => lookupKey(t, k) !== null));
  const compiled = compileBlockRules(keys, warningPage);
  const stored = (await browser.storage.local.get(RULES_MARKER_KEY)) as Record<string, unknown>;
  if (force || stored[RULES_MARKER_KEY] !== marker) {
    await replaceBlockRules(compiled.rules);
    await browser.storage.local.set({ [RULES_MARKER_KEY]: marker });
  }
  return compiled.covered;
}

export async function initialise(deps: InitDeps): Promise<void> {
  const { db, lists, allowlist, warningPage, state } = deps;
  let dbOk = true;
  try {
    await db.open();
    await allowlist.load();
  } catch (err: unknown) {
    dbOk = false;
    state.problems.push(`database unavailable: ${describe(err)}`);
  }
  state.problems.push(...(await loadLists(lists, { db: dbOk ? db : null, fetchBundled })));
  try {
    state.coveredKeys = await installBlockRules(lists, warningPage);
    state.rulesInstalled = true;
  } catch (err: unknown) {
    state.rulesInstalled = false;
    state.problems.push(`blocking rules not installed: ${describe(err)}`);
  }
  try {
    await replaceAllowRule(allowlist.trustedSites().map((t) => t.host));
  } catch (err: unknown) {
    state.problems.push(`allow rule not installed: ${describe(err)}`);
  }
  if (state.problems.length) console.warn('[ScamSentinel] start-up problems:', state.problems);
}
