/** src/core/basis: basis, roll and drift — spec examples, textbook conventions, decimal exactness. */
import { annualizedBasis, basis, basisDrift, rollYield } from "../../src/core/basis";

test("BASIS: futures minus spot, the crypto convention (Hull's spot − futures with the sign flipped)", () => {
  // Hull §3.3 example: spot 2.50, futures 2.20 → Hull's basis +0.30; ours is futures − spot = −0.30
  expect(basis(2.5, 2.2, "price")).toBe(-0.3); // exact in decimal (float64 gives -0.2999999999999998)
  expect(basis(100, 102)).toBe(0.02);
  expect(basis(0.3, 0.6, "percent")).toBe(1);
});

test("ANNUALIZEDBASIS simple and continuous", () => {
  // (102/100 − 1) × 365/30 and ln(1.02) × 365/30, by hand
  expect(annualizedBasis(100, 102, 30)).toBeCloseTo(0.02 * (365 / 30), 14);
  expect(annualizedBasis(100, 102, 30, "continuous")).toBeCloseTo(Math.log(1.02) * (365 / 30), 14);
  expect(() => annualizedBasis(100, 102, 0)).toThrow(
    "days_to_expiry must be greater than 0, got 0"
  );
});

test("ROLLYIELD: the spec's worked example and the long's mirror", () => {
  // spec: ROLLYIELD(100, 102, 30) = (2/102) × 365/30 ≈ 0.238562 for the default short
  expect(rollYield(100, 102, 30)).toBeCloseTo((2 / 102) * (365 / 30), 14);
  expect(rollYield(100, 102, 30)).toBeCloseTo(0.238562, 6);
  expect(rollYield(100, 102, 30, 1)).toBeCloseTo(-0.238562, 6);
  // backwardation: the short pays
  expect(rollYield(102, 100, 30)).toBeLessThan(0);
});

test("BASISDRIFT of a future against its own spot is the basis change as a share of price", () => {
  // spot 100 → 110, future 101 → 110.5 (basis 1 → 0.5): drift = 0.10 − 0.094059… = (by hand) 0.00594…
  const drift = basisDrift(Float64Array.of(100, 110), Float64Array.of(101, 110.5));
  expect(drift).toBeCloseTo(0.1 - (110.5 / 101 - 1), 15);
});
