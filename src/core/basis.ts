/**
 * Basis, roll and funding.
 *
 * Basis follows the crypto market convention, futures minus spot (a premium). Hull's textbooks define
 * basis as spot minus futures; the sign of every basis figure here is the opposite of Hull's.
 */
import { requireFinite, requirePositive } from "./checks";
import { div0Error, numError } from "./errors";
import { divide, scaled, subtract, toDouble } from "./exact";
import { money, toNumber } from "./money";
import { DAYS_PER_YEAR, type Side } from "./types";

/** Every numeric cell of a price series must be a positive price (spec: inside a window or not). */
export function requirePrices(prices: Float64Array, name: string): Float64Array {
  for (let i = 0; i < prices.length; i++) {
    if (!(prices[i] > 0)) {
      throw numError(`${name} must all be greater than 0, got ${prices[i]} (value ${i + 1})`);
    }
  }
  return prices;
}

/**
 * Tracking divergence of a hedged item against its hedge over the last `window` periods:
 * `(P_end/P_start − 1) − hedge_ratio × (H_end/H_start − 1)`.
 *
 * Positive: the item outran the hedge. For spot against its own future this is the basis change as a
 * share of price; for a proxy it is the proxy mismatch the seed asks to track. Uses the last
 * `window + 1` pairs (all pairs when `window` is omitted). O(1) after the series are read.
 *
 * Reference: Hull's basis-risk illustration (§3.3): spot 2.50 → 2.00, futures 2.20 → 1.90 gives
 * (2.00/2.50 − 1) − (1.90/2.20 − 1) = −0.0636….
 *
 * @param itemPrices prices of the hedged item, oldest first (already paired with `hedgePrices`)
 * @param window periods to look back; `undefined` for the whole series
 */
export function basisDrift(
  itemPrices: Float64Array,
  hedgePrices: Float64Array,
  hedgeRatio = 1,
  window?: number
): number {
  requirePrices(itemPrices, "item_prices");
  requirePrices(hedgePrices, "hedge_prices");
  requireFinite(hedgeRatio, "hedge_ratio");
  const n = itemPrices.length;
  if (window !== undefined && window < 1)
    throw numError(`window must be at least 1, got ${window}`);
  const periods = window ?? n - 1;
  if (n < 2 || n < periods + 1) {
    throw div0Error(
      `BASISDRIFT needs ${Math.max(2, periods + 1)} price pairs${window === undefined ? "" : ` for a window of ${window}`}, got ${n}`
    );
  }
  const start = n - 1 - periods;
  const itemReturn = itemPrices[n - 1] / itemPrices[start] - 1;
  const hedgeReturn = hedgePrices[n - 1] / hedgePrices[start] - 1;
  return itemReturn - hedgeRatio * hedgeReturn;
}

export const BASIS_OUTPUTS = ["percent", "price"] as const;
export type BasisOutput = (typeof BASIS_OUTPUTS)[number];

/**
 * Basis of a future over spot, the crypto way: `futures − spot` (`price`) or `(futures − spot) ÷ spot`
 * (`percent`, the default). Positive is a premium (contango). Exact decimal arithmetic. O(1).
 * @example basis(100, 102) // 0.02
 */
export function basis(
  spotPrice: number,
  futuresPrice: number,
  output: BasisOutput = "percent"
): number {
  requirePositive(spotPrice, "spot_price");
  requirePositive(futuresPrice, "futures_price");
  const spread = subtract(scaled(futuresPrice), scaled(spotPrice));
  if (output === "price")
    return spread ? toDouble(spread) : toNumber(money(futuresPrice).minus(spotPrice));
  return (
    divide(spread, scaled(spotPrice)) ??
    toNumber(money(futuresPrice).minus(spotPrice).div(spotPrice))
  );
}

export const COMPOUNDINGS = ["simple", "continuous"] as const;
export type Compounding = (typeof COMPOUNDINGS)[number];

/**
 * Annualised basis of a dated future: `(F/S − 1) × 365/days` (`simple`) or `ln(F/S) × 365/days`
 * (`continuous`, the implied carry rate). O(1).
 * @example annualizedBasis(100, 102, 30) // 0.2433…
 */
export function annualizedBasis(
  spotPrice: number,
  futuresPrice: number,
  daysToExpiry: number,
  compounding: Compounding = "simple"
): number {
  requirePositive(spotPrice, "spot_price");
  requirePositive(futuresPrice, "futures_price");
  requirePositive(daysToExpiry, "days_to_expiry");
  const growth =
    compounding === "simple" ? futuresPrice / spotPrice - 1 : Math.log(futuresPrice / spotPrice);
  return (growth * DAYS_PER_YEAR) / daysToExpiry;
}

/**
 * Annualised yield to a position from rolling the near contract into the far one and holding the far
 * contract while it converges: `side × (near/far − 1) × 365/days_between`.
 *
 * A short hedge sells the far contract above the near one in contango and earns the roll-down (positive);
 * in backwardation it pays. A long is the opposite — the seed article's "in contango, rolling can impose a
 * cost" is the long's view. O(1).
 * @example rollYield(100, 102, 30) // (2/102) × 365/30 ≈ 0.238562 for the default short
 */
export function rollYield(
  nearPrice: number,
  farPrice: number,
  daysBetween: number,
  side: Side = -1
): number {
  requirePositive(nearPrice, "near_price");
  requirePositive(farPrice, "far_price");
  requirePositive(daysBetween, "days_between");
  return (side * (nearPrice / farPrice - 1) * DAYS_PER_YEAR) / daysBetween;
}
