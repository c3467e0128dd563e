/**
 * The conditional formats a sheet plan asks for (`PlanConditionalFormat`), drawn by the playground
 * grid as Excel draws them: each rule's formula is written for its range's top-left cell, and its
 * relative references move with each cell of the range (`$` fixes a row or a column). The engine
 * evaluates the moved formula (HyperFormula's `calculateFormula`, in the sheet's context); TRUE or a
 * non-zero number applies the rule, anything else (FALSE, text, an error) does not.
 *
 * Only the cells the grid draws are asked for, and each moved formula is evaluated once per
 * recalculation: the grid calls `invalidate()` after every change of the workbook. A rule over a
 * whole column with `$H12`-style references costs one evaluation per row shown, not per cell.
 *
 * Priority as in Excel: rules are listed highest priority first; the fill is the first true rule's,
 * the font colour the first true rule's that sets one.
 */
import type { EngineWorkbook } from "../workbook/engine";
import { parseRange } from "../templates/plan";

export interface CellFormat {
  fill?: string;
  font?: string;
}

interface Rule {
  row: number;
  col: number;
  lastRow: number;
  lastCol: number;
  formula: string;
  fill: string;
  font?: string;
}

/** A cell reference as one word of a formula: "A1", "$B$7", "$H12", "XFD1048576". */
const CELL_REF = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/;

function columnNumber(letters: string): number {
  let col = 0;
  for (const ch of letters.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return col - 1;
}

function columnLetters(col: number): string {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * `formula` with its relative cell references moved `rows` down and `cols` right, as Excel fills a
 * formula from one cell to another. Text in double quotes, quoted sheet names, function names
 * (a word followed by "(") and names (a word that is no cell reference) are left alone; a sheet
 * prefix ("Policy!$B$6") stays and the reference after it moves. Whole-column and whole-row ranges
 * ("A:A", "3:3") are not moved: AltHedge's templates do not write them in conditional formats.
 */
export function moveFormula(formula: string, rows: number, cols: number): string {
  if (rows === 0 && cols === 0) return formula;
  let out = "";
  let i = 0;
  const n = formula.length;
  while (i < n) {
    const ch = formula[i];
    if (ch === '"' || ch === "'") {
      // a string, or a quoted sheet name: up to the closing quote ("" or '' inside are escapes)
      let j = i + 1;
      while (j < n) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += formula.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_$\\]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_.$\\]/.test(formula[j])) j++;
      const word = formula.slice(i, j);
      const next = formula[j];
      const match = CELL_REF.exec(word);
      if (match && next !== "(" && next !== "!") {
        const [, colFixed, letters, rowFixed, digits] = match;
        const col = colFixed ? columnNumber(letters) : columnNumber(letters) + cols;
        const row = rowFixed ? Number(digits) : Number(digits) + rows;
        out += `${colFixed}${columnLetters(col)}${rowFixed}${row}`;
      } else out += word;
      i = j;
      continue;
    }
    if (/[0-9.]/.test(ch)) {
      // a number (1.5E+3 too) is copied whole, so that its digits are never read as a row
      const number = /^[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?/.exec(formula.slice(i));
      const length = number ? number[0].length : 1;
      out += formula.slice(i, i + length);
      i += length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

/** Whether a computed value applies a rule: TRUE, or a number other than 0 (as Excel reads it). */
function applies(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0 && Number.isFinite(value);
  return false;
}

export class ConditionalFormats {
  /** Per sheet: its rules with their ranges read, and the moved formulas evaluated so far. */
  private readonly sheets = new Map<number, { rules: Rule[]; results: Map<string, boolean> }>();
  /** How many formulas were evaluated since the page opened (the tests read it). */
  evaluations = 0;

  constructor(private readonly book: EngineWorkbook) {}

  /** Forgets every result: call after any change of the workbook (a recalculation). */
  invalidate(): void {
    this.sheets.clear();
  }

  private sheet(id: number): { rules: Rule[]; results: Map<string, boolean> } {
    let entry = this.sheets.get(id);
    if (!entry) {
      const rules: Rule[] = [];
      for (const cf of this.book.extrasOf(id).conditionalFormats) {
        try {
          const formula = cf.formula.startsWith("=") ? cf.formula : `=${cf.formula}`;
          rules.push({ ...parseRange(cf.range), formula, fill: cf.fill, font: cf.font });
        } catch {
          // a range the grid cannot read is not drawn (the Office adapter reports it)
        }
      }
      entry = { rules, results: new Map() };
      this.sheets.set(id, entry);
    }
    return entry;
  }

  /** Whether the sheet has any rule (the grid skips the look-up for cells of sheets without). */
  hasRules(sheet: number): boolean {
    return this.sheet(sheet).rules.length > 0;
  }

  /** The fill and font colour the sheet's rules give a cell, or undefined when none applies. */
  formatAt(sheet: number, row: number, col: number): CellFormat | undefined {
    const { rules, results } = this.sheet(sheet);
    let format: CellFormat | undefined;
    for (const rule of rules) {
      if (row < rule.row || row > rule.lastRow || col < rule.col || col > rule.lastCol) continue;
      if (format?.fill && (format.font || !rule.font)) continue; // nothing this rule could add
      const formula = moveFormula(rule.formula, row - rule.row, col - rule.col);
      let result = results.get(formula);
      if (result === undefined) {
        result = this.evaluate(sheet, formula);
        results.set(formula, result);
      }
      if (!result) continue;
      format ??= {};
      format.fill ??= rule.fill;
      if (rule.font) format.font ??= rule.font;
    }
    return format;
  }

  private evaluate(sheet: number, formula: string): boolean {
    this.evaluations++;
    try {
      const value = this.book.hf.calculateFormula(formula, sheet);
      return applies(Array.isArray(value) ? value[0]?.[0] : value);
    } catch {
      return false;
    }
  }
}
