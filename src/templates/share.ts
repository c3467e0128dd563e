/**
 * The share-safe copy's policy (spec/taskpane.md §5), as a pure planner: from the chosen sheets as a
 * workbook adapter read them (formulas, values, spills, names, rules, comments, visibility) to a
 * `SharePlan` — the copies' names, the cells each copy freezes to its current value, the native
 * formulas it rewrites so that it stands alone, what it removes, the Provenance sheet's rows and the
 * warnings. The adapters (Office.js, the engine, the .xlsx file transform) read, call `planShareSafe`,
 * and apply the plan; they decide nothing of what is frozen, rewritten, removed or recorded. Pure code:
 * no Office.js, no DOM, no src/workbook.
 *
 * What a formula depends on (./formula reads it): a formula of a copy is frozen to the value it shows
 * when it calls ALTHEDGE.*, uses a defined name (or LAMBDA) that does, or reads a sheet outside the
 * copy set (so the copies stand alone once moved to a book of their own); a name depends on the add-in
 * by the same rules, through the names it uses. A live formula is rewritten where it refers to a frozen
 * spill (`D2#` → `D2:D41`: a constant does not spill, and `D2#` on it is #REF!) or, for "copies", to a
 * sheet that is copied too (pointed at the copy). Conditional formats and validations that depend on
 * the add-in are removed (a rule cannot hold a frozen value), with a Provenance row.
 *
 * Only final values are frozen: the planner refuses while Excel calculates, and when a value to freeze
 * reads #BUSY!, #GETTING_DATA or #CALC!.
 */
import {
  formulaCallsAltHedge,
  formulaParts,
  replaceSpans,
  sheetPrefix,
  type CellReference,
  type FormulaPart,
} from "./formula";
import { a1, a1Range, columnName, parseA1, uniqueSheetName, type CellValue } from "./plan";

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

/** Headers of the Provenance sheet: one row per frozen formula (a spill is one row), rewrite or removal. */
export const PROVENANCE_HEADERS = [
  "Sheet",
  "Cells",
  "Original formula",
  "Value",
  "Note",
  "Frozen at",
  "AltHedge version",
] as const;

/** Values that are not final: an async function still running, data still coming, a calc error. */
export const UNFINISHED_VALUES: readonly string[] = ["#BUSY!", "#GETTING_DATA", "#CALC!"];

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

/** Refuses values that are not final (spec §5 "Only final values are frozen"). */
export function checkCalculation(state: CalculationState | undefined): void {
  if (state === "Calculating")
    throw new Error(
      "Excel is still calculating: wait until the status bar shows Ready, then make the copies again"
    );
  if (state === "Pending")
    throw new Error(
      "Excel has calculations pending (manual calculation leaves values stale): press F9 (Calculate Now), then make the copies again"
    );
}

/**
 * The cells of a sheet that call ALTHEDGE.* directly (a spilled cell that reports its anchor's
 * formula included). The plan freezes more than these (see `spillAnchors`).
 */
export function freezeAnchors(
  sheet: Pick<ShareSheet, "formulas" | "origin">
): (CellPosition & { formula: string })[] {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  const anchors: (CellPosition & { formula: string })[] = [];
  sheet.formulas.forEach((line, r) =>
    line.forEach((formula, c) => {
      if (formulaCallsAltHedge(formula))
        anchors.push({ row: top + r, col: left + c, formula: String(formula) });
    })
  );
  return anchors;
}

/**
 * Reading takes two steps in Excel: the adapter reads every chosen sheet (formulas, values, names,
 * rules…) without spills, asks `spillAnchors` which cells' spill ranges the plan needs (every formula
 * it will freeze or rewrite, per sheet in `input.sheets` order, absolute 0-based positions), reads
 * those spill ranges, and calls `planShareSafe` with them.
 */
export function spillAnchors(input: ShareInput): CellPosition[][] {
  const analysis = analyse(input);
  return input.sheets.map((_, i) =>
    [...analysis.sheets[i].frozen.values(), ...analysis.sheets[i].rewritten.values()].map(
      ({ row, col }) => ({ row, col })
    )
  );
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
 * The share-safe plan. "copies": one copy per chosen sheet, named "<sheet> (shared)" (made unique);
 * "workbook": the chosen sheets kept under their names, the others removed. In each, every formula
 * that depends on the add-in — and every cell of its spill — is replaced by the value it shows, errors
 * included; native formulas stay live, rewritten where they must (see the module's comment). The
 * Provenance sheet has one row per frozen formula (a spill: one row, its anchor and range), per
 * rewrite and per removal.
 */
export function planShareSafe(input: ShareInput): SharePlan {
  const mode = input.mode ?? "copies";
  checkShareChoice(input.sheets.map((sheet) => sheet.name));
  checkCalculation(input.calculation);
  const analysis = analyse(input);
  const { targets } = analysis;

  const dropped: ShareDropped[] = [];
  const warnings: ShareWarning[] = [];
  const copies: ShareCopy[] = input.sheets.map((sheet, i) => {
    const own = analysis.sheets[i];
    const name = targets.get(sheet.name.toLowerCase())!;
    const frozen = freezeAreas(sheet, own);
    for (const area of frozen) checkFinal(name, area);
    const rewrites = rewriteFormulas(sheet, own, analysis);
    const removeRules = (sheet.rules ?? []).flatMap((rule) => {
      const reason = ruleDependency(rule, sheet.name, analysis);
      if (reason === null) return [];
      dropped.push({
        what: rule.kind,
        sheet: name,
        address: rule.address,
        formula: rule.formulas.join(" ; "),
        reason,
      });
      return [rule];
    });
    const removeNames = (input.names ?? [])
      .filter((n) => n.sheet?.toLowerCase() === sheet.name.toLowerCase())
      .flatMap((n) => {
        const reason = analysis.nameDependency(n);
        if (reason === null) return [];
        dropped.push({ what: "name", sheet: name, address: n.name, formula: n.formula, reason });
        return [n.name];
      });
    const comments = sheet.comments?.length ?? 0;
    const removeComments = comments > 0 && input.keepComments !== true;
    if (removeComments)
      dropped.push({
        what: "comments",
        sheet: name,
        reason: `${comments} ${comments === 1 ? "comment or note" : "comments and notes"} removed: they carry their authors' names`,
      });
    else if (comments > 0)
      warnings.push({
        sheet: name,
        message: `${name} keeps ${comments} ${comments === 1 ? "comment or note" : "comments and notes"}, with their authors' names`,
      });
    warnings.push(...hiddenWarnings(sheet, name, mode));
    return {
      original: sheet.name,
      name,
      frozen,
      rewrites,
      removeRules,
      removeNames,
      removeComments,
    };
  });

  // What belongs to the workbook: names and, for "workbook", the sheets not kept.
  const removeNames: ShareName[] = [];
  const removeSheets: string[] = [];
  if (mode === "workbook") {
    for (const n of input.names ?? []) {
      if (n.sheet !== undefined && targets.has(n.sheet.toLowerCase())) continue; // with its sheet
      const reason =
        n.sheet !== undefined ? `its sheet "${n.sheet}" is not kept` : analysis.nameDependency(n);
      if (reason === null) continue;
      removeNames.push(n);
      dropped.push({ what: "name", address: n.name, formula: n.formula, reason });
    }
    for (const sheet of input.existing) {
      if (targets.has(sheet.toLowerCase())) continue;
      removeSheets.push(sheet);
      dropped.push({
        what: "sheet",
        address: sheet,
        reason: "not kept in the share-safe workbook",
      });
    }
  }

  const taken =
    mode === "copies"
      ? [...input.existing, ...copies.map((c) => c.name)]
      : copies.map((c) => c.name);
  const rows: CellValue[][] = [];
  const row = (
    sheet: string,
    cells: string,
    formula: string,
    value: CellValue,
    note: string
  ): void => {
    rows.push([sheet, cells, formula, value, note, input.time, input.version]);
  };
  for (const copy of copies) {
    for (const run of provenanceRuns(copy.frozen)) {
      const { first, rows: count } = run;
      const height = first.values.length;
      const width = first.values[0]?.length ?? 1;
      const range = a1Range(first.row, first.col, first.row + height - 1, first.col + width - 1);
      if (count > 1) {
        const cells = a1Range(first.row, first.col, first.row + count - 1, first.col);
        row(
          copy.name,
          cells,
          first.formula,
          first.values[0]?.[0] ?? null,
          `${first.reason}; filled down ${cells}: ${count.toLocaleString("en-US")} formulas of this form, each frozen to its value`
        );
        continue;
      }
      row(
        copy.name,
        height * width === 1 ? first.anchor : range,
        first.formula,
        first.values[0]?.[0] ?? null,
        height * width === 1
          ? first.reason
          : `${first.reason}; its spill ${range} frozen (${height} × ${width})`
      );
    }
    for (const rewrite of copy.rewrites)
      row(
        copy.name,
        rewrite.address,
        rewrite.formula,
        null,
        `rewritten as ${rewrite.rewritten}: ${rewrite.reason}`
      );
  }
  for (const item of dropped)
    row(
      item.sheet ?? "(workbook)",
      item.address ?? "",
      item.formula ?? "",
      null,
      `${DROPPED_WORDS[item.what]} removed: ${item.reason}`
    );

  return {
    mode,
    copies,
    provenance: {
      name: uniqueSheetName(PROVENANCE_SHEET, taken),
      header: PROVENANCE_HEADERS,
      rows,
    },
    removeNames,
    removeSheets,
    dropped,
    warnings,
  };
}

/**
 * The frozen areas as the Provenance sheet lists them: a spill is one row; so is a run of one-cell
 * formulas filled down a column — the same formula with its relative rows moving with the cell (as
 * Excel's own shared formulas), frozen for the same reason. A 25,000-row template then takes a row
 * per column, not 100,000. In reading order of each run's first cell.
 */
function provenanceRuns(areas: readonly FrozenArea[]): { first: FrozenArea; rows: number }[] {
  const runs: { first: FrozenArea; rows: number; form: string | null }[] = [];
  const open = new Map<number, { first: FrozenArea; rows: number; form: string | null }>();
  const byColumn = [...areas].sort((a, b) => a.col - b.col || a.row - b.row);
  for (const area of byColumn) {
    const single = area.values.length === 1 && (area.values[0]?.length ?? 1) === 1;
    const form = single ? formulaForm(area.formula, area.row) : null;
    const run = open.get(area.col);
    if (
      run &&
      form !== null &&
      run.form === form &&
      run.first.reason === area.reason &&
      run.first.row + run.rows === area.row
    ) {
      run.rows++;
      continue;
    }
    const fresh = { first: area, rows: 1, form };
    runs.push(fresh);
    open.set(area.col, fresh);
  }
  return runs.sort((a, b) => a.first.row - b.first.row || a.first.col - b.first.col);
}

/** A1 cells (with optional `$`), not part of a longer name and not a function's name. */
const A1_CELL = /(^|[^A-Za-z0-9_.$\\])(\$?[A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(.])/g;

/**
 * A formula's form: its relative row numbers written relative to the cell's own row (as R1C1 would),
 * so `=F(A2)` in row 2 and `=F(A3)` in row 3 have one form. Null for a formula with a string
 * literal, where text could look like a reference.
 */
function formulaForm(formula: string, row: number): string | null {
  if (formula.includes('"')) return null;
  return formula.replace(
    A1_CELL,
    (match, before: string, col: string, absolute: string, digits: string) =>
      absolute ? match : `${before}${col}R[${Number(digits) - 1 - row}]`
  );
}

const DROPPED_WORDS: Record<ShareDropped["what"], string> = {
  name: "name",
  "conditional-format": "conditional format",
  validation: "data validation",
  comments: "comments",
  sheet: "sheet",
};

// ---------------------------------------------------------------------------------------------
// What depends on the add-in
// ---------------------------------------------------------------------------------------------

interface SheetAnalysis {
  /** Formulas frozen, by "row,col" (absolute): their reason. */
  frozen: Map<number, CellPosition & { formula: string; reason: string }>;
  /** Live formulas rewritten, by "row,col". */
  rewritten: Map<number, CellPosition & { formula: string }>;
  /** Cells inside a known spill other than its anchor: never classified on their own. */
  spilled: Set<number>;
}

interface Analysis {
  mode: ShareMode;
  /** Original sheet (lower case) → the name it has in the result (its copy, or itself). */
  targets: Map<string, string>;
  sheets: SheetAnalysis[];
  /** Frozen anchors by sheet (lower case) and "row,col", with their spill size when known. */
  frozenAt: Map<string, Map<number, { rows: number; cols: number }>>;
  nameDependency(name: ShareName): string | null;
  /** Why a formula on `sheet` (undefined: a workbook name's) depends on the add-in, or null. */
  dependency(formula: string, sheet: string | undefined): string | null;
  resolveName(name: string, sheet: string | undefined, qualifier?: string): ShareName | undefined;
}

/** A cell as one number (Excel has 16,384 columns): cheap Map keys on 100,000-cell sheets. */
const key = ({ row, col }: CellPosition): number => row * 16384 + col;

function analyse(input: ShareInput): Analysis {
  const mode = input.mode ?? "copies";
  const targets = new Map<string, string>();
  const taken = [...input.existing];
  for (const sheet of input.sheets) {
    const name =
      mode === "copies" ? uniqueSheetName(sharedCopyName(sheet.name), taken) : sheet.name;
    if (mode === "copies") taken.push(name);
    targets.set(sheet.name.toLowerCase(), name);
  }
  const byScope = new Map<string, ShareName>();
  for (const n of input.names ?? [])
    byScope.set(`${n.sheet?.toLowerCase() ?? ""}!${n.name.toLowerCase()}`, n);
  const resolveName = (
    name: string,
    sheet: string | undefined,
    qualifier?: string
  ): ShareName | undefined => {
    const local = (qualifier ?? sheet)?.toLowerCase();
    return (
      (local !== undefined ? byScope.get(`${local}!${name.toLowerCase()}`) : undefined) ??
      byScope.get(`!${name.toLowerCase()}`)
    );
  };
  const frozenAt = new Map<string, Map<number, { rows: number; cols: number }>>();
  const nameCache = new Map<ShareName, string | null>();
  /** Each formula text is judged once per sheet (a band of a template repeats few distinct ones). */
  const dependencyCache = new Map<string, string | null>();
  const outside = mode === "copies" ? "which is not copied" : "which is not kept";

  const analysis: Analysis = {
    mode,
    targets,
    sheets: [],
    frozenAt,
    resolveName,
    nameDependency(n: ShareName): string | null {
      if (nameCache.has(n)) return nameCache.get(n)!;
      nameCache.set(n, null); // a cycle of names depends on nothing more than its members
      let reason = analysis.dependency(n.formula, n.sheet);
      if (reason === null && mode === "copies") {
        // a name keeps pointing at the original sheets: a copy that uses it would read them
        const read = formulaParts(n.formula).find(
          (part): part is CellReference =>
            part.kind === "cells" && !part.external && part.sheet !== undefined
        );
        if (read && read.sheet!.toLowerCase() !== n.sheet?.toLowerCase())
          reason = `reads "${read.sheet}" of this workbook, not its copy`;
      }
      if (reason === null) reason = spillDependency(n.formula, n.sheet);
      nameCache.set(n, reason);
      return reason;
    },
    dependency(formula: string, sheet: string | undefined): string | null {
      // the common case first, without a cache entry: a direct call
      if (formulaCallsAltHedge(formula)) return "calls ALTHEDGE";
      const cacheKey = `${sheet ?? ""}\u0000${formula}`;
      const known = dependencyCache.get(cacheKey);
      if (known !== undefined) return known;
      const reason = directDependency(formula, sheet);
      dependencyCache.set(cacheKey, reason);
      return reason;
    },
  };

  /** Why a formula depends on the add-in (see the module's comment), or null. */
  const directDependency = (formula: string, sheet: string | undefined): string | null => {
    {
      if (formulaCallsAltHedge(formula)) return "calls ALTHEDGE";
      for (const part of formulaParts(formula)) {
        if (part.kind === "cells" && !part.external && part.sheet !== undefined) {
          for (const named of [part.sheet, part.lastSheet])
            if (named !== undefined && !targets.has(named.toLowerCase()))
              return `reads "${named}", ${outside}`;
          if (part.lastSheet !== undefined && mode === "copies")
            return `reads sheets "${part.sheet}" to "${part.lastSheet}" (a 3-D reference)`;
        }
        if (part.kind === "function") {
          // a LAMBDA name is called like a function: =Clip(5)
          const n = resolveName(part.name, sheet);
          const why = n ? analysis.nameDependency(n) : null;
          if (why !== null) return `uses the name ${n!.name}, which ${why}`;
        }
        if (part.kind === "name" && !part.external) {
          if (part.sheet !== undefined && !targets.has(part.sheet.toLowerCase()))
            return `reads "${part.sheet}", ${outside}`;
          const n = resolveName(part.name, sheet, part.sheet);
          const why = n ? analysis.nameDependency(n) : null;
          if (why !== null) return `uses the name ${n!.name}, which ${why}`;
        }
      }
      return null;
    }
  };

  /** A spill reference to a frozen anchor, in a name or a rule (they cannot be rewritten). */
  const spillDependency = (formula: string, sheet: string | undefined): string | null => {
    for (const part of formulaParts(formula)) {
      if (part.kind !== "cells" || !part.spill || part.external) continue;
      const on = (part.sheet ?? sheet)?.toLowerCase();
      if (on !== undefined && frozenAt.get(on)?.has(key(parseA1(part.cells))))
        return `refers to the spill of ${part.cells}, which is frozen`;
    }
    return null;
  };

  // Freezing can make a name depend on the add-in (its spill reference), which freezes more: repeat
  // until nothing changes (each round only adds; a handful of rounds at most in real books). Without
  // a name that holds a spill reference one round decides.
  const spillNames = (input.names ?? []).some((n) => SPILL_HINT.test(n.formula));
  const sizes = input.sheets.map(spillSizes);
  for (let round = 0; round < 8; round++) {
    const before = [...frozenAt.values()].reduce((n, m) => n + m.size, 0);
    analysis.sheets = input.sheets.map((sheet, i) => classify(sheet, sizes[i], analysis));
    input.sheets.forEach((sheet, i) => {
      const at = new Map<number, { rows: number; cols: number }>();
      for (const where of analysis.sheets[i].frozen.keys())
        at.set(where, sizes[i].get(where) ?? { rows: 1, cols: 1 });
      frozenAt.set(sheet.name.toLowerCase(), at);
    });
    if (!spillNames) break;
    const after = [...frozenAt.values()].reduce((n, m) => n + m.size, 0);
    nameCache.clear();
    dependencyCache.clear();
    if (after === before && round > 0) break;
  }
  // Rewrites need every sheet's frozen spills: a pass of their own, over the formulas that can
  // need one (a spill reference; for "copies", a reference to another sheet).
  input.sheets.forEach((sheet, i) => findRewrites(sheet, analysis.sheets[i], analysis));
  return analysis;
}

/** Text that may hold a spill reference: `D2#` or `ANCHORARRAY(D2)`. */
const SPILL_HINT = /#|ANCHORARRAY/i;

/** The size of each spill read, by its anchor's "row,col". */
function spillSizes(sheet: ShareSheet): Map<number, { rows: number; cols: number }> {
  const sizes = new Map<number, { rows: number; cols: number }>();
  for (const spill of sheet.spills ?? [])
    sizes.set(key(spill.anchor), {
      rows: spill.values?.length ?? spill.rows ?? 1,
      cols: spill.values?.[0]?.length ?? spill.cols ?? 1,
    });
  return sizes;
}

/** Which formulas of a sheet are frozen, and why (rewrites come after, see `findRewrites`). */
function classify(
  sheet: ShareSheet,
  sizes: Map<number, { rows: number; cols: number }>,
  analysis: Analysis
): SheetAnalysis {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  const spilled = new Set<number>();
  for (const spill of sheet.spills ?? []) {
    const { rows, cols } = sizes.get(key(spill.anchor)) ?? { rows: 1, cols: 1 };
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++) {
        const cell = { row: spill.row + r, col: spill.col + c };
        if (cell.row !== spill.anchor.row || cell.col !== spill.anchor.col) spilled.add(key(cell));
      }
  }
  const frozen = new Map<number, CellPosition & { formula: string; reason: string }>();
  sheet.formulas.forEach((line, r) =>
    line.forEach((value, c) => {
      if (typeof value !== "string" || !value.startsWith("=")) return;
      const cell = { row: top + r, col: left + c };
      const where = key(cell);
      if (spilled.has(where)) return;
      const reason = analysis.dependency(value, sheet.name);
      // explicit literals, not spreads: this runs once per formula of a 100,000-cell sheet
      if (reason !== null)
        frozen.set(where, { row: cell.row, col: cell.col, formula: value, reason });
    })
  );
  return { frozen, rewritten: new Map(), spilled };
}

/** The live formulas of a sheet that must be rewritten to stand alone. */
function findRewrites(sheet: ShareSheet, own: SheetAnalysis, analysis: Analysis): void {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  const crossSheet = analysis.mode === "copies";
  sheet.formulas.forEach((line, r) =>
    line.forEach((value, c) => {
      if (typeof value !== "string" || !value.startsWith("=")) return;
      if (!SPILL_HINT.test(value) && !(crossSheet && value.includes("!"))) return;
      const cell = { row: top + r, col: left + c };
      const where = key(cell);
      if (own.spilled.has(where) || own.frozen.has(where)) return;
      if (rewriteEdits(value, sheet.name, analysis).length > 0)
        own.rewritten.set(where, { ...cell, formula: value });
    })
  );
}

/** The edits that make a live formula stand alone (see the module's comment). */
function rewriteEdits(
  formula: string,
  sheet: string,
  analysis: Analysis
): { start: number; end: number; text: string; why: string }[] {
  const edits: { start: number; end: number; text: string; why: string }[] = [];
  for (const part of formulaParts(formula)) {
    if (part.kind === "function" || part.external) continue;
    const qualified = part.sheet !== undefined;
    const target = qualified ? analysis.targets.get(part.sheet!.toLowerCase()) : undefined;
    const prefix =
      qualified && target !== undefined
        ? analysis.mode === "copies"
          ? sheetPrefix(target)
          : sourcePrefix(formula, part)
        : "";
    if (part.kind === "cells" && part.spill) {
      const on = (part.sheet ?? sheet).toLowerCase();
      const anchor = parseA1(part.cells);
      const size = analysis.frozenAt.get(on)?.get(key(anchor));
      if (size) {
        const last = a1(anchor.row + size.rows - 1, anchor.col + size.cols - 1);
        const range =
          size.rows * size.cols === 1
            ? part.cells
            : `${part.cells}:${absoluteLike(part.cells, last)}`;
        edits.push({
          start: part.start,
          end: part.end,
          text: prefix + range,
          why: `${part.cells}# spilled from a formula that is frozen`,
        });
        continue;
      }
    }
    if (qualified && analysis.mode === "copies" && target !== undefined) {
      const end = part.start + sourcePrefix(formula, part).length;
      edits.push({
        start: part.start,
        end,
        text: prefix,
        why: `points at the copy of "${part.sheet}"`,
      });
    }
  }
  return edits;
}

/** The sheet prefix as the formula wrote it ("'My sheet'!"). */
const sourcePrefix = (formula: string, part: FormulaPart): string => {
  const bang = formula.indexOf("!", part.start);
  return formula.slice(part.start, bang + 1);
};

/** `last` with the `$` markers of `first` ("$D$2" and "E41" → "$E$41"). */
function absoluteLike(first: string, last: string): string {
  const match = /^(\$?)[A-Za-z]+(\$?)\d+$/.exec(first);
  const [, colMark = "", rowMark = ""] = match ?? [];
  const split = /^([A-Z]+)(\d+)$/.exec(last)!;
  return `${colMark}${split[1]}${rowMark}${split[2]}`;
}

/** Why a rule depends on the add-in (then it is removed), or null. */
function ruleDependency(rule: ShareRule, sheet: string, analysis: Analysis): string | null {
  for (const formula of rule.formulas) {
    const reason = analysis.dependency(formula, sheet);
    if (reason !== null) return reason;
    for (const part of formulaParts(formula)) {
      if (part.kind !== "cells" || !part.spill || part.external) continue;
      const on = (part.sheet ?? sheet).toLowerCase();
      if (analysis.frozenAt.get(on)?.has(key(parseA1(part.cells))))
        return `refers to the spill of ${part.cells}, which is frozen`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The plan's parts
// ---------------------------------------------------------------------------------------------

/** The areas one sheet freezes: each frozen formula with its spill, or alone when it does not spill. */
function freezeAreas(sheet: ShareSheet, own: SheetAnalysis): FrozenArea[] {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  const shown = (row: number, col: number): CellValue =>
    sheet.values[row - top]?.[col - left] ?? null;
  const spills = new Map<number, ShareSpill>();
  for (const spill of sheet.spills ?? []) spills.set(key(spill.anchor), spill);
  return [...own.frozen.values()]
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map((cell): FrozenArea => {
      const spill = spills.get(key(cell));
      const anchor = a1(cell.row, cell.col);
      if (!spill)
        return {
          anchor,
          formula: cell.formula,
          row: cell.row,
          col: cell.col,
          values: [[shown(cell.row, cell.col)]],
          reason: cell.reason,
        };
      const { rows, cols } = spillSizes({ ...sheet, spills: [spill] }).get(key(cell))!;
      const values =
        spill.values?.map((line) => [...line]) ??
        Array.from({ length: rows }, (_, r) =>
          Array.from({ length: cols }, (_, c) => shown(spill.row + r, spill.col + c))
        );
      return {
        anchor,
        formula: cell.formula,
        row: spill.row,
        col: spill.col,
        values,
        reason: cell.reason,
      };
    });
}

/** Refuses a value that is not final, naming the cell. */
function checkFinal(copy: string, area: FrozenArea): void {
  area.values.forEach((line, r) =>
    line.forEach((value, c) => {
      if (typeof value === "string" && UNFINISHED_VALUES.includes(value.toUpperCase()))
        throw new Error(
          `${a1(area.row + r, area.col + c)} (for ${copy}) shows ${value}: ${
            value.toUpperCase() === "#CALC!"
              ? "a calculation error, not a value to freeze; fix it"
              : "it is still being calculated; wait until it shows a value"
          }, then make the copies again`
        );
    })
  );
}

function rewriteFormulas(
  sheet: ShareSheet,
  own: SheetAnalysis,
  analysis: Analysis
): ShareRewrite[] {
  return [...own.rewritten.values()]
    .sort((a, b) => a.row - b.row || a.col - b.col)
    .map(({ row, col, formula }) => {
      const edits = rewriteEdits(formula, sheet.name, analysis);
      return {
        address: a1(row, col),
        row,
        col,
        formula,
        rewritten: replaceSpans(formula, edits),
        reason: [...new Set(edits.map((edit) => edit.why))].join("; "),
      };
    });
}

/** Hidden rows and columns travel with a copy; a hidden sheet chosen is named. */
function hiddenWarnings(sheet: ShareSheet, name: string, mode: ShareMode): ShareWarning[] {
  const warnings: ShareWarning[] = [];
  if (sheet.visibility !== undefined && sheet.visibility !== "Visible")
    warnings.push({
      sheet: name,
      message: `${sheet.name} is ${sheet.visibility === "VeryHidden" ? "very hidden" : "hidden"} in this workbook and ${mode === "copies" ? "is copied" : "is kept"}: check that it may be shared`,
    });
  const rows = spans(sheet.hiddenRows ?? []).map(([a, b]) =>
    a === b ? `${a + 1}` : `${a + 1}–${b + 1}`
  );
  const cols = spans(sheet.hiddenColumns ?? []).map(([a, b]) =>
    a === b ? columnName(a) : `${columnName(a)}–${columnName(b)}`
  );
  if (rows.length + cols.length > 0)
    warnings.push({
      sheet: name,
      message: `${name} has hidden ${[
        rows.length ? `rows ${rows.join(", ")}` : "",
        cols.length ? `columns ${cols.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join(" and ")}: they travel with the copy`,
    });
  return warnings;
}

/** Runs of consecutive numbers ([1,2,3,7] → [[1,3],[7,7]]). */
function spans(values: readonly number[]): [number, number][] {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v === last[1] + 1) last[1] = v;
    else out.push([v, v]);
  }
  return out;
}
