/**
 * Running a wizard without a browser: the plan goes to the WorkbookPort with its Hedge log row, and
 * progress is reported as a share of the write.
 */
import { WIZARDS } from "../../src/templates";
import type { LogEntry, SheetPlan } from "../../src/templates/plan";
import { logEntry, progressOf, today, writeSheet } from "../../src/taskpane/run";
import type { WorkbookPort } from "../../src/workbook/port";

const [, rollover] = WIZARDS;

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
