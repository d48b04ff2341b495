/**
 * Options → "Data sources": who the built-in list comes from, under which licence, and how many of its entries each
 * source gave (read from /lists/bundled.json, written by scripts/build-bundled-list.ts), plus the full NOTICE; and
 * the collections the detection model was trained on (/model-sources.json, from corpus/README.md by
 * scripts/write-model-sources.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t, type MessageKey } from '../i18n';
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

interface ModelSource {
  readonly group: 'scam' | 'legit' | 'text';
  readonly name: string;
  readonly items: number;
  readonly licence: string;
}

const GROUPS = ['scam', 'legit', 'text'] as const;

function parseModelSources(json: unknown): ModelSource[] {
  const list = (json as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s: unknown) => {
    const o = s as Record<string, unknown>;
    const group = GROUPS.find((g) => g === o['group']);
    if (!group || typeof o['name'] !== 'string' || typeof o['licence'] !== 'string' || typeof o['items'] !== 'number') return [];
    return [{ group, name: o['name'], items: o['items'], licence: o['licence'] }];
  });
}

/** The detection model's training collections: a count in the intro, the list (grouped) behind a disclosure. */
function ModelSources() {
  const [sources, setSources] = useState<ModelSource[] | null>(null);
  useEffect(() => {
    fetch(browser.runtime.getURL('/model-sources.json'))
      .then((r) => r.json())
      .then((j: unknown) => setSources(parseModelSources(j)), () => setSources([]));
  }, []);
  if (!sources || sources.length === 0) return null;
  return (
    <div data-testid="model-sources">
      <h3>{t('optModelSourcesHeading')}</h3>
      <p class="note">{t('optModelSourcesIntro', formatNumber(sources.length))}</p>
      <details>
        <summary>{t('optModelSourcesShow')}</summary>
        {GROUPS.map((g) => (
          <div key={g} data-group={g}>
            <h4>{t(`optModelSourcesGroup_${g}` as MessageKey)}</h4>
            <ul>
              {sources
                .filter((s) => s.group === g)
                .map((s) => (
                  <li key={s.name}>
                    {s.name} <span class="note">{t('optModelSourcesItem', [formatNumber(s.items), s.licence])}</span>
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </details>
    </div>
  );
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
      <ModelSources />
    </section>
  );
}
