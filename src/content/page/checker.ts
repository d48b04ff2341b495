/**
 * Verdicts for links and ad/post texts, cached per page, fetched in as few messages as possible: everything new
 * since the last flush goes into ONE `checkPage` message (≤ MAX_LINKS_PER_MESSAGE links, ≤ MAX_SNIPPETS_PER_MESSAGE
 * texts; more waits for the next message, sent after a yield). Elements whose target already has a verdict are
 * marked at once, without a message.
 */
import type { PageFeatures } from '../../core/classify/features';
import { NO_VERDICT, type Verdict } from '../../core/types';
import { fitUrl, joinLinks, MAX_PAGE_LINKS } from '../../messaging/links';
import { FEATURE_LIMITS } from '../../messaging/page-features-limits';
import type { PageCheckResult, Protocol } from '../../messaging/protocol';
import { task } from '../debug';
import type { Found } from './collect';
import type { MarkKind } from '../ui-api';
import { yieldToPage } from '../schedule';

export const MAX_LINKS_PER_MESSAGE = MAX_PAGE_LINKS;
export const MAX_SNIPPETS_PER_MESSAGE = 200;
/** Cached verdicts kept per page before the clean ones are forgotten. */
const MAX_CACHED = 50_000;

export type CheckRequest = Protocol['checkPage']['req'];

export interface CheckerDeps {
  readonly send: (req: CheckRequest) => Promise<PageCheckResult>;
  /** Badges for risky elements, handed over in one batch per answer. */
  readonly markAll: (marks: readonly Mark[]) => void;
}

export interface PagePart {
  readonly url: string;
  readonly features: PageFeatures | null;
  /** The gate sample (first check of a route); the worker answers whether it wants the features. */
  readonly gate?: CheckRequest['gate'];
}

export interface PageAnswer {
  readonly verdict: Verdict;
  /** The worker wants the page's features (a second check). */
  readonly extract: boolean;
  /** The page shows where to send money (computed by the worker's core, src/core/verdict pageFlags). */
  readonly paymentInstructions: boolean;
}

/** One risky element to badge. */
export type Mark = readonly [Element, Verdict, MarkKind];

/**
 * Link verdicts live in flat arrays indexed by a per-target slot (`slots`: target → slot, one map lookup per
 * element): `verdicts[slot]` is null while asked, NO_VERDICT when clean. Elements wait as (element, slot) pairs until
 * their answer comes; risky ones are handed to `markAll` in one batch per answer.
 */
export class Checker {
  private slots = new Map<string, number>();
  private verdicts: (Verdict | null)[] = [];
  private readonly snippets = new Map<string, Verdict>();
  private waitEls: Element[] = [];
  private waitSlots: number[] = [];
  private knownMarks: Mark[] = [];
  private readonly waitingBlocks = new Map<string, Element[]>();
  private linkQueue: string[] = [];
  private snippetQueue: string[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CheckerDeps) {}

  /** The cached verdict for a link target (hash already dropped), if known. */
  linkVerdict(href: string): Verdict | undefined {
    const slot = this.slots.get(href);
    return slot === undefined ? undefined : (this.verdicts[slot] ?? undefined);
  }

  /**
   * One link element and its target, called by the collector for every element as it walks (one pass): queues a
   * target not asked yet, keeps the element waiting for its answer, or — target already judged risky — keeps it for
   * the next batch of badges (handed out by `add`).
   */
  readonly addLink = (el: Element, href: string): void => {
    let slot = this.slots.get(href);
    if (slot === undefined) {
      slot = this.verdicts.length;
      this.verdicts.push(null);
      this.slots.set(href, slot);
      this.linkQueue.push(href);
    }
    const v = this.verdicts[slot];
    if (v === null || v === undefined) {
      this.waitEls.push(el);
      this.waitSlots.push(slot);
    } else if (v.level !== 'none') this.knownMarks.push([el, v, kindOf(el)]);
  };

  /** Takes the blocks found, and badges (one batch) the elements whose verdicts were already known. */
  add(found: Found): void {
    const marks = this.knownMarks;
    this.knownMarks = [];
    task('queue', () => {
      for (const [text, els] of found.blocks) {
        const v = this.snippets.get(text);
        if (v) {
          if (v.level !== 'none') for (const el of els) marks.push([el, v, 'block']);
          continue;
        }
        const waiting = this.waitingBlocks.get(text);
        if (waiting) waiting.push(...els);
        else {
          this.waitingBlocks.set(text, els);
          this.snippetQueue.push(text);
        }
      }
      found.blocks.clear();
    });
    if (marks.length > 0) this.deps.markAll(marks);
  }

  /** Sends what is queued (and the page part, in the first message). Resolves with the page's answer, if asked. */
  flush(page: PagePart | null): Promise<PageAnswer | null> {
    const run = this.chain.then(() => this.flushNow(page));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async flushNow(page: PagePart | null): Promise<PageAnswer | null> {
    let answer: PageAnswer | null = null;
    let first = true;
    while (first || this.linkQueue.length > 0 || this.snippetQueue.length > 0) {
      const withPage = first && page !== null;
      first = false;
      if (!withPage && this.linkQueue.length === 0 && this.snippetQueue.length === 0) break;
      const links = this.linkQueue.splice(0, MAX_LINKS_PER_MESSAGE);
      const snippets = this.snippetQueue.splice(0, MAX_SNIPPETS_PER_MESSAGE);
      const url = fitUrl(page?.url ?? location.href);
      let res: PageCheckResult;
      try {
        const features = withPage && page?.features ? toWire(page.features) : null;
        const gate = withPage && page?.gate ? { gate: page.gate } : {};
        res = await task('send', () => this.deps.send({ url, features, ...gate, links: joinLinks(links), snippets }));
      } catch {
        // The worker is restarting or the extension was reloaded: put them back; the next flush retries.
        this.linkQueue.unshift(...links);
        this.snippetQueue.unshift(...snippets);
        if (withPage) throw new Error('page check failed');
        break;
      }
      if (withPage) answer = { verdict: res.page, extract: res.extract === true, paymentInstructions: res.flags?.paymentInstructions === true };
      const marks = task('apply', () => this.apply(links, snippets, res));
      if (marks.length > 0) this.deps.markAll(marks);
      if (this.linkQueue.length > 0 || this.snippetQueue.length > 0) await yieldToPage();
    }
    return answer;
  }

  /** Stores the answer; returns the waiting elements that turned out risky. */
  private apply(links: readonly string[], snippets: readonly string[], res: PageCheckResult): Mark[] {
    if (this.slots.size > MAX_CACHED && this.waitEls.length === 0) this.forgetClean();
    if (this.snippets.size > MAX_CACHED) this.snippets.clear();
    const { slots, verdicts } = this;
    for (let i = 0; i < links.length; i++) {
      const slot = slots.get(links[i] as string);
      if (slot !== undefined) verdicts[slot] = NO_VERDICT;
    }
    for (const [i, v] of res.links) {
      const slot = slots.get(links[i] ?? '');
      if (slot !== undefined && v.level !== 'none') verdicts[slot] = v;
    }
    const marks: Mark[] = [];
    // Waiting elements: those answered now leave the list (risky ones are marked), the rest keep waiting.
    const { waitEls, waitSlots } = this;
    let kept = 0;
    for (let i = 0; i < waitEls.length; i++) {
      const el = waitEls[i] as Element;
      const slot = waitSlots[i] as number;
      const v = verdicts[slot];
      if (v === null || v === undefined) {
        waitEls[kept] = el;
        waitSlots[kept++] = slot;
      } else if (v.level !== 'none') marks.push([el, v, kindOf(el)]);
    }
    waitEls.length = kept;
    waitSlots.length = kept;
    const snippetHits = new Map(res.snippets);
    snippets.forEach((text, i) => {
      const v = snippetHits.get(i) ?? NO_VERDICT;
      this.snippets.set(text, v.level === 'none' ? NO_VERDICT : v);
      const els = this.waitingBlocks.get(text);
      this.waitingBlocks.delete(text);
      if (els && v.level !== 'none') for (const el of els) marks.push([el, v, 'block']);
    });
    return marks;
  }

  /** Past MAX_CACHED targets (nothing waiting): only the risky verdicts are kept. */
  private forgetClean(): void {
    const slots = new Map<string, number>();
    const verdicts: (Verdict | null)[] = [];
    for (const [href, slot] of this.slots) {
      const v = this.verdicts[slot];
      if (v === null || v === undefined || v.level === 'none') continue;
      slots.set(href, verdicts.length);
      verdicts.push(v);
    }
    const queued = new Set(this.linkQueue);
    for (const href of queued) {
      slots.set(href, verdicts.length);
      verdicts.push(null);
    }
    this.slots = slots;
    this.verdicts = verdicts;
  }
}

const kindOf = (el: Element): MarkKind => (el.localName === 'iframe' ? 'frame' : 'link');

type WireFeatures = NonNullable<CheckRequest['features']>;

const cut = (v: string, n: number): string => (v.length > n ? v.slice(0, n) : v);
const cuts = (a: readonly string[], lim: { readonly max: number; readonly item: number }): string[] =>
  a.slice(0, lim.max).map((v) => cut(v, lim.item));

/**
 * PageFeatures as the protocol schema spells them (mutable arrays; exactly the schema's keys — zod is strict), cut to
 * the schema's caps (FEATURE_LIMITS): the page writes these strings (its `lang`, button labels, link hosts), and a
 * refused message must not be something it can cause.
 */
export function toWire(f: PageFeatures): WireFeatures {
  const s = f.stats;
  const L = FEATURE_LIMITS;
  return {
    version: 1,
    ...(f.url !== undefined ? { url: cut(f.url, L.url) } : {}),
    ...(f.host !== undefined ? { host: cut(f.host, L.host) } : {}),
    lang: cut(f.lang, L.lang),
    title: cut(f.title, L.title),
    text: cut(f.text, L.text),
    headings: cuts(f.headings, L.headings),
    buttons: cuts(f.buttons, L.buttons),
    fields: f.fields.slice(0, L.fields.max).map((x) => ({ kind: x.kind, evidence: cut(x.evidence, L.fields.evidence) })),
    links: { count: f.links.count, hosts: cuts(f.links.hosts, L.linkHosts), contactLinks: cuts(f.links.contactLinks, L.contactLinks) },
    images: { count: f.images.count, qrCount: f.images.qrCount, qrNearPay: cuts(f.images.qrNearPay, L.qrNearPay) },
    countdownElements: f.countdownElements,
    truncated: f.truncated,
    stats: { nodes: s.nodes, textChars: s.textChars, shadowRoots: s.shadowRoots, elapsedMs: s.elapsedMs, slices: s.slices },
  };
}
