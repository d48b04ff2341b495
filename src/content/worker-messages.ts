/**
 * Messages the worker sends to this frame's content script (tabs.sendMessage with a frameId: the frame relays of
 * src/messaging/frames.ts). One place for the listener's shape: answered at once, later through `sendResponse`
 * (return true: both browsers), or not at all.
 */
import { browser } from 'wxt/browser';

export type WorkerListener = (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => true | undefined;

/** Listens until `signal` aborts. A gone extension context (updated or removed) leaves nothing to listen to. */
export function listenToWorker(listener: WorkerListener, signal: AbortSignal): void {
  const onMessage = browser.runtime.onMessage as unknown as {
    addListener(l: WorkerListener): void;
    removeListener(l: WorkerListener): void;
  };
  try {
    onMessage.addListener(listener);
    signal.addEventListener('abort', () => onMessage.removeListener(listener));
  } catch {
    // the extension's context is gone: the worker cannot send anything here either
  }
}
