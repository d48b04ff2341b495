/**
 * Key-section decoding caps (issue 15, class 10): decoded size is bounded against the input's size and per key,
 * so a small hostile key section cannot expand into hundreds of MB of strings.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeKeyList,
  encodeKeyList,
  KEY_LIST_EXPANSION_FLOOR_BYTES,
  KEY_LIST_MAX_EXPANSION,
  KEY_MAX_BYTES,
} from '../../../../src/core/lists/keys-codec';

describe('key list decoder caps', () => {
  it('refuses a list whose keys all reuse one long prefix (tiny input, huge output)', () => {
    const prefix = 'a'.repeat(3000);
    const keys = Array.from({ length: 20_000 }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
    const bytes = encodeKeyList(keys);
    const decodedSize = keys.reduce((n, k) => n + k.length + 1, 0);
    expect(bytes.length).toBeLessThan(150_000);
    expect(decodedSize).toBeGreaterThan(KEY_LIST_EXPANSION_FLOOR_BYTES + bytes.length * KEY_LIST_MAX_EXPANSION);
    expect(decodeKeyList(bytes)).toBe('keys: too large');
  });

  it('refuses a key longer than KEY_MAX_BYTES', () => {
    expect(decodeKeyList(encodeKeyList(['x'.repeat(KEY_MAX_BYTES + 1)]))).toBe('keys: key too long');
    expect(decodeKeyList(encodeKeyList(['x'.repeat(KEY_MAX_BYTES)]))).toEqual(['x'.repeat(KEY_MAX_BYTES)]);
  });

  it('still decodes realistic lists (URL expressions sharing host prefixes)', () => {
    const keys: string[] = [];
    for (let h = 0; h < 2000; h++) for (let p = 0; p < 5; p++) keys.push(`scam-${String(h).padStart(4, '0')}.example.test/pay/${p}/`);
    keys.sort();
    const decoded = decodeKeyList(encodeKeyList(keys));
    expect(decoded).toEqual(keys);
  });
});
