/**
 * Negated mentions: "请勿相信…要求您提供验证码或共享屏幕的电话", "PayPal will never ask for your password".
 * Awareness and help pages name the scam words to say *don't*. A phrase occurrence that follows a negation cue
 * (model.negation.cues) within the same clause — at most windowCjk / windowLatin characters, stopping at
 * ，。！？,;!? (and "." in Latin text) — does not count for the scam score; it counts as awareness instead.
 *
 * Example: "请勿相信任何自称客服要求您提供验证码" with cue "勿" at 1, window 12 → offsets 2..13 are
 * negated; "提供验证码" starts at 14 → not negated; with window 16 it would be.
 */
import type { CompiledMatcher } from './matcher.ts';
import { matchPhrases } from './matcher.ts';
import type { NormalizedText } from './normalize.ts';

/** Indexed by entry.view; both views are offsets in `spaced` (see matcher.ts), so they share one array. */
export interface NegationMask {
  readonly compact: Uint8Array;
  readonly spaced: Uint8Array;
}

const BOUNDARY_CJK = new Set([',', '。', '!', '?', ';', '\n']);
const BOUNDARY_LATIN = new Set([',', '。', '!', '?', ';', '.', '\n']);

export function negationMask(text: NormalizedText, cues: CompiledMatcher<null>, windowCjk: number, windowLatin: number): NegationMask {
  const shared = new Uint8Array(text.spaced.length);
  const mask: NegationMask = { compact: shared, spaced: shared };
  if (cues.size === 0) return mask;
  for (const hit of matchPhrases(cues, text)) {
    const view = hit.entry.view;
    const s = text.spaced;
    const m = shared;
    const win = view === 'compact' ? windowCjk : windowLatin;
    const stop = view === 'compact' ? BOUNDARY_CJK : BOUNDARY_LATIN;
    for (const p of hit.positions) {
      const from = p + hit.entry.key.length;
      for (let i = from; i < s.length && i < from + win; i++) {
        if (stop.has(s[i] ?? '')) break;
        m[i] = 1;
      }
    }
  }
  return mask;
}
