/**
 * The optional key-strings section of a table (layout in keys-codec.ts): one canonical key list with exactly one
 * key per entry. Opening it is O(1) (header checks only); the strings are decoded only when someone asks for them
 * (rule compilation, maintainer stats/diff) and are not kept: lookups never touch this section, and delta apply
 * merges the encoded bytes (keys-codec.ts mergeKeyList) without decoding them.
 */
import { keyListCount, keyListLength } from './keys-codec.ts';

export class KeySection {
  /** True once every key was checked to fingerprint to a distinct entry of its table (or the table was built here). */
  verified: boolean;

  private constructor(
    readonly bytes: Uint8Array,
    readonly sha256: string,
    verified: boolean,
  ) {
    this.verified = verified;
  }

  /** Header checks only. `trusted`: written by this code for this table (no need to re-check the fingerprints). */
  static open(bytes: Uint8Array, sha256: string, entryCount: number, trusted = false): KeySection | string {
    const length = keyListLength(bytes);
    if (typeof length === 'string') return length;
    if (length !== bytes.length) return 'keys: bad length';
    if (keyListCount(bytes) !== entryCount) return 'keys: key count differs from the entry count';
    return new KeySection(bytes, sha256, trusted);
  }
}
