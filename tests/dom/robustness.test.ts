import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyPage } from '../../src/core/classify/index.ts';
import { extractFeatures, extractFeaturesSliced, gate } from '../../src/dom/index.ts';
import { docFrom } from './helpers.ts';

describe('robustness: bounded time, no exceptions escaping', () => {
  it('100k-node page', async () => {
    const doc = docFrom(`<!doctype html><html><body>${'<div><span>充值 佣金 文本</span></div>'.repeat(34_000)}</body></html>`);
    const t0 = performance.now();
    const f = extractFeatures(doc);
    const v = classifyPage(f);
    const ms = performance.now() - t0;
    expect(f.truncated).toBe(true);
    expect(f.stats.nodes).toBeLessThanOrEqual(30_000);
    expect(['none', 'caution', 'warn']).toContain(v.level);
    // linkedom's TreeWalker snapshots the whole tree up front (O(n)); real browsers walk lazily.
    expect(ms).toBeLessThan(3_000);
    let t = 0;
    const sliced = await extractFeaturesSliced(doc, { now: () => (t += 0.1), yieldFn: async () => undefined });
    expect(sliced.truncated).toBe(true);
    expect(gate(doc).pass).toBe(true);
  });

  it('1,000 nested open shadow roots', () => {
    const doc = docFrom('<!doctype html><html><body><div id="h"></div></body></html>');
    let host: Element = doc.getElementById('h')!;
    for (let i = 0; i < 1000; i++) {
      const root = host.attachShadow({ mode: 'open' });
      const p = doc.createElement('p');
      p.textContent = `层 ${i}`;
      const next = doc.createElement('x-nest');
      root.appendChild(p);
      root.appendChild(next);
      host = next;
    }
    const f = extractFeatures(doc, { totalBudgetMs: 10_000 });
    expect(f.stats.shadowRoots).toBe(200);
    expect(f.truncated).toBe(true);
    expect(f.text).toContain('层 0');
  });

  it('10,000-deep element nesting (iterative walk, no recursion)', () => {
    const doc = docFrom('<!doctype html><html><body></body></html>');
    let el: Element = doc.body;
    for (let i = 0; i < 10_000; i++) {
      const d = doc.createElement('div');
      el.appendChild(d);
      el = d;
    }
    el.appendChild(doc.createTextNode('最深处 立即充值'));
    const f = extractFeatures(doc, { totalBudgetMs: 10_000 });
    expect(f.text).toBe('最深处 立即充值');
  });

  it('binary garbage as text, attributes and titles', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 400, unit: 'binary' }), { maxLength: 30 }), (parts) => {
        const doc = docFrom('<!doctype html><html><head><title>t</title></head><body></body></html>');
        for (const s of parts) {
          const p = doc.createElement('p');
          p.appendChild(doc.createTextNode(s));
          const i = doc.createElement('input');
          i.setAttribute('placeholder', s);
          i.setAttribute('name', s.slice(0, 20));
          const a = doc.createElement('a');
          a.setAttribute('href', `https://${s}`);
          doc.body.append(p, i, a);
        }
        const f = extractFeatures(doc);
        const v = classifyPage(f);
        expect(v.score).toBeGreaterThanOrEqual(0);
        expect(v.score).toBeLessThanOrEqual(1);
      }),
      { numRuns: 15 },
    );
  });

  it('a document without body / documentElement', () => {
    const doc = docFrom('');
    expect(() => extractFeatures(doc)).not.toThrow();
    expect(() => gate(doc)).not.toThrow();
  });
});
