/**
 * Sizing: how many contracts a hedge needs.
 */
import Decimal from "decimal.js";
import {
  requireFinite,
  requireInLeftOpen,
  requireInOpen,
  requireNonNegative,
  requirePositive,
  requirePositiveDivisor,
  show,
} from "./checks";
import { div0Error, numError, valueError } from "./errors";
import { divide, divideToInteger, multiply, scaled } from "./exact";
import { money, toNumber } from "./money";
import { olsSlopes } from "./regression";
import {
  CoMomentAccumulator,
  coMoments,
  feedPairs,
  isOneCell,
  type ColumnRows,
  type CoMoments,
  type PairColumnSink,
} from "./stats";

/** How a contract count is made whole: as Excel's ROUND, ROUNDDOWN and ROUNDUP do, by magnitude. */
export const ROUNDINGS = ["none", "nearest", "down", "up"] as const;
export type Rounding = (typeof ROUNDINGS)[number];

const DECIMAL_ROUNDING: Record<Exclude<Rounding, "none">, Decimal.Rounding> = {
  nearest: Decimal.ROUND_HALF_UP, // half away from zero, as Excel's ROUND
  down: Decimal.ROUND_DOWN, // toward zero, as ROUNDDOWN
  up: Decimal.ROUND_UP, // away from zero, as ROUNDUP
};

/**
 * Contracts to hedge an exposure: `exposure ÷ contract_notional × hedge_effectiveness`.
 *
 * The seed article's hedge ratio; with `hedge_effectiveness` = h* (the minimum-variance ratio) it is
 * Hull's optimal number of contracts N* = h*·Q_A/Q_F (Hull, *Options, Futures, and Other
 * Derivatives*, §3.4). The sign follows `exposure`. Exact in decimal arithmetic. O(1).
 *
 * @example hedgeRatio(1_000_000, 50_000, 0.8) // 16
 */
export function hedgeRatio(
  exposure: number,
  contractNotional: number,
  hedgeEffectiveness = 1,
  rounding: Rounding = "none"
): number {
  requireFinite(exposure, "exposure");
  requirePositiveDivisor(contractNotional, "contract_notional");
  requireNonNegative(hedgeEffectiveness, "hedge_effectiveness");
  // exact on safe integers when the inputs allow (almost always), else the same in decimal.js
  const numerator = multiply(scaled(exposure), scaled(hedgeEffectiveness));
  const fast =
    rounding === "none"
      ? divide(numerator, scaled(contractNotional))
      : divideToInteger(numerator, scaled(contractNotional), rounding);
  if (fast !== undefined) return fast;
  const contracts = money(exposure).times(hedgeEffectiveness).div(contractNotional);
  return toNumber(
    rounding === "none" ? contracts : contracts.toDecimalPlaces(0, DECIMAL_ROUNDING[rounding])
  );
}

export const MV_METHODS = ["ols", "ewma"] as const;
export type MvMethod = (typeof MV_METHODS)[number];

/**
 * Minimum-variance hedge ratio h* = Cov(s, h)/Var(h) = ρ·σs/σh (Hull §3.4): the units of hedge per unit
 * of the item that minimise the variance of the hedged position. `ols` equals Excel's
 * `SLOPE(spot_returns, hedge_returns)`; `ewma` uses zero-mean exponential weights λ^(n−1−i), newest
 * last (RiskMetrics), i.e. Σw·s·h / Σw·h². Needs 3 pairs. O(n), stable two-pass for `ols`.
 *
 * @example mvHedgeRatio(spot, hedge) // Hull Example 3.3: ρ 0.928, σS 0.0263, σF 0.0313 → 0.78
 */
export function mvHedgeRatio(
  spotReturns: Float64Array,
  hedgeReturns: Float64Array,
  method: MvMethod = "ols",
  lambda = 0.94
): number {
  const ratio = new MinimumVarianceRatio(method, lambda);
  feedPairs(spotReturns, hedgeReturns, ratio);
  return ratio.result() ?? ratio.resultFrom(spotReturns, hedgeReturns);
}

/** Excel SLOPE(spot, hedge) = Cov(hedge, spot)/Var(hedge), from the co-moments of (hedge, spot). */
function olsHedgeRatio(m: CoMoments): number {
  const h = m.ssX === 0 ? NaN : m.sxy / m.ssX;
  if (Number.isNaN(h)) throw div0Error("hedge_returns have zero variance: no hedge ratio exists");
  return h;
}

/**
 * `mvHedgeRatio` fed in blocks of (spot, hedge) pairs (`PairBlockSink`), oldest first for `ols` and
 * newest first for `ewma`; lambda is checked on construction. `result()` is `undefined` when `ols` met
 * values so large that the two-pass on the whole series must decide (./stats
 * `CoMomentAccumulator.safe`): `resultFrom` then gives it.
 */
export class MinimumVarianceRatio implements PairColumnSink {
  readonly newestFirst: boolean;
  /** `ols`: the co-moments of (hedge, spot). */
  private readonly moments = new CoMomentAccumulator();
  private n = 0;
  private sh = 0;
  private hh = 0;
  private weight = 1;

  constructor(
    readonly method: MvMethod = "ols",
    private readonly lambda = 0.94
  ) {
    requireInOpen(lambda, "lambda", 0, 1);
    this.newestFirst = method === "ewma";
  }

  add(spot: Float64Array, hedge: Float64Array, from: number, to: number): void {
    if (this.method === "ols") {
      this.moments.add(hedge, spot, from, to);
      return;
    }
    this.n += to - from;
    const lambda = this.lambda;
    let sh = this.sh;
    let hh = this.hh;
    let w = this.weight;
    // newest first; stop before the weights underflow to (slow, negligible) subnormals
    for (let i = from; i < to && w > 1e-300; i++) {
      sh += w * spot[i] * hedge[i];
      hh += w * hedge[i] * hedge[i];
      w *= lambda;
    }
    this.sh = sh;
    this.hh = hh;
    this.weight = w;
  }

  /** The whole columns at once (`ewma` reads them newest first, as `add` is fed). */
  addColumns(rowsSpot: ColumnRows, rowsHedge: ColumnRows, from: number, to: number): boolean {
    if (this.method === "ols") return this.moments.addColumns(rowsHedge, rowsSpot, from, to);
    const lambda = this.lambda;
    let n = this.n;
    let sh = this.sh;
    let hh = this.hh;
    let w = this.weight;
    for (let i = to - 1; i >= from; i--) {
      const rowS = rowsSpot[i];
      const rowH = rowsHedge[i];
      if (!isOneCell(rowS) || !isOneCell(rowH)) return false;
      const s = rowS[0];
      const h = rowH[0];
      if (typeof s !== "number" || typeof h !== "number" || s - s !== 0 || h - h !== 0) continue;
      n++;
      // as in `add`: once the weights are spent, the older pairs are only counted
      if (w > 1e-300) {
        sh += w * s * h;
        hh += w * h * h;
        w *= lambda;
      }
    }
    this.n = n;
    this.sh = sh;
    this.hh = hh;
    this.weight = w;
    return true;
  }

  result(): number | undefined {
    const n = this.method === "ols" ? this.moments.n : this.n;
    if (n < 3) throw div0Error(`MVHEDGERATIO needs at least 3 pairs of returns, got ${n}`);
    if (this.method === "ols") {
      return this.moments.safe ? olsHedgeRatio(this.moments.result()) : undefined;
    }
    if (this.hh === 0) throw div0Error("hedge_returns are all zero: no hedge ratio exists");
    return this.sh / this.hh;
  }

  /** The `ols` ratio of the whole series by the plain two-pass, when `result()` could not tell. */
  resultFrom(spot: Float64Array, hedge: Float64Array): number {
    return olsHedgeRatio(coMoments(hedge, spot));
  }
}

/**
 * Blended proxy hedge: OLS coefficients of the target's returns on k proxies (with an intercept, not
 * returned), in the proxies' order — Excel's LINEST gives the same coefficients in reverse order. For one
 * proxy it equals `mvHedgeRatio(…, "ols")`. Householder QR (./regression). O(n·k²).
 */
export function proxyWeights(
  targetReturns: Float64Array,
  proxyReturns: Float64Array,
  k: number
): Float64Array {
  return olsSlopes(targetReturns, proxyReturns, k);
}

/**
 * Tiered hedge ratio for the volatility regime: thresholds t1 < … < tm split volatility into m + 1
 * regimes with ratios r0 … rm; `vol < t1` → r0, `t_j ≤ vol < t_(j+1)` → r_j, `vol ≥ tm` → rm. The seed
 * article: "increasing hedge coverage when volatility rises and reducing coverage when volatility
 * stabilizes". O(m).
 * @example tieredHedge(0.8, [0.5, 1], [0.5, 0.75, 1]) // 0.75
 */
export function tieredHedge(volatility: number, thresholds: number[], ratios: number[]): number {
  requireNonNegative(volatility, "volatility");
  thresholds.forEach((t, i) => {
    requireFinite(t, "vol_thresholds");
    if (i > 0 && !(t > thresholds[i - 1])) {
      throw numError(
        `vol_thresholds must be strictly ascending, got ${show(thresholds[i - 1])} then ${show(t)}`
      );
    }
  });
  ratios.forEach((r) => requireFinite(r, "hedge_ratios"));
  if (ratios.length !== thresholds.length + 1) {
    throw valueError(
      `hedge_ratios needs one more value than vol_thresholds (${thresholds.length + 1}), got ${ratios.length}`
    );
  }
  let regime = 0;
  while (regime < thresholds.length && volatility >= thresholds[regime]) regime++;
  return ratios[regime];
}

/**
 * Days to exit a position without trading more than `participation` of the average daily volume:
 * `|position_value| ÷ (participation × avg_daily_volume)`. Short positions count by size. O(1).
 * @example daysToLiquidate(5_000_000, 10_000_000) // 5 days at 10% of volume
 */
export function daysToLiquidate(
  positionValue: number,
  avgDailyVolume: number,
  participation = 0.1
): number {
  requireFinite(positionValue, "position_value");
  requirePositiveDivisor(avgDailyVolume, "avg_daily_volume");
  requireInLeftOpen(participation, "participation", 0, 1);
  return Math.abs(positionValue) / (participation * avgDailyVolume);
}

/**
 * Liquidity tier of a position from its days to liquidate: `days ≤ tier_days[0]` → first label, …,
 * beyond the last boundary → the last label. Defaults: boundaries 1 and 5 days, labels High, Medium, Low
 * (the seed article's segmentation by liquidity tier). O(m).
 */
export function liquidityTier(
  positionValue: number,
  avgDailyVolume: number,
  participation = 0.1,
  tierDays: number[] = [1, 5],
  labels: string[] = ["High", "Medium", "Low"]
): string {
  const days = daysToLiquidate(positionValue, avgDailyVolume, participation);
  tierDays.forEach((d, i) => {
    requirePositive(d, "tier_days");
    if (i > 0 && !(d > tierDays[i - 1])) {
      throw numError(
        `tier_days must be strictly ascending, got ${show(tierDays[i - 1])} then ${show(d)}`
      );
    }
  });
  if (labels.length !== tierDays.length + 1) {
    throw valueError(
      `labels needs one more entry than tier_days (${tierDays.length + 1}), got ${labels.length}`
    );
  }
  let tier = 0;
  while (tier < tierDays.length && days > tierDays[tier]) tier++;
  return labels[tier];
}
