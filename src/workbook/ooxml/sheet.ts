/**
 * A worksheet part (`xl/worksheets/sheetN.xml`) read by scanning its text once: the cells of
 * `<sheetData>` with their formulas (shared formulas expanded to each cell's own text) and cached
 * values, hidden rows and columns, conditional formats and data validations (the x14 ones in the
 * extension list too) with the formulas they hold, and the legacy drawing of its notes. Then written
 * back by splicing only what changes: frozen cells, rewritten formulas, removed rules and drawing.
 */
import type { CellValue } from "../../templates/plan";
import type { ShareRule } from "../../templates/share";
import { columnIndex, shiftFormula, type Area } from "./refs";
import {
  attribute,
  escapeXml,
  findElement,
  findElements,
  setAttribute,
  stringItemText,
  unescapeExcelText,
  unescapeXml,
  type Element,
} from "./xml";

/** One `<c>` of the sheet as read. */
export interface SheetCell {
  row: number;
  col: number;
  /** The whole `<c …>…</c>` in the part's text. */
  start: number;
  end: number;
  /** Its start tag. */
  tag: string;
  /** Its `t` attribute ("n" when absent). */
  type: string;
  /** Its formula in the file's form (no "="), unescaped; a shared follower's is its master's, moved. */
  formula?: string;
  /** The `<f>` element, when the cell has one. */
  f?: { start: number; end: number; tag: string; kind: string; si?: string; ref?: string };
  /** A shared formula's master (the cell whose `<f>` holds the text). */
  sharedMaster?: boolean;
  /** What the cell shows: errors as their code, empty as null. */
  value: CellValue;
  /** The `<v>` text as stored (escaped), when there is one. */
  stored?: string;
}

export interface ScannedSheet {
  cells: SheetCell[];
  hiddenRows: number[];
  hiddenColumns: number[];
  /** The cells' bounding box; null for a sheet without cells. */
  bounds: Area | null;
  /** `<legacyDrawing r:id>` (the notes' VML drawing), when present. */
  legacyDrawing?: { start: number; end: number; id: string };
  /** The sheet holds form controls or OLE objects (they share the VML drawing with notes). */
  hasControls: boolean;
}

const ROW_OR_CELL = /<row(?=[\s>/])[^>]*>|<\/row>|<c(?=[\s>/])[^>]*>/g;
const CELL_REF = /\sr="\$?([A-Za-z]{1,3})\$?([0-9]+)"/;
const ROW_NUMBER = /\sr="([0-9]+)"/;
const TYPE = /\st="([A-Za-z]+)"/;
const HIDDEN = /\shidden="(1|true)"/;

/** Shared strings: the text of each `<si>`, in order. */
export function readSharedStrings(text: string | undefined): string[] {
  if (text === undefined) return [];
  return findElements(text, "si").map((si) => stringItemText(si.inner));
}

/** Reads a worksheet part's cells, hidden rows and columns and legacy drawing. */
export function scanSheet(text: string, sharedStrings: readonly string[]): ScannedSheet {
  if (/<[A-Za-z0-9_]+:worksheet[\s>]/.test(text.slice(0, 2000))) {
    throw new Error(
      "This worksheet uses a namespace prefix (<x:worksheet>): open and save the file in Excel first"
    );
  }
  const cells: SheetCell[] = [];
  const hiddenRows: number[] = [];
  const masters = new Map<string, { row: number; col: number; text: string }>();
  const orphans: SheetCell[] = [];
  let bounds: Area | null = null;
  const data = findElement(text, "sheetData");
  if (data && !data.tag.endsWith("/>")) {
    const pattern = ROW_OR_CELL;
    pattern.lastIndex = data.innerStart;
    const stop = data.end;
    let row = -1;
    let col = -1;
    for (let m = pattern.exec(text); m && m.index < stop; m = pattern.exec(text)) {
      const tag = m[0];
      if (tag.charCodeAt(1) === 114 /* r */) {
        const number = ROW_NUMBER.exec(tag);
        row = number ? Number(number[1]) - 1 : row + 1;
        col = -1;
        if (HIDDEN.test(tag)) hiddenRows.push(row);
        continue;
      }
      if (tag.charCodeAt(1) === 47 /* / */) continue;
      // a cell
      const start = m.index;
      const ref = CELL_REF.exec(tag);
      if (ref) {
        col = columnIndex(ref[1]);
        row = Number(ref[2]) - 1;
      } else col++;
      let end = start + tag.length;
      let inner = "";
      if (!tag.endsWith("/>")) {
        const close = text.indexOf("</c>", end);
        if (close < 0) throw new Error("Damaged worksheet: a cell never ends");
        inner = text.slice(end, close);
        end = close + 4;
        pattern.lastIndex = end;
      }
      const type = TYPE.exec(tag)?.[1] ?? "n";
      const cell: SheetCell = { row, col, start, end, tag, type, value: null };
      if (inner) readCellContent(cell, inner, start + tag.length, sharedStrings, masters, orphans);
      cells.push(cell);
      if (!bounds) bounds = { row, col, lastRow: row, lastCol: col };
      else {
        if (row < bounds.row) bounds.row = row;
        if (row > bounds.lastRow) bounds.lastRow = row;
        if (col < bounds.col) bounds.col = col;
        if (col > bounds.lastCol) bounds.lastCol = col;
      }
    }
  }
  // followers written before their master (rare): moved from the master now that it is known
  for (const cell of orphans) {
    const master = masters.get(cell.f!.si!);
    if (master)
      cell.formula = shiftFormula(master.text, cell.row - master.row, cell.col - master.col);
  }
  const hiddenColumns: number[] = [];
  const cols = findElement(text, "cols");
  if (cols) {
    for (const column of findElements(cols.inner, "col")) {
      if (!HIDDEN.test(column.tag)) continue;
      const min = Number(attribute(column.tag, "min"));
      const max = Number(attribute(column.tag, "max"));
      for (let c = min; c <= max && c > 0; c++) hiddenColumns.push(c - 1);
    }
  }
  const drawing = findElement(text, "legacyDrawing");
  return {
    cells,
    hiddenRows,
    hiddenColumns,
    bounds,
    ...(drawing
      ? {
          legacyDrawing: {
            start: drawing.start,
            end: drawing.end,
            id: attribute(drawing.tag, "r:id") ?? "",
          },
        }
      : {}),
    hasControls: /<(controls|oleObjects)[\s>]/.test(text),
  };
}

const F_ELEMENT = /<f(?:\s[^>]*)?\/>|<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/;
const V_ELEMENT = /<v(?:\s[^>]*)?>([\s\S]*?)<\/v>/;

function readCellContent(
  cell: SheetCell,
  inner: string,
  offset: number,
  sharedStrings: readonly string[],
  masters: Map<string, { row: number; col: number; text: string }>,
  orphans: SheetCell[]
): void {
  const f = inner.indexOf("<f") >= 0 ? F_ELEMENT.exec(inner) : null;
  if (f) {
    const fTag = f[0].slice(0, f[0].indexOf(">") + 1);
    const kind = attribute(fTag, "t") ?? "normal";
    const si = attribute(fTag, "si");
    const ref = attribute(fTag, "ref");
    cell.f = {
      start: offset + f.index,
      end: offset + f.index + f[0].length,
      tag: fTag,
      kind,
      ...(si !== undefined ? { si } : {}),
      ...(ref !== undefined ? { ref } : {}),
    };
    const own = f[1] !== undefined ? unescapeExcelText(unescapeXml(f[1])) : "";
    if (kind === "shared" && si !== undefined) {
      if (own !== "") {
        cell.formula = own;
        cell.sharedMaster = true;
        masters.set(si, { row: cell.row, col: cell.col, text: own });
      } else {
        const master = masters.get(si);
        if (master) {
          cell.formula = shiftFormula(master.text, cell.row - master.row, cell.col - master.col);
        } else orphans.push(cell);
      }
    } else if (kind !== "dataTable" && own !== "") {
      cell.formula = own;
    }
  }
  const v = V_ELEMENT.exec(inner);
  if (v) cell.stored = v[1];
  cell.value = cellValue(cell.type, v ? v[1] : undefined, inner, sharedStrings);
}

function cellValue(
  type: string,
  stored: string | undefined,
  inner: string,
  sharedStrings: readonly string[]
): CellValue {
  switch (type) {
    case "s":
      return stored === undefined ? null : (sharedStrings[Number(stored)] ?? null);
    case "b":
      return stored === undefined ? null : stored.trim() === "1" || stored.trim() === "true";
    case "e":
      return stored === undefined ? null : unescapeXml(stored).trim();
    case "str":
      return stored === undefined ? "" : unescapeExcelText(unescapeXml(stored));
    case "inlineStr": {
      const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
      return is ? stringItemText(is[1]) : stored !== undefined ? unescapeXml(stored) : null;
    }
    case "d":
      return stored === undefined ? null : unescapeXml(stored);
    default: {
      if (stored === undefined || stored.trim() === "") return null;
      const n = Number(stored);
      return Number.isFinite(n) ? n : unescapeXml(stored);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Conditional formats and data validations
// ---------------------------------------------------------------------------------------------

/** A rule as read, with where it sits (to remove it). */
export interface LocatedRule {
  rule: ShareRule;
  /** "cf" `<conditionalFormatting>`, "dv" `<dataValidations>`, and their x14 forms. */
  family: "cf" | "x14cf" | "dv" | "x14dv";
  /** The rule's element (`cfRule`, `dataValidation`, …) in the part's text. */
  element: Element;
  /** Its container: `<conditionalFormatting>` / `<x14:conditionalFormatting>` / the validations list. */
  container: Element;
  /** For x14 rules: the `<ext>` holding them. */
  ext?: Element;
  /** A cfRule's link to its x14 counterpart (`<x14:id>`), or an x14:cfRule's own `id`. */
  link?: string;
}

const CF_EXT = "{78C0D931-6437-407d-A8EE-F0AAD7539E65}";
const DV_EXT = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}";

const formulaText = (element: Element): string =>
  `=${unescapeExcelText(unescapeXml(element.inner))}`;

const addressOf = (sqref: string): string => sqref.trim().split(/\s+/).join(",");

/**
 * The sheet's conditional formats and validations, each kind numbered in reading order: the
 * `<conditionalFormatting>` rules, then the x14 ones of the extension list; the `<dataValidations>`,
 * then the x14 ones. Every rule is numbered; rules without a formula are numbered but not returned.
 */
export function scanRules(text: string): LocatedRule[] {
  const rules: LocatedRule[] = [];
  let cf = 0;
  let dv = 0;
  const exts = findElements(text, "ext").filter((ext) => {
    const uri = attribute(ext.tag, "uri")?.toUpperCase();
    return uri === CF_EXT.toUpperCase() || uri === DV_EXT.toUpperCase();
  });
  const cfExt = exts.find(
    (ext) => attribute(ext.tag, "uri")!.toUpperCase() === CF_EXT.toUpperCase()
  );
  const dvExt = exts.find(
    (ext) => attribute(ext.tag, "uri")!.toUpperCase() === DV_EXT.toUpperCase()
  );
  const outside = (at: number): boolean => !exts.some((ext) => at >= ext.start && at < ext.end);

  for (const container of findElements(text, "conditionalFormatting")) {
    if (!outside(container.start)) continue;
    const address = addressOf(attribute(container.tag, "sqref") ?? "");
    for (const element of findElements(text, "cfRule", container.innerStart, container.end)) {
      const formulas = findElements(element.inner, "formula").map(formulaText);
      const link = /<x14:id>([^<]*)<\/x14:id>/.exec(element.inner)?.[1];
      const index = cf++;
      rules.push({
        rule: { kind: "conditional-format", address, formulas, index },
        family: "cf",
        element,
        container,
        ...(link ? { link } : {}),
      });
    }
  }
  if (cfExt) {
    for (const container of findElements(
      text,
      "x14:conditionalFormatting",
      cfExt.innerStart,
      cfExt.end
    )) {
      const sqref = findElement(container.inner, "xm:sqref");
      const address = addressOf(sqref ? unescapeXml(sqref.inner) : "");
      for (const element of findElements(text, "x14:cfRule", container.innerStart, container.end)) {
        const formulas = findElements(element.inner, "xm:f").map(formulaText);
        const link = attribute(element.tag, "id");
        const index = cf++;
        rules.push({
          rule: { kind: "conditional-format", address, formulas, index },
          family: "x14cf",
          element,
          container,
          ext: cfExt,
          ...(link ? { link } : {}),
        });
      }
    }
  }
  const validations = findElements(text, "dataValidations").find((element) =>
    outside(element.start)
  );
  if (validations) {
    for (const element of findElements(
      text,
      "dataValidation",
      validations.innerStart,
      validations.end
    )) {
      const formulas = [
        ...findElements(element.inner, "formula1"),
        ...findElements(element.inner, "formula2"),
      ].map(formulaText);
      const index = dv++;
      rules.push({
        rule: {
          kind: "validation",
          address: addressOf(attribute(element.tag, "sqref") ?? ""),
          formulas,
          index,
        },
        family: "dv",
        element,
        container: validations,
      });
    }
  }
  if (dvExt) {
    const container = findElement(text, "x14:dataValidations", dvExt.innerStart, dvExt.end);
    if (container) {
      for (const element of findElements(
        text,
        "x14:dataValidation",
        container.innerStart,
        container.end
      )) {
        const formulas = findElements(element.inner, "xm:f").map(formulaText);
        const sqref = findElement(element.inner, "xm:sqref");
        const index = dv++;
        rules.push({
          rule: {
            kind: "validation",
            address: addressOf(sqref ? unescapeXml(sqref.inner) : ""),
            formulas,
            index,
          },
          family: "x14dv",
          element,
          container,
          ext: dvExt,
        });
      }
    }
  }
  return rules;
}

/** An edit of a part's text. */
export interface Edit {
  start: number;
  end: number;
  text: string;
}

/**
 * The edits that remove `remove` (rules as `scanRules` read them) from the sheet: each rule's element;
 * a container left without rules goes too (an x14 extension left empty as well), and the `count` of a
 * validation list follows. Removing a rule also removes its x14 counterpart (a data bar's extension).
 */
export function ruleRemovalEdits(
  text: string,
  located: readonly LocatedRule[],
  remove: readonly ShareRule[]
): Edit[] {
  const wanted = new Set(remove.map((rule) => `${rule.kind}#${rule.index}`));
  const removed = new Set(located.filter((r) => wanted.has(`${r.rule.kind}#${r.rule.index}`)));
  // counterparts
  const links = new Set(
    [...removed].filter((r) => r.family === "cf" && r.link).map((r) => r.link!)
  );
  for (const r of located) if (r.family === "x14cf" && r.link && links.has(r.link)) removed.add(r);
  if (removed.size === 0) return [];

  const edits: Edit[] = [];
  // group by container (a container is identified by its start)
  const byContainer = new Map<number, LocatedRule[]>();
  for (const r of located) {
    const list = byContainer.get(r.container.start) ?? [];
    list.push(r);
    byContainer.set(r.container.start, list);
  }
  /** Per ext: how many of its containers are emptied, of how many. */
  const extEmptied = new Map<number, { ext: Element; emptied: Element[]; total: number }>();
  for (const list of byContainer.values()) {
    const container = list[0].container;
    const gone = list.filter((r) => removed.has(r));
    if (gone.length === 0) continue;
    const empty = gone.length === list.length;
    if (list[0].ext && list[0].family === "x14cf") {
      const entry = extEmptied.get(list[0].ext.start) ?? {
        ext: list[0].ext,
        emptied: [],
        total: findElements(
          text,
          "x14:conditionalFormatting",
          list[0].ext.innerStart,
          list[0].ext.end
        ).length,
      };
      if (empty) entry.emptied.push(container);
      extEmptied.set(list[0].ext.start, entry);
      if (empty) continue; // removed with the ext, or below
    }
    if (list[0].family === "x14dv" && empty) {
      edits.push({ start: list[0].ext!.start, end: list[0].ext!.end, text: "" });
      continue;
    }
    if (empty) {
      edits.push({ start: container.start, end: container.end, text: "" });
      continue;
    }
    // the container stays: splice the rules out of it, fix its count
    const local = gone.map((r) => ({
      start: r.element.start - container.start,
      end: r.element.end - container.start,
      text: "",
    }));
    let rewritten = spliceLocal(text.slice(container.start, container.end), local);
    if (list[0].family === "dv" || list[0].family === "x14dv") {
      const open = rewritten.slice(0, rewritten.indexOf(">") + 1);
      if (attribute(open, "count") !== undefined) {
        rewritten =
          setAttribute(open, "count", String(list.length - gone.length)) +
          rewritten.slice(open.length);
      }
    }
    edits.push({ start: container.start, end: container.end, text: rewritten });
  }
  for (const { ext, emptied, total } of extEmptied.values()) {
    if (emptied.length === total) edits.push({ start: ext.start, end: ext.end, text: "" });
    else
      for (const container of emptied)
        edits.push({ start: container.start, end: container.end, text: "" });
  }
  return edits;
}

function spliceLocal(text: string, edits: Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start);
  let out = text;
  for (const edit of sorted) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cells written back
// ---------------------------------------------------------------------------------------------

const ERROR_CODES = new Set([
  "#NULL!",
  "#DIV/0!",
  "#VALUE!",
  "#REF!",
  "#NAME?",
  "#NUM!",
  "#N/A",
  "#GETTING_DATA",
  "#SPILL!",
  "#CALC!",
  "#FIELD!",
  "#BLOCKED!",
  "#CONNECT!",
  "#BUSY!",
  "#UNKNOWN!",
  "#EXTERNAL!",
  "#PYTHON!",
]);

export const isErrorCode = (value: CellValue): boolean =>
  typeof value === "string" && ERROR_CODES.has(value);

/** `<v>`/`<is>` and the `t` for a value; `original` keeps the stored form when the value is unchanged. */
function valueMarkup(value: CellValue, original?: SheetCell): { type?: string; content: string } {
  if (original && original.stored !== undefined && sameValue(original.value, value)) {
    // the value as stored: a shared-string index, a number's exact digits, an error, a boolean
    switch (original.type) {
      case "s":
      case "b":
      case "e":
        return { type: original.type, content: `<v>${original.stored}</v>` };
      case "n":
        return { content: `<v>${original.stored}</v>` };
      default:
      // "str" (a formula's text) and the rest are written as below
    }
  }
  if (value === null) return { content: "" };
  if (typeof value === "number") return { content: `<v>${numberText(value)}</v>` };
  if (typeof value === "boolean") return { type: "b", content: `<v>${value ? 1 : 0}</v>` };
  // an error code is an error, unless the cell showed that very text as text
  const shownAsText = original !== undefined && original.type !== "e" && original.value === value;
  if (isErrorCode(value) && !shownAsText)
    return { type: "e", content: `<v>${escapeXml(value)}</v>` };
  return { type: "inlineStr", content: `<is><t xml:space="preserve">${escapeXml(value)}</t></is>` };
}

const sameValue = (a: CellValue, b: CellValue): boolean =>
  a === b || (typeof a === "number" && typeof b === "number" && Object.is(a, b));

/** A number as XML Schema's double reads it (JavaScript's shortest round-trip form). */
function numberText(n: number): string {
  if (!Number.isFinite(n)) throw new Error(`${n} cannot be stored in a cell`);
  return String(n);
}

/** A frozen cell's start tag: `t` as given, no `cm` or `vm` (its formula's metadata), never empty. */
function cellTag(tag: string, type: string | undefined): string {
  let out = tag.replace(CELL_METADATA, "");
  const close = out.endsWith("/>") ? out.length - 2 : out.length - 1;
  out = `${out.slice(0, close)}${type ? ` t="${type}"` : ""}>`;
  return out;
}

const CELL_METADATA = /\s(?:t|cm|vm)\s*=\s*("[^"]*"|'[^']*')/g;

/** The text of a frozen cell: its value only, styles and position kept, no formula or metadata. */
export function frozenCellXml(cell: SheetCell, value: CellValue): string {
  const { type, content } = valueMarkup(value, cell);
  const tag = cellTag(cell.tag, type);
  return content === "" ? `${tag.slice(0, -1)}/>` : `${tag}${content}</c>`;
}

/** A new cell at `ref` holding `value` (a frozen cell the file did not have). */
export function newCellXml(ref: string, value: CellValue): string {
  const { type, content } = valueMarkup(value);
  return `<c r="${ref}"${type ? ` t="${type}"` : ""}>${content}</c>`;
}

/**
 * The cell with a new formula (file form, no "="): an explicit `<f>` (a shared formula's master or
 * follower becomes a formula of its own), an array formula keeping its `t` and `ref`; the cached value
 * is kept.
 */
export function formulaCellXml(text: string, cell: SheetCell, formula: string): string {
  if (!cell.f) throw new Error("formulaCellXml: the cell has no formula");
  let fTag = cell.f.tag;
  if (cell.f.kind === "shared") {
    fTag = setAttribute(
      setAttribute(setAttribute(fTag, "t", undefined), "si", undefined),
      "ref",
      undefined
    );
  }
  if (fTag.endsWith("/>")) fTag = `${fTag.slice(0, -2)}>`;
  const f = `${fTag}${escapeXml(formula)}</f>`;
  return text.slice(cell.start, cell.f.start) + f + text.slice(cell.f.end, cell.end);
}
