/**
 * PageFeatures → the sparse feature vector of the learned model (model.ts). Shared by training (Node) and scoring
 * (service worker), so both see exactly the same features.
 *
 * Text features are n-grams of the normalised text (NFKC, lower case, traditional → simplified):
 *  - CJK (and kana / hangul / Thai) runs: character 2-grams and 3-grams; separators inside a run are skipped
 *    ("刷 单" and "刷-单" read "刷单"), clause punctuation ends a run. No segmenter needed.
 *  - other scripts: word tokens ([\p{L}\p{N}]+, digit runs → "0") and word bigrams ("deposit now"); with a head's
 *    `charGrams` > 0 also character 3- to 5-grams inside Latin-script words of ≥ 4 letters, written `~ver`, the
 *    first `charGrams` distinct ones of the text (format 4; they catch inflections, compounds and misspellings a
 *    word list misses: "verification", "verify", "reverify" share `~veri`).
 *  A gram is stored as its plain string: weights stay readable ("抢单" → task-rebate +2.1).
 *  Each distinct gram present counts once; text grams are scaled by 1/√max(4, distinct in-vocabulary grams), so a
 *  long news page does not add up hundreds of weak weights.
 * Structural features (names contain ':'; gram strings never do) come from the lexicon pass (lexicon-match.ts):
 *  `sig:<signal>` (field:card-number, button:recharge, contact:im, crypto:address, brand:off-domain …),
 *  `lex:<type>` = log(1 + lexicon phrase weight), `lex:awareness`, `lex:instruction`, `act:any`, `act:strength`.
 *
 * Example: "兼职刷 单，日结 300 Deposit now! 連單" → 兼职 职刷 兼职刷 刷单 职刷单 | 日结 | deposit, now,
 *   "deposit now" | 连单  ("300" → "0": one character, dropped; "，" and "!" end runs and bigrams).
 */
import type { PageFeatures } from './features.ts';
import { matchLexicon, type LexiconMatch } from './lexicon-match.ts';
import { SCORED_CATEGORIES, SIGNALS, type Lexicon } from './lexicon.ts';
import { normalizeText, SEPARATOR_TABLE, type NormalizedText } from './normalize.ts';

/** Title + visible text scored by the learned model (training stores the same prefix of each corpus page). */
export const MAX_MODEL_TEXT_CHARS = 8_000;
const MAX_TOKEN_CHARS = 24;

/** Every structural feature name, in a fixed order. */
export const STRUCTURAL_FEATURES: readonly string[] = [
  ...SIGNALS.map((s) => `sig:${s}`),
  ...SCORED_CATEGORIES.map((c) => `lex:${c}`),
  'lex:awareness',
  'lex:instruction',
  'act:any',
  'act:strength',
];

export interface GramHit {
  /** Offset of the first occurrence in `norm.spaced`, and its end (exclusive; separators inside included). */
  readonly start: number;
  readonly end: number;
}

export interface FeatureVector {
  readonly norm: NormalizedText;
  /** gram → first occurrence. */
  readonly grams: Map<string, GramHit>;
  /** structural feature name → value (only non-zero ones). */
  readonly structural: Map<string, number>;
  readonly lexicon: LexiconMatch;
}

function isCjkLike(c: number): boolean {
  return (
    (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x3040 && c <= 0x30ff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0x0e00 && c <= 0x0e7f)
  );
}

const LETTER = /[\p{L}\p{N}]/u;
function isWordChar(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
  if (isCjkLike(c)) return false;
  return LETTER.test(String.fromCharCode(c));
}

/** s[start, end) with every run of ASCII digits replaced by one "0". */
function digitRunsToZero(s: string, start: number, end: number): string {
  let tok = '';
  let inDigits = false;
  for (let i = start; i < end; i++) {
    const d = s.charCodeAt(i);
    if (d >= 48 && d <= 57) {
      if (!inDigits) tok += '0';
      inDigits = true;
    } else {
      tok += s[i];
      inDigits = false;
    }
  }
  return tok;
}

/** Calls `emit(gram, start, end)` for every gram of the text, in order (duplicates included). */
export function forEachGram(s: string, emit: (gram: string, start: number, end: number) => void): void {
  // CJK run state: last two CJK chars and where they started
  let c1 = -1;
  let c2 = -1;
  let p1 = 0;
  let p2 = 0;
  // Latin token state
  let prevToken = '';
  let prevStart = 0;
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (isCjkLike(c)) {
      prevToken = '';
      if (c2 >= 0) emit(String.fromCharCode(c2, c), p2, i + 1);
      if (c1 >= 0 && c2 >= 0) emit(String.fromCharCode(c1, c2, c), p1, i + 1);
      c1 = c2;
      p1 = p2;
      c2 = c;
      p2 = i;
      i++;
      continue;
    }
    if (isWordChar(c)) {
      c1 = c2 = -1;
      const start = i;
      let digits = false;
      while (i < n) {
        const d = s.charCodeAt(i);
        if (!isWordChar(d)) break;
        if (d >= 48 && d <= 57) digits = true;
        i++;
      }
      // a token without digits is its own text (one slice, not a string built a character at a time)
      const tok = digits ? digitRunsToZero(s, start, i) : s.slice(start, i);
      if (tok.length >= 2 && tok.length <= MAX_TOKEN_CHARS) {
        emit(tok, start, i);
        if (prevToken) emit(`${prevToken} ${tok}`, prevStart, i);
        prevToken = tok;
        prevStart = start;
      } else prevToken = '';
      // one space keeps a bigram going; anything else ends it
      if (i < n && s.charCodeAt(i) === 32 && i + 1 < n && isWordChar(s.charCodeAt(i + 1))) i++;
      else prevToken = '';
      continue;
    }
    // separators continue a CJK run ("刷 单"); clause punctuation ends it
    if (SEPARATOR_TABLE[c] !== 1) c1 = c2 = -1;
    prevToken = '';
    i++;
  }
}

const LATIN_WORD = /^[a-z\u00c0-\u024f]{4,}$/;

/** Distinct grams of `s` with their first occurrence; with `charGrams` > 0 also the first `charGrams` distinct
 *  character 3–5-grams of its Latin words (`~` + the letters; their occurrence is the whole word, so a reason shows
 *  the word the user sees). */
export function gramsOf(s: string, charGrams = 0): Map<string, GramHit> {
  const out = new Map<string, GramHit>();
  let chars = 0;
  forEachGram(s, (g, start, end) => {
    if (!out.has(g)) out.set(g, { start, end });
    if (chars >= charGrams || !LATIN_WORD.test(g)) return;
    for (let n = 3; n <= 5; n++)
      for (let i = 0; i + n <= g.length && chars < charGrams; i++) {
        const c = `~${g.slice(i, i + n)}`;
        if (!out.has(c)) {
          out.set(c, { start, end });
          chars++;
        }
      }
  });
  return out;
}

export function vectorize(features: PageFeatures, lexicon: Lexicon, maxTextChars = MAX_MODEL_TEXT_CHARS, charGrams = 0): FeatureVector {
  const full = `${features.title}\n${features.text}`.slice(0, maxTextChars);
  const norm = normalizeText(full);
  const lex = matchLexicon(norm, features, lexicon);
  const structural = new Map<string, number>();
  for (const s of lex.signals.keys()) structural.set(`sig:${s}`, 1);
  for (const c of SCORED_CATEGORIES) if (lex.raw[c] > 0) structural.set(`lex:${c}`, Math.log1p(lex.raw[c]));
  if (lex.awareness > 0) structural.set('lex:awareness', Math.log1p(lex.awareness));
  if (lex.instructed > 0) structural.set('lex:instruction', Math.log1p(lex.instructed));
  if (lex.action > 0) {
    structural.set('act:any', 1);
    structural.set('act:strength', Math.min(lex.action, 4) / 4);
  }
  return { norm, grams: gramsOf(norm.spaced, charGrams), structural, lexicon: lex };
}
