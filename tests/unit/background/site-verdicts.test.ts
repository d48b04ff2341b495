import { describe, expect, it } from 'vitest';
import { SiteVerdicts } from '../../../src/background/site-verdicts';
import { fakeSession } from './fake-session';
import { SITE_MEMORY_TTL_MS } from '../../../src/core/verdict/site-memory';
import type { Verdict } from '../../../src/core/types';

const warn = (score: number): Verdict => ({ level: 'warn', category: 'task-rebate', score, reasons: [{ signal: 'page:phrase', phrase: '抢单', count: 2 }] });

describe('site memory in the worker', () => {
  it('a warn page marks its site for its other hosts and pages; other sites hear nothing; it expires', async () => {
    let now = 1000;
    const s = new SiteVerdicts(fakeSession(), () => now);
    expect(s.carried('renwu.test')).toBeNull();
    await s.remember('http://www.renwu.test/home', 'www.renwu.test', warn(0.9));
    expect(s.carried('pay.renwu.test')).toMatchObject({ level: 'warn', category: 'task-rebate', reasons: [{ signal: 'site:earlier-page', path: '/home' }] });
    expect(s.carried('other.test')).toBeNull();
    now += SITE_MEMORY_TTL_MS;
    expect(s.carried('pay.renwu.test')).toBeNull();
  });

  it('survives a worker restart through storage.session; a damaged or mis-keyed entry is ignored', async () => {
    const area = fakeSession();
    await new SiteVerdicts(area, () => 1).remember('http://renwu.test/', 'renwu.test', warn(0.9));
    area.data.set('siteVerdict:bank.test', { site: 'renwu.test', path: '/', category: 'phishing', score: 1, words: [], at: 1 }); // key ≠ site
    area.data.set('siteVerdict:x.test', { site: 'x.test' });
    const next = new SiteVerdicts(area, () => 2);
    await next.load();
    expect(next.carried('renwu.test')).toMatchObject({ level: 'warn' });
    expect(next.carried('bank.test')).toBeNull();
    expect(next.carried('x.test')).toBeNull();
  });

  it('keeps the stronger page; forgets a site the user trusts; keeps at most 200 sites', async () => {
    const area = fakeSession();
    const s = new SiteVerdicts(area, () => 5);
    await s.remember('http://renwu.test/a', 'renwu.test', warn(0.95));
    await s.remember('http://renwu.test/b', 'renwu.test', warn(0.85));
    expect(s.carried('renwu.test')?.reasons[0]).toMatchObject({ path: '/a' });
    await s.forget('www.renwu.test');
    expect(s.carried('renwu.test')).toBeNull();
    expect(area.data.has('siteVerdict:renwu.test')).toBe(false);
    for (let i = 0; i < 205; i++) await s.remember(`http://s${i}.test/`, `s${i}.test`, warn(0.9));
    expect([...area.data.keys()].filter((k) => k.startsWith('siteVerdict:')).length).toBe(200);
    expect(s.carried('s0.test')).toBeNull();
    expect(s.carried('s204.test')).not.toBeNull();
  });
});
