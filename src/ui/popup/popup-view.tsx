/** Popup: the current site's status (listed / allowed / not listed) with its evidence, and the list's age. */
import type { SiteStatus } from '../../messaging/protocol';
import { useState } from 'preact/hooks';
import { Evidence } from '../evidence';
import { ReportForm } from '../report/report-form';
import { ReportList } from '../report/report-list';
import { t } from '../i18n';
import { listAgeText } from '../list-age';
import { displayHost } from '../site-name';
import { listName } from '../list-name';
import { formatNumber } from '../sync-words';

export interface PopupViewProps {
  readonly status: SiteStatus | null;
  readonly url: string;
  /** The tab described (absent when there is none). */
  readonly tabId?: number;
  readonly error: string | null;
  readonly now: number;
  readonly openSettings: () => void;
  readonly captureScreenshot: () => Promise<string>;
}

function headline(status: SiteStatus): string {
  switch (status.verdict.level) {
    case 'block':
      return t('popupListed');
    case 'warn':
      return t('popupWarn');
    case 'caution':
      return t('popupCaution');
    default:
      return t('popupNotListed');
  }
}

export function PopupView({ status, url, tabId, error, now, openSettings, captureScreenshot }: PopupViewProps) {
  const [reporting, setReporting] = useState<'scam' | 'false-positive' | null>(null);
  if (reporting && status?.host) {
    return (
      <main class="popup">
        <ReportForm
          kind={reporting}
          url={url}
          host={status.host}
          verdict={status.verdict}
          {...(tabId !== undefined ? { tabId } : {})}
          captureScreenshot={captureScreenshot}
          onBack={() => setReporting(null)}
        />
      </main>
    );
  }
  return (
    <main class="popup">
      <h1>{t('popupTitle')}</h1>
      {error && <p role="alert">{t('warnError', error)}</p>}
      {status && !status.host && <p data-testid="status">{t('popupNotWeb')}</p>}
      {status && status.host && (
        <section class={`status level-${status.verdict.level}`} aria-live="polite">
          <p class="host" data-testid="host">
            {displayHost(status.host)}
          </p>
          <p class="headline" data-testid="status" data-level={status.verdict.level}>
            {headline(status)}
          </p>
          {status.tampered && (
            <p class="tampered" data-testid="tampered" role="alert">
              {t('badgeTampered')}
            </p>
          )}
          {status.allowed === 'tab' && <p data-testid="allowed">{t('popupAllowedTab')}</p>}
          {status.allowed === 'always' && <p data-testid="allowed">{t('popupAllowedAlways')}</p>}
          {status.verdict.level !== 'none' && <Evidence verdict={status.verdict} />}
        </section>
      )}
      {status && status.host && (
        <div class="row actions">
          <button type="button" class="primary" data-testid="report-open" onClick={() => setReporting('scam')}>
            {t('rpReportButton')}
          </button>
          {status.allowed !== 'always' && (
            <button type="button" data-testid="safe-open" onClick={() => setReporting('false-positive')}>
              {t('rpSafeButton')}
            </button>
          )}
        </div>
      )}
      <ReportList />
      <footer>
        {status && (status.lists ?? (status.list ? [status.list] : [])).length > 0 ? (
          <>
            <p class="footer-heading">{t('popupListsHeading')}</p>
            <ul class="in-force" data-testid="list-info">
              {(status.lists ?? (status.list ? [status.list] : [])).map((l) => (
                <li key={l.listId} data-list={l.listId}>
                  {t(l.source === 'bundled' ? 'popupListLineBuiltIn' : 'popupListLine', [listName(l.listId), formatNumber(l.version), formatNumber(l.entries)])}
                </li>
              ))}
            </ul>
            {status.list && <p data-testid="list-age">{listAgeText(status.list, now)}</p>}
          </>
        ) : (
          status && <p>{t('popupNoList')}</p>
        )}
        <button type="button" class="link-button" onClick={openSettings}>
          {t('popupSettings')}
        </button>
      </footer>
    </main>
  );
}
