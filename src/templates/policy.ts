/**
 * Policy and limits (spec/taskpane.md §8; the seed's governance: "limits on loss, leverage, position
 * size and margin buffers, with clear triggers"). One Policy sheet per workbook holds each limit in a
 * named cell (`AltHedge_LossLimit`, …); every template reads the names, never a copy of its own, and
 * flags breaches live (conditional formats and a Breaches count), so changing a limit on the Policy
 * sheet re-flags every sheet at once.
 *
 * This module is the contract: the limits, their names, units, defaults and bounds, and the Policy
 * sheet's plan. Pure code.
 */

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
