import type { Result } from '../types.ts';
import type { Delta, ListErrorCode } from './types.ts';

export function encodeDelta(_d: Delta): Uint8Array {
  throw new Error('TODO');
}
export function decodeDelta(_bytes: Uint8Array): Result<Delta, ListErrorCode> {
  throw new Error('TODO');
}
