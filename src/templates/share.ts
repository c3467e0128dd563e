/**
 * The share-safe copy's policy (spec/taskpane.md §5), as a pure planner: from the chosen sheets'
 * formulas and values, as a workbook adapter read them, to a `SharePlan` — the copies' names, the cells
 * each copy freezes to its current value, and the Provenance sheet's rows. The adapters (Office.js and
 * the engine) read, call `planShareSafe`, and apply the plan; they decide nothing of what is frozen,
 * how copies are named or what Provenance lists. Pure code: no Office.js, no DOM, no src/workbook.
 *
 * Reading takes two steps in Excel (a spill range is asked for by its anchor, after the formulas are
 * known), so the planner says first which cells' spills it needs (`freezeAnchors`), then plans.
 *
 * The plan is made to grow with §5 "in depth": references rewritten in the copies (`rewrites`, e.g. a
 * spill reference `D2#` to a frozen spill), what a copy leaves out (`dropped`: names, LAMBDAs,
 * conditional formats or validation that call ALTHEDGE.*) and what the user should know (`warnings`).
 * Today's policy fills none of them: they are always empty.
 */
import { a1, callsAltHedge, uniqueSheetName, type CellValue } from "./plan";

/** A 0-based cell position on a sheet. */
export interface CellPosition {
  row: number;
  col: number;
}

/** A spill range as read from the workbook: its anchor, its top-left cell and its size. */
export interface ShareSpill {
  anchor: CellPosition;
  row: number;
  col: number;
  /**
   * One row per spilled row; errors as their code ("#N/A"), empty cells as null. May be left out when
   * the spill lies inside the sheet's `values` (it always does in a used range): `rows` and `cols` then
   * say its size and the values are taken from `values`.
   */
  values?: CellValue[][];
  rows?: number;
  cols?: number;
}

/** Excel's sheet visibility (`worksheet.visibility`). */
export type SheetVisibility = "Visible" | "Hidden" | "VeryHidden";

/** Excel's `application.calculationState` (ExcelApi 1.8): only "Done" values are final. */
export type CalculationState = "Done" | "Calculating" | "Pending";

/** A defined name (a LAMBDA is a name whose formula is `=LAMBDA(…)`). */
export interface ShareName {
  name: string;
  /** The sheet a sheet-scoped name belongs to; absent for a workbook name. */
  sheet?: string;
  /** Its formula as Excel shows it: "=ALTHEDGE.HEDGERATIO(…)", "=LAMBDA(x, …)", "=Book!$B$2". */
  formula: string;
}

/** A conditional format or a data validation of a sheet, with the formulas it holds. */
export interface ShareRule {
  kind: "conditional-format" | "validation";
  /** The cells it applies to, A1 on its sheet ("B2:B40"). */
  address: string;
  /** Its formulas as Excel shows them ("=ALTHEDGE.…"); constants are left out. */
  formulas: string[];
  /** Its index among the sheet's rules of its kind, in reading order: the adapter's handle on it. */
  index: number;
}

/** A comment (threaded) or a note (legacy comment) of a sheet. */
export interface ShareComment {
  kind: "comment" | "note";
  address: string;
  author?: string;
}

/** One chosen sheet as the adapter read it. */
export interface ShareSheet {
  name: string;
  /** Where the grids' top-left cell sits on the sheet (a used range may start anywhere); A1 if absent. */
  origin?: CellPosition;
  /**
   * What each cell holds: a formula ("=…") or a constant. A cell inside a spill may show its anchor's
   * formula (Excel can) or its value (the engine does): either way it is frozen with its anchor only.
   */
  formulas: readonly (readonly unknown[])[];
  /** What each cell shows, the same shape as `formulas`: errors as their code, empty cells as null. */
  values: readonly (readonly CellValue[])[];
  /** The spill ranges of the cells `spillAnchors` named (the others are not needed). */
  spills?: readonly ShareSpill[];
  /** "Visible" when left out. */
  visibility?: SheetVisibility;
  /** Its conditional formats and validations that hold a formula. */
  rules?: readonly ShareRule[];
  comments?: readonly ShareComment[];
  /** Hidden rows and columns, 0-based (named in a warning: they travel with the copy). */
  hiddenRows?: readonly number[];
  hiddenColumns?: readonly number[];
}

/**
 * "copies": the chosen sheets are copied inside the workbook ("<sheet> (shared)"), the originals and the
 * workbook's names stay as they are. "workbook": the whole file is rewritten (Save as a share-safe
 * workbook, `npm run share-safe`): `sheets` are the sheets kept, under their own names; every other
 * sheet of `existing` is removed, and so is every name that depends on the add-in.
 */
export type ShareMode = "copies" | "workbook";

export interface ShareInput {
  /** The sheets to copy (or keep), in order. */
  sheets: readonly ShareSheet[];
  /** Every sheet name in the workbook: the copies and the Provenance sheet take free names. */
  existing: readonly string[];
  /** The add-in version and the time (ISO 8601, UTC) recorded on every Provenance row. */
  version: string;
  time: string;
  /** "copies" when left out. */
  mode?: ShareMode;
  /** Every defined name of the workbook (workbook and sheet scope). */
  names?: readonly ShareName[];
  /** Left out: taken as "Done" (a file's cached values are final as saved). */
  calculation?: CalculationState;
  /** Keep comments and notes in the copies (removed by default: they carry their authors). */
  keepComments?: boolean;
}

/** The cells one formula fills (its anchor alone, or its whole spill), frozen to their values. */
export interface FrozenArea {
  /** The cell holding the formula (A1). */
  anchor: string;
  /** The formula replaced, as it was. */
  formula: string;
  /** Top-left cell of `values`, 0-based. */
  row: number;
  col: number;
  /** The values written in place of the formula and its spill: errors as their code. */
  values: CellValue[][];
  /** Why it is frozen: it calls ALTHEDGE.*, uses a name that does, or reads a sheet not copied. */
  reason: string;
}

/** One frozen cell of an area. */
export interface FrozenCell {
  row: number;
  col: number;
  address: string;
  value: CellValue;
  /** The formula that computed it (its anchor's, for a spilled cell). */
  formula: string;
  /** The anchor's A1 address when the cell was spilled from it. */
  spilledFrom?: string;
}

/** A native formula of a copy written differently so that it stands alone (e.g. `D2#` → `D2:D41`). */
export interface ShareRewrite {
  /** A1 on the copy. */
  address: string;
  row: number;
  col: number;
  formula: string;
  rewritten: string;
  reason: string;
}

/** Something left out: a name or a rule that depends on the add-in, a sheet not kept, comments. */
export interface ShareDropped {
  what: "name" | "conditional-format" | "validation" | "comments" | "sheet";
  /** The copy it concerns; absent for the workbook as a whole (a workbook name, a sheet removed). */
  sheet?: string;
  /** The name, the rule's cells, the removed sheet's name. */
  address?: string;
  formula?: string;
  reason: string;
}

/** What the user should read before sending the copies. */
export interface ShareWarning {
  sheet?: string;
  address?: string;
  message: string;
}

export interface ShareCopy {
  original: string;
  /** The copy's sheet name, free among `existing` and the copies before it ("workbook": its own). */
  name: string;
  frozen: FrozenArea[];
  rewrites: ShareRewrite[];
  /** Rules of the copy to remove (by kind and index, as read). */
  removeRules: ShareRule[];
  /** Sheet-scoped names the copy carries (Excel copies them with the sheet) that must go. */
  removeNames: string[];
  /** Remove every comment and note of the copy. */
  removeComments: boolean;
}

/** The Provenance sheet: a header row and one row per entry. */
export interface ProvenancePlan {
  name: string;
  header: readonly string[];
  rows: CellValue[][];
}

export interface SharePlan {
  mode: ShareMode;
  copies: ShareCopy[];
  provenance: ProvenancePlan;
  /** Workbook names to delete ("workbook" mode; "copies" leaves the workbook's names alone). */
  removeNames: ShareName[];
  /** Sheets to delete ("workbook" mode: those of `existing` not kept). */
  removeSheets: string[];
  dropped: ShareDropped[];
  warnings: ShareWarning[];
}

export const PROVENANCE_SHEET = "Provenance";

/** Headers of the Provenance sheet of a share-safe copy, one row per frozen cell. */
export const PROVENANCE_HEADERS = [
  "Sheet",
  "Cell",
  "Original formula",
  "Value",
  "Frozen at",
  "AltHedge version",
] as const;

/** The name a copy of `sheet` is given before it is made unique. */
export const sharedCopyName = (sheet: string): string => `${sheet} (shared)`;

/** Refuses an empty choice and a sheet chosen twice (Excel compares names without case). */
export function checkShareChoice(sheets: readonly string[]): void {
  if (sheets.length === 0) throw new Error("Choose at least one sheet to copy");
  const seen = new Set<string>();
  for (const name of sheets) {
    if (seen.has(name.toLowerCase())) throw new Error(`Sheet "${name}" is chosen twice`);
    seen.add(name.toLowerCase());
  }
}

/**
 * The cells of a sheet whose formula the copy replaces (every formula calling ALTHEDGE.*, a spilled
 * cell that reports its anchor's formula included): the adapter reads their spill ranges.
 */
export function freezeAnchors(
  sheet: Pick<ShareSheet, "formulas" | "origin">
): (CellPosition & { formula: string })[] {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  const anchors: (CellPosition & { formula: string })[] = [];
  sheet.formulas.forEach((line, r) =>
    line.forEach((formula, c) => {
      if (callsAltHedge(formula))
        anchors.push({ row: top + r, col: left + c, formula: String(formula) });
    })
  );
  return anchors;
}

/**
 * Reading takes two steps in Excel: the adapter reads every chosen sheet (formulas, values, names,
 * rules…) without spills, asks `spillAnchors` which cells' spill ranges the plan needs (every formula
 * it will freeze, per sheet in `input.sheets` order, absolute 0-based positions), reads those spill
 * ranges, and calls `planShareSafe` with them.
 */
export function spillAnchors(input: ShareInput): CellPosition[][] {
  return input.sheets.map((sheet) => freezeAnchors(sheet).map(({ row, col }) => ({ row, col })));
}

/** The cells of an area, each with its value and where it comes from. */
export function frozenCells(area: FrozenArea): FrozenCell[] {
  const cells: FrozenCell[] = [];
  area.values.forEach((line, r) =>
    line.forEach((value, c) => {
      const address = a1(area.row + r, area.col + c);
      const cell: FrozenCell = {
        row: area.row + r,
        col: area.col + c,
        address,
        value,
        formula: area.formula,
      };
      if (address !== area.anchor) cell.spilledFrom = area.anchor;
      cells.push(cell);
    })
  );
  return cells;
}

/** How many cells a plan freezes, over all its copies. */
export const frozenCellCount = (plan: SharePlan): number =>
  plan.copies.reduce(
    (sum, copy) =>
      sum +
      copy.frozen.reduce((n, area) => n + area.values.reduce((m, line) => m + line.length, 0), 0),
    0
  );

/**
 * The share-safe plan: one copy per chosen sheet, named "<sheet> (shared)" (made unique), in which
 * every ALTHEDGE.* formula — and every cell of its spill — is replaced by the value it shows, errors
 * included; native formulas stay live (the plan does not touch them). The Provenance sheet lists each
 * frozen cell: copy, cell, original formula ("spilled from <anchor>: <formula>" for a spilled cell),
 * value, time and version.
 */
export function planShareSafe(input: ShareInput): SharePlan {
  checkShareChoice(input.sheets.map((sheet) => sheet.name));
  const taken = [...input.existing];
  const copies: ShareCopy[] = input.sheets.map((sheet) => {
    const name = uniqueSheetName(sharedCopyName(sheet.name), taken);
    taken.push(name);
    return { original: sheet.name, name, frozen: freezeSheet(sheet), rewrites: [], removeRules: [], removeNames: [], removeComments: false };
  });
  const rows: CellValue[][] = copies.flatMap((copy) =>
    copy.frozen
      .flatMap(frozenCells)
      .map((cell) => [
        copy.name,
        cell.address,
        cell.spilledFrom === undefined
          ? cell.formula
          : `spilled from ${cell.spilledFrom}: ${cell.formula}`,
        cell.value,
        input.time,
        input.version,
      ])
  );
  return {
    mode: "copies",
    removeNames: [],
    removeSheets: [],
    copies,
    provenance: {
      name: uniqueSheetName(PROVENANCE_SHEET, taken),
      header: PROVENANCE_HEADERS,
      rows,
    },
    dropped: [],
    warnings: [],
  };
}

/** The areas one sheet freezes: each anchor with its spill, or alone when it does not spill. */
function freezeSheet(sheet: ShareSheet): FrozenArea[] {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  const spills = new Map<string, ShareSpill>();
  /** Cells inside a spill other than its anchor: frozen with that anchor, not on their own. */
  const spilled = new Set<string>();
  for (const spill of sheet.spills ?? []) {
    spills.set(key(spill.anchor), spill);
    (spill.values ?? []).forEach((line, r) =>
      line.forEach((_, c) => {
        const cell = { row: spill.row + r, col: spill.col + c };
        if (cell.row !== spill.anchor.row || cell.col !== spill.anchor.col) spilled.add(key(cell));
      })
    );
  }
  const areas: FrozenArea[] = [];
  for (const anchor of freezeAnchors(sheet)) {
    if (spilled.has(key(anchor))) continue;
    const spill = spills.get(key(anchor));
    const value = sheet.values[anchor.row - top]?.[anchor.col - left] ?? null;
    areas.push({
      reason: "calls ALTHEDGE",
      anchor: a1(anchor.row, anchor.col),
      formula: anchor.formula,
      ...(spill
        ? { row: spill.row, col: spill.col, values: (spill.values ?? []).map((line) => [...line]) }
        : { row: anchor.row, col: anchor.col, values: [[value]] }),
    });
  }
  return areas;
}

const key = ({ row, col }: CellPosition): string => `${row},${col}`;
