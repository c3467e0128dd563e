/**
 * The port the task pane talks through. The task pane never calls `Excel.run` itself: it asks a
 * `WorkbookPort`, which is Office.js inside Excel (./office) or a spreadsheet engine in the playground
 * and the tests (./engine). Every write refuses to touch a non-empty cell: templates go to new sheets.
 * What is written is a plan built by ../templates (`SheetPlan`, and the share-safe copy's `SharePlan`
 * from ../templates/share); the port only applies it.
 */
import type { CanonicalKind, CanonicalRow, CanonicalTable } from "../imports/canonical";
import type { NumberSeparators } from "../templates/common";
import type { CellValue, LogEntry, SheetPlan } from "../templates/plan";
import type { PolicyChange, PolicyLimits, PolicyState } from "../templates/policy";
import type { ShareWarning, SheetVisibility } from "../templates/share";
import type { FeatureSupport, PaneFeature } from "./requirements";

/** Where a write went, or why it did not happen. */
export type WriteResult =
  | { ok: true; address: string }
  | { ok: false; address: string; reason: "not-empty" | "no-selection"; message: string };

export interface ApplyResult {
  /** The sheet actually written (unique name). */
  sheet: string;
  cells: number;
}

export interface Selection {
  sheet: string;
  address: string;
  values: CellValue[][];
}

export interface ShareSafeResult {
  /** original sheet name → copy's name */
  copies: { original: string; copy: string }[];
  provenanceSheet: string;
  frozenCells: number;
  /** Native formulas written differently so the copies stand alone (`D2#` → `D2:D41`). */
  rewrites: number;
  /** Names, rules and comments left out (each has a Provenance row). */
  dropped: number;
  /** What the user should read before sending (hidden rows, a hidden sheet copied, comments kept). */
  warnings: ShareWarning[];
}

/** The user's choices for a share-safe copy beyond the sheets. */
export interface ShareOptions {
  /** Keep comments and notes (removed by default: they carry their authors' names). */
  keepComments?: boolean;
}

/** A sheet the share-safe copy can offer, with its visibility (hidden sheets are not ticked). */
export interface ShareCandidate {
  name: string;
  visibility: SheetVisibility;
}

/** What "Save as a share-safe workbook" did. */
export interface ShareWorkbookResult {
  /** "opened": a new Excel window (Excel.createWorkbook); "downloaded": offered as a file. */
  delivery: "opened" | "downloaded";
  fileName: string;
  bytes: number;
  frozenCells: number;
  warnings: ShareWarning[];
}

/** The active cell, for Explain: its formula ("" for a constant or a blank) and its value. */
export interface ActiveCell {
  sheet: string;
  /** A1, without the sheet. */
  address: string;
  formula: string;
  /** What the cell shows; an error as its code ("#NUM!"). */
  value: CellValue;
}

/** A range on a sheet, for reading the cells a formula refers to. */
export interface RangeRef {
  sheet: string;
  /** A1 ("B2" or "B2:C9"), without the sheet. */
  address: string;
}

/** The Hedge log table as stored: its header row and data rows, and whether its sheet is protected. */
export interface HedgeLogContents {
  sheet: string;
  header: CellValue[];
  rows: CellValue[][];
  protected: boolean;
}

/** What changing the policy from the pane did. */
export interface PolicyChangeResult {
  /** The sheet the policy's names point at. */
  sheet: string;
  /** The limits changed, old → new; none when the cells already held the values (nothing logged). */
  changes: PolicyChange[];
}

/**
 * The canonical tables the workbook holds (../imports/canonical), by kind: the sheet each is on and
 * its data rows in CANONICAL_COLUMNS order, times as epoch milliseconds (UTC), blanks null, errors as
 * their code ("#N/A"). A kind the workbook has no table of (or whose table is not canonical) is absent.
 */
export type CanonicalTables = Partial<
  Record<CanonicalKind, { sheet: string; rows: CanonicalRow[] }>
>;

/** What an import wrote of one canonical table. */
export interface ImportWritten {
  kind: CanonicalKind;
  /** The sheet the table is on (the existing table's, or the new sheet's unique name). */
  sheet: string;
  /** Rows appended (or written to the new table). */
  added: number;
  /** Rows left out because the workbook's table already had them (`rowKey`). */
  skipped: number;
  /** True when the table (and its sheet) was created by this import. */
  created: boolean;
}

export interface WorkbookPort {
  /** "office" inside Excel, "engine" in the playground. */
  readonly kind: "office" | "engine";
  /**
   * Writes `formula` into the active cell when, and only when, that cell is empty (no value and no
   * formula). A multi-cell selection writes to its active cell.
   */
  insertFormulaIfEmpty(formula: string): Promise<WriteResult>;
  /** The selected range's sheet, address and values (for "Use selected range"). */
  readSelection(): Promise<Selection>;
  listSheets(): Promise<string[]>;
  /**
   * Writes `plan` into a new sheet with a unique name, appends `log` to the Hedge log (creating it on
   * first use) with "Prepared by" and its hash chained to the row above (../templates/hedgeLog),
   * protects the log's sheet again, and activates the new sheet. On failure nothing is left behind.
   */
  applyPlan(
    plan: SheetPlan,
    log?: LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ApplyResult>;
  /**
   * Copies `sheets`, replaces every ALTHEDGE.* formula in the copies (spills included) by its current
   * value, keeps native formulas live, and adds a Provenance sheet. The originals are not touched.
   * What to freeze and record is decided by `planShareSafe` (../templates/share): the adapter reads
   * the sheets, plans, and applies the plan.
   */
  shareSafeCopy(
    sheets: string[],
    version: string,
    time: string,
    options?: ShareOptions
  ): Promise<ShareSafeResult>;
  /** The sheets a share-safe copy can offer, in workbook order, with their visibility. */
  listShareCandidates(): Promise<ShareCandidate[]>;
  /**
   * "Save as a share-safe workbook" (spec/taskpane.md §5): the document's own file rewritten — every
   * ALTHEDGE.* formula replaced by its cached value, the share rules applied to every sheet kept — and
   * opened as a new workbook or offered as a download. `keepHidden` keeps hidden sheets (left out by
   * default).
   */
  saveShareSafeWorkbook(
    version: string,
    time: string,
    options?: ShareOptions & { keepHidden?: boolean }
  ): Promise<ShareWorkbookResult>;
  /**
   * Whether a pane feature works in this host (the ExcelApi requirement set it needs, checked with
   * `isSetSupported`), and if not the sentence saying which Excel it needs. Synchronous: hosts answer
   * requirement checks at once.
   */
  supports(feature: PaneFeature): FeatureSupport;
  /** Shows `sheet` (the link in a wizard's result). */
  activateSheet(sheet: string): Promise<void>;
  /**
   * The decimal and grouping separators the host reads numbers with, so the pane reads typed numbers
   * as the workbook does: Excel's `application.cultureInfo.numberFormat` (ExcelApi 1.11), else its
   * display language; the engine's locale in the playground.
   */
  numberFormat(): Promise<NumberSeparators>;
  /** The active cell's sheet, address, formula and value (for Explain). */
  readActiveCell(): Promise<ActiveCell>;
  /** The values of `ranges`, in one read, errors as their code (for Explain's arguments). */
  readRanges(ranges: RangeRef[]): Promise<CellValue[][][]>;
  /** The Hedge log table (null when the workbook has none yet), for its verification. */
  readHedgeLog(): Promise<HedgeLogContents | null>;
  /**
   * "Prepared by": the name written into each new Hedge log row, kept with the document (its settings
   * in Excel; the engine workbook's own store in the playground). "" when not set.
   */
  getPreparedBy(): Promise<string>;
  setPreparedBy(name: string): Promise<void>;
  /**
   * The policy as the workbook's names say (../templates/policy): for each limit's workbook name
   * (`AltHedge_LossLimit`, …) the cell it refers to and the value there, and the limits whose name is
   * missing or refers to anything but one cell. Applying a plan with `names` (the Policy sheet) defines
   * them; a workbook with none of them has no policy yet.
   */
  readPolicy(): Promise<PolicyState>;
  /**
   * Writes `limits` into the policy's named cells (the only cells AltHedge ever changes in place) and
   * appends a Hedge log row naming each change, old → new, as read in the same operation (`log` gives
   * the time and wizard; the sheet is the policy's). Refused, with nothing changed, when the workbook's
   * policy is missing or incomplete; a failure leaves the old values and no row. No value differing
   * changes and logs nothing.
   */
  changePolicy(
    limits: PolicyLimits,
    log: Pick<LogEntry, "timestamp" | "wizard">
  ): Promise<PolicyChangeResult>;
  /**
   * The canonical tables of `kinds` (all kinds when left out): for each kind the Excel table named as
   * it (`Funding`, …; names compared without case, as Excel compares them), read only when its header
   * is the kind's canonical header (`isCanonicalHeader`): a table named `Prices` with another header
   * is someone else's and is skipped, as if absent. Time columns come back as epoch milliseconds (a
   * date serial, or a number however the cell is formatted), blanks as null, errors as their code.
   * In Office one read for every kind, in bands under Excel on the web's 5 MB.
   */
  readCanonicalTables(kinds?: readonly CanonicalKind[]): Promise<CanonicalTables>;
  /**
   * Writes an import's tables (spec/imports.md, "Canonical tables"). For each table, the workbook's
   * table of that kind is read again now and only the rows it does not have yet (`newRows`, by
   * `rowKey`) are written: appended below the existing table, which is extended over them (its rows
   * are never touched; cells in the way below it refuse the whole import, naming the range, with
   * nothing written), or, where the workbook has no such table, written with the header to a new
   * sheet (unique name, the kind's) as an Excel table named as the kind: header styled, time columns
   * formatted as dates, columns sized, top row frozen. A table named as the kind with another header
   * refuses the import (rename it, and AltHedge creates a new one). A table with no new rows writes
   * nothing but counts its skipped rows.
   *
   * Then one Hedge log row, as `applyPlan` appends it, with the entry `log(written)` gives (its sheet
   * should name the sheets written) — also when no table added a row: the user imported, and the log
   * says 0 added and how many were skipped. On failure nothing is left behind: new sheets deleted,
   * appended rows removed, no log row.
   */
  writeImport(
    tables: CanonicalTable[],
    log: (written: ImportWritten[]) => LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ImportWritten[]>;
}

export const notEmptyMessage = (address: string): string =>
  `${address} is not empty. Select an empty cell: AltHedge never overwrites your data.`;
