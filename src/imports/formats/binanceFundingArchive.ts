/**
 * Binance public funding-rate archive (spec/imports.md, format 12): the monthly files of
 * data.binance.vision, `calc_time,funding_interval_hours,last_funding_rate`, one row per funding
 * event, `calc_time` in epoch milliseconds (UTC).
 *
 * These are market rates, not the user's payments: Rate is `last_funding_rate`; Amount and Asset stay
 * blank. The rows carry no symbol: it is in the file's name as Binance publishes it,
 * `BTCUSDT-fundingRate-2026-03.csv` → "BTCUSDT"; a renamed file is named by its stem, upper-cased,
 * with a warning. There is no row id, so a repeated import is recognised by the whole row.
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { headerIs, parseEpoch, parseNumber } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const HEADER = ["calc_time", "funding_interval_hours", "last_funding_rate"];

const stemOf = (fileName: string): string =>
  (fileName.split(/[\\/]/).pop() ?? "").replace(/\.[^.]*$/, "");

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const warnings: string[] = [];
  const stem = stemOf(context.fileName);
  let symbol = /^([A-Za-z0-9]+)-fundingRate-/.exec(stem)?.[1].toUpperCase();
  if (!symbol) {
    symbol = stem.toUpperCase() || "UNKNOWN";
    warnings.push(
      `The file name does not name the contract (Binance names these files like BTCUSDT-fundingRate-2026-03.csv): the symbol was taken as "${symbol}". Check it before importing.`
    );
  }
  const funding: CanonicalRow[] = [];
  const bad: BadLine[] = [];
  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const [calcTime = "", , rateText = ""] = row;
    const time = parseEpoch(calcTime);
    if (time === undefined) return reject(`calc_time "${calcTime}" is not a Unix time`);
    const rate = parseNumber(rateText);
    if (rate === undefined || rate === null)
      return reject(`last_funding_rate "${rateText}" is not a number`);
    funding.push(
      canonicalRow("Funding", { "Time (UTC)": time, Venue: "Binance", Symbol: symbol, Rate: rate })
    );
  });
  return { tables: { Funding: funding }, bad, warnings };
}

export const format: ImportFormat = {
  id: "binance-funding-archive",
  name: "Binance public funding-rate archive",
  venue: "Binance",
  delimiter: ",",
  variants: [
    {
      id: "monthly",
      matches: headerIs(HEADER),
    },
  ],
  tables: ["Funding"],
  zone: { kind: "utc" },
  parse,
};
