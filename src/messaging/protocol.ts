/**
 * The one message protocol between extension contexts and the service worker.
 *
 * Each message type is declared once here: its zod request schema, whether only extension pages may send it
 * (`privileged` — a content script runs next to hostile page code and must never be able to allow a site), and its
 * response type. Client (`send`) and server (`createMessageHandler`) types are derived from `Protocol`.
 * Everything that arrives is untrusted and parsed with zod before any handler sees it.
 */
import * as z from 'zod/mini';
import { CATEGORIES, LEVELS, type Category, type Level, type Verdict } from '../core/types';
import type { PageFlags } from '../core/verdict/judge';
import { GATE_SAMPLE_MAX_CHARS } from '../core/classify/gate';
import { SCREENSHOT_MAX_BYTES, SCREENSHOT_MAX_CHARS, SCREENSHOT_PREFIX, screenshotFits } from '../core/report-limits';
import { useEnglishMessages } from '../core/zod';
import { MAX_PAGE_LINKS, splitLinks, URL_MAX_CHARS } from './links';
import { pageFeaturesSchema } from './page-features-schema';
import { FRAME_ID_MAX, STEP_ID_MAX, type FrameAnswer, type TopStatus } from './frames';

const url = () => z.string().check(z.minLength(1), z.maxLength(URL_MAX_CHARS));
export { joinLinks, MAX_PAGE_LINKS, splitLinks } from './links';

export const PAGE_EVENTS = [
  'overlay-shown',
  'overlay-left',
  'overlay-continued',
  'banner-shown',
  'link-confirm-shown',
  'link-confirm-continued',
  'tamper',
] as const;
export type PageEvent = (typeof PAGE_EVENTS)[number];
const host = () => z.string().check(z.minLength(1), z.maxLength(253));
const listId = () => z.string().check(z.minLength(1), z.maxLength(64));
const tabId = () => z.int().check(z.gte(0));

const reportDraft = () => ({
  kind: z.enum(['scam', 'false-positive']),
  url: url(),
  category: z.enum(CATEGORIES),
  comment: z.optional(z.string().check(z.maxLength(2000))),
  paid: z.optional(z.boolean()),
  includeFullUrl: z.optional(z.boolean()),
  /** Attach the page's warning signs (computed by the service worker, not taken from the sender). */
  includeReasons: z.optional(z.boolean()),
  /** The tab the report is about (popup): its page verdict's warning signs are attached. */
  tabId: z.optional(tabId()),
  /** Within the intake server's cap (one definition: core/report-limits). */
  screenshot: z.optional(
    z
      .string()
      .check(
        z.maxLength(SCREENSHOT_MAX_CHARS),
        z.refine(screenshotFits, `a ${SCREENSHOT_PREFIX} PNG of at most ${SCREENSHOT_MAX_BYTES} bytes`),
      ),
  ),
});
const idempotencyKey = () => z.uuid();

/**
 * Each request schema is built the first time it is used, not when this module loads: building zod schemas is
 * most of what this module costs, and it is loaded by the service worker at every wake (whose first message needs
 * one schema) and by the content script on every page (which parses none). Each key is a getter that builds its
 * schema once and then replaces itself with it.
 */
function lazySchemas<T extends Record<string, () => z.ZodMiniType>>(make: T): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const out = {} as { [K in keyof T]: ReturnType<T[K]> };
  for (const key of Object.keys(make) as (keyof T & string)[]) {
    Object.defineProperty(out, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        useEnglishMessages();
        const schema = make[key]!();
        Object.defineProperty(out, key, { value: schema, enumerable: true, configurable: false, writable: false });
        return schema;
      },
    });
  }
  return out;
}

const REQUESTS = lazySchemas({
  /** Verdict for one URL (warning page, popup). */
  getVerdict: () => z.strictObject({ url: url() }),
  /**
   * One batched check from the content script: the page's links and ad/post snippets, plus either the gate sample
   * (first check of a route: title + first visible text, and whether a sensitive input exists — the worker answers
   * `extract`) or the extracted features (second check, only when the worker asked for them).
   */
  checkPage: () => z.strictObject({
    url: url(),
    features: z.nullable(pageFeaturesSchema()),
    gate: z.optional(
      z.nullable(z.strictObject({ sample: z.string().check(z.maxLength(GATE_SAMPLE_MAX_CHARS)), sensitive: z.boolean() })),
    ),
    /** Link targets joined by '\n' (one string costs the sender about half of 1,000 strings to serialise). */
    links: z.string().check(
      z.maxLength(MAX_PAGE_LINKS * (URL_MAX_CHARS + 1)),
      z.superRefine((joined, ctx) => {
        const links = splitLinks(joined);
        if (links.length > MAX_PAGE_LINKS) ctx.addIssue({ code: 'custom', message: `more than ${MAX_PAGE_LINKS} links` });
        else if (!links.every((l) => l.length > 0 && l.length <= URL_MAX_CHARS)) ctx.addIssue({ code: 'custom', message: 'empty or over-long link' });
      }),
    ),
    snippets: z.array(z.string().check(z.maxLength(1000))).check(z.maxLength(200)),
  }),
  /** The content script needs its UI / extraction part (src/content/ui/install.ts): inject it into the sender's frame. */
  loadContentUi: () => z.strictObject({}),
  /** A sub-frame's guard: the top frame's verdict level, to let a step go without holding it (relayed to frame 0). */
  frameStatus: () => z.strictObject({}),
  /** A sub-frame held a step that may be a payment: the top frame's guard judges it (relayed to frame 0). */
  frameStep: () => z.strictObject({
    stepId: z.int().check(z.gte(0), z.lte(STEP_ID_MAX)),
    /** What the frame's own page read as (frame/guard.ts): its level, or 'unknown' when that read failed. */
    own: z.enum([...LEVELS, 'unknown']),
  }),
  /** The top frame: the user continued a sub-frame's held step — that frame carries it out (relayed to it). */
  frameReplay: () => z.strictObject({
    frameId: z.int().check(z.gte(1), z.lte(FRAME_ID_MAX)),
    stepId: z.int().check(z.gte(0), z.lte(STEP_ID_MAX)),
  }),
  /**
   * A full-size sub-frame with an opaque origin (a sandboxed or data: frame: no address of its own nor one it may read):
   * the address of its nearest ancestor that has an http(s) one, to check it as a page by.
   */
  frameAddress: () => z.strictObject({}),
  /**
   * The frame judging a sub-frame's held step (the top frame, or a frame checked as a page above it): the verdict of
   * that sub-frame's own page, as the worker gave it to the sub-frame's last check, or null.
   */
  frameVerdict: () => z.strictObject({ frameId: z.int().check(z.gte(1), z.lte(FRAME_ID_MAX)) }),
  /** In-page protection events — counts only, never URLs. `tamper` also turns the toolbar badge red. */
  recordEvent: () => z.strictObject({ event: z.enum(PAGE_EVENTS) }),
  /** Status of a tab's site for the popup. */
  getStatus: () => z.strictObject({ url: url(), tabId: z.optional(tabId()) }),
  /** "Continue anyway" from the interstitial: allow this site for the sender's tab only. */
  allowForTab: () => z.strictObject({ url: url() }),
  /** "Always trust this site" (interstitial, popup, options). */
  trustSite: () => z.strictObject({ url: url() }),
  /** Remove a permanent trust (options). */
  untrustSite: () => z.strictObject({ host: host() }),
  /** The permanent allowlist (options). */
  listTrusted: () => z.strictObject({}),
  /** The exact JSON a report would send, with the idempotency key it will use. */
  previewReport: () => z.strictObject({ ...reportDraft(), idempotencyKey: z.optional(idempotencyKey()) }),
  /** Queue a report (stored first, then sent with retries). A false-positive report also trusts the site. */
  submitReport: () => z.strictObject({ ...reportDraft(), idempotencyKey: idempotencyKey() }),
  /** The user's reports and their statuses. */
  listReports: () => z.strictObject({}),
  /** Options page: every subscription with its sync status and the current "update now" progress. */
  getSyncStatus: () => z.strictObject({}),
  /** Options page: which detection model classifies pages (built in or from the list feed) and the last feed check. */
  getModelStatus: () => z.strictObject({}),
  /** Options page: check a list for updates now (ignores backoff, honours the server's minimum wait). */
  updateNow: () => z.strictObject({ listId: listId() }),
  /** Options page: subscribe to another signed list by its manifest URL and its publisher's Ed25519 public key. */
  addSubscription: () => z.strictObject({
    manifestUrl: url(),
    publicKey: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, 'an Ed25519 public key in base64 (44 characters)')),
  }),
  setSubscriptionEnabled: () => z.strictObject({ listId: listId(), enabled: z.boolean() }),
  removeSubscription: () => z.strictObject({ listId: listId() }),
  /** Leave the warning page when there is no history to go back to. */
  closeTab: () => z.strictObject({}),
});

/** Who may send a message: only the extension's own top-level pages (the default), or content scripts too. */
export type SenderKind = 'extension' | 'content';

/** A message's response type, carried in the table as a type only. */
export interface Reply<T> {
  readonly reply?: T;
}
const reply = <T>(): Reply<T> => ({});

/**
 * The message table: one entry per message — its request schema, its response type and who may send it.
 * `from: 'content'` is the exception and is spelled out; everything else is for extension pages only (a content
 * script runs next to hostile page code and must never be able to allow a site, read reports or change lists).
 * A message without an entry does not exist (dispatch answers UNKNOWN_TYPE), and tests/unit/messaging checks the
 * table against the handlers.
 */
export const MESSAGES = {
  getVerdict: { get request() { return REQUESTS.getVerdict; }, response: reply<Verdict>(), from: 'extension' },
  checkPage: { get request() { return REQUESTS.checkPage; }, response: reply<PageCheckResult>(), from: 'content' },
  loadContentUi: { get request() { return REQUESTS.loadContentUi; }, response: reply<null>(), from: 'content' },
  recordEvent: { get request() { return REQUESTS.recordEvent; }, response: reply<null>(), from: 'content' },
  frameStatus: { get request() { return REQUESTS.frameStatus; }, response: reply<TopStatus>(), from: 'content' },
  frameStep: { get request() { return REQUESTS.frameStep; }, response: reply<FrameAnswer>(), from: 'content' },
  frameReplay: { get request() { return REQUESTS.frameReplay; }, response: reply<null>(), from: 'content' },
  frameAddress: { get request() { return REQUESTS.frameAddress; }, response: reply<string>(), from: 'content' },
  frameVerdict: { get request() { return REQUESTS.frameVerdict; }, response: reply<Verdict | null>(), from: 'content' },
  getStatus: { get request() { return REQUESTS.getStatus; }, response: reply<SiteStatus>(), from: 'extension' },
  allowForTab: { get request() { return REQUESTS.allowForTab; }, response: reply<{ host: string }>(), from: 'extension' },
  trustSite: { get request() { return REQUESTS.trustSite; }, response: reply<{ host: string }>(), from: 'extension' },
  untrustSite: { get request() { return REQUESTS.untrustSite; }, response: reply<{ removed: boolean }>(), from: 'extension' },
  listTrusted: { get request() { return REQUESTS.listTrusted; }, response: reply<TrustedSite[]>(), from: 'extension' },
  previewReport: { get request() { return REQUESTS.previewReport; }, response: reply<{ idempotencyKey: string; body: string; endpoint: string | null }>(), from: 'extension' },
  submitReport: { get request() { return REQUESTS.submitReport; }, response: reply<ReportView>(), from: 'extension' },
  listReports: { get request() { return REQUESTS.listReports; }, response: reply<ReportView[]>(), from: 'extension' },
  getSyncStatus: { get request() { return REQUESTS.getSyncStatus; }, response: reply<SyncStatusView>(), from: 'extension' },
  getModelStatus: { get request() { return REQUESTS.getModelStatus; }, response: reply<ModelStatusView>(), from: 'extension' },
  updateNow: { get request() { return REQUESTS.updateNow; }, response: reply<{ kind: string; message: string }>(), from: 'extension' },
  addSubscription: { get request() { return REQUESTS.addSubscription; }, response: reply<{ listId: string }>(), from: 'extension' },
  setSubscriptionEnabled: { get request() { return REQUESTS.setSubscriptionEnabled; }, response: reply<null>(), from: 'extension' },
  removeSubscription: { get request() { return REQUESTS.removeSubscription; }, response: reply<null>(), from: 'extension' },
  closeTab: { get request() { return REQUESTS.closeTab; }, response: reply<null>(), from: 'extension' },
} as const satisfies { [K in keyof typeof REQUESTS]: { request: (typeof REQUESTS)[K]; response: Reply<unknown>; from: SenderKind } };

export type MessageType = keyof typeof MESSAGES;

/** Request schemas by message type (the table's `request` column). */
export const requestSchemas: { readonly [K in MessageType]: (typeof MESSAGES)[K]['request'] } = REQUESTS;

export interface PageCheckResult {
  readonly page: Verdict;
  /** [index in the request, verdict] for links / snippets that are not clean; all others are clean. */
  readonly links: [number, Verdict][];
  readonly snippets: [number, Verdict][];
  /** The gate passed (or the URL alone is risky): send the page's extracted features in a second check. */
  readonly extract?: boolean;
  /** Facts about the page computed by core (src/core/verdict): the content script acts on them as they are. */
  readonly flags?: PageFlags;
}

/** Only extension pages (warning, popup, options) may send these: every message not marked `from: 'content'`. */
export const PRIVILEGED: ReadonlySet<MessageType> = new Set<MessageType>(
  (Object.keys(MESSAGES) as MessageType[]).filter((k) => MESSAGES[k].from !== 'content'),
);

export interface SubscriptionView {
  readonly listId: string;
  readonly manifestUrl: string;
  readonly keyIds: string[];
  readonly enabled: boolean;
  readonly isDefault: boolean;
  readonly version: number | null;
  readonly entries: number | null;
  readonly ageDays: number | null;
  /** Where the list in force comes from: a synced version, the copy built into the extension, or none yet. */
  readonly inForce?: 'bundled' | 'synced' | null;
  readonly expired: boolean;
  readonly lastSuccessAt: number | null;
  readonly lastError: { code: string; message: string; at: number } | null;
  readonly nextCheckAt: number | null;
  readonly progress: { stage: string; bytes?: number; totalBytes?: number } | null;
}

export interface SyncStatusView {
  readonly subscriptions: SubscriptionView[];
  /** Start-up problems (database unavailable, no pinned keyset…), in words. */
  readonly problems: string[];
}

/** The detection model in use and what the last model offered by a list came to. */
export interface ModelStatusView {
  readonly inUse: {
    readonly source: 'bundled' | 'feed';
    readonly version: string | null;
    readonly release: number;
    /** When a feed model was installed (epoch ms); null for the built-in one. */
    readonly installedAt: number | null;
    /** The list that delivered a feed model. */
    readonly listId: string | null;
  };
  /** The last check of a model offered by a list: 'installed' | 'unchanged' | MODEL_* | 'NETWORK' | 'STORAGE'. */
  readonly last: { readonly code: string; readonly message: string; readonly at: number; readonly listId: string } | null;
}

export interface ReportView {
  readonly localId: number;
  readonly createdAt: number;
  readonly status: 'queued' | 'sent' | 'accepted' | 'rejected';
  readonly kind: 'scam' | 'false-positive';
  readonly url: string;
  readonly category: Category;
  readonly lastError: string | null;
  readonly serverReason: string | null;
}

export interface SiteStatus {
  readonly host: string;
  /** The tab's verdict (page model included) when the popup names a tab, else the URL's. */
  readonly verdict: Verdict;
  /** The page in that tab fought the overlay. */
  readonly tampered: boolean;
  readonly allowed: 'tab' | 'always' | null;
  /** Summary of the lists in force (first list's id and version, all entries, oldest data). */
  readonly list: ListStatus | null;
  /** Each list in force, as it is matched right now (a synced version replaces the bundled copy). */
  readonly lists?: ListStatus[];
}

export interface ListStatus {
  readonly listId: string;
  readonly version: number;
  readonly entries: number;
  /** When the list data was issued/built (epoch ms), for "protection data is N days old". */
  readonly issuedAt: number;
  readonly source: 'bundled' | 'synced';
}

export interface TrustedSite {
  readonly host: string;
  readonly addedAt: number;
}

type ReplyOf<R> = R extends Reply<infer T> ? T : never;

export type Protocol = {
  [K in MessageType]: { req: z.infer<(typeof MESSAGES)[K]['request']>; res: ReplyOf<(typeof MESSAGES)[K]['response']> };
};

export type ErrorCode = 'MALFORMED' | 'UNKNOWN_TYPE' | 'FORBIDDEN' | 'NOT_READY' | 'FAILED';

export type Response<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode; message: string } };

/** Who sent a message, reduced to what handlers may rely on. */
export interface SenderInfo {
  /** True when the sender is one of this extension's own pages (not a content script, not a web page). */
  readonly privileged: boolean;
  readonly tabId: number | null;
  /** The sender's frame in its tab (content scripts). */
  readonly frameId?: number;
}

export type Handlers = {
  [K in MessageType]: (req: Protocol[K]['req'], sender: SenderInfo) => Promise<Protocol[K]['res']>;
};

export type { Category, Level };
