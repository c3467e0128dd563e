/* Excel face of src/core/options.ts (Black-76 on the future or forward). */
import {
  OPTION_TYPES,
  PREMIUM_UNITS,
  black76,
  collarCost,
  impliedVol,
  optionDelta,
  type BlackInputs,
} from "../core/options";
import { excel, mode, num, optNum } from "./excel";

function blackInputs(
  forward: any,
  strike: any,
  years: any,
  volatility: any,
  rate: any
): BlackInputs {
  return {
    forward: num(forward, "forward"),
    strike: num(strike, "strike"),
    years: num(years, "years"),
    volatility: num(volatility, "volatility"),
    rate: optNum(rate, "rate", 0),
  };
}

/**
 * Black-76 premium of a European option on a future or forward, per unit of underlying.
 * @customfunction BLACK76
 * @helpurl https://localhost:3000/help.html#BLACK76
 * @param forward Forward or futures price of the expiry, in quote currency. Must be greater than 0.
 * @param strike Strike price, in quote currency. Must be greater than 0.
 * @param years Time to expiry in years (days ÷ 365). 0 gives the intrinsic value.
 * @param volatility Annualised implied volatility as a decimal (0.6 = 60%). Must be greater than 0.
 * @param [rate] Continuously compounded discount rate as a decimal. Default 0.
 * @param [type] "put" (default) or "call".
 * @param [unit] "quote" (default): premium in quote currency; "coin": in the coin, premium ÷ forward (coin-settled options such as Deribit's).
 * @returns Premium per one unit of underlying.
 * @remarks Call e^(−rT)(F·N(d1) − K·N(d2)), put e^(−rT)(K·N(−d2) − F·N(−d1)), d1 = (ln(F/K) + σ²T/2) ÷ σ√T, d2 = d1 − σ√T (Black, 1976; Hull, Options, Futures, and Other Derivatives, §18.8). Normal distribution from stdlib.
 * @throws #NUM! when forward, strike or volatility is 0 or negative, or years is negative.
 * @throws #VALUE! when an argument is missing or not a number, or type or unit is unknown.
 * @example =ALTHEDGE.BLACK76(20, 20, 0.333333333333333, 0.25, 0.09, "call") → ≈ 1.1166 — MathWorks' blkprice example (F = K = 20, r = 9%, T = 4 months, σ = 25%)
 * @example =ALTHEDGE.BLACK76(60000, 50000, 0.25, 0.6, 0, "put", "coin") → ≈ 0.045338 — a 3-month BTC put quoted in BTC (scipy: 2720.28 ÷ 60000)
 */
export function black76Fn(
  forward: any,
  strike: any,
  years: any,
  volatility: any,
  rate?: any,
  type?: any,
  unit?: any
): number {
  return excel(() =>
    black76(
      blackInputs(forward, strike, years, volatility, rate),
      mode(type, "type", OPTION_TYPES, "put"),
      mode(unit, "unit", PREMIUM_UNITS, "quote")
    )
  );
}

/**
 * Black-76 delta of an option on a future or forward: the futures position that hedges one option.
 * @customfunction OPTIONDELTA
 * @helpurl https://localhost:3000/help.html#OPTIONDELTA
 * @param forward Forward or futures price of the expiry, in quote currency. Must be greater than 0.
 * @param strike Strike price, in quote currency. Must be greater than 0.
 * @param years Time to expiry in years. 0 gives the delta of the payoff.
 * @param volatility Annualised implied volatility as a decimal. Must be greater than 0.
 * @param [rate] Continuously compounded discount rate as a decimal. Default 0.
 * @param [type] "put" (default) or "call".
 * @param [unit] "quote" (default): the Black-76 delta; "coin": the premium-adjusted delta of a coin-settled option (delta − premium in coin).
 * @returns Delta per unit of underlying (call between 0 and 1, put between −1 and 0).
 * @remarks Call e^(−rT)·N(d1), put −e^(−rT)·N(−d1) (Hull §18.8, §19.x on delta); coin-settled: delta − premium ÷ forward, because the premium itself is held in the coin. At years = 0: call 1, 0 or 0.5 in, out of or at the money; put −1, 0, −0.5.
 * @throws #NUM! when forward, strike or volatility is 0 or negative, or years is negative.
 * @throws #VALUE! when an argument is missing or not a number, or type or unit is unknown.
 * @example =ALTHEDGE.OPTIONDELTA(20, 20, 0.333333333333333, 0.25, 0.09, "call") → ≈ 0.5131 — e^(−0.03)·N(0.07217) (scipy)
 * @example =ALTHEDGE.OPTIONDELTA(100, 90, 0, 0.5, 0, "put") → 0 — expired out of the money
 */
export function optionDeltaFn(
  forward: any,
  strike: any,
  years: any,
  volatility: any,
  rate?: any,
  type?: any,
  unit?: any
): number {
  return excel(() =>
    optionDelta(
      blackInputs(forward, strike, years, volatility, rate),
      mode(type, "type", OPTION_TYPES, "put"),
      mode(unit, "unit", PREMIUM_UNITS, "quote")
    )
  );
}

/**
 * Implied volatility: the Black-76 volatility that reproduces an option premium.
 * @customfunction IMPLIEDVOL
 * @helpurl https://localhost:3000/help.html#IMPLIEDVOL
 * @param premium Option premium per unit of underlying, in the chosen unit.
 * @param forward Forward or futures price of the expiry, in quote currency. Must be greater than 0.
 * @param strike Strike price, in quote currency. Must be greater than 0.
 * @param years Time to expiry in years. Must be greater than 0.
 * @param [rate] Continuously compounded discount rate as a decimal. Default 0.
 * @param [type] "put" (default) or "call".
 * @param [unit] "quote" (default) or "coin" (premium quoted in the coin, as on Deribit).
 * @returns Annualised volatility as a decimal.
 * @remarks Solves BLACK76(σ) = premium to 1e-10 relative: safeguarded Newton steps on the out-of-the-money side (put–call parity c − p = e^(−rT)(F − K) converts an in-the-money premium).
 * @throws #NUM! when the premium is outside the no-arbitrage bounds (at or below intrinsic value, at or above the discounted forward or strike), years is 0 or negative, or forward or strike is not positive.
 * @throws #VALUE! when an argument is missing or not a number, or type or unit is unknown.
 * @example =ALTHEDGE.IMPLIEDVOL(1.1166, 20, 20, 0.333333333333333, 0.09, "call") → ≈ 0.25 — inverts MathWorks' blkprice example
 * @example =ALTHEDGE.IMPLIEDVOL(0.5, 20, 20, 0.333333333333333, 0.09, "put") → ≈ 0.1119 — scipy brentq on the same Black-76 put
 */
export function impliedVolFn(
  premium: any,
  forward: any,
  strike: any,
  years: any,
  rate?: any,
  type?: any,
  unit?: any
): number {
  return excel(() =>
    impliedVol(
      num(premium, "premium"),
      num(forward, "forward"),
      num(strike, "strike"),
      num(years, "years"),
      optNum(rate, "rate", 0),
      mode(type, "type", OPTION_TYPES, "put"),
      mode(unit, "unit", PREMIUM_UNITS, "quote")
    )
  );
}

/**
 * Cost of a collar: put premium minus call premium per unit (negative = a net credit).
 * @customfunction COLLARCOST
 * @helpurl https://localhost:3000/help.html#COLLARCOST
 * @param forward Forward or futures price of the expiry, in quote currency. Must be greater than 0.
 * @param put_strike Strike of the protective put bought. Must be greater than 0.
 * @param call_strike Strike of the call sold to finance it. Must be greater than 0.
 * @param years Time to expiry in years.
 * @param put_vol Implied volatility of the put as a decimal. Must be greater than 0.
 * @param call_vol Implied volatility of the call as a decimal. Must be greater than 0.
 * @param [rate] Continuously compounded discount rate as a decimal. Default 0.
 * @param [unit] "quote" (default) or "coin" (÷ forward).
 * @returns Net premium paid per unit of underlying.
 * @remarks BLACK76(forward, put_strike, years, put_vol, rate, "put") − BLACK76(forward, call_strike, years, call_vol, rate, "call"). Options cap the downside without fully neutralising the upside (the seed article), and the collar's call finances the put.
 * @throws #NUM! when a price, strike or volatility is 0 or negative, or years is negative.
 * @throws #VALUE! when an argument is missing or not a number, or unit is unknown.
 * @example =ALTHEDGE.COLLARCOST(100, 90, 110, 0.25, 0.8, 0.7) → ≈ 0.4531 — a 90/110 collar, 3 months, put skew 80% vs 70% (scipy)
 */
export function collarCostFn(
  forward: any,
  put_strike: any,
  call_strike: any,
  years: any,
  put_vol: any,
  call_vol: any,
  rate?: any,
  unit?: any
): number {
  return excel(() =>
    collarCost(
      num(forward, "forward"),
      num(put_strike, "put_strike"),
      num(call_strike, "call_strike"),
      num(years, "years"),
      num(put_vol, "put_vol"),
      num(call_vol, "call_vol"),
      optNum(rate, "rate", 0),
      mode(unit, "unit", PREMIUM_UNITS, "quote")
    )
  );
}
