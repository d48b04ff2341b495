/**
 * Everything `assessUrl` needs from the brand data, precomputed once per BrandData (cached in a WeakMap):
 *
 *  - `ownDomains`   Set of every brand domain → brand (a host under one of them is the brand's own site).
 *  - `labelSkeletons` skeleton(label) → brand, for whole-label homoglyph checks ('pаypal' → PayPal). Labels are
 *                   the brands' strong keywords and weak keywords of ≥ 4 letters.
 *  - `strongLabels` exact strong keyword → brand ('paypal.xyz' is PayPal's name on someone else's domain).
 *  - `fuzzyByLength` strong keywords of ≥ 6 letters bucketed by length, for bounded edit distance.
 *  - `numbers`      hotline / app numbers → brand ('95588' → ICBC).
 *  - `trie`         one trie over brand keywords, CJK names, scam words and glue words.
 *
 * Worked example: brand {id:'jd', domains:['jd.com'], keywords:['jingdong'], weakKeywords:['jd'], cjk:['京东']}
 * adds 'jd.com' to ownDomains, 'jingdong' to labelSkeletons/strongLabels/fuzzyByLength, and trie entries
 * jingdong (strong), jd (weak), 京东 (cjk).
 */
import type { Brand, BrandData } from '../brands/types.ts';
import { GLUE_WORDS, SCAM_WORDS, type ScamWord } from './words.ts';
import { skeleton } from './skeleton.ts';
import { createTrie, trieInsert, type TrieNode } from './word-trie.ts';

export type DictEntry =
  | { readonly kind: 'brand'; readonly brand: Brand; readonly word: string; readonly weak: boolean; readonly cjk: boolean }
  | { readonly kind: 'scam'; readonly scam: ScamWord }
  | { readonly kind: 'glue'; readonly word: string };

export interface BrandIndex {
  readonly ownDomains: ReadonlyMap<string, Brand>;
  /** skeleton(domain) → brand and domain, to find brand domains written inside other hosts. */
  readonly domainSkeletons: ReadonlyMap<string, { readonly brand: Brand; readonly domain: string }>;
  /** First words of `domainSkeletons` keys ('paypal' of 'paypal.com'): a cheap pre-check for embedding. */
  readonly domainFirstWords: ReadonlySet<string>;
  /** Glue words: a subdomain label that is one of these ('www', 'm') carries no signal. */
  readonly glueWords: ReadonlySet<string>;
  readonly labelSkeletons: ReadonlyMap<string, { readonly brand: Brand; readonly word: string }>;
  readonly strongLabels: ReadonlyMap<string, Brand>;
  readonly fuzzyByLength: ReadonlyMap<number, readonly { label: string; brand: Brand }[]>;
  readonly numbers: ReadonlyMap<string, Brand>;
  readonly trie: TrieNode<DictEntry>;
  /** Words of the dictionary (lower-case) — tokens equal to one are never edit-distance candidates. */
  readonly dictionaryWords: ReadonlySet<string>;
}

export const FUZZY_MIN_LENGTH = 6;
const cache = new WeakMap<BrandData, BrandIndex>();

export function brandIndex(data: BrandData): BrandIndex {
  const hit = cache.get(data);
  if (hit !== undefined) return hit;
  const built = buildBrandIndex(data);
  cache.set(data, built);
  return built;
}

function buildBrandIndex(data: BrandData): BrandIndex {
  const ownDomains = new Map<string, Brand>();
  const domainSkeletons = new Map<string, { brand: Brand; domain: string }>();
  const labelSkeletons = new Map<string, { brand: Brand; word: string }>();
  const strongLabels = new Map<string, Brand>();
  const fuzzy = new Map<number, { label: string; brand: Brand }[]>();
  const numbers = new Map<string, Brand>();
  const trie = createTrie<DictEntry>();
  const dictionaryWords = new Set<string>();
  const firstWins = <K, V>(m: Map<K, V>, k: K, v: V): void => {
    if (!m.has(k)) m.set(k, v);
  };

  for (const brand of data.brands) {
    for (const d of brand.domains) {
      firstWins(ownDomains, d.toLowerCase(), brand);
      // 'www.gov.cn' is covered by 'gov.cn'; keeping 'www' out of domainFirstWords keeps the pre-check selective
      if (!d.startsWith('www.')) firstWins(domainSkeletons, skeleton(d), { brand, domain: d.toLowerCase() });
    }
    for (const raw of brand.keywords ?? []) {
      const kw = raw.toLowerCase();
      trieInsert(trie, kw, { kind: 'brand', brand, word: kw, weak: false, cjk: false });
      dictionaryWords.add(kw);
      firstWins(labelSkeletons, skeleton(kw), { brand, word: kw });
      firstWins(strongLabels, kw, brand);
      if (kw.length >= FUZZY_MIN_LENGTH && /^[a-z]+$/.test(kw)) {
        const bucket = fuzzy.get(kw.length) ?? [];
        bucket.push({ label: kw, brand });
        fuzzy.set(kw.length, bucket);
      }
    }
    for (const raw of brand.weakKeywords ?? []) {
      const kw = raw.toLowerCase();
      trieInsert(trie, kw, { kind: 'brand', brand, word: kw, weak: true, cjk: false });
      dictionaryWords.add(kw);
      if (kw.length >= 4) firstWins(labelSkeletons, skeleton(kw), { brand, word: kw });
    }
    for (const word of brand.cjk ?? []) trieInsert(trie, word, { kind: 'brand', brand, word, weak: false, cjk: true });
    for (const n of brand.numbers ?? []) firstWins(numbers, n, brand);
  }
  const seenScam = new Set<string>();
  for (const scam of SCAM_WORDS) {
    if (seenScam.has(scam.word)) continue;
    seenScam.add(scam.word);
    trieInsert(trie, scam.word, { kind: 'scam', scam });
    dictionaryWords.add(scam.word);
  }
  for (const word of GLUE_WORDS) {
    trieInsert(trie, word, { kind: 'glue', word });
    dictionaryWords.add(word);
  }
  const domainFirstWords = new Set([...domainSkeletons.keys()].map((k) => k.slice(0, k.indexOf('.'))));
  return { ownDomains, domainSkeletons, domainFirstWords, glueWords: new Set(GLUE_WORDS), labelSkeletons, strongLabels, fuzzyByLength: fuzzy, numbers, trie, dictionaryWords };
}

/** The brand owning `host` (host equal to or under one of its domains), or null. */
export function ownerOf(index: BrandIndex, host: string): Brand | null {
  let rest = host;
  for (;;) {
    const b = index.ownDomains.get(rest);
    if (b !== undefined) return b;
    const dot = rest.indexOf('.');
    if (dot < 0) return null;
    rest = rest.slice(dot + 1);
  }
}
