/**
 * Message handlers: pure functions of (validated request, sender, injected dependencies).
 * Tested directly in tests/unit/background; the service worker wires real dependencies in start.ts.
 */
import { trustRefusal } from '../core/trust/target';
import { canonicalize } from '../core/url';
import { combineVerdicts, judgePage, judgeUrl, pageFlags, type Judge } from '../core/verdict';
import { rememberable } from '../core/verdict/site-memory';
import { NO_VERDICT, levelRank, type Verdict } from '../core/types';
import type { PageFeatures } from '../core/classify/features';
import { gateText } from '../core/classify/gate';
import { isPaymentField } from '../core/classify/payment-step';
import { splitLinks, type Handlers, type PageEvent, type SenderInfo } from '../messaging/protocol';
import { FRAME_KEY, readFrameAnswer, readTopStatus, type ToFrame, type ToTop, type TopStatus } from '../messaging/frames';
import type { Allowlist } from './allowlist';
import type { ListStore } from './list-store';
import type { SiteVerdicts } from './site-verdicts';
import type { TabVerdict, TabVerdicts } from './tab-verdicts';
import { onlineVerdict, type OnlineCheck } from './online-check';

export interface FrameRecord {
  readonly parentFrameId: number;
  readonly url: string;
}

export interface HandlerDeps {
  readonly ready: Promise<void>;
  /**
   * wake8: resolves when a verdict about `url` can be made — lists opened, and the chunks a lookup of `url` probes
   * loaded (a list opened in chunks at a wake) — possibly before `ready`. Only for handlers that look up this URL
   * alone (getVerdict, the navigation guard). Absent: `ready`.
   */
  readonly readyFor?: (url: string) => Promise<unknown>;
  readonly lists: ListStore;
  readonly allowlist: Allowlist;
  /** URL-shape signals (lookalikes etc.); absent in tests that only exercise lists. */
  readonly assessUrl?: (url: string) => Verdict;
  /** Page classifier (features → verdict) and ad/post text classifier; absent in list-only tests. */
  readonly classifyPage?: (features: PageFeatures) => Verdict;
  readonly classifyText?: (text: string) => Verdict;
  /** Resolves when classifyPage / classifyText can run (their model is loaded on first use); absent: always ready. */
  readonly classifierReady?: () => Promise<void>;
  /** Known scam indicators (wallets, phones, IM handles) found in page text → list verdicts. */
  readonly lookupIndicators?: (text: string) => Verdict[];
  /** Major sites that are never classified (the default trusted list). */
  readonly isTrustedDomain?: (host: string) => boolean;
  readonly countEvent: (event: PageEvent) => Promise<void>;
  readonly onTamper: (tabId: number) => Promise<void>;
  /** The per-tab verdict store (popup, badge, reports); absent in tests that only exercise verdicts. */
  readonly tabVerdicts?: TabVerdicts;
  /** A tab's verdict changed (the toolbar badge follows). */
  readonly onTabVerdict?: (tabId: number, tv: TabVerdict) => Promise<void>;
  /** Site memory (a warn page speaks for the rest of its site, site-verdicts.ts); absent in tests that do not use it. */
  readonly siteVerdicts?: SiteVerdicts;
  readonly now: () => number;
  readonly onTrustedChanged: (hosts: string[]) => Promise<void>;
  readonly onTabAllowed: (tabId: number, host: string) => Promise<void>;
  readonly closeTab: (tabId: number) => Promise<void>;
  /** Online check of fresh entries (online-check.ts); absent in tests that do not exercise it. */
  readonly onlineCheck?: OnlineCheck;
  /** Injects the content script's UI / extraction part into a tab's frame (scripting.executeScript). */
  readonly injectContentUi?: (tabId: number, frameId: number) => Promise<void>;
  /** Sends a message to one frame of a tab and returns its answer (tabs.sendMessage); rejects when nobody listens. */
  readonly sendToFrame?: (tabId: number, frameId: number, message: ToTop | ToFrame) => Promise<unknown>;
  /** A frame's parent frame id (-1 for a main frame) and address, as the browser records them (webNavigation.getFrame); null when the frame is gone. */
  readonly frameOf?: (tabId: number, frameId: number) => Promise<FrameRecord | null>;
  /**
   * A sub-frame's own page as its frame guard reads it (frame/guard.ts `read`, called in the frame's isolated world by
   * scripting.executeScript): its level or 'unknown'; rejects when the frame cannot be reached.
   */
  readonly readFrame?: (tabId: number, frameId: number) => Promise<unknown>;
}

/** How long the worker waits for a frame between a step's frame and its judge to read its own page. */
const FRAME_READ_MS = 8000;

/**
 * The worse of two own-page readings for a step: a risk found wins; otherwise 'unknown' (a frame that could not be
 * read) wins over caution and clean — never a pass for want of a reading.
 */
export function worseOwn(a: TopStatus, b: TopStatus): TopStatus {
  return OWN_RANK[a] >= OWN_RANK[b] ? a : b;
}
const OWN_RANK: Record<TopStatus, number> = { none: 0, caution: 1, unknown: 2, warn: 3, block: 4 };

/** How far up a frame's ancestors the worker looks for the frame that judges its steps … */
const MAX_FRAME_DEPTH = 6;
/** … and how long it waits for each ancestor to say whether it is checked as a page. */
const JUDGE_PROBE_MS = 500;

export function hostOf(url: string): string | null {
  return canonicalize(url)?.host ?? null;
}

function requireHost(url: string): string {
  const host = hostOf(url);
  if (!host) throw new Error('not an http(s) URL');
  return host;
}

/** A host that may be trusted / allowed: not an IP, a public suffix or a shared-hosting platform (core/trust). */
function requireTrustTarget(url: string, forTabOnly = false): string {
  const host = requireHost(url);
  const refusal = trustRefusal(host);
  // One tab's "continue anyway" may name a single IP or a shared-hosting host (the user is looking at that page);
  // it may never name a public suffix. Permanent trust refuses all three.
  if (refusal && !(forTabOnly && (refusal === 'ip' || refusal === 'shared-hosting'))) throw new Error(`cannot trust ${host}: ${refusal}`);
  return host;
}

function requireTab(sender: SenderInfo): number {
  if (sender.tabId === null) throw new Error('this action needs a tab');
  return sender.tabId;
}

/** The tab of a sub-frame's content script (frame/guard.ts); the top frame has its own guard and never asks. */
function requireSubFrame(sender: SenderInfo): { tabId: number; frameId: number } {
  const tabId = requireTab(sender);
  if (sender.frameId === undefined || sender.frameId <= 0) throw new Error('only a sub-frame asks its top frame');
  return { tabId, frameId: sender.frameId };
}

function frameRelay(deps: HandlerDeps): NonNullable<HandlerDeps['sendToFrame']> {
  if (!deps.sendToFrame) throw new Error('frame messages are not available');
  return deps.sendToFrame;
}

/**
 * A frame's ancestors with their addresses, nearest first, as the browser records them (the page cannot set them);
 * `complete` when they lead to the tab's top frame — not for a frame of a document the tab left (a late answer after a
 * navigation) or a prerendered page's main frame (no parent, not frame 0).
 */
async function ancestry(deps: HandlerDeps, tabId: number, frameId: number): Promise<{ frames: { id: number; url: string }[]; complete: boolean }> {
  const frames: { id: number; url: string }[] = [];
  if (!deps.frameOf) return { frames, complete: false };
  let record = await deps.frameOf(tabId, frameId).catch(() => null);
  for (let depth = 0; record && record.parentFrameId >= 0 && depth < MAX_FRAME_DEPTH; depth++) {
    const id = record.parentFrameId;
    record = await deps.frameOf(tabId, id).catch(() => null);
    if (!record) break;
    frames.push({ id, url: record.url });
    if (id === 0) return { frames, complete: true };
  }
  return { frames, complete: false };
}

/** The frame's ancestors, nearest first, the top frame (0) last; [0] when they cannot be looked up. */
async function ancestorsOf(deps: HandlerDeps, tabId: number, frameId: number): Promise<number[]> {
  const ids = (await ancestry(deps, tabId, frameId)).frames.map((f) => f.id);
  return ids.includes(0) ? ids : [...ids, 0];
}

/**
 * Which frame judges a sub-frame's steps: the nearest ancestor checked as a page — one that answers a status
 * request, i.e. runs the page check: a full-size frame of a wrapper page (frame/main.ts), else the top frame. A card
 * frame inside a wrapper's full-size scam frame is judged by that frame, not by the wrapper.
 */
async function frameJudge(
  deps: HandlerDeps,
  tabId: number,
  frameId: number,
): Promise<{ judge: number; status: TopStatus | null; between: number[] }> {
  const send = frameRelay(deps);
  const above = await ancestorsOf(deps, tabId, frameId);
  // The frames between `frameId` and the judge (nearest first), not checked as pages themselves.
  const between: number[] = [];
  for (const a of above) {
    if (a === 0) break;
    // Bounded: a frame without a listener may never answer (Firefox does not always settle such a message).
    const probe = send(tabId, a, { [FRAME_KEY]: 'status' }).catch(() => null);
    const status = readTopStatus(await Promise.race([probe, new Promise((r) => setTimeout(() => r(null), JUDGE_PROBE_MS))]));
    if (status !== null) return { judge: a, status, between };
    between.push(a);
  }
  return { judge: 0, status: null, between };
}

/**
 * The last verdict the worker gave each sub-frame's own page (tab, frame): a frame that is not checked as a page reads
 * its page when the user is about to act in it, and steps right after (frame/guard.ts), so memory is enough — a
 * worker that was stopped meanwhile answers null, and the judge then warns by the level the frame sent alone (no
 * reasons). Bounded: the oldest go first.
 */
export class FrameOwnVerdicts {
  static readonly MAX = 512;
  private readonly byFrame = new Map<string, Verdict>();

  set(tabId: number, frameId: number, verdict: Verdict): void {
    const key = `${tabId}/${frameId}`;
    this.byFrame.delete(key);
    this.byFrame.set(key, verdict);
    if (this.byFrame.size > FrameOwnVerdicts.MAX) this.byFrame.delete(this.byFrame.keys().next().value ?? '');
  }

  get(tabId: number, frameId: number): Verdict | null {
    return this.byFrame.get(`${tabId}/${frameId}`) ?? null;
  }
}

/** A frame's own-page reading, bounded; 'unknown' when it cannot be had (no frame guard there, no answer in time). */
async function readBetween(deps: HandlerDeps, tabId: number, frameId: number): Promise<TopStatus> {
  if (!deps.readFrame) return 'unknown';
  const read = deps.readFrame(tabId, frameId).catch(() => null);
  return readTopStatus(await Promise.race([read, new Promise((r) => setTimeout(() => r(null), FRAME_READ_MS))])) ?? 'unknown';
}

/**
 * `level` weighed with the readings of the frames between a step's frame and its judge (not checked as pages: a
 * scaled-up scam frame that holds a plain payment frame, review session 23) — the worst goes.
 */
async function withBetween(deps: HandlerDeps, tabId: number, between: readonly number[], level: TopStatus): Promise<TopStatus> {
  let worst = level;
  for (const f of between) worst = worseOwn(worst, await readBetween(deps, tabId, f));
  return worst;
}

/** The worker's evidence sources as a core Judge. */
export function judgeOf(deps: HandlerDeps): Judge {
  return {
    lookup: (url) => deps.lists.lookup(url),
    ...(deps.assessUrl ? { assessUrl: deps.assessUrl } : {}),
    ...(deps.classifyPage ? { classifyPage: deps.classifyPage } : {}),
    ...(deps.lookupIndicators ? { lookupIndicators: deps.lookupIndicators } : {}),
    ...(deps.isTrustedDomain ? { isMajorSite: deps.isTrustedDomain } : {}),
  };
}

/** The verdict for a URL, ignoring the user's allowlist (callers decide what an allow means). */
export function verdictFor(deps: HandlerDeps, url: string): Verdict {
  if (!hostOf(url)) return NO_VERDICT;
  const v = judgeUrl(judgeOf(deps), url);
  if (v.list) return v;
  // Not on a synced list: an entry accepted in review since the last list update (online check cache) still blocks.
  const online = deps.onlineCheck?.knownHit(url);
  return online ? combineVerdicts([onlineVerdict(online), v]) : v;
}

/** What the extension knows about this URL in this tab: the tab's page verdict when it is about this URL, else the URL's. */
export function tabVerdictFor(deps: HandlerDeps, tabId: number | null, url: string): { verdict: Verdict; tampered: boolean } {
  const urlVerdict = verdictFor(deps, url);
  const tv = deps.tabVerdicts?.forUrl(tabId, url) ?? null;
  if (!tv) return { verdict: urlVerdict, tampered: false };
  return { verdict: combineVerdicts([tv.verdict, urlVerdict]), tampered: tv.tampered };
}

/** Only what is not clean travels back to the page: [index, verdict]. */
function notClean(verdicts: readonly Verdict[]): [number, Verdict][] {
  const out: [number, Verdict][] = [];
  verdicts.forEach((v, i) => {
    if (v.level !== 'none') out.push([i, v]);
  });
  return out;
}

export type CoreHandlers = Omit<
  Handlers,
  | 'previewReport'
  | 'submitReport'
  | 'listReports'
  | 'getSyncStatus'
  | 'getModelStatus'
  | 'updateNow'
  | 'addSubscription'
  | 'setSubscriptionEnabled'
  | 'removeSubscription'
>;

// A table of message handlers: one method per message over the shared `deps`; its length
// is the number of messages.
export function createHandlers(deps: HandlerDeps): CoreHandlers {
  const frameOwn = new FrameOwnVerdicts();
  return {
    async getVerdict({ url }) {
      await (deps.readyFor ? deps.readyFor(url) : deps.ready);
      return verdictFor(deps, url);
    },
    async checkPage({ url, features, gate, links: joined, snippets }, sender) {
      await deps.ready;
      await deps.classifierReady?.().catch(() => undefined); // no model: list and URL verdicts still answer
      const host = hostOf(url);
      if (!host || deps.allowlist.isTrusted(host)) return { page: NO_VERDICT, links: [], snippets: [], extract: false };
      const links = splitLinks(joined);
      const judged = judgePage(judgeOf(deps), url, host, features ?? undefined);
      const majorSite = judged.majorSite;
      const urlVerdict = judged.url;
      const linkCache = new Map<string, Verdict>();
      const linkVerdicts = links.map((href) => {
        const h = hostOf(href);
        if (!h || deps.allowlist.isTrusted(h)) return NO_VERDICT;
        let v = linkCache.get(href);
        if (!v) linkCache.set(href, (v = verdictFor(deps, href)));
        return v;
      });
      const snippetVerdicts = snippets.map((text) => (deps.classifyText && !majorSite ? deps.classifyText(text) : NO_VERDICT));
      // Extraction is worth it when the gate sample has trigger words / a wallet / a sensitive field, or when the
      // URL alone is already risky (the features then name the payment fields and words in the warning).
      const extract =
        !features && !majorSite && !!gate && (urlVerdict.level !== 'none' || gateText(gate.sample, gate.sensitive).pass);
      let page = judged.page;
      const known = judged.url.list ? null : deps.onlineCheck?.knownHit(url);
      if (known) page = combineVerdicts([page, onlineVerdict(known)]);
      // Only a page that already looks risky, or a payment step on an unknown site, is worth an online check.
      // (the payment-step vocabulary's fields, or a password: a login form on an unknown site is worth it too)
      const paymentStep = gate?.sensitive === true || (features?.fields.some((f) => isPaymentField(f.kind, undefined) || f.kind === 'password') ?? false);
      if (deps.onlineCheck && !majorSite && page.level !== 'block' && (page.level !== 'none' || paymentStep)) {
        const online = await deps.onlineCheck.check(url);
        if (online) page = combineVerdicts([page, onlineVerdict(online)]);
      }
      // Site memory: a warn page the model found marks its site (never a page that is itself a money step:
      // site-memory.ts); a later page of that site that reads lower — the plain recharge page after the 抢单 home
      // page — gets the carried warn, so the warning is there at the payment step. Top frame only: a frame checked as
      // a page (one that fills most of the window) may be one without an address of its own, written by any script
      // of its parent (a full-screen ad), judged by the parent's address — it must not mark that site.
      if (deps.siteVerdicts && !majorSite) {
        if (rememberable({ url: urlVerdict, page, majorSite }, features ?? undefined)) {
          if ((sender.frameId ?? 0) === 0 && sender.tabId !== null) await deps.siteVerdicts.remember(url, host, page);
        } else if (levelRank(page.level) < levelRank('warn')) {
          const carried = deps.siteVerdicts.carried(host);
          if (carried) page = combineVerdicts([page, carried]);
        }
      }
      // A sub-frame's own page, for the frame that judges its held steps (frameVerdict).
      if (sender.tabId !== null && (sender.frameId ?? 0) !== 0) frameOwn.set(sender.tabId, sender.frameId ?? 0, page);
      // The tab's story: the top frame's page, and what a frame checked as a page found (the popup and the badge of a
      // wrapper page tell its full-size frame's story).
      if (deps.tabVerdicts && sender.tabId !== null) {
        const frameId = sender.frameId ?? 0;
        let tv: TabVerdict | null = null;
        if (frameId === 0) tv = await deps.tabVerdicts.record(sender.tabId, url, page);
        else if (page.level !== 'none') {
          // Kept with the top document's address it was found under: a late answer from a frame of the page the tab
          // just left must not colour the next one.
          const above = await ancestry(deps, sender.tabId, frameId);
          const topUrl = above.complete ? above.frames[above.frames.length - 1]!.url : null;
          // The popup and a report name the site the frame shows when it is not the tab's own (the platform behind
          // a throw-away wrapper, or a full-screen third-party frame — not the site around it).
          const shown: Verdict = topUrl && hostOf(topUrl) !== host ? { ...page, reasons: [{ signal: 'site:frame', host }, ...page.reasons] } : page;
          if (topUrl) tv = await deps.tabVerdicts.recordFrame(sender.tabId, topUrl, shown);
        }
        if (tv) await deps.onTabVerdict?.(sender.tabId, tv);
      }
      return { page, links: notClean(linkVerdicts), snippets: notClean(snippetVerdicts), extract, flags: pageFlags(page, features) };
    },
    async loadContentUi(_req, sender) {
      const tabId = requireTab(sender);
      if (!deps.injectContentUi) throw new Error('content UI injection is not available');
      await deps.injectContentUi(tabId, sender.frameId ?? 0);
      return null;
    },
    // Relays between a tab's frames (src/messaging/frames.ts). Nothing is looked up: no wait for the lists. An answer
    // that is not one of the expected values fails the message, and the sub-frame then treats its step as unchecked.
    async frameStatus(_req, sender) {
      const { tabId, frameId } = requireSubFrame(sender);
      const { judge, status: known, between } = await frameJudge(deps, tabId, frameId);
      const status = known ?? readTopStatus(await frameRelay(deps)(tabId, judge, { [FRAME_KEY]: 'status' }));
      if (status === null) throw new Error('the top frame gave no status');
      // The frame lets a step go unheld on this answer: the frames between count as the page around the step.
      return withBetween(deps, tabId, between, status);
    },
    async frameStep({ stepId, own }, sender) {
      const { tabId, frameId } = requireSubFrame(sender);
      const { judge, between } = await frameJudge(deps, tabId, frameId);
      const level = await withBetween(deps, tabId, between, own);
      const answer = readFrameAnswer(await frameRelay(deps)(tabId, judge, { [FRAME_KEY]: 'step', frameId, stepId, own: level }));
      if (answer === null) throw new Error('the top frame gave no answer');
      return answer;
    },
    async frameReplay({ frameId, stepId }, sender) {
      const tabId = requireTab(sender);
      // Only the guard that holds the warning the user answered hands a step back: the top frame's, or that of a frame
      // checked as a page, for a frame below it.
      const from = sender.frameId;
      if (from === undefined || !(from === 0 || (await ancestorsOf(deps, tabId, frameId)).includes(from))) {
        throw new Error('only the frame that judged a step hands it back');
      }
      await frameRelay(deps)(tabId, frameId, { [FRAME_KEY]: 'replay', stepId });
      return null;
    },
    async frameAddress(_req, sender) {
      const { tabId, frameId } = requireSubFrame(sender);
      const http = (await ancestry(deps, tabId, frameId)).frames.find((f) => /^https?:\/\//i.test(f.url));
      if (!http) throw new Error('no ancestor of the frame has an http(s) address');
      return http.url;
    },
    async frameVerdict({ frameId }, sender) {
      const tabId = requireTab(sender);
      // Only a frame that judges this frame's steps asks: the top frame, or a frame checked as a page above it.
      const from = sender.frameId;
      const above = await ancestorsOf(deps, tabId, frameId);
      if (from === undefined || !(from === 0 || above.includes(from))) {
        throw new Error('only the frame that judges a step asks for its frame\'s verdict');
      }
      // The frame's own page with those of the frames between it and the asker (read for the same step).
      const chain = [frameId, ...above.slice(0, Math.max(0, above.indexOf(from)))];
      const found = chain.map((f) => frameOwn.get(tabId, f)).filter((v): v is Verdict => v !== null && v.level !== 'none');
      return found.length > 0 ? combineVerdicts(found) : frameOwn.get(tabId, frameId);
    },
    async recordEvent({ event }, sender) {
      await deps.countEvent(event);
      if (event === 'tamper' && sender.tabId !== null) {
        await deps.tabVerdicts?.markTampered(sender.tabId);
        await deps.onTamper(sender.tabId);
      }
      return null;
    },
    async getStatus({ url, tabId }, sender) {
      await deps.ready;
      const host = hostOf(url) ?? '';
      // The popup (an extension page, no tab of its own) names the tab it describes; others get their own tab.
      const forTab = sender.privileged && tabId !== undefined ? tabId : sender.tabId;
      const { verdict, tampered } = tabVerdictFor(deps, forTab, url);
      return {
        host,
        verdict,
        tampered,
        allowed: host ? deps.allowlist.allowedState(forTab, host) : null,
        list: deps.lists.status(),
        lists: deps.lists.statuses(),
      };
    },
    async allowForTab({ url }, sender) {
      await deps.ready;
      const tabId = requireTab(sender);
      const host = requireTrustTarget(url, true);
      await deps.allowlist.allowInTab(tabId, host, deps.now());
      await deps.onTabAllowed(tabId, host);
      return { host };
    },
    async trustSite({ url }) {
      await deps.ready;
      const host = requireTrustTarget(url);
      // Listed by path (a tenant's page on a shared host): trusting the host would also trust — and un-redirect —
      // every other path there, the listed one included. Only one tab's "continue" is possible.
      const hit = deps.lists.lookup(url);
      if (hit && !/^[^/]+\/$/.test(hit.expression)) throw new Error(`cannot trust ${host}: it is listed by path (${hit.expression})`);
      await deps.allowlist.trust(host, deps.now());
      await deps.siteVerdicts?.forget(host);
      await deps.onTrustedChanged(deps.allowlist.trustedSites().map((t) => t.host));
      return { host };
    },
    async untrustSite({ host }) {
      await deps.ready;
      const removed = await deps.allowlist.untrust(host.toLowerCase());
      await deps.onTrustedChanged(deps.allowlist.trustedSites().map((t) => t.host));
      return { removed };
    },
    async listTrusted() {
      await deps.ready;
      return deps.allowlist.trustedSites();
    },
    async closeTab(_req, sender) {
      await deps.closeTab(requireTab(sender));
      return null;
    },
  };
}
