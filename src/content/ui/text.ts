/**
 * Words for the in-page UI: the user's language via chrome.i18n (src/ui/i18n), and a verdict's reasons as a few
 * plain sentences — the list entry and its date, then the typed signals grouped by kind (src/ui/signal-text.ts,
 * shared with the popup and the interstitial). Evidence stays text (never markup).
 */
import type { Level, Verdict } from '../../core/types';
import { categoryLabel, formatDate, t } from '../../ui/i18n';
import { listName } from '../../ui/list-name';
import { signalLines } from '../../ui/signal-text';

export { categoryLabel, t };

/** Plain-language reason lines for a verdict, most important first (list entry, then the signals that fired). */
export function reasonLines(v: Verdict, max = 6): string[] {
  const lines: string[] = [];
  if (v.list) {
    lines.push(
      v.list.firstSeen
        ? t('ovReasonList', [listName(v.list.listId), formatDate(v.list.firstSeen), v.list.expression])
        : t('ovReasonListNoDate', [listName(v.list.listId), v.list.expression]),
    );
  }
  lines.push(...signalLines(v.reasons));
  if (v.didYouMean) lines.push(t('warnDidYouMean', v.didYouMean));
  return lines.slice(0, max);
}

export function levelTitle(level: Level): string {
  return t(level === 'block' ? 'badgeTitleBlock' : level === 'warn' ? 'badgeTitleWarn' : 'badgeTitleCaution');
}
