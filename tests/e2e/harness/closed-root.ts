/**
 * A handle on one closed shadow root in Chromium, through CDP (DOM.getDocument pierce → the shadow root's
 * backendNodeId → DOM.resolveNode → Runtime.callFunctionOn). Page JS and puppeteer's pierce/ cannot see inside.
 */
import type { CDPSession, Page } from 'puppeteer-core';

export class ClosedRoot {
  private constructor(
    private readonly cdp: CDPSession,
    readonly objectId: string,
  ) {}

  static async of(page: Page, hostSelector: string, timeoutMs = 10_000): Promise<ClosedRoot> {
    await page.waitForSelector(hostSelector, { timeout: timeoutMs });
    const cdp = await page.createCDPSession();
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: hostSelector });
    const { node } = await cdp.send('DOM.describeNode', { nodeId, depth: 1, pierce: true });
    const shadow = node.shadowRoots?.[0];
    if (!shadow || shadow.shadowRootType !== 'closed') throw new Error(`no closed shadow root on ${hostSelector}`);
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
    if (!object.objectId) throw new Error('shadow root not resolvable');
    return new ClosedRoot(cdp, object.objectId);
  }

  async call<T>(fn: string, ...args: unknown[]): Promise<T> {
    const r = await this.cdp.send('Runtime.callFunctionOn', {
      objectId: this.objectId,
      functionDeclaration: fn,
      arguments: args.map((value) => ({ value })),
      returnByValue: true,
      awaitPromise: true,
    });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value as T;
  }

  text(selector: string): Promise<string | null> {
    return this.call('function (s) { const el = this.querySelector(s); return el ? el.textContent : null; }', selector);
  }

  visible(selector: string): Promise<boolean> {
    return this.call('function (s) { const el = this.querySelector(s); return !!el && el.checkVisibility() && !el.closest("[hidden]"); }', selector);
  }

  disabled(selector: string): Promise<boolean> {
    return this.call('function (s) { return this.querySelector(s).disabled; }', selector);
  }

  focused(): Promise<string | null> {
    return this.call('function () { return this.activeElement ? this.activeElement.getAttribute("data-testid") : null; }');
  }

  /** The root's dialog is open, modal, and what a hit test in its middle finds. */
  isModalOnTop(): Promise<boolean> {
    return this.call(`function () {
      const d = this.querySelector('dialog');
      if (!d || !d.open || !d.matches(':modal')) return false;
      const r = d.getBoundingClientRect();
      return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === this.host;
    }`);
  }

  /**
   * Painted on top, as the user sees it: IntersectionObserver v2 (trackVisibility) on the dialog. elementFromPoint
   * alone is not enough: it skips inert content, and a page popover opened over a modal is inert yet painted above.
   */
  paintedOnTop(): Promise<boolean> {
    return this.call(`function () {
      const d = this.querySelector('dialog');
      return new Promise((resolve) => {
        const io = new IntersectionObserver((es) => { io.disconnect(); resolve(es[es.length - 1].isVisible === true); },
          { trackVisibility: true, delay: 100 });
        io.observe(d);
      });
    }`);
  }

  /** Real (trusted) mouse click in the middle of a control inside the root. */
  async click(page: Page, selector: string): Promise<void> {
    const box = await this.call<{ x: number; y: number } | null>(
      `function (s) { const el = this.querySelector(s); if (!el) return null; el.scrollIntoView({ block: 'center' });
        const r = el.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; }`,
      selector,
    );
    if (!box) throw new Error(`no ${selector} in the closed root`);
    await page.mouse.click(box.x, box.y);
  }

  /** Polls a predicate (`function () { … }` over `this` = the root); fails naming what did not happen. */
  async waitFor(predicate: string, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.call<boolean>(predicate).catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`within ${timeoutMs} ms, expected: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async detach(): Promise<void> {
    await this.cdp.detach().catch(() => undefined);
  }
}
