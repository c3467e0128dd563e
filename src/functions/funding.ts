/* Excel face of src/core/funding.ts. */
import { annualizedFunding, fundingCost } from "../core/funding";
import { asSide, cells, excel, optNum, pairs, scalarOrCells, series } from "./excel";

/**
 * Funding paid by a perpetual position over the periods: positive = paid, negative = received.
 * @customfunction FUNDINGCOST
 * @helpurl https://localhost:3000/help.html#FUNDINGCOST
 * @param position_notional Position notional in quote currency: one number, or a series aligned with funding_rates (same number of cells).
 * @param funding_rates Funding rates per period as decimals (0.0001 = 0.01%), oldest first; one column or row.
 * @param [side] Side: -1 or "short" (default, a hedge), 1 or "long". Longs pay positive funding, shorts receive it.
 * @returns Funding paid over the periods, in quote currency.
 * @remarks Σ side × notional_i × rate_i, in decimal arithmetic; a period is skipped when its rate (or its notional) is not a number. Funding is how a perpetual stays near spot: with a positive rate, longs pay shorts.
 * @throws #N/A when a notional series has a different number of cells than funding_rates.
 * @throws #NUM! when a notional is negative.
 * @throws #DIV/0! when there is no funding rate.
 * @throws #VALUE! when side is not -1, 1, "short" or "long".
 * @example =ALTHEDGE.FUNDINGCOST(1000000, {0.0001,0.0001,-0.00005}) → -150 — the spec's worked example: the short received 150
 * @example =ALTHEDGE.FUNDINGCOST(1000000, {0.0001,0.0001,-0.00005}, "long") → 150
 */
export function fundingCostFn(position_notional: any, funding_rates: any[][], side?: any): number {
  return excel(() => {
    const rates = cells(funding_rates, "funding_rates");
    const notionals = scalarOrCells(
      position_notional,
      "position_notional",
      rates.length,
      "funding_rates"
    );
    const direction = asSide(side);
    const [notional, rate] = pairs(
      notionals.map((n) => [n]),
      rates.map((r) => [r]),
      "position_notional",
      "funding_rates"
    );
    return fundingCost(notional, rate, direction);
  });
}

/**
 * Annualised funding rate: the mean funding rate per period × periods per day × 365.
 * @customfunction ANNUALIZEDFUNDING
 * @helpurl https://localhost:3000/help.html#ANNUALIZEDFUNDING
 * @param funding_rates Funding rates per period as decimals, one column or row; non-numeric cells are skipped.
 * @param [periods_per_day] Funding periods per day. Default 3 (every 8 hours).
 * @returns Annualised funding rate as a decimal.
 * @remarks mean(rates) × periods_per_day × 365 (stable two-pass mean).
 * @throws #DIV/0! when there is no funding rate.
 * @throws #NUM! when periods_per_day is 0 or negative.
 * @example =ALTHEDGE.ANNUALIZEDFUNDING({0.0001,0.0001,-0.00005}) → ≈ 0.05475 — mean 0.00005 × 3 × 365
 * @example =ALTHEDGE.ANNUALIZEDFUNDING({0.0001;0.0002}, 24) → ≈ 1.314 — hourly funding
 */
export function annualizedFundingFn(funding_rates: any[][], periods_per_day?: any): number {
  return excel(() =>
    annualizedFunding(
      series(funding_rates, "funding_rates"),
      optNum(periods_per_day, "periods_per_day", 3)
    )
  );
}
