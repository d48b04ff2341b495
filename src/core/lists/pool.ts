/**
 * Reusing a retired table's memory for the next delta apply (issue 18, `delta_10k_apply_ms`). A 10k-change delta
 * on a 1M-entry list writes a new ~7.5 MB table section and ~2.3 MB provenance section; on a VM where a fresh page
 * costs ~10 µs to fault in, new buffers are most of an apply. A BufferPool hands an apply buffers a retired table
 * no longer needs.
 *
 * Ownership rule (the caller's side of the contract):
 *   - `applyDelta(base, delta, { pool })` takes the result's table and provenance sections from `pool` (or makes new
 *     buffers, with a little slack so a slightly larger result fits next time). The result OWNS those buffers.
 *   - `pool.recycle(table)` ends `table`: call it only once nothing reads it any more (after the swap, when no
 *     reader that captured the table is still running). The table is marked dead; the buffers it owns are
 *     detached (ArrayBuffer transfer: every view of them, in this table or in a table derived from it such as
 *     `withoutKeys(table)`, becomes empty) and their memory goes to the pool, where the next apply overwrites it.
 *   - Use after recycle is detected, never silent: every engine entry point (lookup, lookupKey, provenanceOf,
 *     listKeys, encodeSnapshot, applyDelta, diffTables…) goes through asCompact, which throws RecycledTableError
 *     for a dead table or one whose memory was detached; an apply whose base is recycled while the apply is
 *     paused between slices throws at its next slice. A reader holding raw column views sees empty arrays, never
 *     another table's entries.
 *   - A table that does not own its buffers (decodeSnapshot's views the caller's snapshot bytes; buildTable's,
 *     partial tables, converted or key-less copies) is only marked dead: nothing is detached or reused.
 *   - Recycling twice is a no-op (memory is never handed out twice).
 * Integrity does not depend on the pool: a result is hashed and compared with the delta's target hashes exactly as
 * with new buffers; every byte of a section is written (or zeroed) by the apply, whatever the reused memory held.
 */
import type { ListTable } from './types.ts';

/** A table (or a table derived from one) whose memory was handed back with BufferPool.recycle. */
export class RecycledTableError extends Error {
  constructor(what = 'table') {
    super(`this list ${what} was recycled (BufferPool.recycle): its memory belongs to a newer table`);
    this.name = 'RecycledTableError';
  }
}

/** What a table exposes to the pool (CompactTable implements it; kept structural to avoid an import cycle). */
export interface Recyclable {
  /** Buffers only this table's views use (empty when it owns none). */
  readonly ownedBuffers: readonly ArrayBuffer[];
  /** Marks the table dead; returns false when it already was. */
  retire(): boolean;
}

/** Extra capacity of a new pooled buffer: 1/32 + one 64 KiB step (a 1M list's sections grow ~0.3 % per 10k delta). */
function withSlack(length: number): number {
  const step = 1 << 16;
  return Math.ceil((length + length / 32) / step) * step + step;
}

/** Moves `buffer`'s memory into a new ArrayBuffer (no copy) and detaches `buffer` and every view of it. */
function detach(buffer: ArrayBuffer): ArrayBuffer {
  const transfer = (buffer as { transfer?: () => ArrayBuffer }).transfer;
  return typeof transfer === 'function' ? transfer.call(buffer) : structuredClone(buffer, { transfer: [buffer] });
}

export class BufferPool {
  private readonly free: ArrayBuffer[] = [];

  /** `maxBuffers`: buffers kept at most (the largest are kept; a 1M list's apply takes two). */
  constructor(readonly maxBuffers = 4) {}

  /** Bytes held for the next apply. */
  get heldBytes(): number {
    return this.free.reduce((n, b) => n + b.byteLength, 0);
  }

  get heldBuffers(): number {
    return this.free.length;
  }

  /**
   * A view of `length` bytes at offset 0 of a pooled buffer (the smallest that fits and is at most a quarter larger
   * than a new one would be) or of a new one with slack. Its contents are unspecified: the caller writes or zeroes every byte.
   */
  take(length: number): Uint8Array {
    let best = -1;
    const most = withSlack(length) + (length >>> 2);
    for (let i = 0; i < this.free.length; i++) {
      const n = this.free[i]!.byteLength;
      if (n >= length && n <= most && (best < 0 || n < this.free[best]!.byteLength)) best = i;
    }
    if (best < 0) return new Uint8Array(new ArrayBuffer(withSlack(length)), 0, length);
    const [buffer] = this.free.splice(best, 1);
    return new Uint8Array(buffer!, 0, length);
  }

  /**
   * Ends `table` (see the ownership rule above): marks it dead and moves the memory of the buffers it owns into
   * the pool. Returns the bytes taken in (0 for a table owning nothing, or one already recycled).
   */
  recycle(table: ListTable): number {
    const t = table as Partial<Recyclable>;
    if (typeof t.retire !== 'function' || !t.ownedBuffers) throw new TypeError('not a table made by the list engine');
    if (!t.retire()) return 0;
    let taken = 0;
    for (const buffer of t.ownedBuffers) {
      if (buffer.byteLength === 0) continue; // already detached
      const moved = detach(buffer);
      taken += moved.byteLength;
      this.free.push(moved);
    }
    if (this.free.length > this.maxBuffers) {
      this.free.sort((a, b) => b.byteLength - a.byteLength);
      this.free.length = this.maxBuffers;
    }
    return taken;
  }

  /** Drops what the pool holds (the memory is then freed like any garbage). */
  clear(): void {
    this.free.length = 0;
  }
}
