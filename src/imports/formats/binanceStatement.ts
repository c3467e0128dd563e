/**
 * Binance Account Statement (spec/imports.md, format 1): Binance's "Transaction History" download, one
 * row per balance movement of every wallet — `UTC_Time,Account,Operation,Coin,Change,Remark`, with a
 * `User_ID` first (v2), or `User ID,Time,…` (v3, two-digit years, no zone in the header).
 *
 * It feeds two tables:
 * - `Holdings`: per coin, the sum of `Change` over the file, as of the file's last time. A statement
 *   lists movements, not balances, so the sum is the holding only when the file starts at the account's
 *   opening; the import says so (a warning) rather than guess an opening balance.
 * - `Funding`: the `Funding Fee` rows, `Change` being the signed amount (received positive, paid
 *   negative, as Binance writes it). The statement names no contract (its Remark sometimes does, then it
 *   is the Symbol), no rate and no id: two equal payments in the same second on the same coin are one
 *   row to the de-duplication (the futures transaction history, format 2, has the ids).
 *
 * Zones: v1/v2 say `UTC_Time`; v3 says nothing in the file, but Binance names the download with the
 * zone the user's account displays (`Binance-Transaction-History-202603230400(UTC--6)….csv`, seen in
 * public test fixtures), so v3 reads the zone from the file name and otherwise asks the user.
 */
import { canonicalRow, type CanonicalRow } from "../canonical";
import { findZone, headerIs, isBlank, parseDateTime, parseNumber } from "../fields";
import type { BadLine, FormatContext, ImportFormat, ImportVariant, Zone } from "../types";

const VENUE = "Binance";

const HEADER_V1 = ["UTC_Time", "Account", "Operation", "Coin", "Change", "Remark"];
const HEADER_V2 = ["User_ID", ...HEADER_V1];
const HEADER_V3 = ["User ID", "Time", "Account", "Operation", "Coin", "Change", "Remark"];

/** The zone a v3 download's name carries (`…(UTC--6).csv`); undefined lets the user choose. */
const zoneFromFileName = ({ fileName }: { fileName: string }): Zone | undefined =>
  findZone(fileName);

const VARIANTS: readonly ImportVariant[] = [
  { id: "v1", matches: headerIs(HEADER_V1), zone: { kind: "utc" } },
  { id: "v2", matches: headerIs(HEADER_V2), zone: { kind: "utc" } },
  { id: "v3", matches: headerIs(HEADER_V3), zone: { kind: "file name", read: zoneFromFileName } },
];

/**
 * The futures wallets' spellings over the years (spec: all accepted). Funding is read from any
 * account — the operation says what a row is — but a `Funding Fee` outside these is unusual enough to
 * tell the user.
 */
export const FUTURES_ACCOUNTS: readonly string[] = [
  "USDT-Futures",
  "USD-MFutures",
  "USD-M Futures",
  "Coin-M Futures",
  "Coin-MFutures",
];

const isFuturesAccount = (account: string): boolean =>
  FUTURES_ACCOUNTS.some((spelling) => spelling.toLowerCase() === account.trim().toLowerCase());

const isFundingFee = (operation: string): boolean =>
  operation.trim().toLowerCase() === "funding fee";

/** A Remark that is a contract symbol (`BTCUSDT`, `ETHUSD_PERP`), else "" — never a sentence. */
function remarkSymbol(remark: string): string {
  const text = remark.trim().toUpperCase();
  return /^[A-Z0-9]{2,}(USDT|USDC|BUSD|FDUSD|USD)(_PERP|_\d{6})?$/.test(text) ? text : "";
}

/** Decimal places a number is written with (`-0.02921` → 5, `1E-8` → 8), for exact-looking sums. */
function decimalsOf(text: string): number {
  const match = /^[+-]?\d*(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text.trim());
  if (!match) return 0;
  return Math.max(0, (match[1]?.length ?? 0) - Number(match[2] ?? 0));
}

/** A running per-coin sum rounded to the decimals its changes were written with (no 0.30000000000000004). */
class CoinSum {
  private total = 0;
  private decimals = 0;
  add(value: number, text: string): void {
    this.total += value;
    this.decimals = Math.max(this.decimals, decimalsOf(text));
  }
  value(): number {
    const rounded = Number(this.total.toFixed(Math.min(this.decimals, 20)));
    return rounded === 0 ? 0 : rounded; // no -0 in a sheet
  }
}

/** One statement row read, or why not. */
type StatementRow =
  | {
      ok: true;
      time: number;
      account: string;
      operation: string;
      coin: string;
      change: number;
      changeText: string;
      remark: string;
    }
  | { ok: false; reason: string };

function readRow(row: readonly string[], context: FormatContext): StatementRow {
  const offset = context.variant === "v1" ? 0 : 1; // v2 and v3 start with the user id
  const [timeText = "", account = "", operation = "", coin = "", changeText = "", remark = ""] =
    row.slice(offset);
  const timeName = context.header[offset];
  const time = parseDateTime(timeText, context.zone);
  if (time === undefined)
    return { ok: false, reason: `${timeName} "${timeText}" is not a date and time` };
  if (isBlank(coin)) return { ok: false, reason: `Coin is empty` };
  const change = parseNumber(changeText);
  if (change === undefined || change === null)
    return { ok: false, reason: `Change "${changeText}" is not a number` };
  return {
    ok: true,
    time,
    account,
    operation,
    coin: coin.trim().toUpperCase(),
    change,
    changeText,
    remark,
  };
}

function fundingRow(row: Extract<StatementRow, { ok: true }>): CanonicalRow {
  return canonicalRow("Funding", {
    "Time (UTC)": row.time,
    Venue: VENUE,
    Symbol: remarkSymbol(row.remark),
    Amount: row.change,
    Asset: row.coin,
    Rate: null,
    ID: null,
  });
}

function holdingRows(sums: Map<string, CoinSum>, asOf: number): CanonicalRow[] {
  return [...sums].map(([coin, sum]) =>
    canonicalRow("Holdings", {
      Asset: coin,
      Quantity: sum.value(),
      "As of (UTC)": asOf,
      Venue: VENUE,
    })
  );
}

const SUMS_WARNING =
  "Holdings are the sums of the Change column over this file: they are the account's holdings only " +
  "when the file starts at the account's opening (otherwise add the balances held before its first row).";

export const format: ImportFormat = {
  id: "binance-statement",
  name: "Binance Account Statement",
  venue: VENUE,
  delimiter: ",",
  variants: VARIANTS,
  tables: ["Holdings", "Funding"],
  // v1/v2 and v3 override this (see VARIANTS); a variant without its own rule would ask the user.
  zone: { kind: "user" },
  parse(rows, context) {
    const bad: BadLine[] = [];
    const funding: CanonicalRow[] = [];
    const sums = new Map<string, CoinSum>();
    let asOf = -Infinity;
    let fundingOutsideFutures = 0;
    rows.forEach((fields, i) => {
      const row = readRow(fields, context);
      if (!row.ok) {
        bad.push({ line: context.lineOf(i), reason: row.reason });
        return;
      }
      if (!sums.has(row.coin)) sums.set(row.coin, new CoinSum());
      sums.get(row.coin)!.add(row.change, row.changeText);
      asOf = Math.max(asOf, row.time);
      if (isFundingFee(row.operation)) {
        funding.push(fundingRow(row));
        if (!isFuturesAccount(row.account)) fundingOutsideFutures++;
      }
    });
    const warnings = sums.size ? [SUMS_WARNING] : [];
    if (fundingOutsideFutures)
      warnings.push(
        `${fundingOutsideFutures} Funding Fee row(s) are in an account that is not a futures wallet; ` +
          "they are imported as funding all the same."
      );
    return {
      tables: { Holdings: sums.size ? holdingRows(sums, asOf) : [], Funding: funding },
      bad,
      warnings,
    };
  },
};
