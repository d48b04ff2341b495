/**
 * The key strings of a table (from its optional keys section), and its entries with them. Decoded on demand,
 * never cached: a 1M-entry list as JS strings is ~60 MB, so callers take what they need and let it go.
 */
import { fail, ok, type Result } from '../types.ts';
import type { ListEntryInput, ListErrorCode, ListTable } from './types.ts';
import { asCompact, categoryAt, CompactTable, probe, severityAt } from './table.ts';
import { decodeKeyList, keyListCount } from './keys-codec.ts';
import { fingerprintInto } from './fingerprint.ts';

const fp = new Uint32Array(2);

/** Position of each key in the table; null when a key is not in it or two keys share an entry. */
function positionsOf(t: CompactTable, keys: readonly string[]): Uint32Array | null {
  const positions = new Uint32Array(keys.length);
  const seen = new Uint8Array(t.count);
  for (let i = 0; i < keys.length; i++) {
    fingerprintInto(keys[i]!, fp);
    const at = probe(t, fp[0]!, fp[1]!);
    if (at < 0 || seen[at]) return null;
    seen[at] = 1;
    positions[i] = at;
  }
  return positions;
}

function decodeChecked(t: CompactTable): Result<{ keys: string[]; positions: Uint32Array | null } | null, ListErrorCode> {
  if (t.keys === null) return ok(null);
  const keys = decodeKeyList(t.keys.bytes);
  if (typeof keys === 'string') return fail('CORRUPT', keys);
  if (keys.length !== t.count) return fail('CORRUPT', 'keys: key count differs from the entry count');
  if (t.keys.verified) return ok({ keys, positions: null });
  const positions = positionsOf(t, keys);
  if (!positions) return fail('CORRUPT', 'keys: a key does not match its own entry of the table');
  t.keys.verified = true;
  return ok({ keys, positions });
}

/**
 * The table's keys, sorted (UTF-8 byte order = code point order, see compareKeys in keys-codec.ts); ok(null) when the table carries none (format-1 files).
 * The first call on a table also checks that the keys and the entries correspond one to one (O(n) fingerprints).
 */
export function listKeys(table: ListTable): Result<readonly string[] | null, ListErrorCode> {
  const r = decodeChecked(asCompact(table));
  return r.ok ? ok(r.value?.keys ?? null) : r;
}

/** Whether the table carries key strings (no decoding). */
/**
 * The same table without its key-strings section (lookups, hashes and provenance unchanged; `keysSha256` null).
 * What a worker keeps in memory and re-opens at each wake: the key strings are only needed for rule compiles.
 */
export function withoutKeys(table: ListTable): ListTable {
  const t = asCompact(table);
  return t.keys === null ? t : new CompactTable(t.listId, t.version, t.sha256, t.section, t.provenance, t.count, null, t.format);
}

export function hasKeys(table: ListTable): boolean {
  return asCompact(table).keys !== null;
}

/** Number of key strings the table carries (from the section header, no decoding); null without keys. */
export function keyCount(table: ListTable): number | null {
  const keys = asCompact(table).keys;
  return keys === null ? null : keyListCount(keys.bytes);
}

/** Every entry with its key, category, severity and provenance (sorted by key); ok(null) without keys. */
export function listEntries(table: ListTable): Result<ListEntryInput[] | null, ListErrorCode> {
  const t = asCompact(table);
  const r = decodeChecked(t);
  if (!r.ok || r.value === null) return r.ok ? ok(null) : r;
  const { keys } = r.value;
  const positions = r.value.positions ?? positionsOf(t, keys);
  if (!positions) return fail('CORRUPT', 'keys: a key does not match its own entry of the table');
  return ok(
    keys.map((key, i) => {
      const at = positions[i]!;
      const prov = t.provenance.at(at);
      const entry: ListEntryInput = { key, category: categoryAt(t, at), severity: severityAt(t, at), sources: prov.sources };
      if (prov.firstSeen !== undefined) entry.firstSeen = prov.firstSeen;
      return entry;
    }),
  );
}
