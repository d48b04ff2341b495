/** Options: the permanent allowlist, each site removable. Later issues add list subscriptions and status. */
import { useEffect, useState } from 'preact/hooks';
import type { TrustedSite } from '../../messaging/protocol';
import { send } from '../../messaging/client';
import { formatDate, t } from '../i18n';
import { displayHost } from '../site-name';
import { DataSources } from './data-sources';
import { ListsView } from './lists-view';
import { ModelView } from './model-view';
import { OnlineCheckView } from './online-check-view';
import { ReportList } from '../report/report-list';

export function OptionsView() {
  const [sites, setSites] = useState<TrustedSite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = () =>
    send('listTrusted', {}).then(setSites, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  useEffect(() => void refresh(), []);
  const remove = async (host: string) => {
    await send('untrustSite', { host });
    await refresh();
  };
  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      {error && <p role="alert">{t('warnError', error)}</p>}
      <section aria-labelledby="trusted-heading">
        <h2 id="trusted-heading">{t('optionsTrustedHeading')}</h2>
        {sites && sites.length === 0 && <p data-testid="trusted-empty">{t('optionsTrustedEmpty')}</p>}
        <ul data-testid="trusted-list">
          {sites?.map((s) => (
            <li key={s.host} data-host={s.host}>
              <strong>{displayHost(s.host)}</strong> <span class="note">{t('optionsTrustedSince', formatDate(s.addedAt))}</span>{' '}
              <button type="button" onClick={() => void remove(s.host)}>
                {t('optionsRemove')}
              </button>
            </li>
          ))}
        </ul>
      </section>
      <ListsView />
      <ModelView />
      <OnlineCheckView />
      <ReportList />
      <DataSources />
      <PrivacySection />
    </main>
  );
}

/** What leaves the device, in three sentences; the full policy (docs/privacy.md) where the release build hosts it. */
function PrivacySection() {
  const url = import.meta.env.WXT_PRIVACY_URL as unknown;
  return (
    <section aria-labelledby="privacy-heading" data-testid="privacy">
      <h2 id="privacy-heading">{t('optPrivacyHeading')}</h2>
      <p>{t('optPrivacyLocal')}</p>
      <p>{t('optPrivacyLists')}</p>
      <p>{t('optPrivacyReports')}</p>
      {typeof url === 'string' && /^https:\/\//.test(url) && (
        <p>
          <a href={url} target="_blank" rel="noopener noreferrer" data-testid="privacy-link">
            {t('optPrivacyPolicy')}
          </a>
        </p>
      )}
    </section>
  );
}
