/**
 * `npm run corpus -- add-pages`: newly staged pages merged into the corpus in git by ingest's own rules, without the
 * staging area the corpus was built from. Runs on a small corpus cut from the real one (its first groups), in a
 * temporary directory.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import { addPages, AddPagesError } from '../../../src/maintainer/corpus/add-pages.ts';
import { dedupe, type IngestStats } from '../../../src/maintainer/corpus/ingest.ts';
import { loadCorpus } from '../../../src/maintainer/corpus/load.ts';
import { compactOf, simhash } from '../../../src/maintainer/corpus/near-dup.ts';
import type { PageItem } from '../../../src/maintainer/corpus/schema.ts';

const REAL = loadCorpus(join(import.meta.dirname, '..', '..', '..', 'corpus')).pages;
const COMMIT = 'a'.repeat(40);

const SHOP_WALLET = `<template><view class="wallet"><view class="title">我的钱包</view><view>账户余额（元）</view>
<button>立即充值</button><button>申请提现</button><view>积分可在积分商城兑换优惠券，订单完成后发放积分</view></view></template>`;
const SHOP_ORDERS = `<template><view><view class="title">我的订单</view><view>待付款 待发货 待收货 待评价 退款/售后</view>
<view>订单完成七天后可申请售后，运费由商家承担</view></view></template>`;

/** A corpus dir holding `pages` and a stats.json in step with them. */
function corpusDir(pages: readonly PageItem[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-addpages-'));
  writeFileSync(join(dir, 'pages.jsonl.gz'), gzipSync(pages.map((p) => JSON.stringify(p)).join('\n') + '\n'));
  const stats = { read: { page: pages.length }, dropped: {}, pages: {}, pageKinds: {}, pageGroups: 0, pageSplitGroups: 0, texts: { legit: 3 }, textGroups: 1 };
  writeFileSync(join(dir, 'stats.json'), JSON.stringify(stats));
  return dir;
}

/** A staging dir with the given files on the legit side. */
function staged(files: readonly { name: string; body: string; repo: string; sha256?: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'ss-stage-'));
  mkdirSync(join(dir, 'legit', 'files'), { recursive: true });
  const rows = files.map((f) => {
    writeFileSync(join(dir, 'legit', 'files', f.name), f.body);
    const sha = createHash('sha256').update(f.body).digest('hex');
    return JSON.stringify({
      id: `${f.repo.split('/')[1]}-${f.name}`, file: `files/${f.name}`, sha256: f.sha256 ?? sha, kind: 'template', label: 'legit:shop',
      lang: 'zh-Hans', repo: f.repo, path: `pages/${f.name}`, commit: COMMIT, licence: 'MIT',
    });
  });
  writeFileSync(join(dir, 'legit', 'manifest.jsonl'), rows.join('\n') + '\n');
  return dir;
}

const readPages = (dir: string): PageItem[] => loadCorpus(dir).pages;
const raw = (dir: string): Buffer => gunzipSync(readFileSync(join(dir, 'pages.jsonl.gz')));

describe('add-pages', () => {
  // The first few real groups (with a split group joined across two of them, if the cut has one) + a fixture.
  const groups = [...new Set(REAL.map((p) => p.group))].slice(0, 6);
  const base = REAL.filter((p) => groups.includes(p.group) || p.kind === 'fixture').slice(0, 120);
  let dir: string;
  beforeEach(() => {
    dir = corpusDir(base);
  });

  it('re-deduplicating the real corpus with its stored split groups gives it back unchanged (what add-pages relies on)', () => {
    const stats = { read: {}, dropped: {}, pages: {}, pageKinds: {}, pageGroups: 0, pageSplitGroups: 0, texts: {}, textGroups: 0 } as IngestStats;
    const cands = REAL.map((item) => {
      const compact = compactOf(`${item.features.title}\n${item.features.text}`);
      return { item: { ...item, splitGroup: item.group }, hash: simhash(compact), compact: item.kind === 'fixture' ? '' : compact };
    });
    const links = REAL.filter((p) => p.splitGroup !== p.group).map((p) => [p.group, p.splitGroup] as const);
    expect(links.length).toBeGreaterThan(0);
    expect(dedupe(cands, stats, 'page', links)).toEqual(REAL);
    expect(stats.dropped).toEqual({});
  });

  it('adds staged pages, keeps every corpus item as it was and recomputes the page counts', () => {
    const before = readPages(dir);
    const res = addPages(staged([{ name: 'wallet.vue', body: SHOP_WALLET, repo: 'example/mall' }, { name: 'orders.vue', body: SHOP_ORDERS, repo: 'example/mall' }]), dir);
    expect(res.added).toBe(2);
    const after = readPages(dir);
    expect(after).toHaveLength(before.length + 2);
    const byId = new Map(after.map((p) => [p.id, p]));
    for (const p of before) expect(byId.get(p.id)).toEqual(p);
    const wallet = byId.get('mall-wallet.vue');
    expect(wallet?.label).toBe('legit');
    expect(wallet?.detail).toBe('legit:shop');
    expect(wallet?.features.text).toContain('立即充值');
    expect(wallet?.source).toEqual({ repo: 'example/mall', path: 'pages/wallet.vue', commit: COMMIT });
    expect(wallet?.sha256).toBe(createHash('sha256').update(SHOP_WALLET).digest('hex'));
    const stats = JSON.parse(readFileSync(join(dir, 'stats.json'), 'utf8')) as IngestStats;
    expect(stats.pages.legit).toBe(after.filter((p) => p.label === 'legit').length);
    expect(stats.pageGroups).toBe(new Set(after.map((p) => p.group)).size);
    expect(stats.read.template).toBe(2);
    expect(stats.texts).toEqual({ legit: 3 }); // texts untouched
  });

  it('refuses a repository already in the corpus (nothing written) unless --replace', () => {
    addPages(staged([{ name: 'wallet.vue', body: SHOP_WALLET, repo: 'example/mall' }]), dir);
    const bytes = raw(dir);
    const again = staged([{ name: 'orders.vue', body: SHOP_ORDERS, repo: 'example/mall' }]);
    expect(() => addPages(again, dir)).toThrow(/already in the corpus: example\/mall/);
    expect(raw(dir).equals(bytes)).toBe(true);
    addPages(again, dir, { replace: true });
    const ids = readPages(dir).filter((p) => p.group === 'example/mall').map((p) => p.id);
    expect(ids).toEqual(['mall-orders.vue']);
  });

  it('drops a file whose bytes do not match the manifest; with nothing readable it writes nothing', () => {
    const bytes = raw(dir);
    const bad = staged([{ name: 'wallet.vue', body: SHOP_WALLET, repo: 'example/mall', sha256: '0'.repeat(64) }]);
    expect(() => addPages(bad, dir)).toThrow(AddPagesError);
    expect(() => addPages(bad, dir)).toThrow(/sha256 mismatch/);
    expect(raw(dir).equals(bytes)).toBe(true);
    expect(() => addPages(mkdtempSync(join(tmpdir(), 'ss-empty-')), dir)).toThrow(/nothing staged/);
  });

  it('a copy of a corpus page from a new repository is dropped, and its repository joins the split group', () => {
    const page = base.find((p) => p.kind !== 'fixture' && p.features.text.length > 400);
    expect(page).toBeDefined();
    const copy = `<html><body><h1>${page!.features.title}</h1><p>${page!.features.text}</p></body></html>`;
    const res = addPages(staged([{ name: 'zz-copy.html', body: copy, repo: 'zz/zzfork' }, { name: 'zz-other.vue', body: SHOP_WALLET, repo: 'zz/zzfork' }]), dir);
    expect(res.dropped['page: duplicate'] ?? res.dropped['page: near-duplicate']).toBe(1);
    expect(res.added).toBe(1);
    expect(res.joined['zz/zzfork']).toBe(readPages(dir).find((p) => p.id === page!.id)?.splitGroup);
  });
});
