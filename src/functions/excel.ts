/**
 * The Excel boundary: every argument of every `ALTHEDGE.*` function is coerced here, once, and every
 * failure becomes one `CustomFunctions.Error` here. Wrappers in the domain files only name their
 * arguments and call the core.
 *
 * What Excel passes (custom functions runtime): numbers, strings, booleans; `null` for an omitted
 * optional argument; for a blank cell `null`, `undefined` or `""` depending on the host (Excel on
 * Windows is reported to pass 0 for a blank single cell, office-js #4702); ranges as `any[][]`, blank
 * cells in ranges as `""`; error cells as error objects.
 */
import { HedgeError, valueError, naError, type ErrorKind } from "../core/errors";
import { show } from "../core/checks";
import type { MaxDrawdown } from "../core/risk";
import { BRACKET_MIN, samplePositions, type PercentileBracket } from "../core/select";
import { BLOCK, type BlockSink, type CoMomentAccumulator, type PairBlockSink } from "../core/stats";
import type { Side } from "../core/types";

/** What a cell can hold when it reaches a custom function. */
export type Cell = unknown;
export type Range = Cell[][];

// ---------------------------------------------------------------------------------------------------
// Scalars

const isBlank = (value: Cell): boolean => value === null || value === undefined || value === "";

/** A 1×1 range given where a scalar is expected is that cell, as Excel reads `=SQRT(A1:A1)`. */
function unwrap(value: Cell, name: string): Cell {
  if (Array.isArray(value)) {
    if (value.length === 1 && Array.isArray(value[0]) && value[0].length === 1) return value[0][0];
    throw valueError(`${name} must be a single value, not a range`);
  }
  return value;
}

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i;

/**
 * Coerces a typed argument the way Excel coerces one: numbers as they are, TRUE/FALSE as 1/0, numeric
 * text (" 12 ", "1e3", "5%") as its number; anything else is #VALUE!.
 */
function toNumber(value: Cell, name: string): number {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw valueError(`${name} must be a number, got ${value}`);
    return value;
  }
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "string") {
    const text = value.trim().replace(/,/g, "");
    if (NUMERIC_TEXT.test(text)) {
      const number = text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
      if (Number.isFinite(number)) return number;
    }
    throw valueError(`${name} must be a number, got the text "${value}"`);
  }
  throw valueError(`${name} must be a number, got ${describe(value)}`);
}

function describe(value: Cell): string {
  if (value !== null && typeof value === "object" && "code" in (value as object)) {
    return `the error ${String((value as { code: unknown }).code)}`;
  }
  return typeof value;
}

/** A required number. */
export function num(value: Cell, name: string): number {
  const cell = unwrap(value, name);
  if (isBlank(cell)) throw valueError(`${name} is required`);
  return toNumber(cell, name);
}

/** An optional number: omitted or blank takes the default. */
export function optNum(value: Cell, name: string, fallback: number): number {
  const cell = unwrap(value, name);
  return isBlank(cell) ? fallback : toNumber(cell, name);
}

/** An optional number with no default (e.g. BASISDRIFT's `window`): omitted or blank is `undefined`. */
export function maybeNum(value: Cell, name: string): number | undefined {
  const cell = unwrap(value, name);
  return isBlank(cell) ? undefined : toNumber(cell, name);
}

/** A count (`window`, `roll_days`): truncated toward zero, as Excel truncates integer arguments. */
export function maybeCount(value: Cell, name: string): number | undefined {
  const number = maybeNum(value, name);
  return number === undefined ? undefined : Math.trunc(number);
}

/** A mode argument: case-insensitive text from a fixed list; unknown → #VALUE! listing the valid ones. */
export function mode<M extends string>(
  value: Cell,
  name: string,
  modes: readonly M[],
  fallback: M
): M {
  const cell = unwrap(value, name);
  if (isBlank(cell)) return fallback;
  const text = typeof cell === "string" ? cell.trim().toLowerCase() : undefined;
  const found = modes.find((m) => m === text);
  if (found === undefined) {
    const got =
      typeof cell === "string"
        ? `"${cell}"`
        : describe(cell) === "number"
          ? show(cell as number)
          : String(cell);
    throw valueError(`${name} must be one of ${modes.map((m) => `"${m}"`).join(", ")}, got ${got}`);
  }
  return found;
}

/** `side`: -1/"short" or 1/"long" (TRUE is 1); default -1, the short hedge of a long book. */
export function asSide(value: Cell, name = "side"): Side {
  const cell = unwrap(value, name);
  if (isBlank(cell)) return -1;
  if (typeof cell === "string") {
    const text = cell.trim().toLowerCase();
    if (text === "short") return -1;
    if (text === "long") return 1;
  }
  let number: number | undefined;
  try {
    number = toNumber(cell, name);
  } catch {
    number = undefined;
  }
  if (number === 1 || number === -1) return number;
  const got = typeof cell === "string" ? `"${cell}"` : String(cell);
  throw valueError(`${name} must be -1 or "short", 1 or "long", got ${got}`);
}

// ---------------------------------------------------------------------------------------------------
// Series

/**
 * The cells of a one-column or one-row range (or array constant), oldest first. A scalar counts as a
 * one-cell range; a block of several rows and columns is #VALUE!.
 */
export function cells(value: Cell, name: string): Cell[] {
  if (!Array.isArray(value)) return isBlank(value) ? [] : [value];
  const rows = value.length;
  if (rows === 0) return [];
  if (!value.every(Array.isArray)) throw valueError(`${name} must be a range or an array`);
  const cols = (value[0] as Cell[]).length;
  if (rows === 1) return value[0] as Cell[];
  if (value.every((row) => (row as Cell[]).length === 1))
    return value.map((row) => (row as Cell[])[0]);
  throw valueError(`${name} must be one column or one row, got ${rows} rows × ${cols} columns`);
}

/**
 * A column of at least two rows, as Excel passes it: one array per row. Only the first row is looked at
 * here; the readers check every other row as they read it, so a million-row column is walked once.
 */
function columnRows(value: Cell): Cell[][] | undefined {
  if (!Array.isArray(value) || value.length < 2) return undefined;
  const first = value[0];
  return Array.isArray(first) && first.length === 1 ? (value as Cell[][]) : undefined;
}

function notAColumn(value: Cell, name: string): never {
  cells(value, name); // throws the shape error (a block or a ragged range)
  throw valueError(`${name} must be one column or one row`);
}

/** A series: numeric cells only, others (blank, text, booleans, errors) skipped as Excel's AVERAGE does. */
export function series(value: Cell, name: string): Float64Array {
  const rows = columnRows(value);
  if (rows) {
    const out = new Float64Array(rows.length);
    let j = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== 1) notAColumn(value, name);
      const cell = row[0];
      if (typeof cell === "number" && cell - cell === 0) out[j++] = cell; // finite numbers only
    }
    return out.subarray(0, j);
  }
  const list = cells(value, name);
  const out = new Float64Array(list.length);
  let j = 0;
  for (let i = 0; i < list.length; i++) {
    const cell = list[i];
    if (typeof cell === "number" && cell - cell === 0) out[j++] = cell;
  }
  return out.subarray(0, j);
}

/**
 * Two paired series: same number of cells (else #N/A, as SLOPE), a pair skipped when either side is
 * non-numeric, as CORREL and SLOPE do. One pass over both ranges.
 */
export function pairs(
  a: Cell,
  b: Cell,
  nameA: string,
  nameB: string
): [Float64Array, Float64Array] {
  const columnA = columnRows(a);
  const columnB = columnRows(b);
  const listA = columnA ? undefined : cells(a, nameA);
  const listB = columnB ? undefined : cells(b, nameB);
  const lengthA = columnA ? columnA.length : listA!.length;
  const lengthB = columnB ? columnB.length : listB!.length;
  if (lengthA !== lengthB) {
    throw naError(
      `${nameA} and ${nameB} must have the same number of cells, got ${lengthA} and ${lengthB}`
    );
  }
  const x = new Float64Array(lengthA);
  const y = new Float64Array(lengthA);
  let j = 0;
  if (columnA && columnB) {
    // the usual case on its own, so that cells read from number rows stay unboxed doubles
    for (let i = 0; i < lengthA; i++) {
      const rowA = columnA[i];
      if (!Array.isArray(rowA) || rowA.length !== 1) notAColumn(a, nameA);
      const rowB = columnB[i];
      if (!Array.isArray(rowB) || rowB.length !== 1) notAColumn(b, nameB);
      const u = rowA[0];
      const v = rowB[0];
      if (typeof u === "number" && typeof v === "number" && u - u === 0 && v - v === 0) {
        x[j] = u;
        y[j++] = v;
      }
    }
    return [x.subarray(0, j), y.subarray(0, j)];
  }
  for (let i = 0; i < lengthA; i++) {
    let u: Cell;
    let v: Cell;
    if (columnA) {
      const row = columnA[i];
      if (!Array.isArray(row) || row.length !== 1) notAColumn(a, nameA);
      u = row[0];
    } else u = listA![i];
    if (columnB) {
      const row = columnB[i];
      if (!Array.isArray(row) || row.length !== 1) notAColumn(b, nameB);
      v = row[0];
    } else v = listB![i];
    if (typeof u === "number" && typeof v === "number" && u - u === 0 && v - v === 0) {
      x[j] = u;
      y[j++] = v;
    }
  }
  return [x.subarray(0, j), y.subarray(0, j)];
}

// ---------------------------------------------------------------------------------------------------
// Streamed series: a function that needs one pass reads a column's cells straight into its core
// accumulator (a `BlockSink`), a block at a time, instead of first copying a million rows into a
// Float64Array. What is read, skipped and rejected is exactly what `series` and `pairs` read, skip and
// reject: on any malformed row, or any error of the sink, they are called to report it, so errors and
// their precedence are theirs.

const blockX = new Float64Array(BLOCK);
const blockY = new Float64Array(BLOCK);

/** The value of `make`, or `undefined` when it fails with a domain error (the general path reports it). */
export function attempt<T>(make: () => T): T | undefined {
  try {
    return make();
  } catch (error) {
    if (error instanceof HedgeError) return undefined;
    throw error;
  }
}

/** The rows of a column argument of at least two rows, as Excel passes it; otherwise `undefined`. */
export function columnLength(value: Cell): number | undefined {
  return columnRows(value)?.length;
}

/** Reads a column into `sink`; false at the first malformed row. */
function readColumn(rows: Cell[][], sink: BlockSink): boolean {
  const block = blockX;
  const n = rows.length;
  const step = sink.newestFirst ? -1 : 1;
  let i = step > 0 ? 0 : n - 1;
  let k = 0;
  while (k < n && !(sink.saturated && sink.skip)) {
    // fill a block in a loop without calls, so that nothing has to be reloaded at each cell
    let j = 0;
    for (; k < n && j < BLOCK; k++, i += step) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== 1) return false;
      const cell = row[0];
      if (typeof cell === "number" && cell - cell === 0) block[j++] = cell; // finite numbers only
    }
    if (j > 0) sink.add(block, 0, j);
  }
  // a saturated sink: the rest only checked and counted
  let more = 0;
  for (; k < n; k++, i += step) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== 1) return false;
    const cell = row[0];
    if (typeof cell === "number" && cell - cell === 0) more++;
  }
  if (more > 0) sink.skip!(more);
  return true;
}

/**
 * `series(value, name)` streamed into `sink`, then `finish(sink)` — or `undefined` when `value` is not a
 * column of at least two rows (the caller then takes its general path through `series`).
 */
export function streamed<S extends BlockSink, R>(
  value: Cell,
  name: string,
  sink: S,
  finish: (sink: S) => R
): R | undefined {
  const rows = columnRows(value);
  if (!rows) return undefined;
  try {
    if (!readColumn(rows, sink)) {
      series(value, name); // throws the shape error
      return undefined;
    }
  } catch (error) {
    series(value, name); // a shape error comes first, as when the series is read before the maths
    throw error;
  }
  return finish(sink);
}

/** Reads two columns of equal length into `sink`, pairwise skipping; false at the first malformed row. */
function readColumns(rowsA: Cell[][], rowsB: Cell[][], sink: PairBlockSink): boolean {
  const x = blockX;
  const y = blockY;
  const n = rowsA.length;
  const step = sink.newestFirst ? -1 : 1;
  let i = step > 0 ? 0 : n - 1;
  for (let k = 0; k < n;) {
    let j = 0;
    for (; k < n && j < BLOCK; k++, i += step) {
      const rowA = rowsA[i];
      const rowB = rowsB[i];
      if (!Array.isArray(rowA) || rowA.length !== 1 || !Array.isArray(rowB) || rowB.length !== 1) {
        return false;
      }
      const u = rowA[0];
      const v = rowB[0];
      if (typeof u === "number" && typeof v === "number" && u - u === 0 && v - v === 0) {
        x[j] = u;
        y[j++] = v;
      }
    }
    if (j > 0) sink.add(x, y, 0, j);
  }
  return true;
}

/**
 * `pairs(a, b, nameA, nameB)` streamed into `sink`, then `finish(sink)` — or `undefined` unless both
 * are columns of at least two rows (the caller then takes its general path through `pairs`).
 */
export function streamedPairs<S extends PairBlockSink, R>(
  a: Cell,
  b: Cell,
  nameA: string,
  nameB: string,
  sink: S,
  finish: (sink: S) => R
): R | undefined {
  const rowsA = columnRows(a);
  const rowsB = columnRows(b);
  if (!rowsA || !rowsB) return undefined;
  try {
    if (rowsA.length !== rowsB.length || !readColumns(rowsA, rowsB, sink)) {
      pairs(a, b, nameA, nameB); // throws the length or shape error
      return undefined;
    }
  } catch (error) {
    pairs(a, b, nameA, nameB);
    throw error;
  }
  return finish(sink);
}

/**
 * Reads two columns of equal length into co-moments, pairwise skipping: the first block whole (for its
 * two-pass), every later one summed here as it is read — deviations from the accumulator's center, in
 * order, exactly as its own `add` sums them — so that nothing is stored and the arithmetic overlaps the
 * reading. False at the first malformed row.
 */
function readCoMoments(rowsX: Cell[][], rowsY: Cell[][], moments: CoMomentAccumulator): boolean {
  const n = rowsX.length;
  let i = 0;
  if (moments.n === 0) {
    const x = blockX;
    const y = blockY;
    let j = 0;
    for (; i < n && j < BLOCK; i++) {
      const rowX = rowsX[i];
      const rowY = rowsY[i];
      if (!Array.isArray(rowX) || rowX.length !== 1 || !Array.isArray(rowY) || rowY.length !== 1) {
        return false;
      }
      const u = rowX[0];
      const v = rowY[0];
      if (typeof u === "number" && typeof v === "number" && u - u === 0 && v - v === 0) {
        x[j] = u;
        y[j++] = v;
      }
    }
    if (j > 0) moments.add(x, y, 0, j);
  }
  while (i < n) {
    const cx = moments.centerX;
    const cy = moments.centerY;
    let m = 0,
      sx = 0,
      sy = 0,
      sxx = 0,
      syy = 0,
      sxy = 0;
    for (; i < n && m < BLOCK; i++) {
      const rowX = rowsX[i];
      const rowY = rowsY[i];
      if (!Array.isArray(rowX) || rowX.length !== 1 || !Array.isArray(rowY) || rowY.length !== 1) {
        return false;
      }
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
    if (m > 0) moments.addSums(m, sx, sy, sxx, syy, sxy);
  }
  return true;
}

/**
 * `pairs(a, b, nameA, nameB)` streamed into `moments` — fed (a, b), or (b, a) when `swap` — then
 * `finish()`; `undefined` unless both are columns of at least two rows (the caller then takes its
 * general path through `pairs`).
 */
export function streamedCoMoments<R>(
  a: Cell,
  b: Cell,
  nameA: string,
  nameB: string,
  moments: CoMomentAccumulator,
  swap: boolean,
  finish: () => R
): R | undefined {
  const rowsA = columnRows(a);
  const rowsB = columnRows(b);
  if (!rowsA || !rowsB) return undefined;
  try {
    if (
      rowsA.length !== rowsB.length ||
      !readCoMoments(swap ? rowsB : rowsA, swap ? rowsA : rowsB, moments)
    ) {
      pairs(a, b, nameA, nameB); // throws the length or shape error
      return undefined;
    }
  } catch (error) {
    pairs(a, b, nameA, nameB);
    throw error;
  }
  return finish();
}

/**
 * Reads a column through a percentile bracket: numeric cells counted, those below its `low` counted
 * apart, those from `low` to `high` kept — as its own `add` does, straight from the cells. False at the
 * first malformed row.
 */
function readBracket(rows: Cell[][], bracket: PercentileBracket): boolean {
  const low = bracket.low;
  const high = bracket.high;
  const kept = blockX;
  const n = rows.length;
  for (let i = 0; i < n;) {
    const end = Math.min(n, i + BLOCK);
    let m = 0;
    let below = 0;
    let count = 0;
    for (; i < end; i++) {
      const row = rows[i];
      if (!Array.isArray(row) || row.length !== 1) return false;
      const cell = row[0];
      if (typeof cell === "number" && cell - cell === 0) {
        m++;
        if (cell < low) below++;
        else if (cell <= high) kept[count++] = cell;
      }
    }
    bracket.addFiltered(m, below, kept, count);
  }
  return true;
}

/**
 * `series(value, name)` streamed through `bracket`, then `finish()`; `undefined` when `value` is not a
 * column of at least two rows (the caller then takes its general path through `series`).
 */
export function streamedBracket<R>(
  value: Cell,
  name: string,
  bracket: PercentileBracket,
  finish: () => R
): R | undefined {
  const rows = columnRows(value);
  if (!rows) return undefined;
  try {
    if (!readBracket(rows, bracket)) {
      series(value, name); // throws the shape error
      return undefined;
    }
  } catch (error) {
    series(value, name);
    throw error;
  }
  return finish();
}

/**
 * Reads a column through a running peak (../core/risk `MaxDrawdown`): the peak and the lowest value
 * since it tracked here and each passed peak handed to `closePeak`, as its own `add` does, straight
 * from the cells. False at the first malformed row or negative value (the general path reports it).
 */
function readDrawdown(rows: Cell[][], drawdown: MaxDrawdown): boolean {
  let peak = drawdown.peak;
  let trough = drawdown.trough;
  let m = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (!Array.isArray(row) || row.length !== 1) return false;
    const v = row[0];
    if (typeof v === "number" && v - v === 0) {
      m++;
      if (v > peak) {
        drawdown.closePeak(peak, trough);
        peak = v;
        trough = v;
      } else if (v < trough) {
        if (v < 0) return false;
        trough = v;
      }
    }
  }
  drawdown.advance(m, peak, trough);
  return true;
}

/**
 * `series(value, name)` streamed through `drawdown`, then `finish()`; `undefined` when `value` is not a
 * column of at least two rows, or holds a negative value (the caller then takes its general path
 * through `series`, which reports it).
 */
export function streamedDrawdown<R>(
  value: Cell,
  name: string,
  drawdown: MaxDrawdown,
  finish: () => R
): R | undefined {
  const rows = columnRows(value);
  if (!rows) return undefined;
  if (!readDrawdown(rows, drawdown)) {
    series(value, name); // throws a shape error, if that is what stopped the reading
    return undefined;
  }
  return finish();
}

/**
 * Some numeric cells of a long column, at ../core/select `samplePositions`, to bracket a percentile;
 * `undefined` for a column too short to be worth it (or not a column). Malformed rows are passed over
 * here: reading the column reports them.
 */
export function columnSample(value: Cell): Float64Array | undefined {
  const rows = columnRows(value);
  if (!rows || rows.length < BRACKET_MIN) return undefined;
  const positions = samplePositions(rows.length);
  const sample = new Float64Array(positions.length);
  let j = 0;
  for (let i = 0; i < positions.length; i++) {
    const row = rows[positions[i]];
    if (!Array.isArray(row) || row.length !== 1) continue;
    const cell = row[0];
    if (typeof cell === "number" && cell - cell === 0) sample[j++] = cell;
  }
  return sample.subarray(0, j);
}

/**
 * A list argument (thresholds, ratios, tier days): every non-blank cell must be a number (numeric text
 * and booleans coerced as typed arguments); blanks are skipped. A scalar is a one-item list.
 */
export function numbers(value: Cell, name: string): number[] {
  return cells(value, name)
    .filter((cell) => !isBlank(cell))
    .map((cell) => toNumber(cell, name));
}

/** An optional list: omitted or all blank gives `fallback`. */
export function optNumbers(value: Cell, name: string, fallback: readonly number[]): number[] {
  const list = numbers(value, name);
  return list.length ? list : [...fallback];
}

/** A list of labels: every non-blank cell as text (numbers and booleans as Excel shows them). */
export function optTexts(value: Cell, name: string, fallback: readonly string[]): string[] {
  const list = cells(value, name)
    .filter((cell) => !isBlank(cell))
    .map((cell) => {
      if (typeof cell === "string") return cell;
      if (typeof cell === "number") return show(cell);
      if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
      throw valueError(`${name} must be text labels, got ${describe(cell)}`);
    });
  return list.length ? list : [...fallback];
}

/** An optional series (e.g. STRESSPNL's idiosyncratic shocks): omitted or blank is `undefined`. */
export function maybeCells(value: Cell, name: string): Cell[] | undefined {
  const unwrapped = Array.isArray(value) ? value : isBlank(value) ? undefined : [[value]];
  if (unwrapped === undefined) return undefined;
  const list = cells(unwrapped, name);
  return list.every(isBlank) ? undefined : list;
}

/**
 * One number or a series aligned with `length` cells (FUNDINGCOST's notional): a scalar is repeated;
 * a range must have exactly `length` cells (else #N/A). Cells are returned as they are, for `pairs`-
 * style skipping by the caller.
 */
export function scalarOrCells(
  value: Cell,
  name: string,
  length: number,
  otherName: string
): Cell[] {
  if (
    !Array.isArray(value) ||
    (value.length === 1 && Array.isArray(value[0]) && value[0].length === 1)
  ) {
    const number = num(value, name);
    return new Array<Cell>(length).fill(number);
  }
  const list = cells(value, name);
  if (list.length !== length) {
    throw naError(
      `${name} must be one number or have as many cells as ${otherName}, got ${list.length} and ${length}`
    );
  }
  return list;
}

/**
 * Rows for a regression of a target series on k columns (PROXYWEIGHTS): the target is one column or
 * row of n cells, the block n rows × k columns (a one-row target pairs with a block of k rows × n
 * columns, each row a proxy). A row is skipped when any of its cells is non-numeric, as LINEST
 * requires complete rows. Returns y (length m) and X row-major (m × k).
 */
export function regressionRows(
  target: Cell,
  block: Cell,
  targetName: string,
  blockName: string
): { y: Float64Array; x: Float64Array; k: number } {
  const y = cells(target, targetName);
  if (!Array.isArray(block) || !block.every(Array.isArray)) {
    throw valueError(`${blockName} must be a range of one column per proxy`);
  }
  let rows = block as Cell[][];
  // A one-row target with proxies laid out as rows: transpose so that each observation is a row.
  const targetIsRow = Array.isArray(target) && target.length === 1 && y.length > 1;
  if (targetIsRow && rows.length !== y.length && rows[0]?.length === y.length) {
    rows = rows[0].map((_, j) => rows.map((row) => row[j]));
  }
  if (rows.length !== y.length) {
    throw naError(
      `${targetName} and ${blockName} must have the same number of rows, got ${y.length} and ${rows.length}`
    );
  }
  const k = rows[0]?.length ?? 0;
  if (k === 0 || rows.some((row) => row.length !== k))
    throw valueError(`${blockName} must be a rectangular range`);
  const usable = (i: number): boolean =>
    typeof y[i] === "number" &&
    Number.isFinite(y[i]) &&
    rows[i].every((c) => typeof c === "number" && Number.isFinite(c));
  let m = 0;
  for (let i = 0; i < y.length; i++) if (usable(i)) m++;
  const ys = new Float64Array(m);
  const xs = new Float64Array(m * k);
  for (let i = 0, r = 0; i < y.length; i++) {
    if (!usable(i)) continue;
    ys[r] = y[i] as number;
    for (let j = 0; j < k; j++) xs[r * k + j] = rows[i][j] as number;
    r++;
  }
  return { y: ys, x: xs, k };
}

// ---------------------------------------------------------------------------------------------------
// Results and errors

type ErrorCodeName = "invalidValue" | "invalidNumber" | "divisionByZero" | "notAvailable";

const ERROR_CODE: Record<ErrorKind, ErrorCodeName> = {
  value: "invalidValue",
  num: "invalidNumber",
  div0: "divisionByZero",
  na: "notAvailable",
};

/** The Excel error for a failure, built from the runtime's own `CustomFunctions` at call time. */
function excelError(kind: ErrorKind, message: string): CustomFunctions.Error {
  const code = CustomFunctions.ErrorCode[ERROR_CODE[kind]];
  return new CustomFunctions.Error(code, message);
}

/** A spilled result: a 2-D array whose cells are numbers, text, booleans or "" — never an error. */
export type Spill = (number | string | boolean)[][];
export type Result = number | string | boolean | Spill;

/** Spills built by `ColumnSpill`, whose cells are final already. */
const finished = new WeakSet<Spill>();

/**
 * A column spill built from values given in blocks (a `BlockSink`, e.g. a rolling statistic's output),
 * one row each, with the cells `finish` would make of them — a non-finite number becomes "", -0
 * becomes 0 — so that `finish` can leave it as it is.
 */
export class ColumnSpill implements BlockSink {
  private readonly rows: Spill;
  private n = 0;

  constructor(capacity: number) {
    this.rows = new Array(capacity);
  }

  add(values: Float64Array, from: number, to: number): void {
    const rows = this.rows;
    let n = this.n;
    for (let i = from; i < to; i++) {
      const v = values[i];
      // two array literals, so that number rows stay arrays of unboxed doubles
      rows[n++] = v - v === 0 ? [v === 0 ? 0 : v] : [""];
    }
    this.n = n;
  }

  spill(): Spill {
    const rows = this.rows;
    rows.length = this.n;
    finished.add(rows);
    return rows;
  }
}

/** A column spill of `values` (see `ColumnSpill`). */
export function spillColumn(values: Float64Array): Spill {
  const spill = new ColumnSpill(values.length);
  spill.add(values, 0, values.length);
  return spill.spill();
}

/** Non-finite numbers never reach a cell: a scalar becomes #NUM!, a spilled cell becomes "". */
function finish(result: Result): Result {
  if (typeof result === "number") {
    if (!Number.isFinite(result)) throw new HedgeError("num", "The result is too large to show");
    return result === 0 ? 0 : result; // no -0 in a cell
  }
  if (Array.isArray(result) && !finished.has(result)) {
    // in place: the spill was built by this call, and a million-row copy would double its cost
    for (const row of result) {
      for (let j = 0; j < row.length; j++) {
        const cell = row[j];
        if (typeof cell === "number") {
          if (cell - cell !== 0) row[j] = "";
          else if (cell === 0) row[j] = 0;
        } else if (cell === null || cell === undefined) row[j] = "";
      }
    }
  }
  return result;
}

/**
 * Runs one function body and answers as Excel expects: the result, or a `CustomFunctions.Error` with a
 * message. Nothing else escapes: an unexpected exception is reported as #VALUE! with its text.
 */
export function excel<R extends Result>(body: () => R): R {
  try {
    return finish(body()) as R;
  } catch (error) {
    if (error instanceof HedgeError) throw excelError(error.kind, error.message);
    if (error instanceof CustomFunctions.Error) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw excelError("value", `Unexpected problem: ${message}`);
  }
}
