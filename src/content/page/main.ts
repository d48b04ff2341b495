/**
 * The content script of the page — the top frame, or a sub-frame that fills most of the window (frame/main.ts);
 * http(s) pages, and frames without an address of their own judged by their creator's (state.ts `judgedUrl`):
 *   document_start  capture-phase payment guard on window (before any page script can listen)
 *   idle            gate sample + collect links + ad/post blocks → ONE checkPage message → page verdict, and
 *                   whether the worker wants the page's features (gate words / sensitive field / risky URL): then
 *                   the UI part is loaded (ui-api.ts), features extracted in slices, sent in a second check
 *                   → page verdict (guard, proactive overlay); badges on risky links/blocks (UI part)
 *   later           MutationObserver: added subtrees queued, processed at idle in slices (infinite scroll);
 *                   SPA route change (URL differs) or new form fields → page re-check (the 充值 page appears
 *                   after login); <html> replaced / document.open() → listeners re-registered
 */
import { gateRead } from '../../dom/gate';
import { TEXT_JUDGED_CHARS, walkedEverything } from '../../dom/extract-caps';
import type { Verdict } from '../../core/types';
import { send } from '../../messaging/client';
import { Checker, type Mark } from './checker';
import { Collector, emptyFound } from './collect';
import { milestone, task } from '../debug';
import { isOwnUi } from '../dom';
import { askWithoutUi, createGuard, type Guard, type ReadDepth } from './guard';
import { FRAME_KEY, readToTop } from '../../messaging/frames';
import { frameCheckAllowed, publishFrameDispatch } from '../frame-check';
import { listenToWorker } from '../worker-messages';
import { debounce, domReady, now, pageLoaded, whenIdle } from '../schedule';
import { currentUrl, judgedUrl, PageState } from './state';
import { getUi, loadUi, type ContentUi } from '../ui-api';

export const IDLE_TIMEOUT_MS = 500;
/** The first check waits for the load event at most this long after the DOM is parsed. 1 s, not more: a CPU
 *  profile of checkout loads put the content script's own work at ~0.3 ms (docs/benchmarks/inpage.md), so waiting
 *  longer buys page-load time nobody can measure and delays the on-sight warning on pages with slow images. */
export const LOAD_WAIT_MAX_MS = 1000;
/** Quiet time after an SPA route change / new form fields before the page is checked again. */
export const RECHECK_DEBOUNCE_MS = 300;
const MAX_QUEUED_ROOTS = 2000;
const RETRY_DELAY_MS = 1000;
/** New form fields on the same URL re-check the page at most this often (busy SPAs re-render forms constantly). */
const SAME_URL_RECHECK_MIN_MS = 3000;
const SIGNIFICANT = 'form,input,select';

// One closure on purpose: the checker, the mutation queue, the guard and the route listeners
// share the page state and the abort `signal` that tears them all down; each inner function is short.
export function startContentScript(signal: AbortSignal): void {
  // A sub-frame only when its frame guard found it to be most of the window (frame/main.ts); otherwise a sub-frame
  // runs the frame guard only (entrypoints/content.ts).
  if (window.top !== window && !frameCheckAllowed()) return;
  if (judgedUrl() === null) return; // no http(s) address or origin: nothing to judge the page by

  const state = new PageState();
  const checker = new Checker({ send: (req) => send('checkPage', req), markAll });
  const collector = new Collector();
  const recheck = debounce(() => void checkPage(), RECHECK_DEBOUNCE_MS);
  const guard = createGuard({
    state,
    linkVerdict: (href) => checker.linkVerdict(href),
    requestCheck: () => {
      recheck.cancel();
      void checkPage();
    },
    getUi,
    loadUi,
    askWithoutUi,
    replayInFrame: (frameId, stepId) => void send('frameReplay', { frameId, stepId }).catch(() => undefined),
    frameVerdict: (frameId) => send('frameVerdict', { frameId }),
    readDepth: () => (depth.url === currentUrl() ? depth.read : 'gate'),
    readOverflowed: () => depth.url !== currentUrl() || depth.overflow,
    readFully: (timeoutMs) => {
      // From now on every check of this document reads the page in full (its other routes too: a step whose route
      // changes while it waits is judged there): its payment lives in a shadow tree, which the gate never reads. The
      // step waits for a check that starts after this call.
      fullDoc = true;
      const done = new Promise<boolean>((resolve) => {
        fullWaiters.push(resolve);
        setTimeout(() => resolve(false), timeoutMs);
      });
      recheck.cancel();
      void checkPage();
      return done;
    },
  });
  // In a frame checked as a page, the frame guard's listeners (document_start, ahead of the page's) feed this guard.
  const framed = window.top !== window;
  if (framed) publishFrameDispatch((e) => guard.dispatch(e));
  else guard.install(signal);

  let running = false;
  let again = false;
  /** Every check extracts the page's features in full whatever the gate says (guard: a step in a shadow tree). */
  let fullDoc = false;
  /** How the last verdict of `url` was read: the gate sample only, an ordinary extraction, or a full one. */
  let depth: { url: string; read: ReadDepth; overflow: boolean } = { url: '', read: 'gate', overflow: false };
  /** Steps waiting for a full read that starts after they asked (readFully). */
  const fullWaiters: ((done: boolean) => void)[] = [];
  let lastUrl = currentUrl();
  let instructionsWarned = '';
  let lastCheckAt = 0;
  let laterCheck = false;

  // Badges are drawn by the UI part: risky elements wait for it (it is loaded at the first one), then are drawn in
  // one batch.
  const toMark: Mark[] = [];
  function drawAll(ui: ContentUi): void {
    task('apply', () => {
      for (const [e, v, k] of toMark.splice(0)) ui.mark(e, v, k);
    });
  }
  function markAll(marks: readonly Mark[]): void {
    const first = toMark.length === 0;
    toMark.push(...marks);
    const ui = getUi();
    if (ui) drawAll(ui);
    else if (first) loadUi().then(drawAll, () => (toMark.length = 0));
  }

  async function checkOnce(): Promise<void> {
    const url = currentUrl();
    const full = fullDoc;
    const waiting = full ? fullWaiters.splice(0) : [];
    try {
      await checkRoute(url, full);
    } finally {
      for (const resolve of waiting) resolve(true);
    }
  }

  async function checkRoute(url: string, full: boolean): Promise<void> {
    lastUrl = url;
    lastCheckAt = now();
    state.begin(url);
    let instructions = false;
    let verdict: Verdict | null = null;
    let read: ReadDepth = 'gate';
    /** The page had more text than the verdict was judged on (gate sample, or the classifier's window). */
    let overflow = false;
    for (let attempt = 0; attempt < 2 && verdict === null && !signal.aborted; attempt++) {
      try {
        if (attempt > 0) await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
        const { complete, ...sample } = task('gate', () => gateRead(document));
        overflow = !complete;
        const found = emptyFound();
        await collector.collect([document], found, checker.addLink, signal);
        checker.add(found);
        const first = await checker.flush({ url, features: null, gate: sample });
        verdict = first?.verdict ?? null;
        instructions = first?.paymentInstructions === true;
        if (first && (first.extract || full)) {
          // The worker wants the features: a failure here keeps a risky first verdict (URL + lists) in force. A clean
          // one does not stand for a page whose words the worker asked to read: unknown (red team class 12).
          try {
            const ui = await loadUi();
            const features = await ui.extract(url, signal, full);
            const second = await checker.flush({ url, features });
            if (second) {
              verdict = second.verdict;
              instructions = second.paymentInstructions;
              read = full ? 'full' : 'extracted';
              overflow = !full && features.text.length >= TEXT_JUDGED_CHARS;
              // A full read stopped by a node, shadow-root or time cap (a page can pad past them) does not stand for
              // the page when it reads clean: unknown.
              if (full && !walkedEverything(features) && verdict.level === 'none') verdict = null;
            }
          } catch {
            if (verdict?.level === 'none') verdict = null;
          }
        }
      } catch {
        verdict = null;
      }
    }
    if (verdict === null) {
      // No answer, twice (the worker is gone — the extension was updated or switched off — or failing): the route
      // stays unknown, not clean. A payment step on it is held and gets "could not check this page", or the
      // browser's own dialog when none of our UI can be shown (guard.ts); it was replayed silently before.
      state.fail(url);
      milestone('page-checked');
      loadUi().catch(() => undefined);
      return;
    }
    const v = verdict;
    depth = { url, read, overflow };
    state.finish(url, v);
    milestone('page-checked');
    // The guard decides payment steps synchronously: on a page that may need a warning, have the UI part ready.
    if (v.level !== 'none') loadUi().catch(() => undefined);
    if ((v.level === 'warn' || v.level === 'block') && instructionsWarned !== url && instructions) {
      instructionsWarned = url;
      guard.warnNow(v, 'instructions');
    }
  }

  async function checkPage(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        await checkOnce();
      } while (again && !signal.aborted);
    } finally {
      running = false;
    }
  }

  // --- mutations: infinite scroll, SPA routes, payment forms that appear later ---
  const queue: Element[] = [];
  let overflow = false;
  let scheduled = false;

  async function processQueue(): Promise<void> {
    scheduled = false;
    if (signal.aborted) return;
    if (currentUrl() !== lastUrl) {
      lastUrl = currentUrl();
      queue.length = 0;
      overflow = false;
      recheck.schedule();
      return;
    }
    const roots: ParentNode[] = overflow ? [document] : queue.filter((el) => el.isConnected);
    queue.length = 0;
    overflow = false;
    if (roots.length === 0) return;
    const significant = task('significant', () =>
      roots.slice(0, 50).some((r) => (r as Element).matches?.(SIGNIFICANT) || r.querySelector(SIGNIFICANT) !== null),
    );
    // New forms or fields: a clean verdict no longer stands for the page until it is checked again (red team class
    // 12: scam words and a card form added after a clean first check were paid through within the re-check delay).
    if (significant) state.stale(currentUrl());
    if (significant && !laterCheck) {
      // Not more often than SAME_URL_RECHECK_MIN_MS for one URL, but never dropped.
      laterCheck = true;
      setTimeout(() => {
        laterCheck = false;
        recheck.schedule();
      }, Math.max(0, SAME_URL_RECHECK_MIN_MS - (now() - lastCheckAt)));
    }
    const found = emptyFound();
    await collector.collect(roots, found, checker.addLink, signal);
    checker.add(found);
    await checker.flush(null).catch(() => null);
  }

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    whenIdle(() => void processQueue(), IDLE_TIMEOUT_MS);
  }

  const mo = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1 || isOwnUi(n)) continue;
        if (queue.length < MAX_QUEUED_ROOTS) queue.push(n as Element);
        else overflow = true;
      }
    }
    schedule();
  });

  const onRoute = (): void => schedule();
  /** (Again after document.open(): adding a listener that is still there is a no-op.) */
  function listenForRoutes(): void {
    addEventListener('popstate', onRoute, { signal });
    addEventListener('hashchange', onRoute, { signal });
  }
  listenForRoutes();
  const nav = (globalThis as { navigation?: EventTarget }).navigation;
  nav?.addEventListener('currententrychange', onRoute, { signal });

  // <html> replaced or document.open(): listeners on window were erased — register them again. And what was checked
  // may be gone: a page (or a wrapper's full-size frame) first shown harmless and clean, then rewritten in one task
  // with document.open() + write() into a recharge form, kept its clean verdict — same URL, and the new <html>
  // arrives already filled, so no added form was seen (review, session 22). A clean verdict no longer stands; the whole
  // page is read again.
  const docMo = new MutationObserver(() => {
    if (!document.documentElement) return;
    if (!framed) guard.install(signal);
    listenForRoutes();
    mo.disconnect();
    mo.observe(document.documentElement, { childList: true, subtree: true });
    state.stale(currentUrl());
    if (running) again = true;
    else recheck.schedule();
    overflow = true;
    schedule();
  });

  signal.addEventListener('abort', () => {
    mo.disconnect();
    docMo.disconnect();
    recheck.cancel();
  });

  // After the DOM is parsed: watch for <html> being replaced. The first check (and the mutation watch, whose
  // additions it covers by scanning the whole document) waits for the page's load event and then an idle moment —
  // a payment step before that asks for the check at once (guard.requestCheck), it is never a silent pass.
  void domReady(signal)
    .then(() => {
      if (signal.aborted || !document.documentElement) return;
      docMo.observe(document, { childList: true });
      return pageLoaded(signal, LOAD_WAIT_MAX_MS);
    })
    .then(() => {
      if (signal.aborted || !document.documentElement) return;
      mo.observe(document.documentElement, { childList: true, subtree: true });
      answerFrames(guard, signal);
      whenIdle(() => void checkPage(), IDLE_TIMEOUT_MS);
    });
}

/**
 * Answers the page's sub-frames (src/content/frame/guard.ts, through the worker): the page's verdict, and its
 * judgement of a step a sub-frame held. Registered after the load event, with the first check — not at
 * document_start: the first use of the extension API makes Chromium build it in the page's world (page-load cost,
 * issue 18). A sub-frame that asks before then gets no answer and asks again (frame/guard.ts).
 */
function answerFrames(guard: Guard, signal: AbortSignal): void {
  listenToWorker((message, _sender, sendResponse) => {
    const m = readToTop(message);
    if (!m) return undefined;
    if (m[FRAME_KEY] === 'status') {
      sendResponse(guard.frameStatus());
      return undefined;
    }
    guard.frameStep(m.frameId, m.stepId, m.own).then(sendResponse, () => sendResponse('stop'));
    return true; // answered later, through sendResponse (both browsers)
  }, signal);
}
