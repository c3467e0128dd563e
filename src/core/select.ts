/**
 * Order statistics in O(n): Excel's PERCENTILE.INC without sorting a million returns.
 */

/**
 * Rearranges `a` so that a[k] is the value a full sort would put there, everything before it is ≤ and
 * everything after it ≥ (Hoare's quickselect with median-of-three pivots; expected O(n)). Returns a[k].
 */
export function selectInPlace(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three as pivot, moved to a[k]'s search range
    const x = a[left];
    const y = a[mid];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

/** The smallest value of a[from:]. */
function minFrom(a: Float64Array, from: number): number {
  let m = Infinity;
  for (let i = from; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

/**
 * Excel PERCENTILE.INC(values, p): rank h = (n − 1)·p, linear interpolation between the order
 * statistics ⌊h⌋ and ⌊h⌋ + 1 (Hyndman & Fan type 7, numpy's default). Works on a copy. O(n) expected.
 */
export function percentileInc(values: Float64Array, p: number): number {
  const n = values.length;
  // 1 − 0.8 is 0.19999999999999996 in float64; a rank that misses a whole number only by that
  // rounding is the whole number the user meant (Excel, working to 15 digits, agrees)
  const raw = (n - 1) * p;
  const nearest = Math.round(raw);
  const h = Math.abs(raw - nearest) <= 1e-12 * Math.max(1, raw) ? nearest : raw;
  const lo = Math.floor(h);
  const scratch = Float64Array.from(values);
  const low = selectInPlace(scratch, lo);
  if (lo + 1 >= n || h === lo) return low;
  const high = minFrom(scratch, lo + 1);
  return low + (h - lo) * (high - low);
}
