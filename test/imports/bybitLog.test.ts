/**
 * Bybit account log (spec/imports.md format 4) read through `readImport`. Every expected number is
 * worked out by hand from the fixture's lines, as the comment beside it says.
 *
 * Fixtures (test/fixtures/imports/) and where they come from:
 * - bybit-log-uta.csv: a BOM, the preamble `UID: …,Company Name: ,Country: ` (line 1), the header (line 2)
 *   as in public parsers and tests of Bybit's "Account Change Details" UTA export (everytrade's
 *   BybitEuUtaBeanV1, a C# StatementCsvParser test, a Supabase import function). Rows with 20 decimals
 *   and `--` as there; the spot pair (lines 10, 11) is a real-export pair from everytrade's
 *   BybitEuUtaBeanV1Test moved to this file's day. Signs as in those real exports:
 *   Change = Cash Flow + Funding + Fee Paid, a fee paid written negative, funding received positive.
 * - bybit-log-older.csv: the header BittyTax's "Bybit Futures" parser recognises
 *   (src/bittytax/conv/parsers/bybit.py), newest first, lower-case types, `Open Short`/`Close Short`;
 *   Funding and Fee Paid written paid-positive as BittyTax reads that log
 *   (Change = Cash Flow − Funding − Fee Paid). Line 3 has hour 24.
 */
import { readImport, type CanonicalKind, type ImportPreview } from "../../src/imports";
import { cell, readFixture as preview, rowsOf } from "../helpers/imports";
const valuesOf = (result: ImportPreview, kind: CanonicalKind, column: string) =>
  rowsOf(result, kind).map((row) => cell(kind, row, column));
const sum = (values: readonly unknown[]): number =>
  values.reduce<number>((total, value) => total + (value as number), 0);

/** A table's rows as objects of the named columns, for readable expectations. */
const named = (result: ImportPreview, kind: CanonicalKind, columns: string[]) =>
  rowsOf(result, kind).map((row) =>
    Object.fromEntries(columns.map((column) => [column, cell(kind, row, column)]))
  );

function expectNoNaN(result: ImportPreview): void {
  for (const rows of Object.values(result.tables))
    for (const row of rows ?? [])
      for (const value of row)
        if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
}

describe("Bybit Unified Trading Account log (format 4), UTA variant", () => {
  const result = preview("bybit-log-uta.csv");

  test("detected after the BOM and the preamble; Time(UTC) is UTC", () => {
    expect(result.format).toMatchObject({ id: "bybit-log", variant: "uta", venue: "Bybit" });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "format" });
    expect(result.bad).toEqual([]);
    expect(result.lines).toBe(9); // lines 3–11
    expectNoNaN(result);
  });

  test("funding: SETTLEMENT rows, received positive; a settlement without funding is none", () => {
    // lines 5, 6 (line 7's SOLUSDT settlement has Funding 0)
    expect(named(result, "Funding", ["Time (UTC)", "Symbol", "Amount", "Asset", "ID"])).toEqual([
      {
        "Time (UTC)": Date.UTC(2026, 8, 21, 16),
        Symbol: "XAUTUSDT",
        Amount: 0.1305,
        Asset: "USDT",
        ID: null,
      },
      {
        "Time (UTC)": Date.UTC(2026, 8, 22, 0),
        Symbol: "XAUTUSDT",
        Amount: -0.0435,
        Asset: "USDT",
        ID: null,
      },
    ]);
    // XAUTUSDT funding: 0.1305 − 0.0435
    expect(sum(valuesOf(result, "Funding", "Amount"))).toBeCloseTo(0.087, 12);
  });

  test("trades: fees as costs, realised P&L from Cash Flow, the spot pair as one trade", () => {
    expect(
      named(result, "Trades", [
        "Symbol",
        "Side",
        "Quantity",
        "Price",
        "Fee",
        "Fee asset",
        "Realised P&L",
      ])
    ).toEqual([
      // line 4: open short, Fee Paid −0.4785 (Change −0.4785 = Cash Flow 0 + Fee Paid) → a 0.4785 cost
      {
        Symbol: "XAUTUSDT",
        Side: "SELL",
        Quantity: 0.2,
        Price: 4350,
        Fee: -0.4785, // a fee paid is negative in the canonical tables
        "Fee asset": "USDT",
        "Realised P&L": 0,
      },
      // line 8: close, Cash Flow 2 = (4350 − 4340) × 0.2; Change 1.5226 = 2 − 0.4774
      {
        Symbol: "XAUTUSDT",
        Side: "BUY",
        Quantity: 0.2,
        Price: 4340,
        Fee: -0.4774, // a fee paid is negative in the canonical tables
        "Fee asset": "USDT",
        "Realised P&L": 2,
      },
      // lines 10, 11: the BTC leg (+0.00009) and the EUR leg (−4.839777) of one BTCEUR buy; the BTC leg paid
      // 0.000000225 BTC (Change 0.000089775 = 0.00009 − 0.000000225)
      {
        Symbol: "BTCEUR",
        Side: "BUY",
        Quantity: 0.00009,
        Price: 53775.3,
        Fee: -0.000000225, // a fee paid is negative in the canonical tables
        "Fee asset": "BTC",
        "Realised P&L": null,
      },
    ]);
    expect(valuesOf(result, "Trades", "Time (UTC)")).toEqual([
      Date.UTC(2026, 8, 21, 8, 0, 5),
      Date.UTC(2026, 8, 22, 3, 10, 42),
      Date.UTC(2026, 8, 22, 9, 1, 22),
    ]);
  });

  test("holdings: each currency's last wallet balance, as of its time", () => {
    const byAsset = Object.fromEntries(
      named(result, "Holdings", ["Asset", "Quantity", "As of (UTC)"]).map((h) => [h.Asset, h])
    );
    // USDT: line 8's balance; 1000 − 0.4785 + 0.1305 − 0.0435 + 0 + 1.5226 = 1001.1311
    expect(byAsset.USDT).toEqual({
      Asset: "USDT",
      Quantity: 1001.1311,
      "As of (UTC)": Date.UTC(2026, 8, 22, 3, 10, 42),
    });
    // EUR: line 11's balance, 17 − 4.839777; BTC: line 10's, 0.000089775
    expect(byAsset.EUR).toEqual({
      Asset: "EUR",
      Quantity: 12.160223,
      "As of (UTC)": Date.UTC(2026, 8, 22, 9, 1, 22),
    });
    expect(byAsset.BTC).toEqual({
      Asset: "BTC",
      Quantity: 0.000089775,
      "As of (UTC)": Date.UTC(2026, 8, 22, 9, 1, 22),
    });
    expect(rowsOf(result, "Holdings")).toHaveLength(3);
  });
});

describe("Bybit log, older variant (newest first, lower-case types)", () => {
  const result = preview("bybit-log-older.csv");

  test("detected; no zone in the header, so UTC by default and the user's choice otherwise", () => {
    expect(result.format).toMatchObject({ id: "bybit-log", variant: "older" });
    expect(result.zone).toMatchObject({ offsetMinutes: 0, source: "default" });
    const chosen = preview("bybit-log-older.csv", { timeZone: "UTC+8" });
    expect(chosen.zone).toMatchObject({ offsetMinutes: 480, source: "user" });
    // line 5: 2022-11-01 16:00:00 at UTC+8 is 08:00 UTC
    expect(valuesOf(chosen, "Funding", "Time (UTC)")[0]).toBe(Date.UTC(2022, 10, 1, 8));
    expectNoNaN(result);
  });

  test("the hour-24 line is reported and feeds nothing", () => {
    expect(result.bad).toEqual([
      { line: 3, reason: expect.stringContaining('"2022-11-02 24:00:00"') },
    ]);
  });

  test("funding read received-positive from each row's own Change, and the import says so", () => {
    // line 5: Funding −0.1185, Change +0.1185 → received 0.1185; line 4: Funding 0.0237, Change −0.0237 → paid
    expect(named(result, "Funding", ["Time (UTC)", "Symbol", "Amount", "Asset"])).toEqual([
      { "Time (UTC)": Date.UTC(2022, 10, 1, 16), Symbol: "ETHPERP", Amount: 0.1185, Asset: "USDC" },
      { "Time (UTC)": Date.UTC(2022, 10, 2, 0), Symbol: "ETHPERP", Amount: -0.0237, Asset: "USDC" },
    ]);
    expect(sum(valuesOf(result, "Funding", "Amount"))).toBeCloseTo(0.0948, 12); // 0.1185 − 0.0237
    expect(result.warnings.join(" ")).toMatch(/2 funding row\(s\).*sign was turned/);
  });

  test("trades from Open/Close Short, fees paid-positive as written, oldest first", () => {
    expect(
      named(result, "Trades", [
        "Side",
        "Quantity",
        "Price",
        "Fee",
        "Fee asset",
        "Realised P&L",
        "Trade ID",
      ])
    ).toEqual([
      // line 6: Open Short 1.5 @ 1580, fee 0.711 (Change −0.711)
      {
        Side: "SELL",
        Quantity: 1.5,
        Price: 1580,
        Fee: -0.711, // a fee paid is negative in the canonical tables
        "Fee asset": "USDC",
        "Realised P&L": 0,
        "Trade ID": "0a9b8c7d-6e5f-4a3b-9c2d-1e0f2a3b4c5d",
      },
      // line 2: Close Short 1.5 @ 1562.4, Cash Flow 26.4 = (1580 − 1562.4) × 1.5, fee 0.70308
      {
        Side: "BUY",
        Quantity: 1.5,
        Price: 1562.4,
        Fee: -0.70308, // a fee paid is negative in the canonical tables
        "Fee asset": "USDC",
        "Realised P&L": 26.4,
        "Trade ID": "5d7c6a1e-43b2-5f0e-9a81-3c2d4e5f6a7b",
      },
    ]);
  });

  test("holdings: the newest good line's balance (line 2), not the bad line's", () => {
    // 1000 − 0.711 + 0.1185 − 0.0237 + 25.69692 = 1025.08072 at 2022-11-02 03:20:11
    expect(named(result, "Holdings", ["Asset", "Quantity", "As of (UTC)"])).toEqual([
      { Asset: "USDC", Quantity: 1025.08072, "As of (UTC)": Date.UTC(2022, 10, 2, 3, 20, 11) },
    ]);
  });
});

describe("Bybit log: rows in the same second out of order", () => {
  test("the last balance is the one no other row starts from, whatever the file's order", () => {
    const Z = "0.00000000000000000000";
    const header =
      "Uid,Currency,Contract,Type,Direction,Quantity,Position,Filled Price,Funding,Fee Paid,Cash Flow,Change,Wallet Balance,Action,Time(UTC)";
    // Built here: 100 in at 10:00:00, then two movements at 10:00:01 written in the wrong order — the
    // second applied (−5, 100 − 2 − 5 = 93) before the first (−2, 100 → 98). The last balance is 93.
    const text = [
      "UID: 1,Company Name: ,Country: ",
      header,
      `1,USDT,,TRANSFER_IN,--,${Z},${Z},${Z},${Z},${Z},100,100,100,--,2026-09-22 10:00:00`,
      `1,USDT,,TRANSFER_OUT,--,${Z},${Z},${Z},${Z},${Z},-5,-5,93,--,2026-09-22 10:00:01`,
      `1,USDT,,TRANSFER_OUT,--,${Z},${Z},${Z},${Z},${Z},-2,-2,98,--,2026-09-22 10:00:01`,
    ].join("\n");
    const result = readImport(new TextEncoder().encode(text), { fileName: "bybit-log-inline.csv" });
    if (!result.ok) throw new Error(result.message);
    expect(named(result, "Holdings", ["Asset", "Quantity"])).toEqual([
      { Asset: "USDT", Quantity: 93 },
    ]);
  });
});
