/**
 * The report form (popup and the dispute page): type, comment, "I already paid", optional evidence, then a preview
 * of exactly the JSON that will be sent, then send. Sending queues the report locally first; delivery is retried.
 */
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { CATEGORIES, type Category, type Verdict } from '../../core/types';
import { send } from '../../messaging/client';
import type { ReportView } from '../../messaging/protocol';
import { categoryLabel, t, uiLanguage } from '../i18n';
import { signalLines } from '../signal-text';
import { displayHost } from '../site-name';
import { OfficialChannels } from './official-channels';

/** The taxonomy users pick from (malware is for list sources, not people). */
export const REPORTABLE: readonly Category[] = CATEGORIES.filter((c) => c !== 'malware');

export interface ReportFormProps {
  readonly kind: 'scam' | 'false-positive';
  readonly url: string;
  readonly host: string;
  readonly verdict: Verdict | null;
  /** The tab the report is about (popup): the worker attaches that tab's warning signs. */
  readonly tabId?: number;
  /** Screenshot of the visible tab (popup only); absent where no tab is being described. */
  readonly captureScreenshot?: () => Promise<string>;
  readonly onBack: () => void;
}

type Step = { name: 'edit' } | { name: 'preview'; key: string; body: string; endpoint: string | null } | { name: 'done'; report: ReportView };

// One Preact component: its edit → preview → done steps share the form's hook state
// (`useState` fields and the screenshot), so the steps are branches of one render rather than separate components.
export function ReportForm({ kind, url, host, verdict, tabId, captureScreenshot, onBack }: ReportFormProps) {
  const [category, setCategory] = useState<Category>(
    verdict?.category && REPORTABLE.includes(verdict.category) ? verdict.category : 'other',
  );
  const [comment, setComment] = useState('');
  const [paid, setPaid] = useState(false);
  const [includeReasons, setIncludeReasons] = useState(false);
  const [includeScreenshot, setIncludeScreenshot] = useState(false);
  const [includeFullUrl, setIncludeFullUrl] = useState(false);
  const [screenshot, setScreenshot] = useState<string | undefined>(undefined);
  const [step, setStep] = useState<Step>({ name: 'edit' });
  const [error, setError] = useState<string | null>(null);
  const hasReasons = (verdict?.reasons.length ?? 0) > 0;

  const draft = (shot: string | undefined) => ({
    kind,
    url,
    category,
    ...(comment.trim() ? { comment } : {}),
    ...(kind === 'scam' ? { paid } : {}),
    includeFullUrl,
    includeReasons: includeReasons && hasReasons,
    ...(tabId !== undefined ? { tabId } : {}),
    ...(shot ? { screenshot: shot } : {}),
  });

  const preview = async () => {
    setError(null);
    try {
      const shot = includeScreenshot && captureScreenshot ? await captureScreenshot() : undefined;
      setScreenshot(shot);
      const r = await send('previewReport', draft(shot));
      setStep({ name: 'preview', key: r.idempotencyKey, body: r.body, endpoint: r.endpoint });
    } catch (e: unknown) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const submit = async (key: string) => {
    setError(null);
    try {
      const report = await send('submitReport', { ...draft(screenshot), idempotencyKey: key });
      setStep({ name: 'done', report });
    } catch (e: unknown) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const title = kind === 'scam' ? t('rpTitleScam') : t('rpTitleSafe');
  return (
    <section class="report" aria-labelledby="report-title">
      <h2 id="report-title">{title}</h2>
      <p>
        {t('rpSite')}: <strong data-testid="report-host">{displayHost(host)}</strong>
      </p>
      {error && (
        <p role="alert" class="failure">
          {t('warnError', error)}
        </p>
      )}
      {step.name === 'edit' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void preview();
          }}
        >
          {kind === 'false-positive' && <p class="note">{t('rpSafeExplain')}</p>}
          {kind === 'scam' && (
            <label class="field">
              {t('rpCategory')}
              <select data-testid="report-category" value={category} onChange={(e) => setCategory(e.currentTarget.value as Category)}>
                {REPORTABLE.map((c) => (
                  <option key={c} value={c}>
                    {categoryLabel(c)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="field">
            {t('rpComment')}
            <textarea data-testid="report-comment" rows={3} maxLength={2000} value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
          {kind === 'scam' && (
            <label class="check">
              <input type="checkbox" data-testid="report-paid" checked={paid} onChange={(e) => setPaid(e.currentTarget.checked)} />
              {t('rpPaid')}
            </label>
          )}
          {hasReasons && (
            <label class="check">
              <input type="checkbox" data-testid="report-reasons" checked={includeReasons} onChange={(e) => setIncludeReasons(e.currentTarget.checked)} />
              {t('rpIncludeReasons')}
            </label>
          )}
          {captureScreenshot && (
            <label class="check">
              <input type="checkbox" data-testid="report-screenshot" checked={includeScreenshot} onChange={(e) => setIncludeScreenshot(e.currentTarget.checked)} />
              {t('rpIncludeScreenshot')}
            </label>
          )}
          <label class="check">
            <input type="checkbox" data-testid="report-full-url" checked={includeFullUrl} onChange={(e) => setIncludeFullUrl(e.currentTarget.checked)} />
            {t('rpIncludeFullUrl')}
          </label>
          <div class="row">
            <button type="button" onClick={onBack}>
              {t('rpBack')}
            </button>
            <button type="submit" class="primary" data-testid="report-preview">
              {t('rpPreviewButton')}
            </button>
          </div>
        </form>
      )}
      {step.name === 'preview' && (
        <div>
          <h3>{t('rpPreviewHeading')}</h3>
          <p class="note">{t('rpPreviewNote')}</p>
          <p class="note" data-testid="report-endpoint">
            {step.endpoint !== null ? t('rpSentTo', step.endpoint) : t('rpNoEndpoint')}
          </p>
          {includeReasons && hasReasons && verdict && (
            <>
              <p class="note">{t('rpReasonsAttached')}</p>
              <ul data-testid="report-preview-reasons">
                {signalLines(verdict.reasons).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          )}
          <pre data-testid="report-preview-body" class="preview">
            {prettyPreview(step.body)}
          </pre>
          {screenshot && (
            <>
              <p class="note">{t('rpScreenshotNote', String(Math.round((screenshot.length * 3) / 4 / 1024)))}</p>
              <img src={screenshot} alt="" class="shot" />
            </>
          )}
          <div class="row">
            <button type="button" onClick={() => setStep({ name: 'edit' })}>
              {t('rpEdit')}
            </button>
            <button type="button" class="primary" data-testid="report-send" onClick={() => void submit(step.key)}>
              {kind === 'scam' ? t('rpSend') : t('rpSendSafe')}
            </button>
          </div>
        </div>
      )}
      {step.name === 'done' && (
        <div data-testid="report-done">
          <p role="status">{t('rpThanks')}</p>
          {kind === 'scam' && (
            <>
              <OfficialChannels language={uiLanguage()} reportText={officialText(step.report, comment)} />
              {paid && (
                <p>
                  <a href={browser.runtime.getURL('/help.html')} target="_blank" rel="noopener" data-testid="paid-help">
                    {t('rpPaidHelpLink')}
                  </a>
                </p>
              )}
            </>
          )}
          <button type="button" onClick={onBack}>
            {t('rpBack')}
          </button>
        </div>
      )}
    </section>
  );
}

/** The preview shows the JSON exactly, except a screenshot's base64 is elided (the image is shown instead). */
export function prettyPreview(body: string): string {
  const data = JSON.parse(body) as { evidence?: { screenshot?: string } };
  if (data.evidence?.screenshot) data.evidence.screenshot = `${data.evidence.screenshot.slice(0, 40)}… (${data.evidence.screenshot.length} characters)`;
  return JSON.stringify(data, null, 2);
}

function officialText(report: ReportView, comment: string): string {
  return [`${categoryLabel(report.category)}: ${report.url}`, comment.trim()].filter(Boolean).join('\n');
}
