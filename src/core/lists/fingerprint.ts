import type { Fingerprint } from './types.ts';

export function fingerprintOf(_key: string): Fingerprint {
  throw new Error('TODO');
}
