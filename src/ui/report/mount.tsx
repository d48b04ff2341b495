/** The standalone report page (`report.html?kind=false-positive&url=…`), opened from the interstitial's dispute link. */
import { render } from 'preact';
import { send } from '../../messaging/client';
import { uiLanguage } from '../i18n';
import { ReportList } from './report-list';
import { ReportForm } from './report-form';

export async function mountReportPage(doc: Document, search: string): Promise<void> {
  const app = doc.getElementById('app');
  if (!app) return;
  doc.documentElement.lang = uiLanguage();
  const params = new URLSearchParams(search);
  const url = params.get('url') ?? '';
  const kind = params.get('kind') === 'scam' ? 'scam' : 'false-positive';
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    // shown as empty; the service worker refuses a bad URL with a typed error
  }
  const verdict = host ? await send('getVerdict', { url }).catch(() => null) : null;
  render(
    <main class="options">
      <ReportForm kind={kind} url={url} host={host} verdict={verdict} onBack={() => history.back()} />
      <ReportList />
    </main>,
    app,
  );
}
