/**
 * The content script's page state (src/content/page/state.ts): a check that ends without an answer leaves the URL
 * unknown — never clean — and releases the payment steps waiting for it at once (they are then held as unchecked).
 */
import { describe, expect, it } from 'vitest';
import { PageState } from '../../../src/content/page/state';
import { NO_VERDICT, type Verdict } from '../../../src/core/types';

const WARN: Verdict = { level: 'warn', category: 'task-rebate', score: 0.9, reasons: [] };
const URL_A = 'https://shop.example/checkout';

describe('PageState', () => {
  it('a check without an answer leaves the URL unknown, not clean', () => {
    const s = new PageState();
    s.begin(URL_A);
    s.fail(URL_A);
    expect(s.status(URL_A)).toEqual({ known: false });
  });

  it('releases the waiters of that URL at once (no wait for the hold\'s timeout)', async () => {
    const s = new PageState();
    s.begin(URL_A);
    const t0 = Date.now();
    const waiting = s.whenKnown(URL_A, 60_000);
    s.fail(URL_A);
    await waiting;
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(s.status(URL_A).known).toBe(false);
  });

  it('a failed re-check keeps a route\'s last risky verdict; a clean one does not stand in', () => {
    const s = new PageState();
    s.begin(URL_A);
    s.finish(URL_A, WARN);
    s.begin(URL_A);
    s.fail(URL_A);
    expect(s.status(URL_A)).toEqual({ known: true, verdict: WARN });
    const b = 'https://shop.example/cart';
    s.begin(b);
    s.finish(b, NO_VERDICT);
    s.begin(b);
    s.fail(b);
    expect(s.status(b)).toEqual({ known: false });
  });

  it('a failure for a URL the page has left changes nothing for the current one', () => {
    const s = new PageState();
    s.begin(URL_A);
    s.begin('https://shop.example/other');
    s.fail(URL_A);
    s.finish('https://shop.example/other', WARN);
    expect(s.status('https://shop.example/other')).toEqual({ known: true, verdict: WARN });
  });
});

describe('PageState.stale', () => {
  it('forms added after a clean verdict make the page unknown again; a risky verdict stays', () => {
    const s = new PageState();
    s.begin(URL_A);
    s.finish(URL_A, NO_VERDICT);
    expect(s.status(URL_A)).toEqual({ known: true, verdict: NO_VERDICT });
    s.stale(URL_A);
    expect(s.status(URL_A)).toEqual({ known: false });
    const b = 'https://shop.example/pay';
    s.begin(b);
    s.finish(b, WARN);
    s.stale(b);
    expect(s.status(b)).toEqual({ known: true, verdict: WARN });
  });
});
