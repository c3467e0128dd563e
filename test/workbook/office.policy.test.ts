/**
 * The Office adapter and the policy's names (issue 13, build item 3), against the strict fake Excel of
 * ../helpers/officeMock: a plan's names are added in the same syncs as its cells (`workbook.names.add`
 * over the written sheet's cell, ExcelApi 1.4), refer to the sheet by its final name, and a name the
 * workbook already has stops the write; `readPolicy` reads the names and their cells in two syncs;
 * `changePolicy` writes the new values and one Hedge log row in three, and puts the old values back
 * when the row cannot be written.
 */
import { OfficeWorkbook } from "../../src/workbook/office";
import { LOG_SHEET, LOG_TABLE } from "../../src/templates/plan";
import { verifyLog } from "../../src/templates/hedgeLog";
import {
  DEFAULT_POLICY,
  POLICY_LIMITS,
  buildPolicy,
  currentLimits,
} from "../../src/templates/policy";
import { FakeWorkbook } from "../helpers/officeMock";

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

const FIRST = {
  timestamp: "2026-11-24T09:00:00.000Z",
  wizard: "Policy and limits",
  sheet: "Policy",
  inputs: "first policy",
};
const CHANGE = { timestamp: "2026-11-24T10:00:00.000Z", wizard: "Policy and limits" };

/** The fake workbook's names as (name, formula) pairs, formulas as the fake computes them. */
async function names(): Promise<[string, string][]> {
  return Excel.run(async (context) => {
    const items = context.workbook.names.load("items/name, items/formula");
    await context.sync();
    return items.items.map((item) => [item.name, item.formula] as [string, string]);
  });
}

describe("a plan's names through OfficeWorkbook.applyPlan", () => {
  it("adds each name over the new sheet's cell in the plan's two syncs, under the sheet's final name", async () => {
    const model = fakeOffice();
    model.addSheet("Policy", { A1: "the user's own sheet" });
    const book = new OfficeWorkbook();
    const result = await book.applyPlan(buildPolicy(DEFAULT_POLICY), FIRST);
    expect(result.sheet).toBe("Policy (2)");
    expect(model.syncs).toBe(2);
    const adds = model.calls.filter((call) => call.op === "names.add");
    expect(adds.map((call) => [call.args[0], call.args[1], call.batch])).toEqual(
      POLICY_LIMITS.map((limit, i) => [limit.name, `B${6 + i}`, 2])
    );
    // Queued after the cells and before the sheet's rename to its final name.
    const order = model.calls.map((call) => call.op);
    expect(order.indexOf("names.add")).toBeGreaterThan(order.indexOf("formulas"));
    expect(order.lastIndexOf("names.add")).toBeLessThan(order.indexOf("name"));
    expect(await names()).toEqual(
      POLICY_LIMITS.map((limit, i) => [limit.name, `='Policy (2)'!$B$${6 + i}`])
    );
  });

  it("a name the workbook already has stops the write, and the sheet it started is deleted", async () => {
    const model = fakeOffice();
    model.addName("AltHedge_MaxLeverage", "=Sheet1!$A$1");
    const before = model.sheets.map((sheet) => sheet.name);
    await expect(
      new OfficeWorkbook().applyPlan(buildPolicy(DEFAULT_POLICY), FIRST)
    ).rejects.toThrow(
      'AltHedge could not write the sheet "Policy": the workbook already has a name AltHedge_MaxLeverage; delete it (Formulas › Name Manager) to write this sheet.'
    );
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(before);
    expect(model.calls.filter((call) => call.op === "names.add")).toEqual([]);
    expect(model.tables.find((table) => table.name === LOG_TABLE)).toBeUndefined();
  });
});

describe("the policy through OfficeWorkbook", () => {
  it("readPolicy: none of the names, then every limit's cell and value, in two syncs", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    expect((await book.readPolicy()).missing).toEqual(POLICY_LIMITS.map((limit) => limit.key));
    await book.applyPlan(buildPolicy(DEFAULT_POLICY), FIRST);
    const syncs = model.syncs;
    const state = await book.readPolicy();
    expect(model.syncs - syncs).toBe(2);
    expect(state.missing).toEqual([]);
    expect(state.cells.maxLeverage).toEqual({ sheet: "Policy", address: "B11", value: 5 });
    expect(currentLimits(state)).toEqual(DEFAULT_POLICY);
  });

  it("changePolicy: the new values in place and one log row, old → new, in three syncs", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    await book.applyPlan(buildPolicy(DEFAULT_POLICY), FIRST);
    const syncs = model.syncs;
    const result = await book.changePolicy({ ...DEFAULT_POLICY, bufferCritical: 0.1 }, CHANGE);
    expect(model.syncs - syncs).toBe(3);
    expect(result).toEqual({
      sheet: "Policy",
      changes: [
        {
          key: "bufferCritical",
          name: "AltHedge_BufferCritical",
          label: "Margin buffer: critical below",
          from: 0.15,
          to: 0.1,
        },
      ],
    });
    expect(model.sheet("Policy")!.cells.get("7,1")!.value).toBe(0.1); // B8
    const log = (await book.readHedgeLog())!;
    expect(log.rows.map((row) => row.slice(2, 5))).toEqual([
      ["Policy and limits", "Policy", FIRST.inputs],
      ["Policy and limits", "Policy", "Margin buffer: critical below 15% → 10%"],
    ]);
    expect(await verifyLog(log.header, log.rows)).toEqual({ intact: true, rows: 2 });
    expect(model.sheet(LOG_SHEET)!.protected).toBe(true);
  });

  it("the same values: nothing written, nothing logged", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    await book.applyPlan(buildPolicy(DEFAULT_POLICY), FIRST);
    const calls = model.calls.length;
    expect(await book.changePolicy(DEFAULT_POLICY, CHANGE)).toEqual({
      sheet: "Policy",
      changes: [],
    });
    expect(model.calls.slice(calls)).toEqual([]);
  });

  it("a log row that fails puts the old value back and says nothing was changed", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    await book.applyPlan(buildPolicy(DEFAULT_POLICY), FIRST);
    model.failOp = (call) =>
      call.op === "rows.add" ? "GeneralException: the log is busy (injected)" : undefined;
    await expect(book.changePolicy({ ...DEFAULT_POLICY, maxLeverage: 3 }, CHANGE)).rejects.toThrow(
      "AltHedge could not change the policy: GeneralException: the log is busy (injected). Nothing was changed."
    );
    // The new value was written, then the old one put back (the cell's formula as read: 5).
    const onB11 = model.calls.filter((call) => call.address === "B11" && !call.skipped);
    expect(onB11.map((call) => [call.op, call.args[0]])).toEqual([
      ["values", [[3]]],
      ["formulas", [[5]]],
    ]);
    expect(model.sheet("Policy")!.cells.get("10,1")!.value).toBe(5); // B11, as before
    model.failOp = undefined;
    expect((await book.readHedgeLog())!.rows).toHaveLength(1);
  });

  it("an incomplete policy is refused before anything is written", async () => {
    const model = fakeOffice();
    const book = new OfficeWorkbook();
    await book.applyPlan(buildPolicy(DEFAULT_POLICY), FIRST);
    model.names = model.names.filter((item) => item.name !== "AltHedge_LossLimit");
    const calls = model.calls.length;
    await expect(book.changePolicy(DEFAULT_POLICY, CHANGE)).rejects.toThrow(
      /^AltHedge could not change the policy: The workbook's policy is incomplete: AltHedge_LossLimit is missing or no longer refers to a cell\..*Nothing was changed\.$/
    );
    expect(model.calls.slice(calls)).toEqual([]);
  });

  it("an Excel without ExcelApi 1.4 is told which Excel the policy needs", async () => {
    fakeOffice("1.3");
    await expect(new OfficeWorkbook().readPolicy()).rejects.toThrow(
      "The policy's named cells need Excel with ExcelApi 1.4"
    );
  });
});
