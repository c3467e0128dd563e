/**
 * The Open Packaging Conventions layer of an .xlsx (ECMA-376 Part 2): parts by name, relationships
 * (`_rels/*.rels`), content types, and the reachability walk that removes the parts no relationship
 * leads to any more (a removed sheet's comments, drawings, tables, charts, images).
 */
import { entryBytes, makeEntry, type ZipEntry } from "./zip";
import { attributes, bytesOf, escapeXml, findElements, utf8 } from "./xml";

export const REL = {
  officeDocument:
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
  worksheet: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet",
  sharedStrings:
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings",
  calcChain: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain",
  comments: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments",
  vmlDrawing: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing",
  table: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table",
  pivotTable: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotTable",
  pivotCacheDefinition:
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/pivotCacheDefinition",
  threadedComment: "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
  person: "http://schemas.microsoft.com/office/2017/10/relationships/person",
} as const;

export const CONTENT_TYPE = {
  worksheet: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
  sharedStrings: "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
} as const;

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** A package opened for editing: parts decoded on demand, edited parts kept as text. */
export class Package {
  private readonly entries = new Map<string, ZipEntry>();
  private readonly texts = new Map<string, string>();
  private readonly changed = new Set<string>();
  /** Original order of the parts; new parts go at the end. */
  private readonly order: string[] = [];

  constructor(entries: readonly ZipEntry[]) {
    for (const entry of entries) {
      // directories ("xl/") are not parts
      if (entry.name.endsWith("/")) continue;
      this.entries.set(entry.name, entry);
      this.order.push(entry.name);
    }
  }

  has(part: string): boolean {
    return this.texts.has(part) || this.entries.has(part);
  }

  parts(): string[] {
    return this.order.filter((name) => this.has(name));
  }

  /** A part's text (UTF-8), or undefined when the package has no such part. */
  text(part: string): string | undefined {
    const cached = this.texts.get(part);
    if (cached !== undefined) return cached;
    const entry = this.entries.get(part);
    if (!entry) return undefined;
    const text = utf8(entryBytes(entry));
    this.texts.set(part, text);
    return text;
  }

  /** Replaces (or adds) a part's text. */
  setText(part: string, text: string): void {
    if (!this.has(part)) this.order.push(part);
    this.texts.set(part, text);
    this.changed.add(part);
  }

  remove(part: string): void {
    this.entries.delete(part);
    this.texts.delete(part);
    this.changed.delete(part);
  }

  /** The relationships of `part` ("" for the package's own, `_rels/.rels`). */
  relationships(part: string): Relationship[] {
    const text = this.text(relsPath(part));
    if (text === undefined) return [];
    return findElements(text, "Relationship").map((element) => {
      const attrs = attributes(element.tag);
      return {
        id: attrs.get("Id") ?? "",
        type: attrs.get("Type") ?? "",
        target: attrs.get("Target") ?? "",
        external: attrs.get("TargetMode") === "External",
      };
    });
  }

  setRelationships(part: string, rels: readonly Relationship[]): void {
    const body = rels
      .map(
        (rel) =>
          `<Relationship Id="${escapeXml(rel.id)}" Type="${escapeXml(rel.type)}" Target="${escapeXml(rel.target)}"${rel.external ? ' TargetMode="External"' : ""}/>`
      )
      .join("");
    this.setText(
      relsPath(part),
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`
    );
  }

  /** The parts `part` relates to (internal targets only, resolved to part names). */
  targets(part: string, type?: string): { rel: Relationship; part: string }[] {
    return this.relationships(part)
      .filter((rel) => !rel.external && (type === undefined || rel.type === type))
      .map((rel) => ({ rel, part: resolveTarget(part, rel.target) }));
  }

  /**
   * Removes every part no relationship leads to from the package's root (and the rels files of
   * removed parts), and their content-type overrides. Returns the removed part names.
   */
  removeUnreachable(): string[] {
    const reachable = new Set<string>();
    const queue = [""];
    while (queue.length > 0) {
      const part = queue.pop()!;
      for (const { part: target } of this.targets(part)) {
        if (!reachable.has(target) && this.has(target)) {
          reachable.add(target);
          queue.push(target);
        }
      }
    }
    const removed: string[] = [];
    for (const name of this.parts()) {
      if (name === "[Content_Types].xml" || reachable.has(name)) continue;
      if (isRels(name)) {
        const source = sourceOfRels(name);
        if (source === "" || reachable.has(source)) continue;
      }
      this.remove(name);
      removed.push(name);
    }
    if (removed.length > 0) this.removeOverrides(removed);
    return removed;
  }

  /** Drops the `<Override>` content types of `parts`. */
  removeOverrides(parts: readonly string[]): void {
    const names = new Set(parts.map((part) => `/${part}`.toLowerCase()));
    const text = this.text("[Content_Types].xml");
    if (text === undefined) return;
    const kept = text.replace(/<Override\b[^>]*\/>/g, (tag) =>
      names.has((attributes(tag).get("PartName") ?? "").toLowerCase()) ? "" : tag
    );
    if (kept !== text) this.setText("[Content_Types].xml", kept);
  }

  addOverride(part: string, contentType: string): void {
    const text = this.text("[Content_Types].xml");
    if (text === undefined) throw new Error("Damaged package: no [Content_Types].xml");
    const close = text.lastIndexOf("</Types>");
    this.setText(
      "[Content_Types].xml",
      `${text.slice(0, close)}<Override PartName="/${escapeXml(part)}" ContentType="${contentType}"/>${text.slice(close)}`
    );
  }

  /** The zip entries: unchanged parts as stored, changed ones deflated anew. */
  toEntries(level = 6): ZipEntry[] {
    return this.parts().map((name) => {
      const entry = this.entries.get(name);
      if (entry && !this.changed.has(name)) return entry;
      return makeEntry(name, bytesOf(this.texts.get(name)!), {
        level,
        ...(entry ? { time: entry.time, date: entry.date } : {}),
      });
    });
  }
}

const isRels = (name: string): boolean => /(^|\/)_rels\/[^/]*\.rels$/.test(name);

/** "xl/_rels/workbook.xml.rels" → "xl/workbook.xml"; "_rels/.rels" → "". */
function sourceOfRels(name: string): string {
  const m = /^(.*?)_rels\/([^/]*)\.rels$/.exec(name);
  return m ? m[1] + m[2] : name;
}

/** The rels part of `part` ("xl/workbook.xml" → "xl/_rels/workbook.xml.rels"; "" → "_rels/.rels"). */
export function relsPath(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A relationship's target resolved against its source part, as a part name (no leading "/"). */
export function resolveTarget(source: string, target: string): string {
  const decoded = decodeURIComponentSafe(target);
  if (decoded.startsWith("/")) return normalize(decoded.slice(1));
  const base = source.slice(0, source.lastIndexOf("/") + 1);
  return normalize(base + decoded);
}

/** A target for `part` relative to `source`'s folder (as Excel writes them: "worksheets/sheet2.xml"). */
export function relativeTarget(source: string, part: string): string {
  const base = source.slice(0, source.lastIndexOf("/") + 1);
  return part.startsWith(base) ? part.slice(base.length) : `/${part}`;
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  return out.join("/");
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A relationship id not used by `rels` ("rId7"). */
export function freeRelId(rels: readonly Relationship[]): string {
  const used = new Set(rels.map((rel) => rel.id));
  for (let n = rels.length + 1; ; n++) if (!used.has(`rId${n}`)) return `rId${n}`;
}

/** A part name not in the package, from a pattern ("xl/worksheets/sheet{n}.xml"). */
export function freePartName(pkg: Package, pattern: string): string {
  for (let n = 1; ; n++) {
    const name = pattern.replace("{n}", String(n));
    if (!pkg.has(name)) return name;
  }
}
