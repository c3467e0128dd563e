/**
 * Order statistics in O(n): Excel's PERCENTILE.INC without sorting a million returns — and, for long
 * series, without copying them: a sample brackets the wanted order statistics (Floyd & Rivest, "Expected
 * time bounds for selection", 1975), one pass counts what lies below the bracket and keeps what lies
 * inside it, and the selection runs on those few. The answer is the same order statistic either way.
 */
import { isOneCell, type ColumnRows, type ColumnSink } from "./stats";

/**
 * Rearranges `a` so that a[k] is the value a full sort would put there, everything before it is ≤ and
 * everything after it ≥ (Hoare's quickselect with median-of-three pivots; expected O(n)). Returns a[k].
 */
export function selectInPlace(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const mid = (left + right) >>> 1;
    // median of three as pivot, moved to a[k]'s search range
    const x = a[left];
    const y = a[mid];
    const z = a[right];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

/** The smallest value of a[from:]. */
function minFrom(a: Float64Array, from: number): number {
  let m = Infinity;
  for (let i = from; i < a.length; i++) if (a[i] < m) m = a[i];
  return m;
}

/** PERCENTILE.INC's rank h = (n − 1)·p and its whole part. */
function percentileRank(n: number, p: number): { h: number; lo: number } {
  // 1 − 0.8 is 0.19999999999999996 in float64; a rank that misses a whole number only by that
  // rounding is the whole number the user meant (Excel, working to 15 digits, agrees)
  const raw = (n - 1) * p;
  const nearest = Math.round(raw);
  const h = Math.abs(raw - nearest) <= 1e-12 * Math.max(1, raw) ? nearest : raw;
  return { h, lo: Math.floor(h) };
}

/** Series at least this long are bracketed from a sample instead of copied whole. */
export const BRACKET_MIN = 1 << 15;
/** The sample: `RUNS` runs of `RUN` consecutive positions (4,096 values). */
const RUNS = 256;
const RUN = 16;

/**
 * Positions of a sample of a series of `length`, the same on every call (xorshift32 run starts), so
 * that a bracket never depends on anything but the data; ascending, each row at most once. The sample comes
 * in short runs of neighbours: reading a million-row column at 4,096 scattered rows costs a cache miss
 * each (a third of a bare pass over the column, measured), 256 runs cost 256. Neighbours are a little
 * less representative of a clustered series than scattered values; a bracket that misses costs time,
 * never the answer (the selection then runs on the whole series).
 */
export function samplePositions(length: number): Uint32Array {
  const starts = new Uint32Array(RUNS);
  let state = 0x9e3779b9;
  for (let r = 0; r < RUNS; r++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    starts[r] = Math.floor(((state >>> 0) / 4294967296) * (length - RUN + 1));
  }
  starts.sort();
  // runs that would overlap start where the previous one ends, so that no row is sampled twice
  const positions = new Uint32Array(RUNS * RUN);
  let count = 0;
  for (let r = 0, next = 0; r < RUNS; r++) {
    const start = Math.max(starts[r], next);
    if (start + RUN > length) break;
    for (let k = 0; k < RUN; k++) positions[count++] = start + k;
    next = start + RUN;
  }
  return positions.subarray(0, count);
}

/**
 * The kept values' buffer, reused from one bracket to the next: a fresh quarter-megabyte buffer for each
 * call on a million-row column made the garbage collector sweep the column's whole heap again and again
 * (measured: nearly as long as the reading itself). The newest bracket (`generation`) holds it; an
 * older one whose buffer a newer one took cannot tell (`result()` is `undefined`, and the caller
 * selects on the whole series: slower, never wrong).
 */
let scratch = new Float64Array(0);
let generation = 0;

/**
 * PERCENTILE.INC(values, p) in one streamed pass (`BlockSink`), from a sample of the values (any
 * numbers of the series, e.g. at `samplePositions`). Values below the sample's bracket around rank p
 * are counted, values inside it kept; `result()` selects among the kept ones, or is `undefined` when
 * the wanted order statistics fell outside the bracket (rare: the margin is four standard deviations of
 * the sample rank) and the caller must select on the whole series.
 */
export class PercentileBracket implements ColumnSink {
  n = 0;
  private below = 0;
  private kept: Float64Array;
  private readonly generation: number;
  private count = 0;
  /** Values below `low` are counted, values from `low` to `high` kept. */
  readonly low: number;
  readonly high: number;

  constructor(
    private readonly p: number,
    sample: Float64Array,
    expectedLength: number
  ) {
    const s = sample.length;
    let from = -1;
    let to = s;
    if (s >= 64) {
      sample.sort();
      const at = p * (s - 1);
      const margin = 4 * Math.sqrt(s * p * (1 - p)) + 4;
      from = Math.floor(at - margin);
      to = Math.ceil(at + margin);
    }
    this.low = from < 0 ? -Infinity : sample[from];
    this.high = to > s - 1 ? Infinity : sample[to];
    const share = (Math.min(to, s - 1) - Math.max(from, 0) + 1) / Math.max(s, 1);
    const size = Math.ceil(expectedLength * Math.min(1, share * 2)) + 1024;
    if (scratch.length < size) scratch = new Float64Array(size);
    this.kept = scratch;
    this.generation = ++generation;
  }

  add(values: Float64Array, from: number, to: number): void {
    const low = this.low;
    const high = this.high;
    let kept = this.kept;
    let below = this.below;
    let count = this.count;
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (v < low) below++;
      else if (v <= high) {
        if (count === kept.length) kept = this.grow(count);
        kept[count++] = v;
      }
    }
    this.below = below;
    this.count = count;
    this.n += to - from;
  }

  addColumn(rows: ColumnRows, from: number, to: number): boolean {
    const low = this.low;
    const high = this.high;
    let kept = this.kept;
    let below = this.below;
    let count = this.count;
    let n = this.n;
    for (let i = from; i < to; i++) {
      const row = rows[i];
      if (!isOneCell(row)) return false;
      const v = row[0];
      if (typeof v !== "number" || v - v !== 0) continue; // missing
      n++;
      if (v < low) below++;
      else if (v <= high) {
        if (count === kept.length) kept = this.grow(count);
        kept[count++] = v;
      }
    }
    this.below = below;
    this.count = count;
    this.n = n;
    return true;
  }

  /** Twice the room for kept values, the first `count` kept. */
  private grow(count: number): Float64Array {
    const grown = new Float64Array(this.kept.length * 2);
    grown.set(this.kept.subarray(0, count));
    if (this.generation === generation) scratch = grown;
    this.kept = grown;
    return grown;
  }

  result(): number | undefined {
    if (this.kept === scratch && this.generation !== generation) return undefined; // buffer taken
    const n = this.n;
    const { h, lo } = percentileRank(n, this.p);
    const k = lo - this.below;
    const needHigh = lo + 1 < n && h !== lo;
    if (n === 0 || k < 0 || k + (needHigh ? 1 : 0) >= this.count) return undefined;
    const kept = this.kept.subarray(0, this.count);
    const low = selectInPlace(kept, k);
    if (!needHigh) return low;
    const high = minFrom(kept, k + 1);
    return low + (h - lo) * (high - low);
  }
}

/**
 * Excel PERCENTILE.INC(values, p): rank h = (n − 1)·p, linear interpolation between the order
 * statistics ⌊h⌋ and ⌊h⌋ + 1 (Hyndman & Fan type 7, numpy's default). Leaves `values` as they are:
 * a long series is bracketed from a sample (`PercentileBracket`), a short one selected on a copy.
 * O(n) expected.
 */
export function percentileInc(values: Float64Array, p: number): number {
  const n = values.length;
  if (n >= BRACKET_MIN) {
    const positions = samplePositions(n);
    const sample = new Float64Array(positions.length);
    for (let i = 0; i < positions.length; i++) sample[i] = values[positions[i]];
    const bracket = new PercentileBracket(p, sample, n);
    bracket.add(values, 0, n);
    const q = bracket.result();
    if (q !== undefined) return q;
  }
  const { h, lo } = percentileRank(n, p);
  const scratch = Float64Array.from(values);
  const low = selectInPlace(scratch, lo);
  if (lo + 1 >= n || h === lo) return low;
  const high = minFrom(scratch, lo + 1);
  return low + (h - lo) * (high - low);
}
