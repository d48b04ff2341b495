/** One sample of every typed signal, for the core and UI signal tests. */
import { FIELD_KINDS } from '../../../src/core/classify/features.ts';
import { ACTIONS } from '../../../src/core/classify/lexicon.ts';
import type { Signal, SignalId } from '../../../src/core/signals.ts';

type FixedId = Exclude<SignalId, `field:${string}` | `button:${string}`>;
const brand = { brand: 'Taobao 淘宝', domain: 'taobao.com' };

/** One sample of every signal id (the Record type makes a new id without a sample a compile error). */
export const FIXED_SAMPLES: Record<FixedId, Signal> = {
  'list:match': { signal: 'list:match', expression: 'scam.test/', listId: 'main', listVersion: 7 },
  'list:online': { signal: 'list:online', expression: 'fresh.test/' },
  'list:indicator-wallet': { signal: 'list:indicator-wallet', indicator: 'wallet', value: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE', category: 'task-rebate' },
  'list:indicator-contact': { signal: 'list:indicator-contact', indicator: 'im', channel: 'telegram', value: 'vip_kefu88', category: 'task-rebate' },
  'site:earlier-page': { signal: 'site:earlier-page', path: '/home', category: 'task-rebate', words: ['抢单佣金', 'VIP3'] },
  'site:frame': { signal: 'site:frame', host: 'xinghe-app.test' },
  'page:phrase': { signal: 'page:phrase', phrase: '抢单佣金', count: 3 },
  'text:instruction': { signal: 'text:instruction', words: ['共享屏幕'] },
  'text:high-return': { signal: 'text:high-return', words: ['日收益 3.5%'] },
  'text:commission': { signal: 'text:commission', words: ['每单佣金'] },
  'text:daily-pay': { signal: 'text:daily-pay', words: ['日结'] },
  'context:awareness': { signal: 'context:awareness', words: ['96110'] },
  'url:scam-words': { signal: 'url:scam-words', words: ['kefu', 'tuikuan'] },
  'contact:im': { signal: 'contact:im', contacts: [{ channel: 'wechat', handle: 'kefu8888' }, { channel: 'telegram', handle: 'vip_kefu88' }] },
  'contact:phone': { signal: 'contact:phone', contacts: [{ channel: 'phone', handle: '13800138000' }] },
  'crypto:address': { signal: 'crypto:address', addresses: [{ chain: 'trx', address: 'TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE' }] },
  'payment:bank-transfer': { signal: 'payment:bank-transfer', words: ['开户行', '户名'] },
  'payment:qr': { signal: 'payment:qr', hints: ['image "收款码"'] },
  'page:countdown': { signal: 'page:countdown', words: ['剩余时间 09:59'], timers: 0 },
  'page:icp': { signal: 'page:icp', number: '京ICP备12345678号' },
  'page:no-icp': { signal: 'page:no-icp' },
  'brand:credential-form': { signal: 'brand:credential-form', brands: ['Alipay 支付宝'], fields: ['password'], host: 'alipay-secure.top' },
  'brand:on-domain': { signal: 'brand:on-domain', brands: ['Alipay 支付宝'], fields: ['password'], host: 'auth.alipay.com' },
  'brand:off-domain': { signal: 'brand:off-domain', brands: ['Alipay 支付宝'], fields: ['password'], host: 'alipay-secure.top' },
  'brand:named-in-text': { signal: 'brand:named-in-text', brands: ['Chase'], fields: [], words: ['click on the following link'], host: 'chase-online.top' },
  'url:brand-name': { signal: 'url:brand-name', ...brand, word: 'taobao', label: 'ta0bao-vip', place: 'domain', written: 'ta0bao', swaps: [{ written: '0', plain: 'o', script: 'digit' }] },
  'url:brand-substring': { signal: 'url:brand-substring', ...brand, word: 'taobao', label: 'mytaobaoshop', place: 'domain' },
  'url:edit-distance': { signal: 'url:edit-distance', ...brand, written: 'taobso', word: 'taobao', label: 'taobso', distance: 1 },
  'url:homoglyph': { signal: 'url:homoglyph', ...brand, written: 'tаobao', word: 'taobao', swaps: [{ written: 'а', plain: 'a', script: 'cyrillic', codePoint: 'U+0430' }] },
  'url:brand-number': { signal: 'url:brand-number', ...brand, number: '95188', label: 'pay95188' },
  'url:brand-domain-embedded': { signal: 'url:brand-domain-embedded', ...brand, host: 'taobao.com.xyz.top', place: 'subdomain', written: 'taobao.com' },
  'url:brand-other-suffix': { signal: 'url:brand-other-suffix', ...brand, host: 'taobao.top', word: 'taobao' },
  'url:brand-with-scam-words': { signal: 'url:brand-with-scam-words', ...brand, words: ['tuikuan'] },
  'url:brand-with-risky-tld': { signal: 'url:brand-with-risky-tld', ...brand, tld: 'top' },
  'url:userinfo': { signal: 'url:userinfo', user: 'taobao.com', host: 'evil.test' },
  'url:ip-host': { signal: 'url:ip-host', host: '203.0.113.9' },
  'url:shortener': { signal: 'url:shortener', host: 'bit.ly' },
  'url:punycode': { signal: 'url:punycode', name: '淘宝客服.com', ascii: 'xn--abc.com' },
  'url:mixed-script': { signal: 'url:mixed-script', name: 'tаobao' },
  'url:confusable-script': { signal: 'url:confusable-script', name: 'аррӏе' },
  'url:risky-tld': { signal: 'url:risky-tld', tld: 'top' },
  'url:many-hyphens': { signal: 'url:many-hyphens', count: 5, host: 'a-b-c-d-e-f.test' },
  'url:many-digits': { signal: 'url:many-digits', count: 6, host: 'shop123456' },
  'url:deep-subdomain': { signal: 'url:deep-subdomain', count: 5, host: 'a.b.c.d.e.test' },
};

export const ALL_SAMPLES: Signal[] = [
  ...Object.values(FIXED_SAMPLES),
  ...FIELD_KINDS.map((field): Signal => ({ signal: `field:${field}`, field, hints: ['autocomplete=cc-number'] })),
  ...ACTIONS.map((action): Signal => ({ signal: `button:${action}`, action, labels: ['立即充值'] })),
];
