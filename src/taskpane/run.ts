/**
 * Running a wizard, without the screen: build the plan from the validated input, apply it through the
 * WorkbookPort (a new sheet, never an overwrite) with its Hedge log row, and report progress. ./runView
 * shows it.
 *
 * The policy (../templates/policy) comes first. A plan that reads the policy's workbook names needs
 * them: when the workbook has none, the run writes the Policy sheet with the default limits first, as
 * a step of its own with its own Hedge log row, and only then the sheet asked for; when it has some but
 * not all, the run stops before writing anything and says which are missing. The Policy and limits
 * wizard itself writes the Policy sheet on first use and afterwards changes the limits in place, the
 * Hedge log naming each change (old → new).
 */
import type { Wizard } from "../templates";
import type { LogEntry, SheetPlan } from "../templates/plan";
import {
  DEFAULT_POLICY,
  DEFAULT_POLICY_LOG,
  hasNoPolicy,
  hasPolicy,
  incompletePolicyMessage,
  policyNamesIn,
  policyWizard,
  type PolicyChange,
  type PolicyLimits,
} from "../templates/policy";
import type { WorkbookPort } from "../workbook/port";

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

/** What a run did. */
export interface RunResult {
  /** The sheet written, or for a policy change the Policy sheet. */
  sheet: string;
  /** Cells written to the new sheet (0 for a policy change). */
  cells: number;
  /** The Policy sheet written with the defaults before this sheet, which reads it. */
  policyCreated?: string;
  /** A policy change: the limits changed, old → new (none: the Policy already held these values). */
  changes?: PolicyChange[];
}

/** The wizard of the policy's id takes the policy's limits (WIZARDS pairs the id with policyWizard). */
function takesPolicyLimits(wizard: { id: string }, _input: unknown): _input is PolicyLimits {
  return wizard.id === policyWizard.id;
}

/**
 * Builds the wizard's plan for `input` (already valid) and writes it with its Hedge log row; for the
 * policy wizard once the workbook has a policy, changes its limits instead.
 */
export async function writeSheet<I>(
  wizard: Wizard<I>,
  input: I,
  workbook: WorkbookPort,
  onProgress: (share: number) => void = () => {},
  now: Date = new Date()
): Promise<RunResult> {
  const date = today(now);
  const progress = (done: number, total: number): void => onProgress(progressOf(done, total));
  if (takesPolicyLimits(wizard, input)) {
    const limits: PolicyLimits = input;
    const state = await workbook.readPolicy();
    if (hasPolicy(state)) {
      const { sheet, changes } = await workbook.changePolicy(limits, {
        timestamp: now.toISOString(),
        wizard: wizard.title,
      });
      onProgress(1);
      return { sheet, cells: 0, changes };
    }
    if (!hasNoPolicy(state)) throw new Error(incompletePolicyMessage(state));
    const plan = wizard.build(input, date);
    return workbook.applyPlan(plan, logEntry(wizard, plan, input, now), progress);
  }
  // Built before anything is written: a plan that cannot be built writes no Policy either.
  const plan = wizard.build(input, date);
  let policyCreated: string | undefined;
  if (policyNamesIn(plan).length > 0) {
    const state = await workbook.readPolicy();
    if (hasNoPolicy(state)) {
      const policy = policyWizard.build(DEFAULT_POLICY, date);
      const written = await workbook.applyPlan(policy, {
        timestamp: now.toISOString(),
        wizard: policyWizard.title,
        sheet: policy.name,
        inputs: DEFAULT_POLICY_LOG,
      });
      policyCreated = written.sheet;
    } else if (!hasPolicy(state)) {
      throw new Error(incompletePolicyMessage(state));
    }
  }
  try {
    const written = await workbook.applyPlan(plan, logEntry(wizard, plan, input, now), progress);
    return policyCreated === undefined ? written : { ...written, policyCreated };
  } catch (error) {
    if (policyCreated === undefined) throw error;
    // The Policy is a whole step of its own, logged: it stays, and the message says so.
    throw new Error(
      `${error instanceof Error ? error.message : String(error)} The Policy sheet "${policyCreated}" had been written first with the default limits; it is kept, with its Hedge log row.`
    );
  }
}
