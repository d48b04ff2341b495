import { describe, expect, it } from 'vitest';
import lexiconJson from '../../../src/core/classify/lexicon.json';
import { analyze, parseLexicon, parseModel, serializeModel, textFeatures } from '../../../src/core/classify/index.ts';
import type { PageItem, TextItem } from '../../../src/maintainer/corpus/schema.ts';
import { headTraining, PAGE_OPTIONS, TEXT_OPTIONS, trainModel, type Item } from '../../../src/maintainer/train/pipeline.ts';
import { exampleWeights, selectVocabulary, type Example } from '../../../src/maintainer/train/softmax.ts';
import { assignSplits, withoutTestGroups } from '../../../src/maintainer/train/split.ts';

const lex = parseLexicon(lexiconJson);
if (!lex.ok) throw new Error(lex.message);

const SCAM = ['抢单大厅 每单佣金 充值 提现 一键抢单', '刷单返利 日结 佣金 垫付 抢单 连单', '任务大厅 会员等级 抢单 佣金 充值', '做任务 赚佣金 一键抢单 立即充值'];
const LEGIT = ['今日新闻 天气 晴 城市 交通 报道', '商品详情 加入购物车 七天无理由退货 评价', '银行 登录 安全提示 客户服务 网点查询', '国家反诈中心提醒 刷单都是诈骗 拨打 96110'];

function page(id: string, label: 'legit' | 'task-rebate', group: string, text: string): PageItem {
  return {
    id, kind: 'page', label, detail: label, lang: 'zh', group, splitGroup: group, source: { repo: group, path: `${id}.html`, commit: '' }, licence: 'MIT',
    sha256: '0'.repeat(64),
    features: { lang: 'zh', title: '', text, headings: [], buttons: [], fields: [], links: { count: 0, hosts: [], contactLinks: [] }, images: { count: 0, qrCount: 0, qrNearPay: [] }, countdownElements: 0, truncated: false },
  };
}
function text(id: string, label: 'legit' | 'task-rebate', group: string, t: string): TextItem {
  return { id, label, detail: label, lang: 'zh', group, splitGroup: group, source: { dataset: group, id }, licence: 'MIT', sha256: '', text: t };
}

function tinyCorpus(): { pages: PageItem[]; texts: TextItem[] } {
  const pages: PageItem[] = [];
  const texts: TextItem[] = [];
  for (let g = 0; g < 6; g++)
    for (let i = 0; i < 4; i++) {
      pages.push(page(`s${g}-${i}`, 'task-rebate', `scam/${g}`, `${SCAM[i]} ${SCAM[(i + g) % 4]}`));
      pages.push(page(`l${g}-${i}`, 'legit', `legit/${g}`, `${LEGIT[i]} ${LEGIT[(i + g) % 4]}`));
      texts.push(text(`ts${g}-${i}`, 'task-rebate', `ds${g}`, SCAM[(i + g) % 4] ?? ''));
      texts.push(text(`tl${g}-${i}`, 'legit', `ds${g}`, LEGIT[(i + g) % 4] ?? ''));
    }
  return { pages, texts };
}

describe('npm run train (pipeline)', () => {
  it('is reproducible: same corpus → same bytes; the result validates and separates the classes', () => {
    const corpus = tinyCorpus();
    const sides = assignSplits(corpus.pages, 13);
    const s = { train: (g: string) => sides.get(g) !== 'test' && sides.get(g) !== 'val', val: (g: string) => sides.get(g) === 'val' };
    const a = JSON.stringify(serializeModel(trainModel(corpus, lex.value, s, 'tiny')));
    const b = JSON.stringify(serializeModel(trainModel(tinyCorpus(), lex.value, s, 'tiny')));
    expect(a).toBe(b);
    const m = parseModel(JSON.parse(a));
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    const scam = analyze(textFeatures('一键抢单 每单佣金 充值'), m.value, 'page');
    const legit = analyze(textFeatures('今日新闻 天气 晴 城市 交通'), m.value, 'page');
    expect(scam.verdict.score).toBeGreaterThan(legit.verdict.score);
  });

  it('a grouped split never puts one group on two sides, and keeps the fixtures in train', () => {
    const corpus = tinyCorpus();
    const items = [...corpus.pages, { ...corpus.pages[0]!, id: 'fx', group: 'fixtures', splitGroup: 'fixtures' }];
    const sides = assignSplits(items, 13);
    expect(sides.get('fixtures')).toBe('train');
    for (const it of items) expect(sides.has(it.splitGroup)).toBe(true);
    expect(new Set(sides.values())).toEqual(new Set(['train', 'val', 'test']));
  });

  it('model selection (npm run eval -- select) sees every train and validation group and no test group', () => {
    const corpus = tinyCorpus();
    const items = [...corpus.pages, { ...corpus.pages[0]!, id: 'fx', group: 'fixtures', splitGroup: 'fixtures' }];
    const sides = assignSplits(items, 13);
    const kept = withoutTestGroups(items, 13);
    const test = items.filter((it) => sides.get(it.splitGroup) === 'test');
    expect(test.length).toBeGreaterThan(0);
    expect(kept.some((it) => sides.get(it.splitGroup) === 'test')).toBe(false);
    expect(kept.length + test.length).toBe(items.length);
    expect(kept.some((it) => it.splitGroup === 'fixtures')).toBe(true);
  });

  it('source balance: with groupPower 1 every group of a class weighs the same, whatever its size', () => {
    const ex = (id: string, y: number, group: string): Example => ({ id, y, group, vec: { grams: new Map(), structural: new Map() } });
    // scam: one group of 9 items, one of 1; legit: one group of 4
    const xs = [...Array.from({ length: 9 }, (_, i) => ex(`a${i}`, 1, 'big')), ex('b', 1, 'small'), ...Array.from({ length: 4 }, (_, i) => ex(`l${i}`, 0, 'legit'))];
    const groupTotal = (w: Float64Array, group: string): number => xs.reduce((s, x, i) => s + (x.group === group ? (w[i] ?? 0) : 0), 0);
    const flat = exampleWeights(xs, 1);
    expect(groupTotal(flat, 'big')).toBeCloseTo(groupTotal(flat, 'small'), 9);
    const sqrt = exampleWeights(xs, 0.5);
    expect(groupTotal(sqrt, 'big') / groupTotal(sqrt, 'small')).toBeCloseTo(3, 9);
    // classes stay balanced: legit and scam each half of the total
    for (const w of [flat, sqrt]) expect(groupTotal(w, 'legit')).toBeCloseTo(xs.length / 2, 9);
    // legitShare moves the class balance (select's --page '{"legitShare":0.7}'); within a class nothing changes
    const heavy = exampleWeights(xs, 1, 0.7);
    expect(groupTotal(heavy, 'legit')).toBeCloseTo(xs.length * 0.7, 9);
    expect(groupTotal(heavy, 'big') + groupTotal(heavy, 'small')).toBeCloseTo(xs.length * 0.3, 9);
    expect(groupTotal(heavy, 'big')).toBeCloseTo(groupTotal(heavy, 'small'), 9);
    // an example's own weight (the text head's pages: TrainOptions.pageWeight) scales it before the classes are balanced
    const halfSmall = xs.map((x) => (x.group === 'small' ? { ...x, weight: 0.5 } : x));
    const half = exampleWeights(halfSmall, 1);
    expect(groupTotal(half, 'big') / groupTotal(half, 'small')).toBeCloseTo(2, 9);
    expect(groupTotal(half, 'big') + groupTotal(half, 'small')).toBeCloseTo(xs.length / 2, 9);
    expect(exampleWeights(xs.map((x) => ({ ...x, weight: 1 })), 1)).toEqual(flat); // weight 1: the same bits
  });

  it('stop words learned from legit: a gram most legit SOURCES use leaves the vocabulary, a scam gram stays', () => {
    const ex = (id: string, y: number, group: string, grams: string[]): Example => ({ id, y, group, vec: { grams: new Map(grams.map((g) => [g, { start: 0, end: 1 }])), structural: new Map() } });
    const xs: Example[] = [];
    // "your" is in 3 of 4 legit groups (and in the scam pages); "news" in 1 of 4; "deposit" only on the scam side
    for (let i = 0; i < 4; i++) xs.push(ex(`l${i}`, 0, `legit${i}`, i < 3 ? ['your', ...(i === 0 ? ['news'] : [])] : ['weather']));
    for (let i = 0; i < 4; i++) xs.push(ex(`s${i}`, 1, `scam${i}`, ['your', 'deposit']));
    const { maxLegitGroupShare: _shipped, ...base } = PAGE_OPTIONS; // the shipped page options damp (0.5)
    const opts = { ...base, minDf: 1, minGroups: 1, maxGrams: 10 };
    const w = exampleWeights(xs, 1);
    expect(selectVocabulary(xs, w, opts)).toContain('your');
    const damped = selectVocabulary(xs, w, { ...opts, maxLegitGroupShare: 0.5 });
    expect(damped).not.toContain('your');
    expect(damped).toEqual(expect.arrayContaining(['deposit', 'news', 'weather']));
  });

  it('the text head learns from the texts and the pages\' visible text; the page head from the pages', () => {
    const corpus = tinyCorpus();
    const pages: Item[] = corpus.pages.map((item) => ({ kind: 'page', item }));
    const texts: Item[] = corpus.texts.map((item) => ({ kind: 'text', item }));
    expect(headTraining('page', pages, texts, lex.value, PAGE_OPTIONS).map((x) => x.id)).toEqual(pages.map((x) => x.item.id));
    expect(headTraining('text', pages, texts, lex.value, TEXT_OPTIONS).map((x) => x.id)).toEqual([...texts, ...pages].map((x) => x.item.id));
  });
});
