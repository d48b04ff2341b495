/**
 * Text normalisation for matching. Two views of the same text:
 *  - `spaced`:  NFKC (full-width → ASCII), lowercased, traditional → simplified, zero-width characters removed,
 *               whitespace collapsed to one space. English phrases match here on word boundaries.
 *  - `compact`: `spaced` without whitespace and common separators (· • - _ * | / \ . 、 ~ quotes brackets), so
 *               "刷 单", "刷-单", "刷·单" all read "刷单". Chinese phrases match here. Clause punctuation
 *               (，。！？,;!?) stays: phrases do not match across it, and it bounds negation windows.
 * `cased` keeps NFKC + zero-width removal but not case folding, for wallet addresses (base58 is case-sensitive).
 */
import { toSimplified } from './t2s.ts';

export interface NormalizedText {
  readonly cased: string;
  readonly spaced: string;
  readonly compact: string;
}

const ZERO_WIDTH = /[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]/g;
/** Runs of 2+ whitespace, or one non-space whitespace character (most single spaces are left alone: cheaper). */
const WHITESPACE = /\s{2,}|[^\S ]/g;
const SEPARATORS = /[\s·•・\-_*|/\\.、~～'"`‘’“”()（）[\]【】<>《》「」『』:：#+=]+/g;

export function normalizeCased(text: string): string {
  let s = text;
  try {
    s = s.normalize('NFKC');
  } catch {
    // lone surrogates etc.: keep the input
  }
  return s.replace(ZERO_WIDTH, '');
}

export function normalizeText(text: string): NormalizedText {
  const cased = normalizeCased(text);
  const spaced = toSimplified(cased.toLowerCase()).replace(WHITESPACE, ' ').trim();
  let compact: string | undefined;
  // `compact` is built only on demand: the matcher reads `spaced` and skips separators itself (cheaper).
  return {
    cased,
    spaced,
    get compact(): string {
      compact ??= spaced.replace(SEPARATORS, '');
      return compact;
    },
  };
}

/** SEPARATOR_TABLE[c] === 1 when UTF-16 code c is removed in the compact view. (Pure: a bundle that does not read
 *  it — the always-on content script — drops it instead of building 64 KB at every page load.) */
export const SEPARATOR_TABLE: Uint8Array = /* @__PURE__ */ (() => {
  const t = new Uint8Array(65536);
  const chars = ' \t\n\r\f\v\u00a0\u3000·•・-_*|/\\.、~～\'"`‘’“”()（）[]【】<>《》「」『』:：#+=';
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
})();

/** Normalise one phrase the way text is normalised (compact for CJK phrases, spaced otherwise). */
export function normalizePhrase(phrase: string): string {
  const n = normalizeText(phrase);
  return hasCjk(n.spaced) ? n.compact : n.spaced;
}

export function hasCjk(s: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(s);
}
