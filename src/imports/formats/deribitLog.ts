/**
 * Deribit transaction log (spec/imports.md, format 7): the account's ledger for one currency — trades,
 * settlements, deposits, transfers — each with the cash balance after it. Deribit writes one file per
 * currency, named `transaction_log-<uid>-<CCY>-…` (as BittyTax's Deribit parser reads it), and the
 * rows carry no currency column: the file name is where the currency comes from.
 *
 * Times: the `Date` column is UTC (Deribit's platform time; BittyTax reads it as UTC too) and only to
 * the second, so the order of rows is `UserSeq` (Deribit's sequence number of the user's
 * transactions), not the time: rows are read and written in UserSeq order, and the balance held is the
 * Balance of the row with the highest UserSeq. Dates are read as `YYYY-MM-DD HH:MM:SS` and also as
 * `DD/MM/YY HH:MM:SS`, the form Deribit's help page ("Transaction log") says the log displays — read
 * day first there, never as a two-digit year first.
 *
 * What it feeds:
 * - Funding: `settlement` rows whose Side is `long`/`short` on a perpetual carry the session's funding
 *   in `Funding` (received positive). It is already inside `Cash Flow` and `Change`; only `Funding` is
 *   written, so it is never counted twice. ID `<CCY>-<UserSeq>` (UserSeq is unique per currency only).
 * - Trades: `trade` rows; Fee is minus `Fee Charged` (Deribit writes a fee paid as positive; the
 *   canonical tables write money paid negative); Realised P&L is `Cash Flow` (for futures and
 *   perpetuals, the session P&L the trade realised; for options, the premium).
 * - Holdings: the last Balance, as above.
 *
 * Variants: "current" (24 columns) and "older" (`Size` for `Base Amount`, `Fee Paid` for
 * `Fee Charged`, no `Amount`, `Index Price` or `Note`).
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { headerIs, isBlank, parseDateTime, parseNumber, UTC } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ParsedRows } from "../types";

const HEADER_CURRENT = [
  "ID",
  "UserSeq",
  "Date",
  "Instrument",
  "Type",
  "Side",
  "Amount",
  "Base Amount",
  "Position",
  "Price",
  "Mark Price",
  "Index Price",
  "Cash Flow",
  "Funding",
  "Fee Rate",
  "Fee Charged",
  "Fee Balance",
  "Change",
  "Balance",
  "Equity",
  "Trade ID",
  "Order ID",
  "Info",
  "Note",
];
const HEADER_OLDER = [
  "ID",
  "UserSeq",
  "Date",
  "Instrument",
  "Type",
  "Side",
  "Size",
  "Position",
  "Price",
  "Mark Price",
  "Cash Flow",
  "Funding",
  "Fee Rate",
  "Fee Paid",
  "Fee Balance",
  "Change",
  "Balance",
  "Equity",
  "Trade ID",
  "Order ID",
  "Info",
];

/** The currency in a Deribit download's name: `transaction_log-123456-BTC-2026….csv` → BTC. */
function currencyOfFileName(fileName: string): string | undefined {
  const base = fileName.split(/[\\/]/).pop() ?? "";
  return /transaction_log-\d+-([A-Za-z0-9]{2,10})-/.exec(base)?.[1].toUpperCase();
}

/**
 * The currency an instrument settles in: the part after `_` for linear ones (`SOL_USDC-PERPETUAL`
 * → USDC), otherwise the part before the first `-` (`BTC-PERPETUAL`, `ETH-27DEC24-3000-C` → the coin).
 */
function currencyOfInstrument(instrument: string): string | undefined {
  const upper = instrument.trim().toUpperCase();
  const linear = /^[A-Z0-9]+_([A-Z0-9]+)(-|$)/.exec(upper);
  if (linear) return linear[1];
  return /^([A-Z0-9]+)-/.exec(upper)?.[1];
}

/** Epoch ms (UTC) of a Deribit Date: `YYYY-MM-DD HH:MM:SS`, or `DD/MM/YY HH:MM:SS` (day first). */
function parseDeribitDate(text: string): number | undefined {
  const dayFirst = /^(\d{2})\/(\d{2})\/(\d{2})(\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*$/.exec(text.trim());
  if (dayFirst) {
    const [, day, month, year, time = ""] = dayFirst;
    return parseDateTime(`20${year}-${month}-${day}${time}`, UTC);
  }
  return parseDateTime(text, UTC);
}

function sideOf(side: string): "Buy" | "Sell" | undefined {
  const lower = side.trim().toLowerCase();
  if (/^(open |close )?buy$/.test(lower)) return "Buy";
  if (/^(open |close )?sell$/.test(lower)) return "Sell";
  return undefined;
}

function parse(rows: readonly string[][], context: FormatContext): ParsedRows {
  const column = new Map(context.header.map((name, i) => [name, i]));
  const cell = (row: readonly string[], name: string): string => row[column.get(name) ?? -1] ?? "";
  const older = context.variant === "older";
  const quantityColumn = older ? "Size" : "Base Amount";
  const feeColumn = older ? "Fee Paid" : "Fee Charged";
  const bad: BadLine[] = [];
  const warnings: string[] = [];

  let currency = currencyOfFileName(context.fileName);
  if (!currency) {
    const instrument = rows.map((row) => cell(row, "Instrument")).find((text) => !isBlank(text));
    currency = instrument ? currencyOfInstrument(instrument) : undefined;
    warnings.push(
      currency
        ? `The file name does not name the currency (Deribit names its downloads transaction_log-<uid>-<CCY>-…): ${currency} was read from the instrument ${instrument}. Check it before importing.`
        : "The file name does not name the currency (Deribit names its downloads transaction_log-<uid>-<CCY>-…) and no instrument tells it: Asset is left blank."
    );
  }

  // Rows in UserSeq order (times are only to the second); a row without a readable UserSeq is bad.
  const ordered: { row: readonly string[]; index: number; seq: bigint }[] = [];
  rows.forEach((row, index) => {
    const seq = cell(row, "UserSeq").trim();
    if (!/^\d+$/.test(seq))
      bad.push({ line: context.lineOf(index), reason: `UserSeq "${seq}" is not a whole number` });
    else ordered.push({ row, index, seq: BigInt(seq) });
  });
  ordered.sort((a, b) => (a.seq < b.seq ? -1 : a.seq > b.seq ? 1 : a.index - b.index));

  const funding: CanonicalRow[] = [];
  const trades: CanonicalRow[] = [];
  let last: { balance: number; time: number } | undefined;

  for (const { row, index, seq } of ordered) {
    const reject = (reason: string): void => void bad.push({ line: context.lineOf(index), reason });
    const dateText = cell(row, "Date");
    const time = parseDeribitDate(dateText);
    if (time === undefined) {
      reject(`Date "${dateText}" is not a date-time`);
      continue;
    }
    const balance = parseNumber(cell(row, "Balance"));
    if (balance === undefined) {
      reject(`Balance "${cell(row, "Balance")}" is not a number`);
      continue;
    }
    const type = cell(row, "Type").trim().toLowerCase();
    const side = cell(row, "Side").trim().toLowerCase();
    const instrument = isBlank(cell(row, "Instrument")) ? null : cell(row, "Instrument");

    if (type === "settlement" && (side === "long" || side === "short")) {
      const amount = parseNumber(cell(row, "Funding"));
      if (amount === undefined) {
        reject(`Funding "${cell(row, "Funding")}" is not a number`);
        continue;
      }
      // Futures settle with side long/short too, without funding: only perpetuals' rows are funding.
      if (amount !== null && (amount !== 0 || /PERPETUAL/i.test(instrument ?? "")))
        funding.push(
          canonicalRow("Funding", {
            "Time (UTC)": time,
            Venue: "Deribit",
            Symbol: instrument,
            Amount: amount,
            Asset: currency ?? null,
            ID: `${currency ?? ""}-${seq}`,
          })
        );
    } else if (type === "trade") {
      const tradeSide = sideOf(side);
      if (!tradeSide) {
        reject(`Side "${cell(row, "Side")}" is not a buy or a sell`);
        continue;
      }
      const read: Record<string, number | null> = {};
      let failed = false;
      for (const name of [quantityColumn, "Price", feeColumn, "Cash Flow"]) {
        const value = parseNumber(cell(row, name));
        if (value === undefined) {
          reject(`${name} "${cell(row, name)}" is not a number`);
          failed = true;
          break;
        }
        read[name] = value;
      }
      if (failed) continue;
      const fee = read[feeColumn];
      const tradeId = cell(row, "Trade ID");
      trades.push(
        canonicalRow("Trades", {
          "Time (UTC)": time,
          Venue: "Deribit",
          Symbol: instrument,
          Side: tradeSide,
          Quantity: read[quantityColumn] === null ? null : Math.abs(read[quantityColumn]!),
          Price: read.Price,
          Fee: fee === null ? null : fee === 0 ? 0 : -fee,
          "Fee asset": currency ?? null,
          "Realised P&L": read["Cash Flow"],
          "Trade ID": isBlank(tradeId) ? null : tradeId,
        })
      );
    }
    if (balance !== null) last = { balance, time };
  }

  const holdings = last
    ? [
        canonicalRow("Holdings", {
          Asset: currency ?? null,
          Quantity: last.balance,
          "As of (UTC)": last.time,
          Venue: "Deribit",
        }),
      ]
    : [];
  return { tables: { Funding: funding, Trades: trades, Holdings: holdings }, bad, warnings };
}

export const format: ImportFormat = {
  id: "deribit-log",
  name: "Deribit transaction log",
  venue: "Deribit",
  delimiter: ",",
  variants: [
    { id: "current", matches: headerIs(HEADER_CURRENT) },
    { id: "older", matches: headerIs(HEADER_OLDER) },
  ],
  tables: ["Funding", "Trades", "Holdings"],
  zone: { kind: "utc" },
  parse,
};
