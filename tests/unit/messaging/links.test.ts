/**
 * A page's address as check messages carry it (src/messaging/links.ts fitUrl): within the worker's limit, or without
 * its query and fragment — never a message the worker refuses.
 */
import { describe, expect, it } from 'vitest';
import { fitUrl, URL_MAX_CHARS } from '../../../src/messaging/links';
import { requestSchemas } from '../../../src/messaging/protocol';

const check = (url: string) => requestSchemas.checkPage.safeParse({ url, features: null, links: '', snippets: [] }).success;

describe('fitUrl', () => {
  it('keeps an address within the limit as it is', () => {
    const url = `http://shop.test/p?q=${'a'.repeat(URL_MAX_CHARS - 30)}`;
    expect(url.length).toBeLessThanOrEqual(URL_MAX_CHARS);
    expect(fitUrl(url)).toBe(url);
    expect(fitUrl('http://shop.test/')).toBe('http://shop.test/');
  });

  it('drops the query and fragment of a longer one, keeping origin and path (what lists and URL risk go by)', () => {
    const long = `http://scam.test/recharge/index.html?ref=${'a'.repeat(9000)}#${'b'.repeat(100)}`;
    expect(check(long)).toBe(false);
    expect(fitUrl(long)).toBe('http://scam.test/recharge/index.html');
    expect(check(fitUrl(long))).toBe(true);
  });

  it('cuts a path that alone is too long, and a string that is no URL, to the limit', () => {
    const path = `http://scam.test/${'p'.repeat(9000)}`;
    expect(fitUrl(path)).toHaveLength(URL_MAX_CHARS);
    expect(fitUrl(path).startsWith('http://scam.test/ppp')).toBe(true);
    expect(check(fitUrl(path))).toBe(true);
    expect(fitUrl('x'.repeat(9000))).toHaveLength(URL_MAX_CHARS);
  });
});
