/**
 * Basis, roll and funding.
 *
 * Basis follows the crypto market convention, futures minus spot (a premium). Hull's textbooks define
 * basis as spot minus futures; the sign of every basis figure here is the opposite of Hull's.
 */
import { requireFinite } from "./checks";
import { div0Error, numError } from "./errors";

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
