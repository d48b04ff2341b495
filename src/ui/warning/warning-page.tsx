/**
 * The interstitial shown instead of a blocked page. Safe choice first and focused; "continue anyway" sits behind
 * a deliberate "I understand the risk" step and stays disabled for CONTINUE_DELAY_MS after the page appears.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Verdict } from '../../core/types';
import { Evidence } from '../evidence';
import { t } from '../i18n';
import { displayHost } from '../site-name';

export const CONTINUE_DELAY_MS = 1000;

export interface WarningActions {
  goBack(): void;
  continueAnyway(): Promise<void>;
  trustSite(): Promise<void>;
  goTo(url: string): void;
  /** The report page, prefilled for a false-positive report about this site. */
  readonly disputeUrl: string;
}

export interface WarningPageProps {
  readonly target: string;
  readonly host: string;
  readonly verdict: Verdict | null;
  readonly error: string | null;
  readonly actions: WarningActions;
  /** False inside a frame (a listed ad iframe): taking focus there would scroll the page around it. */
  readonly takeFocus: boolean;
  /**
   * Inside a frame (a listed ad iframe redirected here, or a page framing warning.html to trick a click): no
   * "continue" / "always trust" / "go back" controls at all — the worker refuses those messages from frames anyway,
   * and a framing page could cover everything but the button.
   */
  readonly framed?: boolean;
}

// One Preact component: its states (not risky, framed, error, checking, warning) are early returns of one render after
// the same hooks (which cannot be called conditionally); most of its length is the markup of those states.
export function WarningPage({ target, host, verdict, error, actions, takeFocus, framed = false }: WarningPageProps) {
  const [armed, setArmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const backRef = useRef<HTMLButtonElement>(null);

  // Nothing is shown as a warning until the worker has answered for this address (issue 15, class 6): a page that
  // opens warning.html for a legitimate site must not get even a moment of "known scam" under our name.
  const answered = verdict !== null || error !== null;
  useEffect(() => {
    if (!answered) return undefined;
    // preventScroll: the warning's title stays in view (the button sits below the evidence on a small window)
    if (takeFocus) backRef.current?.focus({ preventScroll: true });
    const timer = setTimeout(() => setArmed(true), CONTINUE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [answered]);

  const run = (fn: () => Promise<void>) => async () => {
    setBusy(true);
    try {
      await fn();
    } catch (err: unknown) {
      setFailure(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  const level = verdict?.level ?? 'block';
  if (verdict?.level === 'none') {
    // The worker has no warning for this address: a page opened warning.html itself (issue 15, class 6). No
    // warning text, no controls that could allow anything.
    return (
      <main class="warning level-none" aria-labelledby="warning-title">
        <h1 id="warning-title">{t('extName')}</h1>
        <p class="lead" data-testid="not-risky">
          {t('warnNotRisky')}
        </p>
      </main>
    );
  }
  if (framed) {
    // A frame gets no verdict (the worker answers only our top-level pages) and shows none: a page that frames
    // warning.html for a legitimate site must not display "known scam" under our name (issue 15, classes 3 and 6).
    // A listed ad iframe redirected here is blocked all the same; it just says so without naming a verdict.
    return (
      <main class="warning level-framed" aria-labelledby="warning-title">
        <h1 id="warning-title">{t('extName')}</h1>
        <p class="note" data-testid="framed">
          {t('warnFramed')}
        </p>
      </main>
    );
  }
  if (verdict === null && error !== null) {
    // The worker could not be asked: say so, claim nothing about the site, offer only the way back.
    return (
      <main class="warning level-error" aria-labelledby="warning-title">
        <h1 id="warning-title">{t('extName')}</h1>
        <p class="lead" data-testid="verdict-error">
          {t('warnError', error)}
        </p>
        <div class="actions">
          <button ref={backRef} type="button" class="primary" data-testid="go-back" onClick={actions.goBack}>
            {t('warnGoBack')}
          </button>
        </div>
      </main>
    );
  }
  if (!answered) {
    return (
      <main class="warning level-checking" aria-labelledby="warning-title" aria-busy="true">
        <h1 id="warning-title">{t('extName')}</h1>
        <p class="lead" data-testid="checking">
          …
        </p>
      </main>
    );
  }
  return (
    <main class={`warning level-${level}`} aria-labelledby="warning-title">
      <div class="banner" role="alert">
        <span class="shield" aria-hidden="true">
          ⚠
        </span>
        <h1 id="warning-title">{level === 'block' ? t('warnTitleBlock') : t('warnTitleWarn')}</h1>
      </div>
      {/* A listed site is redirected before any request leaves (declarativeNetRequest); anything else (look-alikes)
          is caught by the worker's navigation check, after the request has started: say which. */}
      <p class="lead" data-testid="lead">
        {verdict === null || verdict.list ? t('warnLead') : t('warnLeadChecked')}
      </p>
      <dl class="site">
        <dt>{t('warnSiteLabel')}</dt>
        <dd data-testid="site" class="host">
          {displayHost(host)}
        </dd>
        <dt>{t('warnAddressLabel')}</dt>
        <dd data-testid="target" class="url">
          {target}
        </dd>
      </dl>

      {verdict?.didYouMean && (
        <p class="did-you-mean">
          {t('warnDidYouMean', verdict.didYouMean)}{' '}
          <button type="button" class="link-button" onClick={() => actions.goTo(`https://${verdict.didYouMean}/`)}>
            {t('warnGoToReal', verdict.didYouMean)}
          </button>
        </p>
      )}

      <section aria-labelledby="why-heading">
        <h2 id="why-heading">{t('warnWhyHeading')}</h2>
        {verdict ? <Evidence verdict={verdict} /> : <p>{error ? t('warnError', error) : '…'}</p>}
      </section>

      <section aria-labelledby="todo-heading">
        <h2 id="todo-heading">{t('warnWhatToDoHeading')}</h2>
        <ul class="advice">
          <li>{t('warnAdviceLeave')}</li>
          <li>{t('warnAdviceCodes')}</li>
          <li>{t('warnAdviceHotline')}</li>
        </ul>
      </section>

      {framed ? (
        <p class="note" data-testid="framed">
          {t('warnFramed')}
        </p>
      ) : (
        <WarningControls actions={actions} armed={armed} busy={busy} run={run} backRef={backRef} />
      )}
      {failure && (
        <p role="status" class="failure">
          {t('warnError', failure)}
        </p>
      )}
    </main>
  );
}

interface ControlsProps {
  readonly actions: WarningActions;
  readonly armed: boolean;
  readonly busy: boolean;
  readonly run: (fn: () => Promise<void>) => () => Promise<void>;
  readonly backRef: RefObject<HTMLButtonElement | null>;
}

function WarningControls({ actions, armed, busy, run, backRef }: ControlsProps) {
  return (
    <>
      <div class="actions">
        <button ref={backRef} type="button" class="primary" data-testid="go-back" onClick={actions.goBack}>
          {t('warnGoBack')}
        </button>
      </div>

      <details class="risk" data-testid="risk-details">
        <summary>{t('warnDetailsToggle')}</summary>
        <p>
          <button
            type="button"
            class="secondary"
            data-testid="continue"
            disabled={!armed || busy}
            aria-disabled={!armed || busy}
            onClick={run(actions.continueAnyway)}
          >
            {armed ? t('warnContinue') : t('warnContinueWait')}
          </button>{' '}
          <span class="note">{t('warnContinueNote')}</span>
        </p>
        <p>
          <button type="button" class="secondary" data-testid="trust" disabled={!armed || busy} onClick={run(actions.trustSite)}>
            {t('warnTrust')}
          </button>{' '}
          <span class="note">{t('warnTrustNote')}</span>
        </p>
      </details>
      <p class="dispute">
        <a href={actions.disputeUrl} data-testid="dispute">
          {t('rpDispute')}
        </a>
      </p>
    </>
  );
}
