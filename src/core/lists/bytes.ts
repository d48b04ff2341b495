/** Small helpers for the binary formats (all little-endian). */

export function alignUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/** Bytes over a plain ArrayBuffer at a multiple of 8 (copied only when misaligned or shared). */
export function aligned(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 8 === 0 && bytes.buffer instanceof ArrayBuffer ? bytes : bytes.slice();
}

export function isSafeVersion(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

const MAX_LIST_ID_BYTES = 64;

/** Writes a short UTF-8 id into a fixed field: u32 length + bytes, zero padded. Returns false if too long. */
export function writeListId(view: DataView, bytes: Uint8Array, at: number, listId: string): boolean {
  const encoded = new TextEncoder().encode(listId);
  if (encoded.length > MAX_LIST_ID_BYTES) return false;
  view.setUint32(at, encoded.length, true);
  bytes.set(encoded, at + 4);
  return true;
}

export function readListId(view: DataView, bytes: Uint8Array, at: number): string | null {
  const length = view.getUint32(at, true);
  if (length > MAX_LIST_ID_BYTES) return null;
  for (let i = at + 4 + length; i < at + 4 + MAX_LIST_ID_BYTES; i++) if (bytes[i] !== 0) return null;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at + 4, at + 4 + length));
  } catch {
    return null;
  }
}

export const LIST_ID_FIELD_BYTES = 4 + MAX_LIST_ID_BYTES;
