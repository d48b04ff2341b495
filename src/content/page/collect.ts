/**
 * Cheap collection of what to check in a page (or in subtrees added later): link targets (a/area href, iframe src)
 * and ad-like / post-like blocks with their text. One pass over each list, in CONTENT_SLICE_BUDGET_MS slices with a
 * yield between (never a long task, even on a 10k-link page); no layout reads. Link elements go straight to the
 * checker as they are met (it dedupes by target, so one message carries each once); blocks are deduped by text.
 *
 *   onLink(<a>, 'https://qiangdan-vip.test/r?id=1')                   (hash dropped; http(s) only)
 *   found.blocks: '赞助 日结300元 点赞关注 加微信…'   → [<article>]     (whitespace collapsed, ≤ SNIPPET_MAX_CHARS)
 */
import { isOwnUi } from '../dom';
import { task } from '../debug';
import { CONTENT_SLICE_BUDGET_MS, now, yieldToPage } from '../schedule';
import { URL_MAX_CHARS } from '../../messaging/links';

export const SNIPPET_MAX_CHARS = 1000;
const SNIPPET_MIN_CHARS = 12;
/** A post-like block (article) with more text than this is a full article, not an ad or a post. */
const POST_MAX_CHARS = 3000;
const CONTROL_IN_URL = /[\t\n\r]/;
const CONTROL_IN_URL_ALL = /[\t\n\r]/g;
const CHECK_CLOCK_EVERY = 64;

const LINK_SELECTOR = 'a[href],area[href],iframe[src]';

/** Ad-labelled / sponsored containers (attributes only: no text or layout reads to find them). */
const AD_SELECTOR = [
  '[data-ad]', '[data-ad-slot]', '[data-ad-client]', '[data-adid]', '[data-sponsored]', '[data-promoted]', 'ins.adsbygoogle',
  '[id^="ad-" i]', '[id^="ad_" i]', '[id^="ads-" i]', '[class~="ad" i]', '[class~="ads" i]', '[class^="ad-" i]',
  '[class*=" ad-" i]', '[class^="ad_" i]', '[class*=" ad_" i]', '[class*="advert" i]', '[class*="sponsor" i]',
  '[class*="promoted" i]', '[class*="guanggao" i]', '[class*="tuiguang" i]', '[aria-label*="sponsor" i]',
  '[aria-label*="advert" i]', '[aria-label="ad" i]', '[aria-label*="广告"]', '[aria-label*="廣告"]', '[aria-label*="推广"]',
  '[aria-label*="赞助"]', '[aria-label*="贊助"]', '[data-testid*="promoted" i]', '[data-testid*="sponsor" i]',
].join(',');
/** Feed posts: classified as text too (scam ads are often ordinary-looking posts). */
const POST_SELECTOR = 'article,[role="article"],[data-post-id]';
export const BLOCK_SELECTOR = `${AD_SELECTOR},${POST_SELECTOR}`;

export interface Found {
  readonly blocks: Map<string, Element[]>;
}

export function emptyFound(): Found {
  return { blocks: new Map() };
}

/** Receives every link / iframe element with its target, as the collector walks (the checker dedupes). */
export type LinkSink = (el: Element, href: string) => void;

/**
 * The absolute http(s) target of a link / iframe, hash dropped. Absolute hrefs are taken as written (reading
 * `a.href` makes the browser resolve and re-serialise the URL: ~5× the cost); only relative ones are resolved.
 * The service worker canonicalises every URL anyway.
 */
export function linkTarget(el: Element): string | null {
  const isFrame = el.localName === 'iframe';
  let raw = (el.getAttribute(isFrame ? 'src' : 'href') ?? '').trim();
  const c = raw.charCodeAt(0) | 0x20; // lower-cased first letter
  if (c === 0x68 /* h */ && /^https?:\/\//i.test(raw)) {
    // absolute: as written
  } else if (raw === '' || raw.charCodeAt(0) === 0x23 /* # */ || /^[a-z][a-z0-9+.-]*:/i.test(raw)) {
    return null; // empty, in-page anchor, javascript:, mailto:, tel:, data: …
  } else {
    raw = isFrame ? (el as HTMLIFrameElement).src : (el as HTMLAnchorElement).href; // relative: resolve
    if (!raw.startsWith('http')) return null;
  }
  // Tabs and newlines inside a URL are dropped by every URL parser; left in, a page's `href="…&#10;…"` split the
  // joined links message into an empty entry the worker refuses — and then every check of the page failed.
  if (CONTROL_IN_URL.test(raw)) raw = raw.replace(CONTROL_IN_URL_ALL, '');
  const hash = raw.indexOf('#');
  const href = hash >= 0 ? raw.slice(0, hash) : raw;
  return href.length > 0 && href.length <= URL_MAX_CHARS ? href : null;
}

function blockText(el: Element): string | null {
  const raw = el.textContent ?? '';
  if (raw.length > POST_MAX_CHARS * 4) return null;
  const text = raw.replace(/\s+/g, ' ').trim();
  if (text.length < SNIPPET_MIN_CHARS) return null;
  if (text.length > POST_MAX_CHARS && el.matches(POST_SELECTOR) && !el.matches(AD_SELECTOR)) return null;
  return text.slice(0, SNIPPET_MAX_CHARS);
}

/**
 * Cheap superset of BLOCK_SELECTOR: attribute presence and tag names only. Testing 35 attribute-substring selectors
 * on every element of the page is what made the block query slow (~1.7 ms per 2,000 elements, ~17 ms per 20,000 in
 * one native call); presence checks reject the bare elements most pages are made of, and only the rest are tested
 * against BLOCK_SELECTOR. Every part of BLOCK_SELECTOR names one of these attributes or tags (unit-tested).
 */
export const BLOCK_PREFILTER = [
  '[class]', '[id]', '[aria-label]', '[data-testid]', '[data-ad]', '[data-ad-slot]', '[data-ad-client]', '[data-adid]',
  '[data-sponsored]', '[data-promoted]', '[data-post-id]', '[role]', 'article', 'ins',
].join(',');
/** Subtrees with more elements than this are scanned in slices (one native query over them could be a long task). */
const SLICED_SCAN_ABOVE = 4000;

export class Collector {
  /**
   * Adds what is under `roots` to `found`, in slices. No per-element bookkeeping: roots are new subtrees (or the
   * document on the first pass / after an overflow), the checker answers known targets from its cache without a
   * message, and badges are drawn once per element.
   */
  async collect(roots: readonly ParentNode[], found: Found, onLink: LinkSink, signal: AbortSignal): Promise<void> {
    for (const root of roots) {
      if (signal.aborted) return;
      const links = task('collect-query', () => elementsIn(root, LINK_SELECTOR));
      await each(links, signal, (el) => {
        const href = linkTarget(el);
        if (href !== null) onLink(el, href);
      });
      const blocks = await blocksIn(root, signal);
      await each(blocks, signal, (el) => {
        // A block nested in another block: the outer one carries the text.
        const outer = el.parentElement?.closest(BLOCK_SELECTOR);
        if (outer) return;
        const text = blockText(el);
        if (!text) return;
        const list = found.blocks.get(text);
        if (list) list.push(el);
        else found.blocks.set(text, [el]);
      });
    }
  }
}

/** Runs `fn` over `list` in slices of ≤ CONTENT_SLICE_BUDGET_MS (clock read every CHECK_CLOCK_EVERY elements). */
async function each(list: ArrayLike<Element>, signal: AbortSignal, fn: (el: Element) => void, name = 'collect'): Promise<void> {
  let i = 0;
  while (i < list.length && !signal.aborted) {
    task(name, () => {
      const end = now() + CONTENT_SLICE_BUDGET_MS;
      for (; i < list.length; i++) {
        if ((i & (CHECK_CLOCK_EVERY - 1)) === 0 && i > 0 && now() > end) return;
        fn(list[i] as Element);
      }
    });
    if (i < list.length) await yieldToPage();
  }
}

/**
 * Ad / post blocks under `root` (root included when it is one; never our own UI). Small subtrees: one native query
 * for the cheap prefilter, then BLOCK_SELECTOR on its few hits. Large ones (a 10k-link page has 20k elements): the
 * same two tests element by element over the subtree's live element list, in slices — no single long query.
 */
async function blocksIn(root: ParentNode, signal: AbortSignal): Promise<Element[]> {
  const out: Element[] = [];
  if ((root as Node).nodeType === 1 && isOwnUi(root as Element)) return out;
  // Element.prototype's own methods (a page's named form controls cannot shadow them), called directly: this runs
  // once per element of a large page.
  const { matches, hasAttributes } = Element.prototype;
  const keep = (el: Element): void => {
    if (!hasAttributes.call(el) && el.localName !== 'article' && el.localName !== 'ins') return;
    if (matches.call(el, BLOCK_PREFILTER) && matches.call(el, BLOCK_SELECTOR)) out.push(el);
  };
  const all = task('block-query', () => allElements(root));
  if ((root as Node).nodeType === 1) keep(root as Element);
  if (all.length <= SLICED_SCAN_ABOVE) {
    task('block-query', () => {
      const candidates = root.querySelectorAll(BLOCK_PREFILTER);
      for (let i = 0; i < candidates.length; i++) {
        const el = candidates[i] as Element;
        if (matches.call(el, BLOCK_SELECTOR)) out.push(el);
      }
    });
    return out;
  }
  await each(all, signal, keep, 'block-query');
  return out;
}

/** The live list of every element under `root`, through the prototypes (a page's named elements cannot shadow it). */
function allElements(root: ParentNode): HTMLCollectionOf<Element> {
  const isDoc = (root as Node).nodeType === 9;
  const fn = isDoc ? Document.prototype.getElementsByTagName : Element.prototype.getElementsByTagName;
  return Reflect.apply(fn, root, ['*']) as HTMLCollectionOf<Element>;
}

/** `root` itself (when it matches) plus its matching descendants; never our own UI. */
function elementsIn(root: ParentNode, selector: string): ArrayLike<Element> {
  const all = root.querySelectorAll(selector);
  if ((root as Node).nodeType !== 1) return all;
  const el = root as Element;
  if (isOwnUi(el)) return [];
  if (!el.matches(selector)) return all;
  const out: Element[] = [el];
  for (let i = 0; i < all.length; i++) out.push(all[i] as Element);
  return out;
}
