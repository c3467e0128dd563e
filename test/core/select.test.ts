/**
 * src/core/select: order statistics without a sort — checked against a full sort done in the test and
 * against Excel's PERCENTILE.INC / numpy's default (linear) percentile.
 */
import {
  BRACKET_MIN,
  PercentileBracket,
  percentileInc,
  samplePositions,
  selectInPlace,
} from "../../src/core/select";

/** A reproducible series (a 32-bit LCG, Numerical Recipes' constants) with ties and both signs. */
function series(n: number, seed = 1): Float64Array {
  let state = seed >>> 0;
  return Float64Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.round((state / 2 ** 32 - 0.5) * 2000) / 100; // −10.00 … 10.00, many ties
  });
}

/** Type-7 percentile of a sorted copy, as numpy.percentile(…, method="linear") defines it. */
function sortedPercentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

test("selectInPlace puts at k what a sort puts there, smaller values before and larger after", () => {
  const values = series(1001, 7);
  const sorted = Float64Array.from(values).sort();
  for (const k of [0, 1, 500, 999, 1000]) {
    const a = Float64Array.from(values);
    expect(selectInPlace(a, k)).toBe(sorted[k]);
    expect(a[k]).toBe(sorted[k]);
    expect(a.subarray(0, k).every((v) => v <= a[k])).toBe(true);
    expect(a.subarray(k + 1).every((v) => v >= a[k])).toBe(true);
  }
});

test("PERCENTILE.INC of small series, by Excel's definition", () => {
  // PERCENTILE.INC({1,2,3,4}, 0.25): rank (4 − 1)·0.25 = 0.75 → 1 + 0.75·(2 − 1) = 1.75 (= numpy)
  expect(percentileInc(Float64Array.of(4, 1, 3, 2), 0.25)).toBe(1.75);
  // p = 0 and 1 are the minimum and maximum; one value is every percentile
  expect(percentileInc(Float64Array.of(3, -2, 8), 0)).toBe(-2);
  expect(percentileInc(Float64Array.of(3, -2, 8), 1)).toBe(8);
  expect(percentileInc(Float64Array.of(5), 0.3)).toBe(5);
  // 0..10 at 1 − 0.8: the rank 10 × 0.19999999999999996 is the whole rank 2 the user meant, as Excel
  // (15 digits) answers 2; numpy's float64 arithmetic would give 1.9999999999999996
  expect(
    percentileInc(
      Float64Array.from({ length: 11 }, (_, i) => i),
      1 - 0.8
    )
  ).toBe(2);
  // the input is left as it was
  const input = Float64Array.of(4, 1, 3, 2);
  percentileInc(input, 0.5);
  expect(Array.from(input)).toEqual([4, 1, 3, 2]);
});

test("PERCENTILE.INC of a long series (bracketed from a sample) equals the full sort's", () => {
  const values = series(BRACKET_MIN * 3 + 5, 11);
  for (const p of [0.01, 0.05, 0.5, 0.975, 0.99]) {
    expect(percentileInc(values, p)).toBeCloseTo(sortedPercentile(values, p), 12);
  }
});

test("samplePositions: the same ascending positions inside the series on every call", () => {
  const positions = samplePositions(100_000);
  expect(Array.from(samplePositions(100_000))).toEqual(Array.from(positions));
  expect(positions.every((v, i) => i === 0 || v >= positions[i - 1])).toBe(true);
  expect(Math.max(...positions)).toBeLessThan(100_000);
});

test("PercentileBracket fed in blocks gives the full sort's percentile, or says it cannot", () => {
  const values = series(BRACKET_MIN + 123, 3);
  const positions = samplePositions(values.length);
  const sample = Float64Array.from(positions, (i) => values[i]);
  const bracket = new PercentileBracket(0.05, sample, values.length);
  for (let from = 0; from < values.length; from += 512)
    bracket.add(values, from, Math.min(values.length, from + 512));
  expect(bracket.n).toBe(values.length);
  expect(bracket.result()).toBeCloseTo(sortedPercentile(values, 0.05), 12);
  // a sample that misses the wanted rank entirely (all of it above the data) cannot bracket it
  const misleading = new PercentileBracket(0.05, new Float64Array(4096).fill(100), values.length);
  misleading.add(values, 0, values.length);
  expect(misleading.result()).toBeUndefined();
});

test("two brackets alive at once: the older, whose buffer the newer took, cannot tell (never a wrong answer)", () => {
  const values = series(BRACKET_MIN + 7, 11);
  const positions = samplePositions(values.length);
  const sample = (): Float64Array => Float64Array.from(positions, (i) => values[i]);
  const older = new PercentileBracket(0.05, sample(), values.length);
  older.add(values, 0, values.length);
  const newer = new PercentileBracket(0.5, sample(), values.length);
  newer.add(values, 0, values.length);
  expect(older.result()).toBeUndefined();
  expect(newer.result()).toBeCloseTo(sortedPercentile(values, 0.5), 12); // the full sort's
});
