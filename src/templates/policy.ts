/**
 * Policy and limits (spec/taskpane.md §8; the seed's governance: "limits on loss, leverage, position
 * size and margin buffers, with clear triggers"). One Policy sheet per workbook holds each limit in a
 * named cell (`AltHedge_LossLimit`, …); every template reads the names, never a copy of its own, and
 * flags breaches live (conditional formats and a Breaches count), so changing a limit on the Policy
 * sheet re-flags every sheet at once.
 *
 * This module is the contract (the limits, their names, units, defaults and bounds), the Policy sheet's
 * plan and its wizard, and what the templates use to read the names and count breaches. Pure code.
 */
import {
  COLOUR,
  Checks,
  PlanBuilder,
  a1,
  a1Range,
  showNumber,
  showPercent,
  type FieldError,
  type Wizard,
} from "./common";
import type { CellValue, PlanConditionalFormat, SheetPlan } from "./plan";

/** The program's limits. Shares and buffers are decimals (0.15 = 15%). */
export interface PolicyLimits {
  /** The largest loss a stress scenario may show, as a share of the book's value (net P&L ÷ book). */
  lossLimit: number;
  /** Margin buffer (the adverse move a venue survives, MARGINBUFFER "move") below which: warning. */
  bufferWarning: number;
  /** …below which: critical (below the warning level). */
  bufferCritical: number;
  /** Coverage band: hedge notional ÷ book value (beta-weighted where betas are known), low end. */
  coverageLow: number;
  /** …high end. */
  coverageHigh: number;
  /** Maximum leverage per venue: position notional ÷ margin balance (times). */
  maxLeverage: number;
  /** Maximum position per instrument: notional in the quote currency (USD). */
  maxPosition: number;
}

export type PolicyKey = keyof PolicyLimits;

/** One limit: its name in the workbook, its words on the sheet and in the pane, and its bounds. */
export interface PolicyLimit {
  key: PolicyKey;
  /** The workbook name of its cell. */
  name: string;
  label: string;
  /** "share": a decimal shown as a percentage; "times": a multiple; "money": quote currency. */
  unit: "share" | "times" | "money";
  /** Excel number format of its cell. */
  format: string;
  /** What it means and which sheets read it (the Policy sheet's note). */
  meaning: string;
  /** Valid values: greater than `min` (or at least, when `minInclusive`) and at most `max`. */
  min: number;
  minInclusive?: boolean;
  max: number;
}

export const POLICY_SHEET = "Policy";

/** The limits in the Policy sheet's order. */
export const POLICY_LIMITS: readonly PolicyLimit[] = [
  {
    key: "lossLimit",
    name: "AltHedge_LossLimit",
    label: "Loss limit in stress",
    unit: "share",
    format: "0.0%",
    meaning:
      "The largest net loss a stress scenario may show, as a share of the book's value. Stress scenarios fail above it.",
    min: 0,
    max: 1,
  },
  {
    key: "bufferWarning",
    name: "AltHedge_BufferWarning",
    label: "Margin buffer: warning below",
    unit: "share",
    format: "0.0%",
    meaning:
      "A venue whose buffer (the adverse move it survives before liquidation) is below this is in warning: top up or reduce. Margin plans and stress scenarios read it.",
    min: 0,
    max: 1,
  },
  {
    key: "bufferCritical",
    name: "AltHedge_BufferCritical",
    label: "Margin buffer: critical below",
    unit: "share",
    format: "0.0%",
    meaning:
      "Below this the venue is critical: act now. Must be below the warning level. Margin plans and stress scenarios read it.",
    min: 0,
    max: 1,
  },
  {
    key: "coverageLow",
    name: "AltHedge_CoverageLow",
    label: "Coverage band: low",
    unit: "share",
    format: "0.0%",
    meaning:
      "Hedge notional ÷ book value below this is under-hedged. Exposure sheets, effectiveness reviews and the hedge report read it.",
    min: 0,
    minInclusive: true,
    max: 2,
  },
  {
    key: "coverageHigh",
    name: "AltHedge_CoverageHigh",
    label: "Coverage band: high",
    unit: "share",
    format: "0.0%",
    meaning:
      "Above this the book is over-hedged (a short position of its own). Must be above the low end.",
    min: 0,
    max: 2,
  },
  {
    key: "maxLeverage",
    name: "AltHedge_MaxLeverage",
    label: "Maximum leverage per venue",
    unit: "times",
    format: '0.0"×"',
    meaning:
      "Position notional ÷ margin balance on one venue. Margin plans and stress scenarios flag venues above it.",
    min: 0,
    max: 200,
  },
  {
    key: "maxPosition",
    name: "AltHedge_MaxPosition",
    label: "Maximum position per instrument",
    unit: "money",
    format: "#,##0",
    meaning:
      "The largest hedge notional in one instrument (quote currency). Exposure sheets, rollover schedules and the hedge report flag instruments above it.",
    min: 0,
    max: 1e13,
  },
];

/** A workbook's first policy: conservative levels a risk committee would start from. */
export const DEFAULT_POLICY: PolicyLimits = {
  lossLimit: 0.1,
  bufferWarning: 0.3,
  bufferCritical: 0.15,
  coverageLow: 0.6,
  coverageHigh: 1.0,
  maxLeverage: 5,
  maxPosition: 5_000_000,
};

/** The workbook name of a limit ("AltHedge_LossLimit"), for templates' formulas. */
export const policyName = (key: PolicyKey): string =>
  POLICY_LIMITS.find((limit) => limit.key === key)!.name;

// ---------------------------------------------------------------------------------------------------
// Values in words

const limitOf = (key: PolicyKey): PolicyLimit => POLICY_LIMITS.find((limit) => limit.key === key)!;

/** A limit's value as the pane and the log say it: "10%", "5×", "5,000,000". */
export function showLimit(key: PolicyKey, value: CellValue | undefined): string {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    return value === null || value === undefined || value === "" ? "(blank)" : String(value);
  }
  switch (limitOf(key).unit) {
    case "share":
      return showPercent(value);
    case "times":
      return `${showNumber(value)}×`;
    default:
      return Math.abs(value) >= 1e12
        ? value.toExponential().replace("e+", "e")
        : value.toLocaleString("en-US", { maximumFractionDigits: 6 });
  }
}

// ---------------------------------------------------------------------------------------------------
// The wizard's input: the limits themselves

/** The first policy: the defaults (DEFAULT_POLICY). */
export const samplePolicy = (): PolicyLimits => ({ ...DEFAULT_POLICY });

/**
 * Each limit within its bounds (POLICY_LIMITS), the critical buffer below the warning buffer and the
 * coverage band's low end below its high end; the message beside the field, in the limit's unit.
 */
export function validatePolicy(input: PolicyLimits): FieldError[] {
  const checks = new Checks();
  const ok = new Set<PolicyKey>();
  for (const limit of POLICY_LIMITS) {
    if (checkLimit(checks, limit, input[limit.key])) ok.add(limit.key);
  }
  if (ok.has("bufferCritical") && ok.has("bufferWarning")) {
    if (input.bufferCritical >= input.bufferWarning)
      checks.fail(
        "bufferCritical",
        `The critical buffer must be below the warning buffer: ${showPercent(input.bufferCritical)} is not below ${showPercent(input.bufferWarning)}`
      );
  }
  if (ok.has("coverageLow") && ok.has("coverageHigh")) {
    if (input.coverageHigh <= input.coverageLow)
      checks.fail(
        "coverageHigh",
        `The coverage band's high end must be above its low end: ${showPercent(input.coverageHigh)} is not above ${showPercent(input.coverageLow)}`
      );
  }
  return checks.errors;
}

/** The range a limit takes, in words: "greater than 0% and at most 100%", "between 0% and 200%". */
export function boundsInWords(limit: PolicyLimit): string {
  const lo = showLimit(limit.key, limit.min);
  const hi = showLimit(limit.key, limit.max);
  return limit.minInclusive ? `between ${lo} and ${hi}` : `greater than ${lo} and at most ${hi}`;
}

function checkLimit(checks: Checks, limit: PolicyLimit, value: unknown): boolean {
  if (!checks.number(limit.key, limit.label, value)) return false;
  const aboveMin = limit.minInclusive ? value >= limit.min : value > limit.min;
  if (aboveMin && value <= limit.max) return true;
  return checks.fail(
    limit.key,
    `${limit.label} must be ${boundsInWords(limit)}, got ${showLimit(limit.key, value)}`
  );
}

/** The Hedge log's key inputs for a policy written whole (the first use). */
export function logPolicy(input: PolicyLimits): string {
  return POLICY_LIMITS.map(
    (limit) => `${limit.label} ${showLimit(limit.key, input[limit.key])}`
  ).join("; ");
}

/** One limit changed from the pane: what its cell held and what it holds now. */
export interface PolicyChange {
  key: PolicyKey;
  name: string;
  label: string;
  from: CellValue;
  to: number;
}

/** The limits of `next` that differ from what the cells held (`current`), in the Policy's order. */
export function policyChanges(
  current: Partial<Record<PolicyKey, CellValue>>,
  next: PolicyLimits
): PolicyChange[] {
  return POLICY_LIMITS.filter((limit) => current[limit.key] !== next[limit.key]).map((limit) => ({
    key: limit.key,
    name: limit.name,
    label: limit.label,
    from: current[limit.key] ?? null,
    to: next[limit.key],
  }));
}

/** The Hedge log's key inputs for a change: "Loss limit in stress 10% → 8%; …". */
export const describeChanges = (changes: readonly PolicyChange[]): string =>
  changes
    .map((c) => `${c.label} ${showLimit(c.key, c.from)} → ${showLimit(c.key, c.to)}`)
    .join("; ");

// ---------------------------------------------------------------------------------------------------
// The Policy sheet

/** The Policy sheet's columns. */
const L = { label: 0, value: 1, unit: 2, check: 3, name: 4, meaning: 5 } as const;
const HEADER_ROW = 4;
const FIRST_LIMIT = HEADER_ROW + 1;

const UNIT_WORDS: Record<PolicyLimit["unit"], string> = {
  share: "Share (percent)",
  times: "Times",
  money: "Quote currency (USD)",
};

/** Where a limit's cell is on the Policy sheet (A1), as the plan writes it. */
export const policyCell = (key: PolicyKey): string =>
  a1(FIRST_LIMIT + POLICY_LIMITS.findIndex((limit) => limit.key === key), L.value);

/** The live check of one limit's cell: "OK", or what is wrong in words. */
function checkFormula(limit: PolicyLimit): string {
  const cell = policyCell(limit.key);
  const low = limit.minInclusive ? `${cell}>=${limit.min}` : `${cell}>${limit.min}`;
  const bounds = `AND(ISNUMBER(${cell}),${low},${cell}<=${limit.max})`;
  const outside = `"Must be ${boundsInWords(limit)}"`;
  let ok = `"OK"`;
  if (limit.key === "bufferCritical")
    ok = `IF(${cell}<${policyCell("bufferWarning")},"OK","Must be below the warning level")`;
  if (limit.key === "coverageHigh")
    ok = `IF(${cell}>${policyCell("coverageLow")},"OK","Must be above the band's low end")`;
  return `=IF(${bounds},${ok},${outside})`;
}

export function buildPolicy(input: PolicyLimits): SheetPlan {
  const plan = new PlanBuilder();
  plan.heading(
    TITLE,
    "Hedging programs benefit from clear limits on leverage, position size and collateral drawdown; risk limits define the maximum tolerable loss and the steps to take when a limit is breached.",
    "Each value is a named cell (its name beside it) that every AltHedge sheet reads: change a value here and every sheet flags its breaches again at once."
  );
  plan.headers(HEADER_ROW, 0, ["Limit", "Value", "Unit", "Check", "Workbook name", "Meaning"]);
  POLICY_LIMITS.forEach((limit, i) => {
    const row = FIRST_LIMIT + i;
    plan.value(row, L.label, limit.label);
    plan.input(row, L.value, input[limit.key], limit.format);
    plan.value(row, L.unit, UNIT_WORDS[limit.unit]);
    plan.formula(row, L.check, checkFormula(limit));
    plan.value(row, L.name, limit.name);
    plan.value(row, L.meaning, limit.meaning, { style: "note" });
  });
  const last = FIRST_LIMIT + POLICY_LIMITS.length - 1;
  plan.value(last + 2, 0, "Changing a limit", { style: "subtitle" });
  plan.value(
    last + 3,
    0,
    "From the task pane (Policy and limits): the new values are written here and the Hedge log records each change, old → new.",
    { style: "note" }
  );
  plan.value(
    last + 4,
    0,
    "Typed here: every sheet follows at once, but the Hedge log does not record it. Use the pane for a change the record must show.",
    { style: "note" }
  );
  const checks = a1Range(FIRST_LIMIT, L.check, last, L.check);
  const firstCheck = a1(FIRST_LIMIT, L.check);
  return {
    name: POLICY_SHEET,
    cells: plan.cells,
    conditionalFormats: [
      {
        range: checks,
        formula: `=${firstCheck}<>"OK"`,
        fill: COLOUR.redFill,
        font: COLOUR.redFont,
      },
      {
        range: checks,
        formula: `=${firstCheck}="OK"`,
        fill: COLOUR.greenFill,
        font: COLOUR.greenFont,
      },
    ],
    columnWidths: [
      { col: L.label, width: 200 },
      { col: L.value, width: 90 },
      { col: L.unit, width: 120 },
      { col: L.check, width: 210 },
      { col: L.name, width: 160 },
      { col: L.meaning, width: 560 },
    ],
    names: POLICY_LIMITS.map((limit) => ({
      name: limit.name,
      cell: policyCell(limit.key),
      comment: limit.meaning,
    })),
  };
}

const TITLE = "Policy and limits";

export const policyWizard: Wizard<PolicyLimits> = {
  id: "policy",
  title: TITLE,
  summary:
    "The program's limits in named cells every sheet reads: loss, buffers, coverage, leverage, position.",
  sheetPrefix: POLICY_SHEET,
  sample: samplePolicy,
  validate: validatePolicy,
  build: (input) => buildPolicy(input),
  logSummary: logPolicy,
};

// ---------------------------------------------------------------------------------------------------
// The policy on the templates' sheets

/** The policy names a plan reads, in its formulas and conditional formats (each once, as POLICY_LIMITS spells it). */
export function policyNamesIn(plan: Pick<SheetPlan, "cells" | "conditionalFormats">): string[] {
  const formulas = [
    ...plan.cells.flatMap((cell) => (cell.formula === undefined ? [] : [cell.formula])),
    ...(plan.conditionalFormats ?? []).map((cf) => cf.formula),
  ];
  return POLICY_LIMITS.filter((limit) => {
    const pattern = new RegExp(`(^|[^A-Za-z0-9_.])${limit.name}($|[^A-Za-z0-9_.(])`, "i");
    return formulas.some((formula) => pattern.test(formula));
  }).map((limit) => limit.name);
}

/** The label of the count of breaches on every template's sheet (the browser test finds it by it). */
export const BREACHES_LABEL = "Policy breaches";

/** The words a breach flag shows. */
export const FLAG = {
  ok: "OK",
  aboveMax: "Above the maximum",
  belowBand: "Below the band",
  aboveBand: "Above the band",
  withinBand: "Within the band",
} as const;

/**
 * The rows a template's sheet reads the policy through, from `top`: a subtitle, then for each limit
 * of `keys` its label, `=AltHedge_…` in the limit's format, and a note naming the cell. Formulas on the
 * sheet refer to these reading cells (returned, absolute), so a reader sees each limit in use and the
 * Policy sheet stays the only place it is set.
 */
export function writePolicyReadings(
  plan: PlanBuilder,
  top: number,
  keys: readonly PolicyKey[]
): { cells: Record<PolicyKey, string>; next: number } {
  plan.value(top, 0, "Policy limits", { style: "subtitle" });
  const cells = {} as Record<PolicyKey, string>;
  keys.forEach((key, i) => {
    const limit = limitOf(key);
    cells[key] = plan.labelledFormula(
      top + 1 + i,
      limit.label,
      `=${limit.name}`,
      limit.format,
      `From the Policy sheet (${limit.name}): change it there, or with the Policy and limits wizard`
    );
  });
  return { cells, next: top + 1 + keys.length };
}

/** The Breaches count's row: label, the count, and what it counts. */
export function writeBreaches(plan: PlanBuilder, row: number, formula: string, note: string) {
  plan.value(row, 0, BREACHES_LABEL, { style: "total" });
  plan.formula(row, 1, formula, { format: "0", style: "total" });
  plan.value(row, 2, note, { style: "note" });
  return a1(row, 1);
}

/** Red where the count is above 0, green where it is 0 (`cell` is the count's A1 address). */
export const breachesFormats = (cell: string): PlanConditionalFormat[] => [
  { range: cell, formula: `=${cell}>0`, fill: COLOUR.redFill, font: COLOUR.redFont },
  { range: cell, formula: `=${cell}=0`, fill: COLOUR.greenFill, font: COLOUR.greenFont },
];

/** Red where a flag column shows `flag` (`range`'s top-left cell is written relative). */
export function flagFormat(range: string, flags: readonly string[]): PlanConditionalFormat {
  const first = range.split(":")[0];
  const test = flags.map((flag) => `${first}="${flag}"`);
  return {
    range,
    formula: test.length === 1 ? `=${test[0]}` : `=OR(${test.join(",")})`,
    fill: COLOUR.redFill,
    font: COLOUR.redFont,
  };
}

// ---------------------------------------------------------------------------------------------------
// The policy a workbook holds

/** Where one limit's name points (a cell: its sheet and A1 address) and what the cell holds. */
export interface PolicyCell {
  sheet: string;
  address: string;
  value: CellValue;
}

/** The policy as the workbook's names say it (the port's `readPolicy`). */
export interface PolicyState {
  /** Each limit whose workbook name refers to one cell. */
  cells: Partial<Record<PolicyKey, PolicyCell>>;
  /** The limits whose name is missing, or refers to anything but one cell of an existing sheet. */
  missing: PolicyKey[];
}

/** None of the names: the workbook has no policy yet. */
export const hasNoPolicy = (state: PolicyState): boolean =>
  state.missing.length === POLICY_LIMITS.length;

/** Every name refers to a cell. */
export const hasPolicy = (state: PolicyState): boolean => state.missing.length === 0;

/** The sheet the policy lives on (the first limit's), for the log and the pane's link. */
export const policySheetOf = (state: PolicyState): string =>
  POLICY_LIMITS.map((limit) => state.cells[limit.key]?.sheet).find(Boolean) ?? POLICY_SHEET;

/** What the policy's cells hold: the current limits when each is a number, else undefined. */
export function currentLimits(state: PolicyState): PolicyLimits | undefined {
  const limits = {} as PolicyLimits;
  for (const limit of POLICY_LIMITS) {
    const value = state.cells[limit.key]?.value;
    if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
    limits[limit.key] = value;
  }
  return limits;
}

/** Why a workbook with some of the names but not all cannot be used or extended, and what to do. */
export function incompletePolicyMessage(state: PolicyState): string {
  const names = state.missing.map((key) => limitOf(key).name);
  return (
    `The workbook's policy is incomplete: ${names.join(", ")} ${names.length === 1 ? "is" : "are"} missing or no longer refer${names.length === 1 ? "s" : ""} to a cell. ` +
    "Define them again in Formulas › Name Manager (each on its limit's cell of the Policy sheet), or delete the other AltHedge_ names so that AltHedge writes a new Policy sheet. Nothing was written."
  );
}

/** The Hedge log's row for a Policy written with the defaults before a template that reads it. */
export const DEFAULT_POLICY_LOG =
  "Written with the default limits before a sheet that reads them: " + logPolicy(DEFAULT_POLICY);
