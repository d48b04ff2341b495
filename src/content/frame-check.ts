/**
 * Whether content.js may check this frame as a page. It does in the top frame, and in a sub-frame only when the frame
 * guard (frame/main.ts) found the frame to be most of the window — a wrapper page that shows a scam app in a
 * full-size frame — and started the page check there. The mark is a registered symbol on the isolated world's global:
 * the page's own scripts live in another world and cannot set it.
 */
const KEY: unique symbol = Symbol.for('scamsentinel.frameCheck') as never;

export function allowFrameCheck(): void {
  if (!Object.getOwnPropertyDescriptor(globalThis, KEY)) {
    Object.defineProperty(globalThis, KEY, { value: true, writable: false, configurable: false });
  }
}

export function frameCheckAllowed(): boolean {
  return Object.getOwnPropertyDescriptor(globalThis, KEY)?.value === true;
}

/**
 * The page guard of a frame checked as a page hands its event handling to the frame guard's listeners: those were
 * registered at document_start, ahead of every listener of the page; the page check may start later (when the frame
 * grows to most of the window), and a page's own capture listener that stops events would otherwise hide every click
 * and submit from it (red team class 12, "reappend"). Same registered-symbol property, same world.
 */
const DISPATCH: unique symbol = Symbol.for('scamsentinel.frameDispatch') as never;

export function publishFrameDispatch(dispatch: (e: Event) => void): void {
  if (!Object.getOwnPropertyDescriptor(globalThis, DISPATCH)) {
    Object.defineProperty(globalThis, DISPATCH, { value: dispatch, writable: false, configurable: false });
  }
}

export function frameDispatch(): ((e: Event) => void) | null {
  const v: unknown = Object.getOwnPropertyDescriptor(globalThis, DISPATCH)?.value;
  return typeof v === 'function' ? (v as (e: Event) => void) : null;
}

/**
 * A sub-frame's own-page read (frame/guard.ts `read`), for the worker: a step in a frame inside this one (a card form
 * in a frame of a scaled-up scam frame) is judged with what this frame shows too. The worker calls it with
 * scripting.executeScript in this isolated world (background/start.ts `readFrame`, which spells the same key): no
 * listener is registered in every frame for it. Same registered-symbol property, same world, out of the page's reach.
 */
export const FRAME_READ_KEY = 'scamsentinel.frameRead';
const READ: unique symbol = Symbol.for(FRAME_READ_KEY) as never;

export function publishFrameRead(read: () => Promise<string>): void {
  if (!Object.getOwnPropertyDescriptor(globalThis, READ)) {
    Object.defineProperty(globalThis, READ, { value: read, writable: false, configurable: false });
  }
}
