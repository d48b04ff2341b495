/**
 * The always-on content script's context: what `entrypoints/content.ts`'s `main(ctx)` receives in place of WXT's
 * `ContentScriptContext` (`wxt/utils/content-script-context`), in content.js's build only (`contentShims` in
 * wxt.config.ts).
 *
 * WXT's context announces itself to the page and can be stopped by it:
 * - it posts `{type: "<extension id>:content:wxt:content-script-started"}` to the page's window, so every page
 *   learned the extension's id;
 * - it aborts its signal when a document event of that name arrives with another instance id. Any page can dispatch
 *   one. One line in a hostile page removed every listener of content.js, the payment guard included (red team,
 *   class 11, `tests/e2e/redteam.*.test.ts`).
 *
 * It also read `runtime.id` at document_start, so Chromium built its extension API object in every page's isolated
 * world before the page loaded (`get app`, ~1.5 ms of a checkout load in a CPU profile; issue 18).
 *
 * This context has the same members, and only our code or the browser ends it. content.js runs once per frame (in a
 * sub-frame that fills most of the window its frame guard starts the page check itself and hands it its events:
 * frame-check.ts), so there is nothing to hand over on start-up. The signal is
 * aborted by `abort()`, or when the extension's context is gone (`isInvalid`, read from the browser, never from the
 * page).
 */
type Handler = (...args: never[]) => void;

export class ContentScriptContext {
  private readonly controller = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: unknown,
  ) {}

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }

  /** True once the extension was reloaded, updated or removed (the browser clears `runtime.id`), or after abort(). */
  get isInvalid(): boolean {
    if (!this.signal.aborted && !extensionAlive()) this.notifyInvalidated();
    return this.signal.aborted;
  }

  get isValid(): boolean {
    return !this.isInvalid;
  }

  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }

  block<T>(): Promise<T> {
    return new Promise<T>(() => undefined);
  }

  setTimeout(handler: () => void, timeout?: number): number {
    const id = setTimeout(() => this.isValid && handler(), timeout) as unknown as number;
    this.onInvalidated(() => clearTimeout(id));
    return id;
  }

  setInterval(handler: () => void, timeout?: number): number {
    const id = setInterval(() => this.isValid && handler(), timeout) as unknown as number;
    this.onInvalidated(() => clearInterval(id));
    return id;
  }

  requestAnimationFrame(callback: FrameRequestCallback): number {
    const id = requestAnimationFrame((t) => this.isValid && callback(t));
    this.onInvalidated(() => cancelAnimationFrame(id));
    return id;
  }

  requestIdleCallback(callback: IdleRequestCallback, options?: IdleRequestOptions): number {
    const id = requestIdleCallback((d) => !this.signal.aborted && callback(d), options);
    this.onInvalidated(() => cancelIdleCallback(id));
    return id;
  }

  /** Listens until the context ends. WXT's synthetic `wxt:*` events (location changes) are not provided here. */
  addEventListener(target: EventTarget, type: string, handler: Handler, options?: AddEventListenerOptions): void {
    if (type.startsWith('wxt:')) throw new Error(`content.js's context does not provide WXT's "${type}" event`);
    target.addEventListener(type, handler as unknown as EventListener, { ...options, signal: this.signal });
  }

  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}

/** Whether the extension that injected this script is still there. Read only when asked (never at document_start). */
function extensionAlive(): boolean {
  const g = globalThis as { browser?: { runtime?: { id?: string } }; chrome?: { runtime?: { id?: string } } };
  return (g.browser?.runtime?.id ?? g.chrome?.runtime?.id) != null;
}
