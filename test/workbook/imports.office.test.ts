/**
 * The Office adapter's side of imports (port.readCanonicalTables, port.writeImport) on the Office
 * fake (test/helpers/officeMock): the same behaviours as the engine's (imports.engine.test.ts), with
 * ExcelApi 1.13 (rows written below a table, then `Table.resize`) and without it (`rows.add`); the
 * syncs each takes; a 200,000-row import within Excel on the web's 5 MB per request and response.
 * Rows are built with canonicalRow, not by the parsers.
 */
import { OfficeWorkbook } from "../../src/workbook/office";
import {
  CANONICAL_COLUMNS,
  canonicalRow,
  excelSerial,
  type CanonicalRow,
} from "../../src/imports/canonical";
import { LOG_HEADERS, LOG_SHEET, LOG_TABLE } from "../../src/templates/plan";
import { logOf, price } from "../helpers/imports";
import { FakeWorkbook, type Call } from "../helpers/officeMock";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

/** A fake Excel (ExcelApi `excelApi`) with one sheet, installed as the globals. */
function fakeOffice(excelApi: string): FakeWorkbook {
  const model = new FakeWorkbook();
  model.excelApi = excelApi;
  model.addSheet("Sheet1");
  globals.Excel = model.excel();
  globals.Office = model.office();
  return model;
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 23, 5, 25, 0);

const funding = (n: number): CanonicalRow =>
  canonicalRow("Funding", {
    "Time (UTC)": T0 + n * 8 * HOUR,
    Venue: "Binance",
    Symbol: "SOLUSDT",
    Amount: n % 7 === 0 ? null : -0.25 * n,
    Asset: "USDT",
    Rate: 0.0001,
    ID: `${n}`, // digits: written as text, read back as text
    Source: "binance-futures-transactions-202603230525(UTC--6).csv | binance-usdm-transactions",
  });

const ops = (calls: Call[], op: string): Call[] => calls.filter((call) => call.op === op);
const logRows = (model: FakeWorkbook): unknown[][] =>
  model.tables.find((table) => table.name === LOG_TABLE)?.rows ?? [];
const applied = (calls: Call[]): Call[] => calls.filter((call) => !call.failed && !call.skipped);

describe.each([
  ["1.13", "written below the table, then resized"],
  ["1.9", "rows.add"],
])("ExcelApi %s (appends: %s)", (excelApi) => {
  it("a first import creates the sheet and the table named as the kind, dates formatted", async () => {
    const model = fakeOffice(excelApi);
    model.addSheet("Funding");
    const book = new OfficeWorkbook();
    const rows = [funding(1), funding(2), funding(3)];
    const progress: [number, number][] = [];
    const written = await book.writeImport([{ kind: "Funding", rows }], logOf, (d, t) =>
      progress.push([d, t])
    );
    expect(written).toEqual([
      { kind: "Funding", sheet: "Funding (2)", added: 3, skipped: 0, created: true },
    ]);
    expect(progress).toEqual([
      [0, 3],
      [3, 3],
    ]);
    // The table names, then the new sheet and its rows, then the table, layout, rename and log.
    expect(model.syncs).toBe(3);
    expect(model.implicitSyncs).toBe(0);
    const sheet = model.sheet("Funding (2)")!;
    const columns = CANONICAL_COLUMNS.Funding;
    const table = model.tables.find((item) => item.name === "Funding")!;
    expect(table.sheetId).toBe(sheet.id);
    expect(table.headers).toEqual([...columns]);
    expect(table.rect).toEqual({ row: 0, col: 0, rows: 4, cols: columns.length });
    expect(model.cell(sheet, "A2")?.value).toBeCloseTo(excelSerial(T0 + 8 * HOUR), 10);
    expect(model.cell(sheet, "G2")?.value).toBe("1");
    const formats = ops(model.calls, "numberFormat").filter((call) => call.sheetId === sheet.id);
    expect(formats.map((call) => [call.address, call.args[0]])).toEqual([
      ["A2:A4", [["yyyy-mm-dd hh:mm:ss"], ["yyyy-mm-dd hh:mm:ss"], ["yyyy-mm-dd hh:mm:ss"]]],
    ]);
    const on = (op: string) => ops(model.calls, op).filter((call) => call.sheetId === sheet.id);
    expect(on("format.fill.color")[0]).toMatchObject({ address: "A1:H1" });
    expect(on("format.columnWidth")).toHaveLength(columns.length);
    expect(on("freezePanes.freezeRows")[0].args).toEqual([1]);

    expect(await book.readCanonicalTables()).toEqual({ Funding: { sheet: "Funding (2)", rows } });
    expect(logRows(model)).toHaveLength(1);
    expect(logRows(model)[0].slice(2, 5)).toEqual([
      "Import",
      "Funding (2)",
      "Funding: 3 added, 0 skipped",
    ]);
  });

  it("the same rows again add nothing and the log says so; an overlap adds only the new rows", async () => {
    const model = fakeOffice(excelApi);
    const book = new OfficeWorkbook();
    const first = [funding(1), funding(2), funding(3)];
    await book.writeImport([{ kind: "Funding", rows: first }], logOf);
    const from = model.calls.length;
    const syncs = model.syncs;
    const again = await book.writeImport([{ kind: "Funding", rows: first }], logOf);
    expect(again).toEqual([
      { kind: "Funding", sheet: "Funding", added: 0, skipped: 3, created: false },
    ]);
    // Names; the table's header, place and sheet with the log's last row; the rows; the log row.
    expect(model.syncs - syncs).toBe(4);
    expect(
      applied(model.calls.slice(from))
        .map((call) => call.op)
        .filter((op) => !op.startsWith("protection."))
    ).toEqual(["rows.add"]); // the log row only
    expect(logRows(model)[1][4]).toBe("Funding: 0 added, 3 skipped");

    const overlap = [funding(3), funding(4), funding(5)];
    const written = await book.writeImport(
      [
        { kind: "Funding", rows: overlap },
        { kind: "Prices", rows: [price(0, 150), price(1, 151)] },
      ],
      logOf
    );
    expect(written).toEqual([
      { kind: "Funding", sheet: "Funding", added: 2, skipped: 1, created: false },
      { kind: "Prices", sheet: "Prices", added: 2, skipped: 0, created: true },
    ]);
    const tables = await book.readCanonicalTables();
    expect(tables).toEqual({
      Funding: { sheet: "Funding", rows: [...first, funding(4), funding(5)] },
      Prices: { sheet: "Prices", rows: [price(0, 150), price(1, 151)] },
    });
    const funded = model.tables.find((item) => item.name === "Funding")!;
    expect(funded.rect!.rows).toBe(6);
    expect(
      ops(model.calls, excelApi === "1.13" ? "table.resize" : "rows.add").length
    ).toBeGreaterThan(0);
    const sheet = model.sheet("Funding")!;
    expect(
      ops(model.calls, "numberFormat")
        .filter((c) => c.sheetId === sheet.id)
        .at(-1)!.address
    ).toBe("A5:A6");
    expect(logRows(model)[2].slice(3, 5)).toEqual([
      "Funding, Prices",
      "Funding: 2 added, 1 skipped; Prices: 2 added, 0 skipped",
    ]);
  });

  it("a table named Prices with another header is not read, and refuses an import of Prices", async () => {
    const model = fakeOffice(excelApi);
    const mine = model.addSheet("Mine");
    model.addTable(mine, "prices", [[1, 2]], ["Day", "Close"], "B2");
    const book = new OfficeWorkbook();
    expect(await book.readCanonicalTables()).toEqual({});
    const from = model.calls.length;
    await expect(
      book.writeImport([{ kind: "Prices", rows: [price(0, 1)] }], logOf)
    ).rejects.toThrow(
      /The table named "Prices" on "Mine" does not have the Prices columns.*Nothing was written\.$/
    );
    expect(model.calls.slice(from)).toEqual([]);
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(["Sheet1", "Mine"]);
  });

  it("cells in the way below a table refuse the import: nothing written, no log row", async () => {
    const model = fakeOffice(excelApi);
    const sheet = model.addSheet("Funding");
    // A table of the user's, at C3, with one row; a note two rows below it, in its columns.
    const columns = [...CANONICAL_COLUMNS.Funding];
    model.addTable(
      sheet,
      "FUNDING",
      [[excelSerial(T0), "Binance", "SOLUSDT", -1, "USDT", 0, "x", "hand"]],
      columns,
      "C3"
    );
    sheet.cells.set("5,4", { value: "a note" }); // E6
    const book = new OfficeWorkbook();
    const existing = (await book.readCanonicalTables()).Funding!;
    expect(existing.rows[0][0]).toBe(T0);
    const from = model.calls.length;
    await expect(
      book.writeImport(
        [
          { kind: "Prices", rows: [price(0, 1)] },
          { kind: "Funding", rows: [funding(1), funding(2)] },
        ],
        logOf
      )
    ).rejects.toThrow(
      excelApi === "1.13"
        ? /The Funding table on "Funding" cannot grow: C5:J6 below it is not empty.*again\. Nothing was written\.$/
        : /cannot grow in this Excel without moving E6 below it down.*again\. Nothing was written\.$/
    );
    expect(applied(model.calls.slice(from))).toEqual([]);
    expect(model.sheets.map((item) => item.name)).toEqual(["Sheet1", "Funding"]);
    expect(model.tables.map((item) => item.name)).toEqual(["FUNDING"]);
    if (excelApi !== "1.13") {
      // rows.add inserts: the note would move down, so any cell below the table refuses.
      sheet.cells.delete("5,4");
      sheet.cells.set("5,1", { value: "a note" }); // B6: beside the table's columns
    }
    // One row fits above the note.
    const written = await book.writeImport([{ kind: "Funding", rows: [funding(1)] }], logOf);
    expect(written[0]).toMatchObject({ sheet: "Funding", added: 1, created: false });
    expect((await book.readCanonicalTables()).Funding!.rows).toEqual([
      ...existing.rows,
      funding(1),
    ]);
    expect(model.cell(sheet, excelApi === "1.13" ? "E6" : "B6")?.value).toBe("a note");
  });

  it("a failure at the last step takes the appended rows out and deletes the new sheet", async () => {
    const model = fakeOffice(excelApi);
    const book = new OfficeWorkbook();
    await book.writeImport([{ kind: "Funding", rows: [funding(1)] }], logOf);
    const before = await book.readCanonicalTables();
    model.failOp = (call) =>
      call.op === "rows.add" && call.args[0] === LOG_TABLE
        ? "GeneralException: the log is busy (injected)"
        : undefined;
    await expect(
      book.writeImport(
        [
          { kind: "Funding", rows: [funding(2), funding(3)] },
          { kind: "Prices", rows: [price(0, 1)] },
        ],
        logOf
      )
    ).rejects.toThrow(/^AltHedge could not write the import: GeneralException: the log is busy/);
    model.failOp = undefined;
    expect(await book.readCanonicalTables()).toEqual(before);
    expect(model.tables.find((item) => item.name === "Funding")!.rect!.rows).toBe(2);
    expect(model.sheets.map((item) => item.name)).toEqual(["Sheet1", "Funding", LOG_SHEET]);
    expect(logRows(model)).toHaveLength(1);
    // The header and the one row: the cells written below were cleared.
    expect(model.sheet("Funding")!.cells.size).toBe(2 * CANONICAL_COLUMNS.Funding.length);
  });
});

it("an Excel older than ExcelApi 1.7 is told what imports need, with nothing asked of it", async () => {
  const model = fakeOffice("1.4");
  const book = new OfficeWorkbook();
  expect(book.supports("import")).toEqual({
    available: false,
    message: expect.stringMatching(/^Imports need Excel 2019 or Microsoft 365 \(ExcelApi 1.7\)/),
  });
  await expect(book.writeImport([{ kind: "Prices", rows: [price(0, 1)] }], logOf)).rejects.toThrow(
    /^Imports need Excel 2019 or Microsoft 365 \(ExcelApi 1.7\)\. Nothing was written\.$/
  );
  expect(model.syncs).toBe(0);
});

it("a 200,000-row import: every request and response under 5 MB, the syncs counted", async () => {
  const model = fakeOffice("1.13");
  const book = new OfficeWorkbook();
  const rows = Array.from({ length: 200_000 }, (_, n) => funding(n + 1));
  /** The syncs since `from`, and their largest request and response. */
  const since = (from: number) => ({
    syncs: model.syncs - from,
    request: Math.max(...model.requestSizes.slice(from)),
    response: Math.max(...model.responseSizes.slice(from)),
  });
  let syncs = model.syncs;
  const written = await book.writeImport([{ kind: "Funding", rows }], logOf);
  expect(written[0]).toMatchObject({ added: 200_000, created: true });
  const write = since(syncs);
  expect(write.request).toBeLessThan(5_000_000);

  syncs = model.syncs;
  const read = await book.readCanonicalTables(["Funding"]);
  expect(read.Funding!.rows).toHaveLength(200_000);
  expect(read.Funding!.rows[199_999]).toEqual(rows[199_999]);
  const reading = since(syncs);
  expect(reading.response).toBeLessThan(5_000_000);

  // Again with 1,000 new rows: the 200,000 are read back in bands, only the new ones written.
  syncs = model.syncs;
  const more = [
    ...rows.slice(-5_000),
    ...Array.from({ length: 1_000 }, (_, n) => funding(200_001 + n)),
  ];
  const again = await book.writeImport([{ kind: "Funding", rows: more }], logOf);
  expect(again[0]).toMatchObject({ added: 1_000, skipped: 5_000 });
  const append = since(syncs);
  expect(append.request).toBeLessThan(5_000_000);
  expect(append.response).toBeLessThan(5_000_000);
  // Measured (see the report): printed so that a change shows.
  console.log(JSON.stringify({ write, reading, append }));
  expect(write.syncs).toBeLessThanOrEqual(16);
  expect(reading.syncs).toBeLessThanOrEqual(16);
  expect(append.syncs).toBeLessThanOrEqual(18);
  expect(model.tables.find((item) => item.name === "Funding")!.rect!.rows).toBe(201_001);
  expect(logRows(model)).toHaveLength(2);
  expect(LOG_HEADERS).toHaveLength(6);
}, 120_000);
