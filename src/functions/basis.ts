/* Excel face of src/core/basis.ts. */
import {
  BASIS_OUTPUTS,
  COMPOUNDINGS,
  annualizedBasis,
  basis,
  basisDrift,
  rollYield,
} from "../core/basis";
import { asSide, excel, maybeCount, mode, num, optNum, pairs } from "./excel";

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

/**
 * Basis of a future over spot, quoted the crypto way (futures minus spot): as a share of spot or in price.
 * @customfunction BASIS
 * @helpurl https://localhost:3000/help.html#BASIS
 * @param spot_price Spot (index) price, in quote currency. Must be greater than 0.
 * @param futures_price Futures or perpetual price, in quote currency. Must be greater than 0.
 * @param [output] "percent" (default): (futures − spot) ÷ spot as a decimal; "price": futures − spot.
 * @returns The basis; positive is a premium (contango).
 * @remarks futures − spot, or (futures − spot) ÷ spot, in decimal arithmetic. Crypto convention; Hull's textbooks define basis as spot − futures, with the opposite sign.
 * @throws #NUM! when a price is 0 or negative.
 * @throws #VALUE! when a price is missing or not a number, or output is not percent or price.
 * @example =ALTHEDGE.BASIS(100, 102) → 0.02
 * @example =ALTHEDGE.BASIS(60000, 59400, "price") → -600 — backwardation
 */
export function basisFn(spot_price: any, futures_price: any, output?: any): number {
  return excel(() =>
    basis(
      num(spot_price, "spot_price"),
      num(futures_price, "futures_price"),
      mode(output, "output", BASIS_OUTPUTS, "percent")
    )
  );
}

/**
 * Annualised basis of a dated future: the carry the future prices in, per year.
 * @customfunction ANNUALIZEDBASIS
 * @helpurl https://localhost:3000/help.html#ANNUALIZEDBASIS
 * @param spot_price Spot (index) price. Must be greater than 0.
 * @param futures_price Price of the dated future. Must be greater than 0.
 * @param days_to_expiry Calendar days to the future's expiry. Must be greater than 0.
 * @param [compounding] "simple" (default): (F/S − 1) × 365/days; "continuous": ln(F/S) × 365/days.
 * @returns Annualised basis as a decimal.
 * @remarks simple (F ÷ S − 1) × 365 ÷ days; continuous ln(F ÷ S) × 365 ÷ days, the cost-of-carry rate of F = S·e^(rT) (Hull §5.4). 365 days a year: crypto trades every day.
 * @throws #NUM! when a price or days_to_expiry is 0 or negative.
 * @throws #VALUE! when an argument is missing or not a number, or compounding is unknown.
 * @example =ALTHEDGE.ANNUALIZEDBASIS(100, 102, 30) → ≈ 0.243333 — 2% over 30 days
 * @example =ALTHEDGE.ANNUALIZEDBASIS(100, 102, 30, "continuous") → ≈ 0.240932 — ln(1.02) × 365/30
 */
export function annualizedBasisFn(
  spot_price: any,
  futures_price: any,
  days_to_expiry: any,
  compounding?: any
): number {
  return excel(() =>
    annualizedBasis(
      num(spot_price, "spot_price"),
      num(futures_price, "futures_price"),
      num(days_to_expiry, "days_to_expiry"),
      mode(compounding, "compounding", COMPOUNDINGS, "simple")
    )
  );
}

/**
 * Annualised yield to the position from rolling the near contract into the far one and holding it while it converges.
 * @customfunction ROLLYIELD
 * @helpurl https://localhost:3000/help.html#ROLLYIELD
 * @param near_price Price of the expiring (near) contract. Must be greater than 0.
 * @param far_price Price of the contract rolled into (far). Must be greater than 0.
 * @param days_between Calendar days between the two expiries. Must be greater than 0.
 * @param [side] Side: -1 or "short" (default, a hedge), 1 or "long".
 * @returns Annualised roll yield as a decimal; positive earns.
 * @remarks side × (near ÷ far − 1) × 365 ÷ days_between. A short hedge earns in contango and pays in backwardation; a long is the opposite (the seed article's "in contango, rolling can impose a cost" is the long's view).
 * @throws #NUM! when a price or days_between is 0 or negative.
 * @throws #VALUE! when side is not -1, 1, "short" or "long".
 * @example =ALTHEDGE.ROLLYIELD(100, 102, 30) → ≈ 0.238562 — the spec's worked example: (2/102) × 365/30 for a short
 * @example =ALTHEDGE.ROLLYIELD(100, 102, 30, "long") → ≈ -0.238562
 */
export function rollYieldFn(
  near_price: any,
  far_price: any,
  days_between: any,
  side?: any
): number {
  return excel(() =>
    rollYield(
      num(near_price, "near_price"),
      num(far_price, "far_price"),
      num(days_between, "days_between"),
      asSide(side)
    )
  );
}
