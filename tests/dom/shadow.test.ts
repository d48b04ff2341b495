import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anyShadowRoot, forgetShadowApi, unreadShadowRoot } from '../../src/dom/shadow.ts';
import { docFrom } from './helpers.ts';

// Chromium's content-script API (chrome.dom.openOrClosedShadowRoot), stood in for by a map of the closed roots made here.
const closedRoots = new Map<Element, ShadowRoot>();
const g = globalThis as { chrome?: unknown };
let before: unknown;
beforeEach(() => {
  before = g.chrome;
  g.chrome = { dom: { openOrClosedShadowRoot: (el: Element) => closedRoots.get(el) ?? el.shadowRoot ?? null } };
  forgetShadowApi();
});
afterEach(() => {
  g.chrome = before;
  closedRoots.clear();
  forgetShadowApi();
});

function closed(host: Element, html: string): ShadowRoot {
  const root = host.attachShadow({ mode: 'closed' });
  const body = docFrom(`<!doctype html><html><body>${html}</body></html>`).body;
  for (const n of [...body.childNodes]) root.appendChild(host.ownerDocument.importNode(n, true));
  closedRoots.set(host, root);
  return root;
}

describe('closed shadow roots (src/dom/shadow.ts)', () => {
  it('anyShadowRoot reads a closed root through the browser API, and only the element\'s own', () => {
    const d = docFrom('<!doctype html><html><body><div id="a"></div><div id="b"></div></body></html>');
    const a = d.getElementById('a')!;
    const root = closed(a, '<p>内</p>');
    expect(a.shadowRoot).toBeNull();
    expect(anyShadowRoot(a)).toBe(root);
    expect(anyShadowRoot(d.getElementById('b')!)).toBeNull();
    g.chrome = { dom: { openOrClosedShadowRoot: () => root } }; // an answer that is not b's root
    forgetShadowApi();
    expect(anyShadowRoot(d.getElementById('b')!)).toBeNull();
  });

  it('after an extraction: none on a plain page, nor for a custom element (every extraction reads those)', () => {
    const d = docFrom('<!doctype html><html><body><div><p>x</p></div><x-app></x-app></body></html>');
    expect(unreadShadowRoot(d, true)).toBe(false);
    closed(d.querySelector('x-app')!, '<p>组件</p>');
    expect(unreadShadowRoot(d, true)).toBe(false);
  });

  it('after an extraction: a closed root of a div, also inside a custom element\'s closed root or an open root', () => {
    const d1 = docFrom('<!doctype html><html><body><div id="w"></div><form></form></body></html>');
    closed(d1.getElementById('w')!, '<p>抢单</p>');
    expect(unreadShadowRoot(d1, true)).toBe(true);

    const d2 = docFrom('<!doctype html><html><body><x-app></x-app></body></html>');
    const inner = closed(d2.querySelector('x-app')!, '<section id="s"></section>');
    closed(inner.querySelector('#s')!, '<p>抢单</p>');
    expect(unreadShadowRoot(d2, true)).toBe(true);

    const d3 = docFrom('<!doctype html><html><body><div id="o"></div></body></html>');
    const open = d3.getElementById('o')!.attachShadow({ mode: 'open' });
    open.appendChild(d3.createElement('span'));
    expect(unreadShadowRoot(d3, true)).toBe(false);
    closed(open.querySelector('span')!, '<p>抢单</p>');
    expect(unreadShadowRoot(d3, true)).toBe(true);
  });

  it('after the gate sample alone (no extraction): any shadow root is unread, open or a custom element\'s', () => {
    const d1 = docFrom('<!doctype html><html><body><div id="o"></div></body></html>');
    d1.getElementById('o')!.attachShadow({ mode: 'open' });
    expect(unreadShadowRoot(d1, true)).toBe(false);
    expect(unreadShadowRoot(d1, false)).toBe(true);
    const d2 = docFrom('<!doctype html><html><body><x-w></x-w></body></html>');
    closed(d2.querySelector('x-w')!, '<p>抢单</p>');
    expect(unreadShadowRoot(d2, true)).toBe(false);
    expect(unreadShadowRoot(d2, false)).toBe(true);
  });

  it('more candidates than it may ask about counts as one (a page cannot pad past the look)', () => {
    const d = docFrom(`<!doctype html><html><body>${'<div></div>'.repeat(30)}</body></html>`);
    expect(unreadShadowRoot(d, true, 100)).toBe(false);
    expect(unreadShadowRoot(d, true, 10)).toBe(true);
  });

  it('without the browser API (Node, a page\'s own world) closed roots stay unread and nothing is reported', () => {
    g.chrome = undefined;
    forgetShadowApi();
    const d = docFrom('<!doctype html><html><body><div id="w"></div></body></html>');
    closed(d.getElementById('w')!, '<p>抢单</p>');
    expect(anyShadowRoot(d.getElementById('w')!)).toBeNull();
    expect(unreadShadowRoot(d, true)).toBe(false);
  });
});
