/**
 * Reading the import fixtures (test/fixtures/imports) as the pane and `npm run import` do: through
 * readImport, the file named as on disk unless the test names it otherwise (formats read symbols, zones
 * and currencies from file names). One reader for every import test, and the rows and log entry the
 * workbook adapters' import tests share.
 */
import fs from "fs";
import type { ImportWritten } from "../../src/workbook/port";
import path from "path";
import {
  canonicalRow,
  columnIndex,
  readImport,
  type CanonicalKind,
  type CanonicalRow,
  type ImportOptions,
  type ImportPreview,
} from "../../src/imports";

export const FIXTURES = path.join(__dirname, "..", "fixtures", "imports");

/** The fixture read into a preview; a refusal fails the test with its message. */
export function readFixture(fixture: string, options: ImportOptions = {}): ImportPreview {
  const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, fixture)));
  const result = readImport(bytes, { fileName: fixture, ...options });
  if (!result.ok) throw new Error(`${fixture}: ${result.message}`);
  return result;
}

/** The preview's rows of `kind` (none when the file fed no such table). */
export const rowsOf = (result: ImportPreview, kind: CanonicalKind): CanonicalRow[] =>
  result.tables[kind] ?? [];

/** A row's value in `column` of `kind`. */
export const cell = (kind: CanonicalKind, row: CanonicalRow, column: string) =>
  row[columnIndex(kind, column)];

/** A SOL daily bar on 2026-01-01 + `day`, all four prices `close` (for the workbook's import tests). */
export const price = (day: number, close: number): CanonicalRow =>
  canonicalRow("Prices", {
    "Date (UTC)": Date.UTC(2026, 0, 1 + day),
    Symbol: "SOL",
    Open: close,
    High: close,
    Low: close,
    Close: close,
    Volume: 1000 + day,
    Source: "sol.csv | coingecko",
  });

/** The Hedge log entry the pane gives writeImport, its inputs naming what was written. */
export const logOf = (written: ImportWritten[]) => ({
  timestamp: "2026-12-02T10:00:00.000Z",
  wizard: "Import",
  sheet: "",
  inputs: written.map((w) => `${w.kind}: ${w.added} added, ${w.skipped} skipped`).join("; "),
});
