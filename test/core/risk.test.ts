/**
 * src/core/risk: returns, volatility, value at risk, expected shortfall, stress and drawdowns — small
 * cases by hand, and numpy/scipy on generated data (scripts/reference/statistics.py).
 */
import ref from "../fixtures/statistics.json";
import {
  drawdownReduction,
  ewmaVol,
  expectedShortfall,
  maxDrawdown,
  returns,
  stressPnl,
  valueAtRisk,
} from "../../src/core/risk";
import { f64, kindOf, relative } from "../helpers/numeric";

const spot = f64(ref.spot);
const kind = kindOf;

test("RETURNS: P_t/P_(t−1) − 1, or its natural log", () => {
  // 100 → 110 → 99: +10%, then −10% (by hand)
  const simple = returns(Float64Array.of(100, 110, 99));
  expect(simple).toHaveLength(2);
  expect(simple[0]).toBeCloseTo(0.1, 15);
  expect(simple[1]).toBeCloseTo(-0.1, 15);
  const log = returns(Float64Array.of(100, 110, 99), "log");
  expect(log[0]).toBeCloseTo(Math.log(1.1), 15);
  expect(log[1]).toBeCloseTo(Math.log(0.9), 15);
  expect(kind(() => returns(Float64Array.of(100)))).toBe("div0");
  expect(kind(() => returns(Float64Array.of(100, 0)))).toBe("num");
});

test("EWMAVOL: RiskMetrics weights by hand, and numpy's sum on generated returns", () => {
  // r = 0.01, 0.02 (newest last), λ = 0.5: weights (0.5, 1)·(1 − λ)/(1 − λ²) = (1/3, 2/3)
  // σ² per period = 0.0001/3 + 0.0004·2/3 = 0.0003; annualised over 365 periods
  expect(ewmaVol(Float64Array.of(0.01, 0.02), 0.5)).toBeCloseTo(Math.sqrt(0.0003 * 365), 14);
  expect(ewmaVol(Float64Array.of(0.01, 0.02), 0.5, 1)).toBeCloseTo(Math.sqrt(0.0003), 14);
  expect(relative(ewmaVol(spot), ref.ewmavol)).toBeLessThan(1e-12);
  expect(kind(() => ewmaVol(Float64Array.of(0.01)))).toBe("div0");
  expect(kind(() => ewmaVol(Float64Array.of(0.01, 0.02), 1))).toBe("num");
});

test("VALUEATRISK historical of five returns, by hand", () => {
  // −0.05, −0.02, 0, 0.01, 0.03: PERCENTILE.INC at 1 − 0.75 = 0.25 → rank 1 → −0.02; VaR 0.02
  const r = Float64Array.of(0.01, -0.05, 0.03, 0, -0.02);
  expect(valueAtRisk(r, 0.75)).toBeCloseTo(0.02, 15);
  // at 0.9: rank 0.4 → −0.05 + 0.4 × 0.03 = −0.038; over 4 days × √4 on 1,000,000 → 76,000
  expect(valueAtRisk(r, 0.9, "historical", 4, 1_000_000)).toBeCloseTo(76_000, 8);
  expect(kind(() => valueAtRisk(r.subarray(0, 1), 0.9))).toBe("div0"); // 2 needed (spec 2026-12-02)
  expect(kind(() => valueAtRisk(r, 1))).toBe("num");
});

test("VALUEATRISK from 2 returns (historical, parametric), 4 for Cornish–Fisher: spec revision 2026-12-02", () => {
  // numpy.percentile([0.01, -0.02], 1) = -0.02 + 0.01 × 0.03 = -0.0197
  expect(valueAtRisk(f64([0.01, -0.02]), 0.99)).toBeCloseTo(0.0197, 15);
  // a zero σ is allowed for parametric: VaR = −μ·h × value = −0.01 × 4 × 100
  expect(valueAtRisk(f64([0.01, 0.01]), 0.99, "parametric", 4, 100)).toBeCloseTo(-4, 12);
  expect(kind(() => valueAtRisk(f64([0.01]), 0.99))).toBe("div0");
  expect(kind(() => valueAtRisk(f64([0.01, 0.02, 0.03]), 0.99, "cornishfisher"))).toBe("div0");
});

test("VALUEATRISK: historical (numpy percentile, linear), parametric and Cornish–Fisher (scipy)", () => {
  expect(relative(valueAtRisk(spot, 0.99), ref.var_hist_99)).toBeLessThan(1e-12);
  expect(
    relative(valueAtRisk(spot, 0.95, "historical", 10, 1e6), ref.var_hist_95_10d_1m)
  ).toBeLessThan(1e-12);
  expect(relative(valueAtRisk(spot, 0.99, "parametric"), ref.var_param_99)).toBeLessThan(1e-9);
  expect(relative(valueAtRisk(spot, 0.99, "cornishfisher"), ref.var_cf_99)).toBeLessThan(1e-9);
});

test("EXPECTEDSHORTFALL: historical by hand; historical and parametric against scipy", () => {
  // the same five returns at 0.75: the cutoff is −0.02, the returns at or below it −0.05 and −0.02
  const r = Float64Array.of(0.01, -0.05, 0.03, 0, -0.02);
  expect(expectedShortfall(r, 0.75)).toBeCloseTo(0.035, 15);
  expect(relative(expectedShortfall(spot, 0.975), ref.es_hist_975)).toBeLessThan(1e-12);
  expect(relative(expectedShortfall(spot, 0.975, "parametric"), ref.es_param_975)).toBeLessThan(
    1e-9
  );
});

test("STRESSPNL: Σ v·(β·shock + e) + hedge × shock, exact in decimal", () => {
  // BTC −30%: 1,000,000 at β 1.2 and 500,000 at β 0.8 with −10% of its own; hedge −1,500,000
  // 1e6 × (−0.36) + 5e5 × (−0.24 − 0.1) + (−1.5e6) × (−0.3) = −360,000 − 170,000 + 450,000 = −80,000
  expect(
    stressPnl(
      Float64Array.of(1_000_000, 500_000),
      Float64Array.of(1.2, 0.8),
      -0.3,
      -1_500_000,
      Float64Array.of(0, -0.1)
    )
  ).toBe(-80_000);
  // 0.1 × 0.1 + 0.2 × 0.1 is 0.03 exactly (float64 gives 0.030000000000000006)
  expect(stressPnl(Float64Array.of(0.1, 0.2), Float64Array.of(1, 1), 0.1)).toBe(0.03);
});

test("MAXDRAWDOWN and DRAWDOWNREDUCTION: by hand, and numpy's running-maximum computation", () => {
  // 100, 120, 90, 130, 104: the worst fall is 120 → 90, 25% (130 → 104 is 20%)
  expect(maxDrawdown(Float64Array.of(100, 120, 90, 130, 104))).toBe(0.25);
  expect(maxDrawdown(Float64Array.of(100, 0, 50))).toBe(1); // a fall to 0 is 1
  expect(maxDrawdown(Float64Array.of(0, 0, 10, 5))).toBe(0.5); // no drawdown while the peak is 0
  expect(maxDrawdown(Float64Array.of(1, 2, 3))).toBe(0);
  // hedged 100, 110, 99: 10%; unhedged 25%: reduction 1 − 0.1/0.25 = 0.6
  expect(
    drawdownReduction(Float64Array.of(100, 120, 90, 130, 104), Float64Array.of(100, 110, 99))
  ).toBeCloseTo(0.6, 14);
  expect(relative(maxDrawdown(f64(ref.values)), ref.mdd)).toBeLessThan(1e-12);
  expect(
    relative(
      drawdownReduction(f64(ref.values), f64(ref.hedged_values)),
      1 - ref.mdd_hedged / ref.mdd
    )
  ).toBeLessThan(1e-12);
});
