/**
 * CoinMarketCap historical data (spec/imports.md, format 10): the "Historical Data" download of a
 * coin's page — semicolon-separated, times quoted ISO ending in `Z`, sometimes behind a BOM (the
 * framework strips it and the quotes). One daily bar a row.
 *
 * Variants: "current" ends `…;marketCap;circulatingSupply;timestamp`; "older" has no
 * `circulatingSupply`. Columns are read by name, so both read the same.
 *
 * Date is the UTC day of `timeOpen` (the bar's start; `timeClose` is 23:59:59.999 of the same day);
 * Symbol is `name` as the file gives it.
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { dayOf, isBlank, parseDateTime, parseNumber, UTC } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const HEADER_OLDER = [
  "timeOpen",
  "timeClose",
  "timeHigh",
  "timeLow",
  "name",
  "open",
  "high",
  "low",
  "close",
  "volume",
  "marketCap",
  "timestamp",
];
const HEADER_CURRENT = [...HEADER_OLDER.slice(0, 11), "circulatingSupply", "timestamp"];

const sameHeader = (expected: readonly string[]) => (header: readonly string[]) =>
  header.length === expected.length && expected.every((name, i) => header[i] === name);

const BAR = ["open", "high", "low", "close", "volume"] as const;

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const column = new Map(context.header.map((name, i) => [name, i]));
  const cell = (row: readonly string[], name: string): string => row[column.get(name) ?? -1] ?? "";
  const prices: CanonicalRow[] = [];
  const bad: BadLine[] = [];
  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const openText = cell(row, "timeOpen");
    const time = parseDateTime(openText, UTC);
    if (time === undefined) return reject(`timeOpen "${openText}" is not a date-time`);
    const name = cell(row, "name");
    if (isBlank(name)) return reject("name is empty");
    const bar: Partial<Record<(typeof BAR)[number], number | null>> = {};
    for (const key of BAR) {
      const value = parseNumber(cell(row, key));
      if (value === undefined) return reject(`${key} "${cell(row, key)}" is not a number`);
      bar[key] = value;
    }
    if (bar.close === null) return reject("close is empty");
    prices.push(
      canonicalRow("Prices", {
        "Date (UTC)": dayOf(time),
        Symbol: name,
        Open: bar.open ?? null,
        High: bar.high ?? null,
        Low: bar.low ?? null,
        Close: bar.close ?? null,
        Volume: bar.volume ?? null,
      })
    );
  });
  return { tables: { Prices: prices }, bad };
}

export const format: ImportFormat = {
  id: "coinmarketcap",
  name: "CoinMarketCap historical data",
  venue: "",
  delimiter: ";",
  variants: [
    { id: "current", matches: sameHeader(HEADER_CURRENT) },
    { id: "older", matches: sameHeader(HEADER_OLDER) },
  ],
  tables: ["Prices"],
  zone: { kind: "utc" },
  parse,
};
