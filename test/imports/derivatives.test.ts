/**
 * Imports of derivatives exports (spec/imports.md, formats 5–7), read end to end through readImport
 * so that detection is covered too. Every expected number is worked out by hand from the fixture
 * lines named beside it (test/fixtures/imports/):
 *
 * | fixture                                      | format             | variant    |
 * |----------------------------------------------|--------------------|------------|
 * | bybit-closed-pnl-2024.csv                    | bybit-closed-pnl   | 2024       |
 * | bybit-closed-pnl-2025.csv                    | bybit-closed-pnl   | 2025       |
 * | okx-bills-17-columns.csv                     | okx-bills          | 17 columns |
 * | okx-bills-19-columns.csv                     | okx-bills          | 19 columns |
 * | transaction_log-123456-BTC-2026-03-05.csv    | deribit-log        | current    |
 * | deribit-log-older.csv                        | deribit-log        | older      |
 *
 * The Deribit fixture keeps Deribit's download name because the currency is read from it; the older
 * one is deliberately renamed, to cover the warning when the name does not say.
 *
 * Where the headers and rows come from. Every header line was compared with the spec and with the
 * source named below, and agrees with both. No row is copied from a real account's export: the rows
 * are made up for these tests, in the shape the spec and the sources describe, as each item says.
 * - bybit-closed-pnl-2024/2025.csv: none of BittyTax, rotki, everytrade or CoinTaxman reads this
 *   export. Both headers as found by exact-string search in public code whose repository the index
 *   did not name: the 8-column one in a Python script renaming the columns of a
 *   `BybitClosedPNLUSDTPerpetual…csv` download; the 2025 one (`…,Order No.,Create Time`) in a trading
 *   dashboard script whose data are rows of such an export. Rows here made up. Those rows write
 *   Closing Direction as `Close Long`/`Close Short` and Order No. as 8 hex digits, where these have
 *   `Buy`/`Sell` and UUIDs. 2025 line 5 repeats line 3; line 6 has a letter O in Qty.
 * - okx-bills-17/19-columns.csv: both headers exactly as everytrade registers them
 *   (plugin-base/src/main/java/io/everytrade/server/plugin/impl/everytrade/parser/
 *   EverytradeCsvMultiParser.java; bean parser/exchange/okx/OkxBeanV2.java) and writes them in its
 *   tests (plugin-base/src/test/java/…/parser/exchange/bean/OkxBeanV2Test.java: 19 columns,
 *   OkxBeanV2_2Test.java: 17). The preamble `UID:…,Account Type:…,Time Zone:…`, a BOM before it
 *   included, as everytrade's parser/exchange/okx/OkxExchangeSpecificParserV2.java skips it; `0E-8`
 *   as in OkxBeanV2Test's spot rows. A BOM before every field is the spec's; BittyTax only allows
 *   one before `id` (src/bittytax/conv/parsers/okx.py, for an older OKX header). The Perpetual,
 *   `Funding fee` and transfer rows are made up: no public export row of them was found. 17-column
 *   line 6 has Feb 30.
 * - transaction_log-123456-BTC-2026-03-05.csv, deribit-log-older.csv: the newest and the oldest of
 *   the four Deribit headers in BittyTax's parser (src/bittytax/conv/parsers/deribit.py: `Amount`,
 *   `Base Amount`, `Index Price`, `Fee Charged`, `Note`; and `Size`, `Fee Paid`, no `Index Price`).
 *   Types and sides (`trade`, `close sell`, `settlement` with `long`/`short`, `deposit`,
 *   `transfer`), the UserSeq order and funding already inside Cash Flow as that parser reads them;
 *   the `transaction_log-<uid>-<CCY>-…` name as its file-name pattern. Rows made up: no public
 *   Deribit export was found. Current line 8 repeats line 7, line 4 has month 13. The older file's
 *   `DD/MM/YY` dates are this test's assumption; no source seen shows Deribit dates that way.
 */
import {
  columnIndex,
  type CanonicalKind,
  type CanonicalRow,
  type ImportPreview,
} from "../../src/imports";
import { readFixture, rowsOf } from "../helpers/imports";

const read = (name: string): ImportPreview => readFixture(name);

const valuesOf = (rows: readonly CanonicalRow[], kind: CanonicalKind, column: string) =>
  rows.map((row) => row[columnIndex(kind, column)]);

/** Sum of `column` per value of `by` (numbers only). */
function sumBy(
  rows: readonly CanonicalRow[],
  kind: CanonicalKind,
  by: string,
  column: string
): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const row of rows) {
    const key = String(row[columnIndex(kind, by)]);
    sums[key] = (sums[key] ?? 0) + Number(row[columnIndex(kind, column)]);
  }
  return sums;
}

/** Epoch ms of a `YYYY-MM-DD HH:MM:SS` UTC time, written out in the test for reading. */
const utc = (text: string): number => Date.parse(`${text.replace(" ", "T")}Z`);

/** No cell of any table is NaN or infinite. */
function expectFinite(preview: ImportPreview): void {
  for (const rows of Object.values(preview.tables))
    for (const row of rows ?? [])
      for (const value of row)
        if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
}

describe("Bybit Closed P&L", () => {
  test("2024: eight columns, Trade Time(UTC+0) read as UTC, Closed P&L per symbol", () => {
    const preview = read("bybit-closed-pnl-2024.csv");
    expect(preview.format).toMatchObject({
      id: "bybit-closed-pnl",
      variant: "2024",
      venue: "Bybit",
    });
    expect(preview.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    const rows = rowsOf(preview, "ClosedPnL");
    expect(rows).toHaveLength(3);
    const pnl = sumBy(rows, "ClosedPnL", "Symbol", "Closed P&L");
    // BTCUSDT: lines 2 and 4, 7.2641 + (-1.9284) = 5.3357.
    expect(pnl.BTCUSDT).toBeCloseTo(5.3357, 10);
    // ETHUSDT: line 3 alone.
    expect(pnl.ETHUSDT).toBeCloseTo(11.4072, 10);
    // Sorted oldest first: line 4 (2024-06-01 18:45:10) comes first; its direction and prices as written.
    const first = rows[0];
    expect(first[columnIndex("ClosedPnL", "Time (UTC)")]).toBe(utc("2024-06-01 18:45:10"));
    expect(first[columnIndex("ClosedPnL", "Direction")]).toBe("Buy");
    expect(first[columnIndex("ClosedPnL", "Quantity")]).toBe(0.005);
    expect(first[columnIndex("ClosedPnL", "Entry")]).toBe(62800);
    expect(first[columnIndex("ClosedPnL", "Exit")]).toBe(63150);
    // The 2024 export has no order number: no ID.
    expect(valuesOf(rows, "ClosedPnL", "ID")).toEqual([null, null, null]);
    expect(preview.bad).toEqual([]);
    expectFinite(preview);
  });

  test("2025: Order No. is the ID, the repeated row is dropped, the bad Qty is reported", () => {
    const preview = read("bybit-closed-pnl-2025.csv");
    expect(preview.format).toMatchObject({ id: "bybit-closed-pnl", variant: "2025" });
    const rows = rowsOf(preview, "ClosedPnL");
    // Lines 2, 3, 4 kept; line 5 repeats line 3 (same Order No.); line 6 is bad.
    expect(rows).toHaveLength(3);
    expect(preview.duplicates).toBe(1);
    expect(preview.bad).toHaveLength(1);
    expect(preview.bad[0].line).toBe(6);
    expect(preview.bad[0].reason).toMatch(/Qty/);
    expect(preview.bad[0].reason).toMatch(/0\.0O1/);
    const pnl = sumBy(rows, "ClosedPnL", "Symbol", "Closed P&L");
    // SOLUSDT: lines 2 and 3 (line 5 not counted again), 31.4520 + 21.1180 = 52.57.
    expect(pnl.SOLUSDT).toBeCloseTo(52.57, 10);
    // BTCUSDT: line 4 only (line 6 is bad).
    expect(pnl.BTCUSDT).toBeCloseTo(-1.346, 10);
    expect(valuesOf(rows, "ClosedPnL", "ID")).toEqual([
      "9f1c2a7e-5b3d-4e21-8c0a-1d2e3f405003", // 2025-03-02 16:30:45
      "9f1c2a7e-5b3d-4e21-8c0a-1d2e3f405002", // 2025-03-03 08:00:12
      "9f1c2a7e-5b3d-4e21-8c0a-1d2e3f405001", // 2025-03-04 10:15:00
    ]);
    expectFinite(preview);
  });
});

describe("OKX trading account bills", () => {
  test("17 columns: zone UTC+3 from the preamble, BOMs before every field, 0E-8 read as 0", () => {
    const preview = read("okx-bills-17-columns.csv");
    expect(preview.format).toMatchObject({ id: "okx-bills", variant: "17 columns", venue: "OKX" });
    expect(preview.zone).toMatchObject({ offsetMinutes: 180, label: "UTC+3", source: "preamble" });

    const funding = rowsOf(preview, "Funding");
    // Funding fee rows: lines 3, 5, 7 (line 6 is a funding row with an impossible date: bad).
    expect(funding).toHaveLength(3);
    // Line 7, 2026-03-01 03:00:00 at UTC+3, is 2026-03-01 00:00:00 UTC — the first funding row.
    expect(funding[0][columnIndex("Funding", "Time (UTC)")]).toBe(utc("2026-03-01 00:00:00"));
    expect(funding[0][columnIndex("Funding", "ID")]).toBe("600003");
    // Line 5, 2026-03-01 11:00:00 local → 08:00:00 UTC; line 3, 2026-03-02 11:00:00 → 08:00:00 UTC.
    expect(valuesOf(funding, "Funding", "Time (UTC)")).toEqual([
      utc("2026-03-01 00:00:00"),
      utc("2026-03-01 08:00:00"),
      utc("2026-03-02 08:00:00"),
    ]);
    const perSymbol = sumBy(funding, "Funding", "Symbol", "Amount");
    // BTC-USDT-SWAP: lines 7 and 5, -0.05212 + 0.0312 = -0.02092 (Balance Change, OKX's sign).
    expect(perSymbol["BTC-USDT-SWAP"]).toBeCloseTo(-0.02092, 10);
    // ETH-USDT-SWAP: line 3 alone.
    expect(perSymbol["ETH-USDT-SWAP"]).toBeCloseTo(-0.01875, 10);
    expect(new Set(valuesOf(funding, "Funding", "Asset"))).toEqual(new Set(["USDT"]));
    expect(new Set(valuesOf(funding, "Funding", "Venue"))).toEqual(new Set(["OKX"]));

    const trades = rowsOf(preview, "Trades");
    // Lines 8 (Open long) and 4 (Close long); line 9 is a transfer, not a trade.
    expect(trades).toHaveLength(2);
    expect(valuesOf(trades, "Trades", "Side")).toEqual(["Buy", "Sell"]);
    expect(valuesOf(trades, "Trades", "Trade ID")).toEqual(["600002", "600005"]);
    // Line 8 at 2026-03-01 01:15:30 local → 2026-02-28 22:15:30 UTC (the day changes too).
    expect(trades[0][columnIndex("Trades", "Time (UTC)")]).toBe(utc("2026-02-28 22:15:30"));
    // Line 8's PnL is written 0E-8: read as 0, not blank, not NaN.
    expect(trades[0][columnIndex("Trades", "Realised P&L")]).toBe(0);
    // Quantity: 1 + 1 contracts (lines 8, 4); P&L: 0 + 7.603; fees: -0.4212505 + -0.425052.
    expect(sumBy(trades, "Trades", "Symbol", "Quantity")["BTC-USDT-SWAP"]).toBe(2);
    expect(sumBy(trades, "Trades", "Symbol", "Realised P&L")["BTC-USDT-SWAP"]).toBeCloseTo(
      7.603,
      10
    );
    expect(sumBy(trades, "Trades", "Symbol", "Fee")["BTC-USDT-SWAP"]).toBeCloseTo(-0.8463025, 10);
    expect(valuesOf(trades, "Trades", "Price")).toEqual([84250.1, 85010.4]);
    expect(valuesOf(trades, "Trades", "Fee asset")).toEqual(["USDT", "USDT"]);

    // Holdings: the latest USDT balance, line 3 (2026-03-02 11:00:00 local = 08:00:00 UTC).
    expect(rowsOf(preview, "Holdings")).toEqual([
      [
        "USDT",
        1506.7170275,
        utc("2026-03-02 08:00:00"),
        "OKX",
        "okx-bills-17-columns.csv (OKX trading account bills, 17 columns)",
      ],
    ]);

    // Line 6: 2026-02-30 does not exist.
    expect(preview.bad).toHaveLength(1);
    expect(preview.bad[0].line).toBe(6);
    expect(preview.bad[0].reason).toMatch(/Time/);
    expect(preview.bad[0].reason).toMatch(/2026-02-30/);
    expectFinite(preview);
  });

  test("19 columns: the two unit columns do not shift the others; zone UTC+8", () => {
    const preview = read("okx-bills-19-columns.csv");
    expect(preview.format).toMatchObject({ id: "okx-bills", variant: "19 columns" });
    expect(preview.zone).toMatchObject({ offsetMinutes: 480, source: "preamble" });
    // Line 3: funding received, 2026-03-05 16:00:00 at UTC+8 = 08:00:00 UTC.
    expect(rowsOf(preview, "Funding")).toHaveLength(1);
    const funding = rowsOf(preview, "Funding")[0];
    expect(funding[columnIndex("Funding", "Amount")]).toBe(0.0084);
    expect(funding[columnIndex("Funding", "Symbol")]).toBe("SOL-USDT-SWAP");
    expect(funding[columnIndex("Funding", "Time (UTC)")]).toBe(utc("2026-03-05 08:00:00"));
    // Line 4: Open short 10 contracts at 136.42, fee -0.06821 (after Filled Price Unit, not shifted).
    const [trade] = rowsOf(preview, "Trades");
    expect(trade[columnIndex("Trades", "Side")]).toBe("Sell");
    expect(trade[columnIndex("Trades", "Quantity")]).toBe(10);
    expect(trade[columnIndex("Trades", "Price")]).toBe(136.42);
    expect(trade[columnIndex("Trades", "Fee")]).toBe(-0.06821);
    expect(trade[columnIndex("Trades", "Time (UTC)")]).toBe(utc("2026-03-05 04:40:00"));
    // Holdings: 250.16196 - 0.06821 + 0.0084 = 250.10215, the balance on line 3.
    const [holding] = rowsOf(preview, "Holdings");
    expect(holding[columnIndex("Holdings", "Quantity")]).toBeCloseTo(250.10215, 10);
    expect(holding[columnIndex("Holdings", "As of (UTC)")]).toBe(utc("2026-03-05 08:00:00"));
    expect(preview.bad).toEqual([]);
    expectFinite(preview);
  });
});

describe("Deribit transaction log", () => {
  test("current: BTC from the file name, UserSeq order, perpetual funding only, the last balance", () => {
    const preview = read("transaction_log-123456-BTC-2026-03-05.csv");
    expect(preview.format).toMatchObject({
      id: "deribit-log",
      variant: "current",
      venue: "Deribit",
    });
    expect(preview.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(preview.warnings).toEqual([]);

    // Funding: line 7 (BTC-PERPETUAL settlement, long, Funding -0.0000042); line 8 repeats it (the
    // same UserSeq, so the same ID) and is dropped; line 2 settles a future (Funding 0): not funding.
    const funding = rowsOf(preview, "Funding");
    expect(funding).toHaveLength(1);
    expect(preview.duplicates).toBe(1);
    const [settlement] = funding;
    expect(settlement[columnIndex("Funding", "Amount")]).toBe(-0.0000042);
    expect(settlement[columnIndex("Funding", "Asset")]).toBe("BTC");
    expect(settlement[columnIndex("Funding", "Symbol")]).toBe("BTC-PERPETUAL");
    expect(settlement[columnIndex("Funding", "ID")]).toBe("BTC-1772438400002311");
    expect(settlement[columnIndex("Funding", "Time (UTC)")]).toBe(utc("2026-03-02 08:00:00"));

    // Trades: lines 9, 6, 5 (line 4 has month 13: bad).
    const trades = rowsOf(preview, "Trades");
    expect(valuesOf(trades, "Trades", "Trade ID")).toEqual(["300000001", "300000002", "300000003"]);
    expect(valuesOf(trades, "Trades", "Side")).toEqual(["Buy", "Sell", "Sell"]);
    const quantity = sumBy(trades, "Trades", "Symbol", "Quantity");
    // BTC-PERPETUAL: Base Amount 0.11834 (line 9) + 0.11628 (line 6) = 0.23462 BTC.
    expect(quantity["BTC-PERPETUAL"]).toBeCloseTo(0.23462, 12);
    // BTC-27MAR26: 0.0578 (line 5).
    expect(quantity["BTC-27MAR26"]).toBeCloseTo(0.0578, 12);
    // Fees paid, negative: -(0.00005917 + 0.00005814 + 0.00000289) = -0.0001202.
    const fees = valuesOf(trades, "Trades", "Fee").reduce((a, b) => Number(a) + Number(b), 0);
    expect(fees).toBeCloseTo(-0.0001202, 12);
    expect(new Set(valuesOf(trades, "Trades", "Fee asset"))).toEqual(new Set(["BTC"]));
    // Realised P&L is Cash Flow: 0.0003 on the closing trade (line 6).
    expect(trades[1][columnIndex("Trades", "Realised P&L")]).toBe(0.0003);

    // Holdings: lines 2 and 3 share the second 2026-03-04 08:00:00 and line 2 is listed first, but
    // line 3 has the higher UserSeq: its Balance 0.4015598 (after the -0.1 transfer) is the last.
    expect(rowsOf(preview, "Holdings")).toEqual([
      [
        "BTC",
        0.4015598,
        utc("2026-03-04 08:00:00"),
        "Deribit",
        "transaction_log-123456-BTC-2026-03-05.csv (Deribit transaction log, current)",
      ],
    ]);

    expect(preview.bad).toHaveLength(1);
    expect(preview.bad[0].line).toBe(4);
    expect(preview.bad[0].reason).toMatch(/Date/);
    expectFinite(preview);
  });

  test("older: Size and Fee Paid; DD/MM/YY dates read day first; currency from the instrument, with a warning", () => {
    const preview = read("deribit-log-older.csv");
    expect(preview.format).toMatchObject({ id: "deribit-log", variant: "older" });
    expect(preview.warnings.join(" ")).toMatch(/ETH was read from the instrument ETH-PERPETUAL/);

    const funding = rowsOf(preview, "Funding");
    // Lines 3 (06/03/24) and 2 (07/03/24): 0.00018 + 0.000225 = 0.000405 ETH received on the short.
    expect(sumBy(funding, "Funding", "Symbol", "Amount")["ETH-PERPETUAL"]).toBeCloseTo(
      0.000405,
      12
    );
    expect(new Set(valuesOf(funding, "Funding", "Asset"))).toEqual(new Set(["ETH"]));
    // 06/03/24 is 6 March 2024 (day first), not 3 June, not 2006.
    expect(valuesOf(funding, "Funding", "Time (UTC)")).toEqual([
      utc("2024-03-06 08:00:00"),
      utc("2024-03-07 08:00:00"),
    ]);

    // Line 4: open sell, Size 5000, Fee Paid 0.00065608 → Fee -0.00065608 ETH.
    const [trade] = rowsOf(preview, "Trades");
    expect(trade[columnIndex("Trades", "Side")]).toBe("Sell");
    expect(trade[columnIndex("Trades", "Quantity")]).toBe(5000);
    expect(trade[columnIndex("Trades", "Fee")]).toBe(-0.00065608);
    expect(trade[columnIndex("Trades", "Time (UTC)")]).toBe(utc("2024-03-05 11:20:15"));

    // Holdings: line 2 has the highest UserSeq: 2.00044392 ETH.
    const [holding] = rowsOf(preview, "Holdings");
    expect(holding[columnIndex("Holdings", "Asset")]).toBe("ETH");
    expect(holding[columnIndex("Holdings", "Quantity")]).toBe(2.00044392);
    expect(holding[columnIndex("Holdings", "As of (UTC)")]).toBe(utc("2024-03-07 08:00:00"));
    expect(preview.bad).toEqual([]);
    expectFinite(preview);
  });
});
