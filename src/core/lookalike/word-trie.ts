/**
 * A character trie over the dictionary of brand keywords, scam words and glue words, used to find every
 * dictionary word inside a host token in one pass.
 *
 * Example: words {jd, kefu, tuikuan}; scanning 'jdkefu' walks from each start position and reports
 * (0,2,'jd') and (2,6,'kefu'); `decompose` then finds that the whole token is jd+kefu. Cost per token:
 * O(length × longest word), no allocations except the match list.
 */
export interface TrieNode<T> {
  readonly next: Map<number, TrieNode<T>>;
  readonly values: T[];
}

export interface TrieMatch<T> {
  readonly start: number;
  readonly end: number;
  readonly value: T;
}

export function createTrie<T>(): TrieNode<T> {
  return { next: new Map(), values: [] };
}

export function trieInsert<T>(root: TrieNode<T>, word: string, value: T): void {
  let node = root;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    let child = node.next.get(c);
    if (child === undefined) {
      child = { next: new Map(), values: [] };
      node.next.set(c, child);
    }
    node = child;
  }
  node.values.push(value);
}

export function trieScan<T>(root: TrieNode<T>, text: string): TrieMatch<T>[] {
  const out: TrieMatch<T>[] = [];
  for (let i = 0; i < text.length; i++) {
    let node: TrieNode<T> | undefined = root;
    for (let j = i; j < text.length; j++) {
      node = node.next.get(text.charCodeAt(j));
      if (node === undefined) break;
      for (const value of node.values) out.push({ start: i, end: j + 1, value });
    }
  }
  return out;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/**
 * Split `text` entirely into dictionary words and digit runs, preferring long words; null when impossible.
 * `matches` must be in `trieScan` order (by start, then end). Example: 'taobaovip2024' → [taobao, vip]
 * (digits are filler).
 */
export function decompose<T>(text: string, matches: readonly TrieMatch<T>[]): TrieMatch<T>[] | null {
  const n = text.length;
  // reach[i] === 1: text[i..n) can be fully covered. Walk positions and matches backwards together.
  const reach = n < REACH.length ? REACH : new Uint8Array(n + 1);
  reach.fill(0, 0, n + 1);
  reach[n] = 1;
  let k = matches.length - 1;
  for (let i = n - 1; i >= 0; i--) {
    let ok = isDigit(text.charCodeAt(i)) && reach[i + 1] === 1;
    while (k >= 0 && (matches[k] as TrieMatch<T>).start > i) k--;
    for (let j = k; j >= 0 && !ok; j--) {
      const m = matches[j] as TrieMatch<T>;
      if (m.start !== i) break;
      if (reach[m.end] === 1) ok = true;
    }
    reach[i] = ok ? 1 : 0;
  }
  if (reach[0] !== 1) return null;
  const path: TrieMatch<T>[] = [];
  let i = 0;
  let from = 0;
  while (i < n) {
    let best: TrieMatch<T> | null = null;
    while (from < matches.length && (matches[from] as TrieMatch<T>).start < i) from++;
    for (let j = from; j < matches.length; j++) {
      const m = matches[j] as TrieMatch<T>;
      if (m.start !== i) break;
      if (reach[m.end] === 1 && (best === null || m.end > best.end)) best = m;
    }
    if (best !== null) {
      path.push(best);
      i = best.end;
    } else {
      i++; // a digit (reach guarantees it)
    }
  }
  return path;
}

const REACH = new Uint8Array(256);
