/**
 * Service-worker fallback for top-frame navigations that the declarativeNetRequest rules do not carry
 * (IP literals, host+path entries beyond the rule caps, or when the rules failed to install). Whole-domain
 * entries are redirected by DNR before any request leaves; this check only redirects the rest.
 */
import { browser } from 'wxt/browser';
import { splitKey } from './dnr-rules';
import { hostOf, type HandlerDeps } from './handlers';

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function isCoveredByDomainRule(expression: string): boolean {
  const parts = splitKey(expression);
  return parts !== null && parts.path === '/' && !IPV4.test(parts.host);
}

export function warningUrlFor(warningPage: string, url: string): string {
  return `${warningPage}?url=${url}`;
}

export interface GuardOptions {
  readonly deps: HandlerDeps;
  readonly warningPage: string;
  readonly rulesInstalled: () => boolean;
}

export function createNavigationGuard(opts: GuardOptions) {
  const { deps, warningPage } = opts;
  return {
    async onBeforeNavigate(details: { tabId: number; frameId: number; url: string }): Promise<void> {
      if (details.frameId !== 0 || details.tabId < 0) return;
      const host = hostOf(details.url);
      if (!host) return;
      await deps.ready;
      if (deps.allowlist.allowedState(details.tabId, host)) return;
      const hit = deps.lists.lookup(details.url);
      if (hit) {
        if (opts.rulesInstalled() && isCoveredByDomainRule(hit.expression)) return;
      } else {
        // Not listed: a confident look-alike (level warn, e.g. "Did you mean taobao.com?") also gets the
        // interstitial. This cannot stop the first request (only rules can), but it stops the page.
        if (deps.assessUrl?.(details.url).level !== 'warn') return;
      }
      await browser.tabs.update(details.tabId, { url: warningUrlFor(warningPage, details.url) });
    },
  };
}
