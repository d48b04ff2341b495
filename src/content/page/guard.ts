/**
 * The payment guard: capture-phase listeners on `window`, registered at document_start — before any page script
 * can register its own — for click / auxclick / submit / keydown (Enter; Space on an element that acts as a button
 * without being one: steps.ts keyActor) and the keyup of a key press it stopped. Only trusted (user-made) events are acted
 * on; the page's forged events pass untouched and can never press our buttons.
 *
 *  verdict none      → nothing (one map lookup for listed links, nothing else)
 *  caution           → payment step goes through; a quiet banner appears
 *  warn / block      → payment step stopped (preventDefault + stopImmediatePropagation) → overlay;
 *                      "continue" replays it (requestSubmit / click / the key) with `replaying` set so the replay is
 *                      not stopped again
 *  not known yet     → a payment step is held until the check ends (≤ HOLD_MAX_MS), then one of the above; until
 *                      then a step counts as a payment if it would on a phishing page (a log-in too: WIDEST)
 * A click on a link to a listed (block) site asks first, on every page.
 * Payment-step detection, the overlay, banner and link confirmation live in the on-demand UI part (ui-api.ts). It is
 * loaded as soon as a page's verdict is caution or worse; before it is there, steps that may be payments
 * (`quickPaymentClick`, any form submit) are held until the verdict is known and the UI part has judged them.
 */
import type { Category, Verdict } from '../../core/types';
import { combineVerdicts } from '../../core/verdict/combine';
import * as dom from '../../dom/safe';
import { isOwnUi } from '../dom';
import { task } from '../debug';
import { deepTarget, HOLD_MAX_MS, keyActor, perform, QUICK_CONTROL, quickPaymentClick, type BlockedAction } from '../steps';
import { anyShadowRoot, mayHostShadow, unreadShadowRoot } from '../../dom/shadow';
import { actorOf, fieldBox, isNavigationLink } from '../../dom/controls';
import type { FrameAnswer, TopStatus } from '../../messaging/frames';
import { linkTarget } from './collect';
import { currentUrl, type PageState } from './state';
import type { ContentUi, OverlayMode } from '../ui-api';

export { deepTarget, HOLD_MAX_MS, quickPaymentClick, type BlockedAction } from '../steps';
export { askWithoutUi } from './guard-dialog';


/**
 * Shown (mode 'unchecked') for a payment step whose page verdict could not be had in time — the page kept changing
 * its URL, the check failed, or the guard itself failed on a hostile DOM. Never a silent pass.
 */
export const UNCHECKED_VERDICT: Verdict = { level: 'warn', category: 'other', score: 0, reasons: [] };

export interface GuardDeps {
  readonly state: PageState;
  readonly linkVerdict: (href: string) => Verdict | undefined;
  /** Asks for a page check now (a payment step came while the route's verdict is unknown). */
  readonly requestCheck: () => void;
  /** The UI part (payment detection, overlay, banner, link confirm) when loaded; loading it (see ui-api.ts). */
  readonly getUi: () => ContentUi | null;
  readonly loadUi: () => Promise<ContentUi>;
  /** A held step whose page is unknown and where none of our UI can be shown: may it go ahead? (askWithoutUi) */
  readonly askWithoutUi: () => boolean;
  /** The user chose to continue a step held in a sub-frame: that frame carries it out (through the worker). */
  readonly replayInFrame: (frameId: number, stepId: number) => void;
  /**
   * What a sub-frame's own page read as, in full, with the frames between it and this one (the worker keeps them:
   * frameVerdict); null if it has none.
   */
  readonly frameVerdict: (frameId: number) => Promise<Verdict | null>;
  /**
   * A step was made inside a shadow tree: the page is read again in full — its features extracted whatever the gate
   * says, shadow roots (closed ones too) included — by a check that starts after this call. True when that check
   * ended within `timeoutMs` (its verdict, or its failure, is then the route's status), false if it did not.
   */
  readonly readFully: (timeoutMs: number) => Promise<boolean>;
  /** How the current route's verdict was read (gate sample only, an ordinary extraction, a full one). */
  readonly readDepth: () => ReadDepth;
  /** The page had more text than its verdict (not a full read) was judged on: the gate sample's or the classifier's
   *  window (red team, session 25: 30,000 characters of unseen text ahead of the platform's words). */
  readonly readOverflowed: () => boolean;
}

/** How a verdict was read: the light-DOM gate sample only, an ordinary extraction (open shadow roots and custom
 *  elements' closed ones), or a full one (every closed root too: walk.ts `closedShadowRoots`). */
export type ReadDepth = 'gate' | 'extracted' | 'full';

export interface Guard {
  /** (Re)registers the listeners (document.open() erases them). */
  install(signal: AbortSignal): void;
  /**
   * The listeners' work for one event, for a caller that received it in their place: in a frame checked as a page,
   * the frame guard's listeners (registered at document_start, ahead of the page's) hand their events here.
   */
  dispatch(e: Event): void;
  /** Off-page payment instructions on a warn/block page: the overlay, without an action to replay. */
  warnNow(verdict: Verdict, mode: OverlayMode): void;
  /** The page's verdict as a sub-frame may act on it without asking: its level when known, else 'unknown'. */
  frameStatus(): TopStatus;
  /**
   * A sub-frame held a step that may be a payment (a form submit, a pay control): judged like a held step of this
   * page, as a payment step, with what the frame's own page read as (`own`, frame/own.ts): the worse of the two
   * decides. 'held' means the warning is up here; on "continue" the frame is told to carry it out.
   */
  frameStep(frameId: number, stepId: number, own: TopStatus): Promise<FrameAnswer>;
}

/** What a held step comes to: it goes ahead, it is dropped, or the user is warned (and decides). */
type Settled = 'go' | 'stop' | { readonly ui: ContentUi; readonly verdict: Verdict; readonly mode: OverlayMode };

/** Is the held action a payment step? Decided once the UI part is there, with the type of the verdict then known. */
type PaymentTest = (ui: ContentUi, category: Category | undefined) => boolean;

/**
 * The type whose payment steps are the widest (a log-in and an account-name step count on a phishing page, besides
 * every money step). While a page's verdict is unknown it may turn out to be that type, so a step counts as a payment
 * under it: it is held until the verdict is known and then judged again with the real type — and when the verdict
 * never comes, judged under this one (the "could not check" overlay), never passed silently.
 */
const WIDEST: Category = 'phishing';

const isRisky = (v: Verdict): boolean => v.level === 'warn' || v.level === 'block';
/** One look for unread closed shadow roots serves the steps of this long (a click and the submit it makes). */
const SCAN_FRESH_MS = 1000;
/** Input types in which Enter submits the form (implicit submission). */
const IMPLICIT_SUBMIT = new Set(['text', 'search', 'url', 'tel', 'email', 'password', 'number', 'date', 'month', 'week', 'time', 'datetime-local']);

// One closure on purpose: the capture listeners, hold/replay and the warning share the
// private `replaying` / `holding` flags, and each inner function is short; `install` re-registers them all together.
export function createGuard(deps: GuardDeps): Guard {
  let replaying = false;
  let holding = false;

  function stop(e: Event): void {
    e.preventDefault();
    e.stopImmediatePropagation();
  }

  function replay(a: BlockedAction): void {
    if (a.kind === 'frame') {
      deps.replayInFrame(a.frameId, a.stepId);
      return;
    }
    replaying = true;
    try {
      perform(a);
    } finally {
      replaying = false;
    }
  }

  function warn(ui: ContentUi, verdict: Verdict, mode: OverlayMode, action: BlockedAction): void {
    ui.showOverlay({
      verdict,
      mode,
      onContinue: () => replay(action),
      onCancel: () => undefined,
      onLeave: () => ui.leaveSite(),
    });
  }

  /** The UI part, loaded if need be; null when it cannot be (worker gone, tab closing). */
  function uiWithin(ms: number): Promise<ContentUi | null> {
    const ui = deps.getUi();
    if (ui) return Promise.resolve(ui);
    return Promise.race([
      deps.loadUi().catch(() => null),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
    ]);
  }

  /**
   * Stops the step and holds it until the verdict for this route is known (≤ HOLD_MAX_MS) and the UI part is loaded,
   * then warns (risky + payment step), shows the banner and replays (caution + payment step), or just replays.
   * Fails closed: a payment step whose verdict is still unknown when the hold ends (the check did not finish, or the
   * page kept changing its URL meanwhile) gets the "could not check this page" overlay with the same deliberate
   * continue; a payment test that throws counts as a payment step. Only a clean verdict replays without asking.
   */
  function hold(e: Event, action: BlockedAction, isPayment: PaymentTest, full = false): void {
    stop(e);
    if (holding) return; // one payment step is already held: further ones (double clicks) are dropped meanwhile
    holding = true;
    void (full ? settleFull(isPayment) : settle(isPayment))
      .then((d) => {
        if (d === 'go') replay(action);
        else if (d !== 'stop') warn(d.ui, d.verdict, d.mode, action);
      })
      .catch(() => undefined) // the step stays stopped
      .finally(() => {
        holding = false;
      });
  }

  /**
   * What becomes of a step held now: waits until the route's verdict is known (≤ HOLD_MAX_MS, asking for a check if
   * need be) and the UI part is loaded, then 'go' (clean, caution with its banner shown, or not a payment step),
   * a warning to show, or 'stop'.
   */
  async function settle(isPayment: PaymentTest, fullDone = false): Promise<Settled> {
    const url = currentUrl();
    if (!deps.state.status(url).known) deps.requestCheck();
    await deps.state.whenKnown(url, HOLD_MAX_MS);
    const now = currentUrl();
    const after = deps.state.status(now);
    // A clean or caution verdict lets the step go: not while the page holds a shadow root that verdict did not read
    // (review, session 24: a step held on an unknown or caution page skipped the look made on clean pages).
    if (after.known && after.verdict.level === 'none') return !fullDone && unreadNow() ? settleFull(isPayment) : 'go';
    const ui = await uiWithin(HOLD_MAX_MS);
    if (!ui) {
      // None of our UI can be shown: the worker did not answer (the extension was updated or switched off since
      // the page was opened, or the UI part was not injected in time). A page known to be risky, or one that
      // changed its URL while held, does not get the step. An unknown one is not passed silently either: the
      // browser's own dialog asks (deps.askWithoutUi).
      return !after.known && now === url && deps.askWithoutUi() ? 'go' : 'stop';
    }
    const category = after.known ? after.verdict.category : undefined;
    let payment: boolean;
    try {
      payment = isPayment(ui, category);
    } catch {
      payment = true;
    }
    if (!payment) return 'go';
    if (!after.known) return { ui, verdict: UNCHECKED_VERDICT, mode: 'unchecked' };
    if (isRisky(after.verdict)) return { ui, verdict: after.verdict, mode: 'action' };
    if (after.verdict.level === 'caution') {
      if (!fullDone && unreadNow()) return settleFull(isPayment);
      ui.showBanner(after.verdict, url);
    }
    return 'go';
  }

  /** Does the page hold what its current verdict did not read: more text than was judged (readOverflowed), or a
   *  shadow root (unreadShadowRoot)? A look that throws: yes. */
  function unreadNow(): boolean {
    const read = deps.readDepth();
    if (read === 'full') return false;
    // More text than was judged: the step waits for the full read. Every step the quick test holds, a search or
    // comment submit too — telling a money form from another by content.js's own field test let a hint-less amount
    // field through (second review, session 25); the cost is one held step per long document.
    if (deps.readOverflowed()) return true;
    try {
      return task('closed-scan', () => unreadShadowRoot(document, read === 'extracted'));
    } catch {
      return true;
    }
  }

  /**
   * A step made inside a shadow tree: the page check's gate reads the light DOM only, so a page whose words and
   * recharge form live in a shadow root (a closed one, above all: nothing outside it can read it) read as empty and
   * clean, and its recharge went out (red team class 12 "shadow-all", session 24). Such a step goes by a check that
   * read the page in full, started after the step, never by one from before.
   */
  async function settleFull(isPayment: PaymentTest): Promise<Settled> {
    if (!(await deps.readFully(HOLD_MAX_MS))) {
      const ui = await uiWithin(HOLD_MAX_MS);
      if (!ui) return deps.askWithoutUi() ? 'go' : 'stop';
      return { ui, verdict: UNCHECKED_VERDICT, mode: 'unchecked' };
    }
    return settle(isPayment, true);
  }

  /** Was the event made inside a shadow tree (an open one: its target is in it; a closed one: its host)? */
  function fromShadowTree(e: Event): boolean {
    const t = e.composedPath()[0];
    if (!(t instanceof Element)) return false;
    if (dom.getRootNode(t) !== dom.ownerDocument(t)) return true;
    return mayHostShadow(dom.localName(t)) && anyShadowRoot(t) !== null;
  }

  /**
   * A click or Enter made inside a shadow tree that may be a payment step, on a page not known to be risky: held for
   * a full read (settleFull). True when it was held. (On a risky page the usual path warns at once.)
   */
  function shadowStep(e: MouseEvent | KeyboardEvent): boolean {
    const st = deps.state.status(currentUrl());
    if ((st.known && isRisky(st.verdict)) || !fromShadowTree(e)) return false;
    const deep = deepTarget(e);
    if (e instanceof MouseEvent) {
      const el = quickPaymentClick(deep);
      if (!el) return false;
      hold(e, { kind: 'click', el, newTab: false }, (u, category) => u.paymentClickTarget(deep, category ?? WIDEST) !== null, true);
      return true;
    }
    // Enter / Space on an element that acts as a button without being one: the page's key handler acts (no click).
    const actor = keyActor(e, deep);
    if (actor) {
      if (!quickPaymentClick(actor)) return false;
      hold(e, { kind: 'enter', el: actor, key: e.key === ' ' ? ' ' : 'Enter' }, (u, category) => u.paymentClickTarget(actor, category ?? WIDEST) !== null, true);
      return true;
    }
    // Enter in a text-like field of a form submits it (implicit submission); the submit event never leaves the shadow
    // tree. Not in a textarea (a new line) or on a button (its own click, above).
    if (e.key !== 'Enter' || !(deep instanceof HTMLInputElement) || !IMPLICIT_SUBMIT.has(deep.type) || !dom.formOf(deep)) return false;
    hold(e, { kind: 'enter', el: deep }, (u, category) => u.isPaymentEnter(deep, category ?? WIDEST) !== null, true);
    return true;
  }

  /**
   * On a page known to be clean, a step outside any shadow tree that may be a payment: the page's words may still be
   * in a shadow root its check did not read — a closed root of a div or span, which an ordinary extraction does not
   * read (one browser call per element, walk.ts), or any root when the gate asked for no extraction — the form in the
   * page, the scam's words in the root. Looked for now, synchronously (≤ CLOSED_SCAN_MAX_CALLS calls); when there is
   * one, the step is held for a full read. True when it was held.
   */
  let scanned = { at: -Infinity, found: false };
  function closedRootStep(e: Event, action: BlockedAction, test: PaymentTest): boolean {
    // A click on a submit button is followed by its submit: one look serves both.
    const t = performance.now();
    if (t - scanned.at > SCAN_FRESH_MS) scanned = { at: t, found: unreadNow() };
    if (!scanned.found) return false;
    hold(e, action, test, true);
    return true;
  }

  /** A sub-frame's own page as a held step's verdict: none (clean), the worker's verdict, or unchecked. */
  async function ownOfFrame(frameId: number, own: TopStatus): Promise<{ verdict: Verdict; mode: OverlayMode } | null> {
    if (own === 'none') return null;
    if (own === 'unknown') return { verdict: UNCHECKED_VERDICT, mode: 'unchecked' };
    // The reasons are the worker's; without them (it was restarted meanwhile) the level the frame read still holds.
    const v = await deps.frameVerdict(frameId).catch(() => null);
    return { verdict: v && v.level === own ? v : { level: own, category: 'other', score: 0, reasons: [] }, mode: 'action' };
  }

  /**
   * A sub-frame's step: the page's decision (settle) weighed with the frame's own page. A risk found in either is
   * shown (both found: one warning with both reasons); "could not check" only when nothing risky is known.
   */
  async function withFrame(page: Settled, frame: { verdict: Verdict; mode: OverlayMode } | null): Promise<Settled> {
    if (!frame || page === 'stop') return page;
    if (page !== 'go') {
      if (frame.mode === 'unchecked' || frame.verdict.level === 'caution') return page;
      if (page.mode === 'unchecked') return { ui: page.ui, ...frame };
      return { ui: page.ui, verdict: combineVerdicts([page.verdict, frame.verdict]), mode: page.mode };
    }
    const ui = await uiWithin(HOLD_MAX_MS);
    if (!ui) return frame.mode === 'unchecked' && deps.askWithoutUi() ? 'go' : 'stop';
    if (frame.verdict.level === 'caution') {
      ui.showBanner(frame.verdict, currentUrl());
      return 'go';
    }
    return { ui, ...frame };
  }

  /** A payment step (decided by the loaded UI part): the page's verdict decides; unknown → held, then `test` again. */
  function decide(e: Event, ui: ContentUi, action: BlockedAction, test: PaymentTest): void {
    const url = currentUrl();
    const st = deps.state.status(url);
    if (!st.known) {
      hold(e, action, test);
      return;
    }
    if (isRisky(st.verdict)) {
      stop(e);
      warn(ui, st.verdict, 'action', action);
    } else if (st.verdict.level === 'caution') ui.showBanner(st.verdict, url);
  }

  /**
   * On a page known to be risky, a click on a button (or what reads like one) next to any field — the amount may sit in
   * a text field with no hint at all, "请输入" (review, session 25) — is a step: the warning comes before whatever the
   * page's script sends. Not on caution or unknown pages (there the field must ask for money: payment-step.ts).
   */
  function riskyNow(): boolean {
    const st = deps.state.status(currentUrl());
    return st.known && isRisky(st.verdict);
  }

  function besideFieldOnRiskyPage(target: EventTarget | undefined): Element | null {
    if (!riskyNow() || !(target instanceof Element)) return null;
    const link = dom.closest(target, 'a[href]');
    if (link && isNavigationLink(link)) return null;
    const actor = actorOf(target, dom.closest(target, QUICK_CONTROL));
    return actor && fieldBox(actor) ? actor : null;
  }

  /** Cheap pre-check: on a page known to be clean there is nothing to look at. Unknown: judged under WIDEST. */
  function mayBePayment(): { category: Verdict['category'] } | null {
    const st = deps.state.status(currentUrl());
    if (st.known && st.verdict.level === 'none') return null;
    return { category: st.known ? st.verdict.category : WIDEST };
  }

  function ignore(e: Event): boolean {
    if (replaying || !e.isTrusted) return true;
    const t = e.composedPath()[0];
    if (t instanceof Node && isOwnUi(t)) return true;
    if (deps.getUi()?.isOverlayOpen()) {
      // Our modal makes the page inert. If the page has managed to keep it off screen, whatever still reaches the
      // page while the warning is pending is stopped: no payment step gets through a suppressed warning.
      stop(e);
      return true;
    }
    return false;
  }

  /**
   * The listeners fail closed: if judging an event throws (a hostile DOM the checks did not foresee), a step that
   * may be a payment — a submit, or a click the quick pre-filter would hold — is stopped and held as a payment step.
   */
  function failClosed<E extends Event>(judge: (e: E) => void, fallback: (e: E) => BlockedAction | null): (e: E) => void {
    return (e) => {
      try {
        judge(e);
      } catch {
        if (replaying || !e.isTrusted) return;
        let action: BlockedAction | null;
        try {
          action = fallback(e);
        } catch {
          action = null;
        }
        if (action) hold(e, action, () => true);
      }
    };
  }

  function onClick(e: MouseEvent): void {
    if (ignore(e)) return;
    if (e.type === 'auxclick' && e.button !== 1) return;
    const target = e.composedPath()[0];
    const newTab = e.type === 'auxclick' || e.ctrlKey || e.metaKey || e.shiftKey;
    // Links to listed sites ask first, on any page.
    if (target instanceof Element) {
      const link = dom.closest(target, 'a[href],area[href]');
      const href = link ? linkTarget(link) : null;
      const lv = href ? deps.linkVerdict(href) : undefined;
      if (link && href && lv?.level === 'block') {
        stop(e);
        void uiWithin(HOLD_MAX_MS).then((ui) => ui?.confirmLink(href, lv, () => replay({ kind: 'click', el: link, newTab })));
        return;
      }
    }
    if (e.type === 'auxclick') return;
    if (shadowStep(e)) return;
    const ctx = mayBePayment();
    if (!ctx) {
      const el = quickPaymentClick(target);
      if (el) closedRootStep(e, { kind: 'click', el, newTab: false }, (u, category) => u.paymentClickTarget(el, category ?? WIDEST) !== null);
      return;
    }
    // Into shadow roots by position or focus only here, on a page not known to be clean. (Every click on a div, span,
    // p … asks the browser once whether it is a shadow host, above: fromShadowTree.)
    const deep = deepTarget(e);
    const ui = deps.getUi();
    if (ui) {
      const el = ui.paymentClickTarget(deep, ctx.category) ?? besideFieldOnRiskyPage(deep);
      if (el) decide(e, ui, { kind: 'click', el, newTab: false }, (u, category) => u.paymentClickTarget(deep, category ?? WIDEST) !== null);
      return;
    }
    const el = quickPaymentClick(deep);
    if (el) hold(e, { kind: 'click', el, newTab: false }, (u, category) => u.paymentClickTarget(deep, category ?? WIDEST) !== null);
  }

  function onSubmit(e: SubmitEvent): void {
    if (ignore(e)) return;
    const form = e.target;
    if (!(form instanceof HTMLFormElement)) return;
    const ctx = mayBePayment();
    const submitter = e.submitter instanceof HTMLElement ? e.submitter : null;
    const action: BlockedAction = { kind: 'submit', form, submitter };
    const test: PaymentTest = (u, category) => u.isPaymentSubmit(form, submitter, category ?? WIDEST);
    if (!ctx) {
      closedRootStep(e, action, test);
      return;
    }
    const ui = deps.getUi();
    if (!ui) hold(e, action, test);
    else if (ui.isPaymentSubmit(form, submitter, ctx.category)) decide(e, ui, action, test);
  }

  function onKeyDown(e: KeyboardEvent): void {
    // Enter inside a form submits it: the submit listener sees that. Outside forms only the UI part can judge. Enter /
    // Space on an element that acts as a button without being one (keyActor) is judged as a click on it would be.
    if ((e.key !== 'Enter' && e.key !== ' ') || e.isComposing || ignore(e)) return;
    if (shadowStep(e)) return;
    const ctx = mayBePayment();
    const ui = deps.getUi();
    const target = ctx ? deepTarget(e) : e.composedPath()[0];
    const actor = keyActor(e, target);
    if (actor) {
      const action: BlockedAction = { kind: 'enter', el: actor, key: e.key === ' ' ? ' ' : 'Enter' };
      const test: PaymentTest = (u, category) => u.paymentClickTarget(actor, category ?? WIDEST) !== null;
      if (!ctx) {
        if (quickPaymentClick(actor)) closedRootStep(e, action, test);
      } else if (!ui) {
        if (quickPaymentClick(actor)) hold(e, action, test);
      } else if (ui.paymentClickTarget(actor, ctx.category) ?? besideFieldOnRiskyPage(actor)) decide(e, ui, action, test);
      return;
    }
    if (e.key !== 'Enter') return;
    // Enter in a field outside any form (inside one, the submit listener sees it): a page's own key handler may send
    // the amount (review, session 25). Judged like the field's form would be.
    const bare = target instanceof HTMLInputElement && !dom.formOf(target) ? target : null;
    const enterTest: PaymentTest = (u, category) => u.isPaymentEnter(target, category ?? WIDEST) !== null;
    if (!ctx || !ui) {
      if (!bare) return;
      if (!ctx) closedRootStep(e, { kind: 'enter', el: bare, key: 'Enter' }, enterTest);
      else hold(e, { kind: 'enter', el: bare, key: 'Enter' }, enterTest);
      return;
    }
    // on a page known to be risky, Enter in any bare field is a step (a phone keyboard's "Go" sends it too)
    const el = ui.isPaymentEnter(target, ctx.category) ?? (bare && riskyNow() ? bare : null);
    // replayed: a field of a form by submitting the form; a bare field by the key press (its handler acts on it)
    if (el) decide(e, ui, el === bare ? { kind: 'enter', el, key: 'Enter' } : { kind: 'enter', el }, enterTest);
  }

  const clickListener = failClosed<MouseEvent>(onClick, (e) => {
    if (e.type !== 'click') return null;
    const el = quickPaymentClick(deepTarget(e));
    return el ? { kind: 'click', el, newTab: false } : null;
  });
  const submitListener = failClosed<SubmitEvent>(onSubmit, (e) =>
    e.target instanceof HTMLFormElement
      ? { kind: 'submit', form: e.target, submitter: e.submitter instanceof HTMLElement ? e.submitter : null }
      : null,
  );
  // Enter in a form submits it (the submit listener holds that); outside forms there is nothing to hold.
  const keyDownListener = failClosed<KeyboardEvent>(onKeyDown, () => null);
  /** The key whose keydown the guard stopped last: its keyup is stopped too (a handler that acts on keyup — Space on a
   *  `role=button`, as the ARIA pattern has it — would send while the step is held). */
  let stoppedKey: string | null = null;
  function keyListener(e: KeyboardEvent): void {
    if (e.type === 'keyup') {
      if (stoppedKey !== null && e.key === stoppedKey && e.isTrusted && !replaying) {
        stoppedKey = null;
        stop(e);
      }
      return;
    }
    stoppedKey = null;
    keyDownListener(e);
    // Nothing of the page runs before the guard's capture listener: a keydown cancelled now was cancelled by it.
    if (e.defaultPrevented && e.isTrusted && !replaying) stoppedKey = e.key;
  }

  return {
    install(signal) {
      // Added again, never removed first: adding a listener that is still there is a no-op, so ours keep their place
      // ahead of the page's. Removing and re-adding put them behind every capture listener the page had added since
      // (one <html> re-append by the page re-installed us there, and its stopImmediatePropagation then hid every
      // click and submit from the guard: red team class 12). After document.open() erased them, they come back.
      const opts: AddEventListenerOptions = { capture: true, signal };
      window.addEventListener('click', clickListener, opts);
      window.addEventListener('auxclick', clickListener, opts);
      window.addEventListener('submit', submitListener, opts);
      window.addEventListener('keydown', keyListener, opts);
      window.addEventListener('keyup', keyListener, opts);
    },
    dispatch(e) {
      if (e.type === 'click' || e.type === 'auxclick') clickListener(e as MouseEvent);
      else if (e.type === 'submit') submitListener(e as SubmitEvent);
      else if (e.type === 'keydown' || e.type === 'keyup') keyListener(e as KeyboardEvent);
    },
    warnNow(verdict, mode) {
      void uiWithin(HOLD_MAX_MS).then((ui) => {
        if (ui && !ui.isOverlayOpen()) warn(ui, verdict, mode, { kind: 'none' });
      });
    },
    frameStatus() {
      const st = deps.state.status(currentUrl());
      return st.known && !deps.getUi()?.isOverlayOpen() ? st.verdict.level : 'unknown';
    },
    async frameStep(frameId, stepId, own) {
      // One step at a time, as on the page itself; while a warning is up nothing else goes through.
      if (holding || deps.getUi()?.isOverlayOpen()) return 'stop';
      holding = true;
      try {
        const [page, frame] = await Promise.all([settle(() => true), ownOfFrame(frameId, own)]);
        const d = await withFrame(page, frame);
        if (d === 'go' || d === 'stop') return d;
        warn(d.ui, d.verdict, d.mode, { kind: 'frame', frameId, stepId });
        return 'held';
      } finally {
        holding = false;
      }
    },
  };
}
