/* Excel face of src/core/basis.ts. */
import { basisDrift } from "../core/basis";
import { excel, maybeCount, optNum, pairs } from "./excel";

/**
 * Tracking divergence of a hedged item against its hedge: item return minus hedge ratio × hedge return over the last window periods. Positive: the item outran the hedge.
 * @customfunction BASISDRIFT
 * @helpurl https://localhost:3000/help.html#BASISDRIFT
 * @param item_prices Prices of the hedged item (spot, a token or a basket), oldest first; one column or row. Non-numeric cells skip the pair.
 * @param hedge_prices Prices of the hedge (its future or a proxy), aligned with item_prices, same number of cells.
 * @param [hedge_ratio] Units of hedge per unit of item. Default 1.
 * @param [window] Periods to look back (uses the last window + 1 prices). Default: the whole series.
 * @returns Divergence as a decimal (0.01 = 1%).
 */
export function basisDriftFn(
  item_prices: any[][],
  hedge_prices: any[][],
  hedge_ratio?: any,
  window?: any
): number {
  return excel(() => {
    const [item, hedge] = pairs(item_prices, hedge_prices, "item_prices", "hedge_prices");
    return basisDrift(
      item,
      hedge,
      optNum(hedge_ratio, "hedge_ratio", 1),
      maybeCount(window, "window")
    );
  });
}
