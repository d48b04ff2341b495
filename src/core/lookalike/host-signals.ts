/**
 * Signals read from the host name: brand look-alikes (homoglyph, embedded brand domain, brand name on another
 * domain, edit distance), scam words and weak shape signals. Produces raw hits; `assess.ts` turns them into a
 * Verdict. Weights are in `WEIGHTS` so the eval can show and tune them in one place.
 *
 * Size (over ~400 lines, kept whole): one stage of assess.ts; its checks share the brand index look-ups, WEIGHTS and the
 * HostSignals accumulator they append to.
 */
import type { Brand } from '../brands/types.ts';
import { capText, type SignalBody } from '../signals.ts';
import { countryCompound } from './country-sites.ts';
import { lettersOf, swapsOf } from './letters.ts';
import type { ScamWord } from './words.ts';
import { RISKY_TLDS } from './words.ts';
import { FUZZY_MIN_LENGTH, ownerOf, type BrandIndex, type DictEntry } from './brand-index.ts';
import { SCRIPT, foldToken, isMixedConfusableScript, leetVariants, scriptsOf, skeleton, skeletonIsAscii } from './skeleton.ts';

const LATIN_LOOKING = SCRIPT.cyrillic | SCRIPT.greek | SCRIPT.armenian;
const NATIVE_SCRIPT_TLDS: ReadonlySet<string> = new Set(['ru', 'su', 'ua', 'by', 'kz', 'bg', 'rs', 'mk', 'mn', 'kg', 'tj', 'gr', 'cy', 'am']);
import { decompose, trieScan, type TrieMatch } from './word-trie.ts';
import { boundedOsaDistance } from './edit-distance.ts';
import type { ParsedUrl } from './parse-url.ts';

export const WEIGHTS = {
  homoglyph: 0.9,
  embeddedDomainDot: 0.8,
  embeddedDomainHyphen: 0.7,
  otherSuffix: 0.7,
  brandCountry: 0.45,
  brandNameRd: 0.7,
  brandNameSub: 0.2,
  weakBrandRd: 0.15,
  weakServiceRd: 0.7,
  weakBrandSub: 0.15,
  substringRd: 0.7,
  substringSub: 0.15,
  number: 0.2,
  homoglyphTokenBonus: 0.35,
  sameBrandCorroboration: 0.3,
  edit1: 0.45,
  edit2: 0.4,
  scamStrong: 0.15,
  scamGeneric: 0.05,
  scamCap: 0.3,
  brandWithStrongScam: 0.4,
  brandWithGenericScam: 0.05,
  riskyTld: 0.15,
  brandWithRiskyTld: 0.4,
  punycode: 0.1,
  mixedScript: 0.4,
  confusableScript: 0.3,
  ipHost: 0.35,
  userinfo: 0.35,
  hyphens3: 0.1,
  hyphens5: 0.2,
  manyDigits: 0.08,
  deepSubdomain: 0.1,
  shortener: 0.2,
} as const;

/** URL signals that name the brand they imitate. */
export type BrandSignal = Extract<SignalBody, { readonly brand: string; readonly domain: string }>;
/** URL signals about the host's shape (no brand). */
export type ShapeSignal = Exclude<Extract<SignalBody, { readonly signal: `url:${string}` }>, BrandSignal | { readonly signal: 'url:scam-words' }>;

export interface BrandHit {
  readonly brand: Brand;
  readonly weight: number;
  readonly body: BrandSignal;
}

export interface HostSignals {
  readonly brandHits: BrandHit[];
  readonly scamWords: Map<string, ScamWord>;
  readonly shape: { weight: number; body: ShapeSignal }[];
}

const ref = (b: Brand): { brand: string; domain: string } => ({ brand: b.name, domain: b.domains[0] ?? '' });

type Position = 'rd' | 'sub';

/** How a token matched a brand: as whole words ('decomposed'), only as a substring, or not at all. */
type TokenFind = 'decomposed' | 'substring' | 'none';

/** Weak keywords of ≥ 4 letters (apple, chase, ebay, adobe, tmall …) are noted (no warn alone) at the start of a token. */
const isLongWeak = (word: string): boolean => word.length >= 4 && /^[a-z]+$/.test(word);

/**
 * Ordinary words that contain a brand keyword: a substring match inside one of them does not count
 * ('alicloud' is Alibaba Cloud, not iCloud; 'amazonas' is a Brazilian state).
 */
const SUBSTRING_STOPWORDS: readonly string[] = ['alicloud', 'amazonas', 'amazonia', 'amazonian'];

/**
 * True when a keyword found inside a longer token is really the start of another word: a following 'n'/'g' after
 * a vowel- or n-final keyword continues a pinyin syllable ('weixin'+'g' = weixing 卫星, 'xiaomi'+'n' = xiaoming),
 * or the match lies inside a stop word.
 */
function continuesAnotherWord(text: string, start: number, end: number, word: string): boolean {
  const next = text.charCodeAt(end);
  if ((next === 0x6e || next === 0x67) && /[aeiouvn]$/.test(word)) return true;
  for (const stop of SUBSTRING_STOPWORDS) {
    const at = stop.indexOf(word);
    if (at >= 0 && text.startsWith(stop, start - at)) return true;
  }
  return false;
}

function brandWeight(e: { readonly weak: boolean }, pos: Position): number {
  if (pos === 'sub') return e.weak ? WEIGHTS.weakBrandSub : WEIGHTS.brandNameSub;
  return e.weak ? WEIGHTS.weakBrandRd : WEIGHTS.brandNameRd;
}

/**
 * Per token of the registrable label: made only of dictionary words (brand names, scam words, service/glue words)
 * and digits? Plus the word count over the label. A weak brand name ('apple', 'ebay', 'jd') reaches warn only in a
 * compound: 'ebay-online', 'apple-id-support', 'tmall3936', 'stores-apple' — 'applebees', 'pineapple' stay quiet.
 */
interface DictShape {
  readonly isWord: boolean[];
  readonly all: boolean;
  readonly words: number;
  /** trieScan of each folded token, reused by brandHitsFromToken. */
  readonly scans: TrieMatch<DictEntry>[][];
}

function dictionaryShape(index: BrandIndex, tokens: readonly string[]): DictShape {
  const isWord: boolean[] = [];
  const scans: TrieMatch<DictEntry>[][] = [];
  let words = 0;
  for (const t of tokens) {
    const f = foldToken(t);
    const scan = trieScan(index.trie, f);
    scans.push(scan);
    if (/^\d+$/.test(f)) {
      isWord.push(true);
      words++;
      continue;
    }
    const parts = scan.length === 0 ? null : decompose(f, scan);
    isWord.push(parts !== null);
    if (parts !== null) words += parts.length + (/\d/.test(f) ? 1 : 0);
  }
  return { isWord, all: isWord.every(Boolean), words, scans };
}

function brandHitsFromToken(
  index: BrandIndex,
  token: string,
  display: string,
  pos: Position,
  label: string,
  out: HostSignals,
  service: boolean,
  scan0?: TrieMatch<DictEntry>[],
): TokenFind {
  const folded = foldToken(token);
  const variants = [folded, ...leetVariants(folded)];
  let found: TokenFind = 'none';
  const plainWords = new Set<string>();
  for (let vi = 0; vi < variants.length; vi++) {
    const v = variants[vi] as string;
    const tricked = vi >= 1 || folded !== token;
    const matches = vi === 0 && scan0 !== undefined ? scan0 : trieScan(index.trie, v);
    if (matches.length === 0) continue;
    if (vi === 0) for (const m of matches) if (m.value.kind === 'brand') plainWords.add(m.value.word);
    const fresh = (e: DictEntry): boolean => vi === 0 || (e.kind === 'brand' && !plainWords.has(e.word));
    const parts = decompose(v, matches);
    const bonus = tricked ? WEIGHTS.homoglyphTokenBonus : 0;
    const swaps = vi >= 1 ? swapsOf(folded, v) : [];
    const trick = tricked ? { written: capText(display), swaps: swaps.length > 0 ? swaps : lettersOf(display, v) } : {};
    const place = pos === 'rd' ? 'domain' : 'subdomain';
    if (parts !== null) {
      const hasScam = parts.some((p) => p.value.kind === 'scam');
      for (const p of parts) {
        const e = p.value;
        if (e.kind === 'scam') {
          if (vi === 0) out.scamWords.set(e.scam.word, e.scam);
          continue;
        }
        if (e.kind !== 'brand' || !fresh(e)) continue;
        if (e.weak && !(parts.length === 1 || hasScam || service)) continue;
        // the whole registrable label is the brand name: that is `url:brand-other-suffix`, counted once
        if (pos === 'rd' && parts.length === 1 && p.start === 0 && p.end === v.length && token === label && !tricked) continue;
        out.brandHits.push({
          brand: e.brand,
          weight: (e.weak && service ? WEIGHTS.weakServiceRd : brandWeight(e, pos)) + bonus,
          body: { signal: 'url:brand-name', ...ref(e.brand), word: e.word, label: capText(label), place, ...trick },
        });
        found = 'decomposed';
      }
      continue;
    }
    for (const m of matches as TrieMatch<DictEntry>[]) {
      const e = m.value;
      if (e.kind === 'scam') {
        if (e.scam.substring === true && vi === 0) out.scamWords.set(e.scam.word, e.scam);
      } else if (e.kind === 'brand' && !e.weak && (e.cjk || e.word.length >= 5) && fresh(e)) {
        if (!e.cjk && continuesAnotherWord(v, m.start, m.end, e.word)) continue;
        out.brandHits.push({
          brand: e.brand,
          weight: (pos === 'rd' ? WEIGHTS.substringRd : WEIGHTS.substringSub) + bonus,
          body: { signal: 'url:brand-substring', ...ref(e.brand), word: e.word, label: capText(label), place, ...trick },
        });
        if (found === 'none') found = 'substring';
      } else if (e.kind === 'brand' && e.weak && pos === 'rd' && isLongWeak(e.word) && fresh(e) && (m.start === 0 || isDigitAt(v, m.start - 1))) {
        // weak keyword opening the token: 'applecare-help', 'chaseonline', 'ebay-de-datenschutz'
        if (continuesAnotherWord(v, m.start, m.end, e.word)) continue;
        out.brandHits.push({
          brand: e.brand,
          weight: WEIGHTS.weakBrandRd + bonus,
          body: { signal: 'url:brand-name', ...ref(e.brand), word: e.word, label: capText(label), place: 'domain-start', ...trick },
        });
        if (found === 'none') found = 'substring';
      }
    }
  }
  return found;
}

const isDigitAt = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

function editDistanceHit(index: BrandIndex, token: string, label: string, out: HostSignals): void {
  if (token.length < FUZZY_MIN_LENGTH || !/^[a-z]+$/.test(token) || index.dictionaryWords.has(token) || EDIT_STOPWORDS.has(token)) return;
  const long = token.length >= 9;
  const span = long ? 2 : 1;
  for (let len = token.length - span; len <= token.length + span; len++) {
    for (const cand of index.fuzzyByLength.get(len) ?? []) {
      if (cand.label.charCodeAt(0) !== token.charCodeAt(0)) continue;
      const max = long && cand.label.length >= 9 ? 2 : 1;
      const d = boundedOsaDistance(token, cand.label, max);
      if (d >= 1 && d <= max) {
        out.brandHits.push({
          brand: cand.brand,
          weight: d === 1 ? WEIGHTS.edit1 : WEIGHTS.edit2,
          body: { signal: 'url:edit-distance', ...ref(cand.brand), written: capText(token), word: cand.label, label: capText(label), distance: d },
        });
        return;
      }
    }
  }
}

const NUMBER_RUN = /\d{5,}/g;

/** Ordinary words (English / pinyin) one edit away from a brand keyword: never edit-distance look-alikes. */
const EDIT_STOPWORDS: ReadonlySet<string> = new Set(['goggle', 'goggles', 'googly', 'weixing', 'xiaomei', 'doujin', 'yinliang', 'hotmale']);

function analyzeLabel(index: BrandIndex, label: string, pos: Position, out: HostSignals, skel: string): void {
  // whole-label homoglyph
  const byLabel = index.labelSkeletons.get(skel);
  if (byLabel !== undefined && label !== byLabel.word) {
    const swaps = /^[a-z0-9-]+$/.test(label) ? swapsOf(label, byLabel.word) : lettersOf(label, byLabel.word);
    out.brandHits.push({
      brand: byLabel.brand,
      weight: WEIGHTS.homoglyph,
      body: { signal: 'url:homoglyph', ...ref(byLabel.brand), written: capText(label), word: byLabel.word, swaps },
    });
  }
  const tokens = label.split(/[-_]+/).filter((t) => t !== '');
  // weak names warn only in a compound label: a 'service compound' (every token made of dictionary words / digits,
  // ≥ 2 words: 'ebay-online', 'tmall3936') or a whole hyphen-token beside others ('ebay-commerce', 'stores-apple')
  const dict = pos === 'rd' ? dictionaryShape(index, tokens) : null;
  const service = dict !== null && dict.all && dict.words >= 2;
  for (const [ti, token] of tokens.entries()) {
    const found = brandHitsFromToken(index, token, token, pos, label, out, service || (tokens.length >= 2 && dict?.isWord[ti] === true), dict?.scans[ti]);
    const digits = token.match(NUMBER_RUN);
    if (digits !== null) {
      for (const run of digits) {
        const b = index.numbers.get(run);
        if (b !== undefined)
          out.brandHits.push({ brand: b, weight: WEIGHTS.number, body: { signal: 'url:brand-number', ...ref(b), number: capText(run, 20), label: capText(label) } });
      }
    }
    if (found !== 'decomposed' && pos === 'rd') editDistanceHit(index, foldToken(token), label, out);
  }
}

/** Brand domain written inside the subdomains: taobao.com.xyz.top, paypal.com-secure.top, jd-com.kefu.cn. */
function embeddedDomain(index: BrandIndex, p: ParsedUrl, skelLabels: readonly string[], out: HostSignals): void {
  if (p.nameLabels.length < 2) return;
  let candidate = false;
  for (let i = 0; i < skelLabels.length - 1 && !candidate; i++) {
    const lab = skelLabels[i] as string;
    if (index.domainFirstWords.has(lab)) candidate = true;
    else if (lab.includes('-')) candidate = lab.split('-').some((w) => index.domainFirstWords.has(w));
  }
  if (!candidate) return;
  const words: string[] = [];
  const seps: string[] = [];
  const labelOf: number[] = [];
  const all = [...skelLabels, ...(p.suffix === '' ? [] : skeleton(p.suffix).split('.'))];
  all.forEach((lab, li) => {
    lab.split('-').forEach((w, wi) => {
      if (w === '') return;
      if (words.length > 0) seps.push(wi === 0 ? '.' : '-');
      words.push(w);
      labelOf.push(li);
    });
  });
  const lastSub = p.nameLabels.length - 2; // index of the last subdomain label
  for (let k = 0; k < words.length; k++) {
    if ((labelOf[k] ?? 99) > lastSub) break;
    for (let span = 2; span <= 3 && k + span < words.length; span++) {
      const cand = words.slice(k, k + span).join('.');
      const hit = index.domainSkeletons.get(cand);
      if (hit === undefined) continue;
      const { brand, domain } = hit;
      const dotted = seps.slice(k, k + span - 1).every((s) => s === '.');
      out.brandHits.push({
        brand,
        weight: dotted ? WEIGHTS.embeddedDomainDot : WEIGHTS.embeddedDomainHyphen,
        body: { signal: 'url:brand-domain-embedded', brand: brand.name, domain, host: capText(`${p.nameLabels.join('.')}.${p.suffix}`), place: 'subdomain', written: domain },
      });
      return;
    }
  }
}

function isPrivateIp(host: string): boolean {
  if (host.includes(':')) return host === '::1' || /^f[cd]/i.test(host) || /^fe80/i.test(host);
  const parts = host.split('.').map(Number);
  const [a = -1, b = -1] = parts;
  return a === 10 || a === 127 || a === 0 || (a === 192 && b === 168) || (a === 172 && b >= 16 && b <= 31) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}

// One list of checks: each is a few lines appending to `out`, and the national-site step
// rewrites hits pushed before it, so the order is part of the logic; per-label work is in analyzeLabel / embeddedDomain.
export function collectHostSignals(index: BrandIndex, p: ParsedUrl, isShortener: boolean): HostSignals {
  const out: HostSignals = { brandHits: [], scamWords: new Map(), shape: [] };
  if (p.userinfo !== '') {
    const user = p.userinfo.split(':')[0] ?? '';
    out.shape.push({ weight: WEIGHTS.userinfo, body: { signal: 'url:userinfo', user: capText(user), host: capText(p.host) } });
    const owner = /\./.test(user) ? ownerOf(index, user.toLowerCase()) : null;
    if (owner !== null)
      out.brandHits.push({
        brand: owner,
        weight: WEIGHTS.embeddedDomainDot,
        body: { signal: 'url:brand-domain-embedded', ...ref(owner), host: capText(p.host), place: 'userinfo', written: capText(user) },
      });
  }
  if (p.isIp) {
    if (!isPrivateIp(p.host)) out.shape.push({ weight: WEIGHTS.ipHost, body: { signal: 'url:ip-host', host: capText(p.host) } });
    return out;
  }
  if (isShortener) out.shape.push({ weight: WEIGHTS.shortener, body: { signal: 'url:shortener', host: capText(p.host) } });
  const n = p.nameLabels.length;
  if (n === 0) return out;

  const skelLabels = p.nameLabels.map((l) => skeleton(l));
  embeddedDomain(index, p, skelLabels, out);
  for (let i = 0; i < n; i++) {
    const label = p.nameLabels[i] as string;
    if (i < n - 1 && index.glueWords.has(label)) continue; // www., m. …
    analyzeLabel(index, label, i === n - 1 ? 'rd' : 'sub', out, skelLabels[i] as string);
  }
  const rdLabel = p.nameLabels[n - 1] as string;
  const exact = index.strongLabels.get(rdLabel);
  const tld = p.host.slice(p.host.lastIndexOf('.') + 1);
  const countryTld = tld.length === 2 && !RISKY_TLDS.has(tld) && exact?.nationalSites === true;
  if (exact !== undefined) {
    // 'paypal.xyz' is someone else's; for brands with national sites 'icbc.de' / 'icbc.com.sg' is caution only
    out.brandHits.push({
      brand: exact,
      weight: countryTld ? WEIGHTS.brandCountry : WEIGHTS.otherSuffix,
      body: { signal: 'url:brand-other-suffix', ...ref(exact), host: capText(`${rdLabel}.${p.suffix}`), word: capText(rdLabel) },
    });
  }
  // brand + country code and nothing else ('icbc-at.com', 'icbcmy.com'): often the brand's own national site
  const national = countryCompound(index, rdLabel);
  if (national !== null && !RISKY_TLDS.has(tld)) {
    out.brandHits.forEach((h, i) => {
      const b = h.body;
      if (h.brand === national && (b.signal === 'url:brand-name' || b.signal === 'url:brand-substring') && h.weight === WEIGHTS.brandNameRd)
        out.brandHits[i] = { ...h, weight: WEIGHTS.brandCountry, body: { ...b, countryOnly: true } };
    });
  }

  // scripts
  if (p.hasPunycode) {
    let mixed = false;
    let asciiLooking = false;
    // whole-script look-alikes ('аррӏе.com') matter on Latin TLDs; on Cyrillic/Greek TLDs they are just words
    const lastLabel = p.host.slice(p.host.lastIndexOf('.') + 1);
    const nativeTld = lastLabel.startsWith('xn--') || NATIVE_SCRIPT_TLDS.has(lastLabel);
    for (let i = 0; i < n; i++) {
      const ascii = p.asciiLabels[i] ?? '';
      if (!ascii.startsWith('xn--')) continue;
      const label = p.nameLabels[i] as string;
      const scripts = scriptsOf(label);
      if (isMixedConfusableScript(scripts)) mixed = true;
      else if ((scripts & LATIN_LOOKING) !== 0 && !nativeTld && skeletonIsAscii(label)) asciiLooking = true;
    }
    const name = capText(p.nameLabels.join('.'));
    out.shape.push({ weight: WEIGHTS.punycode, body: { signal: 'url:punycode', name, ascii: capText(p.asciiLabels.join('.')) } });
    if (mixed) out.shape.push({ weight: WEIGHTS.mixedScript, body: { signal: 'url:mixed-script', name } });
    else if (asciiLooking) out.shape.push({ weight: WEIGHTS.confusableScript, body: { signal: 'url:confusable-script', name } });
  }
  // shape
  if (RISKY_TLDS.has(tld)) out.shape.push({ weight: WEIGHTS.riskyTld, body: { signal: 'url:risky-tld', tld: capText(tld, 30) } });
  let hyphens = 0;
  for (const a of p.asciiLabels) hyphens += a.startsWith('xn--') ? 0 : a.split('-').length - 1;
  const host = capText(p.host);
  if (hyphens >= 3) out.shape.push({ weight: hyphens >= 5 ? WEIGHTS.hyphens5 : WEIGHTS.hyphens3, body: { signal: 'url:many-hyphens', count: hyphens, host } });
  const rdAscii = p.asciiLabels[n - 1] ?? '';
  const digitCount = rdAscii.replace(/\D/g, '').length;
  if (digitCount >= 5 && /[a-z]/.test(rdAscii) && !rdAscii.startsWith('xn--'))
    out.shape.push({ weight: WEIGHTS.manyDigits, body: { signal: 'url:many-digits', count: digitCount, host: capText(rdAscii) } });
  if (n >= 5) out.shape.push({ weight: WEIGHTS.deepSubdomain, body: { signal: 'url:deep-subdomain', count: n - 1, host } });
  return out;
}
