/**
 * The guard's pre-filter for clicks that arrive before the content script's UI part is loaded: which clicks are held
 * until the page's verdict is known (src/content/page/guard.ts quickPaymentClick).
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickPaymentClick } from '../../src/content/page/guard.ts';

const { document, Element } = parseHTML(`<!doctype html><html><body>
<form id="f"><input name="q"><button id="go">Search</button><button id="plain" type="button">Clear</button></form>
<div class="btn" id="div-pay">立即支付</div>
<div class="btn" id="div-trad"><span id="trad-span">立即儲值</span></div>
<span role="button" id="topup">Top up now</span>
<a href="http://shop.test/checkout" id="nav-pay">Pay now</a>
<a href="#" id="hash-pay">确认转账</a>
<button type="button" id="like">点赞</button>
<p id="long">${'这是一段很长的文字，说到了支付。'.repeat(30)}</p>
</body></html>`);

// The page the click happens on (linkedom has no location; its anchors keep hrefs as written).
const g = globalThis as { Element?: unknown; location?: unknown };
const saved = { Element: g.Element, location: g.location };
beforeAll(() => {
  g.Element = Element;
  g.location = new URL('http://shop.test/pay');
});
afterAll(() => {
  g.Element = saved.Element;
  g.location = saved.location;
});

const el = (id: string) => document.getElementById(id) as unknown as Element;

describe('quickPaymentClick', () => {
  it('holds form submit buttons and controls / short texts with a money word (zh-Hans, zh-Hant, en)', () => {
    expect(quickPaymentClick(el('go'))).toBe(el('go'));
    expect(quickPaymentClick(el('div-pay'))).toBe(el('div-pay'));
    expect(quickPaymentClick(el('trad-span'))).toBe(el('trad-span'));
    expect(quickPaymentClick(el('topup'))).toBe(el('topup'));
    expect(quickPaymentClick(el('hash-pay'))).toBe(el('hash-pay'));
  });

  it('lets through navigation links, non-submitting buttons without money words, and long texts', () => {
    expect(quickPaymentClick(el('nav-pay'))).toBeNull();
    expect(quickPaymentClick(el('plain'))).toBeNull();
    expect(quickPaymentClick(el('like'))).toBeNull();
    expect(quickPaymentClick(el('long'))).toBeNull();
    expect(quickPaymentClick(undefined)).toBeNull();
  });
});
