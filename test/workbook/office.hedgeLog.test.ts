/**
 * The Office adapter's Hedge log (protected after every append, "Prepared by" from the document's
 * settings, read back for verification) and the reads Explain makes (the active cell, the ranges a
 * formula refers to), against the strict fake Excel of ../helpers/officeMock. Hashes are checked by
 * recomputing the chain (src/templates/hedgeLog, itself checked against Node's SHA-256).
 */
import { OfficeWorkbook } from "../../src/workbook/office";
import { LOG_HEADERS, LOG_SHEET, LOG_TABLE, type SheetPlan } from "../../src/templates/plan";
import { NOT_SET, PREPARED_BY, describeVerdict, verifyLog } from "../../src/templates/hedgeLog";
import { FakeWorkbook, type Call } from "../helpers/officeMock";
import { explain } from "../../src/taskpane/explain";
import { excelErrorOf } from "../helpers/bundle";
import { realBundle } from "../helpers/engine";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

/** A fake Excel (ExcelApi `excelApi`) installed as the globals `Excel` and `Office`. */
function fakeOffice(excelApi = "1.9"): FakeWorkbook {
  const model = new FakeWorkbook();
  model.excelApi = excelApi;
  globals.Excel = model.excel();
  globals.Office = model.office();
  return model;
}

const plan = (name: string): SheetPlan => ({
  name,
  cells: [
    { row: 0, col: 0, value: "Notional" },
    { row: 0, col: 1, value: 1000000 },
  ],
});

const entry = (n: number) => ({
  timestamp: `2026-11-2${n}T09:30:00.000Z`,
  wizard: "Exposure segmentation",
  sheet: "",
  inputs: `run ${n}`,
});

const ops = (calls: Call[], sheetId: number | undefined): string[] =>
  calls.filter((call) => call.sheetId === sheetId && !call.skipped).map((call) => call.op);

describe("the Hedge log through the Office adapter", () => {
  it("is protected after every append: created protected, unprotected and protected around each row", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    await book.applyPlan(plan("Exposure A"), entry(1));
    const log = model.sheet(LOG_SHEET)!;
    expect(log.protected).toBe(true);
    // Protected after its last cell write and format, before its rename.
    const first = ops(model.calls, log.id);
    expect(first.slice(-2)).toEqual(["protection.protect", "name"]);

    for (const n of [2, 3]) {
      const from = model.calls.length;
      await book.applyPlan(plan(`Exposure ${n}`), entry(n));
      expect(log.protected).toBe(true);
      expect(ops(model.calls.slice(from), log.id)).toEqual([
        "protection.unprotect",
        "rows.add",
        "protection.protect",
      ]);
    }
    const table = model.tables.find((item) => item.name === LOG_TABLE)!;
    expect(table.rows).toHaveLength(3);
    // protect() without a password: a guard against accidents, not a lock.
    const protects = model.calls.filter((call) => call.op === "protection.protect");
    expect(protects.map((call) => call.args)).toEqual([[], [], []]);
    expect(model.requirementChecks).toContain("ExcelApi 1.2");

    const read = await book.readHedgeLog();
    expect(read).toMatchObject({ sheet: LOG_SHEET, header: [...LOG_HEADERS], protected: true });
    expect(await verifyLog(read!.header, read!.rows)).toEqual({ intact: true, rows: 3 });
  });

  it("the fake refuses a row added to the protected log without unprotecting it", async () => {
    const model = fakeOffice();
    await new OfficeWorkbook().applyPlan(plan("Exposure A"), entry(1));
    await expect(
      Excel.run(async (context) => {
        context.workbook.tables.getItem(LOG_TABLE).rows.add(undefined, [["typed by hand"]]);
        await context.sync();
      })
    ).rejects.toThrow(/AccessDenied: rows.add on "Hedge log", a protected sheet/);
    expect(model.tables.find((item) => item.name === LOG_TABLE)!.rows).toHaveLength(1);
  });

  it("names a row edited after it was written, and a row appended by hand", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    for (const n of [1, 2, 3]) await book.applyPlan(plan(`Exposure ${n}`), entry(n));
    const table = model.tables.find((item) => item.name === LOG_TABLE)!;
    const written = table.rows.map((row) => [...row]);

    table.rows[1][4] = "tampered"; // Key inputs of the second row, as someone who unprotected it
    let read = await book.readHedgeLog();
    let verdict = await verifyLog(read!.header, read!.rows);
    expect(verdict).toMatchObject({ intact: false, row: 1, sheetRow: 3, kind: "changed" });
    expect(describeVerdict(verdict, read!.rows)).toMatch(/^Broken at row 3 \(2026-11-22T09:30/);

    table.rows = [...written, ["2026-11-29T10:00:00.000Z", "Me", "Manual", "Sheet9", "x", ""]];
    read = await book.readHedgeLog();
    verdict = await verifyLog(read!.header, read!.rows);
    expect(verdict).toMatchObject({ intact: false, row: 3, sheetRow: 5, kind: "added" });

    table.rows = written;
    await book.applyPlan(plan("Exposure 4"), entry(4)); // an appended row verifies
    read = await book.readHedgeLog();
    expect(await verifyLog(read!.header, read!.rows)).toEqual({ intact: true, rows: 4 });
  });

  it("below ExcelApi 1.2 appends without protection calls", async () => {
    const model = fakeOffice("1.1");
    const book = new OfficeWorkbook();
    await book.applyPlan(plan("Exposure A"), entry(1));
    await book.applyPlan(plan("Exposure B"), entry(2));
    expect(model.calls.filter((call) => call.op.startsWith("protection."))).toEqual([]);
    expect(model.sheet(LOG_SHEET)!.protected).toBeUndefined();
    const read = await book.readHedgeLog();
    expect(await verifyLog(read!.header, read!.rows)).toEqual({ intact: true, rows: 2 });
  });

  it("refuses to append to a HedgeLog table with other headers, and writes nothing", async () => {
    const model = fakeOffice();
    const old = model.addSheet(LOG_SHEET);
    const oldHeaders = ["Timestamp", "Wizard", "Sheet written", "Key inputs"];
    const table = model.addTable(old, LOG_TABLE, [["t", "w", "s", "i"]], oldHeaders);
    const names = model.sheets.map((sheet) => sheet.name);
    await expect(new OfficeWorkbook().applyPlan(plan("Exposure A"), entry(1))).rejects.toThrow(
      /header is not Time, Prepared by, Wizard, Sheet, Key inputs, Hash.*Nothing was kept/
    );
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(names);
    expect(table.rows).toEqual([["t", "w", "s", "i"]]);
  });

  it("writes Prepared by from the document's settings, saved with the document", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    expect(await book.getPreparedBy()).toBe("");
    await book.applyPlan(plan("Exposure A"), entry(1));
    await book.setPreparedBy("  Dana Risk ");
    expect(model.settings.saved.get(PREPARED_BY)).toBe("Dana Risk");
    expect(model.settings.saves).toBe(1);
    expect(await book.getPreparedBy()).toBe("Dana Risk");
    await book.applyPlan(plan("Exposure B"), entry(2));
    const rows = model.tables.find((item) => item.name === LOG_TABLE)!.rows;
    expect(rows.map((row) => row[1])).toEqual([NOT_SET, "Dana Risk"]);

    model.settings.failSave = "the document is read-only";
    await expect(book.setPreparedBy("Eve")).rejects.toThrow(/could not be saved.*read-only/);
  });

  it("reads no log as null, in one sync", async () => {
    const model = fakeOffice();
    model.addSheet("Holdings");
    const before = model.syncs;
    expect(await new OfficeWorkbook().readHedgeLog()).toBeNull();
    expect(model.syncs - before).toBe(1);
  });
});

describe("reads for Explain", () => {
  it("reads the active cell's sheet, address, formula and error value in one sync", async () => {
    const model = fakeOffice();
    const sheet = model.addSheet("My book", {
      B2: 1.2,
      C3: { formula: "=ALTHEDGE.LIQPRICE(100,1,10,B2)", value: "#NUM!" },
    });
    model.active = { sheet, address: "C3" };
    const book = new OfficeWorkbook();
    const before = model.syncs;
    expect(await book.readActiveCell()).toEqual({
      sheet: "My book",
      address: "C3",
      formula: "=ALTHEDGE.LIQPRICE(100,1,10,B2)",
      value: "#NUM!",
    });
    expect(model.syncs - before).toBe(1);

    model.active = { sheet, address: "B2" }; // a constant: no formula
    expect(await book.readActiveCell()).toMatchObject({ address: "B2", formula: "", value: 1.2 });
    model.active = { sheet, address: "D9" }; // empty
    expect(await book.readActiveCell()).toMatchObject({ formula: "", value: null });
  });

  it("reads every range a formula refers to in one sync, blanks as null", async () => {
    const model = fakeOffice();
    model.addSheet("Prices", { A1: 1, A2: 2, B1: "x" });
    model.addSheet("Other", { C3: "#DIV/0!" });
    const before = model.syncs;
    const values = await new OfficeWorkbook().readRanges([
      { sheet: "Prices", address: "A1:B2" },
      { sheet: "Other", address: "C3" },
    ]);
    expect(values).toEqual([
      [
        [1, "x"],
        [2, null],
      ],
      [["#DIV/0!"]],
    ]);
    expect(model.syncs - before).toBe(1);
  });
});

describe("Explain through the Office adapter", () => {
  it("explains a #NUM! from ALTHEDGE.LIQPRICE with the message the function itself raises", async () => {
    const model = fakeOffice();
    const sheet = model.addSheet("Margin", {
      D2: 1.2,
      E2: { formula: "=ALTHEDGE.LIQPRICE(2000,1,200,D2,1)", value: "#NUM!" },
    });
    model.active = { sheet, address: "E2" };
    const book = new OfficeWorkbook();
    const { metadata, functions } = realBundle();
    // The message the built bundle raises for these arguments (what Excel does not show with #NUM!).
    const expected = excelErrorOf(() => realBundle().call("LIQPRICE", 2000, 1, 200, 1.2, 1));
    const before = model.syncs;
    const result = await explain(await book.readActiveCell(), {
      catalog: metadata.functions as never,
      functions: functions as never,
      readRanges: (ranges) => book.readRanges(ranges),
    });
    expect(result).toEqual({
      kind: "explained",
      fn: "ALTHEDGE.LIQPRICE",
      code: "#NUM!",
      shown: "#NUM!",
      message: expected.message,
      argument: { name: "maintenance_rate", position: 4, source: "D2", value: "1.2" },
      note: undefined,
    });
    expect(model.syncs - before).toBe(2); // the active cell, then the cells it refers to
  });
});
