/**
 * src/core/effectiveness: the hedge-documentation measures, tracking error and rolling views — small
 * cases by hand, numpy on generated data and mpmath at 50 digits on 1e9-offset levels
 * (scripts/reference/statistics.py writes the fixture).
 */
import ref from "../fixtures/statistics.json";
import {
  hedgeEffectiveness,
  hedgeTest,
  rollingBeta,
  rollingCorrelation,
  trackingError,
} from "../../src/core/effectiveness";
import { f64, kindOf, relative } from "../helpers/numeric";

const spot = f64(ref.spot);
const hedge = f64(ref.hedge);
const kind = kindOf;

// item changes 10, −20, 30, −10; the hedge offsets 90% of each: −9, 18, −27, 9 (by construction)
const ITEM = Float64Array.of(10, -20, 30, -10);
const HEDGE = ITEM.map((v) => -0.9 * v);

test("HEDGEEFFECTIVENESS of a hedge that offsets 90% of every move, by hand", () => {
  // dollar offset −Σhedge/Σitem = 0.9; slope −0.9; R² 1; variance left (0.1)² = 1% → 0.99
  expect(hedgeEffectiveness(ITEM, HEDGE, "dollaroffset")).toBeCloseTo(0.9, 14);
  expect(hedgeEffectiveness(ITEM, HEDGE, "slope")).toBeCloseTo(-0.9, 14);
  expect(hedgeEffectiveness(ITEM, HEDGE, "r2")).toBeCloseTo(1, 14);
  expect(hedgeEffectiveness(ITEM, HEDGE, "variance")).toBeCloseTo(0.99, 14);
  // changes that sum to 0 have no dollar offset; two pairs are too few for a regression
  expect(kind(() => hedgeEffectiveness(Float64Array.of(5, -5), HEDGE, "dollaroffset"))).toBe(
    "div0"
  );
  expect(kind(() => hedgeEffectiveness(ITEM.subarray(0, 2), HEDGE, "r2"))).toBe("div0");
});

test("HEDGEEFFECTIVENESS: all four measures equal numpy", () => {
  const item = f64(ref.item_changes);
  const h = f64(ref.hedge_changes);
  expect(relative(hedgeEffectiveness(item, h, "variance"), ref.eff_variance)).toBeLessThan(1e-12);
  expect(relative(hedgeEffectiveness(item, h, "dollaroffset"), ref.eff_dollaroffset)).toBeLessThan(
    1e-12
  );
  expect(relative(hedgeEffectiveness(item, h, "r2"), ref.eff_r2)).toBeLessThan(1e-12);
  expect(relative(hedgeEffectiveness(item, h, "slope"), ref.eff_slope)).toBeLessThan(1e-12);
});

test("HEDGETEST: effective within the 80–125% band, not outside it", () => {
  // the 90% hedge passes every test (IAS 39 AG105's 80–125% band)
  const good = hedgeTest(ITEM, HEDGE);
  expect(good.effective).toBe(true);
  expect(good.dollarOffset).toBeCloseTo(0.9, 14);
  // a hedge of 70% fails the dollar offset (0.7 < 0.8) and the slope (−0.7 > −0.8)
  const weak = hedgeTest(
    ITEM,
    ITEM.map((v) => -0.7 * v)
  );
  expect(weak.effective).toBe(false);
  expect(weak.dollarOffset).toBeCloseTo(0.7, 14);
  // changes summing to 0: no dollar offset, so not effective (the other measures still given)
  const flat = hedgeTest(Float64Array.of(10, -10, 5, -5), Float64Array.of(-9, 9, -4.5, 4.5));
  expect(flat.dollarOffset).toBeUndefined();
  expect(flat.slope).toBeCloseTo(-0.9, 14);
  expect(flat.effective).toBe(false);
});

test("TRACKINGERROR: by hand, and numpy std(ddof=1) × √365", () => {
  // item − 1 × hedge = 0.01, −0.01: sample sd √(2 × 0.0001 / 1) = 0.01·√2, over 1 period a year
  const te = trackingError(Float64Array.of(0.03, 0.01), Float64Array.of(0.02, 0.02), 1, 1);
  expect(te).toBeCloseTo(0.01 * Math.SQRT2, 15);
  expect(relative(trackingError(spot, hedge, 1.3), ref.tracking_error)).toBeLessThan(1e-12);
  expect(kind(() => trackingError(Float64Array.of(1), Float64Array.of(1)))).toBe("div0");
});

test("ROLLINGCORREL and ROLLINGBETA: windows by hand, and numpy on every 30-day window", () => {
  // x 1, 2, 3, 4; y 2, 4, 5, 9: windows of 3 — (1..3; 2, 4, 5): Σdx·dy = 3, Σdx² = 2, Σdy² = 4.667
  const x = Float64Array.of(1, 2, 3, 4);
  const y = Float64Array.of(2, 4, 5, 9);
  const beta = rollingBeta(y, x, 3);
  expect(beta).toHaveLength(2);
  expect(beta[0]).toBeCloseTo(3 / 2, 14);
  // (2..4; 4, 5, 9): ȳ = 6, Σdx·dy = (−1)(−2) + 0 + (1)(3) = 5 → slope 2.5
  expect(beta[1]).toBeCloseTo(5 / 2, 14);
  expect(rollingCorrelation(x, y, 3)[0]).toBeCloseTo(3 / Math.sqrt(2 * (14 / 3)), 14);
  // a window without spread has no value (NaN, spilled as a blank)
  expect(rollingCorrelation(Float64Array.of(1, 1, 1, 2), y, 3)[0]).toBeNaN();
  expect(kind(() => rollingBeta(y, x, 5))).toBe("div0");
  expect(kind(() => rollingBeta(y, x, 1))).toBe("num");

  const correl = rollingCorrelation(spot, hedge, ref.rolling_window);
  const betas = rollingBeta(spot, hedge, ref.rolling_window);
  expect(correl).toHaveLength(ref.rolling_correl.length);
  let worst = 0;
  ref.rolling_correl.forEach((e, i) => (worst = Math.max(worst, relative(correl[i], e))));
  ref.rolling_beta.forEach((e, i) => (worst = Math.max(worst, relative(betas[i], e))));
  expect(worst).toBeLessThan(1e-10);
});

describe("1e9-offset price levels, against mpmath at 50 digits (≤ 1e-9 relative)", () => {
  const o = ref.offset;
  const item = f64(o.item_levels);
  const levels = f64(o.hedge_levels);

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
});
