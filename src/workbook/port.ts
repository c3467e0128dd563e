/**
 * The port the task pane talks through. The task pane never calls `Excel.run` itself: it asks a
 * `WorkbookPort`, which is Office.js inside Excel (./office) or a spreadsheet engine in the playground
 * and the tests. Every write refuses to touch a non-empty cell.
 */

/** Where a write went, or why it did not happen. */
export type WriteResult =
  | { ok: true; address: string }
  | { ok: false; address: string; reason: "not-empty" | "no-selection"; message: string };

export interface WorkbookPort {
  /** "office" inside Excel, "engine" in the playground. */
  readonly kind: "office" | "engine";
  /**
   * Writes `formula` into the active cell when, and only when, that cell is empty (no value and no
   * formula). A multi-cell selection writes to its active cell.
   */
  insertFormulaIfEmpty(formula: string): Promise<WriteResult>;
}

export const notEmptyMessage = (address: string): string =>
  `${address} is not empty. Select an empty cell: AltHedge never overwrites your data.`;
