/**
 * Labelled corpus (tests/fixtures/pages) → verdicts → metrics. Shared by `npm run eval -- classify` and the
 * corpus unit test. Pages are parsed like a browser (parse5 → linkedom) and go through the same extract → classify path as the
 * extension; the page URL is the fixture's <meta name="x-url"> (where the page pretends to be served).
 *
 * Split: a page is in the "tune" half or the "holdout" half by a hash of its file name (stable, not chosen);
 * pages named bl-* are the "blind" batch, written after tuning and first scored without changes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { explainPage, SCORED_CATEGORIES, type ScoredCategory } from '../../../../src/core/classify/index.ts';
import { levelRank, type Level } from '../../../../src/core/types.ts';
import { extractFeatures } from '../../../../src/dom/extract.ts';
import { parseDocument } from '../../../../src/maintainer/html/parse.ts';
import { describeSignal } from '../../../../src/core/signals.ts';

export const PAGES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'fixtures', 'pages');

export type Split = 'tune' | 'holdout' | 'blind';

export interface PageResult {
  readonly file: string;
  readonly label: ScoredCategory | 'legit';
  readonly kind: string;
  readonly split: Split;
  readonly level: Level;
  readonly category: ScoredCategory | null;
  readonly score: number;
  readonly evidence: string;
}

function splitOf(file: string): Split {
  if (/\/bl-/.test(file)) return 'blind';
  let h = 0;
  for (let i = 0; i < file.length; i++) h = (h * 31 + file.charCodeAt(i)) >>> 0;
  return h % 2 === 0 ? 'tune' : 'holdout';
}

export function loadHtml(html: string): Document {
  return parseDocument(html);
}

export function classifyFixture(file: string, html: string): PageResult {
  const doc = loadHtml(html);
  const meta = (name: string): string => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content') ?? '';
  const label = meta('x-label');
  const url = meta('x-url');
  const f = extractFeatures(doc, url ? { url, totalBudgetMs: 10_000 } : { totalBudgetMs: 10_000 });
  const d = explainPage(f);
  const v = d.verdict;
  const category = v.category && v.category !== 'malware' ? v.category : null;
  return {
    file,
    label: label === 'legit' ? 'legit' : (label as ScoredCategory),
    kind: meta('x-kind') || label,
    split: splitOf(file),
    level: v.level,
    category,
    score: v.score,
    evidence: v.reasons.slice(0, 4).map((r) => `${r.signal}:${describeSignal(r)}`).join(' | '),
  };
}

export function classifyCorpus(): PageResult[] {
  const out: PageResult[] = [];
  for (const dir of ['scam', 'legit']) {
    const d = join(PAGES_DIR, dir);
    for (const f of readdirSync(d).filter((x) => x.endsWith('.html')).sort())
      out.push(classifyFixture(`${dir}/${f}`, readFileSync(join(d, f), 'utf8')));
  }
  return out;
}

export interface TypeMetrics {
  readonly type: ScoredCategory;
  readonly n: number;
  /** Flagged (≥ caution) with the right type / n. */
  readonly recall: number;
  /** Flagged at warn with the right type / n. */
  readonly recallWarn: number;
  /** Right type among pages flagged (≥ caution) as this type, legit pages included. */
  readonly precision: number;
}

export interface Metrics {
  readonly types: TypeMetrics[];
  readonly scamN: number;
  readonly legitN: number;
  /** Scam pages flagged ≥ caution, any type. */
  readonly detection: number;
  readonly recall: number;
  readonly recallWarn: number;
  readonly precision: number;
  readonly legitWarn: PageResult[];
  readonly legitCaution: PageResult[];
  /** confusion[true][predicted]; predicted 'none' when level is none. */
  readonly confusion: Record<string, Record<string, number>>;
}

const flagged = (r: PageResult, min: Level): boolean => levelRank(r.level) >= levelRank(min);

export function computeMetrics(results: readonly PageResult[]): Metrics {
  const scam = results.filter((r) => r.label !== 'legit');
  const legit = results.filter((r) => r.label === 'legit');
  const types = SCORED_CATEGORIES.map((type): TypeMetrics => {
    const mine = scam.filter((r) => r.label === type);
    const hit = mine.filter((r) => flagged(r, 'caution') && r.category === type).length;
    const hitWarn = mine.filter((r) => flagged(r, 'warn') && r.category === type).length;
    const predicted = results.filter((r) => flagged(r, 'caution') && r.category === type);
    return {
      type,
      n: mine.length,
      recall: mine.length ? hit / mine.length : 1,
      recallWarn: mine.length ? hitWarn / mine.length : 1,
      precision: predicted.length ? predicted.filter((r) => r.label === type).length / predicted.length : 1,
    };
  });
  const confusion: Record<string, Record<string, number>> = {};
  for (const r of results) {
    const row = (confusion[r.label] ??= {});
    const col = r.level === 'none' || !r.category ? 'none' : r.category;
    row[col] = (row[col] ?? 0) + 1;
  }
  const predictedAll = results.filter((r) => flagged(r, 'caution'));
  return {
    types,
    scamN: scam.length,
    legitN: legit.length,
    detection: scam.length ? scam.filter((r) => flagged(r, 'caution')).length / scam.length : 1,
    recall: scam.length ? scam.filter((r) => flagged(r, 'caution') && r.category === r.label).length / scam.length : 1,
    recallWarn: scam.length ? scam.filter((r) => flagged(r, 'warn') && r.category === r.label).length / scam.length : 1,
    precision: predictedAll.length ? predictedAll.filter((r) => r.label !== 'legit' && r.category === r.label).length / predictedAll.length : 1,
    legitWarn: legit.filter((r) => flagged(r, 'warn')),
    legitCaution: legit.filter((r) => r.level === 'caution'),
    confusion,
  };
}
