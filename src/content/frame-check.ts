/**
 * Whether content.js may check this frame as a page. It does in the top frame, and in a sub-frame only when the frame
 * guard (frame/main.ts) found the frame to be most of the window — a wrapper page that shows a scam app in a
 * full-size frame — and the worker injected content.js there again on its request (`checkFrame`). The mark is a registered
 * symbol on the isolated world's global: the page's own scripts live in another world and cannot set it.
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
