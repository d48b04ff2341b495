import type { ListEntryInput, ListTable } from './types.ts';

export function buildTable(_entries: ListEntryInput[], _meta: { listId: string; version: number }): Promise<ListTable> {
  throw new Error('TODO');
}

/** Canonical state hash (= table.sha256): depends only on the set of fingerprints and their category/severity. */
export function stateHash(table: ListTable): string {
  return table.sha256;
}
