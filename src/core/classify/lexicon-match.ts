/**
 * One pass of the lexicon over normalised page text: per-type phrase sums (negation-aware), awareness words,
 * instruction phrases, brands named in the title / headings, and the fixed structural signals (fields, buttons by
 * action, IM contacts, wallets, bank transfer, QR near pay, countdown, ICP, brand form off its domain).
 * These become features of the learned model (vectorize.ts); their evidence becomes the verdict's reasons.
 */
import type { FieldKind, PageFeatures } from './features.ts';
import { findIndicators, type ContactHandle, type TextIndicators } from './indicators.ts';
import { capList, capText, capWords, MAX_SIGNAL_ITEMS, type SignalBody } from '../signals.ts';
import { compileLexicon, SCORED_CATEGORIES, type Action, type Lexicon, type ScoredCategory, type Signal } from './lexicon.ts';
import { matchPhrases } from './matcher.ts';
import { negationMask } from './negation.ts';
import { normalizeText, type NormalizedText } from './normalize.ts';
import { registrableDomain } from '../url/registrable-domain.ts';

const MAX_BUTTON_LABELS = 60;

export interface PhraseEvidence {
  readonly phrase: string;
  readonly count: number;
  readonly weight: number;
}

export interface LexiconMatch {
  /** Σ positive phrase weight × repeat bonus, per type (negated occurrences excluded). */
  readonly raw: Record<ScoredCategory, number>;
  readonly phrases: Record<ScoredCategory, PhraseEvidence[]>;
  readonly awareness: number;
  readonly awarenessWords: string[];
  /** Instruction phrases ("共享屏幕", "send USDT"), summed and capped. */
  readonly instructed: number;
  readonly instructionWords: string[];
  /** Σ lexicon action weights of the structural signals that fired ("asks you to act"). */
  readonly action: number;
  /** The fixed signals that fired, with their structured evidence (the verdict's reasons are taken from here). */
  readonly signals: Map<Signal, SignalBody>;
  readonly indicators: TextIndicators;
  /** Lexicon brands (indices into lexicon.brands) the page says it is: named in the title / headings, or owning at
   *  least half of its link hosts. */
  readonly brands: readonly number[];
  /** Lexicon brands named in the page's text (title + visible text: early or repeatedly; textBrands below) on a host
   *  that is not theirs, or on no host. `brand:named-in-text` fires when the page also asks for credentials or uses
   *  account-action wording. */
  readonly textBrands: readonly number[];
}

const FIELD_SIGNALS: Partial<Record<FieldKind, Signal>> = {
  password: 'field:password',
  'card-number': 'field:card-number',
  'card-cvv': 'field:card-cvv',
  'card-expiry': 'field:card-expiry',
  'bank-account': 'field:bank-account',
  'id-number': 'field:id-number',
  'sms-code': 'field:sms-code',
  amount: 'field:amount',
};
const CREDENTIAL_KINDS: ReadonlySet<FieldKind> = new Set(['password', 'card-number', 'card-cvv', 'sms-code', 'id-number', 'bank-account']);

/** A sign-in step says so in its title ("Amazon Sign-In", "Sign in - Google Accounts", "登录"). Not its headings or
 *  buttons: every news and shop page has a "Sign In" button next to a search or newsletter field. */
const SIGN_IN_WORDS = /\b(?:sign[ -]?in|log[ -]?in|logon)\b|登录|登入|登錄/i;
/** At most this many fields: a sign-in step asks for an account name (and maybe a password), not a whole form. */
const SIGN_IN_STEP_MAX_FIELDS = 3;

/** The fields of a page that ask for credentials. A two-step log-in's first step asks only for the account name
 *  (e-mail, phone, user name: `login-id`): it counts when the page is a sign-in step — sign-in words in its title
 *  and at most SIGN_IN_STEP_MAX_FIELDS fields — not on a newsletter, search or register form. */
export function credentialFields(f: PageFeatures): PageFeatures['fields'] {
  const strong = f.fields.filter((x) => CREDENTIAL_KINDS.has(x.kind));
  if (strong.length > 0) return strong;
  if (f.fields.length === 0 || f.fields.length > SIGN_IN_STEP_MAX_FIELDS) return [];
  const ids = f.fields.filter((x) => x.kind === 'login-id');
  if (ids.length === 0) return [];
  return SIGN_IN_WORDS.test(f.title) ? ids : [];
}

export function hostMatches(host: string, domain: string): boolean {
  const d = domain.toLowerCase();
  return host === d || host.endsWith(`.${d}`);
}

function isChinesePage(f: PageFeatures, spaced: string): boolean {
  if (f.lang.startsWith('zh')) return true;
  let cjk = 0;
  for (let i = 0; i < spaced.length && i < 4000; i++) {
    const c = spaced.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) cjk++;
  }
  return cjk >= 40;
}

/** "Sign in to" / "Log into" / "Welcome to" before a site's name in a title segment. */
const SIGN_IN_PREFIX = /^(?:(?:sign|log)[ -]?in(?:\s+to|to)|login\s+to|welcome\s+to)\s+/i;

/** "… Sign In" / "… Login" after a site's name ("Google Play Store Sign In", "Amazon Sign-In"). */
const SIGN_IN_SUFFIX = /\s+(?:(?:sign|log)[ -]?in|login|logon)$/i;

/** Words a log-in page's title uses around the site's name; never a site name on their own. */
const GENERIC_TITLE_WORDS = new Set(
  // (and a sign-up page's: "Register - DigiFinex …" names DigiFinex, not a site called "Register")
  'sign signin signup login logon register registration create join user users account accounts welcome home page secure online verify verification update confirm your with into from password reset help center support service services portal member members access official site web mail email the and for please continue'.split(' '),
);

/** The site a page's title names: its shortest " - " / " | " / " · " segment of ≤ 3 words with a Latin word of ≥ 4
 *  letters that is not a generic log-in word (the whole title when it has no separator); `tokens` are such words of
 *  every short segment (any of them in the host means the page is on the named site). Undefined when none. */
export function titleSiteName(title: string): { name: string; tokens: string[] } | undefined {
  const segments = title
    .split(/\s+[-|·–—:]\s+|\s*[|·»›]\s*/)
    // "Sign in to Badoo", "Log in to your Shopify account", "Google Play Store Sign In": the words around the name
    .map((x) => x.trim().replace(SIGN_IN_PREFIX, '').replace(/^your\s+/i, '').replace(/\s+account$/i, '').replace(SIGN_IN_SUFFIX, ''))
    .filter((x) => x.length > 0 && x.split(/\s+/).length <= 3);
  segments.sort((a, b) => a.length - b.length);
  const words = (seg: string): string[] => (seg.toLowerCase().match(/[a-z0-9]{4,}/g) ?? []).filter((t) => !GENERIC_TITLE_WORDS.has(t) && !/^[0-9]+$/.test(t));
  const named = segments.find((seg) => words(seg).length > 0);
  // every short segment's words count when matching the host ("The Guardian - Latest news" on theguardian.com)
  return named === undefined ? undefined : { name: named.slice(0, 40), tokens: segments.flatMap(words) };
}

/** Sites a page links to for "follow us" buttons and app-store badges: such a link says nothing about who a log-in
 *  form claims to be (a shop's sign-in page with one Facebook link is not pretending to be Facebook). */
const FOLLOW_US_DOMAINS: ReadonlySet<string> = new Set(
  'facebook.com fb.com instagram.com twitter.com x.com youtube.com youtu.be linkedin.com tiktok.com pinterest.com weibo.com whatsapp.com wa.me t.me telegram.me telegram.org line.me vk.com google.com apple.com microsoft.com'.split(' '),
);

/** The other site a page's absolute links go to — what a kit copies with the brand's footer and help links: the
 *  registrable domain of at least half of the page's link hosts, when none of them is on the page's own domain and
 *  it is not a follow-us / app-store site. Undefined without a host or when the links go nowhere else.
 *  Example: a password form on s1.top whose only links are signin.ea.com and help.ea.com → 'ea.com'. */
export function linkedSite(f: PageFeatures, lexicon: Lexicon): string | undefined {
  const host = f.host?.toLowerCase();
  if (!host || f.links.hosts.length === 0) return undefined;
  const own = registrableDomain(host) ?? host;
  const counts = new Map<string, number>();
  for (const h of f.links.hosts) {
    const d = registrableDomain(h) ?? h;
    if (d === own) return undefined;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let top: string | undefined;
  let n = 0;
  for (const [d, c] of counts) if (c > n) [top, n] = [d, c];
  if (top === undefined || n * 2 < f.links.hosts.length || FOLLOW_US_DOMAINS.has(top)) return undefined;
  // One owner, two domains (login.microsoftonline.com linking to microsoft.com): a brand's own sites.
  const site = top;
  if (lexicon.brands.some((b) => b.domains.some((d) => hostMatches(host, d)) && b.domains.some((d) => hostMatches(site, d)))) return undefined;
  return site;
}

/** Brand words that are also ordinary words of running text ("etc.", "to chase", "steam", "outlook"): a title or
 *  heading that says "Chase" names the bank; the body text's "chase" need not. */
const COMMON_WORD_KEYWORDS: ReadonlySet<string> = new Set(['etc', 'chase', 'steam', 'outlook']);
/** Brands every kind of page names in share / follow / "log in with" buttons ("Share on Facebook", "QQ空间"): named
 *  in the text they say nothing about who the page claims to be. */
const SHARE_BUTTON_DOMAINS: ReadonlySet<string> = new Set(['facebook.com', 'instagram.com', 'twitter.com', 'x.com', 'linkedin.com', 'qq.com']);
/** A brand counts as named in the text when it is named within this many characters of the scored text's start
 *  (title + visible text) … */
export const TEXT_BRAND_HEAD_CHARS = 1_500;
/** … or at least this many times. */
const TEXT_BRAND_MIN_MENTIONS = 2;
/** More brands than this named in the text is a list ("we accept PayPal, UnionPay …", a news page), not a claim. */
const TEXT_BRAND_MAX = 2;

/** The lexicon brands a page names in its text — early (first TEXT_BRAND_HEAD_CHARS characters of title + text) or
 *  at least twice — leaving out common-word keywords and share-button brands, none when it names more than
 *  TEXT_BRAND_MAX, and the brands whose domain the page is served from.
 *  Example: "… all Chase bank customers are required to complete Chase Online Form …" on no host → [Chase]. */
export function textBrands(hits: ReadonlyMap<number, { count: number; first: number }>, host: string | undefined, lexicon: Lexicon): number[] {
  const named: number[] = [];
  for (const [i, h] of hits) {
    const b = lexicon.brands[i];
    if (b === undefined || b.domains.some((d) => SHARE_BUTTON_DOMAINS.has(d))) continue;
    if (h.first < TEXT_BRAND_HEAD_CHARS || h.count >= TEXT_BRAND_MIN_MENTIONS) named.push(i);
  }
  if (named.length > TEXT_BRAND_MAX) return [];
  return named.filter((i) => !(host !== undefined && (lexicon.brands[i]?.domains ?? []).some((d) => hostMatches(host, d)))).sort((a, b) => a - b);
}

/** Wording that asks the reader to act on an account (the lexicon's phishing phrases are the other half: "verify
 *  your account", "账户异常"): "update your billing information", "click on the following link", "your card has
 *  been blocked". Normalised (lower-case) text; bounded repetitions only. */
const ACCOUNT_ACTION =
  /\b(?:verify|update|confirm|validate|reactivate|restore|unlock)\s(?:your\s|the\s)?(?:account|information|details|identity|billing|payment|card)\b|\bclick\s(?:on\s)?(?:the\s)?(?:following\slink|link\sbelow)\b|\b(?:account|card)\s(?:has\sbeen|is|was|will\sbe)\s(?:suspended|locked|limited|restricted|disabled|deactivated|blocked)\b|点击以下链接|点击下方链接|验证您的账户|更新您的信息/;

/** The account-action wording of a page, when it has some (the first match, as it reads). */
export function accountAction(spaced: string): string | undefined {
  return ACCOUNT_ACTION.exec(spaced)?.[0];
}

function asksForMoney(signals: ReadonlyMap<Signal, SignalBody>): boolean {
  return (
    signals.has('button:pay') ||
    signals.has('button:recharge') ||
    signals.has('field:amount') ||
    signals.has('field:card-number') ||
    signals.has('payment:bank-transfer') ||
    signals.has('payment:qr')
  );
}

/** Same signal again (a second card field, another pay button): its items are added to the first one's. */
function merge(prev: SignalBody, next: SignalBody): SignalBody {
  const more = <T>(a: readonly T[], b: readonly T[]): T[] => capList([...a, ...b.filter((x) => !a.includes(x))]);
  if ('hints' in prev && 'hints' in next) return { ...prev, hints: more(prev.hints, next.hints) } as SignalBody;
  if ('labels' in prev && 'labels' in next) return { ...prev, labels: more(prev.labels, next.labels) } as SignalBody;
  return prev;
}

/** The IM handles (`contact:im`, at most 4) and phone numbers (`contact:phone`, at most 2) a text gives. */
export function contactSignals(ind: TextIndicators): SignalBody[] {
  const cap = (c: { channel: ContactHandle['channel']; handle: string }): ContactHandle => ({ channel: c.channel, handle: capText(c.handle, 40) });
  const out: SignalBody[] = [];
  const im = ind.contacts.filter((c) => c.channel !== 'phone');
  if (im.length > 0) out.push({ signal: 'contact:im', contacts: im.slice(0, 4).map(cap) });
  const phones = ind.contacts.filter((c) => c.channel === 'phone');
  if (phones.length > 0) out.push({ signal: 'contact:phone', contacts: phones.slice(0, 2).map(cap) });
  return out;
}

function collectSignals(f: PageFeatures, ind: TextIndicators, brandHits: ReadonlySet<number>, lexicon: Lexicon, spaced: string, inText: readonly number[], phishing: number): Map<Signal, SignalBody> {
  const compiled = compileLexicon(lexicon);
  const signals = new Map<Signal, SignalBody>();
  const add = (body: SignalBody): void => {
    const id = body.signal as Signal; // every body added here has one of the model's signal ids
    const prev = signals.get(id);
    signals.set(id, prev === undefined ? body : merge(prev, body));
  };
  for (const field of f.fields) {
    const s = FIELD_SIGNALS[field.kind];
    if (s) add({ signal: `field:${field.kind}`, field: field.kind, hints: [capText(field.evidence)] });
  }
  // Distinct labels only, and at most MAX_BUTTON_LABELS of them: a product grid repeats "加入购物车" 200 times.
  const labels = [...new Set(f.buttons.map((b) => b.trim()))].slice(0, MAX_BUTTON_LABELS);
  for (const label of labels) {
    const hits = matchPhrases(compiled.buttons, normalizeText(label));
    for (const h of hits) add({ signal: `button:${h.entry.data}`, action: h.entry.data as Action, labels: [capText(label, 40)] });
  }
  for (const body of contactSignals(ind)) add(body);
  if (ind.crypto.length > 0) add({ signal: 'crypto:address', addresses: ind.crypto.slice(0, 3).map((c) => ({ chain: c.chain, address: capText(c.address) })) });
  if (ind.bankTransfer.length > 0) add({ signal: 'payment:bank-transfer', words: capWords(ind.bankTransfer, 4) });
  if (f.images.qrNearPay.length > 0) add({ signal: 'payment:qr', hints: capWords(f.images.qrNearPay, 2) });
  if (ind.countdown.length > 0) add({ signal: 'page:countdown', words: capWords(ind.countdown, 2).map((w) => capText(w, 40)), timers: f.countdownElements });
  else if (f.countdownElements > 0) add({ signal: 'page:countdown', words: [], timers: f.countdownElements });
  if (ind.icp.length > 0) add({ signal: 'page:icp', number: capText(ind.icp[0] ?? 'ICP') });
  else if (isChinesePage(f, spaced) && asksForMoney(signals)) add({ signal: 'page:no-icp' });
  const words = (w: readonly string[]): string[] => capWords(w, 3).map((x) => capText(x, 40));
  if (ind.highReturn.length > 0) add({ signal: 'text:high-return', words: words(ind.highReturn) });
  if (ind.commission.length > 0) add({ signal: 'text:commission', words: words(ind.commission) });
  if (ind.dailyPay.length > 0) add({ signal: 'text:daily-pay', words: words(ind.dailyPay) });
  const credentials = credentialFields(f);
  if (brandHits.size > 0 && credentials.length > 0) {
    const brands = [...brandHits].map((i) => lexicon.brands[i]).filter((b) => b !== undefined);
    const evidence = {
      brands: capWords(brands.map((b) => b.name)),
      fields: capList([...new Set(credentials.map((x) => x.kind))], MAX_SIGNAL_ITEMS),
      host: capText(f.host?.toLowerCase() ?? ''),
    };
    const host = f.host?.toLowerCase();
    add({ signal: 'brand:credential-form', ...evidence });
    if (host && brands.some((b) => b.domains.some((d) => hostMatches(host, d)))) add({ signal: 'brand:on-domain', ...evidence });
    else if (host) add({ signal: 'brand:off-domain', ...evidence });
  } else if (credentials.length > 0 && f.host) {
    // No known brand: the site the title names ("Sign in to GitHub · GitHub") against the host the form is on.
    const site = titleSiteName(f.title);
    const host = f.host.toLowerCase();
    // …or, when the title names none, the one other site its links go to (a kit copies the brand's links).
    const named = site ? (site.tokens.some((t) => host.includes(t)) ? undefined : site.name) : linkedSite(f, lexicon);
    if (named !== undefined) {
      add({
        signal: 'brand:off-domain',
        brands: capWords([named]),
        fields: capList([...new Set(credentials.map((x) => x.kind))], MAX_SIGNAL_ITEMS),
        host: capText(host),
      });
    }
  }
  // A brand named in the text (not only in the title / headings: a kit's e-mail or landing page often has neither)
  // with a credential field, a phishing phrase or account-action wording, on a host that is not the brand's. Not
  // next to `brand:off-domain`, which says it already (with both, the off-domain weight of brands the lexicon does
  // not know — "Sign in to Kestrel Mail" on another host — was learned weaker; grouped k-fold, classify README).
  if (inText.length > 0 && !signals.has('brand:off-domain')) {
    const action = phishing > 0 ? undefined : accountAction(spaced);
    if (credentials.length > 0 || phishing > 0 || action !== undefined) {
      add({
        signal: 'brand:named-in-text',
        brands: capWords(inText.map((i) => lexicon.brands[i]?.name ?? '').filter((n) => n !== '')),
        fields: capList([...new Set(credentials.map((x) => x.kind))], MAX_SIGNAL_ITEMS),
        words: action === undefined ? [] : [capText(action, 40)],
        host: capText(f.host?.toLowerCase() ?? ''),
      });
    }
  }
  return signals;
}

function zero(): Record<ScoredCategory, number> {
  const r = {} as Record<ScoredCategory, number>;
  for (const c of SCORED_CATEGORIES) r[c] = 0;
  return r;
}

/** `norm` = normalizeText(title + text) (the caller caps it); `features` for fields, buttons, links, headings. */
export function matchLexicon(norm: NormalizedText, features: PageFeatures, lexicon: Lexicon): LexiconMatch {
  const compiled = compileLexicon(lexicon);
  const raw = zero();
  const phrases = {} as Record<ScoredCategory, PhraseEvidence[]>;
  for (const c of SCORED_CATEGORIES) phrases[c] = [];
  let awareness = 0;
  const awarenessWords: string[] = [];
  let instructed = 0;
  const instructionWords: string[] = [];
  const boost = (count: number): number => 1 + lexicon.repeatBonus * Math.min(count - 1, lexicon.maxRepeats);
  const neg = negationMask(norm, compiled.negationCues, lexicon.negation.windowCjk, lexicon.negation.windowLatin);
  let negatedAwareness = 0;
  const negatedWords: string[] = [];
  const textHits = new Map<number, { count: number; first: number }>();
  for (const hit of matchPhrases(compiled.text, norm)) {
    const { entry } = hit;
    const d = entry.data;
    if (d.kind === 'brand') {
      if (COMMON_WORD_KEYWORDS.has(entry.key)) continue;
      const prev = textHits.get(d.index);
      const first = hit.positions[0] ?? 0;
      textHits.set(d.index, prev === undefined ? { count: hit.count, first } : { count: prev.count + hit.count, first: Math.min(prev.first, first) });
      continue;
    }
    let count = hit.count;
    if (d.kind === 'category' || d.kind === 'action') {
      const m = neg[entry.view];
      const negated = hit.positions.filter((p) => m[p] === 1).length;
      if (negated > 0) {
        count -= negated;
        if (d.kind === 'category') negatedAwareness += negated * lexicon.negation.awarenessPerNegated;
        if (negatedWords.length < 4 && !negatedWords.includes(entry.phrase)) negatedWords.push(entry.phrase);
      }
      if (count === 0) continue;
    }
    if (d.kind === 'category') {
      if (d.weight <= 0) continue;
      const w = d.weight * boost(count);
      raw[d.category] += w;
      phrases[d.category].push({ phrase: entry.phrase, count, weight: w });
    } else if (d.kind === 'awareness') {
      awareness += d.weight * boost(count);
      if (awarenessWords.length < 6) awarenessWords.push(entry.phrase);
    } else if (d.kind === 'action') {
      instructed += d.weight;
      if (instructionWords.length < 6) instructionWords.push(entry.phrase);
    }
  }
  if (negatedAwareness > 0) {
    awareness += Math.min(negatedAwareness, lexicon.negation.maxAwareness);
    for (const w of negatedWords) if (awarenessWords.length < 8) awarenessWords.push(`not ${w}`);
  }
  // Brands count only where a page says who it is (title, headings), not in "we accept 支付宝" payment lists.
  const brandHits = new Set<number>();
  const head = normalizeText(`${features.title}\n${features.headings.join('\n')}`.slice(0, 4000));
  for (const { entry } of matchPhrases(compiled.text, head)) if (entry.data.kind === 'brand') brandHits.add(entry.data.index);
  // A page also says who it claims to be by where its links go: a kit copies the brand's own footer and help links.
  // A brand counts when at least half of the page's link hosts (≥ 2) are on that brand's domains — unless the page
  // also links to its own site (as linkedSite): a shop's sign-up page linking to itself and to its Facebook page
  // is not claiming to be Facebook.
  const hosts = features.links.hosts;
  const ownSite = features.host ? (registrableDomain(features.host.toLowerCase()) ?? features.host.toLowerCase()) : undefined;
  const linksToItself = ownSite !== undefined && hosts.some((h) => (registrableDomain(h.toLowerCase()) ?? h.toLowerCase()) === ownSite);
  if (hosts.length >= 2 && !linksToItself)
    lexicon.brands.forEach((b, i) => {
      const on = hosts.filter((h) => b.domains.some((d) => hostMatches(h, d))).length;
      if (on * 2 >= hosts.length) brandHits.add(i);
    });
  const indicators = findIndicators(norm, features.links.contactLinks);
  const inText = textBrands(textHits, features.host?.toLowerCase(), lexicon);
  const signals = collectSignals(features, indicators, brandHits, lexicon, norm.spaced, inText, raw.phishing);
  let action = 0;
  for (const s of signals.keys()) action += lexicon.action.weights[s] ?? 0;
  for (const c of SCORED_CATEGORIES) phrases[c].sort((a, b) => b.weight - a.weight);
  return {
    raw, phrases, awareness, awarenessWords, instructed: Math.min(instructed, lexicon.action.maxFromPhrases), instructionWords, action, signals, indicators,
    brands: [...brandHits].sort((a, b) => a - b),
    textBrands: inText,
  };
}
