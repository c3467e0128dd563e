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

/**
 * Every function the bundle associates, by upper-case id, for the task pane's Explain (which calls
 * the implementation again to recover the message Excel does not show with #NUM! or #DIV/0!). The
 * pane reads it as `globalThis.althedgeFunctions`: the same page runs the functions and the pane in
 * Excel's shared runtime (manifest: one Runtime for both) and in the playground's pane frame. In
 * Excel, `CustomFunctions.associate` is wrapped to record each association and then hand it on
 * unchanged; the local registry records them itself.
 */
type Registered = Map<string, (...args: never[]) => unknown>;

const scope = globalThis as { CustomFunctions?: unknown; althedgeFunctions?: Registered };
if (typeof scope.CustomFunctions === "undefined") {
  const local = createLocalRegistry();
  scope.CustomFunctions = local;
  scope.althedgeFunctions = local.registered;
} else {
  const runtime = scope.CustomFunctions as { associate?: (...args: unknown[]) => unknown };
  const associate = runtime.associate;
  const recorded: Registered = new Map();
  scope.althedgeFunctions = recorded;
  if (typeof associate === "function") {
    runtime.associate = function (this: unknown, ...args: unknown[]) {
      const [id, fn] = args;
      if (typeof id === "string" && typeof fn === "function") {
        recorded.set(id.toUpperCase(), fn as (...args: never[]) => unknown);
      } else if (id && typeof id === "object") {
        for (const [key, value] of Object.entries(id)) {
          if (typeof value === "function") recorded.set(key.toUpperCase(), value);
        }
      }
      return associate.apply(this, args);
    };
  }
}
