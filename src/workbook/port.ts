/**
 * The port the task pane talks through. The task pane never calls `Excel.run` itself: it asks a
 * `WorkbookPort`, which is Office.js inside Excel (./office) or a spreadsheet engine in the playground
 * and the tests (./engine). Every write refuses to touch a non-empty cell: templates go to new sheets.
 * What is written is a plan built by ../templates (`SheetPlan`, and the share-safe copy's `SharePlan`
 * from ../templates/share); the port only applies it.
 */
import type { CellValue, LogEntry, SheetPlan } from "../templates/plan";

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
   * first use) and activates the new sheet. On failure nothing is left behind.
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
  shareSafeCopy(sheets: string[], version: string, time: string): Promise<ShareSafeResult>;
  /** Shows `sheet` (the link in a wizard's result). */
  activateSheet(sheet: string): Promise<void>;
}

export const notEmptyMessage = (address: string): string =>
  `${address} is not empty. Select an empty cell: AltHedge never overwrites your data.`;
