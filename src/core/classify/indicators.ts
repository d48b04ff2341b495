/**
 * Fixed-shape indicators found in text by regular expressions (code, not model data: patterns delivered as data
 * could be catastrophic regexes). Their *weights* per scam type live in model.json under `signals`.
 * Every regex here is linear: bounded repetitions, no nested quantifiers. Results are capped per kind.
 *
 * Example: "USDT(TRC20) 充值地址 TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE，客服飞机 @vip_kefu88，日收益 3.5%"
 *   → crypto [{trx, TQn9…}], contacts [{telegram, vip_kefu88}], highReturn ['日收益 3.5%']
 */
import type { NormalizedText } from './normalize.ts';

export type Chain = 'btc' | 'eth' | 'trx';
export type ContactChannel = 'telegram' | 'whatsapp' | 'qq' | 'wechat' | 'line' | 'phone';

export interface CryptoAddress {
  readonly chain: Chain;
  readonly address: string;
}
export interface ContactHandle {
  readonly channel: ContactChannel;
  readonly handle: string;
}

export interface TextIndicators {
  readonly crypto: readonly CryptoAddress[];
  readonly contacts: readonly ContactHandle[];
  readonly icp: readonly string[];
  readonly countdown: readonly string[];
  readonly bankTransfer: readonly string[];
  readonly highReturn: readonly string[];
  readonly commission: readonly string[];
  readonly dailyPay: readonly string[];
}

const MAX_PER_KIND = 8;

const B58 = '1-9A-HJ-NP-Za-km-z';
const RE_TRON = new RegExp(`(?<![0-9A-Za-z])T[${B58}]{33}(?![0-9A-Za-z])`, 'g');
const RE_ETH = /(?<![0-9A-Za-z])0x[0-9a-fA-F]{40}(?![0-9A-Za-z])/g;
const RE_BTC = new RegExp(`(?<![0-9A-Za-z])(?:bc1[02-9ac-hj-np-z]{25,59}|[13][${B58}]{25,34})(?![0-9A-Za-z])`, 'g');

const RE_TG_LINK = /(?:t\.me|telegram\.me|telegram\.dog)\/(?:joinchat\/)?\+?([a-z0-9_]{4,32})/g;
const RE_TG_TEXT = /(?:telegram|电报|纸飞机|飞机号|飞机|tg)\s?(?:号|账号|id|客服)?\s?[:：@]\s?@?([a-z][a-z0-9_]{3,31})/g;
const RE_WA_LINK = /(?:wa\.me|api\.whatsapp\.com\/send\?phone=)\/?\+?(\d{6,15})/g;
const RE_WA_TEXT = /whatsapp[^\n\d+]{0,16}?(\+?\d[\d ()-]{6,18}\d)/g;
const RE_QQ = /(?:qq|扣扣)\s?(?:号码|号|群|客服)?\s?[:：]?\s?([1-9]\d{4,10})(?!\d)/g;
const RE_QQ_LINK = /(?:tencent:\/\/message\/\?uin=|wpa\.qq\.com\/msgrd\?[^\s]{0,40}?uin=)(\d{5,11})/g;
const RE_WECHAT =
  /(?:微信|wechat|weixin|vx|v信|wx|威信|薇信|徽信|加v|加微)\s?(?:号|id|客服)?\s?[:：]?\s?([a-z][-_a-z0-9]{5,19}|1[3-9]\d{9})(?![a-z0-9])/g;
const RE_LINE = /(?:line\s?id|加\s?line|line账号|line帐号|line)[^\n:：@]{0,8}?[:：@]\s?@?([a-z0-9._-]{4,20})/g;
const RE_PHONE = /(?<![\d])(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g;
/** North-American style (+1 (855) 555-0100, 1-877-555-0134) and other +CC numbers. */
const RE_PHONE_INTL = /(?<![\d])(?:\+?1[ -]?)?\(?[2-9]\d\d\)?[ -]\d{3}[ -]\d{4}(?!\d)|\+\d{2,3}[ (]{1,2}\d{2,4}\)?[ -]\d{3,4}[ -]?\d{3,4}(?!\d)/g;

const RE_ICP = /icp\s?[备证]\s?[:：]?\s?[\d-]{6,}|icp\s?[:：]\s?[\d-]{6,}|公网安备\s?[:：]?\s?\d{8,}/g;

const RE_COUNTDOWN_WORD = /倒计时|剩余时间|仅剩|还剩|限时|距结束|距离结束|ends in|time left|offer ends|expires in|sale ends|hurry/g;
const RE_CLOCK = /\d{1,2}\s?[:：]\s?\d{2}(?:\s?[:：]\s?\d{2})?|\d{1,3}\s?(?:小时|分钟|分|秒|hours?|hrs?|minutes?|mins?|seconds?|secs?)/;

const RE_BANK_TRANSFER =
  /银行转账|转账至|转账到|汇款至|汇款到|打款至|打款到|对公账户|对私账户|收款账户|收款账号|收款人|开户行|开户银行|户名|bank transfer|wire transfer|direct deposit|account name|routing number|sort code|iban|swift|zelle|cash app|venmo|gift card|western union|西联汇款|礼品卡/g;

const RE_RETURN =
  /(日收益|日化|日息|日利率|每日收益|每日回报|日返|每天收益|月收益|月化|月回报|月报酬|年化|年收益|周收益|收益|报酬|回报|apy|daily (?:return|profit|income|roi|interest)|monthly (?:return|profit|income|roi)|weekly (?:return|profit)|annual (?:return|yield)|roi|return of|returns of|profit of|earn up to|yield)[^%\n]{0,14}?(\d{1,3}(?:\.\d{1,2})?)\s?%/g;
const RE_RETURN_AFTER =
  /(\d{1,3}(?:\.\d{1,2})?)\s?%\s?(?:guaranteed\s)?(daily|per day|a day|every day|each day|weekly|per week|a week|monthly|per month|a month|每日|每天|每周|每月|日收益|月收益|日息|月息)/g;
const RE_COMMISSION = /(佣金|返佣|提成|返利|分红|commission|rebate|profit per order)[^%\n]{0,12}?(\d{1,2}(?:\.\d{1,2})?)\s?%/g;
const RE_DAILY_PAY =
  /(?:日结|日薪|日赚|日入|每天赚|一天赚|每日赚|每天收入|日收入)\s?\d{2,5}|\d{2,5}\s?(?:元|块|rmb)\s?(?:\/|每|一)\s?(?:天|日)|(?:\$|usd\s?)\d{2,4}\s?(?:\/|per|a)\s?(?:day|hour)|earn (?:\$|usd ?)\d{2,5}(?:\+)? (?:a|per|every) day/g;

function collect(re: RegExp, s: string, group: number, max = MAX_PER_KIND): string[] {
  const out: string[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m !== null && out.length < max; m = re.exec(s)) {
    const v = (m[group] ?? m[0]).trim();
    if (v && !out.includes(v)) out.push(v);
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

function looksRandomBase58(a: string): boolean {
  return /[A-Z]/.test(a) && /[a-z]/.test(a) && /\d/.test(a);
}

export function findCrypto(cased: string): CryptoAddress[] {
  const out: CryptoAddress[] = [];
  for (const a of collect(RE_TRON, cased, 0)) if (looksRandomBase58(a)) out.push({ chain: 'trx', address: a });
  for (const a of collect(RE_ETH, cased, 0)) out.push({ chain: 'eth', address: a });
  for (const a of collect(RE_BTC, cased, 0))
    if (a.startsWith('bc1') || looksRandomBase58(a)) out.push({ chain: 'btc', address: a });
  return out.slice(0, MAX_PER_KIND);
}

export function findContacts(spaced: string, contactLinks: readonly string[] = []): ContactHandle[] {
  const out: ContactHandle[] = [];
  const add = (channel: ContactChannel, handles: string[]): void => {
    for (const h of handles) {
      const handle = channel === 'whatsapp' || channel === 'phone' ? h.replace(/[ ()-]/g, '') : h;
      if (out.length < MAX_PER_KIND * 2 && !out.some((c) => c.channel === channel && c.handle === handle))
        out.push({ channel, handle });
    }
  };
  const links = contactLinks.join(' ').toLowerCase();
  for (const s of [links, spaced]) {
    if (s.includes('t.me') || s.includes('telegram.')) add('telegram', collect(RE_TG_LINK, s, 1));
    if (s.includes('wa.me') || s.includes('whatsapp.com')) add('whatsapp', collect(RE_WA_LINK, s, 1));
    if (s.includes('uin=')) add('qq', collect(RE_QQ_LINK, s, 1));
  }
  // Cheap substring checks first: most pages mention none of these channels.
  const has = (...words: string[]): boolean => words.some((w) => spaced.includes(w));
  if (has('telegram', '电报', '飞机', 'tg')) add('telegram', collect(RE_TG_TEXT, spaced, 1));
  if (has('whatsapp')) add('whatsapp', collect(RE_WA_TEXT, spaced, 1));
  if (has('qq', '扣扣')) add('qq', collect(RE_QQ, spaced, 1));
  if (has('微信', 'wechat', 'weixin', 'vx', 'v信', 'wx', '威信', '薇信', '徽信', '加v', '加微')) add('wechat', collect(RE_WECHAT, spaced, 1));
  if (has('line')) add('line', collect(RE_LINE, spaced, 1));
  if (/line\.me\//.test(links)) add('line', collect(/line\.me\/(?:ti\/p\/|r\/)?[@~]?([a-z0-9._-]{4,20})/g, links, 1));
  if (/weixin:\/\//.test(links)) add('wechat', ['weixin-link']);
  add('phone', collect(RE_PHONE, spaced, 0, 4));
  add('phone', collect(RE_PHONE_INTL, spaced, 0, 4));
  return out;
}

function collectNear(wordRe: RegExp, s: string, windowChars: number, valueRe: RegExp): string[] {
  const out: string[] = [];
  wordRe.lastIndex = 0;
  for (let m = wordRe.exec(s); m !== null && out.length < MAX_PER_KIND; m = wordRe.exec(s)) {
    const win = s.slice(m.index, m.index + m[0].length + windowChars);
    const v = valueRe.exec(win.slice(m[0].length));
    if (v) out.push(win.slice(0, m[0].length + v.index + v[0].length).trim());
  }
  return out;
}

/** Returns as "日收益 3.5%" evidence when the promised rate is implausible for its period. */
function highReturns(spaced: string): string[] {
  const out: string[] = [];
  RE_RETURN.lastIndex = 0;
  for (let m = RE_RETURN.exec(spaced); m !== null && out.length < MAX_PER_KIND; m = RE_RETURN.exec(spaced)) {
    const word = m[1] ?? '';
    const pct = Number(m[2]);
    const daily = /日|每天|daily|roi/.test(word);
    const weekly = /周|weekly/.test(word);
    const monthly = /月|monthly/.test(word);
    const limit = daily ? 0.5 : weekly ? 3 : monthly ? 8 : 30;
    if (pct >= limit && pct <= 1000) out.push(m[0].trim());
  }
  RE_RETURN_AFTER.lastIndex = 0;
  for (let m = RE_RETURN_AFTER.exec(spaced); m !== null && out.length < MAX_PER_KIND; m = RE_RETURN_AFTER.exec(spaced)) {
    const pct = Number(m[1]);
    const period = m[2] ?? '';
    const limit = /day|日|天/.test(period) ? 0.5 : /week|周/.test(period) ? 3 : 8;
    if (pct >= limit && pct <= 1000) out.push(m[0].trim());
  }
  return out;
}

export function findIndicators(norm: NormalizedText, contactLinks: readonly string[] = []): TextIndicators {
  const s = norm.spaced;
  const hasPct = s.includes('%');
  return {
    crypto: findCrypto(norm.cased),
    contacts: findContacts(s, contactLinks),
    icp: s.includes('icp') || s.includes('公网安备') ? collect(RE_ICP, s, 0, 2) : [],
    countdown: collectNear(RE_COUNTDOWN_WORD, s, 24, RE_CLOCK),
    bankTransfer: collect(RE_BANK_TRANSFER, s, 0),
    highReturn: hasPct ? highReturns(s) : [],
    commission: hasPct ? collect(RE_COMMISSION, s, 0) : [],
    dailyPay: collect(RE_DAILY_PAY, s, 0),
  };
}
