/**
 * The workbook policy in tests: every template's sheet reads the Policy's workbook names
 * (AltHedge_BufferWarning, …), so a test workbook gets the Policy sheet first, written by the policy
 * wizard's own plan (src/templates/policy.ts) with the defaults or the limits a test needs.
 */
import {
  DEFAULT_POLICY,
  POLICY_LIMITS,
  policyCell,
  policyWizard,
  type PolicyKey,
  type PolicyLimits,
} from "../../src/templates/policy";
import type { CellValue } from "../../src/templates/plan";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { engineWorkbook } from "./engine";

/** Writes the Policy sheet (and its names) into `wb`; returns `wb`. */
export async function withPolicy(
  wb: EngineWorkbook,
  limits: Partial<PolicyLimits> = {}
): Promise<EngineWorkbook> {
  await wb.applyPlan(policyWizard.build({ ...DEFAULT_POLICY, ...limits }, "2026-11-24"));
  return wb;
}

/** A fresh engine workbook with the real functions and the Policy sheet. */
export const engineWithPolicy = (
  limits: Partial<PolicyLimits> = {},
  sheets?: { name: string; cells: CellValue[][] }[]
): Promise<EngineWorkbook> => withPolicy(engineWorkbook(sheets), limits);

/** Types a limit into its cell on the Policy sheet, as a person would. */
export function typeLimit(wb: EngineWorkbook, key: PolicyKey, text: string): void {
  const { row, col } = cellOf(key);
  wb.setContents(wb.sheetId("Policy"), row, col, text);
}

function cellOf(key: PolicyKey): { row: number; col: number } {
  const address = policyCell(key);
  const match = /^([A-Z]+)(\d+)$/.exec(address)!;
  return { row: Number(match[2]) - 1, col: match[1].charCodeAt(0) - 65 };
}

export { DEFAULT_POLICY, POLICY_LIMITS };
