/**
 * A delta's entry changes as typed columns: what applyDelta works on. decodeDelta builds them straight from the
 * file's columns (no object per change) and hands out the `add` / `remove` objects of the `Delta` only when a caller
 * reads them (then built once, frozen, so they can never disagree with the columns). A `Delta` made some other way
 * (diffTables, a test) is turned into columns by `deltaColumns`, which also checks its shape.
 */
import { isCategory, SEVERITIES } from '../types.ts';
import type { Delta, DeltaAddition, Fingerprint } from './types.ts';
import { categoryId, categoryOfId, severityId, severityOfId } from './categories.ts';
import { NO_PROVENANCE, type RawTuple } from './provenance-codec.ts';
import type { ProvenanceSection } from './provenance-section.ts';

/** Provenance of each addition: tuple(addTuple[k]), −1 meaning none. Tuples may be shared by several additions. */
export interface AdditionTuples {
  readonly addTuple: Int32Array;
  readonly tupleCount: number;
  tuple(id: number): RawTuple;
  /** The decoded delta's provenance section (tuple ids index its tuples): lets tuples be matched by string ids. */
  readonly section?: ProvenanceSection;
}

export interface DeltaColumns extends AdditionTuples {
  /** Removed fingerprints, sorted and unique. */
  readonly removeHi: Uint32Array;
  readonly removeLo: Uint32Array;
  /** Added (or changed) fingerprints, sorted and unique, with their category and severity ids (categories.ts). */
  readonly addHi: Uint32Array;
  readonly addLo: Uint32Array;
  readonly addCategory: Uint8Array;
  readonly addSeverity: Uint8Array;
}

const attached = new WeakMap<Delta, DeltaColumns>();

function isUint32(n: unknown): boolean {
  return typeof n === 'number' && n >>> 0 === n;
}

function sortedUnique(hi: Uint32Array, lo: Uint32Array): boolean {
  for (let k = 1; k < hi.length; k++) {
    if (hi[k - 1]! > hi[k]! || (hi[k - 1] === hi[k] && lo[k - 1]! >= lo[k]!)) return false;
  }
  return true;
}

/** Columns of a delta made of objects; a reason string when an entry is malformed or the order is wrong. */
function fromObjects(d: Delta): DeltaColumns | string {
  const nr = d.remove.length;
  const na = d.add.length;
  const removeHi = new Uint32Array(nr);
  const removeLo = new Uint32Array(nr);
  for (let r = 0; r < nr; r++) {
    const f = d.remove[r]!;
    if (!isUint32(f.hi) || !isUint32(f.lo)) return 'bad fingerprint';
    removeHi[r] = f.hi;
    removeLo[r] = f.lo;
  }
  const addHi = new Uint32Array(na);
  const addLo = new Uint32Array(na);
  const addCategory = new Uint8Array(na);
  const addSeverity = new Uint8Array(na);
  const tuples: RawTuple[] = [];
  const addTuple = new Int32Array(na);
  for (let a = 0; a < na; a++) {
    const e = d.add[a]!;
    if (!isUint32(e.fp.hi) || !isUint32(e.fp.lo) || !isCategory(e.category) || !SEVERITIES.includes(e.severity)) {
      return 'bad addition';
    }
    addHi[a] = e.fp.hi;
    addLo[a] = e.fp.lo;
    addCategory[a] = categoryId(e.category);
    addSeverity[a] = severityId(e.severity);
    addTuple[a] = tuples.length;
    tuples.push({ firstSeen: e.firstSeen ?? null, sources: e.sources ?? [] });
  }
  if (!sortedUnique(removeHi, removeLo) || !sortedUnique(addHi, addLo)) return 'entries not sorted and unique';
  const tuple = (id: number): RawTuple => tuples[id] ?? NO_PROVENANCE;
  return { removeHi, removeLo, addHi, addLo, addCategory, addSeverity, addTuple, tupleCount: tuples.length, tuple };
}

/** The delta's change columns (checked: fingerprints uint32, sorted and unique; valid classes), or what is wrong. */
export function deltaColumns(d: Delta): DeltaColumns | string {
  return attached.get(d) ?? fromObjects(d);
}

/**
 * The delta object for decoded columns (already checked by the decoder): `fields` plus `add` and `remove`,
 * built from the columns on first read and frozen. The delta itself is frozen, so the columns stay its own.
 */
export function deltaOfColumns(fields: Omit<Delta, 'add' | 'remove'>, c: DeltaColumns): Delta {
  let add: readonly DeltaAddition[] | undefined;
  let remove: readonly Fingerprint[] | undefined;
  const delta = { ...fields } as Delta;
  Object.defineProperty(delta, 'add', { enumerable: true, get: () => (add ??= additionsOf(c)) });
  Object.defineProperty(delta, 'remove', { enumerable: true, get: () => (remove ??= removalsOf(c)) });
  Object.freeze(delta);
  attached.set(delta, c);
  return delta;
}

function removalsOf(c: DeltaColumns): readonly Fingerprint[] {
  const out: Fingerprint[] = [];
  for (let r = 0; r < c.removeHi.length; r++) out.push(Object.freeze({ hi: c.removeHi[r]!, lo: c.removeLo[r]! }));
  return Object.freeze(out);
}

function additionsOf(c: DeltaColumns): readonly DeltaAddition[] {
  const out: DeltaAddition[] = [];
  const frozen = new Map<number, RawTuple>();
  for (let a = 0; a < c.addHi.length; a++) {
    const id = c.addTuple[a]!;
    let t = frozen.get(id);
    if (t === undefined) {
      const raw = c.tuple(id);
      t = { firstSeen: raw.firstSeen, sources: Object.freeze([...raw.sources]) };
      frozen.set(id, t);
    }
    const fp = Object.freeze({ hi: c.addHi[a]!, lo: c.addLo[a]! });
    const category = categoryOfId(c.addCategory[a]!)!;
    const severity = severityOfId(c.addSeverity[a]!)!;
    const sources = t.sources;
    out.push(Object.freeze(t.firstSeen === null ? { fp, category, severity, sources } : { fp, category, severity, firstSeen: t.firstSeen, sources }));
  }
  return Object.freeze(out);
}
