/**
 * The Import wizard without a browser (src/taskpane/importFlow.ts): files read through the real
 * `readImport`, counted against the tables a workbook already holds, the button's words and when it
 * may run, bad lines and gaps as the pane lists them, the Hedge log row, the result and what comes next.
 */
import { PANE_LIMIT_BYTES, columnIndex, readImport, type ImportPreview } from "../../src/imports";
import {
  andMore,
  badLineList,
  blockedReason,
  choosesZone,
  confirmLabel,
  confirmNote,
  describeDuplicates,
  describeFormat,
  describeGap,
  describeZone,
  importLogEntry,
  kindsToRead,
  nextSteps,
  planImport,
  previewStatus,
  readSource,
  refusalHint,
  resultLine,
  resultSummary,
  tooLarge,
  zoneChoices,
  type ImportWritten,
} from "../../src/taskpane/importFlow";
import type { CanonicalTables } from "../../src/workbook/port";

const STATEMENT = [
  "UTC_Time,Account,Operation,Coin,Change,Remark",
  "2026-03-01 00:00:00,Spot,Deposit,SOL,120,",
  "2026-03-01 00:00:00,Spot,Deposit,USDT,50000,",
  "2026-03-02 08:00:00,USDT-Futures,Funding Fee,USDT,-1.25,SOLUSDT",
  "2026-03-02 16:00:00,USDT-Futures,Funding Fee,USDT,0.75,SOLUSDT",
  "",
].join("\n");

/** A CoinGecko download of `days` days from 2026-01-01, with the days in `missing` left out. */
function coingecko(days: number, missing: number[] = []): string {
  const lines = ["snapped_at,price,market_cap,total_volume"];
  for (let d = 0; d < days; d++) {
    if (missing.includes(d)) continue;
    const date = new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10);
    lines.push(`${date} 00:00:00 UTC,${60000 + d * 10},1200000000000,30000000000`);
  }
  return lines.join("\n") + "\n";
}

function preview(text: string, fileName: string, timeZone?: string): ImportPreview {
  const read = readSource({ input: new TextEncoder().encode(text), fileName }, timeZone);
  if (!read.ok) throw new Error(read.message);
  return read;
}

const written = (
  kind: ImportWritten["kind"],
  added: number,
  skipped = 0,
  created = true
): ImportWritten => ({ kind, sheet: kind, added, skipped, created });

test("a Binance statement previews as its format, UTC by its header, rows per table", () => {
  const read = preview(STATEMENT, "binance-statement-2026-03.csv");
  expect(describeFormat(read)).toBe("Binance Account Statement, v1");
  expect(describeZone(read.zone)).toBe("UTC: the format's times are in UTC");
  expect(choosesZone(read)).toBe(false);

  const plan = planImport(read, {});
  expect(plan.tables.map(({ kind, rows, already, toAdd }) => [kind, rows, already, toAdd])).toEqual(
    [
      ["Holdings", 2, 0, 2],
      ["Funding", 2, 0, 2],
    ]
  );
  expect(plan.toAdd).toBe(4);
  expect(plan.write.map((t) => [t.kind, t.rows.length])).toEqual([
    ["Holdings", 2],
    ["Funding", 2],
  ]);
  expect(confirmLabel(plan)).toBe("Import 4 rows");
  expect(confirmNote(plan)).toBeUndefined();
  expect(previewStatus(plan)).toBe(
    "Read 4 lines of binance-statement-2026-03.csv as Binance Account Statement, v1: 4 new rows to import. Nothing is written until you confirm."
  );
  expect(blockedReason(plan, { consent: false, canWrite: true, busy: false })).toBeUndefined();
  // the workbook's tables read for it: its own, and Holdings and Prices for what comes next
  expect(kindsToRead(read)).toEqual(["Holdings", "Funding", "Prices"]);
});

test("rows the workbook already holds are counted as there, by the same key the write uses", () => {
  const read = preview(STATEMENT, "binance-statement-2026-03.csv");
  const existing: CanonicalTables = {
    Funding: { sheet: "Funding", rows: read.tables.Funding!.slice(0, 1) },
    Prices: {
      sheet: "Prices (2)",
      rows: [[1767225600000, "BTC/USD", null, null, null, 1, 1, "x"]],
    },
  };
  const plan = planImport(read, existing);
  expect(plan.tables.map(({ kind, already, toAdd }) => [kind, already, toAdd])).toEqual([
    ["Holdings", 0, 2],
    ["Funding", 1, 1],
  ]);
  expect(plan.toAdd).toBe(3);
  expect(plan.held).toEqual(["Funding", "Prices"]);
  expect(plan.heldSymbols).toEqual(["BTC/USD"]);
  expect(plan.sheets).toEqual({ Funding: "Funding", Prices: "Prices (2)" });
  // the write gets every row of the file: the port skips those already there when it writes
  expect(plan.write.find((t) => t.kind === "Funding")!.rows).toHaveLength(2);
});

test("the same file again: 0 rows to add, the button still records the check", () => {
  const read = preview(STATEMENT, "binance-statement-2026-03.csv");
  const existing: CanonicalTables = {
    Holdings: { sheet: "Holdings", rows: read.tables.Holdings! },
    Funding: { sheet: "Funding", rows: read.tables.Funding! },
  };
  const plan = planImport(read, existing);
  expect(plan.toAdd).toBe(0);
  expect(confirmLabel(plan)).toBe("Import 0 rows");
  expect(confirmNote(plan)).toMatch(/^Every row of this file is already in the workbook/);
});

test("tables the workbook could not read: counts unknown, every row offered", () => {
  const plan = planImport(preview(STATEMENT, "s.csv"), null);
  expect(plan.existingRead).toBe(false);
  expect(plan.tables.every((t) => t.already === null && t.toAdd === t.rows)).toBe(true);
  expect(confirmNote({ ...plan, toAdd: 0 })).toBeUndefined();
});

test("bad lines: listed 20 at a time, and the import waits for 'Import the other rows'", () => {
  const lines = [STATEMENT.trimEnd()];
  for (let i = 0; i < 23; i++) lines.push(`2026-03-03 09:00:0${i % 10},Spot,Buy,SOL,abc${i},`);
  const read = preview(lines.join("\n") + "\n", "s.csv");
  expect(read.bad).toHaveLength(23);
  const list = badLineList(read.bad);
  expect(list.lines).toHaveLength(20);
  expect(list.lines[0]).toBe('Line 6: Change "abc0" is not a number');
  expect(list.more).toBe(3);
  expect(andMore(list.more)).toBe("and 3 more");
  expect(andMore(0)).toBeUndefined();

  const plan = planImport(read, {});
  expect(blockedReason(plan, { consent: false, canWrite: true, busy: false })).toBe(
    "Tick “Import the other rows” to import without the 23 lines that could not be read."
  );
  expect(blockedReason(plan, { consent: true, canWrite: true, busy: false })).toBeUndefined();
  expect(blockedReason(plan, { consent: true, canWrite: false, busy: false })).toMatch(
    /^Nothing can be written here/
  );
  expect(previewStatus(plan)).toMatch(/; 23 lines could not be read: 4 new rows to import\./);
});

test("a file that names no zone: UTC assumed, the user's choice re-reads it and is recorded", () => {
  const v3 =
    "User ID,Time,Account,Operation,Coin,Change,Remark\n1,26-03-01 02:00:00,Spot,Deposit,SOL,1,\n";
  const assumed = preview(v3, "statement.csv");
  expect(choosesZone(assumed)).toBe(true);
  expect(describeZone(assumed.zone)).toBe(
    "UTC, assumed: the file does not say which time zone its times are in"
  );
  const chosen = preview(v3, "statement.csv", "UTC+3");
  expect(choosesZone(chosen)).toBe(true);
  expect(describeZone(chosen.zone)).toBe("UTC+3, as you chose: the file does not say");
  const asOf = columnIndex("Holdings", "As of (UTC)");
  expect(chosen.tables.Holdings![0][asOf]).toBe(Date.UTC(2026, 1, 28, 23, 0));
  const log = importLogEntry(chosen, [written("Holdings", 1)], new Date(Date.UTC(2026, 11, 2)));
  expect(log.inputs).toContain("UTC+3");

  // the choices: UTC first, every zone readable back, in order of offset
  const zones = zoneChoices();
  expect(zones[0]).toEqual({ value: "UTC", label: "UTC" });
  expect(zones.map((z) => z.value)).toEqual(
    expect.arrayContaining(["UTC-12", "UTC+5:30", "UTC+14"])
  );
  for (const { value } of zones) expect(preview(v3, "s.csv", value).zone.label).toBe(value);
});

test("a zone named by the file name is its source", () => {
  const v3 =
    "User ID,Time,Account,Operation,Coin,Change,Remark\n1,26-03-01 02:00:00,Spot,Deposit,SOL,1,\n";
  const read = preview(v3, "Binance-Transaction-History-202603230400(UTC--6).csv");
  expect(describeZone(read.zone)).toBe("UTC-6, from the file name");
  expect(choosesZone(read)).toBe(false);
});

test("CoinGecko prices: missing days listed, duplicates within the file counted", () => {
  const text = coingecko(40, [10, 11, 25]);
  const read = preview(text, "btc-usd-max.csv");
  expect(describeFormat(read)).toMatch(/^CoinGecko/);
  expect(read.gaps.map(describeGap)).toEqual([
    "BTC/USD: 2 days missing between 2026-01-10 and 2026-01-13",
    "BTC/USD: 1 day missing between 2026-01-25 and 2026-01-27",
  ]);
  expect(describeDuplicates(read)).toBeUndefined();
  const twice = preview(text + text.split("\n").slice(1, 4).join("\n") + "\n", "btc-usd-max.csv");
  expect(describeDuplicates(twice)).toBe(
    "3 rows appeared twice in the file; each is imported once."
  );
});

test("refusals are read, not thrown; an unknown format points to Use selected range", () => {
  const unknown = readSource({ input: "Date,Thing\n2026-01-01,1\n", fileName: "x.csv" });
  expect(unknown.ok).toBe(false);
  if (unknown.ok) return;
  expect(unknown.reason).toBe("unknown-format");
  expect(`${unknown.message} ${refusalHint(unknown) ?? ""}`).toMatch(/Use selected range/);
  expect(refusalHint({ ok: false, reason: "unknown-format", message: "Not known." })).toMatch(
    /Use selected range/
  );

  const empty = readSource({ input: new Uint8Array(), fileName: "x.csv" });
  expect(empty).toMatchObject({ ok: false, reason: "empty" });

  const thrown = readSource({ input: "a", fileName: "x.csv" }, undefined, () => {
    throw new Error("boom");
  });
  expect(thrown).toEqual({
    ok: false,
    reason: "error",
    message: "The file could not be read: boom",
  });

  // the pane refuses a file over its limit before reading its bytes
  const large = tooLarge("big.csv", PANE_LIMIT_BYTES + 1);
  expect(large.reason).toBe("too-large");
  expect(large.message).toMatch(/^big\.csv is 20\.0 MB; the pane reads files up to 20\.0 MB\./);
  // and readSource passes the limit to readImport
  let limit: number | undefined;
  readSource({ input: "x", fileName: "" }, "UTC+1", (input, options) => {
    limit = options?.maxBytes;
    expect(options?.timeZone).toBe("UTC+1");
    return readImport(input, options);
  });
  expect(limit).toBe(PANE_LIMIT_BYTES);
});

test("the Hedge log row names the wizard, the sheets written and the import's key inputs", () => {
  const read = preview(STATEMENT, "binance-statement-2026-03.csv");
  const done = [written("Holdings", 2), written("Funding", 1, 1, false)];
  const entry = importLogEntry(read, done, new Date(Date.UTC(2026, 11, 2, 9, 30)));
  expect(entry).toEqual({
    timestamp: "2026-12-02T09:30:00.000Z",
    wizard: "Import",
    sheet: "Holdings, Funding",
    inputs: expect.stringContaining("binance-statement-2026-03.csv"),
  });
  expect(entry.inputs).toContain("Binance Account Statement (v1)");
  expect(entry.inputs).toContain("Funding: 1 added, 1 already there");
});

test("the result in sentences, and what the workbook can do next", () => {
  const read = preview(STATEMENT, "binance-statement-2026-03.csv");
  expect(resultLine(written("Funding", 42, 3, false))).toBe(
    "Funding: 42 rows added to sheet Funding, 3 rows already there"
  );
  expect(resultLine(written("Holdings", 1))).toBe("Holdings: 1 row added to a new sheet Holdings");
  expect(resultLine({ ...written("ClosedPnL", 0, 5, false), sheet: "ClosedPnL" })).toBe(
    "Closed P&L: 0 rows added to sheet ClosedPnL, 5 rows already there"
  );
  const done = [written("Holdings", 2), written("Funding", 2)];
  expect(resultSummary(read, done)).toBe(
    "Imported 4 rows from binance-statement-2026-03.csv (Binance Account Statement) and added a row to the Hedge log."
  );

  // a statement alone: Holdings wait for prices
  const alone = nextSteps(planImport(read, {}), done);
  expect(alone[0]).toMatch(/^Import a price history/);
  expect(alone.some((s) => s.startsWith("Funding holds"))).toBe(true);

  // with BTC prices already there: exposure fills; one price series is not yet a review
  const btc = preview(coingecko(31), "btc-usd-max.csv");
  const held: CanonicalTables = { Prices: { sheet: "Prices", rows: btc.tables.Prices! } };
  const both = nextSteps(planImport(read, held), done);
  expect(both[0]).toBe(
    "Exposure segmentation can now fill from Holdings and Prices: open it and choose “Fill from imported tables”."
  );
  expect(both[1]).toMatch(/^Effectiveness review fills from Prices once/);

  // SOL prices imported next to BTC: the review can fill
  const sol = preview(coingecko(31), "sol-usd-max.csv");
  const review = nextSteps(planImport(sol, held), [written("Prices", 31, 0, false)]);
  expect(review).toContain(
    "Effectiveness review can now fill from Prices: the book's token against the hedge's proxy (BTC/USD and SOL/USD are there)."
  );
  expect(review[0]).toMatch(/^Import an account statement for Holdings/);
});

test("a table with nothing written this time still counts as held", () => {
  const read = preview(STATEMENT, "s.csv");
  const steps = nextSteps(planImport(read, {}), [written("Holdings", 0, 2, false)]);
  expect(steps[0]).toMatch(/^Import a price history/);
});
