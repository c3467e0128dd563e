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
 * @remarks (P_end ÷ P_start − 1) − hedge_ratio × (H_end ÷ H_start − 1) over the last window + 1 prices. For spot against its own future this is the basis change as a share of price; for a proxy, the proxy mismatch the seed article asks to track. Source: Hull, Options, Futures, and Other Derivatives, §3.3 (basis risk).
 * @throws #N/A when the two ranges have different numbers of cells.
 * @throws #NUM! when a price is 0 or negative, or window is below 1.
 * @throws #DIV/0! when fewer than 2 price pairs remain, or window + 1 exceeds them.
 * @throws #VALUE! when a range is a block rather than one column or row, or hedge_ratio is not a number.
 * @example =ALTHEDGE.BASISDRIFT({2.5;2}, {2.2;1.9}) → ≈ -0.063636 — Hull §3.3: spot 2.50 → 2.00, futures 2.20 → 1.90
 * @example =ALTHEDGE.BASISDRIFT({100;110;121;133.1}, {50;52;56;60}, 0.5, 2) → ≈ 0.133077 — last 3 prices: 0.21 − 0.5 × 8/52
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
