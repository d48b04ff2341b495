/**
 * Deduplication of canonical keys across sources, in columns (typed arrays indexed by a key id) rather than one
 * object per key: a 1M-entry build would otherwise spend most of its time in the garbage collector.
 *
 * Per key: the set of sources as a bitmask (bit i = config source i, so at most MAX_SOURCES sources), the category
 * of the heaviest source so far, the summed weight of distinct sources, the highest explicit severity, and an explicit
 * first-seen date (reviewed entries). Example: 'scam.example/' listed by sources 0 (w 1, fake-shop) and 2 (w 1.5,
 * investment) → mask 0b101, weight 2.5, category investment.
 */
import { CATEGORIES, SEVERITIES, type Category, type Severity } from '../core/types';

export const MAX_SOURCES = 31;

export class Aggregator {
  private readonly ids = new Map<string, number>();
  readonly keys: string[] = [];
  private cap = 1024;
  mask = new Uint32Array(this.cap);
  category = new Uint8Array(this.cap);
  categoryWeight = new Float64Array(this.cap);
  weight = new Float64Array(this.cap);
  /** SEVERITIES index, or -1 when no source stated one. */
  severity = new Int8Array(this.cap);
  /** 0 = removed (reviewed removal). */
  alive = new Uint8Array(this.cap);
  readonly firstSeen = new Map<number, string>();

  get size(): number {
    return this.keys.length;
  }

  idOf(key: string): number | undefined {
    return this.ids.get(key);
  }

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Uint32Array | Uint8Array | Float64Array | Int8Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.cap);
      b.set(a);
      return b;
    };
    this.mask = g(this.mask, (n) => new Uint32Array(n));
    this.category = g(this.category, (n) => new Uint8Array(n));
    this.categoryWeight = g(this.categoryWeight, (n) => new Float64Array(n));
    this.weight = g(this.weight, (n) => new Float64Array(n));
    this.severity = g(this.severity, (n) => new Int8Array(n));
    this.alive = g(this.alive, (n) => new Uint8Array(n));
  }

  add(key: string, source: number, weight: number, category: Category, severity: Severity | undefined, firstSeen: string | undefined): void {
    const bit = 2 ** source;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length;
      if (id === this.cap) this.grow();
      this.ids.set(key, id);
      this.keys.push(key);
      this.mask[id] = bit;
      this.category[id] = CATEGORIES.indexOf(category);
      this.categoryWeight[id] = weight;
      this.weight[id] = weight;
      this.severity[id] = severity === undefined ? -1 : SEVERITIES.indexOf(severity);
      this.alive[id] = 1;
      if (firstSeen !== undefined) this.firstSeen.set(id, firstSeen);
      return;
    }
    const m = this.mask[id] ?? 0;
    if ((m & bit) === 0) {
      this.mask[id] = (m | bit) >>> 0;
      this.weight[id] = (this.weight[id] ?? 0) + weight;
    }
    this.alive[id] = 1;
    if (weight > (this.categoryWeight[id] ?? 0)) {
      this.category[id] = CATEGORIES.indexOf(category);
      this.categoryWeight[id] = weight;
    }
    if (severity !== undefined) {
      const s = SEVERITIES.indexOf(severity);
      if (s > (this.severity[id] ?? -1)) this.severity[id] = s;
    }
    if (firstSeen !== undefined) {
      const prev = this.firstSeen.get(id);
      if (prev === undefined || firstSeen < prev) this.firstSeen.set(id, firstSeen);
    }
  }

  /** Suppresses a key (reviewed removal); returns true when it was present. */
  remove(key: string): boolean {
    const id = this.ids.get(key);
    if (id === undefined || this.alive[id] === 0) return false;
    this.alive[id] = 0;
    return true;
  }
}

/** Interns the sorted source-name arrays per bitmask (most keys share a handful of combinations). */
export function sourceNamer(names: readonly string[]): (mask: number) => string[] {
  const cache = new Map<number, string[]>();
  return (mask) => {
    let out = cache.get(mask);
    if (!out) {
      out = names.filter((_, i) => (mask & (2 ** i)) !== 0).sort();
      cache.set(mask, out);
    }
    return out;
  };
}
