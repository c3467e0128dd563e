/**
 * Just enough of Excel's formula grammar for the share-safe planner to see what a formula depends on:
 * the sheets it reads, the spill references (`D2#`) it makes, the defined names it uses and whether
 * it calls an AltHedge function — and to rewrite a reference in place without touching the rest.
 *
 * It reads both the formulas Office.js shows (`=ALTHEDGE.HEDGERATIO(D2#)`) and the ones an .xlsx
 * stores, given a leading "=": custom functions as Excel saves them (`_xldudf_ALTHEDGE_HEDGERATIO(`,
 * office-js #5611; `_xll.` for XLL-compatible ones, Excel-Custom-Functions #108) and spill references
 * as `_xlfn.ANCHORARRAY(D2)` (ECMA-376 as extended by [MS-XLSX] 2.2.2 for dynamic arrays).
 *
 * Not a full parser: it tokenizes (string literals, quoted and plain sheet names, external book
 * indexes, structured references, numbers, error literals) and classifies identifiers by what follows
 * them. Linear in the formula's length.
 */

/** A reference to cells: `Book!$B$2`, `D2#`, `A:A`, `'My sheet'!A1:C9`. */
export interface CellReference {
  kind: "cells";
  /** Where the reference starts and ends in the formula (the sheet prefix included). */
  start: number;
  end: number;
  /** The sheet named before "!", unquoted; absent for the formula's own sheet. */
  sheet?: string;
  /** A 3-D reference's last sheet (`Jan:Mar!B2`). */
  lastSheet?: string;
  /** True for an external workbook's reference (`[1]Sheet!A1`): never one of ours. */
  external: boolean;
  /** The cells as written, without the sheet and without `#` ("$D$2", "A1:C9", "A:A"). */
  cells: string;
  /** A spill reference: `D2#` or `ANCHORARRAY(D2)`. */
  spill: boolean;
}

/** A defined name used by the formula (not a function, not a cell, not TRUE/FALSE). */
export interface NameReference {
  kind: "name";
  start: number;
  end: number;
  name: string;
  /** `Sheet1!Rate`: a sheet-scoped name asked for by its sheet. */
  sheet?: string;
  external: boolean;
}

/** A function called by the formula, with its name as written (`ALTHEDGE.HEDGERATIO`, `SUM`). */
export interface FunctionCall {
  kind: "function";
  start: number;
  end: number;
  name: string;
}

export type FormulaPart = CellReference | NameReference | FunctionCall;

const CELL = /^\$?[A-Za-z]{1,3}\$?[0-9]+$/;
const COLUMN = /^\$?[A-Za-z]{1,3}$/;
const ROW = /^\$?[0-9]+$/;
const IDENT_START = /[A-Za-z_\\$\u00C0-\uFFFF]/;
const IDENT_PART = /[A-Za-z0-9_.\\$?\u00C0-\uFFFF]/;
/** Excel's columns end at XFD. */
const MAX_COLUMN = 16384;

const columnNumber = (letters: string): number =>
  [...letters.replace(/\$/g, "").toUpperCase()].reduce(
    (n, ch) => n * 26 + ch.charCodeAt(0) - 64,
    0
  );

/** True for a cell address Excel would take as one (`A1`, `$XFD$1048576`), not a name (`ABCD1`). */
const isCell = (text: string): boolean =>
  CELL.test(text) && columnNumber(text.replace(/[0-9$]/g, "")) <= MAX_COLUMN;

/** Parts of formulas already read: the planner asks about each formula several times. */
const partsCache = new Map<string, readonly FormulaPart[]>();
const PARTS_CACHE_SIZE = 100_000;

/**
 * The references, names and function calls of a formula, in order. The formula starts with "=";
 * anything else is a constant and has none. The answer is shared between callers: do not change it.
 */
export function formulaParts(formula: string): readonly FormulaPart[] {
  const known = partsCache.get(formula);
  if (known) return known;
  const parts = readParts(formula);
  if (partsCache.size >= PARTS_CACHE_SIZE) partsCache.clear();
  partsCache.set(formula, parts);
  return parts;
}

function readParts(formula: string): FormulaPart[] {
  if (!formula.startsWith("=")) return [];
  const parts: FormulaPart[] = [];
  const text = formula;
  let i = 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i = skipString(text, i);
      continue;
    }
    if (ch === "#") {
      // an error literal (#N/A, #REF!, #DIV/0!, #GETTING_DATA): up to its end
      i++;
      while (i < text.length && /[A-Za-z0-9_/!?]/.test(text[i])) i++;
      continue;
    }
    if (ch === "'" || ch === "[" || IDENT_START.test(ch) || /[0-9]/.test(ch)) {
      const part = readOperand(text, i);
      if (part.part) parts.push(...(Array.isArray(part.part) ? part.part : [part.part]));
      i = part.end;
      continue;
    }
    if (ch === "{") {
      // an array constant holds only constants
      while (i < text.length && text[i] !== "}") i = text[i] === '"' ? skipString(text, i) : i + 1;
      i++;
      continue;
    }
    i++;
  }
  return resolveAnchorArrays(text, parts);
}

function skipString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '"') {
      if (text[i + 1] === '"') i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/** A bracketed group, brackets nested (`Table1[[#This Row],[Qty]]`); returns the index after it. */
function skipBrackets(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text[i] === "[") depth++;
    else if (text[i] === "]") {
      depth--;
      if (depth === 0) return i + 1;
    } else if (text[i] === "'" && depth > 0) i++; // ' escapes the next character inside brackets
    i++;
  }
  return i;
}

function readIdentifier(text: string, start: number): number {
  let i = start;
  while (i < text.length && IDENT_PART.test(text[i])) i++;
  return i;
}

/** A sheet prefix (`'My sheet'!`, `Book!`, `[1]Book!`, `Jan:Mar!`), when one starts at `start`. */
function readSheetPrefix(
  text: string,
  start: number
): { sheet: string; lastSheet?: string; external: boolean; end: number } | null {
  let i = start;
  let external = false;
  if (text[i] === "[") {
    const close = text.indexOf("]", i);
    if (close < 0) return null;
    external = true;
    i = close + 1;
  }
  const one = (at: number): { name: string; end: number } | null => {
    if (text[at] === "'") {
      let j = at + 1;
      let name = "";
      while (j < text.length) {
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            name += "'";
            j += 2;
            continue;
          }
          return { name, end: j + 1 };
        }
        name += text[j++];
      }
      return null;
    }
    if (!IDENT_START.test(text[at] ?? "") && !/[0-9]/.test(text[at] ?? "")) return null;
    const end = readIdentifier(text, at);
    return end > at ? { name: text.slice(at, end), end } : null;
  };
  const first = one(i);
  if (!first) return null;
  // A quoted 3-D reference is quoted as a whole: 'Jan:Mar'!B2.
  let sheet = first.name;
  let lastSheet: string | undefined;
  const quoted3d = text[i] === "'" && sheet.includes(":");
  if (quoted3d) [sheet, lastSheet] = sheet.split(":", 2);
  let j = first.end;
  if (!quoted3d && text[j] === ":" && text[i] !== "'") {
    const second = one(j + 1);
    if (second && text[second.end] === "!") {
      lastSheet = second.name;
      j = second.end;
    }
  }
  if (text[j] !== "!") return null;
  // "[1]!Name": a workbook-level name of an external book
  return { sheet, lastSheet, external, end: j + 1 };
}

/** One operand starting at `start`: a reference, a name, a function call, a number or a table. */
function readOperand(
  text: string,
  start: number
): { part?: FormulaPart | FormulaPart[]; end: number } {
  const prefix = readSheetPrefix(text, start);
  if (prefix) {
    const target = readTarget(text, prefix.end);
    if (!target) return { end: prefix.end };
    const base = { start, sheet: prefix.sheet, external: prefix.external };
    // Book!Rate, and Book!Clip(1): a sheet-scoped name (a LAMBDA is called like a function)
    if (target.kind === "name" || target.kind === "function") {
      return {
        part: { kind: "name", ...base, name: target.text, end: target.end },
        end: target.end,
      };
    }
    if (target.kind !== "cells") return { end: target.end };
    return {
      part: {
        kind: "cells",
        ...base,
        ...(prefix.lastSheet !== undefined ? { lastSheet: prefix.lastSheet } : {}),
        cells: target.text,
        spill: target.spill,
        end: target.end,
      },
      end: target.end,
    };
  }
  if (text[start] === "[") {
    // a structured reference without its table ([@Qty]) or an external name ([1]!Name)
    return { end: skipBrackets(text, start) };
  }
  if (/[0-9]/.test(text[start]) || (text[start] === "$" && /[0-9]/.test(text[start + 1] ?? ""))) {
    // a number (1.5E+3) or a row range (2:5, on the formula's own sheet)
    let i = start;
    while (i < text.length && /[0-9.$]/.test(text[i])) i++;
    if (/[eE]/.test(text[i] ?? "") && /[-+0-9]/.test(text[i + 1] ?? "")) {
      i += 2;
      while (i < text.length && /[0-9]/.test(text[i])) i++;
    }
    return { end: i };
  }
  const target = readTarget(text, start);
  if (!target) return { end: start + 1 };
  if (target.kind === "function") {
    return {
      part: { kind: "function", start, end: target.end, name: target.text },
      end: target.end,
    };
  }
  if (target.kind === "table") return { end: target.end };
  if (target.kind === "name") {
    if (/^(TRUE|FALSE)$/i.test(target.text)) return { end: target.end };
    return {
      part: { kind: "name", start, end: target.end, name: target.text, external: false },
      end: target.end,
    };
  }
  if (target.kind !== "cells") return { end: target.end };
  return {
    part: {
      kind: "cells",
      start,
      end: target.end,
      external: false,
      cells: target.text,
      spill: target.spill,
    },
    end: target.end,
  };
}

/** What follows a sheet prefix, or stands alone: cells (with a range and `#`), a name, a call. */
function readTarget(
  text: string,
  start: number
):
  | { kind: "cells"; text: string; spill: boolean; end: number }
  | { kind: "name" | "function" | "table"; text: string; end: number }
  | null {
  let end = readIdentifier(text, start);
  if (end === start) {
    // a row range after a sheet prefix: Book!2:5
    const rows = /^\$?[0-9]+:\$?[0-9]+/.exec(text.slice(start));
    if (rows) return { kind: "cells", text: rows[0], spill: false, end: start + rows[0].length };
    return null;
  }
  const word = text.slice(start, end);
  if (text[end] === "(") return { kind: "function", text: word, end };
  if (text[end] === "[") return { kind: "table", text: word, end: skipBrackets(text, end) };
  const rowsRange = /^\$?[0-9]+:\$?[0-9]+$/;
  if (isCell(word) || (COLUMN.test(word) && text[end] === ":") || rowsRange.test(word)) {
    let cells = word;
    if (text[end] === ":") {
      const after = readIdentifier(text, end + 1);
      const second = text.slice(end + 1, after);
      const bothCells = isCell(word) && isCell(second);
      const bothColumns = COLUMN.test(word) && COLUMN.test(second);
      const bothRows = ROW.test(word) && ROW.test(second);
      if (bothCells || bothColumns || bothRows) {
        cells = `${word}:${second}`;
        end = after;
      }
    }
    if (!isCell(cells) && !cells.includes(":")) return { kind: "name", text: word, end };
    const spill = text[end] === "#" && isCell(cells);
    return { kind: "cells", text: cells, spill, end: spill ? end + 1 : end };
  }
  return { kind: "name", text: word, end };
}

/**
 * `_xlfn.ANCHORARRAY(D2)` is how a file writes `D2#`: folds the call and its one reference into a
 * spill reference spanning the whole call, so a rewrite replaces all of it.
 */
function resolveAnchorArrays(text: string, parts: FormulaPart[]): FormulaPart[] {
  const out: FormulaPart[] = [];
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k];
    const next = parts[k + 1];
    if (
      part.kind === "function" &&
      /^(_xlfn\.)?ANCHORARRAY$/i.test(part.name) &&
      next?.kind === "cells" &&
      text.slice(part.end, next.start).trim() === "(" &&
      text.slice(next.end).trimStart().startsWith(")")
    ) {
      const close = text.indexOf(")", next.end);
      out.push({ ...next, start: part.start, end: close + 1, spill: true });
      k++;
      continue;
    }
    out.push(part);
  }
  return out;
}

/**
 * True when a formula calls an AltHedge function, in any form Excel shows or saves it:
 * `ALTHEDGE.X(`, `_xldudf_ALTHEDGE_X(`, `_xll.ALTHEDGE.X(`, `[2]!_xldudf_ALTHEDGE_X(`.
 */
export const isAltHedgeFunction = (name: string): boolean =>
  /^(_xll\.)?ALTHEDGE\.|^_xldudf_ALTHEDGE_/i.test(name);

/** True when a formula (with its leading "=") calls an AltHedge function. */
export const formulaCallsAltHedge = (formula: unknown): boolean =>
  typeof formula === "string" &&
  formula.startsWith("=") &&
  /ALTHEDGE/i.test(formula) &&
  // Without a string literal nothing can hide the name: a call is seen in the text itself (the
  // common case, and the fast one: a 100,000-cell sheet is not tokenized for it).
  (formula.includes('"') ? calledInParts(formula) : ALTHEDGE_CALL.test(formula));

/** `ALTHEDGE.X(`, `_xll.ALTHEDGE.X(`, `_xldudf_ALTHEDGE_X(`, not inside a longer name. */
const ALTHEDGE_CALL =
  /(?:^|[^A-Za-z0-9_.\\])(?:_xll\.)?(?:ALTHEDGE\.|_xldudf_ALTHEDGE_)[A-Za-z0-9_.]*\(/i;

const calledInParts = (formula: string): boolean =>
  formulaParts(formula).some(
    (part) =>
      (part.kind === "function" && isAltHedgeFunction(part.name)) ||
      // [2]!_xldudf_… (office-js #2568): an external-looking prefix before the saved name
      (part.kind === "name" && isAltHedgeFunction(part.name) && formula[part.end] === "(")
  );

/** Replaces the spans `[start, end)` of `formula` by their texts (spans must not overlap). */
export function replaceSpans(
  formula: string,
  edits: readonly { start: number; end: number; text: string }[]
): string {
  let out = "";
  let at = 0;
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    out += formula.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + formula.slice(at);
}

/** A sheet name as a formula writes it: quoted unless it is a plain identifier. */
export const sheetPrefix = (sheet: string): string =>
  (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) && !isCell(sheet) && !/^(TRUE|FALSE)$/i.test(sheet)
    ? sheet
    : `'${sheet.replace(/'/g, "''")}'`) + "!";
