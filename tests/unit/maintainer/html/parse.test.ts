import { describe, expect, it } from 'vitest';
import { decodeHtml, documentFromSource, parseDocument, parseLangTable, templateToHtml } from '../../../../src/maintainer/html/index.ts';
import { classifyHtml } from '../../../../src/maintainer/classify-file.ts';
import { extractFeatures } from '../../../../src/dom/extract.ts';

const FRAGMENT = `<div class="hall"><h2>抢单大厅</h2><p>每单佣金 5%，连单奖励，充值后立即开始抢单，提现秒到账</p>
<label for="m">充值金额</label><input id="m" name="money"><button>一键抢单</button><button>立即充值</button>
<p>客服 Telegram: @kefu_vip888</p></div>`;

describe('parse like a browser (parse5 → linkedom)', () => {
  it('a fragment gets <html><head><body> and keeps its content', () => {
    const doc = parseDocument('<p>充值 &amp; 提现</p><td>stray cell</td>');
    expect(doc.body.textContent).toContain('充值 & 提现');
    expect(doc.documentElement.tagName.toLowerCase()).toBe('html');
    expect(doc.head).not.toBeNull();
  });

  it('fragment and full page give the same features and the same verdict (npm run classify path)', () => {
    const full = `<!doctype html><html lang=""><head><title></title></head><body>${FRAGMENT}</body></html>`;
    const a = extractFeatures(parseDocument(FRAGMENT), { totalBudgetMs: 5_000 });
    const b = extractFeatures(parseDocument(full), { totalBudgetMs: 5_000 });
    expect(a.text).toBe(b.text);
    expect(a.buttons).toEqual(b.buttons);
    expect(a.fields).toEqual(b.fields);
    const va = classifyHtml(FRAGMENT, undefined).verdict;
    const vb = classifyHtml(full, undefined).verdict;
    expect(va).toEqual(vb);
    expect(va.level).not.toBe('none');
    expect(va.category).toBe('task-rebate');
  });

  it('decodes by BOM and <meta charset> (GBK pages)', () => {
    const gbk = Uint8Array.from([...Buffer.from('<meta charset="gbk"><p>'), 0xb3, 0xe4, 0xd6, 0xb5, ...Buffer.from('</p>')]);
    expect(parseDocument(decodeHtml(gbk)).body.textContent).toBe('充值');
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from('<p>提现</p>')]);
    expect(decodeHtml(bom)).toBe('<p>提现</p>');
  });
});

describe('templates → visible literal text', () => {
  const lang = new Map([
    ['grab', '一键抢单'],
    ['amount', '充值金额'],
  ]);

  it('ThinkPHP / PHP: interpolations and server code go, translated literals stay', () => {
    const html = templateToHtml('<p>{:lang("余额")} {$user.money}</p><?php echo $secret; ?>{volist name="list" id="v"}<li>{$v.name}</li>{/volist}<b><?= lang(\'grab\') ?></b>', { lang });
    expect(html).toBe('<p>余额 </p><li></li><b>一键抢单</b>');
  });

  it("ThinkPHP's language variable {$Think.lang.key} prints the table's string; a key missing from the table prints nothing", () => {
    const html = templateToHtml('<h3>{$Think.lang.grab}</h3><span>{$Think.lang.amount|default=""}</span><i>{$Think.lang.copy_url}</i><b>{$Think.config.name}</b>', { lang });
    expect(html).toBe('<h3>一键抢单</h3><span>充值金额</span><i></i><b></b>');
  });

  it('Blade: directives and echoes go, __() / @lang() literals stay', () => {
    const html = templateToHtml("@extends('layouts.app') @section('content')<h1>{{ __('Deposit now') }}</h1>{!! $raw !!}{{-- note --}} @csrf @endsection");
    expect(html.replace(/\s+/g, ' ').trim()).toBe('<h1>Deposit now</h1>');
  });

  it('Vue / uni-app SFC: only the <template> part, $t() resolved, components mapped to buttons and inputs', () => {
    const src = `<template><view class="a">{{ $t('grab') }} {{ user.name }}</view><u-button @click="go">{{ $t('grab') }}</u-button><u-input :placeholder="$t('amount')" /></template>
<script>export default { data() { return { secret: 'do not read' } } }</script><style>.a{}</style>`;
    const doc = documentFromSource(src, { ext: 'vue', lang });
    const f = extractFeatures(doc, { totalBudgetMs: 5_000 });
    expect(f.text).toContain('一键抢单');
    expect(f.text).not.toContain('do not read');
    expect(f.text).not.toContain('user.name');
    expect(f.buttons).toContain('一键抢单');
    expect(f.fields.map((x) => x.kind)).toContain('amount');
  });

  it('language tables: PHP arrays, JS objects, JSON', () => {
    expect([...parseLangTable("return ['grab' => '一键抢单', 'tip' => \"佣金\\n到账\"];")]).toEqual([['grab', '一键抢单'], ['tip', '佣金 到账']]);
    expect(parseLangTable('export default {\n  recharge: "立即充值",\n  link: "https://x.example/"\n}').get('recharge')).toBe('立即充值');
    expect(parseLangTable('{"withdraw": "Withdraw now"}').get('withdraw')).toBe('Withdraw now');
  });
});
