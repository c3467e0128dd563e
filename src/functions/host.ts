/**
 * Makes the functions bundle load anywhere.
 *
 * In Excel, office.js defines the `CustomFunctions` global before this bundle runs, and the bundle's
 * `CustomFunctions.associate(...)` calls (appended by custom-functions-metadata-plugin) register each
 * function with Excel. Opened as a plain web page (a browser without Office, the local playground)
 * there is no such global; this module then installs a small local registry with the same shape, so
 * the page loads without errors and the playground can read every registration from
 * `CustomFunctions.registered`. It never replaces a runtime that is already there.
 */

export interface LocalRegistry {
  associate(
    id: string | Record<string, (...args: never[]) => unknown>,
    fn?: (...args: never[]) => unknown
  ): void;
  registered: Map<string, (...args: never[]) => unknown>;
  Error: new (code: string, message?: string) => Error & { code: string };
  ErrorCode: Record<string, string>;
}

const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

class LocalError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    super(message ?? code);
    this.name = "CustomFunctions.Error";
    this.code = code;
  }
}

export function createLocalRegistry(): LocalRegistry {
  const registered = new Map<string, (...args: never[]) => unknown>();
  return {
    registered,
    associate(id, fn) {
      if (typeof id === "string") {
        if (fn) registered.set(id.toUpperCase(), fn);
      } else {
        for (const [key, value] of Object.entries(id)) registered.set(key.toUpperCase(), value);
      }
    },
    Error: LocalError,
    ErrorCode: { ...ERROR_CODES },
  };
}

const scope = globalThis as { CustomFunctions?: unknown };
if (typeof scope.CustomFunctions === "undefined") {
  scope.CustomFunctions = createLocalRegistry();
}
