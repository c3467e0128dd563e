/**
 * CoinMarketCap historical data (spec/imports.md, format 10): the "Historical Data" download of a
 * coin's page — semicolon-separated, times quoted ISO ending in `Z`, sometimes behind a BOM (the
 * framework strips it and the quotes). One daily bar a row.
 *
 * Variants: "current" ends `…;marketCap;circulatingSupply;timestamp`; "older" has no
 * `circulatingSupply`. Columns are read by name, so both read the same.
 *
 * Date is the UTC day of `timeOpen` (the bar's start; `timeClose` is 23:59:59.999 of the same day);
 * Symbol is `name` as the file gives it — except that downloads seen write there a CoinMarketCap id
 * (`2781`, its id for USD, the currency of the prices), not the coin: a numeric `name` gives way to the
 * coin's name at the head of the download's file name (`Bitcoin_1_2_2026-…_historical_data_
 * coinmarketcap.csv` → "Bitcoin"), with a warning, since CoinMarketCap names coins, not tickers.
 */
import { canonicalRow, coins, type CanonicalRow } from "../canonical";
import { dayOf, headerIs, isBlank, parseDateTime, parseNumber, UTC } from "../fields";
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

const BAR = ["open", "high", "low", "close", "volume"] as const;

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const column = new Map(context.header.map((name, i) => [name, i]));
  const cell = (row: readonly string[], name: string): string => row[column.get(name) ?? -1] ?? "";
  const prices: CanonicalRow[] = [];
  const bad: BadLine[] = [];
  const warnings: string[] = [];
  const coinInFileName = /^([^_]+)_.*coinmarketcap/i.exec(context.fileName)?.[1];
  const symbolOf = (name: string): string => {
    if (!/^\d+$/.test(name)) return name;
    if (warnings.length === 0)
      warnings.push(
        coinInFileName
          ? `The file's name column holds a CoinMarketCap id (${name}), not the coin: the symbol is "${coinInFileName}", from the file name. Rename it to the ticker (e.g. BTC) if the other tables use tickers.`
          : `The file's name column holds a CoinMarketCap id (${name}), not the coin, and the file name does not name it: the symbol is "${name}". Rename it to the ticker (e.g. BTC) in the Prices table.`
      );
    return coinInFileName ?? name;
  };
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
        Symbol: symbolOf(name),
        Open: bar.open ?? null,
        High: bar.high ?? null,
        Low: bar.low ?? null,
        Close: bar.close ?? null,
        // CoinMarketCap's volume is in the quote currency; Prices' Volume is in coins (./canonical)
        Volume: coins(bar.volume ?? null, bar.close ?? null),
      })
    );
  });
  return { tables: { Prices: prices }, bad, warnings };
}

export const format: ImportFormat = {
  id: "coinmarketcap",
  name: "CoinMarketCap historical data",
  venue: "",
  delimiter: ";",
  variants: [
    { id: "current", matches: headerIs(HEADER_CURRENT) },
    { id: "older", matches: headerIs(HEADER_OLDER) },
  ],
  tables: ["Prices"],
  zone: { kind: "utc" },
  parse,
};
