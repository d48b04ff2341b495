/**
 * A key-less snapshot file opened in parts (issue 18, wake8): the worker's wake reads the header and the bucket index
 * (~256 KiB of the ~8 MB of a 1M-entry table), then only the chunks of the table its first lookups need, and the
 * whole file after the first verdict. The file is the one encodeSnapshot writes (no new storage format): a chunk is a
 * range of CHUNK_BUCKETS buckets, i.e. the entries [index[first bucket], index[last bucket + 1]) of each column (lo,
 * mid, category, severity bits, provenance tuple ids) — five byte ranges of the file, read with `read`.
 *
 * The table (a CompactTable over a zero-filled buffer of the full section's size) holds correct data only for the
 * loaded chunks: `covers()` must be true for every bucket a lookup probes (`ensure()` first). The caller (ListStore)
 * refuses a lookup that is not covered — a missing chunk never answers "not listed".
 *
 * Integrity (the contract of decodeSnapshot's `verifyHashes: false, checkEntries: false`, for the worker's own rows
 * only): the header is CRC- and layout-checked like decodeSnapshot's, the bucket index fully checked, the
 * provenance section's structure checked, and each chunk's entries checked when it arrives (order within buckets,
 * category and severity ids, tuple ids); the section hashes are not recomputed here — the caller reads the whole
 * file after the first verdict, decodes it and re-hashes it (verifySnapshotHashes) as for any stored row.
 */
import { fail, ok, type Result } from '../types.ts';
import { BUCKETS, CompactTable, INDEX_BYTES, isValidMeta, LITTLE_ENDIAN, viewColumns } from './table.ts';
import { alignUp, isSafeVersion, readListId } from './bytes.ts';
import { bytesToHex } from './hash.ts';
import { VALID_CATEGORY_ID } from './categories.ts';
import { HEADER_WORDS, idWidthFor } from './provenance-codec.ts';
import { ProvenanceSection } from './provenance-section.ts';
import { checkBucketIndex, checkSnapshotHeader, listFormatOfFile, SNAPSHOT_HEADER_BYTES } from './snapshot.ts';

/** What a wake reads first: the header and the bucket index. */
export const PARTIAL_HEAD_BYTES = SNAPSHOT_HEADER_BYTES + INDEX_BYTES;
/** Buckets per chunk (1,024 chunks; ~1k entries, ~7.5 KB each for 1M entries). */
export const CHUNK_BUCKETS = 64;
export const CHUNKS = BUCKETS / CHUNK_BUCKETS;

/** Reads bytes [from, to) of the file. */
export type ReadRange = (from: number, to: number) => Promise<Uint8Array>;

export class PartialTable {
  private readonly loaded = new Uint8Array(CHUNKS);
  private readonly reading = new Map<number, Promise<void>>();
  private broken: string | null = null;

  constructor(
    readonly table: CompactTable,
    private readonly read: ReadRange,
    /** File offset of the provenance section, and of its tuple ids inside it; bytes per id (0: no ids). */
    private readonly provAt: number,
    private readonly idsAt: number,
    private readonly idWidth: number,
  ) {}

  /** Chunks loaded so far (tests, diagnostics). */
  get loadedChunks(): number {
    return this.loaded.reduce((n, x) => n + x, 0);
  }

  /** True when every bucket in `buckets` is loaded (lookups probing only these are exact). */
  covers(buckets: Iterable<number>): boolean {
    for (const b of buckets) if (this.loaded[b >>> 6] !== 1) return false;
    return true;
  }

  /** Loads the chunks of `buckets`. Rejects when a read fails or a chunk fails its checks (then always). */
  async ensure(buckets: Iterable<number>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const b of buckets) {
      const c = b >>> 6;
      if (this.loaded[c] === 1) continue;
      let r = this.reading.get(c);
      if (!r) {
        r = this.loadChunk(c);
        this.reading.set(c, r);
        void r.catch(() => undefined).finally(() => this.reading.delete(c));
      }
      waits.push(r);
    }
    await Promise.all(waits);
    if (this.broken) throw new Error(this.broken);
  }

  /** Resolves when no chunk read is in flight. */
  async idle(): Promise<void> {
    while (this.reading.size) await Promise.allSettled([...this.reading.values()]);
  }

  private async loadChunk(c: number): Promise<void> {
    if (this.broken) throw new Error(this.broken);
    const t = this.table;
    const n = t.count;
    const s = t.index[c * CHUNK_BUCKETS]!;
    const e = t.index[(c + 1) * CHUNK_BUCKETS]!;
    if (e > s) {
      const col = SNAPSHOT_HEADER_BYTES + INDEX_BYTES; // file offset of the lo column
      const sevFrom = s >>> 2;
      const sevTo = (e + 3) >>> 2;
      const w = this.idWidth;
      const [lo, mid, meta, sev, ids] = await Promise.all([
        this.read(col + 4 * s, col + 4 * e),
        this.read(col + 4 * n + 2 * s, col + 4 * n + 2 * e),
        this.read(col + 6 * n + s, col + 6 * n + e),
        t.format === 3 ? this.read(col + 7 * n + sevFrom, col + 7 * n + sevTo) : Promise.resolve(new Uint8Array(0)),
        w > 0 ? this.read(this.provAt + this.idsAt + w * s, this.provAt + this.idsAt + w * e) : Promise.resolve(new Uint8Array(0)),
      ]);
      const sizes = [lo.length === 4 * (e - s), mid.length === 2 * (e - s), meta.length === e - s, sev.length === (t.format === 3 ? sevTo - sevFrom : 0), ids.length === w * (e - s)];
      if (sizes.includes(false)) return this.fail(`chunk ${c}: short read`);
      const section = t.section;
      section.set(lo, INDEX_BYTES + 4 * s);
      section.set(mid, INDEX_BYTES + 4 * n + 2 * s);
      section.set(meta, INDEX_BYTES + 6 * n + s);
      if (t.format === 3) section.set(sev, INDEX_BYTES + 7 * n + sevFrom);
      if (w > 0) t.provenance.bytes.set(ids, this.idsAt + w * s);
      const problem = checkChunk(t, c, s, e);
      if (problem) return this.fail(`chunk ${c}: ${problem}`);
    }
    this.loaded[c] = 1;
  }

  private fail(reason: string): never {
    this.broken = reason;
    throw new Error(reason);
  }
}

/** The per-entry checks of decodeSnapshot (snapshot.ts checkColumns, provenance ids) for the entries [s, e) of chunk c. */
function checkChunk(t: CompactTable, c: number, s: number, e: number): string | null {
  for (let b = c * CHUNK_BUCKETS; b < (c + 1) * CHUNK_BUCKETS; b++) {
    for (let i = t.index[b]! + 1; i < t.index[b + 1]!; i++) {
      const dm = t.mid[i]! - t.mid[i - 1]!;
      if (dm < 0 || (dm === 0 && t.lo[i]! <= t.lo[i - 1]!)) return 'fingerprints not sorted';
    }
  }
  for (let i = s; i < e; i++) {
    if (t.format === 2 ? !isValidMeta(t.meta[i]!) : VALID_CATEGORY_ID[t.meta[i]!] !== 1) return 'bad category';
    if (t.format === 3 && ((t.sev[i >>> 2]! >>> ((i & 3) << 1)) & 3) === 3) return 'bad severity';
    if (t.provenance.tupleIdAt(i) < 0) return 'bad tuple id';
  }
  return null;
}

/**
 * The ranges [from, to) of a key-less snapshot file that openPartial reads before any chunk: header + bucket index,
 * the provenance section's front (header words, offsets, tuples) and its strings. Stored next to the file so that a
 * wake issues them all at once (openPartial reads the same bytes through them). Null for bytes it cannot parse.
 */
export function wakeRangesOf(file: Uint8Array): [number, number][] | null {
  if (file.length < PARTIAL_HEAD_BYTES) return null;
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const count = view.getUint32(24, true);
  const provAt = view.getUint32(40, true);
  const provLength = view.getUint32(44, true);
  if (provAt + provLength > file.length || provLength < 4 * HEADER_WORDS) return null;
  const w = (i: number): number => view.getUint32(provAt + 4 * i, true);
  const idsAt = 4 * (HEADER_WORDS + w(1) + 1 + w(2) + 1 + w(5));
  const stringsAt = alignUp(idsAt + w(3) * count, 4);
  if (stringsAt > provLength) return null;
  return [
    [0, PARTIAL_HEAD_BYTES],
    [provAt, provAt + idsAt],
    [provAt + stringsAt, provAt + provLength],
  ];
}

/**
 * Opens a key-less snapshot file of `fileLength` bytes from `head` (its first PARTIAL_HEAD_BYTES, or the whole
 * file when shorter) and `read`: the header and index checks, then the provenance section's header, tuples and
 * strings (small) are read; the columns are read per chunk by `ensure`. Fails (the caller reads the whole file)
 * on any problem, and for a file with key strings (the wake's rows have none).
 */
export async function openPartial(head: Uint8Array, fileLength: number, read: ReadRange): Promise<Result<PartialTable>> {
  if (!LITTLE_ENDIAN) return fail('CORRUPT', 'big-endian hosts are not supported');
  if (head.length < Math.min(PARTIAL_HEAD_BYTES, fileLength)) return fail('BAD_LENGTH', 'short head');
  if (head.byteOffset % 8 !== 0) head = head.slice();
  const headerError = checkSnapshotHeader(head, fileLength);
  if (headerError) return fail('CORRUPT', headerError);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const u32 = (at: number): number => view.getUint32(at, true);
  if (u32(224) !== 0) return fail('CORRUPT', 'has a keys section');
  const count = u32(24);
  const format = listFormatOfFile(u32(8));
  const version = view.getFloat64(16, true);
  const listId = readListId(view, head, 52);
  if (!isSafeVersion(version) || listId === null) return fail('CORRUPT', 'bad list id or version');
  const provAt = u32(40);
  const provLength = u32(44);
  const section = new Uint8Array(provAt - SNAPSHOT_HEADER_BYTES);
  section.set(head.subarray(SNAPSHOT_HEADER_BYTES, SNAPSHOT_HEADER_BYTES + INDEX_BYTES));
  const indexError = checkBucketIndex(viewColumns(section, count, format));
  if (indexError) return fail('CORRUPT', indexError);
  // The provenance section: header words, string and tuple offsets, tuple words | ids (per chunk) | strings.
  if (provLength < 4 * HEADER_WORDS) return fail('CORRUPT', 'provenance: bad length');
  const words = await read(provAt, provAt + 4 * HEADER_WORDS);
  if (words.length !== 4 * HEADER_WORDS) return fail('BAD_LENGTH', 'short read');
  const h = new DataView(words.buffer, words.byteOffset, words.byteLength);
  const [stringCount, tupleCount, width, stringBytes, tupleWords] = [1, 2, 3, 4, 5].map((i) => h.getUint32(4 * i, true)) as [number, number, number, number, number];
  if (width !== idWidthFor(tupleCount)) return fail('CORRUPT', 'provenance: bad id width');
  const idsAt = 4 * (HEADER_WORDS + stringCount + 1 + tupleCount + 1 + tupleWords);
  const stringsAt = alignUp(idsAt + width * count, 4);
  if (idsAt > provLength || alignUp(stringsAt + stringBytes, 8) !== provLength) return fail('CORRUPT', 'provenance: bad length');
  const [front, strings] = await Promise.all([read(provAt, provAt + idsAt), read(provAt + stringsAt, provAt + provLength)]);
  if (front.length !== idsAt || strings.length !== provLength - stringsAt) return fail('BAD_LENGTH', 'short read');
  const provBytes = new Uint8Array(provLength);
  provBytes.set(front, 0);
  provBytes.set(strings, stringsAt);
  const provSha = bytesToHex(head.subarray(192, 224));
  // trusted: the ids are not loaded yet (zero); each chunk's are checked when it arrives.
  const prov = ProvenanceSection.open(provBytes, provSha, count, true);
  if (typeof prov === 'string') return fail('CORRUPT', prov);
  const table = new CompactTable(listId, version, bytesToHex(head.subarray(160, 192)), section, prov, count, null, format);
  return ok(new PartialTable(table, read, provAt, idsAt, width));
}
