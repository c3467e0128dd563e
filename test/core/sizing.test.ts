/**
 * src/core/sizing: contracts and hedge ratios — Hull's worked examples, numpy/scipy on generated data
 * (scripts/reference/statistics.py), mpmath at 50 digits on 1e9-offset levels, and small cases by hand.
 * HEDGERATIO's rounding and coercion are tested through the built bundle in test/functions.
 */
import ref from "../fixtures/statistics.json";
import {
  daysToLiquidate,
  hedgeRatio,
  liquidityTier,
  mvHedgeRatio,
  proxyWeights,
  tieredHedge,
} from "../../src/core/sizing";
import { f64, kindOf, relative } from "../helpers/numeric";

const spot = f64(ref.spot);
const hedge = f64(ref.hedge);
const kind = kindOf;

describe("hedge ratios", () => {
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
    // Hull, §3.5 (stock index futures): N* = β·V_A/V_F = 1.5 × 5,050,000/252,500
    expect(hedgeRatio(5_050_000, 1010 * 250, 1.5)).toBe(30);
    // a zero contract notional is Excel's #DIV/0!, a negative effectiveness #NUM!
    expect(kind(() => hedgeRatio(1, 0))).toBe("div0");
    expect(kind(() => hedgeRatio(1, 10, -0.5))).toBe("num");
  });

  test("MVHEDGERATIO ols equals numpy cov/var and scipy linregress; ewma equals numpy's weighted ratio", () => {
    expect(relative(mvHedgeRatio(spot, hedge), ref.mv_ols)).toBeLessThan(1e-12);
    expect(relative(mvHedgeRatio(spot, hedge), ref.mv_slope_scipy)).toBeLessThan(1e-12);
    expect(relative(mvHedgeRatio(spot, hedge, "ewma", 0.94), ref.mv_ewma)).toBeLessThan(1e-12);
  });

  test("MVHEDGERATIO ewma of three pairs, by hand; a flat hedge has no ratio", () => {
    // weights λ^(n−1−i) = 0.25, 0.5, 1 (newest last): Σw·s·h = 0.25 + 1 + 6 = 7.25, Σw·h² = 4.75
    const s = Float64Array.of(1, 2, 3);
    const h = Float64Array.of(1, 1, 2);
    expect(mvHedgeRatio(s, h, "ewma", 0.5)).toBeCloseTo(7.25 / 4.75, 14);
    expect(kind(() => mvHedgeRatio(s, Float64Array.of(2, 2, 2)))).toBe("div0");
  });

  test("MVHEDGERATIO on 1e9-offset levels, against mpmath at 50 digits (≤ 1e-9 relative)", () => {
    const o = ref.offset;
    expect(relative(mvHedgeRatio(f64(o.item_levels), f64(o.hedge_levels)), o.slope)).toBeLessThan(
      1e-9
    );
  });

  test("PROXYWEIGHTS equals numpy lstsq with an intercept, and MVHEDGERATIO for one proxy", () => {
    const weights = proxyWeights(f64(ref.target), f64(ref.proxies.flat()), 3);
    ref.proxy_lstsq.forEach((expected, j) =>
      expect(relative(weights[j], expected)).toBeLessThan(1e-10)
    );
    expect(relative(proxyWeights(spot, hedge, 1)[0], mvHedgeRatio(spot, hedge))).toBeLessThan(
      1e-12
    );
  });
});

describe("regimes and liquidity", () => {
  test("TIEREDHEDGE: vol < t1 → r0, t_j ≤ vol < t_(j+1) → r_j, vol ≥ tm → rm", () => {
    const thresholds = [0.5, 1];
    const ratios = [0.5, 0.75, 1];
    expect(tieredHedge(0.2, thresholds, ratios)).toBe(0.5);
    expect(tieredHedge(0.5, thresholds, ratios)).toBe(0.75); // a boundary belongs to the regime above
    expect(tieredHedge(0.8, thresholds, ratios)).toBe(0.75);
    expect(tieredHedge(1, thresholds, ratios)).toBe(1);
    expect(tieredHedge(3, thresholds, ratios)).toBe(1);
    expect(kind(() => tieredHedge(0.8, [1, 0.5], ratios))).toBe("num"); // not ascending
    expect(kind(() => tieredHedge(0.8, thresholds, [0.5, 1]))).toBe("value"); // one ratio short
  });

  test("DAYSTOLIQUIDATE: |position| ÷ (participation × volume)", () => {
    // 5,000,000 ÷ (10% × 10,000,000) = 5 days; a short position counts by size; 25% → 2 days
    expect(daysToLiquidate(5_000_000, 10_000_000)).toBe(5);
    expect(daysToLiquidate(-5_000_000, 10_000_000)).toBe(5);
    expect(daysToLiquidate(5_000_000, 10_000_000, 0.25)).toBe(2);
    expect(kind(() => daysToLiquidate(1, 0))).toBe("div0");
    expect(kind(() => daysToLiquidate(1, 10, 0))).toBe("num");
  });

  test("LIQUIDITYTIER: High up to 1 day, Medium up to 5, Low beyond (boundaries included below)", () => {
    // at 10% of 1,000,000 a day: 100,000 → 1 day, 500,000 → 5 days, 500,001 → just over 5 days
    expect(liquidityTier(100_000, 1_000_000)).toBe("High");
    expect(liquidityTier(100_001, 1_000_000)).toBe("Medium");
    expect(liquidityTier(500_000, 1_000_000)).toBe("Medium");
    expect(liquidityTier(500_001, 1_000_000)).toBe("Low");
    expect(liquidityTier(3_000_000, 1_000_000, 0.1, [10, 20, 40], ["A", "B", "C", "D"])).toBe("C");
    expect(kind(() => liquidityTier(1, 1, 0.1, [1, 5], ["only", "two"]))).toBe("value");
  });
});
