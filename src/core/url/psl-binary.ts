/**
 * The public-suffix trie of `tldts` (its flat, generated `data/trie.js`: node flags, edges, one string of labels) as
 * one binary file, and back (issue 18). The Chromium worker's wake script does not carry the trie as JavaScript
 * array literals — building four typed arrays from ~50,000 literal numbers and deriving tldts's lookup columns was
 * part of every wake's script evaluation — but fetches this file while its database reads are out
 * (src/background/psl-deferred.ts). The columns tldts derives at load (each label's offset in the label string, its
 * djb2 hash, each node's '*' edge) are computed here, at build time, so a wake only makes typed-array views of the
 * file. Pure; the build writes the file (wxt.config.ts `chromiumDeferredPsl`).
 *
 * Layout (little-endian, every column aligned to its element size): "SSPL", format u32 (2), rulesRoot, exceptionsRoot,
 * nodes, edges, label bytes, reserved (u32 each); edgeHash u32 × edges; edgeOffset u32 × edges; wildcardEdge i32 ×
 * nodes; edgeStart u16 × (nodes + 1); edgeChild u16 × edges (padded to 4 bytes); nodeFlags u8 × nodes; edgeLength
 * u8 × edges; labelText as UTF-8. The structure is checked on decode (lengths, roots, every index in range): a
 * damaged file is an error, not a lookup that reads past its arrays.
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

/** The trie with tldts's derived lookup columns. */
export interface PslTable extends PslTrie {
  readonly edgeOffset: Uint32Array;
  readonly edgeHash: Uint32Array;
  readonly wildcardEdge: Int32Array;
}

const MAGIC = 0x4c505353; // "SSPL" read as little-endian u32
const FORMAT = 2;
const HEADER = 32;

/** tldts's derivation (its suffix-trie.js, at module load): label offsets, djb2 hashes (of the label read from its
 *  end), each node's '*' edge or -1. */
export function deriveColumns(t: PslTrie): PslTable {
  const nodes = t.nodeFlags.length;
  const edges = t.edgeLength.length;
  const edgeOffset = new Uint32Array(edges);
  const edgeHash = new Uint32Array(edges);
  const wildcardEdge = new Int32Array(nodes).fill(-1);
  for (let node = 0, offset = 0; node < nodes; node += 1) {
    for (let edge = t.edgeStart[node]!; edge < t.edgeStart[node + 1]!; edge += 1) {
      edgeOffset[edge] = offset;
      const end = offset + t.edgeLength[edge]!;
      let hash = 5381;
      for (let i = end - 1; i >= offset; i -= 1) hash = (hash * 33) ^ t.labelText.charCodeAt(i);
      edgeHash[edge] = hash >>> 0;
      if (t.edgeLength[edge] === 1 && t.labelText.charCodeAt(offset) === 42 /* '*' */) wildcardEdge[node] = edge;
      offset = end;
    }
  }
  return { ...t, edgeOffset, edgeHash, wildcardEdge };
}

const pad4 = (n: number): number => (n + 3) & ~3;

function layout(nodes: number, edges: number, labelBytes: number) {
  const edgeHash = HEADER;
  const edgeOffset = edgeHash + 4 * edges;
  const wildcardEdge = edgeOffset + 4 * edges;
  const edgeStart = wildcardEdge + 4 * nodes;
  const edgeChild = edgeStart + 2 * (nodes + 1);
  const nodeFlags = pad4(edgeChild + 2 * edges);
  const edgeLength = nodeFlags + nodes;
  const label = edgeLength + edges;
  return { edgeHash, edgeOffset, wildcardEdge, edgeStart, edgeChild, nodeFlags, edgeLength, label, size: label + labelBytes };
}

export function encodePsl(trie: PslTrie): Uint8Array {
  const t = deriveColumns(trie);
  const nodes = t.nodeFlags.length;
  const edges = t.edgeLength.length;
  if (t.edgeStart.length !== nodes + 1 || t.edgeChild.length !== edges) throw new Error('inconsistent trie');
  const label = new TextEncoder().encode(t.labelText);
  const at = layout(nodes, edges, label.length);
  const out = new Uint8Array(at.size);
  const v = new DataView(out.buffer);
  [MAGIC, FORMAT, t.rulesRoot, t.exceptionsRoot, nodes, edges, label.length, 0].forEach((x, i) => v.setUint32(4 * i, x, true));
  t.edgeHash.forEach((x, i) => v.setUint32(at.edgeHash + 4 * i, x, true));
  t.edgeOffset.forEach((x, i) => v.setUint32(at.edgeOffset + 4 * i, x, true));
  t.wildcardEdge.forEach((x, i) => v.setInt32(at.wildcardEdge + 4 * i, x, true));
  t.edgeStart.forEach((x, i) => v.setUint16(at.edgeStart + 2 * i, x, true));
  t.edgeChild.forEach((x, i) => v.setUint16(at.edgeChild + 2 * i, x, true));
  out.set(t.nodeFlags, at.nodeFlags);
  out.set(t.edgeLength, at.edgeLength);
  out.set(label, at.label);
  return out;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The table in `bytes`: typed-array views of it (a copy only when `bytes` is not 4-byte aligned). */
export function decodePsl(input: Uint8Array): PslTable {
  const bad = (why: string): never => {
    throw new Error(`public-suffix data: ${why}`);
  };
  if (!LITTLE_ENDIAN) bad('this platform is big-endian');
  if (input.length < HEADER) bad('too short');
  const bytes = input.byteOffset % 4 === 0 ? input : input.slice();
  const buf = bytes.buffer;
  const base = bytes.byteOffset;
  const [magic, format, rulesRoot, exceptionsRoot, nodes, edges, labelBytes] = new Uint32Array(buf, base, 8) as unknown as number[];
  if (magic !== MAGIC) bad('not a public-suffix file');
  if (format !== FORMAT) bad(`format ${format}, expected ${FORMAT}`);
  const at = layout(nodes!, edges!, labelBytes!);
  if (bytes.length !== at.size) bad('wrong length');
  if (nodes === 0 || rulesRoot! >= nodes! || exceptionsRoot! >= nodes!) bad('roots out of range');
  const t: PslTable = {
    rulesRoot: rulesRoot!,
    exceptionsRoot: exceptionsRoot!,
    edgeHash: new Uint32Array(buf, base + at.edgeHash, edges),
    edgeOffset: new Uint32Array(buf, base + at.edgeOffset, edges),
    wildcardEdge: new Int32Array(buf, base + at.wildcardEdge, nodes),
    edgeStart: new Uint16Array(buf, base + at.edgeStart, nodes! + 1),
    edgeChild: new Uint16Array(buf, base + at.edgeChild, edges),
    nodeFlags: new Uint8Array(buf, base + at.nodeFlags, nodes),
    edgeLength: new Uint8Array(buf, base + at.edgeLength, edges),
    labelText: new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(buf, base + at.label, labelBytes)),
  };
  // Every index a lookup follows stays inside its array.
  if (t.edgeStart[0] !== 0 || t.edgeStart[nodes!] !== edges) bad('edge index out of range');
  for (let i = 0; i < nodes!; i++) {
    if (t.edgeStart[i]! > t.edgeStart[i + 1]!) bad('edge index not ascending');
    const w = t.wildcardEdge[i]!;
    if (w < -1 || w >= edges!) bad('wildcard edge out of range');
  }
  const labels = t.labelText.length;
  for (let i = 0; i < edges!; i++) {
    if (t.edgeChild[i]! >= nodes!) bad('edge to no node');
    if (t.edgeOffset[i]! + t.edgeLength[i]! > labels) bad('label out of range');
  }
  return t;
}
