/**
 * Funding of perpetual futures.
 *
 * A perpetual's price is tied to spot by periodic funding payments: when the funding rate is positive,
 * longs pay shorts `notional × rate` each period (every 8 hours on most venues, so 3 periods a day).
 * A short hedge therefore usually receives funding in a bullish market and pays it in a bearish one.
 */
import { numError, div0Error } from "./errors";
import { requirePositive, show } from "./checks";
import { add, multiply, scaled, toDouble, type Scaled } from "./exact";
import { mean } from "./stats";
import { money, toNumber } from "./money";
import { DAYS_PER_YEAR, type Side } from "./types";

/**
 * Funding paid by a perpetual position over the periods: `Σ side × notional_i × rate_i`; positive is
 * paid, negative received (longs pay positive funding, shorts receive it). `notionals` is aligned with
 * `rates` (a constant notional is repeated by the caller). Exact decimal arithmetic. O(n).
 *
 * @example fundingCost(Float64Array.of(1e6, 1e6, 1e6), Float64Array.of(0.0001, 0.0001, -0.00005)) // −150
 */
export function fundingCost(notionals: Float64Array, rates: Float64Array, side: Side = -1): number {
  if (rates.length === 0) throw div0Error("FUNDINGCOST needs at least one funding rate");
  for (let i = 0; i < notionals.length; i++) {
    if (!(notionals[i] >= 0)) {
      throw numError(
        `position_notional must not be negative, got ${show(notionals[i])} (value ${i + 1})`
      );
    }
  }
  let total: Scaled | undefined = scaled(0);
  for (let i = 0; i < rates.length && total; i++) {
    total = add(total, multiply(scaled(notionals[i]), scaled(rates[i])));
  }
  if (total) return side * toDouble(total);
  let sum = money(0);
  for (let i = 0; i < rates.length; i++) sum = sum.plus(money(notionals[i]).times(rates[i]));
  return toNumber(sum.times(side));
}

/**
 * Annualised funding rate: `mean(rates) × periods_per_day × 365` (3 periods a day on 8-hour venues).
 * O(n).
 * @example annualizedFunding(Float64Array.of(0.0001, 0.0001, -0.00005)) // 0.05475
 */
export function annualizedFunding(rates: Float64Array, periodsPerDay = 3): number {
  requirePositive(periodsPerDay, "periods_per_day");
  if (rates.length === 0) throw div0Error("ANNUALIZEDFUNDING needs at least one funding rate");
  return mean(rates) * periodsPerDay * DAYS_PER_YEAR;
}
