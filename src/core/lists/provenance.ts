import type { ListTable, Provenance } from './types.ts';

export function provenanceOf(_table: ListTable, _key: string): Provenance | null {
  throw new Error('TODO');
}
