/**
 * Binance imports (spec/imports.md formats 1–3) read through `readImport`, fixture by fixture, so that
 * detection, zones, de-duplication and sorting are covered with the parsers. Every expected number is
 * worked out by hand from the fixture's lines (line 1 is the header), as the comment beside it says.
 *
 * Fixtures (test/fixtures/imports/) and where their headers and rows come from:
 * - binance-statement-v1/v2.csv: headers as BittyTax's "Binance Statements" parser recognises them
 *   (src/bittytax/conv/parsers/binance/data_parsers.py); operations and remarks (`Funding Fee`,
 *   `Realize profit and loss`, `Fee` with `TradeID - …`, `transfer_in`/`transfer_out`) as in public
 *   statement fixtures of tax tools; v1 starts with a BOM, v2 has a BOM before every field and every
 *   futures account spelling of the spec.
 * - binance-statement-v3.csv: `User ID,Time,…` with two-digit years; rows follow public test fixtures
 *   of Binance "Transaction History" downloads (`25-11-12 …,USD-M Futures,Funding Fee,USDT,0.39940`,
 *   `Withdraw fee is included`, `P2P - 22825`, `Small Assets Exchange BNB`); line 7 has Nov 31.
 *   The same fixtures name such downloads `Binance-Transaction-History-202603230400(UTC--6)_….csv`.
 * - binance-futures-history-*.csv: the legacy header as BittyTax's "Binance Futures" parser; the current
 *   header and the `…-202603230525(UTC--6).csv` name as in a public test of a Binance export unwrapper
 *   (whose expected time for `2024-01-02 03:04:05` in that file is `09:04:05` UTC). Legacy line 8
 *   repeats line 7; the 2024-01/2024-02 files overlap by two rows with the same Transaction IDs.
 * - binance-trades-*.csv: the current header and rows shaped like public test fixtures
 *   (`862706699,26-03-17 09:34:12,BTCUSDC,BUY,73822.3,0.01,738.223,0.29528919 USDC,…`,
 *   `…,0.03682290USDT,…`); the old header with `,Quote Asset` and bare fees as another public fixture;
 *   the hedge-mode header (`Time(UTC)`, `Position Side`, `Trade Id`, `Order Id`) as a public
 *   Binance-archive test. The current file repeats a trade (line 5 = line 4) and has a price written
 *   with a decimal comma (line 6).
 */
import { columnIndex, newRows, type CanonicalKind, type ImportPreview } from "../../src/imports";
import { cell, readFixture as preview, rowsOf } from "../helpers/imports";

/** The values of `column` in `kind`'s rows, in the preview's (time) order. */
const valuesOf = (result: ImportPreview, kind: CanonicalKind, column: string) =>
  rowsOf(result, kind).map((row) => row[columnIndex(kind, column)]);

/** The rows of `kind` whose `column` is `value`. */
const where = (result: ImportPreview, kind: CanonicalKind, column: string, value: unknown) =>
  rowsOf(result, kind).filter((row) => row[columnIndex(kind, column)] === value);

const sum = (values: readonly unknown[]): number =>
  values.reduce<number>((total, value) => total + (value as number), 0);

/** The spec's trust rule for imports: no NaN or infinity anywhere, times are numbers. */
function expectNoNaN(result: ImportPreview): void {
  for (const rows of Object.values(result.tables))
    for (const row of rows ?? [])
      for (const value of row)
        if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
}

/** A holding by asset: quantity and as-of. */
function holding(result: ImportPreview, asset: string): { quantity: unknown; asOf: unknown } {
  const [row] = where(result, "Holdings", "Asset", asset);
  expect(row).toBeDefined();
  return {
    quantity: cell("Holdings", row, "Quantity"),
    asOf: cell("Holdings", row, "As of (UTC)"),
  };
}

describe("Binance Account Statement (format 1)", () => {
  test("v1, with a BOM before the file: holdings summed per coin, funding from Funding Fee rows", () => {
    const result = preview("binance-statement-v1.csv");
    expect(result.format).toMatchObject({
      id: "binance-statement",
      variant: "v1",
      venue: "Binance",
    });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(result.bad).toEqual([]);
    // USDT, lines 2–9 and 11: 500 − 200 + 200 − 0.07812 + 3.25 − 0.01234567 + 0.00345678 − 0.011 − 120.5
    expect(holding(result, "USDT").quantity).toBeCloseTo(382.65199111, 8);
    // and exactly that: the sum is kept to the 8 decimals the changes are written with
    expect(holding(result, "USDT").quantity).toBe(382.65199111);
    // BNB, lines 10 and 12: 0.5 − 0.000375
    expect(holding(result, "BNB").quantity).toBeCloseTo(0.499625, 8);
    // As of: the last line's time, 2021-03-02 03:11:09 (UTC_Time is UTC)
    expect(holding(result, "USDT").asOf).toBe(Date.UTC(2021, 2, 2, 3, 11, 9));
    expect(holding(result, "BNB").asOf).toBe(Date.UTC(2021, 2, 2, 3, 11, 9));
    expect(result.warnings.join(" ")).toMatch(/sums of the Change column/);
    // Funding, lines 7–9: −0.01234567 + 0.00345678 − 0.011
    expect(rowsOf(result, "Funding")).toHaveLength(3);
    expect(sum(valuesOf(result, "Funding", "Amount"))).toBeCloseTo(-0.01988889, 8);
    expect(valuesOf(result, "Funding", "Asset")).toEqual(["USDT", "USDT", "USDT"]);
    // line 8's Remark names its contract; the other two name none
    const eth = where(result, "Funding", "Symbol", "ETHUSDT");
    expect(eth.map((row) => cell("Funding", row, "Amount"))).toEqual([0.00345678]);
    expect(where(result, "Funding", "Symbol", "")).toHaveLength(2);
    expect(valuesOf(result, "Funding", "Rate")).toEqual([null, null, null]);
    expect(valuesOf(result, "Funding", "ID")).toEqual([null, null, null]);
    // sorted by time: 16:00 twice (line 7, 8), then line 9 at 2021-03-02 00:00
    expect(valuesOf(result, "Funding", "Time (UTC)")).toEqual([
      Date.UTC(2021, 2, 1, 16),
      Date.UTC(2021, 2, 1, 16),
      Date.UTC(2021, 2, 2, 0),
    ]);
    expectNoNaN(result);
  });

  test("v2, with a BOM before every field: every futures account spelling is funding", () => {
    const result = preview("binance-statement-v2.csv");
    expect(result.format).toMatchObject({ id: "binance-statement", variant: "v2" });
    expect(result.bad).toEqual([]);
    // lines 2–6 are Funding Fee rows in USD-MFutures, Coin-MFutures, USD-M Futures, Coin-M Futures,
    // USDT-Futures: all five read, none flagged as outside a futures wallet
    expect(rowsOf(result, "Funding")).toHaveLength(5);
    expect(result.warnings.join(" ")).not.toMatch(/not a futures wallet/);
    // USDT funding, lines 2, 4, 6: −0.5214 − 0.4881 + 0.1
    expect(
      sum(where(result, "Funding", "Asset", "USDT").map((r) => cell("Funding", r, "Amount")))
    ).toBeCloseTo(-0.9095, 8);
    // BTC funding (COIN-M), lines 3, 5: 0.00000812 + 0.0000079
    expect(
      sum(where(result, "Funding", "Asset", "BTC").map((r) => cell("Funding", r, "Amount")))
    ).toBeCloseTo(0.00001602, 10);
    // USDT holding: the funding −0.9095, then lines 7, 8: −12.35 − 0.983
    expect(holding(result, "USDT").quantity).toBeCloseTo(-14.2425, 8);
    expect(holding(result, "BTC").quantity).toBeCloseTo(0.00001602, 10);
    expect(holding(result, "USDT").asOf).toBe(Date.UTC(2022, 5, 1, 11, 45, 10));
    expectNoNaN(result);
  });

  test("v3: two-digit years in the zone the download's name gives, an impossible date reported", () => {
    const result = preview("binance-statement-v3.csv", {
      fileName: "Binance-Transaction-History-202603230400(UTC--6).csv",
    });
    expect(result.format).toMatchObject({ id: "binance-statement", variant: "v3" });
    expect(result.zone).toMatchObject({ offsetMinutes: -360, source: "file name" });
    // line 7: 25-11-31 does not exist
    expect(result.bad).toHaveLength(1);
    expect(result.bad[0].line).toBe(7);
    expect(result.bad[0].reason).toContain('"25-11-31 09:00:00"');
    // line 2: 25-11-12 10:00:00 at UTC-6 is 16:00 UTC; line 6: 25-11-21 18:00:00 is 11-22 00:00 UTC
    expect(valuesOf(result, "Funding", "Time (UTC)")).toEqual([
      Date.UTC(2025, 10, 12, 16),
      Date.UTC(2025, 10, 22, 0),
    ]);
    // funding: 0.3994 − 0.02921 (the bad line's −0.015 left out)
    expect(sum(valuesOf(result, "Funding", "Amount"))).toBeCloseTo(0.37019, 8);
    // USDT, lines 2–6, 8, 9: 0.3994 − 79 − 40 + 40 − 0.02921 + 1655.9 − 280
    expect(holding(result, "USDT").quantity).toBeCloseTo(1297.27019, 8);
    expect(holding(result, "ETH").quantity).toBeCloseTo(-0.00005643, 10); // line 10
    expect(holding(result, "BNB").quantity).toBeCloseTo(0.00041767, 10); // line 11
    // as of the last time, 25-11-23 14:00:00 at UTC-6
    expect(holding(result, "USDT").asOf).toBe(Date.UTC(2025, 10, 23, 20));
    expectNoNaN(result);
  });

  test("v3 without a zone in its name: the user's choice, else UTC and a note", () => {
    const chosen = preview("binance-statement-v3.csv", { timeZone: "UTC+3" });
    expect(chosen.zone).toMatchObject({ offsetMinutes: 180, source: "user" });
    // line 2: 25-11-12 10:00:00 at UTC+3 is 07:00 UTC
    expect(valuesOf(chosen, "Funding", "Time (UTC)")[0]).toBe(Date.UTC(2025, 10, 12, 7));
    const assumed = preview("binance-statement-v3.csv");
    expect(assumed.zone).toMatchObject({ offsetMinutes: 0, source: "default" });
    expect(valuesOf(assumed, "Funding", "Time (UTC)")[0]).toBe(Date.UTC(2025, 10, 12, 10));
  });

  test("v1/v2 times stay UTC whatever zone the user picks (the header says UTC_Time)", () => {
    const result = preview("binance-statement-v1.csv", { timeZone: "UTC+3" });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(holding(result, "USDT").asOf).toBe(Date.UTC(2021, 2, 2, 3, 11, 9));
  });
});

describe("Binance USDⓈ-M Futures Transaction History (format 2)", () => {
  test("legacy: FUNDING_FEE → Funding, REALIZED_PNL → ClosedPnL, the repeated row once", () => {
    const result = preview("binance-futures-history-legacy.csv");
    expect(result.format).toMatchObject({ id: "binance-futures-history", variant: "legacy" });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(result.bad).toEqual([]);
    expect(result.lines).toBe(11);
    expect(result.duplicates).toBe(1); // line 8 repeats line 7 (Transaction ID 9630001005)
    // funding rows: lines 2, 3, 7, 9 (COMMISSION, TRANSFER, COIN_SWAP_* skipped, not bad)
    expect(rowsOf(result, "Funding")).toHaveLength(4);
    const perSymbol = (symbol: string) =>
      sum(where(result, "Funding", "Symbol", symbol).map((r) => cell("Funding", r, "Amount")));
    expect(perSymbol("BTCUSDT")).toBeCloseTo(-1.565, 10); // lines 2, 7: −0.8 − 0.765
    expect(perSymbol("ETHUSDT")).toBeCloseTo(0.235, 10); // lines 3, 9: 0.125 + 0.11
    expect(valuesOf(result, "Funding", "ID")).toEqual([
      "9630001001",
      "9630001002",
      "9630001005",
      "9630001006",
    ]);
    // closed P&L: lines 5 and 10, amount only
    const closed = rowsOf(result, "ClosedPnL");
    expect(closed).toHaveLength(2);
    expect(valuesOf(result, "ClosedPnL", "Symbol")).toEqual(["ETHUSDT", "BTCUSDT"]);
    expect(valuesOf(result, "ClosedPnL", "Closed P&L")).toEqual([10.24, -4.43848]);
    expect(valuesOf(result, "ClosedPnL", "ID")).toEqual(["9630001003", "9630001007"]);
    for (const column of ["Direction", "Quantity", "Entry", "Exit"])
      expect(valuesOf(result, "ClosedPnL", column)).toEqual([null, null]);
    expectNoNaN(result);
  });

  test("current: local times, the offset from the file name (UTC--6 is UTC-6)", () => {
    const result = preview("binance-futures-history-202603230525(UTC--6).csv");
    expect(result.format).toMatchObject({ id: "binance-futures-history", variant: "current" });
    expect(result.zone).toMatchObject({ offsetMinutes: -360, source: "file name" });
    // lines 2, 3: 2026-03-22 18:00 and 03-23 02:00 local are 03-23 00:00 and 08:00 UTC
    expect(valuesOf(result, "Funding", "Time (UTC)")).toEqual([
      Date.UTC(2026, 2, 23, 0),
      Date.UTC(2026, 2, 23, 8),
    ]);
    expect(sum(valuesOf(result, "Funding", "Amount"))).toBeCloseTo(-0.6112, 10); // −0.3125 − 0.2987
    // line 4: 2026-03-23 05:25:00 local → 11:25:00 UTC
    expect(valuesOf(result, "ClosedPnL", "Time (UTC)")).toEqual([Date.UTC(2026, 2, 23, 11, 25)]);
    expect(valuesOf(result, "ClosedPnL", "Closed P&L")).toEqual([1.5]);
    expectNoNaN(result);
  });

  test("two overlapping months: the second adds only its new rows", () => {
    const january = preview("binance-futures-history-2024-01.csv");
    const february = preview("binance-futures-history-2024-02.csv");
    expect(rowsOf(january, "Funding")).toHaveLength(5);
    expect(rowsOf(february, "Funding")).toHaveLength(4);
    // February's lines 2, 3 are January's lines 5, 6 (IDs 1100004, 1100005)
    const { added, skipped } = newRows(
      "Funding",
      rowsOf(january, "Funding"),
      rowsOf(february, "Funding")
    );
    expect(skipped).toBe(2);
    expect(added.map((row) => cell("Funding", row, "ID"))).toEqual(["1100006", "1100007"]);
    // BTCUSDT funding over both: January −0.41 − 0.395 + 0.02 − 0.402 − 0.388 = −1.575,
    // February's new rows −0.371 − 0.36 = −0.731
    const total = sum(
      [...rowsOf(january, "Funding"), ...added].map((row) => cell("Funding", row, "Amount"))
    );
    expect(total).toBeCloseTo(-2.306, 10);
    // importing January again adds nothing
    expect(
      newRows("Funding", rowsOf(january, "Funding"), rowsOf(january, "Funding")).added
    ).toEqual([]);
  });
});

describe("Binance Futures Trade History (format 3)", () => {
  test("old: the fee's asset read from the cell (no space)", () => {
    const result = preview("binance-trades-old.csv");
    expect(result.format).toMatchObject({ id: "binance-trades", variant: "old" });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(result.bad).toEqual([]);
    expect(valuesOf(result, "Trades", "Side")).toEqual(["BUY", "SELL", "SELL"]);
    expect(valuesOf(result, "Trades", "Fee")).toEqual([-0.1425832, -0.1427928, -0.00026812]); // lines 2–4, paid: negative
    expect(valuesOf(result, "Trades", "Fee asset")).toEqual(["USDT", "USDT", "BNB"]);
    expect(valuesOf(result, "Trades", "Trade ID")).toEqual([null, null, null]); // the old export has none
    expect(sum(valuesOf(result, "Trades", "Realised P&L"))).toBeCloseTo(0.524, 10); // line 3
    // BTCUSDT bought 0.010 (line 2) and sold 0.010 (line 3): flat
    const signed = where(result, "Trades", "Symbol", "BTCUSDT").map(
      (row) =>
        (cell("Trades", row, "Side") === "BUY" ? 1 : -1) *
        (cell("Trades", row, "Quantity") as number)
    );
    expect(sum(signed)).toBeCloseTo(0, 12);
    expect(valuesOf(result, "Trades", "Time (UTC)")[0]).toBe(Date.UTC(2021, 4, 29, 18, 25, 1));
    expectNoNaN(result);
  });

  test("old with Quote Asset: a bare fee is in the quote asset", () => {
    const result = preview("binance-trades-old-quote-asset.csv");
    expect(result.format).toMatchObject({ id: "binance-trades", variant: "old" });
    expect(valuesOf(result, "Trades", "Fee asset")).toEqual(["USDT", "USDT", "USDT"]);
    expect(sum(valuesOf(result, "Trades", "Fee"))).toBeCloseTo(-0.538, 10); // −(0.268 + 0.135 + 0.135): paid
    expect(sum(valuesOf(result, "Trades", "Realised P&L"))).toBeCloseTo(5.1, 10); // 0 + 2.5 + 2.6
    expect(valuesOf(result, "Trades", "Quantity")).toEqual([0.01, 0.005, 0.005]);
    expectNoNaN(result);
  });

  test("current: two-digit years at the file name's UTC-6, fees with a space, a repeat and a bad price", () => {
    const result = preview("binance-trades-current-202603230520(UTC--6).csv");
    expect(result.format).toMatchObject({ id: "binance-trades", variant: "current" });
    expect(result.zone).toMatchObject({ offsetMinutes: -360, source: "file name" });
    expect(result.lines).toBe(6);
    expect(result.duplicates).toBe(1); // line 5 repeats line 4 (Trade ID 7161708169)
    expect(result.bad).toEqual([{ line: 6, reason: expect.stringContaining('Price "2080,10"') }]);
    // lines 2, 3, 4, 7
    expect(valuesOf(result, "Trades", "Trade ID")).toEqual([
      "419925075",
      "419925911",
      "7161708169",
      "7161709002",
    ]);
    // line 2: 26-03-17 09:34:12 at UTC-6 → 2026-03-17 15:34:12 UTC
    expect(valuesOf(result, "Trades", "Time (UTC)")[0]).toBe(Date.UTC(2026, 2, 17, 15, 34, 12));
    expect(fees(result, "USDC")).toBeCloseTo(-0.59173119, 10); // paid: negative; // lines 2, 3: "0.29528919 USDC" + "0.29644200 USDC"
    expect(fees(result, "USDT")).toBeCloseTo(-0.83631, 10); // paid: negative; // lines 4, 7: "0.42029000USDT" + "0.41602000USDT"
    expect(sum(valuesOf(result, "Trades", "Realised P&L"))).toBeCloseTo(13.557, 10); // 2.882 + 10.675
    expectNoNaN(result);
  });

  test("hedge mode: Time(UTC), Trade Id, a fee in BNB", () => {
    const result = preview("binance-trades-hedge-mode.csv");
    expect(result.format).toMatchObject({ id: "binance-trades", variant: "hedge mode" });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(valuesOf(result, "Trades", "Fee asset")).toEqual(["BNB", "USDT", "USDT"]);
    expect(valuesOf(result, "Trades", "Fee")[0]).toBe(-0.00352911); // paid: negative; // line 2: "0.00352911 BNB"
    expect(fees(result, "USDT")).toBeCloseTo(-1.21468, 10); // paid: negative; // lines 3, 4: 0.972 + 0.24268
    expect(valuesOf(result, "Trades", "Trade ID")).toEqual([
      "2593877352",
      "2593901234",
      "2593905555",
    ]);
    expect(valuesOf(result, "Trades", "Realised P&L")).toEqual([0, 28.76, 0]);
    expectNoNaN(result);
  });
});

/** The sum of the fees paid in `asset`. */
function fees(result: ImportPreview, asset: string): number {
  return sum(where(result, "Trades", "Fee asset", asset).map((row) => cell("Trades", row, "Fee")));
}
