/**
 * Combine the independent opinions about one URL/page into the single Verdict the UI shows.
 * A list match is a *block*; heuristics (URL signals, page classifier) can reach *warn* at most.
 * Reasons from every source that fired are kept, strongest source first.
 */
import { signalKey, type Signal } from '../signals';
import { LEVELS, NO_VERDICT, levelRank, type Category, type ListEvidence, type Severity, type Verdict } from '../types';

export interface ListHit {
  readonly listId: string;
  readonly listVersion: number;
  readonly expression: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly firstSeen?: string;
  readonly sources?: readonly string[];
}

export function verdictFromListHit(hit: ListHit): Verdict {
  const list: ListEvidence = {
    listId: hit.listId,
    listVersion: hit.listVersion,
    expression: hit.expression,
    ...(hit.firstSeen !== undefined ? { firstSeen: hit.firstSeen } : {}),
    ...(hit.sources !== undefined ? { sources: hit.sources } : {}),
  };
  const reason: Signal = { signal: 'list:match', expression: hit.expression, listId: hit.listId, listVersion: hit.listVersion };
  return { level: 'block', category: hit.category, score: 1, reasons: [reason], list };
}

/** Strongest verdict wins level/category; reasons of all non-empty verdicts are merged (deduplicated). */
export function combineVerdicts(verdicts: readonly Verdict[]): Verdict {
  const active = verdicts.filter((v) => v.level !== 'none');
  if (active.length === 0) return NO_VERDICT;
  const sorted = [...active].sort((a, b) => levelRank(b.level) - levelRank(a.level) || b.score - a.score);
  const top = sorted[0] as Verdict;
  const seen = new Set<string>();
  const reasons: Signal[] = [];
  for (const v of sorted) {
    for (const r of v.reasons) {
      const key = signalKey(r);
      if (!seen.has(key)) {
        seen.add(key);
        reasons.push(r);
      }
    }
  }
  const didYouMean = sorted.find((v) => v.didYouMean !== undefined)?.didYouMean;
  return {
    ...top,
    reasons,
    ...(didYouMean !== undefined ? { didYouMean } : {}),
  };
}

export function isLevel(value: unknown): value is Verdict['level'] {
  return typeof value === 'string' && (LEVELS as readonly string[]).includes(value);
}
