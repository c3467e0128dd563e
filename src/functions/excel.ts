/**
 * The Excel boundary: every argument of every `ALTHEDGE.*` function is coerced here, once, and every
 * failure becomes one `CustomFunctions.Error` here. Wrappers in the domain files only name their
 * arguments and call the core.
 *
 * What Excel passes (custom functions runtime): numbers, strings, booleans; `null` for an omitted
 * optional argument; for a blank cell `null`, `undefined` or `""` depending on the host (Excel on
 * Windows is reported to pass 0 for a blank single cell, office-js #4702); ranges as `any[][]`, blank
 * cells in ranges as `""`. Never an error: the metadata has no `allowErrorForDataTypeAny`, so Excel does
 * not call a function whose argument holds an error cell and shows that error instead (the playground's
 * engine does the same). Anything else that is not a number is simply not a number here.
 *
 * What Excel shows of a failure: the message of a `#VALUE!` or `#N/A`; for `#NUM!` and `#DIV/0!` only
 * the code (CustomFunctions.ErrorCode), so the task pane's Explain gives their message.
 */
import { HedgeError, valueError, naError, type ErrorKind } from "../core/errors";
import { show } from "../core/checks";
import {
  Collected,
  CollectedPairs,
  isOneCell,
  type BlockSink,
  type ColumnSink,
  type PairColumnSink,
} from "../core/stats";
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
// Series: one reading path. A series argument — a column or a row of a range, an array constant, a
// single value — is handed, as the rows of a column, to a core accumulator (`ColumnSink`, or
// `PairColumnSink` for two paired series), which reads the cells in its own loop: finite numbers are
// values, anything else (blanks, text, booleans) is skipped, as AVERAGE skips it. The boundary checks
// the shape and coerces the other arguments; the accumulator owns every loop over the values and every
// formula, reading cells exactly as it reads an array of their numbers (../core/stats `feedSeries`),
// so both give the same answer to the last bit.
//
// Shape errors come first: a block of several rows and columns, or ranges of different lengths, before
// anything is read; a malformed row as soon as it is met; and when the accumulator (or the function's
// other arguments) fail, the whole range is checked first, so the error the user sees is the one they
// would see if the range had been read before the maths.

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

/** What an accumulator's maker may ask of the series before it is read. */
export interface SeriesSource {
  /** Cells in the series, numeric or not. */
  readonly length: number;
  /** The numbers among the cells at some positions (a sample, e.g. to bracket a percentile). */
  numbersAt(positions: ArrayLike<number>): Float64Array;
}

/**
 * A series argument as the rows of a column: a column of at least two rows as Excel passes it (each
 * row checked as the accumulator reads it, so a million rows are walked once), or a row, an array
 * constant or a single value, its cells put one to a row (a row range has at most 16,384 cells).
 */
class SeriesColumn implements SeriesSource {
  readonly rows: Cell[][];
  readonly length: number;

  constructor(
    private readonly value: Cell,
    private readonly name: string
  ) {
    const first = Array.isArray(value) && value.length >= 2 ? value[0] : undefined;
    this.rows = isOneCell(first) ? (value as Cell[][]) : cells(value, name).map((cell) => [cell]);
    this.length = this.rows.length;
  }

  /** The shape error of the range (a block, or a ragged range). */
  shapeError(): never {
    cells(this.value, this.name);
    throw valueError(`${this.name} must be one column or one row`);
  }

  /** Row `i` checked. */
  checkRow(i: number): void {
    if (!isOneCell(this.rows[i])) this.shapeError();
  }

  numbersAt(positions: ArrayLike<number>): Float64Array {
    const out = new Float64Array(positions.length);
    let j = 0;
    for (let p = 0; p < positions.length; p++) {
      const row = this.rows[positions[p]];
      // a malformed row is passed over here: the reading reports it
      const v = isOneCell(row) ? row[0] : undefined;
      if (typeof v === "number" && v - v === 0) out[j++] = v;
    }
    return out.subarray(0, j);
  }
}

/**
 * Reads the series `value` into the accumulator `make` builds (its other arguments coerced and checked
 * there, once), and returns the accumulator. O(n), one pass.
 */
export function readSeries<S extends ColumnSink>(
  value: Cell,
  name: string,
  make: (source: SeriesSource) => S
): S {
  const series = new SeriesColumn(value, name);
  try {
    const sink = make(series);
    if (!sink.addColumn(series.rows, 0, series.length)) series.shapeError();
    return sink;
  } catch (error) {
    for (let i = 0; i < series.length; i++) series.checkRow(i); // a shape error first
    throw error;
  }
}

/**
 * Reads two paired series of the same number of cells (else #N/A, as SLOPE) into the accumulator
 * `make` builds (given that number), which skips a pair when either cell is not a number, as CORREL
 * and SLOPE do. O(n), one pass.
 */
export function readPairs<S extends PairColumnSink>(
  a: Cell,
  b: Cell,
  nameA: string,
  nameB: string,
  make: (length: number) => S
): S {
  const seriesA = new SeriesColumn(a, nameA);
  const seriesB = new SeriesColumn(b, nameB);
  const n = seriesA.length;
  if (n !== seriesB.length) {
    throw naError(
      `${nameA} and ${nameB} must have the same number of cells, got ${n} and ${seriesB.length}`
    );
  }
  try {
    const sink = make(n);
    if (!sink.addColumns(seriesA.rows, seriesB.rows, 0, n)) seriesA.shapeError();
    return sink;
  } catch (error) {
    // a shape error first, in the order the reading meets the rows
    for (let i = 0; i < n; i++) {
      seriesA.checkRow(i);
      seriesB.checkRow(i);
    }
    throw error;
  }
}

/** A series: its finite numbers, oldest first. */
export function series(value: Cell, name: string): Float64Array {
  return readSeries(value, name, (source) => new Collected(source.length)).values();
}

/** Two paired series (see `readPairs`): the numeric pairs, oldest first. */
export function pairs(
  a: Cell,
  b: Cell,
  nameA: string,
  nameB: string
): [Float64Array, Float64Array] {
  return readPairs(a, b, nameA, nameB, (length) => new CollectedPairs(length)).values();
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
