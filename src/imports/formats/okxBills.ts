/**
 * OKX trading account bills (spec/imports.md, format 6): the account's ledger, one row per balance
 * change — trades, funding fees, transfers — each with the balance after it. Above the header OKX
 * writes a preamble, `UID:…,Account Type:…,Time Zone:UTC+3`: the times below are in that zone (the
 * zone the user had set on the site), so the preamble decides the zone, not the user.
 *
 * What it feeds:
 * - Funding: rows whose Action is `Funding fee`; the money moved is `Balance Change` (OKX's sign:
 *   received positive), in `Balance Unit`.
 * - Trades: rows whose Action is a side (`Buy`/`Sell`, or the swap forms `Open long`, `Close short`…),
 *   with OKX's own signs (fees are written negative: paid).
 * - Holdings: the last `Balance` of each `Balance Unit`, as of that row's time — whatever the row's
 *   type, since a transfer moves the balance as much as a trade does.
 *
 * Variants: "17 columns" and "19 columns" (adds `Filled Price Unit` and `Position Unit`). Columns are
 * read by name, so the two unit columns may sit anywhere in the 19-column header (one source shows
 * them; their position is not pinned down).
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { findZone, headerIs, isBlank, parseDateTime, parseNumber } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows, Zone } from "../types";

const HEADER_17 = [
  "id",
  "Order id",
  "Time",
  "Trade Type",
  "Symbol",
  "Action",
  "Amount",
  "Trading Unit",
  "Filled Price",
  "PnL",
  "Fee",
  "Fee Unit",
  "Position Change",
  "Position Balance",
  "Balance Change",
  "Balance",
  "Balance Unit",
];
const EXTRA_19 = ["Filled Price Unit", "Position Unit"];

const matches17 = headerIs(HEADER_17);

/** The 17 names in their order, with the two unit columns wherever they are. */
const matches19 = (header: readonly string[]) =>
  header.length === HEADER_17.length + EXTRA_19.length &&
  EXTRA_19.every((name) => header.includes(name)) &&
  matches17(header.filter((name) => !EXTRA_19.includes(name)));

/**
 * The zone the preamble names: the `Time Zone:` field first, then any preamble field naming a zone
 * (undefined when none does, and the framework falls back to the user's choice).
 */
function preambleZone(context: Pick<FormatContext, "preamble">): Zone | undefined {
  const fields = context.preamble.flat();
  const labelled = fields.find((field) => /time\s*zone/i.test(field));
  if (labelled) return findZone(labelled.replace(/^[^:]*:/, ""));
  for (const field of fields) {
    const zone = findZone(field);
    if (zone) return zone;
  }
  return undefined;
}

/** Buy or Sell from OKX's Action; undefined for actions that are not trades. */
function sideOf(action: string): "Buy" | "Sell" | undefined {
  const lower = action.trim().toLowerCase();
  if (lower === "buy" || lower === "open long" || lower === "close short") return "Buy";
  if (lower === "sell" || lower === "open short" || lower === "close long") return "Sell";
  return undefined;
}

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const column = new Map(context.header.map((name, i) => [name, i]));
  const cell = (row: readonly string[], name: string): string => row[column.get(name) ?? -1] ?? "";
  const funding: CanonicalRow[] = [];
  const trades: CanonicalRow[] = [];
  const bad: BadLine[] = [];
  /** Every balance read, to pick the latest per Balance Unit once the file's order is known. */
  const balances: { unit: string; balance: number; time: number; order: number }[] = [];
  const times: number[] = [];

  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const number = (name: string): number | null | undefined => parseNumber(cell(row, name));

    const timeText = cell(row, "Time");
    const time = parseDateTime(timeText, context.zone);
    if (time === undefined) return reject(`Time "${timeText}" is not a date-time`);
    const balance = number("Balance");
    if (balance === undefined) return reject(`Balance "${cell(row, "Balance")}" is not a number`);
    const unit = cell(row, "Balance Unit").toUpperCase();
    const action = cell(row, "Action");
    const id = isBlank(cell(row, "id")) ? null : cell(row, "id");
    const symbol = isBlank(cell(row, "Symbol")) ? null : cell(row, "Symbol");

    if (/^funding fee$/i.test(action.trim())) {
      const change = number("Balance Change");
      if (change === undefined || change === null)
        return reject(`Balance Change "${cell(row, "Balance Change")}" is not a number`);
      funding.push(
        canonicalRow("Funding", {
          "Time (UTC)": time,
          Venue: "OKX",
          Symbol: symbol,
          Amount: change,
          Asset: isBlank(unit) ? null : unit,
          ID: id,
        })
      );
    } else {
      const side = sideOf(action);
      if (side) {
        const read: Record<string, number | null> = {};
        for (const name of ["Amount", "Filled Price", "Fee", "PnL"]) {
          const value = number(name);
          if (value === undefined) return reject(`${name} "${cell(row, name)}" is not a number`);
          read[name] = value;
        }
        if (read.Amount === null) return reject("Amount is empty on a trade row");
        const feeUnit = cell(row, "Fee Unit").toUpperCase();
        trades.push(
          canonicalRow("Trades", {
            "Time (UTC)": time,
            Venue: "OKX",
            Symbol: symbol,
            Side: side,
            Quantity: Math.abs(read.Amount),
            Price: read["Filled Price"],
            Fee: read.Fee,
            "Fee asset": isBlank(feeUnit) ? null : feeUnit,
            "Realised P&L": read.PnL,
            "Trade ID": id,
          })
        );
      }
    }

    times.push(time);
    if (balance !== null && !isBlank(unit)) balances.push({ unit, balance, time, order: i });
  });

  // OKX lists newest first: of two rows in the same millisecond, the one listed first is the later.
  const newestFirst = times.length > 1 && times[0] > times[times.length - 1];
  const later = (a: (typeof balances)[number], b: (typeof balances)[number]): boolean =>
    a.time !== b.time ? a.time > b.time : newestFirst ? a.order < b.order : a.order > b.order;
  const latest = new Map<string, (typeof balances)[number]>();
  for (const entry of balances) {
    const kept = latest.get(entry.unit);
    if (!kept || later(entry, kept)) latest.set(entry.unit, entry);
  }

  const holdings = [...latest.entries()].map(([asset, { balance, time }]) =>
    canonicalRow("Holdings", { Asset: asset, Quantity: balance, "As of (UTC)": time, Venue: "OKX" })
  );
  return { tables: { Funding: funding, Trades: trades, Holdings: holdings }, bad };
}

export const format: ImportFormat = {
  id: "okx-bills",
  name: "OKX trading account bills",
  venue: "OKX",
  delimiter: ",",
  variants: [
    { id: "17 columns", matches: matches17 },
    { id: "19 columns", matches: matches19 },
  ],
  tables: ["Funding", "Trades", "Holdings"],
  zone: { kind: "preamble", read: preambleZone },
  parse,
};
