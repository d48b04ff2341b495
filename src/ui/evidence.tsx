/**
 * The evidence card: why a site is flagged — list, entry, date, sources, and the warning signs in the user's language
 * (src/ui/signal-text.ts, the same sentences as the in-page overlay). Shared by interstitial and popup.
 */
import type { Verdict } from '../core/types';
import { categoryLabel, formatDate, t } from './i18n';
import { listName, sourceNames } from './list-name';
import { signalLines } from './signal-text';

export function Evidence({ verdict }: { verdict: Verdict }) {
  const { list } = verdict;
  const signals = signalLines(verdict.reasons);
  return (
    <dl class="evidence">
      <dt>{t('warnTypeLabel')}</dt>
      <dd data-testid="category">{categoryLabel(verdict.category)}</dd>
      {list && (
        <>
          <dt>{t('warnListLabel')}</dt>
          <dd data-testid="list">{t('warnListValue', [listName(list.listId), String(list.listVersion)])}</dd>
          <dt>{t('warnEntryLabel')}</dt>
          <dd data-testid="entry">
            <code>{list.expression}</code>
          </dd>
          {list.firstSeen && (
            <>
              <dt>{t('warnAddedLabel')}</dt>
              <dd data-testid="first-seen">{formatDate(list.firstSeen)}</dd>
            </>
          )}
          {list.sources && list.sources.length > 0 && (
            <>
              <dt>{t('warnSourcesLabel')}</dt>
              <dd data-testid="sources">{sourceNames(list.sources)}</dd>
            </>
          )}
        </>
      )}
      {signals.length > 0 && (
        <>
          <dt>{t('warnSignalsLabel')}</dt>
          <dd>
            <ul data-testid="signals">
              {signals.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}
