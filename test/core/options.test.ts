/**
 * Black-76 against published examples and scipy; implied volatility round trips; put–call parity.
 */
import fixture from "../fixtures/options.json";
import {
  black76,
  collarCost,
  impliedVol,
  optionDelta,
  type OptionType,
} from "../../src/core/options";

const close = (actual: number, expected: number, relative: number, absolute = 0): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    Math.max(relative * Math.abs(expected), absolute)
  );
};

test("MathWorks' blkprice example: F = K = 20, r = 9%, T = 4/12, σ = 25% → 1.1166 (call and put)", () => {
  // MathWorks Financial Toolbox, blkprice documentation: [Call, Put] = blkprice(20, 20, 0.09, 4/12, 0.25) → 1.1166
  const inputs = { forward: 20, strike: 20, years: 4 / 12, volatility: 0.25, rate: 0.09 };
  expect(black76(inputs, "call")).toBeCloseTo(1.1166, 4);
  expect(black76(inputs, "put")).toBeCloseTo(1.1166, 4);
});

test("Hull's Black's-model example: European put on futures, F0 = K = 20, r = 9%, T = 4 months, σ = 25% → 1.12", () => {
  // Hull, Options, Futures, and Other Derivatives (8th ed.), Example 18.9: the put is worth 1.12
  expect(
    black76({ forward: 20, strike: 20, years: 4 / 12, volatility: 0.25, rate: 0.09 }, "put")
  ).toBeCloseTo(1.12, 2);
});

test.each(fixture.cases.map((c) => [c.type, c.strike, c.years, c.volatility, c.rate, c] as const))(
  "%s K=%d T=%f σ=%f r=%f matches scipy (premium and delta)",
  (_type, _k, _t, _s, _r, c) => {
    const inputs = {
      forward: c.forward,
      strike: c.strike,
      years: c.years,
      volatility: c.volatility,
      rate: c.rate,
    };
    // scipy.stats.norm on the same formula (scripts/reference/options.py); tiny OTM premiums absolutely
    close(black76(inputs, c.type as OptionType), c.premium, 1e-9, 1e-9);
    close(optionDelta(inputs, c.type as OptionType), c.delta, 1e-9, 1e-12);
  }
);

test("implied volatility reproduces every scipy premium to 1e-10 relative", () => {
  let checked = 0;
  for (const c of fixture.cases) {
    const inputs = {
      forward: c.forward,
      strike: c.strike,
      years: c.years,
      volatility: c.volatility,
      rate: c.rate,
    };
    const intrinsic =
      Math.exp(-c.rate * c.years) *
      Math.max(c.type === "call" ? c.forward - c.strike : c.strike - c.forward, 0);
    // premiums within 1e-9 of intrinsic carry no volatility information in float64
    if (c.premium - intrinsic < 1e-6 * c.forward) continue;
    const sigma = impliedVol(c.premium, c.forward, c.strike, c.years, c.rate, c.type as OptionType);
    const repriced = black76({ ...inputs, volatility: sigma }, c.type as OptionType);
    close(repriced, c.premium, 1e-10);
    checked++;
  }
  expect(checked).toBeGreaterThan(250); // 282 of the 360 cases carry time value; the rest are deep ITM/OTM at 1 day
});

test("put–call parity c − p = e^(−rT)(F − K) (Hull §18.8)", () => {
  for (const strike of [40000, 60000, 90000]) {
    const inputs = { forward: 60000, strike, years: 0.5, volatility: 0.7, rate: 0.04 };
    const parity = Math.exp(-0.04 * 0.5) * (60000 - strike);
    close(black76(inputs, "call") - black76(inputs, "put"), parity, 1e-12, 1e-8);
    // deltas: call − put = e^(−rT)
    close(optionDelta(inputs, "call") - optionDelta(inputs, "put"), Math.exp(-0.04 * 0.5), 1e-12);
  }
});

test("coin units: premium ÷ forward, premium-adjusted delta = delta − premium in coin", () => {
  const inputs = { forward: 60000, strike: 50000, years: 0.25, volatility: 0.6, rate: 0 };
  close(black76(inputs, "put", "coin"), black76(inputs, "put") / 60000, 1e-15);
  close(
    optionDelta(inputs, "call", "coin"),
    optionDelta(inputs, "call") - black76(inputs, "call") / 60000,
    1e-15
  );
  close(
    impliedVol(black76(inputs, "put", "coin"), 60000, 50000, 0.25, 0, "put", "coin"),
    0.6,
    1e-10
  );
});

test("expiry: intrinsic value and the delta of the payoff", () => {
  const at = (forward: number, type: OptionType) => ({
    premium: black76({ forward, strike: 100, years: 0, volatility: 0.5, rate: 0.05 }, type),
    delta: optionDelta({ forward, strike: 100, years: 0, volatility: 0.5, rate: 0.05 }, type),
  });
  expect(at(120, "call")).toEqual({ premium: 20, delta: 1 });
  expect(at(80, "call")).toEqual({ premium: 0, delta: 0 });
  expect(at(100, "call")).toEqual({ premium: 0, delta: 0.5 });
  expect(at(80, "put")).toEqual({ premium: 20, delta: -1 });
  expect(at(120, "put")).toEqual({ premium: 0, delta: 0 });
  expect(at(100, "put")).toEqual({ premium: 0, delta: -0.5 });
});

test("collar cost is put minus call; a wide call strike makes it a debit, a close one a credit", () => {
  const put = black76({ forward: 100, strike: 90, years: 0.25, volatility: 0.8, rate: 0 }, "put");
  const call = black76(
    { forward: 100, strike: 110, years: 0.25, volatility: 0.7, rate: 0 },
    "call"
  );
  close(collarCost(100, 90, 110, 0.25, 0.8, 0.7), put - call, 1e-15);
  expect(collarCost(100, 90, 101, 0.25, 0.8, 0.8)).toBeLessThan(0);
});

test("domain errors name the bad value", () => {
  const inputs = { forward: 20, strike: 20, years: 0.5, volatility: 0.25, rate: 0 };
  expect(() => black76({ ...inputs, volatility: 0 })).toThrow(
    "volatility must be greater than 0, got 0"
  );
  expect(() => black76({ ...inputs, forward: -1 })).toThrow(
    "forward must be greater than 0, got -1"
  );
  expect(() => black76({ ...inputs, years: -0.1 })).toThrow("years must not be negative, got -0.1");
  expect(() => impliedVol(0.1, 20, 20, 0)).toThrow(/years is 0/);
  expect(() => impliedVol(25, 20, 20, 0.5, 0, "call")).toThrow(/outside the no-arbitrage bounds/);
  expect(() => impliedVol(0, 20, 20, 0.5, 0, "call")).toThrow(/outside the no-arbitrage bounds/);
});
