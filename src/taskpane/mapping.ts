/**
 * "Use selected range", the pure part: split the selection into its header row and data rows, guess
 * which column holds what from the headers, keep the user's corrections, and read the rows into the
 * input the wizard's way (its form's `mapping.read`). ./mappingView shows it. No DOM.
 */
import { guessColumns, type WantedColumn } from "../templates";
import { columnLabel } from "../templates/common";
import type { CellValue } from "../templates/plan";
import type { Selection } from "../workbook/port";

/** A wanted column's key ("token", "itemChange") → the 0-based column of the selection mapped to it. */
export type Mapping = Record<string, number | undefined>;

/**
 * A wizard's "Use selected range": which columns to look for in the header row, and how the mapped
 * rows go into the input. `read` decides what a selection replaces; nothing of the sample may survive
 * in it.
 */
export interface ColumnMapping<I> {
  columns: readonly WantedColumn[];
  read: (input: I, rows: CellValue[][], mapping: Mapping) => I;
  /** Data rows (0-based) the read leaves out, and why: the pane names them after reading. */
  skipped?: { rows: (rows: CellValue[][], mapping: Mapping) => number[]; why: string };
}

/** The words a column shows by in the mapping ("Item change"), never its key. */
export const labelOf = columnLabel;

/**
 * Why the selection cannot be read yet: the required columns without a mapped column ("Map Item
 * change and Hedge change to a column"), or undefined when it can.
 */
export function missingColumns(
  columns: readonly WantedColumn[],
  mapping: Mapping
): string | undefined {
  const missing = columns.filter((c) => c.required && mapping[c.key] === undefined).map(labelOf);
  if (missing.length === 0) return undefined;
  const names =
    missing.length === 1
      ? missing[0]
      : `${missing.slice(0, -1).join(", ")} and ${missing[missing.length - 1]}`;
  return `Map ${names} to a column of the selection: the wizard cannot write without ${missing.length === 1 ? "it" : "them"}.`;
}

/** A selection ready to map: its headers and data rows, and the columns guessed from the headers. */
export interface SelectedTable {
  /** "Book!A12:G24" */
  where: string;
  /** The sheet row (1-based) of the first data row, below the header. */
  firstRow: number;
  headers: string[];
  rows: CellValue[][];
  guess: Mapping;
}

/** The selection split and guessed, or the message that says what to select instead. */
export function selectedTable(
  selection: Selection,
  columns: readonly WantedColumn[]
): { ok: true; table: SelectedTable } | { ok: false; message: string } {
  const [headerRow = [], ...rows] = selection.values;
  if (rows.length === 0)
    return {
      ok: false,
      message: `Select a range with a header row and at least one data row (the selection is ${selection.address}).`,
    };
  const headers = headerRow.map((h) => String(h ?? ""));
  const top = Number(/^\$?[A-Z]+\$?(\d+)/i.exec(selection.address)?.[1] ?? 1);
  return {
    ok: true,
    table: {
      where: `${selection.sheet}!${selection.address}`,
      firstRow: top + 1,
      headers,
      rows,
      guess: guessColumns(headers, [...columns]),
    },
  };
}

/** The choices for one column's drop-down: none, or one of the selection's columns by its header. */
export function columnChoices(headers: readonly string[]): { value: string; label: string }[] {
  return [
    { value: "", label: "— none —" },
    ...headers.map((h, i) => ({ value: String(i), label: h || `Column ${i + 1}` })),
  ];
}

/** A drop-down's value for a mapped column, and back: "" is no column. */
export const choiceOf = (index: number | undefined): string =>
  index === undefined ? "" : String(index);
export const indexOf = (choice: string): number | undefined =>
  choice === "" ? undefined : Number(choice);

/** The input with the selection read in, and what the pane says about it. */
export function readSelected<I>(
  mapping: ColumnMapping<I>,
  input: I,
  table: SelectedTable,
  columns: Mapping
): { input: I; message: string } {
  const skipped = mapping.skipped?.rows(table.rows, columns) ?? [];
  const rows = skipped.map((i) => table.firstRow + i);
  const shown =
    rows.length > 6
      ? `${rows.slice(0, 6).join(", ")} and ${rows.length - 6} more`
      : rows.join(", ");
  return {
    input: mapping.read(input, table.rows, columns),
    message:
      `Read ${table.rows.length} rows from ${table.where}.` +
      (skipped.length
        ? ` Left out ${skipped.length === 1 ? "row" : "rows"} ${shown}: ${mapping.skipped!.why}.`
        : ""),
  };
}
