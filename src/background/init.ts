/** Asynchronous start-up work behind the `ready` promise. Never throws: problems are recorded for the UI. */
import { browser } from 'wxt/browser';
import type { Allowlist } from './allowlist';
import type { ScamSentinelDb } from './db';
import { RULE_COMPILER_VERSION, compileBlockRules, ruleCoverage, type CoverageSummary, type RuleCoverage } from './dnr/rules';
import { getOverlayRules, replaceAllowRule, replaceBlockRules, updateOverlay } from './dnr/apply';
import {
  baseIndexOf,
  compileOverlay,
  diffRules,
  loadBaseIndex,
  loadTouched,
  recordChange,
  storeTouched,
  type BaseIndex,
  type Touched,
} from './dnr/overlay';
import type { ListKeyChange } from './sync/runtime';
import {
  BUNDLED_KEYS_PATH,
  BUNDLED_LIST_PATH,
  BUNDLED_META_PATH,
  loadLists,
  ruleIdentity,
  tablesWithKeys,
  verifyStored,
  writeTableRows,
  type BundledMeta,
  type ListStore,
  completeLists,
  type DeferredLoad,
  type PendingVerify,
} from './list-store';
import { collectRuleKeys, rulesMarker, type RuleKeys } from './dnr/rule-keys';
import { forgetRulesInPlace, markRulesInPlace } from './dnr/rules-in-place';
import type { WakeRows } from './wake-read';

export interface BackgroundState {
  rulesInstalled: boolean;
  /** Entry keys the installed redirect rules cover (the navigation guard handles every other match). */
  coveredKeys: RuleCoverage;
  problems: string[];
  /** Stored lists opened at start without re-hashing (settleRules verifies them). */
  pendingVerify?: PendingVerify[];
  /** Stored lists opened in chunks at a wake (wake8): completeInitialLists reads them whole. */
  deferredLoads?: DeferredLoad[];
}

export interface InitDeps {
  readonly db: ScamSentinelDb;
  readonly lists: ListStore;
  readonly allowlist: Allowlist;
  readonly warningPage: string;
  readonly state: BackgroundState;
  /** The wake's rows read without Dexie while the script evaluated (wake-read.ts); null or absent: Dexie reads them. */
  readonly wakeRows?: Promise<WakeRows | null> | undefined;
}

const RULES_MARKER_KEY = 'dnrCompiledFor';
const RULES_COVERAGE_KEY = 'dnrCoverage';
/** Timing of the last (re)install, for the options page / benchmarks: { at, ms, rules, domains, keys }. */
export const RULES_INSTALL_STATS_KEY = 'dnrLastInstall';
/** storage.session: the last worker start's rule settling, { at, kind: 'checked' | 'installed', ms }. */
export const RULES_WAKE_CHECK_KEY = 'dnrWakeCheck';
/** The last incremental update (a delta's changes put into the session overlay): { at, ms, changed, rules, … }. */
export const RULES_UPDATE_STATS_KEY = 'dnrLastUpdate';
/** Keys changed since the last full install and whether that install blocked them (dnr/overlay.ts StoredOverlay). */
const RULES_OVERLAY_KEY = 'dnrOverlay';
/** What the overlay needs to know about the last full install (dnr/overlay.ts BaseIndex). */
const RULES_BASE_INDEX_KEY = 'dnrBaseIndex';

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The bundled list's metadata, fetched by start() as early as it runs (wake8); taken once by fetchBundledMeta. */
let earlyBundledMeta: Promise<BundledMeta> | null = null;

/**
 * Start fetching the bundled list's metadata now (start() calls it before anything awaits): at a wake its answer is
 * then in by the time the stored lists are opened, instead of one more round trip after them. The file only changes
 * with an extension update, i.e. a new worker.
 */
export function prefetchBundledMeta(): void {
  earlyBundledMeta ??= readBundledMeta();
  earlyBundledMeta.catch(() => undefined); // its taker handles a failure
}

function fetchBundledMeta(): Promise<BundledMeta> {
  const early = earlyBundledMeta;
  earlyBundledMeta = null;
  return early ?? readBundledMeta();
}

async function readBundledMeta(): Promise<BundledMeta> {
  const info = (await (await fetch(browser.runtime.getURL(BUNDLED_META_PATH))).json()) as Record<string, unknown>;
  return {
    listId: typeof info.listId === 'string' ? info.listId : null,
    version: typeof info.version === 'number' ? info.version : null,
    issuedAt: typeof info.issuedAt === 'number' ? info.issuedAt : 0,
    sha256: typeof info.sha256 === 'string' && /^[0-9a-f]{64}$/.test(info.sha256) ? info.sha256 : null,
  };
}

async function fetchBundled(): Promise<Uint8Array> {
  // User timing (the chunked-wake e2e test, the bench's traces): the package's snapshot was read by this worker.
  performance.mark('ss-bundled-fetch');
  const snap = await fetch(browser.runtime.getURL(BUNDLED_LIST_PATH));
  if (!snap.ok) throw new Error(`HTTP ${snap.status}`);
  return new Uint8Array(await snap.arrayBuffer());
}

async function fetchBundledKeys(): Promise<string[]> {
  const res = await fetch(browser.runtime.getURL(BUNDLED_KEYS_PATH));
  const keys = (await res.json()) as unknown;
  return Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string') : [];
}

/**
 * What the installed redirect rules were compiled from and by: the lists' versions and key hashes, the rule
 * compiler's version and the warning page they redirect to. Stored next to the install record; a wake whose
 * fingerprint matches (and whose browser still has the first and last installed rule) does no rule work at all.
 */
export function rulesFingerprint(listsMarker: string, warningPage: string): string {
  return `${listsMarker}|c${RULE_COMPILER_VERSION}|${warningPage}`;
}

export interface InstallOutcome {
  readonly coverage: RuleCoverage;
  /**
   * 'checked': the installed rules already matched (no updateDynamicRules call; the session overlay restored if a
   * browser restart dropped it); 'updated': a delta's key changes went into the session overlay; 'installed': full.
   */
  readonly kind: 'checked' | 'updated' | 'installed';
}

export interface InstallOptions {
  /** Reinstall everything even when the fingerprint matches. */
  readonly force?: boolean;
  /** One list moved by deltas with these key changes: update incrementally when the rules were compiled from its base. */
  readonly change?: ListKeyChange | undefined;
}

/**
 * Make the installed redirect rules match the live lists. They are compiled from the key strings of the live
 * lists: a list that carries them (snapshot format 2, kept in Dexie with its table) gives all its keys; for a list
 * without them (the bundled format-1 list) the key strings shipped with the bundled list are used, filtered to keys
 * still in that table (an entry a synced update removed is never blocked by a stale rule). Recompiles only when the
 * fingerprint (rulesFingerprint) changed or the browser lost the rules; otherwise the persisted coverage summary
 * says what the installed rules cover without decoding a single key. A delta whose key changes are known updates
 * only the session overlay (dnr/overlay.ts) — tens of ms instead of seconds, the dynamic set untouched. Runs after
 * the worker's first verdict, never on its critical path.
 */
let rulesQueue: Promise<unknown> = Promise.resolve();
/**
 * This worker has seen the base (dynamic) rules in place: its wake check found them or it installed them. Only an
 * extension reload or update drops them, and that also ends this worker, so an incremental update in the same
 * worker need not ask the browser again (with 1M domains installed, reading even two rules by id takes ~0.1–0.2 s).
 */
let baseRulesSeen = false;

export function installBlockRules(lists: ListStore, warningPage: string, opts: InstallOptions = {}): Promise<InstallOutcome> {
  // One rule job at a time (the wake's check and a sync's reinstall may overlap): each sees the lists as they are
  // when it starts, so the last one to run installs the newest lists.
  const job = rulesQueue.then(() => installNow(lists, warningPage, opts));
  rulesQueue = job.catch(() => undefined);
  return job;
}

// One function: its three paths (session overlay update, check unchanged rules, full
// reinstall) share what is read once from storage and the `started` clock for the stats, each falling through to the next.
async function installNow(lists: ListStore, warningPage: string, opts: InstallOptions): Promise<InstallOutcome> {
  const started = performance.now();
  const live = lists.all();
  const tables = live.map((l) => l.table);
  const identities = live.map(ruleIdentity);
  const marker = rulesMarker(identities);
  const fingerprint = rulesFingerprint(marker, warningPage);
  // The bundled key strings only matter for a list without its own (collectRuleKeys keeps only keys of such lists).
  const needsBundledKeys = identities.some((l) => l.keysSha256 === null);
  const { change } = opts;
  const [stored, bundledKeys] = await Promise.all([
    browser.storage.local.get([
      RULES_MARKER_KEY,
      RULES_COVERAGE_KEY,
      RULES_INSTALL_STATS_KEY,
      RULES_OVERLAY_KEY,
      ...(change ? [RULES_BASE_INDEX_KEY] : []),
    ]) as Promise<Record<string, unknown>>,
    needsBundledKeys ? fetchBundledKeys() : Promise.resolve([]),
  ]);
  const storedCoverage = parseCoverage(stored[RULES_COVERAGE_KEY]);
  const keyed = new Set(live.filter((l) => ruleIdentity(l).keysSha256 !== null).map((l) => l.table));
  const compiledFrom = (ts: typeof tables) => collectRuleKeys(ts, bundledKeys, { decode: false, keyed: (t) => keyed.has(t) });
  // The overlay needs every listed domain in the base rules (no cut at the rule budget).
  const overlayOk = !opts.force && storedCoverage !== null && storedCoverage.domainsUpTo === null;
  // For a worker that has not settled its rules yet (navigation-guard.ts): these rules are in the browser from now on.
  const inPlace = (summary: CoverageSummary | null, complete: boolean) =>
    markRulesInPlace({ lists: marker, domainsUpTo: summary?.domainsUpTo ?? null, coverageKnown: summary !== null, complete });

  if (overlayOk && change) {
    const before = identities.map((i) =>
      i.listId === change.listId ? { listId: i.listId, version: change.fromVersion, keysSha256: change.fromKeysSha256 } : i,
    );
    const touched = loadTouched(stored[RULES_OVERLAY_KEY]);
    const base = loadBaseIndex(stored[RULES_BASE_INDEX_KEY]);
    if (stored[RULES_MARKER_KEY] === rulesFingerprint(rulesMarker(before), warningPage) && touched && base) {
      // Checked while the overlay is planned; nothing is written unless the base rules are still installed.
      const stillThere = baseRulesSeen ? Promise.resolve(true) : rulesStillThere(stored[RULES_INSTALL_STATS_KEY]);
      const readMs = performance.now() - started;
      recordChange(touched, change, compiledFrom(tables.filter((t) => t.listId !== change.listId)).isCompiled);
      const now = compiledFrom(tables);
      const done = await settleOverlay(touched, now, warningPage, base, stillThere, async (rules, plan) => {
        const written = performance.now();
        await browser.storage.local.set({
          [RULES_MARKER_KEY]: fingerprint,
          [RULES_OVERLAY_KEY]: storeTouched(touched),
          [RULES_UPDATE_STATS_KEY]: {
            at: Date.now(),
            ms: Math.round(performance.now() - started),
            changed: change.add.length + change.remove.length,
            overlayKeys: touched.size,
            overlayBlocked: plan.blocked,
            overlayAllowed: plan.allowed,
            rulesTouched: rules,
            lists: marker,
            // Where the time went: reading the stored state, the overlay plan, the session update (+ its checks).
            phases: { read: Math.round(readMs), plan: Math.round(plan.ms), session: Math.round(written - started - readMs - plan.ms) },
          },
        });
      });
      if (done) {
        await inPlace(storedCoverage, now.complete);
        return { kind: 'updated', coverage: ruleCoverage(storedCoverage, now.isCompiled) };
      }
    }
  }

  if (!opts.force && stored[RULES_MARKER_KEY] === fingerprint && storedCoverage && (await rulesStillThere(stored[RULES_INSTALL_STATS_KEY]))) {
    const now = compiledFrom(tables);
    const touched = loadTouched(stored[RULES_OVERLAY_KEY]);
    // Usually empty (or never written, by a version before the overlay). Otherwise the session overlay must be there
    // too: a browser restart clears session rules, and they are rebuilt from the stored state (no dynamic update).
    const overlayThere =
      touched === null ||
      touched.size === 0 ||
      (overlayOk &&
        (await settleOverlay(
          touched,
          now,
          warningPage,
          loadBaseIndex(((await browser.storage.local.get(RULES_BASE_INDEX_KEY)) as Record<string, unknown>)[RULES_BASE_INDEX_KEY]),
          Promise.resolve(true),
        )));
    if (overlayThere) {
      await inPlace(storedCoverage, now.complete);
      return { kind: 'checked', coverage: coverageFor(storedCoverage, now) };
    }
  }

  // The key strings: loaded now for lists opened without them (the wake reads only their key-less rows).
  const keys = collectRuleKeys(await tablesWithKeys(lists), bundledKeys, { decode: true });
  const compiled = compileBlockRules(keys.keys, warningPage, { coveredSet: false });
  // Forget the old fingerprint first: a worker stopped mid-install must not trust a half-known state.
  await Promise.all([browser.storage.local.remove(RULES_MARKER_KEY), forgetRulesInPlace()]);
  // The overlay goes first: until the new base is in, removed domains stay blocked (never the other way round).
  const overlay = await getOverlayRules();
  await updateOverlay(overlay.map((r) => r.id), []);
  baseRulesSeen = false;
  await replaceBlockRules(compiled.rules);
  baseRulesSeen = true;
  await inPlace(keys.problems.length === 0 ? compiled.coverage : null, keys.complete);
  await browser.storage.local.set({
    // A list whose keys could not be used was compiled from the bundled keys: recompile at the next start.
    [RULES_MARKER_KEY]: fingerprint,
    [RULES_COVERAGE_KEY]: keys.problems.length === 0 ? compiled.coverage : null,
    [RULES_OVERLAY_KEY]: storeTouched(new Map()),
    [RULES_BASE_INDEX_KEY]: baseIndexOf(keys.keys, compiled.pathKeys),
    [RULES_INSTALL_STATS_KEY]: {
      at: Date.now(),
      ms: Math.round(performance.now() - started),
      rules: compiled.rules.length,
      firstRuleId: compiled.rules[0]?.id ?? null,
      lastRuleId: compiled.rules[compiled.rules.length - 1]?.id ?? null,
      keys: keys.keys.length,
      covered: compiled.coveredCount,
      lists: marker,
    },
  });
  if (keys.problems.length) console.warn('[ScamSentinel] rule keys:', keys.problems);
  return { kind: 'installed', coverage: coverageFor(compiled.coverage, keys) };
}

/**
 * Make the installed session overlay what `touched` and the live key set call for, replacing only the rules that
 * differ. False when the overlay cannot express it (the caller then reinstalls everything). `commit` runs after
 * the session update, before the fingerprint is trusted again.
 */
async function settleOverlay(
  touched: Touched,
  now: RuleKeys,
  warningPage: string,
  base: BaseIndex | null,
  baseRulesThere: Promise<boolean>,
  commit?: (rulesTouched: number, plan: { blocked: number; allowed: number; ms: number }) => Promise<void>,
): Promise<boolean> {
  if (!base) return false;
  const t0 = performance.now();
  const plan = compileOverlay(touched, base, now.isCompiled, warningPage);
  if (plan.kind === 'fold') {
    console.info(`[ScamSentinel] redirect rules: full reinstall (${plan.reason})`);
    return false;
  }
  const planMs = performance.now() - t0;
  const [installed, there] = await Promise.all([getOverlayRules(), baseRulesThere]);
  if (!there) return false;
  const diff = diffRules(installed, plan.rules);
  if (commit) await browser.storage.local.remove(RULES_MARKER_KEY);
  const n = await updateOverlay(diff.removeRuleIds, diff.addRules);
  await commit?.(n, { ...plan, ms: planMs });
  return true;
}

/**
 * The fingerprint says the rules for these lists were installed; check that the browser still has them (it drops
 * an extension's dynamic rules when it treats a start as a fresh install, e.g. an unpacked extension re-loaded
 * into the same profile). Two rules are read by id (the first and the last of the install: one update installs
 * them all, atomically), never the whole (possibly 1M-domain) set.
 */
async function rulesStillThere(stats: unknown): Promise<boolean> {
  baseRulesSeen = await rulesInBrowser(stats);
  return baseRulesSeen;
}

async function rulesInBrowser(stats: unknown): Promise<boolean> {
  const s = (typeof stats === 'object' && stats !== null ? stats : {}) as { firstRuleId?: unknown; lastRuleId?: unknown };
  if (s.firstRuleId === null) return true; // nothing was installed (an empty list)
  if (typeof s.firstRuleId !== 'number' || typeof s.lastRuleId !== 'number') return false; // an older record: reinstall once
  const ids = [...new Set([s.firstRuleId, s.lastRuleId])];
  const dnr = browser.declarativeNetRequest;
  let rules: { id: number }[];
  try {
    rules = await dnr.getDynamicRules({ ruleIds: ids });
  } catch {
    rules = await dnr.getDynamicRules(); // an engine without the filter argument
  }
  return ids.every((id) => rules.some((r) => r.id === id));
}

function coverageFor(summary: CoverageSummary, keys: RuleKeys): RuleCoverage {
  return ruleCoverage(summary, keys.isCompiled);
}

function parseCoverage(value: unknown): CoverageSummary | null {
  if (typeof value !== 'object' || value === null || !('domainsUpTo' in value)) return null;
  const upTo = (value as { domainsUpTo: unknown }).domainsUpTo;
  return upTo === null || typeof upTo === 'string' ? { domainsUpTo: upTo } : null;
}

/**
 * The worker's critical path: the database, the allowlist and the lists. Resolving this resolves `ready`, so the
 * first verdict waits for nothing else; rule work happens in settleRules, after it.
 */
export async function initialise(deps: InitDeps): Promise<void> {
  const { db, lists, allowlist, state } = deps;
  // Usually the rows were read while the script evaluated; Dexie opens later, on its first use after the verdict.
  const rows = (await deps.wakeRows?.catch(() => null)) ?? null;
  let dbOk = true;
  try {
    if (rows) allowlist.loadRows(rows.trustedSites, rows.tabAllows);
    else {
      await db.open();
      await allowlist.load();
    }
  } catch (err: unknown) {
    dbOk = false;
    state.problems.push(`database unavailable: ${describe(err)}`);
  }
  performance.mark('ss-wake-rows');
  const loaded = await loadLists(lists, { db: dbOk ? db : null, fetchBundled, fetchBundledMeta, wakeRows: rows });
  performance.mark('ss-wake-lists');
  state.problems.push(...loaded.problems);
  state.pendingVerify = loaded.pending;
  state.deferredLoads = loaded.deferred;
  // User timing (the bench's traces, the chunked-wake e2e test): a stored list was opened in chunks.
  if (loaded.deferred.length) performance.mark('ss-wake-partial');
  if (state.problems.length) console.warn('[ScamSentinel] start-up problems:', state.problems);
}

/**
 * wake8, after the first verdict: the lists initialise opened in chunks are read whole and swapped in (before
 * `ready`: everything but the first verdicts waits for it). Never throws.
 */
export async function completeInitialLists(deps: InitDeps): Promise<void> {
  const { db, lists, state } = deps;
  const deferred = state.deferredLoads ?? [];
  state.deferredLoads = [];
  if (!deferred.length) return;
  state.pendingVerify ??= [];
  try {
    state.problems.push(...(await completeLists(lists, { db, fetchBundled, fetchBundledMeta }, deferred, state.pendingVerify)));
  } catch (err: unknown) {
    state.problems.push(`stored lists not completed: ${describe(err)}`);
  }
}

/**
 * After the first verdict: check (usually) or reinstall the redirect rules, and write the trusted sites' session
 * allow rule. Until the rules are known to be in place the navigation guard handles every listed navigation itself.
 */
export async function settleRules(deps: InitDeps): Promise<void> {
  const { lists, allowlist, warningPage, state } = deps;
  const pending = state.pendingVerify ?? [];
  state.pendingVerify = [];
  state.problems.push(...(await verifyStored(lists, { db: null, fetchBundled, fetchBundledMeta }, pending)));
  try {
    const started = performance.now();
    const outcome = await installBlockRules(lists, warningPage);
    state.coveredKeys = outcome.coverage;
    state.rulesInstalled = true;
    // What this wake did about rules, for the options page's diagnostics, tests and the bench.
    await browser.storage.session.set({
      [RULES_WAKE_CHECK_KEY]: { at: Date.now(), kind: outcome.kind, ms: Math.round(performance.now() - started) },
    });
  } catch (err: unknown) {
    state.rulesInstalled = false;
    state.problems.push(`blocking rules not installed: ${describe(err)}`);
  }
  try {
    await replaceAllowRule(allowlist.trustedSites().map((t) => t.host));
  } catch (err: unknown) {
    state.problems.push(`allow rule not installed: ${describe(err)}`);
  }
  await saveTableRows(deps);
}

/** After the first verdict or a sync: store the key-less rows the next wake reads (see list-store.ts). */
export async function saveTableRows(deps: Pick<InitDeps, 'db' | 'lists' | 'state'>): Promise<void> {
  try {
    await writeTableRows(deps.lists, deps.db);
  } catch (err: unknown) {
    deps.state.problems.push(`key-less list copy not stored: ${describe(err)}`);
  }
}
