/**
 * Reading the import fixtures (test/fixtures/imports) as the pane and `npm run import` do: through
 * readImport, the file named as on disk unless the test names it otherwise (formats read symbols, zones
 * and currencies from file names). One reader for every import test.
 */
import fs from "fs";
import path from "path";
import {
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
