/**
 * Verdicts for links and ad/post texts, cached per page, fetched in as few messages as possible: everything new
 * since the last flush goes into ONE `checkPage` message (≤ MAX_LINKS_PER_MESSAGE links, ≤ MAX_SNIPPETS_PER_MESSAGE
 * texts; more waits for the next message, sent after a yield). Elements whose target already has a verdict are
 * marked at once, without a message.
 */
import type { PageFeatures } from '../../core/classify/features';
import { NO_VERDICT, type Verdict } from '../../core/types';
import { joinLinks, MAX_PAGE_LINKS } from '../../messaging/links';
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
  readonly mark: (el: Element, verdict: Verdict, kind: MarkKind) => void;
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

export class Checker {
  private readonly links = new Map<string, Verdict>();
  private readonly snippets = new Map<string, Verdict>();
  private readonly waitingLinks = new Map<string, Element[]>();
  private readonly waitingBlocks = new Map<string, Element[]>();
  private linkQueue: string[] = [];
  private snippetQueue: string[] = [];
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CheckerDeps) {}

  /** The cached verdict for a link target (hash already dropped), if known. */
  linkVerdict(href: string): Verdict | undefined {
    return this.links.get(href);
  }

  /** Takes new elements: marks those with known verdicts, queues the rest. */
  add(found: Found): void {
    task('queue', () => {
      for (const [href, els] of found.links) {
        const v = this.links.get(href);
        if (v) {
          if (v.level !== 'none') for (const el of els) this.deps.mark(el, v, el.localName === 'iframe' ? 'frame' : 'link');
          continue;
        }
        const waiting = this.waitingLinks.get(href);
        if (waiting) waiting.push(...els);
        else {
          this.waitingLinks.set(href, els); // `found` is cleared below, never mutated: the array can be kept
          this.linkQueue.push(href);
        }
      }
      for (const [text, els] of found.blocks) {
        const v = this.snippets.get(text);
        if (v) {
          if (v.level !== 'none') for (const el of els) this.deps.mark(el, v, 'block');
          continue;
        }
        const waiting = this.waitingBlocks.get(text);
        if (waiting) waiting.push(...els);
        else {
          this.waitingBlocks.set(text, els);
          this.snippetQueue.push(text);
        }
      }
      found.links.clear();
      found.blocks.clear();
    });
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
      const url = page?.url ?? location.href;
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
      task('apply', () => this.apply(links, snippets, res));
      if (this.linkQueue.length > 0 || this.snippetQueue.length > 0) await yieldToPage();
    }
    return answer;
  }

  private apply(links: readonly string[], snippets: readonly string[], res: PageCheckResult): void {
    if (this.links.size > MAX_CACHED) for (const [k, v] of this.links) if (v.level === 'none') this.links.delete(k);
    if (this.snippets.size > MAX_CACHED) this.snippets.clear();
    const linkHits = new Map(res.links);
    const snippetHits = new Map(res.snippets);
    links.forEach((href, i) => {
      const v = linkHits.get(i) ?? NO_VERDICT;
      this.links.set(href, v.level === 'none' ? NO_VERDICT : v);
      const els = this.waitingLinks.get(href);
      this.waitingLinks.delete(href);
      if (els && v.level !== 'none') for (const el of els) this.deps.mark(el, v, el.localName === 'iframe' ? 'frame' : 'link');
    });
    snippets.forEach((text, i) => {
      const v = snippetHits.get(i) ?? NO_VERDICT;
      this.snippets.set(text, v.level === 'none' ? NO_VERDICT : v);
      const els = this.waitingBlocks.get(text);
      this.waitingBlocks.delete(text);
      if (els && v.level !== 'none') for (const el of els) this.deps.mark(el, v, 'block');
    });
  }
}

type WireFeatures = NonNullable<CheckRequest['features']>;

/** PageFeatures as the protocol schema spells them (mutable arrays; exactly the schema's keys — zod is strict). */
export function toWire(f: PageFeatures): WireFeatures {
  const s = f.stats;
  return {
    version: 1,
    ...(f.url !== undefined ? { url: f.url } : {}),
    ...(f.host !== undefined ? { host: f.host } : {}),
    lang: f.lang,
    title: f.title,
    text: f.text,
    headings: [...f.headings],
    buttons: [...f.buttons],
    fields: f.fields.map((x) => ({ kind: x.kind, evidence: x.evidence })),
    links: { count: f.links.count, hosts: [...f.links.hosts], contactLinks: [...f.links.contactLinks] },
    images: { count: f.images.count, qrCount: f.images.qrCount, qrNearPay: [...f.images.qrNearPay] },
    countdownElements: f.countdownElements,
    truncated: f.truncated,
    stats: { nodes: s.nodes, textChars: s.textChars, shadowRoots: s.shadowRoots, elapsedMs: s.elapsedMs, slices: s.slices },
  };
}
