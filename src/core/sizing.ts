/**
 * Sizing: how many contracts a hedge needs.
 */
import Decimal from "decimal.js";
import { requireNonNegative, requirePositiveDivisor, requireFinite } from "./checks";
import { divide, divideToInteger, multiply, scaled } from "./exact";
import { money, toNumber } from "./money";

/** How a contract count is made whole: as Excel's ROUND, ROUNDDOWN and ROUNDUP do, by magnitude. */
export const ROUNDINGS = ["none", "nearest", "down", "up"] as const;
export type Rounding = (typeof ROUNDINGS)[number];

const DECIMAL_ROUNDING: Record<Exclude<Rounding, "none">, Decimal.Rounding> = {
  nearest: Decimal.ROUND_HALF_UP, // half away from zero, as Excel's ROUND
  down: Decimal.ROUND_DOWN, // toward zero, as ROUNDDOWN
  up: Decimal.ROUND_UP, // away from zero, as ROUNDUP
};

/**
 * Contracts to hedge an exposure: `exposure ÷ contract_notional × hedge_effectiveness`.
 *
 * The seed article's hedge ratio; with `hedge_effectiveness` = h* (the minimum-variance ratio) it is
 * Hull's optimal number of contracts N* = h*·Q_A/Q_F (Hull, *Options, Futures, and Other
 * Derivatives*, §3.4). The sign follows `exposure`. Exact in decimal arithmetic. O(1).
 *
 * @example hedgeRatio(1_000_000, 50_000, 0.8) // 16
 */
export function hedgeRatio(
  exposure: number,
  contractNotional: number,
  hedgeEffectiveness = 1,
  rounding: Rounding = "none"
): number {
  requireFinite(exposure, "exposure");
  requirePositiveDivisor(contractNotional, "contract_notional");
  requireNonNegative(hedgeEffectiveness, "hedge_effectiveness");
  // exact on safe integers when the inputs allow (almost always), else the same in decimal.js
  const numerator = multiply(scaled(exposure), scaled(hedgeEffectiveness));
  const fast =
    rounding === "none"
      ? divide(numerator, scaled(contractNotional))
      : divideToInteger(numerator, scaled(contractNotional), rounding);
  if (fast !== undefined) return fast;
  const contracts = money(exposure).times(hedgeEffectiveness).div(contractNotional);
  return toNumber(
    rounding === "none" ? contracts : contracts.toDecimalPlaces(0, DECIMAL_ROUNDING[rounding])
  );
}
