/**
 * What content.js sends as a page's features is always accepted by the worker's schema, whatever the page wrote
 * (red team class 12): an overlong `<html lang>`, button label, link host or field evidence used to get the whole
 * second check refused, and the page was then judged by its URL alone.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toWire } from '../../../src/content/page/checker';
import { textFeatures, type PageFeatures } from '../../../src/core/classify/features';
import { parsePageFeatures } from '../../../src/messaging/page-features-schema';

const long = (n: number) => 'x'.repeat(n);

function hostile(): PageFeatures {
  const base = textFeatures('充值 提现 抢单 佣金');
  return {
    ...base,
    url: `https://a.test/${long(9000)}`,
    host: long(300),
    lang: `en-${long(60)}`,
    title: long(2000),
    text: long(120_000),
    headings: Array.from({ length: 250 }, () => long(600)),
    buttons: Array.from({ length: 350 }, () => long(250)),
    fields: Array.from({ length: 350 }, () => ({ kind: 'card-number' as const, evidence: `autocomplete=${long(400)}` })),
    links: { count: 5000, hosts: Array.from({ length: 2100 }, () => long(260)), contactLinks: Array.from({ length: 250 }, () => long(600)) },
    images: { count: 3, qrCount: 1, qrNearPay: Array.from({ length: 60 }, () => long(400)) },
  };
}

describe('toWire', () => {
  it('cuts every page-written string and list to the schema\'s caps: the worker accepts it', () => {
    const wire = toWire(hostile());
    expect(parsePageFeatures(hostile())).toBeNull(); // as extracted, the worker refuses it
    const parsed = parsePageFeatures(wire);
    expect(parsed).not.toBeNull();
    expect(parsed!.lang.startsWith('en-x')).toBe(true);
    expect(parsed!.text.length).toBe(100_000);
    expect(parsed!.buttons).toHaveLength(300);
  });

  it('leaves features within the caps as they are', () => {
    const f = textFeatures('普通的商品介绍');
    expect(toWire(f)).toEqual(parsePageFeatures(toWire(f)));
    expect(toWire(f).text).toBe(f.text);
  });

  it('any string lengths: accepted', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), fc.array(fc.string({ maxLength: 700 }), { maxLength: 400 }), (s, a) => {
        const f: PageFeatures = { ...textFeatures(s), lang: s, title: s, headings: a, buttons: a, links: { count: a.length, hosts: a, contactLinks: a } };
        expect(parsePageFeatures(toWire(f))).not.toBeNull();
      }),
      { numRuns: 200, seed: 20 },
    );
  });
});
