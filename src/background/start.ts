/**
 * Service-worker start. MV3 discipline: every listener is registered synchronously, right here, before any
 * await; async initialisation hides behind one `ready` promise that handlers await. The worker may die at
 * any moment (30 s idle), so all state is reloaded from Dexie at each start.
 */
import { browser } from 'wxt/browser';
import { BUNDLED_MODEL_RELEASE } from '../core/classify/bundled-release';
import { assessUrl, prepareAssess } from '../core/lookalike';
import { indicatorKeys, verdictFromIndicators } from '../core/indicators';
import { isTrustedDomain } from '../core/trusted';
import type { Handlers, SenderInfo } from '../messaging/protocol';
import { describeSender, dispatchMessage } from '../messaging/server';
import { Allowlist } from './allowlist';
import { bumpCounter, openDb } from './db';
import { loadDeferredJson, mayNeedDeferredJson } from './deferred-json';
import { loadPsl } from './psl-deferred';
import { showBadge } from './badge';
import { createHandlers, tabVerdictFor, type HandlerDeps } from './handlers';
import { SiteVerdicts } from './site-verdicts';
import { TabVerdicts } from './tab-verdicts';
import { completeInitialLists, initialise, prefetchBundledMeta, type BackgroundState } from './init';
import { later, type LaterModule } from './later-loader';
import { fetchOwnBytes } from './worker-wake';
import { ListStore, ruleIdentity } from './list-store';
import { createNavigationGuard } from './navigation-guard';
import { coveredBefore, domainRulesInstalled, readRulesInPlace } from './dnr/rules-in-place';
import { rulesMarker } from './dnr/rule-keys';
import { ONLINE_CHECK_SETTING, createOnlineCheck, prefixEndpointFor } from './online-check';
import type { ReportQueue } from './reports/queue';
import type { SyncRuntime } from './sync/runtime';
import type { WakeRows } from './wake-read';

export interface Background {
  readonly ready: Promise<void>;
  /** What each browser listener runs: worker-boot.ts replays the events that woke a split (Chromium) worker. */
  readonly listeners: WorkerListeners;
}

type MessageSender = Parameters<Parameters<typeof browser.runtime.onMessage.addListener>[0]>[1];
type NavigationDetails = Parameters<Parameters<typeof browser.webNavigation.onBeforeNavigate.addListener>[0]>[0];
type Alarm = Parameters<Parameters<typeof browser.alarms.onAlarm.addListener>[0]>[0];

export interface WorkerListeners {
  readonly message: (message: unknown, sender: MessageSender) => Promise<unknown>;
  readonly beforeNavigate: (details: NavigationDetails) => void;
  readonly tabRemoved: (tabId: number) => void;
  readonly startup: () => void;
  readonly installed: () => void;
  readonly online: () => void;
  readonly alarm: (alarm: Alarm) => void;
}

export interface StartOptions {
  /** The wake's rows, read while the worker script was evaluating (wake-prefetch.ts); null/absent: read via Dexie. */
  readonly wakeRows?: Promise<WakeRows | null>;
  /** The public-suffix file's bytes, fetched by background.js while this script loaded (Chromium; psl-deferred.ts). */
  readonly publicSuffixes?: Promise<Uint8Array>;
}

/** The handlers made by the worker's second half (later.ts): reports, sync, model status. */
type LateHandlers = ReturnType<LaterModule['createReportHandlers']> &
  ReturnType<LaterModule['createSyncHandlers']> &
  ReturnType<LaterModule['createModelStatusHandler']>;
const LATE_HANDLERS = [
  'previewReport',
  'submitReport',
  'listReports',
  'getSyncStatus',
  'updateNow',
  'addSubscription',
  'setSubscriptionEnabled',
  'removeSubscription',
  'getModelStatus',
] as const satisfies readonly (keyof LateHandlers)[];
// Compile-time check: every handler the second half makes is in LATE_HANDLERS.
export const LATE_HANDLERS_COMPLETE: [Exclude<keyof LateHandlers, (typeof LATE_HANDLERS)[number]>] extends [never] ? true : false = true;

/**
 * Handlers that load the second half on their first message and are made from it once: a message that needs one
 * waits for the script (Chromium), the first verdict never does.
 */
function lateHandlers<K extends keyof Handlers>(
  load: () => Promise<LaterModule>,
  names: readonly K[],
  make: (m: LaterModule) => Pick<Handlers, K>,
): Pick<Handlers, K> {
  let made: Pick<Handlers, K> | null = null;
  const out = {} as Record<K, unknown>;
  for (const name of names) {
    out[name] = async (req: unknown, sender: SenderInfo): Promise<unknown> => {
      made ??= make(await load());
      return (made[name] as (r: unknown, s: SenderInfo) => Promise<unknown>)(req, sender);
    };
  }
  return out as Pick<Handlers, K>;
}

/** The content script's lazily injected part (entrypoints/content-ui.ts). */
const CONTENT_UI_FILE = '/content-ui.js';

// One function on purpose: it wires the worker — stores, handlers, guard — and registers
// every browser listener synchronously before any await (an MV3 requirement), all sharing the objects made here.
export function start(opts: StartOptions = {}): Background {
  prefetchBundledMeta();
  const db = openDb();
  const lists = new ListStore();
  const allowlist = new Allowlist(db);
  const warningPage = browser.runtime.getURL('/warning.html');
  const state: BackgroundState = { rulesInstalled: false, coveredKeys: new Set(), problems: [] };
  // Data kept out of the worker's script (the confusables table, wxt.config.ts `jsonDeferred`): fetched once the lists
  // are open, after a wake's first verdict. A verdict on an address that may need it (a non-ASCII or punycode host)
  // waits for it, and so does everything that waits for `ready`. A failed fetch is tried again by the next one.
  let deferredLoad: Promise<void> | null = null;
  const deferredData = (): Promise<void> =>
    (deferredLoad ??= loadDeferredJson().catch((err: unknown) => {
      deferredLoad = null;
      state.problems.push(`look-alike data not loaded: ${err instanceof Error ? err.message : String(err)}`);
    }));
  // The worker's second half (classifier, sync, reports, rule compiler: later.ts), reached only through `late()`: in
  // Chromium a script of its own, imported at the first call — right after a wake's first verdict (later-loader.ts).
  let lateModule: LaterModule | null = null;
  const late = (): LaterModule => {
    if (lateModule) return lateModule;
    const m = later();
    // A newer model that came through the feed is read from the database with the classifier, on first use.
    m.setStoredModelLoader(() =>
      m.loadFeedModel(db, BUNDLED_MODEL_RELEASE).catch((err: unknown) => {
        state.problems.push(`stored detection model not loaded: ${err instanceof Error ? err.message : String(err)}`);
        return null;
      }),
    );
    return (lateModule = m);
  };
  /** `late()` in a promise: an error loading the second half rejects instead of throwing. */
  const lateAsync = (): Promise<LaterModule> => Promise.resolve().then(late);
  // The public suffixes (tldts's trie), kept out of the Chromium wake script (wxt.config.ts `chromiumDeferredPsl`):
  // fetched by background.js while this script loaded (opts.publicSuffixes); every verdict and message waits for
  // them. A failed fetch is tried again by the next one (until then a look-up fails: psl-deferred.ts). Elsewhere a
  // no-op.
  let pslLoad: Promise<void> | null = null;
  let pslPrefetched = opts.publicSuffixes;
  const publicSuffixes = (): Promise<void> =>
    (pslLoad ??= loadPsl((path) => {
      const prefetched = pslPrefetched;
      pslPrefetched = undefined; // used once: a retry fetches
      return prefetched ?? fetchOwnBytes(path);
    }).catch((err: unknown) => {
      pslLoad = null;
      state.problems.push(`public-suffix data not loaded: ${err instanceof Error ? err.message : String(err)}`);
    }));
  // The first look-alike check's one-time work (the brand index), one task after this script has run: a wake's
  // database open is still out then (its first ~10 ms are idle), instead of inside its first verdict.
  setTimeout(() => prepareAssess(), 0);
  const tabVerdicts = new TabVerdicts(browser.storage.session, () => Date.now());
  const siteVerdicts = new SiteVerdicts(browser.storage.session, () => Date.now());
  const translate = (key: string): string => browser.i18n.getMessage(key as Parameters<typeof browser.i18n.getMessage>[0]);
  const badge = (tabId: number) => showBadge(browser.action, tabId, tabVerdicts.get(tabId), translate).catch(() => undefined);


  let resolveReady!: () => void;
  const listsReady = new Promise<void>((r) => (resolveReady = r));
  const ready = listsReady.then(() => Promise.all([deferredData(), publicSuffixes()])).then(() => undefined);
  // wake8: database + lists opened (a synced list possibly in chunks, wake-read.ts/list-store.ts). `ready` follows
  // once every list is whole; until then a verdict for one URL waits only for the chunks it probes (readyFor).
  let resolveOpened!: () => void;
  const opened = new Promise<void>((r) => (resolveOpened = r));
  const readyFor = (url: string): Promise<unknown> => {
    const listsFor = Promise.race([
      listsReady,
      opened
        .then(() => lists.ensureFor(url))
        .then(() => performance.mark('ss-wake-chunks')) // user timing: the bench's traces show it
        .catch(() => listsReady), // a chunk that cannot be read: wait for the whole list
    ]);
    return Promise.all([listsFor, publicSuffixes(), ...(mayNeedDeferredJson(url) ? [deferredData()] : [])]);
  };

  const deps: HandlerDeps = {
    ready,
    readyFor,
    lists,
    allowlist,
    now: () => Date.now(),
    assessUrl: (url) => assessUrl(url),
    // Called only once classifierReady has resolved, that is with the second half loaded.
    classifyPage: (features) => late().classifyPage(features),
    classifyText: (text) => late().classifyText(text),
    classifierReady: () => lateAsync().then((m) => m.classifierReady()),
    isTrustedDomain,
    lookupIndicators: (text) => verdictFromIndicators(lists.lookupKeys(indicatorKeys(text))),
    onlineCheck: createOnlineCheck({
      endpoint: async () => prefixEndpointFor(await (await lateAsync()).reportEndpoint(db)),
      fetch: (input, init) => fetch(input, init),
      now: () => Date.now(),
      randomPrefix: () => Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join(''),
      enabled: async () => ((await browser.storage.local.get(ONLINE_CHECK_SETTING)) as Record<string, unknown>)[ONLINE_CHECK_SETTING] !== false,
    }),
    onTrustedChanged: async (hosts) => (await lateAsync()).replaceAllowRule(hosts),
    onTabAllowed: async (tabId, host) => (await lateAsync()).addTabAllowRule(tabId, host),
    closeTab: async (tabId) => {
      await browser.tabs.remove(tabId);
    },
    countEvent: (event) => bumpCounter(db, `event:${event}`),
    injectContentUi: async (tabId, frameId) => {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [CONTENT_UI_FILE] });
    },
    sendToFrame: (tabId, frameId, message) => browser.tabs.sendMessage(tabId, message, { frameId }),
    frameOf: async (tabId, frameId) => (await browser.webNavigation.getFrame({ tabId, frameId })) ?? null,
    readFrame: async (tabId, frameId) => {
      // Runs in the frame's isolated world (content.js's): the frame guard's published read (frame-check.ts
      // FRAME_READ_KEY, spelled here because the function is serialised). No frame guard there: 'unknown'.
      const [first] = await browser.scripting.executeScript({
        target: { tabId, frameIds: [frameId] },
        func: () => {
          const read: unknown = Object.getOwnPropertyDescriptor(globalThis, Symbol.for('scamsentinel.frameRead'))?.value;
          return typeof read === 'function' ? (read as () => Promise<string>)() : 'unknown';
        },
      });
      return first?.result;
    },
    tabVerdicts,
    siteVerdicts,
    onTabVerdict: (tabId) => badge(tabId),
    onTamper: async (tabId) => {
      await badge(tabId);
    },
  };
  // The report queue and the sync runtime live in the second half: made on first use.
  let reportQueue: ReportQueue | null = null;
  const reports = (): ReportQueue => (reportQueue ??= late().createReportQueue(db));
  const flushReports = async (opts?: { retryAll?: boolean }): Promise<void> => {
    const m = await lateAsync();
    await m.flushReports(reports(), opts);
  };
  let syncRuntime: SyncRuntime | null = null;
  const sync = (): SyncRuntime =>
    (syncRuntime ??= late().createSyncRuntime({
      db,
      lists,
      state,
      onListsChanged: async (change) => {
        // While the rules catch up with the swapped lists, the navigation guard checks every listed navigation itself
        // (a newly listed domain has no rule yet, although the live table already says it is compiled).
        state.rulesInstalled = false;
        state.coveredKeys = (await late().installBlockRules(lists, warningPage, { change })).coverage;
        state.rulesInstalled = true;
        await late().saveTableRows({ db, lists, state });
      },
      model: { bundledRelease: BUNDLED_MODEL_RELEASE, onModel: (m) => late().useFeedModel(m) },
    }));
  const handlers: Handlers = {
    ...createHandlers(deps),
    ...lateHandlers(lateAsync, LATE_HANDLERS, (m) => ({
      ...m.createReportHandlers({
        ready,
        reports: reports(),
        reasonsFor: (url, tabId) => tabVerdictFor(deps, tabId, url).verdict.reasons,
        trustSite: async (url) => void (await handlers.trustSite({ url }, { privileged: true, tabId: null })),
        flushSoon: () => void flushReports(),
        endpoint: () => m.reportEndpoint(db),
      }),
      ...m.createSyncHandlers(ready, sync()),
      ...m.createModelStatusHandler({ ready, db, bundledRelease: BUNDLED_MODEL_RELEASE, classifierReady: () => m.classifierReady(), modelInUse: () => m.modelInUse() }),
    })),
  };
  const guard = createNavigationGuard({
    deps,
    warningPage,
    coveredByRules: (key) => state.coveredKeys.has(key),
    rulesReady: () => state.rulesInstalled,
    coveredBefore: async (key, startedAt) =>
      coveredBefore(await readRulesInPlace(), rulesMarker(lists.all().map(ruleIdentity)), key, startedAt) && (await domainRulesInstalled()),
  });
  const extensionOrigin = browser.runtime.getURL('/');

  // --- listeners: synchronous, before any await ---
  const listeners: WorkerListeners = {
    // Every handler may read a public suffix (a host's site, a trust target): they are in first.
    message: (message, sender) =>
      publicSuffixes().then(() => dispatchMessage(message, describeSender(sender, browser.runtime.id, extensionOrigin), handlers)),
    beforeNavigate: (details) => {
      // A new document in the tab: its old story ends here (the guard or the new page's check writes the next one).
      if (details.frameId === 0 && details.tabId >= 0 && !details.url.startsWith(warningPage)) {
        void ready.then(async () => {
          if (await tabVerdicts.clear(details.tabId)) await badge(details.tabId);
        });
      }
      void guard.onBeforeNavigate(details);
    },
    tabRemoved: (tabId) => {
      void ready.then(() => Promise.all([allowlist.forgetTab(tabId), lateAsync().then((m) => m.removeTabAllowRules(tabId)), tabVerdicts.clear(tabId)]));
    },
    startup: () => {
      // A browser start is a natural moment to retry queued reports without waiting out their backoff.
      void ready.then(() => Promise.all([allowlist.clearTabAllows(), flushReports({ retryAll: true })]));
    },
    installed: () => {
      void ready.then(() => flushReports({ retryAll: true }));
    },
    online: () => void ready.then(() => flushReports({ retryAll: true })),
    alarm: (alarm) => {
      void ready
        .then(lateAsync)
        .then(async (m) => {
          if (alarm.name === m.REPORTS_ALARM) await flushReports();
          else await sync().scheduler.onAlarm(alarm.name);
        });
    },
  };
  browser.runtime.onMessage.addListener((message: unknown, sender) => listeners.message(message, sender));
  browser.webNavigation.onBeforeNavigate.addListener(listeners.beforeNavigate);
  browser.tabs.onRemoved.addListener((tabId) => listeners.tabRemoved(tabId));
  browser.runtime.onStartup.addListener(listeners.startup);
  browser.runtime.onInstalled.addListener(() => listeners.installed());
  self.addEventListener('online', listeners.online);
  browser.alarms.onAlarm.addListener(listeners.alarm);

  // `ready` = database + lists (+ the deferred look-alike data); a verdict on a plain ASCII address waits only for
  // the lists (readyFor). Rule checks (and, rarely, a reinstall) follow the lists; until they finish the navigation
  // guard handles every listed navigation itself (rulesReady false).
  const initDeps = { db, lists, allowlist, warningPage, state, wakeRows: opts.wakeRows };
  const hop = (): Promise<void> => new Promise<void>((resume) => setTimeout(resume, 0));
  void Promise.all([initialise(initDeps), tabVerdicts.load().catch(() => undefined), siteVerdicts.load().catch(() => undefined)])
    .finally(() => {
      performance.mark('ss-wake-opened');
      resolveOpened();
    })
    // wake8: a list opened in chunks is read whole one macrotask later (after the first verdict's chunk reads).
    .then(async () => {
      if (!state.deferredLoads?.length) return;
      await hop();
      await completeInitialLists(initDeps);
      performance.mark('ss-wake-whole');
    })
    .finally(resolveReady)
    // One macrotask hop: the handlers waiting on `ready` (the wake's first verdict) answer before the rule check and
    // the re-hash of the stored list start.
    .then(hop)
    .then(() => {
      // A wake that read its rows without Dexie opens it now (else its first query would): a failure is reported.
      if (!db.isOpen()) db.open().catch((err: unknown) => state.problems.push(`database unavailable: ${err instanceof Error ? err.message : String(err)}`));
      // The second half (its script, in Chromium) and the classifier's model are loaded off the critical path too (a
      // page check that comes first awaits them).
      return lateAsync().then((m) => {
        m.classifierReady().catch((err: unknown) => state.problems.push(`classifier not loaded: ${err instanceof Error ? err.message : String(err)}`));
        return m.settleRules(initDeps);
      });
    })
    .catch((err: unknown) => void state.problems.push(`worker not fully started: ${err instanceof Error ? err.message : String(err)}`))
    .then(() => Promise.all([sync().start(), flushReports()]))
    .catch((err: unknown) => void state.problems.push(`list sync and reports not started: ${err instanceof Error ? err.message : String(err)}`));
  return { ready, listeners };
}
