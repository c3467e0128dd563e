/**
 * Explain, without the screen: why the selected cell shows an error from an `ALTHEDGE.*` function.
 *
 * Excel shows a custom function's message only with #VALUE! and #N/A; #NUM! and #DIV/0! come without
 * one. So the pane re-runs the call: it parses the cell's formula (a single `ALTHEDGE.NAME(…)` call
 * whose arguments are literals, array constants or A1 references), reads the referenced cells through
 * the port, calls the function's own implementation with the arguments Excel would pass, and shows
 * the error's message and the argument it names.
 *
 * The implementations come from `globalThis.althedgeFunctions`, which src/functions/host.ts fills as
 * the functions bundle associates each function: the pane page loads that bundle too (taskpane.html
 * carries both chunks), in Excel's shared runtime and in the playground's pane frame alike. Anything
 * this cannot evaluate — a nested expression, a name, a whole column — is said so, never guessed.
 */
import type { CellValue } from "../templates/plan";
import type { ActiveCell, RangeRef } from "../workbook/port";
import { NAMESPACE, type FunctionMetadata } from "./catalog";

export type Implementation = (...args: never[]) => unknown;

/** One argument as written in the formula. */
export type ParsedArg =
  | { kind: "empty"; text: string }
  | { kind: "value"; text: string; value: CellValue | CellValue[][] }
  | { kind: "range"; text: string; ref: RangeRef };

export type ParsedCall = { ok: true; name: string; args: ParsedArg[] } | { ok: false; why: string };

const ERROR_CODE =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|BUSY!|GETTING_DATA)$/;

export const isErrorCode = (value: unknown): value is string =>
  typeof value === "string" && ERROR_CODE.test(value);

/** Splits `text` at top-level `separator`s (not inside quotes, braces or parentheses). */
function splitTop(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') quoted = text[i + 1] === '"' ? (i++, true) : false;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === "(" || ch === "{") depth++;
    else if (ch === ")" || ch === "}") depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (quoted || depth !== 0) return undefined;
  parts.push(text.slice(start));
  return parts;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?(%?)$/i;
const CELL = "\\$?[A-Z]{1,3}\\$?\\d+";
const REFERENCE = new RegExp(
  `^(?:(?:'((?:[^']|'')+)'|([A-Za-z_][A-Za-z0-9_.]*))!)?(${CELL}(?::${CELL})?)$`,
  "i"
);

/** A literal: number (with %), "text", TRUE/FALSE, an error code; undefined when it is none. */
function literal(text: string): { value: CellValue } | undefined {
  const number = NUMBER.exec(text);
  if (number) {
    const value = Number(text.replace(/%$/, ""));
    return { value: number[3] ? value / 100 : value };
  }
  if (/^"([^"]|"")*"$/.test(text)) return { value: text.slice(1, -1).replace(/""/g, '"') };
  if (/^(TRUE|FALSE)$/i.test(text)) return { value: text.toUpperCase() === "TRUE" };
  if (isErrorCode(text.toUpperCase())) return { value: text.toUpperCase() };
  return undefined;
}

function parseArg(text: string, sheet: string): ParsedArg | undefined {
  const trimmed = text.trim();
  if (trimmed === "") return { kind: "empty", text: trimmed };
  const value = literal(trimmed);
  if (value) return { kind: "value", text: trimmed, value: value.value };
  if (trimmed.startsWith("{") && trimmed.endsWith("}")) {
    const rows = splitTop(trimmed.slice(1, -1), ";");
    const grid = rows?.map((row) => splitTop(row, ",")?.map((item) => literal(item.trim())));
    if (!grid || grid.some((row) => !row || row.some((item) => !item))) return undefined;
    const values = grid.map((row) => row!.map((item) => item!.value));
    if (values.some((row) => row.length !== values[0].length)) return undefined;
    return { kind: "value", text: trimmed, value: values };
  }
  const ref = REFERENCE.exec(trimmed);
  if (ref) {
    const on = ref[1] !== undefined ? ref[1].replace(/''/g, "'") : (ref[2] ?? sheet);
    return {
      kind: "range",
      text: trimmed,
      ref: { sheet: on, address: ref[3].replace(/\$/g, "").toUpperCase() },
    };
  }
  return undefined;
}

/**
 * `=ALTHEDGE.NAME(arg, …)` as a whole formula, each argument a literal, an array constant or an A1
 * reference (on `sheet` unless it names its own); anything else is `{ ok: false, why }`.
 */
export function parseCall(formula: string, sheet: string): ParsedCall {
  const match = new RegExp(`^=\\s*${NAMESPACE}\\.([A-Z][A-Z0-9_.]*)\\s*\\((.*)\\)\\s*$`, "is").exec(
    formula
  );
  if (!match) {
    return {
      ok: false,
      why: "the formula is not a single AltHedge call: AltHedge can re-run only a formula of the form =ALTHEDGE.NAME(…)",
    };
  }
  const parts = match[2].trim() === "" ? [] : splitTop(match[2], ",");
  if (!parts) return { ok: false, why: "the formula's brackets or quotes do not balance" };
  const args: ParsedArg[] = [];
  for (const part of parts) {
    const arg = parseArg(part, sheet);
    if (!arg) {
      return {
        ok: false,
        why: `the argument ${part.trim()} is an expression AltHedge cannot evaluate here (only numbers, text, TRUE/FALSE, {arrays} and cell references)`,
      };
    }
    args.push(arg);
  }
  return { ok: true, name: match[1].toUpperCase(), args };
}

/** What Explain shows. */
export type Explanation =
  | { kind: "status"; text: string }
  | {
      kind: "explained";
      /** "ALTHEDGE.LIQPRICE" */
      fn: string;
      /** The error the re-run raised, and the one the cell shows. */
      code: string;
      shown: string;
      message: string;
      /** The argument the message names, with what it was given. */
      argument?: { name: string; position: number; source: string; value: string };
      /** A remark when the re-run and the cell disagree. */
      note?: string;
    };

export interface ExplainDeps {
  catalog: readonly FunctionMetadata[];
  functions: ReadonlyMap<string, Implementation> | undefined;
  readRanges: (ranges: RangeRef[]) => Promise<CellValue[][][]>;
}

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === "") return "(blank)";
  if (Array.isArray(value)) {
    const cells = value.flat();
    return `${value.length}×${(value[0] as unknown[])?.length ?? 0} values (${cells.slice(0, 4).map(show).join(", ")}${cells.length > 4 ? ", …" : ""})`;
  }
  if (typeof value === "object" && "code" in value) return String((value as { code: string }).code);
  return typeof value === "string" ? `"${value}"` : String(value);
};

/** Why the active cell shows an error, or a one-line status when it shows none of AltHedge's. */
export async function explain(cell: ActiveCell, deps: ExplainDeps): Promise<Explanation> {
  const where = `${cell.address}`;
  if (!isErrorCode(cell.value)) {
    return { kind: "status", text: `${where} shows no error: nothing to explain.` };
  }
  if (!/\bALTHEDGE\./i.test(cell.formula)) {
    return {
      kind: "status",
      text: `${where} shows ${cell.value}, which does not come from an AltHedge function.`,
    };
  }
  const call = parseCall(cell.formula, cell.sheet);
  if (!call.ok) {
    return { kind: "status", text: `${where} shows ${cell.value}, but ${call.why}.` };
  }
  const fnName = `${NAMESPACE}.${call.name}`;
  const meta = deps.catalog.find((f) => f.name.toUpperCase() === call.name);
  if (!meta) return { kind: "status", text: `${where}: ${fnName} is not an AltHedge function.` };
  const implementation = deps.functions?.get(meta.id.toUpperCase());
  if (!implementation) {
    return {
      kind: "status",
      text: `${where} shows ${cell.value} from ${fnName}, but the AltHedge functions are not loaded in this pane, so it cannot re-run the call.`,
    };
  }
  if (call.args.length > meta.parameters.length) {
    return {
      kind: "status",
      text: `${where}: ${fnName} takes at most ${meta.parameters.length} arguments; the formula gives ${call.args.length}.`,
    };
  }

  const refs = call.args.flatMap((arg) => (arg.kind === "range" ? [arg.ref] : []));
  let read: CellValue[][][];
  try {
    read = await deps.readRanges(refs);
  } catch (error) {
    return {
      kind: "status",
      text: `${where}: the cells the formula refers to could not be read (${(error as Error).message}).`,
    };
  }
  const args: unknown[] = [];
  let next = 0;
  for (let i = 0; i < meta.parameters.length; i++) {
    const parameter = meta.parameters[i];
    const arg = call.args[i];
    const matrix = parameter.dimensionality === "matrix";
    if (!arg || arg.kind === "empty") {
      args.push(null);
      continue;
    }
    const raw = arg.kind === "range" ? read[next++] : arg.value;
    if (matrix) {
      const grid = Array.isArray(raw) ? raw : [[raw]];
      // Excel never calls a custom function whose argument holds an error: the cell shows it.
      const error = grid.flat().find(isErrorCode);
      if (error !== undefined) {
        return {
          kind: "status",
          text: `${where} shows ${cell.value} because ${parameter.name} (${arg.text}) holds ${error}: Excel does not call ${fnName} with an error in its arguments. Fix that cell first.`,
        };
      }
      args.push(grid.map((row) => row.map((value) => (value === null ? "" : value))));
      continue;
    }
    if (Array.isArray(raw) && (raw.length !== 1 || raw[0].length !== 1)) {
      return {
        kind: "status",
        text: `${where}: ${parameter.name} is given ${arg.text}, several cells where ${fnName} takes one value; AltHedge cannot tell which one Excel used.`,
      };
    }
    const value = Array.isArray(raw) ? raw[0][0] : raw;
    if (isErrorCode(value)) {
      return {
        kind: "status",
        text: `${where} shows ${cell.value} because ${parameter.name} (${arg.text}) is itself ${value}: explain that cell first.`,
      };
    }
    args.push(value === null ? "" : value);
  }

  let outcome: { code: string; message: string } | { value: unknown };
  try {
    outcome = { value: await (implementation as (...a: unknown[]) => unknown)(...args) };
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    outcome = {
      code: typeof code === "string" ? code : "#VALUE!",
      message: typeof message === "string" ? message : String(error),
    };
  }
  if ("value" in outcome) {
    return {
      kind: "status",
      text: `${where} shows ${cell.value}, but ${fnName} with the cells' current values gives ${show(outcome.value)}: the sheet may not have recalculated yet.`,
    };
  }
  // The argument at fault: the parameter the message names (the first named, by position in it).
  let argument: Extract<Explanation, { kind: "explained" }>["argument"];
  let first = Infinity;
  meta.parameters.forEach((parameter, i) => {
    const at = new RegExp(`\\b${parameter.name}\\b`).exec(outcome.message)?.index;
    if (at !== undefined && at < first) {
      first = at;
      const arg = call.args[i];
      argument = {
        name: parameter.name,
        position: i + 1,
        source: arg && arg.kind !== "empty" ? arg.text : "(omitted)",
        value: show(args[i]),
      };
    }
  });
  return {
    kind: "explained",
    fn: fnName,
    code: outcome.code,
    shown: cell.value,
    message: outcome.message,
    argument,
    note:
      outcome.code === cell.value
        ? undefined
        : `The cell shows ${cell.value}; re-run now, the call gives ${outcome.code}: the sheet may not have recalculated yet.`,
  };
}
