/**
 * The workbook part (`xl/workbook.xml`) and what hangs off it: the sheets in tab order with their
 * visibility and parts, the defined names with their scope, and the notes and threaded comments of a
 * sheet (with their authors).
 */
import type { ShareComment, ShareName, SheetVisibility } from "../../templates/share";
import { REL, resolveTarget, type Package } from "./package";
import {
  attribute,
  findElement,
  findElements,
  unescapeExcelText,
  unescapeXml,
  type Element,
} from "./xml";

export interface WorkbookSheet {
  name: string;
  visibility: SheetVisibility;
  /** The `<sheet>` element in workbook.xml. */
  element: Element;
  relId: string;
  /** Its part ("xl/worksheets/sheet1.xml"); undefined when the relationship is missing. */
  part?: string;
  /** "worksheet", "chartsheet", "dialogsheet", "macrosheet" (the relationship type's last word). */
  kind: string;
}

export interface WorkbookName {
  name: string;
  /** Index of its sheet in `<sheets>` (localSheetId), undefined for a workbook name. */
  localSheetId?: number;
  /** Its text, unescaped, without "=". */
  text: string;
  element: Element;
}

/** A relationship id attribute, whatever prefix the part gave the relationships namespace. */
export const relIdOf = (tag: string): string =>
  attribute(tag, "r:id") ?? /\s[A-Za-z0-9_]+:id\s*=\s*"([^"]*)"/.exec(tag)?.[1] ?? "";

export function readSheets(pkg: Package, workbookPart: string, text: string): WorkbookSheet[] {
  const rels = new Map(pkg.relationships(workbookPart).map((rel) => [rel.id, rel]));
  const sheets = findElement(text, "sheets");
  if (!sheets) return [];
  return findElements(text, "sheet", sheets.innerStart, sheets.end).map((element) => {
    const state = attribute(element.tag, "state");
    const relId = relIdOf(element.tag);
    const rel = rels.get(relId);
    return {
      name: attribute(element.tag, "name") ?? "",
      visibility: state === "hidden" ? "Hidden" : state === "veryHidden" ? "VeryHidden" : "Visible",
      element,
      relId,
      ...(rel && !rel.external ? { part: resolveTarget(workbookPart, rel.target) } : {}),
      kind: rel ? rel.type.slice(rel.type.lastIndexOf("/") + 1) : "missing",
    };
  });
}

export function readNames(text: string): WorkbookName[] {
  const list = findElement(text, "definedNames");
  if (!list) return [];
  return findElements(text, "definedName", list.innerStart, list.end).map((element) => {
    const local = attribute(element.tag, "localSheetId");
    return {
      name: attribute(element.tag, "name") ?? "",
      ...(local !== undefined ? { localSheetId: Number(local) } : {}),
      text: unescapeExcelText(unescapeXml(element.inner)),
      element,
    };
  });
}

export const shareName = (name: WorkbookName, sheets: readonly WorkbookSheet[]): ShareName => ({
  name: name.name,
  ...(name.localSheetId !== undefined && sheets[name.localSheetId]
    ? { sheet: sheets[name.localSheetId].name }
    : {}),
  formula: `=${name.text}`,
});

/**
 * The notes (legacy comments) and threaded comments of a sheet, each with its author. Excel writes a
 * note beside each threaded comment for older versions; such a note is counted with its comment.
 */
export function readComments(pkg: Package, sheetPart: string): ShareComment[] {
  const comments: ShareComment[] = [];
  const threaded = new Set<string>();
  const persons = readPersons(pkg);
  for (const { part } of pkg.targets(sheetPart, REL.threadedComment)) {
    const text = pkg.text(part);
    if (text === undefined) continue;
    for (const element of findElements(text, "threadedComment")) {
      if (attribute(element.tag, "parentId") !== undefined) continue; // a reply: part of its thread
      const address = attribute(element.tag, "ref") ?? "";
      const author = persons.get(attribute(element.tag, "personId") ?? "");
      threaded.add(address.toUpperCase());
      comments.push({ kind: "comment", address, ...(author !== undefined ? { author } : {}) });
    }
  }
  for (const { part } of pkg.targets(sheetPart, REL.comments)) {
    const text = pkg.text(part);
    if (text === undefined) continue;
    const authors = findElements(text, "author").map((a) => unescapeXml(a.inner));
    for (const element of findElements(text, "comment")) {
      const address = attribute(element.tag, "ref") ?? "";
      if (threaded.has(address.toUpperCase())) continue;
      const author = authors[Number(attribute(element.tag, "authorId") ?? -1)];
      comments.push({ kind: "note", address, ...(author !== undefined ? { author } : {}) });
    }
  }
  return comments;
}

/** Threaded comments' people, by id (xl/persons/person.xml, related from the workbook). */
function readPersons(pkg: Package): Map<string, string> {
  const persons = new Map<string, string>();
  const workbook = pkg.targets("", REL.officeDocument)[0]?.part;
  if (!workbook) return persons;
  for (const { part } of pkg.targets(workbook, REL.person)) {
    const text = pkg.text(part);
    if (text === undefined) continue;
    for (const element of findElements(text, "person")) {
      persons.set(attribute(element.tag, "id") ?? "", attribute(element.tag, "displayName") ?? "");
    }
  }
  return persons;
}
