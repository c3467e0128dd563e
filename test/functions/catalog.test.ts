/**
 * The rest of the catalog through the built bundle: the spec's error rules and shapes as Excel sees them.
 * (Reference values are tested in test/core; documented examples in docs.test.ts.)
 */
import { excelErrorOf, loadBundle } from "../helpers/bundle";

const bundle = loadBundle();
const { call } = bundle;
const col = (...values: unknown[]): unknown[][] => values.map((v) => [v]);
const r1 = col(0.01, -0.02, 0.015, 0.03, -0.01, 0.02);
const r2 = col(0.012, -0.018, 0.01, 0.025, -0.015, 0.018);

test("all 32 functions of the spec are in functions.json, registered, and every parameter is described", () => {
  expect(bundle.metadata.functions).toHaveLength(32);
  for (const f of bundle.metadata.functions) {
    expect(bundle.functions.has(f.id)).toBe(true);
    expect(f.helpUrl).toBe(`https://althedge.example.com/addin/help.html#${f.id}`);
    for (const p of f.parameters) expect((p.description ?? "").length).toBeGreaterThan(10);
  }
});

test.each([
  // windows and counts (spec: "Domains not listed per function")
  ["ROLLINGCORREL", [r1, r2, 1], "#NUM!", /window must be at least 2, got 1/],
  ["ROLLINGCORREL", [r1, r2, 7], "#DIV/0!", /longer than the data: 6 usable pairs/],
  ["ROLLINGBETA", [r1, r2, 1.9], "#NUM!", /window must be at least 2, got 1/], // truncated to 1
  ["ROLLINGBETA", [r1, col(1, 2), 2], "#N/A", /same number of cells/],
  // lambda, confidence, periods
  ["MVHEDGERATIO", [r1, r2, "ols", 1], "#NUM!", /lambda must be between 0 and 1/], // checked whatever the method
  ["EWMAVOL", [r1, 0], "#NUM!", /lambda/],
  ["EWMAVOL", [r1, 0.94, 0], "#NUM!", /periods_per_year must be greater than 0/],
  ["VALUEATRISK", [r1, 1], "#NUM!", /confidence must be between 0 and 1/],
  [
    "VALUEATRISK",
    [r1, 0.99, "montecarlo"],
    "#VALUE!",
    /method must be one of "historical", "parametric", "cornishfisher"/,
  ],
  // spec revision 2026-12-02: historical and parametric need 2 returns, cornishfisher 4 (KURT)
  ["VALUEATRISK", [col(0.01), 0.99], "#DIV/0!", /at least 2 returns, got 1/],
  ["VALUEATRISK", [col(0.01), 0.99, "parametric"], "#DIV/0!", /at least 2 returns, got 1/],
  [
    "VALUEATRISK",
    [col(0.01, 0.02, 0.03), 0.99, "cornishfisher"],
    "#DIV/0!",
    /at least 4 returns with cornishfisher, got 3/,
  ],
  [
    "EXPECTEDSHORTFALL",
    [r1, 0.975, "cornishfisher"],
    "#VALUE!",
    /"historical", "parametric", got "cornishfisher"/,
  ],
  ["VALUEATRISK", [r1, 0.99, "historical", 0], "#NUM!", /horizon_days must be greater than 0/],
  ["ANNUALIZEDFUNDING", [r1, 0], "#NUM!", /periods_per_day must be greater than 0/],
  // prices and shapes
  ["RETURNS", [col(100, 0, 110)], "#NUM!", /prices must all be greater than 0/],
  ["RETURNS", [col(100)], "#DIV/0!", /at least 2 prices/],
  ["MAXDRAWDOWN", [col(100, -5)], "#NUM!", /values must not be negative/],
  ["DRAWDOWNREDUCTION", [col(100, 110, 120), col(100, 90)], "#DIV/0!", /no drawdown/],
  ["HEDGEEFFECTIVENESS", [col(-100, 50), col(95, -52), "r2"], "#DIV/0!", /needs at least 3 pairs/],
  ["HEDGEEFFECTIVENESS", [col(1, -1), col(1, 1), "dollaroffset"], "#DIV/0!", /sum to 0/],
  ["HEDGEEFFECTIVENESS", [col(1, 2, 3), col(1, 2, 3), "ratio"], "#VALUE!", /method must be one of/],
  [
    "TIEREDHEDGE",
    [0.8, [[1, 0.5]], [[0.5, 0.75, 1]]],
    "#NUM!",
    /strictly ascending, got 1 then 0.5/,
  ],
  [
    "TIEREDHEDGE",
    [0.8, [[0.5, 1]], [[0.5, 0.75]]],
    "#VALUE!",
    /needs one more value than vol_thresholds \(3\), got 2/,
  ],
  ["TIEREDHEDGE", [-0.1, [[0.5]], [[0.5, 1]]], "#NUM!", /volatility must not be negative/],
  ["DAYSTOLIQUIDATE", [1e6, 0], "#DIV/0!", /avg_daily_volume is 0/],
  ["DAYSTOLIQUIDATE", [1e6, -5], "#NUM!", /avg_daily_volume must not be negative/],
  ["DAYSTOLIQUIDATE", [1e6, 1e7, 0], "#NUM!", /participation must be in \(0, 1\], got 0/],
  ["DAYSTOLIQUIDATE", [1e6, 1e7, 1.5], "#NUM!", /participation must be in \(0, 1\]/],
  ["LIQUIDITYTIER", [1e6, 1e7, 0.1, [[5, 1]]], "#NUM!", /tier_days must be strictly ascending/],
  [
    "LIQUIDITYTIER",
    [1e6, 1e7, 0.1, [[1, 5]], [["A", "B"]]],
    "#VALUE!",
    /labels needs one more entry/,
  ],
  ["LIQPRICE", [2000, 1, 200, 0.005, "flat"], "#VALUE!", /side must be/],
  [
    "LIQPRICE",
    [2000, 1, 200, 0.005, 1, "quanto"],
    "#VALUE!",
    /contract must be one of "linear", "inverse"/,
  ],
  ["LIQPRICE", [2000, 1, 2000, 0.005, 1], "#N/A", /cannot be liquidated/],
  ["LIQPRICE", [2000, 0, 200, 0.005], "#NUM!", /size must be greater than 0/],
  [
    "FUNDINGCOST",
    [col(1e6, 1e6), col(0.0001, 0.0001, 0.0001)],
    "#N/A",
    /as many cells as funding_rates/,
  ],
  ["FUNDINGCOST", [-1e6, col(0.0001)], "#NUM!", /position_notional must not be negative/],
  ["ROLLSCHEDULE", [100, 46351, 0], "#NUM!", /roll_days must be at least 1/],
  // spec revision 2026-12-02: at most 3,660 days (ten years of daily clips)
  ["ROLLSCHEDULE", [100, 46351, 3661], "#NUM!", /roll_days must be at most 3660/],
  ["ROLLSCHEDULE", [100, 46351, 3, 25], "#NUM!", /use at least 4 roll_days/],
  ["ROLLSCHEDULE", [100, "someday", 3], "#VALUE!", /start_date must be a number/],
  [
    "STRESSPNL",
    [col(1, 2), col(1, 1), -0.3, 0, col(0.1)],
    "#N/A",
    /idiosyncratic_shocks must have as many cells/,
  ],
  [
    "PROXYWEIGHTS",
    [
      col(1, 2, 3),
      [
        [1, 2],
        [3, 4],
      ],
    ],
    "#N/A",
    /same number of rows/,
  ],
  ["ANNUALIZEDBASIS", [100, 102, 0], "#NUM!", /days_to_expiry must be greater than 0/],
  ["BASIS", [100, 102, "bps"], "#VALUE!", /output must be one of "percent", "price"/],
])("%s(%j) → %s with a message", (id, args, code, message) => {
  const error = excelErrorOf(() => call(id as string, ...(args as unknown[])));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message as RegExp);
});

test("spills are 2-D, in the input's orientation, and never hold an error", () => {
  expect(call("RETURNS", col(100, 110, 99))).toEqual([
    [0.10000000000000009],
    [-0.09999999999999998],
  ]);
  expect(call("RETURNS", [[100, 110, 99]])).toEqual([[0.10000000000000009, -0.09999999999999998]]);
  // a zero-variance window spills "" (x constant in the first window)
  expect(call("ROLLINGCORREL", col(1, 1, 1, 2), col(1, 2, 3, 4), 3)).toEqual([
    [""],
    [expect.any(Number)],
  ]);
  // HEDGETEST with item changes summing to 0: the dollar offset has no value, the test is not effective
  const table = call("HEDGETEST", col(10, -10, 5, -5), col(-9, 10, -6, 4)) as unknown[][];
  expect(table.map((row) => row[0])).toEqual([
    "Dollar offset",
    "Regression slope",
    "R squared",
    "Variance reduction",
    "Assessment",
  ]);
  expect(table[0][1]).toBe("");
  expect(table[4][1]).toBe("Not effective");
  expect(
    call("PROXYWEIGHTS", col(0.006, 0.002, 0.008, 0.004, -0.015, 0.019), [
      [0.01, 0],
      [-0.01, 0.02],
      [0.02, -0.01],
      [0, 0.01],
      [-0.02, -0.02],
      [0.03, 0.01],
    ])
  ).toEqual([[expect.closeTo(0.5, 12), expect.closeTo(0.3, 12)]]);
});

test("ROLLSCHEDULE reads ISO date text as Excel's date serial", () => {
  // 2026-11-25 is serial 46351 in Excel's 1900 date system (days since 1899-12-30)
  const plan = call("ROLLSCHEDULE", 10, "2026-11-25", 2) as unknown[][];
  expect(plan[1][0]).toBe(46351);
  expect(excelErrorOf(() => call("ROLLSCHEDULE", 10, "2026-02-30", 2)).code).toBe("#VALUE!");
});

test("STRESSPNL skips a position without a beta and counts a blank idiosyncratic shock as 0", () => {
  // (1,000,000 × (1.2 × −0.3 + 0.05)) + (500,000 × (1.5 × −0.3 + 0)) + (−1,500,000 × −0.3) = −310,000 − 225,000 + 450,000
  const pnl = call(
    "STRESSPNL",
    col(1e6, 5e5, 2e5),
    col(1.2, 1.5, "n/a"),
    -0.3,
    -1.5e6,
    col(0.05, "", 0.9)
  );
  expect(pnl).toBe(-85000);
});
