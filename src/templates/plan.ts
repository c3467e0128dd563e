/**
 * The sheet plan: what a wizard writes, as data. Templates build plans; the workbook adapters (Office.js
 * in Excel, the engine in the playground and tests) only apply them. Also the A1 helpers and the Hedge
 * log's shape, which templates and adapters share. Pure code: no Office.js, no DOM.
 */
/** What a cell holds once computed: Excel's scalar types; an error shows as its code text ("#N/A"). */
export type CellValue = number | string | boolean | null;

/** Cell styles a template may ask for; each adapter renders them in its own way. */
export type CellStyle = "title" | "subtitle" | "header" | "input" | "note" | "total";

/**
 * One cell of a plan, by 0-based row and column. Exactly one of `value` and `formula` (a formula starts
 * with "="). `format` is an Excel number format ("0.00%", "#,##0", "yyyy-mm-dd").
 */
export interface PlanCell {
  row: number;
  col: number;
  value?: CellValue;
  formula?: string;
  format?: string;
  style?: CellStyle;
}

/** An Excel table over `range` (A1, header row included). */
export interface PlanTable {
  name: string;
  range: string;
  style?: string;
}

/** A drop-down list on `range`. */
export interface PlanValidation {
  range: string;
  list: string[];
}

/**
 * A conditional format on `range`: a formula written for the range's top-left cell (relative refs
 * move with each cell, as in Excel), and the fill and font colours to apply where it is TRUE.
 */
export interface PlanConditionalFormat {
  range: string;
  formula: string;
  fill: string;
  font?: string;
}

export interface PlanChart {
  type: "column" | "line" | "pie" | "bar";
  title: string;
  /** Source data, first row headers and first column categories (A1). */
  source: string;
  /** Top-left cell the chart is placed at (A1). */
  anchor: string;
  seriesBy?: "columns" | "rows";
}

/** Everything a wizard writes into one new sheet. */
export interface SheetPlan {
  /** The sheet name wanted; the adapter adds " (2)", " (3)"… when it is taken. */
  name: string;
  cells: PlanCell[];
  tables?: PlanTable[];
  validations?: PlanValidation[];
  conditionalFormats?: PlanConditionalFormat[];
  charts?: PlanChart[];
  columnWidths?: { col: number; width: number }[];
  /** Rows and columns to freeze at the top left. */
  freeze?: { rows: number; cols: number };
}

/** One row of the governance trail: the Hedge log table, only ever appended to. */
export interface LogEntry {
  timestamp: string;
  wizard: string;
  sheet: string;
  inputs: string;
}

export const LOG_SHEET = "Hedge log";
export const LOG_TABLE = "HedgeLog";
export const LOG_HEADERS = ["Timestamp", "Wizard", "Sheet written", "Key inputs"] as const;

/** The first free name among `wanted`, `wanted (2)`, `wanted (3)`… (Excel compares names without case). */
export function uniqueSheetName(wanted: string, taken: readonly string[]): string {
  const clean =
    wanted
      .replace(/[\\/?*[\]:]/g, "-")
      .slice(0, 31)
      .trim() || "Sheet";
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let n = 2; ; n++) {
    const suffix = ` (${n})`;
    const name = clean.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(name.toLowerCase())) return name;
  }
}

/** "A", "B", … "Z", "AA" for a 0-based column. */
export function columnName(col: number): string {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** A1 address of a 0-based cell. */
export const a1 = (row: number, col: number): string => `${columnName(col)}${row + 1}`;

/** A1 range of a 0-based rectangle, inclusive. */
export const a1Range = (row: number, col: number, lastRow: number, lastCol: number): string =>
  row === lastRow && col === lastCol ? a1(row, col) : `${a1(row, col)}:${a1(lastRow, lastCol)}`;

/** 0-based row and column of an A1 cell ("$B$3" too). */
export function parseA1(address: string): { row: number; col: number } {
  const match = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(address.trim());
  if (!match) throw new Error(`not an A1 cell address: ${address}`);
  let col = 0;
  for (const ch of match[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(match[2]) - 1, col: col - 1 };
}

/** 0-based corners of an A1 range ("A1:C4", or one cell). */
export function parseRange(range: string): {
  row: number;
  col: number;
  lastRow: number;
  lastCol: number;
} {
  const [start, end = start] = range.replace(/^.*!/, "").split(":");
  const a = parseA1(start);
  const b = parseA1(end);
  return { row: a.row, col: a.col, lastRow: b.row, lastCol: b.col };
}

/** Sheet names in formulas: quoted when they hold anything but letters, digits and underscores. */
export const sheetRef = (name: string): string =>
  /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;

/** True when a formula calls an AltHedge custom function. */
export const callsAltHedge = (formula: unknown): boolean =>
  typeof formula === "string" && formula.startsWith("=") && /\bALTHEDGE\./i.test(formula);
