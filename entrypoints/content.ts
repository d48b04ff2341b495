/**
 * In-page protection. One script for every frame of an http(s) page (about:blank / srcdoc frames too, which take
 * their parent's origin), document_start, so the capture-phase payment guard is registered before any page script:
 *  - the top frame: the page check, badges and the pre-payment overlay (src/content/page/main.ts); the real work waits
 *    for idle;
 *  - a sub-frame: only the frame guard (src/content/frame/main.ts), which hands payment steps to the top frame's guard
 *    and does nothing until the user is about to act — unless the frame fills most of the window (a wrapper page):
 *    then it starts the page check there too, and hands every event to that check's guard.
 * One script rather than a second one for frames: a second manifest script would also load in every top frame (the
 * manifest cannot say "sub-frames only"), ~0.6 ms of script evaluation on every page load (issue 18); cross-origin ad
 * frames run in their own processes, off the page's main thread.
 */
import { startFrameGuard } from '../src/content/frame/main';
import { startContentScript } from '../src/content/page/main';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main(ctx) {
    if (window.top === window) startContentScript(ctx.signal);
    else startFrameGuard(ctx.signal, () => startContentScript(ctx.signal));
  },
});
