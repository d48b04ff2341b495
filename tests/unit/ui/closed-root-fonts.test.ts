/**
 * Issue 15, class 9: the page's @font-face rules apply inside our closed shadow roots (fonts are per document), so
 * every font family the in-page UI names must be a generic keyword a page cannot redefine.
 */
import { describe, expect, it } from 'vitest';
import { BADGE_CSS, BANNER_CSS, CONFIRM_CSS, OVERLAY_CSS } from '../../../src/content/ui/styles';

const GENERIC = new Set(['serif', 'sans-serif', 'monospace', 'cursive', 'fantasy', 'system-ui', 'ui-serif', 'ui-sans-serif', 'ui-monospace', 'ui-rounded', 'math', 'emoji', 'fangsong', 'inherit', 'initial', 'unset']);

/** The family list of each `font-family:` declaration and of each `font:` shorthand (what follows the size). */
function families(css: string): string[][] {
  const out: string[][] = [];
  for (const m of css.matchAll(/font-family\s*:\s*([^;}]+)/g)) out.push(m[1]!.split(',').map((f) => f.trim()));
  for (const m of css.matchAll(/(?<![-\w])font\s*:\s*([^;}]+)/g)) {
    const value = m[1]!.trim();
    if (['inherit', 'initial', 'unset'].includes(value)) continue;
    // font: [style] [weight] size[/line-height] family[, family…]
    const afterSize = /\d+(?:\.\d+)?(?:px|em|rem|%|pt)(?:\s*\/\s*[\d.]+(?:px|em|rem|%)?)?\s+(.+)$/.exec(value);
    expect(afterSize, `font shorthand without a family: ${value}`).not.toBeNull();
    out.push(afterSize![1]!.split(',').map((f) => f.trim()));
  }
  return out;
}

describe('closed-root fonts (issue 15, class 9)', () => {
  it('every family named in the in-page UI CSS is generic', () => {
    const all = [BADGE_CSS, OVERLAY_CSS, CONFIRM_CSS, BANNER_CSS].flatMap(families);
    expect(all.length, 'font declarations found').toBeGreaterThan(3);
    for (const list of all) for (const f of list) expect(GENERIC.has(f.replace(/^["']|["']$/g, '')), `named family "${f}"`).toBe(true);
  });

  it('the check catches a named family', () => {
    expect(families('.x { font: 400 14px/1.4 "PingFang SC", sans-serif; }')[0]).toEqual(['"PingFang SC"', 'sans-serif']);
    expect(families('.x { font-family: Arial; }')[0]).toEqual(['Arial']);
  });
});
