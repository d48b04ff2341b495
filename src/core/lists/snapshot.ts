import type { Result } from '../types.ts';
import type { ListErrorCode, ListTable } from './types.ts';

export function encodeSnapshot(_table: ListTable): Uint8Array {
  throw new Error('TODO');
}
export function decodeSnapshot(_bytes: Uint8Array): Promise<Result<ListTable, ListErrorCode>> {
  throw new Error('TODO');
}
