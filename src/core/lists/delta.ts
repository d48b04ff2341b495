/**
 * Deltas between two versions of a list: diff (A, B) → {remove, add}; apply (delta, A) → B, verified against
 * B's table and provenance hashes before it is returned. The base table is never touched: the result is built
 * in new buffers, or in buffers of a table the caller recycled (`opts.pool`, pool.ts: the ownership rule is there),
 * by copying the unchanged runs between change points (typed-array `set`). Apply reads the delta as
 * typed columns (delta-columns.ts: a decoded delta already is; a delta of objects is converted and checked).
 *
 * Key strings (when A and B both carry them): the delta also names the keys of removed and of new entries, and
 * the keys-section hashes before and after. Apply checks the base's keys hash, that the removed keys are exactly
 * the removed fingerprints and the new keys exactly the inserted ones (so keys and entries stay one to one:
 * key count == entry count), merges, and checks the result against the target keys hash. The merge runs on the
 * encoded bytes (keys-codec.ts mergeKeyList): no string is made for the base's keys; a base whose keys were never
 * checked against its entries is checked during the same pass (fingerprints computed from the bytes). A delta
 * without keys (format 1), or a base without keys, gives a result without keys.
 */
import { fail, ok, type Result } from '../types.ts';
import type { Delta, DeltaAddition, Fingerprint, ListErrorCode, ListTable } from './types.ts';
import { asCompact, BUCKETS, categoryAt, copySeverities, entryClassAt, forEachHi, locate, probe } from './table.ts';
import { INDEX_BYTES, setEntryClassIds, severityAt, tableSectionLength, viewColumns, type CompactTable } from './table.ts';
import { compareFingerprints } from './fingerprint.ts';
import { NO_PROVENANCE, type RawTuple } from './provenance-codec.ts';
import { mergeProvenance } from './provenance-merge.ts';
import { toListFormat } from './convert.ts';
import { finishTable } from './build.ts';
import { isSafeVersion } from './bytes.ts';
import { sha256Hex } from './hash.ts';
import { compareKeys, isSortedUnique, mergeKeyList, utf8Joined, type KeyBytes } from './keys-codec.ts';
import { listKeys } from './keys.ts';
import { fingerprintBytesInto, fingerprintOf } from './fingerprint.ts';
import type { DeltaKeys } from './types.ts';
import { deltaColumns, type DeltaColumns } from './delta-columns.ts';
import { RecycledTableError, type BufferPool } from './pool.ts';

/** Sorted a \ b for unique string arrays sorted by compareKeys. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let j = 0;
  for (const x of a) {
    while (j < b.length && compareKeys(b[j]!, x) < 0) j++;
    if (j >= b.length || b[j] !== x) out.push(x);
  }
  return out;
}

/** Key changes A → B, or undefined when either side has no keys. Throws on a corrupt keys section. */
function diffKeys(a: ListTable, b: ListTable): DeltaKeys | undefined {
  const ka = listKeys(a);
  const kb = listKeys(b);
  if (!ka.ok || !kb.ok) throw new Error(`cannot diff corrupt key strings: ${ka.ok ? '' : ka.message}${kb.ok ? '' : kb.message}`);
  if (ka.value === null || kb.value === null || a.keysSha256 === null || b.keysSha256 === null) return undefined;
  return { fromSha256: a.keysSha256, toSha256: b.keysSha256, add: minus(kb.value, ka.value), remove: minus(ka.value, kb.value) };
}

function hiColumn(t: CompactTable): Uint32Array {
  const hi = new Uint32Array(t.count);
  forEachHi(t, (i, h) => (hi[i] = h));
  return hi;
}

function addition(fp: Fingerprint, tb: CompactTable, j: number, t: RawTuple): DeltaAddition {
  const base = { fp, category: categoryAt(tb, j), severity: severityAt(tb, j), sources: [...t.sources] };
  return t.firstSeen === null ? base : { ...base, firstSeen: t.firstSeen };
}

/**
 * Delta turning `a` into `b` (same list, same list format: convert `a` first with toListFormat). Changed
 * category/severity/provenance appear as additions (upserts). The delta has the tables' list format.
 */
export function diffTables(a: ListTable, b: ListTable): Delta {
  const ta = asCompact(a);
  const tb = asCompact(b);
  if (ta.listId !== tb.listId) throw new TypeError(`cannot diff list ${ta.listId} against ${tb.listId}`);
  if (ta.format !== tb.format) throw new TypeError(`cannot diff a format-${ta.format} table against format ${tb.format}: convert it first`);
  const hiA = hiColumn(ta);
  const hiB = hiColumn(tb);
  const { tuples: tuplesB, idOfKey: keyToB } = tb.provenance.tupleIndex();
  const keysA = [...ta.provenance.tupleIndex().idOfKey.keys()];
  const sameTuple = keysA.map((key) => keyToB.get(key) ?? -1);
  const add: DeltaAddition[] = [];
  const remove: Fingerprint[] = [];
  const pushAdd = (j: number): void => {
    const tuple = tuplesB[tb.provenance.tupleIdAt(j)] ?? NO_PROVENANCE;
    add.push(addition({ hi: hiB[j]!, lo: tb.lo[j]! }, tb, j, tuple));
  };
  let i = 0;
  let j = 0;
  while (i < ta.count || j < tb.count) {
    const cmp = i >= ta.count ? 1 : j >= tb.count ? -1 : compareFingerprints(hiA[i]!, ta.lo[i]!, hiB[j]!, tb.lo[j]!);
    if (cmp < 0) {
      remove.push({ hi: hiA[i]!, lo: ta.lo[i]! });
      i++;
    } else if (cmp > 0) {
      pushAdd(j++);
    } else {
      const same = entryClassAt(ta, i) === entryClassAt(tb, j) && sameTuple[ta.provenance.tupleIdAt(i)] === tb.provenance.tupleIdAt(j);
      if (!same) pushAdd(j);
      i++;
      j++;
    }
  }
  const keys = diffKeys(ta, tb);
  return {
    format: tb.format,
    listId: ta.listId,
    fromVersion: ta.version,
    toVersion: tb.version,
    fromSha256: ta.sha256,
    toSha256: tb.sha256,
    fromProvenanceSha256: ta.provenanceSha256,
    toProvenanceSha256: tb.provenanceSha256,
    add,
    remove,
    ...(keys ? { keys } : {}),
  };
}

/** The key changes are well formed: keys without '\n', sorted (UTF-8 byte order) and unique. */
export function checkKeyChangesShape(keys: Pick<DeltaKeys, 'add' | 'remove'>): string | null {
  const { add, remove } = keys;
  const isKey = (k: unknown): boolean => typeof k === 'string' && !k.includes('\n');
  if (!add.every(isKey) || !remove.every(isKey)) return 'bad key';
  if (!isSortedUnique(add) || !isSortedUnique(remove)) return 'keys not sorted and unique';
  return null;
}

/** Fingerprints of `keys`, sorted; compared with a sorted fingerprint list. */
function sameFingerprints(keys: readonly string[], fps: readonly Fingerprint[]): boolean {
  if (keys.length !== fps.length) return false;
  const mine = keys.map(fingerprintOf).sort((x, y) => compareFingerprints(x.hi, x.lo, y.hi, y.lo));
  return mine.every((f, i) => f.hi === fps[i]!.hi && f.lo === fps[i]!.lo);
}

/**
 * A per-key check for a base whose keys were never checked against its entries: each key (UTF-8 bytes) must be
 * well-formed and fingerprint to a distinct entry. With the key count equal to the entry count (checked when the
 * section was opened), passing it for every key means keys and entries correspond one to one.
 */
function oneToOneCheck(t: CompactTable): (key: Uint8Array, length: number) => string | null {
  const seen = new Uint8Array(t.count);
  const fp = new Uint32Array(2);
  return (key, length) => {
    if (!fingerprintBytesInto(key, 0, length, fp)) return 'keys: not UTF-8';
    const at = probe(t, fp[0]!, fp[1]!);
    if (at < 0 || seen[at]) return 'keys: a key does not match its own entry of the table';
    seen[at] = 1;
    return null;
  };
}

/** Base keys − removed + added (an encoded key list), checked against the entry changes. */
function applyKeys(
  base: CompactTable,
  c: DeltaColumns,
  keys: DeltaKeys,
  changes: Changes,
): Result<Uint8Array, ListErrorCode> {
  if (keys.fromSha256 !== base.keysSha256) return fail('WRONG_BASE', 'the delta applies to other key strings');
  const section = base.keys;
  if (section === null) return fail('WRONG_BASE', 'the base has no key strings');
  const inserted: Fingerprint[] = [];
  for (let k = 0; k < changes.n; k++) {
    if (changes.kind[k] === INSERT) inserted.push({ hi: c.addHi[changes.add[k]!]!, lo: c.addLo[changes.add[k]!]! });
  }
  const removed = Array.from(c.removeHi, (hi, r) => ({ hi, lo: c.removeLo[r]! }));
  if (!sameFingerprints(keys.remove, removed) || !sameFingerprints(keys.add, inserted)) {
    return fail('CORRUPT', 'the key changes do not match the entry changes');
  }
  let remove: KeyBytes;
  let add: KeyBytes;
  try {
    remove = utf8Joined(keys.remove);
    add = utf8Joined(keys.add);
  } catch (e) {
    return fail('CORRUPT', e instanceof Error ? e.message : 'bad key');
  }
  const verifying = !section.verified;
  const merged = mergeKeyList(section.bytes, remove, add, verifying ? oneToOneCheck(base) : undefined);
  if (typeof merged === 'string') return fail('CORRUPT', merged);
  // every base key was read (the merge fails otherwise), so a base being verified now is
  if (verifying) section.verified = true;
  return ok(merged);
}

const REMOVE = 0;
const INSERT = 1;
const REPLACE = 2;

/**
 * Change points in base order as parallel columns (no object per change): `at` the base position, `kind`
 * REMOVE / INSERT (before `at`) / REPLACE, `add` the index into the delta's additions, or −(removal index + 1).
 */
interface Changes {
  readonly n: number;
  readonly at: Int32Array;
  readonly kind: Uint8Array;
  readonly add: Int32Array;
  /** Base positions that leave (removed or replaced), ascending. */
  readonly gone: number[];
  readonly inserted: number;
  readonly removed: number;
}

/** Probes per pause while planning (a probe is a few cache misses in a 1M table: ~2,000 take ≈ 1–2 ms). */
const PROBES_PER_SLICE = 2048;

/**
 * Change points in base order; null when a removal is not in the base or is also added. `pause` (when given)
 * runs between slices of PROBES_PER_SLICE probes.
 */
async function planChanges(t: CompactTable, d: DeltaColumns, pause?: () => Promise<void>): Promise<Changes | null> {
  const nr = d.removeHi.length;
  const na = d.addHi.length;
  const removalAt = new Int32Array(nr);
  for (let r = 0; r < nr; r++) {
    if (pause && r > 0 && r % PROBES_PER_SLICE === 0) await pause();
    const at = probe(t, d.removeHi[r]!, d.removeLo[r]!);
    if (at < 0) return null;
    removalAt[r] = at;
  }
  const addAt = new Int32Array(na);
  const addKind = new Uint8Array(na);
  for (let a = 0; a < na; a++) {
    if (pause && (nr + a) % PROBES_PER_SLICE === 0) await pause();
    const at = locate(t, d.addHi[a]!, d.addLo[a]!);
    addAt[a] = at >= 0 ? at : -at - 1;
    addKind[a] = at >= 0 ? REPLACE : INSERT;
  }
  const n = nr + na;
  const out = { at: new Int32Array(n), kind: new Uint8Array(n), add: new Int32Array(n) };
  const gone: number[] = [];
  let r = 0;
  let a = 0;
  for (let c = 0; c < n; c++) {
    if (r < nr && a < na && addKind[a] === REPLACE && addAt[a] === removalAt[r]) return null;
    if (a >= na || (r < nr && removalAt[r]! < addAt[a]!)) {
      out.at[c] = removalAt[r]!;
      out.kind[c] = REMOVE;
      out.add[c] = -(++r);
    } else {
      out.at[c] = addAt[a]!;
      out.kind[c] = addKind[a]!;
      out.add[c] = a++;
    }
    if (out.kind[c] !== INSERT) gone.push(out.at[c]!);
  }
  return { n, ...out, gone, inserted: n - gone.length, removed: nr };
}

/** Options of applyDelta. */
export interface ApplyOptions {
  /**
   * Called between slices of the rebuild (about SLICE_ENTRIES entries each) so a caller on a UI or service-worker
   * thread can let other work run; nothing the base or the caller holds changes in between.
   */
  readonly yieldBetweenSlices?: () => Promise<void>;
  /**
   * Where the result's table and provenance sections come from (pool.ts): buffers of tables the caller recycled
   * (BufferPool.recycle), else new ones with a little slack. Without a pool: new buffers of the exact size. Either
   * way the result owns them, so it can be recycled into a pool later.
   */
  readonly pool?: BufferPool;
}

/** Entries copied per slice of the rebuild (≈ 2–4 ms on a slow machine). */
export const SLICE_ENTRIES = 1 << 17;

/**
 * Walks the change points in base order: `copy(from, end, to)` for each unchanged run of base entries (cut at
 * slice ends, with one pause per slice when the options ask for it), `put(c, to)` for each inserted or replacing
 * entry. Shared by the table columns and the provenance ids, which are written in two passes.
 */
async function walkChanges(
  baseCount: number,
  changes: Changes,
  opts: ApplyOptions,
  copy: (from: number, end: number, to: number) => void,
  put: (c: number, to: number) => void,
): Promise<void> {
  let from = 0;
  let to = 0;
  let sliceEnd = SLICE_ENTRIES;
  const copyUntil = async (end: number): Promise<void> => {
    while (opts.yieldBetweenSlices && sliceEnd < end) {
      // a change at the slice's end may already have moved `from` past it
      const cut = Math.max(from, sliceEnd);
      copy(from, cut, to);
      to += cut - from;
      from = cut;
      sliceEnd += SLICE_ENTRIES;
      await opts.yieldBetweenSlices();
    }
    copy(from, end, to);
    to += end - from;
    from = end;
  };
  for (let c = 0; c < changes.n; c++) {
    const at = changes.at[c]!;
    if (opts.yieldBetweenSlices && at > sliceEnd) await copyUntil(at);
    else if (at > from) {
      copy(from, at, to);
      to += at - from;
      from = at;
    }
    const kind = changes.kind[c]!;
    if (kind !== INSERT) from++;
    if (kind !== REMOVE) put(c, to++);
  }
  await copyUntil(baseCount);
}

/** The table section of the result (columns and bucket index). */
async function rebuildColumns(t: CompactTable, d: DeltaColumns, changes: Changes, count: number, opts: ApplyOptions): Promise<Uint8Array> {
  const length = tableSectionLength(count, t.format);
  const section = opts.pool ? opts.pool.take(length) : new Uint8Array(length);
  const out = viewColumns(section, count, t.format);
  // index, lo, mid and the category byte are written whole below; the severity bits are OR-ed into zeros, and the
  // padding must be zero: clear both (the memory may be a recycled table's, pool.ts)
  out.sev.fill(0);
  section.fill(0, INDEX_BYTES + 7 * count + out.sev.length);
  const format3 = t.format === 3;
  const { lo, mid, meta } = t;
  const copy = (from: number, end: number, to: number): void => {
    out.lo.set(lo.subarray(from, end), to);
    out.mid.set(mid.subarray(from, end), to);
    out.meta.set(meta.subarray(from, end), to);
    if (format3) copySeverities(t.sev, from, out.sev, to, end - from);
  };
  const put = (c: number, to: number): void => {
    const a = changes.add[c]!;
    out.lo[to] = d.addLo[a]!;
    out.mid[to] = d.addHi[a]! & 0xffff;
    setEntryClassIds(out, to, d.addCategory[a]!, d.addSeverity[a]!);
  };
  await walkChanges(t.count, changes, opts, copy, put);
  // bucket counts change by the entries inserted into or removed from each bucket
  const bucketDelta = new Int32Array(BUCKETS + 1);
  for (let c = 0; c < changes.n; c++) {
    const kind = changes.kind[c]!;
    if (kind === REMOVE) bucketDelta[(d.removeHi[-changes.add[c]! - 1]! >>> 16) + 1]!--;
    else if (kind === INSERT) bucketDelta[(d.addHi[changes.add[c]!]! >>> 16) + 1]!++;
  }
  let shift = 0;
  for (let b = 0; b <= BUCKETS; b++) {
    shift += bucketDelta[b]!;
    out.index[b] = t.index[b]! + shift;
  }
  return section;
}

/**
 * Builds the result: the table section first, then its hash is started (it runs off this thread, e.g. WebCrypto's
 * worker threads) while the provenance section is merged and its tuple ids written; then both are awaited.
 */
async function rebuild(
  t: CompactTable,
  d: DeltaColumns,
  toVersion: number,
  changes: Changes,
  keys: Uint8Array | null,
  opts: ApplyOptions,
): Promise<CompactTable> {
  const count = t.count + changes.inserted - changes.removed;
  const section = await rebuildColumns(t, d, changes, count, opts);
  await opts.yieldBetweenSlices?.();
  // starting a digest copies the bytes on this thread (WebCrypto), so it is a slice of its own
  const sectionSha = sha256Hex(section);
  await opts.yieldBetweenSlices?.();
  const alloc = opts.pool ? (n: number): Uint8Array => opts.pool!.take(n) : undefined;
  const plan = await mergeProvenance(t.provenance, changes.gone, d, count, opts.yieldBetweenSlices, alloc);
  const ids = plan.layout.ids;
  if (ids) {
    await opts.yieldBetweenSlices?.();
    const copy = (from: number, end: number, to: number): void => t.provenance.mapTupleIds(from, end, plan.baseMap, ids, to, plan.identity);
    const put = (c: number, to: number): void => void (ids[to] = plan.additionIds[changes.add[c]!]!);
    await walkChanges(t.count, changes, opts, copy, put);
  }
  const meta = { listId: t.listId, version: toVersion };
  const owned = [section.buffer as ArrayBuffer, plan.layout.bytes.buffer as ArrayBuffer];
  const result = await finishTable(meta, section, count, plan.layout.bytes, keys, t.format, sectionSha, owned);
  // the next apply on the result (a chain of deltas) needs its reference counts: known here, no pass over the ids
  result.provenance.seedRefCounts(plan.resultRefs);
  return result;
}

/**
 * Applies `delta` to `base` into a new table; `base` is left untouched whatever happens. A delta of the other list
 * format applies to the base converted to its format (toListFormat: a format-2 list migrates to format 3 on its
 * first format-3 delta); the converted base must then have the delta's base hashes like any other (WRONG_BASE).
 * A recycled base (pool.ts) throws RecycledTableError, also when it is recycled while the apply is paused between
 * slices. With `opts.pool`, a result that fails its target hashes goes back to the pool.
 */
export async function applyDelta(
  base: ListTable,
  delta: Delta,
  options: ApplyOptions = {},
): Promise<Result<ListTable, ListErrorCode>> {
  const original = asCompact(base);
  let t = original;
  const pause = options.yieldBetweenSlices;
  // a base recycled during a pause would be read as empty columns: stop at the next slice instead
  const opts: ApplyOptions = pause
    ? {
        ...options,
        yieldBetweenSlices: async () => {
          await pause();
          if (original.recycled || t.recycled) throw new RecycledTableError('delta base');
        },
      }
    : options;
  if (delta.listId !== t.listId) return fail('WRONG_LIST', `delta is for list ${delta.listId}, table is ${t.listId}`);
  const format = delta.format ?? 2;
  if (t.format !== format) {
    const converted = await toListFormat(t, format);
    if (!converted.ok) return fail('WRONG_BASE', `a list format ${format} delta cannot apply here: ${converted.message}`);
    t = converted.value;
  }
  const sameBase = delta.fromSha256 === t.sha256 && delta.fromProvenanceSha256 === t.provenanceSha256;
  if (!sameBase || delta.fromVersion !== t.version) {
    const why = delta.fromVersion === t.version ? `its base hashes are not this format-${t.format} table's` : `the table is version ${t.version}`;
    return fail('WRONG_BASE', `delta applies to version ${delta.fromVersion}: ${why}`);
  }
  if (!isSafeVersion(delta.toVersion)) return fail('CORRUPT', 'bad toVersion');
  const columns = deltaColumns(delta);
  if (typeof columns === 'string') return fail('CORRUPT', columns);
  const keyError = delta.keys === undefined ? null : checkKeyChangesShape(delta.keys);
  if (keyError) return fail('CORRUPT', keyError);
  await opts.yieldBetweenSlices?.();
  if (opts.yieldBetweenSlices) await t.provenance.prepareIndex(opts.yieldBetweenSlices);
  const changes = await planChanges(t, columns, opts.yieldBetweenSlices);
  if (!changes) return fail('CORRUPT', 'delta removes an entry the base does not have');
  await opts.yieldBetweenSlices?.();
  let keys: Uint8Array | null = null;
  if (delta.keys !== undefined && t.keys !== null) {
    const applied = applyKeys(t, columns, delta.keys, changes);
    if (!applied.ok) return applied;
    keys = applied.value;
  }
  // the keys section is hashed once, with the other sections, when the result is wrapped
  const result = await rebuild(t, columns, delta.toVersion, changes, keys, opts);
  if (delta.keys !== undefined && keys !== null && result.keysSha256 !== delta.keys.toSha256) {
    opts.pool?.recycle(result);
    return fail('RESULT_MISMATCH', 'the resulting key strings do not match the delta target hash');
  }
  if (result.sha256 !== delta.toSha256 || result.provenanceSha256 !== delta.toProvenanceSha256) {
    opts.pool?.recycle(result);
    return fail('RESULT_MISMATCH', 'the result does not match the delta target hashes');
  }
  return ok(result);
}
