/**
 * The Import wizard without a browser (spec/imports.md): "Bring the book in". A file the user picks or
 * pastes is read by ../imports (`readImport`) into a preview; this module decides what the pane says
 * about it — the format, the time zone and where it came from, rows per canonical table against what
 * the workbook already holds, bad lines, missing price days — whether "Import N rows" may run, the
 * Hedge log row, and the result in sentences with what to do next. No DOM: ./importView shows it.
 */
import {
  CANONICAL_KINDS,
  PANE_LIMIT_BYTES,
  columnIndex,
  formatUtc,
  importLogInputs,
  newRows,
  readImport,
  type BadLine,
  type CanonicalKind,
  type CanonicalTable,
  type ImportOutcome,
  type ImportPreview,
  type ImportRefusal,
  type PriceGap,
} from "../imports";
import { zoneOf } from "../imports/fields";
import type { LogEntry } from "../templates/plan";
import type { CanonicalTables, ImportWritten } from "../workbook/port";

export type { ImportWritten };

export const IMPORT_TITLE = "Import";
export const IMPORT_SUMMARY =
  "Bring the book in: an exchange statement, transaction log or price history, read into tables the wizards use.";
export const IMPORT_WHY =
  "Bring the book in from the files your exchanges and price sites give you. The file is read in this pane; nothing is uploaded, and nothing is written until you confirm.";
/** The Hedge log's Wizard column for an import. */
export const IMPORT_WIZARD = "Import";

/** What the user gave: a file's bytes, or pasted text; and the file's name. */
export interface ImportSource {
  input: Uint8Array | string;
  fileName: string;
}

/** A read that did not give a preview: a refusal (its message), or something that went wrong. */
export interface ReadFailure {
  ok: false;
  reason: ImportRefusal["reason"] | "error";
  message: string;
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A file larger than the pane reads, refused before its bytes are read into memory. */
export function tooLarge(fileName: string, bytes: number): ReadFailure {
  return {
    ok: false,
    reason: "too-large",
    message: `${fileName || "This file"} is ${megabytes(bytes)}; the pane reads files up to ${megabytes(PANE_LIMIT_BYTES)}. Export a shorter period and import each file: rows already in the workbook are skipped.`,
  };
}

/**
 * Reads `source` (with the time zone the user chose, when the file has none) through `readImport`,
 * capped at the pane's limit. Never throws: an error of the reader becomes a failure with its message.
 */
export function readSource(
  source: ImportSource,
  timeZone?: string,
  read: typeof readImport = readImport
): ImportPreview | ReadFailure {
  let outcome: ImportOutcome;
  try {
    outcome = read(source.input, {
      fileName: source.fileName,
      timeZone,
      maxBytes: PANE_LIMIT_BYTES,
    });
  } catch (error) {
    return {
      ok: false,
      reason: "error",
      message: `The file could not be read: ${(error as Error).message}`,
    };
  }
  return outcome;
}

/** The pointer a refusal adds after its own message, where there is something else to try. */
export function refusalHint(failure: ReadFailure): string | undefined {
  if (failure.reason === "unknown-format" && !failure.message.includes("Use selected range"))
    return "For a table AltHedge does not know: paste it into a sheet, select it, and use “Use selected range” in a wizard (Exposure segmentation, for holdings) to map its columns.";
  return undefined;
}

/** Labels for the canonical tables, as the pane says them. */
export const KIND_LABELS: Record<CanonicalKind, string> = {
  Holdings: "Holdings",
  Funding: "Funding",
  Trades: "Trades",
  ClosedPnL: "Closed P&L",
  Prices: "Prices",
};

/** Where a zone came from, in words. */
export function describeZone(zone: ImportPreview["zone"]): string {
  switch (zone.source) {
    case "format":
      return `${zone.label}: the format's times are in UTC`;
    case "preamble":
      return `${zone.label}, from the file's first lines`;
    case "file name":
      return `${zone.label}, from the file name`;
    case "user":
      return `${zone.label}, as you chose: the file does not say`;
    case "default":
      return `${zone.label}, assumed: the file does not say which time zone its times are in`;
  }
}

/** Whether the user chooses the zone (the file names none): the pane then shows the choice. */
export const choosesZone = (preview: ImportPreview): boolean =>
  preview.zone.source === "default" || preview.zone.source === "user";

/** The zones offered when the file names none: UTC first, then every hour and the half hours used. */
export function zoneChoices(): { value: string; label: string }[] {
  const offsets = new Set<number>();
  for (let hours = -12; hours <= 14; hours++) offsets.add(hours * 60);
  for (const minutes of [-570, -210, 210, 270, 330, 345, 390, 570, 630, 765]) offsets.add(minutes);
  const zones = [...offsets]
    .filter((minutes) => minutes !== 0)
    .sort((a, b) => a - b)
    .map(zoneOf);
  return [
    { value: "UTC", label: "UTC" },
    ...zones.map((z) => ({ value: z.label, label: z.label })),
  ];
}

/** One canonical table of a preview: rows in the file, rows the workbook already has, rows to add. */
export interface TablePlan {
  kind: CanonicalKind;
  label: string;
  rows: number;
  /** Rows already in the workbook's table; null when the workbook's tables could not be read. */
  already: number | null;
  toAdd: number;
}

/** A preview with what the workbook already holds: what "Import N rows" would do. */
export interface ImportPlan {
  preview: ImportPreview;
  tables: TablePlan[];
  /** The rows to hand to the port (all of the file's; the port skips those already there). */
  write: CanonicalTable[];
  /** Rows that would be added (all rows when the workbook's tables could not be read). */
  toAdd: number;
  /** The workbook's tables were read (false: counts of rows already there are unknown). */
  existingRead: boolean;
  /** The sheet of each kind's table already in the workbook. */
  sheets: Partial<Record<CanonicalKind, string>>;
  /** Canonical kinds that already have rows in the workbook. */
  held: CanonicalKind[];
  /** Symbols already in the workbook's Prices. */
  heldSymbols: string[];
}

/** The kinds a preview has rows for, in canonical order. */
export const previewKinds = (preview: ImportPreview): CanonicalKind[] =>
  CANONICAL_KINDS.filter((kind) => (preview.tables[kind]?.length ?? 0) > 0);

/**
 * The workbook's tables to read for a preview: its own kinds (to count rows already there) and the
 * ones what-next depends on (Holdings and Prices), never the others (a large Trades table stays unread).
 */
export const kindsToRead = (preview: ImportPreview): CanonicalKind[] =>
  CANONICAL_KINDS.filter(
    (kind) => kind === "Holdings" || kind === "Prices" || previewKinds(preview).includes(kind)
  );

/**
 * Counts the preview's rows against the tables already in the workbook (`existing`, as the port reads
 * them; null when they could not be read) with `newRows`, the same rule the write applies.
 */
export function planImport(preview: ImportPreview, existing: CanonicalTables | null): ImportPlan {
  const held = (kind: CanonicalKind) => existing?.[kind]?.rows ?? [];
  const tables = previewKinds(preview).map((kind): TablePlan => {
    const incoming = preview.tables[kind] ?? [];
    if (existing === null)
      return {
        kind,
        label: KIND_LABELS[kind],
        rows: incoming.length,
        already: null,
        toAdd: incoming.length,
      };
    const { added, skipped } = newRows(kind, held(kind), incoming);
    return {
      kind,
      label: KIND_LABELS[kind],
      rows: incoming.length,
      already: skipped,
      toAdd: added.length,
    };
  });
  return {
    preview,
    tables,
    write: tables.map(({ kind }) => ({ kind, rows: preview.tables[kind] ?? [] })),
    toAdd: tables.reduce((sum, t) => sum + t.toAdd, 0),
    existingRead: existing !== null,
    sheets: Object.fromEntries(
      CANONICAL_KINDS.flatMap((kind) => {
        const sheet = existing?.[kind]?.sheet;
        return sheet ? [[kind, sheet]] : [];
      })
    ),
    held: CANONICAL_KINDS.filter((kind) => held(kind).length > 0),
    heldSymbols: symbolsOf(held("Prices")),
  };
}

function symbolsOf(rows: readonly (readonly unknown[])[]): string[] {
  const at = columnIndex("Prices", "Symbol");
  return [...new Set(rows.map((row) => String(row[at] ?? "")).filter(Boolean))];
}

/** The primary button's words: "Import 42 rows". */
export function confirmLabel(plan: ImportPlan): string {
  return `Import ${plural(plan.toAdd, "row")}`;
}

/**
 * What the user should know beside the button: when every row is already there, importing adds none
 * (and the Hedge log still records that the file was imported).
 */
export function confirmNote(plan: ImportPlan): string | undefined {
  if (plan.toAdd > 0 || !plan.existingRead) return undefined;
  return "Every row of this file is already in the workbook: importing adds none, and the Hedge log records that the file was checked.";
}

/** Why "Import N rows" is disabled now, or undefined when it may run. */
export function blockedReason(
  plan: ImportPlan,
  options: { consent: boolean; canWrite: boolean; busy: boolean }
): string | undefined {
  if (!options.canWrite)
    return "Nothing can be written here: open AltHedge in an Excel that imports (or the playground) to write the tables.";
  if (options.busy) return "Writing…";
  if (plan.preview.bad.length > 0 && !options.consent)
    return `Tick “Import the other rows” to import without the ${plural(plan.preview.bad.length, "line")} that could not be read.`;
  return undefined;
}

/** The first `limit` bad lines as "Line 14: reason", and how many more there are. */
export function badLineList(
  bad: readonly BadLine[],
  limit = 20
): { lines: string[]; more: number } {
  return {
    lines: bad.slice(0, limit).map(({ line, reason }) => `Line ${line}: ${reason}`),
    more: Math.max(0, bad.length - limit),
  };
}

/** "and 12 more" for a list cut short, or undefined. */
export const andMore = (more: number): string | undefined =>
  more > 0 ? `and ${more.toLocaleString("en-US")} more` : undefined;

/** A price gap in words: "BTC: 3 days missing between 2024-01-05 and 2024-01-09". */
export function describeGap(gap: PriceGap): string {
  return `${gap.symbol}: ${plural(gap.days, "day")} missing between ${formatUtc(gap.after, true)} and ${formatUtc(gap.before, true)}`;
}

/** The format line: "Binance Account Statement, v1". */
export function describeFormat(preview: ImportPreview): string {
  const { name, variant } = preview.format;
  return variant ? `${name}, ${variant}` : name;
}

/** One sentence for the live region once a file is read. */
export function previewStatus(plan: ImportPlan): string {
  const { preview } = plan;
  const read = `Read ${plural(preview.lines, "line")} of ${preview.fileName || "pasted text"} as ${describeFormat(preview)}`;
  const bad = preview.bad.length ? `; ${plural(preview.bad.length, "line")} could not be read` : "";
  return `${read}${bad}: ${plural(plan.toAdd, "new row")} to import. Nothing is written until you confirm.`;
}

/** The duplicates line, or undefined when the file had none. */
export function describeDuplicates(preview: ImportPreview): string | undefined {
  if (preview.duplicates === 0) return undefined;
  return `${plural(preview.duplicates, "row")} appeared twice in the file; each is imported once.`;
}

/** The Hedge log row for an import: the sheets written and the import's key inputs. */
export function importLogEntry(
  preview: ImportPreview,
  written: readonly ImportWritten[],
  now: Date
): LogEntry {
  return {
    timestamp: now.toISOString(),
    wizard: IMPORT_WIZARD,
    sheet: written.map((w) => w.sheet).join(", "),
    inputs: importLogInputs(preview, [...written]),
  };
}

/** One result line per table: "Funding: 42 rows added to sheet Funding, 3 already there". */
export function resultLine(written: ImportWritten): string {
  const where = written.created ? `to a new sheet ${written.sheet}` : `to sheet ${written.sheet}`;
  const already = written.skipped > 0 ? `, ${plural(written.skipped, "row")} already there` : "";
  return `${KIND_LABELS[written.kind]}: ${plural(written.added, "row")} added ${where}${already}`;
}

/** The result's opening sentence. */
export function resultSummary(preview: ImportPreview, written: readonly ImportWritten[]): string {
  const added = written.reduce((sum, w) => sum + w.added, 0);
  const from = preview.fileName || "the pasted text";
  return `Imported ${plural(added, "row")} from ${from} (${preview.format.name}) and added a row to the Hedge log.`;
}

/**
 * What the workbook can do now that it holds these tables, in the seed's order: map exposure (Holdings
 * and Prices), review effectiveness (two price series), carry and realised P&L for the report.
 */
export function nextSteps(plan: ImportPlan, written: readonly ImportWritten[]): string[] {
  const kinds = new Set<CanonicalKind>(plan.held);
  for (const w of written) if (w.added > 0 || w.skipped > 0) kinds.add(w.kind);
  const symbols = new Set([...plan.heldSymbols, ...symbolsOf(plan.preview.tables.Prices ?? [])]);
  const steps: string[] = [];
  if (kinds.has("Holdings") && kinds.has("Prices"))
    steps.push(
      "Exposure segmentation can now fill from Holdings and Prices: open it and choose “Fill from imported tables”."
    );
  else if (kinds.has("Holdings"))
    steps.push(
      "Import a price history (CoinGecko, CryptoDataDownload, CoinMarketCap or Yahoo Finance) for these assets: Exposure segmentation fills from Holdings and Prices."
    );
  else if (kinds.has("Prices"))
    steps.push(
      "Import an account statement for Holdings: Exposure segmentation fills from Holdings and Prices."
    );
  if (kinds.has("Prices")) {
    const [first, second] = [...symbols].sort();
    steps.push(
      symbols.size >= 2
        ? `Effectiveness review can now fill from Prices: the book's token against the hedge's proxy (${first} and ${second} are there).`
        : "Effectiveness review fills from Prices once it holds the hedge's proxy too (a second price history, BTC for example)."
    );
  }
  if (kinds.has("Funding"))
    steps.push(
      "Funding holds what the perpetual hedges paid and received: its sum is the carry in the hedge report."
    );
  if (kinds.has("Trades") || kinds.has("ClosedPnL"))
    steps.push(
      "Trades and closed P&L give the realised P&L of positions closed in the hedge report."
    );
  return steps;
}
