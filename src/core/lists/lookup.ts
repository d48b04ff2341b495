import type { ListMatch, ListTable } from './types.ts';

export function lookup(_table: ListTable, _url: string): ListMatch | null {
  throw new Error('TODO');
}
export function lookupBatch(_table: ListTable, _urls: readonly string[]): (ListMatch | null)[] {
  throw new Error('TODO');
}
export function lookupKey(_table: ListTable, _key: string): ListMatch | null {
  throw new Error('TODO');
}
