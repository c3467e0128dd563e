/**
 * The Office adapter's share-safe copy against the strict fake Excel of ../helpers/officeMock, in the
 * limits that matter: every sync's request and response measured against Excel on the web's 5 MB
 * (the fake refuses more, as Excel does), `calculationState`, names, spills, hidden sheets, rows and
 * columns, comments, notes, conditional formats and validations. What is expected comes from the
 * fake's model (what the workbook holds) and from the share planner's rules (src/templates/share, whose
 * own tests check its decisions); each expectation says which.
 */
import { OfficeWorkbook, PAYLOAD_BUDGET } from "../../src/workbook/office";
import { PROVENANCE_HEADERS } from "../../src/templates/share";
import { a1, type CellValue, type SheetPlan } from "../../src/templates/plan";
import { FakeWorkbook, type Call, type FakeSheet } from "../helpers/officeMock";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

/** A fake Excel with ExcelApi `excelApi`, installed as the globals `Excel` and `Office`. */
function fakeOffice(excelApi = "1.18"): FakeWorkbook {
  const model = new FakeWorkbook();
  model.excelApi = excelApi;
  globals.Excel = model.excel();
  globals.Office = model.office();
  return model;
}

const VERSION = "0.1.0";
const TIME = "2026-12-02T10:00:00Z";
const LIMIT = 5_000_000;

const share = (sheets: string[], options?: { keepComments?: boolean }) =>
  new OfficeWorkbook().shareSafeCopy(sheets, VERSION, TIME, options);

const ops = (calls: Call[], op: string): Call[] => calls.filter((call) => call.op === op);

/** Snapshot of a sheet's cells, to prove it did not change. */
const cellsOf = (sheet: FakeSheet): string => JSON.stringify([...sheet.cells].sort());

/** The Provenance sheet's rows below its header, as values. */
function provenanceRows(model: FakeWorkbook, name: string): CellValue[][] {
  const sheet = model.sheet(name)!;
  const rows: CellValue[][] = [];
  for (let row = 1; model.cell(sheet, a1(row, 0)) !== undefined; row++)
    rows.push(PROVENANCE_HEADERS.map((_, col) => model.cell(sheet, a1(row, col))?.value ?? null));
  return rows;
}

describe("the fake Excel's limits", () => {
  it("refuses a request over 5 MB and runs nothing of it; a response over 5 MB delivers nothing", async () => {
    const model = fakeOffice();
    const sheet = model.addSheet("S", { A1: "kept" });
    const big = Array.from({ length: 200_000 }, (_, i) => [`row ${i} ${"x".repeat(20)}`]);
    const run = (model.excel() as typeof Excel).run;
    await expect(
      run(async (context) => {
        const s = context.workbook.worksheets.getItem("S");
        s.getRange("B1").values = [["first"]];
        s.getRangeByIndexes(0, 2, big.length, 1).values = big;
        await context.sync();
      })
    ).rejects.toThrow(/^RequestPayloadSizeLimitExceeded/);
    expect(model.requestSizes[0]).toBeGreaterThan(LIMIT);
    expect(model.cell(sheet, "B1")).toBeUndefined(); // queued before the big write: not run either
    expect(sheet.cells.size).toBe(1);
    expect(model.calls.every((call) => call.skipped)).toBe(true);

    for (let row = 0; row < big.length; row++) sheet.cells.set(`${row},3`, { value: big[row][0] });
    await expect(
      run(async (context) => {
        const range = context.workbook.worksheets.getItem("S").getRange(`D1:D${big.length}`);
        range.load("values");
        await context.sync();
        return range.values;
      })
    ).rejects.toThrow(/^ResponsePayloadSizeLimitExceeded/);
    expect(model.responseSizes[1]).toBeGreaterThan(LIMIT);
  });

  it("leaves a cell whose entry is null as it is, and clears one whose entry is empty text", async () => {
    const model = fakeOffice();
    const sheet = model.addSheet("S", { A1: 1, B1: { formula: "=A1*2", value: 2 }, C1: 3 });
    await (model.excel() as typeof Excel).run(async (context) => {
      context.workbook.worksheets.getItem("S").getRange("A1:C1").values = [[10, null, ""]];
      await context.sync();
    });
    expect(model.cell(sheet, "A1")).toEqual({ value: 10 });
    expect(model.cell(sheet, "B1")).toEqual({ formula: "=A1*2", value: 2 });
    expect(model.cell(sheet, "C1")).toBeUndefined();
  });

  it("fails a member newer than its ExcelApi at the next sync, as ApiNotFound", async () => {
    const model = fakeOffice("1.7");
    model.addSheet("S");
    await expect(
      (model.excel() as typeof Excel).run(async (context) => {
        context.workbook.worksheets.getItem("S").getRange("A1").dataValidation.clear();
        await context.sync();
      })
    ).rejects.toThrow(/ApiNotFound: range.dataValidation needs ExcelApi 1.8/);
  });
});

describe("OfficeWorkbook.shareSafeCopy at Excel on the web's sizes", () => {
  it("shares a 10,000-row sheet of 40,000 ALTHEDGE cells with no request or response over 5 MB", async () => {
    const model = fakeOffice();
    const ROWS = 10_000;
    const cells: Record<string, CellValue | { formula: string; value: CellValue }> = {
      A1: "Token",
      B1: "Quantity",
      C1: "Hedge ratio",
      D1: "Basis",
      E1: "Margin buffer",
      F1: "Liquidity tier",
      G1: "Hedge notional",
    };
    for (let row = 2; row <= ROWS + 1; row++) {
      cells[`A${row}`] = `TOKEN${row}`;
      cells[`B${row}`] = row * 10;
      cells[`C${row}`] = {
        formula: `=ALTHEDGE.HEDGERATIO(Returns!A${row}:A${row + 59},Returns!B${row}:B${row + 59})`,
        value: 0.5 + row / 100_000,
      };
      cells[`D${row}`] = { formula: `=ALTHEDGE.BASIS(B${row},0.25)`, value: row / 7 };
      cells[`E${row}`] = { formula: `=ALTHEDGE.MARGINBUFFER(B${row}*100,0.5)`, value: row * 3.5 };
      cells[`F${row}`] = { formula: `=ALTHEDGE.LIQUIDITYTIER(B${row}/1000,1,5)`, value: "High" };
      cells[`G${row}`] = { formula: `=B${row}*C${row}`, value: row * 10 * (0.5 + row / 100_000) };
    }
    const exposure = model.addSheet("Exposure", cells);
    model.addSheet("Returns", { A1: 0.01 });
    const before = cellsOf(exposure);

    const result = await share(["Exposure"]);

    // Every sync within Excel's 5 MB both ways: none was refused (a refused one is recorded too).
    expect(Math.max(...model.requestSizes)).toBeLessThanOrEqual(LIMIT);
    expect(Math.max(...model.responseSizes)).toBeLessThanOrEqual(LIMIT);
    // ...and within the adapter's own estimate, with room to spare.
    expect(model.largestRequest).toBeLessThanOrEqual(PAYLOAD_BUDGET);
    expect(model.largestResponse).toBeLessThanOrEqual(PAYLOAD_BUDGET);
    // About 70,000 cells and 40,000 Provenance rows (9 MB of them) need more than one sync each way,
    // and still only a handful.
    expect(model.syncs).toBeGreaterThan(4);
    expect(model.syncs).toBeLessThanOrEqual(12);
    expect(model.implicitSyncs).toBe(0);

    // Four ALTHEDGE columns of 10,000 rows: 40,000 frozen cells, each its value in the model.
    expect(result.frozenCells).toBe(4 * ROWS);
    expect(cellsOf(exposure)).toBe(before);
    const copy = model.sheet(result.copies[0].copy)!;
    for (const row of [2, 5_000, ROWS + 1]) {
      for (const col of ["C", "D", "E", "F"])
        expect(model.cell(copy, `${col}${row}`)).toEqual({
          value: model.cell(exposure, `${col}${row}`)!.value,
        });
      expect(model.cell(copy, `G${row}`)).toEqual(model.cell(exposure, `G${row}`)); // native: live
    }
    // Reads "Returns", which is not copied: the planner freezes it anyway (it calls ALTHEDGE).
    // One Provenance row per column: each is one formula filled down 10,000 rows (the planner lists
    // such a run once, test/templates/share.test.ts).
    expect(provenanceRows(model, result.provenanceSheet)).toHaveLength(4);
    // No band of this sheet spills (hasSpill false): none of the 40,000 cells needed a spill lookup.
    expect(model.spillLookups).toBe(0);
  }, 120_000);

  it("copies a 100,000-row spill within the limits, with one Provenance row for it", async () => {
    const model = fakeOffice();
    const ROWS = 100_000;
    const schedule = model.addSheet("Schedule", { A1: "Roll", B1: "Date" });
    const FORMULA = '=ALTHEDGE.ROLLSCHEDULE("2026-12-26",100000,1)';
    const values: CellValue[][] = Array.from({ length: ROWS }, (_, i) => [i + 1, 46017 + i]);
    model.addSpill(schedule, "A2", FORMULA, values);
    model.addSheet("Notes", { D4: { formula: "=Schedule!B3", value: 46018 } });

    const result = await share(["Schedule"]);

    expect(Math.max(...model.requestSizes)).toBeLessThanOrEqual(LIMIT);
    expect(Math.max(...model.responseSizes)).toBeLessThanOrEqual(LIMIT);
    expect(model.syncs).toBeLessThanOrEqual(15);
    expect(result.frozenCells).toBe(2 * ROWS);
    const copy = model.sheet(result.copies[0].copy)!;
    for (const row of [0, 1, ROWS / 2, ROWS - 1])
      for (const col of [0, 1])
        expect(model.cell(copy, a1(1 + row, col))).toEqual({ value: values[row][col] });
    expect([...copy.cells.values()].some((cell) => cell.formula !== undefined)).toBe(false);
    // One row: the anchor's spill range, its formula and its first value (the planner's form).
    expect(provenanceRows(model, result.provenanceSheet)).toEqual([
      [
        copy.name,
        `A2:B${ROWS + 1}`,
        FORMULA,
        1,
        expect.stringContaining(`A2:B${ROWS + 1}`),
        TIME,
        VERSION,
      ],
    ]);
    // The fake reports a spilled cell's formula as its anchor's, so all 200,000 look like anchors:
    // looked up in row order, those inside the spill found first are skipped.
    expect(model.spillLookups).toBeLessThan(10_000);
  }, 120_000);

  it("still completes in an Excel with a smaller limit, sending refused batches again in halves", async () => {
    const build = () => {
      const model = fakeOffice();
      const sheet = model.addSheet("Hedges", { A1: "Token" });
      model.addSpill(
        sheet,
        "A2",
        "=ALTHEDGE.ROLLSCHEDULE(1,2000,1)",
        Array.from({ length: 2000 }, (_, i) => [`roll ${i}`, i, i * 2])
      );
      for (let row = 2; row <= 2001; row++)
        sheet.cells.set(`${row - 1},5`, { formula: `=ALTHEDGE.BASIS(${row},1)`, value: row });
      return model;
    };
    const normal = build();
    const expected = await share(["Hedges"]);
    const copied = cellsOf(normal.sheet(expected.copies[0].copy)!);

    const small = build();
    small.payloadLimit = 40_000; // far below the adapter's 4 MB estimate: Excel refuses, it splits
    const result = await share(["Hedges"]);
    expect(result).toEqual(expected);
    expect(cellsOf(small.sheet(result.copies[0].copy)!)).toBe(copied);
    const refused =
      small.requestSizes.filter((bytes) => bytes > small.payloadLimit).length +
      small.responseSizes.filter((bytes) => bytes > small.payloadLimit).length;
    expect(refused).toBeGreaterThan(0);
  });
});

describe("OfficeWorkbook.shareSafeCopy applies each kind of plan entry", () => {
  it("drops a sheet name calling ALTHEDGE from the copy; freezes the formulas using a workbook name that does", async () => {
    const model = fakeOffice();
    const hedges = model.addSheet("Hedges", {
      B2: { formula: "=HedgeRatio", value: 0.8 },
      C2: { formula: "=LocalBeta*2", value: 2.4 },
      D2: { formula: "=Budget*2", value: 200 },
    });
    model.addName("HedgeRatio", "=ALTHEDGE.HEDGERATIO(Returns!$A$2:$A$60,Returns!$B$2:$B$60)");
    model.addName("Budget", "=100");
    model.addName("LocalBeta", "=ALTHEDGE.BETA(Returns!$A$2:$A$60,Returns!$B$2:$B$60)", hedges);
    model.addName("LocalNote", '="kept"', hedges);
    model.addSheet("Returns", { A2: 0.01 });

    const result = await share(["Hedges"]);
    const copy = model.sheet(result.copies[0].copy)!;

    // The planner: a formula using a name that calls ALTHEDGE is frozen; one using a plain name stays.
    expect(model.cell(copy, "B2")).toEqual({ value: 0.8 });
    expect(model.cell(copy, "C2")).toEqual({ value: 2.4 });
    expect(model.cell(copy, "D2")).toEqual({ formula: "=Budget*2", value: 200 });
    // Excel's copy took both sheet names; the one calling ALTHEDGE is deleted from the copy only.
    expect(model.namesOf(copy).map((item) => item.name)).toEqual(["LocalNote"]);
    expect(model.namesOf(hedges).map((item) => item.name)).toEqual(["LocalBeta", "LocalNote"]);
    expect(model.namesOf().map((item) => item.name)).toEqual(["HedgeRatio", "Budget"]);
    expect(ops(model.calls, "names.delete")).toEqual([
      expect.objectContaining({ sheetId: copy.id, args: ["LocalBeta"] }),
    ]);
    expect(result.dropped).toBe(1);
  });

  it("rewrites =SUM(D2#) over a frozen spill to its static range, and points a reference at a copied sheet's copy", async () => {
    const model = fakeOffice();
    const hedges = model.addSheet("Hedges", {
      F2: { formula: "=SUM(D2#)", value: 6 },
      G2: { formula: "=Prices!B2*2", value: 10 },
      H2: { formula: "=Other!B2*2", value: 4 },
    });
    model.addSpill(hedges, "D2", "=ALTHEDGE.ROLLSCHEDULE(1,3,1)", [[1], [2], [3]]);
    model.addSheet("Prices", { B2: 5 });
    model.addSheet("Other", { B2: 2 });

    const result = await share(["Hedges", "Prices"]);
    const copy = model.sheet(result.copies[0].copy)!;

    // The spill D2:D4 is frozen, so D2# would be #REF!: the planner rewrites it to D2:D4.
    expect(model.cell(copy, "F2")?.formula).toBe("=SUM(D2:D4)");
    // Prices is copied too: the reference points at its copy, with the planner's quoting.
    expect(model.cell(copy, "G2")?.formula).toBe("='Prices (shared)'!B2*2");
    // Other is not copied: the formula is frozen to the value it shows.
    expect(model.cell(copy, "H2")).toEqual({ value: 4 });
    expect(result.rewrites).toBe(2);
    const rewritten = ops(model.calls, "formulas").filter((call) => call.sheetId === copy.id);
    expect(rewritten).toEqual([expect.objectContaining({ address: "F2:G2" })]);
    expect(model.cell(hedges, "F2")?.formula).toBe("=SUM(D2#)"); // the original is live
  });

  it("removes a conditional format and a validation calling ALTHEDGE from the copy and keeps the others", async () => {
    const model = fakeOffice();
    const hedges = model.addSheet("Hedges", { B2: 1, C2: 2, D2: "High" });
    hedges.conditionalFormats.push(
      { type: "Custom", address: "B2:B40", formula: "=$B2>100" },
      { type: "Custom", address: "C2:C40", formula: "=$C2>ALTHEDGE.MARGINBUFFER(2500,0.5)" },
      {
        type: "CellValue",
        address: "D2:D40",
        rule: { formula1: "=ALTHEDGE.BASIS(1,0)", operator: "GreaterThan" },
      },
      { type: "CellValue", address: "E2:E40", rule: { formula1: "=10", operator: "LessThan" } },
      { type: "Custom", address: "G:G", formula: "=ALTHEDGE.BASIS($G1,0)>0" } // a whole column
    );
    // Two validations stacked in one column: Excel reports them as one area, which the adapter
    // halves until each part holds one rule.
    hedges.validations.push(
      { address: "F2:F20", rule: { custom: { formula: "=ALTHEDGE.LIQUIDITYTIER(F2,1,5)>0" } } },
      { address: "F21:F40", rule: { list: { source: "=Tiers", inCellDropDown: true } } }
    );
    const original = JSON.stringify([hedges.conditionalFormats, hedges.validations]);

    const result = await share(["Hedges"]);
    const copy = model.sheet(result.copies[0].copy)!;

    // The planner removes the rules that call ALTHEDGE (index 1, 2 and 4 of the sheet's formats).
    expect(copy.conditionalFormats.map((cf) => cf.address)).toEqual(["B2:B40", "E2:E40"]);
    expect(copy.validations).toEqual([
      { address: "F21:F40", rule: { list: { source: "=Tiers", inCellDropDown: true } } },
    ]);
    expect(JSON.stringify([hedges.conditionalFormats, hedges.validations])).toBe(original);
    expect(result.dropped).toBe(4);
    // Deleted highest index first, so that each delete leaves the next one's index as read.
    expect(ops(model.calls, "conditionalFormat.delete").map((call) => call.address)).toEqual([
      "G:G",
      "D2:D40",
      "C2:C40",
    ]);
    // Its cells as Excel writes them on the Provenance sheet (the planner's row per removal).
    const provenance = model.sheet(result.provenanceSheet)!;
    const cells = [...provenance.cells.entries()]
      .filter(([key]) => key.endsWith(",1"))
      .map(([, cell]) => cell.value);
    expect(cells).toEqual(expect.arrayContaining(["G:G", "C2:C40", "D2:D40", "F2:F20"]));
  });

  it("removes comments and notes from the copy unless they are kept, and says so", async () => {
    const build = () => {
      const model = fakeOffice();
      const hedges = model.addSheet("Hedges", { B2: 1, C3: 2 });
      hedges.comments.push({ address: "B2", author: "A. Analyst", content: "check the beta" });
      hedges.notes.push({ address: "C3", author: "B. Boss", content: "approved" });
      return { model, hedges };
    };
    const first = build();
    const removed = await share(["Hedges"]);
    const copy = first.model.sheet(removed.copies[0].copy)!;
    expect(copy.comments).toEqual([]);
    expect(copy.notes).toEqual([]);
    expect(first.hedges.comments).toHaveLength(1);
    expect(first.hedges.notes).toHaveLength(1);
    expect(removed.dropped).toBe(1); // the planner: one entry for the copy's comments and notes

    const second = build();
    const kept = await share(["Hedges"], { keepComments: true });
    const keptCopy = second.model.sheet(kept.copies[0].copy)!;
    expect(keptCopy.comments).toEqual(second.hedges.comments);
    expect(keptCopy.notes).toEqual(second.hedges.notes);
    expect(kept.warnings).toEqual([
      expect.objectContaining({ sheet: keptCopy.name, message: expect.stringMatching(/keeps 2/) }),
    ]);
  });

  it("reads notes only where Excel has them (ExcelApi 1.18)", async () => {
    const model = fakeOffice("1.12");
    const hedges = model.addSheet("Hedges", { B2: { formula: "=ALTHEDGE.BASIS(1,0)", value: 1 } });
    hedges.comments.push({ address: "B2", author: "A. Analyst", content: "check" });
    const result = await share(["Hedges"]);
    expect(model.sheet(result.copies[0].copy)!.comments).toEqual([]);
    expect(model.requirementChecks).toContain("ExcelApi 1.18");
  });

  it("names hidden rows and columns in a warning", async () => {
    const model = fakeOffice();
    const hedges = model.addSheet("Hedges", { A1: "x", E9: 1 });
    hedges.hiddenRows = new Set([2, 3, 6]);
    hedges.hiddenColumns = new Set([2]);
    const result = await share(["Hedges"]);
    // The planner's words: rows counted from 1, runs joined, columns by letter.
    expect(result.warnings).toEqual([
      expect.objectContaining({
        message: expect.stringContaining("hidden rows 3–4, 7 and columns C"),
      }),
    ]);
  });

  it.each([
    [
      "a value reads #BUSY!",
      (model: FakeWorkbook) =>
        model
          .sheet("Hedges")!
          .cells.set("1,1", { formula: "=ALTHEDGE.BASIS(1,0)", value: "#BUSY!" }),
      /#BUSY!/,
    ],
    [
      "Excel is still calculating",
      (model: FakeWorkbook) => (model.calculationState = "Calculating"),
      /still calculating/,
    ],
    [
      "calculations are pending",
      (model: FakeWorkbook) => (model.calculationState = "Pending"),
      /pending/,
    ],
  ])("refuses when %s, with nothing created", async (_, make, message) => {
    const model = fakeOffice();
    model.addSheet("Hedges", { B2: { formula: "=ALTHEDGE.BASIS(1,0)", value: 1 } });
    make(model);
    const names = model.sheets.map((sheet) => sheet.name);
    await expect(share(["Hedges"])).rejects.toThrow(message);
    await expect(share(["Hedges"])).rejects.toThrow(/Nothing was written/);
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(names);
    expect(model.calls).toEqual([]);
  });

  it("refuses in an Excel without ExcelApi 1.12 with the sentence supports() gives, before any sync", async () => {
    const model = fakeOffice("1.11");
    model.addSheet("Hedges", { B2: { formula: "=ALTHEDGE.BASIS(1,0)", value: 1 } });
    const support = new OfficeWorkbook().supports("share-copy");
    expect(support).toEqual({
      available: false,
      message: expect.stringContaining("ExcelApi 1.12"),
    });
    await expect(share(["Hedges"])).rejects.toThrow(/ExcelApi 1\.12.*Nothing was written/);
    expect(model.syncs).toBe(0);
  });

  it("refuses a protected sheet (its copy would be protected too), with nothing created", async () => {
    const model = fakeOffice();
    model.addSheet("Hedges", { B2: { formula: "=ALTHEDGE.BASIS(1,0)", value: 1 } }).protected =
      true;
    const names = model.sheets.map((sheet) => sheet.name);
    await expect(share(["Hedges"])).rejects.toThrow(/"Hedges" is protected.*Nothing was written/);
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(names);
    expect(model.calls).toEqual([]);
  });

  it("copies a hidden sheet with a warning, and lists every sheet with its visibility in one sync", async () => {
    const model = fakeOffice();
    model.addSheet("Hedges");
    model.addSheet("Workings", { B2: { formula: "=ALTHEDGE.BASIS(1,0)", value: 1 } }).visibility =
      "Hidden";
    model.addSheet("Keys").visibility = "VeryHidden";
    const before = model.syncs;
    expect(await new OfficeWorkbook().listShareCandidates()).toEqual([
      { name: "Hedges", visibility: "Visible" },
      { name: "Workings", visibility: "Hidden" },
      { name: "Keys", visibility: "VeryHidden" },
    ]);
    expect(model.syncs - before).toBe(1);

    const result = await share(["Workings"]);
    expect(result.warnings).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/Workings is hidden/) }),
    ]);
  });
});

describe("applyPlan in an Excel with ExcelApi 1.7 only", () => {
  it("writes the plan without its data validation (1.8), and nothing newer than 1.7", async () => {
    const model = fakeOffice("1.7");
    const plan: SheetPlan = {
      name: "Exposure",
      cells: [
        { row: 0, col: 0, value: "Tier", style: "header" },
        { row: 1, col: 0, value: "High", style: "input" },
        { row: 1, col: 1, formula: "=ALTHEDGE.LIQUIDITYTIER(1,1,5)" },
      ],
      tables: [{ name: "Tiers", range: "A1:B2" }],
      validations: [{ range: "A2:A2", list: ["High", "Medium", "Low"] }],
      conditionalFormats: [{ range: "B2:B2", formula: "=$B2>1", fill: "#F8CBAD" }],
      columnWidths: [{ col: 0, width: 90 }],
      freeze: { rows: 1, cols: 0 },
    };
    const result = await new OfficeWorkbook().applyPlan(plan, {
      timestamp: TIME,
      wizard: "Exposure segmentation",
      sheet: "",
      inputs: "tiers=1,5",
    });
    expect(result).toEqual({ sheet: "Exposure", cells: 3 });
    expect(model.calls.filter((call) => call.failed)).toEqual([]);
    expect(ops(model.calls, "dataValidation.rule")).toEqual([]);
    expect(ops(model.calls, "conditionalFormats.add")).toHaveLength(1);
    expect(model.requirementChecks).toEqual(
      expect.arrayContaining(["ExcelApi 1.9", "ExcelApi 1.8"])
    );
    expect(model.cell(model.sheet("Exposure")!, "B2")?.formula).toBe(
      "=ALTHEDGE.LIQUIDITYTIER(1,1,5)"
    );
  });
});
