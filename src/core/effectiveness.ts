/**
 * Hedge effectiveness: how well the hedge offset the item, by the measures hedge documentation uses
 * (dollar offset, regression, variance reduction), tracking error, and rolling views of the
 * relationship (correlation and hedge ratio over trailing windows).
 */
import { requireFinite, requirePositive, show } from "./checks";
import { div0Error, numError } from "./errors";
import { coMoments, compensatedSum, moments } from "./stats";
import { DAYS_PER_YEAR } from "./types";

export const EFFECTIVENESS_METHODS = ["variance", "dollaroffset", "r2", "slope"] as const;
export type EffectivenessMethod = (typeof EFFECTIVENESS_METHODS)[number];

/** Minimum pairs per measure: a regression needs 3 (2 points always fit), a variance 2, a ratio 1. */
const MIN_PAIRS: Record<EffectivenessMethod, number> = {
  variance: 2,
  dollaroffset: 1,
  r2: 3,
  slope: 3,
};

/**
 * One effectiveness measure of value changes of the hedged item and of the hedge (same currency, the
 * hedge with its own sign, so a good hedge moves opposite):
 * - `variance`: 1 − Var(item + hedge)/Var(item), the share of variance removed;
 * - `dollaroffset`: −Σhedge/Σitem (effective within 0.80–1.25);
 * - `r2`: R² of the OLS regression of hedge changes on item changes (effective ≥ 0.80);
 * - `slope`: its slope (effective within −1.25 … −0.80).
 * The 80–125% band is the long-standing hedge-accounting test (IAS 39 AG105; FASB ASC 815 practice).
 * O(n).
 */
export function hedgeEffectiveness(
  item: Float64Array,
  hedge: Float64Array,
  method: EffectivenessMethod = "variance"
): number {
  const n = item.length;
  if (n < MIN_PAIRS[method]) {
    throw div0Error(
      `The ${method} measure needs at least ${MIN_PAIRS[method]} pairs of changes, got ${n}`
    );
  }
  switch (method) {
    case "dollaroffset": {
      const itemSum = compensatedSum(item);
      if (itemSum === 0) throw div0Error("item_changes sum to 0: the dollar offset is undefined");
      return -compensatedSum(hedge) / itemSum;
    }
    case "variance": {
      const itemSs = moments(item).ss;
      if (itemSs === 0) throw div0Error("item_changes have zero variance");
      const hedged = new Float64Array(n);
      for (let i = 0; i < n; i++) hedged[i] = item[i] + hedge[i];
      return 1 - moments(hedged).ss / itemSs;
    }
    case "r2":
    case "slope": {
      const m = coMoments(item, hedge);
      if (m.ssX === 0) throw div0Error("item_changes have zero variance");
      if (method === "slope") return m.sxy / m.ssX;
      if (m.ssY === 0) throw div0Error("hedge_changes have zero variance");
      return Math.min(1, (m.sxy * m.sxy) / (m.ssX * m.ssY));
    }
  }
}

/** The hedge test's rows, in the order HEDGETEST spills them; `undefined` where a measure has no value. */
export interface HedgeTest {
  dollarOffset?: number;
  slope?: number;
  rSquared?: number;
  varianceReduction?: number;
  effective: boolean;
}

/**
 * All measures at once for hedge documentation. "Effective" when the dollar offset is within
 * 0.80–1.25, the slope within −1.25 … −0.80 and R² ≥ 0.80; a measure that cannot be computed (zero
 * variance, changes summing to zero) is left out and the hedge is then "Not effective". Needs 3 pairs.
 */
export function hedgeTest(item: Float64Array, hedge: Float64Array): HedgeTest {
  if (item.length < 3)
    throw div0Error(`HEDGETEST needs at least 3 pairs of changes, got ${item.length}`);
  const attempt = (method: EffectivenessMethod): number | undefined => {
    try {
      return hedgeEffectiveness(item, hedge, method);
    } catch {
      return undefined;
    }
  };
  const result = {
    dollarOffset: attempt("dollaroffset"),
    slope: attempt("slope"),
    rSquared: attempt("r2"),
    varianceReduction: attempt("variance"),
  };
  const within = (x: number | undefined, lo: number, hi: number): boolean =>
    x !== undefined && x >= lo && x <= hi;
  const effective =
    within(result.dollarOffset, 0.8, 1.25) &&
    within(result.slope, -1.25, -0.8) &&
    within(result.rSquared, 0.8, 1);
  return { ...result, effective };
}

/**
 * Annualised tracking error: the sample standard deviation of `item − hedge_ratio × hedge`, × √periods.
 * The seed article: effectiveness "should be evaluated using tracking error and drawdown reduction".
 * Needs 2 pairs. O(n).
 */
export function trackingError(
  item: Float64Array,
  hedge: Float64Array,
  hedgeRatio = 1,
  periodsPerYear = DAYS_PER_YEAR
): number {
  requireFinite(hedgeRatio, "hedge_ratio");
  requirePositive(periodsPerYear, "periods_per_year");
  const n = item.length;
  if (n < 2) throw div0Error(`TRACKINGERROR needs at least 2 pairs of returns, got ${n}`);
  const difference = new Float64Array(n);
  for (let i = 0; i < n; i++) difference[i] = item[i] - hedgeRatio * hedge[i];
  return Math.sqrt((moments(difference).ss / (n - 1)) * periodsPerYear);
}

/**
 * Calls `emit(start, ssX, ssY, sxy)` for every trailing window of `window` pairs, in O(n).
 *
 * Sums are kept around a shift (the mean of the window that opens each block of `window` windows),
 * updated by adding the entering pair and removing the leaving one, and recomputed from scratch with
 * a fresh shift every `window` steps — so rounding cannot accumulate beyond one block, and prices with
 * a 1e9 offset keep their precision (the shifted values are small).
 */
function rollingCoMoments(
  x: Float64Array,
  y: Float64Array,
  window: number,
  emit: (start: number, ssX: number, ssY: number, sxy: number) => void
): void {
  const n = x.length;
  const last = n - window;
  for (let block = 0; block <= last; block += window) {
    const start = coMoments(x, y, block, block + window);
    const cx = start.meanX;
    const cy = start.meanY;
    let sx = 0,
      sy = 0,
      sxx = 0,
      syy = 0,
      sxy = 0;
    for (let i = block; i < block + window; i++) {
      const dx = x[i] - cx;
      const dy = y[i] - cy;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    const end = Math.min(block + window - 1, last);
    for (let s = block; s <= end; s++) {
      if (s > block) {
        const ox = x[s - 1] - cx;
        const oy = y[s - 1] - cy;
        const nx = x[s + window - 1] - cx;
        const ny = y[s + window - 1] - cy;
        sx += nx - ox;
        sy += ny - oy;
        sxx += nx * nx - ox * ox;
        syy += ny * ny - oy * oy;
        sxy += nx * ny - ox * oy;
      }
      // centred sums; a window whose spread is lost in rounding relative to its raw shifted sums has none
      const ssX = sxx - (sx * sx) / window;
      const ssY = syy - (sy * sy) / window;
      emit(s, ssX <= 1e-13 * sxx ? 0 : ssX, ssY <= 1e-13 * syy ? 0 : ssY, sxy - (sx * sy) / window);
    }
  }
}

function checkWindow(window: number, pairsCount: number): void {
  if (!(window >= 2)) throw numError(`window must be at least 2, got ${show(window)}`);
  if (window > pairsCount) {
    throw div0Error(`window ${show(window)} is longer than the data: ${pairsCount} usable pairs`);
  }
}

/**
 * Correlation of each trailing window (Excel CORREL on that window), n − window + 1 values, oldest
 * first; `NaN` where a window has zero variance (the boundary spills it as ""). O(n).
 */
export function rollingCorrelation(x: Float64Array, y: Float64Array, window: number): Float64Array {
  checkWindow(window, x.length);
  const out = new Float64Array(x.length - window + 1);
  rollingCoMoments(x, y, window, (s, ssX, ssY, sxy) => {
    out[s] = ssX === 0 || ssY === 0 ? NaN : Math.max(-1, Math.min(1, sxy / Math.sqrt(ssX * ssY)));
  });
  return out;
}

/**
 * Minimum-variance hedge ratio of each trailing window, Cov(item, hedge)/Var(hedge) (Excel SLOPE on
 * that window); `NaN` where the hedge has zero variance. O(n).
 */
export function rollingBeta(item: Float64Array, hedge: Float64Array, window: number): Float64Array {
  checkWindow(window, item.length);
  const out = new Float64Array(item.length - window + 1);
  rollingCoMoments(hedge, item, window, (s, ssHedge, _ssItem, sxy) => {
    out[s] = ssHedge === 0 ? NaN : sxy / ssHedge;
  });
  return out;
}
