/**
 * Risk and stress: returns, volatility, value at risk, expected shortfall, drawdowns, scenario P&L.
 */
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { requireFinite, requireInOpen, requireNonNegative, requirePositive, show } from "./checks";
import { div0Error, numError } from "./errors";
import { requirePrices } from "./basis";
import { money, toNumber } from "./money";
import { percentileInc } from "./select";
import { kurt, moments, skew } from "./stats";
import { DAYS_PER_YEAR } from "./types";

export const RETURN_METHODS = ["simple", "log"] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/**
 * Period returns of a price series: `P_t/P_(t−1) − 1` (`simple`) or its natural log (`log`). O(n).
 * @example returns(Float64Array.of(100, 110, 99)) // [0.1, −0.1]
 */
export function returns(prices: Float64Array, method: ReturnMethod = "simple"): Float64Array {
  requirePrices(prices, "prices");
  if (prices.length < 2) throw div0Error(`RETURNS needs at least 2 prices, got ${prices.length}`);
  const out = new Float64Array(prices.length - 1);
  for (let i = 1; i < prices.length; i++) {
    const ratio = prices[i] / prices[i - 1];
    out[i - 1] = method === "log" ? Math.log(ratio) : ratio - 1;
  }
  return out;
}

/**
 * Annualised RiskMetrics (EWMA) volatility: `sqrt(periods_per_year × Σ w_i r_i²)`, zero mean, weights
 * `w_i = λ^(n−1−i)(1 − λ)/(1 − λ^n)` (newest last; normalised to sum to 1 over the sample).
 * J.P. Morgan/Reuters, *RiskMetrics — Technical Document* (1996), §5.2. Needs 2 returns. O(n).
 */
export function ewmaVol(
  values: Float64Array,
  lambda = 0.94,
  periodsPerYear = DAYS_PER_YEAR
): number {
  requireInOpen(lambda, "lambda", 0, 1);
  requirePositive(periodsPerYear, "periods_per_year");
  const n = values.length;
  if (n < 2) throw div0Error(`EWMAVOL needs at least 2 returns, got ${n}`);
  let sum = 0;
  let weight = 1;
  // Older weights underflow to subnormals, which are slow on every CPU and add nothing a double can
  // hold next to the newer terms: stop there (λ^n is then 0 to double precision too).
  for (let i = n - 1; i >= 0 && weight > 1e-300; i--) {
    sum += weight * values[i] * values[i];
    weight *= lambda;
  }
  const lambdaN = weight > 1e-300 ? weight : 0; // λ^n
  return Math.sqrt((periodsPerYear * sum * (1 - lambda)) / (1 - lambdaN));
}

export const VAR_METHODS = ["historical", "parametric", "cornishfisher"] as const;
export type VarMethod = (typeof VAR_METHODS)[number];
export const ES_METHODS = ["historical", "parametric"] as const;
export type EsMethod = (typeof ES_METHODS)[number];

interface LossInputs {
  confidence: number;
  horizonDays: number;
  value: number;
}

function checkLossInputs({ confidence, horizonDays, value }: LossInputs): void {
  requireInOpen(confidence, "confidence", 0, 1);
  requirePositive(horizonDays, "horizon_days");
  requireNonNegative(value, "value");
}

/**
 * Value at risk as a positive loss (`value` × fraction), from returns, over `horizon_days`:
 * - `historical`: −PERCENTILE.INC(returns, 1 − confidence) × √h;
 * - `parametric`: z·σ·√h − μ·h (σ = STDEV.S, z the normal quantile of `confidence`);
 * - `cornishfisher`: the modified VaR of Favre & Galeano (2002), as PerformanceAnalytics'
 *   `VaR(method = "modified")`: z replaced by z − (z²−1)S/6 + (z³−3z)K/24 − (2z³−5z)S²/36 with S, K
 *   Excel's SKEW and KURT (a negative skew or fat tails raise the VaR).
 * Needs 4 returns for every method (KURT does). O(n).
 */
export function valueAtRisk(
  values: Float64Array,
  confidence = 0.99,
  method: VarMethod = "historical",
  horizonDays = 1,
  value = 1
): number {
  checkLossInputs({ confidence, horizonDays, value });
  const n = values.length;
  if (n < 4) throw div0Error(`VALUEATRISK needs at least 4 returns, got ${n}`);
  if (method === "historical")
    return -percentileInc(values, 1 - confidence) * Math.sqrt(horizonDays) * value;
  const { mean, ss } = moments(values);
  const sigma = Math.sqrt(ss / (n - 1));
  let z = normalQuantile(confidence, 0, 1);
  if (method === "cornishfisher") {
    if (sigma === 0)
      throw div0Error("returns have zero variance: skewness and kurtosis are undefined");
    const S = skew(values);
    const K = kurt(values);
    z =
      z - ((z * z - 1) * S) / 6 + ((z ** 3 - 3 * z) * K) / 24 - ((2 * z ** 3 - 5 * z) * S * S) / 36;
  }
  return (z * sigma * Math.sqrt(horizonDays) - mean * horizonDays) * value;
}

/**
 * Expected shortfall (CVaR) as a positive loss: the mean loss beyond VaR.
 * - `historical`: minus the mean of the returns at or below PERCENTILE.INC(returns, 1 − confidence), × √h;
 * - `parametric`: σ·√h·φ(z)/(1 − confidence) − μ·h (the normal ES; McNeil, Frey & Embrechts,
 *   *Quantitative Risk Management*, Example 2.14).
 * Needs 2 returns. O(n).
 */
export function expectedShortfall(
  values: Float64Array,
  confidence = 0.975,
  method: EsMethod = "historical",
  horizonDays = 1,
  value = 1
): number {
  checkLossInputs({ confidence, horizonDays, value });
  const n = values.length;
  if (n < 2) throw div0Error(`EXPECTEDSHORTFALL needs at least 2 returns, got ${n}`);
  if (method === "historical") {
    const cutoff = percentileInc(values, 1 - confidence);
    let sum = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (values[i] <= cutoff) {
        sum += values[i];
        count++;
      }
    }
    return (-sum / count) * Math.sqrt(horizonDays) * value;
  }
  const { mean, ss } = moments(values);
  const sigma = Math.sqrt(ss / (n - 1));
  const z = normalQuantile(confidence, 0, 1);
  const tail = (sigma * Math.sqrt(horizonDays) * normalPdf(z, 0, 1)) / (1 - confidence);
  return (tail - mean * horizonDays) * value;
}

/**
 * Scenario P&L of a book and its hedge: `Σ v_i(β_i·shock + e_i) + hedge_notional × shock`, with
 * `hedge_notional` negative for a short hedge. The seed article: stress tests should include
 * multi-asset drawdowns, correlation spikes and breaks. Decimal arithmetic. O(n).
 */
export function stressPnl(
  positionValues: Float64Array,
  betas: Float64Array,
  benchmarkShock: number,
  hedgeNotional = 0,
  idiosyncraticShocks?: Float64Array
): number {
  requireFinite(benchmarkShock, "benchmark_shock");
  requireFinite(hedgeNotional, "hedge_notional");
  let total = money(hedgeNotional).times(benchmarkShock);
  for (let i = 0; i < positionValues.length; i++) {
    const shock = money(betas[i])
      .times(benchmarkShock)
      .plus(idiosyncraticShocks?.[i] ?? 0);
    total = total.plus(money(positionValues[i]).times(shock));
  }
  return toNumber(total);
}

/**
 * Largest peak-to-trough fall of a value series, as a positive fraction of the peak: 0.25 is a 25%
 * drawdown, a fall to 0 is 1, and there is no drawdown while the running peak is 0. O(n), one pass.
 * @example maxDrawdown(Float64Array.of(100, 120, 90, 130, 104)) // 0.25
 */
export function maxDrawdown(values: Float64Array): number {
  const n = values.length;
  if (n === 0) throw div0Error("MAXDRAWDOWN needs at least one value");
  let peak = 0;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v < 0) throw numError(`values must not be negative, got ${show(v)} (value ${i + 1})`);
    if (v > peak) peak = v;
    else if (peak > 0) {
      const drawdown = (peak - v) / peak;
      if (drawdown > worst) worst = drawdown;
    }
  }
  return worst;
}

/**
 * Drawdown reduction of a hedge: `1 − MAXDRAWDOWN(hedged)/MAXDRAWDOWN(unhedged)`, each series on its
 * own (they need not be paired). The seed article judges a hedge by drawdown control. O(n + m).
 */
export function drawdownReduction(unhedged: Float64Array, hedged: Float64Array): number {
  const before = maxDrawdown(unhedged);
  const after = maxDrawdown(hedged);
  if (before === 0) throw div0Error("unhedged_values have no drawdown: there is nothing to reduce");
  return 1 - after / before;
}
