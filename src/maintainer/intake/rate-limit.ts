/**
 * Token buckets per client, in memory only (never written anywhere): each key holds up to `burst` tokens and
 * regains `perMinute` tokens a minute; a request takes one. Example with burst 3, perMinute 6 (one per 10 s):
 * three requests at t=0 pass, the fourth gets `retryAfterMs` 10000; at t=10 s one more passes.
 *
 * Memory is bounded: at most `maxKeys` buckets, least recently used evicted first (an evicted client starts with a
 * full bucket again, which is why the server also keeps a per-IP bucket behind the per-client-key one), and
 * buckets that have refilled completely are dropped by `sweep()`, so an IP is forgotten once it stops sending.
 */
export interface BucketOptions {
  readonly burst: number;
  readonly perMinute: number;
  /** Default 100 000. */
  readonly maxKeys?: number;
}

export type TakeResult = { readonly ok: true } | { readonly ok: false; readonly retryAfterMs: number };

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxKeys: number;

  constructor(private readonly opts: BucketOptions) {
    if (!(opts.burst >= 1) || !(opts.perMinute > 0)) throw new RangeError('burst must be ≥ 1 and perMinute > 0');
    this.perMs = opts.perMinute / 60_000;
    this.maxKeys = opts.maxKeys ?? 100_000;
  }

  get size(): number {
    return this.buckets.size;
  }

  private refill(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (b === undefined) {
      const fresh = { tokens: this.opts.burst, at: now };
      this.buckets.set(key, fresh);
      if (this.buckets.size > this.maxKeys) {
        const oldest = this.buckets.keys().next();
        if (oldest.done !== true) this.buckets.delete(oldest.value);
      }
      return fresh;
    }
    // move to the back: Map order = least recently used first
    this.buckets.delete(key);
    this.buckets.set(key, b);
    b.tokens = Math.min(this.opts.burst, b.tokens + Math.max(0, now - b.at) * this.perMs);
    b.at = now;
    return b;
  }

  take(key: string, now: number): TakeResult {
    const b = this.refill(key, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - b.tokens) / this.perMs) };
  }

  /** Gives back a token taken by `take` (when a later check refused the request). */
  refund(key: string): void {
    const b = this.buckets.get(key);
    if (b !== undefined) b.tokens = Math.min(this.opts.burst, b.tokens + 1);
  }

  /** Drops buckets that are full again (their client is indistinguishable from a new one). */
  sweep(now: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.opts.burst) this.buckets.delete(key);
    }
  }
}
