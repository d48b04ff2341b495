/**
 * In-page protection (src/content/page/main.ts). Top frame only: the page check, badges and the pre-payment overlay
 * belong to the page the user is on; ad iframes are checked by their src from the top frame, and running in every
 * frame would multiply the cost by each ad/tracker iframe on ordinary pages. document_start (not document_idle) so
 * the capture-phase payment guard is registered before any page script; the real work waits for idle.
 */
import { startContentScript } from '../src/content/page/main';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: false,
  main(ctx) {
    startContentScript(ctx.signal);
  },
});
