/**
 * The guard's pre-filter for clicks that arrive before the content script's UI part is loaded: which clicks are held
 * until the page's verdict is known (src/content/page/guard.ts quickPaymentClick).
 */
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickPaymentClick } from '../../src/content/page/guard.ts';
import { framePaymentClick } from '../../src/content/steps.ts';

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

describe('framePaymentClick (a sub-frame: also any control of a frame that holds a payment field)', () => {
  const frame = (body: string) => parseHTML(`<!doctype html><html><body>${body}</body></html>`).document;
  const at = (doc: ReturnType<typeof frame>, id: string) => doc.getElementById(id) as unknown as Element;

  it('a type=button "Confirm" next to card fields named by name, placeholder, autocomplete or input mode', () => {
    for (const field of [
      '<input name="cardnumber">',
      '<input id="x" placeholder="请输入卡号">',
      '<input name="n" autocomplete="cc-number">',
      '<input name="v" inputmode="numeric">',
      '<input type="password" name="p">',
      '<input name="sum" aria-label="Amount">',
    ]) {
      const doc = frame(`<div>${field}<button type="button" id="ok"><span id="label">Confirm</span></button></div>`);
      expect(framePaymentClick(at(doc, 'label')), field).toBe(at(doc, 'ok'));
    }
  });

  it('what the quick test holds it holds too; a widget frame without such a field is let through', () => {
    expect(framePaymentClick(el('div-pay'))).toBe(el('div-pay'));
    const widget = frame('<input name="q" placeholder="Search"><button type="button" id="next">Next</button><p id="text">Hello</p>');
    expect(framePaymentClick(at(widget, 'next'))).toBeNull();
    const card = frame('<input name="cvc"><p id="text">Hello</p>');
    expect(framePaymentClick(at(card, 'text'))).toBeNull(); // not a control
    expect(framePaymentClick(undefined)).toBeNull();
  });
});

describe('quickPaymentClick: a script button next to a payment field outside any form (red team, session 25)', () => {
  const page = (body: string) => parseHTML(`<!doctype html><html><body>${body}</body></html>`).document;
  const at = (doc: ReturnType<typeof page>, id: string) => doc.getElementById(id) as unknown as Element;

  it('held: "确定" beside a number field, "下一步" beside a field whose placeholder says 卡号; not: beside a search box', () => {
    const doc = page(`<div><div><input type="number"></div><button type="button" id="ok">确定</button></div>
      <div><input placeholder="请输入卡号"><span class="btn" id="next">下一步</span></div>
      <div><input type="search" name="q"><button type="button" id="search">Search</button></div>`);
    expect(quickPaymentClick(at(doc, 'ok'))).toBe(at(doc, 'ok'));
    expect(quickPaymentClick(at(doc, 'next'))).toBe(at(doc, 'next'));
    expect(quickPaymentClick(at(doc, 'search'))).toBeNull();
  });
});
