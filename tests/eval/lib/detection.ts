/**
 * Detection metrics shared by `npm run eval -- detection`: predictions for corpus items through the real scorer
 * (analyze), per-type precision / recall at warn, false-positive rates, confusion matrix, misses and false alarms.
 */
import { analyze, type AnalyzeOptions } from '../../../src/core/classify/score.ts';
import { SCORED_CATEGORIES, type Model } from '../../../src/core/classify/model.ts';
import type { Level } from '../../../src/core/types.ts';
import { describeSignal } from '../../../src/core/signals.ts';
import { isMoneyPage, siteOf } from '../../../src/core/verdict/site-memory.ts';
import { featuresOf, type HostMode, type Item } from '../../../src/maintainer/train/pipeline.ts';

export interface Prediction {
  readonly id: string;
  readonly label: string;
  readonly detail: string;
  readonly group: string;
  readonly kind: string;
  readonly url?: string;
  readonly level: Level;
  readonly category: string | null;
  readonly score: number;
  readonly reasons: string;
  /** A page that is itself a money step (site-memory.ts isMoneyPage): its warn does not mark its site. */
  readonly moneyPage?: boolean;
  /** Pages, when asked for (`textScore: true`; analysis only, `--dump`): the text head's threshold-free score of the same page. */
  readonly textScore?: number;
  /** The most likely scam type and 1 − p(legit) with the phishing class counted (what caution compares), whatever the
   *  level: site-memory studies (`select --dump`). */
  readonly top?: string;
  readonly full?: number;
}

/** `score` is the threshold-free score compared with warn (ClassifyDetail.warnScore: p(phishing) left out when the
 *  page shows no impersonation evidence), so k-fold code can re-threshold it. */
export function predict(items: readonly Item[], model: Model, mode: 'page' | 'text', opts: AnalyzeOptions & { hosts?: HostMode; textScore?: boolean } = {}): Prediction[] {
  return items.map((it) => {
    const features = featuresOf(it, opts.hosts);
    const d = analyze(features, model, mode, opts);
    const v = d.verdict;
    const top = d.contributions.slice(0, 5).map((c) => `${c.feature}${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(2)}`).join(' ');
    const reasons = v.reasons.length ? v.reasons.slice(0, 6).map((r) => `${r.signal} ${describeSignal(r)}`).join(' | ') : `(top: ${top})`;
    return {
      id: it.item.id,
      label: it.item.label,
      detail: it.item.detail,
      group: it.item.group,
      kind: it.kind === 'page' ? it.item.kind : 'text',
      ...(it.kind === 'page' && it.item.url ? { url: it.item.url } : {}),
      level: v.level,
      category: v.category ?? null,
      score: d.warnScore,
      top: topType(d.scores),
      full: Math.round(Object.values(d.scores).reduce((a, b) => a + b, 0) * 1000) / 1000,
      reasons,
      ...(it.kind === 'page' && isMoneyPage(features) ? { moneyPage: true } : {}),
      ...(mode === 'page' && opts.textScore === true ? { textScore: analyze(features, model, 'text').warnScore } : {}),
    };
  });
}

function topType(scores: Readonly<Record<string, number>>): string {
  let top = 'other';
  let best = -1;
  for (const [c, p] of Object.entries(scores)) if (p > best) [top, best] = [c, p];
  return top;
}

export interface TypeRow {
  readonly type: string;
  readonly n: number;
  /** warn with the right type / n */
  readonly recallWarn: number;
  /** warn with any scam type / n */
  readonly detectWarn: number;
  /** right type among items warned as this type (legit included) */
  readonly precisionWarn: number;
}

export interface Summary {
  readonly scamN: number;
  readonly legitN: number;
  readonly types: TypeRow[];
  /** warn (any scam type) / scam items */
  readonly recallWarn: number;
  /** warn with the right type / scam items */
  readonly recallWarnTyped: number;
  readonly recallCaution: number;
  readonly fpWarn: number;
  readonly fpCaution: number;
  readonly confusion: Record<string, Record<string, number>>;
  readonly misses: Prediction[];
  readonly falseAlarms: Prediction[];
}

const atWarn = (p: Prediction): boolean => p.level === 'warn' || p.level === 'block';
const atCaution = (p: Prediction): boolean => p.level !== 'none';

export function summarize(preds: readonly Prediction[]): Summary {
  const scam = preds.filter((p) => p.label !== 'legit');
  const legit = preds.filter((p) => p.label === 'legit');
  const types = SCORED_CATEGORIES.map((type): TypeRow => {
    const mine = scam.filter((p) => p.label === type);
    const warned = preds.filter((p) => atWarn(p) && p.category === type);
    return {
      type,
      n: mine.length,
      recallWarn: mine.length ? mine.filter((p) => atWarn(p) && p.category === type).length / mine.length : NaN,
      detectWarn: mine.length ? mine.filter(atWarn).length / mine.length : NaN,
      precisionWarn: warned.length ? warned.filter((p) => p.label === type).length / warned.length : NaN,
    };
  });
  const confusion: Record<string, Record<string, number>> = {};
  for (const p of preds) {
    const row = (confusion[p.label] ??= {});
    const col = atWarn(p) ? (p.category ?? 'none') : p.level === 'caution' ? 'caution' : 'none';
    row[col] = (row[col] ?? 0) + 1;
  }
  const ratio = (a: number, b: number): number => (b ? a / b : NaN);
  return {
    scamN: scam.length,
    legitN: legit.length,
    types,
    recallWarn: ratio(scam.filter(atWarn).length, scam.length),
    recallWarnTyped: ratio(scam.filter((p) => atWarn(p) && p.category === p.label).length, scam.length),
    recallCaution: ratio(scam.filter(atCaution).length, scam.length),
    fpWarn: ratio(legit.filter(atWarn).length, legit.length),
    fpCaution: ratio(legit.filter(atCaution).length, legit.length),
    confusion,
    misses: scam.filter((p) => !atWarn(p)),
    falseAlarms: legit.filter(atCaution),
  };
}

export const pct = (x: number): string => (Number.isNaN(x) ? '—' : `${(x * 100).toFixed(1)}%`);

const SHORT: Record<string, string> = {
  'task-rebate': 'task', investment: 'invest', 'fake-shop': 'shop', 'fake-service': 'service', 'credit-repair': 'credit', phishing: 'phish', other: 'other', legit: 'legit',
};

/** One line per item: a miss (scam below warn) or a false alarm (legit at caution or warn). */
function renderMisses(s: Summary): string[] {
  return s.misses.map((p) => `- \`${p.id}\` [${p.label}, ${p.group}] → ${p.level} ${p.category ?? '-'} ${p.score} — ${p.reasons}`);
}
function renderFalseAlarms(s: Summary): string[] {
  return s.falseAlarms.map((p) => `- \`${p.id}\` [${p.detail}${p.url ? ` ${p.url}` : ''}] → **${p.level}** ${p.category ?? '-'} ${p.score} — ${p.reasons}`);
}

/** `listAll`: every miss and false alarm; `falseAlarms`: the false alarms only (when the misses are too many for this
 *  report and go to a file of their own). */
export function renderSummary(title: string, s: Summary, opts: { listAll: boolean; falseAlarms?: boolean }): string[] {
  const out: string[] = [];
  out.push(`### ${title}`, '');
  out.push(`${s.scamN} scam items, ${s.legitN} legit items. Recall at warn (any type): **${pct(s.recallWarn)}**; with the right type: ${pct(s.recallWarnTyped)}; at caution or above: ${pct(s.recallCaution)}.`);
  out.push(`Legit at warn (false positives): **${pct(s.fpWarn)}** (${s.falseAlarms.filter(atWarn).length}/${s.legitN}); at caution or above: ${pct(s.fpCaution)}.`, '');
  out.push('| type | n | recall@warn (right type) | flagged@warn (any type) | precision@warn |', '|---|---:|---:|---:|---:|');
  for (const t of s.types) out.push(`| ${t.type} | ${t.n} | ${pct(t.recallWarn)} | ${pct(t.detectWarn)} | ${pct(t.precisionWarn)} |`);
  out.push('', 'Confusion (rows: label; columns: type at warn, `caution`, `none`):', '');
  const cols = [...SCORED_CATEGORIES, 'caution', 'none'];
  out.push(`| label | ${cols.map((c) => SHORT[c] ?? c).join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`);
  for (const row of [...SCORED_CATEGORIES, 'legit']) {
    const r = s.confusion[row];
    if (!r) continue;
    out.push(`| ${SHORT[row] ?? row} | ${cols.map((c) => String(r[c] ?? 0)).join(' | ')} |`);
  }
  if (opts.listAll) out.push('', `Misses (scam below warn): ${s.misses.length}`, ...renderMisses(s));
  if (opts.listAll || opts.falseAlarms) out.push('', `False alarms (legit at caution or warn): ${s.falseAlarms.length}`, ...renderFalseAlarms(s));
  out.push('');
  return out;
}

/**
 * Repositories that hold many unrelated scam pages (kit collections, malware sample sets): each page there is its own
 * site. Every phishing page is its own site too (conservative: a kit's log-in → card → done pages are one site in
 * the wild, counted here as three).
 */
export const PAGE_COLLECTIONS: ReadonlySet<string> = new Set(['Mushi-mushi/malwares', 'JoulioK/Phishing_Kits', 'neoroles/Phishkits', 'packetrat/phishing-kits-I-found', 'peloy20/ProjectScampage']);

/** The site a page stands for in the site-memory reading: a scam platform's repository, a legit app's repository
 *  (its templates and language tables: the pages of one shop front-end, as a scam platform's are), else the page's
 *  own host (registrable domain) or, without an address, the page itself. */
export function siteOfPrediction(p: Prediction): string {
  if (p.label !== 'legit' && p.label !== 'phishing' && !PAGE_COLLECTIONS.has(p.group)) return `repo:${p.group}`;
  if (p.label === 'legit' && (p.kind === 'template' || p.kind === 'lang-table')) return `repo:${p.group}`;
  if (p.url) {
    try {
      return `host:${siteOf(new URL(p.url).hostname)}`;
    } catch {
      /* fall through */
    }
  }
  return `item:${p.group}:${p.id}`;
}

const div0 = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export interface SiteReading {
  readonly scamSites: number;
  readonly scamSitesCaught: number;
  readonly legitSites: number;
  readonly legitSitesWarned: number;
  /** Scam platforms (a task / investment / service repository: one site) and how many have a page at warn. */
  readonly platformSites: number;
  readonly platformSitesCaught: number;
  /** Legit sites of several pages where a page at warn marks the site (memory spreads its false alarm), with the
   *  marking pages; and the legit pages at warn that do not mark theirs (money steps). */
  readonly legitSpread: readonly { readonly site: string; readonly pages: number; readonly marking: readonly string[] }[];
  readonly legitNotMarking: readonly string[];
  /** Expected share of scam pages at warn with site memory, pages of a site visited in a uniformly random order. */
  readonly scamPagesWithMemory: number;
  readonly legitPagesWithMemory: number;
  readonly scamPagesAlone: number;
  readonly legitPagesAlone: number;
}

/**
 * Site memory (src/core/verdict/site-memory.ts) on held-out predictions: a site is caught when one of its pages is
 * at warn; with memory, a page is warned when it is, or when an earlier page of its site is at warn and marks the
 * site (not a money page: `rememberable`). For a site of n pages, k at warn of which m mark it, visited in a random
 * order, each of the n − k other pages comes after one of the m markers with probability m/(m+1): expected pages at
 * warn k + (n − k)·m/(m+1) (= (n+1)k/(k+1) when every warned page marks).
 */
export function siteReading(preds: readonly Prediction[]): SiteReading {
  const sites = new Map<string, { scam: boolean; n: number; k: number; m: number; marking: string[] }>();
  const legitNotMarking: string[] = [];
  for (const p of preds) {
    const key = siteOfPrediction(p);
    const s = sites.get(key) ?? { scam: p.label !== 'legit', n: 0, k: 0, m: 0, marking: [] };
    s.n++;
    if (p.level === 'warn' || p.level === 'block') {
      s.k++;
      if (p.moneyPage !== true) {
        s.m++;
        s.marking.push(p.id);
      } else if (!s.scam) legitNotMarking.push(p.id);
    }
    sites.set(key, s);
  }
  const legitSpread = [...sites]
    .filter(([, s]) => !s.scam && s.m > 0 && s.n > 1)
    .map(([site, s]) => ({ site, pages: s.n, marking: s.marking }))
    .sort((a, b) => a.site.localeCompare(b.site));
  let platforms = 0, platformsCaught = 0;
  for (const [key, s] of sites) {
    if (!s.scam || !key.startsWith('repo:')) continue;
    platforms++;
    if (s.k > 0) platformsCaught++;
  }
  let scamSites = 0, caught = 0, legitSites = 0, legitWarned = 0, scamN = 0, legitN = 0, scamMem = 0, legitMem = 0, scamAlone = 0, legitAlone = 0;
  for (const s of sites.values()) {
    const mem = s.k + ((s.n - s.k) * s.m) / (s.m + 1);
    if (s.scam) {
      scamSites++;
      if (s.k > 0) caught++;
      scamN += s.n;
      scamMem += mem;
      scamAlone += s.k;
    } else {
      legitSites++;
      if (s.k > 0) legitWarned++;
      legitN += s.n;
      legitMem += mem;
      legitAlone += s.k;
    }
  }
  return {
    scamSites,
    scamSitesCaught: caught,
    legitSites,
    legitSitesWarned: legitWarned,
    platformSites: platforms,
    platformSitesCaught: platformsCaught,
    legitSpread,
    legitNotMarking: legitNotMarking.sort(),
    scamPagesWithMemory: div0(scamMem, scamN),
    legitPagesWithMemory: div0(legitMem, legitN),
    scamPagesAlone: div0(scamAlone, scamN),
    legitPagesAlone: div0(legitAlone, legitN),
  };
}

export function renderSiteReading(what: string, r: SiteReading): string[] {
  return [
    `Per site, ${what} (site memory: a page at warn that is not itself a money step marks its site, later pages of it are warned too; a scam platform's repository is one site, so are a legit shop front-end's templates, every phishing page and every page of a kit collection is its own site, other legit pages go by their host or alone; not the headline):`,
    '',
    '| | scam | legit |',
    '|---|---:|---:|',
    `| sites with a page at warn | ${r.scamSitesCaught} / ${r.scamSites} (${pct(div0(r.scamSitesCaught, r.scamSites))}) | ${r.legitSitesWarned} / ${r.legitSites} (${pct(div0(r.legitSitesWarned, r.legitSites))}) |`,
    `| of which scam platforms (a task, investment or service repository: one site) with a page at warn | ${r.platformSitesCaught} / ${r.platformSites} (${pct(div0(r.platformSitesCaught, r.platformSites))}) | |`,
    `| of which single-page sites (phishing pages, kit and sample collections) at warn | ${r.scamSitesCaught - r.platformSitesCaught} / ${r.scamSites - r.platformSites} (${pct(div0(r.scamSitesCaught - r.platformSitesCaught, r.scamSites - r.platformSites))}) | |`,
    `| pages at warn, each alone | ${pct(r.scamPagesAlone)} | ${pct(r.legitPagesAlone)} |`,
    `| pages at warn with site memory (expected, random visit order) | ${pct(r.scamPagesWithMemory)} | ${pct(r.legitPagesWithMemory)} |`,
    '',
    `Legit sites of several pages where a page at warn marks the site (memory spreads that false alarm to its other pages): ${
      r.legitSpread.length ? r.legitSpread.map((x) => `\`${x.site}\` (${x.pages} pages; marked by ${x.marking.map((m) => `\`${m}\``).join(', ')})`).join('; ') : 'none'
    }. Legit pages at warn that are money steps and mark nothing: ${r.legitNotMarking.length ? r.legitNotMarking.map((m) => `\`${m}\``).join(', ') : 'none'}.`,
    '',
  ];
}

