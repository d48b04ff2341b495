/**
 * Service-worker check of top-frame navigations, the fallback for list matches the declarativeNetRequest rules do
 * not cover (IP literals, host+path entries, entries past the rule caps, entries of a list without key strings that
 * the bundled keys do not name, rules that failed to install), and for confident look-alikes. Covered entries are redirected by DNR before any request leaves; this check can
 * only stop the page (its first request may already be on the way).
 */
import { browser } from 'wxt/browser';
import { hostOf, verdictFor, type HandlerDeps } from './handlers';

export function warningUrlFor(warningPage: string, url: string): string {
  return `${warningPage}?url=${url}`;
}

export interface GuardOptions {
  readonly deps: HandlerDeps;
  readonly warningPage: string;
  /** True when an installed redirect rule already stops this entry before its request leaves. */
  readonly coveredByRules: (key: string) => boolean;
  /** Whether the redirect rules are installed right now (read synchronously when the navigation starts). */
  readonly rulesReady: () => boolean;
  /**
   * Before this worker has settled its rules: whether rules confirmed in the browser before `startedAt` (epoch ms)
   * cover `key` (dnr/rules-in-place.ts). Then the rule has already sent the tab to the warning page, and sending it
   * again would load that page twice.
   */
  readonly coveredBefore?: (key: string, startedAt: number) => Promise<boolean>;
}

export function createNavigationGuard(opts: GuardOptions) {
  const { deps, warningPage } = opts;
  return {
    async onBeforeNavigate(details: { tabId: number; frameId: number; url: string; timeStamp?: number }): Promise<void> {
      if (details.frameId !== 0 || details.tabId < 0) return;
      const startedAt = details.timeStamp ?? Date.now();
      const host = hostOf(details.url);
      if (!host) return;
      // Rules protect this navigation only if they were in place when it started (not installed meanwhile).
      const coveredAtStart = opts.coveredByRules;
      const rulesWereReady = opts.rulesReady();
      await (deps.readyFor ? deps.readyFor(details.url) : deps.ready);
      if (deps.allowlist.allowedState(details.tabId, host)) return;
      const hit = deps.lists.lookup(details.url);
      if (hit) {
        if (rulesWereReady && coveredAtStart(hit.expression)) return;
        if (!rulesWereReady && (await opts.coveredBefore?.(hit.expression, startedAt).catch(() => false))) return;
      } else {
        // Not listed: a confident look-alike (level warn, e.g. "Did you mean taobao.com?") also gets the
        // interstitial. This cannot stop the first request (only rules can), but it stops the page.
        if (deps.assessUrl?.(details.url).level !== 'warn') return;
      }
      // The tab's story: what stopped it (the popup on the interstitial and the badge tell the same).
      const tv = await deps.tabVerdicts?.record(details.tabId, details.url, verdictFor(deps, details.url));
      if (tv) await deps.onTabVerdict?.(details.tabId, tv);
      await browser.tabs.update(details.tabId, { url: warningUrlFor(warningPage, details.url) });
    },
  };
}
