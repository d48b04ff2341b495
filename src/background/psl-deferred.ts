/**
 * tldts's public-suffix lookup with its trie loaded from a file instead of from the script (issue 18). In the
 * Chromium worker's wake script (worker-app.js) the build puts this in place of tldts's `src/suffix-trie.js`
 * (wxt.config.ts `chromiumDeferredPsl`): the trie — four typed arrays built from ~50,000 literal numbers, plus the
 * columns derived from them at load — was part of what every wake evaluated before its first verdict. Here the build
 * writes it as a binary file with tldts's derived lookup columns (src/core/url/psl-binary.ts: a wake only makes views
 * of it) and registers its path; background.js starts fetching it before it imports worker-app.js, start() loads it
 * (`loadPsl`), and every message and verdict waits for it (start.ts: `readyFor`, `ready`). A lookup before it is
 * loaded throws PslUnavailable: a verdict fails, it never uses a wrong suffix.
 * Everywhere else (Node, Firefox, the worker's second half, the pages) tldts keeps its own trie.
 *
 * The lookup (`findEdge`, `walk`, `suffixLookup`) is tldts 7.5's `src/suffix-trie.js`, unchanged but for where its
 * arrays come from — tldts, MIT licence, Copyright (c) 2017 Thomas Parisot, 2018 Rémi Berson (NOTICE.txt).
 */
import { fastPathLookup } from 'tldts-core';
import { DataUnavailable } from '../core/data-unavailable';
import { decodePsl, type PslTable } from '../core/url/psl-binary';

type SuffixResult = Parameters<typeof fastPathLookup>[2];
type LookupOptions = Parameters<typeof fastPathLookup>[1];

/** The trie is not loaded (yet): a check that needs a public suffix must not go on without it. */
export class PslUnavailable extends DataUnavailable {}

let path: string | null = null;
let loaded = false;
let loading: Promise<void> | null = null;

let nodeFlags: Uint8Array = new Uint8Array(0);
let edgeStart: Uint16Array = new Uint16Array(0);
let edgeLength: Uint8Array = new Uint8Array(0);
let edgeChild: Uint16Array = new Uint16Array(0);
let labelText = '';
let rulesRoot = 0;
let exceptionsRoot = 0;
let edgeOffset: Uint32Array = new Uint32Array(0);
let edgeHash: Uint32Array = new Uint32Array(0);
let wildcardEdge: Int32Array = new Int32Array(0);

/** Called by the build's replacement of tldts's suffix-trie module with the trie file's path. */
export function registerPsl(file: string): void {
  path = file;
}

/** Fetches a file of the extension (the worker passes its own; tests a stub). */
export type FetchBytes = (path: string) => Promise<Uint8Array>;

/**
 * Loads the registered trie (once; a failure rejects and the next call tries again). Nothing registered (tldts
 * bundles its own trie in this build): resolves at once.
 */
export function loadPsl(fetchBytes: FetchBytes): Promise<void> {
  if (loaded || path === null) return Promise.resolve();
  const file = path;
  loading ??= fetchBytes(file)
    .then((bytes) => {
      useTrie(decodePsl(bytes));
      performance.mark('ss-psl'); // user timing: when this wake had its public suffixes (the bench's traces)
    })
    .finally(() => (loading = null));
  return loading;
}

function useTrie(t: PslTable): void {
  ({ nodeFlags, edgeStart, edgeLength, edgeChild, labelText, rulesRoot, exceptionsRoot, edgeOffset, edgeHash, wildcardEdge } = t);
  loaded = true;
}

let matchNode = -1;
let matchStart = 0;
let matchEnd = 0;

function labelEquals(edge: number, hostname: string, start: number, length: number): boolean {
  if (edgeLength[edge] !== length) return false;
  const offset = edgeOffset[edge]!;
  for (let i = 0; i < length; i += 1) {
    if (labelText.charCodeAt(offset + i) !== hostname.charCodeAt(start + i)) return false;
  }
  return true;
}

function findEdge(node: number, hash: number, hostname: string, start: number, length: number): number {
  let lo = edgeStart[node]!;
  let hi = edgeStart[node + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const value = edgeHash[mid]!;
    if (value < hash) lo = mid + 1;
    else if (value > hash) hi = mid;
    else {
      for (let e = mid; e >= lo && edgeHash[e] === hash; e -= 1) if (labelEquals(e, hostname, start, length)) return e;
      for (let e = mid + 1; e < hi && edgeHash[e] === hash; e += 1) if (labelEquals(e, hostname, start, length)) return e;
      return -1;
    }
  }
  return -1;
}

function walk(hostname: string, root: number, allowedMask: number): boolean {
  let node = root;
  let end = hostname.length;
  let hash = 5381;
  matchNode = -1;
  for (let i = hostname.length - 1; i >= 0; i -= 1) {
    const code = hostname.charCodeAt(i);
    if (code === 46 /* '.' */) {
      const start = i + 1;
      let edge = findEdge(node, hash >>> 0, hostname, start, end - start);
      if (edge === -1 && end !== start) edge = wildcardEdge[node]!;
      if (edge === -1) return matchNode !== -1;
      node = edgeChild[edge]!;
      if ((nodeFlags[node]! & allowedMask) !== 0) {
        matchNode = node;
        matchStart = start;
        matchEnd = end;
      }
      end = i;
      hash = 5381;
    } else {
      hash = (hash * 33) ^ code;
    }
  }
  let edge = findEdge(node, hash >>> 0, hostname, 0, end);
  if (edge === -1 && end !== 0) edge = wildcardEdge[node]!;
  if (edge !== -1) {
    node = edgeChild[edge]!;
    if ((nodeFlags[node]! & allowedMask) !== 0) {
      matchNode = node;
      matchStart = 0;
      matchEnd = end;
    }
  }
  return matchNode !== -1;
}

/** tldts's `suffixLookup` (its default export): whether `hostname` has a valid public suffix; fills `out`. */
export default function suffixLookup(hostname: string, options: LookupOptions, out: SuffixResult): boolean {
  if (fastPathLookup(hostname, options, out)) return false;
  if (!loaded) throw new PslUnavailable(`public-suffix data not loaded (${path ?? 'no file'})`);
  const allowedMask = (options.allowPrivateDomains ? 2 : 0) | (options.allowIcannDomains ? 1 : 0);
  if (walk(hostname, exceptionsRoot, allowedMask)) {
    out.isIcann = (nodeFlags[matchNode]! & 1) !== 0;
    out.isPrivate = (nodeFlags[matchNode]! & 2) !== 0;
    out.publicSuffix = hostname.slice(matchEnd + 1);
    return true;
  }
  if (walk(hostname, rulesRoot, allowedMask)) {
    out.isIcann = (nodeFlags[matchNode]! & 1) !== 0;
    out.isPrivate = (nodeFlags[matchNode]! & 2) !== 0;
    out.publicSuffix = hostname.slice(matchStart);
    return false;
  }
  out.isIcann = false;
  out.isPrivate = false;
  const lastDot = hostname.lastIndexOf('.');
  out.publicSuffix = lastDot === -1 ? hostname : hostname.slice(lastDot + 1);
  return false;
}
