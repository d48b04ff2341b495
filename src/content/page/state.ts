/**
 * What the content script knows about the page it runs in: the verdict for the current route (URL), whether a
 * check is in flight, and whether the page shows off-page payment instructions (bank account, payment QR, crypto
 * deposit address) — money that moves without any click we could intercept.
 */
import type { Verdict } from '../../core/types';

export type PageStatus = { readonly known: true; readonly verdict: Verdict } | { readonly known: false };

/** Routes (origin + path) whose last verdict is remembered; query and fragment churn do not lose it. */
const MAX_ROUTES = 64;

/** origin + path of an http(s) URL ('' when it cannot be parsed). */
export function routeKey(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '';
  }
}

export class PageState {
  private url = '';
  private verdict: Verdict | null = null;
  private inFlight = false;
  private waiters: { url: string; resolve: () => void }[] = [];
  /** Last verdict per route (origin + path), kept while the route is checked again. */
  private readonly routes = new Map<string, Verdict>();

  /** A page check for `url` started. */
  begin(url: string): void {
    this.url = url;
    this.verdict = null;
    this.inFlight = true;
  }

  /** The check for `url` ended. */
  finish(url: string, verdict: Verdict): void {
    const key = routeKey(url);
    if (key) {
      this.routes.delete(key);
      this.routes.set(key, verdict);
      if (this.routes.size > MAX_ROUTES) this.routes.delete(this.routes.keys().next().value ?? '');
    }
    if (url !== this.url) return;
    this.verdict = verdict;
    this.inFlight = false;
    this.release(url);
  }

  private release(url: string): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.url !== url) return true;
      w.resolve();
      return false;
    });
  }

  /** The check for `url` ended without a verdict (no answer): the URL stays unknown; its waiters go on at once. */
  fail(url: string): void {
    if (url !== this.url) return;
    this.verdict = null;
    this.inFlight = false;
    this.release(url);
  }

  /**
   * Forms or fields were added to `url` since its clean verdict: that verdict no longer stands for the page (its
   * words and fields may be new), so it is unknown until the next check — a payment step is held and asks for it at
   * once. A verdict that is not clean stays (a risk once seen is not forgotten).
   */
  stale(url: string): void {
    if (url === this.url && !this.inFlight && this.verdict?.level === 'none') this.verdict = null;
  }

  /**
   * The verdict for `currentUrl`. While it is (re)checked, or when the page moved on to another URL of the same route
   * (origin + path: a page rewriting its query with history.replaceState every few ms must not keep its verdict
   * "unknown"), the route's last verdict stands if it was not clean: a risk once seen is not forgotten by changing
   * the URL. A clean last verdict does not stand in for a check (the payment step is held instead).
   */
  status(currentUrl: string): PageStatus {
    if (!this.inFlight && this.url === currentUrl && this.verdict !== null) return { known: true, verdict: this.verdict };
    const last = this.routes.get(routeKey(currentUrl));
    if (last && last.level !== 'none') return { known: true, verdict: last };
    return { known: false };
  }

  /** The route's last verdict, clean or not (for "could not check": was it ever checked?). */
  lastForRoute(url: string): Verdict | null {
    return this.routes.get(routeKey(url)) ?? null;
  }

  /** Resolves when the check of `url` ends (with or without a verdict), or after `timeoutMs`. */
  whenKnown(url: string, timeoutMs: number): Promise<void> {
    if (this.status(url).known) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiters.push({ url, resolve });
      setTimeout(resolve, timeoutMs);
    });
  }
}

/**
 * The address a page check judges and keys its verdicts by: the frame's own http(s) address; for a frame that has
 * none — a srcdoc frame, an about:blank frame its parent wrote into, a blob: URL its parent made (red team class 13,
 * session 22) — the address of the nearest ancestor that has one and is of the same origin (reading an ancestor's
 * location succeeds exactly then), else the frame's origin when it is http(s). Such a frame's origin is its
 * creator's: the page cannot choose it (its base URL, `<base href>`, it can). Chromium reads `location.origin` as
 * "null" in srcdoc and about:blank frames, hence the ancestors first. A frame with an opaque origin (data:, a
 * sandboxed frame, a frame written into by another origin) has none of these: when it is full-size the worker gives it
 * its nearest http(s) ancestor's address from the browser's record (`assignUrl`, frame/main.ts); else null, nothing to
 * judge by.
 */
export function judgedUrl(): string | null {
  return ownUrl() ?? assigned;
}

/** The address the worker gave a full-size frame with an opaque origin (frame/main.ts): its nearest http(s) ancestor's. */
let assigned: string | null = null;

export function assignUrl(url: string): void {
  assigned ??= url;
}

/** The address the frame can be judged by without asking the worker (see `judgedUrl`). */
function ownUrl(): string | null {
  const p = location.protocol;
  if (p === 'http:' || p === 'https:') return location.href;
  let w: Window = window;
  for (let depth = 0; depth < 8 && w !== w.parent; depth++) {
    w = w.parent;
    try {
      const at = w.location;
      if (at.protocol === 'http:' || at.protocol === 'https:') return at.href;
    } catch {
      break; // another origin
    }
  }
  const origin = location.origin;
  return origin.startsWith('http://') || origin.startsWith('https://') ? `${origin}/` : null;
}

/** `judgedUrl`, or the frame's own address when there is nothing to judge by (no page check runs there). */
export function currentUrl(): string {
  return judgedUrl() ?? location.href;
}
