/** Wires the interstitial to the service worker: reads the blocked URL, asks for its verdict, performs actions. */
import type { VNode } from 'preact';
import { browser } from 'wxt/browser';
import type { Verdict } from '../../core/types';
import { send } from '../../messaging/client';
import { t, uiLanguage } from '../i18n';
import { targetFromWarningUrl } from '../site-name';
import { WarningPage, type WarningActions } from './warning-page';

type Render = (vnode: VNode, el: Element) => void;

function hostFromUrl(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
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
      <WarningPage target={target ?? ''} host={host} verdict={verdict} error={error} actions={actions} takeFocus={topLevel} />,
      app,
    );

  if (!target) {
    paint(null, t('warnNoUrl'));
    return;
  }
  paint(null, null);
  send('getVerdict', { url: target }).then(
    (v) => paint(v, null),
    (err: unknown) => paint(null, err instanceof Error ? err.message : String(err)),
  );
}
