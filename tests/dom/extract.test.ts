import { describe, expect, it } from 'vitest';
import { extractFeatures, extractFeaturesSliced, gate } from '../../src/dom/index.ts';
import { gateSample } from '../../src/dom/gate.ts';
import { GATE_SAMPLE_MAX_CHARS } from '../../src/core/classify/gate.ts';
import { classifyPage } from '../../src/core/classify/index.ts';
import { attachShadowHtml, docFrom } from './helpers.ts';
import { forgetShadowApi } from '../../src/dom/shadow.ts';

const PAGE = `<!doctype html><html lang="zh-CN"><head><title>抢单中心</title><script>var s = "刷单 script text";</script>
<style>.x{content:"样式文字"}</style></head><body>
<h1>任务大厅</h1>
<div hidden>隐藏文字一</div><p aria-hidden="true">隐藏文字二</p><p style="color:red; display: none">隐藏文字三</p>
<noscript>无脚本文字</noscript><template><p>模板文字</p></template>
<p>每单佣金 <b>5%</b>，客服飞机: @kefu_888</p>
<div class="btn">一键抢单</div><button>立即充值</button><input type="submit" value="确认提现"><a role="button" href="#">联系客服</a>
<label for="m">充值金额</label><input id="m" name="money" type="number">
<label>银行卡号 <input name="c1"></label>
<div><span>身份证号</span><input name="x2"></div>
<input type="password" name="pw"><input type="hidden" name="cardNo" value="1">
<input autocomplete="one-time-code"><input placeholder="CVV">
<img src="/upload/usdt-qr.png" alt="充值收款码"><p><img src="/a/b.png"><span>扫码支付</span></p><img src="/logo.png" alt="logo">
<a href="https://t.me/kefu888">TG</a><a href="HTTP://Example.COM/x?y">x</a><a href="/relative">r</a><a href="weixin://dl/chat">wx</a>
<span class="countdown-box">02:00:00</span>
</body></html>`;

describe('extractFeatures', () => {
  const doc = docFrom(PAGE);
  const f = extractFeatures(doc, { url: 'https://Grab.Example.top/#/hall' });

  it('collects visible text only (skips script, style, noscript, template, hidden, display:none); aria-hidden is visible text', () => {
    expect(f.text).toContain('任务大厅');
    expect(f.text).toContain('每单佣金 5%');
    for (const hidden of ['隐藏文字一', '隐藏文字三', 'script text', '样式文字', '无脚本文字', '模板文字']) expect(f.text).not.toContain(hidden);
    // aria-hidden takes a subtree out of the accessibility tree, not off the screen (red team, session 25)
    expect(f.text).toContain('隐藏文字二');
  });

  it('reads what read-only or disabled text fields show (their markup value), never what a user types (red team, session 25)', () => {
    const f2 = extractFeatures(
      docFrom(`<!doctype html><html><head><title>t</title></head><body><textarea readonly>每单佣金 8%，日赚 500 元</textarea>
      <input readonly value="一键抢单"><input disabled type="text" value="冻结资金需充值"><input name="q" value="用户输入的文字"><textarea>草稿文字</textarea>
      <input readonly type="password" value="secret"></body></html>`),
      {},
    );
    for (const shown of ['每单佣金 8%', '一键抢单', '冻结资金需充值']) expect(f2.text).toContain(shown);
    for (const typed of ['用户输入的文字', '草稿文字', 'secret']) expect(f2.text).not.toContain(typed);
  });

  it('reads the words an inline SVG draws (<text>, <tspan>), not the rest of the SVG (red team, session 25)', () => {
    const svg = extractFeatures(
      docFrom(`<!doctype html><html><head><title>t</title></head><body><p>首页</p><svg><path d="M0 0"/><title>图标标题</title>
      <text x="0" y="10">每单佣金 8%</text><text><tspan>一键</tspan><tspan>抢单</tspan></text><text hidden>隐藏</text></svg></body></html>`),
      {},
    );
    expect(svg.text).toContain('每单佣金 8%');
    expect(svg.text).toContain('一键抢单');
    for (const not of ['图标标题', '隐藏']) expect(svg.text).not.toContain(not);
  });

  it('title, lang, url and host', () => {
    expect(f.title).toBe('抢单中心');
    expect(f.lang).toBe('zh-cn');
    expect(f.host).toBe('grab.example.top');
    expect(f.headings).toEqual(['任务大厅']);
  });

  it('buttons of every shape', () => {
    expect(f.buttons).toEqual(expect.arrayContaining(['一键抢单', '立即充值', '确认提现', '联系客服']));
  });

  it('form fields from label[for], wrapping label, nearby text, type, autocomplete, placeholder; hidden inputs ignored', () => {
    const kinds = f.fields.map((x) => x.kind);
    expect(kinds).toEqual(['amount', 'card-number', 'id-number', 'password', 'sms-code', 'card-cvv']);
    expect(f.fields[0]?.evidence).toBe('label "充值金额"');
  });

  it('links: hosts lowercased, contact links kept', () => {
    expect(f.links.count).toBe(5); // includes the role=button link
    expect(f.links.hosts).toEqual(['t.me', 'example.com']);
    expect(f.links.contactLinks).toEqual(['https://t.me/kefu888', 'weixin://dl/chat']);
  });

  it('QR images near pay words, countdown elements', () => {
    expect(f.images.count).toBe(3);
    expect(f.images.qrNearPay).toEqual(['image "充值收款码"', 'image near "扫码支付"']);
    expect(f.countdownElements).toBe(1);
  });

  it('feeds the scorer end to end', () => {
    const v = classifyPage(f);
    expect(v.level).toBe('warn');
    expect(v.category).toBe('task-rebate');
  });

  it('walks open shadow roots, nested', () => {
    const d = docFrom('<!doctype html><html><body><p>外层</p><x-a></x-a></body></html>');
    const inner = attachShadowHtml(d.querySelector('x-a')!, '<p>第一层</p><x-b></x-b><input type="password">');
    attachShadowHtml(inner.querySelector('x-b')!, '<h2>第二层</h2><button>Pay now</button><p hidden>藏</p>');
    const g = extractFeatures(d);
    expect(g.text).toContain('第一层');
    expect(g.text).toContain('第二层');
    expect(g.text).not.toContain('藏');
    expect(g.headings).toEqual(['第二层']);
    expect(g.buttons).toEqual(['Pay now']);
    expect(g.fields.map((x) => x.kind)).toEqual(['password']);
    expect(g.stats.shadowRoots).toBe(2);
  });

  it('walks closed shadow roots where the browser lets a content script read them (chrome.dom / openOrClosedShadowRoot)', () => {
    const d = docFrom('<!doctype html><html><head><title>会员中心</title></head><body><x-app></x-app></body></html>');
    const host = d.querySelector('x-app')!;
    const closed = host.attachShadow({ mode: 'closed' });
    const words = docFrom('<!doctype html><html><body><p>一键抢单 每单佣金 8%</p><button>立即充值</button></body></html>').body;
    for (const n of [...words.childNodes]) closed.appendChild(d.importNode(n, true));
    // Without the extension API (Node, or a page's own world) a closed root is not readable: an empty page.
    forgetShadowApi();
    expect(extractFeatures(d).text).not.toContain('抢单');
    const g = globalThis as { chrome?: unknown };
    const before = g.chrome;
    try {
      // Chromium's content-script API (Firefox's is the element's own openOrClosedShadowRoot)
      g.chrome = { dom: { openOrClosedShadowRoot: (el: Element) => (el === host ? closed : null) } };
      forgetShadowApi();
      const f = extractFeatures(d);
      expect(f.text).toContain('一键抢单');
      expect(f.buttons).toEqual(['立即充值']);
      expect(f.stats.shadowRoots).toBe(1);
      // a plain div's closed root: only a full read ('all') asks the browser for it (one call per div, span, p …)
      const d2 = docFrom('<!doctype html><html><body><div id="w"></div></body></html>');
      const w = d2.getElementById('w')!;
      const wroot = w.attachShadow({ mode: 'closed' });
      wroot.appendChild(d2.createTextNode('导师带单 稳赚不赔'));
      g.chrome = { dom: { openOrClosedShadowRoot: (el: Element) => (el === host ? closed : el === w ? wroot : null) } };
      forgetShadowApi();
      expect(extractFeatures(d2).text).not.toContain('导师带单');
      expect(extractFeatures(d2, { limits: { closedShadowRoots: 'all' } }).text).toContain('导师带单');
      // an answer that is not that element's root is not taken
      g.chrome = { dom: { openOrClosedShadowRoot: () => d.createDocumentFragment() } };
      forgetShadowApi();
      expect(extractFeatures(d).text).not.toContain('抢单');
    } finally {
      g.chrome = before;
      forgetShadowApi();
    }
  });

  it('accepts an Element root (an ad container) and ignores the rest of the page', () => {
    const d = docFrom('<!doctype html><html><body><p>页面正文</p><div id="ad"><p>兼职刷单 日结</p></div></body></html>');
    const g = extractFeatures(d.getElementById('ad')!);
    expect(g.text).toBe('兼职刷单 日结');
    expect(g.title).toBe('');
  });

  it('caps text, nodes, fields and marks the result truncated', () => {
    const d = docFrom(`<!doctype html><html><body>${'<p>一二三四五六七八九十</p>'.repeat(500)}${'<input name="a">'.repeat(50)}</body></html>`);
    const g = extractFeatures(d, { totalBudgetMs: 1e9, limits: { maxTextChars: 100, maxFields: 5 } });
    expect(g.text.length).toBeLessThanOrEqual(100);
    expect(g.fields.length).toBe(5);
    expect(g.truncated).toBe(true);
    const h = extractFeatures(d, { totalBudgetMs: 1e9, limits: { maxNodes: 50 } });
    expect(h.stats.nodes).toBe(50);
    expect(h.truncated).toBe(true);
  });
});

describe('extractFeaturesSliced', () => {
  it('yields between slices through the injected yieldFn and gives the same features', async () => {
    const doc = docFrom(`<!doctype html><html><body>${'<div><p>段落</p><button>Pay</button></div>'.repeat(400)}</body></html>`);
    let t = 0;
    const now = (): number => (t += 0.25); // every clock read advances 0.25 ms
    let yields = 0;
    const slices: number[] = [];
    const f = await extractFeaturesSliced(doc, { now, sliceBudgetMs: 4, yieldFn: async () => void yields++, onSlice: (ms) => slices.push(ms) });
    const sync = extractFeatures(doc, { totalBudgetMs: 1e9 });
    expect(f.stats.slices).toBeGreaterThan(2);
    expect(yields).toBe(f.stats.slices - 1);
    expect(Math.max(...slices)).toBeLessThanOrEqual(4.5);
    expect(f.text).toBe(sync.text);
    expect(f.buttons.length).toBe(sync.buttons.length);
  });

  it('stops at the total budget, truncated, without throwing', async () => {
    const doc = docFrom(`<!doctype html><html><body>${'<p>x</p>'.repeat(5000)}</body></html>`);
    let t = 0;
    const f = await extractFeaturesSliced(doc, { now: () => (t += 1), sliceBudgetMs: 5, totalBudgetMs: 100, yieldFn: async () => undefined });
    expect(f.truncated).toBe(true);
  });

  it('survives the page mutating between slices', async () => {
    const doc = docFrom(`<!doctype html><html><body><div id="root">${'<p>原文</p>'.repeat(2000)}</div></body></html>`);
    const root = doc.getElementById('root')!;
    let t = 0;
    let n = 0;
    const f = await extractFeaturesSliced(doc, {
      now: () => (t += 0.5),
      sliceBudgetMs: 3,
      yieldFn: async () => {
        n++;
        root.firstElementChild?.remove();
        const p = doc.createElement('p');
        p.textContent = `新增 ${n}`;
        root.appendChild(p);
      },
    });
    expect(n).toBeGreaterThan(3);
    expect(f.text.length).toBeGreaterThan(0);
  });
});

describe('gate', () => {
  it('gate passes pages with trigger words or sensitive inputs, not plain pages', () => {
    expect(gate(docFrom('<!doctype html><html><head><title>菜谱</title></head><body><p>红烧肉的做法</p></body></html>')).pass).toBe(false);
    expect(gate(docFrom('<!doctype html><html><body><p>立即充值 领取佣金</p></body></html>')).pass).toBe(true);
    expect(gate(docFrom('<!doctype html><html><body><input type="password"></body></html>')).reasons).toContain('sensitive input');
    expect(gate(docFrom('<!doctype html><html><body><script>充值</script><p>hello</p></body></html>')).pass).toBe(false);
  });

  it('a padded top of the page does not hide its words or its pay button from the sample (red team: gate padding)', () => {
    const words = '<p>VIP3 每单佣金 8%，一键抢单</p>';
    // 350 whitespace-only text nodes are passed over without using up the node budget.
    const blank = Array.from({ length: 350 }, () => '<span> </span>').join('');
    expect(gateSample(docFrom(`<!doctype html><html><body>${blank}${words}</body></html>`)).sample).toContain('抢单');
    // 350 non-blank nodes do use it up, but the page's buttons and submit controls are read first.
    const dots = Array.from({ length: 350 }, () => '<span>·</span>').join('');
    const padded = gateSample(docFrom(`<!doctype html><html><body>${dots}${words}<form><button>立即充值</button><input type="submit" value="Top up"></form></body></html>`));
    expect(padded.sample).not.toContain('抢单');
    expect(padded.sample).toContain('立即充值');
    expect(padded.sample).toContain('Top up');
    expect(gate(docFrom(`<!doctype html><html><body>${dots}<p>hello</p><button>立即充值</button></body></html>`)).pass).toBe(true);
    // Empty buttons do not use up the controls' budget; a form with role=button and a field named textContent is read
    // through the prototype (its text), and does not throw.
    const empty = Array.from({ length: 60 }, () => '<button hidden></button>').join('');
    expect(gateSample(docFrom(`<!doctype html><html><body>${empty}${dots}<button>立即充值</button></body></html>`)).sample).toContain('立即充值');
    expect(gateSample(docFrom(`<!doctype html><html><body>${dots}<form role="button">充值<input name="textContent"></form></body></html>`)).sample).toContain('充值');
    // Controls take at most their share of the sample: each label cut at 60 characters, about 1,000 in all.
    const many = Array.from({ length: 60 }, (_, i) => `<button>${String(i).padStart(2, '0')}${'x'.repeat(100)}</button>`).join('');
    const s = gateSample(docFrom(`<!doctype html><html><body>${many}</body></html>`)).sample;
    expect(s.startsWith(` 00${'x'.repeat(58)} 01${'x'.repeat(58)} `)).toBe(true);
    const controlsPart = s.slice(0, s.indexOf(` 00${'x'.repeat(100)}`));
    expect(controlsPart.length).toBeGreaterThan(900);
    expect(controlsPart.length).toBeLessThanOrEqual(1000 + 61);
    expect(s.length).toBeLessThanOrEqual(GATE_SAMPLE_MAX_CHARS);
  });


});
