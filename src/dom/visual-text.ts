/**
 * Page text in the order the eye meets it, for a full read (walk.ts `textOrder: 'visual'`). The classifier reads a
 * page's first 8,000 characters; in tree order a page can push its words out of that window with text nobody sees
 * (30,000 characters off screen, clipped to a pixel, transparent or 1 px high ahead of the platform — red team,
 * session 25). Here:
 *  - only text the eye can see is kept: its element has a box of at least 2 × 2 px that is not entirely left of or
 *    above the page, is visible, not transparent (its own colour, or opacity 0 on it or on an ancestor), and its
 *    font is at least 6 px;
 *  - what is in the window comes first (top to bottom), then the rest by its distance from the window: at a payment
 *    step that is the text around the form the user is looking at, wherever the page put it in its tree.
 * One box per element that holds text, after one layout; a computed style only for the elements whose text is taken
 * (seen-first, until the window is full). A full read only (a payment step that is held anyway, or a page that asked
 * for one). Without a browser (no layout: Node) the tree order stays.
 */
import * as dom from './safe.ts';

/** Text kept while walking: more than the classifier reads, so that what is seen first can be chosen afterwards. */
const COLLECT_FACTOR = 4;
const MIN_FONT_PX = 6;
const MIN_BOX_PX = 2;

interface Place {
  /** Distance from the window (0 inside it), then the top and left on the page. */
  readonly dist: number;
  readonly top: number;
  readonly left: number;
}

interface Part {
  readonly text: string;
  readonly el: Element;
  readonly place: Place;
  readonly i: number;
}

export class VisualText {
  private readonly parts: Part[] = [];
  private seq = 0;
  private chars = 0;
  private truncated = false;
  private readonly places = new Map<Element, Place | null>();
  private readonly seen = new Map<Element, boolean>();
  private readonly opaque = new Map<Element, boolean>();
  private readonly clips = new Map<Element, Clip>();

  private constructor(
    private readonly view: Window,
    private readonly maxChars: number,
  ) {}

  /** A reader for `doc`, or null where there is no layout (then the walk keeps tree order). */
  static of(doc: Document | null, maxChars: number): VisualText | null {
    const view = doc?.defaultView;
    if (!view || typeof view.getComputedStyle !== 'function') return null;
    return new VisualText(view, maxChars);
  }

  /** Text `data` shown by element `el` (a text node's parent, or an SVG `<text>`). */
  add(data: string, el: Element | null, maxNodeChars: number): void {
    // Full: keep only what could still be read — the seen parts nearest the window, maxChars of them. Unseen padding
    // cannot use up the room ahead of the words (review, session 25), and words far down the tree still get in.
    if (this.chars >= this.maxChars * COLLECT_FACTOR && !this.compact()) {
      this.truncated = true;
      return;
    }
    let s = data;
    if (s.length > maxNodeChars) s = s.slice(0, maxNodeChars);
    s = s.trim();
    if (!s) return;
    const place = el ? this.placeOf(el) : null;
    if (!el || !place) return;
    this.parts.push({ text: s, el, place, i: this.seq++ });
    this.chars += s.length + 1;
  }

  /** Drops the parts nobody sees and those past the first maxChars in seen-first order. False when that frees no room. */
  private compact(): boolean {
    const kept: Part[] = [];
    let chars = 0;
    for (const p of this.sorted()) {
      if (chars >= this.maxChars) break;
      if (!this.seenByEye(p.el)) continue;
      kept.push(p);
      chars += p.text.length + 1;
    }
    if (kept.length < this.parts.length) this.truncated = true;
    const freed = chars < this.chars;
    this.parts.length = 0;
    this.parts.push(...kept);
    this.chars = chars;
    return freed && this.chars < this.maxChars * COLLECT_FACTOR;
  }

  private sorted(): Part[] {
    return [...this.parts].sort((a, b) => a.place.dist - b.place.dist || a.place.top - b.place.top || a.place.left - b.place.left || a.i - b.i);
  }

  /**
   * The kept text, seen-first order, within maxChars. The style of an element (visible, opaque, coloured, a font the
   * eye can read) is checked here, in that order and only until the window is full: ~8,000 characters' worth of
   * elements, not every element of a long page.
   */
  finish(): { parts: string[]; truncated: boolean } {
    const sorted = this.sorted();
    const out: string[] = [];
    let chars = 0;
    let truncated = this.truncated;
    for (const p of sorted) {
      const room = this.maxChars - chars;
      if (room <= 0) {
        truncated = true;
        break;
      }
      if (!this.seenByEye(p.el)) continue;
      const s = p.text.length > room ? p.text.slice(0, room) : p.text;
      if (s.length < p.text.length) truncated = true;
      out.push(s);
      chars += s.length + 1;
    }
    return { parts: out, truncated };
  }

  /** A box of its own on the page (not left of or above it), and how far it is from the window. */
  private placeOf(el: Element, depth = 0): Place | null {
    const known = this.places.get(el);
    if (known !== undefined) return known;
    let place: Place | null;
    try {
      const r = dom.boundingRect(el);
      if (r.width === 0 && r.height === 0 && depth < 20 && this.view.getComputedStyle(el).display === 'contents') {
        // `display: contents` has no box of its own: its text sits in its parent's (second review, session 25)
        const up = dom.parentElement(el) ?? hostOf(el);
        place = up ? this.placeOf(up, depth + 1) : null;
        this.places.set(el, place);
        return place;
      }
      const v = this.view;
      const top = r.top + v.scrollY;
      const left = r.left + v.scrollX;
      // on the page: not left of or above it, and not right of the window (pages do not scroll sideways)
      const onPage = r.width >= MIN_BOX_PX && r.height >= MIN_BOX_PX && left + r.width > 0 && top + r.height > 0 && r.left < v.innerWidth && r.right > 0;
      place = onPage ? { dist: r.bottom < 0 ? -r.bottom : r.top > v.innerHeight ? r.top - v.innerHeight : 0, top, left } : null;
    } catch {
      place = null;
    }
    this.places.set(el, place);
    return place;
  }

  /** Visible, not transparent (its colour; opacity 0 on it or an ancestor), a font of at least MIN_FONT_PX. */
  private seenByEye(el: Element): boolean {
    const known = this.seen.get(el);
    if (known !== undefined) return known;
    let seen: boolean;
    try {
      const cs = this.view.getComputedStyle(el);
      // the glyphs are painted in the text fill colour (it defaults to `color`), or with the background behind them
      // (`background-clip: text`), or outlined (`-webkit-text-stroke`)
      const fill = cs.getPropertyValue('-webkit-text-fill-color') || cs.color;
      const painted =
        !transparent(fill) ||
        /text/.test(cs.getPropertyValue('background-clip') + cs.getPropertyValue('-webkit-background-clip')) ||
        parseFloat(cs.getPropertyValue('-webkit-text-stroke-width')) > 0;
      seen = cs.visibility === 'visible' && parseFloat(cs.fontSize) >= MIN_FONT_PX && painted && this.isOpaque(el) && !this.clippedAway(el);
    } catch {
      seen = false;
    }
    this.seen.set(el, seen);
    return seen;
  }

  /**
   * Is the element's box outside what an ancestor lets show (overflow hidden / clip, or a zero-area `clip: rect()`)?
   * The sr-only pattern: a 1 × 1 px wrapper with overflow hidden around text whose own boxes are full size.
   */
  private clippedAway(el: Element): boolean {
    const r = dom.boundingRect(el);
    // Positioned content escapes the clip of ancestors between it and its containing block: absolute → up to the
    // nearest positioned ancestor, fixed → all of them (second review, session 25).
    const own = this.clipOf(el).position;
    if (own === 'fixed') return false;
    let escaping = own === 'absolute';
    let at: Element | null = composedParent(el);
    for (let depth = 0; at && depth < MAX_CLIP_DEPTH; depth++) {
      const tag = dom.localName(at);
      if (tag === 'body' || tag === 'html') break;
      const c = this.clipOf(at);
      if (!escaping || c.position !== 'static') {
        // `at` clips what it holds; past it the chain follows how `at` itself is positioned
        if (c.box && (c.box.width < MIN_BOX_PX || c.box.height < MIN_BOX_PX || r.right <= c.box.left || r.left >= c.box.right || r.bottom <= c.box.top || r.top >= c.box.bottom)) return true;
        if (c.position === 'fixed') return false;
        escaping = c.position === 'absolute';
      }
      at = composedParent(at);
    }
    return false;
  }

  /** How an element clips what it holds (overflow hidden / clip, `clip: rect()`, paint containment, a clip path or
   *  mask — taken as clipping to its own box) and how it is positioned. Scroll containers do not count: what they
   *  hold is a scroll away. */
  private clipOf(el: Element): Clip {
    const known = this.clips.get(el);
    if (known) return known;
    const cs = this.view.getComputedStyle(el);
    const hides = (o: string): boolean => o === 'hidden' || o === 'clip';
    const position = cs.position === 'fixed' || cs.position === 'sticky' ? (cs.position === 'fixed' ? 'fixed' : 'relative') : cs.position === 'absolute' ? 'absolute' : cs.position === 'static' ? 'static' : 'relative';
    const clips =
      hides(cs.overflowX) ||
      hides(cs.overflowY) ||
      (cs.clip !== 'auto' && cs.clip !== '' && (position === 'absolute' || position === 'fixed')) ||
      /paint|strict|content/.test(cs.getPropertyValue('contain')) ||
      (cs.getPropertyValue('clip-path') || 'none') !== 'none' ||
      (cs.getPropertyValue('mask-image') || cs.getPropertyValue('-webkit-mask-image') || 'none') !== 'none';
    const c: Clip = { box: clips ? dom.boundingRect(el) : null, position };
    this.clips.set(el, c);
    return c;
  }

  /** No opacity 0 on the element or an ancestor (across shadow roots). */
  private isOpaque(el: Element): boolean {
    const chain: Element[] = [];
    let at: Element | null = el;
    let answer = true;
    for (let depth = 0; at && depth < MAX_CLIP_DEPTH; depth++) {
      const known = this.opaque.get(at);
      if (known !== undefined) {
        answer = known;
        break;
      }
      chain.push(at);
      const cs = this.view.getComputedStyle(at);
      if (parseFloat(cs.opacity) === 0 || /opacity\(0(?:\.0+)?%?\)/.test(cs.filter)) {
        answer = false;
        break;
      }
      at = composedParent(at);
    }
    for (const c of chain) this.opaque.set(c, answer);
    return answer;
  }
}

/** The box an element clips its content to (overflow other than visible, or a `clip: rect(…)`), else null. */
interface Clip {
  readonly box: DOMRect | null;
  readonly position: 'static' | 'relative' | 'absolute' | 'fixed';
}

/** Ancestors climbed for clips and opacity: enough for real pages, bounded for hostile ones. */
const MAX_CLIP_DEPTH = 64;

/** The element's parent in the rendered (flat) tree: its slot when it is slotted, else its parent or shadow host. */
function composedParent(el: Element): Element | null {
  const slot = (el as Element & { assignedSlot?: Element | null }).assignedSlot;
  return slot ?? dom.parentElement(el) ?? hostOf(el);
}

/** The host of the shadow root `el` is at the top of, if any. */
function hostOf(el: Element): Element | null {
  const root = dom.getRootNode(el) as Node & { host?: Element };
  return dom.nodeType(root) === 11 && root.host ? root.host : null;
}

/** A colour with alpha 0, in any syntax: transparent, rgba(…, 0), rgb(… / 0), oklch(… / 0%), color(srgb … / 0). */
function transparent(color: string): boolean {
  const c = color.trim().toLowerCase();
  if (c === 'transparent') return true;
  const m = /^[a-z-]+\(([^)]*)\)$/.exec(c);
  if (!m) return false;
  const inner = m[1] ?? '';
  const slash = inner.lastIndexOf('/');
  const alpha = slash >= 0 ? inner.slice(slash + 1) : c.startsWith('rgba(') || c.startsWith('hsla(') ? (inner.split(',')[3] ?? '1') : '1';
  return parseFloat(alpha) === 0;
}
