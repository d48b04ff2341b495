import { describe, expect, it } from 'vitest';
import { siteOfPrediction, siteReading, type Prediction } from '../../eval/lib/detection.ts';
import type { Level } from '../../../src/core/types.ts';

const p = (id: string, label: string, group: string, level: Level, url?: string, kind = 'page'): Prediction => ({
  id,
  label,
  detail: label,
  group,
  kind,
  ...(url ? { url } : {}),
  level,
  category: level === 'none' ? null : label,
  score: 0,
  reasons: '',
});

describe('site-memory reading of the detection eval', () => {
  it('a scam platform repository is one site; phishing pages, kit collections and host-less legit pages are their own; legit pages with an address group by registrable domain', () => {
    expect(siteOfPrediction(p('a', 'task-rebate', 'x/shuadan', 'none'))).toBe('repo:x/shuadan');
    expect(siteOfPrediction(p('a', 'phishing', 'x/kit', 'none'))).toBe('item:x/kit:a');
    expect(siteOfPrediction(p('a', 'fake-service', 'Mushi-mushi/malwares', 'none'))).toBe('item:Mushi-mushi/malwares:a');
    expect(siteOfPrediction(p('a', 'legit', 'y/news', 'none', 'https://www.news.example.co.uk/a'))).toBe('host:example.co.uk');
    expect(siteOfPrediction(p('a', 'legit', 'y/forms', 'none'))).toBe('item:y/forms:a');
    // a legit app's templates and language tables are the pages of one shop front-end, like a scam platform's
    expect(siteOfPrediction(p('a', 'legit', 'y/mall', 'none', undefined, 'template'))).toBe('repo:y/mall');
    expect(siteOfPrediction(p('b', 'legit', 'y/mall', 'none', undefined, 'lang-table'))).toBe('repo:y/mall');
  });

  it('a warned money page does not mark its site: k + (n − k)·m/(m+1) with m marking pages of the k at warn', () => {
    const money = (x: Prediction): Prediction => ({ ...x, moneyPage: true });
    const preds = [
      // a legit shop: 4 pages, its withdraw page at warn but a money step → only that page (1 of 4)
      money(p('1', 'legit', 'y/mall', 'warn', undefined, 'template')), p('2', 'legit', 'y/mall', 'none', undefined, 'template'), p('3', 'legit', 'y/mall', 'none', undefined, 'template'), p('4', 'legit', 'y/mall', 'none', undefined, 'template'),
      // a platform: 5 pages, its recharge page (money) and its home page at warn, m = 1 → 2 + 3·1/2 = 3.5 of 5
      money(p('5', 'task-rebate', 'x/app', 'warn')), p('6', 'task-rebate', 'x/app', 'warn'), p('7', 'task-rebate', 'x/app', 'none'), p('8', 'task-rebate', 'x/app', 'none'), p('9', 'task-rebate', 'x/app', 'caution'),
      // two phishing pages of one kit repository: two single-page sites, neither a platform
      p('10', 'phishing', 'k/kit', 'warn'), p('11', 'phishing', 'k/kit', 'none'),
    ];
    const r = siteReading(preds);
    expect(r.legitPagesWithMemory).toBe(1 / 4);
    expect(r.legitSitesWarned).toBe(1);
    expect(r.scamPagesWithMemory).toBe(4.5 / 7);
    expect([r.scamSites, r.scamSitesCaught, r.platformSites, r.platformSitesCaught]).toEqual([3, 2, 1, 1]);
    // the shop's withdraw page is a money step: it marks nothing, so no legit site spreads a false alarm
    expect(r.legitSpread).toEqual([]);
    expect(r.legitNotMarking).toEqual(['1']);
  });

  it('expected pages warned with memory: (n+1)k/(k+1) per site of n pages with k at warn; none when k = 0', () => {
    const preds = [
      // one platform: 4 pages, 1 at warn → 5·1/2 = 2.5 of 4 expected
      p('1', 'task-rebate', 'x/app', 'warn'), p('2', 'task-rebate', 'x/app', 'none'), p('3', 'task-rebate', 'x/app', 'caution'), p('4', 'task-rebate', 'x/app', 'none'),
      // another platform: 2 pages, none at warn
      p('5', 'investment', 'z/hyip', 'none'), p('6', 'investment', 'z/hyip', 'caution'),
      // legit: two pages of one host, one at warn → 3·1/2 = 1.5 of 2; a host-less page at none
      p('7', 'legit', 'y/s', 'warn', 'https://a.shop.example/'), p('8', 'legit', 'y/s', 'none', 'https://b.shop.example/'), p('9', 'legit', 'y/f', 'none'),
    ];
    const r = siteReading(preds);
    expect(r).toEqual({
      scamSites: 2,
      scamSitesCaught: 1,
      legitSites: 2,
      legitSitesWarned: 1,
      platformSites: 2,
      platformSitesCaught: 1,
      // the legit host's page at warn marks it (no money step) and spreads to its other page
      legitSpread: [{ site: 'host:shop.example', pages: 2, marking: ['7'] }],
      legitNotMarking: [],
      scamPagesAlone: 1 / 6,
      scamPagesWithMemory: 2.5 / 6,
      legitPagesAlone: 1 / 3,
      legitPagesWithMemory: 1.5 / 3,
    });
  });
});
