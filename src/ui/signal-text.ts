/**
 * Typed signals (src/core/signals.ts) in the user's language, from the locale tables only: one short item per
 * signal, grouped into a few plain sentences by kind — scam words, the fields a page asks for, money buttons, where
 * the money would go, private-chat contacts, the web address. Used by every surface that explains a verdict (popup
 * and interstitial evidence card, in-page overlay, banner, link badges and link confirmation), so they all say
 * the same thing. Page words (button labels, phrases) are quoted as found; everything else comes from the tables.
 */
import type { FieldKind } from '../core/classify/features';
import type { LetterSwap, Signal } from '../core/signals';
import { shownLabel } from '../core/url/label-display';
import { t, type MessageKey } from './i18n';

const FIELD_KEYS: Partial<Record<FieldKind, MessageKey>> = {
  'card-number': 'ovFieldCardNumber',
  'card-cvv': 'ovFieldCardCvv',
  'card-expiry': 'ovFieldCardExpiry',
  'bank-account': 'ovFieldBankAccount',
  'id-number': 'ovFieldIdNumber',
  'sms-code': 'ovFieldSmsCode',
  amount: 'ovFieldAmount',
  password: 'ovFieldPassword',
};

export type SignalGroup = 'pretends' | 'words' | 'asks' | 'buttons' | 'payment' | 'contact' | 'address' | 'other';
/** Most telling first: a page that pretends to be another site says so before its words. */
export const GROUP_ORDER: readonly SignalGroup[] = ['pretends', 'words', 'asks', 'buttons', 'payment', 'contact', 'address', 'other'];
const GROUP_KEYS: Record<SignalGroup, MessageKey> = {
  pretends: 'ovReasonPretends',
  words: 'ovReasonWords',
  asks: 'ovReasonAsks',
  buttons: 'ovReasonButtons',
  payment: 'ovReasonPayment',
  contact: 'ovReasonContact',
  address: 'ovReasonAddress',
  other: 'ovReasonOther',
};

const MAX_ITEMS_PER_GROUP = 4;
const MAX_ITEM_CHARS = 90;
const MAX_LINE_CHARS = 220;

export function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const quote = (s: string): string => t('sgQuote', clip(s, 60));
const sep = (): string => t('ovListSep');
const quoted = (words: readonly string[]): string => words.map(quote).join(sep());

const SCRIPT_KEYS: Record<Exclude<LetterSwap['script'], 'digit' | 'latin'>, MessageKey> = {
  cyrillic: 'sgScriptCyrillic',
  greek: 'sgScriptGreek',
  'full-width': 'sgScriptFullWidth',
  other: 'sgScriptOther',
};

export function swapsText(swaps: readonly LetterSwap[]): string {
  return swaps
    .map((s) => {
      if (s.script === 'digit') return t('sgSwapDigit', [s.written, s.plain]);
      if (s.script === 'latin') return t('sgSwapLetters', [s.written, s.plain]);
      return t('sgSwapScript', [s.written, t(SCRIPT_KEYS[s.script]), s.codePoint ?? '', s.plain]);
    })
    .join(sep());
}

function channelName(channel: string): string {
  const names: Record<string, string> = { telegram: 'Telegram', whatsapp: 'WhatsApp', qq: 'QQ', line: 'LINE', wechat: t('sgChannelWechat'), phone: t('sgChannelPhone') };
  return names[channel] ?? channel;
}

/** Which sentence a signal belongs to; null: not shown to users (the list entry has its own line, awareness and
 *  "the brand on its own site" speak for the page). */
export function groupOf(s: Signal): SignalGroup | null {
  const id = s.signal;
  if (id === 'list:match' || id === 'context:awareness' || id === 'brand:on-domain' || id === 'page:icp') return null;
  if (id === 'page:phrase' || id.startsWith('text:')) return 'words';
  if (id.startsWith('field:')) return 'asks';
  if (id.startsWith('button:')) return 'buttons';
  if (id.startsWith('payment:') || id === 'crypto:address') return 'payment';
  if (id.startsWith('contact:')) return 'contact';
  if (id.startsWith('url:')) return 'address';
  // the brand's form off its domain; "named next to log-in fields" alone stays 'other': in the browser it comes
  // without off-domain only on the brand's own domain (or a page with no address), where nothing is pretended
  if (id === 'brand:off-domain' || id === 'brand:named-in-text') return 'pretends';
  return 'other';
}

function urlText(s: Signal): string {
  switch (s.signal) {
    case 'url:brand-name':
    case 'url:brand-substring': {
      const how =
        s.written === undefined ? '' : (s.swaps ?? []).length > 0 ? t('sgUrlWritten', [s.written, swapsText(s.swaps ?? [])]) : t('sgUrlWrittenLookalike', s.written);
      const extra = [how, s.countryOnly === true ? t('sgUrlCountryOnly') : ''].filter((x) => x !== '').join(sep());
      return extra === '' ? t('sgUrlBrandName', [quote(s.word), shownLabel(s.label), s.domain]) : t('sgUrlBrandNameHow', [quote(s.word), shownLabel(s.label), extra, s.domain]);
    }
    case 'url:edit-distance':
      return t('sgUrlEditDistance', [s.written, shownLabel(s.label), String(s.distance), s.word, s.domain]);
    case 'url:homoglyph':
      return t('sgUrlHomoglyph', [s.written, s.word, s.swaps.length > 0 ? swapsText(s.swaps) : t('sgUrlLookalikeLetters'), s.domain]);
    case 'url:brand-number':
      return t('sgUrlBrandNumber', [s.number, s.brand, shownLabel(s.label)]);
    case 'url:brand-domain-embedded':
      return s.place === 'userinfo' ? t('sgUrlUserinfoBrand', [s.written, s.host]) : t('sgUrlEmbedded', [s.domain, s.host]);
    case 'url:brand-other-suffix':
      return t('sgUrlOtherSuffix', [s.host, s.word, s.brand, s.domain]);
    case 'url:brand-with-scam-words':
      return t('sgUrlBrandScamWords', [s.brand, quoted(s.words)]);
    case 'url:brand-with-risky-tld':
      return t('sgUrlBrandRiskyTld', [s.brand, s.tld]);
    case 'url:scam-words':
      return t('sgUrlScamWords', quoted(s.words));
    case 'url:userinfo':
      return t('sgUrlUserinfo', [s.user, s.host]);
    case 'url:ip-host':
      return t('sgUrlIpHost', s.host);
    case 'url:shortener':
      return t('sgUrlShortener', s.host);
    case 'url:punycode':
      return t('sgUrlPunycode', [s.name, s.ascii]);
    case 'url:mixed-script':
      return t('sgUrlMixedScript', shownLabel(s.name));
    case 'url:confusable-script':
      return t('sgUrlConfusableScript', shownLabel(s.name));
    case 'url:risky-tld':
      return t('sgUrlRiskyTld', s.tld);
    case 'url:many-hyphens':
      return t('sgUrlHyphens', [String(s.count), s.host]);
    case 'url:many-digits':
      return t('sgUrlDigits', [String(s.count), s.host]);
    case 'url:deep-subdomain':
      return t('sgUrlSubdomains', [String(s.count), s.host]);
    default:
      return s.signal;
  }
}

/** One signal as a short item in the user's language ('' when it has nothing to show). */
export function signalText(s: Signal): string {
  switch (s.signal) {
    case 'list:match':
      return s.expression;
    case 'list:online':
      return t('sgListOnline', s.expression);
    case 'list:indicator-wallet':
      return t('sgIndicatorWallet', s.value);
    case 'list:indicator-contact':
      return t('sgIndicatorContact', s.channel === undefined ? s.value : `${channelName(s.channel)} ${s.value}`);
    case 'page:phrase':
      return s.count > 1 ? `${quote(s.phrase)} ×${s.count}` : quote(s.phrase);
    case 'text:instruction':
    case 'text:high-return':
    case 'text:commission':
    case 'text:daily-pay':
    case 'context:awareness':
    case 'payment:bank-transfer':
      return quoted(s.words);
    case 'contact:im':
    case 'contact:phone':
      return s.contacts.map((c) => `${channelName(c.channel)} ${c.handle}`).join(sep());
    case 'crypto:address':
      return s.addresses.map((a) => `${a.chain.toUpperCase()} ${a.address}`).join(sep());
    case 'payment:qr':
      return t('sgPaymentQr');
    case 'page:countdown':
      return s.words.length > 0 ? t('ovSignalCountdown', quoted(s.words)) : t('ovSignalTimer');
    case 'page:icp':
      return s.number;
    case 'page:no-icp':
      return t('ovSignalNoIcp');
    case 'brand:credential-form':
    case 'brand:on-domain':
      return t('sgBrandForm', s.brands.join(sep()));
    case 'brand:off-domain':
      return t('sgBrandOffDomain', [s.brands.join(sep()), s.host]);
    case 'brand:named-in-text':
      return t('sgBrandInText', [s.brands.join(sep()), s.words.length > 0 ? quoted(s.words) : s.fields.map((f) => (FIELD_KEYS[f] ? t(FIELD_KEYS[f] as MessageKey) : f)).join(sep())]);
    case 'site:frame':
      return t('sgSiteFrame', s.host);
    case 'site:earlier-page':
      // The type is on its own line of every surface (the verdict's category): the item names the page and its words.
      return s.words.length > 0 ? t('sgSiteEarlierPageWords', [s.path, quoted(s.words.slice(0, 3))]) : t('sgSiteEarlierPage', s.path);
    default:
      if ('field' in s) return FIELD_KEYS[s.field] ? t(FIELD_KEYS[s.field] as MessageKey) : s.field;
      if ('action' in s) return quoted(s.labels);
      return urlText(s);
  }
}

/** The signals that added to the verdict, as grouped sentences, most telling kinds first. */
export function signalLines(signals: readonly Signal[]): string[] {
  const groups = new Map<SignalGroup, string[]>();
  // "Amazon log-in form on x.top" says all that "Amazon named next to log-in fields" does
  const offDomain = signals.some((s) => s.signal === 'brand:off-domain' && (s.weight === undefined || s.weight > 0));
  for (const s of signals) {
    if (s.weight !== undefined && s.weight <= 0) continue;
    if (offDomain && s.signal === 'brand:credential-form') continue;
    const g = groupOf(s);
    if (!g) continue;
    const text = clip(signalText(s), MAX_ITEM_CHARS);
    const items = groups.get(g) ?? [];
    if (text !== '' && items.length < MAX_ITEMS_PER_GROUP && !items.includes(text)) items.push(text);
    groups.set(g, items);
  }
  const lines: string[] = [];
  for (const g of GROUP_ORDER) {
    const items = groups.get(g);
    // address and other items are whole phrases with commas of their own: a stronger separator between them
    const between = g === 'address' || g === 'other' || g === 'pretends' ? t('sgPhraseSep') : sep();
    if (items && items.length > 0) lines.push(t(GROUP_KEYS[g], clip(items.join(between), MAX_LINE_CHARS)));
  }
  return lines;
}
