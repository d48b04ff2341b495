import type { ListTable, Provenance } from './types.ts';
import { asCompact } from './table.ts';
import { positionOfKey } from './lookup.ts';

/** First-seen date and sources of a listed key; null when the key is not in the table. Decoded on demand. */
export function provenanceOf(table: ListTable, key: string): Provenance | null {
  const t = asCompact(table);
  const pos = positionOfKey(t, key);
  return pos < 0 ? null : t.provenance.at(pos);
}
