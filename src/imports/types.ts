/**
 * The contract between the import framework (./read, ./index) and the format parsers
 * (./formats/*.ts): a format says how to recognise its header, where its times' zone comes from, and
 * turns data rows into canonical rows. The framework finds the header (first 10 lines, BOMs stripped,
 * preambles skipped), resolves the time zone, and does what every import shares: Source, sorting,
 * de-duplication, price gaps, bad lines, the summary. Pure code: no Office.js, no DOM.
 */
import type { CanonicalKind, CanonicalRow } from "./canonical";

/** A time zone as a fixed offset from UTC (exchanges' exports use fixed offsets). */
export interface Zone {
  /** Minutes east of UTC: UTC+3 → 180, UTC-6 → -360. */
  offsetMinutes: number;
  /** "UTC", "UTC+3", "UTC-6", "UTC+5:30" */
  label: string;
}

/** Where the time zone came from, as the preview and the Hedge log say it. */
export type ZoneSource =
  | "format" // the format's times are UTC by definition (a `(UTC)` header, an epoch, an ISO `Z`)
  | "preamble"
  | "file name"
  | "user" // chosen in the pane or `--tz`
  | "default"; // the file says nothing and nobody chose: UTC, and the import says so

/** A data line the import left out, by its 1-based line number in the file, and why. */
export interface BadLine {
  line: number;
  reason: string;
}

/** What a format's parser is given. */
export interface FormatContext {
  /** The file's name as picked or given ("" when pasted). */
  fileName: string;
  /** The header row, BOMs and surrounding spaces stripped. */
  header: string[];
  /** Lines above the header (a preamble), each split into fields, BOMs stripped. */
  preamble: string[][];
  /** The zone the framework resolved (see ImportFormat.zone) for the format's local times. */
  zone: Zone;
  /** The 1-based line number in the file of data row `index` (for bad lines). */
  lineOf(index: number): number;
  /** The variant detected (ImportVariant.id). */
  variant: string;
}

/** One header a format has had, recognised exactly. */
export interface ImportVariant {
  /** "v1", "legacy", "hedge mode" — shown in the preview. */
  id: string;
  /** True when `header` (BOMs and surrounding spaces stripped) is this variant's header. */
  matches(header: readonly string[]): boolean;
  /** Where this variant's times get their zone, when it differs from the format's (`zone`). */
  zone?: ZoneRule;
}

/**
 * Where a format's times get their zone: always UTC, from the preamble or file name (the format reads
 * it, or returns undefined when absent), or only from the user (default UTC).
 */
export type ZoneRule =
  | { kind: "utc" }
  | {
      kind: "preamble" | "file name";
      read(context: Pick<FormatContext, "fileName" | "preamble" | "header">): Zone | undefined;
    }
  | { kind: "user" };

/** What a format's parser returns: rows per canonical kind, the lines it could not read, notes. */
export interface ParsedRows {
  tables: Partial<Record<CanonicalKind, CanonicalRow[]>>;
  bad: BadLine[];
  /** Things the user should know before confirming ("quantities are sums of changes…"). */
  warnings?: string[];
}

export interface ImportFormat {
  /** "binance-statement" — stable; used in the Source column and the Hedge log. */
  id: string;
  /** "Binance Account Statement" — shown to the user. */
  name: string;
  /** The venue written in Venue columns ("Binance", "Bybit", "OKX", "Deribit"); "" for price sources. */
  venue: string;
  /** The field separator: "," for all but CoinMarketCap (";"). */
  delimiter: "," | ";";
  variants: readonly ImportVariant[];
  /** The kinds it feeds, the first being the default for the CLI. */
  tables: readonly CanonicalKind[];
  zone: ZoneRule;
  /** Data rows (fields as text, BOMs stripped, trimmed; blank lines removed) → canonical rows. */
  parse(rows: readonly string[][], context: FormatContext): ParsedRows;
}

/** Why a file was not read: the message says what to do instead. Nothing is written. */
export interface ImportRefusal {
  ok: false;
  reason: "empty" | "binary" | "too-large" | "unknown-format" | "no-rows" | "bad-time-zone";
  message: string;
}

/** A price series' missing days (spec: "a price import reports missing days"). */
export interface PriceGap {
  symbol: string;
  /** The last day before the gap and the first day after it, epoch ms (UTC midnight). */
  after: number;
  before: number;
  /** Days missing in between. */
  days: number;
}

/** A file read, ready to preview and, once the user confirms, to write. */
export interface ImportPreview {
  ok: true;
  fileName: string;
  format: { id: string; name: string; venue: string; variant: string };
  zone: Zone & { source: ZoneSource };
  /** Canonical rows per kind: Source filled, duplicates within the file removed, sorted by time. */
  tables: Partial<Record<CanonicalKind, CanonicalRow[]>>;
  /** Data lines read (after the header; blank lines not counted). */
  lines: number;
  /** Rows dropped because the same row came earlier in the file (an overlap inside the download). */
  duplicates: number;
  bad: BadLine[];
  gaps: PriceGap[];
  warnings: string[];
}

export type ImportOutcome = ImportPreview | ImportRefusal;

/** What the caller says: the file's name, a time zone chosen by the user, the user's decimal mark. */
export interface ImportOptions {
  fileName?: string;
  /** "UTC+3", "UTC-6", "UTC" — used only when the file states no zone of its own. */
  timeZone?: string;
}
