/**
 * Yahoo Finance download (spec/imports.md, format 11): the "Historical Data" download,
 * `Date,Open,High,Low,Close,Adj Close,Volume`, one daily bar a row, oldest first.
 *
 * Dates carry no time and no zone: they are days, read as UTC days (for crypto pairs Yahoo's day is the
 * UTC day; for exchange-listed tickers it is the trading day, whatever its zone). Close is `Close`
 * (split-adjusted), not `Adj Close` (also dividend-adjusted), so that Open, High, Low and Close of a
 * row stay one bar; for crypto pairs the two are the same.
 *
 * Yahoo writes `null` in every field of a day it has no data for: such a row is no price and is left
 * out (its day shows as a gap); the user is told how many.
 *
 * The file holds no symbol: it is the file's name as Yahoo gives it (`BTC-USD.csv` → "BTC/USD";
 * `AAPL.csv` → "AAPL"). A file without a name gets "UNKNOWN" and a warning.
 */
import { canonicalRow, coins, type CanonicalRow } from "../canonical";
import { dayOf, headerIs, isBlank, parseDateTime, parseNumber, UTC } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const HEADER = ["Date", "Open", "High", "Low", "Close", "Adj Close", "Volume"];

/** The symbol a Yahoo download's name gives: a pair `BTC-USD` as "BTC/USD", a ticker as itself. */
function symbolOfFileName(fileName: string): string | undefined {
  const stem = (fileName.split(/[\\/]/).pop() ?? "").replace(/\.[^.]*$/, "").trim();
  if (!stem) return undefined;
  const pair = /^([A-Za-z0-9]+)-([A-Za-z]{3,4})$/.exec(stem);
  return pair ? `${pair[1].toUpperCase()}/${pair[2].toUpperCase()}` : stem.toUpperCase();
}

const BAR = ["Open", "High", "Low", "Close", "Volume"] as const;

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const warnings: string[] = [];
  let symbol = symbolOfFileName(context.fileName);
  if (!symbol) {
    symbol = "UNKNOWN";
    warnings.push(
      'Yahoo downloads are named after the ticker (BTC-USD.csv) and this one has no name: the symbol was written as "UNKNOWN".'
    );
  }
  const column = new Map(context.header.map((name, i) => [name, i]));
  const cell = (row: readonly string[], name: string): string => row[column.get(name) ?? -1] ?? "";
  const prices: CanonicalRow[] = [];
  const bad: BadLine[] = [];
  let empty = 0;
  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const dateText = cell(row, "Date");
    const time = parseDateTime(dateText, UTC);
    if (time === undefined) return reject(`Date "${dateText}" is not a date`);
    if (BAR.every((name) => isBlank(cell(row, name)))) {
      empty += 1;
      return;
    }
    const bar: Partial<Record<(typeof BAR)[number], number | null>> = {};
    for (const name of BAR) {
      const value = parseNumber(cell(row, name));
      if (value === undefined) return reject(`${name} "${cell(row, name)}" is not a number`);
      bar[name] = value;
    }
    if (bar.Close === null) return reject("Close is empty");
    prices.push(
      canonicalRow("Prices", {
        "Date (UTC)": dayOf(time),
        Symbol: symbol,
        Open: bar.Open ?? null,
        High: bar.High ?? null,
        Low: bar.Low ?? null,
        Close: bar.Close ?? null,
        // Yahoo's volume for a crypto pair (BTC-USD) is in the quote currency; Prices' is in coins
        Volume: coins(bar.Volume ?? null, bar.Close ?? null),
      })
    );
  });
  if (empty > 0)
    warnings.push(
      `${empty} day${empty === 1 ? "" : "s"} Yahoo wrote as null (no data) ${empty === 1 ? "was" : "were"} left out; ${empty === 1 ? "it shows" : "they show"} as a gap.`
    );
  return { tables: { Prices: prices }, bad, warnings };
}

export const format: ImportFormat = {
  id: "yahoo",
  name: "Yahoo Finance download",
  venue: "",
  delimiter: ",",
  variants: [
    {
      id: "daily",
      matches: headerIs(HEADER),
    },
  ],
  tables: ["Prices"],
  zone: { kind: "utc" },
  parse,
};
