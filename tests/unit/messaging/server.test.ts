import { describe, expect, it, vi } from 'vitest';
import { dispatchMessage, describeSender } from '../../../src/messaging/server';
import type { Handlers, SenderInfo } from '../../../src/messaging/protocol';
import { NO_VERDICT } from '../../../src/core/types';

const page: SenderInfo = { privileged: false, tabId: 7 };
const extPage: SenderInfo = { privileged: true, tabId: 7 };

function handlers(): Handlers {
  return {
    getVerdict: vi.fn(async () => NO_VERDICT),
    checkPage: vi.fn(async () => ({ page: NO_VERDICT, links: [], snippets: [] })),
    recordEvent: vi.fn(async () => null),
    loadContentUi: vi.fn(async () => null),
    frameStatus: vi.fn(async () => 'none' as const),
    frameStep: vi.fn(async () => 'go' as const),
    frameAddress: vi.fn(async () => 'http://a.test/'),
    frameVerdict: vi.fn(async () => null),
    frameReplay: vi.fn(async () => null),
    getStatus: vi.fn(async () => ({ host: 'a.test', verdict: NO_VERDICT, tampered: false, allowed: null, list: null })),
    allowForTab: vi.fn(async () => ({ host: 'a.test' })),
    trustSite: vi.fn(async () => ({ host: 'a.test' })),
    untrustSite: vi.fn(async () => ({ removed: true })),
    listTrusted: vi.fn(async () => []),
    closeTab: vi.fn(async () => null),
    previewReport: vi.fn(async () => ({ idempotencyKey: 'k', body: '{}', endpoint: null })),
    submitReport: vi.fn(async () => ({ localId: 1, createdAt: 0, status: 'queued' as const, kind: 'scam' as const, url: 'https://a.test/', category: 'other' as const, lastError: null, serverReason: null })),
    listReports: vi.fn(async () => []),
    getSyncStatus: vi.fn(async () => ({ subscriptions: [], problems: [] })),
    getModelStatus: vi.fn(async () => ({ inUse: { source: 'bundled' as const, version: null, release: 1, installedAt: null, listId: null }, last: null })),
    updateNow: vi.fn(async () => ({ kind: 'updated', message: 'updated' })),
    addSubscription: vi.fn(async () => ({ listId: 'x' })),
    setSubscriptionEnabled: vi.fn(async () => null),
    removeSubscription: vi.fn(async () => null),
  };
}

describe('dispatchMessage', () => {
  it.each([
    ['a string', 'hello', 'MALFORMED'],
    ['null', null, 'MALFORMED'],
    ['an array', [1, 2], 'MALFORMED'],
    ['extra top-level keys', { type: 'getVerdict', req: { url: 'http://a.test/' }, x: 1 }, 'MALFORMED'],
    ['an unknown type', { type: 'deleteEverything', req: {} }, 'UNKNOWN_TYPE'],
    ['a prototype key as type', { type: '__proto__', req: {} }, 'UNKNOWN_TYPE'],
    ['a wrong field type', { type: 'getVerdict', req: { url: 1 } }, 'MALFORMED'],
    ['a missing req', { type: 'getVerdict' }, 'MALFORMED'],
    ['an unknown field', { type: 'getVerdict', req: { url: 'http://a.test/', evil: true } }, 'MALFORMED'],
    ['an oversize url', { type: 'getVerdict', req: { url: 'http://a.test/' + 'x'.repeat(9000) } }, 'MALFORMED'],
    ['the removed checkUrls (links go in checkPage)', { type: 'checkUrls', req: { urls: ['http://a.test/'] } }, 'UNKNOWN_TYPE'],
    ['too many snippets', { type: 'checkPage', req: { url: 'http://a.test/', features: null, links: '', snippets: new Array(201).fill('x') } }, 'MALFORMED'],
    ['too many page links', { type: 'checkPage', req: { url: 'http://a.test/', features: null, links: new Array(2001).fill('http://b.test/').join('\n'), snippets: [] } }, 'MALFORMED'],
    ['an empty page link', { type: 'checkPage', req: { url: 'http://a.test/', features: null, links: 'http://b.test/\n\nhttp://c.test/', snippets: [] } }, 'MALFORMED'],
    ['an over-long page link', { type: 'checkPage', req: { url: 'http://a.test/', features: null, links: `http://b.test/${'x'.repeat(8200)}`, snippets: [] } }, 'MALFORMED'],
    ['page links as an array', { type: 'checkPage', req: { url: 'http://a.test/', features: null, links: ['http://b.test/'], snippets: [] } }, 'MALFORMED'],
    ['a gate sample over the cap', { type: 'checkPage', req: { url: 'http://a.test/', features: null, gate: { sample: 'x'.repeat(7000), sensitive: false }, links: '', snippets: [] } }, 'MALFORMED'],
  ])('refuses %s', async (_name, raw, code) => {
    const h = handlers();
    const res = await dispatchMessage(raw, extPage, h);
    expect(res).toMatchObject({ ok: false, error: { code } });
    expect(h.getVerdict).not.toHaveBeenCalled();
    expect(h.checkPage).not.toHaveBeenCalled();
  });

  it.each(['allowForTab', 'trustSite', 'untrustSite', 'listTrusted', 'closeTab', 'listReports'] as const)(
    'refuses privileged %s from a content script',
    async (type) => {
      const h = handlers();
      const req = type === 'untrustSite' ? { host: 'a.test' } : type === 'allowForTab' || type === 'trustSite' ? { url: 'http://a.test/' } : {};
      expect(await dispatchMessage({ type, req }, page, h)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(h[type]).not.toHaveBeenCalled();
      expect(await dispatchMessage({ type, req }, extPage, h)).toMatchObject({ ok: true });
      expect(h[type]).toHaveBeenCalledOnce();
    },
  );

  it('passes the parsed request and sender to the handler', async () => {
    const h = handlers();
    const req = { url: 'http://a.test/', features: null, links: 'http://b.test/\nhttp://c.test/', snippets: ['立即充值'] };
    const res = await dispatchMessage({ type: 'checkPage', req }, page, h);
    expect(res).toEqual({ ok: true, value: { page: NO_VERDICT, links: [], snippets: [] } });
    expect(h.checkPage).toHaveBeenCalledWith(req, page);
  });

  it('turns a handler exception into a typed FAILED response', async () => {
    const h = handlers();
    h.getVerdict = async () => {
      throw new Error('boom');
    };
    expect(await dispatchMessage({ type: 'getVerdict', req: { url: 'http://a.test/' } }, extPage, h)).toEqual({
      ok: false,
      error: { code: 'FAILED', message: 'boom' },
    });
  });
});

describe('describeSender', () => {
  const origin = 'chrome-extension://abc/';
  it('marks only our own extension pages as privileged', () => {
    expect(describeSender({ id: 'abc', url: 'chrome-extension://abc/warning.html', tab: { id: 3 }, frameId: 0 }, 'abc', origin)).toEqual({
      privileged: true,
      tabId: 3,
      frameId: 0,
    });
    expect(describeSender({ id: 'abc', url: 'https://evil.test/', tab: { id: 3 } }, 'abc', origin)).toEqual({
      privileged: false,
      tabId: 3,
    });
    expect(describeSender({ id: 'other', url: 'chrome-extension://abc/x.html' }, 'abc', origin).privileged).toBe(false);
    expect(describeSender({ id: 'abc', url: 'chrome-extension://abcdef/x.html' }, 'abc', origin).privileged).toBe(false);
    expect(describeSender({ id: 'abc' }, 'abc', origin)).toEqual({ privileged: false, tabId: null });
  });
});

describe('describeSender: a framed extension page is not privileged (issue 15, class 3)', () => {
  const origin = 'chrome-extension://abc/';
  it('warning.html framed by a web page (frameId ≠ 0) is an ordinary sender', () => {
    expect(describeSender({ id: 'abc', url: 'chrome-extension://abc/warning.html?url=https://com/', tab: { id: 3 }, frameId: 5 }, 'abc', origin)).toEqual({
      privileged: false,
      tabId: 3,
      frameId: 5,
    });
  });
  it('a tab without a frame id counts as framed; pages without a tab (popup) are top level', () => {
    expect(describeSender({ id: 'abc', url: 'chrome-extension://abc/warning.html', tab: { id: 3 } }, 'abc', origin).privileged).toBe(false);
    expect(describeSender({ id: 'abc', url: 'chrome-extension://abc/popup.html' }, 'abc', origin).privileged).toBe(true);
  });
});
