/**
 * HEDGERATIO, BASISDRIFT and MARGINBUFFER through the built bundle, called as Excel calls them.
 * Each expected value names its source.
 */
import { excelErrorOf, loadBundle } from "../helpers/bundle";

const bundle = loadBundle();
const { call } = bundle;
const col = (...values: unknown[]): unknown[][] => values.map((v) => [v]);

describe("functions.json", () => {
  test.each(["HEDGERATIO", "BASISDRIFT", "MARGINBUFFER"])(
    "%s is listed with a helpUrl and every parameter described",
    (id) => {
      const meta = bundle.metadata.functions.find((f) => f.id === id);
      expect(meta).toBeDefined();
      expect(meta!.helpUrl).toMatch(new RegExp(`^https://.+#${id}$`));
      expect(meta!.description?.length).toBeGreaterThan(20);
      expect(meta!.parameters.length).toBeGreaterThan(0);
      for (const p of meta!.parameters) expect(p.description?.length).toBeGreaterThan(10);
      expect(bundle.functions.has(id)).toBe(true);
    }
  );
});

describe("HEDGERATIO", () => {
  test("the spec's worked example: 1,000,000 exposure, 50,000 per contract, 80% effectiveness", () => {
    // 1,000,000 / 50,000 × 0.8 = 16 (spec/functions.md, worked examples)
    expect(call("HEDGERATIO", 1000000, 50000, 0.8)).toBe(16);
  });

  test("decimal arithmetic: 0.3 / 0.1 is exactly 3", () => {
    // spec: "=ALTHEDGE.HEDGERATIO(0.3, 0.1) is exactly 3"; float64 division gives 2.9999999999999996
    expect(0.3 / 0.1).not.toBe(3);
    expect(call("HEDGERATIO", 0.3, 0.1)).toBe(3);
    expect(call("HEDGERATIO", 0.7, 0.1)).toBe(7); // float64: 6.999999999999999
  });

  test("Hull's Example 3.3: 2,000,000 gallons, 42,000 per contract, h* = 0.78 → 37 contracts", () => {
    // Hull, Options, Futures, and Other Derivatives, Example 3.3: N* = 0.78 × 2,000,000 / 42,000 = 37.14 → 37
    expect(call("HEDGERATIO", 2000000, 42000, 0.78, "nearest")).toBe(37);
    expect(call("HEDGERATIO", 2000000, 42000, 0.78)).toBeCloseTo(37.142857142857, 11);
  });

  test("rounding by magnitude, as Excel's ROUNDDOWN and ROUNDUP; the sign follows exposure", () => {
    // −37.142857…: ROUNDDOWN → −37, ROUNDUP → −38, ROUND → −37 (Excel rounds by magnitude)
    expect(call("HEDGERATIO", -2000000, 42000, 0.78, "down")).toBe(-37);
    expect(call("HEDGERATIO", -2000000, 42000, 0.78, "UP")).toBe(-38);
    expect(call("HEDGERATIO", -2000000, 42000, 0.78, "Nearest")).toBe(-37);
    // 2.5 rounds half away from zero (Excel ROUND(2.5,0) = 3, ROUND(-2.5,0) = -3)
    expect(call("HEDGERATIO", 250, 100, 1, "nearest")).toBe(3);
    expect(call("HEDGERATIO", -250, 100, 1, "nearest")).toBe(-3);
  });

  test("arguments coerced as Excel coerces typed arguments; blanks take defaults", () => {
    expect(call("HEDGERATIO", "1000000", " 50000 ", "80%")).toBe(16);
    expect(call("HEDGERATIO", 1000000, 50000, "", "")).toBe(20); // blank effectiveness → 1
    expect(call("HEDGERATIO", 1000000, 50000, undefined, undefined)).toBe(20);
    expect(call("HEDGERATIO", [[1000000]], [[50000]])).toBe(20); // a one-cell range is its value
    expect(call("HEDGERATIO", 0, 50000)).toBe(0);
    expect(Object.is(call("HEDGERATIO", -0, 50000), 0)).toBe(true); // never −0 in a cell
  });

  test.each([
    ["blank exposure", ["", 50000], "#VALUE!", /exposure is required/],
    ["missing exposure", [null, 50000], "#VALUE!", /exposure is required/],
    ["text exposure", ["lots", 50000], "#VALUE!", /exposure must be a number, got the text "lots"/],
    ["zero contract notional", [1000000, 0], "#DIV/0!", /contract_notional is 0/],
    [
      "negative contract notional",
      [1000000, -50000],
      "#NUM!",
      /contract_notional must not be negative, got -50000/,
    ],
    [
      "negative effectiveness",
      [1000000, 50000, -0.5],
      "#NUM!",
      /hedge_effectiveness must not be negative, got -0.5/,
    ],
    [
      "unknown rounding",
      [1000000, 50000, 1, "bankers"],
      "#VALUE!",
      /rounding must be one of "none", "nearest", "down", "up", got "bankers"/,
    ],
    ["a range for a scalar", [[[1], [2]], 50000], "#VALUE!", /exposure must be a single value/],
  ])("%s → %s with a message", (_, args, code, message) => {
    const error = excelErrorOf(() => call("HEDGERATIO", ...(args as unknown[])));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message as RegExp);
  });
});

describe("BASISDRIFT", () => {
  test("Hull's basis-risk illustration: spot 2.50 → 2.00, futures 2.20 → 1.90", () => {
    // Hull, Options, Futures, and Other Derivatives, §3.3 (basis risk): S1 = 2.50, F1 = 2.20, S2 = 2.00,
    // F2 = 1.90. Item return −0.2, hedge return −0.3/2.2; drift = −0.2 + 3/22 = −1.4/22 = −0.063636…
    expect(call("BASISDRIFT", col(2.5, 2.0), col(2.2, 1.9))).toBeCloseTo(-1.4 / 22, 14);
  });

  test("window uses the last window + 1 prices; hedge_ratio scales the hedge leg", () => {
    // Last 3 prices: item 110 → 133.1 (+21%), hedge 52 → 60 (+8/52); 0.21 − 0.5 × 8/52 = 0.13307692…
    const item = col(100, 110, 121, 133.1);
    const hedge = col(50, 52, 56, 60);
    expect(call("BASISDRIFT", item, hedge, 0.5, 2)).toBeCloseTo(0.21 - 0.5 * (8 / 52), 14);
    // window 2.9 is truncated to 2 (Excel truncates integer arguments)
    expect(call("BASISDRIFT", item, hedge, 0.5, 2.9)).toBeCloseTo(0.21 - 0.5 * (8 / 52), 14);
    // whole series when window is omitted: 133.1/100 − 1 = 0.331; 60/50 − 1 = 0.2
    expect(call("BASISDRIFT", item, hedge)).toBeCloseTo(0.331 - 0.2, 14);
  });

  test("a pair is skipped when either side is non-numeric (as CORREL and SLOPE); rows work too", () => {
    // usable pairs (100, 50) and (121, 55): 0.21 − 0.1 = 0.11
    expect(call("BASISDRIFT", col(100, "", 110, 121), col(50, 51, "n/a", 55))).toBeCloseTo(
      0.11,
      14
    );
    expect(call("BASISDRIFT", [[100, true, 121]], [[50, 51, 55]])).toBeCloseTo(0.11, 14);
  });

  test.each([
    ["mismatched ranges", [col(1, 2, 3), col(1, 2)], "#N/A", /same number of cells, got 3 and 2/],
    [
      "a zero price",
      [col(100, 0, 110), col(50, 51, 52)],
      "#NUM!",
      /item_prices must all be greater than 0/,
    ],
    [
      "a negative hedge price",
      [col(100, 105), col(50, -51)],
      "#NUM!",
      /hedge_prices must all be greater than 0/,
    ],
    ["one pair only", [col(100, ""), col(50, 51)], "#DIV/0!", /needs 2 price pairs/],
    [
      "a window longer than the data",
      [col(100, 101, 102), col(50, 51, 52), 1, 5],
      "#DIV/0!",
      /needs 6 price pairs for a window of 5, got 3/,
    ],
    ["window 0", [col(100, 101), col(50, 51), 1, 0], "#NUM!", /window must be at least 1, got 0/],
    [
      "text hedge ratio",
      [col(100, 101), col(50, 51), "half"],
      "#VALUE!",
      /hedge_ratio must be a number/,
    ],
    [
      "a block, not a column",
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 4],
        ],
      ],
      "#VALUE!",
      /one column or one row, got 2 rows × 2 columns/,
    ],
    ["empty ranges", [[[""]], [[""]]], "#DIV/0!", /needs 2 price pairs/],
  ])("%s → %s with a message", (_, args, code, message) => {
    const error = excelErrorOf(() => call("BASISDRIFT", ...(args as unknown[])));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message as RegExp);
  });
});

describe("MARGINBUFFER", () => {
  // The spec's LIQPRICE convention (Binance: maintenance measured at the liquidation price) for a
  // linear position of q coins at P0 with collateral C: P_liq = (C − s·q·P0) / (q·m − s·q).
  const liqPrice = (P0: number, q: number, C: number, m: number, s: number): number =>
    (C - s * q * P0) / (q * m - s * q);

  test("long 1 coin at 2,000 with 200 collateral, m = 0.5%: the move to the spec's LIQPRICE example", () => {
    // spec worked example: LIQPRICE(2000, 1, 200, 0.005, 1) = 1800 / 0.995 ≈ 1809.045; adverse move = 1 − P_liq/P0
    const expected = 1 - liqPrice(2000, 1, 200, 0.005, 1) / 2000;
    expect(expected).toBeCloseTo(1 - 1809.0452261306532 / 2000, 12);
    expect(call("MARGINBUFFER", 200, 2000, 0.005, 1)).toBeCloseTo(expected, 14);
    expect(call("MARGINBUFFER", 200, 2000, 0.005, "LONG")).toBeCloseTo(expected, 14);
    expect(call("MARGINBUFFER", 200, 2000, 0.005, true)).toBeCloseTo(expected, 14); // TRUE is 1, long
  });

  test("short (the default side): the move up to the same convention's liquidation price", () => {
    // short: P_liq = (200 + 2000) / 1.005 = 2189.054…; move = P_liq/P0 − 1 = 0.095/1.005
    const expected = liqPrice(2000, 1, 200, 0.005, -1) / 2000 - 1;
    expect(call("MARGINBUFFER", 200, 2000, 0.005)).toBeCloseTo(expected, 14);
    expect(call("MARGINBUFFER", 200, 2000, 0.005, "short", "move")).toBeCloseTo(expected, 14);
  });

  test("excess and ratio outputs; below maintenance the move is negative", () => {
    // maintenance margin = 0.005 × 2000 = 10: excess 200 − 10 = 190, ratio 200 / 10 = 20 (exact in decimal)
    expect(call("MARGINBUFFER", 200, 2000, 0.005, -1, "excess")).toBe(190);
    expect(call("MARGINBUFFER", 200, 2000, 0.005, -1, "Ratio")).toBe(20);
    expect(call("MARGINBUFFER", 0.3, 30, 0.1, -1, "excess")).toBe(-2.7); // 0.3 − 3, exact
    // collateral 5 < maintenance 10: short move (0.0025 − 0.005) / 1.005 < 0
    expect(call("MARGINBUFFER", 5, 2000, 0.005)).toBeCloseTo((0.0025 - 0.005) / 1.005, 15);
  });

  test.each([
    ["zero notional", [200, 0, 0.005], "#DIV/0!", /position_notional is 0/],
    ["negative notional", [200, -2000, 0.005], "#NUM!", /position_notional must not be negative/],
    ["maintenance rate 1", [200, 2000, 1], "#NUM!", /maintenance_rate must be in \[0, 1\), got 1$/],
    [
      "negative maintenance rate",
      [200, 2000, -0.01],
      "#NUM!",
      /maintenance_rate must be in \[0, 1\), got -0.01/,
    ],
    [
      "ratio with zero maintenance",
      [200, 2000, 0, -1, "ratio"],
      "#DIV/0!",
      /maintenance_rate is 0/,
    ],
    ["side 2", [200, 2000, 0.005, 2], "#VALUE!", /side must be -1 or "short", 1 or "long", got 2/],
    ["side text", [200, 2000, 0.005, "flat"], "#VALUE!", /got "flat"/],
    ["side FALSE", [200, 2000, 0.005, false], "#VALUE!", /side must be/],
    [
      "unknown output",
      [200, 2000, 0.005, -1, "pct"],
      "#VALUE!",
      /output must be one of "move", "excess", "ratio", got "pct"/,
    ],
    ["blank collateral", ["", 2000, 0.005], "#VALUE!", /collateral is required/],
    ["text notional", [200, "big", 0.005], "#VALUE!", /position_notional must be a number/],
  ])("%s → %s with a message", (_, args, code, message) => {
    const error = excelErrorOf(() => call("MARGINBUFFER", ...(args as unknown[])));
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message as RegExp);
  });
});
