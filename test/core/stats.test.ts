/**
 * src/core/stats: the statistics beneath the hedge functions — on small series whose answers follow by
 * hand, against scipy on generated data, and against mpmath at 50 digits on price levels with a 1e9
 * offset (scripts/reference/statistics.py writes the fixture).
 */
import ref from "../fixtures/statistics.json";
import {
  BLOCK,
  CoMomentAccumulator,
  coMoments,
  compensatedSum,
  correlation,
  covarianceSample,
  kurt,
  mean,
  moments,
  sampleVariance,
  skew,
  slope,
  twoPassCoMoments,
} from "../../src/core/stats";
import { f64, relative } from "../helpers/numeric";

// x = 1..5, y = 2, 4, 5, 4, 5: x̄ = 3, ȳ = 4, Σdx² = 10, Σdy² = 6, Σdx·dy = 6 (by hand)
const X = f64([1, 2, 3, 4, 5]);
const Y = f64([2, 4, 5, 4, 5]);

test("compensatedSum keeps what a naive sum loses; mean is exact on offset data", () => {
  // 1e100 + 1 − 1e100 = 1 (plain arithmetic); a naive left-to-right float64 sum gives 0
  expect(compensatedSum(f64([1e100, 1, -1e100]))).toBe(1);
  expect(1e100 + 1 - 1e100).toBe(0);
  // 0.1 added ten times is 1 (a naive float64 sum gives 0.9999999999999999)
  expect(compensatedSum(new Float64Array(10).fill(0.1))).toBe(1);
  // (1e9 + 1 + 1e9 + 2 + 1e9 + 3) / 3 = 1e9 + 2
  expect(mean(f64([1e9 + 1, 1e9 + 2, 1e9 + 3]))).toBe(1e9 + 2);
  // from/to select a slice: mean(2, 3, 4) = 3
  expect(mean(X, 1, 4)).toBe(3);
});

test("moments and sampleVariance (Excel VAR.S) on the textbook series 2, 4, 4, 4, 5, 5, 7, 9", () => {
  // mean 5, Σ(x − 5)² = 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32; VAR.S = 32/7 (by hand)
  const values = f64([2, 4, 4, 4, 5, 5, 7, 9]);
  expect(moments(values)).toEqual({ n: 8, mean: 5, ss: 32 });
  expect(sampleVariance(values)).toBeCloseTo(32 / 7, 15);
  // the same series moved to 1e9: the same spread
  expect(sampleVariance(values.map((v) => v + 1e9))).toBeCloseTo(32 / 7, 6);
  expect(moments(f64([7, 7, 7])).ss).toBe(0);
});

test("COVARIANCE.S, SLOPE and CORREL of a small series, by hand", () => {
  expect(covarianceSample(X, Y)).toBeCloseTo(6 / 4, 15); // Σdx·dy/(n − 1)
  expect(slope(Y, X)).toBeCloseTo(6 / 10, 15); // Σdx·dy/Σdx²
  expect(correlation(X, Y)).toBeCloseTo(6 / Math.sqrt(10 * 6), 15); // √0.6 ≈ 0.7746
  // a window of the pairs: x 2..4, y 4, 5, 4 → Σdx·dy = 0, so slope 0 and correlation 0
  expect(slope(Y, X, 1, 4)).toBeCloseTo(0, 15);
  // no spread in x: no slope and no correlation (callers map NaN to #DIV/0!)
  expect(slope(Y, f64([3, 3, 3, 3, 3]))).toBeNaN();
  expect(correlation(f64([3, 3, 3, 3, 3]), Y)).toBeNaN();
  // a perfect line is a correlation of exactly ±1, never beyond
  expect(
    correlation(
      X,
      X.map((v) => 1 - 2 * v)
    )
  ).toBe(-1);
});

test("coMoments in blocks, whole or cut anywhere, equal the co-moments of the offset-free values", () => {
  // a series longer than several blocks, 1e9 and 5e8 plus moves of order 1
  const n = 3 * BLOCK + 17;
  const x = Float64Array.from({ length: n }, (_, i) => 1e9 + Math.sin(i));
  const y = Float64Array.from({ length: n }, (_, i) => 5e8 - 2 * Math.sin(i) + Math.cos(3 * i));
  // reference: plain two-pass sums over x − 1e9 and y − 5e8 (exact subtractions), by hand
  const dx = x.map((v) => v - 1e9);
  const dy = y.map((v) => v - 5e8);
  const mx = dx.reduce((a, b) => a + b) / n;
  const my = dy.reduce((a, b) => a + b) / n;
  let ssX = 0;
  let ssY = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    ssX += (dx[i] - mx) ** 2;
    ssY += (dy[i] - my) ** 2;
    sxy += (dx[i] - mx) * (dy[i] - my);
  }
  const cut = new CoMomentAccumulator();
  cut.add(x, y, 0, 100);
  cut.add(x, y, 100, 2 * BLOCK + 1);
  cut.add(x, y, 2 * BLOCK + 1, n);
  for (const m of [coMoments(x, y), twoPassCoMoments(x, y), cut.result()]) {
    expect(m.n).toBe(n);
    // to the double nearest the mean: one unit in the last place is 1.2e-7 at 1e9
    expect(Math.abs(m.meanX - (1e9 + mx))).toBeLessThanOrEqual(1.2e-7);
    expect(Math.abs(m.meanY - (5e8 + my))).toBeLessThanOrEqual(6e-8);
    expect(relative(m.ssX, ssX)).toBeLessThan(1e-12);
    expect(relative(m.ssY, ssY)).toBeLessThan(1e-12);
    expect(relative(m.sxy, sxy)).toBeLessThan(1e-12);
  }
});

test("SKEW and KURT: a small series by hand, and scipy's bias-corrected values (= Excel SKEW, KURT)", () => {
  // 1, 2, 3, 4, 10: mean 4, s² = (9 + 4 + 1 + 0 + 36)/4 = 12.5; Σ(x − 4)³ = −27 − 8 − 1 + 0 + 216 = 180
  // SKEW = n/((n−1)(n−2)) · Σ(x − x̄)³/s³ = 5/12 · 180/12.5^1.5 (Excel's formula, by hand)
  const values = f64([1, 2, 3, 4, 10]);
  expect(skew(values)).toBeCloseTo((5 / 12) * (180 / 12.5 ** 1.5), 14);
  // Σ(x − 4)⁴ = 81 + 16 + 1 + 0 + 1296 = 1394; KURT = 5·6/(4·3·2) · 1394/12.5² − 3·4²/(3·2)
  expect(kurt(values)).toBeCloseTo(((5 * 6) / (4 * 3 * 2)) * (1394 / 12.5 ** 2) - (3 * 16) / 6, 13);
  const spot = f64(ref.spot);
  expect(relative(skew(spot), ref.skew)).toBeLessThan(1e-10);
  expect(relative(kurt(spot), ref.kurt)).toBeLessThan(1e-10);
});

describe("1e9-offset price levels, against mpmath at 50 digits", () => {
  const item = f64(ref.offset.item_levels);
  const levels = f64(ref.offset.hedge_levels);

  test("SLOPE of the item on the hedge levels (≤ 1e-9 relative)", () => {
    expect(relative(slope(item, levels), ref.offset.slope)).toBeLessThan(1e-9);
  });

  test("a textbook one-pass sum of squares would fail here (the test can fail)", () => {
    let s = 0;
    let q = 0;
    for (const v of levels) {
      s += v;
      q += v * v;
    }
    const naiveVariance = (q - (s * s) / levels.length) / (levels.length - 1);
    // the exact variance, from deviations of the offset-free values (plain arithmetic)
    let m = 0;
    for (const v of levels) m += v - 1e9;
    m = m / levels.length + 1e9;
    let exact = 0;
    for (const v of levels) exact += (v - m) ** 2;
    exact /= levels.length - 1;
    expect(relative(naiveVariance, exact)).toBeGreaterThan(1e-3);
    expect(relative(sampleVariance(levels), exact)).toBeLessThan(1e-9);
  });
});
