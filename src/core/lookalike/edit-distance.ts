/**
 * Optimal-string-alignment distance (Levenshtein + adjacent transposition) with an early exit: returns
 * `max + 1` as soon as every cell of a row exceeds `max`. 'taoboa'→'taobao' = 1, 'paypall'→'paypal' = 1.
 */
const ROW_CAP = 64;
const ROWS: [Uint16Array, Uint16Array, Uint16Array] = [new Uint16Array(ROW_CAP), new Uint16Array(ROW_CAP), new Uint16Array(ROW_CAP)];

function slowRows(a: string, b: string, max: number): number {
  // strings longer than ROW_CAP are never brand look-alikes; treat as far apart
  return a === b ? 0 : max + 1;
}

export function boundedOsaDistance(a: string, b: string, max: number): number {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) return max + 1;
  if (lb + 1 > ROWS[0].length) return slowRows(a, b, max);
  let [prev2, prev, cur] = ROWS;
  prev2.fill(0, 0, lb + 1);
  for (let j = 0; j <= lb; j++) prev[j] = j;
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      const cost = ca === cb ? 0 : 1;
      let v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) v = Math.min(v, (prev2[j - 2] ?? 0) + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] ?? max + 1;
}
