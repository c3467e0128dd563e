/**
 * Statistics beneath the hedge functions, on `Float64Array`s.
 *
 * Stable by construction: every mean, variance and covariance is a corrected two-pass computation
 * (Chan, Golub & LeVeque, "Algorithms for computing the sample variance", 1983) with Neumaier-
 * compensated sums in both passes, so prices such as 1e9 + small moves keep their precision where a
 * textbook Σx² − (Σx)²/n collapses to noise. All functions are O(n) with no allocation.
 *
 * Conventions match Excel's functions of the same meaning, so users can check us with their own
 * spreadsheet: `sampleVariance` = VAR.S, `covarianceSample` = COVARIANCE.S, `slope` = SLOPE,
 * `correlation` = CORREL, `percentileInc` = PERCENTILE.INC, `skew` = SKEW, `kurt` = KURT.
 */

/**
 * Neumaier's compensated sum (Kahan–Babuška): exact to within one rounding for any order of terms.
 * @example compensatedSum(Float64Array.of(1e100, 1, -1e100)) // 1 (naive: 0)
 */
export function compensatedSum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Arithmetic mean, corrected in a second pass (so it is exact to a rounding on offset data). O(n). */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  const m0 = compensatedSum(values, from, to) / n;
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const d = values[i] - m0;
    const t = s + d;
    c += Math.abs(s) >= Math.abs(d) ? s - t + d : d - t + s;
    s = t;
  }
  return m0 + (s + c) / n;
}

/** Centred moments of one series: mean and Σ(x − mean)² (Chan–Golub–LeVeque corrected two-pass). */
export interface Moments {
  n: number;
  mean: number;
  /** Σ(x − mean)², the sum of squared deviations. */
  ss: number;
}

export function moments(values: ArrayLike<number>, from = 0, to = values.length): Moments {
  const n = to - from;
  const m0 = compensatedSum(values, from, to) / n;
  let sd = 0,
    cd = 0,
    sq = 0,
    cq = 0;
  for (let i = from; i < to; i++) {
    const d = values[i] - m0;
    let t = sd + d;
    cd += Math.abs(sd) >= Math.abs(d) ? sd - t + d : d - t + sd;
    sd = t;
    const d2 = d * d;
    t = sq + d2;
    cq += sq >= d2 ? sq - t + d2 : d2 - t + sq;
    sq = t;
  }
  const sumD = sd + cd;
  return { n, mean: m0 + sumD / n, ss: Math.max(0, sq + cq - (sumD * sumD) / n) };
}

/** Sample variance (Excel VAR.S): Σ(x − x̄)²/(n − 1). NaN when n < 2 (callers check n first). */
export function sampleVariance(values: ArrayLike<number>, from = 0, to = values.length): number {
  const { n, ss } = moments(values, from, to);
  return ss / (n - 1);
}

/** Sample standard deviation (Excel STDEV.S). */
export function sampleStdev(values: ArrayLike<number>, from = 0, to = values.length): number {
  return Math.sqrt(sampleVariance(values, from, to));
}

/** Co-moments of two paired series: both means, Σdx², Σdy², Σdx·dy (corrected two-pass). */
export interface CoMoments {
  n: number;
  meanX: number;
  meanY: number;
  ssX: number;
  ssY: number;
  /** Σ(x − x̄)(y − ȳ) */
  sxy: number;
}

export function coMoments(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from = 0,
  to = x.length
): CoMoments {
  const n = to - from;
  const mx0 = compensatedSum(x, from, to) / n;
  const my0 = compensatedSum(y, from, to) / n;
  // Plain sums of deviations are enough here: deviations are small and of mixed sign, and the
  // correction terms below remove the first-order error of the provisional means.
  let sx = 0,
    sy = 0,
    sxx = 0,
    syy = 0,
    sxy = 0;
  let cxx = 0,
    cyy = 0,
    cxy = 0;
  for (let i = from; i < to; i++) {
    const dx = x[i] - mx0;
    const dy = y[i] - my0;
    sx += dx;
    sy += dy;
    let v = dx * dx;
    let t = sxx + v;
    cxx += sxx >= v ? sxx - t + v : v - t + sxx;
    sxx = t;
    v = dy * dy;
    t = syy + v;
    cyy += syy >= v ? syy - t + v : v - t + syy;
    syy = t;
    v = dx * dy;
    t = sxy + v;
    cxy += Math.abs(sxy) >= Math.abs(v) ? sxy - t + v : v - t + sxy;
    sxy = t;
  }
  return {
    n,
    meanX: mx0 + sx / n,
    meanY: my0 + sy / n,
    ssX: Math.max(0, sxx + cxx - (sx * sx) / n),
    ssY: Math.max(0, syy + cyy - (sy * sy) / n),
    sxy: sxy + cxy - (sx * sy) / n,
  };
}

/** Sample covariance (Excel COVARIANCE.S). */
export function covarianceSample(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = coMoments(x, y);
  return m.sxy / (m.n - 1);
}

/**
 * OLS slope of y on x (Excel SLOPE(known_ys, known_xs)) = Cov(x, y)/Var(x). NaN when Var(x) = 0
 * (callers map that to #DIV/0!).
 */
export function slope(y: ArrayLike<number>, x: ArrayLike<number>, from = 0, to = x.length): number {
  const m = coMoments(x, y, from, to);
  return m.ssX === 0 ? NaN : m.sxy / m.ssX;
}

/** Pearson correlation (Excel CORREL). NaN when either series has zero variance. */
export function correlation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from = 0,
  to = x.length
): number {
  const m = coMoments(x, y, from, to);
  if (m.ssX === 0 || m.ssY === 0) return NaN;
  const r = m.sxy / Math.sqrt(m.ssX * m.ssY);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Excel PERCENTILE.INC on ascending-sorted values: rank h = (n − 1)·p, linear interpolation between
 * the neighbouring order statistics (Hyndman & Fan type 7, numpy's default `linear`). O(1).
 */
export function percentileIncSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** A sorted copy (typed-array sort is numeric). O(n log n). */
export function sortedCopy(values: Float64Array): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * Excel SKEW: n/((n−1)(n−2)) · Σ((x − x̄)/s)³, s the sample standard deviation. Needs n ≥ 3 and s > 0.
 */
export function skew(values: ArrayLike<number>): number {
  const { n, mean: m, ss } = moments(values);
  const s = Math.sqrt(ss / (n - 1));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = (values[i] - m) / s;
    sum += z * z * z;
  }
  return (n / ((n - 1) * (n - 2))) * sum;
}

/**
 * Excel KURT (excess kurtosis, sample-adjusted):
 * n(n+1)/((n−1)(n−2)(n−3)) · Σ((x − x̄)/s)⁴ − 3(n−1)²/((n−2)(n−3)). Needs n ≥ 4 and s > 0.
 */
export function kurt(values: ArrayLike<number>): number {
  const { n, mean: m, ss } = moments(values);
  const s = Math.sqrt(ss / (n - 1));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = (values[i] - m) / s;
    const z2 = z * z;
    sum += z2 * z2;
  }
  return (
    ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * sum -
    (3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3))
  );
}
