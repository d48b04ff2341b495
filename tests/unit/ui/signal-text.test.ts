import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Signal } from '../../../src/core/signals.ts';
import { shownLabel } from '../../../src/core/url/label-display';
import { ALL_SAMPLES, FIXED_SAMPLES } from '../core/signal-samples.ts';

// chrome.i18n over the generated tables (public/_locales), in the language a test picks.
let lang = 'zh_CN';
const tables: Record<string, Record<string, { message: string }>> = {};
for (const l of ['en', 'zh_CN', 'zh_TW']) tables[l] = JSON.parse(readFileSync(`public/_locales/${l}/messages.json`, 'utf8'));
vi.mock('wxt/browser', () => ({
  browser: {
    i18n: {
      getMessage: (key: string, subs?: string | string[]) => {
        const m = tables[lang]?.[key]?.message;
        if (m === undefined) return '';
        const list = subs === undefined ? [] : Array.isArray(subs) ? subs : [subs];
        return m.replace(/\$(\d)/g, (_, n: string) => list[Number(n) - 1] ?? '');
      },
      getUILanguage: () => lang.replace('_', '-'),
    },
  },
}));
const { signalLines, signalText } = await import('../../../src/ui/signal-text.ts');

/** Every string a signal carries as data (page words, hosts, brand names): these may be in any script. */
function dataOf(s: Signal): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (typeof v === 'number') out.push(String(v));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => k !== 'signal' && k !== 'script' && k !== 'place' && walk(x));
  };
  walk(s);
  return out.sort((a, b) => b.length - a.length);
}

/** Latin words left once the signal's own data, proper names and chain codes are taken out. */
function englishLeft(text: string, s: Signal): string[] {
  let rest = text;
  // data shows as found, a look-alike host label in its ASCII form (label-display.ts)
  for (const d of dataOf(s)) rest = rest.split(d).join(' ').split(shownLabel(d)).join(' ');
  for (const name of ['Telegram', 'WhatsApp', 'QQ', 'LINE', 'TRX', 'ETH', 'BTC', 'ICP', 'CVV']) rest = rest.split(name).join(' ');
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('signals in the UI language, from the locale tables', () => {
  beforeEach(() => {
    lang = 'zh_CN';
  });

  it('zh_CN: every signal renders without an English word of ours (issue 19: core text showed in English)', () => {
    for (const s of ALL_SAMPLES) {
      const text = signalText(s);
      expect(text, s.signal).not.toMatch(/\b(sg|ov)[A-Z]\w+/); // no key leaked for a missing string
      expect(englishLeft(text, s), `${s.signal}: ${text}`).toEqual([]);
    }
  });

  it('zh_TW and en render every signal too, each with its data', () => {
    for (const l of ['zh_TW', 'en']) {
      lang = l;
      for (const s of ALL_SAMPLES) expect(signalText(s), `${l} ${s.signal}`).not.toMatch(/\b(sg|ov)[A-Z]\w+|^$/);
    }
    lang = 'en';
    expect(signalText(FIXED_SAMPLES['url:homoglyph'])).toBe('"tаobao" imitates "taobao" with "а" (Cyrillic, U+0430) in place of "a" (the real site is taobao.com)');
    expect(signalText(FIXED_SAMPLES['url:brand-name'])).toBe('the name "taobao" in ta0bao-vip (written "ta0bao": digit 0 in place of "o"; the real site is taobao.com)');
    // a label that reads as another is named in its ASCII form; the swapped letter is spelled out where it is explained
    expect(signalText(FIXED_SAMPLES['url:mixed-script'])).toContain('xn--tobao-4ve');
    expect(signalText(FIXED_SAMPLES['url:mixed-script'])).not.toContain('tаobao');
    expect(signalText({ ...FIXED_SAMPLES['url:brand-name'], label: 'tаobao-vip' } as Signal)).toContain(' in xn--tobao-vip-');
    lang = 'zh_CN';
    expect(signalText(FIXED_SAMPLES['url:homoglyph'])).toBe('“tаobao”冒充“taobao”：用“а”（西里尔字母，U+0430）代替“a”（真正的网站是 taobao.com）');
  });

  it('groups signals into sentences by kind; signals that did not add, and the list entry, are left out', () => {
    lang = 'en';
    const lines = signalLines([
      FIXED_SAMPLES['list:match'],
      FIXED_SAMPLES['page:phrase'],
      { signal: 'page:phrase', phrase: '佣金', count: 1, weight: 0.3 },
      { signal: 'context:awareness', words: ['96110'], weight: -1 },
      { signal: 'field:sms-code', field: 'sms-code', hints: ['name=sms'] },
      FIXED_SAMPLES['crypto:address'],
      FIXED_SAMPLES['payment:bank-transfer'],
      { ...FIXED_SAMPLES['url:risky-tld'], weight: 0 },
    ]);
    expect(lines).toEqual([
      'Words scammers use: "抢单佣金" ×3, "佣金"',
      'It asks for: SMS code',
      'Where it wants the money: TRX TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE, "开户行", "户名"',
    ]);
    // web-address items are phrases with commas of their own: they are kept apart by a stronger separator
    expect(signalLines([FIXED_SAMPLES['url:scam-words'], FIXED_SAMPLES['url:risky-tld']])).toEqual([
      'Suspicious web address: scam words in the address: "kefu", "tuikuan"; .top is often used by throw-away scam sites',
    ]);
  });

  it('a page that pretends to be another site says so first; the brand form off its domain replaces "named next to fields"', () => {
    lang = 'en';
    const form = { signal: 'brand:credential-form', brands: ['Amazon'], fields: ['login-id'], host: 'kv83-portal.test', weight: 1.2 } as const;
    const off = { signal: 'brand:off-domain', brands: ['Amazon'], fields: ['login-id'], host: 'kv83-portal.test', weight: 3 } as const;
    expect(signalLines([{ signal: 'page:phrase', phrase: 'new to', count: 1, weight: 4 }, form, off])).toEqual([
      'Pretends to be another site: Amazon login or payment form on kv83-portal.test',
      'Words scammers use: "new to"',
    ]);
    // without the off-domain signal (the brand's own domain, or no address) nothing is said to be pretended
    expect(signalLines([form])).toEqual(['Other warning sign: Amazon named next to login or payment fields']);
    lang = 'zh_CN';
    expect(signalLines([off])).toEqual(['冒充其他网站：kv83-portal.test 上有冒充“Amazon”的登录或付款表单']);
  });
});
