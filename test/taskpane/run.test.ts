/**
 * Running a wizard without a browser: the plan goes to the WorkbookPort with its Hedge log row, and
 * progress is reported as a share of the write. The policy first: a sheet that reads the policy's
 * names in a workbook without them gets the Policy sheet written before it (its own Hedge log row);
 * the Policy and limits wizard writes the Policy once and then changes it, logging old → new.
 */
import { WIZARDS } from "../../src/templates";
import type { LogEntry, SheetPlan } from "../../src/templates/plan";
import { DEFAULT_POLICY, DEFAULT_POLICY_LOG, policyWizard } from "../../src/templates/policy";
import { logEntry, progressOf, today, writeSheet } from "../../src/taskpane/run";
import type { WorkbookPort } from "../../src/workbook/port";
import { engineWorkbook } from "../helpers/engine";
import { engineWithPolicy } from "../helpers/policy";

const [exposure, rollover, margin] = WIZARDS;

test("today is the local date, yyyy-mm-dd", () => {
  expect(today(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  expect(today(new Date(2026, 10, 24))).toBe("2026-11-24");
});

test("progress is a share of the write; an empty write is done", () => {
  expect(progressOf(0, 4)).toBe(0);
  expect(progressOf(3, 4)).toBe(0.75);
  expect(progressOf(0, 0)).toBe(1);
});

test("the log row names the wizard, the sheet asked for and the key inputs", () => {
  const input = rollover.sample();
  const plan = rollover.build(input, "2026-11-24");
  const now = new Date(Date.UTC(2026, 10, 24, 9, 30));
  expect(logEntry(rollover, plan, input, now)).toEqual({
    timestamp: "2026-11-24T09:30:00.000Z",
    wizard: "Rollover schedule",
    sheet: "Rollover 2026-11-24",
    inputs: rollover.logSummary(input),
  });
});

test("writeSheet applies the wizard's plan with its log row and reports progress", async () => {
  const applied: { plan: SheetPlan; log?: LogEntry }[] = [];
  const shares: number[] = [];
  const port: Pick<WorkbookPort, "applyPlan"> = {
    applyPlan: async (plan, log, onProgress) => {
      applied.push({ plan, log });
      onProgress?.(1, 2);
      onProgress?.(2, 2);
      return { sheet: `${plan.name} (2)`, cells: plan.cells.length };
    },
  };
  const workbook: WorkbookPort = {
    ...port,
    kind: "engine",
    insertFormulaIfEmpty: () => Promise.reject(new Error("not used")),
    readSelection: () => Promise.reject(new Error("not used")),
    listSheets: () => Promise.resolve([]),
    shareSafeCopy: () => Promise.reject(new Error("not used")),
    listShareCandidates: () => Promise.resolve([]),
    saveShareSafeWorkbook: () => Promise.reject(new Error("not used")),
    supports: () => ({ available: true }),
    activateSheet: () => Promise.resolve(),
    numberFormat: () => Promise.reject(new Error("not used")),
    readActiveCell: () => Promise.reject(new Error("not used")),
    readRanges: () => Promise.reject(new Error("not used")),
    readHedgeLog: () => Promise.reject(new Error("not used")),
    getPreparedBy: () => Promise.reject(new Error("not used")),
    setPreparedBy: () => Promise.reject(new Error("not used")),
    // A workbook whose policy is complete: nothing is written before the sheet.
    readPolicy: async () => ({
      cells: Object.fromEntries(
        Object.entries(DEFAULT_POLICY).map(([key, value], i) => [
          key,
          { sheet: "Policy", address: `B${6 + i}`, value },
        ])
      ),
      missing: [],
    }),
    changePolicy: () => Promise.reject(new Error("not used")),
    readCanonicalTables: () => Promise.reject(new Error("not used")),
    writeImport: () => Promise.reject(new Error("not used")),
  };
  const now = new Date(2026, 10, 24, 10);
  const input = rollover.sample();
  const written = await writeSheet(rollover, input, workbook, (share) => shares.push(share), now);
  expect(applied).toHaveLength(1);
  expect(applied[0].plan.name).toBe("Rollover 2026-11-24");
  expect(applied[0].log).toEqual(logEntry(rollover, applied[0].plan, input, now));
  expect(written).toEqual({
    sheet: "Rollover 2026-11-24 (2)",
    cells: applied[0].plan.cells.length,
  });
  expect(shares).toEqual([0.5, 1]);
});

/** The Hedge log's rows as (wizard, sheet, key inputs). */
async function logRows(wb: ReturnType<typeof engineWorkbook>): Promise<string[][]> {
  const log = await wb.readHedgeLog();
  return (log?.rows ?? []).map((row) => [row[2], row[3], row[4]].map(String));
}

describe("the policy before the sheets that read it", () => {
  const now = new Date(2026, 10, 24, 10);

  test("no policy yet: the run writes the Policy with the defaults first, its own log row, then the sheet", async () => {
    const wb = engineWorkbook();
    const input = margin.sample();
    const written = await writeSheet(margin, input, wb, () => {}, now);
    expect(written).toMatchObject({ sheet: "Margin plan 2026-11-24", policyCreated: "Policy" });
    expect(wb.sheetNames()).toEqual(["Sheet1", "Policy", "Hedge log", "Margin plan 2026-11-24"]);
    expect(await logRows(wb)).toEqual([
      ["Policy and limits", "Policy", DEFAULT_POLICY_LOG],
      ["Margin and collateral plan", "Margin plan 2026-11-24", margin.logSummary(input)],
    ]);
    // The sheet reads the defaults through the names: 30% warning, as DEFAULT_POLICY says.
    expect(wb.valueAt("Margin plan 2026-11-24", "B6")).toBe(DEFAULT_POLICY.bufferWarning);
    expect((await wb.readPolicy()).missing).toEqual([]);
  });

  test("a workbook with a policy: the sheet alone is written", async () => {
    const wb = await engineWithPolicy();
    const written = await writeSheet(rollover, rollover.sample(), wb, () => {}, now);
    expect(written.policyCreated).toBeUndefined();
    expect(wb.sheetNames().filter((name) => name.startsWith("Policy"))).toEqual(["Policy"]);
    expect((await logRows(wb)).map((row) => row[0])).toEqual(["Rollover schedule"]);
  });

  test("an incomplete policy stops the run before anything is written, naming what is missing", async () => {
    const wb = await engineWithPolicy();
    wb.hf.removeNamedExpression("AltHedge_MaxPosition");
    const before = wb.sheetNames();
    await expect(writeSheet(exposure, exposure.sample(), wb, () => {}, now)).rejects.toThrow(
      /policy is incomplete: AltHedge_MaxPosition is missing or no longer refers to a cell\..*Nothing was written\./
    );
    expect(wb.sheetNames()).toEqual(before);
    expect(await wb.readHedgeLog()).toBeNull();
  });

  test("a sheet that fails after the Policy was written says the Policy is kept", async () => {
    const wb = engineWorkbook();
    const port: WorkbookPort = Object.create(wb);
    let calls = 0;
    port.applyPlan = async (plan, log, progress) => {
      if (++calls === 2) throw new Error("Nothing was written: the grid is full.");
      return wb.applyPlan(plan, log, progress);
    };
    port.readPolicy = () => wb.readPolicy();
    await expect(writeSheet(margin, margin.sample(), port, () => {}, now)).rejects.toThrow(
      'Nothing was written: the grid is full. The Policy sheet "Policy" had been written first with the default limits; it is kept, with its Hedge log row.'
    );
  });

  test("Policy and limits: the first run writes the Policy, the next changes it and logs old → new", async () => {
    const wb = engineWorkbook();
    const first = await writeSheet(policyWizard, DEFAULT_POLICY, wb, () => {}, now);
    expect(first).toMatchObject({ sheet: "Policy" });
    const next = { ...DEFAULT_POLICY, lossLimit: 0.08, maxLeverage: 4 };
    const second = await writeSheet(policyWizard, next, wb, () => {}, now);
    expect(second.sheet).toBe("Policy");
    expect(second.changes!.map((c) => [c.name, c.from, c.to])).toEqual([
      ["AltHedge_LossLimit", 0.1, 0.08],
      ["AltHedge_MaxLeverage", 5, 4],
    ]);
    // The cells changed in place, on the one Policy sheet.
    expect(wb.sheetNames()).toEqual(["Sheet1", "Policy", "Hedge log"]);
    expect(wb.valueAt("Policy", "B6")).toBe(0.08);
    expect(wb.valueAt("Policy", "B11")).toBe(4);
    expect(await logRows(wb)).toEqual([
      ["Policy and limits", "Policy", policyWizard.logSummary(DEFAULT_POLICY)],
      [
        "Policy and limits",
        "Policy",
        "Loss limit in stress 10% → 8%; Maximum leverage per venue 5× → 4×",
      ],
    ]);
    // The same values again: nothing changes, nothing is logged.
    const third = await writeSheet(policyWizard, next, wb, () => {}, now);
    expect(third.changes).toEqual([]);
    expect(await logRows(wb)).toHaveLength(2);
    const log = await wb.readHedgeLog();
    expect(log!.protected).toBe(true);
  });
});
