import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { Allowlist } from '../../../src/background/allowlist';
import { openDb } from '../../../src/background/db';
import { createHandlers, FrameOwnVerdicts, worseOwn, type HandlerDeps } from '../../../src/background/handlers';
import { FRAME_READ_KEY } from '../../../src/content/frame-check';
import type { TopStatus } from '../../../src/messaging/frames';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ListStore } from '../../../src/background/list-store';
import { SiteVerdicts } from '../../../src/background/site-verdicts';
import { TabVerdicts } from '../../../src/background/tab-verdicts';
import { fakeSession } from './fake-session';
import { textFeatures } from '../../../src/core/classify';
import { buildTable } from '../../../src/core/lists';
import { NO_VERDICT, type Verdict } from '../../../src/core/types';
import type { SenderInfo } from '../../../src/messaging/protocol';

const page: SenderInfo = { privileged: false, tabId: 5 };
const ext: SenderInfo = { privileged: true, tabId: 5 };
let dbN = 0;

async function setup(extra: Partial<HandlerDeps> = {}) {
  const lists = new ListStore();
  const table = await buildTable(
    [
      { key: 'scam.test/', category: 'task-rebate', severity: 'high', firstSeen: '2026-10-01', sources: ['reviewed'] },
      { key: 'host.test/pages/bad/', category: 'fake-shop', severity: 'medium' },
    ],
    { listId: 'main', version: 3 },
  );
  lists.replace({ table, issuedAt: Date.UTC(2026, 10, 20), source: 'bundled' });
  const allowlist = new Allowlist(openDb(`handlers-${++dbN}`));
  const deps: HandlerDeps = {
    ready: Promise.resolve(),
    lists,
    allowlist,
    now: () => 1000,
    onTrustedChanged: vi.fn(async () => undefined),
    onTabAllowed: vi.fn(async () => undefined),
    closeTab: vi.fn(async () => undefined),
    countEvent: vi.fn(async () => undefined),
    onTamper: vi.fn(async () => undefined),
    ...extra,
  };
  return { deps, handlers: createHandlers(deps) };
}

/** A tab's frames as webNavigation records them: frame → its parent (-1 for a main frame); absent = gone. */
function framesOf(parents: Record<number, number>, urlOf: (frameId: number) => string = () => 'http://page.test/') {
  return async (_tab: number, frame: number) => (frame in parents ? { parentFrameId: parents[frame]!, url: urlOf(frame) } : null);
}

describe('handlers', () => {
  it('getVerdict blocks listed domains (and subdomains) with list evidence', async () => {
    const { handlers } = await setup();
    const v = await handlers.getVerdict({ url: 'http://m.scam.test/task?id=1' }, page);
    expect(v).toMatchObject({
      level: 'block',
      category: 'task-rebate',
      list: { listId: 'main', listVersion: 3, expression: 'scam.test/', firstSeen: '2026-10-01', sources: ['reviewed'] },
    });
    expect(await handlers.getVerdict({ url: 'http://host.test/pages/bad/x' }, page)).toMatchObject({ level: 'block', category: 'fake-shop' });
    expect(await handlers.getVerdict({ url: 'http://host.test/pages/good/' }, page)).toEqual(NO_VERDICT);
    expect(await handlers.getVerdict({ url: 'ftp://scam.test/' }, page)).toEqual(NO_VERDICT);
  });

  it('allowForTab needs a tab and reports the host; it never changes the verdict itself', async () => {
    const { deps, handlers } = await setup();
    await expect(handlers.allowForTab({ url: 'http://scam.test/' }, { privileged: true, tabId: null })).rejects.toThrow(/tab/);
    expect(await handlers.allowForTab({ url: 'http://scam.test/a' }, ext)).toEqual({ host: 'scam.test' });
    expect(deps.onTabAllowed).toHaveBeenCalledWith(5, 'scam.test');
    const status = await handlers.getStatus({ url: 'http://scam.test/' }, page);
    expect(status.allowed).toBe('tab');
    expect(status.verdict.level).toBe('block');
  });

  it('trust / untrust update the allow rule with the full host list', async () => {
    const { deps, handlers } = await setup();
    await handlers.trustSite({ url: 'http://scam.test/' }, ext);
    expect(deps.onTrustedChanged).toHaveBeenLastCalledWith(['scam.test']);
    expect(await handlers.listTrusted({}, ext)).toEqual([{ host: 'scam.test', addedAt: 1000 }]);
    expect(await handlers.untrustSite({ host: 'SCAM.test' }, ext)).toEqual({ removed: true });
    expect(deps.onTrustedChanged).toHaveBeenLastCalledWith([]);
  });

  it('trust refuses public suffixes, IPs and shared-hosting platforms (a framed interstitial once trusted "com")', async () => {
    const { deps, handlers } = await setup();
    for (const url of ['https://com/', 'http://co.uk/x', 'http://github.io/', 'http://1.2.3.4/', 'http://sites.google.com/view/x']) {
      await expect(handlers.trustSite({ url }, ext), url).rejects.toThrow(/cannot trust/);
    }
    expect(deps.onTrustedChanged).not.toHaveBeenCalled();
    expect(await handlers.listTrusted({}, ext)).toEqual([]);
    // One tab's "continue" may name an IP or a shared host the user is looking at, never a public suffix.
    await expect(handlers.allowForTab({ url: 'https://com/' }, ext)).rejects.toThrow(/public-suffix/);
    expect(await handlers.allowForTab({ url: 'http://1.2.3.4/x' }, ext)).toEqual({ host: '1.2.3.4' });
  });

  it('a site listed by path cannot be trusted as a whole host (issue 15, class 9); one tab may continue', async () => {
    const { handlers } = await setup();
    await expect(handlers.trustSite({ url: 'http://host.test/pages/bad/x' }, ext)).rejects.toThrow(/listed by path/);
    expect(await handlers.listTrusted({}, ext)).toEqual([]);
    expect(await handlers.allowForTab({ url: 'http://host.test/pages/bad/x' }, ext)).toEqual({ host: 'host.test' });
  });

  it('checkPage combines list, classifier and link verdicts, and skips trusted sites', async () => {
    const warn: Verdict = { level: 'warn', category: 'investment', score: 0.8, reasons: [{ signal: 'page:phrase', phrase: '稳赚', count: 1 }] };
    const classifyPage = vi.fn(() => warn);
    const { handlers } = await setup({ classifyPage, classifyText: () => warn, isTrustedDomain: (h) => h === 'bank.test' });
    const features = null;
    const r = await handlers.checkPage(
      { url: 'http://unknown.test/', features, links: 'http://ok.test/\nhttp://scam.test/x\nhttp://ok.test/2', snippets: ['日结300'] },
      page,
    );
    expect(r.page).toEqual(NO_VERDICT);
    // Only what is not clean comes back, by index in the request.
    expect(r.links.map(([i, v]) => [i, v.level])).toEqual([[1, 'block']]);
    expect(r.snippets.map(([i, v]) => [i, v.level])).toEqual([[0, 'warn']]);
    const trusted = await handlers.checkPage({ url: 'http://bank.test/', features, links: '', snippets: ['日结300'] }, page);
    expect(trusted.snippets).toEqual([]);
  });

  it('checkPage asks for the features only when the gate sample (or the URL) calls for them', async () => {
    const { handlers } = await setup({ isTrustedDomain: (h) => h === 'bank.test' });
    const ask = (url: string, sample: string, sensitive = false) =>
      handlers.checkPage({ url, features: null, gate: { sample, sensitive }, links: '', snippets: [] }, page);
    expect((await ask('http://unknown.test/', 'Garden notes: tomatoes and beans')).extract).toBe(false);
    expect((await ask('http://unknown.test/', '任务大厅 立即充值 领取佣金')).extract).toBe(true);
    expect((await ask('http://unknown.test/', '任務大廳 立即儲值')).extract).toBe(true); // traditional script
    expect((await ask('http://unknown.test/', 'Sign in', true)).extract).toBe(true); // a sensitive field
    expect((await ask('http://unknown.test/', 'pay to TXYZh4Lq9zWg3y1Zc4Ej5ZkqEhH4H7hTAp')).extract).toBe(true); // wallet shape
    expect((await ask('http://scam.test/', 'nothing to see')).extract).toBe(true); // the URL alone is risky
    expect((await ask('http://bank.test/', '立即充值', true)).extract).toBe(false); // major site: never classified
    // The second check (features present) never asks again; no gate sample → no extraction.
    const features = await handlers.checkPage({ url: 'http://unknown.test/', features: null, links: '', snippets: [] }, page);
    expect(features.extract).toBe(false);
  });

  it('loadContentUi injects into the sender tab and frame, and refuses senders without a tab', async () => {
    const injectContentUi = vi.fn(async () => undefined);
    const { handlers } = await setup({ injectContentUi });
    await handlers.loadContentUi({}, { privileged: false, tabId: 9, frameId: 0 });
    expect(injectContentUi).toHaveBeenCalledWith(9, 0);
    await expect(handlers.loadContentUi({}, { privileged: true, tabId: null })).rejects.toThrow(/needs a tab/);
    expect(injectContentUi).toHaveBeenCalledTimes(1);
  });

  it('frame relays: a sub-frame asks its own tab\'s top frame; only the top frame hands a step back; odd answers fail', async () => {
    const answers: Record<string, unknown> = { status: 'warn', step: 'held', replay: undefined };
    const sendToFrame = vi.fn(async (_tab: number, _frame: number, m: Record<string, unknown>) => answers[String(m.scamsentinelFrame)]);
    const { handlers } = await setup({ sendToFrame });
    const sub: SenderInfo = { privileged: false, tabId: 9, frameId: 4 };
    const top: SenderInfo = { privileged: false, tabId: 9, frameId: 0 };
    expect(await handlers.frameStatus({}, sub)).toBe('warn');
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'status' });
    expect(await handlers.frameStep({ stepId: 3, own: 'warn' }, sub)).toBe('held');
    // The frame id comes from the sender, never from the request; what the frame's own page read as goes along.
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'step', frameId: 4, stepId: 3, own: 'warn' });
    expect(await handlers.frameReplay({ frameId: 4, stepId: 3 }, top)).toBeNull();
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 4, { scamsentinelFrame: 'replay', stepId: 3 });
    const calls = sendToFrame.mock.calls.length;
    // The top frame does not ask itself; a sub-frame cannot make another frame replay; no tab, no relay.
    await expect(handlers.frameStatus({}, top)).rejects.toThrow(/sub-frame/);
    await expect(handlers.frameStep({ stepId: 1, own: 'none' }, { privileged: false, tabId: 9 })).rejects.toThrow(/sub-frame/);
    await expect(handlers.frameReplay({ frameId: 2, stepId: 1 }, sub)).rejects.toThrow(/frame that judged/);
    await expect(handlers.frameStatus({}, { privileged: false, tabId: null, frameId: 3 })).rejects.toThrow(/needs a tab/);
    expect(sendToFrame).toHaveBeenCalledTimes(calls);
    // An answer that is not one of the expected values (or none: nobody listens in the top frame) fails the message.
    answers.status = 'clean';
    answers.step = { go: true };
    await expect(handlers.frameStatus({}, sub)).rejects.toThrow(/no status/);
    await expect(handlers.frameStep({ stepId: 2, own: 'none' }, sub)).rejects.toThrow(/no answer/);
    sendToFrame.mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'));
    await expect(handlers.frameStep({ stepId: 2, own: 'none' }, sub)).rejects.toThrow(/Receiving end/);
  });

  it('a frame inside a frame checked as a page (a wrapper\'s full-size frame) is judged by that frame, not the top', async () => {
    // Tab 9: top 0 → full-size frame 4 (checked as a page: it answers a status request) → card frame 8; 0 → ad frame 5.
    const parents: Record<number, number> = { 0: -1, 4: 0, 8: 4, 5: 0 };
    const pageChecked = new Set([0, 4]);
    const sendToFrame = vi.fn(async (_tab: number, frame: number, m: Record<string, unknown>) => {
      if (m.scamsentinelFrame === 'replay') return undefined; // every frame guard listens for its replays
      if (!pageChecked.has(frame)) throw new Error('Could not establish connection. Receiving end does not exist.');
      if (m.scamsentinelFrame === 'status') return frame === 4 ? 'warn' : 'none';
      return m.scamsentinelFrame === 'step' ? 'held' : undefined;
    });
    const { handlers } = await setup({ sendToFrame, frameOf: framesOf(parents) });
    expect(await handlers.frameStatus({}, { privileged: false, tabId: 9, frameId: 8 })).toBe('warn');
    expect(await handlers.frameStep({ stepId: 2, own: 'none' }, { privileged: false, tabId: 9, frameId: 8 })).toBe('held');
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 4, { scamsentinelFrame: 'step', frameId: 8, stepId: 2, own: 'none' });
    // The ad frame under the top is judged by the top, without asking anyone else.
    sendToFrame.mockClear();
    expect(await handlers.frameStatus({}, { privileged: false, tabId: 9, frameId: 5 })).toBe('none');
    expect(sendToFrame.mock.calls.map((c) => c[1])).toEqual([0]);
    // Frame 4 may hand back a step of frame 8 (below it), not one of the ad frame 5; the top may hand back either.
    expect(await handlers.frameReplay({ frameId: 8, stepId: 2 }, { privileged: false, tabId: 9, frameId: 4 })).toBeNull();
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 8, { scamsentinelFrame: 'replay', stepId: 2 });
    await expect(handlers.frameReplay({ frameId: 5, stepId: 1 }, { privileged: false, tabId: 9, frameId: 4 })).rejects.toThrow(/frame that judged/);
    expect(await handlers.frameReplay({ frameId: 5, stepId: 1 }, { privileged: false, tabId: 9, frameId: 0 })).toBeNull();
  });

  it('frameAddress: the nearest ancestor with an http(s) address, as the browser records it; sub-frames only', async () => {
    // 7 (sandboxed) in 4 (a data: frame) in the top frame at shell.test; 9 is gone; 3 has no such ancestor.
    const parents: Record<number, number> = { 0: -1, 7: 4, 4: 0, 3: 2, 2: -1 };
    const urls: Record<number, string> = { 0: 'http://shell.test/app', 4: 'data:text/html,x', 7: 'about:srcdoc', 2: 'data:text/html,y' };
    const { handlers } = await setup({ frameOf: framesOf(parents, (f) => urls[f] ?? '') });
    expect(await handlers.frameAddress({}, { privileged: false, tabId: 9, frameId: 7 })).toBe('http://shell.test/app');
    expect(await handlers.frameAddress({}, { privileged: false, tabId: 9, frameId: 4 })).toBe('http://shell.test/app');
    await expect(handlers.frameAddress({}, { privileged: false, tabId: 9, frameId: 3 })).rejects.toThrow(/no ancestor/);
    await expect(handlers.frameAddress({}, { privileged: false, tabId: 9, frameId: 9 })).rejects.toThrow(/no ancestor/);
    await expect(handlers.frameAddress({}, { privileged: false, tabId: 9, frameId: 0 })).rejects.toThrow(/sub-frame/);
  });

  it('frameVerdict: a sub-frame\'s own page as the worker last judged it, for the frames that judge its steps only', async () => {
    // Tab 9: top 0 → frame 4 → frame 8; 0 → ad frame 5.
    const parents: Record<number, number> = { 0: -1, 4: 0, 8: 4, 5: 0 };
    const { handlers } = await setup({ frameOf: framesOf(parents) });
    const frame8: SenderInfo = { privileged: false, tabId: 9, frameId: 8 };
    expect(await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 0 })).toBeNull();
    const checked = await handlers.checkPage({ url: 'http://scam.test/recharge', features: null, links: '', snippets: [] }, frame8);
    expect(checked.page.level).toBe('block');
    // The top and frame 4 (above it) may ask; the ad frame beside it and another tab get nothing of it.
    expect(await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 0 })).toEqual(checked.page);
    expect(await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 4 })).toEqual(checked.page);
    await expect(handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 5 })).rejects.toThrow(/judges/);
    expect(await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 3, frameId: 0 })).toBeNull();
    // The top frame's own checks are not frames' verdicts.
    await handlers.checkPage({ url: 'http://scam.test/', features: null, links: '', snippets: [] }, { privileged: false, tabId: 9, frameId: 0 });
    expect(await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 0 })).toEqual(checked.page);
  });

  it('a step in a frame inside a frame not checked as a page (a scaled-up scam frame holding a plain payment frame): the frame between is read, the worst goes to the judge', async () => {
    // Tab 9: top 0 → frame 4 (small or scaled: not checked as a page) → payment frame 8.
    const parents: Record<number, number> = { 0: -1, 4: 0, 8: 4 };
    const sendToFrame = vi.fn(async (_tab: number, frame: number, m: Record<string, unknown>) => {
      if (frame !== 0) throw new Error('Could not establish connection. Receiving end does not exist.');
      return m.scamsentinelFrame === 'status' ? 'none' : 'held';
    });
    const reads: Record<number, unknown> = { 4: 'warn' };
    const readFrame = vi.fn(async (_tab: number, frame: number) => {
      const r = reads[frame];
      if (r instanceof Error) throw r;
      return r;
    });
    const { handlers } = await setup({ sendToFrame, frameOf: framesOf(parents), readFrame });
    const frame8: SenderInfo = { privileged: false, tabId: 9, frameId: 8 };
    // The status a frame lets a step go by unheld counts the frame between too.
    expect(await handlers.frameStatus({}, frame8)).toBe('warn');
    expect(await handlers.frameStatus({}, { privileged: false, tabId: 9, frameId: 4 })).toBe('none');
    expect(await handlers.frameStep({ stepId: 1, own: 'none' }, frame8)).toBe('held');
    expect(readFrame).toHaveBeenCalledWith(9, 4);
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'step', frameId: 8, stepId: 1, own: 'warn' });
    // A frame between that cannot be read (no frame guard there, an odd answer) makes the step unknown, never clean.
    reads[4] = new Error('Cannot access contents of the page');
    await handlers.frameStep({ stepId: 2, own: 'none' }, frame8);
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'step', frameId: 8, stepId: 2, own: 'unknown' });
    reads[4] = 'clean';
    await handlers.frameStep({ stepId: 3, own: 'caution' }, frame8);
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'step', frameId: 8, stepId: 3, own: 'unknown' });
    // …but a risk found anywhere is what the judge hears about.
    await handlers.frameStep({ stepId: 4, own: 'block' }, frame8);
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'step', frameId: 8, stepId: 4, own: 'block' });
    // A frame right under the judge has nobody between: nothing else is read.
    readFrame.mockClear();
    await handlers.frameStep({ stepId: 5, own: 'none' }, { privileged: false, tabId: 9, frameId: 4 });
    expect(readFrame).not.toHaveBeenCalled();
    expect(sendToFrame).toHaveBeenLastCalledWith(9, 0, { scamsentinelFrame: 'step', frameId: 4, stepId: 5, own: 'none' });
  });

  it('frameVerdict joins the verdicts of the frames between the step\'s frame and the asker', async () => {
    const parents: Record<number, number> = { 0: -1, 4: 0, 8: 4 };
    const { handlers } = await setup({ frameOf: framesOf(parents) });
    const plain = await handlers.checkPage({ url: 'http://plain.test/order', features: null, links: '', snippets: [] }, { privileged: false, tabId: 9, frameId: 8 });
    expect(plain.page.level).toBe('none');
    const scam = await handlers.checkPage({ url: 'http://scam.test/app', features: null, links: '', snippets: [] }, { privileged: false, tabId: 9, frameId: 4 });
    expect((await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 0 }))?.level).toBe(scam.page.level);
    // Asked by frame 4 itself (were it the judge), only frame 8's own.
    expect(await handlers.frameVerdict({ frameId: 8 }, { privileged: false, tabId: 9, frameId: 4 })).toEqual(plain.page);
  });

  it('worseOwn: a risk wins, then unknown, then the higher level', () => {
    const cases: [TopStatus, TopStatus, TopStatus][] = [
      ['none', 'none', 'none'],
      ['none', 'caution', 'caution'],
      ['caution', 'unknown', 'unknown'],
      ['unknown', 'warn', 'warn'],
      ['block', 'unknown', 'block'],
      ['warn', 'block', 'block'],
      ['block', 'warn', 'block'],
    ];
    for (const [a, b, want] of cases) {
      expect(worseOwn(a, b), `${a} + ${b}`).toBe(want);
      expect(worseOwn(b, a), `${b} + ${a}`).toBe(want);
    }
  });

  it('the worker reads a frame through the key its frame guard publishes', () => {
    const start = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../src/background/start.ts'), 'utf8');
    expect(start).toContain(`Symbol.for('${FRAME_READ_KEY}')`);
  });

  it('FrameOwnVerdicts keeps the latest per frame and forgets the oldest past its bound', () => {
    const own = new FrameOwnVerdicts();
    const v = (score: number): Verdict => ({ level: 'warn', category: 'other', score, reasons: [] });
    own.set(1, 2, v(1));
    own.set(1, 2, v(2));
    expect(own.get(1, 2)?.score).toBe(2);
    for (let i = 0; i < FrameOwnVerdicts.MAX; i++) own.set(2, i + 1, v(i));
    expect(own.get(1, 2)).toBeNull();
    expect(own.get(2, 1)?.score).toBe(0);
    expect(own.get(2, FrameOwnVerdicts.MAX)?.score).toBe(FrameOwnVerdicts.MAX - 1);
  });

  it('recordEvent counts and flags tampering for the sender tab', async () => {
    const { deps, handlers } = await setup();
    await handlers.recordEvent({ event: 'tamper' }, page);
    expect(deps.countEvent).toHaveBeenCalledWith('tamper');
    expect(deps.onTamper).toHaveBeenCalledWith(5);
  });
});

describe('one story per tab', () => {
  const warn: Verdict = { level: 'warn', category: 'task-rebate', score: 0.9, reasons: [{ signal: 'page:phrase', phrase: '抢单', count: 3 }] };
  async function withTabs() {
    const tabVerdicts = new TabVerdicts(fakeSession(), () => 1);
    const onTabVerdict = vi.fn(async () => undefined);
    const r = await setup({ classifyPage: () => warn, tabVerdicts, onTabVerdict });
    return { ...r, tabVerdicts, onTabVerdict };
  }
  const features = structuredClone(textFeatures('抢单 抢单 抢单 佣金')) as Parameters<ReturnType<typeof createHandlers>['checkPage']>[0]['features'];

  it('the popup of the tab sees the classifier verdict; another tab does not', async () => {
    const { handlers, onTabVerdict } = await withTabs();
    const url = 'http://renwu.test/task';
    await handlers.checkPage({ url, features, links: '', snippets: [] }, { privileged: false, tabId: 5, frameId: 0 });
    expect(onTabVerdict).toHaveBeenCalledWith(5, expect.objectContaining({ url, verdict: warn }));
    const popup: SenderInfo = { privileged: true, tabId: null };
    expect((await handlers.getStatus({ url, tabId: 5 }, popup)).verdict).toMatchObject({ level: 'warn', category: 'task-rebate' });
    expect((await handlers.getStatus({ url, tabId: 6 }, popup)).verdict).toEqual(NO_VERDICT);
    // The tab moved on to another URL: the old page's story does not follow.
    expect((await handlers.getStatus({ url: 'http://renwu.test/other', tabId: 5 }, popup)).verdict).toEqual(NO_VERDICT);
  });

  it('a frame checked as a page (a wrapper\'s full-size frame) tells the tab\'s story too, until the tab navigates', async () => {
    const tabVerdicts = new TabVerdicts(fakeSession(), () => 1);
    const onTabVerdict = vi.fn(async () => undefined);
    const shell = 'http://shell.test/';
    // Frame 3 is in the wrapper's page (its parent is the top frame); frame 9 is a prerendered page's main frame.
    const parents: Record<number, number> = { 0: -1, 3: 0, 9: -1 };
    let topUrl = shell;
    const { handlers } = await setup({ classifyPage: () => warn, tabVerdicts, onTabVerdict, frameOf: framesOf(parents, (f) => (f === 0 ? topUrl : 'http://platform.test/recharge')) });
    const popup: SenderInfo = { privileged: true, tabId: null };
    // The wrapper's own page is clean; its full-size frame shows the platform.
    const clean = await setup({ classifyPage: () => NO_VERDICT, tabVerdicts });
    await clean.handlers.checkPage({ url: shell, features, links: '', snippets: [] }, { privileged: false, tabId: 6, frameId: 0 });
    expect((await handlers.getStatus({ url: shell, tabId: 6 }, popup)).verdict).toEqual(NO_VERDICT);
    await handlers.checkPage({ url: 'http://platform.test/recharge', features, links: '', snippets: [] }, { privileged: false, tabId: 6, frameId: 3 });
    // The frame's reasons, led by the site it shows (not the wrapper's).
    const told = { ...warn, reasons: [{ signal: 'site:frame', host: 'platform.test' }, ...warn.reasons] };
    expect(onTabVerdict).toHaveBeenLastCalledWith(6, expect.objectContaining({ url: shell, verdict: told }));
    expect((await handlers.getStatus({ url: shell, tabId: 6 }, popup)).verdict).toMatchObject({ level: 'warn', category: 'task-rebate' });
    // The wrapper's page re-checked clean: the frame's warn stays.
    await clean.handlers.checkPage({ url: shell, features, links: '', snippets: [] }, { privileged: false, tabId: 6, frameId: 0 });
    expect((await handlers.getStatus({ url: shell, tabId: 6 }, popup)).verdict.level).toBe('warn');
    expect((await handlers.getStatus({ url: shell, tabId: 5 }, popup)).verdict).toEqual(NO_VERDICT); // other tabs know nothing of it
    expect(await tabVerdicts.clear(6)).toBe(true); // the tab navigated
    expect((await handlers.getStatus({ url: shell, tabId: 6 }, popup)).verdict).toEqual(NO_VERDICT);
    // A late answer from a frame the tab no longer has, or from a prerendered page, writes nothing; nor one found while
    // the top frame was already at another address.
    for (const frameId of [4, 9]) await handlers.checkPage({ url: 'http://platform.test/recharge', features, links: '', snippets: [] }, { privileged: false, tabId: 6, frameId });
    expect(tabVerdicts.get(6)).toBeNull();
    topUrl = 'http://news.test/';
    await handlers.checkPage({ url: 'http://platform.test/recharge', features, links: '', snippets: [] }, { privileged: false, tabId: 6, frameId: 3 });
    expect((await handlers.getStatus({ url: shell, tabId: 6 }, popup)).verdict).toEqual(NO_VERDICT);
  });

  it('tampering marks the tab; the popup says so', async () => {
    const { handlers, deps } = await withTabs();
    const url = 'http://renwu.test/';
    await handlers.checkPage({ url, features, links: '', snippets: [] }, { privileged: false, tabId: 5, frameId: 0 });
    await handlers.recordEvent({ event: 'tamper' }, { privileged: false, tabId: 5, frameId: 0 });
    expect(deps.onTamper).toHaveBeenCalledWith(5);
    expect((await handlers.getStatus({ url, tabId: 5 }, { privileged: true, tabId: null })).tampered).toBe(true);
  });
});

describe('site memory: a warn page speaks for the rest of its site', () => {
  const warn: Verdict = { level: 'warn', category: 'task-rebate', score: 0.9, reasons: [{ signal: 'page:phrase', phrase: '抢单佣金', count: 3 }] };
  const features = structuredClone(textFeatures('抢单 抢单 抢单 佣金')) as Parameters<ReturnType<typeof createHandlers>['checkPage']>[0]['features'];
  const plain = structuredClone(textFeatures('充值金额 确认')) as typeof features;
  async function withSites() {
    const area = fakeSession();
    const data = area.data;
    const siteVerdicts = new SiteVerdicts(area, () => 1000);
    // The model: the 抢单 home page reads warn, the plain recharge page reads nothing.
    const r = await setup({ classifyPage: (f) => (f.text.includes('抢单') ? warn : NO_VERDICT), siteVerdicts });
    return { ...r, siteVerdicts, data };
  }
  const top = { privileged: false, tabId: 5, frameId: 0 } as const;

  it('the recharge page after the home page gets the carried warn (also on its features-less first check); other sites do not', async () => {
    const { handlers } = await withSites();
    // Before: the recharge page alone is silent.
    expect((await handlers.checkPage({ url: 'http://pay.renwu.test/recharge', features: plain, links: '', snippets: [] }, top)).page).toEqual(NO_VERDICT);
    expect((await handlers.checkPage({ url: 'http://www.renwu.test/home', features, links: '', snippets: [] }, top)).page).toEqual(warn);
    for (const f of [plain, null]) {
      const r = await handlers.checkPage({ url: 'http://pay.renwu.test/recharge', features: f, links: '', snippets: [] }, top);
      expect(r.page).toMatchObject({ level: 'warn', category: 'task-rebate', reasons: [{ signal: 'site:earlier-page', path: '/home', category: 'task-rebate', words: ['抢单佣金'] }] });
    }
    expect((await handlers.checkPage({ url: 'http://renwu2.test/recharge', features: plain, links: '', snippets: [] }, top)).page).toEqual(NO_VERDICT);
  });

  it('a warn page that is itself a money step (a withdraw form) does not mark its site: a legit shop wallet page read wrongly stays one page', async () => {
    const { handlers, data } = await withSites();
    const withdraw = { ...structuredClone(features!), buttons: ['确认提现'] } as typeof features;
    expect((await handlers.checkPage({ url: 'http://shop.test/wallet/withdraw', features: withdraw, links: '', snippets: [] }, top)).page).toEqual(warn);
    expect([...data.keys()]).toEqual([]);
    expect((await handlers.checkPage({ url: 'http://shop.test/goods/1', features: plain, links: '', snippets: [] }, top)).page).toEqual(NO_VERDICT);
  });

  it('a frame does not mark its site; a listed site is not remembered (it is blocked anyway); trusting the site ends it', async () => {
    const { handlers, data } = await withSites();
    await handlers.checkPage({ url: 'http://ad.test/', features, links: '', snippets: [] }, { privileged: false, tabId: 5, frameId: 2 });
    await handlers.checkPage({ url: 'http://scam.test/', features, links: '', snippets: [] }, top);
    expect([...data.keys()]).toEqual([]);
    await handlers.checkPage({ url: 'http://www.renwu.test/home', features, links: '', snippets: [] }, top);
    expect([...data.keys()]).toEqual(['siteVerdict:renwu.test']);
    await handlers.trustSite({ url: 'http://renwu.test/' }, ext);
    expect([...data.keys()]).toEqual([]);
    await handlers.untrustSite({ host: 'renwu.test' }, ext);
    expect((await handlers.checkPage({ url: 'http://pay.renwu.test/recharge', features: plain, links: '', snippets: [] }, top)).page).toEqual(NO_VERDICT);
  });
});
