/**
 * Bybit Unified Trading Account log (spec/imports.md, format 4): the account's transaction log, one
 * row per balance movement with the wallet balance after it. Feeds `Funding`, `Trades` and
 * `Holdings`.
 *
 * Variants:
 * - "uta": a preamble line `UID: …,Company Name: …,Country: …` (the framework skips it), then
 *   `Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,
 *   Change,Wallet Balance,Action,Time(UTC)`; upper-case types (`TRADE`, `SETTLEMENT`, `TRANSFER_IN`…).
 * - "older": the derivatives log before the unified account, newest first, lower-case types
 *   (`trade`, `funding`, `liquidation`, `transferIn`…). The spec elides its middle
 *   (`Time,Currency,Contract,Type,Direction,…,Wallet Balance,Fee Rate,Trade ID,Order ID`); the full
 *   header, `Time,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,
 *   Cash Flow,Change,Wallet Balance,Fee Rate,Trade ID,Order ID`, is the one BittyTax's Bybit parser
 *   (src/bittytax/conv/parsers/bybit.py, "Bybit Futures") recognises exactly; we do the same.
 *
 * Cells: `--` is blank, numbers come with 20 decimals, `Time(UTC)` is UTC; the older `Time` states no
 * zone (the user chooses, default UTC).
 *
 * Signs. Each row's Change is the wallet's movement, so the row itself says how its cells are signed:
 * - Funding → Amount received-positive (the spec's convention). The UTA export writes it so
 *   (Change = Cash Flow + Funding, and Bybit's v5 transaction-log documentation says the same). A row
 *   whose Change balances only with Funding read paid-positive (Change = Cash Flow − Funding, as BittyTax
 *   reads the older log) has its funding negated, and the import says how many.
 * - Fee Paid → Trades' Fee signed as every canonical table signs money: a fee paid negative, a rebate
 *   positive (spec: "whatever the file's own convention"); the cost is worked out first (below). The UTA CSV itself writes a fee paid
 *   negative (two public real-export fixtures, everytrade's BybitEuUtaBeanV1Test among them, have
 *   Change = Cash Flow + Fee Paid), the older log positive (BittyTax: balance −= Fee Paid); each row's
 *   Change decides, and where it cannot (no Change) the variant's own convention does.
 * - A derivative trade's Cash Flow is the P&L it realised, fees and funding apart: Realised P&L.
 *
 * A spot trade in the unified account is two TRADE rows in the same second — the base leg (Currency =
 * the pair's base, e.g. BTC of BTCEUR) and the quote leg (EUR) with the same Contract, Direction and
 * Filled Price. It is one trade: the base leg's row, with the fee of whichever leg paid it.
 */
import { baseAsset, canonicalRow, type CanonicalRow } from "../canonical";
import { headerIs, isBlank, parseDateTime, parseNumber } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ImportVariant } from "../types";

const VENUE = "Bybit";

const HEADER_UTA = [
  "Uid",
  "Currency",
  "Contract",
  "Type",
  "Direction",
  "Quantity",
  "Position",
  "Filled Price",
  "Funding",
  "Fee Paid",
  "Cash Flow",
  "Change",
  "Wallet Balance",
  "Action",
  "Time(UTC)",
];
const HEADER_OLDER = [
  "Time",
  "Currency",
  "Contract",
  "Type",
  "Direction",
  "Quantity",
  "Position",
  "Filled Price",
  "Funding",
  "Fee Paid",
  "Cash Flow",
  "Change",
  "Wallet Balance",
  "Fee Rate",
  "Trade ID",
  "Order ID",
];

const VARIANTS: readonly ImportVariant[] = [
  { id: "uta", matches: headerIs(HEADER_UTA), zone: { kind: "utc" } },
  { id: "older", matches: headerIs(HEADER_OLDER), zone: { kind: "user" } },
];

/** A field by column name (the variants order their columns differently). */
type FieldOf = (fields: readonly string[], name: string) => string;

function fieldReader(header: readonly string[]): FieldOf {
  const index = new Map(header.map((name, i) => [name, i] as const));
  return (fields, name) => {
    const i = index.get(name);
    return i === undefined ? "" : (fields[i] ?? "");
  };
}

/** What a log row is, for this import; everything else (transfers, interest…) is skipped. */
type RowKind = "trade" | "funding" | "other";

function kindOf(type: string): RowKind {
  const upper = type.trim().toUpperCase();
  if (upper === "TRADE") return "trade";
  if (upper === "SETTLEMENT" || upper === "FUNDING") return "funding";
  return "other";
}

/** BUY/SELL from the UTA's `BUY`/`SELL` or the older log's `Open Long`, `Close Short`…. */
function sideOf(direction: string): "BUY" | "SELL" | undefined {
  const text = direction.trim().toUpperCase().replace(/\s+/g, " ");
  if (text === "BUY" || text === "OPEN LONG" || text === "CLOSE SHORT") return "BUY";
  if (text === "SELL" || text === "OPEN SHORT" || text === "CLOSE LONG") return "SELL";
  return undefined;
}

/** The fields every row carries, read. */
interface LogRow {
  time: number;
  currency: string;
  contract: string;
  kind: RowKind;
  change: number | null;
  balance: number | null;
  cashFlow: number | null;
  fee: number | null;
}

/** A number that may be blank (`--`); a string is the bad line's reason. */
function optionalNumber(text: string, column: string): number | null | string {
  const value = parseNumber(text);
  return value === undefined ? `${column} "${text}" is not a number` : value;
}

function requiredNumber(text: string, column: string): number | string {
  const value = parseNumber(text);
  return value === undefined || value === null ? `${column} "${text}" is not a number` : value;
}

function readCommon(
  fields: readonly string[],
  context: FormatContext,
  field: FieldOf
): LogRow | string {
  const timeName = context.variant === "uta" ? "Time(UTC)" : "Time";
  const time = parseDateTime(field(fields, timeName), context.zone);
  if (time === undefined) return `${timeName} "${field(fields, timeName)}" is not a date and time`;
  const currency = field(fields, "Currency").trim().toUpperCase();
  if (isBlank(currency)) return "Currency is empty";
  const numbers: Record<string, number | null> = {};
  for (const column of ["Change", "Wallet Balance", "Cash Flow", "Fee Paid"]) {
    const value = optionalNumber(field(fields, column), column);
    if (typeof value === "string") return value;
    numbers[column] = value;
  }
  const contract = field(fields, "Contract").trim().toUpperCase();
  return {
    time,
    currency,
    contract: isBlank(contract) ? "" : contract,
    kind: kindOf(field(fields, "Type")),
    change: numbers["Change"],
    balance: numbers["Wallet Balance"],
    cashFlow: numbers["Cash Flow"],
    fee: numbers["Fee Paid"],
  };
}

/** Equal to the 12th decimal (the log's 20 decimals are more than a double holds). */
const close = (a: number, b: number): boolean =>
  Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a));

/**
 * The funding received (positive) or paid (negative). Bybit writes it received-positive; if this row's
 * own Change only balances with funding read paid-positive, the file is the other way round.
 */
function fundingReceived(funding: number, row: LogRow): { amount: number; flipped: boolean } {
  if (row.change === null) return { amount: funding, flipped: false };
  const change = row.change;
  const cashFlow = row.cashFlow ?? 0;
  const fee = row.fee ?? 0;
  const balances = (signed: number) =>
    close(change, cashFlow + signed + fee) || close(change, cashFlow + signed - fee);
  return balances(-funding) && !balances(funding)
    ? { amount: -funding, flipped: true }
    : { amount: funding, flipped: false };
}

/**
 * A row's fee as a cost (positive = paid, negative = rebate), whichever way the file signs it: its own
 * Change tells (see the file comment); a row without one follows its variant (UTA: balance-signed).
 */
function feeCost(row: LogRow, variant: string): number | null {
  if (row.fee === null || row.fee === 0) return row.fee;
  const cashFlow = row.cashFlow ?? 0;
  if (row.change !== null && close(row.change, cashFlow + row.fee)) return -row.fee;
  if (row.change !== null && close(row.change, cashFlow - row.fee)) return row.fee;
  return variant === "uta" ? -row.fee : row.fee;
}

/** A TRADE row read, before spot legs are paired. */
interface TradeLeg {
  row: LogRow;
  side: "BUY" | "SELL";
  quantity: number;
  price: number;
  tradeId: string | null;
}

function readTradeLeg(fields: readonly string[], row: LogRow, field: FieldOf): TradeLeg | string {
  const side = sideOf(field(fields, "Direction"));
  if (!side) return `Direction "${field(fields, "Direction")}" is not a side`;
  const quantity = requiredNumber(field(fields, "Quantity"), "Quantity");
  if (typeof quantity === "string") return quantity;
  const price = requiredNumber(field(fields, "Filled Price"), "Filled Price");
  if (typeof price === "string") return price;
  const id = field(fields, "Trade ID");
  return {
    row,
    side,
    quantity: Math.abs(quantity),
    price,
    tradeId: isBlank(id) ? null : id.trim(),
  };
}

/** Spot legs of one trade share pair, second, side and price. */
const legKey = (leg: TradeLeg): string =>
  `${leg.row.contract}|${leg.row.time}|${leg.side}|${leg.price}`;

/** A leg in the pair's base currency (BTC of BTCEUR), as a spot trade's base leg is. */
const inBaseCurrency = (leg: TradeLeg): boolean =>
  leg.row.contract !== "" &&
  leg.row.contract !== leg.row.currency &&
  baseAsset(leg.row.contract) === leg.row.currency;

const hasFee = (leg: TradeLeg): boolean => leg.row.fee !== null && leg.row.fee !== 0;

function tradeRow(
  leg: TradeLeg,
  fee: number | null,
  feeAsset: string | null,
  pnl: number | null
): CanonicalRow {
  return canonicalRow("Trades", {
    "Time (UTC)": leg.row.time,
    Venue: VENUE,
    Symbol: leg.row.contract,
    Side: leg.side,
    Quantity: leg.quantity,
    Price: leg.price,
    // the cost negated: money paid is negative in the canonical tables
    Fee: fee === null || fee === 0 ? fee : -fee,
    "Fee asset": feeAsset,
    "Realised P&L": pnl,
    "Trade ID": leg.tradeId,
  });
}

/**
 * Trades from TRADE rows. A spot trade is a base leg and a quote leg sharing a key (legKey): it becomes
 * the base leg's row, with the fee of the leg that paid it. Every other row is a derivative fill —
 * including an inverse contract's, whose currency is also the base (BTC of BTCUSD) but which has no
 * quote leg — and its Cash Flow is its realised P&L.
 */
function tradeRows(legs: readonly TradeLeg[], variant: string): CanonicalRow[] {
  const quoteLegs = new Map<string, TradeLeg[]>();
  for (const leg of legs)
    if (!inBaseCurrency(leg))
      quoteLegs.set(legKey(leg), [...(quoteLegs.get(legKey(leg)) ?? []), leg]);
  const baseKeys = new Set(legs.filter(inBaseCurrency).map(legKey));
  const spotKeys = new Set([...baseKeys].filter((key) => quoteLegs.has(key)));
  const rows: CanonicalRow[] = [];
  for (const leg of legs) {
    const key = legKey(leg);
    if (!spotKeys.has(key)) {
      rows.push(tradeRow(leg, feeCost(leg.row, variant), leg.row.currency, leg.row.cashFlow));
    } else if (inBaseCurrency(leg)) {
      const quote = quoteLegs.get(key)?.shift();
      const payer = !hasFee(leg) && quote && hasFee(quote) ? quote : leg;
      rows.push(tradeRow(leg, feeCost(payer.row, variant), payer.row.currency, null));
    } // else: a spot trade's quote leg, folded into its base leg
  }
  return rows;
}

/**
 * Each currency's last wallet balance. Rows in the same second are not always in the order Bybit
 * applied them, so among the latest rows the last is the one no other row starts from
 * (Wallet Balance − Change = another's Wallet Balance); failing that, the file's own order decides and
 * the import says so.
 */
function lastBalances(rows: readonly LogRow[], warnings: string[]): CanonicalRow[] {
  const withBalance = rows.filter((row) => row.balance !== null);
  const newestFirst = rows.length > 1 && rows[0].time > rows[rows.length - 1].time;
  const currencies = [...new Set(withBalance.map((row) => row.currency))];
  return currencies.map((currency) => {
    const own = withBalance.filter((row) => row.currency === currency);
    const latest = Math.max(...own.map((row) => row.time));
    const candidates = own.filter((row) => row.time === latest);
    const ends = candidates.filter(
      (row) =>
        !candidates.some(
          (other) =>
            other !== row &&
            other.change !== null &&
            close(other.balance! - other.change, row.balance!)
        )
    );
    let last: LogRow;
    if (ends.length === 1) last = ends[0];
    else {
      last = newestFirst ? candidates[0] : candidates[candidates.length - 1];
      if (candidates.length > 1)
        warnings.push(
          `${currency}: ${candidates.length} rows share the last second; the balance of the file's last one is used.`
        );
    }
    return canonicalRow("Holdings", {
      Asset: currency,
      Quantity: last.balance,
      "As of (UTC)": last.time,
      Venue: VENUE,
    });
  });
}

function fundingRow(row: LogRow, amount: number, id: string): CanonicalRow {
  return canonicalRow("Funding", {
    "Time (UTC)": row.time,
    Venue: VENUE,
    Symbol: row.contract,
    Amount: amount,
    Asset: row.currency,
    Rate: null,
    ID: isBlank(id) ? null : id.trim(),
  });
}

/** One row read whole: its common fields, and its trade leg or funding when it is one. */
function readRow(
  fields: readonly string[],
  context: FormatContext,
  field: FieldOf
): { row: LogRow; leg?: TradeLeg; funding?: { amount: number; flipped: boolean } } | string {
  const row = readCommon(fields, context, field);
  if (typeof row === "string") return row;
  if (row.kind === "trade") {
    const leg = readTradeLeg(fields, row, field);
    return typeof leg === "string" ? leg : { row, leg };
  }
  if (row.kind !== "funding") return { row };
  const value = optionalNumber(field(fields, "Funding"), "Funding");
  if (typeof value === "string") return value;
  // A settlement without funding (blank or zero) moved no funding money.
  return value === null || value === 0 ? { row } : { row, funding: fundingReceived(value, row) };
}

export const format: ImportFormat = {
  id: "bybit-log",
  name: "Bybit Unified Trading Account log",
  venue: VENUE,
  delimiter: ",",
  variants: VARIANTS,
  tables: ["Funding", "Trades", "Holdings"],
  zone: { kind: "user" }, // each variant has its own rule (see VARIANTS)
  parse(rows, context) {
    const field = fieldReader(context.header);
    const bad: BadLine[] = [];
    const warnings: string[] = [];
    const read: LogRow[] = [];
    const legs: TradeLeg[] = [];
    const funding: CanonicalRow[] = [];
    let flipped = 0;
    rows.forEach((fields, i) => {
      const outcome = readRow(fields, context, field);
      if (typeof outcome === "string") {
        bad.push({ line: context.lineOf(i), reason: outcome });
        return;
      }
      read.push(outcome.row);
      if (outcome.leg) legs.push(outcome.leg);
      if (outcome.funding) {
        if (outcome.funding.flipped) flipped++;
        funding.push(fundingRow(outcome.row, outcome.funding.amount, field(fields, "Trade ID")));
      }
    });
    if (flipped)
      warnings.push(
        `${flipped} funding row(s) balance only with Funding read as paid-positive (Change = Cash Flow − Funding − Fee Paid); their sign was turned so that received is positive.`
      );
    return {
      tables: {
        Funding: funding,
        Trades: tradeRows(legs, context.variant),
        Holdings: lastBalances(read, warnings),
      },
      bad,
      warnings,
    };
  },
};
