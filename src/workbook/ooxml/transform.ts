/**
 * "Save as a share-safe workbook" on the file itself (spec/taskpane.md §5): an .xlsx package in, a
 * share-safe .xlsx out. The policy is the share planner's (../../templates/share, "workbook" mode):
 * this module reads the package into the planner's input, and applies its plan to the package —
 *  - frozen cells keep their cached value without their formula (shared-formula groups they belong to
 *    are written out cell by cell, so no follower points at a removed master);
 *  - rewritten formulas, removed conditional formats, validations, names, comments and sheets;
 *  - the Provenance sheet added (original formulas as text);
 *  - the calculation chain deleted (Excel repairs a file whose chain lists cells without formulas),
 *    the parts only removed sheets used deleted, and the strings only they showed blanked.
 * Pure: bytes in, bytes out, the same code in Node (`npm run share-safe`) and in the task pane.
 */
import type { CellValue } from "../../templates/plan";
import {
  planShareSafe,
  spillAnchors,
  type ShareInput,
  type SharePlan,
  type ShareSheet,
  type ShareSpill,
  type ShareWarning,
} from "../../templates/share";
import {
  CONTENT_TYPE,
  Package,
  REL,
  freePartName,
  freeRelId,
  relativeTarget,
  resolveTarget,
} from "./package";
import { cellName, columnLetters, displayFormula, parseArea } from "./refs";
import {
  formulaCellXml,
  frozenCellXml,
  readSharedStrings,
  ruleRemovalEdits,
  scanRules,
  scanSheet,
  type Edit,
  type LocatedRule,
  type ScannedSheet,
  type SheetCell,
} from "./sheet";
import { readComments, readNames, readSheets, shareName, type WorkbookSheet } from "./workbook";
import {
  attribute,
  escapeXml,
  findElement,
  findElements,
  setAttribute,
  splice,
  unescapeXml,
} from "./xml";
import { readZip, writeZip } from "./zip";

export interface ShareFileOptions {
  /** The add-in version and the time (ISO 8601, UTC) written on every Provenance row. */
  version: string;
  time: string;
  /** Keep hidden and very hidden sheets (removed by default). */
  keepHidden?: boolean;
  /** Keep comments and notes (removed by default: they carry their authors' names). */
  keepComments?: boolean;
  /** Deflate level of the parts rewritten (fflate: 1 fastest … 9 smallest); by size unless told. */
  level?: number;
}

export interface ShareFileResult {
  bytes: Uint8Array;
  plan: SharePlan;
  /** Cells that held a formula and now hold its cached value only. */
  frozenCells: number;
  /** The planner's warnings and what the file transform itself could not do. */
  warnings: ShareWarning[];
  /**
   * Milliseconds spent reading the package, planning (the share planner, spills asked included),
   * applying the plan to the parts and writing the zip.
   */
  timings: { read: number; plan: number; apply: number; write: number };
}

/** A kept worksheet as read: its part's text, cells and rules. */
interface KeptSheet {
  sheet: WorkbookSheet;
  text?: string;
  scanned?: ScannedSheet;
  rules: LocatedRule[];
  input: ShareSheet;
}

/** The transform of a whole package (see the module's comment). */
export async function shareSafeFile(
  bytes: Uint8Array,
  options: ShareFileOptions
): Promise<ShareFileResult> {
  return shareSafePackage(bytes, options);
}

/** The same, synchronously (the bench and the CLI time it without the microtask). */
export function shareSafePackage(bytes: Uint8Array, options: ShareFileOptions): ShareFileResult {
  const clock = typeof performance !== "undefined" ? () => performance.now() : () => Date.now();
  const started = clock();
  const pkg = new Package(readZip(bytes));
  const workbookPart = pkg.targets("", REL.officeDocument)[0]?.part;
  const workbookText = workbookPart !== undefined ? pkg.text(workbookPart) : undefined;
  if (workbookPart === undefined || workbookText === undefined) {
    throw new Error("Not an Excel workbook: the package has no workbook part");
  }
  if (/<[A-Za-z0-9_]+:workbook[\s>]/.test(workbookText.slice(0, 2000))) {
    throw new Error(
      "This workbook's XML uses a namespace prefix (<x:workbook>, as some generators write it): open and save it in Excel first"
    );
  }
  const sheets = readSheets(pkg, workbookPart, workbookText);
  if (sheets.length === 0) throw new Error("The workbook lists no sheets");
  const names = readNames(workbookText);
  const sharedStringsPart = pkg.targets(workbookPart, REL.sharedStrings)[0]?.part;
  const sharedStrings = readSharedStrings(
    sharedStringsPart !== undefined ? pkg.text(sharedStringsPart) : undefined
  );

  // Read the kept sheets (the others are removed unread).
  const kept: KeptSheet[] = sheets
    .filter((sheet) => options.keepHidden || sheet.visibility === "Visible")
    .map((sheet) => readKept(pkg, sheet, sharedStrings));

  const read = clock();
  const input: ShareInput = {
    sheets: kept.map((k) => k.input),
    existing: sheets.map((sheet) => sheet.name),
    version: options.version,
    time: options.time,
    mode: "workbook",
    names: names.map((n) => shareName(n, sheets)),
    calculation: "Done",
    ...(options.keepComments ? { keepComments: true } : {}),
  };
  // The spills the plan needs: array formulas (dynamic arrays, legacy array formulas) fill their
  // `ref`. Asked only when a sheet has one over several cells (the question costs a planning pass).
  const arrays = kept.some((k) =>
    k.scanned?.cells.some((cell) => cell.f?.kind === "array" && cell.f.ref?.includes(":"))
  );
  (arrays ? spillAnchors(input) : []).forEach((anchors, i) => {
    const { scanned, input: sheetInput } = kept[i];
    if (!scanned) return;
    const byPosition = new Map<number, SheetCell>();
    for (const cell of scanned.cells)
      if (cell.f?.kind === "array") byPosition.set(key(cell.row, cell.col), cell);
    const spills: ShareSpill[] = [];
    for (const anchor of anchors) {
      const cell = byPosition.get(key(anchor.row, anchor.col));
      const area = cell?.f?.ref ? parseArea(cell.f.ref) : null;
      if (!area || (area.row === area.lastRow && area.col === area.lastCol)) continue;
      const rows = area.lastRow - area.row + 1;
      const cols = area.lastCol - area.col + 1;
      spills.push({
        anchor,
        row: area.row,
        col: area.col,
        rows,
        cols,
        values: gridSlice(sheetInput, area.row, area.col, rows, cols),
      });
    }
    if (spills.length > 0) kept[i].input = { ...sheetInput, spills };
  });
  input.sheets = kept.map((k) => k.input);
  const plan = planShareSafe(input);
  const planned = clock();
  const warnings: ShareWarning[] = [...plan.warnings];

  // The kept sheets, as the plan says.
  let frozenCells = 0;
  plan.copies.forEach((copy) => {
    const k = kept.find((s) => s.sheet.name === copy.original);
    if (!k || !k.sheet.part || k.text === undefined || !k.scanned) return;
    const edits: Edit[] = [];
    const applied = applyCells(k.text, k.scanned, copy, warnings);
    frozenCells += applied.frozen;
    edits.push(...applied.edits);
    edits.push(...ruleRemovalEdits(k.text, k.rules, copy.removeRules));
    if (copy.removeComments) edits.push(...removeComments(pkg, k, warnings));
    if (edits.length > 0) pkg.setText(k.sheet.part, splice(k.text, edits));
    stripAltHedgeFromTables(pkg, k.sheet.part, copy.name, warnings);
  });

  // The workbook part: sheets, names, views, calculation chain.
  const removed = new Set(plan.removeSheets.map((name) => name.toLowerCase()));
  const keptSheets = sheets.filter((sheet) => !removed.has(sheet.name.toLowerCase()));
  const provenance = addProvenance(pkg, workbookPart, plan, sharedStringsPart);
  let workbook = rewriteWorkbook(
    workbookText,
    sheets,
    keptSheets,
    names,
    plan,
    provenance.sheetXml
  );
  let workbookRels = pkg
    .relationships(workbookPart)
    .filter(
      (rel) =>
        rel.type !== REL.calcChain &&
        !sheets.some((sheet) => removed.has(sheet.name.toLowerCase()) && sheet.relId === rel.id)
    );
  workbookRels.push(provenance.rel);
  pkg.setRelationships(workbookPart, workbookRels);
  pkg.setText(workbookPart, declareRelationships(workbook));

  // Parts no relationship reaches any more: the removed sheets' own, the calculation chain.
  pkg.removeUnreachable();
  // Pivot caches only removed sheets used (their records copy the source data), then people with
  // no comment left.
  const orphanRels = orphanWorkbookRels(pkg, workbookPart);
  if (orphanRels.size > 0) {
    workbookRels = pkg.relationships(workbookPart).filter((rel) => !orphanRels.has(rel.id));
    pkg.setRelationships(workbookPart, workbookRels);
    workbook = removePivotCaches(pkg.text(workbookPart)!, orphanRels);
    pkg.setText(workbookPart, workbook);
    pkg.removeUnreachable();
  }
  if (removed.size > 0 && sharedStringsPart !== undefined) {
    blankUnusedStrings(pkg, sharedStringsPart, keptSheets, provenance.firstString);
  }
  dropSheetTitles(pkg);
  warnings.push(...cachesOfRemovedSheets(pkg, plan.removeSheets));
  const applied = clock();
  const out = writeZip(pkg.toEntries(options.level));
  const timings = {
    read: read - started,
    plan: planned - read,
    apply: applied - planned,
    write: clock() - applied,
  };
  return { bytes: out, plan, frozenCells, warnings, timings };
}

const key = (row: number, col: number): number => row * 16384 + col;

function readKept(pkg: Package, sheet: WorkbookSheet, sharedStrings: readonly string[]): KeptSheet {
  const base: ShareSheet = {
    name: sheet.name,
    formulas: [],
    values: [],
    visibility: sheet.visibility,
  };
  if (sheet.kind !== "worksheet" || !sheet.part) return { sheet, rules: [], input: base };
  const text = pkg.text(sheet.part);
  if (text === undefined) return { sheet, rules: [], input: base };
  const scanned = scanSheet(text, sharedStrings);
  const rules = scanRules(text);
  const origin = scanned.bounds
    ? { row: scanned.bounds.row, col: scanned.bounds.col }
    : { row: 0, col: 0 };
  // Sparse grids: a row array only where the sheet has cells, set by index (no dense rectangle for a
  // sheet with a cell in A1 and another in XFD1048576).
  const formulas: unknown[][] = [];
  const values: CellValue[][] = [];
  for (const cell of scanned.cells) {
    const r = cell.row - origin.row;
    const c = cell.col - origin.col;
    const formulaRow = (formulas[r] ??= []);
    const valueRow = (values[r] ??= []);
    formulaRow[c] =
      cell.formula !== undefined
        ? `=${cell.formula}`
        : typeof cell.value === "string" && cell.value.startsWith("=")
          ? null // text that only looks like a formula
          : cell.value;
    valueRow[c] = cell.value;
  }
  const comments = readComments(pkg, sheet.part);
  return {
    sheet,
    text,
    scanned,
    rules,
    input: {
      ...base,
      origin,
      formulas,
      values,
      rules: rules.filter((r) => r.rule.formulas.length > 0).map((r) => r.rule),
      comments,
      hiddenRows: scanned.hiddenRows,
      hiddenColumns: scanned.hiddenColumns,
    },
  };
}

function gridSlice(
  sheet: ShareSheet,
  row: number,
  col: number,
  rows: number,
  cols: number
): CellValue[][] {
  const { row: top, col: left } = sheet.origin ?? { row: 0, col: 0 };
  return Array.from({ length: rows }, (_, r) =>
    Array.from(
      { length: cols },
      (_, c) => (sheet.values[row + r - top]?.[col + c - left] as CellValue | undefined) ?? null
    )
  );
}

/**
 * The cell edits of one kept sheet: frozen cells (value only), rewritten formulas, and every other
 * live cell of a shared-formula group that lost a member written out with its own formula.
 */
function applyCells(
  text: string,
  scanned: ScannedSheet,
  copy: SharePlan["copies"][number],
  warnings: ShareWarning[]
): { edits: Edit[]; frozen: number } {
  type Change = { value: CellValue } | { formula: string };
  const changes = new Map<number, Change>();
  for (const area of copy.frozen) {
    area.values.forEach((line, r) =>
      line.forEach((value, c) => changes.set(key(area.row + r, area.col + c), { value }))
    );
  }
  for (const rewrite of copy.rewrites) {
    changes.set(key(rewrite.row, rewrite.col), {
      formula: rewrite.rewritten.startsWith("=") ? rewrite.rewritten.slice(1) : rewrite.rewritten,
    });
  }
  if (changes.size === 0) return { edits: [], frozen: 0 };
  // shared groups touched by a change
  const touched = new Set<string>();
  for (const cell of scanned.cells) {
    if (
      cell.f?.kind === "shared" &&
      cell.f.si !== undefined &&
      changes.has(key(cell.row, cell.col))
    ) {
      touched.add(cell.f.si);
    }
  }
  const edits: Edit[] = [];
  let frozen = 0;
  const seen = new Set<number>();
  for (const cell of scanned.cells) {
    const k = key(cell.row, cell.col);
    const change = changes.get(k);
    if (change) seen.add(k);
    if (change && "value" in change) {
      if (cell.f) frozen++;
      edits.push({ start: cell.start, end: cell.end, text: frozenCellXml(cell, change.value) });
    } else if (change && cell.f) {
      edits.push({
        start: cell.start,
        end: cell.end,
        text: formulaCellXml(text, cell, change.formula),
      });
    } else if (
      cell.f?.kind === "shared" &&
      cell.f.si !== undefined &&
      touched.has(cell.f.si) &&
      cell.formula !== undefined
    ) {
      edits.push({
        start: cell.start,
        end: cell.end,
        text: formulaCellXml(text, cell, cell.formula),
      });
    }
  }
  for (const [k, change] of changes) {
    if (seen.has(k) || ("value" in change && change.value === null)) continue;
    warnings.push({
      sheet: copy.name,
      address: cellName(Math.floor(k / 16384), k % 16384),
      message: "the file has no such cell: its value was not written",
    });
  }
  return { edits, frozen };
}

/**
 * Removes a sheet's notes and threaded comments: their relationships (the parts go once nothing
 * reaches them) and the `<legacyDrawing>` that draws the notes, unless form controls share it.
 */
function removeComments(pkg: Package, k: KeptSheet, warnings: ShareWarning[]): Edit[] {
  const part = k.sheet.part!;
  const edits: Edit[] = [];
  const drawing = k.scanned?.legacyDrawing;
  const keepDrawing = drawing !== undefined && k.scanned!.hasControls;
  if (drawing && !keepDrawing) edits.push({ start: drawing.start, end: drawing.end, text: "" });
  if (keepDrawing) {
    warnings.push({
      sheet: k.sheet.name,
      message: `${k.sheet.name} has form controls: its notes' drawing is kept with them (the notes' text is removed)`,
    });
  }
  const rels = pkg
    .relationships(part)
    .filter(
      (rel) =>
        rel.type !== REL.comments &&
        rel.type !== REL.threadedComment &&
        !(drawing && !keepDrawing && rel.id === drawing.id)
    );
  pkg.setRelationships(part, rels);
  return edits;
}

/**
 * A table whose calculated column calls the add-in would write ALTHEDGE into new rows: its cells are
 * frozen, so the column's formula goes (the column becomes a plain one), and so does a custom totals
 * formula that calls it.
 */
function stripAltHedgeFromTables(
  pkg: Package,
  sheetPart: string,
  sheet: string,
  warnings: ShareWarning[]
): void {
  for (const { part } of pkg.targets(sheetPart, REL.table)) {
    const text = pkg.text(part);
    if (text === undefined || !/ALTHEDGE/i.test(text)) continue;
    const edits: Edit[] = [];
    for (const column of findElements(text, "tableColumn")) {
      for (const name of ["calculatedColumnFormula", "totalsRowFormula"]) {
        for (const element of findElements(text, name, column.innerStart, column.end)) {
          if (!/ALTHEDGE/i.test(element.inner)) continue;
          edits.push({ start: element.start, end: element.end, text: "" });
          warnings.push({
            sheet,
            message: `table column "${attribute(column.tag, "name") ?? ""}" no longer fills new rows with its formula (it calls ALTHEDGE)`,
          });
        }
      }
      if (
        edits.some((e) => e.start > column.start && e.end < column.end) &&
        attribute(column.tag, "totalsRowFunction") === "custom"
      ) {
        edits.push({
          start: column.start,
          end: column.start + column.tag.length,
          text: setAttribute(column.tag, "totalsRowFunction", undefined),
        });
      }
    }
    if (edits.length > 0) pkg.setText(part, splice(text, edits));
  }
}

/** workbook.xml with the removed sheets, names, calculation state and views fixed, Provenance added. */
function rewriteWorkbook(
  text: string,
  sheets: readonly WorkbookSheet[],
  keptSheets: readonly WorkbookSheet[],
  names: ReturnType<typeof readNames>,
  plan: SharePlan,
  provenanceSheet: string
): string {
  const edits: Edit[] = [];
  // Excel records the folder the workbook was saved in (x15ac:absPath, inside an
  // mc:AlternateContent): a path with the user's name, which has no business in a shared copy
  for (const block of findElements(text, "mc:AlternateContent")) {
    if (block.inner.includes("x15ac:absPath"))
      edits.push({ start: block.start, end: block.end, text: "" });
  }
  const newIndex = new Map<number, number>();
  sheets.forEach((sheet, i) => {
    const at = keptSheets.indexOf(sheet);
    if (at >= 0) newIndex.set(i, at);
    else edits.push({ start: sheet.element.start, end: sheet.element.end, text: "" });
  });
  // Provenance goes last in <sheets>
  const sheetsElement = findElement(text, "sheets")!;
  const close = sheetsElement.end - "</sheets>".length;
  edits.push({ start: close, end: close, text: provenanceSheet });

  // names: removed as planned, with their sheet, or renumbered
  const removeWorkbookNames = new Set(
    plan.removeNames.map((n) => `${n.sheet?.toLowerCase() ?? ""}!${n.name.toLowerCase()}`)
  );
  const removeSheetNames = new Set(
    plan.copies.flatMap((copy) =>
      copy.removeNames.map((n) => `${copy.original.toLowerCase()}!${n.toLowerCase()}`)
    )
  );
  let keptNames = 0;
  for (const n of names) {
    const scope =
      n.localSheetId !== undefined ? (sheets[n.localSheetId]?.name.toLowerCase() ?? "?") : "";
    const id = `${scope}!${n.name.toLowerCase()}`;
    const gone =
      removeWorkbookNames.has(id) ||
      removeSheetNames.has(id) ||
      (n.localSheetId !== undefined && !newIndex.has(n.localSheetId));
    if (gone) edits.push({ start: n.element.start, end: n.element.end, text: "" });
    else {
      keptNames++;
      if (n.localSheetId !== undefined && newIndex.get(n.localSheetId) !== n.localSheetId) {
        const tag = setAttribute(
          n.element.tag,
          "localSheetId",
          String(newIndex.get(n.localSheetId))
        );
        edits.push({
          start: n.element.start,
          end: n.element.start + n.element.tag.length,
          text: tag,
        });
      }
    }
  }
  const definedNames = findElement(text, "definedNames");
  if (definedNames && keptNames === 0) {
    // an empty <definedNames/> is not allowed: the whole list goes (its names' edits with it)
    for (let i = edits.length - 1; i >= 0; i--) {
      if (edits[i].start >= definedNames.start && edits[i].end <= definedNames.end)
        edits.splice(i, 1);
    }
    edits.push({ start: definedNames.start, end: definedNames.end, text: "" });
  }

  // views: the active and first tabs follow their sheets (or the first visible sheet kept)
  const firstVisible = Math.max(
    0,
    keptSheets.findIndex((s) => s.visibility === "Visible")
  );
  for (const view of findElements(text, "workbookView")) {
    let tag = view.tag;
    const active = Number(attribute(tag, "activeTab") ?? 0);
    const first = Number(attribute(tag, "firstSheet") ?? 0);
    const activeNew = newIndex.get(active) ?? firstVisible;
    const keptFrom = [...newIndex.keys()].filter((i) => i >= first).map((i) => newIndex.get(i)!);
    const firstNew = keptFrom.length > 0 ? Math.min(...keptFrom, activeNew) : 0;
    if (attribute(tag, "activeTab") !== undefined || activeNew !== 0) {
      tag = setAttribute(tag, "activeTab", activeNew === 0 ? undefined : String(activeNew));
    }
    if (attribute(tag, "firstSheet") !== undefined || firstNew !== 0) {
      tag = setAttribute(tag, "firstSheet", firstNew === 0 ? undefined : String(firstNew));
    }
    if (tag !== view.tag)
      edits.push({ start: view.start, end: view.start + view.tag.length, text: tag });
  }
  return splice(text, edits);
}

/**
 * The Provenance worksheet: its part (strings shared, so the sheet, time and version are stored once),
 * content type and relationship, and the `<sheet>` entry for workbook.xml.
 */
function addProvenance(
  pkg: Package,
  workbookPart: string,
  plan: SharePlan,
  sharedStringsPart: string | undefined
): {
  rel: { id: string; type: string; target: string; external: boolean };
  sheetXml: string;
  firstString: number;
} {
  const part = freePartName(pkg, "xl/worksheets/sheet{n}.xml");
  const workbookText = pkg.text(workbookPart)!;
  const ids = findElements(workbookText, "sheet").map((s) =>
    Number(attribute(s.tag, "sheetId") ?? 0)
  );
  const sheetId = Math.max(0, ...ids) + 1;

  // the original formulas as Excel shows them, not in the file's spelling (_xldudf_, _xlfn.)
  const formulaColumn = plan.provenance.header.indexOf("Original formula");
  const rows = [
    plan.provenance.header as readonly CellValue[],
    ...plan.provenance.rows.map((row) =>
      row.map((value, c) =>
        c === formulaColumn && typeof value === "string" ? displayFormula(value) : value
      )
    ),
  ];
  // A text repeated down its column (the sheet, the note, the time, the version) is shared; the others
  // (a cell, a formula) are inline: the smallest sheet for the largest Provenance.
  let sstPart = sharedStringsPart;
  let sst = sstPart !== undefined ? pkg.text(sstPart) : undefined;
  const existing = sst !== undefined ? findElements(sst, "si").length : 0;
  const added: string[] = [];
  const index = new Map<string, number>();
  const sharedIndex = (text: string): number => {
    let i = index.get(text);
    if (i === undefined) {
      i = existing + added.length;
      index.set(text, i);
      added.push(`<si>${textElement(text)}</si>`);
    }
    return i;
  };
  const width = rows.reduce((n, row) => Math.max(n, row.length), 0);
  const letters = Array.from({ length: width }, (_, c) => columnLetters(c));
  const out: string[] = [];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const above = r > 0 ? rows[r - 1] : undefined;
    const number = r + 1;
    let xml = `<row r="${number}">`;
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      if (value === null || value === "") continue;
      // every cell with its position: CT_Cell's r is optional, but exceljs 4.4 fails without it
      const ref = `<c r="${letters[c]}${number}"`;
      if (typeof value === "number") xml += `${ref}><v>${String(value)}</v></c>`;
      else if (typeof value === "boolean") xml += `${ref} t="b"><v>${value ? 1 : 0}</v></c>`;
      // formulas, error codes and every other text as text
      else if (above?.[c] === value || index.has(value))
        xml += `${ref} t="s"><v>${sharedIndex(value)}</v></c>`;
      else xml += `${ref} t="inlineStr"><is>${textElement(value)}</is></c>`;
    }
    out.push(`${xml}</row>`);
  }
  const widths = [20, 14, 60, 16, 60, 24, 16];
  const cols = Array.from(
    { length: width },
    (_, c) => `<col min="${c + 1}" max="${c + 1}" width="${widths[c] ?? 16}" customWidth="1"/>`
  ).join("");
  const sheetXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${columnLetters(Math.max(0, width - 1))}${rows.length}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols>` +
    `<sheetData>${out.join("")}</sheetData>` +
    "</worksheet>";
  pkg.setText(part, sheetXml);
  pkg.addOverride(part, CONTENT_TYPE.worksheet);

  if (added.length > 0 && (sstPart === undefined || sst === undefined)) {
    // a workbook without shared strings gets a table of its own
    sstPart = resolveTarget(workbookPart, "sharedStrings.xml");
    sst =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>';
    pkg.addOverride(sstPart, CONTENT_TYPE.sharedStrings);
    const rels = pkg.relationships(workbookPart);
    rels.push({
      id: freeRelId(rels),
      type: REL.sharedStrings,
      target: relativeTarget(workbookPart, sstPart),
      external: false,
    });
    pkg.setRelationships(workbookPart, rels);
  }
  if (added.length > 0 && sstPart !== undefined && sst !== undefined) {
    const close = sst.lastIndexOf("</sst>");
    let updated =
      close >= 0
        ? sst.slice(0, close) + added.join("") + sst.slice(close)
        : sst.replace(
            /<sst([^>]*)\/>/,
            (_, attrs: string) => `<sst${attrs}>${added.join("")}</sst>`
          );
    const open = findElement(updated, "sst")!;
    // uniqueCount is the number of items; count (every reference) is optional and left out
    let tag = setAttribute(open.tag, "uniqueCount", String(existing + added.length));
    tag = setAttribute(tag, "count", undefined);
    updated = updated.slice(0, open.start) + tag + updated.slice(open.start + open.tag.length);
    pkg.setText(sstPart, updated);
  }
  // after the shared strings' relationship, if one was added
  const id = freeRelId(pkg.relationships(workbookPart));
  return {
    rel: { id, type: REL.worksheet, target: relativeTarget(workbookPart, part), external: false },
    sheetXml: `<sheet name="${escapeXml(plan.provenance.name)}" sheetId="${sheetId}" ${relationshipsPrefix(workbookText)}:id="${id}"/>`,
    firstString: existing,
  };
}

/**
 * Workbook relationships nothing needs any more: pivot caches no pivot table uses, the people of
 * threaded comments when no threaded comment is left.
 */
function orphanWorkbookRels(pkg: Package, workbookPart: string): Set<string> {
  const used = new Set<string>();
  let threaded = false;
  for (const part of pkg.parts()) {
    if (/threadedComments\/[^/]*\.xml$/.test(part)) threaded = true;
    if (!/pivotTables\/[^/]*\.xml$/.test(part)) continue;
    for (const { part: cache } of pkg.targets(part, REL.pivotCacheDefinition)) used.add(cache);
  }
  const orphans = new Set<string>();
  for (const { rel, part } of pkg.targets(workbookPart, REL.pivotCacheDefinition)) {
    if (!used.has(part)) orphans.add(rel.id);
  }
  if (!threaded) for (const { rel } of pkg.targets(workbookPart, REL.person)) orphans.add(rel.id);
  return orphans;
}

function removePivotCaches(text: string, relIds: ReadonlySet<string>): string {
  const list = findElement(text, "pivotCaches");
  if (!list) return text;
  const caches = findElements(text, "pivotCache", list.innerStart, list.end);
  const gone = caches.filter((c) => relIds.has(attribute(c.tag, "r:id") ?? ""));
  if (gone.length === caches.length)
    return splice(text, [{ start: list.start, end: list.end, text: "" }]);
  return splice(
    text,
    gone.map((c) => ({ start: c.start, end: c.end, text: "" }))
  );
}

/**
 * The strings only removed sheets showed, blanked in the shared-string table (indexes kept, so no
 * cell of a kept sheet needs renumbering): the removed sheets' text does not travel.
 */
function blankUnusedStrings(
  pkg: Package,
  part: string,
  keptSheets: readonly WorkbookSheet[],
  provenanceFrom: number
): void {
  const text = pkg.text(part);
  if (text === undefined) return;
  const used = new Set<number>();
  const pattern = /<c\b[^>]*?\st="s"[^>]*>\s*<v>\s*(\d+)\s*<\/v>/g;
  for (const sheet of keptSheets) {
    if (!sheet.part) continue;
    const sheetText = pkg.text(sheet.part);
    if (sheetText === undefined) continue;
    for (let m = pattern.exec(sheetText); m; m = pattern.exec(sheetText)) used.add(Number(m[1]));
  }
  const items = findElements(text, "si");
  const edits = items.flatMap((si, i) =>
    i < provenanceFrom && !used.has(i) && si.inner !== "<t/>"
      ? [{ start: si.start, end: si.end, text: "<si><t/></si>" }]
      : []
  );
  if (edits.length > 0) pkg.setText(part, splice(text, edits));
}

/** docProps/app.xml lists every sheet's name (hidden ones too): those optional lists go. */
function dropSheetTitles(pkg: Package): void {
  const part = pkg.targets(
    "",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties"
  )[0]?.part;
  const text = part !== undefined ? pkg.text(part) : undefined;
  if (part === undefined || text === undefined) return;
  const edits = ["HeadingPairs", "TitlesOfParts"].flatMap((name) => {
    const element = findElement(text, name);
    return element ? [{ start: element.start, end: element.end, text: "" }] : [];
  });
  if (edits.length > 0) pkg.setText(part, splice(text, edits));
}

/** `<t>` of a text, keeping its spaces when it starts or ends with one. */
const textElement = (text: string): string =>
  isSpace(text.charCodeAt(0)) || isSpace(text.charCodeAt(text.length - 1))
    ? `<t xml:space="preserve">${escapeXml(text)}</t>`
    : `<t>${escapeXml(text)}</t>`;

/** Space, tab, newline or carriage return (XML's whitespace). */
const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

const RELATIONSHIPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The prefix workbook.xml gives the relationships namespace ("r" as Excel writes it). */
function relationshipsPrefix(workbook: string): string {
  const m = new RegExp(`xmlns:([A-Za-z0-9_]+)="${RELATIONSHIPS_NS}"`).exec(workbook);
  return m ? m[1] : "r";
}

/** workbook.xml with the relationships namespace declared as "r" when it has no prefix for it. */
function declareRelationships(workbook: string): string {
  if (new RegExp(`xmlns:[A-Za-z0-9_]+="${RELATIONSHIPS_NS}"`).test(workbook)) return workbook;
  const root = findElement(workbook, "workbook");
  if (!root) return workbook;
  const tag = setAttribute(root.tag, "xmlns:r", RELATIONSHIPS_NS);
  return workbook.slice(0, root.start) + tag + workbook.slice(root.start + root.tag.length);
}

/**
 * Charts and pivot caches left in the package that read a removed sheet: they keep a copy of its
 * values (a chart's cached series, a pivot cache's records) that the transform does not rewrite.
 */
function cachesOfRemovedSheets(pkg: Package, removed: readonly string[]): ShareWarning[] {
  if (removed.length === 0) return [];
  const warnings: ShareWarning[] = [];
  /** The removed sheet a formula reads (`Secret!A1`, `'My sheet'!A1`), if any. */
  const readsRemoved = (formula: string): string | undefined =>
    removed.find((name) => {
      const quoted = `'${name.replace(/'/g, "''")}'!`.toLowerCase();
      const plain = `${name}!`.toLowerCase();
      const text = formula.toLowerCase();
      if (text.includes(quoted)) return true;
      for (let at = text.indexOf(plain); at >= 0; at = text.indexOf(plain, at + 1)) {
        if (at === 0 || !/[A-Za-z0-9_.'\]]/.test(text[at - 1])) return true;
      }
      return false;
    });
  for (const part of pkg.parts()) {
    let reads: string | undefined;
    if (/^xl\/charts\/chart[^/]*\.xml$/.test(part)) {
      const text = pkg.text(part) ?? "";
      const refs = [...text.matchAll(/<c:f>([^<]*)<\/c:f>/g)]
        .map((m) => unescapeXml(m[1]))
        .join(" ");
      reads = readsRemoved(refs);
      if (reads !== undefined)
        warnings.push({
          message: `a chart (${part}) reads the removed sheet "${reads}": its cached points still hold that sheet's values`,
        });
    } else if (/^xl\/pivotCache\/pivotCacheDefinition[^/]*\.xml$/.test(part)) {
      const text = pkg.text(part) ?? "";
      const source = /<worksheetSource\b[^>]*\bsheet="([^"]*)"/.exec(text)?.[1];
      reads =
        source !== undefined
          ? removed.find((name) => name.toLowerCase() === source.toLowerCase())
          : undefined;
      if (reads !== undefined)
        warnings.push({
          message: `a pivot table's cache (${part}) copies the removed sheet "${reads}": its records still hold that sheet's data`,
        });
    }
  }
  return warnings;
}
