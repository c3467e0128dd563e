/**
 * Wizard 2, rollover schedule. The seed article: "A staggered rollover schedule can reduce
 * concentrated execution risk. Spreading rolls across several days helps avoid liquidity bottlenecks
 * and reduces slippage", and a hedge program documents "timing windows and acceptable slippage
 * thresholds".
 *
 * The schedule is written as one row per day with native formulas that split the contracts exactly as
 * ALTHEDGE.ROLLSCHEDULE does (whole lots as evenly as they go, larger clips first, the rest below one
 * lot on the last day), rather than as that function's spill, because:
 *  - the desk's Status drop-down and Executed price sit on each clip's row inside an Excel table, and
 *    Excel does not allow a spill inside a table;
 *  - a spill changes height when the window changes, which would slide the desk's entries away from
 *    the clips they were made for.
 * A cell above the schedule still asks ALTHEDGE.ROLLSCHEDULE itself (through INDEX, so nothing
 * spills) for the total it rolls: the function stays the authority, and a window made too short
 * after the wizard ran shows the function's own message with the days that would fit.
 *
 * The policy's maximum position per instrument (AltHedge_MaxPosition, ./policy) is read on the sheet:
 * the position held after the roll, contracts × contract size × far price, is checked against it.
 */
import Decimal from "decimal.js";
import { money } from "../core/money";
import type { SheetPlan } from "./plan";
import { FLAG, breachesFormats, flagFormat, writeBreaches, writePolicyReadings } from "./policy";
import {
  COLOUR,
  Checks,
  FORMAT,
  PlanBuilder,
  columnWidths,
  a1,
  abs,
  absRange,
  a1Range,
  formatForStep,
  given,
  isoToSerial,
  LIMITS,
  orDefault,
  showNumber,
  showPercent,
  tableName,
  type FieldError,
  type Side,
  type Wizard,
} from "./common";

export interface RolloverInput {
  /** What is rolled, e.g. "BTCUSD quarterly, Dec → Mar". */
  instrument: string;
  /** The hedge's side: a short hedge earns the roll in contango. */
  side: Side;
  /** Contracts (or coins) to roll. */
  contracts: number;
  /** Coins of the underlying per contract, for the position's notional; 1 when left out (contracts counted in coins). */
  contractSize?: number;
  /** Price of the expiring contract. */
  nearPrice: number;
  /** Price of the contract rolled into. */
  farPrice: number;
  /** Calendar days between the two expiries (ROLLYIELD annualises over them). */
  daysBetweenExpiries: number;
  /** First day of the roll window, yyyy-mm-dd. */
  startDate: string;
  /** Calendar days in the roll window. */
  days: number;
  /** Largest clip on one day: contracts, or with `maxClipUnit: "adv"` a share of the far contract's ADV. */
  maxClip: number;
  maxClipUnit?: "contracts" | "adv";
  /** The far contract's average daily volume in contracts, when the clip is a share of it. */
  farAdv?: number;
  /** The exchange's minimum order step, e.g. 0.001 BTC. */
  lotSize: number;
  /** Acceptable slippage per clip against the far price, as a decimal (0.002 = 0.2%). */
  slippage: number;
}

const TITLE = "Rollover schedule";
const PREFIX = "Rollover";
const STATUSES = ["Planned", "Done", "Skipped"];
/** Days the schedule may span: a roll window is days or weeks, and every day is a row. */
const MAX_DAYS = 366;

/** Schedule table columns. */
const S = {
  day: 0,
  date: 1,
  clip: 2,
  cumulative: 3,
  remaining: 4,
  status: 5,
  executed: 6,
  slippage: 7,
  check: 8,
} as const;
const SCHEDULE_HEADERS = [
  "Day",
  "Date",
  "Clip",
  "Cumulative",
  "Remaining",
  "Status",
  "Executed price",
  "Slippage",
  "Check",
];

// ---------------------------------------------------------------------------------------------------
// Sample, validation, log

/** An invented roll of a short BTC quarterly hedge: 12.5 BTC over 6 days in clips of at most 2.5. */
export function sampleRollover(): RolloverInput {
  return {
    instrument: "BTCUSD quarterly, Dec → Mar",
    side: "short",
    contracts: 12.5,
    nearPrice: 96400,
    farPrice: 97900,
    daysBetweenExpiries: 91,
    startDate: "2026-12-14",
    days: 6,
    maxClip: 2.5,
    maxClipUnit: "contracts",
    lotSize: 0.001,
    slippage: 0.002,
  };
}

/** The largest clip in contracts: the number given, or the share of the far contract's ADV. */
export function maxClipContracts(input: RolloverInput): number {
  return input.maxClipUnit === "adv" ? input.maxClip * (input.farAdv ?? NaN) : input.maxClip;
}

/**
 * The fewest calendar days over which `contracts` split into whole lots (larger clips first, the rest
 * below one lot added to the last clip, as ALTHEDGE.ROLLSCHEDULE splits them) keeps every clip within
 * `maxClip`; `undefined` when no number of days can, because the clip is smaller than one lot (or than
 * the rest). Decimal arithmetic, as the function: 6.8 ÷ 0.1 is 68 lots, not 67.99….
 */
export function rollDaysNeeded(
  contracts: number,
  maxClip: number,
  lotSize: number
): number | undefined {
  const lot = money(lotSize);
  const total = money(contracts);
  const limit = money(maxClip);
  const lots = total.div(lot).floor();
  const rest = total.minus(lots.times(lot));
  const lotsPerClip = limit.div(lot).floor();
  const lotsOnLastDay = limit.minus(rest).div(lot).floor();
  if (lotsPerClip.lessThan(1) || lotsOnLastDay.lessThan(0)) return undefined;
  // ceil(L/D) ≤ K ⇔ D ≥ ceil(L/K); floor(L/D) ≤ K2 ⇔ D ≥ floor(L/(K2+1)) + 1.
  return Decimal.max(
    lots.div(lotsPerClip).ceil(),
    lots.div(lotsOnLastDay.plus(1)).floor().plus(1),
    1
  ).toNumber();
}

export function validateRollover(input: RolloverInput): FieldError[] {
  const checks = new Checks();
  checks.text("instrument", "Instrument", input.instrument);
  checks.side("side", "Side", input.side);
  const contractsOk = checks.amount("contracts", "Contracts to roll", input.contracts);
  if (given(input.contractSize))
    checks.within(
      "contractSize",
      "Contract size",
      input.contractSize,
      LIMITS.minLot,
      LIMITS.amount
    );
  checks.price("nearPrice", "Near contract price", input.nearPrice);
  checks.price("farPrice", "Far contract price", input.farPrice);
  checks.days("daysBetweenExpiries", "Days between expiries", input.daysBetweenExpiries);
  checks.date("startDate", "Roll window start", input.startDate);
  const daysOk = checks.wholeNumber("days", "Roll window", input.days, 1, MAX_DAYS);
  const clipOk = checkMaxClip(checks, input);
  const lotOk = checks.lotSize("lotSize", "Lot size", input.lotSize);
  checks.between("slippage", "Acceptable slippage", input.slippage, 0, 1, { hi: true });
  if (contractsOk && daysOk && clipOk && lotOk) checkWindow(checks, input);
  return checks.errors;
}

function checkMaxClip(checks: Checks, input: RolloverInput): boolean {
  if (input.maxClipUnit === "adv") {
    const shareOk = checks.between("maxClip", "Maximum clip (share of ADV)", input.maxClip, 0, 1, {
      lo: true,
    });
    const advOk = checks.amount("farAdv", "Far contract ADV", input.farAdv);
    return shareOk && advOk;
  }
  if (input.maxClipUnit !== undefined && input.maxClipUnit !== "contracts")
    return checks.fail(
      "maxClipUnit",
      `Maximum clip unit must be "contracts" or "adv", got ${JSON.stringify(input.maxClipUnit)}`
    );
  return checks.amount("maxClip", "Maximum clip", input.maxClip);
}

/** Taskpane.md: when the window is too short for the clip, say which number of days would fit. */
function checkWindow(checks: Checks, input: RolloverInput): void {
  const clip = maxClipContracts(input);
  const needed = rollDaysNeeded(input.contracts, clip, input.lotSize);
  if (needed === undefined) {
    checks.fail(
      "maxClip",
      `A clip of ${showNumber(clip)} is smaller than one lot of ${showNumber(input.lotSize)} (or the rest below a lot): use a smaller lot size or a larger clip`
    );
  } else if (needed > input.days) {
    checks.fail(
      "days",
      `${showNumber(input.contracts)} contracts in clips of ${showNumber(clip)} need ${needed} days, the window has ${input.days}`
    );
  }
}

export function logRollover(input: RolloverInput): string {
  const clip =
    input.maxClipUnit === "adv"
      ? `max clip ${showPercent(input.maxClip)} of ADV ${showNumber(input.farAdv ?? NaN)}`
      : `max clip ${showNumber(input.maxClip)}`;
  const size = given(input.contractSize) ? ` of ${showNumber(input.contractSize)} coins` : "";
  return [
    `${input.instrument} ${input.side} ${showNumber(input.contracts)} contracts${size}`,
    `near ${showNumber(input.nearPrice)} far ${showNumber(input.farPrice)}`,
    `from ${input.startDate} over ${input.days} days`,
    clip,
    `lot ${showNumber(input.lotSize)}`,
    `slippage ${showPercent(input.slippage)}`,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// The sheet

export function buildRollover(input: RolloverInput, date: string): SheetPlan {
  const plan = new PlanBuilder();
  plan.heading(
    TITLE,
    "A staggered rollover schedule reduces concentrated execution risk: spreading rolls across several days helps avoid liquidity bottlenecks and reduces slippage.",
    "The desk fills Status and Executed price for each clip; the slippage check compares each fill with the far price. Edit the blue input cells: the sheet recalculates."
  );
  const { cells, end } = writeInputs(plan, input, 4);
  const policy = writePolicy(plan, cells, end + 2);
  const rollTitle = policy.end + 2;
  const header = rollTitle + ROLL_ROWS + 3;
  const first = header + 1;
  const last = first + input.days - 1;
  const schedule: ScheduleRange = {
    rows: input.days,
    clips: absRange(first, S.clip, last, S.clip),
    statuses: absRange(first, S.status, last, S.status),
  };
  const split = writeRoll(plan, cells, rollTitle, schedule);
  plan.value(header - 1, 0, "Schedule", { style: "subtitle" });
  writeSchedule(plan, input, cells, split, header);

  const clipCell = a1(first, S.clip);
  const checkCell = a1(first, S.check);
  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables: [
      { name: tableName(PREFIX, date, "Schedule"), range: a1Range(header, 0, last, S.check) },
    ],
    validations: [
      { range: cells.sideCell, list: ["short", "long"] },
      { range: a1Range(first, S.status, last, S.status), list: STATUSES },
    ],
    conditionalFormats: [
      // A clip above the maximum means the window is too short (the window check says by how much).
      {
        range: a1Range(first, S.clip, last, S.clip),
        formula: `=AND(ISNUMBER(${clipCell}),${clipCell}>${cells.maxClip})`,
        fill: COLOUR.redFill,
        font: COLOUR.redFont,
      },
      {
        range: a1Range(first, S.check, last, S.check),
        formula: `=${checkCell}="${ABOVE_LIMIT}"`,
        fill: COLOUR.redFill,
        font: COLOUR.redFont,
      },
      {
        range: a1Range(first, S.check, last, S.check),
        formula: `=${checkCell}="OK"`,
        fill: COLOUR.greenFill,
        font: COLOUR.greenFont,
      },
      flagFormat(policy.check, [FLAG.aboveMax]),
      ...breachesFormats(policy.breaches),
    ],
    columnWidths: columnWidths(270, S.check),
  };
}

const ABOVE_LIMIT = "Above the limit";

/** Absolute references to the input cells the formulas use. */
interface RollCells {
  /** The side's input cell, relative (for its drop-down). */
  sideCell: string;
  side: string;
  contracts: string;
  contractSize: string;
  near: string;
  far: string;
  daysBetween: string;
  start: string;
  days: string;
  maxClip: string;
  lot: string;
  slippage: string;
}

/** The helper cells of the split, which every schedule row reads. */
interface SplitCells {
  lotsPerDay: string;
  daysWithExtraLot: string;
  rest: string;
}

interface ScheduleRange {
  rows: number;
  clips: string;
  statuses: string;
}

function writeInputs(plan: PlanBuilder, input: RolloverInput, top: number) {
  let row = top;
  const next = (label: string, value: string | number, format?: string, note?: string) =>
    plan.labelledInput(row++, label, value, format, note).absolute;
  const contractFormat = formatForStep(input.lotSize);
  next("Instrument", input.instrument);
  const sideCell = a1(row, 1);
  const side = next("Side of the hedge", input.side, undefined, "short or long");
  const contracts = next("Contracts to roll", input.contracts, contractFormat);
  const contractSize = next(
    "Contract size (coins)",
    orDefault(input.contractSize, 1),
    FORMAT.price,
    "Coins of the underlying per contract: 1 when contracts are counted in coins"
  );
  const near = next("Near contract price", input.nearPrice, FORMAT.number, "The expiring contract");
  const far = next("Far contract price", input.farPrice, FORMAT.number, "The contract rolled into");
  const daysBetween = next("Days between expiries", input.daysBetweenExpiries, FORMAT.whole);
  const start = next("Roll window start", isoToSerial(input.startDate), FORMAT.date);
  const days = next("Roll window (days)", input.days, FORMAT.whole);
  let maxClip: string;
  if (input.maxClipUnit === "adv") {
    const share = next("Maximum clip (share of far ADV)", input.maxClip, FORMAT.percent);
    const adv = next("Far contract ADV (contracts)", input.farAdv ?? 0, FORMAT.number);
    maxClip = plan.labelledFormula(
      row++,
      "Maximum clip (contracts)",
      `=${share}*${adv}`,
      contractFormat
    );
  } else {
    maxClip = next("Maximum clip (contracts)", input.maxClip, contractFormat);
  }
  const lot = next("Lot size", input.lotSize, contractFormat, "The exchange's minimum order step");
  const slippage = next(
    "Acceptable slippage",
    input.slippage,
    FORMAT.percent,
    "Per clip, against the far price"
  );
  const cells: RollCells = {
    sideCell,
    side,
    contracts,
    contractSize,
    near,
    far,
    daysBetween,
    start,
    days,
    maxClip,
    lot,
    slippage,
  };
  return { cells, end: row - 1 };
}

/**
 * The policy block: the maximum position per instrument, the position the hedge holds after the roll
 * (its notional at the far price) and its check, and the count of breaches.
 */
function writePolicy(plan: PlanBuilder, c: RollCells, top: number) {
  const policy = writePolicyReadings(plan, top, ["maxPosition"]);
  let row = policy.next;
  const position = plan.labelledFormula(
    row++,
    "Position after the roll (notional)",
    `=${c.contracts}*${c.contractSize}*${c.far}`,
    FORMAT.money,
    "Contracts × contract size × far contract price"
  );
  const checkRow = row++;
  plan.labelledFormula(
    checkRow,
    "Position check",
    `=IF(${position}>${policy.cells.maxPosition},"${FLAG.aboveMax}","${FLAG.ok}")`,
    undefined,
    "Against the policy's maximum position per instrument"
  );
  const check = a1(checkRow, 1);
  const breaches = writeBreaches(
    plan,
    row,
    `=IF(${check}="${FLAG.aboveMax}",1,0)`,
    "1 when the position is above the maximum position per instrument"
  );
  return { check, breaches, end: row };
}

/** Rows writeRoll fills below its title. */
const ROLL_ROWS = 13;

/**
 * The roll yield, the split of the contracts into lots (helpers the schedule rows read), the check
 * that the window fits the clip, and the desk's progress: ROLL_ROWS rows below `title`.
 */
function writeRoll(
  plan: PlanBuilder,
  c: RollCells,
  title: number,
  schedule: ScheduleRange
): SplitCells {
  plan.value(title, 0, "Roll", { style: "subtitle" });
  let row = title + 1;
  const next = (label: string, formula: string, format?: string, note?: string) =>
    plan.labelledFormula(row++, label, formula, format, note);
  next(
    "Roll yield (annualised, this side)",
    `=ALTHEDGE.ROLLYIELD(${c.near},${c.far},${c.daysBetween},${c.side})`,
    FORMAT.percent,
    "Positive earns: a short hedge earns the roll in contango and pays it in backwardation"
  );
  next("Roll spread (far − near)", `=${c.far}-${c.near}`, FORMAT.number);
  // ROUND before INT: 6.8 ÷ 0.1 is 67.99999999999999 in floating point, and 68 whole lots.
  const lots = next("Whole lots", `=INT(ROUND(${c.contracts}/${c.lot},9))`, FORMAT.whole);
  const lotsPerDay = next("Lots a day", `=INT(${lots}/${c.days})`, FORMAT.whole);
  const daysWithExtraLot = next(
    "Days with one more lot",
    `=${lots}-${lotsPerDay}*${c.days}`,
    FORMAT.whole,
    "The first days take one more lot"
  );
  const rest = next(
    "Rest below one lot",
    `=ROUND(${c.contracts}-${lots}*${c.lot},10)`,
    FORMAT.number,
    "Added to the last clip"
  );
  const lotsPerClip = `INT(ROUND(${c.maxClip}/${c.lot},9))`;
  const lotsOnLastDay = `INT(ROUND((${c.maxClip}-${rest})/${c.lot},9))`;
  const needed = next(
    "Days the clip needs",
    `=IF(OR(${lotsPerClip}<1,${lotsOnLastDay}<0),"",MAX(ROUNDUP(${lots}/${lotsPerClip},0),INT(${lots}/(${lotsOnLastDay}+1))+1,1))`,
    FORMAT.whole,
    "The fewest days in which no clip exceeds the maximum"
  );
  next(
    "Window check",
    `=IF(${needed}="","The maximum clip is smaller than one lot: use a smaller lot size",IF(${c.days}>=${needed},"OK: the clips fit the window",${c.contracts}&" contracts in clips of "&${c.maxClip}&" need "&${needed}&" days, the window has "&${c.days}))`
  );
  // ALTHEDGE.ROLLSCHEDULE's own verdict on the same inputs: the total rolled by its last row, or its
  // #NUM! naming the days that would fit. INDEX keeps it to one cell, so nothing spills.
  next(
    "Rolled by the last day (ALTHEDGE.ROLLSCHEDULE)",
    `=INDEX(ALTHEDGE.ROLLSCHEDULE(${c.contracts},${c.start},${c.days},${c.maxClip},${c.lot}),${c.days}+1,3)`,
    FORMAT.number,
    "Equals the contracts to roll when the schedule fits"
  );
  next(
    "Schedule rows",
    `=IF(${c.days}<=${schedule.rows},"OK","Only ${schedule.rows} days are written below: run the wizard again for a "&${c.days}&"-day window")`
  );
  const done = next(
    "Rolled so far",
    `=SUMIF(${schedule.statuses},"Done",${schedule.clips})`,
    FORMAT.number,
    "Clips marked Done"
  );
  next("Still to roll", `=ROUND(${c.contracts}-${done},10)`, FORMAT.number);
  next(
    "Skipped",
    `=SUMIF(${schedule.statuses},"Skipped",${schedule.clips})`,
    FORMAT.number,
    "Skipped clips still need a day in a later window"
  );
  if (row !== title + 1 + ROLL_ROWS) throw new Error("ROLL_ROWS is out of date");
  return { lotsPerDay, daysWithExtraLot, rest };
}

/** One row per day of the window: the clip, running totals, and the desk's columns. */
function writeSchedule(
  plan: PlanBuilder,
  input: RolloverInput,
  c: RollCells,
  split: SplitCells,
  header: number
): void {
  plan.headers(header, 0, SCHEDULE_HEADERS);
  const first = header + 1;
  const clipFormat = formatForStep(input.lotSize);
  const sideSign = `IF(${c.side}="long",1,-1)`;
  for (let i = 0; i < input.days; i++) {
    const row = first + i;
    const day = a1(row, S.day);
    // Days beyond the window (when the user shortens it) show empty rows rather than clips.
    const within = (formula: string) => `=IF(${day}>${c.days},"",${formula})`;
    const executed = a1(row, S.executed);
    const slippage = a1(row, S.slippage);
    plan.value(row, S.day, i + 1, { format: FORMAT.whole });
    plan.formula(row, S.date, within(`${c.start}+${day}-1`), { format: FORMAT.date });
    const clip = `(${split.lotsPerDay}+IF(${day}<=${split.daysWithExtraLot},1,0))*${c.lot}+IF(${day}=${c.days},${split.rest},0)`;
    plan.formula(row, S.clip, within(`ROUND(${clip},10)`), { format: clipFormat });
    const clipsSoFar = `${abs(first, S.clip)}:${a1(row, S.clip)}`;
    plan.formula(row, S.cumulative, within(`ROUND(SUM(${clipsSoFar}),10)`), {
      format: clipFormat,
    });
    plan.formula(row, S.remaining, within(`ROUND(${c.contracts}-${a1(row, S.cumulative)},10)`), {
      format: clipFormat,
    });
    plan.input(row, S.status, "Planned");
    plan.input(row, S.executed, null, FORMAT.number);
    // Slippage as a cost to this side: a short sells the far contract, so a lower fill costs it.
    plan.formula(
      row,
      S.slippage,
      `=IF(ISNUMBER(${executed}),${sideSign}*(${executed}-${c.far})/${c.far},"")`,
      { format: FORMAT.percent }
    );
    plan.formula(
      row,
      S.check,
      `=IF(ISNUMBER(${slippage}),IF(${slippage}<=${c.slippage},"OK","${ABOVE_LIMIT}"),"")`
    );
  }
}

export const rolloverWizard: Wizard<RolloverInput> = {
  id: "rollover",
  title: TITLE,
  summary: "Stagger a roll over several days in clips, with its roll yield and a slippage check.",
  sheetPrefix: PREFIX,
  sample: sampleRollover,
  validate: validateRollover,
  build: buildRollover,
  logSummary: logRollover,
};
