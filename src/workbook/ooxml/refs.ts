/**
 * A1 references in file formulas: cell positions, `ref`/`sqref` ranges, and the shift of a shared
 * formula's master to each of its cells (ECMA-376 Part 1, 18.3.1.40 `f`: followers are the master
 * "with relative references adjusted", as copying the formula down or across would).
 */

export const MAX_ROW = 1048576;
export const MAX_COL = 16384;

/** 0-based column of letters ("A" → 0, "XFD" → 16383). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + ((letters.charCodeAt(i) & 0xdf) - 64);
  return n - 1;
}

/** Letters of a 0-based column. */
export function columnLetters(col: number): string {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** 0-based row and column of a cell reference ("B3", "$B$3"); null when it is not one. */
export function parseCell(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref);
  if (!m) return null;
  const col = columnIndex(m[1]);
  const row = Number(m[2]) - 1;
  if (col >= MAX_COL || row < 0 || row >= MAX_ROW) return null;
  return { row, col };
}

export const cellName = (row: number, col: number): string => `${columnLetters(col)}${row + 1}`;

/** 0-based inclusive corners of a range ("A1:C4", "B2"). */
export interface Area {
  row: number;
  col: number;
  lastRow: number;
  lastCol: number;
}

export function parseArea(ref: string): Area | null {
  const [first, last = first] = ref.split(":");
  const a = parseCell(first);
  const b = parseCell(last);
  if (!a || !b) return null;
  return {
    row: Math.min(a.row, b.row),
    col: Math.min(a.col, b.col),
    lastRow: Math.max(a.row, b.row),
    lastCol: Math.max(a.col, b.col),
  };
}

export const areaName = (area: Area): string =>
  area.row === area.lastRow && area.col === area.lastCol
    ? cellName(area.row, area.col)
    : `${cellName(area.row, area.col)}:${cellName(area.lastRow, area.lastCol)}`;

const ID_CHAR = /[A-Za-z0-9_.\\?$\u00C0-\uFFFF]/;

/**
 * A file formula (no leading "=") as it reads in a cell `rows` down and `cols` across from where it is
 * written: relative row and column parts of A1 references move ("B2" → "B3"), absolute ones ("$B$2")
 * stay; whole columns ("A:A") and whole rows ("1:1") move along their own axis. String literals,
 * quoted sheet names, structured references and external-book indexes are left as they are; a
 * function name that looks like a cell (`LOG10(`) is not a reference. A reference moved off the
 * sheet becomes `#REF!`, as Excel writes it.
 */
export function shiftFormula(formula: string, rows: number, cols: number): string {
  if (rows === 0 && cols === 0) return formula;
  let out = "";
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"') {
      const end = skipQuoted(formula, i, '"');
      out += formula.slice(i, end);
      i = end;
    } else if (ch === "'") {
      const end = skipQuoted(formula, i, "'");
      out += formula.slice(i, end);
      i = end;
    } else if (ch === "[") {
      const end = skipBrackets(formula, i);
      out += formula.slice(i, end);
      i = end;
    } else if (ch === "#") {
      // an error literal (#REF!, #N/A) or a spill operator (D2#): copied as is
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_/!?]/.test(formula[j])) j++;
      out += formula.slice(i, j);
      i = j;
    } else if (ch === "{") {
      // an array constant holds only constants
      let j = i + 1;
      while (j < n && formula[j] !== "}")
        j = formula[j] === '"' ? skipQuoted(formula, j, '"') : j + 1;
      out += formula.slice(i, j + 1);
      i = j + 1;
    } else if (ID_CHAR.test(ch)) {
      let j = i;
      while (j < n && ID_CHAR.test(formula[j])) j++;
      const token = formula.slice(i, j);
      const prev = i > 0 ? formula[i - 1] : "";
      const next = formula[j] ?? "";
      // a number's exponent ("1E+10"): the token ends with E after digits and a sign follows
      if (/^[0-9.]+[Ee]$/.test(token) && (next === "+" || next === "-")) {
        out += token;
        i = j;
        continue;
      }
      if (next === "(" || next === "!") {
        // a function name or a sheet name
        out += token;
        i = j;
        continue;
      }
      // whole columns or rows: "A:C", "$1:$3"
      if (next === ":" && prev !== ":") {
        const m = /^[A-Za-z0-9_.\\?$\u00C0-\uFFFF]+/.exec(formula.slice(j + 1));
        const second = m ? m[0] : "";
        const after = formula[j + 1 + second.length] ?? "";
        const span = shiftSpan(token, second, rows, cols);
        if (span !== null && after !== "(" && after !== "!") {
          out += span;
          i = j + 1 + second.length;
          continue;
        }
      }
      out += shiftCellToken(token, rows, cols);
      i = j;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

function skipQuoted(text: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === quote) {
      if (text[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

function skipBrackets(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i];
    if (ch === "[") depth++;
    else if (ch === "]") {
      depth--;
      if (depth === 0) return i + 1;
    } else if (ch === "'") i++; // ' escapes the next character inside brackets
    i++;
  }
  return i;
}

/** A cell token moved, or the token itself when it is not a cell (a name, TRUE, a number). */
function shiftCellToken(token: string, rows: number, cols: number): string {
  const m = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})$/.exec(token);
  if (!m) return token;
  let col = columnIndex(m[2]);
  let row = Number(m[4]) - 1;
  if (col >= MAX_COL || row >= MAX_ROW || row < 0) return token;
  if (!m[1]) col += cols;
  if (!m[3]) row += rows;
  if (col < 0 || col >= MAX_COL || row < 0 || row >= MAX_ROW) return "#REF!";
  return `${m[1]}${columnLetters(col)}${m[3]}${row + 1}`;
}

/** "A:C" or "$1:3" moved; null when the two tokens are not a column span or a row span. */
function shiftSpan(first: string, second: string, rows: number, cols: number): string | null {
  const column = /^(\$?)([A-Za-z]{1,3})$/;
  const row = /^(\$?)([0-9]{1,7})$/;
  const c1 = column.exec(first);
  const c2 = column.exec(second);
  if (c1 && c2) {
    const parts = [c1, c2].map((m) => {
      const col = columnIndex(m[2]) + (m[1] ? 0 : cols);
      return col < 0 || col >= MAX_COL ? null : `${m[1]}${columnLetters(col)}`;
    });
    if (columnIndex(c1[2]) >= MAX_COL || columnIndex(c2[2]) >= MAX_COL) return null;
    return parts.includes(null) ? "#REF!" : parts.join(":");
  }
  const r1 = row.exec(first);
  const r2 = row.exec(second);
  if (r1 && r2) {
    const parts = [r1, r2].map((m) => {
      const r = Number(m[2]) + (m[1] ? 0 : rows);
      return r < 1 || r > MAX_ROW ? null : `${m[1]}${r}`;
    });
    return parts.includes(null) ? "#REF!" : parts.join(":");
  }
  return null;
}

/**
 * A file formula as Excel shows it (for the Provenance sheet's readers): custom functions under their
 * own names (`_xldudf_ALTHEDGE_HEDGERATIO(` and `[2]!_xldudf_…` → `ALTHEDGE.HEDGERATIO(`, `_xll.` gone),
 * `_xlfn.ANCHORARRAY(D2)` → `D2#`, and the `_xlfn.`, `_xlws.` and `_xlpm.` prefixes dropped; string
 * literals untouched.
 */
export function displayFormula(formula: string): string {
  if (formula.indexOf("_xl") < 0) return formula;
  return formula.replace(DISPLAY, (_: string, string?: string, udf?: string, anchor?: string) => {
    if (string !== undefined) return string;
    if (udf !== undefined) return `${udf}.`;
    if (anchor !== undefined) return `${anchor}#`;
    return "";
  });
}

/** A string literal (kept), or one of the file's spellings: one pass over the formula. */
const DISPLAY =
  /("(?:[^"]|"")*")|(?:\[\d+\]!)?_xldudf_([A-Za-z0-9]+)_|_xlfn\.ANCHORARRAY\(([^()"]*)\)|_xll\.|_xlfn\.|_xlws\.|_xlpm\./gi;
