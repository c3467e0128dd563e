/**
 * Imports of exchange and price exports (spec/imports.md): recognise a file's format from its first
 * lines, read it with the format's parser, and hand back canonical tables (./canonical) ready to
 * preview and — once the user confirms — to write. Pure code: the task pane, the playground and
 * `npm run import` all call `readImport`; the workbook port writes what it returns.
 *
 * The CSV itself is read by Papa Parse (quotes, doubled quotes, CRLF, quoted newlines); this module
 * only decides where the header is and what each line means.
 */
import Papa from "papaparse";
import {
  CANONICAL_COLUMNS,
  TIME_COLUMN,
  columnIndex,
  formatUtc,
  rowKey,
  type CanonicalKind,
  type CanonicalRow,
} from "./canonical";
import { UTC, dayOf, parseZone } from "./fields";
import { FORMATS } from "./formats";
import type {
  BadLine,
  FormatContext,
  ImportFormat,
  ImportOptions,
  ImportOutcome,
  ImportPreview,
  ImportRefusal,
  ImportVariant,
  PriceGap,
  Zone,
  ZoneRule,
  ZoneSource,
} from "./types";

export * from "./canonical";
export type * from "./types";
export { FORMATS } from "./formats";
export { parseZone } from "./fields";

/**
 * Files larger than this are refused by the task pane: Excel on the web refuses a request over 5 MB,
 * so a larger file is many writes, and the pane holds the whole file, its rows and the preview in
 * memory at once. `npm run import` has no limit. docs/imports.md says how to split a download.
 */
export const PANE_LIMIT_BYTES = 20 * 1024 * 1024;

/** How many lines the header is looked for in (spec: "header scanned over its first 10 lines"). */
const HEADER_SCAN_LINES = 10;

const refuse = (reason: ImportRefusal["reason"], message: string): ImportRefusal => ({
  ok: false,
  reason,
  message,
});

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The file's text, or why it is not a text file. UTF-8 (with or without a BOM) is what every format
 * of the first release writes; UTF-16 with a BOM is what Excel's "Unicode text" writes, so it is read
 * too. A NUL byte, a zip signature (an .xlsx) or many undecodable bytes mean a binary file.
 */
function decode(bytes: Uint8Array): { text: string } | ImportRefusal {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)) };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return refuse(
      "binary",
      "This is a zip or Excel workbook file, not a CSV export. Open it in Excel and save it as CSV, or download the exchange's CSV export, then import that."
    );
  const head = bytes.subarray(0, 64 * 1024);
  if (head.includes(0))
    return refuse(
      "binary",
      "This file is binary (it holds NUL bytes), not a text export. Import the CSV file the exchange or price site offers."
    );
  const text = new TextDecoder("utf-8").decode(bytes);
  const sample = text.slice(0, 64 * 1024);
  const replaced = sample.split("\uFFFD").length - 1;
  if (replaced > 8 && replaced > sample.length / 100)
    return refuse(
      "binary",
      "This file is not UTF-8 text: more than 1% of its first 64 KB cannot be read as characters. Import the CSV file as downloaded, without re-saving it in another encoding."
    );
  return { text };
}

/** A field as exports write it: BOMs anywhere stripped (OKX writes one before every field), trimmed. */
const cleanField = (field: string): string =>
  (field.includes("\uFEFF") ? field.replace(/\uFEFF/g, "") : field).trim();

/** The offsets of the first `count` non-blank lines of `text` (start of each line). */
function firstLines(text: string, count: number): { start: number; end: number }[] {
  const lines: { start: number; end: number }[] = [];
  let start = 0;
  while (start < text.length && lines.length < count) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (
      text
        .slice(start, end)
        .trim()
        .replace(/\uFEFF/g, "") !== ""
    )
      lines.push({ start, end });
    start = end + 1;
  }
  return lines;
}

/** One line split by `delimiter` with Papa Parse, fields cleaned. */
function splitLine(line: string, delimiter: string): string[] {
  const parsed = Papa.parse<string[]>(line, { delimiter, header: false });
  return (parsed.data[0] ?? []).map(cleanField);
}

interface Detected {
  format: ImportFormat;
  variant: ImportVariant;
  header: string[];
  preamble: string[][];
  /** Offset of the first character after the header line. */
  dataStart: number;
  /** 1-based line number of the header line. */
  headerLine: number;
}

/** The first format and variant (in FORMATS order) whose header is one of the first lines. */
function detect(text: string): Detected | undefined {
  const lines = firstLines(text, HEADER_SCAN_LINES);
  const split = new Map<string, string[][]>();
  for (const format of FORMATS) {
    let fields = split.get(format.delimiter);
    if (!fields) {
      fields = lines.map((line) => splitLine(text.slice(line.start, line.end), format.delimiter));
      split.set(format.delimiter, fields);
    }
    for (let i = 0; i < lines.length; i++) {
      const header = fields[i];
      const variant = format.variants.find((v) => v.matches(header));
      if (!variant) continue;
      return {
        format,
        variant,
        header,
        preamble: fields.slice(0, i),
        dataStart: lines[i].end + 1,
        headerLine: lineNumberAt(text, lines[i].start),
      };
    }
  }
  return undefined;
}

/** The 1-based line number of offset `at`. */
function lineNumberAt(text: string, at: number): number {
  let line = 1;
  for (let i = text.indexOf("\n"); i >= 0 && i < at; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** The zone to read local times in, and where it came from; undefined zone for an unreadable --tz. */
function resolveZone(
  rule: ZoneRule,
  context: Pick<FormatContext, "fileName" | "preamble" | "header">,
  timeZone: string | undefined
): { zone: Zone; source: ZoneSource } | ImportRefusal {
  if (rule.kind === "utc") return { zone: UTC, source: "format" };
  if (rule.kind !== "user") {
    const own = rule.read(context);
    if (own) return { zone: own, source: rule.kind };
  }
  if (timeZone === undefined || timeZone.trim() === "") return { zone: UTC, source: "default" };
  const chosen = parseZone(timeZone);
  if (!chosen)
    return refuse(
      "bad-time-zone",
      `"${timeZone}" is not a time zone AltHedge can read: write it as UTC, UTC+3, UTC-6 or UTC+5:30.`
    );
  return { zone: chosen, source: "user" };
}

/**
 * Reads `input` (the file's bytes, or pasted text) into a preview: format and variant, zone, canonical
 * rows per kind, duplicates within the file, bad lines, price gaps, warnings. Or a refusal saying why
 * and what to do: empty, binary, larger than `maxBytes`, unknown format, no data rows, an unreadable
 * time zone. O(n) in the file's size, plus the sort of each table.
 */
export function readImport(
  input: string | Uint8Array,
  options: ImportOptions & { maxBytes?: number } = {}
): ImportOutcome {
  const fileName = options.fileName ?? "";
  const size = typeof input === "string" ? input.length : input.byteLength;
  if (options.maxBytes !== undefined && size > options.maxBytes)
    return refuse(
      "too-large",
      `This file is ${megabytes(size)}; the task pane imports files up to ${megabytes(options.maxBytes)}, because Excel on the web refuses any request over 5 MB and the pane holds the whole file in memory while you review it. Download a shorter period (exchanges export by date range) and import each part: rows already imported are skipped. Nothing was written.`
    );
  let text: string;
  if (typeof input === "string") text = input;
  else {
    const decoded = decode(input);
    if ("ok" in decoded) return decoded;
    text = decoded.text;
  }
  if (text.replace(/\uFEFF/g, "").trim() === "")
    return refuse("empty", "The file is empty: there is nothing to import. Nothing was written.");

  const detected = detect(text);
  if (!detected) {
    const first = firstLines(text, 1)[0];
    const shown = first
      ? text.slice(first.start, Math.min(first.end, first.start + 120)).trim()
      : "";
    return refuse(
      "unknown-format",
      `AltHedge does not recognise this file's format: none of its first ${HEADER_SCAN_LINES} lines is the header of a supported export (the first line reads "${shown.replace(/\uFEFF/g, "")}"). Supported: ${FORMATS.map((f) => f.name).join(", ")}. For anything else, select the data in the sheet and use "Use selected range" in a wizard to map its columns. Nothing was written.`
    );
  }
  const { format, variant, header, preamble, dataStart, headerLine } = detected;
  const resolved = resolveZone(
    variant.zone ?? format.zone,
    { fileName, preamble, header },
    options.timeZone
  );
  if ("ok" in resolved) return resolved;

  const { rows, lines } = dataRows(text.slice(dataStart), format.delimiter, headerLine);
  if (rows.length === 0)
    return refuse(
      "no-rows",
      `This is a ${format.name} export (${variant.id}), but it has no data rows below its header. Nothing was written.`
    );
  const context: FormatContext = {
    fileName,
    header,
    preamble,
    zone: resolved.zone,
    variant: variant.id,
    lineOf: (index) => lines[index],
  };
  const parsed = format.parse(rows, context);
  const source = `${fileName || "pasted text"} (${format.name}, ${variant.id})`;
  const tables: Partial<Record<CanonicalKind, CanonicalRow[]>> = {};
  let duplicates = 0;
  for (const kind of Object.keys(parsed.tables) as CanonicalKind[]) {
    const incoming = parsed.tables[kind] ?? [];
    if (incoming.length === 0) continue;
    const sourceAt = columnIndex(kind, "Source");
    for (const row of incoming) if (row[sourceAt] === null) row[sourceAt] = source;
    const unique = newRows(kind, [], incoming);
    duplicates += unique.skipped;
    tables[kind] = sortByTime(kind, unique.added);
  }
  const warnings = [...(parsed.warnings ?? [])];
  if (resolved.source === "default")
    warnings.push(
      "The file does not say which time zone its times are in: they were read as UTC. If they are not, choose the zone the export was made in."
    );
  return {
    ok: true,
    fileName,
    format: { id: format.id, name: format.name, venue: format.venue, variant: variant.id },
    zone: { ...resolved.zone, source: resolved.source },
    tables,
    lines: rows.length,
    duplicates,
    bad: [...parsed.bad].sort((a, b) => a.line - b.line),
    gaps: priceGaps(tables.Prices ?? []),
    warnings,
  };
}

/**
 * The data rows below the header, fields cleaned, blank lines dropped, each with its 1-based line
 * number in the file (a quoted field holding line breaks moves the next row's number on).
 */
function dataRows(
  body: string,
  delimiter: string,
  headerLine: number
): { rows: string[][]; lines: number[] } {
  const parsed = Papa.parse<string[]>(body, { delimiter, header: false, skipEmptyLines: false });
  const rows: string[][] = [];
  const lines: number[] = [];
  let line = headerLine + 1;
  for (const raw of parsed.data) {
    let breaks = 0;
    let blank = true;
    for (let i = 0; i < raw.length; i++) {
      const field = raw[i];
      if (field.includes("\n")) breaks += field.split("\n").length - 1;
      const clean = cleanField(field);
      raw[i] = clean;
      if (clean !== "") blank = false;
    }
    if (!blank) {
      rows.push(raw);
      lines.push(line);
    }
    line += 1 + breaks;
  }
  return { rows, lines };
}

/** Rows sorted by their time column, oldest first; stable, so equal times keep the parser's order. */
function sortByTime(kind: CanonicalKind, rows: CanonicalRow[]): CanonicalRow[] {
  const at = columnIndex(kind, TIME_COLUMN[kind]);
  const symbol = kind === "Prices" ? columnIndex(kind, "Symbol") : -1;
  const time = (row: CanonicalRow): number => (typeof row[at] === "number" ? row[at] : Infinity);
  return rows.sort(
    (a, b) =>
      time(a) - time(b) ||
      (symbol >= 0 ? String(a[symbol] ?? "").localeCompare(String(b[symbol] ?? "")) : 0)
  );
}

/** Days missing inside each symbol's price series (rows sorted by day). */
function priceGaps(rows: readonly CanonicalRow[]): PriceGap[] {
  const dateAt = columnIndex("Prices", "Date (UTC)");
  const symbolAt = columnIndex("Prices", "Symbol");
  const last = new Map<string, number>();
  const gaps: PriceGap[] = [];
  for (const row of rows) {
    const day = row[dateAt];
    if (typeof day !== "number") continue;
    const symbol = String(row[symbolAt] ?? "");
    const before = last.get(symbol);
    const today = dayOf(day);
    if (before !== undefined && today - before > 86_400_000)
      gaps.push({ symbol, after: before, before: today, days: (today - before) / 86_400_000 - 1 });
    last.set(symbol, today);
  }
  return gaps;
}

/**
 * The rows of `incoming` not already in `existing` nor earlier in `incoming`, by `rowKey` (spec: "No
 * row twice"), in order, and how many were skipped. O(n + m) with a hash set.
 */
export function newRows(
  kind: CanonicalKind,
  existing: readonly CanonicalRow[],
  incoming: readonly CanonicalRow[]
): { added: CanonicalRow[]; skipped: number } {
  const seen = new Set<string>();
  for (const row of existing) seen.add(rowKey(kind, row));
  const added: CanonicalRow[] = [];
  for (const row of incoming) {
    const key = rowKey(kind, row);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(row);
  }
  return { added, skipped: incoming.length - added.length };
}

/**
 * The Hedge log's "Key inputs" for an import: file, format and variant, time zone and where it came
 * from, rows added and skipped per table, duplicates within the file, bad lines left out.
 */
export function importLogInputs(
  preview: ImportPreview,
  written: { kind: CanonicalKind; added: number; skipped: number }[]
): string {
  const parts = [
    `file: ${preview.fileName || "pasted text"}`,
    `format: ${preview.format.name} (${preview.format.variant})`,
    `time zone: ${preview.zone.label} (${ZONE_WORDS[preview.zone.source]})`,
    ...written.map((w) => `${w.kind}: ${w.added} added, ${w.skipped} already there`),
    `duplicates in file: ${preview.duplicates}`,
  ];
  if (preview.bad.length > 0) parts.push(`bad lines left out: ${preview.bad.length}`);
  return parts.join("; ");
}

/** How a zone's origin reads in the preview and the log. */
export const ZONE_WORDS: Record<ZoneSource, string> = {
  format: "stated by the format",
  preamble: "from the file's preamble",
  "file name": "from the file name",
  user: "chosen by the user",
  default: "assumed: the file states none",
};

/** One canonical table as CSV: its column names, then rows (times `YYYY-MM-DD HH:MM:SS` UTC). */
export function toCsv(kind: CanonicalKind, rows: readonly CanonicalRow[]): string {
  const columns = CANONICAL_COLUMNS[kind] as readonly string[];
  const timeAt = columnIndex(kind, TIME_COLUMN[kind]);
  const dateOnly = kind === "Prices";
  const data = rows.map((row) =>
    row.map((value, i) =>
      value === null
        ? ""
        : i === timeAt && typeof value === "number"
          ? formatUtc(value, dateOnly)
          : String(value)
    )
  );
  return Papa.unparse({ fields: [...columns], data }, { newline: "\n" });
}

/** Re-exported for the pane's messages: the bad lines a preview lists first. */
export const firstBadLines = (bad: readonly BadLine[], count = 20): BadLine[] =>
  bad.slice(0, count);
