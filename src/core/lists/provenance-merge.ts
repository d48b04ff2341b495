/**
 * Provenance of a delta result without re-canonicalizing every tuple: the base tuples are already canonical and
 * sorted, so only the tuples the delta brings are sorted and merged in; tuples no entry uses any more are dropped
 * (reference counts), and every kept base tuple gets its new position.
 */
import type { DeltaAddition } from './types.ts';
import { canonicalTuple, compareTuples, tupleKey, type RawTuple } from './provenance-codec.ts';
import type { ProvenanceSection } from './provenance-section.ts';

export interface ProvenancePlan {
  /** The result's tuples, canonical order. */
  readonly tuples: RawTuple[];
  /** Base tuple id → result tuple id (-1 when dropped). */
  readonly baseMap: Int32Array;
  /** Result tuple id of each addition. */
  readonly additionIds: Uint32Array;
}

/** `gone` = base positions removed or replaced by the delta. */
export function planProvenance(
  base: ProvenanceSection,
  gone: readonly number[],
  additions: readonly DeltaAddition[],
): ProvenancePlan {
  const { tuples: baseTuples, idOfKey } = base.tupleIndex();
  const refs = base.refCounts().slice();
  for (const position of gone) refs[base.tupleIdAt(position)]!--;
  const fresh: RawTuple[] = [];
  const freshOfKey = new Map<string, number>();
  const additionRef = new Int32Array(additions.length);
  additions.forEach((e, k) => {
    const t = canonicalTuple(e.firstSeen ?? null, e.sources ?? []);
    const key = tupleKey(t);
    const id = idOfKey.get(key);
    if (id !== undefined) {
      refs[id]!++;
      additionRef[k] = id;
      return;
    }
    let f = freshOfKey.get(key);
    if (f === undefined) {
      f = fresh.length;
      freshOfKey.set(key, f);
      fresh.push(t);
    }
    additionRef[k] = -(f + 1);
  });
  const freshOrder = fresh.map((_, i) => i).sort((x, y) => compareTuples(fresh[x]!, fresh[y]!));
  const freshMap = new Uint32Array(fresh.length);
  const baseMap = new Int32Array(baseTuples.length).fill(-1);
  const tuples: RawTuple[] = [];
  let j = 0;
  for (let i = 0; i <= baseTuples.length; i++) {
    const t = baseTuples[i];
    while (j < freshOrder.length && (t === undefined || compareTuples(fresh[freshOrder[j]!]!, t) < 0)) {
      freshMap[freshOrder[j++]!] = tuples.length;
      tuples.push(fresh[freshOrder[j - 1]!]!);
    }
    if (t !== undefined && refs[i]! > 0) {
      baseMap[i] = tuples.length;
      tuples.push(t);
    }
  }
  const additionIds = Uint32Array.from(additionRef, (r) => (r >= 0 ? baseMap[r]! : freshMap[-r - 1]!));
  return { tuples, baseMap, additionIds };
}
