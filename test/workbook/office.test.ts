/**
 * The Office.js adapter, without Excel: office-addin-mock for the single-range operations (it returns
 * an error string for a property read before load + sync), and the strict fake of ../helpers/officeMock
 * for what the mock cannot model (collections, added and copied objects, null objects, spills). Both
 * count `context.sync()` calls; the fake also counts the sync `Excel.run` adds for leftover operations.
 */
import { OfficeMockObject } from "office-addin-mock";
import { CELLS_PER_SYNC, OfficeWorkbook, textSafe } from "../../src/workbook/office";
import { PROVENANCE_HEADERS } from "../../src/templates/share";
import {
  LOG_HEADERS,
  LOG_SHEET,
  LOG_TABLE,
  a1,
  type CellValue,
  type LogEntry,
  type PlanCell,
  type SheetPlan,
} from "../../src/templates/plan";
import { FakeWorkbook, type Call, type FakeSheet } from "../helpers/officeMock";
import {
  LOG_CHAIN_SEED,
  NOT_SET,
  lastHash,
  logRowCells,
  verifyLog,
} from "../../src/templates/hedgeLog";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

/** A fake workbook installed as the global `Excel`. */
function fakeExcel(): FakeWorkbook {
  const model = new FakeWorkbook();
  globals.Excel = model.excel();
  return model;
}

/** office-addin-mock's context around `workbook`, installed as the global `Excel`; syncs counted. */
function mockExcel(workbook: Record<string, unknown>): { mock: any; syncs: () => number } {
  const mock: any = new OfficeMockObject({
    context: { workbook },
    run: async function (this: any, batch: (context: unknown) => Promise<unknown>) {
      return batch(this.context);
    },
  });
  let syncs = 0;
  const sync = mock.context.sync.bind(mock.context);
  mock.context.sync = async () => {
    syncs++;
    await sync();
  };
  globals.Excel = mock;
  return { mock, syncs: () => syncs };
}

/** Runs `action` and returns how many syncs it took (explicit and implicit). */
async function syncsOf<T>(model: FakeWorkbook, action: () => Promise<T>): Promise<[T, number]> {
  const before = model.syncs;
  const result = await action();
  return [result, model.syncs - before];
}

const ops = (calls: Call[], op: string): Call[] => calls.filter((call) => call.op === op);

/** The temporary name a new sheet is created under: nobody else holds it, Excel accepts it. */
const TEMP_NAME = /^~AltHedge [0-9a-f]{16}$/;

/** The sheets' names, to prove what is left. */
const namesOf = (model: FakeWorkbook): string[] => model.sheets.map((sheet) => sheet.name);

/** Snapshot of a sheet's cells, to prove it did not change. */
const cellsOf = (sheet: FakeSheet): string => JSON.stringify([...sheet.cells].sort());

// ---------------------------------------------------------------------------------------------
// A 1,000 × 5 holdings plan: 5,000 cells, the size "at most 2 syncs" is promised for.
// ---------------------------------------------------------------------------------------------

const ROWS = 1000;
const HEADERS = ["Token", "Quantity", "Price", "Value", "Tier"];
const TIERS = ["High", "Medium", "Low"];
const INPUT_FILL = "#FFF2CC";

function holdingsPlan(name = "Exposure 2026-11-24"): SheetPlan {
  const cells: PlanCell[] = HEADERS.map((value, col) => ({ row: 0, col, value, style: "header" }));
  for (let row = 1; row < ROWS; row++) {
    const line = row + 1; // A1 rows count from 1
    cells.push(
      { row, col: 0, value: `TOKEN${row}`, style: "input" },
      { row, col: 1, value: row * 10, format: "#,##0", style: "input" },
      { row, col: 2, value: row / 4, format: "0.00" },
      { row, col: 3, formula: `=B${line}*C${line}`, format: "#,##0.00" },
      { row, col: 4, formula: `=ALTHEDGE.LIQUIDITYTIER(B${line}/1000,1,5)` }
    );
  }
  return {
    name,
    cells,
    tables: [{ name: "Exposure", range: `A1:E${ROWS}`, style: "TableStyleMedium2" }],
    validations: [{ range: `E2:E${ROWS}`, list: TIERS }],
    conditionalFormats: [
      { range: `D2:D${ROWS}`, formula: "=$D2>100000", fill: "#F8CBAD", font: "#9C0006" },
    ],
    charts: [
      {
        type: "column",
        title: "Value by token",
        source: "A1:D11",
        anchor: "G2",
        seriesBy: "columns",
      },
    ],
    columnWidths: [{ col: 0, width: 90 }],
    freeze: { rows: 1, cols: 0 },
  };
}

const LOG: LogEntry = {
  timestamp: "2026-11-24T09:30:00Z",
  wizard: "Exposure segmentation",
  sheet: "",
  inputs: "participation=10%; tiers=1,5",
};

/**
 * A row an earlier run wrote, with its hash chained from the seed (src/templates/hedgeLog, whose
 * hashes test/templates/hedgeLog.test.ts checks against Node's own SHA-256).
 */
let EARLIER: string[];
beforeAll(async () => {
  EARLIER = await logRowCells(
    LOG_CHAIN_SEED,
    {
      timestamp: "2026-11-01T08:00:00Z",
      wizard: "Rollover",
      sheet: "Rollover 2026-11-01",
      inputs: "clip=5",
    },
    "A. Earlier"
  );
});

/** The row this run should append after `above` (none: the first row), "Prepared by" not set. */
const expectedRow = (sheet: string, above: string[][] = []): Promise<string[]> =>
  logRowCells(lastHash(above), { ...LOG, sheet }, NOT_SET);

/** The plan's cells as the 2D arrays Excel should receive (plan without holes or risky text). */
function expectedGrids(plan: SheetPlan): { formulas: unknown[][]; formats: string[][] } {
  const rows = Math.max(...plan.cells.map((cell) => cell.row)) + 1;
  const cols = Math.max(...plan.cells.map((cell) => cell.col)) + 1;
  const grid = <T>(fill: T): T[][] =>
    Array.from({ length: rows }, () => new Array<T>(cols).fill(fill));
  const result = { formulas: grid<unknown>(""), formats: grid("General") };
  for (const cell of plan.cells) {
    result.formulas[cell.row][cell.col] = cell.formula ?? cell.value;
    if (cell.format) result.formats[cell.row][cell.col] = cell.format;
  }
  return result;
}

describe("OfficeWorkbook with office-addin-mock", () => {
  it("reads the selection in one sync, without the sheet prefix, empty cells as null", async () => {
    const values = [
      ["Token", ""],
      ["SOL", 1.5],
    ];
    const { syncs } = mockExcel({
      range: { address: "Holdings!B2:C3", values, worksheet: { name: "Holdings" } },
      getSelectedRange: function (this: any) {
        return this.range;
      },
    });
    const selection = await new OfficeWorkbook().readSelection();
    expect(selection).toEqual({
      sheet: "Holdings",
      address: "B2:C3",
      values: values.map((row) => row.map((value) => (value === "" ? null : value))),
    });
    expect(syncs()).toBe(1);
  });

  function activeCell(formulas: unknown[][]) {
    return mockExcel({
      cell: { address: "Holdings!D4", formulas },
      getActiveCell: function (this: any) {
        return this.cell;
      },
    });
  }

  it("insertFormulaIfEmpty refuses a non-empty cell and writes nothing", async () => {
    const current = [[42]];
    const { mock, syncs } = activeCell(current);
    const result = await new OfficeWorkbook().insertFormulaIfEmpty("=ALTHEDGE.BASIS(101,100)");
    expect(result).toMatchObject({ ok: false, address: "Holdings!D4", reason: "not-empty" });
    expect(mock.context.workbook.cell.formulas).toEqual(current);
    expect(syncs()).toBe(1);
  });

  it("insertFormulaIfEmpty writes an empty cell in two syncs", async () => {
    const formula = "=ALTHEDGE.BASIS(101,100)";
    const { mock, syncs } = activeCell([[""]]);
    const result = await new OfficeWorkbook().insertFormulaIfEmpty(formula);
    expect(result).toEqual({ ok: true, address: "Holdings!D4" });
    expect(mock.context.workbook.cell.formulas).toEqual([[formula]]);
    expect(syncs()).toBe(2);
  });
});

describe("the strict fake itself", () => {
  it("refuses a property read before load and sync, and counts Excel.run's leftover sync", async () => {
    const model = fakeExcel();
    model.addSheet("Holdings");
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      expect(() => sheets.items).toThrow(/before load\("items"\)/);
      sheets.load("items/name");
      expect(() => sheets.items).toThrow(/before load\("items"\)/);
      await context.sync();
      expect(sheets.items.map((sheet) => sheet.name)).toEqual(["Holdings"]);
      sheets.getItem("Holdings").activate(); // left queued on purpose
    });
    expect(model.syncs).toBe(2);
    expect(model.implicitSyncs).toBe(1);
  });

  it("fails the next sync on a missing item or a write of the wrong shape", async () => {
    fakeExcel().addSheet("Holdings");
    const run = (batch: (context: Excel.RequestContext) => void) =>
      Excel.run(async (context) => {
        batch(context);
        await context.sync();
      });
    await expect(run((c) => c.workbook.worksheets.getItem("Nope").activate())).rejects.toThrow(
      /ItemNotFound/
    );
    await expect(
      run((c) => {
        c.workbook.worksheets.getItem("Holdings").getRange("A1:B1").values = [[1]];
      })
    ).rejects.toThrow(/does not match/);
  });
});

describe("OfficeWorkbook.listSheets", () => {
  it("lists the names in one sync", async () => {
    const model = fakeExcel();
    const names = ["Holdings", "Hedge log"];
    names.forEach((name) => model.addSheet(name));
    const [listed, syncs] = await syncsOf(model, () => new OfficeWorkbook().listSheets());
    expect(listed).toEqual(names);
    expect(syncs).toBe(1);
  });
});

describe("OfficeWorkbook.applyPlan", () => {
  it("applies a 5,000-cell plan with a table, validation, format, chart and log in 2 syncs", async () => {
    const model = fakeExcel();
    model.addSheet("Holdings", { A1: "Token" });
    const plan = holdingsPlan();
    expect(plan.cells).toHaveLength(5 * ROWS); // the size the 2-sync promise covers
    const progress: [number, number][] = [];
    const [result, syncs] = await syncsOf(model, () =>
      new OfficeWorkbook().applyPlan(plan, LOG, (done, total) => progress.push([done, total]))
    );

    expect(result).toEqual({ sheet: plan.name, cells: plan.cells.length });
    expect(syncs).toBeLessThanOrEqual(2);
    expect(model.implicitSyncs).toBe(0);
    expect(progress).toEqual([
      [0, plan.cells.length],
      [plan.cells.length, plan.cells.length],
    ]);
    // The first sync reads and creates the sheet under its temporary name; every write travels in
    // the second, the rename after the writes and the log row last.
    const sheetId = model.sheet(plan.name)!.id;
    expect(model.calls.filter((call) => call.batch === 1)).toEqual([
      expect.objectContaining({
        op: "worksheets.add",
        sheetId,
        args: [expect.stringMatching(TEMP_NAME)],
      }),
    ]);
    expect(new Set(model.calls.slice(1).map((call) => call.batch))).toEqual(new Set([2]));
    // No Hedge log table yet: the log sheet is made under a temporary name too, and renamed last.
    const renames = ops(model.calls, "name");
    expect(renames).toEqual([
      expect.objectContaining({ sheetId, args: [plan.name] }),
      expect.objectContaining({ sheetId: model.sheet(LOG_SHEET)!.id, args: [LOG_SHEET] }),
    ]);
    expect(model.calls[model.calls.length - 1]).toBe(renames[1]);
    const renamedAt = model.calls.indexOf(renames[0]);
    expect(model.calls.findIndex((call, i) => i > renamedAt && call.sheetId === sheetId)).toBe(
      model.calls.findIndex((call) => call.op === "activate")
    ); // after the rename, only the activation touches the plan's sheet

    const written = model.calls.filter((call) => call.sheetId === sheetId);
    const expected = expectedGrids(plan);
    const formulaWrites = ops(written, "formulas");
    expect(formulaWrites).toHaveLength(1);
    expect(formulaWrites[0].address).toBe(`A1:E${ROWS}`);
    expect(formulaWrites[0].args[0]).toEqual(expected.formulas);
    const formatWrites = ops(written, "numberFormat");
    expect(formatWrites).toHaveLength(1);
    expect(formatWrites[0].args[0]).toEqual(expected.formats);

    const table = plan.tables![0];
    expect(ops(written, "tables.add")).toEqual([
      expect.objectContaining({ address: table.range, args: [table.range, true] }),
    ]);
    expect(ops(written, "table.name")[0].args).toEqual([table.name]);
    expect(ops(written, "table.style")[0].args).toEqual([table.style]);

    const validation = plan.validations![0];
    expect(ops(written, "dataValidation.rule")).toEqual([
      expect.objectContaining({
        address: validation.range,
        args: [{ list: { inCellDropDown: true, source: TIERS.join(",") } }],
      }),
    ]);

    const cf = plan.conditionalFormats![0];
    expect(ops(written, "conditionalFormats.add")).toEqual([
      expect.objectContaining({ address: cf.range, args: ["Custom"] }),
    ]);
    expect(ops(written, "conditionalFormat.custom.rule.formula")[0].args).toEqual([cf.formula]);
    expect(ops(written, "conditionalFormat.custom.format.fill.color")[0].args).toEqual([cf.fill]);
    expect(ops(written, "conditionalFormat.custom.format.font.color")[0].args).toEqual([cf.font]);

    const chart = plan.charts![0];
    expect(ops(written, "charts.add")[0].args).toEqual([
      "ColumnClustered",
      chart.source,
      "Columns",
    ]);
    expect(ops(written, "chart.title.text")[0].args).toEqual([chart.title]);
    expect(ops(written, "chart.setPosition")[0].args).toEqual([chart.anchor]);

    // Same-styled cells are formatted as blocks: the two input columns are one call.
    expect(ops(written, "format.fill.color")).toContainEqual(
      expect.objectContaining({ address: `A2:B${ROWS}`, args: [INPUT_FILL] })
    );
    expect(ops(written, "format.columnWidth")).toEqual([
      expect.objectContaining({
        address: a1(0, plan.columnWidths![0].col),
        args: [plan.columnWidths![0].width],
      }),
    ]);
    expect(ops(written, "freezePanes.freezeRows")[0].args).toEqual([plan.freeze!.rows]);
    expect(ops(written, "activate")).toHaveLength(1);
  });

  it("names the new sheet and its tables uniquely, ignoring case", async () => {
    const model = fakeExcel();
    const plan = holdingsPlan("Exposure 2026-11-24");
    const other = model.addSheet(plan.name.toUpperCase());
    model.addTable(other, plan.tables![0].name.toLowerCase(), []);
    const result = await new OfficeWorkbook().applyPlan(plan);
    expect(result.sheet).toBe(`${plan.name} (2)`);
    expect(model.sheet(result.sheet)).toBeDefined();
    expect(ops(model.calls, "table.name")[0].args).toEqual([`${plan.tables![0].name}2`]);
  });

  it("writes holes as empty cells and keeps formula-like and number-like text as text", async () => {
    const model = fakeExcel();
    const plan: SheetPlan = {
      name: "Notes",
      cells: [
        { row: 1, col: 1, value: "=not a formula" },
        { row: 1, col: 3, value: "007" },
        { row: 2, col: 2, formula: "=1+1" },
        { row: 2, col: 3, value: true },
      ],
    };
    await new OfficeWorkbook().applyPlan(plan);
    // The bounding rectangle is B2:D3; "'" keeps Excel from reading the text as a formula or a number.
    const [write] = ops(model.calls, "formulas");
    expect(write.address).toBe("B2:D3");
    expect(write.args[0]).toEqual([
      ["'=not a formula", "", "'007"],
      ["", "=1+1", true],
    ]);
    const sheet = model.sheet(plan.name)!;
    expect(model.cell(sheet, "B2")).toEqual({ value: "=not a formula" });
    expect(model.cell(sheet, "D2")).toEqual({ value: "007" });
  });

  it("creates the Hedge log sheet and table when missing, with the header row and the entry", async () => {
    const model = fakeExcel();
    const plan = holdingsPlan();
    await new OfficeWorkbook().applyPlan(plan, LOG);
    const log = model.sheet(LOG_SHEET)!;
    expect(log).toBeDefined();
    const row = (line: number) =>
      LOG_HEADERS.map((_, col) => model.cell(log, a1(line, col))?.value);
    expect(row(0)).toEqual([...LOG_HEADERS]);
    expect(row(1)).toEqual(await expectedRow(plan.name));
    expect(row(1).slice(0, 5)).toEqual([LOG.timestamp, NOT_SET, LOG.wizard, plan.name, LOG.inputs]);
    expect(await verifyLog(row(0) as string[], [row(1) as string[]])).toEqual({
      intact: true,
      rows: 1,
    });
    const table = model.tables.find((item) => item.name === LOG_TABLE);
    expect(table?.sheetId).toBe(log.id);
  });

  it("only appends a row to an existing Hedge log and writes nothing else into existing sheets", async () => {
    const model = fakeExcel();
    const holdings = model.addSheet("Holdings", { A1: "Token", A2: "SOL" });
    const logSheet = model.addSheet(LOG_SHEET);
    const earlier = EARLIER;
    const logTable = model.addTable(logSheet, LOG_TABLE, [earlier], [...LOG_HEADERS]);
    const before = { holdings: cellsOf(holdings), log: cellsOf(logSheet) };

    const plan = holdingsPlan();
    const [result, syncs] = await syncsOf(model, () => new OfficeWorkbook().applyPlan(plan, LOG));

    // Read the book, read the log's header and last row (the table is known to exist only after
    // the first), write: one round trip more than a first use, for the hash chain.
    expect(syncs).toBe(3);
    const row = await expectedRow(result.sheet, [earlier]);
    const existing = new Set([holdings.id, logSheet.id]);
    const intoExisting = model.calls.filter((call) => existing.has(call.sheetId!));
    expect(intoExisting).toEqual([
      expect.objectContaining({
        op: "rows.add",
        args: [LOG_TABLE, undefined, [row]],
      }),
    ]);
    expect(logTable.rows).toEqual([earlier, row]);
    expect(await verifyLog([...LOG_HEADERS], logTable.rows as string[][])).toEqual({
      intact: true,
      rows: 2,
    });
    // One new sheet, created under its temporary name and renamed; the log row comes after the rename.
    const target = model.sheet(result.sheet)!;
    expect(ops(model.calls, "worksheets.add")).toEqual([
      expect.objectContaining({ sheetId: target.id, args: [expect.stringMatching(TEMP_NAME)] }),
    ]);
    expect(ops(model.calls, "name")).toEqual([
      expect.objectContaining({ sheetId: target.id, args: [result.sheet] }),
    ]);
    expect(model.calls[model.calls.length - 1].op).toBe("rows.add");
    expect({ holdings: cellsOf(holdings), log: cellsOf(logSheet) }).toEqual(before);
  });

  it("leaves a Hedge log sheet without the table alone and logs to a new sheet", async () => {
    const model = fakeExcel();
    const stray = model.addSheet(LOG_SHEET, { A1: "my own notes" });
    const before = cellsOf(stray);
    await new OfficeWorkbook().applyPlan(holdingsPlan(), LOG);
    expect(cellsOf(stray)).toBe(before);
    expect(model.calls.filter((call) => call.sheetId === stray.id)).toEqual([]);
    const logSheet = model.sheet(`${LOG_SHEET} (2)`)!;
    expect(model.tables.find((table) => table.name === LOG_TABLE)?.sheetId).toBe(logSheet.id);
  });

  it("writes a plan larger than one batch in bands of CELLS_PER_SYNC cells, reporting progress", async () => {
    const model = fakeExcel();
    const rows = 2400; // 12,000 cells: two full bands and a partial one
    const cells: PlanCell[] = [];
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < HEADERS.length; col++) cells.push({ row, col, value: row * col });
    }
    const bands = Math.ceil(cells.length / CELLS_PER_SYNC);
    const progress: number[] = [];
    const [, syncs] = await syncsOf(model, () =>
      new OfficeWorkbook().applyPlan({ name: "Big", cells }, undefined, (done) =>
        progress.push(done)
      )
    );
    expect(syncs).toBe(1 + bands); // one read, then one sync per band
    expect(ops(model.calls, "formulas")).toHaveLength(bands);
    const expected = [0];
    for (let band = 1; band < bands; band++) expected.push(band * CELLS_PER_SYNC);
    expect(progress).toEqual([...expected, cells.length]);
  });

  it("deletes the half-written sheets when the write sync fails, and says nothing was kept", async () => {
    const model = fakeExcel();
    model.addSheet("Holdings");
    const names = model.sheets.map((sheet) => sheet.name);
    model.failingSyncs.add(model.syncs + 2); // the write sync
    await expect(new OfficeWorkbook().applyPlan(holdingsPlan(), LOG)).rejects.toThrow(
      /Nothing was kept/
    );
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(names);
    expect(ops(model.calls, "delete")).toHaveLength(2); // the plan's sheet and the new log sheet
  });

  it("says which sheets to delete by hand when the clean-up fails too", async () => {
    const model = fakeExcel();
    const plan = holdingsPlan();
    model.failingSyncs.add(model.syncs + 2).add(model.syncs + 3); // the write, then the clean-up read
    await expect(new OfficeWorkbook().applyPlan(plan)).rejects.toThrow(
      new RegExp(`"${plan.name}".*delete those sheets by hand`)
    );
  });

  it("refuses an invalid plan before touching the workbook", async () => {
    const model = fakeExcel();
    const bad: SheetPlan = { name: "Bad", cells: [{ row: 0, col: 0, formula: "SUM(A2:A3)" }] };
    await expect(new OfficeWorkbook().applyPlan(bad)).rejects.toThrow(/A1 does not start with "="/);
    const twice: SheetPlan = {
      name: "Bad",
      cells: [
        { row: 2, col: 1, value: 1 },
        { row: 2, col: 1, value: 2 },
      ],
    };
    await expect(new OfficeWorkbook().applyPlan(twice)).rejects.toThrow(/two cells at B3/);
    const comma: SheetPlan = {
      name: "Bad",
      cells: [],
      validations: [{ range: "A1", list: ["1,5"] }],
    };
    await expect(new OfficeWorkbook().applyPlan(comma)).rejects.toThrow(/"1,5" holds a comma/);
    expect(model.syncs).toBe(0);
    expect(model.calls).toEqual([]);
  });
});

describe("OfficeWorkbook.applyPlan's clean-up deletes only what it created", () => {
  /** The user's sheet, and the Hedge log with one earlier row unless `firstUse`. */
  function workbook(firstUse = false) {
    const model = fakeExcel();
    const holdings = model.addSheet("Holdings", { A1: "Token", A2: "SOL" });
    const logSheet = firstUse ? undefined : model.addSheet(LOG_SHEET);
    const logTable =
      logSheet && model.addTable(logSheet, LOG_TABLE, [[...EARLIER]], [...LOG_HEADERS]);
    return { model, holdings, logSheet, logTable, names: namesOf(model), start: model.syncs };
  }

  /** Someone else's sheet, made between sync `after` and the next. */
  function appears(model: FakeWorkbook, after: number, name: string): { sheet?: FakeSheet } {
    const made: { sheet?: FakeSheet } = {};
    model.afterSync = (sync) => {
      if (sync === after) made.sheet = model.addSheet(name, { A1: "someone else's work" });
    };
    return made;
  }

  /** Proves `other` is as it was made and that nothing was done to it. */
  function untouched(model: FakeWorkbook, other: FakeSheet | undefined): void {
    expect(other).toBeDefined();
    expect(model.sheets).toContain(other);
    expect(model.cell(other!, "A1")).toEqual({ value: "someone else's work" });
    expect(model.calls.filter((call) => call.sheetId === other!.id)).toEqual([]);
  }

  /** The sheets created under a temporary name, by id. */
  const addedIds = (model: FakeWorkbook): (number | undefined)[] =>
    ops(model.calls, "worksheets.add").map((call) => call.sheetId);

  it("fails when a sheet takes the chosen name between the syncs, and leaves that sheet alone", async () => {
    const { model, logTable, names, start } = workbook();
    const plan = holdingsPlan();
    const other = appears(model, start + 1, plan.name);
    await expect(new OfficeWorkbook().applyPlan(plan, LOG)).rejects.toThrow(
      /ItemAlreadyExists.*Nothing was kept/
    );
    untouched(model, other.sheet);
    expect(namesOf(model)).toEqual([...names, plan.name]);
    // The rename failed and the batch stopped there: no log row, and only our sheet was deleted.
    expect(ops(model.calls, "name")).toEqual([
      expect.objectContaining({ failed: expect.any(String) }),
    ]);
    expect(ops(model.calls, "rows.add")).toEqual([expect.objectContaining({ skipped: true })]);
    expect(logTable!.rows).toEqual([EARLIER]);
    expect(ops(model.calls, "delete").map((call) => call.sheetId)).toEqual(addedIds(model));
  });

  it("fails when a sheet takes the new Hedge log's name between the syncs, and leaves it alone", async () => {
    const { model, names, start } = workbook(true);
    const plan = holdingsPlan();
    const other = appears(model, start + 1, LOG_SHEET);
    await expect(new OfficeWorkbook().applyPlan(plan, LOG)).rejects.toThrow(/Nothing was kept/);
    untouched(model, other.sheet);
    // The plan's sheet had been renamed (found by id) and the log sheet had not (by its temporary
    // name): both deleted, and nothing else.
    expect(namesOf(model)).toEqual([...names, LOG_SHEET]);
    expect(ops(model.calls, "delete").map((call) => call.sheetId)).toEqual(addedIds(model));
    expect(model.tables).toEqual([]);
  });

  it("leaves a name taken since alone when the write fails before the renames", async () => {
    const { model, names, start } = workbook(true);
    const other = appears(model, start + 1, LOG_SHEET);
    model.failOp = (call) => (call.op === "formulas" ? "InvalidArgument: injected" : undefined);
    await expect(new OfficeWorkbook().applyPlan(holdingsPlan(), LOG)).rejects.toThrow(
      /injected.*Nothing was kept/
    );
    // The plan's sheet was never renamed, so the log sheet never was either: "Hedge log" is not ours.
    untouched(model, other.sheet);
    expect(namesOf(model)).toEqual([...names, LOG_SHEET]);
    expect(ops(model.calls, "delete")).toHaveLength(1);
  });

  it("deletes a sheet by its temporary name when the first sync fails", async () => {
    const { model, names, start } = workbook();
    model.failingSyncs.add(start + 1);
    await expect(new OfficeWorkbook().applyPlan(holdingsPlan(), LOG)).rejects.toThrow(
      /Nothing was kept/
    );
    expect(namesOf(model)).toEqual(names);
    expect(ops(model.calls, "delete").map((call) => call.sheetId)).toEqual(addedIds(model));
  });

  it("deletes the renamed sheet when the write fails after the rename (the log row)", async () => {
    const { model, logTable, names } = workbook();
    const plan = holdingsPlan();
    model.failOp = (call) =>
      call.op === "rows.add" ? "AccessDenied: the log table is protected" : undefined;
    await expect(new OfficeWorkbook().applyPlan(plan, LOG)).rejects.toThrow(
      /protected.*Nothing was kept/
    );
    const [added] = addedIds(model);
    expect(ops(model.calls, "name")).toEqual([
      { batch: 3, sheetId: added, op: "name", args: [plan.name] },
    ]);
    expect(ops(model.calls, "delete").map((call) => call.sheetId)).toEqual([added]);
    expect(namesOf(model)).toEqual(names);
    expect(logTable!.rows).toEqual([EARLIER]);
  });

  it.each([
    ["a table name", holdingsPlan(), false],
    ["the sheet name", { ...holdingsPlan(), tables: [] }, false],
    ["a first-use Hedge log", holdingsPlan(), true],
  ])(
    "lets two concurrent runs of a plan conflict on %s: the loser deletes only its own sheets",
    async (_, plan, firstUse) => {
      const { model, logTable, names } = workbook(firstUse);
      const settled = await Promise.allSettled([
        new OfficeWorkbook().applyPlan(plan, LOG),
        new OfficeWorkbook().applyPlan(plan, LOG),
      ]);
      const won = settled.flatMap((result) =>
        result.status === "fulfilled" ? [result.value] : []
      );
      const lost = settled.flatMap((result) =>
        result.status === "rejected" ? [result.reason] : []
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(String(lost[0])).toMatch(/Nothing was kept/);

      // The winner's sheet and log row survive.
      const winner = model.sheet(won[0].sheet)!;
      expect(winner.name).toBe(plan.name);
      expect(model.cell(winner, "A2")).toEqual({ value: "TOKEN1" });
      const log = model.sheet(LOG_SHEET)!;
      if (firstUse) {
        expect(LOG_HEADERS.map((_, col) => model.cell(log, a1(1, col))?.value)).toEqual(
          await expectedRow(winner.name)
        );
      } else {
        expect(logTable!.rows).toEqual([EARLIER, await expectedRow(winner.name, [EARLIER])]);
      }
      expect(namesOf(model)).toEqual([...names, winner.name, ...(firstUse ? [LOG_SHEET] : [])]);

      // The loser deleted sheets it had added and never renamed: its own, under temporary names.
      const deleted = ops(model.calls, "delete").map((call) => call.sheetId);
      expect(deleted.length).toBeGreaterThan(0);
      const renamed = ops(model.calls, "name")
        .filter((call) => !call.failed && !call.skipped)
        .map((call) => call.sheetId);
      for (const id of deleted) {
        expect(addedIds(model)).toContain(id);
        expect(renamed).not.toContain(id);
        expect([winner.id, log.id]).not.toContain(id);
      }
    }
  );

  it("leaves a renamed sheet it cannot prove its own, and names it", async () => {
    const { model, names, start } = workbook(true);
    const plan = holdingsPlan();
    model.failingSyncs.add(start + 2); // reported failed once everything ran
    model.afterSync = (sync) => {
      // Someone deletes the plan's sheet, the proof that the log sheet was renamed by this run.
      if (sync === start + 2)
        model.sheets = model.sheets.filter((sheet) => sheet.name !== plan.name);
    };
    await expect(new OfficeWorkbook().applyPlan(plan, LOG)).rejects.toThrow(
      new RegExp(`cannot tell whether "${LOG_SHEET}" is one of them`)
    );
    expect(namesOf(model)).toEqual([...names, LOG_SHEET]);
    expect(ops(model.calls, "delete")).toEqual([]);
  });
});

describe("textSafe", () => {
  it("prefixes an apostrophe only where Excel would not keep the text as typed", () => {
    const kept = ["SOL", "BTC-PERP", "Tier 1", "", "2026 Q4 review"];
    const converted = [
      "=SUM(A1)",
      "+1",
      "-SOL",
      "@x",
      "'quoted",
      "1,200",
      "12%",
      "1e5",
      "2026-11-24",
      "9:30",
      "TRUE",
      "#N/A",
    ];
    for (const text of kept) expect(textSafe(text)).toBe(text);
    for (const text of converted) expect(textSafe(text)).toBe(`'${text}`);
    expect(textSafe(null)).toBe("");
    expect(textSafe(1.5)).toBe(1.5);
  });
});

describe("OfficeWorkbook.shareSafeCopy", () => {
  const HEDGE_RATIO = "=ALTHEDGE.HEDGERATIO(Returns!A2:A60,Returns!B2:B60)";
  const BASIS = "=ALTHEDGE.BASIS(B9,0)";
  const SCHEDULE = '=ALTHEDGE.ROLLSCHEDULE("2026-12-26",3,7)';
  const SCHEDULE_VALUES: CellValue[][] = [
    ["Roll", "Date"],
    [1, 46017],
    [2, 46024],
  ];
  const NATIVE = "=B2*1000000";
  const MARGIN = "=ALTHEDGE.MARGINBUFFER(2500,0.5)";
  const VERSION = "0.1.0";
  const TIME = "2026-11-24T10:00:00Z";

  function workbook() {
    const model = fakeExcel();
    model.excelApi = "1.18";
    globals.Office = model.office();
    const hedges = model.addSheet("Hedges", {
      A1: "Token",
      A2: "SOL",
      B2: { formula: HEDGE_RATIO, value: 0.82 },
      C2: { formula: NATIVE, value: 820000 },
      D2: { formula: BASIS, value: "#DIV/0!" },
    });
    model.addSpill(hedges, "A5", SCHEDULE, SCHEDULE_VALUES);
    model.addSpill(hedges, "E1", "=SEQUENCE(3)", [[1], [2], [3]]); // native: stays live
    const margin = model.addSheet("Margin", { B3: { formula: MARGIN, value: 1250.5 } });
    model.addSheet("Hedges (shared)"); // an earlier copy: the new one takes the next name
    model.addSheet("Provenance");
    return { model, hedges, margin };
  }

  it("freezes AltHedge anchors and spills in copies, keeps native formulas live, in 5 syncs", async () => {
    const { model, hedges, margin } = workbook();
    const originals = [hedges, margin];
    const before = originals.map(cellsOf);
    const [result, syncs] = await syncsOf(model, () =>
      new OfficeWorkbook().shareSafeCopy(["Hedges", "Margin"], VERSION, TIME)
    );

    // The workbook's structure; the used ranges' one band (with the rules' and comments' lookups);
    // the spill lookups; the copies made and written; the renames.
    expect(syncs).toBeLessThanOrEqual(5);
    expect(model.implicitSyncs).toBe(0);
    expect(result.copies).toEqual([
      { original: "Hedges", copy: "Hedges (shared) (2)" },
      { original: "Margin", copy: "Margin (shared)" },
    ]);
    expect(result.provenanceSheet).toBe("Provenance (2)");
    // B2, D2 and Margin!B3 are single cells; the schedule spills its whole array.
    const frozen = 3 + SCHEDULE_VALUES.flat().length;
    expect(result.frozenCells).toBe(frozen);

    // The originals: the only call on them is the copy itself, and their cells are as they were.
    const ids = new Set(originals.map((sheet) => sheet.id));
    const onOriginals = model.calls.filter((call) => ids.has(call.sheetId!)).map((call) => call.op);
    expect(onOriginals).toEqual(["copy", "copy"]);
    expect(originals.map(cellsOf)).toEqual(before);

    const copy = model.sheet(result.copies[0].copy)!;
    expect(model.cell(copy, "B2")).toEqual({ value: 0.82 });
    expect(model.cell(copy, "D2")).toEqual({ value: "#DIV/0!" }); // still an error, not text
    SCHEDULE_VALUES.forEach((line, r) =>
      line.forEach((value, c) => expect(model.cell(copy, a1(4 + r, c))).toEqual({ value }))
    );
    expect(model.cell(copy, "C2")).toEqual({ formula: NATIVE, value: 820000 });
    expect(model.cell(copy, "E1")?.formula).toBe("=SEQUENCE(3)");
    expect(model.cell(model.sheet("Margin (shared)")!, "B3")).toEqual({ value: 1250.5 });
    // One write of values per copy, nulls where the copy keeps its cell (C2, the native spill).
    const writes = ops(model.calls, "values").filter((call) => call.sheetId === copy.id);
    expect(writes).toEqual([expect.objectContaining({ address: "A2:D7" })]);
    expect((writes[0].args[0] as unknown[][])[0]).toEqual([null, 0.82, null, "#DIV/0!"]);
  });

  it("lists each frozen formula on the Provenance sheet, a spill in one row, formulas as text", async () => {
    const { model } = workbook();
    const result = await new OfficeWorkbook().shareSafeCopy(["Hedges", "Margin"], VERSION, TIME);
    const sheet = model.sheet(result.provenanceSheet)!;
    const row = (line: number) =>
      PROVENANCE_HEADERS.map((_, col) => model.cell(sheet, a1(line, col)));
    expect(row(0).map((cell) => cell?.value)).toEqual([...PROVENANCE_HEADERS]);
    // B2, D2, the schedule (one row for its spill) and Margin!B3.
    const rows = Array.from({ length: 4 }, (_, i) => row(i + 1));
    expect(model.cell(sheet, a1(5, 0))).toBeUndefined();
    for (const cells of rows) expect(cells.every((cell) => cell?.formula === undefined)).toBe(true);

    const byCell = new Map(rows.map((cells) => [`${cells[0]?.value}!${cells[1]?.value}`, cells]));
    const copy = result.copies[0].copy;
    expect(byCell.get(`${copy}!B2`)?.map((cell) => cell?.value)).toEqual([
      copy,
      "B2",
      HEDGE_RATIO,
      0.82,
      "calls ALTHEDGE",
      TIME,
      VERSION,
    ]);
    // The schedule: its anchor A5 spilled over A5:B7, recorded once with its first value.
    expect(byCell.get(`${copy}!A5:B7`)?.map((cell) => cell?.value)).toEqual([
      copy,
      "A5:B7",
      SCHEDULE,
      SCHEDULE_VALUES[0][0],
      expect.stringContaining("A5:B7"),
      TIME,
      VERSION,
    ]);
    expect(byCell.get("Margin (shared)!B3")?.[2]?.value).toBe(MARGIN);
  });

  it("names a sheet that is gone instead of Excel's generic error, and leaves nothing behind", async () => {
    const { model } = workbook();
    const names = model.sheets.map((sheet) => sheet.name);
    await expect(
      new OfficeWorkbook().shareSafeCopy(["Hedges", "Gone"], VERSION, TIME)
    ).rejects.toThrow(/No sheet named "Gone"/);
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(names);
  });

  /** Someone else's sheet, made between sync `after` and the next. */
  function appears(model: FakeWorkbook, after: number, name: string): { sheet?: FakeSheet } {
    const made: { sheet?: FakeSheet } = {};
    model.afterSync = (sync) => {
      if (sync === after) made.sheet = model.addSheet(name, { A1: "someone else's work" });
    };
    return made;
  }

  it.each([
    ["a copy's name", "Hedges (shared) (2)"],
    ["the Provenance sheet's name", "Provenance (2)"],
  ])("fails when a sheet takes %s between the syncs, and leaves it alone", async (_, name) => {
    const { model } = workbook();
    const names = namesOf(model);
    const other = appears(model, model.syncs + 2, name);
    await expect(
      new OfficeWorkbook().shareSafeCopy(["Hedges", "Margin"], VERSION, TIME)
    ).rejects.toThrow(/ItemAlreadyExists.*Nothing was kept/);
    expect(namesOf(model)).toEqual([...names, name]);
    expect(model.cell(other.sheet!, "A1")).toEqual({ value: "someone else's work" });
    expect(model.calls.filter((call) => call.sheetId === other.sheet!.id)).toEqual([]);
    expect(ops(model.calls, "delete")).toHaveLength(3); // two copies and the Provenance sheet
  });

  it("leaves a Provenance name taken since alone when the freeze fails before the renames", async () => {
    const { model } = workbook();
    const names = namesOf(model);
    const other = appears(model, model.syncs + 2, "Provenance (2)");
    model.failOp = (call) => (call.op === "values" ? "InvalidArgument: injected" : undefined);
    await expect(new OfficeWorkbook().shareSafeCopy(["Hedges"], VERSION, TIME)).rejects.toThrow(
      /injected.*Nothing was kept/
    );
    expect(namesOf(model)).toEqual([...names, "Provenance (2)"]);
    expect(model.calls.filter((call) => call.sheetId === other.sheet!.id)).toEqual([]);
  });

  /** The sync that carries `op` in a run of `action` on a fresh workbook (the same run, dry). */
  async function syncCarrying(op: string, action: () => Promise<unknown>): Promise<number> {
    const { model } = workbook();
    await action();
    return model.calls.find((call) => call.op === op)!.batch;
  }

  it("deletes the copies and the Provenance sheet by their temporary names when the copying sync fails", async () => {
    const share = () => new OfficeWorkbook().shareSafeCopy(["Hedges", "Margin"], VERSION, TIME);
    const copying = await syncCarrying("copy", share);
    const { model } = workbook();
    const names = namesOf(model);
    model.failingSyncs.add(copying);
    await expect(share()).rejects.toThrow(/Nothing was kept/);
    expect(namesOf(model)).toEqual(names);
    expect(ops(model.calls, "delete")).toHaveLength(3); // two copies and the Provenance sheet
  });

  it("deletes the renamed copies by id when the renaming sync fails after it ran", async () => {
    const share = () => new OfficeWorkbook().shareSafeCopy(["Hedges"], VERSION, TIME);
    const renaming = await syncCarrying("name", share);
    const { model } = workbook();
    const names = namesOf(model);
    model.failingSyncs.add(renaming);
    await expect(share()).rejects.toThrow(/Nothing was kept/);
    expect(namesOf(model)).toEqual(names);
  });
});
