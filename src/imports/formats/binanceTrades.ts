/**
 * Binance Futures Trade History (spec/imports.md, format 3): one row per fill, feeding `Trades`.
 *
 * Variants:
 * - "old": `Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit`, sometimes with a trailing
 *   `,Quote Asset` (then a bare fee is in that asset). No trade id: such rows are told apart by the
 *   whole row.
 * - "current": `Uid,Time,Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit,Buyer,Maker,Trade ID,
 *   Order ID`, in the account's display time; the offset is in the download's name
 *   (`Binance-Futures-Trade-History-202603230520(UTC--6).csv`), else the user chooses.
 * - "hedge mode": the spec writes `Uid,Time(UTC),Symbol,Side,Position Side,…,Trade Id,Order Id`. The
 *   full header in a public fixture (a perp-trade-history project's Binance archive test) is
 *   `Uid,Time(UTC),Symbol,Side,Position Side,Price,Quantity,Amount,Fee,Realized Profit,Buyer,Maker,
 *   Trade Id,Order Id`; one source only, so the variant is recognised by its fixed ends and the
 *   presence of the columns read, not by exact equality of the elided middle.
 *
 * The fee cell carries its asset, with or without a space (`0.03682290USDT`, `0.29528919 USDC`): split
 * into Fee and Fee asset. Binance writes a fee paid positive; the canonical tables write money paid
 * negative (spec: "money received positive, paid negative, whatever the file's own convention"), so
 * Fee is the cell negated (a rebate comes out positive). Two-digit years
 * (`26-03-17 09:34:12`) are 20YY.
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import {
  findZone,
  headerIs,
  isBlank,
  parseAmountWithUnit,
  parseDateTime,
  parseNumber,
} from "../fields";
import type { BadLine, FormatContext, ImportFormat, ImportVariant } from "../types";

const VENUE = "Binance";

const HEADER_OLD = [
  "Date(UTC)",
  "Symbol",
  "Side",
  "Price",
  "Quantity",
  "Amount",
  "Fee",
  "Realized Profit",
];
const HEADER_OLD_QUOTE = [...HEADER_OLD, "Quote Asset"];
const HEADER_CURRENT = [
  "Uid",
  "Time",
  "Symbol",
  "Side",
  "Price",
  "Quantity",
  "Amount",
  "Fee",
  "Realized Profit",
  "Buyer",
  "Maker",
  "Trade ID",
  "Order ID",
];
const HEDGE_START = ["Uid", "Time(UTC)", "Symbol", "Side", "Position Side"];
const HEDGE_END = ["Trade Id", "Order Id"];
/** The columns the parser reads in every variant. */
const READ_COLUMNS = ["Symbol", "Side", "Price", "Quantity", "Fee", "Realized Profit"];

function isHedgeModeHeader(header: readonly string[]): boolean {
  const end = header.slice(header.length - HEDGE_END.length);
  return (
    header.length > HEDGE_START.length + HEDGE_END.length &&
    HEDGE_START.every((name, i) => header[i] === name) &&
    HEDGE_END.every((name, i) => end[i] === name) &&
    READ_COLUMNS.every((name) => header.includes(name))
  );
}

const VARIANTS: readonly ImportVariant[] = [
  {
    id: "old",
    matches: (header) => headerIs(HEADER_OLD)(header) || headerIs(HEADER_OLD_QUOTE)(header),
    zone: { kind: "utc" },
  },
  {
    id: "current",
    matches: headerIs(HEADER_CURRENT),
    zone: { kind: "file name", read: ({ fileName }) => findZone(fileName) },
  },
  { id: "hedge mode", matches: isHedgeModeHeader, zone: { kind: "utc" } },
];

/** A field by column name (the variants put the same columns in different places). */
type FieldOf = (fields: readonly string[], name: string) => string;

function fieldReader(header: readonly string[]): FieldOf {
  const index = new Map(header.map((name, i) => [name, i] as const));
  return (fields, name) => {
    const i = index.get(name);
    return i === undefined ? "" : (fields[i] ?? "");
  };
}

/** The time column of the variant read: `Date(UTC)`, `Time` or `Time(UTC)`. */
const timeColumn = (header: readonly string[]): string =>
  ["Date(UTC)", "Time", "Time(UTC)"].find((name) => header.includes(name)) ?? header[0];

/** A number the row cannot do without; the reason names the column and the text. */
function requiredNumber(text: string, column: string): number | string {
  const value = parseNumber(text);
  return value === undefined || value === null ? `${column} "${text}" is not a number` : value;
}

/** Fee and its asset: the unit in the cell, else the `Quote Asset` column, else unknown (blank). */
function readFee(
  text: string,
  quoteAsset: string
): { fee: number | null; asset: string | null } | string {
  if (isBlank(text)) return { fee: null, asset: null };
  const split = parseAmountWithUnit(text);
  if (!split) return `Fee "${text}" is not an amount`;
  const asset = split.unit || quoteAsset.trim().toUpperCase() || null;
  return { fee: split.amount === 0 ? 0 : -split.amount, asset };
}

function readTrade(
  fields: readonly string[],
  context: FormatContext,
  field: FieldOf
): CanonicalRow | string {
  const timeName = timeColumn(context.header);
  const time = parseDateTime(field(fields, timeName), context.zone);
  if (time === undefined) return `${timeName} "${field(fields, timeName)}" is not a date and time`;
  const symbol = field(fields, "Symbol").trim().toUpperCase();
  if (!symbol) return "Symbol is empty";
  const side = field(fields, "Side").trim().toUpperCase();
  if (side !== "BUY" && side !== "SELL")
    return `Side "${field(fields, "Side")}" is neither BUY nor SELL`;
  const price = requiredNumber(field(fields, "Price"), "Price");
  if (typeof price === "string") return price;
  const quantity = requiredNumber(field(fields, "Quantity"), "Quantity");
  if (typeof quantity === "string") return quantity;
  const fee = readFee(field(fields, "Fee"), field(fields, "Quote Asset"));
  if (typeof fee === "string") return fee;
  const pnlText = field(fields, "Realized Profit");
  const pnl = parseNumber(pnlText);
  if (pnl === undefined) return `Realized Profit "${pnlText}" is not a number`;
  const id = field(fields, "Trade ID") || field(fields, "Trade Id");
  return canonicalRow("Trades", {
    "Time (UTC)": time,
    Venue: VENUE,
    Symbol: symbol,
    Side: side,
    Quantity: quantity,
    Price: price,
    Fee: fee.fee,
    "Fee asset": fee.asset,
    "Realised P&L": pnl,
    "Trade ID": isBlank(id) ? null : id.trim(),
  });
}

export const format: ImportFormat = {
  id: "binance-trades",
  name: "Binance Futures Trade History",
  venue: VENUE,
  delimiter: ",",
  variants: VARIANTS,
  tables: ["Trades"],
  zone: { kind: "user" }, // each variant has its own rule (see VARIANTS)
  parse(rows, context) {
    const field = fieldReader(context.header);
    const bad: BadLine[] = [];
    const trades: CanonicalRow[] = [];
    rows.forEach((fields, i) => {
      const trade = readTrade(fields, context, field);
      if (typeof trade === "string") bad.push({ line: context.lineOf(i), reason: trade });
      else trades.push(trade);
    });
    return { tables: { Trades: trades }, bad };
  },
};
