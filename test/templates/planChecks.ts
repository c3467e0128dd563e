/**
 * Structural checks every wizard's plan must pass, independent of any spreadsheet engine: formulas
 * only point at cells the plan writes, tables sit on header cells, charts and drop-downs point inside
 * the plan, and nothing spills.
 */
import { a1, parseRange, type PlanCell, type SheetPlan } from "../../src/templates/plan";

export interface Rect {
  row: number;
  col: number;
  lastRow: number;
  lastCol: number;
}

/** ALTHEDGE functions whose result is a spill (docs/functions.md: "Spills."). */
export const SPILLING = [
  "PROXYWEIGHTS",
  "HEDGETEST",
  "ROLLINGCORREL",
  "ROLLINGBETA",
  "RETURNS",
  "ROLLSCHEDULE",
];

/** Every cell or range a formula refers to (string literals removed first). */
export function references(formula: string): Rect[] {
  const code = formula.replace(/"[^"]*"/g, '""');
  const pattern =
    /(?<![A-Za-z0-9_.$])(\$?[A-Z]{1,3}\$?\d+)(?::(\$?[A-Z]{1,3}\$?\d+))?(?![A-Za-z0-9_(])/g;
  const found: Rect[] = [];
  for (const match of code.matchAll(pattern)) {
    const range = parseRange((match[2] ? `${match[1]}:${match[2]}` : match[1]).replace(/\$/g, ""));
    found.push(range);
  }
  return found;
}

const cellsOf = (rect: Rect): string[] => {
  const out: string[] = [];
  for (let r = rect.row; r <= rect.lastRow; r++)
    for (let c = rect.col; c <= rect.lastCol; c++) out.push(a1(r, c));
  return out;
};

export const written = (plan: SheetPlan): Map<string, PlanCell> =>
  new Map(plan.cells.map((cell) => [a1(cell.row, cell.col), cell]));

/** Problems found, as readable lines (an empty list passes). */
export function structuralProblems(plan: SheetPlan): string[] {
  const problems: string[] = [];
  const cells = written(plan);
  const inside = (what: string, rect: Rect) => {
    for (const address of cellsOf(rect))
      if (!cells.has(address))
        problems.push(`${what} refers to ${address}, which the plan does not write`);
  };

  if (cells.size !== plan.cells.length) problems.push("a cell is written twice");
  for (const cell of plan.cells) {
    const where = a1(cell.row, cell.col);
    const hasFormula = cell.formula !== undefined;
    const hasValue = cell.value !== undefined;
    if (hasFormula === hasValue) problems.push(`${where} needs exactly one of value and formula`);
    if (!hasFormula) continue;
    const formula = cell.formula as string;
    if (!formula.startsWith("=")) problems.push(`${where}: formula without "="`);
    if (/\[/.test(formula.replace(/"[^"]*"/g, "")))
      problems.push(`${where}: structured reference in ${formula}`);
    for (const rect of references(formula)) inside(`${where} (${formula})`, rect);
    for (const name of SPILLING) {
      const calls = formula.match(new RegExp(`ALTHEDGE\\.${name}\\(`, "g"))?.length ?? 0;
      const wrapped = formula.match(new RegExp(`INDEX\\(ALTHEDGE\\.${name}\\(`, "g"))?.length ?? 0;
      if (calls !== wrapped) problems.push(`${where}: ${name} would spill in ${formula}`);
    }
  }

  const tableRects: { name: string; rect: Rect }[] = [];
  for (const table of plan.tables ?? []) {
    const rect = parseRange(table.range);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table.name))
      problems.push(`table name ${table.name} is not a valid Excel table name`);
    inside(`table ${table.name}`, rect);
    const headers = new Set<string>();
    for (let c = rect.col; c <= rect.lastCol; c++) {
      const header = cells.get(a1(rect.row, c));
      if (!header || header.style !== "header" || typeof header.value !== "string" || !header.value)
        problems.push(`table ${table.name}: ${a1(rect.row, c)} is not a header cell`);
      else if (headers.has(header.value))
        problems.push(`table ${table.name}: header ${header.value} twice`);
      else headers.add(header.value);
    }
    if (rect.lastRow <= rect.row) problems.push(`table ${table.name} has no data rows`);
    for (const other of tableRects)
      if (overlaps(rect, other.rect))
        problems.push(`tables ${table.name} and ${other.name} overlap`);
    tableRects.push({ name: table.name, rect });
  }
  const names = (plan.tables ?? []).map((t) => t.name);
  if (new Set(names).size !== names.length) problems.push("two tables share a name");

  for (const validation of plan.validations ?? []) {
    inside(`validation on ${validation.range}`, parseRange(validation.range));
    if (validation.list.length === 0)
      problems.push(`validation on ${validation.range} has no list`);
  }
  for (const format of plan.conditionalFormats ?? []) {
    inside(`conditional format on ${format.range}`, parseRange(format.range));
    for (const rect of references(format.formula))
      inside(`conditional format ${format.formula}`, rect);
  }
  for (const chart of plan.charts ?? []) {
    inside(`chart ${chart.title}`, parseRange(chart.source));
    if (cells.has(chart.anchor.replace(/\$/g, "")))
      problems.push(`chart ${chart.title} is anchored on a written cell ${chart.anchor}`);
  }
  return problems;
}

const overlaps = (a: Rect, b: Rect): boolean =>
  a.row <= b.lastRow && b.row <= a.lastRow && a.col <= b.lastCol && b.col <= a.lastCol;

/** The cell at an A1 address, or a failure naming it. */
export function cellAt(plan: SheetPlan, address: string): PlanCell {
  const cell = written(plan).get(address);
  if (!cell) throw new Error(`the plan does not write ${address}`);
  return cell;
}

/** The first cell in column A whose value is `label`: the row of a labelled input or result. */
export function rowOf(plan: SheetPlan, label: string, col = 0): number {
  const cell = plan.cells.find((c) => c.col === col && c.value === label);
  if (!cell) throw new Error(`no cell labelled "${label}" in column ${col}`);
  return cell.row;
}

/** The header row and column of a table's header `label`. */
export function tableColumn(plan: SheetPlan, tableSuffix: string, label: string) {
  const table = (plan.tables ?? []).find((t) => t.name.endsWith(`_${tableSuffix}`));
  if (!table) throw new Error(`no table ending in _${tableSuffix}`);
  const rect = parseRange(table.range);
  for (let c = rect.col; c <= rect.lastCol; c++) {
    const cell = written(plan).get(a1(rect.row, c));
    if (cell?.value === label) return { col: c, first: rect.row + 1, last: rect.lastRow };
  }
  throw new Error(`table ${table.name} has no column "${label}"`);
}
