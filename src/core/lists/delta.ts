import type { Result } from '../types.ts';
import type { Delta, ListErrorCode, ListTable } from './types.ts';

export function diffTables(_a: ListTable, _b: ListTable): Delta {
  throw new Error('TODO');
}
export function applyDelta(_base: ListTable, _delta: Delta): Promise<Result<ListTable, ListErrorCode>> {
  throw new Error('TODO');
}
