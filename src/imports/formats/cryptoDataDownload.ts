/**
 * CryptoDataDownload OHLCV files (spec/imports.md, format 9): a banner line
 * (`https://www.CryptoDataDownload.com`, skipped by the framework), then one bar per row, newest first.
 *
 * Variants: "2021" — `Unix,Date,Symbol,Open,High,Low,Close,Volume <BASE>,Volume <QUOTE>,tradecount`,
 * Unix in milliseconds; "2020" — `Unix Timestamp,…`, Unix in seconds. The volume columns are named
 * after the pair, so they are matched by pattern (`Volume BTC`, `Volume USDT`); `tradecount` is
 * optional (exchanges other than Binance do not give it). Names are compared without regard to case:
 * CryptoDataDownload has written both `Unix` and `unix`. Epochs are told apart by size (parseEpoch),
 * not by variant, since the variant only says what is usual.
 *
 * Decisions (each is said to the user as a warning):
 * - Filler rows: CryptoDataDownload fills hours or days without trades with a bar whose
 *   Open = High = Low = Close and whose volume is 0. They are not prices anyone traded at, so they are
 *   left out; the days they stood for then show as gaps in the import's report.
 * - Hourly files (`…_1h.csv`): Prices holds one bar per UTC day, so intraday bars are folded into
 *   daily ones — Open the day's first open, High the highest, Low the lowest, Close the day's last
 *   close, Volume the sum. The first and last days of a file may be partial.
 * Volume is the base-currency volume (`Volume <BASE>`); Symbol is `<BASE>/<QUOTE>`.
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { dayOf, isBlank, parseEpoch, parseNumber } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const PRICE_NAMES = ["date", "symbol", "open", "high", "low", "close"];
const VOLUME = /^volume\s+(\S+)$/i;

/** A CryptoDataDownload header whose first column is `first` (case aside). */
const matchesWith = (first: string) => (header: readonly string[]) => {
  const lower = header.map((name) => name.toLowerCase());
  if (header.length !== 9 && !(header.length === 10 && lower[9] === "tradecount")) return false;
  return (
    lower[0] === first &&
    PRICE_NAMES.every((name, i) => lower[i + 1] === name) &&
    VOLUME.test(header[7]) &&
    VOLUME.test(header[8])
  );
};

interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Intraday bars folded into one bar per UTC day (bars with the same time counted once). */
function dailyBars(bars: readonly Bar[]): Bar[] {
  const byTime = new Map<number, Bar>();
  for (const bar of bars) if (!byTime.has(bar.time)) byTime.set(bar.time, bar);
  const days = new Map<number, Bar>();
  for (const bar of [...byTime.values()].sort((a, b) => a.time - b.time)) {
    const day = dayOf(bar.time);
    const seen = days.get(day);
    if (!seen) days.set(day, { ...bar, time: day });
    else {
      seen.high = Math.max(seen.high, bar.high);
      seen.low = Math.min(seen.low, bar.low);
      seen.close = bar.close;
      seen.volume += bar.volume;
    }
  }
  return [...days.values()];
}

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const header = context.header;
  const volumeA = VOLUME.exec(header[7])![1].toUpperCase();
  const volumeB = VOLUME.exec(header[8])![1].toUpperCase();
  const bad: BadLine[] = [];
  const warnings: string[] = [];
  const read: { bar: Omit<Bar, "volume">; volumes: [number, number] }[] = [];
  let symbolCell = "";
  let fillers = 0;

  rows.forEach((row, i) => {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(i), reason });
    const time = parseEpoch(row[0] ?? "");
    if (time === undefined) return reject(`${header[0]} "${row[0] ?? ""}" is not a Unix time`);
    const values: number[] = [];
    for (const at of [3, 4, 5, 6, 7, 8]) {
      const value = parseNumber(row[at] ?? "");
      if (value === undefined || value === null)
        return reject(`${header[at]} "${row[at] ?? ""}" is not a number`);
      values.push(value);
    }
    if (!symbolCell && !isBlank(row[2] ?? "")) symbolCell = row[2];
    const [open, high, low, close, first, second] = values;
    read.push({ bar: { time, open, high, low, close }, volumes: [first, second] });
  });

  // The base's volume column is the one the Symbol cell (`BTC/USDT`, `BTCUSDT`) starts with; the
  // first when the cell does not tell.
  const pair = symbolCell.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const baseFirst = !(pair.startsWith(volumeB) && !pair.startsWith(volumeA));
  const [base, quote] = baseFirst ? [volumeA, volumeB] : [volumeB, volumeA];
  const symbol = `${base}/${quote}`;
  const bars: Bar[] = read.map(({ bar, volumes }) => ({
    ...bar,
    volume: baseFirst ? volumes[0] : volumes[1],
  }));

  const traded = bars.filter((bar) => {
    const filler =
      bar.volume === 0 && bar.open === bar.high && bar.high === bar.low && bar.low === bar.close;
    if (filler) fillers += 1;
    return !filler;
  });
  if (fillers > 0)
    warnings.push(
      `${fillers} row${fillers === 1 ? "" : "s"} without trades (open = high = low = close, volume 0) ${fillers === 1 ? "was" : "were"} left out: CryptoDataDownload writes them to fill gaps, and they are not prices. The missing days are reported as gaps.`
    );

  const days = new Set(traded.map((bar) => dayOf(bar.time)));
  const intraday =
    traded.some((bar) => bar.time !== dayOf(bar.time)) ||
    days.size < new Set(traded.map((bar) => bar.time)).size;
  const daily = intraday ? dailyBars(traded) : traded;
  if (intraday)
    warnings.push(
      `The rows are intraday bars; Prices holds one bar per UTC day, so they were folded into ${daily.length} daily bar${daily.length === 1 ? "" : "s"}: open = the day's first open, high and low = the day's extremes, close = the day's last close, volume = the sum. The first and last days may be partial.`
    );

  const prices: CanonicalRow[] = daily.map((bar) =>
    canonicalRow("Prices", {
      "Date (UTC)": dayOf(bar.time),
      Symbol: symbol,
      Open: bar.open,
      High: bar.high,
      Low: bar.low,
      Close: bar.close,
      Volume: bar.volume,
    })
  );
  return { tables: { Prices: prices }, bad, warnings };
}

export const format: ImportFormat = {
  id: "cryptodatadownload",
  name: "CryptoDataDownload",
  venue: "",
  delimiter: ",",
  variants: [
    { id: "2021", matches: matchesWith("unix") },
    { id: "2020", matches: matchesWith("unix timestamp") },
  ],
  tables: ["Prices"],
  zone: { kind: "utc" },
  parse,
};
