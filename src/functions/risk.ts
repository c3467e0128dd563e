/* Excel face of src/core/risk.ts. */
import {
  ES_METHODS,
  EwmaVolatility,
  MaxDrawdown,
  RETURN_METHODS,
  VAR_METHODS,
  ValueAtRiskAccumulator,
  drawdownReduction,
  expectedShortfall,
  returns,
  stressPnl,
} from "../core/risk";
import { BRACKET_MIN, samplePositions } from "../core/select";
import {
  cells,
  excel,
  maybeCells,
  mode,
  num,
  optNum,
  pairs,
  readSeries,
  series,
  spillColumn,
  type Spill,
} from "./excel";
import { naError } from "../core/errors";

/**
 * Period returns of a price series, spilled in the orientation of the input.
 * @customfunction RETURNS
 * @helpurl https://localhost:3000/help.html#RETURNS
 * @param prices Prices, oldest first; one column or row. Non-numeric cells are skipped; every price must be greater than 0.
 * @param [method] "simple" (default): P_t ÷ P_(t−1) − 1; "log": ln(P_t ÷ P_(t−1)).
 * @returns n − 1 returns as decimals (a column for a column input, a row for a row).
 * @remarks simple P_t ÷ P_(t−1) − 1, log ln(P_t ÷ P_(t−1)); the inputs of MVHEDGERATIO, EWMAVOL, VALUEATRISK and the other series functions.
 * @throws #NUM! when a price is 0 or negative.
 * @throws #DIV/0! when fewer than 2 prices remain.
 * @throws #VALUE! when method is not simple or log, or prices is a block.
 * @example =ALTHEDGE.RETURNS({100;110;99}) → {0.1;-0.1}
 * @example =ALTHEDGE.RETURNS({100,110,121}, "log") → {0.09531,0.09531} — ln(1.1), as a row
 */
export function returnsFn(prices: any[][], method?: any): any[][] {
  return excel((): Spill => {
    const values = returns(
      series(prices, "prices"),
      mode(method, "method", RETURN_METHODS, "simple")
    );
    const asRow = Array.isArray(prices) && prices.length === 1;
    return asRow ? [Array.from(values)] : spillColumn(values);
  });
}

/**
 * Annualised RiskMetrics (exponentially weighted) volatility of returns.
 * @customfunction EWMAVOL
 * @helpurl https://localhost:3000/help.html#EWMAVOL
 * @param returns Returns as decimals, oldest first; one column or row.
 * @param [lambda] Decay in (0, 1). Default 0.94 (RiskMetrics daily).
 * @param [periods_per_year] Periods in a year for annualising. Default 365 (daily; crypto trades every day).
 * @returns Annualised volatility as a decimal.
 * @remarks sqrt(periods_per_year × Σ w_i·r_i²), zero mean, w_i = λ^(n−1−i)(1 − λ) ÷ (1 − λ^n), newest last (RiskMetrics Technical Document, 1996, §5.2).
 * @throws #DIV/0! when fewer than 2 returns remain.
 * @throws #NUM! when lambda is outside (0, 1) or periods_per_year is not positive.
 * @example =ALTHEDGE.EWMAVOL({0.01;-0.02;0.015;0.03}) → ≈ 0.393221 — numpy on the same weights
 */
export function ewmaVolFn(returns: any[][], lambda?: any, periods_per_year?: any): number {
  return excel(() =>
    readSeries(
      returns,
      "returns",
      () =>
        new EwmaVolatility(
          optNum(lambda, "lambda", 0.94),
          optNum(periods_per_year, "periods_per_year", 365)
        )
    ).result()
  );
}

/**
 * Value at risk: the loss not exceeded with the given confidence over the horizon, as a positive amount.
 * @customfunction VALUEATRISK
 * @helpurl https://localhost:3000/help.html#VALUEATRISK
 * @param returns Returns as decimals, oldest first; one column or row. At least 2 (4 for cornishfisher).
 * @param [confidence] Confidence level in (0, 1). Default 0.99.
 * @param [method] "historical" (default), "parametric" (normal) or "cornishfisher" (modified VaR with skewness and kurtosis).
 * @param [horizon_days] Horizon in periods; returns are scaled by √h (and the mean by h). Default 1.
 * @param [value] Position value to express the loss in money. Default 1 (a fraction).
 * @returns Loss as a positive amount (value × fraction).
 * @remarks historical −PERCENTILE.INC(returns, 1 − confidence)·√h; parametric z·σ·√h − μ·h with σ = STDEV.S and z the normal quantile; cornishfisher replaces z by z − (z²−1)S/6 + (z³−3z)K/24 − (2z³−5z)S²/36, S = SKEW, K = KURT (Favre & Galeano 2002; PerformanceAnalytics VaR(method = "modified")).
 * @throws #DIV/0! when fewer than 2 returns remain (4 for cornishfisher, as KURT needs), or cornishfisher meets zero variance. A zero variance is allowed for parametric: the VaR is then −mean × horizon.
 * @throws #NUM! when confidence is outside (0, 1), horizon_days is not positive, or value is negative.
 * @throws #VALUE! when method is unknown.
 * @example =ALTHEDGE.VALUEATRISK({0.01;-0.02;0.015;0.03;-0.04;0.005}, 0.9) → ≈ 0.03 — PERCENTILE.INC at 10%: −0.03 (numpy linear)
 * @example =ALTHEDGE.VALUEATRISK({0.01;-0.02}, 0.99) → ≈ 0.0197 — numpy percentile([0.01, −0.02], 1) = −0.0197
 * @example =ALTHEDGE.VALUEATRISK({0.01;-0.02;0.015;0.03;-0.04;0.005}, 0.99, "parametric", 1, 1000000) → ≈ 59310.47 — scipy: norm.ppf(0.99) × std(ddof=1) − mean, × 1,000,000
 */
export function valueAtRiskFn(
  returns: any[][],
  confidence?: any,
  method?: any,
  horizon_days?: any,
  value?: any
): number {
  return excel(() => {
    const loss = readSeries(returns, "returns", (source) => {
      const chosen = mode(method, "method", VAR_METHODS, "historical");
      // a long series: the percentile bracketed from a sample, the returns never copied
      const sample =
        chosen === "historical" && source.length >= BRACKET_MIN
          ? source.numbersAt(samplePositions(source.length))
          : undefined;
      return new ValueAtRiskAccumulator(
        optNum(confidence, "confidence", 0.99),
        chosen,
        optNum(horizon_days, "horizon_days", 1),
        optNum(value, "value", 1),
        source.length,
        sample
      );
    });
    return loss.result() ?? loss.resultFrom(series(returns, "returns"));
  });
}

/**
 * Expected shortfall (CVaR): the mean loss beyond the value at risk, as a positive amount.
 * @customfunction EXPECTEDSHORTFALL
 * @helpurl https://localhost:3000/help.html#EXPECTEDSHORTFALL
 * @param returns Returns as decimals, oldest first; one column or row. At least 2.
 * @param [confidence] Confidence level in (0, 1). Default 0.975 (the Basel FRTB level).
 * @param [method] "historical" (default) or "parametric" (normal).
 * @param [horizon_days] Horizon in periods, scaled by √h. Default 1.
 * @param [value] Position value to express the loss in money. Default 1.
 * @returns Expected loss beyond VaR as a positive amount.
 * @remarks historical: −mean of the returns at or below PERCENTILE.INC(returns, 1 − confidence), × √h; parametric: σ·√h·φ(z) ÷ (1 − confidence) − μ·h (McNeil, Frey & Embrechts, Quantitative Risk Management, Example 2.14).
 * @throws #DIV/0! when fewer than 2 returns remain.
 * @throws #NUM! when confidence is outside (0, 1), horizon_days is not positive, or value is negative.
 * @throws #VALUE! when method is not historical or parametric.
 * @example =ALTHEDGE.EXPECTEDSHORTFALL({0.01;-0.02;0.015;0.03;-0.04;0.005}, 0.8) → ≈ 0.03 — mean of −0.02 and −0.04 (at or below the 20% percentile −0.02)
 */
export function expectedShortfallFn(
  returns: any[][],
  confidence?: any,
  method?: any,
  horizon_days?: any,
  value?: any
): number {
  return excel(() =>
    expectedShortfall(
      series(returns, "returns"),
      optNum(confidence, "confidence", 0.975),
      mode(method, "method", ES_METHODS, "historical"),
      optNum(horizon_days, "horizon_days", 1),
      optNum(value, "value", 1)
    )
  );
}

/**
 * Scenario P&L of a book and its hedge for a benchmark shock (e.g. BTC −30%), with betas and optional token-specific shocks.
 * @customfunction STRESSPNL
 * @helpurl https://localhost:3000/help.html#STRESSPNL
 * @param position_values Position values in quote currency, one per token; one column or row.
 * @param betas Beta of each position to the benchmark, aligned with position_values.
 * @param benchmark_shock Benchmark move as a decimal (−0.3 = a 30% fall).
 * @param [hedge_notional] Signed notional of the benchmark hedge, negative for a short hedge. Default 0.
 * @param [idiosyncratic_shocks] Extra move of each token as a decimal, aligned with position_values; blank cells count as 0.
 * @returns Scenario P&L in quote currency (negative is a loss).
 * @remarks Σ v_i(β_i·shock + e_i) + hedge_notional × shock, in decimal arithmetic; a position is skipped when its value or beta is not a number. The seed article: stress tests should include multi-asset drawdowns as correlations converge.
 * @throws #N/A when position_values, betas and idiosyncratic_shocks have different numbers of cells.
 * @throws #VALUE! when benchmark_shock or hedge_notional is not a number.
 * @example =ALTHEDGE.STRESSPNL({1000000;500000}, {1.2;1.5}, -0.3, -1500000) → -135000 — book 1,000,000 × −0.36 + 500,000 × −0.45 = −585,000; short hedge +450,000
 */
export function stressPnlFn(
  position_values: any[][],
  betas: any[][],
  benchmark_shock: any,
  hedge_notional?: any,
  idiosyncratic_shocks?: any[][]
): number {
  return excel(() => {
    const shock = num(benchmark_shock, "benchmark_shock");
    const hedge = optNum(hedge_notional, "hedge_notional", 0);
    const valueCells = cells(position_values, "position_values");
    const betaCells = cells(betas, "betas");
    const extra = maybeCells(idiosyncratic_shocks, "idiosyncratic_shocks");
    if (extra && extra.length !== valueCells.length) {
      throw naError(
        `idiosyncratic_shocks must have as many cells as position_values, got ${extra.length} and ${valueCells.length}`
      );
    }
    // pair values with betas (skipping as SLOPE does) and carry each kept row's shock along
    const keep = (i: number): boolean =>
      Number.isFinite(valueCells[i] as number) &&
      typeof valueCells[i] === "number" &&
      Number.isFinite(betaCells[i] as number) &&
      typeof betaCells[i] === "number";
    const [values, betaValues] = pairs(position_values, betas, "position_values", "betas");
    let shocks: Float64Array | undefined;
    if (extra) {
      shocks = new Float64Array(values.length);
      for (let i = 0, j = 0; i < valueCells.length; i++) {
        if (!keep(i)) continue;
        const e = extra[i];
        shocks[j++] = typeof e === "number" && Number.isFinite(e) ? e : 0;
      }
    }
    return stressPnl(values, betaValues, shock, hedge, shocks);
  });
}

/**
 * Maximum drawdown: the largest peak-to-trough fall of a value series, as a positive fraction of the peak.
 * @customfunction MAXDRAWDOWN
 * @helpurl https://localhost:3000/help.html#MAXDRAWDOWN
 * @param values Portfolio values (or prices), oldest first; one column or row. Not negative.
 * @returns Maximum drawdown as a decimal (0.25 = 25%).
 * @remarks max over t of (running peak − value_t) ÷ running peak; a fall to 0 is 1; no drawdown while the running peak is 0. One pass.
 * @throws #NUM! when a value is negative.
 * @throws #DIV/0! when there is no value.
 * @example =ALTHEDGE.MAXDRAWDOWN({100;120;90;130;104}) → 0.25 — 120 → 90
 * @example =ALTHEDGE.MAXDRAWDOWN({100;110;121}) → 0
 */
export function maxDrawdownFn(values: any[][]): number {
  return excel(() => {
    return readSeries(values, "values", () => new MaxDrawdown()).result();
  });
}

/**
 * Drawdown reduction of a hedge: 1 − max drawdown hedged ÷ max drawdown unhedged.
 * @customfunction DRAWDOWNREDUCTION
 * @helpurl https://localhost:3000/help.html#DRAWDOWNREDUCTION
 * @param unhedged_values Values of the book without the hedge, oldest first.
 * @param hedged_values Values of the book with the hedge, oldest first (need not be paired with unhedged_values).
 * @returns Share of the drawdown the hedge removed (1 = all of it; negative = the hedge made it worse).
 * @remarks 1 − MAXDRAWDOWN(hedged_values) ÷ MAXDRAWDOWN(unhedged_values). The seed article: a hedge is judged by volatility reduction and drawdown control.
 * @throws #DIV/0! when the unhedged values have no drawdown, or either series is empty.
 * @throws #NUM! when a value is negative.
 * @example =ALTHEDGE.DRAWDOWNREDUCTION({100;120;90;130}, {100;110;99;112}) → 0.6 — 25% → 10%
 */
export function drawdownReductionFn(unhedged_values: any[][], hedged_values: any[][]): number {
  return excel(() =>
    drawdownReduction(
      series(unhedged_values, "unhedged_values"),
      series(hedged_values, "hedged_values")
    )
  );
}
