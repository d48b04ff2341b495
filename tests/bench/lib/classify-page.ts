/**
 * The classify bench's seeded pages (tests/bench/suites/classify.ts), shared with the extractor's golden test
 * (tests/dom/extract-golden.test.ts), so that the page the speed is measured on is also one whose features are pinned.
 */
import { mulberry32 as rng } from './gen-list-data.ts';

// seeded synthetic page: a shop/task-like app page with text, links, buttons, form fields and images
let rand = rng(7);
const WORDS = ['商品', '优惠', '订单', '充值', '提现', '佣金', '任务', 'order', 'deposit', 'shipping', '客服', '会员', 'VIP', '价格', 'free', 'return', '新品', '物流'];
const sentence = (n: number): string => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
function card(i: number): string {
  switch (i % 6) {
    case 0: return `<div class="item"><img src="/p/${i}.jpg" alt="商品 ${i}"><p>${sentence(12)}</p><span class="price">¥${i}</span></div>`;
    case 1: return `<section><h3>${sentence(3)}</h3><p>${sentence(20)}</p><a href="https://cdn${i % 7}.example.com/x/${i}">${sentence(2)}</a></section>`;
    case 2: return `<div class="row"><label for="f${i}">${sentence(2)}</label><input id="f${i}" name="field${i}"></div>`;
    case 3: return `<ul><li>${sentence(5)}</li><li>${sentence(5)}</li></ul>`;
    case 4: return `<div class="btn-row"><button>${i % 12 === 4 ? '立即充值' : sentence(2)}</button></div>`;
    default: return `<table><tr><td>${sentence(3)}</td><td>${sentence(3)}</td></tr></table>`;
  }
}
export function benchPageHtml(): string {
  rand = rng(7);
  let html = '<!doctype html><html lang="zh-CN"><head><title>任务中心</title></head><body><main>';
  for (let i = 0; i < 575; i++) html += card(i);
  html += '</main></body></html>';
  return html;
}
export const bigPageHtml = (): string => `<!doctype html><html><body>${'<div><span>充值 佣金 文本</span><a href="/x">链接</a></div>'.repeat(25_000)}</body></html>`;

const TAGS = ['div', 'span', 'p', 'a', 'button', 'input', 'img', 'label', 'h2', 'li', 'section', 'b', 'div', 'a', 'span', 'p'];
const SKIPPED = ['script', 'style', 'template', 'dialog', 'textarea', 'select', 'svg'];
const ATTRS: [string, string[]][] = [
  ['class', ['btn', 'x-button-y', 'countdown', 'item', 'btn-row', 'logo', 'qr-pay', '']],
  ['id', ['timer1', 'm', 'f2', 'logo', 'pay-qr', '']],
  ['hidden', ['']],
  ['aria-hidden', ['true', 'false']],
  ['style', ['display:none', 'color:red; visibility: hidden', 'color:blue', '']],
  ['role', ['button', 'link']],
  ['href', ['https://t.me/x', 'HTTP://Example.COM/a?b', '/rel', 'weixin://x', 'https://user@cdn.test:8/p', '']],
  ['type', ['submit', 'password', 'text', 'image', 'number', 'hidden']],
  ['value', ['确认', 'ok', '']],
  ['alt', ['收款码', 'logo', '商品', '']],
  ['src', ['/a/qr.png?x=1', 'data:image/png;base64,AA', '/p/1.jpg']],
  ['for', ['m', 'f2']],
  ['name', ['money', 'cardNo', 'ownerDocument']],
  ['autocomplete', ['one-time-code', 'cc-number']],
  ['placeholder', ['CVV', '手机号']],
  ['open', ['']],
];

/**
 * A seeded random page mixing every tag, attribute and nesting the extractor branches on (hidden, aria-hidden,
 * inline styles, button classes and roles, countdown ids, fields, labels, images near pay words, links): a property
 * test input whose features are pinned by the golden test.
 */
export function randomPageHtml(seed: number, elements = 400): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const text = (): string => Array.from({ length: 1 + Math.floor(r() * 6) }, () => pick(WORDS)).join(pick([' ', '  ', '\n', '']));
  let left = elements;
  const node = (depth: number): string => {
    left--;
    const tag = r() < 0.05 ? pick(SKIPPED) : pick(TAGS);
    const attrs = Array.from({ length: Math.floor(r() * 3) }, () => {
      // hiding attributes (the first five) are rarer, else most of the page would be skipped
      const [name, values] = r() < 0.15 ? pick(ATTRS.slice(2, 5)) : pick([...ATTRS.slice(0, 2), ...ATTRS.slice(5)]);
      return ` ${name}="${pick(values)}"`;
    }).join('');
    if (tag === 'input' || tag === 'img') return `<${tag}${attrs}>`;
    let inner = r() < 0.7 ? text() : '';
    while (left > 0 && depth < 8 && r() < 0.6) inner += node(depth + 1) + (r() < 0.5 ? text() : '');
    return `<${tag}${attrs}>${inner}</${tag}>`;
  };
  let body = '';
  while (left > 0) body += node(0);
  return `<!doctype html><html lang="${pick(['zh-CN', 'EN', ''])}"><head><title> ${text()} </title></head><body>${body}</body></html>`;
}
