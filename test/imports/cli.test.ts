/**
 * Acceptance 1 of issue 14: `npm run import -- <fixture>` prints the right format and variant for every
 * fixture, then the canonical CSV, whose sums are checked against numbers worked out by hand from the
 * fixture's lines. The expected format and variant of each fixture come from its header as the spec
 * (spec/imports.md) lists it; each sum names the lines it adds. The CLI module is run in-process for
 * each fixture (scripts/import.js `run`, what `npm run import` calls); one case runs the command itself
 * in a child process to check its output streams and exit codes.
 */
import { spawnSync } from "child_process";
import fs from "fs";
import path from "path";
import Papa from "papaparse";

const cli = require("../../scripts/import.js") as {
  run: (
    argv: string[],
    io?: { log?: (s: string) => void; warn?: (s: string) => void }
  ) => { out: string; notes: string[] };
};

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(ROOT, "test/fixtures/imports");

/** The fixture read by the CLI: its first line, and the CSV's rows as objects by column name. */
function imported(fixture: string, ...args: string[]) {
  let out = "";
  let notes = "";
  cli.run([path.join(FIXTURES, fixture), ...args], {
    log: (s) => (out = s),
    warn: (s) => (notes = s),
  });
  const [first, ...csv] = out.split("\n");
  const rows = Papa.parse<Record<string, string>>(csv.join("\n").trim(), { header: true }).data;
  return { first, rows, notes };
}

/** Sums of `value` per `by`, as numbers, from the CSV's text. */
function sums(rows: Record<string, string>[], by: string, value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[row[by]] = (out[row[by]] ?? 0) + Number(row[value]);
  return out;
}

// Each fixture, the format and variant its header is (spec/imports.md, "Formats"), and the table the
// CLI prints by default (the format's first table the file fills).
const EXPECTED: [string, string][] = [
  ["binance-statement-v1.csv", "Binance Account Statement · variant v1 · Holdings"],
  ["binance-statement-v2.csv", "Binance Account Statement · variant v2 · Holdings"],
  ["binance-statement-v3.csv", "Binance Account Statement · variant v3 · Holdings"],
  ["e2e/binance-statement-2026-02.csv", "Binance Account Statement · variant v1 · Holdings"],
  [
    "binance-futures-history-legacy.csv",
    "Binance USDⓈ-M Futures Transaction History · variant legacy · Funding",
  ],
  [
    "binance-futures-history-2024-01.csv",
    "Binance USDⓈ-M Futures Transaction History · variant legacy · Funding",
  ],
  [
    "binance-futures-history-2024-02.csv",
    "Binance USDⓈ-M Futures Transaction History · variant legacy · Funding",
  ],
  [
    "binance-futures-history-202603230525(UTC--6).csv",
    "Binance USDⓈ-M Futures Transaction History · variant current · Funding",
  ],
  ["binance-trades-old.csv", "Binance Futures Trade History · variant old · Trades"],
  ["binance-trades-old-quote-asset.csv", "Binance Futures Trade History · variant old · Trades"],
  [
    "binance-trades-current-202603230520(UTC--6).csv",
    "Binance Futures Trade History · variant current · Trades",
  ],
  ["binance-trades-hedge-mode.csv", "Binance Futures Trade History · variant hedge mode · Trades"],
  ["bybit-log-uta.csv", "Bybit Unified Trading Account log · variant uta · Funding"],
  ["bybit-log-older.csv", "Bybit Unified Trading Account log · variant older · Funding"],
  ["bybit-closed-pnl-2024.csv", "Bybit Closed P&L · variant 2024 · ClosedPnL"],
  ["bybit-closed-pnl-2025.csv", "Bybit Closed P&L · variant 2025 · ClosedPnL"],
  ["okx-bills-17-columns.csv", "OKX trading account bills · variant 17 columns · Funding"],
  ["okx-bills-19-columns.csv", "OKX trading account bills · variant 19 columns · Funding"],
  [
    "transaction_log-123456-BTC-2026-03-05.csv",
    "Deribit transaction log · variant current · Funding",
  ],
  ["deribit-log-older.csv", "Deribit transaction log · variant older · Funding"],
  ["btc-usd-max.csv", "CoinGecko price history · variant daily · Prices"],
  ["e2e/btc-usd-max.csv", "CoinGecko price history · variant daily · Prices"],
  ["e2e/sol-usd-max.csv", "CoinGecko price history · variant daily · Prices"],
  ["crypto-data-download-binance-btcusdt-d.csv", "CryptoDataDownload · variant 2021 · Prices"],
  ["crypto-data-download-binance-ethusdt-1h.csv", "CryptoDataDownload · variant 2021 · Prices"],
  ["crypto-data-download-gemini-ethusd-d-2020.csv", "CryptoDataDownload · variant 2020 · Prices"],
  ["coinmarketcap-current.csv", "CoinMarketCap historical data · variant current · Prices"],
  ["coinmarketcap-older.csv", "CoinMarketCap historical data · variant older · Prices"],
  ["BTC-USD.csv", "Yahoo Finance download · variant daily · Prices"],
  [
    "BTCUSDT-fundingRate-2026-03.csv",
    "Binance public funding-rate archive · variant monthly · Funding",
  ],
];

test("every fixture is listed here (a new fixture needs its expected format)", () => {
  const files = [
    ...fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".csv")),
    ...fs.readdirSync(path.join(FIXTURES, "e2e")).map((f) => `e2e/${f}`),
  ];
  expect(EXPECTED.map(([file]) => file).sort()).toEqual(files.sort());
});

test.each(EXPECTED)("%s → %s", (fixture, first) => {
  const result = imported(fixture);
  expect(result.first).toBe(first);
  expect(result.rows.length).toBeGreaterThan(0);
  for (const row of result.rows)
    for (const cell of Object.values(row)) expect(cell).not.toMatch(/^(NaN|-?Infinity|undefined)$/);
});

describe("sums of the canonical CSV, worked out by hand", () => {
  test("funding per symbol: Binance legacy history", () => {
    const { rows, notes } = imported("binance-futures-history-legacy.csv", "--table", "Funding");
    // FUNDING_FEE lines: BTCUSDT −0.8 (line 2) and −0.765 (line 7; line 8 repeats its Transaction ID);
    // ETHUSDT 0.125 (line 3) and 0.11 (line 9)
    const funding = sums(rows, "Symbol", "Amount");
    expect(funding.BTCUSDT).toBeCloseTo(-0.8 - 0.765, 12);
    expect(funding.ETHUSDT).toBeCloseTo(0.125 + 0.11, 12);
    expect(notes).toContain("1 duplicate in the file");
  });

  test("realised P&L per symbol: the same file's ClosedPnL", () => {
    const { first, rows } = imported("binance-futures-history-legacy.csv", "--table", "ClosedPnL");
    expect(first).toMatch(/· ClosedPnL$/);
    // REALIZED_PNL lines: ETHUSDT 10.24 (line 5), BTCUSDT −4.43848 (line 10)
    expect(sums(rows, "Symbol", "Closed P&L")).toEqual({ ETHUSDT: 10.24, BTCUSDT: -4.43848 });
  });

  test("quantity per asset: Binance statement v1 (sum of the changes)", () => {
    const { rows } = imported("binance-statement-v1.csv");
    const quantity = sums(rows, "Asset", "Quantity");
    // USDT: 500 − 200 + 200 − 0.07812 + 3.25 − 0.01234567 + 0.00345678 − 0.011 − 120.5 (lines 2–8, 11)
    expect(quantity.USDT).toBeCloseTo(382.65199111, 8);
    // BNB: 0.5 − 0.000375 (lines 10, 12)
    expect(quantity.BNB).toBeCloseTo(0.499625, 12);
  });

  test("funding per symbol in a UTC+3 preamble's file: OKX bills", () => {
    const { rows, notes } = imported("okx-bills-17-columns.csv", "--table", "Funding");
    // Funding fee lines, Balance Change: BTC-USDT-SWAP 0.0312 (line 5) − 0.05212 (line 7); line 6's
    // 2026-02-30 is no date, so it is a bad line; ETH-USDT-SWAP −0.01875 (line 3)
    const funding = sums(rows, "Symbol", "Amount");
    expect(funding["BTC-USDT-SWAP"]).toBeCloseTo(0.0312 - 0.05212, 12);
    expect(funding["ETH-USDT-SWAP"]).toBeCloseTo(-0.01875, 12);
    expect(notes).toMatch(/Time zone: UTC\+3 \(from the file's preamble\)/);
    expect(notes).toMatch(/Line 6: .*2026-02-30/);
    // 2026-03-01 03:00:00 at UTC+3 (line 7) is midnight UTC
    expect(rows.map((r) => r["Time (UTC)"])).toContain("2026-03-01 00:00:00");
  });

  test("closes per day: CoinGecko, with the repeated day once and the gap reported", () => {
    const { rows, notes } = imported("btc-usd-max.csv");
    // lines 2–5 and 7; line 6 repeats line 5's day; line 8 has no price
    expect(Object.fromEntries(rows.map((r) => [r["Date (UTC)"], Number(r.Close)]))).toEqual({
      "2026-03-01": 84310.52,
      "2026-03-02": 86120.07,
      "2026-03-03": 85540.9,
      "2026-03-06": 88210.33,
      "2026-03-07": 87950.0,
    });
    expect(new Set(rows.map((r) => r.Symbol))).toEqual(new Set(["BTC/USD"]));
    expect(notes).toMatch(/Gap in BTC\/USD: 2 days missing after 2026-03-03/);
  });
});

describe("the command itself", () => {
  const command = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(ROOT, "scripts/import.js"), ...args], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 120_000,
    });

  test("stdout is the first line and the table; notes go to stderr; exit 0", () => {
    const result = command(path.join(FIXTURES, "binance-statement-v3.csv"), "--tz", "UTC+8");
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("Binance Account Statement · variant v3 · Holdings");
    expect(lines[1]).toBe("Asset,Quantity,As of (UTC),Venue,Source");
    // v3 states no zone: the one given is used and said
    expect(result.stderr).toMatch(/Time zone: UTC\+8 \(chosen by the user\)/);
  }, 120_000);

  test("an unknown format, a missing file and a bad option exit 1 with a message", () => {
    const unknown = command(path.join(ROOT, "package.json"));
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toMatch(/does not recognise this file's format/);
    expect(command("no-such-file.csv").stderr).toMatch(
      /Cannot read no-such-file.csv: no such file/
    );
    expect(command("--frobnicate").status).toBe(1);
  }, 120_000);
});
