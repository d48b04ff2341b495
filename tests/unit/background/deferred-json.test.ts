/**
 * JSON kept out of the worker's script (src/background/deferred-json.ts, wxt.config.ts `jsonDeferred`): a view that
 * throws until the wake's fetch filled it — never an empty table that would silently miss a look-alike — then reads
 * like the object (what skeleton.ts does with the confusables table: Object.entries into a Map).
 */
import { describe, expect, it } from 'vitest';
import { deferredJson, loadDeferredJson, mayNeedDeferredJson, type FetchJson } from '../../../src/background/deferred-json';

const served = (files: Record<string, unknown>, log: string[] = []): FetchJson =>
  (path) => {
    log.push(path);
    return path in files ? Promise.resolve(files[path]) : Promise.reject(new Error(`${path}: HTTP 404`));
  };

describe('deferredJson', () => {
  it('throws with the file named until loaded, then reads like the object', async () => {
    const view = deferredJson('/assets/t1.json');
    expect(() => view['0']).toThrow('/assets/t1.json is not loaded');
    expect(() => Object.entries(view)).toThrow(/not loaded/);
    expect(() => '0' in view).toThrow(/not loaded/);
    await loadDeferredJson(served({ '/assets/t1.json': { '0': 'O', 'а': 'a' } }));
    expect(view['0']).toBe('O');
    expect('а' in view).toBe(true);
    expect(new Map(Object.entries(view))).toEqual(new Map([['0', 'O'], ['а', 'a']]));
    expect(Object.keys(view)).toEqual(['0', 'а']);
  });

  it('is read-only', async () => {
    const view = deferredJson('/assets/t2.json');
    await loadDeferredJson(served({ '/assets/t1.json': {}, '/assets/t2.json': { a: 1 } }));
    expect(Reflect.set(view, 'a', 2)).toBe(false);
    expect(Reflect.deleteProperty(view, 'a')).toBe(false);
    expect(view.a).toBe(1);
  });

  it('a failed fetch rejects and leaves the view unloaded; the next load fetches it again', async () => {
    const view = deferredJson('/assets/t3.json');
    const log: string[] = [];
    await expect(loadDeferredJson(served({ '/assets/t1.json': {}, '/assets/t2.json': {} }, log))).rejects.toThrow('/assets/t3.json: HTTP 404');
    expect(() => view.x).toThrow(/not loaded/);
    await loadDeferredJson(served({ '/assets/t3.json': { x: 'y' } }, log));
    expect(view.x).toBe('y');
    // files already loaded are not fetched again
    expect(log.filter((p) => p === '/assets/t1.json')).toEqual([]);
    expect(log.filter((p) => p === '/assets/t3.json')).toEqual(['/assets/t3.json', '/assets/t3.json']);
  });

  it('refuses a file that is not a JSON object', async () => {
    const view = deferredJson('/assets/t4.json');
    await expect(loadDeferredJson(served({ '/assets/t3.json': {}, '/assets/t4.json': ['a'] }))).rejects.toThrow('/assets/t4.json: not a JSON object');
    expect(() => view[0]).toThrow(/not loaded/);
  });
});

describe('mayNeedDeferredJson', () => {
  it('is true for non-ASCII and punycode hosts and encoded non-ASCII, false for plain ASCII addresses', () => {
    expect(mayNeedDeferredJson('http://xn--pypal-4ve.test/')).toBe(true);
    expect(mayNeedDeferredJson('http://XN--PYPAL-4VE.test/')).toBe(true);
    expect(mayNeedDeferredJson('http://pаypal.test/')).toBe(true);
    expect(mayNeedDeferredJson('http://shop.test/%E6%B7%98%E5%AE%9D')).toBe(true);
    expect(mayNeedDeferredJson('http://shop.test/淘宝')).toBe(true);
    expect(mayNeedDeferredJson('http://taobao-vip-refund.test/login?a=1%20b')).toBe(false);
    expect(mayNeedDeferredJson('https://www.paypal.com/signin')).toBe(false);
  });
});
