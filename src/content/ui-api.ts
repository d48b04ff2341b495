/**
 * The content script comes in two parts:
 *   content.js     (always, every http(s) top frame) guard listeners, link/block collection, the checker, the gate
 *                  sample — small, so ordinary pages pay little to parse and run it;
 *   content-ui.js  (src/content/ui/install.ts, injected on demand by the service worker with scripting.executeScript into the
 *                  same isolated world) feature extraction, payment-step detection, badges, overlay, banner, link
 *                  confirmation — loaded when the worker asks for features or something risky must be shown.
 * Both live in the extension's isolated world, so the page can neither see nor replace what content-ui.js registers.
 * The isolated world still shares the DOM: a string-named global (`globalThis.__scamsentinelContentUi`) is shadowed
 * by `<div id="__scamsentinelContentUi">` through the window's named properties. The UI therefore registers under a
 * Symbol (named properties are strings only) as an own, non-writable property, and is accepted only when it is the
 * object content-ui.js made (a frozen object whose every method is a function).
 */
import type { PageFeatures } from '../core/classify/features';
import type { Category, Verdict } from '../core/types';
import { send } from '../messaging/client';
import type { MarkKind } from './ui/marks';
import type { OverlayMode, OverlayOptions } from './ui/overlay';

/** Types of the on-demand bundle that the always-on page bundle may name (types only: no code crosses). */
export type { MarkKind, OverlayMode };

export const CONTENT_UI_KEY: unique symbol = Symbol.for('scamsentinel.contentUi');

export interface ContentUi {
  /** Sliced feature extraction of `document` (src/dom), measured as `extract` tasks; `full`: every closed shadow
   *  root too, not only custom elements' (walk.ts `closedShadowRoots`). */
  extract(url: string, signal: AbortSignal, full?: boolean): Promise<PageFeatures>;
  mark(el: Element, verdict: Verdict, kind: MarkKind): void;
  showOverlay(opts: OverlayOptions): void;
  isOverlayOpen(): boolean;
  showBanner(verdict: Verdict, pageUrl: string): void;
  confirmLink(href: string, verdict: Verdict, onOpen: () => void): void;
  leaveSite(): void;
  paymentClickTarget(target: EventTarget | undefined, category: Category | undefined): Element | null;
  isPaymentSubmit(form: HTMLFormElement, submitter: Element | null, category: Category | undefined): boolean;
  isPaymentEnter(target: EventTarget | undefined, category: Category | undefined): HTMLElement | null;
}

/** The UI part when it is loaded (synchronous: event handlers must decide within the event). */
export function getUi(): ContentUi | null {
  const d = Object.getOwnPropertyDescriptor(globalThis, CONTENT_UI_KEY);
  const ui: unknown = d && !d.writable && !d.configurable ? d.value : null;
  return isContentUi(ui) ? ui : null;
}

const UI_METHODS: readonly (keyof ContentUi)[] = [
  'extract', 'mark', 'showOverlay', 'isOverlayOpen', 'showBanner', 'confirmLink', 'leaveSite',
  'paymentClickTarget', 'isPaymentSubmit', 'isPaymentEnter',
];

function isContentUi(v: unknown): v is ContentUi {
  return (
    typeof v === 'object' && v !== null && Object.isFrozen(v) &&
    UI_METHODS.every((k) => typeof (v as Record<string, unknown>)[k] === 'function')
  );
}

let loading: Promise<ContentUi> | null = null;

/** Loads the UI part once (the worker injects it); a failure is forgotten so a later call tries again. */
export function loadUi(): Promise<ContentUi> {
  const ui = getUi();
  if (ui) return Promise.resolve(ui);
  loading ??= send('loadContentUi', {})
    .then(() => {
      const loaded = getUi();
      if (!loaded) throw new Error('the content UI did not register');
      return loaded;
    })
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  return loading;
}

/** Registers the UI part (called by content-ui.js); the first registration wins. */
export function registerUi(ui: ContentUi): void {
  if (Object.getOwnPropertyDescriptor(globalThis, CONTENT_UI_KEY)) return;
  Object.defineProperty(globalThis, CONTENT_UI_KEY, { value: Object.freeze({ ...ui }), configurable: false, writable: false });
}
