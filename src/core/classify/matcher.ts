/**
 * Phrase matcher compiled once per model: one pass over the text instead of one indexOf per phrase.
 *
 * Structure: two maps from a phrase's first character (its UTF-16 code) to the phrases starting with it.
 *  - CJK phrases are looked up at every position of `spaced` text, skipping separators between characters as the
 *    `compact` view would (no word boundaries in Chinese; see README for why not Intl.Segmenter tokens).
 *  - Other phrases are looked up only at word starts of `spaced` text and must end at a word boundary, so
 *    "vip" does not fire inside "vipassana". A trailing `*` in the authored phrase drops the end boundary.
 * Example: phrases {刷单, 刷单返利, roi}; "兼职刷 单返利" → 刷单@2, 刷单返利@2; "high roi today" → roi@5.
 */
import { hasCjk, normalizePhrase, SEPARATOR_TABLE, type NormalizedText } from './normalize.ts';

export interface PhraseEntry<T> {
  /** As authored (used as evidence). */
  readonly phrase: string;
  /** Normalised form used for matching. */
  readonly key: string;
  /** Authored with a trailing `*`: no word boundary needed at the end ("commission*" matches "commissions"). */
  readonly prefix: boolean;
  /** Dense index 0..size-1 (per-call bookkeeping in arrays, not maps). */
  readonly id: number;
  /** How it matches in `spaced`: 'compact' = skipping separators between characters (CJK phrases), 'spaced' =
   *  exact, on word boundaries. Positions are offsets in `spaced` either way. */
  readonly view: 'compact' | 'spaced';
  readonly data: T;
}

export interface CompiledMatcher<T> {
  /** Keyed by the UTF-16 code of the first character (no one-character strings allocated while scanning). */
  readonly cjk: ReadonlyMap<number, readonly PhraseEntry<T>[]>;
  readonly latin: ReadonlyMap<number, readonly PhraseEntry<T>[]>;
  /** starts[c] = 1 if some CJK phrase starts with code c, 2 if some Latin phrase does, 3 both: skips Map lookups. */
  readonly starts: Uint8Array;
  readonly size: number;
}

export interface PhraseHit<T> {
  readonly entry: PhraseEntry<T>;
  readonly count: number;
  /** Start offsets in the entry's view (up to the count cap). */
  readonly positions: readonly number[];
}

const MAX_COUNT_PER_PHRASE = 50;

export function compileMatcher<T>(items: Iterable<{ phrase: string; data: T }>): CompiledMatcher<T> {
  const cjk = new Map<number, PhraseEntry<T>[]>();
  const latin = new Map<number, PhraseEntry<T>[]>();
  let size = 0;
  for (const { phrase, data } of items) {
    const prefix = phrase.endsWith('*');
    const key = normalizePhrase(prefix ? phrase.slice(0, -1) : phrase);
    if (key.length === 0) continue;
    const first = key.charCodeAt(0);
    const isCjk = hasCjk(key);
    const target = isCjk ? cjk : latin;
    const list = target.get(first);
    const entry: PhraseEntry<T> = { phrase: prefix ? phrase.slice(0, -1) : phrase, key, id: size, prefix, view: isCjk ? 'compact' : 'spaced', data };
    if (list) list.push(entry);
    else target.set(first, [entry]);
    size++;
  }
  // Longer phrases first so evidence prefers the most specific wording (all still count).
  for (const m of [cjk, latin]) for (const list of m.values()) list.sort((a, b) => b.key.length - a.key.length);
  const starts = new Uint8Array(65536);
  for (const c of cjk.keys()) starts[c] = (starts[c] ?? 0) | 1;
  for (const c of latin.keys()) starts[c] = (starts[c] ?? 0) | 2;
  return { cjk, latin, starts, size };
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** Does `key` occur at `at`, allowing separators (spaces, · - _ …) between its characters? */
function matchesSkippingSeparators(s: string, at: number, key: string): boolean {
  let j = at;
  for (let k = 0; k < key.length; ) {
    if (j >= s.length) return false;
    const c = s.charCodeAt(j);
    if (c === key.charCodeAt(k)) {
      j++;
      k++;
    } else if (k > 0 && SEPARATOR_TABLE[c] === 1) j++;
    else return false;
  }
  return true;
}

/** All phrases present in the text, with occurrence counts (capped). Order: first occurrence. */
export function matchPhrases<T>(m: CompiledMatcher<T>, text: NormalizedText): PhraseHit<T>[] {
  const positions: (number[] | undefined)[] = new Array<number[] | undefined>(m.size);
  const order: PhraseEntry<T>[] = [];
  const bump = (e: PhraseEntry<T>, at: number): void => {
    const list = positions[e.id];
    if (!list) {
      positions[e.id] = [at];
      order.push(e);
    } else if (list.length < MAX_COUNT_PER_PHRASE) list.push(at);
  };
  const { spaced } = text;
  const starts = m.starts;
  for (let i = 0; i < spaced.length; i++) {
    const code = spaced.charCodeAt(i);
    const kind = starts[code] ?? 0;
    if (kind === 0) continue;
    if (kind & 1) {
      const list = m.cjk.get(code);
      if (list) {
        const next = spaced.charCodeAt(i + 1);
        for (const e of list) {
          // fast reject on the second character before the general separator-skipping comparison
          if (e.key.length > 1 && next !== e.key.charCodeAt(1) && SEPARATOR_TABLE[next] !== 1) continue;
          if (matchesSkippingSeparators(spaced, i, e.key)) bump(e, i);
        }
      }
    }
    if (kind & 2) {
      if (i > 0 && isWordChar(spaced.charCodeAt(i - 1))) continue;
      const list = m.latin.get(code);
      if (!list) continue;
      for (const e of list) {
        if (!spaced.startsWith(e.key, i)) continue;
        const end = i + e.key.length;
        if (!e.prefix && end < spaced.length && isWordChar(spaced.charCodeAt(end)) && isWordChar(e.key.charCodeAt(e.key.length - 1))) continue;
        bump(e, i);
      }
    }
  }
  return order.map((entry) => {
    const p = positions[entry.id] ?? [];
    return { entry, count: p.length, positions: p };
  });
}
