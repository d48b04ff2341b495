/**
 * The payment guard: capture-phase listeners on `window`, registered at document_start — before any page script
 * can register its own — for click / auxclick / submit / keydown(Enter). Only trusted (user-made) events are acted
 * on; the page's forged events pass untouched and can never press our buttons.
 *
 *  verdict none      → nothing (one map lookup for listed links, nothing else)
 *  caution           → payment step goes through; a quiet banner appears
 *  warn / block      → payment step stopped (preventDefault + stopImmediatePropagation) → overlay;
 *                      "continue" replays it (requestSubmit / click / Enter) with `replaying` set so the replay is
 *                      not stopped again
 *  not known yet     → a payment step is held until the check ends (≤ HOLD_MAX_MS), then one of the above
 * A click on a link to a listed (block) site asks first, on every page.
 */
import type { Verdict } from '../core/types';
import { isOwnUi } from './dom';
import { showBanner } from './banner';
import { linkTarget } from './collect';
import { confirmLink } from './link-confirm';
import { leaveSite } from './leave';
import { isOverlayOpen, showOverlay, type OverlayMode } from './overlay';
import { isPaymentEnter, isPaymentSubmit, paymentClickTarget } from './payment-action';
import { currentUrl, type PageState } from './state';

export const HOLD_MAX_MS = 3000;

export type BlockedAction =
  | { readonly kind: 'click'; readonly el: Element; readonly newTab: boolean }
  | { readonly kind: 'submit'; readonly form: HTMLFormElement; readonly submitter: HTMLElement | null }
  | { readonly kind: 'enter'; readonly el: HTMLElement }
  | { readonly kind: 'none' };

export interface GuardDeps {
  readonly state: PageState;
  readonly linkVerdict: (href: string) => Verdict | undefined;
  /** Asks for a page check now (a payment step came while the route's verdict is unknown). */
  readonly requestCheck: () => void;
}

export interface Guard {
  /** (Re)registers the listeners (document.open() erases them). */
  install(signal: AbortSignal): void;
  /** Off-page payment instructions on a warn/block page: the overlay, without an action to replay. */
  warnNow(verdict: Verdict, mode: OverlayMode): void;
}

const isRisky = (v: Verdict): boolean => v.level === 'warn' || v.level === 'block';

export function createGuard(deps: GuardDeps): Guard {
  let replaying = false;
  let holding = false;

  function stop(e: Event): void {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  function replay(a: BlockedAction): void {
    replaying = true;
    try {
      if (a.kind === 'click') {
        const href = a.newTab ? linkTarget(a.el) : null;
        if (href) window.open(href, '_blank', 'noopener');
        else if (a.el instanceof HTMLElement) a.el.click();
        else a.el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
      } else if (a.kind === 'submit') {
        if (!a.form.isConnected) return;
        try {
          a.form.requestSubmit(a.submitter);
        } catch {
          a.form.requestSubmit();
        }
      } else if (a.kind === 'enter') {
        const form = (a.el as HTMLInputElement).form;
        if (form) form.requestSubmit();
        else a.el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', bubbles: true, cancelable: true }));
      }
    } finally {
      replaying = false;
    }
  }

  function warn(verdict: Verdict, mode: OverlayMode, action: BlockedAction): void {
    showOverlay({
      verdict,
      mode,
      onContinue: () => replay(action),
      onCancel: () => undefined,
      onLeave: leaveSite,
    });
  }

  /** The page's verdict decides; `action` has already been stopped when `stopped`. */
  function decide(e: Event, action: BlockedAction): void {
    if (holding) {
      // One payment step is already held: further ones (double clicks) are dropped meanwhile.
      stop(e);
      return;
    }
    const url = currentUrl();
    const st = deps.state.status(url);
    if (st.known) {
      if (isRisky(st.verdict)) {
        stop(e);
        warn(st.verdict, 'action', action);
      } else if (st.verdict.level === 'caution') showBanner(st.verdict, url);
      return;
    }
    // Verdict not known yet (page loading, SPA route just changed): hold the step until it is.
    stop(e);
    holding = true;
    deps.requestCheck();
    void deps.state.whenKnown(url, HOLD_MAX_MS).then(() => {
      holding = false;
      const after = deps.state.status(currentUrl());
      if (after.known && isRisky(after.verdict)) warn(after.verdict, 'action', action);
      else {
        if (after.known && after.verdict.level === 'caution') showBanner(after.verdict, url);
        replay(action);
      }
    });
  }

  /** Cheap pre-check: on a page known to be clean there is nothing to look at. */
  function mayBePayment(): { category: Verdict['category'] } | null {
    const st = deps.state.status(currentUrl());
    if (st.known && st.verdict.level === 'none') return null;
    return { category: st.known ? st.verdict.category : undefined };
  }

  function ignore(e: Event): boolean {
    if (replaying || !e.isTrusted) return true;
    const t = e.composedPath()[0];
    if (t instanceof Node && isOwnUi(t)) return true;
    if (isOverlayOpen()) {
      // Our modal makes the page inert. If the page has managed to keep it off screen, whatever still reaches the
      // page while the warning is pending is stopped: no payment step gets through a suppressed warning.
      stop(e);
      return true;
    }
    return false;
  }

  function onClick(e: MouseEvent): void {
    if (ignore(e)) return;
    if (e.type === 'auxclick' && e.button !== 1) return;
    const target = e.composedPath()[0];
    const newTab = e.type === 'auxclick' || e.ctrlKey || e.metaKey || e.shiftKey;
    // Links to listed sites ask first, on any page.
    if (target instanceof Element) {
      const link = target.closest('a[href],area[href]');
      const href = link ? linkTarget(link) : null;
      const lv = href ? deps.linkVerdict(href) : undefined;
      if (link && lv?.level === 'block') {
        stop(e);
        confirmLink(href ?? '', lv, () => replay({ kind: 'click', el: link, newTab }));
        return;
      }
    }
    if (e.type === 'auxclick') return;
    const ctx = mayBePayment();
    if (!ctx) return;
    const el = paymentClickTarget(target, ctx.category);
    if (el) decide(e, { kind: 'click', el, newTab: false });
  }

  function onSubmit(e: SubmitEvent): void {
    if (ignore(e)) return;
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const ctx = mayBePayment();
    if (!ctx) return;
    const submitter = e.submitter instanceof HTMLElement ? e.submitter : null;
    if (isPaymentSubmit(form, submitter, ctx.category)) decide(e, { kind: 'submit', form, submitter });
  }

  function onKeyDown(e: KeyboardEvent): void {
    if (e.key !== 'Enter' || e.isComposing || ignore(e)) return;
    const ctx = mayBePayment();
    if (!ctx) return;
    const el = isPaymentEnter(e.composedPath()[0], ctx.category);
    if (el) decide(e, { kind: 'enter', el });
  }

  return {
    install(signal) {
      const opts: AddEventListenerOptions = { capture: true, signal };
      window.removeEventListener('click', onClick, true);
      window.removeEventListener('auxclick', onClick, true);
      window.removeEventListener('submit', onSubmit, true);
      window.removeEventListener('keydown', onKeyDown, true);
      window.addEventListener('click', onClick, opts);
      window.addEventListener('auxclick', onClick, opts);
      window.addEventListener('submit', onSubmit, opts);
      window.addEventListener('keydown', onKeyDown, opts);
    },
    warnNow(verdict, mode) {
      if (!isOverlayOpen()) warn(verdict, mode, { kind: 'none' });
    },
  };
}
