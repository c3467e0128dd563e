/**
 * Wizard 4, effectiveness review. The seed article: "Effectiveness should be evaluated using tracking
 * error and drawdown reduction versus the unhedged portfolio", and "effectiveness reviews should
 * document changes in hedge ratios, shifts in proxy correlations, and the impact of roll costs. This
 * creates a governance trail for future adjustments."
 *
 * The data go into the sheet as columns (item and hedge changes per period, or item and hedge prices
 * with the hedge ratio); every measure is a formula over those columns, so pasting newer data into the
 * columns updates the review.
 *
 * The policy's coverage band (AltHedge_CoverageLow/High, ./policy) is read on the sheet against the
 * coverage the changes show: the hedge held ÷ the hedge that would have minimised the variance, i.e.
 * 1 ÷ the minimum-variance multiple of the current hedge. For a hedge whose changes are −H × the
 * proxy's return and an item of value V and beta β to that proxy, this is H ÷ (β × V): the hedge
 * notional over the book's beta-weighted value, the policy's coverage, read from what happened.
 */
import type { CellValue, SheetPlan } from "./plan";
import { FLAG, breachesFormats, flagFormat, writeBreaches, writePolicyReadings } from "./policy";
import {
  Checks,
  FORMAT,
  PlanBuilder,
  columnWidths,
  a1,
  abs,
  absRange,
  a1Range,
  given,
  orDefault,
  isoToSerial,
  plural,
  readNumber,
  showNumber,
  showPercent,
  tableName,
  type FieldError,
  type Wizard,
} from "./common";

export const EFFECTIVENESS_METHODS = ["variance", "dollaroffset", "r2", "slope"] as const;
export type EffectivenessMethod = (typeof EFFECTIVENESS_METHODS)[number];

/** The documentation test: dollar offset within [offsetLow, offsetHigh], slope within its negative, R² ≥ minR2. */
export interface EffectivenessThresholds {
  offsetLow: number;
  offsetHigh: number;
  minR2: number;
}

export const DEFAULT_THRESHOLDS: EffectivenessThresholds = {
  offsetLow: 0.8,
  offsetHigh: 1.25,
  minR2: 0.8,
};

/** Prices instead of changes: the sheet derives the changes, the hedge as a short of `hedgeRatio` units. */
export interface EffectivenessPrices {
  /** Prices of the hedged item (a token or the book per unit), oldest first. */
  item: number[];
  /** Prices of the hedge instrument over the same periods. */
  hedge: number[];
  /** Units of hedge instrument shorted per unit of item. */
  hedgeRatio: number;
}

export interface EffectivenessInput {
  /** Value changes of the hedged item per period, oldest first (empty when `prices` is given). */
  itemChanges: number[];
  /** Value changes of the hedge over the same periods, with its own sign (a good hedge moves opposite). */
  hedgeChanges: number[];
  /** Periods in each rolling window: at least 3 (a hedge ratio needs 3 pairs). */
  window: number;
  /** The headline measure; "variance" (variance reduction) by default. */
  method?: EffectivenessMethod;
  thresholds?: EffectivenessThresholds;
  /** yyyy-mm-dd per change (or per price with `prices`); periods are numbered when left out. */
  dates?: string[];
  /** The book's value before the first change, for the drawdowns; see `defaultStartValue`. */
  startValue?: number;
  /** Periods in a year for the tracking error; 365 (daily) by default. */
  periodsPerYear?: number;
  prices?: EffectivenessPrices;
}

const TITLE = "Effectiveness review";
const PREFIX = "Effectiveness";
const MIN_WINDOW = 3;
const MAX_PERIODS = 10000;
/** Hourly data in a leap year: the finest a review of a hedge program reads. */
const MAX_PERIODS_PER_YEAR = 8784;

// ---------------------------------------------------------------------------------------------------
// Sample

/**
 * Invented data for a first try: 60 days of a $5M altcoin book (beta 1.2 to BTC plus its own noise)
 * hedged with a short BTC-PERP of 1.1 × the book. Generated from a fixed seed with integer
 * arithmetic, so the sample is the same on every machine.
 */
export function sampleEffectiveness(): EffectivenessInput {
  const random = lcg(20261124);
  const normal = () => {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += random();
    return sum - 6; // Irwin–Hall: mean 0, variance 1
  };
  const book = 5_000_000;
  const itemChanges: number[] = [];
  const hedgeChanges: number[] = [];
  const dates: string[] = [];
  const first = Date.UTC(2026, 8, 1);
  for (let day = 0; day < 60; day++) {
    const btc = 0.03 * normal();
    const own = 0.01 * normal();
    itemChanges.push(Math.round(book * (1.2 * btc + own)));
    hedgeChanges.push(Math.round(-book * 1.1 * btc));
    dates.push(new Date(first + day * 86400000).toISOString().slice(0, 10));
  }
  return {
    itemChanges,
    hedgeChanges,
    window: 20,
    method: "variance",
    thresholds: { ...DEFAULT_THRESHOLDS },
    dates,
    startValue: book,
    periodsPerYear: 365,
  };
}

/** Uniform numbers in [0, 1) from a 32-bit linear congruential generator (Numerical Recipes). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation and log

/** Changes per period, from the changes given or derived from the prices as the sheet does. */
export function changesOf(input: EffectivenessInput): { item: number[]; hedge: number[] } {
  if (!input.prices) return { item: input.itemChanges, hedge: input.hedgeChanges };
  const { item, hedge, hedgeRatio } = input.prices;
  return {
    item: item.slice(1).map((price, i) => price - item[i]),
    hedge: hedge.slice(1).map((price, i) => -hedgeRatio * (price - hedge[i])),
  };
}

/**
 * When no start value is given: ten times the sum of the absolute item changes (so the values stay
 * positive), or the first item price with prices. An assumption the sheet shows as an input to correct.
 */
export function defaultStartValue(input: EffectivenessInput): number {
  if (input.prices) return input.prices.item[0];
  return 10 * input.itemChanges.reduce((sum, change) => sum + Math.abs(change), 0);
}

export function validateEffectiveness(input: EffectivenessInput): FieldError[] {
  const checks = new Checks();
  const seriesOk = input.prices ? checkPrices(checks, input) : checkChanges(checks, input);
  const variesOk = seriesOk && checkVaries(checks, input);
  const periods = variesOk ? changesOf(input).item.length : undefined;
  if (periods !== undefined) {
    checks.wholeNumber("window", "Rolling window", input.window, MIN_WINDOW, periods);
    checkDates(checks, input, periods);
  } else {
    checks.wholeNumber("window", "Rolling window", input.window, MIN_WINDOW, MAX_PERIODS);
  }
  if (input.method !== undefined && !EFFECTIVENESS_METHODS.includes(input.method))
    checks.fail(
      "method",
      `Method must be one of ${EFFECTIVENESS_METHODS.join(", ")}, got ${JSON.stringify(input.method)}`
    );
  checkThresholds(checks, input.thresholds ?? DEFAULT_THRESHOLDS);
  if (given(input.periodsPerYear))
    checks.within(
      "periodsPerYear",
      "Periods per year",
      input.periodsPerYear,
      1,
      MAX_PERIODS_PER_YEAR
    );
  if (given(input.startValue)) checks.amount("startValue", "Start value", input.startValue);
  if (variesOk && !checks.errors.some((e) => e.field === "startValue"))
    checkValuesStayPositive(checks, input);
  return checks.errors;
}

/**
 * A series of numbers; `label` names one value ("Item change"), so the whole is `${label}s`. Each
 * value within its plausibility bound: a change at most 1e13 in size, a price in [1e-12, 1e9].
 */
function checkSeries(
  checks: Checks,
  field: string,
  label: string,
  values: unknown,
  kind: "change" | "price" = "change"
): boolean {
  if (!Array.isArray(values)) return checks.fail(field, `${label}s are missing`);
  const before = checks.errors.length;
  values.forEach((value, i) => checks[kind](`${field}.${i}`, `${label} ${i + 1}`, value));
  return checks.errors.length === before;
}

function checkChanges(checks: Checks, input: EffectivenessInput): boolean {
  const itemOk = checkSeries(checks, "itemChanges", "Item change", input.itemChanges);
  const hedgeOk = checkSeries(checks, "hedgeChanges", "Hedge change", input.hedgeChanges);
  if (!itemOk || !hedgeOk) return false;
  if (input.itemChanges.length !== input.hedgeChanges.length)
    return checks.fail(
      "hedgeChanges",
      `Item and hedge changes must cover the same periods, got ${input.itemChanges.length} and ${input.hedgeChanges.length}`
    );
  return checkLength(checks, "itemChanges", input.itemChanges.length);
}

function checkPrices(checks: Checks, input: EffectivenessInput): boolean {
  const prices = input.prices as EffectivenessPrices;
  if (input.itemChanges?.length || input.hedgeChanges?.length)
    return checks.fail("prices", "Give either changes or prices, not both");
  const itemOk = checkSeries(checks, "prices.item", "Item price", prices.item, "price");
  const hedgeOk = checkSeries(checks, "prices.hedge", "Hedge price", prices.hedge, "price");
  checks.amount("prices.hedgeRatio", "Hedge ratio", prices.hedgeRatio);
  if (!itemOk || !hedgeOk) return false;
  if (prices.item.length !== prices.hedge.length)
    return checks.fail(
      "prices.hedge",
      `Item and hedge prices must cover the same periods, got ${prices.item.length} and ${prices.hedge.length}`
    );
  return checkLength(checks, "prices.item", prices.item.length - 1);
}

/**
 * The measures divide by the item changes' variance and sum and by the hedge changes' variance
 * (ALTHEDGE.HEDGEEFFECTIVENESS): a flat series, or item changes that add up to 0, leave the review
 * without a number, so the form says so beside the series instead of writing #DIV/0!.
 */
function checkVaries(checks: Checks, input: EffectivenessInput): boolean {
  const { item, hedge } = changesOf(input);
  const [itemField, hedgeField] = input.prices
    ? ["prices.item", "prices.hedge"]
    : ["itemChanges", "hedgeChanges"];
  const flat = (values: number[]) => values.every((value) => value === values[0]);
  let ok = true;
  if (flat(item))
    ok = checks.fail(
      itemField,
      `The item changes are all ${showNumber(item[0])}: the review needs changes that vary`
    );
  if (flat(hedge))
    ok = checks.fail(
      hedgeField,
      `The hedge changes are all ${showNumber(hedge[0])}: the review needs changes that vary`
    );
  if (!ok) return false;
  const sum = item.reduce((total, value) => total + value, 0);
  const size = item.reduce((total, value) => total + Math.abs(value), 0);
  if (Math.abs(sum) <= 1e-12 * size)
    return checks.fail(
      itemField,
      "The item changes add up to 0: the dollar offset (hedge change ÷ item change over the review) is undefined"
    );
  return true;
}

/** HEDGETEST and the regression measures need 3 pairs at least. */
function checkLength(checks: Checks, field: string, periods: number): boolean {
  if (periods < MIN_WINDOW)
    return checks.fail(
      field,
      `The review needs at least ${MIN_WINDOW} periods of changes, got ${periods}`
    );
  if (periods > MAX_PERIODS)
    return checks.fail(field, `The review takes at most ${MAX_PERIODS} periods, got ${periods}`);
  return true;
}

function checkDates(checks: Checks, input: EffectivenessInput, periods: number): void {
  if (input.dates === undefined) return;
  const wanted = input.prices ? periods + 1 : periods;
  if (!Array.isArray(input.dates) || input.dates.length !== wanted) {
    checks.fail(
      "dates",
      `Give one date per ${input.prices ? "price" : "change"} (${wanted}), got ${input.dates?.length ?? 0}`
    );
    return;
  }
  input.dates.forEach((date, i) => checks.date(`dates.${i}`, `Date ${i + 1}`, date));
}

function checkThresholds(checks: Checks, thresholds: EffectivenessThresholds): void {
  const lowOk = checks.positive(
    "thresholds.offsetLow",
    "Lower dollar offset",
    thresholds.offsetLow
  );
  const highOk = checks.positive(
    "thresholds.offsetHigh",
    "Upper dollar offset",
    thresholds.offsetHigh
  );
  if (lowOk && highOk && thresholds.offsetLow >= thresholds.offsetHigh)
    checks.fail(
      "thresholds.offsetHigh",
      `The upper dollar offset must be above the lower, got ${showNumber(thresholds.offsetHigh)} and ${showNumber(thresholds.offsetLow)}`
    );
  checks.between("thresholds.minR2", "Minimum R²", thresholds.minR2, 0, 1, { lo: true });
}

/** MAXDRAWDOWN needs values that never go below 0: the start value must carry the worst fall. */
function checkValuesStayPositive(checks: Checks, input: EffectivenessInput): void {
  const start = orDefault(input.startValue, defaultStartValue(input));
  const { item, hedge } = changesOf(input);
  let unhedged = start;
  let hedged = start;
  let lowest = start;
  item.forEach((change, i) => {
    unhedged += change;
    hedged += change + hedge[i];
    lowest = Math.min(lowest, unhedged, hedged);
  });
  if (lowest < 0)
    checks.fail(
      "startValue",
      `A start value of ${showNumber(start)} lets the book's value fall to ${showNumber(Math.round(lowest))}: enter the book's value before the first change`
    );
}

const isBlank = (cell: CellValue | undefined): boolean =>
  cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "");

/**
 * The selection's rows as pairs of (item, hedge) cells, by the mapped columns (an unmapped series is
 * all blank). A pair is one period: kept when both cells hold something, skipped when both are blank,
 * and skipped (with its row reported by `unpairedRows`) when only one is, so a blank in one column
 * never moves the other column's later values onto the wrong period.
 */
function pairs(rows: CellValue[][], mapping: Record<string, number | undefined>) {
  const cell = (row: CellValue[], key: string) => {
    const index = mapping[key];
    return index === undefined ? undefined : row[index];
  };
  return rows.map((row) => ({ item: cell(row, "itemChange"), hedge: cell(row, "hedgeChange") }));
}

/**
 * "Use selected range" for the review: the mapped item and hedge change columns replace the series,
 * period by period (text read as a sheet's cells are read, unreadable as NaN for `validate` to name).
 * Nothing of what the form held before survives: not its series, dates, prices or start value (the
 * start value then defaults from the selection's changes, as the form shows).
 */
export function changesFromRows(
  input: EffectivenessInput,
  rows: CellValue[][],
  mapping: Record<string, number | undefined>
): EffectivenessInput {
  const kept = pairs(rows, mapping).filter((p) => !isBlank(p.item) && !isBlank(p.hedge));
  const result: EffectivenessInput = {
    ...input,
    itemChanges: kept.map((p) => readNumber(p.item as string | number | boolean) ?? NaN),
    hedgeChanges: kept.map((p) => readNumber(p.hedge as string | number | boolean) ?? NaN),
  };
  delete result.dates;
  delete result.prices;
  delete result.startValue;
  return result;
}

/** The data rows (0-based, below the header) where one series has a value and the other is blank. */
export function unpairedRows(
  rows: CellValue[][],
  mapping: Record<string, number | undefined>
): number[] {
  return pairs(rows, mapping).flatMap((p, i) => (isBlank(p.item) !== isBlank(p.hedge) ? [i] : []));
}

export function logEffectiveness(input: EffectivenessInput): string {
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  const periods = changesOf(input).item.length;
  return [
    plural(periods, "period"),
    input.prices
      ? `from prices, hedge ratio ${showNumber(input.prices.hedgeRatio)}`
      : "from changes",
    `window ${input.window}`,
    `method ${input.method ?? "variance"}`,
    `offset ${showPercent(thresholds.offsetLow)}–${showPercent(thresholds.offsetHigh)}, R² ≥ ${showNumber(thresholds.minR2)}`,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// The sheet

/** Absolute references to the inputs the measures read. */
interface ReviewInputs {
  start: string;
  periodsPerYear: string;
  method: string;
  methodCell: string;
  offsetLow: string;
  offsetHigh: string;
  minR2: string;
  hedgeRatio?: string;
}

/** The data table's columns; the price columns exist only in price mode. */
interface DataLayout {
  period: number;
  itemPrice?: number;
  hedgePrice?: number;
  itemChange: number;
  hedgeChange: number;
  hedged: number;
  unhedgedValue: number;
  hedgedValue: number;
  last: number;
}

/** Absolute ranges over the data the measures use. */
interface Series {
  item: string;
  hedge: string;
  unhedgedValues: string;
  hedgedValues: string;
}

function dataLayout(prices: boolean): DataLayout {
  const shift = prices ? 2 : 0;
  const layout: DataLayout = {
    period: 0,
    itemChange: 1 + shift,
    hedgeChange: 2 + shift,
    hedged: 3 + shift,
    unhedgedValue: 4 + shift,
    hedgedValue: 5 + shift,
    last: 5 + shift,
  };
  if (prices) {
    layout.itemPrice = 1;
    layout.hedgePrice = 2;
  }
  return layout;
}

export function buildEffectiveness(input: EffectivenessInput, date: string): SheetPlan {
  const plan = new PlanBuilder();
  plan.heading(
    TITLE,
    "Effectiveness should be evaluated using tracking error and drawdown reduction versus the unhedged portfolio; reviews document changes in hedge ratios and shifts in proxy correlations.",
    "Hedge changes carry their own sign: a good hedge moves opposite the item, so its correlation is near −1. The blue cells are inputs, and so are the data columns: paste newer data and the review recalculates."
  );
  const { inputs, end } = writeInputs(plan, input, 4);
  const layout = dataLayout(input.prices !== undefined);
  const periods = changesOf(input).item.length;
  const rows = periods + 1; // the start row, then one row per change

  const policyTop = end + 2;
  const policy = writePolicyReadings(plan, policyTop, ["coverageLow", "coverageHigh"]);
  const resultsTitle = policy.next + POLICY_ROWS + 1;
  const notesTitle = resultsTitle + RESULT_ROWS + 3;
  const dataTitle = notesTitle + NOTES.length + 2;
  const header = dataTitle + 1;
  const first = header + 1;
  const last = first + rows - 1;
  const series: Series = {
    // Changes start on the second data row: the first row is the starting point.
    item: absRange(first + 1, layout.itemChange, last, layout.itemChange),
    hedge: absRange(first + 1, layout.hedgeChange, last, layout.hedgeChange),
    unhedgedValues: absRange(first, layout.unhedgedValue, last, layout.unhedgedValue),
    hedgedValues: absRange(first, layout.hedgedValue, last, layout.hedgedValue),
  };
  const results = writeResults(plan, inputs, series, resultsTitle, input.method ?? "variance");
  const resultsTable = results.range;
  const coverage = writeCoverage(plan, policy.next, results.hedgeRatio, policy.cells);
  writeNotes(plan, notesTitle);
  plan.value(dataTitle, 0, "Periods", { style: "subtitle" });
  writeData(plan, input, inputs, layout, header);
  const rollingCol = layout.last + 2;
  const rolling = writeRolling(plan, input, layout, first + 1, periods, header, rollingCol);

  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables: [
      { name: tableName(PREFIX, date, "Results"), range: resultsTable },
      { name: tableName(PREFIX, date, "Periods"), range: a1Range(header, 0, last, layout.last) },
      { name: tableName(PREFIX, date, "Rolling"), range: rolling },
    ],
    validations: [{ range: inputs.methodCell, list: [...EFFECTIVENESS_METHODS] }],
    conditionalFormats: [
      flagFormat(coverage.check, [FLAG.belowBand, FLAG.aboveBand]),
      ...breachesFormats(coverage.breaches),
    ],
    charts: [
      {
        type: "line",
        title: "Rolling correlation and hedge ratio",
        source: rolling,
        anchor: a1(header, rollingCol + 4),
        seriesBy: "columns",
      },
    ],
    columnWidths: columnWidths(210, rollingCol + 2),
  };
}

function writeInputs(plan: PlanBuilder, input: EffectivenessInput, top: number) {
  const thresholds = input.thresholds ?? DEFAULT_THRESHOLDS;
  let row = top;
  const next = (label: string, value: string | number, format?: string, note?: string) =>
    plan.labelledInput(row++, label, value, format, note).absolute;
  const start = next(
    "Start value of the book",
    orDefault(input.startValue, defaultStartValue(input)),
    FORMAT.money,
    !given(input.startValue)
      ? "Assumed by the wizard: enter the book's value before the first change"
      : "The book's value before the first change, for the drawdowns"
  );
  const periodsPerYear = next(
    "Periods per year",
    orDefault(input.periodsPerYear, 365),
    FORMAT.whole,
    "365 for daily data: crypto trades every day"
  );
  // The window is fixed by the wizard: each rolling row reads a fixed block of rows (see writeRolling).
  plan.value(row, 0, "Rolling window (periods)");
  plan.value(row, 1, input.window, { format: FORMAT.whole });
  plan.value(row++, 2, "Set by the wizard: run it again to change", { style: "note" });
  const methodCell = a1(row, 1);
  const method = next(
    "Headline method",
    input.method ?? "variance",
    undefined,
    "variance, dollaroffset, r2 or slope"
  );
  const offsetLow = next("Dollar offset from", thresholds.offsetLow, FORMAT.percentWhole);
  const offsetHigh = next("Dollar offset to", thresholds.offsetHigh, FORMAT.percentWhole);
  const minR2 = next("Minimum R²", thresholds.minR2, FORMAT.ratio);
  const inputs: ReviewInputs = {
    start,
    periodsPerYear,
    method,
    methodCell,
    offsetLow,
    offsetHigh,
    minR2,
  };
  if (input.prices)
    inputs.hedgeRatio = next(
      "Hedge ratio",
      input.prices.hedgeRatio,
      FORMAT.ratio,
      "Units of the hedge instrument shorted per unit of the item"
    );
  return { inputs, end: row - 1 };
}

/** Rows of the results table below its header. */
const RESULT_ROWS = 13;

/** Each headline method in the format of its own row in the results. */
const HEADLINE_FORMAT: Record<EffectivenessMethod, string> = {
  variance: FORMAT.percent,
  dollaroffset: FORMAT.percent,
  r2: FORMAT.ratio,
  slope: FORMAT.ratio,
};

/** The measures, each a formula over the data columns, with the documentation test's pass/fail. */
function writeResults(
  plan: PlanBuilder,
  c: ReviewInputs,
  s: Series,
  title: number,
  headline: EffectivenessMethod
): { range: string; hedgeRatio: string } {
  plan.value(title, 0, "Results", { style: "subtitle" });
  const header = title + 1;
  plan.headers(header, 0, ["Measure", "Value", "Test"]);
  let row = header + 1;
  const measure = (
    label: string,
    formula: string,
    format: string,
    test?: (value: string) => string
  ) => {
    const value = a1(row, 1);
    plan.value(row, 0, label);
    plan.formula(row, 1, formula, { format });
    if (test) plan.formula(row, 2, test(value));
    else plan.value(row, 2, null);
    row++;
    return a1(row - 1, 2);
  };
  const effectiveness = (method: string) =>
    `=ALTHEDGE.HEDGEEFFECTIVENESS(${s.item},${s.hedge},${method})`;
  const passFail = (condition: string) => `=IF(${condition},"Pass","Fail")`;
  const offset = measure("Dollar offset", effectiveness(`"dollaroffset"`), FORMAT.percent, (v) =>
    passFail(`AND(${v}>=${c.offsetLow},${v}<=${c.offsetHigh})`)
  );
  const slope = measure("Regression slope", effectiveness(`"slope"`), FORMAT.ratio, (v) =>
    passFail(`AND(${v}>=-${c.offsetHigh},${v}<=-${c.offsetLow})`)
  );
  const r2 = measure("R squared", effectiveness(`"r2"`), FORMAT.ratio, (v) =>
    passFail(`${v}>=${c.minR2}`)
  );
  measure("Variance reduction", effectiveness(`"variance"`), FORMAT.percent);
  plan.value(row, 0, "Assessment", { style: "total" });
  plan.formula(
    row,
    1,
    `=IF(AND(${offset}="Pass",${slope}="Pass",${r2}="Pass"),"Effective","Not effective")`,
    { style: "total" }
  );
  plan.value(row++, 2, "Effective when all three tests pass", { style: "note" });
  // The same test with its fixed 80–125% and R² ≥ 0.80 ranges: differs from the row above only when
  // the thresholds above were edited. INDEX takes its one cell, so nothing spills.
  plan.value(row, 0, "Assessment by ALTHEDGE.HEDGETEST");
  plan.formula(row, 1, `=INDEX(ALTHEDGE.HEDGETEST(${s.item},${s.hedge}),5,2)`);
  plan.value(row++, 2, "Fixed ranges: dollar offset 80–125%, slope −1.25 to −0.80, R² ≥ 0.80", {
    style: "note",
  });
  // Shown as its own row above shows it (variance reduction 92.68%, not 0.93): one number, one way.
  measure("Headline measure", effectiveness(c.method), HEADLINE_FORMAT[headline]);
  measure("Correlation", `=CORREL(${s.item},${s.hedge})`, FORMAT.ratio);
  // The minimum-variance multiple of the hedge held: 1 means the hedge is sized right.
  const hedgeRatio = abs(row, 1);
  measure(
    "Hedge ratio (× current hedge)",
    `=-ALTHEDGE.MVHEDGERATIO(${s.item},${s.hedge})`,
    FORMAT.ratio
  );
  // Hedged change = item + hedge, i.e. item − (−1) × hedge in TRACKINGERROR's terms.
  measure(
    "Tracking error (annualised)",
    `=ALTHEDGE.TRACKINGERROR(${s.item},${s.hedge},-1,${c.periodsPerYear})`,
    FORMAT.money
  );
  measure("Max drawdown, unhedged", `=ALTHEDGE.MAXDRAWDOWN(${s.unhedgedValues})`, FORMAT.percent);
  measure("Max drawdown, hedged", `=ALTHEDGE.MAXDRAWDOWN(${s.hedgedValues})`, FORMAT.percent);
  // A book that never fell has no drawdown to reduce: say so rather than #DIV/0!.
  measure(
    "Drawdown reduction",
    `=IF(ALTHEDGE.MAXDRAWDOWN(${s.unhedgedValues})=0,"No drawdown to reduce",ALTHEDGE.DRAWDOWNREDUCTION(${s.unhedgedValues},${s.hedgedValues}))`,
    FORMAT.percent
  );
  if (row !== header + 1 + RESULT_ROWS) throw new Error("RESULT_ROWS is out of date");
  return { range: a1Range(header, 0, row - 1, 2), hedgeRatio };
}

/** Rows writeCoverage fills below the policy readings. */
const POLICY_ROWS = 3;

/**
 * The coverage the changes show (1 ÷ the minimum-variance multiple of the current hedge, see the
 * module's comment), its check against the policy's band, and the count of breaches.
 */
function writeCoverage(
  plan: PlanBuilder,
  top: number,
  hedgeRatio: string,
  policy: { coverageLow: string; coverageHigh: string }
): { check: string; breaches: string } {
  const coverage = plan.labelledFormula(
    top,
    "Coverage shown by the changes",
    `=IF(ISNUMBER(${hedgeRatio}),IF(${hedgeRatio}<>0,1/${hedgeRatio},"n/a"),"n/a")`,
    FORMAT.percent,
    "1 ÷ the hedge ratio (× current hedge) below: the hedge held over the hedge that minimises variance, i.e. hedge notional ÷ the book's beta-weighted value"
  );
  plan.labelledFormula(
    top + 1,
    "Coverage check",
    `=IF(ISNUMBER(${coverage}),IF(${coverage}<${policy.coverageLow},"${FLAG.belowBand}",IF(${coverage}>${policy.coverageHigh},"${FLAG.aboveBand}","${FLAG.withinBand}")),"n/a")`,
    undefined,
    "Against the policy's coverage band"
  );
  const check = a1(top + 1, 1);
  const breaches = writeBreaches(
    plan,
    top + 2,
    `=IF(OR(${check}="${FLAG.belowBand}",${check}="${FLAG.aboveBand}"),1,0)`,
    "1 when the coverage is outside the policy's band"
  );
  return { check, breaches };
}

/** The seed's three causes of declining effectiveness, and the trail a review leaves. */
const NOTES = [
  "Proxy mismatch",
  "Basis drift",
  "Operational slippage",
  "Changes to hedge ratios",
  "Roll costs",
  "Decision and owner",
];

function writeNotes(plan: PlanBuilder, title: number): void {
  plan.value(title, 0, "Review notes", { style: "subtitle" });
  NOTES.forEach((note, i) => {
    plan.value(title + 1 + i, 0, note);
    plan.input(title + 1 + i, 1, null);
  });
}

/** The data columns: inputs (changes or prices), then the hedged change and the two value paths. */
function writeData(
  plan: PlanBuilder,
  input: EffectivenessInput,
  c: ReviewInputs,
  l: DataLayout,
  header: number
): void {
  const headers = ["Period"];
  if (input.prices) headers.push("Item price", "Hedge price");
  headers.push("Item change", "Hedge change", "Hedged change", "Unhedged value", "Hedged value");
  plan.headers(header, 0, headers);
  const first = header + 1;
  const { item, hedge } = changesOf(input);
  const labels = periodLabels(input, item.length);
  labels.forEach((label, k) => {
    const row = first + k;
    const cell = (col: number) => a1(row, col);
    const above = (col: number) => a1(row - 1, col);
    plan.value(row, l.period, label.value, { format: label.format });
    if (input.prices && l.itemPrice !== undefined && l.hedgePrice !== undefined) {
      plan.input(row, l.itemPrice, input.prices.item[k], FORMAT.price);
      plan.input(row, l.hedgePrice, input.prices.hedge[k], FORMAT.price);
    }
    if (k === 0) {
      // The starting point: no change yet, both values at the start value.
      plan.value(row, l.itemChange, null);
      plan.value(row, l.hedgeChange, null);
      plan.value(row, l.hedged, null);
      plan.formula(row, l.unhedgedValue, `=${c.start}`, { format: FORMAT.money });
      plan.formula(row, l.hedgedValue, `=${c.start}`, { format: FORMAT.money });
      return;
    }
    if (input.prices && l.itemPrice !== undefined && l.hedgePrice !== undefined) {
      plan.formula(row, l.itemChange, `=${cell(l.itemPrice)}-${above(l.itemPrice)}`, {
        format: FORMAT.number,
      });
      // A short hedge gains when the hedge price falls.
      plan.formula(
        row,
        l.hedgeChange,
        `=-${c.hedgeRatio}*(${cell(l.hedgePrice)}-${above(l.hedgePrice)})`,
        { format: FORMAT.number }
      );
    } else {
      plan.input(row, l.itemChange, item[k - 1], FORMAT.number);
      plan.input(row, l.hedgeChange, hedge[k - 1], FORMAT.number);
    }
    plan.formula(row, l.hedged, `=${cell(l.itemChange)}+${cell(l.hedgeChange)}`, {
      format: FORMAT.number,
    });
    plan.formula(row, l.unhedgedValue, `=${above(l.unhedgedValue)}+${cell(l.itemChange)}`, {
      format: FORMAT.money,
    });
    plan.formula(row, l.hedgedValue, `=${above(l.hedgedValue)}+${cell(l.hedged)}`, {
      format: FORMAT.money,
    });
  });
}

/** Dates (as Excel serials) where given, else "Start", 1, 2, … */
function periodLabels(
  input: EffectivenessInput,
  changes: number
): { value: string | number; format?: string }[] {
  const labels: { value: string | number; format?: string }[] = [];
  for (let k = 0; k <= changes; k++) {
    const dateIndex = input.prices ? k : k - 1;
    const date = input.dates?.[dateIndex];
    if (date !== undefined && dateIndex >= 0)
      labels.push({ value: isoToSerial(date), format: FORMAT.date });
    else labels.push({ value: k === 0 ? "Start" : k });
  }
  return labels;
}

/**
 * One row per full window: the correlation and the minimum-variance hedge ratio of the trailing
 * `window` changes. Per-row formulas over fixed blocks of rows rather than the ROLLINGCORREL and
 * ROLLINGBETA spills: the rows stay aligned with their windows and the chart reads a table, and the
 * in-browser engine cannot size a spill from a cell's value. Returns the table's range.
 */
function writeRolling(
  plan: PlanBuilder,
  input: EffectivenessInput,
  l: DataLayout,
  firstChange: number,
  periods: number,
  header: number,
  col: number
): string {
  plan.headers(header, col, ["Window ending", "Rolling correlation", "Rolling hedge ratio"]);
  const windows = periods - input.window + 1;
  const dated = input.dates !== undefined;
  for (let k = 0; k < windows; k++) {
    const row = header + 1 + k;
    const from = firstChange + k;
    const to = from + input.window - 1;
    const item = a1Range(from, l.itemChange, to, l.itemChange);
    const hedge = a1Range(from, l.hedgeChange, to, l.hedgeChange);
    plan.formula(row, col, `=${a1(to, l.period)}`, dated ? { format: FORMAT.date } : {});
    // A window where either series stands still has no correlation (and a still hedge no ratio):
    // "n/a" says so, where CORREL and MVHEDGERATIO would show #DIV/0!.
    const still = (range: string) => `MAX(${range})=MIN(${range})`;
    plan.formula(
      row,
      col + 1,
      `=IF(OR(${still(item)},${still(hedge)}),"n/a",CORREL(${item},${hedge}))`,
      { format: FORMAT.ratio }
    );
    plan.formula(
      row,
      col + 2,
      `=IF(${still(hedge)},"n/a",-ALTHEDGE.MVHEDGERATIO(${item},${hedge}))`,
      {
        format: FORMAT.ratio,
      }
    );
  }
  return a1Range(header, col, header + windows, col + 2);
}

export const effectivenessWizard: Wizard<EffectivenessInput> = {
  id: "effectiveness",
  title: TITLE,
  summary:
    "Test the hedge: dollar offset, R², tracking error, drawdown reduction, rolling correlation.",
  sheetPrefix: PREFIX,
  sample: sampleEffectiveness,
  validate: validateEffectiveness,
  build: buildEffectiveness,
  logSummary: logEffectiveness,
};
