/**
 * The canonical tables an import writes (spec/imports.md, "Canonical tables"): one Excel table per
 * kind, named as the kind (`Holdings`, `Funding`, `Trades`, `ClosedPnL`, `Prices`), on its own sheet,
 * appended to — never overwritten — by later imports. The other wizards read these tables by their
 * column names, never by guessing. Pure code: no Office.js, no DOM.
 *
 * In memory a row is an array in the table's column order. Time columns hold epoch milliseconds (UTC);
 * the workbook adapters write them as Excel date serials, the CLI as `YYYY-MM-DD HH:MM:SS`. Blank is
 * null; numbers are numbers; everything else is text.
 */

export const CANONICAL_KINDS = ["Holdings", "Funding", "Trades", "ClosedPnL", "Prices"] as const;
export type CanonicalKind = (typeof CANONICAL_KINDS)[number];

/**
 * Each kind's columns, in order. The spec's columns, then `Venue` on Holdings (a book held at two
 * venues is two balances, each as of its own statement), `ID` (the format's own row id — Transaction
 * ID, Trade ID, `id`, `UserSeq` — where the kind has none of its own, so that a repeated import is
 * recognised) and `Source` (file name and format) on every kind.
 */
export const CANONICAL_COLUMNS = {
  Holdings: ["Asset", "Quantity", "As of (UTC)", "Venue", "Source"],
  Funding: ["Time (UTC)", "Venue", "Symbol", "Amount", "Asset", "Rate", "ID", "Source"],
  Trades: [
    "Time (UTC)",
    "Venue",
    "Symbol",
    "Side",
    "Quantity",
    "Price",
    "Fee",
    "Fee asset",
    "Realised P&L",
    "Trade ID",
    "Source",
  ],
  ClosedPnL: [
    "Time (UTC)",
    "Venue",
    "Symbol",
    "Direction",
    "Quantity",
    "Entry",
    "Exit",
    "Closed P&L",
    "ID",
    "Source",
  ],
  Prices: ["Date (UTC)", "Symbol", "Open", "High", "Low", "Close", "Volume", "Source"],
} as const satisfies Record<CanonicalKind, readonly string[]>;

export type CanonicalColumn<K extends CanonicalKind> = (typeof CANONICAL_COLUMNS)[K][number];

/** The columns holding epoch milliseconds (UTC): written as dates, sorted on. */
export const TIME_COLUMN: Record<CanonicalKind, string> = {
  Holdings: "As of (UTC)",
  Funding: "Time (UTC)",
  Trades: "Time (UTC)",
  ClosedPnL: "Time (UTC)",
  Prices: "Date (UTC)",
};

/** Excel number formats per column that needs one (dates; the rest stay General). */
export const COLUMN_FORMATS: Partial<Record<string, string>> = {
  "Time (UTC)": "yyyy-mm-dd hh:mm:ss",
  "As of (UTC)": "yyyy-mm-dd hh:mm:ss",
  "Date (UTC)": "yyyy-mm-dd",
};

export type CanonicalValue = number | string | null;

/**
 * A volume given in the quote currency, in coins of the asset (Prices' Volume is in coins, as exchanges
 * and CryptoDataDownload's `Volume <BASE>` give it; CoinGecko, CoinMarketCap and Yahoo give dollars).
 * Blank when either is blank or the price is not positive.
 */
export const coins = (quoteVolume: number | null, price: number | null): number | null =>
  quoteVolume === null || price === null || !(price > 0) ? null : quoteVolume / price;
export type CanonicalRow = CanonicalValue[];

/** A canonical table's rows, in its column order. */
export interface CanonicalTable {
  kind: CanonicalKind;
  rows: CanonicalRow[];
}

/** The 0-based index of `column` in `kind`'s columns (throws on a column the kind does not have). */
export function columnIndex(kind: CanonicalKind, column: string): number {
  const index = (CANONICAL_COLUMNS[kind] as readonly string[]).indexOf(column);
  if (index < 0) throw new Error(`${kind} has no column "${column}"`);
  return index;
}

/**
 * Builds a row of `kind` from named values (missing columns blank), so that format parsers never
 * depend on column positions.
 */
export function canonicalRow<K extends CanonicalKind>(
  kind: K,
  values: Partial<Record<CanonicalColumn<K>, CanonicalValue>>
): CanonicalRow {
  const named = values as Record<string, CanonicalValue | undefined>;
  return (CANONICAL_COLUMNS[kind] as readonly string[]).map((column) => named[column] ?? null);
}

/** The header row a sheet must show to be read as a canonical table of `kind` (exact, in order). */
export function isCanonicalHeader(kind: CanonicalKind, header: readonly unknown[]): boolean {
  const columns = CANONICAL_COLUMNS[kind] as readonly string[];
  return (
    header.length >= columns.length &&
    columns.every((column, i) => String(header[i] ?? "").trim() === column)
  );
}

/** The canonical kind whose header `header` is, if any. */
export function canonicalKindOf(header: readonly unknown[]): CanonicalKind | undefined {
  return CANONICAL_KINDS.find((kind) => isCanonicalHeader(kind, header));
}

/** Epoch milliseconds (UTC) → Excel's date serial (1900 system; days since 1899-12-30). */
export const excelSerial = (epochMs: number): number => epochMs / 86_400_000 + 25_569;

/** Excel's date serial → epoch milliseconds, rounded to the millisecond Excel keeps. */
export const epochOfSerial = (serial: number): number => Math.round((serial - 25_569) * 86_400_000);

/** `YYYY-MM-DD HH:MM:SS` (UTC) for epoch milliseconds; `YYYY-MM-DD` when `dateOnly`. */
export function formatUtc(epochMs: number, dateOnly = false): string {
  const iso = new Date(epochMs).toISOString(); // 2026-03-23T05:25:00.000Z
  return dateOnly ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * The key that makes a row "the same row" across files and repeated imports (spec: "No row twice"):
 * the format's id where the kind keeps one (venue + id), a price by symbol and day, otherwise the whole
 * row but its Source. Numbers are keyed by their shortest round-trip text, so a value read back from a
 * sheet keys as it was written.
 */
export function rowKey(kind: CanonicalKind, row: CanonicalRow): string {
  const at = KEY_COLUMNS[kind];
  const text = (value: CanonicalValue): string => (value === null ? "" : String(value));
  if (kind === "Prices") return `${text(row[at.symbol])}|${text(row[at.time])}`;
  if (at.id >= 0) {
    const id = text(row[at.id]);
    if (id)
      return kind === "Trades"
        ? `${text(row[at.venue])}|${text(row[at.symbol])}|${id}`
        : `${text(row[at.venue])}|${id}`;
  }
  let key = "";
  for (let i = 0; i < row.length; i++) if (i !== at.source) key += `${text(row[i])}|`;
  return key;
}

/** Where rowKey looks, per kind, worked out once (rowKey runs once per row of every import). */
const KEY_COLUMNS = Object.fromEntries(
  CANONICAL_KINDS.map((kind) => {
    const columns = CANONICAL_COLUMNS[kind] as readonly string[];
    return [
      kind,
      {
        id: columns.indexOf(kind === "Trades" ? "Trade ID" : "ID"),
        venue: columns.indexOf("Venue"),
        symbol: columns.indexOf("Symbol"),
        time: columns.indexOf(TIME_COLUMN[kind]),
        source: columns.indexOf("Source"),
      },
    ];
  })
) as Record<
  CanonicalKind,
  { id: number; venue: number; symbol: number; time: number; source: number }
>;

/** Quote currencies a symbol may end with, longest first ("BTCUSDT" → BTC, "SOL/USD" → SOL). */
const QUOTES = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "BTC", "ETH"];

/**
 * The asset a price or contract symbol is in: "SOL/USD", "SOL-USD", "SOLUSDT", "SOL-USDT-SWAP",
 * "SOL-PERPETUAL", "SOL_USDC-PERPETUAL" → "SOL"; a bare asset ("SOL") is itself. Upper case.
 */
export function baseAsset(symbol: string): string {
  const upper = symbol.trim().toUpperCase();
  const split = /^([A-Z0-9]+)[/_-]/.exec(upper);
  if (split) return split[1];
  for (const quote of QUOTES)
    if (upper.length > quote.length && upper.endsWith(quote)) return upper.slice(0, -quote.length);
  return upper;
}
