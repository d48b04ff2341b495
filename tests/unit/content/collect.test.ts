import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { BLOCK_PREFILTER, BLOCK_SELECTOR } from '../../../src/content/page/collect';

/** The attribute a selector part tests, or its tag name. */
function subject(part: string): string {
  const attr = /^(?:[a-z]+)?(?:\.[\w-]+)?\[([\w-]+)/i.exec(part);
  if (attr) return `[${attr[1]}]`;
  const tag = /^([a-z]+)/i.exec(part);
  if (tag) return tag[1] as string;
  throw new Error(`cannot read the selector part ${part}`);
}

describe('block prefilter', () => {
  it('names the attribute or the tag of every part of BLOCK_SELECTOR (it must be a superset)', () => {
    const pre = new Set(BLOCK_PREFILTER.split(','));
    const parts = BLOCK_SELECTOR.split(',');
    expect(parts.length).toBeGreaterThan(30);
    for (const part of parts) {
      const s = subject(part);
      // `ins.adsbygoogle` is found by its tag; `[role="article"]` by [role]; everything else by its attribute
      expect(pre.has(s) || pre.has(part.replace(/[.[].*$/, '')), `${part} → ${s}`).toBe(true);
    }
  });

  it('lets through the ad / post containers and rejects bare elements (in a DOM)', () => {
    const { document } = parseHTML(`<html><body>
      <div id="a1" class="feed ad-slot">x</div><ins id="a2" class="adsbygoogle"></ins><article id="a3"></article>
      <div id="a4" data-ad="1"></div><section id="a5" aria-label="Sponsored"></section><div id="a6" data-post-id="9"></div>
      <li data-n="1"></li><a data-n="2" href="http://x.test/">x</a><p data-n="3">text</p></body></html>`);
    const ids = (sel: string) => [...document.querySelectorAll(sel)].map((e) => e.id).filter(Boolean);
    expect(ids(BLOCK_PREFILTER)).toEqual(expect.arrayContaining(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']));
    // bare elements (an attribute of their own, but none the prefilter names) are rejected
    expect(document.querySelectorAll('[data-n]')).toHaveLength(3);
    expect([...document.querySelectorAll(BLOCK_PREFILTER)].filter((e) => e.hasAttribute('data-n'))).toEqual([]);
  });
});

describe('linkTarget', () => {
  it('drops tabs and newlines a page put inside an href (they split the joined links message: every check failed)', async () => {
    const { linkTarget } = await import('../../../src/content/page/collect');
    const { joinLinks, splitLinks } = await import('../../../src/messaging/links');
    const { document } = parseHTML(`<html><body>
      <a id="n" href="https://a.test/x&#10;&#10;y">x</a><a id="t" href="https://b.test/&#9;p&#13;q">y</a>
      <a id="ok" href="https://c.test/pay#top">z</a></body></html>`);
    const targets = ['n', 't', 'ok'].map((id) => linkTarget(document.getElementById(id) as unknown as Element));
    expect(targets).toEqual(['https://a.test/xy', 'https://b.test/pq', 'https://c.test/pay']);
    const joined = joinLinks(targets as string[]);
    expect(splitLinks(joined)).toHaveLength(3);
    expect(splitLinks(joined).every((l) => l.length > 0)).toBe(true);
  });
});
