/** Asynchronous start-up work behind the `ready` promise. Never throws: problems are recorded for the UI. */
import { browser } from 'wxt/browser';
import type { Allowlist } from './allowlist';
import type { ScamSentinelDb } from './db';
import { compileBlockRules, ruleCoverage, type CoverageSummary, type RuleCoverage } from './dnr-rules';
import { replaceAllowRule, replaceBlockRules } from './dnr';
import { BUNDLED_KEYS_PATH, BUNDLED_LIST_PATH, BUNDLED_META_PATH, loadLists, type ListStore } from './list-store';
import { collectRuleKeys, rulesMarker, type RuleKeys } from './rule-keys';

export interface BackgroundState {
  rulesInstalled: boolean;
  /** Entry keys the installed redirect rules cover (the navigation guard handles every other match). */
  coveredKeys: RuleCoverage;
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
const RULES_COVERAGE_KEY = 'dnrCoverage';
/** Timing of the last (re)install, for the options page / benchmarks: { at, ms, rules, domains, keys }. */
export const RULES_INSTALL_STATS_KEY = 'dnrLastInstall';

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
 * (Re)install the redirect rules. They are compiled from the key strings of the live lists: a list that carries
 * them (snapshot format 2, kept in Dexie with its table) gives all its keys; for a list without them (the bundled
 * format-1 list) the key strings shipped with the bundled list are used, filtered to keys still in that table (an
 * entry a synced update removed is never blocked by a stale rule). Recompiles only when the set of list versions
 * (and key hashes) changed; otherwise the persisted coverage summary says what the installed rules cover without
 * decoding a single key. Returns the covered-keys test the navigation guard uses.
 */
export async function installBlockRules(lists: ListStore, warningPage: string, force = false): Promise<RuleCoverage> {
  const tables = lists.all().map((l) => l.table);
  const marker = rulesMarker(tables);
  const stored = (await browser.storage.local.get([RULES_MARKER_KEY, RULES_COVERAGE_KEY])) as Record<string, unknown>;
  const bundledKeys = await fetchBundledKeys();
  const storedCoverage = parseCoverage(stored[RULES_COVERAGE_KEY]);
  if (!force && stored[RULES_MARKER_KEY] === marker && storedCoverage && (await rulesStillThere(stored[RULES_INSTALL_STATS_KEY]))) {
    return coverageFor(storedCoverage, collectRuleKeys(tables, bundledKeys, { decode: false }));
  }
  const started = performance.now();
  const keys = collectRuleKeys(tables, bundledKeys, { decode: true });
  const compiled = compileBlockRules(keys.keys, warningPage, { coveredSet: false });
  await replaceBlockRules(compiled.rules);
  await browser.storage.local.set({
    [RULES_MARKER_KEY]: marker,
    // A list whose keys could not be used was compiled from the bundled keys: recompile at the next start.
    [RULES_COVERAGE_KEY]: keys.problems.length === 0 ? compiled.coverage : null,
    [RULES_INSTALL_STATS_KEY]: {
      at: Date.now(),
      ms: Math.round(performance.now() - started),
      rules: compiled.rules.length,
      firstRuleId: compiled.rules[0]?.id ?? null,
      keys: keys.keys.length,
      covered: compiled.coveredCount,
      lists: marker,
    },
  });
  if (keys.problems.length) console.warn('[ScamSentinel] rule keys:', keys.problems);
  return coverageFor(compiled.coverage, keys);
}

/**
 * The marker says the rules for these list versions were installed; check that the browser still has them (it
 * drops an extension's dynamic rules when it treats a start as a fresh install, e.g. an unpacked extension
 * re-loaded into the same profile). One rule is read, by id, not the whole (possibly 1M-domain) set.
 */
async function rulesStillThere(stats: unknown): Promise<boolean> {
  const first = (stats as { firstRuleId?: unknown } | undefined)?.firstRuleId;
  if (first === null) return true; // nothing was installed (an empty list)
  if (typeof first !== 'number') return false; // an install record from before firstRuleId: reinstall once
  const dnr = browser.declarativeNetRequest;
  let rules: { id: number }[];
  try {
    rules = await dnr.getDynamicRules({ ruleIds: [first] });
  } catch {
    rules = await dnr.getDynamicRules(); // an engine without the filter argument
  }
  return rules.some((r) => r.id === first);
}

function coverageFor(summary: CoverageSummary, keys: RuleKeys): RuleCoverage {
  return ruleCoverage(summary, keys.isCompiled);
}

function parseCoverage(value: unknown): CoverageSummary | null {
  if (typeof value !== 'object' || value === null || !('domainsUpTo' in value)) return null;
  const upTo = (value as { domainsUpTo: unknown }).domainsUpTo;
  return upTo === null || typeof upTo === 'string' ? { domainsUpTo: upTo } : null;
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
