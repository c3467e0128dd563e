/**
 * Imports of exchange and price exports (spec/imports.md): recognise a file's format from its first
 * lines, read it with the format's parser, and hand back canonical tables (./canonical) ready to
 * preview and — once the user confirms — to write. Pure code: the task pane, the playground and
 * `npm run import` all call `readImport`; the workbook port writes what it returns.
 */
import type { CanonicalKind, CanonicalRow } from "./canonical";
import type { ImportOptions, ImportOutcome, ImportPreview } from "./types";

export * from "./canonical";
export type * from "./types";

/** Files larger than this are refused by the task pane (see docs/imports.md for why). */
export const PANE_LIMIT_BYTES = 20 * 1024 * 1024;

/**
 * Reads `input` (the file's bytes, or pasted text) into a preview: format and variant, zone, canonical
 * rows per kind, duplicates within the file, bad lines, price gaps, warnings. Or a refusal saying why
 * and what to do: empty, binary, larger than `maxBytes`, unknown format, no data rows.
 */
export function readImport(
  input: string | Uint8Array,
  options: ImportOptions & { maxBytes?: number } = {}
): ImportOutcome {
  void input;
  void options;
  throw new Error("readImport: not yet written");
}

/**
 * The rows of `incoming` not already in `existing` by `rowKey` (spec: "No row twice"), in order, and
 * how many were skipped.
 */
export function newRows(
  kind: CanonicalKind,
  existing: readonly CanonicalRow[],
  incoming: readonly CanonicalRow[]
): { added: CanonicalRow[]; skipped: number } {
  void kind;
  void existing;
  void incoming;
  throw new Error("newRows: not yet written");
}

/** The Hedge log's "Key inputs" for an import (file, format and variant, rows, duplicates, zone). */
export function importLogInputs(
  preview: ImportPreview,
  written: { kind: CanonicalKind; added: number; skipped: number }[]
): string {
  void preview;
  void written;
  throw new Error("importLogInputs: not yet written");
}

/** One canonical table as CSV: its column names, then rows (times `YYYY-MM-DD HH:MM:SS` UTC). */
export function toCsv(kind: CanonicalKind, rows: readonly CanonicalRow[]): string {
  void kind;
  void rows;
  throw new Error("toCsv: not yet written");
}
