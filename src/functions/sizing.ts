/* Excel face of src/core/sizing.ts. One wrapper per function id; coercion lives in ./excel. */
import {
  MV_METHODS,
  MinimumVarianceRatio,
  ROUNDINGS,
  daysToLiquidate,
  hedgeRatio,
  liquidityTier,
  proxyWeights,
  tieredHedge,
} from "../core/sizing";
import {
  excel,
  mode,
  num,
  numbers,
  optNum,
  optNumbers,
  optTexts,
  pairs,
  readPairs,
  regressionRows,
  type Spill,
} from "./excel";

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

/**
 * Minimum-variance hedge ratio: the units of hedge per unit of the item that minimise the variance of the hedged position.
 * @customfunction MVHEDGERATIO
 * @helpurl https://localhost:3000/help.html#MVHEDGERATIO
 * @param spot_returns Returns (or price changes) of the item to hedge, oldest first; one column or row.
 * @param hedge_returns Returns of the hedge instrument over the same periods, same number of cells.
 * @param [method] "ols" (default): Cov(s, h) ÷ Var(h), Excel's SLOPE(spot, hedge); "ewma": the same with zero-mean exponential weights, newest last.
 * @param [lambda] EWMA decay in (0, 1). Default 0.94 (RiskMetrics daily). Checked for both methods.
 * @returns Hedge ratio h* (units of hedge per unit of item).
 * @remarks h* = ρ·σs ÷ σh = Cov(s, h) ÷ Var(h) (Hull, Options, Futures, and Other Derivatives, §3.4, Example 3.3: ρ 0.928, σS 0.0263, σF 0.0313 → 0.78). ewma: Σ λ^(n−1−i)·s·h ÷ Σ λ^(n−1−i)·h². Stable two-pass covariance; pairs with a non-numeric side skipped, as SLOPE does.
 * @throws #DIV/0! when fewer than 3 pairs remain or the hedge returns have zero variance.
 * @throws #N/A when the two ranges have different numbers of cells.
 * @throws #NUM! when lambda is outside (0, 1).
 * @throws #VALUE! when method is not ols or ewma, or a range is not one column or row.
 * @example =ALTHEDGE.MVHEDGERATIO({0.01;-0.02;0.015;0.03;-0.01}, {0.012;-0.018;0.01;0.025;-0.015}) → ≈ 1.058892 — numpy: cov(s, h) ÷ var(h) of the same pairs (Excel SLOPE)
 * @example =ALTHEDGE.MVHEDGERATIO({0.01;-0.02;0.015}, {0;0;0}) → #DIV/0!
 */
export function mvHedgeRatioFn(
  spot_returns: any[][],
  hedge_returns: any[][],
  method?: any,
  lambda?: any
): number {
  return excel(() => {
    const ratio = readPairs(
      spot_returns,
      hedge_returns,
      "spot_returns",
      "hedge_returns",
      () =>
        new MinimumVarianceRatio(
          mode(method, "method", MV_METHODS, "ols"),
          optNum(lambda, "lambda", 0.94)
        )
    );
    return (
      ratio.result() ??
      ratio.resultFrom(...pairs(spot_returns, hedge_returns, "spot_returns", "hedge_returns"))
    );
  });
}

/**
 * Blended proxy hedge: the hedge ratios on several proxies at once (OLS of the target on the proxies), as one row.
 * @customfunction PROXYWEIGHTS
 * @helpurl https://localhost:3000/help.html#PROXYWEIGHTS
 * @param target_returns Returns of the book (or token) to hedge, oldest first; one column.
 * @param proxy_returns Returns of the k proxies (e.g. BTC-PERP, ETH-PERP), one column per proxy, same rows as target_returns.
 * @returns One row of k hedge ratios, in the proxies' column order.
 * @remarks OLS coefficients with an intercept (not returned), solved by Householder QR on the centred, column-scaled design; equals Excel's LINEST (whose coefficients come in reverse order), and MVHEDGERATIO for one proxy. A row is skipped when any of its cells is not a number. The seed article: a blended hedge reduces reliance on a single proxy.
 * @throws #DIV/0! when there are not more than k + 1 complete rows, or a proxy has zero variance.
 * @throws #NUM! when proxies are collinear (a QR diagonal below 1e-10 on the scaled design).
 * @throws #N/A when target and proxies have different numbers of rows.
 * @example =ALTHEDGE.PROXYWEIGHTS({0.006;0.002;0.008;0.004;-0.015;0.019}, {0.01,0;-0.01,0.02;0.02,-0.01;0,0.01;-0.02,-0.02;0.03,0.01}) → {0.5,0.3} — target = 0.001 + 0.5·BTC + 0.3·ETH exactly (numpy lstsq)
 */
export function proxyWeightsFn(target_returns: any[][], proxy_returns: any[][]): any[][] {
  return excel((): Spill => {
    const { y, x, k } = regressionRows(
      target_returns,
      proxy_returns,
      "target_returns",
      "proxy_returns"
    );
    return [Array.from(proxyWeights(y, x, k))];
  });
}

/**
 * Hedge ratio for the current volatility regime: more coverage when volatility rises, less when it calms.
 * @customfunction TIEREDHEDGE
 * @helpurl https://localhost:3000/help.html#TIEREDHEDGE
 * @param volatility Current (annualised) volatility as a decimal. Not negative.
 * @param vol_thresholds Regime boundaries t1 < … < tm, strictly ascending (a range or an array such as {0.5,1}).
 * @param hedge_ratios The m + 1 hedge ratios r0 … rm, from calmest to most volatile regime.
 * @returns The hedge ratio of the regime.
 * @remarks volatility < t1 → r0; t_j ≤ volatility < t_(j+1) → r_j; volatility ≥ tm → rm. The seed article's tiered ratios.
 * @throws #NUM! when volatility is negative or the thresholds are not strictly ascending.
 * @throws #VALUE! when the number of ratios is not the number of thresholds + 1, or a cell is not a number.
 * @example =ALTHEDGE.TIEREDHEDGE(0.8, {0.5,1}, {0.5,0.75,1}) → 0.75
 * @example =ALTHEDGE.TIEREDHEDGE(1, {0.5,1}, {0.5,0.75,1}) → 1 — a boundary belongs to the regime above it
 */
export function tieredHedgeFn(
  volatility: any,
  vol_thresholds: any[][],
  hedge_ratios: any[][]
): number {
  return excel(() =>
    tieredHedge(
      num(volatility, "volatility"),
      numbers(vol_thresholds, "vol_thresholds"),
      numbers(hedge_ratios, "hedge_ratios")
    )
  );
}

/**
 * Days to exit a position without trading more than a share of its average daily volume.
 * @customfunction DAYSTOLIQUIDATE
 * @helpurl https://localhost:3000/help.html#DAYSTOLIQUIDATE
 * @param position_value Position value in quote currency; shorts count by size.
 * @param avg_daily_volume Average daily traded volume in the same currency (e.g. 24h ADV). Must be greater than 0.
 * @param [participation] Largest share of daily volume to trade, in (0, 1]. Default 0.1 (10%).
 * @returns Days to liquidate.
 * @remarks |position_value| ÷ (participation × avg_daily_volume). The seed article: thinly traded assets cannot be sold quickly in stress, so they rely on the derivative hedge.
 * @throws #DIV/0! when avg_daily_volume is 0.
 * @throws #NUM! when avg_daily_volume is negative or participation is outside (0, 1].
 * @example =ALTHEDGE.DAYSTOLIQUIDATE(5000000, 10000000) → 5 — 10% of a 10M daily volume is 1M a day
 * @example =ALTHEDGE.DAYSTOLIQUIDATE(-5000000, 10000000, 0.25) → 2
 */
export function daysToLiquidateFn(
  position_value: any,
  avg_daily_volume: any,
  participation?: any
): number {
  return excel(() =>
    daysToLiquidate(
      num(position_value, "position_value"),
      num(avg_daily_volume, "avg_daily_volume"),
      optNum(participation, "participation", 0.1)
    )
  );
}

/**
 * Liquidity tier of a position (High, Medium, Low by default) from its days to liquidate.
 * @customfunction LIQUIDITYTIER
 * @helpurl https://localhost:3000/help.html#LIQUIDITYTIER
 * @param position_value Position value in quote currency; shorts count by size.
 * @param avg_daily_volume Average daily traded volume in the same currency. Must be greater than 0.
 * @param [participation] Largest share of daily volume to trade, in (0, 1]. Default 0.1.
 * @param [tier_days] Tier boundaries in days, strictly ascending and positive. Default {1,5}.
 * @param [labels] Tier names, one more than the boundaries. Default {"High","Medium","Low"}.
 * @returns The tier label.
 * @remarks days = DAYSTOLIQUIDATE(position_value, avg_daily_volume, participation); days ≤ tier_days[1] → first label, and so on; beyond the last boundary → the last label. The seed article's segmentation of exposure by liquidity tier.
 * @throws #DIV/0! when avg_daily_volume is 0.
 * @throws #NUM! when avg_daily_volume is negative, participation is outside (0, 1], or tier_days are not positive and strictly ascending.
 * @throws #VALUE! when the number of labels is not the number of tier_days + 1.
 * @example =ALTHEDGE.LIQUIDITYTIER(5000000, 10000000) → "Medium" — 5 days: within the 5-day boundary
 * @example =ALTHEDGE.LIQUIDITYTIER(500000, 10000000) → "High"
 * @example =ALTHEDGE.LIQUIDITYTIER(5000000, 1000000, 0.1, {2,10,30}, {"A","B","C","D"}) → "D" — 50 days
 */
export function liquidityTierFn(
  position_value: any,
  avg_daily_volume: any,
  participation?: any,
  tier_days?: any[][],
  labels?: any[][]
): string {
  return excel(() =>
    liquidityTier(
      num(position_value, "position_value"),
      num(avg_daily_volume, "avg_daily_volume"),
      optNum(participation, "participation", 0.1),
      optNumbers(tier_days, "tier_days", [1, 5]),
      optTexts(labels, "labels", ["High", "Medium", "Low"])
    )
  );
}
