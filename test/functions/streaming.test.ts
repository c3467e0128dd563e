/**
 * Differential tests of the one reading path (src/functions/excel.ts `readSeries`/`readPairs`): every
 * streamed function, called through the built bundle as Excel calls it, against its core accumulator
 * fed the same numbers from a plain array (../../src/core `feedSeries`/`feedPairs` inside each core
 * function). Blocks are cut the same way on both paths, so the answers must agree to the last bit.
 *
 * The inputs are past one block (512 numbers) and past the percentile bracket (32,768), with 1e9
 * offsets and non-numeric cells (blank, text, booleans, null) scattered in: what the reader skips and
 * the test's own filter skips must be the same cells. Where a simple independent reference exists (a
 * sort for PERCENTILE.INC, a plain loop for the drawdown), the test checks against it too.
 */
import { hedgeEffectiveness, rollingBeta, rollingCorrelation } from "../../src/core/effectiveness";
import { ValueAtRiskAccumulator, ewmaVol, maxDrawdown, valueAtRisk } from "../../src/core/risk";
import { BRACKET_MIN } from "../../src/core/select";
import { mvHedgeRatio } from "../../src/core/sizing";
import { BLOCK } from "../../src/core/stats";
import { excelErrorOf, loadBundle } from "../helpers/bundle";
import { mulberry32 } from "../helpers/numeric";

const { call } = loadBundle();

const ROWS = 40000; // past BRACKET_MIN and about 78 blocks
// "12": numeric text is not a number in a range; NaN and ±Infinity never come from Excel, and are
// skipped like text if a caller passes them
const NON_NUMERIC: unknown[] = ["", "n/a", true, false, null, "12", NaN, Infinity, -Infinity];

/** A column as Excel passes it, with a non-numeric cell at about 1 row in 20. */
function column(values: Float64Array, seed: number): unknown[][] {
  const random = mulberry32(seed);
  return Array.from(values, (v) =>
    random() < 0.05 ? [NON_NUMERIC[Math.floor(random() * NON_NUMERIC.length)]] : [v]
  );
}

/** The test's own reading: finite numbers only, in order (what AVERAGE or CORREL would use). */
const isNumber = (cell: unknown): cell is number =>
  typeof cell === "number" && Number.isFinite(cell);
const numbersOf = (range: unknown[][]): Float64Array =>
  Float64Array.from(range.map((row) => row[0]).filter(isNumber));
function pairsOf(a: unknown[][], b: unknown[][]): [Float64Array, Float64Array] {
  const x: number[] = [];
  const y: number[] = [];
  a.forEach((row, i) => {
    const u = row[0];
    const v = b[i][0];
    if (isNumber(u) && isNumber(v)) {
      x.push(u);
      y.push(v);
    }
  });
  return [Float64Array.from(x), Float64Array.from(y)];
}

/**
 * `spill` is the column the boundary makes of core values (NaN as "", -0 as 0), cell for cell; a
 * plain loop, since a deep equality of 40,000 rows takes seconds in jest.
 */
function expectSpillOf(spill: unknown, values: Float64Array): void {
  expect(Array.isArray(spill) && spill.length).toBe(values.length);
  const rows = spill as unknown[][];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const want = Number.isFinite(v) ? (v === 0 ? 0 : v) : "";
    if (rows[i].length !== 1 || !Object.is(rows[i][0], want)) {
      expect({ row: i, cells: rows[i] }).toEqual({ row: i, cells: [want] });
    }
  }
}

// Seeded data: returns of an item and a correlated hedge, and prices with a 1e9 offset.
const random = mulberry32(20261202);
const normal = (): number => {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
};
const hedgeReturns = Float64Array.from({ length: ROWS }, () => 0.03 * normal());
const itemReturns = Float64Array.from(hedgeReturns, (h) => 0.8 * h + 0.02 * normal());
const offsetPrices = new Float64Array(ROWS);
offsetPrices[0] = 1e9;
for (let i = 1; i < ROWS; i++) offsetPrices[i] = offsetPrices[i - 1] + 1000 * normal();
const offsetHedge = Float64Array.from(
  offsetPrices,
  (p, i) => 1e9 + 0.5 * (p - 1e9) + 200 * normal() + i
);

const item = column(itemReturns, 1);
const hedge = column(hedgeReturns, 2);
const prices = column(offsetPrices, 3);
const pricesHedge = column(offsetHedge, 4);
const asRow = (range: unknown[][]): unknown[][] => [range.map((row) => row[0])];

test("the inputs are what the tests claim: past one block and the percentile bracket, with gaps", () => {
  const numbers = numbersOf(item).length;
  expect(numbers).toBeGreaterThan(BRACKET_MIN);
  expect(numbers).toBeGreaterThan(BLOCK * 10);
  expect(numbers).toBeLessThan(ROWS); // some cells are skipped
  expect(pairsOf(item, hedge)[0].length).toBeLessThan(numbers); // pairs lose both sides' gaps
});

describe("one reading path agrees with the core accumulator fed from an array, to the last bit", () => {
  test("MVHEDGERATIO, ols and ewma, on returns and on 1e9-offset levels", () => {
    for (const [a, b] of [
      [item, hedge],
      [prices, pricesHedge],
    ]) {
      const [x, y] = pairsOf(a, b);
      expect(call("MVHEDGERATIO", a, b)).toBe(mvHedgeRatio(x, y, "ols"));
      expect(call("MVHEDGERATIO", a, b, "ewma", 0.97)).toBe(mvHedgeRatio(x, y, "ewma", 0.97));
      // a row reads as the column does
      expect(call("MVHEDGERATIO", asRow(a), asRow(b))).toBe(mvHedgeRatio(x, y, "ols"));
    }
  });

  test("ROLLINGCORREL and ROLLINGBETA, a short window and one window over everything", () => {
    const [x, y] = pairsOf(prices, pricesHedge);
    for (const window of [30, 700, x.length]) {
      expectSpillOf(
        call("ROLLINGCORREL", prices, pricesHedge, window),
        rollingCorrelation(x, y, window)
      );
      expectSpillOf(call("ROLLINGBETA", prices, pricesHedge, window), rollingBeta(x, y, window));
    }
  });

  test("EWMAVOL reads newest first, as the array path does", () => {
    const r = numbersOf(item);
    expect(call("EWMAVOL", item)).toBe(ewmaVol(r));
    expect(call("EWMAVOL", item, 0.999, 252)).toBe(ewmaVol(r, 0.999, 252));
    expect(call("EWMAVOL", asRow(item), 0.999, 252)).toBe(ewmaVol(r, 0.999, 252));
  });

  test("VALUEATRISK, historical through the percentile bracket, and the other methods", () => {
    const r = numbersOf(item);
    for (const confidence of [0.99, 0.95, 0.5]) {
      const streamed = call("VALUEATRISK", item, confidence);
      expect(streamed).toBe(valueAtRisk(r, confidence));
      // independent: PERCENTILE.INC by a full sort (numpy's "linear", Hyndman & Fan type 7)
      const sorted = Float64Array.from(r).sort();
      const h = (sorted.length - 1) * (1 - confidence);
      const lo = Math.floor(h);
      const q = sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]);
      expect(streamed).toBeCloseTo(-q, 15);
    }
    for (const method of ["parametric", "cornishfisher"] as const) {
      expect(call("VALUEATRISK", item, 0.99, method, 10, 1e6)).toBe(
        valueAtRisk(r, 0.99, method, 10, 1e6)
      );
    }
  });

  test("MAXDRAWDOWN on 1e9-offset values, against the array path and a plain loop", () => {
    const v = numbersOf(prices);
    const streamed = call("MAXDRAWDOWN", prices);
    expect(streamed).toBe(maxDrawdown(v));
    // independent: the running peak and the worst (peak − value)/peak, one division per value
    let peak = -Infinity;
    let worst = 0;
    for (const value of v) {
      peak = Math.max(peak, value);
      worst = Math.max(worst, (peak - value) / peak);
    }
    expect(streamed).toBe(worst);
    expect(worst).toBeGreaterThan(0);
  });

  test("every length around the block edges: 1 to 3 pairs, and one either side of 1 and 2 blocks", () => {
    for (const n of [
      1,
      2,
      3,
      BLOCK - 1,
      BLOCK,
      BLOCK + 1,
      2 * BLOCK - 1,
      2 * BLOCK,
      2 * BLOCK + 1,
    ]) {
      // n numeric pairs, with a blank row before each tenth one
      const a: unknown[][] = [];
      const b: unknown[][] = [];
      for (let i = 0; i < n; i++) {
        if (i % 10 === 9) {
          a.push([""]);
          b.push([""]);
        }
        a.push([itemReturns[i]]);
        b.push([hedgeReturns[i]]);
      }
      const [x, y] = pairsOf(a, b);
      expect(x.length).toBe(n);
      const same = (id: string, streamed: unknown, plain: () => number): void => {
        let expected: unknown;
        try {
          expected = plain();
        } catch {
          expected = "an error"; // too few values: both paths must fail
        }
        const got = typeof streamed === "number" ? streamed : "an error";
        expect({ id, n, got }).toEqual({ id, n, got: expected });
      };
      const attempt = (f: () => unknown): unknown => {
        try {
          return f();
        } catch {
          return "an error";
        }
      };
      same(
        "MVHEDGERATIO",
        attempt(() => call("MVHEDGERATIO", a, b)),
        () => mvHedgeRatio(x, y)
      );
      same(
        "EWMAVOL",
        attempt(() => call("EWMAVOL", a)),
        () => ewmaVol(x)
      );
      same(
        "MAXDRAWDOWN",
        attempt(() =>
          call(
            "MAXDRAWDOWN",
            a.map(([v]) => [v === "" ? "" : 100 + (v as number)])
          )
        ),
        () => maxDrawdown(x.map((v) => 100 + v))
      );
      same(
        "VALUEATRISK",
        attempt(() => call("VALUEATRISK", a, 0.95)),
        () => valueAtRisk(x, 0.95)
      );
    }
  });

  test("functions that collect the pairs read them through the same path", () => {
    const [x, y] = pairsOf(item, hedge);
    expect(call("HEDGEEFFECTIVENESS", item, hedge, "r2")).toBe(hedgeEffectiveness(x, y, "r2"));
  });
});

describe("when the streamed accumulator cannot tell, the whole series decides", () => {
  test("values beyond 1e140 (sums of squares may overflow): the plain two-pass, as the array path", () => {
    const big = Float64Array.from(hedgeReturns, (h) => h * 1e150);
    const bigItem = Float64Array.from(itemReturns, (v) => v * 1e150);
    const [x, y] = pairsOf(column(bigItem, 5), column(big, 6));
    const streamed = call("MVHEDGERATIO", column(bigItem, 5), column(big, 6));
    expect(streamed).toBe(mvHedgeRatio(x, y));
    // the data were built with a slope of 0.8 (plus independent noise): the answer is near it
    expect(streamed).toBeGreaterThan(0.7);
    expect(streamed).toBeLessThan(0.9);
    const [a, b] = pairsOf(column(bigItem, 5), column(big, 6));
    expectSpillOf(
      call("ROLLINGBETA", column(bigItem, 5), column(big, 6), 50),
      rollingBeta(a, b, 50)
    );
  });

  test("a percentile bracket from a sample that misses: the returns are selected whole", () => {
    const r = numbersOf(item);
    // a sample of the largest returns only: the 1% quantile lies far below its bracket
    const sample = Float64Array.from(r)
      .sort()
      .subarray(r.length - 4096);
    const missed = new ValueAtRiskAccumulator(0.99, "historical", 1, 1, r.length, sample);
    missed.add(r, 0, r.length);
    expect(missed.result()).toBeUndefined();
    expect(missed.resultFrom(r)).toBe(valueAtRisk(r, 0.99));
  });
});

describe("errors come as if the whole range had been read first", () => {
  /** `range` with row `at` made two cells wide (a malformed row, as a ragged array constant). */
  const broken = (range: unknown[][], at: number): unknown[][] =>
    range.map((row, i) => (i === at ? [row[0], 1] : row));

  test("a malformed row deep in a column is the shape error, even after an invalid argument", () => {
    const bad = broken(item, ROWS - 5);
    for (const error of [
      excelErrorOf(() => call("EWMAVOL", bad)),
      excelErrorOf(() => call("EWMAVOL", bad, 2)), // lambda out of range: still the shape first
      excelErrorOf(() => call("VALUEATRISK", bad, 0.99)),
      excelErrorOf(() => call("MVHEDGERATIO", bad, hedge, "nope")),
      excelErrorOf(() => call("ROLLINGCORREL", hedge, bad, 1)),
    ]) {
      expect(error.code).toBe("#VALUE!");
      expect(error.message).toMatch(/must be one column or one row/);
    }
  });

  test("a negative value before a malformed row: the shape error; alone: the negative value", () => {
    const negative = prices.map((row, i) => (i === 35000 ? [-1] : row));
    expect(excelErrorOf(() => call("MAXDRAWDOWN", broken(negative, 39000))).message).toMatch(
      /must be one column or one row/
    );
    const error = excelErrorOf(() => call("MAXDRAWDOWN", negative));
    expect(error.code).toBe("#NUM!");
    // its position counts numeric values, as the array path counts them
    const position = numbersOf(prices.slice(0, 35000)).length + 1;
    expect(error.message).toBe(`values must not be negative, got -1 (value ${position})`);
  });

  test("ranges of different lengths are #N/A before anything is read", () => {
    const error = excelErrorOf(() => call("MVHEDGERATIO", item, hedge.slice(1), "nope"));
    expect(error.code).toBe("#N/A");
  });
});
