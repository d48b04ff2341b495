import { useEffect, useState } from 'preact/hooks';
import { send } from '../../messaging/client';
import type { ReportView } from '../../messaging/protocol';
import { formatDate, t, type MessageKey } from '../i18n';

const STATUS_KEYS: Record<ReportView['status'], MessageKey> = {
  queued: 'rpStatus_queued',
  sent: 'rpStatus_sent',
  accepted: 'rpStatus_accepted',
  rejected: 'rpStatus_rejected',
};

/** The user's reports and their statuses (queued / sent / accepted / rejected with the maintainers' reason). */
export function ReportList() {
  const [reports, setReports] = useState<ReportView[]>([]);
  useEffect(() => void send('listReports', {}).then(setReports, () => undefined), []);
  if (reports.length === 0) return null;
  return (
    <section aria-labelledby="my-reports" class="my-reports">
      <h2 id="my-reports">{t('rpMyReports')}</h2>
      <ul data-testid="report-list">
        {reports.slice(0, 10).map((r) => (
          <li key={r.localId} data-status={r.status}>
            <span class="note">{formatDate(r.createdAt)}</span> {r.kind === 'scam' ? t('rpKind_scam') : t('rpKind_fp')}:{' '}
            <code>{r.url}</code> — <strong>{t(STATUS_KEYS[r.status])}</strong>
            {r.serverReason && <span class="note"> ({r.serverReason})</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
