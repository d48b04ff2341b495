/** Wires the interstitial to the service worker: reads the blocked URL, asks for its verdict, performs actions. */
import type { VNode } from 'preact';
import { browser } from 'wxt/browser';
import type { Verdict } from '../../core/types';
import { send } from '../../messaging/client';
import { t, uiLanguage } from '../i18n';
import { targetFromWarningUrl } from '../site-name';
import { WarningPage, type WarningActions } from './warning-page';

type Render = (vnode: VNode, el: Element) => void;

/**
 * The address as shown: origin + path only, at most 200 characters (issue 15, class 6: whatever a page puts in the
 * query or fragment of `?url=` — "known scam, call 123…" — is never shown as if it were ours).
 */
function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    const s = `${u.origin}${u.pathname}`;
    return s.length > 200 ? `${s.slice(0, 199)}…` : s;
  } catch {
    return '';
  }
}

function hostFromUrl(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** sessionStorage key: when this tab last went on to a trusted target from here (loop guard). */
const AUTO_CONTINUE_KEY = 'scamsentinel:auto-continued';
const AUTO_CONTINUE_GUARD_MS = 10_000;

/**
 * A permanently trusted site can land here in the moment after a browser start: the allow rule is a session rule
 * (dnr.ts), re-added when the service worker starts. The user has decided: go on to it (through a tab allow).
 * Once per target per 10 s in this tab, so nothing can make a redirect loop.
 */
function continueIfTrusted(target: string, loc: Location): void {
  send('getStatus', { url: target }).then(
    (status) => {
      if (status.allowed !== 'always') return;
      let last: { target?: unknown; at?: unknown } = {};
      try {
        last = JSON.parse(sessionStorage.getItem(AUTO_CONTINUE_KEY) ?? '{}') as typeof last;
      } catch {
        last = {};
      }
      if (last.target === target && typeof last.at === 'number' && Date.now() - last.at < AUTO_CONTINUE_GUARD_MS) return;
      sessionStorage.setItem(AUTO_CONTINUE_KEY, JSON.stringify({ target, at: Date.now() }));
      // A tab allow (a session rule the worker adds now) lets the navigation through even if the allow rule is
      // still missing.
      return send('allowForTab', { url: target }).then(() => loc.replace(target));
    },
    () => undefined,
  );
}

export function mountWarningPage(doc: Document, loc: Location, hist: History, render: Render): void {
  const app = doc.getElementById('app');
  if (!app) return;
  doc.documentElement.lang = uiLanguage();
  doc.title = t('extName');
  const target = targetFromWarningUrl(loc.href);
  const topLevel = doc.defaultView !== null && doc.defaultView === doc.defaultView.top;
  const host = target ? hostFromUrl(target) : '';

  const actions: WarningActions = {
    goBack() {
      // A redirected navigation left the previous page in history; a new tab has nothing to go back to.
      if (hist.length > 1) hist.back();
      else void send('closeTab', {});
    },
    async continueAnyway() {
      if (!target) return;
      await send('allowForTab', { url: target });
      loc.replace(target);
    },
    async trustSite() {
      if (!target) return;
      await send('trustSite', { url: target });
      loc.replace(target);
    },
    goTo(url) {
      loc.replace(url);
    },
    disputeUrl: `${browser.runtime.getURL('/report.html')}?kind=false-positive&url=${encodeURIComponent(target ?? '')}`,
  };

  const paint = (verdict: Verdict | null, error: string | null) =>
    render(
      <WarningPage
        target={target ? shownUrl(target) : ''}
        host={host}
        verdict={verdict}
        error={error}
        actions={actions}
        takeFocus={topLevel}
        framed={!topLevel}
      />,
      app,
    );

  if (!target) {
    paint(null, t('warnNoUrl'));
    return;
  }
  paint(null, null);
  if (topLevel) continueIfTrusted(target, loc);
  send('getVerdict', { url: target }).then(
    (v) => paint(v, null),
    (err: unknown) => paint(null, err instanceof Error ? err.message : String(err)),
  );
}
