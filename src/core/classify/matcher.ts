/**
 * Phrase matcher compiled once per model: one pass over the text instead of one indexOf per phrase.
 *
 * Structure: two maps from a phrase's first character to the phrases starting with it.
 *  - CJK phrases are looked up at every position of `compact` text (no word boundaries in Chinese; see README
 *    for why we do not rely on Intl.Segmenter tokens).
 *  - Other phrases are looked up only at word starts of `spaced` text and must end at a word boundary, so
 *    "vip" does not fire inside "vipassana". A trailing `*` in the authored phrase drops the end boundary.
 * Example: phrases {刷单, 刷单返利, roi}; compact "兼职刷单返利" → 刷单@2, 刷单返利@2; spaced "high roi today" → roi@5.
 */
import { hasCjk, normalizePhrase, type NormalizedText } from './normalize.ts';

export interface PhraseEntry<T> {
  /** As authored (used as evidence). */
  readonly phrase: string;
  /** Normalised form used for matching. */
  readonly key: string;
  /** Authored with a trailing `*`: no word boundary needed at the end ("commission*" matches "commissions"). */
  readonly prefix: boolean;
  /** Which view of the text it matches in: CJK phrases in `compact`, others in `spaced`. */
  readonly view: 'compact' | 'spaced';
  readonly data: T;
}

export interface CompiledMatcher<T> {
  readonly cjk: ReadonlyMap<string, readonly PhraseEntry<T>[]>;
  readonly latin: ReadonlyMap<string, readonly PhraseEntry<T>[]>;
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
  const cjk = new Map<string, PhraseEntry<T>[]>();
  const latin = new Map<string, PhraseEntry<T>[]>();
  let size = 0;
  for (const { phrase, data } of items) {
    const prefix = phrase.endsWith('*');
    const key = normalizePhrase(prefix ? phrase.slice(0, -1) : phrase);
    const first = key[0];
    if (first === undefined) continue;
    const isCjk = hasCjk(key);
    const target = isCjk ? cjk : latin;
    const list = target.get(first);
    const entry: PhraseEntry<T> = { phrase: prefix ? phrase.slice(0, -1) : phrase, key, prefix, view: isCjk ? 'compact' : 'spaced', data };
    if (list) list.push(entry);
    else target.set(first, [entry]);
    size++;
  }
  // Longer phrases first so evidence prefers the most specific wording (all still count).
  for (const m of [cjk, latin]) for (const list of m.values()) list.sort((a, b) => b.key.length - a.key.length);
  return { cjk, latin, size };
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** All phrases present in the text, with occurrence counts (capped). Order: first occurrence. */
export function matchPhrases<T>(m: CompiledMatcher<T>, text: NormalizedText): PhraseHit<T>[] {
  const hits = new Map<PhraseEntry<T>, number[]>();
  const bump = (e: PhraseEntry<T>, at: number): void => {
    const list = hits.get(e);
    if (!list) hits.set(e, [at]);
    else if (list.length < MAX_COUNT_PER_PHRASE) list.push(at);
  };
  const { compact, spaced } = text;
  if (m.cjk.size > 0) {
    for (let i = 0; i < compact.length; i++) {
      const list = m.cjk.get(compact[i] ?? '');
      if (!list) continue;
      for (const e of list) if (compact.startsWith(e.key, i)) bump(e, i);
    }
  }
  if (m.latin.size > 0) {
    for (let i = 0; i < spaced.length; i++) {
      if (i > 0 && isWordChar(spaced.charCodeAt(i - 1))) continue;
      const list = m.latin.get(spaced[i] ?? '');
      if (!list) continue;
      for (const e of list) {
        if (!spaced.startsWith(e.key, i)) continue;
        const end = i + e.key.length;
        if (!e.prefix && end < spaced.length && isWordChar(spaced.charCodeAt(end)) && isWordChar(e.key.charCodeAt(e.key.length - 1))) continue;
        bump(e, i);
      }
    }
  }
  return [...hits].map(([entry, positions]) => ({ entry, count: positions.length, positions }));
}
