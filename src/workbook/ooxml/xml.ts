/**
 * Just enough XML for SpreadsheetML parts, by scanning text: no DOM, no tree. Parts are read as
 * strings and edited by splicing (start/end offsets of elements), so what the transform does not
 * touch stays byte for byte as it was (namespaces, extension lists, markup-compatibility content).
 *
 * Assumes what Excel, LibreOffice and every OOXML writer produce: UTF-8, no DTD, no entity other
 * than the five predefined ones and character references.
 */

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export const utf8 = (bytes: Uint8Array): string => decoder.decode(bytes);
export const bytesOf = (text: string): Uint8Array => encoder.encode(text);

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

/** Text or an attribute value as it reads: entities and character references replaced. */
export function unescapeXml(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return String.fromCodePoint(code);
    }
    return ENTITIES[name] ?? whole;
  });
}

/**
 * Text escaped for an element's content or an attribute value (quotes escaped too). Characters XML 1.0
 * does not allow (controls other than tab, newline, return) are written as Excel writes them in
 * strings: `_x0001_`.
 */
// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /[&<>"\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(
      // eslint-disable-next-line no-control-regex
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g,
      (ch) => `_x${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`
    );
}

/** Excel's escapes for characters XML cannot hold (`_x000D_`), read back. */
export const unescapeExcelText = (text: string): string =>
  text.indexOf("_x") < 0
    ? text
    : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
        String.fromCharCode(parseInt(hex, 16))
      );

/** The attributes of a start tag's text (`<c r="A1" t="s">`), names with their prefixes. */
export function attributes(tag: string): Map<string, string> {
  const map = new Map<string, string>();
  const pattern = /([^\s=/<>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;
  // skip the element name
  const space = tag.search(/\s/);
  if (space < 0) return map;
  pattern.lastIndex = space;
  for (let m = pattern.exec(tag); m; m = pattern.exec(tag)) {
    map.set(m[1], unescapeXml(m[3] ?? m[4] ?? ""));
  }
  return map;
}

/** `name="…"` (or '…') after whitespace, one compiled pattern per attribute name. */
const attributePatterns = new Map<string, RegExp>();
function attributePattern(name: string): RegExp {
  let pattern = attributePatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`\\s${name.replace(/[.:]/g, "\\$&")}\\s*=\\s*("([^"]*)"|'([^']*)')`);
    attributePatterns.set(name, pattern);
  }
  return pattern;
}

/** One attribute's value in a start tag, or undefined. */
export function attribute(tag: string, name: string): string | undefined {
  const m = attributePattern(name).exec(tag);
  return m ? unescapeXml(m[2] ?? m[3] ?? "") : undefined;
}

/** A start tag with one attribute set (added at its end when absent) or removed (`value` undefined). */
export function setAttribute(tag: string, name: string, value: string | undefined): string {
  const pattern = attributePattern(name);
  if (value === undefined) return tag.replace(pattern, "");
  const written = ` ${name}="${escapeXml(value)}"`;
  if (pattern.test(tag)) return tag.replace(pattern, () => written);
  const close = tag.endsWith("/>") ? tag.length - 2 : tag.length - 1;
  return tag.slice(0, close) + written + tag.slice(close);
}

/** An element found in a text: where it starts and ends, its start tag and its content. */
export interface Element {
  start: number;
  end: number;
  /** The start tag, `<…>` or `<…/>`. */
  tag: string;
  /** Between the start and the end tag ("" for an empty element). */
  inner: string;
  innerStart: number;
}

const nameEnd = (text: string, i: number): boolean => {
  const ch = text.charCodeAt(i);
  // whitespace, ">" or "/"
  return ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 62 || ch === 47;
};

/** The end of a start tag beginning at `start` (index after its ">"), quotes respected. */
export function tagEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const close = text.indexOf(ch, i + 1);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === ">") return i + 1;
    else i++;
  }
  throw new Error("Damaged XML: a start tag never ends");
}

/**
 * The elements named `name` (with its prefix, e.g. "x14:cfRule") from `from` to `to`, in order, not
 * nested in one another (a nested one of the same name is part of its parent's content).
 */
export function findElements(text: string, name: string, from = 0, to = text.length): Element[] {
  const found: Element[] = [];
  const open = `<${name}`;
  const close = `</${name}>`;
  let i = text.indexOf(open, from);
  while (i >= 0 && i < to) {
    if (!nameEnd(text, i + open.length)) {
      i = text.indexOf(open, i + 1);
      continue;
    }
    const afterTag = tagEnd(text, i);
    const tag = text.slice(i, afterTag);
    if (tag.endsWith("/>")) {
      found.push({ start: i, end: afterTag, tag, inner: "", innerStart: afterTag });
      i = text.indexOf(open, afterTag);
      continue;
    }
    // the matching end tag, counting nested elements of the same name
    let depth = 1;
    let j = afterTag;
    while (depth > 0) {
      const nextClose = text.indexOf(close, j);
      if (nextClose < 0) throw new Error(`Damaged XML: <${name}> never ends`);
      let nextOpen = text.indexOf(open, j);
      while (nextOpen >= 0 && nextOpen < nextClose && !nameEnd(text, nextOpen + open.length)) {
        nextOpen = text.indexOf(open, nextOpen + 1);
      }
      if (nextOpen >= 0 && nextOpen < nextClose) {
        const nestedEnd = tagEnd(text, nextOpen);
        if (!text.slice(nextOpen, nestedEnd).endsWith("/>")) depth++;
        j = nestedEnd;
      } else {
        depth--;
        j = nextClose + close.length;
      }
    }
    found.push({
      start: i,
      end: j,
      tag,
      inner: text.slice(afterTag, j - close.length),
      innerStart: afterTag,
    });
    i = text.indexOf(open, j);
  }
  return found;
}

/** The first element named `name`, or undefined. */
export function findElement(
  text: string,
  name: string,
  from = 0,
  to = text.length
): Element | undefined {
  const open = `<${name}`;
  let i = text.indexOf(open, from);
  while (i >= 0 && i < to && !nameEnd(text, i + open.length)) i = text.indexOf(open, i + 1);
  if (i < 0 || i >= to) return undefined;
  return findElements(text, name, i, to)[0];
}

/** The text content of every `<t>` in a string item (`<si>`, `<is>`), phonetic runs left out. */
export function stringItemText(inner: string): string {
  const withoutPhonetic =
    inner.indexOf("<rPh") < 0 ? inner : inner.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, "");
  let text = "";
  const pattern = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t(?:\s[^>]*)?\/>/g;
  for (let m = pattern.exec(withoutPhonetic); m; m = pattern.exec(withoutPhonetic)) {
    text += m[1] ?? "";
  }
  return unescapeExcelText(unescapeXml(text));
}

/** Splices `edits` (non-overlapping ranges, any order) into `text`. */
export function splice(
  text: string,
  edits: readonly { start: number; end: number; text: string }[]
): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let at = 0;
  for (const edit of sorted) {
    if (edit.start < at) throw new Error("Overlapping XML edits");
    parts.push(text.slice(at, edit.start), edit.text);
    at = edit.end;
  }
  parts.push(text.slice(at));
  return parts.join("");
}
