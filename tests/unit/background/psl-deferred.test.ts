/**
 * The Chromium wake script's public-suffix lookup (src/background/psl-deferred.ts) loads tldts's trie from a binary
 * file (src/core/url/psl-binary.ts) instead of carrying it as script (issue 18). It must answer exactly as tldts does,
 * refuse to answer before the file is loaded, and refuse a damaged file.
 */
import { describe, expect, it, vi } from 'vitest';
import { parse } from 'tldts';
import { getEmptyResult, parseImpl } from 'tldts-core';
import * as trie from 'tldts/dist/es6/src/data/trie.js';
import { decodePsl, deriveColumns, encodePsl, type PslTrie } from '../../../src/core/url/psl-binary';

const TRIE: PslTrie = trie;

async function freshLookup() {
  vi.resetModules();
  return import('../../../src/background/psl-deferred');
}

/** Hosts along real suffixes: walk the trie from a root by random edges, then add random labels (seeded). */
function sampleHosts(n: number): string[] {
  let seed = 12345;
  const rand = (k: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % k;
  const offsets: number[] = [];
  for (let e = 0, at = 0; e < TRIE.edgeLength.length; e++) {
    offsets.push(at);
    at += TRIE.edgeLength[e]!;
  }
  const label = (e: number): string => TRIE.labelText.slice(offsets[e], offsets[e]! + TRIE.edgeLength[e]!);
  const words = ['www', 'shop', 'login', 'paypal', 'a', 'xn--80ak6aa92e', 'ck', 'blogspot', '1', 'pay-now'];
  const hosts: string[] = [];
  while (hosts.length < n) {
    let node = rand(2) === 0 ? TRIE.rulesRoot : TRIE.exceptionsRoot;
    const labels: string[] = [];
    for (let depth = 0; depth < 4; depth++) {
      const from = TRIE.edgeStart[node]!;
      const to = TRIE.edgeStart[node + 1]!;
      if (from === to || (depth > 0 && rand(3) === 0)) break;
      const e = from + rand(to - from);
      const l = label(e);
      labels.unshift(l === '*' ? words[rand(words.length)]! : l);
      node = TRIE.edgeChild[e]!;
    }
    for (let extra = rand(3); extra > 0; extra--) labels.unshift(words[rand(words.length)]!);
    if (labels.length) hosts.push(labels.join('.'));
  }
  return hosts;
}

describe('public suffixes from a file (psl-deferred.ts)', () => {
  it('the file round-trips tldts\'s trie', () => {
    const back = decodePsl(encodePsl(TRIE));
    expect(back.labelText).toBe(TRIE.labelText);
    expect([...back.edgeStart]).toEqual([...TRIE.edgeStart]);
    expect([...back.edgeChild]).toEqual([...TRIE.edgeChild]);
    expect([...back.nodeFlags]).toEqual([...TRIE.nodeFlags]);
    expect([...back.edgeLength]).toEqual([...TRIE.edgeLength]);
    expect([back.rulesRoot, back.exceptionsRoot]).toEqual([TRIE.rulesRoot, TRIE.exceptionsRoot]);
    // tldts's lookup columns, derived at build time, as tldts derives them at load.
    const derived = deriveColumns(TRIE);
    expect([...back.edgeHash]).toEqual([...derived.edgeHash]);
    expect([...back.edgeOffset]).toEqual([...derived.edgeOffset]);
    expect([...back.wildcardEdge]).toEqual([...derived.wildcardEdge]);
    expect(back.wildcardEdge.some((w) => w >= 0)).toBe(true); // '*' rules exist (*.ck, *.kawasaki.jp)
  });

  it('answers exactly as tldts for 20,000 hosts along real suffixes, wildcards and exceptions, and a few by hand', async () => {
    const m = await freshLookup();
    m.registerPsl('/assets/psl-test.bin');
    const fetched: string[] = [];
    await m.loadPsl(async (p) => (fetched.push(p), encodePsl(TRIE)));
    expect(fetched).toEqual(['/assets/psl-test.bin']);
    const hosts = [
      'www.ck', 'a.b.ck', 'shop.example.co.uk', 'user.github.io', 'x.blogspot.com', 'paypal.com.secure-login.top',
      'foo.bar.kawasaki.jp', 'city.kawasaki.jp', 'xn--fiqs8s', 'localhost', '127.0.0.1', 'a..b.com', '.com', 'com.',
      ...sampleHosts(20_000),
    ];
    let differing = 0;
    for (const host of hosts) {
      for (const opts of [{}, { allowPrivateDomains: true }]) {
        const ours = parseImpl(host, 5, m.default, opts, getEmptyResult());
        const theirs = parse(host, opts);
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) differing++;
      }
    }
    expect(differing).toBe(0);
  });

  it('before its file is loaded a look-up throws (a check fails, never a wrong suffix); nothing registered: nothing fetched', async () => {
    const m = await freshLookup();
    await m.loadPsl(() => Promise.reject(new Error('not called'))); // nothing registered: this build keeps tldts's trie
    m.registerPsl('/assets/psl-test.bin');
    expect(() => parseImpl('shop.example.co.uk', 5, m.default, {}, getEmptyResult())).toThrow(m.PslUnavailable);
    expect(new m.PslUnavailable('x')).toBeInstanceOf((await import('../../../src/core/data-unavailable')).DataUnavailable); // assessUrl rethrows it
    // A failed fetch rejects; the next call tries again.
    await expect(m.loadPsl(() => Promise.reject(new Error('HTTP 404')))).rejects.toThrow('HTTP 404');
    await m.loadPsl(async () => encodePsl(TRIE));
    expect(parseImpl('shop.example.co.uk', 5, m.default, {}, getEmptyResult()).domain).toBe('example.co.uk');
  });

  it('a damaged file is refused with its reason', async () => {
    const good = encodePsl(TRIE);
    const cut = good.slice(0, good.length - 1);
    expect(() => decodePsl(cut)).toThrow('public-suffix data: wrong length');
    const magic = good.slice();
    magic[0] = 0;
    expect(() => decodePsl(magic)).toThrow('not a public-suffix file');
    const child = good.slice();
    const v = new DataView(child.buffer);
    const nodes = TRIE.nodeFlags.length;
    const edges = TRIE.edgeLength.length;
    v.setUint16(32 + 8 * edges + 4 * nodes + 2 * (nodes + 1), 0xffff, true); // first edge → a node that does not exist
    expect(() => decodePsl(child)).toThrow('edge to no node');
    const wild = good.slice();
    new DataView(wild.buffer).setInt32(32 + 8 * edges, edges, true); // node 0's '*' edge: past the last edge
    expect(() => decodePsl(wild)).toThrow('wildcard edge out of range');
    // Not 4-byte aligned (inside a larger buffer): decoded from a copy.
    const shifted = new Uint8Array(good.length + 1);
    shifted.set(good, 1);
    expect(decodePsl(shifted.subarray(1)).labelText).toBe(TRIE.labelText);
    const label = good.slice();
    label[label.length - 1] = 0x41 === label[label.length - 1] ? 0x42 : 0x41; // same length, other text: still decodes
    expect(() => decodePsl(label)).not.toThrow();
    const m = await freshLookup();
    m.registerPsl('/assets/psl-test.bin');
    await expect(m.loadPsl(async () => cut)).rejects.toThrow('wrong length');
    expect(() => parseImpl('shop.example.co.uk', 5, m.default, {}, getEmptyResult())).toThrow(m.PslUnavailable);
  });
});
