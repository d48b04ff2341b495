/**
 * Options → "Data sources": who the built-in list comes from, under which licence, and how many of its entries each
 * source gave (read from /lists/bundled.json, written by scripts/build-bundled-list.ts), plus the full NOTICE.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from '../i18n';
import { formatNumber } from '../sync-words';

interface SourceInfo {
  readonly name: string;
  readonly licence: string;
  readonly attribution: string;
  readonly homepage: string | null;
  readonly entries: number;
}

function parseSources(json: unknown): SourceInfo[] {
  const list = (json as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s: unknown) => {
    const o = s as Record<string, unknown>;
    if (typeof o['name'] !== 'string' || typeof o['licence'] !== 'string') return [];
    const home = typeof o['homepage'] === 'string' && /^https:\/\//.test(o['homepage']) ? o['homepage'] : null;
    return [{
      name: o['name'],
      licence: o['licence'],
      attribution: typeof o['attribution'] === 'string' ? o['attribution'] : o['name'],
      homepage: home,
      entries: typeof o['entries'] === 'number' ? o['entries'] : 0,
    }];
  });
}

export function DataSources() {
  const [sources, setSources] = useState<SourceInfo[] | null>(null);
  useEffect(() => {
    fetch(browser.runtime.getURL('/lists/bundled.json'))
      .then((r) => r.json())
      .then((j: unknown) => setSources(parseSources(j)), () => setSources([]));
  }, []);
  return (
    <section aria-labelledby="sources-heading" data-testid="data-sources">
      <h2 id="sources-heading">{t('optSourcesHeading')}</h2>
      <p class="note">{t('optSourcesIntro')}</p>
      <ul>
        {sources?.map((s) => (
          <li key={s.name} data-source={s.name}>
            {s.homepage ? (
              <a href={s.homepage} target="_blank" rel="noopener noreferrer">
                {s.attribution}
              </a>
            ) : (
              <strong>{s.attribution}</strong>
            )}{' '}
            <span class="note">
              {t('optSourcesLicence', s.licence)} · {t('optSourcesEntries', formatNumber(s.entries))}
            </span>
          </li>
        ))}
      </ul>
      <p>
        <a href={browser.runtime.getURL('/NOTICE.txt')} target="_blank" rel="noopener" data-testid="notice-link">
          {t('optSourcesNotice')}
        </a>
      </p>
    </section>
  );
}
