/**
 * Payment steps in sub-frames (src/content/frame): every frame of an http(s) page, about:blank / srcdoc frames
 * included (they take their parent's origin: match_about_blank, match_origin_as_fallback). It returns at once in the
 * top frame (content.js guards that one) and does nothing in a frame until the user is about to act.
 */
import { startFrameGuard } from '../src/content/frame/main';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_start',
  allFrames: true,
  matchAboutBlank: true,
  matchOriginAsFallback: true,
  main(ctx) {
    startFrameGuard(ctx.signal);
  },
});
