/**
 * The Hedge log's hash chain, as pure code shared by both adapters and the task pane's Hedge log view.
 *
 * A row is Time, Prepared by, Wizard, Sheet, Key inputs and Hash (LOG_HEADERS in ./plan). Its Hash is
 * the SHA-256, in lower-case hex, of the UTF-8 bytes of its canonical encoding:
 *
 *     JSON.stringify([previous hash, time, prepared by, wizard, sheet, key inputs])
 *
 * where "previous hash" is the Hash cell of the row above, or `LOG_CHAIN_SEED` for the first row. A
 * JSON array of strings is unambiguous (no field can run into the next), so changing any field of any
 * row, deleting or inserting a row, or reordering rows changes a hash the next verification
 * recomputes. The sheet's protection only guards against accidents; this chain is the audit evidence.
 *
 * SHA-256 comes from Web Crypto (`crypto.subtle`), present in browsers, Excel's runtimes and Node 20.
 * Pure code: no Office.js, no DOM.
 */
import { LOG_HEADERS, type CellValue, type LogEntry } from "./plan";

/** What the first row's hash is chained from. */
export const LOG_CHAIN_SEED = "AltHedge hedge log v1";

/** The document setting that keeps "Prepared by" (Office.context.document.settings in Excel). */
export const PREPARED_BY = "AltHedge.preparedBy";

/** What "Prepared by" says when the user has not set a name in the pane. */
export const NOT_SET = "(not set)";

/** The five fields a row's hash covers, in column order. */
export interface LogFields {
  time: string;
  preparedBy: string;
  wizard: string;
  sheet: string;
  inputs: string;
}

/** The text a row's hash is taken of. */
export const canonicalRow = (previous: string, row: LogFields): string =>
  JSON.stringify([previous, row.time, row.preparedBy, row.wizard, row.sheet, row.inputs]);

/** SHA-256 of the UTF-8 bytes of `text`, as 64 lower-case hex digits. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The Hash of `row` written after a row whose Hash is `previous`. */
export const chainHash = (previous: string, row: LogFields): Promise<string> =>
  sha256Hex(canonicalRow(previous, row));

/** A name as the log records it: trimmed, and NOT_SET when empty. */
export const preparedByText = (name: string | undefined | null): string =>
  (name ?? "").trim() || NOT_SET;

/**
 * The cells of the row to append for `entry`, in LOG_HEADERS order, chained to `previous` (the last
 * row's Hash, or LOG_CHAIN_SEED for an empty log).
 */
export async function logRowCells(
  previous: string,
  entry: LogEntry,
  preparedBy: string
): Promise<string[]> {
  const fields: LogFields = {
    time: entry.timestamp,
    preparedBy: preparedByText(preparedBy),
    wizard: entry.wizard,
    sheet: entry.sheet,
    inputs: entry.inputs,
  };
  const hash = await chainHash(previous, fields);
  return [fields.time, fields.preparedBy, fields.wizard, fields.sheet, fields.inputs, hash];
}

/** A cell as the chain reads it: text as is, empty as "", anything else as its text. */
const text = (value: CellValue | undefined): string =>
  value === null || value === undefined ? "" : String(value);

const fieldsOf = (row: readonly CellValue[]): LogFields => ({
  time: text(row[0]),
  preparedBy: text(row[1]),
  wizard: text(row[2]),
  sheet: text(row[3]),
  inputs: text(row[4]),
});

/** The Hash to chain the next row from: the last row's Hash cell, or the seed for an empty log. */
export const lastHash = (rows: readonly (readonly CellValue[])[]): string =>
  rows.length === 0 ? LOG_CHAIN_SEED : text(rows[rows.length - 1][LOG_HEADERS.length - 1]);

const HASH = /^[0-9a-f]{64}$/;

/** What the verification found. */
export type LogVerdict =
  | { intact: true; rows: number }
  | {
      intact: false;
      /** 0-based index of the first row that does not verify, among the data rows (-1: the header). */
      row: number;
      /** Its row number on the sheet (the header is row 1). */
      sheetRow: number;
      /**
       * "header": the header row is not AltHedge's; "added": the row has no AltHedge hash (typed or
       * pasted by hand); "changed": its hash does not match the row chained from the row above, so
       * the row (or its hash) was changed after it was written, or a row just above it was deleted
       * (a deleted row's hash is gone: the chain cannot tell these apart).
       */
      kind: "header" | "added" | "changed";
      rows: number;
    };

/**
 * Recomputes the chain over the log's data rows (in sheet order, header excluded) and names the first
 * row that breaks it. `header` is the table's header row.
 */
export async function verifyLog(
  header: readonly CellValue[],
  rows: readonly (readonly CellValue[])[]
): Promise<LogVerdict> {
  const count = rows.length;
  const headerOk =
    header.length === LOG_HEADERS.length &&
    LOG_HEADERS.every((name, i) => text(header[i]) === name);
  if (!headerOk) return { intact: false, row: -1, sheetRow: 1, kind: "header", rows: count };
  let previous = LOG_CHAIN_SEED;
  for (let i = 0; i < count; i++) {
    const row = rows[i];
    const stored = text(row[LOG_HEADERS.length - 1]);
    const broken = (kind: "added" | "changed"): LogVerdict => ({
      intact: false,
      row: i,
      sheetRow: i + 2,
      kind,
      rows: count,
    });
    if (!HASH.test(stored)) return broken("added");
    if ((await chainHash(previous, fieldsOf(row))) !== stored) return broken("changed");
    previous = stored;
  }
  return { intact: true, rows: count };
}

/** The verdict in a sentence, naming the row (`describe` gives its time and wizard as read). */
export function describeVerdict(
  verdict: LogVerdict,
  rows: readonly (readonly CellValue[])[] = []
): string {
  if (verdict.intact) return `Intact (${verdict.rows} ${verdict.rows === 1 ? "row" : "rows"}).`;
  if (verdict.kind === "header") {
    return `Broken: the header row (row 1) is not ${LOG_HEADERS.join(", ")}.`;
  }
  const row = rows[verdict.row];
  const what = row ? ` (${[text(row[0]), text(row[2])].filter(Boolean).join(", ")})` : "";
  const where = `row ${verdict.sheetRow}${what}`;
  switch (verdict.kind) {
    case "added":
      return `Broken at ${where}: it has no AltHedge hash, so it was added by hand.`;
    default:
      return `Broken at ${where}: it was changed after it was written, or a row above it was deleted.`;
  }
}
