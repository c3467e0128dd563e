/**
 * Running a wizard, without the screen: build the plan from the validated input, apply it through the
 * WorkbookPort (a new sheet, never an overwrite) with its Hedge log row, and report progress. ./runView
 * shows it.
 */
import type { Wizard } from "../templates";
import type { LogEntry, SheetPlan } from "../templates/plan";
import type { ApplyResult, WorkbookPort } from "../workbook/port";

/** A day in the user's time zone, yyyy-mm-dd (the sheet name's date). */
export function today(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The Hedge log's row for one run: when, which wizard, the sheet asked for, the key inputs. */
export function logEntry<I>(wizard: Wizard<I>, plan: SheetPlan, input: I, now: Date): LogEntry {
  return {
    timestamp: now.toISOString(),
    wizard: wizard.title,
    sheet: plan.name,
    inputs: wizard.logSummary(input),
  };
}

/** The share of the write done, 0 to 1 (an empty write is done). */
export const progressOf = (done: number, total: number): number => (total === 0 ? 1 : done / total);

/** Builds the wizard's plan for `input` (already valid) and writes it with its Hedge log row. */
export async function writeSheet<I>(
  wizard: Wizard<I>,
  input: I,
  workbook: WorkbookPort,
  onProgress: (share: number) => void = () => {},
  now: Date = new Date()
): Promise<ApplyResult> {
  const plan = wizard.build(input, today(now));
  return workbook.applyPlan(plan, logEntry(wizard, plan, input, now), (done, total) =>
    onProgress(progressOf(done, total))
  );
}
