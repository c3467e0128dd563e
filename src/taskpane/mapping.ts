/**
 * "Use selected range", the pure part: split the selection into its header row and data rows, guess
 * which column holds what from the headers, keep the user's corrections, and read the rows into the
 * input the wizard's way (its form's `mapping.read`). ./mappingView shows it. No DOM.
 *
 * A selection whose header row is a canonical table's (an import's Holdings, Prices, …: the exact
 * column names, in order) is recognised, not guessed: the wizard's columns are mapped from the
 * canonical column names it names, exactly, and a table the wizard cannot read from a selection is
 * refused with the words saying what it reads instead.
 */
import {
  CANONICAL_COLUMNS,
  canonicalKindOf,
  guessColumns,
  type CanonicalKind,
  type WantedColumn,
} from "../templates";
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
  /** What the wizard reads from a selected canonical table; absent, such a selection is guessed. */
  canonical?: CanonicalUse;
}

/**
 * A wizard's use of a selected canonical table: per kind it reads, its wanted keys → the canonical
 * column each is read from ("token" ← "Asset"); `needs` says in words what it reads instead, for a
 * kind it does not.
 */
export interface CanonicalUse {
  columns?: Partial<Record<CanonicalKind, Record<string, string>>>;
  needs: string;
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
  /** The columns guessed from the headers, or read exactly from a recognised canonical table's. */
  guess: Mapping;
  /** The canonical table the header row is, and what the pane says about it ("Recognised …"). */
  recognised?: { kind: CanonicalKind; message: string };
}

/** "Asset → Token and Quantity → Quantity" */
const joined = (parts: readonly string[]): string =>
  parts.length <= 1
    ? parts.join("")
    : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;

/**
 * A canonical table's columns mapped exactly: each wanted key the wizard reads from `kind` to the
 * column of that name (the header is the kind's, in order), every other key to none. O(columns).
 */
function canonicalMapping(
  kind: CanonicalKind,
  names: Record<string, string>,
  columns: readonly WantedColumn[]
): Mapping {
  const order = CANONICAL_COLUMNS[kind] as readonly string[];
  const mapping: Mapping = {};
  for (const column of columns) {
    const name = names[column.key];
    const index = name === undefined ? -1 : order.indexOf(name);
    mapping[column.key] = index < 0 ? undefined : index;
  }
  return mapping;
}

/**
 * The selection split and guessed, or the message that says what to select instead. A selection
 * whose header row is a canonical table's is mapped exactly by `canonical` (never guessed), or
 * refused with `canonical.needs` when the wizard does not read that table from a selection.
 */
export function selectedTable(
  selection: Selection,
  columns: readonly WantedColumn[],
  canonical?: CanonicalUse
): { ok: true; table: SelectedTable } | { ok: false; message: string } {
  const [headerRow = [], ...rows] = selection.values;
  if (rows.length === 0)
    return {
      ok: false,
      message: `Select a range with a header row and at least one data row (the selection is ${selection.address}).`,
    };
  const headers = headerRow.map((h) => String(h ?? ""));
  const top = Number(/^\$?[A-Z]+\$?(\d+)/i.exec(selection.address)?.[1] ?? 1);
  const where = `${selection.sheet}!${selection.address}`;
  const kind = canonical ? canonicalKindOf(headerRow) : undefined;
  let guess: Mapping;
  let recognised: SelectedTable["recognised"];
  if (kind !== undefined && canonical !== undefined) {
    const names = canonical.columns?.[kind];
    if (names === undefined)
      return { ok: false, message: `Recognised the ${kind} table. ${canonical.needs}` };
    guess = canonicalMapping(kind, names, columns);
    const read = columns
      .filter((c) => guess[c.key] !== undefined)
      .map((c) => `${names[c.key]} → ${labelOf(c)}`);
    recognised = {
      kind,
      message: `Recognised the ${kind} table: ${joined(read)}, by their column names. Each row is read as it is; ${kind === "Holdings" ? "for each venue's latest balance priced by Prices, use “Fill from imported tables”." : "the other columns are yours to map."}`,
    };
  } else guess = guessColumns(headers, [...columns]);
  return {
    ok: true,
    table: { where, firstRow: top + 1, headers, rows, guess, ...(recognised && { recognised }) },
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
