/**
 * The statistics-based functions against numpy/scipy on generated data, and against mpmath at 50 digits
 * on price levels with a 1e9 offset (scripts/reference/statistics.py writes the fixture).
 */
import ref from "../fixtures/statistics.json";
import {
  hedgeEffectiveness,
  rollingBeta,
  rollingCorrelation,
  trackingError,
} from "../../src/core/effectiveness";
import {
  drawdownReduction,
  ewmaVol,
  expectedShortfall,
  maxDrawdown,
  valueAtRisk,
} from "../../src/core/risk";
import { hedgeRatio, mvHedgeRatio, proxyWeights } from "../../src/core/sizing";
import { kurt, skew } from "../../src/core/stats";

const f64 = (values: number[]): Float64Array => Float64Array.from(values);
const spot = f64(ref.spot);
const hedge = f64(ref.hedge);
const relative = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

describe("sizing", () => {
  test("Hull's Example 3.3: h* = ρ·σS/σF = 0.928 × 0.0263/0.0313 ≈ 0.78, then 37 contracts", () => {
    // Hull, Options, Futures, and Other Derivatives, Example 3.3: ρ = 0.928, σS = 0.0263, σF = 0.0313
    const hStar = (0.928 * 0.0263) / 0.0313;
    expect(hStar).toBeCloseTo(0.78, 2);
    // Two series built to have exactly those sample statistics give the same h* through MVHEDGERATIO:
    // F = σF·u, S = σS·(ρ·u + √(1−ρ²)·v) with u, v standardised and orthogonal (sample mean 0, var 1).
    const u = Float64Array.of(1, -1, 1, -1, 1, -1, 1, -1).map((x) => x * Math.sqrt(8 / 7));
    const v = Float64Array.of(1, 1, -1, -1, 1, 1, -1, -1).map((x) => x * Math.sqrt(8 / 7));
    const futures = u.map((x) => 0.0313 * x);
    const spotChanges = u.map((x, i) => 0.0263 * (0.928 * x + Math.sqrt(1 - 0.928 ** 2) * v[i]));
    expect(mvHedgeRatio(spotChanges, futures)).toBeCloseTo(hStar, 12);
    expect(hedgeRatio(2_000_000, 42_000, 0.78, "nearest")).toBe(37);
  });

  test("Hull's beta hedge: β 1.5, portfolio 5,050,000, futures 1,010 × 250 → 30 contracts", () => {
    // Hull, Options, Futures, and Other Derivatives, §3.5 (stock index futures): N* = β·V_A/V_F = 1.5 × 5,050,000/252,500
    expect(hedgeRatio(5_050_000, 1010 * 250, 1.5)).toBe(30);
  });

  test("MVHEDGERATIO ols equals numpy cov/var and scipy linregress; ewma equals numpy's weighted ratio", () => {
    expect(relative(mvHedgeRatio(spot, hedge), ref.mv_ols)).toBeLessThan(1e-12);
    expect(relative(mvHedgeRatio(spot, hedge), ref.mv_slope_scipy)).toBeLessThan(1e-12);
    expect(relative(mvHedgeRatio(spot, hedge, "ewma", 0.94), ref.mv_ewma)).toBeLessThan(1e-12);
  });

  test("PROXYWEIGHTS equals numpy lstsq with an intercept, and MVHEDGERATIO for one proxy", () => {
    const k = 3;
    const x = f64(ref.proxies.flat());
    const weights = proxyWeights(f64(ref.target), x, k);
    ref.proxy_lstsq.forEach((expected, j) =>
      expect(relative(weights[j], expected)).toBeLessThan(1e-10)
    );
    const one = proxyWeights(spot, hedge, 1);
    expect(relative(one[0], mvHedgeRatio(spot, hedge))).toBeLessThan(1e-12);
  });

  test("PROXYWEIGHTS rejects collinear proxies (#NUM!) and zero-variance ones (#DIV/0!)", () => {
    const rows = 10;
    const a = Float64Array.from({ length: rows }, (_, i) => Math.sin(i + 1));
    const collinear = new Float64Array(rows * 2);
    const constant = new Float64Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      collinear[2 * i] = a[i];
      collinear[2 * i + 1] = 2 * a[i] + 0.5; // a linear function of the first proxy
      constant[2 * i] = a[i];
      constant[2 * i + 1] = 3;
    }
    const y = Float64Array.from(a, (v) => v * 0.7);
    expect(() => proxyWeights(y, collinear, 2)).toThrow(/collinear/);
    expect(() => proxyWeights(y, constant, 2)).toThrow(/zero variance/);
    expect(() => proxyWeights(y.subarray(0, 3), collinear.subarray(0, 6), 2)).toThrow(
      /more than 3 complete rows/
    );
  });
});

describe("risk", () => {
  test("SKEW and KURT equal scipy's bias-corrected skew and excess kurtosis (= Excel SKEW, KURT)", () => {
    expect(relative(skew(spot), ref.skew)).toBeLessThan(1e-10);
    expect(relative(kurt(spot), ref.kurt)).toBeLessThan(1e-10);
  });

  test("EWMAVOL equals numpy's RiskMetrics sum", () => {
    expect(relative(ewmaVol(spot), ref.ewmavol)).toBeLessThan(1e-12);
  });

  test("VALUEATRISK: historical (numpy percentile, linear), parametric and Cornish–Fisher (scipy)", () => {
    expect(relative(valueAtRisk(spot, 0.99), ref.var_hist_99)).toBeLessThan(1e-12);
    expect(
      relative(valueAtRisk(spot, 0.95, "historical", 10, 1e6), ref.var_hist_95_10d_1m)
    ).toBeLessThan(1e-12);
    expect(relative(valueAtRisk(spot, 0.99, "parametric"), ref.var_param_99)).toBeLessThan(1e-9);
    expect(relative(valueAtRisk(spot, 0.99, "cornishfisher"), ref.var_cf_99)).toBeLessThan(1e-9);
  });

  test("EXPECTEDSHORTFALL: historical and parametric (scipy)", () => {
    expect(relative(expectedShortfall(spot, 0.975), ref.es_hist_975)).toBeLessThan(1e-12);
    expect(relative(expectedShortfall(spot, 0.975, "parametric"), ref.es_param_975)).toBeLessThan(
      1e-9
    );
  });

  test("MAXDRAWDOWN and DRAWDOWNREDUCTION equal numpy's running-maximum computation", () => {
    expect(relative(maxDrawdown(f64(ref.values)), ref.mdd)).toBeLessThan(1e-12);
    expect(
      relative(
        drawdownReduction(f64(ref.values), f64(ref.hedged_values)),
        1 - ref.mdd_hedged / ref.mdd
      )
    ).toBeLessThan(1e-12);
    expect(maxDrawdown(Float64Array.of(100, 0, 50))).toBe(1); // a fall to 0 is 1
    expect(maxDrawdown(Float64Array.of(0, 0, 10, 5))).toBe(0.5); // no drawdown while the peak is 0
  });
});

describe("effectiveness", () => {
  test("HEDGEEFFECTIVENESS: all four measures equal numpy", () => {
    const item = f64(ref.item_changes);
    const h = f64(ref.hedge_changes);
    expect(relative(hedgeEffectiveness(item, h, "variance"), ref.eff_variance)).toBeLessThan(1e-12);
    expect(
      relative(hedgeEffectiveness(item, h, "dollaroffset"), ref.eff_dollaroffset)
    ).toBeLessThan(1e-12);
    expect(relative(hedgeEffectiveness(item, h, "r2"), ref.eff_r2)).toBeLessThan(1e-12);
    expect(relative(hedgeEffectiveness(item, h, "slope"), ref.eff_slope)).toBeLessThan(1e-12);
  });

  test("TRACKINGERROR equals numpy std(ddof=1) × √365", () => {
    expect(relative(trackingError(spot, hedge, 1.3), ref.tracking_error)).toBeLessThan(1e-12);
  });

  test("ROLLINGCORREL and ROLLINGBETA equal numpy on every 30-day window", () => {
    const correl = rollingCorrelation(spot, hedge, ref.rolling_window);
    const beta = rollingBeta(spot, hedge, ref.rolling_window);
    expect(correl).toHaveLength(ref.rolling_correl.length);
    let worst = 0;
    ref.rolling_correl.forEach(
      (expected, i) => (worst = Math.max(worst, relative(correl[i], expected)))
    );
    ref.rolling_beta.forEach(
      (expected, i) => (worst = Math.max(worst, relative(beta[i], expected)))
    );
    expect(worst).toBeLessThan(1e-10);
  });
});

describe("1e9-offset price levels, against mpmath at 50 digits (≤ 1e-9 relative)", () => {
  const o = ref.offset;
  const item = f64(o.item_levels);
  const levels = f64(o.hedge_levels);

  test("MVHEDGERATIO on levels", () => {
    expect(relative(mvHedgeRatio(item, levels), o.slope)).toBeLessThan(1e-9);
  });

  test("ROLLINGCORREL and ROLLINGBETA on windows of 100 levels", () => {
    const correl = rollingCorrelation(levels, item, o.window);
    const beta = rollingBeta(item, levels, o.window);
    for (const w of o.windows) {
      expect(relative(correl[w.start], w.correl)).toBeLessThan(1e-9);
      expect(relative(beta[w.start], w.beta)).toBeLessThan(1e-9);
    }
  });

  test("TRACKINGERROR and variance reduction on levels", () => {
    expect(relative(trackingError(item, levels, 1.3, 1), o.tracking_sd)).toBeLessThan(1e-9);
    const hedgeValues = f64(o.hedge_values_for_variance);
    expect(
      relative(hedgeEffectiveness(levels, hedgeValues, "variance"), o.variance_reduction)
    ).toBeLessThan(1e-9);
  });

  test("a textbook one-pass sum of squares would fail here (the test can fail)", () => {
    let s = 0;
    let q = 0;
    for (const v of levels) {
      s += v;
      q += v * v;
    }
    const naiveVariance = (q - (s * s) / levels.length) / (levels.length - 1);
    let m = 0;
    for (const v of levels) m += v - 1e9;
    m = m / levels.length + 1e9;
    let exact = 0;
    for (const v of levels) exact += (v - m) ** 2;
    exact /= levels.length - 1;
    expect(relative(naiveVariance, exact)).toBeGreaterThan(1e-3);
  });
});
