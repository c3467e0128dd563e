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
  /** How the sheet prints, where the setup derived by `pageSetupOf` does not suit it. */
  print?: Partial<PageSetup>;
  /**
   * Workbook names the plan defines over its own cells (the Policy sheet's limits, ./policy): the
   * adapter adds each, workbook scope, pointing at the written sheet's cell (absolute).
   */
  names?: PlanName[];
}

/** A workbook-scope defined name over one cell of the plan's sheet. */
export interface PlanName {
  /** "AltHedge_LossLimit" */
  name: string;
  /** A1 on the plan's sheet ("B5"). */
  cell: string;
  /** What Name Manager shows as its comment. */
  comment?: string;
}

/**
 * One run of a wizard, as the task pane hands it to the port: when (ISO 8601 UTC), which wizard, the
 * sheet written and the key inputs. The adapter completes the Hedge log row with "Prepared by" (from
 * the document's settings) and the Hash chained to the previous row (./hedgeLog).
 */
export interface LogEntry {
  timestamp: string;
  wizard: string;
  sheet: string;
  inputs: string;
}

export const LOG_SHEET = "Hedge log";
export const LOG_TABLE = "HedgeLog";
/** The Hedge log's columns, in order; ./hedgeLog hashes the first five into the sixth. */
export const LOG_HEADERS = [
  "Time",
  "Prepared by",
  "Wizard",
  "Sheet",
  "Key inputs",
  "Hash",
] as const;

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

/** True when a formula calls an AltHedge custom function (./formula reads it). */
export { formulaCallsAltHedge as callsAltHedge } from "./formula";

// ---------------------------------------------------------------------------------------------
// Printing
// ---------------------------------------------------------------------------------------------

/**
 * How a written sheet prints (Excel's page layout): what is printed, the rows repeated at the top of
 * every page, the orientation, one page wide and as many pages tall as it takes, and the footer.
 */
export interface PageSetup {
  /** The A1 range printed: from A1 to the sheet's last row and column, charts included. */
  area: string;
  /** The rows repeated at the top of every page, as Excel writes them ("$1:$1"); none if absent. */
  titleRows?: string;
  orientation: "portrait" | "landscape";
  /** Pages wide the area is scaled to fit; pages tall are as many as it takes. */
  fitWidth: number;
  /** Footer texts in Excel's header and footer codes (&A the sheet, &P the page, &N pages, &D the date). */
  footer: { left: string; center: string; right: string };
}

/** The footer of every written sheet: the sheet's name, "Page 2 of 3" and the date printed. */
export const PRINT_FOOTER: PageSetup["footer"] = {
  left: "&A",
  center: "Page &P of &N",
  right: "&D",
};

/**
 * Widths in points. A column without a width is Excel's default, 8.43 characters of Calibri 11
 * (64 pixels, 48 points). Portrait is chosen while the area fits the narrower of A4 and Letter
 * between Excel's default 0.7-inch margins: 595 − 2 × 50.4 = 494.2 points (Letter gives 511.2).
 */
const DEFAULT_COLUMN_WIDTH = 48;
const PORTRAIT_PRINT_WIDTH = 494.2;
/** Excel's default row height (Calibri 11) and chart size (5 × 3 inches), for a chart's extent. */
const DEFAULT_ROW_HEIGHT = 15;
const CHART_WIDTH = 360;
const CHART_HEIGHT = 216;

/** What `pageSetupOf` reads of a plan: any sheet described like one can be given a page setup. */
export type PrintedSheet = Pick<SheetPlan, "cells"> & Partial<Omit<SheetPlan, "cells">>;

/**
 * The page setup of a plan, derived once from its extent so that every template prints the same way:
 * - area: A1 to the last row and column holding a cell, a table, a validation, a conditional format
 *   or a chart (a chart spans Excel's default 5 × 3 inches from its anchor);
 * - title rows: the frozen rows; else the top rows while they hold only title and header cells; else
 *   the first row (a sheet's title line), so every page says which sheet it is;
 * - landscape when the area is wider than a portrait page, and always one page wide;
 * - the footer PRINT_FOOTER.
 * `plan.print` overrides any of these.
 */
export function pageSetupOf(plan: PrintedSheet): PageSetup {
  let lastRow = -1;
  let lastCol = -1;
  const reach = (row: number, col: number): void => {
    lastRow = Math.max(lastRow, row);
    lastCol = Math.max(lastCol, col);
  };
  for (const cell of plan.cells) reach(cell.row, cell.col);
  const ranges = [
    ...(plan.tables ?? []),
    ...(plan.validations ?? []),
    ...(plan.conditionalFormats ?? []),
  ].map((item) => item.range);
  for (const range of ranges) {
    const r = parseRange(range);
    reach(r.lastRow, r.lastCol);
  }
  const widths = new Map((plan.columnWidths ?? []).map(({ col, width }) => [col, width]));
  const widthOf = (col: number): number => widths.get(col) ?? DEFAULT_COLUMN_WIDTH;
  for (const chart of plan.charts ?? []) {
    const anchor = parseA1(chart.anchor);
    let col = anchor.col;
    for (let covered = widthOf(col); covered < CHART_WIDTH; covered += widthOf(col)) col++;
    reach(anchor.row + Math.ceil(CHART_HEIGHT / DEFAULT_ROW_HEIGHT) - 1, col);
  }
  lastRow = Math.max(lastRow, 0);
  lastCol = Math.max(lastCol, 0);

  let width = 0;
  for (let col = 0; col <= lastCol; col++) width += widthOf(col);

  const derived: PageSetup = {
    area: a1Range(0, 0, lastRow, lastCol),
    orientation: width > PORTRAIT_PRINT_WIDTH ? "landscape" : "portrait",
    fitWidth: 1,
    footer: { ...PRINT_FOOTER },
  };
  const titleRows = titleRowsOf(plan);
  if (titleRows > 0) derived.titleRows = `$1:$${titleRows}`;
  return { ...derived, ...plan.print };
}

/** How many rows, from the first, repeat at the top of each printed page (see pageSetupOf). */
function titleRowsOf(plan: PrintedSheet): number {
  if (plan.freeze && plan.freeze.rows > 0) return plan.freeze.rows;
  const byRow = new Map<number, PlanCell[]>();
  for (const cell of plan.cells) {
    if (cell.value === null || cell.value === "") continue;
    const line = byRow.get(cell.row);
    if (line) line.push(cell);
    else byRow.set(cell.row, [cell]);
  }
  let rows = 0;
  while (byRow.get(rows)?.every((cell) => cell.style === "title" || cell.style === "header"))
    rows++;
  if (rows > 0) return rows;
  return byRow.has(0) ? 1 : 0;
}
