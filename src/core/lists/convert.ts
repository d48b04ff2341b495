/**
 * Conversion between list formats (table.ts): the same entries, provenance and key strings in the other table
 * layout, with its own table hash. Used to migrate a stored format-2 list when a format-3 delta arrives (and a
 * format-3 base when a feed still offers a format-2 delta), and by the maintainer to diff its last published
 * format-2 state against a new format-3 build. Pure; the result is verified only in that it is built from a verified
 * table: its hash is recomputed, and a delta applied to it must still match the delta's base hashes.
 */
import { fail, ok, type Result } from '../types.ts';
import { CompactTable, INDEX_BYTES, categoryAt, setEntryClass, severityAt, tableSectionLength, viewColumns } from './table.ts';
import type { ListFormat } from './table.ts';
import { categoryId, FORMAT2_MAX_CATEGORY_ID } from './categories.ts';
import { sha256Hex } from './hash.ts';
import type { ListErrorCode, ListTable } from './types.ts';
import { asCompact } from './table.ts';

/** `table` in list format `format` (itself when it already is); fails when format 2 cannot express a category. */
export async function toListFormat(table: ListTable, format: ListFormat): Promise<Result<CompactTable, ListErrorCode>> {
  const t = asCompact(table);
  if (t.format === format) return ok(t);
  const section = new Uint8Array(tableSectionLength(t.count, format));
  // index, lo and mid have the same layout in both formats
  section.set(t.section.subarray(0, INDEX_BYTES + 6 * t.count));
  const out = viewColumns(section, t.count, format);
  for (let i = 0; i < t.count; i++) {
    const category = categoryAt(t, i);
    if (format === 2 && categoryId(category) > FORMAT2_MAX_CATEGORY_ID) {
      return fail('BAD_FORMAT_VERSION', `list format 2 cannot hold category "${category}"`);
    }
    setEntryClass(out, i, category, severityAt(t, i));
  }
  const sha = await sha256Hex(section);
  return ok(new CompactTable(t.listId, t.version, sha, section, t.provenance, t.count, t.keys, format));
}
