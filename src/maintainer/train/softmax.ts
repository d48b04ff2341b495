/**
 * Training one head of the learned model: multinomial logistic regression (softmax over legit + 7 scam types)
 * on sparse features, L2-regularised, full-batch Adam for a fixed number of steps.
 *
 * Why hand-written and not ml-logistic-regression: that library is one-vs-rest on dense ml-matrix rows; our rows
 * are sparse (≈ 6,000 gram columns, a few hundred present per page, a dozen per SMS), and we want per-example
 * weights (class balance × 1/group size^p, so one repository with 100 near-identical pages does not dominate)
 * and bit-for-bit reproducibility. Full-batch gradients summed in a fixed order, no random initialisation,
 * no shuffling: same corpus → same bytes.
 *
 * Vocabulary: grams present in ≥ MIN_DF training items from ≥ MIN_GROUPS source groups (a word one repository
 * uses is its name, not a scam pattern) and, optionally, in at most maxLegitGroupShare of the legit groups, ranked by the largest class-vs-rest χ² (class-balanced counts), top
 * maxGrams kept; structural features (`sig:…`, `lex:…`, `act:…`) always kept.
 */
import { CLASSES, type Head } from '../../core/classify/model.ts';
import { STRUCTURAL_FEATURES, type FeatureVector } from '../../core/classify/vectorize.ts';
import { FIXTURES_GROUP } from './split.ts';

export interface Example {
  readonly id: string;
  readonly y: number;
  readonly group: string;
  readonly vec: Pick<FeatureVector, 'grams' | 'structural'>;
  /** Multiplies the example's weight before the classes are balanced (absent = 1). */
  readonly weight?: number;
}

export interface TrainOptions {
  readonly maxGrams: number;
  readonly minDf: number;
  readonly minGroups: number;
  readonly l2: number;
  readonly steps: number;
  readonly learningRate: number;
  readonly quant: number;
  readonly maxTextChars: number;
  /** When set, the biases are fixed (not learned) at p(legit) = this for a page with no feature at all, the scam
   *  classes sharing the rest: "no evidence" reads as legit, and the features, not the intercept, have to carry
   *  every scam signal (a learned intercept absorbed "short template" as scam evidence and did not carry over to
   *  repositories the model never saw). */
  readonly fixedLegitPrior?: number;
  /** Within a class, an item weighs 1/(items of that class from its group)^groupPower (0.5 = 1/√size). */
  readonly groupPower?: number;
  /** Vocabulary: grams found in more than this share of the legit source GROUPS are left out — stop words and
   *  page furniture learned from legit sources ("the", "your", "登录"), whose weight otherwise encodes how a
   *  source writes rather than what it asks for. */
  readonly maxLegitGroupShare?: number;
  /** Character 3–5-grams of Latin words per text, at most (0 / absent = none); stored in the head (vectorize.ts). */
  readonly charGrams?: number;
  /** Share of the total example weight the legit class gets (the scam types share the rest); absent = 0.5. */
  readonly legitShare?: number;
  /** Text head: the weight of a training page (read as a text) against a text's, before the classes are balanced
   *  (absent = 1; 0 = the text head learns from the text data sets alone). */
  readonly pageWeight?: number;
}

export const K = CLASSES.length;

/** Legit and scam each get half the total weight; the scam half is shared equally by the scam types present;
 *  within a class, an item weighs 1/(items of that class from the same group)^groupPower: 0.5 (1/√size) lets a
 *  repository with 60 pages weigh √60 ≈ 7.7 times one with a single page; 1 gives every source of a class the same
 *  say, so no repository teaches its own style as the class's. */
export function exampleWeights(xs: readonly Example[], groupPower = 0.5, legitShare = 0.5): Float64Array {
  const perGroup = new Map<string, number>();
  for (const x of xs) perGroup.set(`${x.y}|${x.group}`, (perGroup.get(`${x.y}|${x.group}`) ?? 0) + 1);
  // 1/Math.sqrt for 0.5: the same bits as before the option existed (the text head retrains byte for byte)
  const size = (x: Example): number => perGroup.get(`${x.y}|${x.group}`) ?? 1;
  // The synthetic fixtures (one group, always in train) are regression material: they keep 1/√size whatever the
  // power, or with 1/size ~200 fixture pages would weigh one repository's worth and stop holding the behaviour
  // they pin (legit exchange deposit pages, grab buttons adding to a task page's score).
  const power = (x: Example): number => (x.group === FIXTURES_GROUP ? 0.5 : groupPower);
  const raw = xs.map((x) => (power(x) === 0.5 ? 1 / Math.sqrt(size(x)) : size(x) ** -power(x)) * (x.weight ?? 1));
  const classSum = new Float64Array(K);
  xs.forEach((x, i) => (classSum[x.y] = (classSum[x.y] ?? 0) + (raw[i] ?? 0)));
  let scamClasses = 0;
  for (let k = 1; k < K; k++) if ((classSum[k] ?? 0) > 0) scamClasses++;
  const hasLegit = (classSum[0] ?? 0) > 0;
  const target = (y: number): number => {
    if (y === 0) return scamClasses > 0 ? xs.length * legitShare : xs.length;
    return (hasLegit ? xs.length * (1 - legitShare) : xs.length) / Math.max(1, scamClasses);
  };
  return Float64Array.from(xs.map((x, i) => ((raw[i] ?? 0) * target(x.y)) / (classSum[x.y] ?? 1)));
}

export function selectVocabulary(xs: readonly Example[], w: Float64Array, opts: TrainOptions): string[] {
  const df = new Map<string, { n: number; groups: Set<string>; legitGroups: Set<string>; byClass: Float64Array }>();
  const classTotal = new Float64Array(K);
  const legitGroups = new Set<string>();
  xs.forEach((x, i) => {
    const wi = w[i] ?? 0;
    classTotal[x.y] = (classTotal[x.y] ?? 0) + wi;
    if (x.y === 0) legitGroups.add(x.group);
    for (const g of x.vec.grams.keys()) {
      let e = df.get(g);
      if (!e) df.set(g, (e = { n: 0, groups: new Set(), legitGroups: new Set(), byClass: new Float64Array(K) }));
      e.n++;
      e.groups.add(x.group);
      if (x.y === 0) e.legitGroups.add(x.group);
      e.byClass[x.y] = (e.byClass[x.y] ?? 0) + wi;
    }
  });
  const total = classTotal.reduce((a, b) => a + b, 0);
  const scored: { g: string; s: number }[] = [];
  for (const [g, e] of df) {
    if (e.n < opts.minDf || e.groups.size < opts.minGroups) continue;
    if (opts.maxLegitGroupShare !== undefined && e.legitGroups.size > opts.maxLegitGroupShare * legitGroups.size) continue;
    const present = e.byClass.reduce((a, b) => a + b, 0);
    let best = 0;
    for (let k = 0; k < K; k++) {
      const ck = classTotal[k] ?? 0;
      if (ck === 0) continue;
      const A = e.byClass[k] ?? 0;
      const B = present - A;
      const C = ck - A;
      const D = total - ck - B;
      const den = (A + C) * (B + D) * (A + B) * (C + D);
      if (den <= 0) continue;
      const chi = (total * (A * D - B * C) ** 2) / den;
      if (chi > best) best = chi;
    }
    scored.push({ g, s: best });
  }
  scored.sort((a, b) => b.s - a.s || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0));
  return scored.slice(0, opts.maxGrams).map((x) => x.g);
}

interface Sparse {
  readonly idx: Int32Array;
  readonly val: Float64Array;
}

/** The same x as scoreVector (score.ts): grams 1/√max(4, in-vocabulary hits), structural values as they are. */
export function sparseRow(vec: Example['vec'], index: ReadonlyMap<string, number>): Sparse {
  const idx: number[] = [];
  const val: number[] = [];
  for (const g of vec.grams.keys()) {
    const r = index.get(g);
    if (r !== undefined) idx.push(r);
  }
  const x = 1 / Math.sqrt(Math.max(4, idx.length));
  for (let i = 0; i < idx.length; i++) val.push(x);
  for (const [name, v] of vec.structural) {
    const r = index.get(name);
    if (r !== undefined) {
      idx.push(r);
      val.push(v);
    }
  }
  return { idx: Int32Array.from(idx), val: Float64Array.from(val) };
}

export type TrainedHead = Omit<Head, 'thresholds'>;

export function trainHead(xs: readonly Example[], opts: TrainOptions): TrainedHead {
  const w = exampleWeights(xs, opts.groupPower, opts.legitShare);
  const features = [...selectVocabulary(xs, w, opts), ...STRUCTURAL_FEATURES];
  const index = new Map<string, number>();
  features.forEach((f, i) => index.set(f, i));
  const rows = xs.map((x) => sparseRow(x.vec, index));
  const F = features.length;
  const W = new Float64Array(F * K);
  const b = new Float64Array(K);
  const fixedBias = opts.fixedLegitPrior !== undefined;
  if (opts.fixedLegitPrior !== undefined) {
    b[0] = Math.log(opts.fixedLegitPrior);
    for (let k = 1; k < K; k++) b[k] = Math.log((1 - opts.fixedLegitPrior) / (K - 1));
  }
  const gW = new Float64Array(F * K);
  const gb = new Float64Array(K);
  const mW = new Float64Array(F * K);
  const vW = new Float64Array(F * K);
  const mb = new Float64Array(K);
  const vb = new Float64Array(K);
  const beta1 = 0.9;
  const beta2 = 0.999;
  const eps = 1e-8;
  const wsum = w.reduce((a, c) => a + c, 0);
  const logits = new Float64Array(K);
  for (let step = 1; step <= opts.steps; step++) {
    gW.fill(0);
    gb.fill(0);
    for (let i = 0; i < rows.length; i++) {
      const { idx, val } = rows[i] as Sparse;
      const y = (xs[i] as Example).y;
      for (let k = 0; k < K; k++) logits[k] = b[k] ?? 0;
      for (let j = 0; j < idx.length; j++) {
        const base = (idx[j] ?? 0) * K;
        const v = val[j] ?? 0;
        for (let k = 0; k < K; k++) logits[k] = (logits[k] ?? 0) + v * (W[base + k] ?? 0);
      }
      let max = -Infinity;
      for (let k = 0; k < K; k++) if ((logits[k] ?? 0) > max) max = logits[k] ?? 0;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        logits[k] = Math.exp((logits[k] ?? 0) - max);
        sum += logits[k] ?? 0;
      }
      const wi = (w[i] ?? 0) / wsum;
      for (let k = 0; k < K; k++) {
        const g = wi * ((logits[k] ?? 0) / sum - (k === y ? 1 : 0));
        gb[k] = (gb[k] ?? 0) + g;
        for (let j = 0; j < idx.length; j++) {
          const at = (idx[j] ?? 0) * K + k;
          gW[at] = (gW[at] ?? 0) + g * (val[j] ?? 0);
        }
      }
    }
    const lr = opts.learningRate;
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (let a = 0; a < W.length; a++) {
      const g = (gW[a] ?? 0) + opts.l2 * (W[a] ?? 0);
      const m = (mW[a] = beta1 * (mW[a] ?? 0) + (1 - beta1) * g);
      const v = (vW[a] = beta2 * (vW[a] ?? 0) + (1 - beta2) * g * g);
      W[a] = (W[a] ?? 0) - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
    }
    for (let k = 0; k < K && !fixedBias; k++) {
      const g = gb[k] ?? 0;
      const m = (mb[k] = beta1 * (mb[k] ?? 0) + (1 - beta1) * g);
      const v = (vb[k] = beta2 * (vb[k] ?? 0) + (1 - beta2) * g * g);
      b[k] = (b[k] ?? 0) - (lr * (m / c1)) / (Math.sqrt(v / c2) + eps);
    }
  }
  // int16 in the model file (format 3 and 4): |w| ≤ 32767 / quant (≈ 32.8 at quant 1000; trained weights stay below 10)
  const weights = Int16Array.from(W, (x) => Math.max(-32767, Math.min(32767, Math.round(x * opts.quant))));
  return { features, weights, bias: Array.from(b, (x) => Math.round(x * 1e4) / 1e4), quant: opts.quant, maxTextChars: opts.maxTextChars, charGrams: opts.charGrams ?? 0 };
}
