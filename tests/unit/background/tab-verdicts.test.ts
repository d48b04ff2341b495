import { describe, expect, it, vi } from 'vitest';
import { badgeFor, iconLevel, iconPaths, showBadge, BADGE_STYLE } from '../../../src/background/badge';
import { TabVerdicts } from '../../../src/background/tab-verdicts';
import { fakeSession } from './fake-session';
import { NO_VERDICT, type Verdict } from '../../../src/core/types';


const warn: Verdict = { level: 'warn', category: 'task-rebate', score: 0.9, reasons: [{ signal: 'page:phrase', phrase: '抢单', count: 3 }] };
const caution: Verdict = { level: 'caution', category: 'task-rebate', score: 0.4, reasons: [] };
const t = (k: string) => `<${k}>`;

describe('per-tab verdicts', () => {
  it('keeps the stronger verdict for the same URL, replaces it for a new URL, and clears', async () => {
    const s = new TabVerdicts(fakeSession(), () => 7);
    await s.record(1, 'http://a.test/', warn);
    expect((await s.record(1, 'http://a.test/', NO_VERDICT)).verdict).toBe(warn); // features-less re-check
    expect((await s.record(1, 'http://a.test/', caution)).verdict).toBe(warn);
    expect((await s.record(1, 'http://a.test/next', caution)).verdict).toBe(caution); // SPA route: a new story
    expect(s.forUrl(1, 'http://a.test/')).toBeNull();
    expect(s.forUrl(2, 'http://a.test/next')).toBeNull(); // other tabs know nothing of it
    expect(s.forUrl(null, 'http://a.test/next')).toBeNull();
    expect(await s.clear(1)).toBe(true);
    expect(s.get(1)).toBeNull();
    expect(await s.clear(1)).toBe(false);
  });

  it('survives a worker restart through storage.session', async () => {
    const area = fakeSession();
    const first = new TabVerdicts(area, () => 1);
    await first.record(3, 'http://a.test/', warn);
    await first.markTampered(3);
    area.data.set('tabVerdict:x', { junk: true });
    area.data.set('other', 1);
    const second = new TabVerdicts(area, () => 2);
    await second.load();
    expect(second.forUrl(3, 'http://a.test/')).toMatchObject({ verdict: warn, tampered: true, at: 1 });
    expect(second.get(Number.NaN)).toBeNull();
  });

  it('a frame checked as a page adds its verdict (the strongest stays) to the top page\'s under the address it was found at, survives a restart, and is cleared with the tab', async () => {
    const area = fakeSession();
    const s = new TabVerdicts(area, () => 4);
    const shell = 'http://shell.test/';
    expect(await s.recordFrame(2, shell, NO_VERDICT)).toBeNull(); // a clean frame says nothing
    expect(await s.recordFrame(2, shell, caution)).toMatchObject({ url: shell, verdict: caution }); // no top page check yet
    expect(s.forUrl(2, shell)).toMatchObject({ url: shell, verdict: caution });
    await s.record(2, shell, NO_VERDICT);
    expect((await s.recordFrame(2, shell, warn))?.verdict).toMatchObject({ level: 'warn', category: 'task-rebate' });
    expect((await s.recordFrame(2, shell, caution))?.verdict.level).toBe('warn'); // a weaker frame does not lower it
    expect(s.forUrl(2, shell)?.verdict.level).toBe('warn');
    expect(s.get(3)).toBeNull();
    // Found under another top address (a late answer from the page the tab left): not this page's story.
    expect(s.forUrl(2, 'http://next.test/')).toBeNull();
    await s.record(2, 'http://next.test/', NO_VERDICT);
    expect(s.get(2)?.verdict.level).toBe('none');
    await s.record(2, shell, NO_VERDICT);
    area.data.set('tabFrames:7', { topUrl: shell, verdict: { level: 'warn' } }); // not a verdict: ignored
    const again = new TabVerdicts(area, () => 5);
    await again.load();
    expect(again.get(2)?.verdict.level).toBe('warn');
    expect(again.get(7)).toBeNull();
    expect(await again.clear(2)).toBe(true);
    expect(again.get(2)).toBeNull();
    expect([...area.data.keys()].filter((k) => k.endsWith(':2'))).toEqual([]);
    await again.recordFrame(8, shell, warn);
    expect(await again.clear(8)).toBe(true); // frames only: still something to clear (the badge is redrawn)
  });

  it('a tamper mark stands alone when no verdict was recorded', async () => {
    const s = new TabVerdicts(fakeSession(), () => 1);
    await s.markTampered(9);
    expect(s.get(9)).toMatchObject({ tampered: true, verdict: NO_VERDICT });
  });
});

describe('toolbar badge', () => {
  it('shows level, colour and a tooltip with the scam type; nothing for a clean tab', () => {
    expect(badgeFor(null, t)).toEqual({ text: '', color: '#000000', title: '<extName>' });
    expect(badgeFor({ url: 'u', verdict: warn, tampered: false, at: 0 }, t)).toEqual({
      ...BADGE_STYLE.warn,
      title: '<extName> — <badgeLevel_warn> — <cat_task_rebate>',
    });
    expect(badgeFor({ url: 'u', verdict: caution, tampered: false, at: 0 }, t).text).toBe('?');
    const tampered = badgeFor({ url: 'u', verdict: NO_VERDICT, tampered: true, at: 0 }, t);
    expect(tampered).toEqual({ ...BADGE_STYLE.block, title: '<extName> — <badgeTampered>' });
  });

  it('picks the toolbar icon by level; a page that fought the warning gets the block icon', () => {
    expect(iconLevel(null)).toBe('none');
    expect(iconLevel({ url: 'u', verdict: caution, tampered: false, at: 0 })).toBe('caution');
    expect(iconLevel({ url: 'u', verdict: warn, tampered: false, at: 0 })).toBe('warn');
    expect(iconLevel({ url: 'u', verdict: NO_VERDICT, tampered: true, at: 0 })).toBe('block');
    expect(iconLevel({ url: 'u', verdict: NO_VERDICT, tampered: false, at: 0 })).toBe('none');
  });

  it('sets text, colour and title for that tab only', async () => {
    const api = {
      setBadgeText: vi.fn(async () => undefined),
      setBadgeBackgroundColor: vi.fn(async () => undefined),
      setTitle: vi.fn(async () => undefined),
      setIcon: vi.fn(async () => undefined),
    };
    await showBadge(api, 4, { url: 'u', verdict: warn, tampered: false, at: 0 }, t);
    expect(api.setBadgeText).toHaveBeenCalledWith({ tabId: 4, text: '!' });
    expect(api.setBadgeBackgroundColor).toHaveBeenCalledWith({ tabId: 4, color: BADGE_STYLE.warn.color });
    expect(api.setIcon).toHaveBeenCalledWith({ tabId: 4, path: { 16: '/icon/level-warn-16.png', 32: '/icon/level-warn-32.png' } });
    await showBadge(api, 4, null, t);
    expect(api.setBadgeText).toHaveBeenLastCalledWith({ tabId: 4, text: '' });
    expect(api.setIcon).toHaveBeenLastCalledWith({ tabId: 4, path: iconPaths('none') });
    expect(api.setBadgeBackgroundColor).toHaveBeenCalledTimes(1);
  });
});
