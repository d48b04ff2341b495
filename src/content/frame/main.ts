/**
 * The sub-frame content script (entrypoints/frame.content.ts): the payment guard of frame/guard.ts, wired to the
 * worker. Nothing runs in the top frame (content.js guards it) and nothing is read from the page until the user acts.
 */
import { browser } from 'wxt/browser';
import { send } from '../../messaging/client';
import { readToFrame } from '../../messaging/frames';
import { askWithoutUi } from '../page/guard-dialog';
import { now } from '../schedule';
import { createFrameGuard } from './guard';

type OnMessage = (message: unknown) => undefined;

export function startFrameGuard(signal: AbortSignal): void {
  if (window.top === window) return;
  const guard = createFrameGuard(
    {
      status: () => send('frameStatus', {}),
      step: (stepId) => send('frameStep', { stepId }),
      onReplay(handler, sig) {
        const listener: OnMessage = (message) => {
          const m = readToFrame(message);
          if (m) handler(m.stepId);
          return undefined;
        };
        const onMessage = browser.runtime.onMessage as unknown as { addListener(l: OnMessage): void; removeListener(l: OnMessage): void };
        onMessage.addListener(listener);
        sig.addEventListener('abort', () => onMessage.removeListener(listener));
      },
      askWithoutUi,
      now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    },
    signal,
  );
  guard.install(signal);
  // document.open() in the frame erases listeners on its window: register them again (adding one that is still
  // there is a no-op, so they keep their place ahead of the page's).
  const docMo = new MutationObserver(() => guard.install(signal));
  const watch = (): void => docMo.observe(document, { childList: true });
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch, { once: true, signal });
  else watch();
  signal.addEventListener('abort', () => docMo.disconnect());
}
