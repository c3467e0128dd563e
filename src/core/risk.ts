/**
 * Risk and stress: returns, volatility, value at risk, expected shortfall, drawdowns, scenario P&L.
 */
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { requireFinite, requireInOpen, requireNonNegative, requirePositive, show } from "./checks";
import { div0Error, numError, type HedgeError } from "./errors";
import { requirePrices } from "./basis";
import { money, toNumber } from "./money";
import { PercentileBracket, percentileInc } from "./select";
import {
  Collected,
  feedSeries,
  isOneCell,
  kurt,
  moments,
  skew,
  type ColumnRows,
  type ColumnSink,
} from "./stats";
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
  const ewma = new EwmaVolatility(lambda, periodsPerYear);
  feedSeries(values, ewma);
  return ewma.result();
}

/**
 * `ewmaVol` fed newest first in blocks (`BlockSink`); the parameters are checked on construction, the
 * count when the result is asked for.
 */
export class EwmaVolatility implements ColumnSink {
  readonly newestFirst = true;
  n = 0;
  private sum = 0;
  private weight = 1;

  constructor(
    private readonly lambda = 0.94,
    private readonly periodsPerYear = DAYS_PER_YEAR
  ) {
    requireInOpen(lambda, "lambda", 0, 1);
    requirePositive(periodsPerYear, "periods_per_year");
  }

  /** Once the weights are spent, further (older) returns only count. */
  get saturated(): boolean {
    return !(this.weight > 1e-300);
  }

  skip(n: number): void {
    this.n += n;
  }

  /** `values[from..to)`, newest first. */
  add(values: Float64Array, from: number, to: number): void {
    this.n += to - from;
    const lambda = this.lambda;
    let sum = this.sum;
    let weight = this.weight;
    // Older weights underflow to subnormals, which are slow on every CPU and add nothing a double can
    // hold next to the newer terms: stop there (λ^n is then 0 to double precision too).
    for (let i = from; i < to && weight > 1e-300; i++) {
      sum += weight * values[i] * values[i];
      weight *= lambda;
    }
    this.sum = sum;
    this.weight = weight;
  }

  /** The whole column at once, read newest first as `add` is fed. */
  addColumn(rows: ColumnRows, from: number, to: number): boolean {
    const lambda = this.lambda;
    let n = this.n;
    let sum = this.sum;
    let weight = this.weight;
    for (let i = to - 1; i >= from; i--) {
      const row = rows[i];
      if (!isOneCell(row)) return false;
      const r = row[0];
      if (typeof r !== "number" || r - r !== 0) continue; // missing
      n++;
      // as in `add`: once the weights are spent, the older returns are only counted
      if (weight > 1e-300) {
        sum += weight * r * r;
        weight *= lambda;
      }
    }
    this.n = n;
    this.sum = sum;
    this.weight = weight;
    return true;
  }

  result(): number {
    const n = this.n;
    if (n < 2) throw div0Error(`EWMAVOL needs at least 2 returns, got ${n}`);
    const lambdaN = this.weight > 1e-300 ? this.weight : 0; // λ^n
    const lambda = this.lambda;
    return Math.sqrt((this.periodsPerYear * this.sum * (1 - lambda)) / (1 - lambdaN));
  }
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
 * Needs 2 returns, 4 for `cornishfisher` (KURT does); a zero σ is allowed for `parametric`. O(n).
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
  checkVarCount(n, method);
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

/** `historical` and `parametric` need 2 returns; `cornishfisher` 4 (KURT does). */
function checkVarCount(n: number, method: VarMethod): void {
  const least = method === "cornishfisher" ? 4 : 2;
  if (n < least) {
    const which = method === "cornishfisher" ? " with cornishfisher" : "";
    throw div0Error(`VALUEATRISK needs at least ${least} returns${which}, got ${n}`);
  }
}

/**
 * `valueAtRisk` fed in blocks (`BlockSink`). Given a `sample` of the returns (some of them, e.g. at
 * ./select `samplePositions`), `historical` brackets the percentile from it and keeps only the returns
 * inside the bracket (./select `PercentileBracket`), so a million returns are never copied; otherwise
 * the returns are collected and `valueAtRisk` runs on them. The inputs are checked on construction.
 */
export class ValueAtRiskAccumulator implements ColumnSink {
  private readonly bracket: PercentileBracket | undefined;
  private readonly all: Collected | undefined;

  constructor(
    private readonly confidence: number,
    private readonly method: VarMethod,
    private readonly horizonDays: number,
    private readonly value: number,
    length: number,
    sample?: Float64Array
  ) {
    checkLossInputs({ confidence, horizonDays, value });
    if (sample && method === "historical") {
      this.bracket = new PercentileBracket(1 - confidence, sample, length);
    } else this.all = new Collected(length);
  }

  add(values: Float64Array, from: number, to: number): void {
    if (this.bracket) this.bracket.add(values, from, to);
    else this.all!.add(values, from, to);
  }

  addColumn(rows: ColumnRows, from: number, to: number): boolean {
    return this.bracket
      ? this.bracket.addColumn(rows, from, to)
      : this.all!.addColumn(rows, from, to);
  }

  /** The loss; `undefined` when the bracket missed: `resultFrom` the whole series then decides. */
  result(): number | undefined {
    if (this.all) return this.resultFrom(this.all.values());
    const bracket = this.bracket!;
    checkVarCount(bracket.n, "historical");
    const q = bracket.result();
    return q === undefined ? undefined : -q * Math.sqrt(this.horizonDays) * this.value;
  }

  /** `valueAtRisk` of the whole series, with this accumulator's inputs. */
  resultFrom(values: Float64Array): number {
    return valueAtRisk(values, this.confidence, this.method, this.horizonDays, this.value);
  }
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
  const drawdown = new MaxDrawdown();
  feedSeries(values, drawdown);
  return drawdown.result();
}

/**
 * `maxDrawdown` fed in blocks (`BlockSink`). For a given peak the drawdown (peak − v)/peak only grows as
 * v falls (rounded subtraction and division are monotone), so only the trough under each peak is kept
 * and divided once, when the peak is passed: the same maximum as dividing at every value.
 */
export class MaxDrawdown implements ColumnSink {
  n = 0;
  /** The running peak, and the lowest value since it was set (never negative). */
  private peak = 0;
  private trough = 0;
  private worst = 0;

  /** The running peak is passed: the deepest fall under it counts (none while the peak is 0). */
  private closePeak(peak: number, trough: number): void {
    if (peak > 0) {
      const drawdown = (peak - trough) / peak;
      if (drawdown > this.worst) this.worst = drawdown;
    }
  }

  add(values: Float64Array, from: number, to: number): void {
    let peak = this.peak;
    let trough = this.trough;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v > peak) {
        this.closePeak(peak, trough);
        peak = v;
        trough = v;
      } else if (v < trough) {
        // the trough is never negative, so a negative value always comes here
        if (v < 0) throw negativeValue(v, this.n + i - from + 1);
        trough = v;
      }
    }
    this.n += to - from;
    this.peak = peak;
    this.trough = trough;
  }

  addColumn(rows: ColumnRows, from: number, to: number): boolean {
    let peak = this.peak;
    let trough = this.trough;
    let n = this.n;
    for (let i = from; i < to; i++) {
      const row = rows[i];
      if (!isOneCell(row)) return false;
      const v = row[0];
      if (typeof v !== "number" || v - v !== 0) continue; // missing
      n++;
      if (v > peak) {
        this.closePeak(peak, trough);
        peak = v;
        trough = v;
      } else if (v < trough) {
        if (v < 0) throw negativeValue(v, n);
        trough = v;
      }
    }
    this.n = n;
    this.peak = peak;
    this.trough = trough;
    return true;
  }

  result(): number {
    if (this.n === 0) throw div0Error("MAXDRAWDOWN needs at least one value");
    this.closePeak(this.peak, this.trough);
    return this.worst;
  }
}

/** The error for a negative value, the `index`-th of the series (1-based). */
const negativeValue = (v: number, index: number): HedgeError =>
  numError(`values must not be negative, got ${show(v)} (value ${index})`);

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
