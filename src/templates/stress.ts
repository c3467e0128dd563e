/**
 * Wizard 6, stress scenarios (spec/taskpane.md §6). The seed article: "Stress scenarios should include
 * rapid price drops, funding spikes, and widening spreads"; hedges "should be stress tested under both
 * correlation spikes and correlation breaks"; "a hedge can be liquidated even when it is directionally
 * correct if collateral is insufficient"; "risk limits should define the maximum tolerable loss".
 *
 * Inputs: the book (token, value, beta to the benchmark, liquidity tier, locked), the hedge per
 * instrument (perpetual or dated, side, notional, beta to the benchmark), and the isolated position each
 * venue carries (its instrument, margin balance, position notional, maintenance rate). The scenario
 * families, each an editable row of the Scenarios table:
 * - benchmark shock s (−20%, −40%, −60%): token i moves β_i·s, instrument h moves β_h·s;
 * - rally (+20%, +40%, +60%): the same with s > 0, where the short hedge draws on its margin;
 * - correlation break: the benchmark shocks plus an extra move e_i the proxy does not cover (−15% for
 *   Low-tier tokens, −5% for the others);
 * - funding spike: 0.3% per payment (every 8 h) for 7 days, charged against each perpetual hedge;
 * - liquidity gap: Low-tier tokens exit 20% below the mark.
 * Per scenario (all live formulas over the sheet's own cells):
 * - book P&L = STRESSPNL(values, betas, s, 0, e) = Σ v_i(β_i·s + e_i), with e_i cut so that no token
 *   loses more than its value (β_i·s + e_i ≥ −1);
 * - hedge P&L = STRESSPNL(signed notionals, instrument betas, s) = Σ side_h·N_h·β_h·s;
 * - funding paid = Σ over perpetual hedges FUNDINGCOST(N_h, rate against h, side_h) × payments;
 * - net = book + hedge − funding, net ÷ book, Pass/Fail against the Policy's loss limit;
 * - per venue v: margin balance after = B_v + side_v·N_v·β_v·s − funding paid at v; buffer after =
 *   MARGINBUFFER(balance after, N_v(1 + β_v·s), m_v, side_v); liquidated when the balance is below
 *   maintenance at the start or the end of the move; top-up = COLLATERALNEEDED(N_v, adverse move, m_v,
 *   side_v) + funding paid at v − B_v (≥ 0), with which the venue ends the move exactly at maintenance.
 * The Policy's names (./policy) give the loss limit, the buffer levels and the maximum leverage.
 */
import { readable } from "./exposure";
import type { PlanConditionalFormat, SheetPlan } from "./plan";
import { BREACHES_LABEL, POLICY_LIMITS, policyName, type PolicyKey } from "./policy";
import {
  COLOUR,
  Checks,
  FORMAT,
  PlanBuilder,
  a1,
  a1Range,
  abs,
  absRange,
  colAbs,
  columnWidths,
  given,
  orDefault,
  plural,
  readFlag,
  readNumber,
  showNumber,
  showPercent,
  tableName,
  type FieldError,
  type Side,
  type WantedColumn,
  type Wizard,
  TOKEN_COLUMN,
} from "./common";

// ---------------------------------------------------------------------------------------------------
// Inputs

export type LiquidityTier = "High" | "Medium" | "Low";
export const LIQUIDITY_TIERS: readonly LiquidityTier[] = ["High", "Medium", "Low"];

/** How a hedge instrument carries: a perpetual pays or receives funding, a dated future rolls. */
export type HedgeType = "perpetual" | "dated";

/** One token of the book. */
export interface StressHolding {
  token: string;
  /** Market value in the quote currency (quantity × price). */
  value: number;
  /** Beta to the benchmark; 1 when left out (the sheet writes the 1). */
  beta?: number;
  tier: LiquidityTier;
  /** Locked, staked or vesting: cannot be sold in stress. */
  locked: boolean;
}

/** The hedge in one instrument. */
export interface StressHedge {
  /** "BTC-PERP"; venues name the instrument they carry by it. */
  instrument: string;
  type: HedgeType;
  side: Side;
  /** Notional at the mark, in the quote currency (positive; `side` gives the direction). */
  notional: number;
  /** The instrument's beta to the benchmark: 1 for the benchmark itself. */
  beta: number;
}

/** One venue's isolated position in one of the hedge instruments. */
export interface StressVenue {
  venue: string;
  /** The instrument of `hedges` the position is in. */
  instrument: string;
  /** Margin balance now, unrealised P&L included (the margin plan's "Margin balance"). */
  marginBalance: number;
  /** Position notional at the mark (part or all of the instrument's hedge notional). */
  notional: number;
  /** Maintenance margin rate, as a decimal (0.005 = 0.5%). */
  maintenanceRate: number;
}

export interface StressInput {
  /** What the betas are measured against ("BTC"). */
  benchmark: string;
  book: StressHolding[];
  hedges: StressHedge[];
  venues: StressVenue[];
  /** Benchmark falls, as negative decimals: −0.2, −0.4, −0.6. Correlation breaks use them too. */
  benchmarkShocks: number[];
  /** Benchmark rallies, as positive decimals: 0.2, 0.4, 0.6. */
  rallies: number[];
  /** Correlation break: the extra move of Low-tier tokens (−0.15) and of the others (−0.05). */
  lowTierExtra: number;
  otherExtra: number;
  /** Funding spike: the rate per payment (every 8 h), charged against each perpetual hedge. */
  fundingRate: number;
  /** …for this many days. */
  fundingDays: number;
  /** Liquidity gap: Low-tier tokens exit this far below the mark (0.2 = 20%). */
  liquidityGap: number;
}

const TITLE = "Stress scenarios";
const PREFIX = "Stress";

/**
 * Plausibility bounds (taskpane.md, "Trust rules"). Money has a floor of one cent, so that net ÷ book
 * and leverage (notional ÷ margin balance) stay finite; a benchmark fall stops short of 100%.
 */
export const STRESS_BOUNDS = {
  money: [0.01, 1e13],
  beta: 100,
  hedgeBeta: [0.01, 100],
  shock: [-0.99, 0],
  rally: [0, 10],
  extra: [-1, 1],
  gap: [0, 1],
  /** A funding rate per payment: no exchange caps it above 5%; 10% leaves room. */
  fundingRate: [0, 0.1],
  scenariosPerFamily: 6,
} as const;

/** Funding payments per day: every 8 hours. An input cell on the sheet. */
const PAYMENTS_PER_DAY = 3;

// ---------------------------------------------------------------------------------------------------
// Sample, validation, log

/**
 * The playground's sample book (src/playground/sample-book.json, Book sheet): the same twelve tokens,
 * values = quantity × price to the cent, betas to BTC, locked flags, and the tiers LIQUIDITYTIER gives
 * them at 10% participation with boundaries at 1 and 5 days; the hedge of its Perps sheet (short
 * 5,000,000 BTC-PERP and 1,500,000 ETH-PERP, ETH's beta to BTC 1.15). The venues and their balances
 * are invented.
 */
export function sampleStress(): StressInput {
  const token = (
    name: string,
    value: number,
    beta: number,
    tier: LiquidityTier,
    locked = false
  ): StressHolding => ({ token: name, value, beta, tier, locked });
  return {
    benchmark: "BTC",
    book: [
      token("SOL", 717312.6, 0.95, "High"),
      token("AVAX", 269860, 0.85, "High"),
      token("LINK", 658758.6, 0.98, "High"),
      token("ARB", 476216.38, 1.37, "High"),
      token("OP", 213561.6, 0.95, "High"),
      token("INJ", 809818.8, 1.6, "Medium"),
      token("TIA", 446923.2, 1.62, "Medium", true),
      token("SEI", 840068.6, 1.45, "Medium"),
      token("PYTH", 202800.3, 1.61, "Low", true),
      token("JUP", 454166, 1.76, "Low", true),
      token("WIF", 504490.5, 1.37, "High"),
      token("ONDO", 741519, 1.7, "Medium"),
    ],
    hedges: [
      { instrument: "BTC-PERP", type: "perpetual", side: "short", notional: 5_000_000, beta: 1 },
      { instrument: "ETH-PERP", type: "perpetual", side: "short", notional: 1_500_000, beta: 1.15 },
    ],
    venues: [
      {
        venue: "Exchange A",
        instrument: "BTC-PERP",
        marginBalance: 1_250_000,
        notional: 5_000_000,
        maintenanceRate: 0.005,
      },
      {
        venue: "Exchange B",
        instrument: "ETH-PERP",
        marginBalance: 330_000,
        notional: 1_500_000,
        maintenanceRate: 0.01,
      },
    ],
    benchmarkShocks: [-0.2, -0.4, -0.6],
    rallies: [0.2, 0.4, 0.6],
    lowTierExtra: -0.15,
    otherExtra: -0.05,
    fundingRate: 0.003,
    fundingDays: 7,
    liquidityGap: 0.2,
  };
}

const key = (name: string): string => name.trim().toUpperCase();

export function validateStress(input: StressInput): FieldError[] {
  const checks = new Checks();
  checks.text("benchmark", "What the betas are measured against (e.g. BTC)", input.benchmark);
  checkBook(checks, input.book);
  const hedges = checkHedges(checks, input);
  checkVenues(checks, input, hedges);
  checkScenarios(checks, input);
  return checks.errors;
}

function checkBook(checks: Checks, book: StressHolding[]): void {
  if (!Array.isArray(book) || book.length === 0) {
    checks.fail("book", "Add at least one token to the book");
    return;
  }
  const [minMoney, maxMoney] = STRESS_BOUNDS.money;
  book.forEach((holding, i) => {
    const field = (name: keyof StressHolding) => `book.${i}.${name}`;
    const name = holding.token?.trim() ? holding.token.trim() : `row ${i + 1}`;
    checks.text(field("token"), `The token of row ${i + 1}`, holding.token);
    checks.within(field("value"), `Value of ${name}`, holding.value, minMoney, maxMoney);
    if (given(holding.beta))
      checks.within(
        field("beta"),
        `Beta of ${name}`,
        holding.beta,
        -STRESS_BOUNDS.beta,
        STRESS_BOUNDS.beta
      );
    if (!LIQUIDITY_TIERS.includes(holding.tier))
      checks.fail(
        field("tier"),
        holding.tier === undefined || (holding.tier as string) === ""
          ? `The liquidity tier of ${name} is required: High, Medium or Low`
          : `The liquidity tier of ${name} must be High, Medium or Low, got ${JSON.stringify(holding.tier)}`
      );
  });
}

/** The hedge table's checks; returns each instrument (upper case) with its row, for the venues. */
function checkHedges(checks: Checks, input: StressInput): Map<string, StressHedge> {
  const names = new Map<string, StressHedge>();
  if (!Array.isArray(input.hedges) || input.hedges.length === 0) {
    checks.fail("hedges", "Add at least one hedge instrument (e.g. BTC-PERP)");
    return names;
  }
  const benchmark = input.benchmark?.trim() || "the benchmark";
  const [minMoney, maxMoney] = STRESS_BOUNDS.money;
  const [minBeta, maxBeta] = STRESS_BOUNDS.hedgeBeta;
  input.hedges.forEach((hedge, i) => {
    const field = (name: keyof StressHedge) => `hedges.${i}.${name}`;
    const name = hedge.instrument?.trim() || `row ${i + 1}`;
    if (
      checks.text(field("instrument"), `The instrument of hedge row ${i + 1}`, hedge.instrument)
    ) {
      if (names.has(key(name)))
        checks.fail(
          field("instrument"),
          `Hedge instruments must differ: "${name}" is listed twice (one row per instrument)`
        );
      else names.set(key(name), hedge);
    }
    if (hedge.type !== "perpetual" && hedge.type !== "dated")
      checks.fail(field("type"), `The type of ${name} must be perpetual or dated`);
    checks.side(field("side"), `Side of ${name}`, hedge.side);
    checks.within(field("notional"), `Notional of ${name}`, hedge.notional, minMoney, maxMoney);
    checks.within(field("beta"), `Beta of ${name} to ${benchmark}`, hedge.beta, minBeta, maxBeta);
  });
  return names;
}

function checkVenues(checks: Checks, input: StressInput, hedges: Map<string, StressHedge>): void {
  if (!Array.isArray(input.venues) || input.venues.length === 0) {
    checks.fail("venues", "Add at least one venue with the position it carries");
    return;
  }
  const [minMoney, maxMoney] = STRESS_BOUNDS.money;
  const carried = new Map<string, number>();
  input.venues.forEach((venue, i) => {
    const field = (name: keyof StressVenue) => `venues.${i}.${name}`;
    const name = venue.venue?.trim() ? venue.venue.trim() : `row ${i + 1}`;
    checks.text(field("venue"), `The name of venue ${i + 1}`, venue.venue);
    let known = false;
    if (checks.text(field("instrument"), `The instrument at ${name}`, venue.instrument)) {
      known = hedges.has(key(venue.instrument));
      if (!known && hedges.size > 0)
        checks.fail(
          field("instrument"),
          `The instrument at ${name}, "${venue.instrument.trim()}", is not in the hedge table: add it there with its notional, side and beta`
        );
    }
    checks.within(
      field("marginBalance"),
      `Margin balance at ${name}`,
      venue.marginBalance,
      minMoney,
      maxMoney
    );
    const notionalOk = checks.within(
      field("notional"),
      `Position notional at ${name}`,
      venue.notional,
      minMoney,
      maxMoney
    );
    checks.between(
      field("maintenanceRate"),
      `Maintenance rate at ${name}`,
      venue.maintenanceRate,
      0,
      1,
      { hi: true }
    );
    if (known && notionalOk) {
      const instrument = key(venue.instrument);
      const total = (carried.get(instrument) ?? 0) + venue.notional;
      carried.set(instrument, total);
      const hedge = hedges.get(instrument)!;
      // The venues carry the hedge: together they cannot hold more of an instrument than it has.
      if (Number.isFinite(hedge.notional) && total > hedge.notional * (1 + 1e-12))
        checks.fail(
          field("notional"),
          `The venues carry ${readable(total)} of ${hedge.instrument.trim()}, more than its hedge notional of ${readable(hedge.notional)}: correct the venue's notional or the hedge's`
        );
    }
  });
}

function checkScenarios(checks: Checks, input: StressInput): void {
  const family = (
    field: "benchmarkShocks" | "rallies",
    label: string,
    example: string,
    [lo, hi]: readonly [number, number]
  ): number[] => {
    const moves = input[field];
    if (!Array.isArray(moves) || moves.length === 0) {
      checks.fail(field, `Add at least one ${label.toLowerCase()} (e.g. ${example})`);
      return [];
    }
    if (moves.length > STRESS_BOUNDS.scenariosPerFamily)
      checks.fail(
        field,
        `At most ${STRESS_BOUNDS.scenariosPerFamily} ${label.toLowerCase()}s, got ${moves.length}`
      );
    return moves.filter((move, i) =>
      checks.within(`${field}.${i}`, `${label} ${i + 1}`, move, lo, hi)
    );
  };
  const shocks = family(
    "benchmarkShocks",
    "Benchmark shock",
    "−20%, −40%, −60%",
    STRESS_BOUNDS.shock
  );
  family("rallies", "Rally", "20%, 40%, 60%", STRESS_BOUNDS.rally);
  const [minExtra, maxExtra] = STRESS_BOUNDS.extra;
  checks.within(
    "lowTierExtra",
    "The extra move of Low-tier tokens",
    input.lowTierExtra,
    minExtra,
    maxExtra
  );
  checks.within(
    "otherExtra",
    "The extra move of the other tokens",
    input.otherExtra,
    minExtra,
    maxExtra
  );
  const [minRate, maxRate] = STRESS_BOUNDS.fundingRate;
  checks.within(
    "fundingRate",
    "The funding spike's rate per payment",
    input.fundingRate,
    minRate,
    maxRate
  );
  checks.days("fundingDays", "The funding spike's days", input.fundingDays);
  const [minGap, maxGap] = STRESS_BOUNDS.gap;
  checks.within("liquidityGap", "The liquidity gap", input.liquidityGap, minGap, maxGap);

  // A price cannot fall below 0: an instrument's move β·s must stay above −100% (its notional at the
  // new mark is what MARGINBUFFER divides by).
  const hedges = (input.hedges ?? []).filter(
    (hedge) => typeof hedge?.beta === "number" && hedge.beta > 0 && Number.isFinite(hedge.beta)
  );
  (input.benchmarkShocks ?? []).forEach((shock, i) => {
    if (!shocks.includes(shock)) return;
    const falling = hedges.find((hedge) => 1 + hedge.beta * shock <= 0);
    if (falling)
      checks.fail(
        `benchmarkShocks.${i}`,
        `A benchmark shock of ${showPercent(shock)} takes ${falling.instrument?.trim() || "a hedge"} (beta ${showNumber(falling.beta)}) to ${showPercent(falling.beta * shock)}: a price cannot fall 100% or more; lower the shock or check the beta`
      );
  });
}

export function logStress(input: StressInput): string {
  const signed = (move: number) => `${move > 0 ? "+" : ""}${showPercent(move)}`;
  const hedges = input.hedges
    .map(
      (h) =>
        `${h.side} ${h.instrument} ${showNumber(h.notional)} (${h.type}, beta ${showNumber(h.beta)})`
    )
    .join(", ");
  return [
    `${plural(input.book.length, "token")}, ${plural(input.hedges.length, "hedge")}, ${plural(input.venues.length, "venue")}`,
    `betas to ${input.benchmark}`,
    hedges,
    `shocks ${input.benchmarkShocks.map(signed).join("/")}`,
    `rallies ${input.rallies.map(signed).join("/")}`,
    `correlation break ${signed(input.lowTierExtra)} Low, ${signed(input.otherExtra)} others`,
    `funding ${showPercent(input.fundingRate)} per 8 h for ${showNumber(input.fundingDays)} days`,
    `liquidity gap ${showPercent(input.liquidityGap)}`,
    `loss limit ${policyName("lossLimit")}`,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// "Use selected range": the book

/**
 * Columns of a book range: an exposure sheet's holdings table or the sample book's Book sheet maps
 * as it is (Value, Beta to BTC, Tier, Locked). Token, value and tier are required.
 */
export const STRESS_BOOK_COLUMNS: WantedColumn[] = [
  { ...TOKEN_COLUMN, required: true },
  {
    key: "value",
    label: "Value",
    required: true,
    aliases: ["value", "market value", "position value", "value usd", "usd value", "exposure"],
  },
  { key: "beta", label: "Beta", aliases: ["beta"] },
  {
    key: "tier",
    label: "Liquidity tier",
    required: true,
    aliases: ["tier", "liquidity tier", "liquidity"],
  },
  {
    key: "locked",
    label: "Locked",
    aliases: ["locked", "staked", "lockup", "vesting", "illiquid"],
  },
];

type RangeCell = string | number | boolean | null;

/** "high", "HIGH", " High " → "High"; anything else is passed on for `validate` to name. */
function readTier(cell: RangeCell | undefined): LiquidityTier {
  const text = cell === null || cell === undefined ? "" : String(cell).trim();
  const tier = LIQUIDITY_TIERS.find((t) => t.toLowerCase() === text.toLowerCase());
  return tier ?? (text as LiquidityTier);
}

/**
 * The book of a selected range (header row removed), blank rows skipped. A value left blank or
 * unreadable is NaN, so that `validate` names it; a beta left blank is left out (1, shown in the form
 * and written on the sheet); no locked column means nothing is locked.
 */
export function bookFromRows(
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>
): StressHolding[] {
  const blank = (cell: RangeCell) => cell === null || (typeof cell === "string" && !cell.trim());
  return rows
    .filter((row) => !row.every(blank))
    .map((row) => {
      const at = (name: string) => {
        const index = mapping[name];
        return index === undefined ? undefined : row[index];
      };
      const token = at("token");
      const holding: StressHolding = {
        token: token === null || token === undefined ? "" : String(token).trim(),
        value: readNumber(at("value")) ?? NaN,
        tier: readTier(at("tier")),
        locked: readFlag(at("locked")),
      };
      const beta = readNumber(at("beta"));
      if (beta !== undefined) holding.beta = beta;
      return holding;
    });
}

// ---------------------------------------------------------------------------------------------------
// The sheet

/** Scenario families, in the order of the spec. */
const FAMILY = {
  shock: "Benchmark shock",
  rally: "Rally",
  break: "Correlation break",
  funding: "Funding spike",
  gap: "Liquidity gap",
} as const;

/** One row of the Scenarios table, as written. */
interface Scenario {
  family: (typeof FAMILY)[keyof typeof FAMILY];
  shock: number;
  lowExtra: number;
  otherExtra: number;
  gap: number;
  fundingRate: number;
  fundingDays: number;
}

/** The scenario rows the inputs give: shocks, rallies, correlation breaks, funding spike, gap. */
export function scenariosOf(input: StressInput): Scenario[] {
  const quiet = { lowExtra: 0, otherExtra: 0, gap: 0, fundingRate: 0, fundingDays: 0 };
  return [
    ...input.benchmarkShocks.map((shock) => ({ family: FAMILY.shock, shock, ...quiet })),
    ...input.rallies.map((shock) => ({ family: FAMILY.rally, shock, ...quiet })),
    ...input.benchmarkShocks.map((shock) => ({
      family: FAMILY.break,
      shock,
      ...quiet,
      lowExtra: input.lowTierExtra,
      otherExtra: input.otherExtra,
    })),
    {
      family: FAMILY.funding,
      shock: 0,
      ...quiet,
      fundingRate: input.fundingRate,
      fundingDays: input.fundingDays,
    },
    { family: FAMILY.gap, shock: 0, ...quiet, gap: input.liquidityGap },
  ];
}

/** Columns of the Scenarios table (inputs but the name). */
const S = {
  name: 0,
  family: 1,
  shock: 2,
  lowExtra: 3,
  otherExtra: 4,
  gap: 5,
  fundingRate: 6,
  fundingDays: 7,
} as const;
const SCENARIO_HEADERS = (benchmark: string) => [
  "Scenario",
  "Family",
  `${benchmark} move`,
  "Extra move, Low tier",
  "Extra move, other tiers",
  "Exit gap, Low tier",
  "Funding per payment (8 h)",
  "Funding days",
];

/** Columns of the Results table: the headline first (the chart reads Scenario and Net P&L). */
const R = {
  name: 0,
  net: 1,
  share: 2,
  result: 3,
  book: 4,
  locked: 5,
  hedge: 6,
  funding: 7,
  liquidated: 8,
  topUp: 9,
} as const;
const RESULT_HEADERS = [
  "Scenario",
  "Net P&L",
  "Net ÷ book",
  "Result",
  "Book P&L",
  "Locked tokens' P&L",
  "Hedge P&L",
  "Funding paid",
  "Venues liquidated",
  "Top-ups needed",
];

/** Columns of the Book table. */
const B = { token: 0, value: 1, beta: 2, tier: 3, locked: 4, lockedValue: 5 } as const;
const BOOK_HEADERS = (benchmark: string) => [
  "Token",
  "Value",
  `Beta to ${benchmark}`,
  "Liquidity tier",
  "Locked",
  "Locked value",
];

/** Columns of the Hedges table. */
const H = {
  instrument: 0,
  type: 1,
  side: 2,
  notional: 3,
  beta: 4,
  signed: 5,
  atVenues: 6,
} as const;
const HEDGE_HEADERS = (benchmark: string) => [
  "Instrument",
  "Type",
  "Side",
  "Notional",
  `Beta to ${benchmark}`,
  "Signed notional",
  "At listed venues",
];

/** Columns of the Venues table: inputs, what comes from the instrument, then the buffer now. */
const V = {
  venue: 0,
  instrument: 1,
  balance: 2,
  notional: 3,
  maintenance: 4,
  side: 5,
  beta: 6,
  type: 7,
  buffer: 8,
  level: 9,
  toLiquidation: 10,
  leverage: 11,
  leverageCheck: 12,
} as const;
const VENUE_HEADERS = (benchmark: string) => [
  "Venue",
  "Instrument",
  "Margin balance",
  "Position notional",
  "Maintenance rate",
  "Side",
  `Beta to ${benchmark}`,
  "Type",
  "Buffer now",
  "Level",
  `${benchmark} move to liquidation`,
  "Leverage",
  "Leverage check",
];

const TYPE_LABEL: Record<HedgeType, string> = { perpetual: "Perpetual", dated: "Dated" };
const YES = "Yes";
const NO = "No";
const FAIL = "Fail";
const PASS = "Pass";
const LIQUIDATED = "Liquidated";
const SURVIVES = "Survives";
const OVER = "Above the maximum";
const WITHIN = "OK";
const LEVEL = { ok: "OK", warning: "Warning", critical: "Critical" } as const;
const SHOCK_FORMAT = "0.0%";
const LEVERAGE_FORMAT = '0.0"×"';

/** Where each part of the sheet goes: rows are fixed before anything is written (formulas look ahead). */
interface Block {
  title: number;
  header: number;
  first: number;
  last: number;
  /** The first row after the data rows (a total or the notes). */
  after: number;
}

class Rows {
  constructor(private next: number) {}

  /** A titled block of `count` data rows and `extra` rows under them (totals, notes). */
  block(count: number, extra: number): Block {
    const title = this.next;
    const block = {
      title,
      header: title + 1,
      first: title + 2,
      last: title + 1 + count,
      after: title + 2 + count,
    };
    this.next = block.after + extra + 1;
    return block;
  }
}

/**
 * The settings block's rows: the benchmark, payments per day and the book's value, then the Policy's
 * limits read by name (label, `=AltHedge_…`, a note naming the cell), the count of policy breaches and
 * the two counts behind it.
 */
const SET = {
  benchmark: 4,
  perDay: 5,
  bookValue: 6,
  policy: 8,
  lossLimit: 9,
  warning: 10,
  critical: 11,
  maxLeverage: 12,
  breaches: 13,
  fails: 14,
  liquidations: 15,
} as const;

/** The label of the sheet's count of breaches (as every template's sheet says it). */
export const BREACHES = BREACHES_LABEL;

/** Notes under each block, so that the layout leaves room for them. */
const NOTES = {
  scenarios: 4,
  results: 3,
  grid: 1,
  book: 2,
  hedges: 2,
  venues: 2,
} as const;

export function buildStress(input: StressInput, date: string): SheetPlan {
  const plan = new PlanBuilder();
  const benchmark = input.benchmark.trim();
  const quoted = benchmark.replace(/"/g, '""');
  const scenarios = scenariosOf(input);
  const K = scenarios.length;
  const book = input.book;
  const hedges = input.hedges.map((h) => ({ ...h, instrument: h.instrument.trim() }));
  const venues = input.venues.map((v) => ({
    ...v,
    venue: v.venue.trim(),
    instrument: v.instrument.trim(),
  }));

  // ---- layout
  const rows = new Rows(SET.liquidations + 2);
  const L = {
    scenarios: rows.block(K, NOTES.scenarios),
    results: rows.block(K, NOTES.results),
    buffer: rows.block(K, NOTES.grid),
    liquidated: rows.block(K, NOTES.grid),
    topUp: rows.block(K, NOTES.grid),
    book: rows.block(book.length, 1 + NOTES.book),
    hedges: rows.block(hedges.length, NOTES.hedges),
    venues: rows.block(venues.length, NOTES.venues),
    hedgePnl: rows.block(K, NOTES.grid),
    funding: rows.block(K, NOTES.grid),
    venueFunding: rows.block(K, NOTES.grid),
    balanceAfter: rows.block(K, NOTES.grid),
    extra: rows.block(book.length, NOTES.grid),
  };

  // ---- references
  const setting = (row: number) => abs(row, 1);
  const lossLimit = setting(SET.lossLimit);
  const warning = setting(SET.warning);
  const critical = setting(SET.critical);
  const maxLeverage = setting(SET.maxLeverage);
  const perDay = setting(SET.perDay);
  const bookValue = setting(SET.bookValue);
  const column = (block: Block, col: number) => absRange(block.first, col, block.last, col);
  const scenario = (k: number, col: number) => abs(L.scenarios.first + k, col);
  const hedge = (h: number, col: number) => abs(L.hedges.first + h, col);
  const venue = (v: number, col: number) => abs(L.venues.first + v, col);
  /** +1 for a long, −1 for a short: the sign of a position's P&L as the price rises. */
  const sign = (side: string) => `IF(${side}="long",1,-1)`;
  /** A grid row (scenarios down, venues or instruments across) as a range. */
  const gridRow = (block: Block, k: number, count: number) =>
    a1Range(block.first + k, 1, block.first + k, count);

  plan.heading(
    TITLE,
    "Stress tests should include rapid price drops, correlation breaks, funding spikes and liquidity gaps: a hedge that works in calm conditions can fail in stress, and a directionally correct hedge can be liquidated if collateral is insufficient.",
    `Each scenario moves every token by its beta × the ${benchmark} move plus an extra move the proxy does not cover, and every hedge instrument by its beta × the ${benchmark} move. The limits come from the Policy sheet's named cells. Edit the pale yellow input cells: the sheet recalculates.`
  );
  writeSettings(plan, benchmark, K, venues.length);

  // ---- scenarios (inputs)
  plan.value(L.scenarios.title, 0, "Scenarios", { style: "subtitle" });
  plan.headers(L.scenarios.header, 0, SCENARIO_HEADERS(benchmark));
  scenarios.forEach((s, k) => {
    const row = L.scenarios.first + k;
    const cell = (col: number) => a1(row, col);
    const move = `IF(${cell(S.shock)}>0,"+","")&ROUND(${cell(S.shock)}*100,2)&"%"`;
    const name: Record<Scenario["family"], string> = {
      [FAMILY.shock]: `="${quoted} "&${move}`,
      [FAMILY.rally]: `="${quoted} "&${move}&" rally"`,
      [FAMILY.break]: `="Correlation break, ${quoted} "&${move}`,
      [FAMILY.funding]: `="Funding spike "&ROUND(${cell(S.fundingRate)}*100,4)&"% for "&ROUND(${cell(S.fundingDays)},2)&" days"`,
      [FAMILY.gap]: `="Liquidity gap "&ROUND(${cell(S.gap)}*100,2)&"%, Low tier"`,
    };
    plan.formula(row, S.name, name[s.family]);
    plan.value(row, S.family, s.family);
    plan.input(row, S.shock, s.shock, SHOCK_FORMAT);
    plan.input(row, S.lowExtra, s.lowExtra, SHOCK_FORMAT);
    plan.input(row, S.otherExtra, s.otherExtra, SHOCK_FORMAT);
    plan.input(row, S.gap, s.gap, SHOCK_FORMAT);
    plan.input(row, S.fundingRate, s.fundingRate, FORMAT.percent);
    plan.input(row, S.fundingDays, s.fundingDays, FORMAT.number);
  });
  const scenarioNotes = [
    `Tokens move beta × the ${benchmark} move plus their extra move (ALTHEDGE.STRESSPNL); a token cannot lose more than its value, so where that would pass −100% its extra move is cut to leave it at zero (see "Extra move by token"). Hedge instruments move beta × the ${benchmark} move only: the extra move is what the proxy does not cover.`,
    "Rally: the book's gain counts at the mark in Net P&L, locked tokens included (their part is in Locked tokens' P&L), but locked tokens cannot be sold and Low-tier tokens only slowly, so that gain cannot meet a margin call: a short hedge's loss is drawn from each venue's margin balance, and any top-up must come from other collateral.",
    "Funding spike: the rate is charged against each perpetual hedge at every payment (a short pays when funding is negative, a long when it is positive): ALTHEDGE.FUNDINGCOST for one payment × days × payments per day, drawn from the margin balance of the venue carrying it. Dated futures pay no funding (their carry is the roll, see the rollover schedule): 0 here.",
    "Liquidity gap: every Low-tier token exits that far below the mark, locked ones included: they cannot be sold in stress at all, so their exit price is if anything lower. The hedge does not move.",
  ];
  scenarioNotes.forEach((note, i) => plan.value(L.scenarios.after + i, 0, note, { style: "note" }));

  // ---- book (inputs)
  plan.value(L.book.title, 0, "Book", { style: "subtitle" });
  plan.headers(L.book.header, 0, BOOK_HEADERS(benchmark));
  book.forEach((holding, i) => {
    const row = L.book.first + i;
    plan.input(row, B.token, holding.token.trim());
    plan.input(row, B.value, holding.value, FORMAT.money);
    plan.input(row, B.beta, orDefault(holding.beta, 1), FORMAT.ratio);
    plan.input(row, B.tier, holding.tier);
    plan.input(row, B.locked, holding.locked ? YES : NO);
    plan.formula(row, B.lockedValue, `=IF(${a1(row, B.locked)}="${YES}",${a1(row, B.value)},0)`, {
      format: FORMAT.money,
    });
  });
  const bookTotal = L.book.after;
  plan.value(bookTotal, 0, "Total", { style: "total" });
  for (const col of [B.value, B.lockedValue])
    plan.formula(bookTotal, col, `=SUM(${a1Range(L.book.first, col, L.book.last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
  [
    `Value in the quote currency (quantity × price). Beta to ${benchmark}: 1 moves with ${benchmark}. Liquidity tier: High, Medium or Low, as the exposure segmentation sorts tokens by days to liquidate.`,
    "Locked: staked, vesting or otherwise not sellable in stress, so it relies on the derivative hedge.",
  ].forEach((note, i) => plan.value(bookTotal + 1 + i, 0, note, { style: "note" }));
  const values = column(L.book, B.value);
  const betas = column(L.book, B.beta);
  const lockedValues = column(L.book, B.lockedValue);

  // ---- hedges (inputs)
  plan.value(L.hedges.title, 0, "Hedge by instrument", { style: "subtitle" });
  plan.headers(L.hedges.header, 0, HEDGE_HEADERS(benchmark));
  hedges.forEach((h, i) => {
    const row = L.hedges.first + i;
    const cell = (col: number) => a1(row, col);
    plan.input(row, H.instrument, h.instrument);
    plan.input(row, H.type, TYPE_LABEL[h.type]);
    plan.input(row, H.side, h.side);
    plan.input(row, H.notional, h.notional, FORMAT.money);
    plan.input(row, H.beta, h.beta, FORMAT.ratio);
    plan.formula(row, H.signed, `=${sign(cell(H.side))}*${cell(H.notional)}`, {
      format: FORMAT.money,
    });
    plan.formula(
      row,
      H.atVenues,
      `=SUMIF(${column(L.venues, V.instrument)},${cell(H.instrument)},${column(L.venues, V.notional)})`,
      { format: FORMAT.money }
    );
  });
  [
    `Beta to ${benchmark}: 1 for ${benchmark} itself. Signed notional: negative for a short. Perpetual: pays or receives funding every 8 hours; Dated: a future with an expiry, no funding.`,
    "At listed venues: the position notionals of the venues below that carry the instrument; more than the hedge's notional is flagged red. Instruments never mix: each row is one instrument.",
  ].forEach((note, i) => plan.value(L.hedges.after + i, 0, note, { style: "note" }));
  const hedgeInstruments = column(L.hedges, H.instrument);
  const signedNotionals = column(L.hedges, H.signed);
  const hedgeBetas = column(L.hedges, H.beta);

  // ---- venues (inputs, the instrument's side, beta and type, the buffer now)
  plan.value(L.venues.title, 0, "Venues (one isolated position each)", { style: "subtitle" });
  plan.headers(L.venues.header, 0, VENUE_HEADERS(benchmark));
  venues.forEach((v, i) => {
    const row = L.venues.first + i;
    const cell = (col: number) => a1(row, col);
    const byInstrument = (col: number) =>
      `=INDEX(${column(L.hedges, col)},MATCH(${cell(V.instrument)},${hedgeInstruments},0))`;
    plan.input(row, V.venue, v.venue);
    plan.input(row, V.instrument, v.instrument);
    plan.input(row, V.balance, v.marginBalance, FORMAT.money);
    plan.input(row, V.notional, v.notional, FORMAT.money);
    plan.input(row, V.maintenance, v.maintenanceRate, FORMAT.percent);
    plan.formula(row, V.side, byInstrument(H.side));
    plan.formula(row, V.beta, byInstrument(H.beta), { format: FORMAT.ratio });
    plan.formula(row, V.type, byInstrument(H.type));
    plan.formula(
      row,
      V.buffer,
      `=ALTHEDGE.MARGINBUFFER(${cell(V.balance)},${cell(V.notional)},${cell(V.maintenance)},${cell(V.side)})`,
      { format: FORMAT.percent }
    );
    plan.formula(
      row,
      V.level,
      `=IF(${cell(V.buffer)}<${critical},"${LEVEL.critical}",IF(${cell(V.buffer)}<${warning},"${LEVEL.warning}","${LEVEL.ok}"))`
    );
    // The buffer is the instrument's adverse move; the benchmark's is that ÷ beta, up for a short.
    plan.formula(
      row,
      V.toLiquidation,
      `=IF(${cell(V.side)}="long",-1,1)*${cell(V.buffer)}/${cell(V.beta)}`,
      { format: FORMAT.percent }
    );
    plan.formula(row, V.leverage, `=${cell(V.notional)}/${cell(V.balance)}`, {
      format: LEVERAGE_FORMAT,
    });
    plan.formula(
      row,
      V.leverageCheck,
      `=IF(${cell(V.leverage)}>${maxLeverage},"${OVER}","${WITHIN}")`
    );
  });
  [
    "Margin balance: collateral after haircut plus unrealised P&L, as the margin plan's Margin balance column. One row per isolated position: a venue carrying two instruments takes two rows. Cross margin is not modelled: a surplus on one row does not cover another until it is moved.",
    `Buffer now: ALTHEDGE.MARGINBUFFER, the instrument's adverse move to liquidation; ${benchmark} move to liquidation = that ÷ the instrument's beta (a rise for a short). Leverage = position notional ÷ margin balance, checked against the Policy's maximum.`,
  ].forEach((note, i) => plan.value(L.venues.after + i, 0, note, { style: "note" }));

  // ---- extra move by token (workings): the move beyond beta × shock, cut at a total of −100%
  writeGridHeader(
    plan,
    L.extra,
    "Extra move by token (beyond beta × the benchmark move)",
    "Token",
    K,
    (k) => `=${scenario(k, S.name)}`
  );
  book.forEach((_, i) => {
    const row = L.extra.first + i;
    const token = (col: number) => abs(L.book.first + i, col);
    plan.formula(row, 0, `=${token(B.token)}`);
    for (let k = 0; k < K; k++) {
      const low = `${token(B.tier)}="Low"`;
      const raw = `IF(${low},${scenario(k, S.lowExtra)},${scenario(k, S.otherExtra)})-IF(${low},${scenario(k, S.gap)},0)`;
      plan.formula(row, 1 + k, `=MAX(-1-${token(B.beta)}*${scenario(k, S.shock)},${raw})`, {
        format: FORMAT.percent,
      });
    }
  });
  plan.value(
    L.extra.after,
    0,
    "Extra move = the tier's extra move − the exit gap for Low-tier tokens, but never below −100% − beta × the benchmark move, so that no token loses more than its value.",
    { style: "note" }
  );
  const extraColumn = (k: number) => absRange(L.extra.first, 1 + k, L.extra.last, 1 + k);

  // ---- hedge P&L and funding by instrument (workings)
  const H_COUNT = hedges.length;
  writeGridHeader(
    plan,
    L.hedgePnl,
    "Hedge P&L by instrument",
    "Scenario",
    H_COUNT,
    (h) => `=${hedge(h, H.instrument)}`
  );
  writeGridHeader(
    plan,
    L.funding,
    "Funding paid by instrument",
    "Scenario",
    H_COUNT,
    (h) => `=${hedge(h, H.instrument)}`
  );
  for (let k = 0; k < K; k++) {
    for (const block of [L.hedgePnl, L.funding])
      plan.formula(block.first + k, 0, `=${scenario(k, S.name)}`);
    for (let h = 0; h < H_COUNT; h++) {
      plan.formula(
        L.hedgePnl.first + k,
        1 + h,
        `=ALTHEDGE.STRESSPNL(${hedge(h, H.signed)},${hedge(h, H.beta)},${scenario(k, S.shock)})`,
        { format: FORMAT.money }
      );
      plan.formula(
        L.funding.first + k,
        1 + h,
        `=${fundingPaid(hedge(h, H.type), hedge(h, H.notional), hedge(h, H.side), k)}`,
        { format: FORMAT.money }
      );
    }
  }
  plan.value(
    L.hedgePnl.after,
    0,
    "Hedge P&L = signed notional × beta × the benchmark move (ALTHEDGE.STRESSPNL), one instrument per column: instruments are never added but as money.",
    { style: "note" }
  );
  plan.value(
    L.funding.after,
    0,
    "Funding paid (positive = paid) = ALTHEDGE.FUNDINGCOST of one payment at the rate against the hedge × days × payments per day; dated futures: 0.",
    { style: "note" }
  );

  function fundingPaid(type: string, notional: string, side: string, k: number): string {
    const rate = `${sign(side)}*${scenario(k, S.fundingRate)}`;
    return `IF(${type}="${TYPE_LABEL.perpetual}",ALTHEDGE.FUNDINGCOST(${notional},${rate},${side})*${scenario(k, S.fundingDays)}*${perDay},0)`;
  }

  // ---- venues after each scenario
  const VC = venues.length;
  const venueHeader = (v: number) => `=${venue(v, V.venue)}&" ("&${venue(v, V.instrument)}&")"`;
  writeGridHeader(plan, L.venueFunding, "Funding paid at each venue", "Scenario", VC, venueHeader);
  writeGridHeader(
    plan,
    L.balanceAfter,
    "Margin balance after the move",
    "Scenario",
    VC,
    venueHeader
  );
  writeGridHeader(plan, L.buffer, "Margin buffer after the move", "Scenario", VC, venueHeader);
  writeGridHeader(plan, L.liquidated, "Liquidated?", "Scenario", VC, venueHeader);
  writeGridHeader(
    plan,
    L.topUp,
    "Top-up that keeps each venue above maintenance",
    "Scenario",
    VC,
    venueHeader
  );
  for (let k = 0; k < K; k++) {
    for (const block of [L.venueFunding, L.balanceAfter, L.buffer, L.liquidated, L.topUp])
      plan.formula(block.first + k, 0, `=${scenario(k, S.name)}`);
    const shock = scenario(k, S.shock);
    for (let v = 0; v < VC; v++) {
      const at = (col: number) => venue(v, col);
      const col = 1 + v;
      const funding = a1(L.venueFunding.first + k, col);
      const balanceAfter = a1(L.balanceAfter.first + k, col);
      const bufferAfter = a1(L.buffer.first + k, col);
      plan.formula(
        L.venueFunding.first + k,
        col,
        `=${fundingPaid(at(V.type), at(V.notional), at(V.side), k)}`,
        { format: FORMAT.money }
      );
      plan.formula(
        L.balanceAfter.first + k,
        col,
        `=${at(V.balance)}+${sign(at(V.side))}*${at(V.notional)}*${at(V.beta)}*${shock}-${funding}`,
        { format: FORMAT.money }
      );
      plan.formula(
        L.buffer.first + k,
        col,
        `=ALTHEDGE.MARGINBUFFER(${balanceAfter},${at(V.notional)}*(1+${at(V.beta)}*${shock}),${at(V.maintenance)},${at(V.side)})`,
        { format: FORMAT.percent }
      );
      plan.formula(
        L.liquidated.first + k,
        col,
        `=IF(OR(${at(V.buffer)}<0,${bufferAfter}<0),"${LIQUIDATED}","${SURVIVES}")`
      );
      // The adverse move: a rise for a short, a fall for a long; none when the move is favourable.
      const adverse = `MAX(0,IF(${at(V.side)}="long",-1,1)*${at(V.beta)}*${shock})`;
      plan.formula(
        L.topUp.first + k,
        col,
        `=MAX(0,ALTHEDGE.COLLATERALNEEDED(${at(V.notional)},${adverse},${at(V.maintenance)},${at(V.side)})+${funding}-${at(V.balance)})`,
        { format: FORMAT.money }
      );
    }
  }
  plan.value(
    L.venueFunding.after,
    0,
    "The funding the venue's position pays in the scenario, from its margin balance.",
    { style: "note" }
  );
  plan.value(
    L.balanceAfter.after,
    0,
    "Margin balance after = margin balance + the position's P&L (side × notional × beta × the benchmark move) − funding paid there.",
    { style: "note" }
  );
  plan.value(
    L.buffer.after,
    0,
    "ALTHEDGE.MARGINBUFFER on the balance after the move and the notional at the new mark (notional × (1 + beta × move)): the further adverse move the venue then survives; below 0 it is past maintenance.",
    { style: "note" }
  );
  plan.value(
    L.liquidated.after,
    0,
    "Liquidated: the margin balance is below maintenance at the start or at the end of the move (a linear position's excess is lowest at one of the two).",
    { style: "note" }
  );
  plan.value(
    L.topUp.after,
    0,
    "Top-up = ALTHEDGE.COLLATERALNEEDED for the adverse move (0 for a favourable one) + funding paid there − margin balance, never below 0: with it the venue ends an adverse move exactly at maintenance. Collateral must be at the venue before it is needed: a surplus elsewhere does not cover it.",
    { style: "note" }
  );

  // ---- results
  plan.value(L.results.title, 0, "Results by scenario", { style: "subtitle" });
  plan.headers(L.results.header, 0, RESULT_HEADERS);
  for (let k = 0; k < K; k++) {
    const row = L.results.first + k;
    const cell = (col: number) => a1(row, col);
    const shock = scenario(k, S.shock);
    plan.formula(row, R.name, `=${scenario(k, S.name)}`);
    plan.formula(row, R.net, `=${cell(R.book)}+${cell(R.hedge)}-${cell(R.funding)}`, {
      format: FORMAT.money,
    });
    plan.formula(row, R.share, `=${cell(R.net)}/${bookValue}`, { format: FORMAT.percent });
    plan.formula(row, R.result, `=IF(${cell(R.share)}<-${lossLimit},"${FAIL}","${PASS}")`);
    plan.formula(
      row,
      R.book,
      `=ALTHEDGE.STRESSPNL(${values},${betas},${shock},0,${extraColumn(k)})`,
      { format: FORMAT.money }
    );
    plan.formula(
      row,
      R.locked,
      `=ALTHEDGE.STRESSPNL(${lockedValues},${betas},${shock},0,${extraColumn(k)})`,
      { format: FORMAT.money }
    );
    plan.formula(row, R.hedge, `=ALTHEDGE.STRESSPNL(${signedNotionals},${hedgeBetas},${shock})`, {
      format: FORMAT.money,
    });
    plan.formula(row, R.funding, `=SUM(${gridRow(L.funding, k, H_COUNT)})`, {
      format: FORMAT.money,
    });
    plan.formula(row, R.liquidated, `=COUNTIF(${gridRow(L.liquidated, k, VC)},"${LIQUIDATED}")`, {
      format: FORMAT.whole,
    });
    plan.formula(row, R.topUp, `=SUM(${gridRow(L.topUp, k, VC)})`, { format: FORMAT.money });
  }
  [
    "Net P&L = book P&L + hedge P&L − funding paid; Net ÷ book = net ÷ the book's value. Fail: a net loss larger than the Policy's loss limit (AltHedge_LossLimit) as a share of the book.",
    "Book P&L = ALTHEDGE.STRESSPNL over the book with each token's extra move; Locked tokens' P&L is its part that cannot be sold. Hedge P&L = ALTHEDGE.STRESSPNL over the signed notionals and the instruments' betas.",
    "Venues liquidated and Top-ups needed add up the venues below; a venue's top-up must be posted at that venue.",
  ].forEach((note, i) => plan.value(L.results.after + i, 0, note, { style: "note" }));

  // ---- settings (written last: they count what the blocks above hold)
  const results = (col: number) => column(L.results, col);
  plan.formula(SET.bookValue, 1, `=SUM(${values})`, { format: FORMAT.money });
  plan.formula(
    SET.breaches,
    1,
    `=COUNTIF(${results(R.result)},"${FAIL}")+COUNTIF(${column(L.venues, V.leverageCheck)},"${OVER}")+COUNTIF(${column(L.venues, V.level)},"${LEVEL.critical}")`,
    { format: "0", style: "total" }
  );
  plan.formula(SET.fails, 1, `=COUNTIF(${results(R.result)},"${FAIL}")`, { format: FORMAT.whole });
  plan.formula(
    SET.liquidations,
    1,
    `=COUNTIF(${a1Range(L.liquidated.first, 1, L.liquidated.last, VC)},"${LIQUIDATED}")`,
    { format: FORMAT.whole }
  );

  // ---- tables, lists, formats, chart
  const tables = [
    { name: "Scenarios", range: a1Range(L.scenarios.header, 0, L.scenarios.last, S.fundingDays) },
    { name: "Results", range: a1Range(L.results.header, 0, L.results.last, R.topUp) },
    { name: "Book", range: a1Range(L.book.header, 0, L.book.last, B.lockedValue) },
    { name: "Hedges", range: a1Range(L.hedges.header, 0, L.hedges.last, H.atVenues) },
    { name: "Venues", range: a1Range(L.venues.header, 0, L.venues.last, V.leverageCheck) },
  ].map((t) => ({ name: tableName(PREFIX, date, t.name), range: t.range }));

  const resultRows = a1Range(L.results.first, 0, L.results.last, R.topUp);
  const resultCell = colAbs(L.results.first, R.result);
  const bookRows = a1Range(L.book.first, 0, L.book.last, B.lockedValue);
  const venueLights = a1Range(L.venues.first, V.buffer, L.venues.last, V.level);
  const bufferNow = colAbs(L.venues.first, V.buffer);
  const leverage = a1Range(L.venues.first, V.leverage, L.venues.last, V.leverageCheck);
  const afterGrid = a1Range(L.buffer.first, 1, L.buffer.last, VC);
  const afterCell = a1(L.buffer.first, 1);
  const liquidatedGrid = a1Range(L.liquidated.first, 1, L.liquidated.last, VC);
  const topUpGrid = a1Range(L.topUp.first, 1, L.topUp.last, VC);
  const red = { fill: COLOUR.redFill, font: COLOUR.redFont };
  const amber = { fill: COLOUR.amberFill, font: COLOUR.amberFont };
  const green = { fill: COLOUR.greenFill, font: COLOUR.greenFont };
  const lights = (range: string, cell: string): PlanConditionalFormat[] => [
    { range, formula: `=AND(ISNUMBER(${cell}),${cell}<${critical})`, ...red },
    { range, formula: `=AND(ISNUMBER(${cell}),${cell}>=${critical},${cell}<${warning})`, ...amber },
    { range, formula: `=AND(ISNUMBER(${cell}),${cell}>=${warning})`, ...green },
  ];
  const conditionalFormats: PlanConditionalFormat[] = [
    { range: resultRows, formula: `=${resultCell}="${FAIL}"`, ...red },
    {
      range: a1Range(L.results.first, R.result, L.results.last, R.result),
      formula: `=${a1(L.results.first, R.result)}="${PASS}"`,
      ...green,
    },
    {
      range: a1Range(L.results.first, R.liquidated, L.results.last, R.liquidated),
      formula: `=AND(ISNUMBER(${a1(L.results.first, R.liquidated)}),${a1(L.results.first, R.liquidated)}>0)`,
      ...red,
    },
    {
      range: a1(SET.breaches, 1),
      formula: `=AND(ISNUMBER(${a1(SET.breaches, 1)}),${a1(SET.breaches, 1)}>0)`,
      ...red,
    },
    { range: a1(SET.breaches, 1), formula: `=${a1(SET.breaches, 1)}=0`, ...green },
    ...lights(afterGrid, afterCell),
    { range: liquidatedGrid, formula: `=${a1(L.liquidated.first, 1)}="${LIQUIDATED}"`, ...red },
    {
      range: topUpGrid,
      formula: `=AND(ISNUMBER(${a1(L.topUp.first, 1)}),${a1(L.topUp.first, 1)}>0)`,
      ...amber,
    },
    ...lights(venueLights, bufferNow),
    {
      range: leverage,
      formula: `=${colAbs(L.venues.first, V.leverageCheck)}="${OVER}"`,
      ...red,
    },
    {
      range: a1Range(L.hedges.first, H.atVenues, L.hedges.last, H.atVenues),
      formula: `=${a1(L.hedges.first, H.atVenues)}>${colAbs(L.hedges.first, H.notional)}*(1+1E-12)`,
      ...red,
    },
    {
      range: bookRows,
      formula: `=${colAbs(L.book.first, B.tier)}="Low"`,
      fill: COLOUR.lowTierFill,
    },
    {
      range: bookRows,
      formula: `=${colAbs(L.book.first, B.locked)}="${YES}"`,
      fill: COLOUR.lockedFill,
    },
  ];

  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables,
    validations: [
      { range: a1Range(L.book.first, B.tier, L.book.last, B.tier), list: [...LIQUIDITY_TIERS] },
      { range: a1Range(L.book.first, B.locked, L.book.last, B.locked), list: [YES, NO] },
      {
        range: a1Range(L.hedges.first, H.type, L.hedges.last, H.type),
        list: [TYPE_LABEL.perpetual, TYPE_LABEL.dated],
      },
      { range: a1Range(L.hedges.first, H.side, L.hedges.last, H.side), list: ["short", "long"] },
      {
        range: a1Range(L.venues.first, V.instrument, L.venues.last, V.instrument),
        list: hedges.map((h) => h.instrument),
      },
    ],
    conditionalFormats,
    charts: [
      {
        type: "bar",
        title: "Net P&L by scenario",
        source: a1Range(L.results.header, R.name, L.results.last, R.net),
        anchor: a1(L.results.title, R.topUp + 2),
        seriesBy: "columns",
      },
    ],
    columnWidths: columnWidths(230, V.leverageCheck, 95),
  };
}

/** The settings block: the benchmark, payments per day, the Policy's limits by name and the counts. */
function writeSettings(
  plan: PlanBuilder,
  benchmark: string,
  scenarios: number,
  venues: number
): void {
  plan.value(SET.benchmark, 0, "Betas measured against");
  plan.value(SET.benchmark, 1, benchmark);
  plan.value(
    SET.benchmark,
    2,
    `Every beta on this sheet is to ${benchmark}; a hedge on another instrument carries that instrument's own beta to ${benchmark}.`,
    { style: "note" }
  );
  plan.labelledInput(
    SET.perDay,
    "Funding payments per day",
    PAYMENTS_PER_DAY,
    FORMAT.number,
    "Every 8 hours: the funding spike's rate is per payment"
  );
  plan.value(SET.bookValue, 0, "Book value");
  plan.value(SET.bookValue, 2, "The Book table's total", { style: "note" });
  plan.value(SET.policy, 0, "Policy limits", { style: "subtitle" });
  const policy: [number, PolicyKey, string][] = [
    [
      SET.lossLimit,
      "lossLimit",
      "A scenario fails when its net loss is larger than this share of the book",
    ],
    [SET.warning, "bufferWarning", "A venue's buffer below this is amber"],
    [SET.critical, "bufferCritical", "Below this it is red: add collateral or cut the hedge now"],
    [
      SET.maxLeverage,
      "maxLeverage",
      "A venue's position notional ÷ margin balance above this is a breach",
    ],
  ];
  for (const [row, key, note] of policy) {
    const limit = POLICY_LIMITS.find((l) => l.key === key)!;
    plan.labelledFormula(
      row,
      limit.label,
      `=${limit.name}`,
      limit.format,
      `${note}. From the Policy sheet (${limit.name}): change it there, or with the Policy and limits wizard`
    );
  }
  plan.value(SET.breaches, 0, BREACHES, { style: "total" });
  plan.value(
    SET.breaches,
    2,
    "Scenarios over the loss limit + venues above the maximum leverage + venues below the critical buffer now",
    { style: "note" }
  );
  plan.value(SET.fails, 0, "Scenarios over the loss limit");
  plan.value(SET.liquidations, 0, "Venue liquidations in stress");
  plan.value(
    SET.liquidations,
    2,
    `Venue × scenario pairs marked Liquidated (${plural(venues, "venue")} × ${plural(scenarios, "scenario")}); not a policy limit, but what the top-ups prevent`,
    { style: "note" }
  );
}

/** A grid's title and header row: a label, then one formula header per column (names stay live). */
function writeGridHeader(
  plan: PlanBuilder,
  block: Block,
  title: string,
  first: string,
  count: number,
  header: (i: number) => string
): void {
  plan.value(block.title, 0, title, { style: "subtitle" });
  plan.value(block.header, 0, first, { style: "header" });
  for (let i = 0; i < count; i++) plan.formula(block.header, 1 + i, header(i), { style: "header" });
}

export const stressWizard: Wizard<StressInput> = {
  id: "stress",
  title: TITLE,
  summary:
    "Benchmark shocks, rallies, correlation breaks, funding spikes and liquidity gaps: P&L, margin buffers, liquidations and top-ups against the loss limit.",
  sheetPrefix: PREFIX,
  sample: sampleStress,
  validate: validateStress,
  build: buildStress,
  logSummary: logStress,
};
