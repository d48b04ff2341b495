/**
 * Seeded synthetic blocklist data for the list-engine bench (and size tests): domains with a realistic TLD mix,
 * subdomain entries, host+path entries on shared hosts, and URLs of which a chosen share hit listed entries.
 */
import { CATEGORIES, SEVERITIES } from '../../../src/core/types.ts';
import type { ListEntryInput } from '../../../src/core/lists/index.ts';

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/** Weights roughly after what scam feeds list (com first, then cheap gTLDs and ccTLDs). */
const TLDS: readonly [string, number][] = [
  ['com', 38], ['net', 5], ['org', 3], ['cn', 5], ['com.cn', 2], ['top', 5], ['xyz', 4], ['shop', 3], ['vip', 3],
  ['online', 2], ['site', 2], ['icu', 2], ['info', 2], ['cc', 2], ['co', 1], ['io', 1], ['ru', 2], ['de', 1],
  ['co.uk', 1], ['com.br', 1], ['in', 1], ['hk', 1], ['com.tw', 1], ['tw', 1], ['jp', 1], ['club', 1], ['live', 1],
  ['app', 1], ['buzz', 1], ['store', 1], ['asia', 1], ['me', 1], ['tk', 1], ['ml', 1], ['sbs', 1], ['cfd', 1],
];
const TLD_TOTAL = TLDS.reduce((n, [, w]) => n + w, 0);
const SYLLABLES = 'ka lo mi tu ra ne so vi da pe shop pay mall bit coin trade fx gold usdt jd tao bao ali wx vip yun bank'.split(' ');
const WORDS = ['secure', 'login', 'verify', 'refund', 'service', 'online', 'app', 'invest', 'task', 'order', 'official'];
const SHARED_HOSTS = [
  'sites.google.com/view/', 'docs.google.com/forms/d/', 'storage.googleapis.com/', 'oss-cn-hangzhou.aliyuncs.com/',
  'weebly.com/shop/', 'notion.site/', 'feishu.cn/docx/', 'mp.weixin.qq.com/s/',
];
const SOURCES = ['tw165', 'jarelllama', 'blocklistproject', 'polkadot', 'metamask', 'user-report', 'maintainer'];

function tld(rand: Rand): string {
  let r = rand() * TLD_TOTAL;
  for (const [t, w] of TLDS) if ((r -= w) < 0) return t;
  return 'com';
}

export function randomLabel(rand: Rand): string {
  let label = pick(rand, SYLLABLES) + pick(rand, SYLLABLES);
  if (rand() < 0.5) label += pick(rand, SYLLABLES);
  if (rand() < 0.3) label += '-' + pick(rand, WORDS);
  if (rand() < 0.6) label += Math.floor(rand() * 10000);
  return label;
}

export function randomDomain(rand: Rand): string {
  return `${randomLabel(rand)}.${tld(rand)}`;
}

export interface GeneratedEntry extends ListEntryInput {
  /** 'domain' entries cover a host and its subdomains; 'path' entries a path prefix on a shared host. */
  kind: 'domain' | 'path';
}

const DAYS = Array.from({ length: 700 }, (_, d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
/** Shared (never mutated) source lists: one source, or two for a fifth of the entries. */
const SOURCE_SETS = [...SOURCES.map((s) => [s]), ...SOURCES.flatMap((a) => SOURCES.filter((b) => b > a).map((b) => [a, b]))];

function entryMeta(rand: Rand): Omit<ListEntryInput, 'key'> {
  const sources = rand() < 0.8 ? SOURCE_SETS[Math.floor(rand() * SOURCES.length)]! : pick(rand, SOURCE_SETS);
  return { category: pick(rand, CATEGORIES), severity: pick(rand, SEVERITIES), firstSeen: pick(rand, DAYS), sources };
}

/** `count` unique entries: ~85% domains (a tenth of them subdomains), ~15% host+path prefixes. */
export function generateEntries(count: number, seed: number): GeneratedEntry[] {
  const rand = mulberry32(seed);
  const seen = new Set<string>();
  const out: GeneratedEntry[] = [];
  while (out.length < count) {
    let key: string;
    let kind: GeneratedEntry['kind'] = 'domain';
    if (rand() < 0.15) {
      kind = 'path';
      key = `${pick(rand, SHARED_HOSTS)}${randomLabel(rand)}/`;
    } else {
      key = (rand() < 0.1 ? pick(rand, ['m', 'www', 'app', 'h5', 'api']) + '.' : '') + randomDomain(rand) + '/';
    }
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ key, kind, ...entryMeta(rand) });
  }
  return out;
}

function randomPath(rand: Rand): string {
  const depth = Math.floor(rand() * 4);
  let path = '/';
  for (let i = 0; i < depth; i++) path += pick(rand, [...WORDS, 'index', 'item', 'p', 'user']) + (i === depth - 1 && rand() < 0.5 ? '.html' : '/');
  if (rand() < 0.4) path += `?id=${Math.floor(rand() * 1e6)}&utm_source=${pick(rand, ['ad', 'sms', 'wechat'])}`;
  return path;
}

function hitUrl(rand: Rand, entries: readonly GeneratedEntry[]): string {
  const e = pick(rand, entries);
  const host = e.kind === 'domain' && rand() < 0.5 ? pick(rand, ['www.', 'm.', 'a.b.', 'pay.']) + e.key.slice(0, -1) : e.key.slice(0, -1);
  return host + randomPath(rand);
}

function missUrl(rand: Rand, listed: ReadonlySet<string>): string {
  for (;;) {
    const host = rand() < 0.1 ? pick(rand, SHARED_HOSTS) + randomLabel(rand) : (rand() < 0.5 ? 'www.' : '') + randomDomain(rand);
    if (!listed.has(host.replace(/^www\./, '') + '/') && !listed.has(host + '/')) return host + randomPath(rand);
  }
}

/** URLs: exactly `hitShare` of them under listed entries (random subdomains / deeper paths), the rest unlisted. */
export function generateUrls(entries: readonly GeneratedEntry[], count: number, hitShare: number, seed: number): string[] {
  const rand = mulberry32(seed);
  const listed = new Set(entries.map((e) => e.key));
  const urls: string[] = [];
  for (let i = 0; i < count; i++) {
    const scheme = rand() < 0.8 ? 'https://' : 'http://';
    const hit = Math.floor((i + 1) * hitShare) > Math.floor(i * hitShare);
    urls.push(scheme + (hit ? hitUrl(rand, entries) : missUrl(rand, listed)));
  }
  return urls;
}
