/**
 * Hedge effectiveness: how well the hedge offset the item, by the measures hedge documentation uses
 * (dollar offset, regression, variance reduction), tracking error, and rolling views of the
 * relationship (correlation and hedge ratio over trailing windows).
 */
import { requireFinite, requirePositive, show } from "./checks";
import { div0Error, numError } from "./errors";
import {
  BLOCK,
  CoMomentAccumulator,
  Collected,
  coMoments,
  compensatedSum,
  feedPairs,
  moments,
  twoPassCoMoments,
  type BlockSink,
  type CoMoments,
  copyPairs,
  type ColumnRows,
  type PairColumnSink,
} from "./stats";
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

function checkWindow(window: number, pairsCount: number): void {
  if (!(window >= 2)) throw numError(`window must be at least 2, got ${show(window)}`);
  if (window > pairsCount) {
    throw div0Error(`window ${show(window)} is longer than the data: ${pairsCount} usable pairs`);
  }
}

/** Indices of a rolling block's shift (CX, CY) and running sums in its `sums`. */
const CX = 0;
const CY = 1;
const SX = 2;
const SY = 3;
const SXX = 4;
const SYY = 5;
const SXY = 6;

/**
 * Slides the window over pairs `from..to` — each enters the ring at `position` onwards, replacing the
 * pair that leaves — and writes each window's value from `out[at]` on. A function of its own with no
 * call inside, so that the engine keeps everything in registers.
 */
function slide(
  x: Float64Array,
  y: Float64Array,
  from: number,
  to: number,
  ringX: Float64Array,
  ringY: Float64Array,
  position: number,
  out: Float64Array,
  at: number,
  beta: boolean,
  sums: Float64Array
): void {
  const window = ringX.length;
  const cx = sums[CX];
  const cy = sums[CY];
  let sx = sums[SX],
    sy = sums[SY],
    sxx = sums[SXX],
    syy = sums[SYY],
    sxy = sums[SXY];
  for (let i = from, p = position, o = at; i < to; i++, p++, o++) {
    const newX = x[i];
    const newY = y[i];
    const ox = ringX[p] - cx;
    const oy = ringY[p] - cy;
    ringX[p] = newX;
    ringY[p] = newY;
    const nx = newX - cx;
    const ny = newY - cy;
    sx += nx - ox;
    sy += ny - oy;
    sxx += nx * nx - ox * ox;
    syy += ny * ny - oy * oy;
    sxy += nx * ny - ox * oy;
    // centred sums; a window whose spread is lost in rounding relative to its raw shifted sums has none
    let ssX = sxx - (sx * sx) / window;
    let ssY = syy - (sy * sy) / window;
    if (ssX <= 1e-13 * sxx) ssX = 0;
    if (ssY <= 1e-13 * syy) ssY = 0;
    const c = sxy - (sx * sy) / window;
    // as RollingStatistic.value
    out[o] = beta
      ? ssX === 0
        ? NaN
        : c / ssX
      : ssX === 0 || ssY === 0
        ? NaN
        : Math.max(-1, Math.min(1, c / Math.sqrt(ssX * ssY)));
  }
  sums[SX] = sx;
  sums[SY] = sy;
  sums[SXX] = sxx;
  sums[SYY] = syy;
  sums[SXY] = sxy;
}

/** What ROLLINGCORREL and ROLLINGBETA compute on each window. */
export type RollingKind = "correl" | "beta";

/**
 * A statistic of every trailing window of `window` pairs, in O(n): fed in blocks (`PairBlockSink`) —
 * from arrays by `rollingCorrelation`/`rollingBeta`, from cells read by ../functions — it
 * passes the values on, oldest window first, in blocks to `output` (a `BlockSink`).
 *
 * Windows are taken in blocks of `window`: the first window of each block gets exact co-moments (the
 * corrected two-pass of ./stats `CoMomentAccumulator`), and their means become the shift of that block's
 * running sums, which then add the entering pair and remove the leaving one for the following windows.
 * Rounding therefore never accumulates beyond one block, and prices with a 1e9 offset keep their
 * precision (the shifted values are small). Only the last `window` pairs are kept (a ring); when at most
 * one window can exist (`maxPairs` ≤ `window`), nothing is kept at all.
 *
 * `finish()` is false when a window met values so large that sums of squares may overflow (./stats
 * `CoMomentAccumulator.safe`): those are computed `legacy`, as before this class existed — every
 * block's means by the plain two-pass and every window from the running sums — so that overflows
 * surface as they always have.
 */
export class RollingStatistic implements PairColumnSink {
  /** Values not yet passed on. */
  private readonly out = new Float64Array(BLOCK);
  private waiting = 0;
  private readonly ringX: Float64Array | undefined;
  private readonly ringY: Float64Array | undefined;
  private readonly moments = new CoMomentAccumulator();
  private safe = true;
  private count = 0;
  /** Where the next pair goes in the ring. */
  private position = 0;
  /** The block's shift and running sums, indexed by CX … SXY. */
  private readonly sums = new Float64Array(7);

  /**
   * `correl`: CORREL(x, y) of each window, fed (x, y); `beta`: SLOPE(item, hedge) = Cov/Var(hedge),
   * fed (item, hedge). Throws as the functions do when `window` is below 2 or above `maxPairs`.
   */
  constructor(
    private readonly kind: RollingKind,
    private readonly window: number,
    maxPairs: number,
    private readonly output: BlockSink,
    private readonly legacy = false
  ) {
    // only the lower bound here: the count of usable pairs is known, and checked, at `finish`
    checkWindow(window, Infinity);
    if (maxPairs > window || legacy) {
      this.ringX = new Float64Array(window);
      this.ringY = new Float64Array(window);
    }
  }

  /** `NaN` where a window has zero variance (the boundary spills it as ""); as inlined in `slide`. */
  private value(ssX: number, ssY: number, sxy: number): number {
    if (this.kind === "beta") return ssX === 0 ? NaN : sxy / ssX;
    return ssX === 0 || ssY === 0 ? NaN : Math.max(-1, Math.min(1, sxy / Math.sqrt(ssX * ssY)));
  }

  private emit(value: number): void {
    this.out[this.waiting++] = value;
    if (this.waiting === BLOCK) this.flush();
  }

  private flush(): void {
    if (this.waiting > 0) this.output.add(this.out, 0, this.waiting);
    this.waiting = 0;
  }

  /**
   * Two columns: one window at most, the co-moments read straight from the cells; otherwise the
   * complete pairs a block at a time through `add` (the ring needs them stored anyway).
   */
  addColumns(rowsA: ColumnRows, rowsB: ColumnRows, from: number, to: number): boolean {
    if (this.ringX === undefined) {
      return this.kind === "beta"
        ? this.moments.addColumns(rowsB, rowsA, from, to)
        : this.moments.addColumns(rowsA, rowsB, from, to);
    }
    const a = new Float64Array(BLOCK);
    const b = new Float64Array(BLOCK);
    for (let i = from; i < to;) {
      const read = copyPairs(rowsA, rowsB, i, to, a, b, 0, BLOCK);
      if (!read) return false;
      i = read.next;
      if (read.count > 0) this.add(a, b, 0, read.count);
    }
    return true;
  }

  add(a: Float64Array, b: Float64Array, from: number, to: number): void {
    // beta regresses the item (first) on the hedge (second): x is the hedge
    const beta = this.kind === "beta";
    const x = beta ? b : a;
    const y = beta ? a : b;
    const ringX = this.ringX;
    const ringY = this.ringY;
    if (ringX === undefined || ringY === undefined) {
      this.moments.add(x, y, from, to);
      return;
    }
    const window = this.window;
    const last = window - 1;
    for (let i = from; i < to;) {
      if (this.position === last) {
        // the pair that completes a window opening a block: the ring then holds it in order
        ringX[last] = x[i];
        ringY[last] = y[i];
        i++;
        this.count++;
        this.position = 0;
        this.openBlock(ringX, ringY);
      } else if (this.count < window) {
        // filling the first window
        ringX[this.position] = x[i];
        ringY[this.position] = y[i];
        i++;
        this.count++;
        this.position++;
      } else {
        // the windows up to the next block, or as many as `out` has room for
        const end = Math.min(to, i + last - this.position, i + BLOCK - this.waiting);
        slide(x, y, i, end, ringX, ringY, this.position, this.out, this.waiting, beta, this.sums);
        this.count += end - i;
        this.position += end - i;
        this.waiting += end - i;
        if (this.waiting === BLOCK) this.flush();
        i = end;
      }
    }
  }

  /** The window in the ring (in order) opens a block: its exact co-moments, and the block's sums. */
  private openBlock(ringX: Float64Array, ringY: Float64Array): void {
    const window = this.window;
    let m: CoMoments;
    if (this.legacy) m = twoPassCoMoments(ringX, ringY, 0, window);
    else {
      const moments = this.moments;
      moments.reset();
      moments.add(ringX, ringY, 0, window);
      if (!moments.safe) this.safe = false;
      m = moments.result();
    }
    const cx = m.meanX;
    const cy = m.meanY;
    let sx = 0,
      sy = 0,
      sxx = 0,
      syy = 0,
      sxy = 0;
    for (let j = 0; j < window; j++) {
      const dx = ringX[j] - cx;
      const dy = ringY[j] - cy;
      sx += dx;
      sy += dy;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    const sums = this.sums;
    sums[CX] = cx;
    sums[CY] = cy;
    sums[SX] = sx;
    sums[SY] = sy;
    sums[SXX] = sxx;
    sums[SYY] = syy;
    sums[SXY] = sxy;
    if (!this.legacy) {
      this.emit(this.value(m.ssX, m.ssY, m.sxy));
      return;
    }
    const ssX = sxx - (sx * sx) / window;
    const ssY = syy - (sy * sy) / window;
    this.emit(
      this.value(
        ssX <= 1e-13 * sxx ? 0 : ssX,
        ssY <= 1e-13 * syy ? 0 : ssY,
        sxy - (sx * sy) / window
      )
    );
  }

  /**
   * Passes on the last values: true when all n − window + 1 are out, false when they must be computed
   * `legacy` instead (the values passed on so far are then to be dropped).
   */
  finish(): boolean {
    checkWindow(this.window, this.ringX === undefined ? this.moments.n : this.count);
    if (this.ringX === undefined) {
      if (!this.moments.safe) return false;
      const m = this.moments.result();
      this.emit(this.value(m.ssX, m.ssY, m.sxy));
    }
    if (!this.safe && !this.legacy) return false;
    this.flush();
    return true;
  }
}

/**
 * The rolling statistic of all of `a` and `b`: `RollingStatistic` as it streams, or, when a window met
 * values large enough to overflow, its `legacy` computation. O(n).
 */
export function rolling(
  kind: RollingKind,
  a: Float64Array,
  b: Float64Array,
  window: number
): Float64Array {
  for (const legacy of [false, true]) {
    const values = new Collected(a.length - window + 1);
    const statistic = new RollingStatistic(kind, window, a.length, values, legacy);
    feedPairs(a, b, statistic);
    if (statistic.finish()) return values.values();
  }
  throw new Error("a legacy rolling statistic always finishes");
}

/**
 * Correlation of each trailing window (Excel CORREL on that window), n − window + 1 values, oldest
 * first; `NaN` where a window has zero variance (the boundary spills it as ""). O(n).
 */
export function rollingCorrelation(x: Float64Array, y: Float64Array, window: number): Float64Array {
  return rolling("correl", x, y, window);
}

/**
 * Minimum-variance hedge ratio of each trailing window, Cov(item, hedge)/Var(hedge) (Excel SLOPE on
 * that window); `NaN` where the hedge has zero variance. O(n).
 */
export function rollingBeta(item: Float64Array, hedge: Float64Array, window: number): Float64Array {
  return rolling("beta", item, hedge, window);
}
