/**
 * What both adapters share when they read and write the canonical tables of an import
 * (../imports/canonical): rows to cells and back (times as Excel date serials in the sheet, epoch
 * milliseconds in memory), the rows an import adds, the layout of a new table's sheet, and the
 * messages. Pure code: no Office.js, no engine.
 */
import {
  CANONICAL_COLUMNS,
  COLUMN_FORMATS,
  TIME_COLUMN,
  columnIndex,
  epochOfSerial,
  excelSerial,
  type CanonicalKind,
  type CanonicalRow,
  type CanonicalTable,
  type CanonicalValue,
} from "../imports/canonical";
import { newRows } from "../imports";
import type { ImportWritten } from "./port";

/** The kind's columns, as a plain list. */
export const columnsOf = (kind: CanonicalKind): readonly string[] =>
  CANONICAL_COLUMNS[kind] as readonly string[];

/** The 0-based index of the kind's time column. */
export const timeIndex = (kind: CanonicalKind): number => columnIndex(kind, TIME_COLUMN[kind]);

/**
 * The rows of `incoming` that `existing` does not have by `rowKey` (spec: "No row twice"), in order,
 * and how many were skipped: `newRows` of ../imports, the one rule the preview and the CLI use too.
 */
export const addedRows = newRows;

/**
 * A canonical row as the sheet holds it: the time column as an Excel date serial, blanks null, the
 * rest as is (each adapter keeps text as text its own way).
 */
export function cellsOf(kind: CanonicalKind, row: CanonicalRow): CanonicalValue[] {
  const time = timeIndex(kind);
  const width = columnsOf(kind).length;
  const cells = new Array<CanonicalValue>(width);
  for (let c = 0; c < width; c++) {
    const value = row[c] ?? null;
    cells[c] = c === time && typeof value === "number" ? excelSerial(value) : value;
  }
  return cells;
}

/**
 * Cells read back from a canonical table → a canonical row: the time column's serial (a number,
 * however the cell is formatted) as epoch milliseconds, "" and null as null, TRUE/FALSE as text
 * (canonical values are numbers, text or blank), errors as their code (as read). Only the kind's
 * columns are kept.
 */
export function rowOf(kind: CanonicalKind, cells: readonly unknown[]): CanonicalRow {
  const time = timeIndex(kind);
  const width = columnsOf(kind).length;
  const row = new Array<CanonicalValue>(width);
  for (let c = 0; c < width; c++) {
    const value = cells[c];
    if (value === "" || value === null || value === undefined) row[c] = null;
    else if (typeof value === "number") row[c] = c === time ? epochOfSerial(value) : value;
    else if (typeof value === "boolean") row[c] = value ? "TRUE" : "FALSE";
    else row[c] = String(value);
  }
  return row;
}

/** A table's data rows read back; a table holding only the one empty row Excel keeps has none. */
export function rowsOf(kind: CanonicalKind, body: readonly (readonly unknown[])[]): CanonicalRow[] {
  const rows = body.map((cells) => rowOf(kind, cells));
  return rows.length === 1 && rows[0].every((value) => value === null) ? [] : rows;
}

/** Each column's number format ("General" where none is needed). */
export const formatsOf = (kind: CanonicalKind): string[] =>
  columnsOf(kind).map((column) => COLUMN_FORMATS[column] ?? "General");

/** Column widths of a new canonical sheet, by column name (Excel's points, as plans give them). */
const WIDTHS: Record<string, number> = {
  "Time (UTC)": 130,
  "As of (UTC)": 130,
  "Date (UTC)": 90,
  Source: 260,
  Symbol: 110,
  ID: 150,
  "Trade ID": 150,
};

/** The widths of a new canonical sheet's columns (80 where the name says nothing). */
export const widthsOf = (kind: CanonicalKind): number[] =>
  columnsOf(kind).map((column) => WIDTHS[column] ?? 80);

/**
 * Why an import is refused when the cells below an existing table are not empty: appending would
 * write over them. (The adapters add that nothing was written.)
 */
export const inTheWayMessage = (kind: CanonicalKind, sheet: string, range: string): string =>
  `The ${kind} table on "${sheet}" cannot grow: ${range} below it is not empty, and AltHedge never overwrites your data. Move those cells (or the table), then import again.`;

/**
 * Why an import is refused in an Excel without `Table.resize` (ExcelApi 1.13) when cells lie anywhere
 * below the table in its columns: `rows.add` inserts rows, and would move those cells down.
 */
export const wouldMoveMessage = (kind: CanonicalKind, sheet: string, range: string): string =>
  `The ${kind} table on "${sheet}" cannot grow in this Excel without moving ${range} below it down (adding rows to a table inserts them; Excel 2021 or Microsoft 365, ExcelApi 1.13, writes below the table instead). Move those cells, then import again.`;

/** Why an import is refused when a table named as the kind is not a canonical table. */
export const notCanonicalMessage = (kind: CanonicalKind, sheet: string): string =>
  `The table named "${kind}" on "${sheet}" does not have the ${kind} columns (${columnsOf(kind).join(", ")}): rename that table to keep it, and AltHedge creates a new ${kind} table.`;

/** Why an import is refused when the sheet has no rows left below the table. */
export const noRoomMessage = (kind: CanonicalKind, sheet: string, rows: number): string =>
  `The ${kind} table on "${sheet}" cannot grow by ${rows} rows: Excel's sheet ends first.`;

/**
 * The sheets an import wrote, for its Hedge log row ("Funding, Trades"); when it added no row, the
 * sheets of the tables it checked (the log row of a "0 added" import still says where).
 */
export function sheetsWritten(written: readonly ImportWritten[]): string {
  const sheets = (items: readonly ImportWritten[]): string[] => [
    ...new Set(items.map((item) => item.sheet).filter((sheet) => sheet !== "")),
  ];
  const added = sheets(written.filter((item) => item.added > 0));
  return (added.length > 0 ? added : sheets(written)).join(", ");
}

/**
 * The tables of an import, one per kind, in the order given: two tables of the same kind (a caller
 * merging files) become one, their rows in order.
 */
export function mergedByKind(tables: readonly CanonicalTable[]): CanonicalTable[] {
  const byKind = new Map<CanonicalKind, CanonicalRow[]>();
  for (const { kind, rows } of tables) {
    const merged = byKind.get(kind);
    if (merged) merged.push(...rows);
    else byKind.set(kind, [...rows]);
  }
  return [...byKind].map(([kind, rows]) => ({ kind, rows }));
}
