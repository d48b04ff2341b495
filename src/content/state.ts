/**
 * What the content script knows about the page it runs in: the verdict for the current route (URL), whether a
 * check is in flight, and whether the page shows off-page payment instructions (bank account, payment QR, crypto
 * deposit address) — money that moves without any click we could intercept.
 */
import type { Verdict } from '../core/types';

export type PageStatus = { readonly known: true; readonly verdict: Verdict } | { readonly known: false };

export class PageState {
  private url = '';
  private verdict: Verdict | null = null;
  private inFlight = false;
  private waiters: { url: string; resolve: () => void }[] = [];

  /** A page check for `url` started. */
  begin(url: string): void {
    this.url = url;
    this.verdict = null;
    this.inFlight = true;
  }

  /** The check for `url` ended. */
  finish(url: string, verdict: Verdict): void {
    if (url !== this.url) return;
    this.verdict = verdict;
    this.inFlight = false;
    this.waiters = this.waiters.filter((w) => {
      if (w.url !== url) return true;
      w.resolve();
      return false;
    });
  }

  status(currentUrl: string): PageStatus {
    if (this.inFlight || this.url !== currentUrl || this.verdict === null) return { known: false };
    return { known: true, verdict: this.verdict };
  }

  /** Resolves when the verdict for `url` is known, or after `timeoutMs`. */
  whenKnown(url: string, timeoutMs: number): Promise<void> {
    if (this.status(url).known) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.waiters.push({ url, resolve });
      setTimeout(resolve, timeoutMs);
    });
  }
}

export function currentUrl(): string {
  return location.href;
}
