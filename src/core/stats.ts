/**
 * Statistics beneath the hedge functions, on `Float64Array`s.
 *
 * Stable by construction: every mean and variance is a corrected two-pass computation (Chan, Golub &
 * LeVeque, "Algorithms for computing the sample variance", 1983) with Neumaier-compensated sums, so
 * prices such as 1e9 + small moves keep their precision where a textbook Σx² − (Σx)²/n collapses to
 * noise. Co-moments (covariance, slope, correlation) are summed in blocks of `BLOCK` pairs around the
 * running mean and merged by Chan et al.'s pairwise update (`CoMomentAccumulator`): one sweep over the
 * data, as stable as the two-pass, fed in blocks whether the pairs come from arrays (`feedPairs`) or
 * straight from Excel's ranges (../functions/excel reads cells into blocks), so a million rows are never
 * copied first. All O(n).
 *
 * Conventions match Excel's functions of the same meaning, so users can check us with their own
 * spreadsheet: `sampleVariance` = VAR.S, `covarianceSample` = COVARIANCE.S, `slope` = SLOPE,
 * `correlation` = CORREL, `percentileInc` = PERCENTILE.INC, `skew` = SKEW, `kurt` = KURT.
 */

/**
 * Values per block of the blocked (streamed) computations: two blocks of doubles fit in a core's L1
 * cache. Whoever feeds a sink passes exactly `BLOCK` values per call except in the last one, so a
 * series is cut into the same blocks whether it comes from an array or straight from a range.
 */
export const BLOCK = 512;

/**
 * Receives a series in blocks, `values[from..to)`, oldest first unless `newestFirst`. A sink that is
 * `saturated` needs only to know how many values follow: their number may be given to `skip` instead.
 * Arrays reach an accumulator this way (`feedSeries` cuts them in blocks of `BLOCK`).
 */
export interface BlockSink {
  readonly newestFirst?: boolean;
  readonly saturated?: boolean;
  add(values: Float64Array, from: number, to: number): void;
  skip?(n: number): void;
}

/** Receives two paired series in blocks, `x[from..to)` with `y[from..to)`. */
export interface PairBlockSink {
  readonly newestFirst?: boolean;
  add(x: Float64Array, y: Float64Array, from: number, to: number): void;
}

/**
 * A column as a spreadsheet host passes a range: one array per row, each holding one cell. A cell that
 * is a finite number is a value; anything else (blank, text, a boolean) is missing and skipped, as
 * AVERAGE skips it.
 */
export type ColumnRows = ArrayLike<ArrayLike<unknown>>;

/** Whether `row` is one cell, as a column's rows must be. */
export const isOneCell = (row: unknown): row is ArrayLike<unknown> =>
  Array.isArray(row) && row.length === 1;

/** Where `copyPairs` stopped: the next row to read and the pairs it wrote (`undefined`: a malformed row). */
export interface PairsRead {
  next: number;
  count: number;
}

/**
 * Copies the complete pairs of rows `[from, to)` of two columns into `x` and `y` from index `at`, at most
 * `limit` of them; a pair with a missing cell is skipped. `undefined` at a row that is not one cell.
 * For accumulators that need the pairs stored (a first block, a ring, a collection); the streamed
 * arithmetic reads the rows in its own loop instead.
 */
export function copyPairs(
  rowsX: ColumnRows,
  rowsY: ColumnRows,
  from: number,
  to: number,
  x: Float64Array,
  y: Float64Array,
  at = 0,
  limit = Infinity
): PairsRead | undefined {
  let i = from;
  let j = at;
  for (; i < to && j - at < limit; i++) {
    const rowX = rowsX[i];
    const rowY = rowsY[i];
    if (!isOneCell(rowX) || !isOneCell(rowY)) return undefined;
    const u = rowX[0];
    const v = rowY[0];
    if (typeof u === "number" && typeof v === "number" && u - u === 0 && v - v === 0) {
      x[j] = u;
      y[j++] = v;
    }
  }
  return { next: i, count: j - at };
}

/**
 * An accumulator that also reads a column straight from its rows: the reading fused into its own loop,
 * so that a million rows are neither copied nor stored a block at a time first (which costs a third
 * more). It reads the rows `[from, to)` the way `add` reads values — the same blocks, in the same order
 * — so a column and an array of its numbers give the same result to the last bit. False (nothing more
 * read) at a row that is not one cell: the caller reports the range's shape.
 */
export interface ColumnSink extends BlockSink {
  addColumn(rows: ColumnRows, from: number, to: number): boolean;
}

/** Two paired columns, a pair skipped when either cell is missing. */
export interface PairColumnSink extends PairBlockSink {
  addColumns(rowsX: ColumnRows, rowsY: ColumnRows, from: number, to: number): boolean;
}

/** Feeds `values` to `sink` in blocks of `BLOCK`, in the order it asks for. O(n). */
export function feedSeries(values: Float64Array, sink: BlockSink): void {
  const n = values.length;
  const step = sink.newestFirst ? -1 : 1;
  const block = new Float64Array(Math.min(n, BLOCK));
  let fed = 0;
  for (let i = step > 0 ? 0 : n - 1; fed < n && !(sink.saturated && sink.skip);) {
    let j = 0;
    for (; fed < n && j < BLOCK; fed++, i += step) block[j++] = values[i];
    sink.add(block, 0, j);
  }
  if (fed < n) sink.skip!(n - fed);
}

/** Feeds the pairs `x[i]`, `y[i]` to `sink` in blocks of `BLOCK`, in the order it asks for. O(n). */
export function feedPairs(x: Float64Array, y: Float64Array, sink: PairBlockSink): void {
  const n = x.length;
  if (!sink.newestFirst) {
    for (let from = 0; from < n; from += BLOCK) sink.add(x, y, from, Math.min(n, from + BLOCK));
    return;
  }
  const blockX = new Float64Array(Math.min(n, BLOCK));
  const blockY = new Float64Array(Math.min(n, BLOCK));
  for (let i = n - 1; i >= 0;) {
    let j = 0;
    for (; i >= 0 && j < BLOCK; i--, j++) {
      blockX[j] = x[i];
      blockY[j] = y[i];
    }
    sink.add(blockX, blockY, 0, j);
  }
}

/** Collects a series (its numbers, oldest first) into one array. */
export class Collected implements ColumnSink {
  private store: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.store = new Float64Array(Math.max(0, capacity));
  }

  add(values: Float64Array, from: number, to: number): void {
    this.store.set(values.subarray(from, to), this.n);
    this.n += to - from;
  }

  addColumn(rows: ColumnRows, from: number, to: number): boolean {
    const store = this.store;
    let n = this.n;
    for (let i = from; i < to; i++) {
      const row = rows[i];
      if (!isOneCell(row)) return false;
      const v = row[0];
      if (typeof v === "number" && v - v === 0) store[n++] = v;
    }
    this.n = n;
    return true;
  }

  values(): Float64Array {
    return this.store.subarray(0, this.n);
  }
}

/** Collects two paired series (their complete pairs, oldest first) into two arrays. */
export class CollectedPairs implements PairColumnSink {
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private n = 0;

  constructor(capacity: number) {
    this.x = new Float64Array(Math.max(0, capacity));
    this.y = new Float64Array(Math.max(0, capacity));
  }

  add(x: Float64Array, y: Float64Array, from: number, to: number): void {
    this.x.set(x.subarray(from, to), this.n);
    this.y.set(y.subarray(from, to), this.n);
    this.n += to - from;
  }

  addColumns(rowsX: ColumnRows, rowsY: ColumnRows, from: number, to: number): boolean {
    const read = copyPairs(rowsX, rowsY, from, to, this.x, this.y, this.n);
    if (!read) return false;
    this.n += read.count;
    return true;
  }

  values(): [Float64Array, Float64Array] {
    return [this.x.subarray(0, this.n), this.y.subarray(0, this.n)];
  }
}

/**
 * Neumaier's compensated sum (Kahan–Babuška): exact to within one rounding for any order of terms.
 * @example compensatedSum(Float64Array.of(1e100, 1, -1e100)) // 1 (naive: 0)
 */
export function compensatedSum(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Arithmetic mean, corrected in a second pass (so it is exact to a rounding on offset data). O(n). */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  const n = to - from;
  const m0 = compensatedSum(values, from, to) / n;
  let s = 0;
  let c = 0;
  for (let i = from; i < to; i++) {
    const d = values[i] - m0;
    const t = s + d;
    c += Math.abs(s) >= Math.abs(d) ? s - t + d : d - t + s;
    s = t;
  }
  return m0 + (s + c) / n;
}

/** Centred moments of one series: mean and Σ(x − mean)² (Chan–Golub–LeVeque corrected two-pass). */
export interface Moments {
  n: number;
  mean: number;
  /** Σ(x − mean)², the sum of squared deviations. */
  ss: number;
}

export function moments(values: ArrayLike<number>, from = 0, to = values.length): Moments {
  const n = to - from;
  const m0 = compensatedSum(values, from, to) / n;
  let sd = 0,
    cd = 0,
    sq = 0,
    cq = 0;
  for (let i = from; i < to; i++) {
    const d = values[i] - m0;
    let t = sd + d;
    cd += Math.abs(sd) >= Math.abs(d) ? sd - t + d : d - t + sd;
    sd = t;
    const d2 = d * d;
    t = sq + d2;
    cq += sq >= d2 ? sq - t + d2 : d2 - t + sq;
    sq = t;
  }
  const sumD = sd + cd;
  return { n, mean: m0 + sumD / n, ss: Math.max(0, sq + cq - (sumD * sumD) / n) };
}

/** Sample variance (Excel VAR.S): Σ(x − x̄)²/(n − 1). NaN when n < 2 (callers check n first). */
export function sampleVariance(values: ArrayLike<number>, from = 0, to = values.length): number {
  const { n, ss } = moments(values, from, to);
  return ss / (n - 1);
}

/** Co-moments of two paired series: both means, Σdx², Σdy², Σdx·dy (corrected two-pass). */
export interface CoMoments {
  n: number;
  meanX: number;
  meanY: number;
  ssX: number;
  ssY: number;
  /** Σ(x − x̄)(y − ȳ) */
  sxy: number;
}

/**
 * Beyond this magnitude sums of squares of a million values may overflow; an accumulator that has seen
 * such values is not `safe`, and its callers take the plain two-pass (`twoPassCoMoments`) instead.
 */
const SAFE_MAGNITUDE = 1e140;

/**
 * Co-moments of two paired series, fed in blocks (`PairBlockSink`), in one sweep with the accuracy of
 * the two-pass. Values are shifted by the first pair: exact for offset data such as 1e9 + moves (by
 * Sterbenz), and exactly 0 for a constant series. Each block is summed as deviations from a center —
 * the first block's own provisional mean (a pass over that block alone), every later block's the
 * running mean — with the first-order correction of the corrected two-pass, and merged into the totals
 * by Chan, Golub & LeVeque's pairwise update (n = a + b, δ = mean_b − mean_a,
 * M2 = M2_a + M2_b + δ²·a·b/n), kept in Neumaier-compensated sums. Summing a block around the running
 * mean rather than its own costs at most a rounding of the δ² term the merge adds anyway, so the error
 * stays a few roundings of the result whatever the data.
 */
export class CoMomentAccumulator implements PairColumnSink {
  n = 0;
  /** False once a value beyond `SAFE_MAGNITUDE` (or an overflow) has been seen. */
  safe = true;
  /** What the next block's deviations are taken from (valid once `n` > 0). */
  private centerX = 0;
  private centerY = 0;
  private shiftX = 0;
  private shiftY = 0;
  /** Means relative to the shift. */
  private meanX = 0;
  private meanY = 0;
  private ssX = 0;
  private ssY = 0;
  private sxy = 0;
  private cX = 0;
  private cY = 0;
  private cXY = 0;

  reset(): void {
    this.n = 0;
    this.safe = true;
    this.meanX = this.meanY = this.ssX = this.ssY = this.sxy = this.cX = this.cY = this.cXY = 0;
  }

  add(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): void {
    for (let b = from; b < to; b += BLOCK) {
      const end = Math.min(b + BLOCK, to);
      if (this.n === 0) this.center(x, y, b, end);
      const cx = this.centerX;
      const cy = this.centerY;
      let sx = 0,
        sy = 0,
        sxx = 0,
        syy = 0,
        sxy = 0;
      for (let i = b; i < end; i++) {
        const dx = x[i] - cx;
        const dy = y[i] - cy;
        sx += dx;
        sy += dy;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
      this.addSums(end - b, sx, sy, sxx, syy, sxy);
    }
  }

  /**
   * The pairs of two columns: the first block through `add` (it centres on it), every later one summed
   * as its cells are read, exactly as `add` sums a block.
   */
  addColumns(rowsX: ColumnRows, rowsY: ColumnRows, from: number, to: number): boolean {
    let i = from;
    if (this.n === 0) {
      const x = new Float64Array(BLOCK);
      const y = new Float64Array(BLOCK);
      const read = copyPairs(rowsX, rowsY, from, to, x, y, 0, BLOCK);
      if (!read) return false;
      i = read.next;
      if (read.count > 0) this.add(x, y, 0, read.count);
    }
    while (i < to) {
      const cx = this.centerX;
      const cy = this.centerY;
      let m = 0,
        sx = 0,
        sy = 0,
        sxx = 0,
        syy = 0,
        sxy = 0;
      for (; i < to && m < BLOCK; i++) {
        const rowX = rowsX[i];
        const rowY = rowsY[i];
        if (!isOneCell(rowX) || !isOneCell(rowY)) return false;
        const u = rowX[0];
        const v = rowY[0];
        if (typeof u === "number" && typeof v === "number" && u - u === 0 && v - v === 0) {
          m++;
          const dx = u - cx;
          const dy = v - cy;
          sx += dx;
          sy += dy;
          sxx += dx * dx;
          syy += dy * dy;
          sxy += dx * dy;
        }
      }
      if (m > 0) this.addSums(m, sx, sy, sxx, syy, sxy);
    }
    return true;
  }

  /** The first block: shift by its first pair, center on its provisional mean. */
  private center(x: ArrayLike<number>, y: ArrayLike<number>, from: number, to: number): void {
    const kx = x[from];
    const ky = y[from];
    let ax = 0;
    let ay = 0;
    for (let i = from; i < to; i++) {
      ax += x[i] - kx;
      ay += y[i] - ky;
    }
    this.shiftX = kx;
    this.shiftY = ky;
    this.centerX = kx + ax / (to - from);
    this.centerY = ky + ay / (to - from);
  }

  /**
   * Merges a block of `m` pairs given by the sums of their deviations from (`centerX`, `centerY`):
   * Σdx, Σdy, Σdx², Σdy², Σdx·dy.
   */
  private addSums(m: number, sx: number, sy: number, sxx: number, syy: number, sxy: number): void {
    const cx = this.centerX;
    const cy = this.centerY;
    // |x| ≤ |center| + √Σdx²
    if (!(
      Math.abs(cx) + Math.sqrt(sxx) <= SAFE_MAGNITUDE &&
      Math.abs(cy) + Math.sqrt(syy) <= SAFE_MAGNITUDE
    )) {
      this.safe = false;
    }
    // the block's centred sums, and its mean less the running one (means relative to the shift)
    const bx = sx / m;
    const by = sy / m;
    const blockSsX = Math.max(0, sxx - sx * bx);
    const blockSsY = Math.max(0, syy - sy * by);
    const blockSxy = sxy - sx * by;
    const a = this.n;
    const n = a + m;
    this.n = n;
    if (a === 0) {
      this.meanX = cx - this.shiftX + bx;
      this.meanY = cy - this.shiftY + by;
      this.ssX = blockSsX;
      this.ssY = blockSsY;
      this.sxy = blockSxy;
    } else {
      const dX = cx - this.shiftX - this.meanX + bx;
      const dY = cy - this.shiftY - this.meanY + by;
      const weight = (a * m) / n;
      this.meanX += (dX * m) / n;
      this.meanY += (dY * m) / n;
      // Neumaier: sum += term, the compensation collects what the addition rounded away
      let term = blockSsX + dX * dX * weight;
      let sum = this.ssX + term;
      this.cX += this.ssX >= term ? this.ssX - sum + term : term - sum + this.ssX;
      this.ssX = sum;
      term = blockSsY + dY * dY * weight;
      sum = this.ssY + term;
      this.cY += this.ssY >= term ? this.ssY - sum + term : term - sum + this.ssY;
      this.ssY = sum;
      term = blockSxy + dX * dY * weight;
      sum = this.sxy + term;
      this.cXY +=
        Math.abs(this.sxy) >= Math.abs(term) ? this.sxy - sum + term : term - sum + this.sxy;
      this.sxy = sum;
    }
    this.centerX = this.shiftX + this.meanX;
    this.centerY = this.shiftY + this.meanY;
  }

  result(): CoMoments {
    const n = this.n;
    if (n === 0) return { n, meanX: NaN, meanY: NaN, ssX: NaN, ssY: NaN, sxy: NaN };
    return {
      n,
      meanX: this.shiftX + this.meanX,
      meanY: this.shiftY + this.meanY,
      ssX: Math.max(0, this.ssX + this.cX),
      ssY: Math.max(0, this.ssY + this.cY),
      sxy: this.sxy + this.cXY,
    };
  }
}

export function coMoments(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from = 0,
  to = x.length
): CoMoments {
  const accumulator = new CoMomentAccumulator();
  accumulator.add(x, y, from, to);
  return accumulator.safe ? accumulator.result() : twoPassCoMoments(x, y, from, to);
}

/**
 * The plain corrected two-pass: provisional means by compensated sums, then deviations with their
 * first-order correction and Neumaier-compensated squares and products. `coMoments` takes it for data
 * so large (beyond `SAFE_MAGNITUDE`) that sums of squares may overflow, so that an overflow surfaces as
 * it always has.
 */
export function twoPassCoMoments(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from = 0,
  to = x.length
): CoMoments {
  const n = to - from;
  const mx0 = compensatedSum(x, from, to) / n;
  const my0 = compensatedSum(y, from, to) / n;
  // Plain sums of deviations are enough here: deviations are small and of mixed sign, and the
  // correction terms below remove the first-order error of the provisional means.
  let sx = 0,
    sy = 0,
    sxx = 0,
    syy = 0,
    sxy = 0;
  let cxx = 0,
    cyy = 0,
    cxy = 0;
  for (let i = from; i < to; i++) {
    const dx = x[i] - mx0;
    const dy = y[i] - my0;
    sx += dx;
    sy += dy;
    let v = dx * dx;
    let t = sxx + v;
    cxx += sxx >= v ? sxx - t + v : v - t + sxx;
    sxx = t;
    v = dy * dy;
    t = syy + v;
    cyy += syy >= v ? syy - t + v : v - t + syy;
    syy = t;
    v = dx * dy;
    t = sxy + v;
    cxy += Math.abs(sxy) >= Math.abs(v) ? sxy - t + v : v - t + sxy;
    sxy = t;
  }
  return {
    n,
    meanX: mx0 + sx / n,
    meanY: my0 + sy / n,
    ssX: Math.max(0, sxx + cxx - (sx * sx) / n),
    ssY: Math.max(0, syy + cyy - (sy * sy) / n),
    sxy: sxy + cxy - (sx * sy) / n,
  };
}

/** Sample covariance (Excel COVARIANCE.S). */
export function covarianceSample(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = coMoments(x, y);
  return m.sxy / (m.n - 1);
}

/**
 * OLS slope of y on x (Excel SLOPE(known_ys, known_xs)) = Cov(x, y)/Var(x). NaN when Var(x) = 0
 * (callers map that to #DIV/0!).
 */
export function slope(y: ArrayLike<number>, x: ArrayLike<number>, from = 0, to = x.length): number {
  const m = coMoments(x, y, from, to);
  return m.ssX === 0 ? NaN : m.sxy / m.ssX;
}

/** Pearson correlation (Excel CORREL). NaN when either series has zero variance. */
export function correlation(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  from = 0,
  to = x.length
): number {
  const m = coMoments(x, y, from, to);
  if (m.ssX === 0 || m.ssY === 0) return NaN;
  const r = m.sxy / Math.sqrt(m.ssX * m.ssY);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Excel SKEW: n/((n−1)(n−2)) · Σ((x − x̄)/s)³, s the sample standard deviation. Needs n ≥ 3 and s > 0.
 */
export function skew(values: ArrayLike<number>): number {
  const { n, mean: m, ss } = moments(values);
  const s = Math.sqrt(ss / (n - 1));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = (values[i] - m) / s;
    sum += z * z * z;
  }
  return (n / ((n - 1) * (n - 2))) * sum;
}

/**
 * Excel KURT (excess kurtosis, sample-adjusted):
 * n(n+1)/((n−1)(n−2)(n−3)) · Σ((x − x̄)/s)⁴ − 3(n−1)²/((n−2)(n−3)). Needs n ≥ 4 and s > 0.
 */
export function kurt(values: ArrayLike<number>): number {
  const { n, mean: m, ss } = moments(values);
  const s = Math.sqrt(ss / (n - 1));
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const z = (values[i] - m) / s;
    const z2 = z * z;
    sum += z2 * z2;
  }
  return (
    ((n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3))) * sum -
    (3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3))
  );
}
