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

/** A spill range as read from the workbook: its anchor, its top-left cell and its values. */
export interface ShareSpill {
  anchor: CellPosition;
  row: number;
  col: number;
  /** One row per spilled row; errors as their code ("#N/A"), empty cells as null. */
  values: CellValue[][];
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
  /** The spill ranges of the cells `freezeAnchors` named (the others are not needed). */
  spills?: readonly ShareSpill[];
}

export interface ShareInput {
  /** The sheets to copy, in the order the copies are made. */
  sheets: readonly ShareSheet[];
  /** Every sheet name in the workbook: the copies and the Provenance sheet take free names. */
  existing: readonly string[];
  /** The add-in version and the time (ISO 8601, UTC) recorded on every Provenance row. */
  version: string;
  time: string;
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
}

/** One frozen cell, the unit the Provenance sheet lists today. */
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

/** A formula of a copy written differently so that it stands alone (none are yet). */
export interface ShareRewrite {
  address: string;
  formula: string;
  rewritten: string;
  reason: string;
}

/** Something a copy leaves out, e.g. a name or a rule that calls ALTHEDGE.* (none is yet). */
export interface ShareDropped {
  what: string;
  /** The copy it concerns; absent for the workbook as a whole. */
  sheet?: string;
  address?: string;
  formula?: string;
  reason: string;
}

/** What the user should read before sending the copies (none is raised yet). */
export interface ShareWarning {
  sheet?: string;
  address?: string;
  message: string;
}

export interface ShareCopy {
  original: string;
  /** The copy's sheet name, free among `existing` and the copies before it. */
  name: string;
  frozen: FrozenArea[];
  rewrites: ShareRewrite[];
}

/** The Provenance sheet: a header row and one row per entry. */
export interface ProvenancePlan {
  name: string;
  header: readonly string[];
  rows: CellValue[][];
}

export interface SharePlan {
  copies: ShareCopy[];
  provenance: ProvenancePlan;
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
    return { original: sheet.name, name, frozen: freezeSheet(sheet), rewrites: [] };
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
    spill.values.forEach((line, r) =>
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
      anchor: a1(anchor.row, anchor.col),
      formula: anchor.formula,
      ...(spill
        ? { row: spill.row, col: spill.col, values: spill.values.map((line) => [...line]) }
        : { row: anchor.row, col: anchor.col, values: [[value]] }),
    });
  }
  return areas;
}

const key = ({ row, col }: CellPosition): string => `${row},${col}`;
