/**
 * The public-suffix trie of `tldts` (its flat, generated `data/trie.js`: node flags, edges, one string of labels) as
 * one binary file, and back (issue 18). The Chromium worker's wake script does not carry the trie as JavaScript
 * array literals — building four typed arrays from ~50,000 literal numbers and deriving the lookup columns was part
 * of every wake's script evaluation — but fetches this file while its database reads are out
 * (src/background/psl-deferred.ts). Pure; the build writes the file (wxt.config.ts `chromiumDeferredPsl`).
 *
 * Layout (little-endian): "SSPL", format u32 (1), rulesRoot u32, exceptionsRoot u32, nodes u32, edges u32, label
 * bytes u32, reserved u32; edgeStart u16 × (nodes + 1); edgeChild u16 × edges; nodeFlags u8 × nodes; edgeLength
 * u8 × edges; labelText as UTF-8. Every field is checked on decode: a damaged file is an error, never a wrong suffix.
 */
export interface PslTrie {
  readonly nodeFlags: Uint8Array;
  readonly edgeStart: Uint16Array;
  readonly edgeLength: Uint8Array;
  readonly edgeChild: Uint16Array;
  readonly labelText: string;
  readonly rulesRoot: number;
  readonly exceptionsRoot: number;
}

const MAGIC = 0x4c505353; // "SSPL" read as little-endian u32
const FORMAT = 1;
const HEADER = 32;

export function encodePsl(t: PslTrie): Uint8Array {
  const nodes = t.nodeFlags.length;
  const edges = t.edgeLength.length;
  if (t.edgeStart.length !== nodes + 1 || t.edgeChild.length !== edges) throw new Error('inconsistent trie');
  const label = new TextEncoder().encode(t.labelText);
  const size = HEADER + 2 * (nodes + 1) + 2 * edges + nodes + edges + label.length;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  [MAGIC, FORMAT, t.rulesRoot, t.exceptionsRoot, nodes, edges, label.length, 0].forEach((x, i) => v.setUint32(4 * i, x, true));
  let at = HEADER;
  for (const column of [t.edgeStart, t.edgeChild]) {
    for (const x of column) {
      v.setUint16(at, x, true);
      at += 2;
    }
  }
  out.set(t.nodeFlags, at);
  at += nodes;
  out.set(t.edgeLength, at);
  at += edges;
  out.set(label, at);
  return out;
}

export function decodePsl(bytes: Uint8Array): PslTrie {
  const bad = (why: string): never => {
    throw new Error(`public-suffix data: ${why}`);
  };
  if (bytes.length < HEADER) bad('too short');
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const h = Array.from({ length: 8 }, (_, i) => v.getUint32(4 * i, true));
  const [magic, format, rulesRoot, exceptionsRoot, nodes, edges, labelBytes] = h as [number, number, number, number, number, number, number];
  if (magic !== MAGIC) bad('not a public-suffix file');
  if (format !== FORMAT) bad(`format ${format}, expected ${FORMAT}`);
  if (bytes.length !== HEADER + 2 * (nodes + 1) + 2 * edges + nodes + edges + labelBytes) bad('wrong length');
  if (nodes === 0 || rulesRoot >= nodes || exceptionsRoot >= nodes) bad('roots out of range');
  let at = HEADER;
  const edgeStart = new Uint16Array(nodes + 1);
  for (let i = 0; i <= nodes; i++, at += 2) edgeStart[i] = v.getUint16(at, true);
  const edgeChild = new Uint16Array(edges);
  for (let i = 0; i < edges; i++, at += 2) edgeChild[i] = v.getUint16(at, true);
  const nodeFlags = bytes.slice(at, at + nodes);
  at += nodes;
  const edgeLength = bytes.slice(at, at + edges);
  at += edges;
  const labelText = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + labelBytes));
  if (edgeStart[0] !== 0 || edgeStart[nodes] !== edges) bad('edge index out of range');
  for (let i = 0; i < nodes; i++) if (edgeStart[i]! > edgeStart[i + 1]!) bad('edge index not ascending');
  for (let i = 0; i < edges; i++) if (edgeChild[i]! >= nodes) bad('edge to no node');
  let total = 0;
  for (let i = 0; i < edges; i++) total += edgeLength[i]!;
  if (total !== labelText.length) bad('labels do not match their lengths');
  return { nodeFlags, edgeStart, edgeLength, edgeChild, labelText, rulesRoot, exceptionsRoot };
}
