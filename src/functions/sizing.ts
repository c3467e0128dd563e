/* Excel face of src/core/sizing.ts. One wrapper per function id; coercion lives in ./excel. */
import { hedgeRatio, ROUNDINGS } from "../core/sizing";
import { excel, mode, num, optNum } from "./excel";

/**
 * Contracts needed to hedge an exposure: exposure ÷ contract notional × hedge effectiveness.
 * @customfunction HEDGERATIO
 * @helpurl https://localhost:3000/help.html#HEDGERATIO
 * @param exposure Exposure to hedge, in quote currency (e.g. USD). Negative for a short book; the result's sign follows it.
 * @param contract_notional Notional of one contract, in the same currency (contract size × price). Must be greater than 0.
 * @param [hedge_effectiveness] Share of the exposure to cover, e.g. 0.8 or a minimum-variance ratio. Default 1.
 * @param [rounding] "none" (default), "nearest", "down" (toward zero) or "up" (away from zero).
 * @returns Number of contracts.
 */
export function hedgeRatioFn(
  exposure: any,
  contract_notional: any,
  hedge_effectiveness?: any,
  rounding?: any
): number {
  return excel(() =>
    hedgeRatio(
      num(exposure, "exposure"),
      num(contract_notional, "contract_notional"),
      optNum(hedge_effectiveness, "hedge_effectiveness", 1),
      mode(rounding, "rounding", ROUNDINGS, "none")
    )
  );
}
