/**
 * "Fill from imported tables" (src/templates/fromTables.ts): canonical tables built by hand with
 * canonicalRow(), read into each wizard's input. Every expected number is worked out by hand in the
 * comment beside it. One exposure plan built from the filled input is evaluated in the engine with the
 * real functions: no error cell.
 */
import { canonicalRow, type CanonicalRow } from "../../src/imports/canonical";
import {
  effectivenessFromTables,
  exposureFromTables,
  latestHoldings,
  priceSymbolOf,
  priceSeries,
  priceSymbols,
  reportFromTables,
  stressFromTables,
  usdQuoteRank,
  type CanonicalTables,
} from "../../src/templates/fromTables";
import { effectivenessWizard } from "../../src/templates/effectiveness";
import { exposureWizard } from "../../src/templates/exposure";
import { reportWizard } from "../../src/templates/report";
import { stressWizard } from "../../src/templates/stress";
import { sheetErrors } from "../helpers/engine";
import { engineWithPolicy } from "../helpers/policy";

const at = (day: number, hour = 0): number => Date.UTC(2026, 2, day, hour); // 2026-03-<day>

const holding = (
  asset: string,
  quantity: number,
  asOf: number,
  venue: string | null = "Binance"
): CanonicalRow =>
  canonicalRow("Holdings", {
    Asset: asset,
    Quantity: quantity,
    "As of (UTC)": asOf,
    Venue: venue,
    Source: "statement.csv (Binance Account Statement)",
  });

const price = (
  symbol: string,
  day: number,
  close: number,
  volume: number | null = null
): CanonicalRow =>
  canonicalRow("Prices", {
    "Date (UTC)": at(day),
    Symbol: symbol,
    Close: close,
    Volume: volume,
    Source: "prices.csv (CryptoDataDownload)",
  });

/**
 * The book: SOL at two venues, Binance's balance the newer of its two rows (7, not 6), Bybit's 3:
 * 7 + 3 = 10 SOL. ARB 1,000. USDT 50,000 (a stablecoin: no price). OP sold to 0 on 03-02.
 */
const HOLDINGS: CanonicalRow[] = [
  holding("SOL", 6, at(1)),
  holding("SOL", 7, at(2, 12)),
  holding("SOL", 3, at(1, 8), "Bybit"),
  holding("ARB", 1000, at(2)),
  holding("USDT", 50_000, at(2)),
  holding("OP", 200, at(1)),
  holding("OP", 0, at(2)),
];

/**
 * Daily closes 03-01 … 03-05. ARB has no close on 03-03, so the review's days are 1, 2, 4, 5.
 * SOLBTC is quoted in BTC: it must not price the dollar book, even on the newest day.
 */
const PRICES: CanonicalRow[] = [
  price("SOLUSDT", 1, 150),
  price("SOLUSDT", 2, 151),
  price("SOLUSDT", 3, 148),
  price("SOLUSDT", 4, 152),
  price("SOLUSDT", 5, 155, 1_000_000),
  price("ARBUSDT", 1, 0.8),
  price("ARBUSDT", 2, 0.82),
  price("ARBUSDT", 4, 0.85),
  price("ARBUSDT", 5, 0.84),
  price("BTCUSDT", 1, 60_000),
  price("BTCUSDT", 2, 60_600),
  price("BTCUSDT", 3, 59_400),
  price("BTCUSDT", 4, 61_800),
  price("BTCUSDT", 5, 62_400, 100),
  price("SOLBTC", 5, 0.0025, 10),
];

const TABLES: CanonicalTables = {
  Holdings: { sheet: "Holdings", rows: HOLDINGS },
  Prices: { sheet: "Prices", rows: PRICES },
};

describe("the book from Holdings", () => {
  test("the latest balance per venue and asset, summed over venues; a 0 balance is not held", () => {
    const { book, emptied, skipped } = latestHoldings(HOLDINGS);
    // SOL: Binance 7 (as of 03-02 12:00, newer than 6 of 03-01) + Bybit 3 = 10
    expect(book.map((b) => [b.asset, b.quantity])).toEqual([
      ["SOL", 10],
      ["ARB", 1000],
      ["USDT", 50_000],
    ]);
    expect(book[0].venues).toEqual(["Binance", "Bybit"]);
    expect(book[0].asOf).toBe(at(2, 12));
    expect(emptied).toEqual(["OP"]);
    expect(skipped).toBe(0);
  });

  test("a balance from a Binance statement is a sum of changes, and is named as such", () => {
    const rows = [
      holding("SOL", 4, at(1)),
      canonicalRow("Holdings", {
        Asset: "ARB",
        Quantity: 10,
        "As of (UTC)": at(1),
        Venue: "OKX",
        Source: "bills.csv (OKX trading account bills, 17 columns)",
      }),
    ];
    // SOL's row came from a statement (its Source), ARB's from OKX's running balance
    expect(latestHoldings(rows).summed).toEqual(["SOL"]);
  });

  test("rows without an asset, a quantity or a time are skipped", () => {
    const rows = [
      holding("SOL", 1, at(1)),
      canonicalRow("Holdings", { Asset: "ARB", Quantity: null, "As of (UTC)": at(1) }),
      canonicalRow("Holdings", { Asset: null, Quantity: 5, "As of (UTC)": at(1) }),
    ];
    expect(latestHoldings(rows).skipped).toBe(2);
  });

  test("a dollar symbol prices an asset, never one quoted in BTC or EUR", () => {
    expect(usdQuoteRank("SOLUSDT")).toBe(0);
    expect(usdQuoteRank("SOL/USD")).toBe(0);
    expect(usdQuoteRank("SOL")).toBe(1);
    expect(usdQuoteRank("SOL_USDC-PERPETUAL")).toBe(1);
    expect(usdQuoteRank("SOL-PERPETUAL")).toBe(2);
    expect(usdQuoteRank("SOLBTC")).toBeUndefined();
    expect(usdQuoteRank("ETHEUR")).toBeUndefined();
    const prices = priceSeries(PRICES);
    // SOLBTC's close of 03-05 is as new as SOLUSDT's, but not dollars.
    expect(priceSymbolOf(prices, "SOL")?.symbol).toBe("SOLUSDT");
    expect(priceSymbols(TABLES)).toEqual(["SOLUSDT", "ARBUSDT", "BTCUSDT", "SOLBTC"]);
  });

  test("a day's close is its last row's: hourly candles give the day's last close", () => {
    const rows = [
      canonicalRow("Prices", { "Date (UTC)": at(1, 23), Symbol: "SOLUSDT", Close: 149 }),
      canonicalRow("Prices", { "Date (UTC)": at(1, 1), Symbol: "SOLUSDT", Close: 140 }),
    ];
    expect(
      priceSeries(rows)
        .get("SOLUSDT")!
        .closes.get(at(1) / 86_400_000)
    ).toBe(149);
  });
});

describe("exposure", () => {
  test("holdings priced at the last dollar close, ADV = volume × close, stablecoin left out", () => {
    const { input, notes } = exposureFromTables(exposureWizard.sample(), TABLES);
    expect(input.holdings).toEqual([
      // 10 SOL at SOLUSDT's close of 03-05, 155; ADV 1,000,000 × 155 = 155,000,000
      { token: "SOL", quantity: 10, price: 155, adv: 155_000_000, locked: false },
      // 1,000 ARB at 0.84; no volume: ADV left for the user
      { token: "ARB", quantity: 1000, price: 0.84, adv: NaN, locked: false },
    ]);
    // Nothing of the sample survives in the holdings.
    expect(input.holdings.map((h) => h.token)).not.toContain("LINK");
    // BTC-PERP marked at BTCUSDT's last close 62,400, beta 1 (it is the benchmark); ETH-PERP has no
    // price in the tables: the sample's 3,600 and 1.2 are cleared, for the form to ask.
    expect(input.proxies).toEqual([
      { instrument: "BTC-PERP", mark: 62_400, contractSize: 1, beta: 1 },
      { instrument: "ETH-PERP", mark: NaN, contractSize: 1, beta: NaN },
    ]);
    expect(
      exposureWizard
        .validate(input)
        .map((e) => e.field)
        .sort()
    ).toEqual(["holdings.1.adv", "proxies.1.beta", "proxies.1.mark"]);
    const text = notes.join("\n");
    expect(text).toContain("Left out, no dollar price in Prices: USDT.");
    expect(text).toContain("Left out, balance 0 (no longer held): OP.");
    expect(text).toContain("No volume in Prices for ARB");
    expect(text).toContain("Fill in the mark price and beta of ETH-PERP");
  });

  test("a number the user typed in a proxy stays; only the sample's go", () => {
    const sample = exposureWizard.sample();
    const typed = {
      ...sample,
      proxies: [sample.proxies[0], { ...sample.proxies[1], mark: 3100, beta: 1.1 }],
    };
    const { input } = exposureFromTables(typed, TABLES);
    expect(input.proxies[1]).toEqual({
      instrument: "ETH-PERP",
      mark: 3100,
      contractSize: 1,
      beta: 1.1,
    });
  });

  test("a missing table: a note saying which, the input unchanged", () => {
    const sample = exposureWizard.sample();
    const read = exposureFromTables(sample, { Holdings: { rows: HOLDINGS } });
    expect(read.input).toBe(sample);
    expect(read.notes).toEqual([
      "No Prices table in the workbook (or it has no rows): import a price history first; the form is unchanged.",
    ]);
    expect(
      exposureFromTables(sample, { Prices: { rows: PRICES }, Holdings: { rows: [] } }).notes
    ).toEqual([
      "No Holdings table in the workbook (or it has no rows): import an account statement first; the form is unchanged.",
    ]);
  });

  test("the plan built from the filled input has no error cell in the engine", async () => {
    const { input } = exposureFromTables(exposureWizard.sample(), TABLES);
    // What the form asks for, typed by the user.
    input.holdings[1].adv = 5_000_000;
    input.proxies[1] = { ...input.proxies[1], mark: 3100, beta: 1.15 };
    expect(exposureWizard.validate(input)).toEqual([]);
    const wb = await engineWithPolicy();
    const { sheet } = await wb.applyPlan(exposureWizard.build(input, "2026-03-06"));
    expect(sheetErrors(wb, sheet)).toEqual([]);
    // Value of SOL on the sheet: 10 × 155 = 1,550
    expect(wb.valueAt(sheet, findCell(wb, sheet, "SOL", 3))).toBe(1550);
  });
});

/** The cell `offset` columns right of the first cell showing `text`, as A1. */
function findCell(
  wb: Awaited<ReturnType<typeof engineWithPolicy>>,
  sheet: string,
  text: string,
  offset: number
): string {
  const id = wb.sheetId(sheet);
  const { rows, cols } = wb.dimensions(id);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++)
      if (wb.value(id, r, c) === text) return `${String.fromCharCode(65 + c + offset)}${r + 1}`;
  throw new Error(`${text} not on ${sheet}`);
}

describe("stress", () => {
  test("the book: value = quantity × last close, tier from the volume, Low without one", () => {
    const { input, notes } = stressFromTables(stressWizard.sample(), TABLES);
    expect(input.book).toEqual([
      // 10 × 155 = 1,550; days to liquidate 1,550 ÷ (0.1 × 155,000,000) = 0.0001 ≤ 1: High
      { token: "SOL", value: 1550, tier: "High", locked: false },
      // 1,000 × 0.84 = 840; no volume: Low, the conservative tier
      { token: "ARB", value: 840, tier: "Low", locked: false },
    ]);
    // The sample's hedge numbers and venue numbers are cleared; names and types stay.
    expect(input.hedges.map((h) => [h.instrument, h.notional, h.beta])).toEqual([
      ["BTC-PERP", NaN, NaN],
      ["ETH-PERP", NaN, NaN],
    ]);
    expect(input.venues.every((v) => Number.isNaN(v.marginBalance))).toBe(true);
    expect(input.fundingRate).toBe(0.003); // not named by the fill: as it was
    expect(notes.join("\n")).toContain("No volume in Prices for ARB: put in the Low tier");
    expect(stressWizard.validate(input).map((e) => e.field)).not.toContain("book.0.value");
  });

  test("a hedge notional the user typed stays", () => {
    const sample = stressWizard.sample();
    const typed = {
      ...sample,
      hedges: [{ ...sample.hedges[0], notional: 2000 }, sample.hedges[1]],
    };
    const { input } = stressFromTables(typed, TABLES);
    expect(input.hedges[0].notional).toBe(2000);
    expect(input.hedges[0].beta).toBeNaN(); // still the sample's 1: cleared
  });
});

describe("effectiveness", () => {
  test("item = the book's daily value change, hedge = a value-matched BTC short", () => {
    const { input, notes, hedgeSymbol } = effectivenessFromTables(
      effectivenessWizard.sample(),
      TABLES
    );
    expect(hedgeSymbol).toBe("BTCUSDT");
    // Days with a close for SOL, ARB and BTC: 03-01, 03-02, 03-04, 03-05 (ARB has none on 03-03).
    expect(input.dates).toEqual(["2026-03-02", "2026-03-04", "2026-03-05"]);
    // Book value on 03-01: 10 × 150 + 1,000 × 0.80 = 1,500 + 800 = 2,300
    expect(input.startValue).toBeCloseTo(2300, 9);
    // 03-02: 10 × (151 − 150) + 1,000 × (0.82 − 0.80) = 10 + 20 = 30
    // 03-04: 10 × (152 − 151) + 1,000 × (0.85 − 0.82) = 10 + 30 = 40
    // 03-05: 10 × (155 − 152) + 1,000 × (0.84 − 0.85) = 30 − 10 = 20
    expect(input.itemChanges).toHaveLength(3);
    [30, 40, 20].forEach((v, i) => expect(input.itemChanges[i]).toBeCloseTo(v, 9));
    // Short 2,300 ÷ 60,000 BTC: 03-02 −(2,300/60,000) × 600 = −23; 03-04 × 1,200 = −46;
    // 03-05 × 600 = −23
    [-23, -46, -23].forEach((v, i) => expect(input.hedgeChanges[i]).toBeCloseTo(v, 9));
    // The sample's window of 20 is longer than the 3 periods read.
    expect(input.window).toBe(3);
    expect(input.prices).toBeUndefined();
    expect(effectivenessWizard.validate(input)).toEqual([]);
    const text = notes.join("\n");
    expect(text).toContain("Left out 1 day on which a symbol has no close.");
    expect(text).toContain("Rolling window shortened from 20 to the 3 periods read.");
  });

  test("the caller's hedge symbol", () => {
    const { input, hedgeSymbol } = effectivenessFromTables(effectivenessWizard.sample(), TABLES, {
      hedgeSymbol: "solusdt",
    });
    expect(hedgeSymbol).toBe("SOLUSDT");
    // Short 2,300 ÷ 150 SOL: 03-02 −(2,300/150) × (151 − 150) = −15.333…
    expect(input.hedgeChanges[0]).toBeCloseTo(-2300 / 150, 9);
  });

  test("no BTC in Prices: the hedge series is left empty and the note asks for a symbol", () => {
    const tables: CanonicalTables = {
      Holdings: { rows: [holding("SOL", 10, at(1))] },
      Prices: { rows: PRICES.filter((row) => !String(row[1]).startsWith("BTC")) },
    };
    const { input, notes, hedgeSymbol } = effectivenessFromTables(
      effectivenessWizard.sample(),
      tables
    );
    expect(hedgeSymbol).toBeUndefined();
    // SOL alone, days 1–5: 151 − 150, 148 − 151, 152 − 148, 155 − 152 = 1, −3, 4, 3 (× 10)
    expect(input.itemChanges).toEqual([10, -30, 40, 30]);
    expect(input.hedgeChanges).toEqual([]);
    expect(input.dates).toBeUndefined();
    expect(notes.join("\n")).toContain("choose the hedge's symbol");
    expect(effectivenessWizard.validate(input).map((e) => e.field)).toContain("hedgeChanges");
  });

  test("BTC the book's only asset: no default hedge", () => {
    const tables: CanonicalTables = {
      Holdings: { rows: [holding("BTC", 2, at(1))] },
      Prices: { rows: PRICES },
    };
    expect(effectivenessFromTables(effectivenessWizard.sample(), tables).hedgeSymbol).toBe(
      undefined
    );
  });

  test("without Holdings: one coin of the one asset of Prices besides the hedge's", () => {
    const tables: CanonicalTables = {
      Prices: { rows: PRICES.filter((row) => !String(row[1]).startsWith("ARB")) },
    };
    const { input, notes } = effectivenessFromTables(effectivenessWizard.sample(), tables);
    // One SOL: 03-02 151 − 150 = 1 (SOLBTC is not dollars, so SOL is the one asset)
    expect(input.itemChanges[0]).toBeCloseTo(1, 9);
    expect(notes[0]).toContain("the book is one SOL (SOLUSDT)");
    const both = effectivenessFromTables(effectivenessWizard.sample(), {
      Prices: { rows: PRICES },
    });
    expect(both.notes[0]).toContain("No Holdings table: with 2 assets in Prices");
  });

  test("no Prices table: a note, the input unchanged", () => {
    const sample = effectivenessWizard.sample();
    const read = effectivenessFromTables(sample, { Holdings: { rows: HOLDINGS } });
    expect(read.input).toBe(sample);
    expect(read.notes[0]).toMatch(/^No Prices table/);
  });
});

describe("report", () => {
  const closedPnl = (symbol: string, venue: string, day: number, pnl: number, month = 2) =>
    canonicalRow("ClosedPnL", {
      "Time (UTC)": Date.UTC(2026, month, day),
      Venue: venue,
      Symbol: symbol,
      "Closed P&L": pnl,
    });
  const trade = (symbol: string, venue: string, day: number, pnl: number | null) =>
    canonicalRow("Trades", {
      "Time (UTC)": at(day),
      Venue: venue,
      Symbol: symbol,
      "Realised P&L": pnl,
    });
  const funding = (symbol: string, venue: string, day: number, amount: number, asset = "USDT") =>
    canonicalRow("Funding", {
      "Time (UTC)": at(day),
      Venue: venue,
      Symbol: symbol,
      Amount: amount,
      Asset: asset,
    });
  const tables: CanonicalTables = {
    ClosedPnL: {
      rows: [
        closedPnl("SOLUSDT", "Bybit", 5, 120),
        closedPnl("SOLUSDT", "Bybit", 10, -20),
        closedPnl("ARBUSDT", "Bybit", 20, 50, 1), // 2026-02-20: before the period
      ],
    },
    Trades: {
      rows: [
        trade("BTCUSDT", "Binance", 6, null), // an opening trade: no realised P&L
        trade("BTCUSDT", "Binance", 7, 300),
        trade("BTCUSDT", "Binance", 8, -100),
        trade("SOLUSDT", "Bybit", 5, 999), // ClosedPnL has Bybit SOLUSDT: not added again
      ],
    },
    Funding: {
      rows: [
        funding("SOLUSDT", "Bybit", 2, -5),
        funding("SOLUSDT", "Bybit", 3, -3),
        funding("ETHUSDT", "Binance", 4, -12),
        funding("BTC-PERPETUAL", "Deribit", 4, -0.001, "BTC"),
      ],
    },
  };
  const march = { ...reportWizard.sample(), periodStart: "2026-03-01", periodEnd: "2026-03-31" };

  test("realised P&L per venue and symbol, funding on its closed position", () => {
    const { input, notes } = reportFromTables(march, tables);
    expect(input.closed).toEqual([
      // ClosedPnL: 120 − 20 = 100; funding −5 − 3 = −8
      { instrument: "SOLUSDT", venue: "Bybit", realised: 100, funding: -8 },
      // Trades (no ClosedPnL rows for it): 300 − 100 = 200
      { instrument: "BTCUSDT", venue: "Binance", realised: 200 },
    ]);
    expect(input.holdings).toBe(march.holdings); // not named by the fill
    const text = notes.join("\n");
    expect(text).toContain("left out 1 row outside the period");
    expect(text).toContain(
      "Funding of positions not closed in the period, not added (the report takes an open position's funding as rates): ETHUSDT at Binance -12 USDT."
    );
    expect(text).toContain(
      "Funding paid in a coin, not added to a dollar report: BTC-PERPETUAL at Deribit -0.001 BTC."
    );
    expect(reportWizard.validate(input)).toEqual([]);
  });

  test("a period the rows are outside of: no closed positions, and the rows' dates said", () => {
    const { input, notes } = reportFromTables(reportWizard.sample(), tables); // November 2026
    expect(input.closed).toEqual([]);
    expect(notes[0]).toContain("(the rows run from 2026-02-20 to 2026-03-10)");
  });

  test("no table of realised P&L or funding: a note, the input unchanged", () => {
    const read = reportFromTables(march, { Holdings: { rows: HOLDINGS } });
    expect(read.input).toBe(march);
    expect(read.notes[0]).toMatch(/^No ClosedPnL, Trades or Funding table/);
  });
});
