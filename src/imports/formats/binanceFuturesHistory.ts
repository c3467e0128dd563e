/**
 * Binance USDⓈ-M Futures Transaction History (spec/imports.md, format 2): the futures wallet's income
 * log — `Date(UTC),type,Amount,Asset,Symbol,Transaction ID` (legacy) or
 * `Time,Type,Amount,Asset,Symbol,Transaction ID` (current).
 *
 * What it feeds, and what it does not:
 * - `FUNDING_FEE` rows → `Funding` (Amount signed as Binance writes it: received positive, paid
 *   negative; ID = Transaction ID, so an overlapping monthly file adds only its new rows).
 * - `REALIZED_PNL` rows → `ClosedPnL` (Closed P&L = Amount, ID = Transaction ID). The log gives only the
 *   amount: Direction, Quantity, Entry and Exit stay blank (the trade history, format 3, has them).
 * - `COMMISSION`, `TRANSFER`, `COIN_SWAP_*` and any other type are not trades, funding nor closed P&L:
 *   skipped, silently (they are not bad lines). A commission is a trade's fee, which the trade history
 *   carries per trade; importing both would count it twice.
 *
 * Zones: the legacy header says UTC. Current files are in the account's display time, and the offset is
 * only in the download's name, e.g. `Binance-Futures-Transaction-History-202603230525(UTC--6).csv`
 * (`UTC--6` is UTC-6); without it the user chooses.
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { findZone, headerIs, isBlank, parseDateTime, parseNumber } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ImportVariant } from "../types";

const VENUE = "Binance";

const HEADER_LEGACY = ["Date(UTC)", "type", "Amount", "Asset", "Symbol", "Transaction ID"];
const HEADER_CURRENT = ["Time", "Type", "Amount", "Asset", "Symbol", "Transaction ID"];

const VARIANTS: readonly ImportVariant[] = [
  { id: "legacy", matches: headerIs(HEADER_LEGACY), zone: { kind: "utc" } },
  {
    id: "current",
    matches: headerIs(HEADER_CURRENT),
    zone: { kind: "file name", read: ({ fileName }) => findZone(fileName) },
  },
];

/** The income types this import keeps, and the table each goes to. */
const KIND_OF_TYPE: Record<string, "Funding" | "ClosedPnL"> = {
  FUNDING_FEE: "Funding",
  REALIZED_PNL: "ClosedPnL",
};

/** A kept row read: both kinds need the same fields. */
interface IncomeRow {
  time: number;
  amount: number;
  asset: string;
  symbol: string;
  id: string | null;
}

/** Columns are in the same order in both variants: time, type, amount, asset, symbol, id. */
function readRow(fields: readonly string[], context: FormatContext): IncomeRow | string {
  const [timeText = "", , amountText = "", asset = "", symbol = "", id = ""] = fields;
  const time = parseDateTime(timeText, context.zone);
  if (time === undefined) return `${context.header[0]} "${timeText}" is not a date and time`;
  const amount = parseNumber(amountText);
  if (amount === undefined || amount === null) return `Amount "${amountText}" is not a number`;
  if (isBlank(asset)) return "Asset is empty";
  return {
    time,
    amount,
    asset: asset.trim().toUpperCase(),
    symbol: symbol.trim().toUpperCase(),
    id: isBlank(id) ? null : id.trim(),
  };
}

function fundingRow(row: IncomeRow): CanonicalRow {
  return canonicalRow("Funding", {
    "Time (UTC)": row.time,
    Venue: VENUE,
    Symbol: row.symbol,
    Amount: row.amount,
    Asset: row.asset,
    Rate: null,
    ID: row.id,
  });
}

function closedPnlRow(row: IncomeRow): CanonicalRow {
  return canonicalRow("ClosedPnL", {
    "Time (UTC)": row.time,
    Venue: VENUE,
    Symbol: row.symbol,
    "Closed P&L": row.amount,
    ID: row.id,
  });
}

export const format: ImportFormat = {
  id: "binance-futures-history",
  name: "Binance USDⓈ-M Futures Transaction History",
  venue: VENUE,
  delimiter: ",",
  variants: VARIANTS,
  tables: ["Funding", "ClosedPnL"],
  zone: { kind: "user" }, // each variant has its own rule (see VARIANTS)
  parse(rows, context) {
    const bad: BadLine[] = [];
    const funding: CanonicalRow[] = [];
    const closed: CanonicalRow[] = [];
    rows.forEach((fields, i) => {
      const kind = KIND_OF_TYPE[(fields[1] ?? "").trim().toUpperCase()];
      if (!kind) return; // COMMISSION, TRANSFER, COIN_SWAP_…: another type, not a bad line
      const row = readRow(fields, context);
      if (typeof row === "string") bad.push({ line: context.lineOf(i), reason: row });
      else if (kind === "Funding") funding.push(fundingRow(row));
      else closed.push(closedPnlRow(row));
    });
    return { tables: { Funding: funding, ClosedPnL: closed }, bad };
  },
};
