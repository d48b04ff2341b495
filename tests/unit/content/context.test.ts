/**
 * content.js's own context (src/content/context.ts), in place of WXT's ContentScriptContext (red team class 11): the
 * page can neither learn the extension's id from it nor stop it; only our code or the browser (runtime.id gone) ends
 * it. The real-browser proof is `class 11` in tests/e2e/redteam.{chromium,firefox}.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext as WxtContext } from 'wxt/utils/content-script-context';
import { ContentScriptContext } from '../../../src/content/context';

const g = globalThis as Record<string, unknown>;
const saved = { document: g.document, window: g.window, browser: g.browser, chrome: g.chrome, postMessage: g.postMessage };
afterEach(() => {
  Object.assign(g, saved);
  vi.restoreAllMocks();
});

function fakePage() {
  const document = new EventTarget();
  const postMessage = vi.fn();
  // The unit setup's fake `browser` is not the runtime under test here: each test sets `chrome` itself.
  Object.assign(g, { document, postMessage, window: g, browser: undefined });
  return { document, postMessage };
}

describe('content.js context', () => {
  it('announces nothing to the page and ignores a forged "newer instance started" event', () => {
    const { document, postMessage } = fakePage();
    g.chrome = { runtime: { id: 'abcdefghijklmnopabcdefghijklmnop' } };
    const dispatch = vi.spyOn(document, 'dispatchEvent');
    const ctx = new ContentScriptContext('content', {});
    expect(postMessage).not.toHaveBeenCalled();
    expect(dispatch).not.toHaveBeenCalled();
    for (const name of ['abcdefghijklmnopabcdefghijklmnop:content:wxt:content-script-started', 'wxt:content-script-started'])
      document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
    expect(ctx.signal.aborted).toBe(false);
    expect(ctx.isValid).toBe(true);
  });

  it('WXT\'s own context is stopped by that forged event (what this replaces)', () => {
    const { document, postMessage } = fakePage();
    const ctx = new WxtContext('content', {});
    expect(postMessage).toHaveBeenCalledTimes(1);
    const type = (postMessage.mock.calls[0]?.[0] as { type: string }).type;
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: 'content', messageId: 'forged' } }));
    expect(ctx.signal.aborted).toBe(true);
  });

  it('ends when the browser clears runtime.id (extension reloaded or removed), and runs its invalidation callbacks once', () => {
    fakePage();
    const runtime: { id?: string } = { id: 'x' };
    g.chrome = { runtime };
    const ctx = new ContentScriptContext('content');
    const cb = vi.fn();
    ctx.onInvalidated(cb);
    expect(ctx.isInvalid).toBe(false);
    delete runtime.id;
    expect(ctx.isInvalid).toBe(true);
    expect(ctx.isValid).toBe(false);
    expect(ctx.signal.aborted).toBe(true);
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('abort() ends it; listeners added through it are removed', () => {
    fakePage();
    g.chrome = { runtime: { id: 'x' } };
    const ctx = new ContentScriptContext('content');
    const target = new EventTarget();
    const heard = vi.fn();
    ctx.addEventListener(target, 'ping', heard);
    target.dispatchEvent(new Event('ping'));
    ctx.abort();
    target.dispatchEvent(new Event('ping'));
    expect(heard).toHaveBeenCalledTimes(1);
    expect(() => ctx.addEventListener(target, 'wxt:locationchange', heard)).toThrow(/does not provide/);
  });

  it('has every public member of WXT\'s context (entrypoints are typed against WXT\'s)', () => {
    const internal = new Set(['constructor', 'stopOldScripts', 'listenForNewerScripts', 'verifyScriptStartedEvent']);
    const wxt = Object.getOwnPropertyNames(WxtContext.prototype).filter((k) => !internal.has(k));
    const ours = new Set(Object.getOwnPropertyNames(ContentScriptContext.prototype));
    expect(wxt.filter((k) => !ours.has(k))).toEqual([]);
  });
});
