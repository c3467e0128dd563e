/** The options functions through the built bundle, called as Excel calls them. */
import { excelErrorOf, loadBundle } from "../helpers/bundle";

const { call } = loadBundle();

test("defaults: rate 0, type put, unit quote; modes are case-insensitive", () => {
  // MathWorks blkprice example (F = K = 20, r = 9%, T = 4/12, σ = 25%): 1.1166 for both call and put
  expect(call("BLACK76", 20, 20, 4 / 12, 0.25, 0.09)).toBeCloseTo(1.1166, 4);
  expect(call("BLACK76", 20, 20, 4 / 12, 0.25, 0.09, "CALL", "Quote")).toBeCloseTo(1.1166, 4);
  expect(call("BLACK76", 20, 20, 4 / 12, 0.25, "", "", "")).toBe(
    call("BLACK76", 20, 20, 4 / 12, 0.25, 0, "put", "quote")
  );
  expect(call("OPTIONDELTA", 20, 20, 4 / 12, 0.25)).toBeLessThan(0); // a put by default
});

test("IMPLIEDVOL inverts BLACK76 through the registered functions", () => {
  const premium = call("BLACK76", 60000, 55000, 45 / 365, 0.72, 0.03, "call", "coin") as number;
  expect(call("IMPLIEDVOL", premium, 60000, 55000, 45 / 365, 0.03, "call", "coin")).toBeCloseTo(
    0.72,
    10
  );
});

test.each([
  ["BLACK76", [20, 20, 0.5, 0], "#NUM!", /volatility must be greater than 0, got 0/],
  ["BLACK76", [20, 20, 0.5, -0.2], "#NUM!", /volatility must be greater than 0/],
  ["BLACK76", [0, 20, 0.5, 0.2], "#NUM!", /forward must be greater than 0/],
  ["BLACK76", [20, -5, 0.5, 0.2], "#NUM!", /strike must be greater than 0/],
  ["BLACK76", [20, 20, -1, 0.2], "#NUM!", /years must not be negative/],
  [
    "BLACK76",
    [20, 20, 0.5, 0.2, 0, "straddle"],
    "#VALUE!",
    /type must be one of "call", "put", got "straddle"/,
  ],
  [
    "BLACK76",
    [20, 20, 0.5, 0.2, 0, "put", "usd"],
    "#VALUE!",
    /unit must be one of "quote", "coin"/,
  ],
  ["BLACK76", ["", 20, 0.5, 0.2], "#VALUE!", /forward is required/],
  ["OPTIONDELTA", [20, 20, 0.5, "high"], "#VALUE!", /volatility must be a number/],
  ["IMPLIEDVOL", [1, 20, 20, 0], "#NUM!", /years is 0/],
  ["IMPLIEDVOL", [21, 20, 20, 0.5, 0, "call"], "#NUM!", /no-arbitrage bounds/],
  ["IMPLIEDVOL", [0.0, 20, 20, 0.5, 0, "call"], "#NUM!", /no-arbitrage bounds/],
  ["COLLARCOST", [100, 90, 110, 0.25, 0, 0.7], "#NUM!", /put_vol must be greater than 0/],
  ["COLLARCOST", [100, 90, 0, 0.25, 0.8, 0.7], "#NUM!", /call_strike must be greater than 0/],
])("%s(%j) → %s", (id, args, code, message) => {
  const error = excelErrorOf(() => call(id as string, ...(args as unknown[])));
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message as RegExp);
});
