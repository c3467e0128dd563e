/**
 * Every written sheet prints (../shared/spec/taskpane.md, "Trust rules"): the page setup a plan
 * carries (`pageSetupOf` in src/templates/plan.ts), recorded by the engine adapter and applied by the
 * Office adapter through `worksheet.pageLayout` (ExcelApi 1.9) in the syncs it already makes, and
 * skipped, with no error, where Excel does not have that API. The Office side runs against the strict
 * fake of ../helpers/officeMock. Expected values come from the spec's rules and the plans themselves:
 * each wizard's sample plan and small plans written here by hand.
 */
import { OfficeWorkbook } from "../../src/workbook/office";
import { WIZARDS, type Wizard } from "../../src/templates";
import {
  PRINT_FOOTER,
  a1Range,
  pageSetupOf,
  parseA1,
  parseRange,
  type SheetPlan,
} from "../../src/templates/plan";
import { FakeWorkbook, type Call } from "../helpers/officeMock";
import { engineWorkbook } from "../helpers/engine";

const DATE = "2026-11-24";
const anyWizards = WIZARDS as unknown as readonly Wizard<unknown>[];
const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

/**
 * Excel's defaults the rules are stated in (Office.js widths are points): a column is 48 pt wide
 * unless set (8.43 characters, 64 px), a row 15 pt, a chart 360 × 216 pt (5 × 3 inches); a portrait
 * A4 page holds 595 − 2 × 50.4 = 494.2 pt between the default 0.7-inch margins.
 */
const COLUMN = 48;
const ROW = 15;
const CHART = { width: 360, height: 216 };
const PORTRAIT = 494.2;

const samplePlans = (): [string, SheetPlan][] =>
  anyWizards.map((wizard) => [wizard.id, wizard.build(wizard.sample(), DATE)]);

/** Sum of the plan's column widths from A through `lastCol`, in points. */
function widthThrough(plan: SheetPlan, lastCol: number): number {
  const widths = new Map((plan.columnWidths ?? []).map(({ col, width }) => [col, width]));
  let total = 0;
  for (let col = 0; col <= lastCol; col++) total += widths.get(col) ?? COLUMN;
  return total;
}

/** Everything a plan puts on the sheet, as 0-based rectangles; charts at Excel's default size. */
function footprint(plan: SheetPlan): { what: string; lastRow: number; lastCol: number }[] {
  const boxes = plan.cells.map((cell) => ({
    what: `cell ${a1Range(cell.row, cell.col, cell.row, cell.col)}`,
    lastRow: cell.row,
    lastCol: cell.col,
  }));
  for (const item of [
    ...(plan.tables ?? []),
    ...(plan.validations ?? []),
    ...(plan.conditionalFormats ?? []),
  ]) {
    const r = parseRange(item.range);
    boxes.push({ what: `range ${item.range}`, lastRow: r.lastRow, lastCol: r.lastCol });
  }
  for (const chart of plan.charts ?? []) {
    const anchor = parseA1(chart.anchor);
    // The chart's right edge: the column where the widths from the anchor reach 360 pt.
    let col = anchor.col;
    while (widthThrough(plan, col) - widthThrough(plan, anchor.col - 1) < CHART.width) col++;
    boxes.push({
      what: `chart "${chart.title}"`,
      lastRow: anchor.row + Math.ceil(CHART.height / ROW) - 1,
      lastCol: col,
    });
  }
  return boxes;
}

describe("pageSetupOf: the page setup every template gets without writing it", () => {
  test.each(samplePlans())(
    "%s sample: the area is A1 to the farthest thing on the sheet, charts included (unless the plan chooses it)",
    (_, plan) => {
      const setup = pageSetupOf(plan);
      if (plan.print?.area !== undefined) {
        // A template that chooses what prints (the hedge report's one page, not its data below) is
        // obeyed as it asked.
        expect(setup.area).toBe(plan.print.area);
        return;
      }
      const area = parseRange(setup.area);
      expect([area.row, area.col]).toEqual([0, 0]);
      const boxes = footprint(plan);
      const outside = boxes.filter((b) => b.lastRow > area.lastRow || b.lastCol > area.lastCol);
      expect(outside).toEqual([]);
      // …and no larger: its last row and last column are each reached by something.
      expect(Math.max(...boxes.map((b) => b.lastRow))).toBe(area.lastRow);
      expect(Math.max(...boxes.map((b) => b.lastCol))).toBe(area.lastCol);
    }
  );

  test.each(samplePlans())(
    "%s sample: one page wide, landscape when wider than a portrait page, the title row on every page, the footer",
    (_, plan) => {
      const setup = pageSetupOf(plan);
      const width = widthThrough(plan, parseRange(setup.area).lastCol);
      expect(setup.orientation).toBe(width > PORTRAIT ? "landscape" : "portrait");
      expect(setup.fitWidth).toBe(1);
      // Each wizard's first row is its title, alone in its row.
      const firstRow = plan.cells.filter((cell) => cell.row === 0);
      expect(firstRow.map((cell) => cell.style)).toEqual(["title"]);
      expect(setup.titleRows).toBe("$1:$1");
      // Sheet name, "Page 1 of 2" and the date, in Excel's codes.
      expect(setup.footer).toEqual({ left: "&A", center: "Page &P of &N", right: "&D" });
      expect(setup.footer).toEqual(PRINT_FOOTER);
    }
  );

  test("portrait for a narrow sheet, landscape from just past 494.2 points", () => {
    const narrow: SheetPlan = {
      name: "Narrow",
      cells: [
        { row: 0, col: 0, value: "x" },
        { row: 4, col: 1, value: 1 },
      ],
      columnWidths: [{ col: 0, width: 446 }], // 446 + 48 (B at its default) = 494 ≤ 494.2
    };
    expect(pageSetupOf(narrow)).toMatchObject({ area: "A1:B5", orientation: "portrait" });
    const wide = { ...narrow, columnWidths: [{ col: 0, width: 447 }] }; // 495 > 494.2
    expect(pageSetupOf(wide).orientation).toBe("landscape");
    // Ten default columns: 480 pt, portrait; eleven: 528 pt, landscape.
    const cells = (cols: number) => [{ row: 0, col: cols - 1, value: 1 }];
    expect(pageSetupOf({ name: "T", cells: cells(10) }).orientation).toBe("portrait");
    expect(pageSetupOf({ name: "E", cells: cells(11) }).orientation).toBe("landscape");
  });

  test("title rows: the frozen rows; else the top title and header rows; else the first row; none on an empty first row", () => {
    const header = (row: number, col: number) => ({
      row,
      col,
      value: `h${col}`,
      style: "header" as const,
    });
    expect(
      pageSetupOf({
        name: "Frozen",
        cells: [{ row: 0, col: 0, value: "a" }],
        freeze: { rows: 3, cols: 1 },
      }).titleRows
    ).toBe("$1:$3");
    expect(
      pageSetupOf({
        name: "Table",
        cells: [
          { row: 0, col: 0, value: "Title", style: "title" },
          header(1, 0),
          header(1, 1),
          { row: 2, col: 0, value: 1 },
        ],
      }).titleRows
    ).toBe("$1:$2");
    // A header row with one unstyled cell is not a title row: back to the first row alone.
    expect(
      pageSetupOf({
        name: "Mixed",
        cells: [header(0, 0), { row: 0, col: 1, value: "plain" }, header(1, 0)],
      }).titleRows
    ).toBe("$1:$1");
    expect(
      pageSetupOf({ name: "Blank top", cells: [{ row: 2, col: 0, value: 1 }] }).titleRows
    ).toBeUndefined();
  });

  test("a plan's own `print` overrides what is derived, field by field", () => {
    const plan: SheetPlan = {
      name: "Own",
      cells: [
        { row: 0, col: 0, value: "x" },
        { row: 9, col: 2, value: 1 },
      ],
      print: { area: "A1:B5", orientation: "landscape" },
    };
    expect(pageSetupOf(plan)).toEqual({
      area: "A1:B5",
      titleRows: "$1:$1",
      orientation: "landscape",
      fitWidth: 1,
      footer: PRINT_FOOTER,
    });
  });
});

describe("the engine adapter records each plan's page setup", () => {
  test.each(samplePlans())("%s sample", async (_, plan) => {
    const book = engineWorkbook();
    const { sheet } = await book.applyPlan(plan);
    expect(book.extrasOf(book.sheetId(sheet)).pageSetup).toEqual(pageSetupOf(plan));
  });
});

/** Applies `plan` to a fresh fake workbook whose Excel supports `excelApi` (none: no Office global). */
async function applyInFake(
  plan: SheetPlan,
  excelApi: string | undefined
): Promise<{ model: FakeWorkbook; syncs: number; calls: Call[]; sheet: string }> {
  const model = new FakeWorkbook();
  if (excelApi !== undefined) {
    model.excelApi = excelApi;
    globals.Office = model.office();
  }
  globals.Excel = model.excel();
  try {
    const { sheet } = await new OfficeWorkbook().applyPlan(plan);
    return { model, syncs: model.syncs, calls: model.calls, sheet };
  } finally {
    delete globals.Excel;
    delete globals.Office;
  }
}

const layoutCalls = (calls: Call[]): Call[] =>
  calls.filter((call) => call.op.startsWith("pageLayout."));

describe("the Office adapter applies the page setup through worksheet.pageLayout (ExcelApi 1.9)", () => {
  test.each(samplePlans())(
    "%s sample: the sheet's page layout is the plan's, in the syncs the write already makes",
    async (_, plan) => {
      const setup = pageSetupOf(plan);
      const printed = await applyInFake(plan, "1.9");
      const target = printed.model.sheet(printed.sheet)!;
      expect(target.print).toEqual({
        area: setup.area,
        titleRows: setup.titleRows,
        orientation: setup.orientation === "landscape" ? "Landscape" : "Portrait",
        // "Fit All Columns on One Page": 1 page wide, 0 (automatic) tall.
        zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
        footer: { left: "&A", center: "Page &P of &N", right: "&D" },
      });
      expect(printed.model.requirementChecks).toEqual(["ExcelApi 1.9"]);
      const calls = layoutCalls(printed.calls);
      expect(calls.every((call) => call.sheetId === target.id && !call.failed)).toBe(true);
      // Queued with the writes, before the rename: the last sync carries them.
      const rename = printed.calls.findIndex((call) => call.op === "name");
      expect(calls.every((call) => printed.calls.indexOf(call) < rename)).toBe(true);
      expect(new Set(calls.map((call) => call.batch))).toEqual(new Set([printed.syncs]));

      // The same plan in an Excel without ExcelApi 1.9: the same syncs, no page layout, no error.
      const older = await applyInFake(plan, "1.8");
      expect(older.syncs).toBe(printed.syncs);
      expect(layoutCalls(older.calls)).toEqual([]);
      expect(older.model.sheet(older.sheet)!.print).toBeUndefined();
      expect(older.model.sheet(older.sheet)!.cells.size).toBe(target.cells.size);
      expect(older.model.implicitSyncs + printed.model.implicitSyncs).toBe(0);
    }
  );

  test("outside Office (no Office global) the page layout is skipped too", async () => {
    const [, plan] = samplePlans()[0];
    const run = await applyInFake(plan, undefined);
    expect(layoutCalls(run.calls)).toEqual([]);
    expect(run.model.sheet(run.sheet)!.cells.size).toBeGreaterThan(0);
  });

  test("a plan whose own title rows are not whole rows is refused before Excel is touched", async () => {
    const plan: SheetPlan = {
      name: "Bad print",
      cells: [{ row: 0, col: 0, value: "x" }],
      print: { titleRows: "A1:C1" },
    };
    const model = new FakeWorkbook();
    globals.Excel = model.excel();
    globals.Office = model.office();
    try {
      await expect(new OfficeWorkbook().applyPlan(plan)).rejects.toThrow(
        /print title rows "A1:C1" are not whole rows/
      );
      expect(model.syncs).toBe(0);
      expect(model.calls).toEqual([]);
    } finally {
      delete globals.Excel;
      delete globals.Office;
    }
  });
});

describe("the fake's pageLayout is strict, as Excel is", () => {
  async function layoutOf(
    excelApi: string,
    use: (layout: Excel.PageLayout) => void
  ): Promise<{ model: FakeWorkbook; error?: string }> {
    const model = new FakeWorkbook();
    model.excelApi = excelApi;
    model.addSheet("S");
    globals.Excel = model.excel();
    try {
      await (model.excel() as typeof Excel).run(async (context) => {
        use(context.workbook.worksheets.getItem("S").pageLayout);
        await context.sync();
      });
      return { model };
    } catch (error) {
      return { model, error: (error as Error).message };
    } finally {
      delete globals.Excel;
    }
  }

  test("title rows must span whole rows; orientation, zoom and footers take Excel's values only", async () => {
    expect((await layoutOf("1.9", (l) => l.setPrintTitleRows("A1:C1"))).error).toMatch(
      /do not span entire rows/
    );
    expect((await layoutOf("1.9", (l) => l.setPrintArea("not a range"))).error).toMatch(
      /not a range/
    );
    expect(
      (await layoutOf("1.9", (l) => (l.orientation = "Sideways" as Excel.PageOrientation))).error
    ).toMatch(/orientation/);
    expect(
      (await layoutOf("1.9", (l) => (l.zoom = { scale: 50, horizontalFitToPages: 1 }))).error
    ).toMatch(/scale and fit/);
    expect(
      (
        await layoutOf(
          "1.9",
          (l) => (l.headersFooters.defaultForAllPages.leftFooter = "x".repeat(256))
        )
      ).error
    ).toMatch(/255/);
  });

  test("zoom is set as a whole object: changing one of its fields reads it, which is refused", async () => {
    expect((await layoutOf("1.9", (l) => (l.zoom.scale = 50))).error).toMatch(
      /was read before load/
    );
  });

  test("what is set is what the sheet holds; in ExcelApi 1.8 there is no pageLayout", async () => {
    const { model, error } = await layoutOf("1.9", (l) => {
      l.setPrintArea("A1:D9");
      l.setPrintTitleRows("$1:$2");
      l.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
    });
    expect(error).toBeUndefined();
    expect(model.sheet("S")!.print).toEqual({
      area: "A1:D9",
      titleRows: "$1:$2",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      footer: {},
    });
    expect((await layoutOf("1.8", (l) => l.setPrintArea("A1:D9"))).error).toMatch(
      /undefined|Cannot read/
    );
  });
});
