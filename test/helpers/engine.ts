/**
 * The engine adapter with the real functions: the built bundle's registrations (loaded as Excel loads
 * them, see ./bundle) and the built functions.json, in a HyperFormula workbook.
 */
import { EngineWorkbook } from "../../src/workbook/engine";
import { a1, type CellValue } from "../../src/templates/plan";
import { loadBundle, type LoadedBundle } from "./bundle";

let bundle: LoadedBundle | undefined;

export function realBundle(): LoadedBundle {
  return (bundle ??= loadBundle());
}

/** A fresh engine workbook with every function of functions.json registered from the bundle. */
export function engineWorkbook(sheets?: { name: string; cells: CellValue[][] }[]): EngineWorkbook {
  const { metadata, functions } = realBundle();
  return new EngineWorkbook({ metadata, functions: functions as never, sheets });
}

/**
 * Excel's error codes a written sheet must not show; "#ERROR!" is the engine's own (a formula it
 * cannot parse).
 */
export const SHEET_ERRORS = [
  "#NUM!",
  "#DIV/0!",
  "#VALUE!",
  "#N/A",
  "#REF!",
  "#NAME?",
  "#SPILL!",
  "#ERROR!",
];

/**
 * Every cell of `sheet` that shows an Excel error — as an error, or as its code in text — or a number
 * that is not finite: "A1: #NUM! message". The trust rule "a form that validates never writes a sheet
 * that shows an Excel error" is checked with it.
 */
export function sheetErrors(wb: EngineWorkbook, sheet: string): string[] {
  const id = wb.sheetId(sheet);
  const { rows, cols } = wb.dimensions(id);
  const found: string[] = [];
  for (let row = 0; row < rows; row++)
    for (let col = 0; col < cols; col++) {
      const cell = wb.value(id, row, col);
      const shown =
        cell !== null && typeof cell === "object"
          ? cell.error
          : typeof cell === "string"
            ? cell
            : "";
      if (SHEET_ERRORS.some((code) => shown.startsWith(code)))
        found.push(
          `${a1(row, col)}: ${shown} ${typeof cell === "object" ? (cell?.message ?? "") : ""}`
        );
      if (typeof cell === "number" && !Number.isFinite(cell))
        found.push(`${a1(row, col)}: ${cell}`);
    }
  return found;
}
