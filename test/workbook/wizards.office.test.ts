/**
 * The four wizards' sample plans through the Office.js adapter, against the strict fake workbook of
 * ../helpers/officeMock. The workbook already holds what a user's would: a sheet of their own data, a
 * sheet with the plan's own name (an earlier run the same day, with its tables), and the Hedge log with
 * one earlier row. Every expected value is taken from the plan, the wizard or the inputs built here.
 */
import { OfficeWorkbook } from "../../src/workbook/office";
import { LOG_CHAIN_SEED, NOT_SET, lastHash, logRowCells } from "../../src/templates/hedgeLog";
import { WIZARDS, type Wizard } from "../../src/templates";
import {
  LOG_HEADERS,
  LOG_SHEET,
  LOG_TABLE,
  a1,
  parseRange,
  type LogEntry,
  type SheetPlan,
} from "../../src/templates/plan";
import { type ApplyResult } from "../../src/workbook/port";
import { FakeWorkbook, type Call, type FakeSheet, type FakeTable } from "../helpers/officeMock";

/** The date every plan is built for (a fixed day, so plan and sheet names are known). */
const DATE = "2026-11-24";
/** The log time the task pane would stamp (new Date().toISOString()), fixed. */
const TIMESTAMP = "2026-11-24T09:30:00.000Z";
/**
 * The row an earlier wizard run left in the Hedge log, its hash chained from the seed
 * (src/templates/hedgeLog, checked against Node's SHA-256 in test/templates/hedgeLog.test.ts).
 */
let EARLIER_ROW: string[];
beforeAll(async () => {
  EARLIER_ROW = await logRowCells(
    LOG_CHAIN_SEED,
    {
      timestamp: "2026-11-01T08:00:00.000Z",
      wizard: "Rollover schedule",
      sheet: "Rollover 2026-11-01",
      inputs: "clip 5",
    },
    "A. Earlier"
  );
});
/** How the fake names Excel.ChartType members: what `charts.add` receives for each plan chart type. */
const CHART_TYPE: Record<string, string> = {
  column: "ColumnClustered",
  line: "Line",
  pie: "Pie",
  bar: "BarClustered",
};

/** The four wizards with their input types forgotten, to run the same checks on each. */
const anyWizards = WIZARDS as unknown as readonly Wizard<unknown>[];

const globals = globalThis as unknown as { Excel?: unknown };

const ops = (calls: Call[], op: string): Call[] => calls.filter((call) => call.op === op);

/** Snapshot of a sheet's cells, to prove it did not change. */
const cellsOf = (sheet: FakeSheet): string => JSON.stringify([...sheet.cells].sort());

interface Workbook {
  model: FakeWorkbook;
  /** The user's own data. */
  user: FakeSheet;
  /** A sheet already named like the plan, with tables named like the plan's. */
  earlier: FakeSheet;
  logSheet: FakeSheet;
  logTable: FakeTable;
}

/** A fake workbook installed as the global `Excel`, holding what a user's workbook would. */
function userWorkbook(plan: SheetPlan): Workbook {
  const model = new FakeWorkbook();
  globals.Excel = model.excel();
  const user = model.addSheet("Holdings", {
    A1: "Token",
    B1: "Quantity",
    A2: "SOL",
    B2: 1200,
    C2: { formula: "=B2*2", value: 2400 },
  });
  const earlier = model.addSheet(plan.name, { A1: "An earlier run of this wizard" });
  for (const table of plan.tables ?? []) model.addTable(earlier, table.name, []);
  const logSheet = model.addSheet(LOG_SHEET);
  [[...LOG_HEADERS], EARLIER_ROW].forEach((line, row) =>
    line.forEach((value, col) => logSheet.cells.set(`${row},${col}`, { value }))
  );
  const logTable = model.addTable(logSheet, LOG_TABLE, [EARLIER_ROW], [...LOG_HEADERS]);
  return { model, user, earlier, logSheet, logTable };
}

interface Run extends Workbook {
  plan: SheetPlan;
  log: LogEntry;
  result: ApplyResult;
  /** Syncs the apply took. */
  syncs: number;
  /** Every call the apply recorded. */
  calls: Call[];
  /** The sheet the adapter created. */
  target: FakeSheet;
  /** Cell snapshots of the pre-existing sheets, taken before the apply. */
  before: { user: string; earlier: string; log: string };
}

/** Builds the wizard's sample plan for DATE and applies it, with its log entry, to a user workbook. */
async function applyWizard(wizard: Wizard<unknown>): Promise<Run> {
  const input = wizard.sample();
  const plan = wizard.build(input, DATE);
  // As the task pane builds it; the adapter replaces `sheet` by the name it actually writes.
  const log: LogEntry = {
    timestamp: TIMESTAMP,
    wizard: wizard.title,
    sheet: plan.name,
    inputs: wizard.logSummary(input),
  };
  const workbook = userWorkbook(plan);
  const { model } = workbook;
  const before = {
    user: cellsOf(workbook.user),
    earlier: cellsOf(workbook.earlier),
    log: cellsOf(workbook.logSheet),
  };
  const syncsBefore = model.syncs;
  try {
    const result = await new OfficeWorkbook().applyPlan(plan, log);
    const target = model.sheet(result.sheet);
    if (!target) throw new Error(`no sheet "${result.sheet}" after the apply`);
    const syncs = model.syncs - syncsBefore;
    return { ...workbook, plan, log, result, syncs, calls: model.calls, target, before };
  } finally {
    delete globals.Excel;
  }
}

describe.each(anyWizards.map((wizard) => [wizard.id, wizard] as const))(
  "%s wizard through OfficeWorkbook.applyPlan",
  (_, wizard) => {
    let run: Run;
    beforeAll(async () => {
      run = await applyWizard(wizard);
    });

    /** The calls on the new sheet. */
    const written = (): Call[] => run.calls.filter((call) => call.sheetId === run.target.id);

    it("reads the book, then the log's last row (for its hash), then writes: 3 syncs, none added by Excel.run", () => {
      expect(run.syncs).toBe(3);
      expect(run.model.implicitSyncs).toBe(0);
    });

    it('writes to a new sheet named "<plan name> (2)" and activates it', () => {
      // The plan's own name is taken by the earlier sheet, so the first free one is " (2)".
      const expected = `${run.plan.name} (2)`;
      expect(run.result).toEqual({ sheet: expected, cells: run.plan.cells.length });
      // Created under a temporary name only this run holds, renamed once everything is written.
      expect(ops(run.calls, "worksheets.add")).toEqual([
        expect.objectContaining({
          sheetId: run.target.id,
          args: [expect.stringMatching(/^~AltHedge [0-9a-f]{16}$/)],
        }),
      ]);
      const renames = ops(run.calls, "name");
      expect(renames).toEqual([
        expect.objectContaining({ sheetId: run.target.id, args: [expected] }),
      ]);
      expect(ops(run.calls, "activate")).toEqual([
        expect.objectContaining({ sheetId: run.target.id }),
      ]);
      // After the rename: the activation, then the log row, last.
      const after = run.calls.slice(run.calls.indexOf(renames[0]) + 1).map((call) => call.op);
      expect(after).toEqual(["activate", "rows.add"]);
      expect(run.calls.every((call) => !call.failed && !call.skipped)).toBe(true);
    });

    it("writes each plan cell's formula at its row and column, and nothing elsewhere", () => {
      const writes = ops(written(), "formulas");
      expect(writes.length).toBeGreaterThan(0);
      // Everything the formula writes put in the new sheet, by "row,col".
      const put = new Map<string, unknown>();
      for (const write of writes) {
        const origin = parseRange(write.address!);
        (write.args[0] as unknown[][]).forEach((line, r) =>
          line.forEach((input, c) => put.set(`${origin.row + r},${origin.col + c}`, input))
        );
      }
      const planned = new Set(run.plan.cells.map((cell) => `${cell.row},${cell.col}`));
      for (const cell of run.plan.cells) {
        const at = `${a1(cell.row, cell.col)}: ${JSON.stringify(cell)}`;
        if (cell.formula !== undefined) {
          expect({ at, input: put.get(`${cell.row},${cell.col}`) }).toEqual({
            at,
            input: cell.formula,
          });
        } else {
          // A value may be written with Excel's hidden "'" prefix: check what the cell then holds.
          const held = run.model.cell(run.target, a1(cell.row, cell.col));
          const value = cell.value === "" || cell.value === undefined ? null : cell.value;
          expect({ at, held: held?.value ?? null }).toEqual({ at, held: value });
        }
      }
      // The holes of the written rectangle stay empty.
      for (const [position, input] of put) {
        if (!planned.has(position)) expect({ position, input }).toEqual({ position, input: "" });
      }
    });

    it("writes the number format of every formatted plan cell", () => {
      const formats = new Map<string, unknown>();
      for (const write of ops(written(), "numberFormat")) {
        const origin = parseRange(write.address!);
        (write.args[0] as unknown[][]).forEach((line, r) =>
          line.forEach((format, c) => formats.set(`${origin.row + r},${origin.col + c}`, format))
        );
      }
      const formatted = run.plan.cells.filter((cell) => cell.format !== undefined);
      expect(formatted.length).toBeGreaterThan(0); // every sample formats some cells
      for (const cell of formatted) {
        const at = a1(cell.row, cell.col);
        expect({ at, format: formats.get(`${cell.row},${cell.col}`) }).toEqual({
          at,
          format: cell.format,
        });
      }
    });

    it("adds one table per plan table, over the plan's range, with a name no table had", () => {
      const tables = run.plan.tables ?? [];
      expect(ops(written(), "tables.add")).toEqual(
        tables.map((table) =>
          expect.objectContaining({ address: table.range, args: [table.range, true] })
        )
      );
      // The earlier sheet holds tables of the same names: each new one must take another name.
      const names = ops(written(), "table.name").map((call) => String(call.args[0]));
      expect(names).toHaveLength(tables.length);
      const earlierNames = tables.map((table) => table.name.toLowerCase());
      for (const name of names) expect(earlierNames).not.toContain(name.toLowerCase());
      expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
      expect(
        run.model.tables.filter((t) => t.sheetId === run.earlier.id).map((t) => t.name)
      ).toEqual(tables.map((table) => table.name));
    });

    it("sets one list validation per plan validation, with the plan's list as its source", () => {
      expect(ops(written(), "dataValidation.rule")).toEqual(
        (run.plan.validations ?? []).map(({ range, list }) =>
          expect.objectContaining({
            address: range,
            args: [{ list: { inCellDropDown: true, source: list.join(",") } }],
          })
        )
      );
    });

    it("adds one conditional format per plan conditional format, with its formula and colours", () => {
      const formats = run.plan.conditionalFormats ?? [];
      expect(ops(written(), "conditionalFormats.add")).toEqual(
        formats.map((cf) => expect.objectContaining({ address: cf.range }))
      );
      const argsOf = (op: string) => ops(written(), op).map((call) => call.args[0]);
      expect(argsOf("conditionalFormat.custom.rule.formula")).toEqual(
        formats.map((cf) => cf.formula)
      );
      expect(argsOf("conditionalFormat.custom.format.fill.color")).toEqual(
        formats.map((cf) => cf.fill)
      );
      expect(argsOf("conditionalFormat.custom.format.font.color")).toEqual(
        formats.filter((cf) => cf.font !== undefined).map((cf) => cf.font)
      );
    });

    it("adds one chart per plan chart, over its source, titled and placed as planned", () => {
      const charts = run.plan.charts ?? [];
      expect(ops(written(), "charts.add")).toEqual(
        charts.map((chart) =>
          expect.objectContaining({
            address: chart.source,
            args: [CHART_TYPE[chart.type], chart.source, expect.anything()],
          })
        )
      );
      expect(ops(written(), "chart.title.text").map((call) => call.args)).toEqual(
        charts.map((chart) => [chart.title])
      );
      expect(ops(written(), "chart.setPosition").map((call) => call.args)).toEqual(
        charts.map((chart) => [chart.anchor])
      );
    });

    it("writes nothing to existing sheets but one appended Hedge log row", async () => {
      // Every call is on the new sheet or the Hedge log; none on the user's or the earlier sheet.
      const elsewhere = run.calls.filter(
        (call) => call.sheetId !== run.target.id && call.sheetId !== run.logSheet.id
      );
      expect(elsewhere).toEqual([]);
      // The row: the log entry built above, with the sheet actually written, chained to the last.
      const row = await logRowCells(
        lastHash([EARLIER_ROW]),
        { ...run.log, sheet: run.result.sheet },
        NOT_SET
      );
      expect(run.calls.filter((call) => call.sheetId === run.logSheet.id)).toEqual([
        expect.objectContaining({ op: "rows.add", args: [LOG_TABLE, undefined, [row]] }),
      ]);
      expect(run.logTable.rows).toEqual([EARLIER_ROW, row]);
      expect({
        user: cellsOf(run.user),
        earlier: cellsOf(run.earlier),
        log: cellsOf(run.logSheet),
      }).toEqual(run.before);
    });
  }
);

describe("a failed write of a wizard plan", () => {
  it("leaves no new sheet behind and the existing sheets untouched", async () => {
    const wizard = anyWizards[0];
    const input = wizard.sample();
    const plan = wizard.build(input, DATE);
    const log: LogEntry = {
      timestamp: TIMESTAMP,
      wizard: wizard.title,
      sheet: plan.name,
      inputs: wizard.logSummary(input),
    };
    const { model, user, earlier, logSheet } = userWorkbook(plan);
    const names = model.sheets.map((sheet) => sheet.name);
    const before = [user, earlier, logSheet].map(cellsOf);
    model.failingSyncs.add(model.syncs + 3); // the write sync, after the two reads
    try {
      await expect(new OfficeWorkbook().applyPlan(plan, log)).rejects.toThrow(/Nothing was kept/);
    } finally {
      delete globals.Excel;
    }
    expect(model.sheets.map((sheet) => sheet.name)).toEqual(names);
    expect(model.sheet(`${plan.name} (2)`)).toBeUndefined();
    // The clean-up deleted only the sheet the apply had added.
    const added = ops(model.calls, "worksheets.add").map((call) => call.sheetId);
    expect(ops(model.calls, "delete").map((call) => call.sheetId)).toEqual(added);
    expect([user, earlier, logSheet].map(cellsOf)).toEqual(before);
  });

  it("leaves a sheet that took the chosen name between the syncs alone, and logs nothing", async () => {
    const wizard = anyWizards[0];
    const input = wizard.sample();
    const plan = wizard.build(input, DATE);
    const log: LogEntry = {
      timestamp: TIMESTAMP,
      wizard: wizard.title,
      sheet: plan.name,
      inputs: wizard.logSummary(input),
    };
    const { model, user, earlier, logSheet, logTable } = userWorkbook(plan);
    const names = model.sheets.map((sheet) => sheet.name);
    const before = [user, earlier, logSheet].map(cellsOf);
    const first = model.syncs + 1;
    let other: FakeSheet | undefined;
    model.afterSync = (sync) => {
      // A co-author adds the sheet the apply is about to name "<plan name> (2)".
      if (sync === first) other = model.addSheet(`${plan.name} (2)`, { A1: "a co-author's" });
    };
    try {
      await expect(new OfficeWorkbook().applyPlan(plan, log)).rejects.toThrow(/Nothing was kept/);
    } finally {
      delete globals.Excel;
    }
    expect(model.sheets.map((sheet) => sheet.name)).toEqual([...names, `${plan.name} (2)`]);
    expect(model.sheets).toContain(other);
    expect(model.cell(other!, "A1")).toEqual({ value: "a co-author's" });
    expect(model.calls.filter((call) => call.sheetId === other!.id)).toEqual([]);
    const added = ops(model.calls, "worksheets.add").map((call) => call.sheetId);
    expect(ops(model.calls, "delete").map((call) => call.sheetId)).toEqual(added);
    expect(logTable.rows).toEqual([EARLIER_ROW]);
    expect([user, earlier, logSheet].map(cellsOf)).toEqual(before);
  });
});
