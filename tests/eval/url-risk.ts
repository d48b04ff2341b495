/**
 * URL-risk evaluation (issue 6): precision/recall per signal and overall on the hand-written corpus, and the
 * false-positive share over the 10.7k real legit domains in ../shared/data/lists/legit-domains.tsv when present.
 * Run: npm run eval -- url-risk
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessUrl } from '../../src/core/lookalike/index.ts';
import { loadCorpus, scoreCorpus } from '../fixtures/urls/corpus.ts';
import type { Verdict } from '../../src/core/types.ts';

/** didYouMean → v2fly brand files that list that brand's own domains (for the "brand-held" breakdown only). */
const OWNER_FILES: ReadonlyMap<string, readonly string[]> = new Map([
  ['paypal.com', ['paypal']],
  ['apple.com', ['apple']],
  ['google.com', ['google']],
  ['microsoft.com', ['microsoft']],
  ['amazon.com', ['amazon']],
  ['ebay.com', ['ebay']],
  ['taobao.com', ['alibaba']],
  ['alipay.com', ['alibaba']],
  ['alibaba.com', ['alibaba']],
  ['tmall.com', ['alibaba']],
  ['jd.com', ['jd']],
  ['qq.com', ['tencent']],
  ['douyin.com', ['bytedance']],
  ['baidu.com', ['baidu']],
  ['meituan.com', ['meituan']],
  ['pinduoduo.com', ['pinduoduo']],
  ['ctrip.com', ['ctrip']],
  ['huawei.com', ['huawei']],
  ['mi.com', ['xiaomi']],
  ['unionpay.com', ['unionpay']],
  ['chinapost.com.cn', ['chinapost']],
]);
const pct = (x: number
, digits = 1): string => `${(x * 100).toFixed(digits)}%`;
const rows = [...loadCorpus('scam-urls.tsv'), ...loadCorpus('legit-urls.tsv')];
const s = scoreCorpus(rows, (u) => assessUrl(u));

console.log(`corpus: ${s.scamCount} scam-shaped, ${s.legitCount} legit URLs`);
console.log(
  `overall (caution or warn): precision ${pct(s.flagged.precision)}  recall ${pct(s.flagged.recall)}  ` +
    `(tp ${s.flagged.tp}, fp ${s.flagged.fp}, fn ${s.flagged.fn})`,
);
console.log(`warn tier: precision ${pct(s.warn.precision)}  recall ${pct(s.warn.recall)} of URLs labelled warn  (fp ${s.warn.fp})`);
console.log(`exact level match: ${pct(s.exactLevel)}`);
console.log('\nper signal (among flagged URLs)          fired  precision  recall');
for (const p of s.perSignal) {
  console.log(`  ${p.signal.padEnd(36)} ${String(p.tp + p.fp).padStart(5)}  ${pct(p.precision).padStart(8)}  ${pct(p.recall).padStart(6)}`);
}
if (s.misses.length > 0) {
  console.log(`\nscam URLs not at their expected level (${s.misses.length}):`);
  for (const m of s.misses) console.log(`  ${m.row.expected.padEnd(7)} got ${m.got.padEnd(7)} ${m.row.url}  (${m.row.note})`);
}
if (s.falseAlarms.length > 0) {
  console.log(`\nlegit URLs flagged (${s.falseAlarms.length}):`);
  for (const f of s.falseAlarms) console.log(`  ${f.verdict.level.padEnd(7)} ${f.row.url}  ${f.verdict.reasons.map((r) => r.signal).join(' ')}`);
}

// ── false positives at scale ──
const LEGIT_TSV = join(import.meta.dirname, '..', '..', '..', 'shared', 'data', 'lists', 'legit-domains.tsv');
if (!existsSync(LEGIT_TSV)) {
  console.log(`\nnote: ${LEGIT_TSV} not found — skipping the false-positive-at-scale check.`);
} else {
  const lines = readFileSync(LEGIT_TSV, 'utf8').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
  let warn = 0;
  let caution = 0;
  let ownedWarn = 0;
  let ownedCaution = 0;
  const flagged: { domain: string; source: string; v: Verdict; owned: boolean }[] = [];
  for (const line of lines) {
    const [domain = '', source = ''] = line.split('\t');
    const v = assessUrl(`https://${domain}/`);
    if (v.level === 'none') continue;
    // "owned": the domain sits in the v2fly file of the very brand it is said to imitate (a defensive registration)
    const brandFile = v.didYouMean === undefined ? null : OWNER_FILES.get(v.didYouMean);
    const owned = brandFile !== null && brandFile !== undefined && brandFile.some((f) => source.includes(`data/${f}`));
    if (v.level === 'warn') {
      warn++;
      if (owned) ownedWarn++;
    } else {
      caution++;
      if (owned) ownedCaution++;
    }
    flagged.push({ domain, source, v, owned });
  }
  const n = lines.length;
  console.log(`\nlegit-domains.tsv: ${n} real legit domains`);
  console.log(`  warn:    ${warn} = ${pct(warn / n, 3)}  (target ≤ 0.1%)   of which ${ownedWarn} are registrations held by the imitated brand itself`);
  console.log(`  caution: ${caution} = ${pct(caution / n, 3)}  (target ≤ 1%)     of which ${ownedCaution} held by the imitated brand`);
  console.log(`  excluding brand-held look-alikes: warn ${pct((warn - ownedWarn) / n, 3)}, caution ${pct((caution - ownedCaution) / n, 3)}`);
  flagged.sort((a, b) => b.v.score - a.v.score);
  console.log('  worst offenders (score, level, domain, source, top signals):');
  for (const f of flagged.slice(0, 40)) {
    const src = f.source.replace(/v2fly\/domain-list-community:data\//g, 'v2fly:');
    console.log(`   ${f.v.score.toFixed(2)} ${f.v.level.padEnd(7)} ${f.domain.padEnd(34)} ${src.padEnd(22)} ${f.owned ? '[brand-held] ' : ''}${f.v.reasons.filter((r) => (r.weight ?? 0) > 0).map((r) => r.signal.replace('url:', '')).join('+')}`);
  }
}

