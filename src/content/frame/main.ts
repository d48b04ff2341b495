/**
 * content.js in a sub-frame (entrypoints/content.ts): the payment guard of frame/guard.ts, wired to the
 * worker. Nothing runs in the top frame (content.js guards it) and nothing is read from the page until the user acts.
 */
import { send } from '../../messaging/client';
import { readToFrame } from '../../messaging/frames';
import { askWithoutUi } from '../page/guard-dialog';
import { now } from '../schedule';
import { allowFrameCheck, frameDispatch, publishFrameRead } from '../frame-check';
import { listenToWorker } from '../worker-messages';
import { createFrameGuard } from './guard';
import { checkOwnPage, pageMark } from './own';
import { assignUrl, judgedUrl } from '../page/state';

/**
 * A frame that fills this share of the browser window (or more) is what the user is looking at … A frame cannot read
 * its top frame's size across origins, only the window's outer size, which includes the browser's toolbars (a full
 * viewport is ~0.85 of it on a desktop; headless Firefox's 800×600 viewport in its 1366×768 window is 0.46). A card or
 * video frame of 600×400 or 800×450 in a 1366×768 window is 0.23 or 0.34.
 */
export const BIG_FRAME_SHARE = 0.4;
/** … when it is at least this big each way. */
const BIG_FRAME_MIN_PX = 320;

/** … or, a phone-sized page shown on a desktop (a mobile H5 platform in a phone-shaped frame), this share of its height. */
export const TALL_FRAME_SHARE = 0.6;

function isBig(): boolean {
  if (innerWidth < BIG_FRAME_MIN_PX || innerHeight < BIG_FRAME_MIN_PX || outerWidth <= 0 || outerHeight <= 0) return false;
  return innerWidth * innerHeight >= BIG_FRAME_SHARE * outerWidth * outerHeight || innerHeight >= TALL_FRAME_SHARE * outerHeight;
}

/**
 * `startPageCheck` starts content.js's page check in this frame (page/main.ts), for a frame that is most of the window.
 */
export function startFrameGuard(signal: AbortSignal, startPageCheck: () => void): void {
  if (window.top === window) return;
  // Payment steps are handed to the top frame — or, once this frame is checked as a page, every event is handed to
  // the page check's guard (these listeners are registered at document_start, ahead of the page's).
  const size = watchSize(signal, startPageCheck);
  const guard = createFrameGuard(
    {
      status: () => send('frameStatus', {}),
      own: () => checkOwnPage(signal),
      step: (stepId, own) => send('frameStep', { stepId, own }),
      onReplay(handler, sig) {
        listenToWorker((message) => {
          const m = readToFrame(message);
          if (m) handler(m.stepId);
          return undefined;
        }, sig);
      },
      askWithoutUi,
      now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      handedOver: frameDispatch,
      pageMark,
    },
    signal,
  );
  guard.install(signal);
  // A frame between a step's frame and the frame that judges it is read through this (the worker injects a call).
  publishFrameRead(() => guard.read());
  // document.open() in the frame erases listeners on its window: register them again (adding one that is still
  // there is a no-op, so they keep their place ahead of the page's) — the size watch's too (a 1×1 frame written
  // into, then enlarged, was never checked as a page: review, session 22).
  const docMo = new MutationObserver(() => {
    guard.install(signal);
    size.again();
  });
  const watch = (): void => {
    docMo.observe(document, { childList: true });
    size.again(); // the root is there now (at document_start it may not be yet)
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch, { once: true, signal });
  else watch();
  signal.addEventListener('abort', () => docMo.disconnect());
}

/**
 * A wrapper page that shows a site in a full-size frame (a scam platform behind a throw-away "shell" domain) is judged
 * by the wrapper's own, nearly empty, page: the frame is what the user sees, so it is checked as a page. When the
 * frame is (or is resized to be) most of the window, content.js starts its page check here: the badges and the
 * payment guard with its warning in this frame; this script's listeners then feed that guard. Only frames with an
 * http(s) address or origin (page/state.ts `judgedUrl`: a srcdoc, about:blank or blob: frame is judged by its creator's
 * address — session 22: such a frame was never checked, and its steps went to the wrapper's clean page): content.js
 * judges a page by its address too. (Until session 22 the worker injected content.js into the frame again; one
 * script holds both now.)
 */
function watchSize(signal: AbortSignal, startPageCheck: () => void): { again(): void } {
  let started = false;
  let asking = false;
  const check = (): void => {
    if (started || asking || !isBig()) return;
    if (judgedUrl() === null) {
      // An opaque origin (a sandboxed or data: frame) has no address it may read: the worker knows its nearest http(s)
      // ancestor's (webNavigation), which the page cannot choose. No answer: its steps go to the top frame.
      asking = true;
      send('frameAddress', {}).then(
        (url) => {
          assignUrl(url);
          asking = false;
          check();
        },
        () => (asking = false),
      );
      return;
    }
    started = true;
    removeEventListener('resize', check);
    allowFrameCheck();
    // The page check publishes its guard's handler before it returns: this script's listeners (ahead of the page's)
    // hand every event to it from now on.
    startPageCheck();
  };
  // A frame's first size may come after document_start: content.js can read the default 300×150 of an iframe not yet
  // laid out (a cached page loads that fast), and when the frame's first rendering already has its final size, no
  // resize event ever fires — the frame was never checked (1–2 of the wrapper tests per run of the red-team file,
  // session 23). A ResizeObserver reports the root's box after every layout that changes it, the first one included.
  let sized: ResizeObserver | null = null;
  const again = (): void => {
    check();
    if (started) return;
    addEventListener('resize', check, { signal });
    sized?.disconnect();
    sized = new ResizeObserver(() => {
      check();
      if (started) sized?.disconnect();
    });
    // No root yet (document_start can come before it): the document watch (startFrameGuard) calls again() once it is there.
    if (document.documentElement) sized.observe(document.documentElement);
  };
  signal.addEventListener('abort', () => sized?.disconnect());
  again();
  return { again };
}
