import { describe, expect, it } from 'vitest';
import lexiconJson from '../../../src/core/classify/lexicon.json';
import { analyze, parseLexicon, parseModel, serializeModel, textFeatures } from '../../../src/core/classify/index.ts';
import type { PageItem, TextItem } from '../../../src/maintainer/corpus/schema.ts';
import { trainModel } from '../../../src/maintainer/train/pipeline.ts';
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
});
