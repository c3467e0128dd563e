/**
 * Loads the built add-in the way Excel does: `dist/functions.json` for the metadata and
 * `dist/functions.js` run in a fresh context whose only Office global is a stub `CustomFunctions`
 * (associate, Error, ErrorCode — the shape of the custom-functions runtime). Calls then go through the
 * registered functions with Excel-shaped arguments.
 */
import fs from "fs";
import path from "path";
import vm from "vm";

// ALTHEDGE_DIST lets a build in another folder be tested (e.g. parallel work on one checkout).
export const DIST = path.resolve(
  process.env.ALTHEDGE_DIST || path.resolve(__dirname, "../../dist")
);

// The values of the runtime's CustomFunctions.ErrorCode enum (@types/custom-functions-runtime).
export const ErrorCode = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

export class StubError {
  constructor(
    readonly code: string,
    readonly message?: string
  ) {}
}

export interface Metadata {
  functions: {
    id: string;
    name: string;
    description?: string;
    helpUrl?: string;
    parameters: {
      name: string;
      description?: string;
      type: string;
      dimensionality?: string;
      optional?: boolean;
    }[];
    result: { type: string; dimensionality?: string };
  }[];
}

export type ExcelFunction = (...args: unknown[]) => unknown;

export interface LoadedBundle {
  metadata: Metadata;
  functions: Map<string, ExcelFunction>;
  /** Calls a registered function by id, with Excel's `null` for every omitted trailing argument. */
  call(id: string, ...args: unknown[]): unknown;
}

export function loadBundle(): LoadedBundle {
  const metadataPath = path.join(DIST, "functions.json");
  const bundlePath = path.join(DIST, "functions.js");
  if (!fs.existsSync(metadataPath) || !fs.existsSync(bundlePath)) {
    throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
  }
  const metadata = JSON.parse(fs.readFileSync(metadataPath, "utf8")) as Metadata;
  const functions = new Map<string, ExcelFunction>();
  const CustomFunctions = {
    associate: (id: string, fn: ExcelFunction) => functions.set(id, fn),
    Error: StubError,
    ErrorCode,
  };
  const context = vm.createContext({ CustomFunctions, console });
  vm.runInContext(fs.readFileSync(bundlePath, "utf8"), context, { filename: bundlePath });
  const call = (id: string, ...args: unknown[]): unknown => {
    const fn = functions.get(id);
    const meta = metadata.functions.find((f) => f.id === id);
    if (!fn || !meta) throw new Error(`${id} is not registered`);
    // Excel passes every declared parameter; an omitted optional one arrives as null.
    const full = meta.parameters.map((_, i) => (i < args.length ? args[i] : null));
    return fn(...full);
  };
  return { metadata, functions, call };
}

/** The Excel error a call throws, as `{ code, message }`; fails the test if the call returned. */
export function excelErrorOf(thunk: () => unknown): { code: string; message: string } {
  try {
    const value = thunk();
    throw new Error(`expected an Excel error, got ${JSON.stringify(value)}`);
  } catch (error) {
    // The stub class was handed to the bundle, so its errors are instances of it; anything else escaped.
    if (!(error instanceof StubError)) throw error;
    return { code: error.code, message: error.message ?? "" };
  }
}
