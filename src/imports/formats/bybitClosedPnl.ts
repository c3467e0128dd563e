/**
 * Bybit Closed P&L export (spec/imports.md, format 5): one row per closing order of a derivatives
 * position, with the averaged entry and exit prices and the P&L Bybit booked for it. The header names
 * its own zone (`Trade Time(UTC+0)`), so the times are UTC whatever the user chose.
 *
 * Variants: "2024" is the eight-column export; "2025" adds `Order No.` (the closing order's id, which
 * becomes the row's ID so that a repeated import is recognised) and `Create Time` (when the position
 * was opened; not a column of ClosedPnL, so not read).
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { headerIs, isBlank, parseDateTime, parseNumber, UTC } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const HEADER_2024 = [
  "Contracts",
  "Closing Direction",
  "Qty",
  "Entry Price",
  "Exit Price",
  "Closed P&L",
  "Exit Type",
  "Trade Time(UTC+0)",
];
const HEADER_2025 = [...HEADER_2024, "Order No.", "Create Time"];

/** The numeric columns of a row, each read or reported by its header name. */
const NUMBERS = ["Qty", "Entry Price", "Exit Price", "Closed P&L"] as const;

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const column = new Map(context.header.map((name, i) => [name, i]));
  const cell = (row: readonly string[], name: string): string => row[column.get(name) ?? -1] ?? "";
  const closed: CanonicalRow[] = [];
  const bad: BadLine[] = [];

  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const timeText = cell(row, "Trade Time(UTC+0)");
    const time = parseDateTime(timeText, UTC);
    if (time === undefined) return reject(`Trade Time(UTC+0) "${timeText}" is not a date-time`);
    const symbol = cell(row, "Contracts");
    if (isBlank(symbol)) return reject("Contracts is empty");
    const numbers: Partial<Record<(typeof NUMBERS)[number], number | null>> = {};
    for (const name of NUMBERS) {
      const value = parseNumber(cell(row, name));
      if (value === undefined) return reject(`${name} "${cell(row, name)}" is not a number`);
      numbers[name] = value;
    }
    if (numbers["Closed P&L"] === null) return reject("Closed P&L is empty");
    const orderNo = cell(row, "Order No.");
    closed.push(
      canonicalRow("ClosedPnL", {
        "Time (UTC)": time,
        Venue: "Bybit",
        Symbol: symbol,
        Direction: isBlank(cell(row, "Closing Direction")) ? null : cell(row, "Closing Direction"),
        Quantity: numbers.Qty ?? null,
        Entry: numbers["Entry Price"] ?? null,
        Exit: numbers["Exit Price"] ?? null,
        "Closed P&L": numbers["Closed P&L"] ?? null,
        ID: isBlank(orderNo) ? null : orderNo,
      })
    );
  });
  return { tables: { ClosedPnL: closed }, bad };
}

export const format: ImportFormat = {
  id: "bybit-closed-pnl",
  name: "Bybit Closed P&L",
  venue: "Bybit",
  delimiter: ",",
  variants: [
    { id: "2025", matches: headerIs(HEADER_2025) },
    { id: "2024", matches: headerIs(HEADER_2024) },
  ],
  tables: ["ClosedPnL"],
  zone: { kind: "utc" },
  parse,
};
