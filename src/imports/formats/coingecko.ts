/**
 * CoinGecko price history (spec/imports.md, format 8): the "Historical data" download of a coin's
 * page, `snapped_at,price,market_cap,total_volume`, one snapshot a day at `00:00:00 UTC`, oldest first,
 * with days missing now and then (the framework reports the gaps).
 *
 * A snapshot is one price, not a bar: it becomes the day's Close, with Open, High and Low blank.
 * Volume is `total_volume` (24-hour volume in the quote currency, as CoinGecko reports it) divided by
 * the price, because the canonical Prices' Volume is in coins of the asset (./canonical).
 *
 * The file holds no symbol: CoinGecko names its downloads `<coin>-<quote>-max.csv` (`btc-usd-max.csv`),
 * and the symbol is read from that ("BTC/USD"). A file renamed out of that shape is named by its stem,
 * upper-cased, with a warning to check it.
 */
import { canonicalRow, coins, type CanonicalRow } from "../canonical";
import { dayOf, headerIs, parseDateTime, parseNumber, UTC } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const HEADER = ["snapped_at", "price", "market_cap", "total_volume"];

/** The stem of a file name: no folder, no extension. */
const stemOf = (fileName: string): string =>
  (fileName.split(/[\\/]/).pop() ?? "").replace(/\.[^.]*$/, "");

/** "BTC/USD" from `btc-usd-max.csv` (or `-30`, `-365`… for shorter ranges); undefined otherwise. */
function symbolOfFileName(fileName: string): string | undefined {
  const match = /^([a-z0-9]+)-([a-z]{3,5})-(max|\d+)$/i.exec(stemOf(fileName));
  return match ? `${match[1].toUpperCase()}/${match[2].toUpperCase()}` : undefined;
}

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const warnings: string[] = [];
  let symbol = symbolOfFileName(context.fileName);
  if (!symbol) {
    symbol = stemOf(context.fileName).toUpperCase() || "UNKNOWN";
    warnings.push(
      `The file name does not say which coin this is (CoinGecko names its downloads like btc-usd-max.csv): the symbol was taken as "${symbol}". Check it before importing.`
    );
  }
  const prices: CanonicalRow[] = [];
  const bad: BadLine[] = [];
  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const [snappedAt = "", price = "", , volume = ""] = row;
    const time = parseDateTime(snappedAt, UTC);
    if (time === undefined) return reject(`snapped_at "${snappedAt}" is not a date-time`);
    const close = parseNumber(price);
    if (close === undefined || close === null) return reject(`price "${price}" is not a number`);
    const totalVolume = parseNumber(volume);
    if (totalVolume === undefined) return reject(`total_volume "${volume}" is not a number`);
    prices.push(
      canonicalRow("Prices", {
        "Date (UTC)": dayOf(time),
        Symbol: symbol,
        Close: close,
        Volume: coins(totalVolume, close),
      })
    );
  });
  return { tables: { Prices: prices }, bad, warnings };
}

export const format: ImportFormat = {
  id: "coingecko",
  name: "CoinGecko price history",
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
