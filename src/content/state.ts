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
  private pending: Promise<void> | null = null;
  private waiters: (() => void)[] = [];

  /** A page check for `url` started. */
  begin(url: string): void {
    this.url = url;
    this.verdict = null;
    if (!this.pending) this.pending = new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** The check for `url` ended (verdict null: it failed — treated as unknown → no warning). */
  finish(url: string, verdict: Verdict | null): void {
    if (url !== this.url) return;
    this.verdict = verdict;
    this.pending = null;
    for (const w of this.waiters.splice(0)) w();
  }

  status(currentUrl: string): PageStatus {
    if (this.pending || this.url !== currentUrl || this.verdict === null) return { known: false };
    return { known: true, verdict: this.verdict };
  }

  /** Resolves when no check is in flight, or after `timeoutMs`. */
  settled(timeoutMs: number): Promise<void> {
    if (!this.pending) return Promise.resolve();
    return Promise.race([this.pending, new Promise<void>((r) => setTimeout(r, timeoutMs))]);
  }

  get checkedUrl(): string {
    return this.url;
  }
}

export function currentUrl(): string {
  return location.href;
}
