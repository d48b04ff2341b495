/**
 * The extraction caps a full read must stay under to stand for the whole page (walk.ts DEFAULT_LIMITS, extract.ts),
 * in a module of their own so the always-on content script can tell without loading the walk.
 */
import type { PageFeatures } from '../core/classify/features.ts';

/** Elements + text nodes visited, all roots together. */
export const EXTRACT_MAX_NODES = 30_000;
/** Shadow roots walked. */
export const EXTRACT_MAX_SHADOW_ROOTS = 200;
/** Sliced extraction stops after this much wall time, yields included. */
export const EXTRACT_TOTAL_BUDGET_MS = 1_000;

/**
 * Did the walk reach every node and every shadow root it found? Not when a node, shadow-root or time cap stopped it
 * — a page can pad past those (review, session 24). A walk that failed on a hostile DOM is not told apart here. The text cap is not counted here: the walk
 * goes on after it (fields, buttons, roots), and the classifier reads at most that much text of any page.
 */
export function walkedEverything(f: PageFeatures): boolean {
  if (!f.truncated) return true;
  const s = f.stats;
  return s.nodes <= EXTRACT_MAX_NODES && s.shadowRoots < EXTRACT_MAX_SHADOW_ROOTS && s.elapsedMs < EXTRACT_TOTAL_BUDGET_MS;
}

/**
 * The classifier's text window (the model heads' `maxTextChars`): a read with more text than this was judged on its
 * first part only, so the guard has the page read in full (in the order the eye meets it: visual-text.ts) before a
 * payment step on a clean or caution verdict goes (red team, session 25).
 */
export const TEXT_JUDGED_CHARS = 8_000;
