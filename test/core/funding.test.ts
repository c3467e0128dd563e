/** src/core/funding: perpetual funding — the spec's worked examples, exactly, and the arithmetic by hand. */
import { annualizedFunding, fundingCost } from "../../src/core/funding";

test("FUNDINGCOST: the spec's worked example, exactly", () => {
  const rates = Float64Array.of(0.0001, 0.0001, -0.00005);
  // spec: the short received 150; float64 gives -150.00000000000003
  expect(fundingCost(Float64Array.of(1e6, 1e6, 1e6), rates)).toBe(-150);
  expect(fundingCost(Float64Array.of(1e6, 1e6, 1e6), rates, 1)).toBe(150);
  // a changing notional: 1e6 × 0.0001 + 2e6 × 0.0001 − 3e6 × 0.00005 = 150 paid by a long
  expect(fundingCost(Float64Array.of(1e6, 2e6, 3e6), rates, 1)).toBe(150);
  expect(() => fundingCost(Float64Array.of(-1), Float64Array.of(0.0001))).toThrow(
    /position_notional must not be negative/
  );
});

test("ANNUALIZEDFUNDING: mean × periods per day × 365", () => {
  // mean(0.0001, 0.0001, −0.00005) = 0.00005 (numpy.mean), × 3 × 365 = 0.05475
  expect(annualizedFunding(Float64Array.of(0.0001, 0.0001, -0.00005))).toBeCloseTo(0.05475, 15);
  expect(annualizedFunding(Float64Array.of(0.0001, 0.0002), 24)).toBeCloseTo(
    0.00015 * 24 * 365,
    15
  );
  expect(() => annualizedFunding(new Float64Array(0))).toThrow(/at least one funding rate/);
  expect(() => annualizedFunding(Float64Array.of(0.01), 0)).toThrow(
    "periods_per_day must be greater than 0, got 0"
  );
});

test("FUNDINGCOST is exact in decimal where float64 drifts, and needs at least one rate", () => {
  // ten periods of 0.1 notional × 0.1 rate: 10 × 0.01 = 0.1 paid by a long (float64 sums to 0.10000000000000002)
  const tenth = new Float64Array(10).fill(0.1);
  expect(fundingCost(tenth, tenth, 1)).toBe(0.1);
  expect(() => fundingCost(new Float64Array(0), new Float64Array(0))).toThrow(
    /at least one funding rate/
  );
});
