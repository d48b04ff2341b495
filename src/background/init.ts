/** Asynchronous start-up work behind the `ready` promise. Never throws: problems are recorded for the UI. */
import { browser } from 'wxt/browser';
import { listEntries } from '../core/lists';
import type { Allowlist } from './allowlist';
import type { ScamSentinelDb } from './db';
import { compileBlockRules } from './dnr-rules';
import { replaceAllowRule, replaceBlockRules } from './dnr';
import { BUNDLED_LIST_PATH, BUNDLED_META_PATH, loadLists, type ListStore } from './list-store';

export interface BackgroundState {
  rulesInstalled: boolean;
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

/** (Re)install the block rules when the set of list versions changed since the last compile. */
export async function installBlockRules(lists: ListStore, warningPage: string, force = false): Promise<void> {
  const marker = lists
    .all()
    .map((l) => `${l.table.listId}@${l.table.version}`)
    .sort()
    .join(',');
  const stored = (await browser.storage.local.get(RULES_MARKER_KEY)) as Record<string, unknown>;
  if (!force && stored[RULES_MARKER_KEY] === marker) return;
  const keys: string[] = [];
  for (const l of lists.all()) for (const e of listEntries(l.table)) keys.push(e.key);
  const compiled = compileBlockRules(keys, warningPage);
  await replaceBlockRules(compiled.rules);
  await browser.storage.local.set({ [RULES_MARKER_KEY]: marker });
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
    await installBlockRules(lists, warningPage);
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
