/**
 * A modal that a hostile page cannot suppress: a <dialog> in a closed shadow root shown with showModal(), so it
 * sits in the browser's top layer (no z-index can cover it, ancestor opacity/transform do not apply) and the rest
 * of the page is inert. A watchdog notices and repairs what a page can still do:
 *   - remove the host / replace <html>                      → re-append, showModal() again
 *   - rewrite the host's style or add hidden / inert        → restore the inline !important style, drop the attributes
 *   - put its own popover / modal dialog above ours         → close + showModal() puts ours back on top
 *   - append text/nodes into the host                       → removed (never rendered anyway: no <slot>)
 * It reacts to mutations (MutationObserver on <html>, the host and the document) and re-checks every
 * WATCHDOG_INTERVAL_MS (computed style, top-layer hit test with elementFromPoint at five points).
 * Each repaired trick calls `onTamper`; the caller decides what repeated tampering means.
 */
import { applyHostStyle, createHost, type HostKind } from '../dom';

export const WATCHDOG_INTERVAL_MS = 250;
/** Host attribute: how many tricks the watchdog has repaired on this modal. */
export const REPAIRS_ATTR = 'data-scamsentinel-repairs';
/** Removals within REMOVAL_WINDOW_MS after which the host moves to another parent (a page watching <html> only
 *  loses track of it), and after which the user is told with a native alert() the page cannot suppress. */
const MOVE_AFTER_REMOVALS = 3;
const ALERT_AFTER_REMOVALS = 12;
const REMOVAL_WINDOW_MS = 3000;
/** More repairs than this within one second: stop reacting to mutations (the interval still repairs), so a page
 *  that removes us from its own MutationObserver cannot trap both observers in an endless microtask loop. */
const MAX_REPAIRS_PER_SECOND = 20;
/** A `close` event this soon after a trusted Escape is the user's cancel (Chrome skips `cancel` on a repeat). */
const ESCAPE_CLOSE_WINDOW_MS = 1000;

/** The page's own top-layer content (light DOM only; the IO v2 check covers the rest in Chrome). Those open before
 *  ours, or put back below ours by a repair, are harmless; one that opens later is above us. */
/** Below this the dialog is not readable (or half the viewport / a third of its height on small screens). */
const MIN_DIALOG_PX = { width: 240, height: 160 } as const;

const OTHER_TOP_LAYER = ':popover-open:not(scamsentinel-ui), dialog:modal, :fullscreen';

interface VisibilityEntry {
  readonly isVisible?: boolean;
}

function createVisibilityObserver(onChange: (visible: boolean) => void): IntersectionObserver | null {
  if (typeof IntersectionObserver !== 'function') return null;
  try {
    const init = { threshold: [0], trackVisibility: true, delay: 100 } as IntersectionObserverInit;
    const io = new IntersectionObserver((entries) => {
      const last = entries[entries.length - 1] as VisibilityEntry | undefined;
      if (last && typeof last.isVisible === 'boolean') onChange(last.isVisible);
    }, init);
    return io;
  } catch {
    return null;
  }
}

/** Whether this browser can tell us that something is painted over the dialog (IntersectionObserver v2). */
export function occlusionProvable(): boolean {
  return typeof IntersectionObserverEntry === 'function' && 'isVisible' in IntersectionObserverEntry.prototype;
}

/**
 * Is this click on a "continue"-type button the user's deliberate choice?
 *  'ok'            trusted, nothing painted over the dialog, and either IO v2 proves that or it came from the keyboard
 *  'use-keyboard'  a pointer click where occlusion cannot be proven absent (Firefox: a page's closed-shadow-root
 *                  popover with pointer-events:none can sit over the dialog, so the user may be clicking what the
 *                  page painted): continue only from the keyboard (Enter / Space on the focused button — a surface
 *                  the page cannot paint over, since the modal dialog holds the focus)
 *  'no'            untrusted, or the dialog is known to be covered
 */
export function deliberateActivation(
  e: Pick<MouseEvent, 'isTrusted' | 'detail'>,
  unobstructed: boolean,
  provable: boolean,
): 'ok' | 'use-keyboard' | 'no' {
  if (!e.isTrusted || !unobstructed) return 'no';
  if (!provable && e.detail !== 0) return 'use-keyboard';
  return 'ok';
}

export interface ModalOptions {
  readonly kind: Extract<HostKind, 'overlay' | 'link-confirm'>;
  readonly css: string;
  readonly labelledBy: string;
  readonly describedBy: string;
  /** Called with every repaired trick. */
  readonly onTamper: (what: string) => void;
  /** Escape pressed by the user (the dialog is never closed by the page). */
  readonly onCancel: () => void;
  /** The page keeps removing the modal faster than it can be shown: last resort (a native alert). */
  readonly onSuppressed: () => void;
}

export interface Modal {
  readonly host: HTMLElement;
  readonly root: ShadowRoot;
  readonly dialog: HTMLDialogElement;
  show(): void;
  close(): void;
  /** Focusable controls in order, for the focus trap. */
  focusables(): HTMLElement[];
  /** False while something is painted over the dialog (Chrome's IO v2): clicks then may be clickjacked. */
  unobstructed(): boolean;
}

// One closure on purpose: the anti-tamper watchdog (diagnose / repair / check / observe),
// the focus trap and show/close share the dialog's private state (`open`, `parent`, observers, timer); each part is short.
export function createModal(opts: ModalOptions): Modal {
  const { host, root } = createHost(opts.kind, opts.css);
  const dialog = document.createElement('dialog');
  dialog.setAttribute('role', 'alertdialog');
  dialog.setAttribute('aria-modal', 'true');
  dialog.setAttribute('aria-labelledby', opts.labelledBy);
  dialog.setAttribute('aria-describedby', opts.describedBy);
  root.append(dialog);

  let open = false;
  // When the user last pressed Escape. Never a number near 0: performance.now() starts at the page's time origin,
  // so a page younger than ESCAPE_CLOSE_WINDOW_MS would otherwise read as "Escape just pressed".
  let escapeAt = Number.NEGATIVE_INFINITY;
  // close() calls of ours whose `close` event (queued as a task) has not arrived yet.
  let selfCloses = 0;
  let observer: MutationObserver | null = null;
  let docObserver: MutationObserver | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const repairs: number[] = [];
  let repairCount = 0;
  // Chrome: IntersectionObserver v2 reports whether the dialog is really painted on top — a page popover or modal
  // opened later covers it in the top layer while hit testing (elementFromPoint) skips the inert cover.
  let occluded = false;
  const below = new WeakSet<Element>();
  const markBelow = (): void => {
    for (const el of document.querySelectorAll(OTHER_TOP_LAYER)) below.add(el);
  };
  const io = createVisibilityObserver((visible) => {
    occluded = !visible;
    if (occluded) check(true);
  });
  const removals: number[] = [];
  let parent: Element = document.documentElement;
  let suppressed = false;

  const focusables = (): HTMLElement[] =>
    [...root.querySelectorAll<HTMLElement>('button, [tabindex="0"]')].filter(
      (el) => !(el as HTMLButtonElement).disabled && !el.closest('[hidden]'),
    );

  // Escape anywhere (focus may sit on the inert page behind): the browser sends the close request to our dialog.
  const onEscape = (e: KeyboardEvent): void => {
    if (e.isTrusted && e.key === 'Escape') escapeAt = performance.now();
  };
  dialog.addEventListener('keydown', (e) => {
    if (!e.isTrusted || e.key !== 'Tab') return;
    // Focus trap: wrap between the first and last enabled control.
    const list = focusables();
    const first = list[0];
    const last = list[list.length - 1];
    if (!first || !last) return;
    const active = root.activeElement;
    if (e.shiftKey && (active === first || !active)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !active)) {
      e.preventDefault();
      first.focus();
    }
  });
  dialog.addEventListener('cancel', (e) => {
    e.preventDefault();
    if (e.isTrusted) opts.onCancel();
  });
  dialog.addEventListener('close', () => {
    // Our own close() (a repair re-entering the top layer) queues a `close` event too: never the user's choice.
    if (selfCloses > 0) {
      selfCloses--;
      return;
    }
    // Chrome may close a modal on a repeated Escape without a cancelable `cancel` event: that is the user's choice.
    if (open && performance.now() - escapeAt < ESCAPE_CLOSE_WINDOW_MS) opts.onCancel();
  });

  function showModalNow(): void {
    try {
      if (dialog.open) {
        selfCloses++;
        dialog.close();
      }
      dialog.showModal();
    } catch {
      // not connected / document not fully active: the next check retries
    }
  }

  /**
   * Shrunk to a speck (`html { zoom: .04 }`, `transform: scale()` on an ancestor of a re-attached host): the dialog's
   * effective CSS zoom is not 1, or it renders below a size anyone could read. Treated as tampering; the repair
   * sets a counter-zoom on the host.
   */
  function zoomed(): boolean {
    const z = (host as HTMLElement & { currentCSSZoom?: number }).currentCSSZoom;
    if (typeof z === 'number' && Math.abs(z - 1) > 0.01) return true;
    const r = dialog.getBoundingClientRect();
    return r.width < Math.min(MIN_DIALOG_PX.width, innerWidth * 0.5) || r.height < Math.min(MIN_DIALOG_PX.height, innerHeight * 0.3);
  }

  function counterZoom(): void {
    const up = (host.parentElement as (HTMLElement & { currentCSSZoom?: number }) | null)?.currentCSSZoom;
    if (typeof up === 'number' && up > 0 && Math.abs(up - 1) > 0.01) host.style.setProperty('zoom', String(1 / up), 'important');
  }

  /** What is wrong right now, or null. Layout is read only here (while the modal is open, 4×/s). */
  function diagnose(): string | null {
    if (!host.isConnected || host.parentNode !== parent) return 'removed';
    if (host.firstChild) return 'injected';
    if (host.hasAttribute('hidden') || host.closest('[inert]') !== null) return 'hidden-attribute';
    const cs = getComputedStyle(host);
    if (cs.display === 'none' || cs.visibility !== 'visible' || cs.opacity !== '1' || cs.pointerEvents === 'none') return 'host-style';
    if (!dialog.open || !dialog.matches(':modal')) return 'closed';
    if (zoomed()) return 'zoomed';
    if (occluded) return 'covered';
    for (const el of document.querySelectorAll(OTHER_TOP_LAYER)) if (!below.has(el)) return 'covered';
    const r = dialog.getBoundingClientRect();
    const pts: [number, number][] = [
      [r.left + r.width / 2, r.top + r.height / 2],
      [r.left + 12, r.top + 12],
      [r.right - 12, r.top + 12],
      [r.left + 12, r.bottom - 12],
      [r.right - 12, r.bottom - 12],
    ];
    for (const [x, y] of pts) {
      if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
      const hit = document.elementFromPoint(x, y);
      if (hit !== null && hit !== host) return 'covered';
    }
    return null;
  }

  function newParent(): Element {
    const t = performance.now();
    removals.push(t);
    while (removals.length > 0 && (removals[0] ?? 0) < t - REMOVAL_WINDOW_MS) removals.shift();
    if (removals.length >= ALERT_AFTER_REMOVALS && !suppressed) {
      suppressed = true;
      opts.onSuppressed();
    }
    if (removals.length < MOVE_AFTER_REMOVALS || !document.body) return document.documentElement;
    // Somewhere the page may not be watching: a fresh wrapper at a random place in <body>.
    const wrap = document.createElement('div');
    const kids = document.body.children;
    document.body.insertBefore(wrap, kids[Math.floor(Math.random() * (kids.length + 1))] ?? null);
    return wrap;
  }

  function repair(what: string): void {
    while (host.firstChild) host.firstChild.remove();
    host.removeAttribute('hidden');
    for (let el = host.closest('[inert]'); el; el = el.closest('[inert]')) el.removeAttribute('inert');
    applyHostStyle(host, opts.kind);
    if (!host.isConnected || host.parentNode !== parent) {
      parent = newParent();
      parent.append(host);
    }
    counterZoom();
    if (what === 'removed' || what === 'closed' || what === 'covered' || !dialog.open) showModalNow();
    markBelow();
    observe();
  }

  function check(fromMutation: boolean): void {
    if (!open) return;
    if (fromMutation) {
      const t = performance.now();
      while (repairs.length > 0 && (repairs[0] ?? 0) < t - 1000) repairs.shift();
      if (repairs.length >= MAX_REPAIRS_PER_SECOND) return;
    }
    const what = diagnose();
    if (!what) return;
    repairs.push(performance.now());
    repair(what);
    // A counter on the host (the page can see the host anyway): tests wait on it instead of sleeping.
    host.setAttribute(REPAIRS_ATTR, String(++repairCount));
    opts.onTamper(what);
  }

  function observe(): void {
    observer?.disconnect();
    observer = new MutationObserver(() => check(true));
    observer.observe(document.documentElement, { childList: true, attributes: true, attributeFilter: ['inert'] });
    if (parent !== document.documentElement) observer.observe(parent, { childList: true });
    observer.observe(host, { attributes: true, childList: true });
    if (io) {
      // Re-observing reports the current state again (the observer only reports changes).
      occluded = false;
      io.unobserve(dialog);
      io.observe(dialog);
    }
  }

  // Popovers and modal dialogs the page opens (light DOM): noticed at once, before the next interval check.
  const onToggle = (e: Event): void => {
    if (!open || e.target === dialog || !(e.target instanceof Element)) return;
    if ((e as Event & { newState?: string }).newState === 'open') below.delete(e.target);
    queueMicrotask(() => check(true));
  };

  return {
    host,
    root,
    dialog,
    focusables,
    unobstructed: () => !occluded,
    show() {
      open = true;
      markBelow();
      parent = document.documentElement;
      parent.append(host);
      counterZoom(); // a page zoomed before the warning came is not tampering with it: undo it for the dialog
      showModalNow();
      observe();
      docObserver = new MutationObserver(() => check(true));
      docObserver.observe(document, { childList: true });
      timer = setInterval(() => check(false), WATCHDOG_INTERVAL_MS);
      addEventListener('keydown', onEscape, true);
      addEventListener('toggle', onToggle, true);
    },
    close() {
      open = false;
      selfCloses = 0;
      removeEventListener('keydown', onEscape, true);
      removeEventListener('toggle', onToggle, true);
      io?.disconnect();
      observer?.disconnect();
      docObserver?.disconnect();
      if (timer !== null) clearInterval(timer);
      try {
        dialog.close();
      } catch {
        // already closed
      }
      if (parent !== document.documentElement) parent.remove();
      host.remove();
    },
  };
}
