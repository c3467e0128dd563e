/**
 * The engine adapter with the real functions: the built bundle's registrations (loaded as Excel loads
 * them, see ./bundle) and the built functions.json, in a HyperFormula workbook.
 */
import { EngineWorkbook } from "../../src/workbook/engine";
import type { CellValue } from "../../src/templates/plan";
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
