/**
 * The payment guard of a sub-frame (content.js in a sub-frame, entrypoints/content.ts: every frame of an http(s) page, also about:blank
 * and srcdoc frames, which take their parent's origin). A scam page that puts its recharge or card form in an iframe —
 * its own, a srcdoc frame, or a real payment processor's — is judged by the page the user is on: the top frame's
 * verdict (src/content/page/guard.ts), through the worker (src/messaging/frames.ts). Red team class 13.
 *
 * Kept small, because it runs in every ad and widget frame: seven capture listeners at document_start (and, in
 * frame/main.ts, a size watch) and nothing else until the user is about to act. Steps that may be payments — a form
 * submit, a click the top frame's pre-filter would hold (quickPaymentClick), a click on any control of a frame that
 * holds a payment field (framePaymentClick: a card frame's `type=button` "Confirm" that sends by script) — are
 *  - let through as they are (trusted) when the page was answered clean within FRESH_MS and the frame's own page was
 *    read clean and shows the same since (session 23: a frame not checked as a page — smaller, or scaled up with a
 *    CSS transform — was judged by the page around it alone) — or caution, and the top frame then shows its quiet
 *    banner, as for a step of its own: the frame asks for the page's verdict, and reads its own page (frame/own.ts),
 *    when the pointer goes over such a control, when it is pressed, and when it or a form field is focused;
 *  - otherwise stopped and handed to the top frame's guard with the frame's own reading (read now if need be; the
 *    worker adds those of the frames between this one and the judge), which waits for the page's verdict, weighs
 *    both and answers 'go' (clean, caution with its banner, or a known step …), 'held' (its overlay is up:
 *    "continue" comes back here as a replay of the step by id) or 'stop';
 *  - when the top frame cannot be reached (it has not answered frames yet, the extension was updated), asked again
 *    for up to ASK_MAX_MS, then the browser's own dialog asks (as the top frame does with no UI): never a silent pass.
 */
import { milestone } from '../debug';
import * as dom from '../../dom/safe';
import { deepTarget, framePaymentClick, HOLD_MAX_MS, perform, type BlockedAction } from '../steps';
import { STEP_ID_MAX, type FrameAnswer, type TopStatus } from '../../messaging/frames';
import { levelRank, type Level } from '../../core/types';

/** A "clean" answer lets steps through without holding them for this long. */
export const FRESH_MS = 1000;
/** A step that finds no top frame to answer is asked again this often … */
const ASK_RETRY_MS = 250;
/** … for this long (the top frame answers frames from its load event on, at most ~1.5 s after its DOM is parsed). */
export const ASK_MAX_MS = 4000;
/**
 * One ask waits at most this long: the top frame may take up to 2 × HOLD_MAX_MS (the page's verdict, then its UI
 * part) before it answers. Firefox never settles a message to a top frame without a content script (a local file
 * embedding the frame): without this bound the step stayed held with no answer and no dialog.
 */
export const ASK_ATTEMPT_MAX_MS = 2 * HOLD_MAX_MS + 1000;
/** Held steps kept for a replay (a warning the user never answers leaves one behind). */
const MAX_PENDING = 8;
/**
 * The frame's own page, once read, stands this long — while it shows the same thing: the read keeps a mark of the
 * frame's address and visible text (`pageMark`), and a step or an approach that finds another mark reads the page
 * again (a platform that is harmless while it is read and then writes, reveals or retypes its recharge page; one that
 * moves to another address). Text typed into fields is not visible text: filling a card form keeps the mark.
 */
export const OWN_FRESH_MS = 120_000;

export interface FrameDeps {
  /** The top frame's verdict level ('unknown' while it is being checked); rejects when the top cannot be reached. */
  status(): Promise<TopStatus>;
  /**
   * This frame's own page, read now (frame/own.ts): its level; rejects when it could not be read. The worker keeps the
   * verdict for the frame that judges the step.
   */
  own(): Promise<Level>;
  /** The top frame's judgement of a held step, with what this frame's own page read as; rejects when the top cannot be reached. */
  step(stepId: number, own: TopStatus): Promise<FrameAnswer>;
  /** Registers the handler of "continue" for a step held here (the top frame's replay, relayed by the worker). */
  onReplay(handler: (stepId: number) => void, signal: AbortSignal): void;
  /** No top frame answered: may the step go ahead? (the browser's own dialog) */
  askWithoutUi(): boolean;
  now(): number;
  sleep(ms: number): Promise<void>;
  /** content.js checks this frame as a page (main.ts watchSize): its guard's handler, which gets every event. */
  handedOver(): ((e: Event) => void) | null;
  /** What the frame shows now, as a short mark: its address and a hash of its visible text. */
  pageMark(): string;
}

export interface FrameGuard {
  /** (Re)registers the listeners (document.open() erases them). */
  install(signal: AbortSignal): void;
  /**
   * This frame's own page as a step below it is judged by (the worker asks a frame between a step's frame and the
   * frame that judges it: a payment frame inside a scaled-up scam frame): fresh, or read now; 'unknown' if it cannot be.
   */
  read(): Promise<TopStatus>;
}

const FIELD = 'input,select,textarea';

/** `p`, or a rejection after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer in time')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}

// One closure on purpose, as in page/guard.ts: the listeners share the replay flag, the cached status and the steps.
export function createFrameGuard(deps: FrameDeps, signal: AbortSignal): FrameGuard {
  let replaying = false;
  let known: { readonly level: TopStatus; readonly at: number } | null = null;
  let asking = false;
  let asked = false;
  let lastId = 0;
  let busy = false;
  const pending = new Map<number, BlockedAction>();
  // The frame's own page (frame/own.ts): read at the first approach, kept while fresh and showing the same.
  let own: { readonly level: Level; readonly at: number; readonly mark: string } | null = null;
  let ownRun: Promise<TopStatus> | null = null;

  const ownFresh = (): Level | null => (own && deps.now() - own.at < OWN_FRESH_MS && own.mark === deps.pageMark() ? own.level : null);

  /** Reads the frame's own page (one read at a time); 'unknown' when it could not be read in time. */
  function readOwn(): Promise<TopStatus> {
    if (ownRun) return ownRun;
    own = null;
    // The mark is taken before the read: a page that changes while it is read does not match it afterwards.
    const mark = deps.pageMark();
    const run = within(deps.own(), ASK_ATTEMPT_MAX_MS).then(
      (level): TopStatus => {
        own = { level, at: deps.now(), mark };
        milestone(`frame-own-${level}`);
        return level;
      },
      (): TopStatus => 'unknown',
    );
    ownRun = run;
    void run.finally(() => {
      if (ownRun === run) ownRun = null;
    });
    return run;
  }

  /**
   * The own page's level for a held step: the fresh one, or a read now — again when the page changed while it was
   * read; 'unknown' when it cannot be had.
   */
  async function ownForStep(): Promise<TopStatus> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const fresh = ownFresh();
      if (fresh !== null) return fresh;
      if ((await readOwn()) === 'unknown') return 'unknown';
    }
    return ownFresh() ?? 'unknown';
  }

  function prefetch(): void {
    if (!ownRun && ownFresh() === null) void readOwn();
    if (asking || (known && deps.now() - known.at < FRESH_MS / 2)) return;
    asking = true;
    within(deps.status(), ASK_ATTEMPT_MAX_MS)
      .then(
        (level) => {
          known = { level, at: deps.now() };
          milestone(`frame-status-${level}`);
        },
        () => (known = null),
      )
      .finally(() => (asking = false));
  }

  /**
   * The level a step may go by without asking: the worse of the page's (answered within FRESH_MS) and the frame's own
   * (read and unchanged since); null when either is not known.
   */
  const freshLevel = (): TopStatus | null => {
    const top = known && deps.now() - known.at < FRESH_MS ? known.level : null;
    const mine = ownFresh();
    if (top === null || mine === null || top === 'unknown') return null;
    return levelRank(mine) > levelRank(top) ? mine : top;
  };

  function run(action: BlockedAction): void {
    replaying = true;
    try {
      perform(action);
    } finally {
      replaying = false;
    }
  }

  function nextStepId(): number {
    lastId = lastId >= STEP_ID_MAX ? 0 : lastId + 1;
    return lastId;
  }

  function onReplay(stepId: number): void {
    const action = pending.get(stepId);
    pending.delete(stepId);
    if (action) run(action);
  }

  /** The top frame's answer; retried while nobody answers; the browser's dialog when nobody ever does. */
  async function answerFor(stepId: number): Promise<FrameAnswer> {
    const mine = await ownForStep();
    const until = deps.now() + ASK_MAX_MS;
    for (;;) {
      try {
        return await within(deps.step(stepId, mine), ASK_ATTEMPT_MAX_MS);
      } catch {
        if (signal.aborted) return 'stop';
        if (deps.now() >= until) return deps.askWithoutUi() ? 'go' : 'stop';
        await deps.sleep(ASK_RETRY_MS);
      }
    }
  }

  function hold(e: Event, action: BlockedAction): void {
    e.preventDefault();
    e.stopImmediatePropagation();
    if (busy) return; // one step at a time: a double click is dropped while the first is judged
    busy = true;
    const stepId = nextStepId();
    if (!asked) {
      asked = true;
      deps.onReplay(onReplay, signal);
    }
    void answerFor(stepId)
      .then((answer) => {
        if (answer === 'go') run(action);
        else if (answer === 'held') {
          pending.set(stepId, action);
          if (pending.size > MAX_PENDING) pending.delete(pending.keys().next().value ?? -1);
        }
      })
      .catch(() => undefined)
      .finally(() => (busy = false));
  }

  function stepOf(e: Event): BlockedAction | null {
    if (e.type === 'submit') {
      const form = e.target;
      if (!(form instanceof HTMLFormElement)) return null;
      const submitter = (e as SubmitEvent).submitter;
      return { kind: 'submit', form, submitter: submitter instanceof HTMLElement ? submitter : null };
    }
    const el = framePaymentClick(deepTarget(e));
    return el ? { kind: 'click', el, newTab: false } : null;
  }

  function onStep(e: Event): void {
    const page = deps.handedOver();
    if (page) {
      page(e);
      return;
    }
    if (replaying || !e.isTrusted || (e.type !== 'click' && e.type !== 'submit')) return;
    let action: BlockedAction | null;
    try {
      action = stepOf(e);
    } catch {
      // a hostile DOM the checks did not foresee: a submit is still a step; a click is judged by its own target
      action = e.type === 'submit' && e.target instanceof HTMLFormElement ? { kind: 'submit', form: e.target, submitter: null } : null;
    }
    if (!action) return;
    const level = freshLevel();
    if (level === 'none') return;
    if (level === 'caution') {
      // As on the page itself: a step on a caution page goes as it is (the user's own click, not a replay) and the
      // top frame shows its quiet banner. Its answer is not waited for: nothing is held.
      void deps.step(nextStepId(), ownFresh() ?? 'unknown').catch(() => undefined);
      return;
    }
    hold(e, action);
  }

  function onApproach(e: Event): void {
    if (!e.isTrusted || deps.handedOver()) return;
    try {
      // The event's own target, not deepTarget: this runs on every pointer move over every ad frame, and looking into
      // closed roots makes Chromium build its extension API object in the frame's world (the step itself still does).
      const t = e.composedPath()[0];
      if ((e.type === 'focusin' && t instanceof Element && dom.closest(t, FIELD) !== null) || framePaymentClick(t) !== null) prefetch();
    } catch {
      // nothing to fetch ahead for: the step itself is held if need be
    }
  }

  return {
    read: ownForStep,
    install(sig) {
      const opts: AddEventListenerOptions = { capture: true, signal: sig };
      // auxclick, keydown and keyup matter only once content.js checks this frame as a page (its guard's listeners).
      for (const type of ['click', 'auxclick', 'submit', 'keydown', 'keyup']) window.addEventListener(type, onStep, opts);
      for (const type of ['pointerover', 'pointerdown', 'focusin']) window.addEventListener(type, onApproach, opts);
    },
  };
}
