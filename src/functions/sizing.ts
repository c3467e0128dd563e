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
 * @remarks Contracts = exposure ÷ contract_notional × hedge_effectiveness, in decimal arithmetic (so 0.3 ÷ 0.1 is exactly 3). The seed article's hedge ratio; with a minimum-variance hedge_effectiveness h* it is Hull's optimal number of contracts N* = h*·Q_A/Q_F (Hull, Options, Futures, and Other Derivatives, §3.4, Example 3.3).
 * @throws #VALUE! when exposure or contract_notional is missing or not a number, or rounding is not one of none, nearest, down, up.
 * @throws #DIV/0! when contract_notional is 0.
 * @throws #NUM! when contract_notional or hedge_effectiveness is negative.
 * @example =ALTHEDGE.HEDGERATIO(1000000, 50000, 0.8) → 16 — the spec's worked example
 * @example =ALTHEDGE.HEDGERATIO(2000000, 42000, 0.78, "nearest") → 37 — Hull's Example 3.3 (jet fuel hedged with heating-oil futures)
 * @example =ALTHEDGE.HEDGERATIO(0.3, 0.1) → 3 — exact, where float arithmetic gives 2.9999999999999996
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
