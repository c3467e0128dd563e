/**
 * Wizard 7, the hedge report for finance (taskpane.md §7). The seed article: "Reporting should explain
 * how hedge gains and losses offset spot moves and how basis effects contributed to performance",
 * "should include both realized and unrealized P&L, margin usage, and any deviations from target hedge
 * ratios", and "attribution should isolate hedge performance from portfolio performance".
 *
 * One sheet in two parts. On top, the report, which prints on one page (the sheet's print area):
 * - book P&L = Σ quantity × (end price − start price);
 * - hedge price P&L = Σ side × size × (end mark − start mark) over the open positions (an inverse,
 *   coin-margined contract's size is its USD face value and its P&L accrues in coin, valued at the end
 *   mark: side × face × (end − start) ÷ start), plus the realised P&L of positions closed in the period;
 * - carry = funding received (−ALTHEDGE.FUNDINGCOST) − roll costs − fees (costs entered positive);
 * - the attribution, an exact identity: net = (1 − h) × book P&L (unhedged on purpose)
 *   + (hedge price P&L + h × book P&L) (basis and proxy mismatch) + carry = book + hedge + carry;
 * - realised (closed positions and carry, settled in cash) and unrealised (holdings and open
 *   positions, marked) P&L;
 * - coverage at the end, hedge notional (short − long) ÷ book value, against the Policy sheet's band
 *   (AltHedge_CoverageLow/High), and each instrument's net position against AltHedge_MaxPosition, with a
 *   Breaches count and conditional formats;
 * - margin usage per venue where venues are given; a line chart of book and hedged value where a price
 *   history is given.
 * Below it, not printed, the data the report reads: holdings, open and closed positions, funding rates
 * per settlement and the price history, as input cells, so the report stays live.
 */
import { readable } from "./exposure";
import { policyName } from "./policy";
import type { PlanConditionalFormat, SheetPlan } from "./plan";
import {
  COLOUR,
  Checks,
  FORMAT,
  LIMITS,
  PlanBuilder,
  a1,
  a1Range,
  abs,
  absRange,
  colAbs,
  given,
  isoToSerial,
  plural,
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

export const CONTRACT_TYPES = ["linear", "inverse"] as const;
/** Linear (USDⓈ-margined, size in coins) or inverse (coin-margined, size in USD face value). */
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** One altcoin holding over the period. */
export interface ReportHolding {
  token: string;
  quantity: number;
  /** Price at the period start; left out, the first price of `history`. */
  startPrice?: number;
  /** Price at the period end; left out, the last price of `history`. */
  endPrice?: number;
  /** Prices from the period start to its end, oldest first, evenly spaced (e.g. daily closes). */
  history?: number[];
}

/** One hedge position held at the end of the period. */
export interface ReportPosition {
  instrument: string;
  venue: string;
  contract: ContractType;
  side: Side;
  /** Linear: coins of the underlying. Inverse: USD face value (contracts × contract value). */
  size: number;
  /** Mark at the period start (or the entry price, for a position opened in the period). */
  startMark?: number;
  /** Mark at the period end. */
  endMark?: number;
  /** Funding rates of each settlement in the period, oldest first (a perpetual); none for a dated future. */
  fundingRates?: number[];
  /** Execution cost of the rolls in the period (slippage, the roll's fees), positive for a cost. */
  rollCosts?: number;
  /** Trading fees in the period, positive for a cost (negative for a rebate). */
  fees?: number;
  /** Marks over the same dates as the holdings' histories. */
  history?: number[];
}

/** A hedge position closed in the period. */
export interface ClosedPosition {
  instrument: string;
  venue: string;
  /** Realised price P&L in the period: from its start mark (or entry) to its close. */
  realised: number;
  /** Funding it received in the period (negative: paid); 0 when left out. */
  funding?: number;
  /** Its fees in the period, positive for a cost; 0 when left out. */
  fees?: number;
}

/** One venue's margin at the period end. */
export interface ReportVenue {
  venue: string;
  /** Margin balance (equity: collateral plus unrealised P&L), in the quote currency. */
  balance: number;
  /** Margin in use: the initial margin of its open positions. */
  inUse: number;
}

export interface ReportInput {
  /** yyyy-mm-dd */
  periodStart: string;
  periodEnd: string;
  /** Target coverage h: the share of the book's value the hedge is meant to offset (0.8 = 80%). */
  targetCoverage: number;
  holdings: ReportHolding[];
  positions: ReportPosition[];
  closed: ClosedPosition[];
  venues: ReportVenue[];
}

const TITLE = "Hedge report";
const PREFIX = "Report";

/**
 * Plausibility bounds beyond the common ones (taskpane.md, "Trust rules"). The one-page report holds
 * a row per instrument and per venue: eight of each fit a landscape page. The other counts keep every
 * formula far inside Excel's 8,192 characters (the price history's book value adds a term per holding).
 */
export const REPORT_BOUNDS = {
  coverage: [0, 2],
  /**
   * Quantities, sizes and margin balances: from 1e-9 (an exchange's smallest step), so that the book's
   * value, a venue's balance and the coverage's divisor stay positive numbers, to 1e13.
   */
  amount: [LIMITS.minLot, LIMITS.amount],
  /** A funding rate per settlement: within ±100%. */
  fundingRate: 1,
  instruments: 8,
  venues: 8,
  holdings: 400,
  positions: 100,
  closed: 100,
  /** Ten years of hourly settlements. */
  settlements: LIMITS.days * 24,
  /** Daily prices over ten years, plus the start. */
  historyPoints: LIMITS.days + 1,
} as const;

const STATUS = {
  within: "Within the band",
  under: "Under-hedged",
  over: "Over-hedged",
} as const;
const LIMIT = { above: "Above the limit", within: "Within the limit" } as const;

// ---------------------------------------------------------------------------------------------------
// Sample

/**
 * A price path from `start` to `end` over `points` prices: a straight line plus a wiggle that is 0 at
 * both ends, rounded to `decimals`, with the ends exact. Deterministic: the same on every machine.
 */
function path(start: number, end: number, points: number, wiggle: number, decimals: number) {
  const n = points - 1;
  return Array.from({ length: points }, (_, k) => {
    if (k === 0) return start;
    if (k === n) return end;
    const line = start + ((end - start) * k) / n;
    const bump = wiggle * start * Math.sin((Math.PI * 3 * k) / n);
    return Number((line + bump).toFixed(decimals));
  });
}

/** Funding rates per 8-hour settlement: a base rate with a slow swing, to 7 decimals. */
function rates(count: number, base: number, swing: number): number[] {
  return Array.from({ length: count }, (_, k) =>
    Number((base + swing * Math.sin(k / 7)).toFixed(7))
  );
}

/**
 * Invented data for a first try: November 2026, a $5M altcoin book hedged at 80% with a BTC perpetual,
 * a BTC quarterly future (rolled into, at a cost) and an inverse ETH perpetual; an ETH future that
 * expired in the period; two venues; daily prices and marks, three funding settlements a day.
 */
export function sampleReport(): ReportInput {
  const points = 31; // 2026-11-01 to 2026-12-01, daily
  const holding = (
    token: string,
    quantity: number,
    start: number,
    end: number,
    decimals: number
  ): ReportHolding => {
    const history = path(start, end, points, 0.04, decimals);
    return { token, quantity, startPrice: start, endPrice: end, history };
  };
  const position = (
    p: Omit<ReportPosition, "startMark" | "endMark" | "history">,
    start: number,
    end: number
  ): ReportPosition => ({
    ...p,
    startMark: start,
    endMark: end,
    history: path(start, end, points, 0.03, 1),
  });
  return {
    periodStart: "2026-11-01",
    periodEnd: "2026-12-01",
    targetCoverage: 0.8,
    holdings: [
      holding("SOL", 12000, 150, 138, 2),
      holding("ARB", 2500000, 0.8, 0.7, 4),
      holding("LINK", 40000, 18, 16.5, 3),
      holding("UNI", 60000, 9, 8.4, 3),
    ],
    positions: [
      position(
        {
          instrument: "BTC-PERP",
          venue: "Exchange A",
          contract: "linear",
          side: "short",
          size: 22,
          fundingRates: rates(90, 0.0001, 0.00004),
          rollCosts: 0,
          fees: 1150,
        },
        96000,
        90000
      ),
      position(
        {
          instrument: "BTC-26MAR27",
          venue: "Exchange A",
          contract: "linear",
          side: "short",
          size: 6,
          rollCosts: 1250,
          fees: 300,
        },
        97500,
        91200
      ),
      position(
        {
          instrument: "ETH-USD inverse perpetual",
          venue: "Exchange B",
          contract: "inverse",
          side: "short",
          size: 1400000,
          fundingRates: rates(90, 0.00008, 0.00006),
          rollCosts: 0,
          fees: 640,
        },
        3600,
        3300
      ),
    ],
    closed: [
      { instrument: "ETH-27NOV26", venue: "Exchange A", realised: 21400, funding: 0, fees: 380 },
    ],
    venues: [
      { venue: "Exchange A", balance: 650000, inUse: 180000 },
      { venue: "Exchange B", balance: 240000, inUse: 70000 },
    ],
  };
}

// ---------------------------------------------------------------------------------------------------
// Validation and log

const hasHistory = (row: { history?: number[] } | undefined): boolean =>
  Array.isArray(row?.history) && row.history.length > 0;

const nameOf = (text: unknown, fallback: string): string =>
  typeof text === "string" && text.trim() ? text.trim() : fallback;

/** The instruments of the report, open positions first, each once, in the order given. */
export function instrumentsOf(input: Pick<ReportInput, "positions" | "closed">): string[] {
  // Excel compares text without case ("btc-perp" = "BTC-PERP"), so the report's sums do too.
  const byKey = new Map<string, string>();
  for (const p of [...(input.positions ?? []), ...(input.closed ?? [])]) {
    const name = typeof p?.instrument === "string" ? p.instrument.trim() : "";
    if (name !== "" && !byKey.has(name.toLowerCase())) byKey.set(name.toLowerCase(), name);
  }
  return [...byKey.values()];
}

/** The start and end price of a holding (or mark of a position): given, else its history's ends. */
export function endsOf(
  start: number | undefined,
  end: number | undefined,
  history: number[] | undefined
): { start: number; end: number } {
  const list = history ?? [];
  return {
    start: given(start) ? start : list[0],
    end: given(end) ? end : list[list.length - 1],
  };
}

export function validateReport(input: ReportInput): FieldError[] {
  const checks = new Checks();
  checkPeriod(checks, input);
  checks.within(
    "targetCoverage",
    "Target coverage",
    input.targetCoverage,
    REPORT_BOUNDS.coverage[0],
    REPORT_BOUNDS.coverage[1]
  );
  const points = checkHistoryShape(checks, input);
  checkHoldings(checks, input.holdings, points);
  checkPositions(checks, input.positions, points);
  checkClosed(checks, input.closed);
  checkVenues(checks, input.venues);
  const instruments = instrumentsOf(input);
  if (instruments.length > REPORT_BOUNDS.instruments)
    checks.fail(
      "positions",
      `The one-page report holds at most ${REPORT_BOUNDS.instruments} instruments, got ${instruments.length}: report the others in a second run`
    );
  return checks.errors;
}

function checkPeriod(checks: Checks, input: ReportInput): void {
  const startOk = checks.date("periodStart", "Period start", input.periodStart);
  const endOk = checks.date("periodEnd", "Period end", input.periodEnd);
  if (!startOk || !endOk) return;
  const days = isoToSerial(input.periodEnd) - isoToSerial(input.periodStart);
  if (days <= 0)
    checks.fail(
      "periodEnd",
      `The period must end after it starts: ${input.periodEnd} is not after ${input.periodStart}`
    );
  else if (days > LIMITS.days)
    checks.fail("periodEnd", `The period must be at most ${LIMITS.days} days, got ${days}`);
}

/**
 * A price history is all or nothing: every holding and open position has one, of the same length, or
 * none has. Returns the number of prices in each history, 0 without histories, or undefined when the
 * histories do not fit together (each row at fault gets its message).
 */
function checkHistoryShape(checks: Checks, input: ReportInput): number | undefined {
  const rows = [
    ...(input.holdings ?? []).map((h, i) => ({
      field: `holdings.${i}.history`,
      name: nameOf(h?.token, `holding ${i + 1}`),
      row: h,
    })),
    ...(input.positions ?? []).map((p, i) => ({
      field: `positions.${i}.history`,
      name: nameOf(p?.instrument, `position ${i + 1}`),
      row: p,
    })),
  ];
  const withHistory = rows.filter((r) => hasHistory(r.row));
  if (withHistory.length === 0) return 0;
  const first = withHistory[0];
  const points = first.row!.history!.length;
  let ok = true;
  for (const r of rows) {
    if (!hasHistory(r.row)) {
      ok = checks.fail(
        r.field,
        `${r.name} has no price history while ${first.name} has one: give every holding and open position a history over the same dates, or none`
      );
      continue;
    }
    const length = r.row!.history!.length;
    if (length !== points)
      ok = checks.fail(
        r.field,
        `The price history of ${r.name} has ${length} prices, that of ${first.name} ${points}: every history covers the same dates`
      );
  }
  if (!ok) return undefined;
  if (points < 2)
    return void checks.fail(
      first.field,
      `A price history needs at least 2 prices (the period's start and end), got ${points}`
    );
  if (points > REPORT_BOUNDS.historyPoints)
    return void checks.fail(
      first.field,
      `A price history takes at most ${REPORT_BOUNDS.historyPoints} prices, got ${points}`
    );
  return points;
}

/**
 * The start and end prices of a row: each a price, required without a history; with one, left out or
 * equal to the history's first (last) price, so no number on the sheet differs from what was given.
 */
function checkEnds(
  checks: Checks,
  path: string,
  name: string,
  words: { start: string; end: string; what: string },
  row: { history?: number[] } & Record<string, unknown>,
  keys: { start: string; end: string },
  points: number | undefined
): { start: number; end: number } | undefined {
  const history = hasHistory(row) ? row.history : undefined;
  let historyOk = history !== undefined && points !== undefined && points > 0;
  if (history && historyOk) {
    const bad = history.findIndex(
      (value) => !(typeof value === "number" && Number.isFinite(value))
    );
    const outside = history.findIndex(
      (value) => typeof value === "number" && (value < LIMITS.minPrice || value > LIMITS.maxPrice)
    );
    if (bad >= 0)
      historyOk = checks.fail(
        `${path}.history`,
        `${words.what} ${bad + 1} of ${name} must be a number`
      );
    else if (outside >= 0)
      historyOk = checks.within(
        `${path}.history`,
        `${words.what} ${outside + 1} of ${name}`,
        history[outside],
        LIMITS.minPrice,
        LIMITS.maxPrice
      );
  }
  const one = (key: string, label: string, fromHistory: number | undefined, which: string) => {
    const value = row[key];
    const field = `${path}.${key}`;
    if (!given(value as number | undefined) && history !== undefined) return fromHistory;
    if (!checks.price(field, `${label} of ${name}`, value)) return undefined;
    if (history !== undefined && historyOk && value !== fromHistory) {
      checks.fail(
        field,
        `The ${label.toLowerCase()} of ${name} (${showNumber(value as number)}) differs from the ${which} of its history (${showNumber(fromHistory as number)}): clear it to take the history's, or correct one`
      );
      return undefined;
    }
    return value as number;
  };
  const start = one(keys.start, words.start, history?.[0], `first ${words.what.toLowerCase()}`);
  const end = one(
    keys.end,
    words.end,
    history?.[history.length - 1],
    `last ${words.what.toLowerCase()}`
  );
  if (history !== undefined && !historyOk) return undefined;
  return start === undefined || end === undefined ? undefined : { start, end };
}

function checkHoldings(
  checks: Checks,
  holdings: ReportHolding[],
  points: number | undefined
): void {
  if (!Array.isArray(holdings) || holdings.length === 0) {
    checks.fail("holdings", "Add at least one holding");
    return;
  }
  if (holdings.length > REPORT_BOUNDS.holdings)
    checks.fail(
      "holdings",
      `The report takes at most ${REPORT_BOUNDS.holdings} holdings, got ${holdings.length}`
    );
  const seen = new Map<string, number>();
  holdings.forEach((holding, i) => {
    const path = `holdings.${i}`;
    const name = nameOf(holding?.token, `holding ${i + 1}`);
    if (checks.text(`${path}.token`, `The token of holding ${i + 1}`, holding?.token)) {
      const key = holding.token.trim().toLowerCase();
      if (seen.has(key))
        checks.fail(
          `${path}.token`,
          `${name} is listed twice (rows ${seen.get(key)! + 1} and ${i + 1}): one row per token`
        );
      else seen.set(key, i);
    }
    const quantityOk = checks.within(
      `${path}.quantity`,
      `Quantity of ${name}`,
      holding?.quantity,
      REPORT_BOUNDS.amount[0],
      REPORT_BOUNDS.amount[1]
    );
    const ends = checkEnds(
      checks,
      path,
      name,
      { start: "Start price", end: "End price", what: "Price" },
      (holding ?? {}) as ReportHolding & Record<string, unknown>,
      { start: "startPrice", end: "endPrice" },
      points
    );
    if (!quantityOk || !ends) return;
    const highest = Math.max(ends.start, ends.end, ...(holding.history ?? []));
    if (holding.quantity * highest > LIMITS.amount)
      checks.fail(
        `${path}.quantity`,
        `The value of ${name} (quantity × price) must be at most ${readable(LIMITS.amount)}, got ${readable(holding.quantity * highest)}`
      );
  });
}

function checkPositions(
  checks: Checks,
  positions: ReportPosition[],
  points: number | undefined
): void {
  if (!Array.isArray(positions)) {
    checks.fail("positions", "Add the hedge positions held at the end of the period");
    return;
  }
  if (positions.length > REPORT_BOUNDS.positions)
    checks.fail(
      "positions",
      `The report takes at most ${REPORT_BOUNDS.positions} open positions, got ${positions.length}`
    );
  const pairs = new Map<string, number>();
  const contracts = new Map<string, { contract: ContractType; row: number }>();
  positions.forEach((position, i) => {
    const path = `positions.${i}`;
    const field = (key: keyof ReportPosition) => `${path}.${key}`;
    const name = nameOf(position?.instrument, `position ${i + 1}`);
    const instrumentOk = checks.text(
      field("instrument"),
      `The instrument of position ${i + 1}`,
      position?.instrument
    );
    const venueOk = checks.text(field("venue"), `The venue of ${name}`, position?.venue);
    const contractOk = CONTRACT_TYPES.includes(position?.contract)
      ? true
      : checks.fail(
          field("contract"),
          `The contract of ${name} must be "linear" or "inverse", got ${JSON.stringify(position?.contract)}`
        );
    if (instrumentOk && venueOk) {
      const key = `${position.instrument.trim().toLowerCase()}\u0000${position.venue.trim().toLowerCase()}`;
      if (pairs.has(key))
        checks.fail(
          field("instrument"),
          `${name} at ${position.venue.trim()} is listed twice (rows ${pairs.get(key)! + 1} and ${i + 1}): one row per instrument and venue`
        );
      else pairs.set(key, i);
    }
    if (instrumentOk && contractOk) {
      // Instruments never mix: one name is one contract.
      const key = position.instrument.trim().toLowerCase();
      const earlier = contracts.get(key);
      if (earlier && earlier.contract !== position.contract)
        checks.fail(
          field("contract"),
          `${name} is ${earlier.contract} in row ${earlier.row + 1} and ${position.contract} in row ${i + 1}: a linear and an inverse contract are different instruments, name them apart`
        );
      else if (!earlier) contracts.set(key, { contract: position.contract, row: i });
    }
    checks.side(field("side"), `Side of ${name}`, position?.side);
    const sizeOk = checks.within(
      field("size"),
      `Size of ${name}`,
      position?.size,
      REPORT_BOUNDS.amount[0],
      REPORT_BOUNDS.amount[1]
    );
    const ends = checkEnds(
      checks,
      path,
      name,
      { start: "Start mark", end: "End mark", what: "Mark" },
      (position ?? {}) as ReportPosition & Record<string, unknown>,
      { start: "startMark", end: "endMark" },
      points
    );
    if (sizeOk && ends && contractOk) {
      const marks = [ends.start, ends.end, ...(position.history ?? [])];
      if (position.contract === "linear") {
        const notional = position.size * Math.max(...marks);
        if (notional > LIMITS.amount)
          checks.fail(
            field("size"),
            `The notional of ${name} (size × mark) must be at most ${readable(LIMITS.amount)}, got ${readable(notional)}`
          );
      } else {
        // The coin P&L valued at the mark: size × (mark − start) ÷ start.
        const move = Math.max(...marks.map((mark) => Math.abs(mark / ends.start - 1)));
        if (position.size * move > LIMITS.amount)
          checks.fail(
            field("size"),
            `The P&L of ${name} (face value × the marks' move from the start) must be at most ${readable(LIMITS.amount)}, got ${readable(position.size * move)}`
          );
      }
    }
    checkRates(checks, field("fundingRates"), name, position?.fundingRates);
    if (given(position?.rollCosts))
      checks.change(field("rollCosts"), `Roll costs of ${name}`, position.rollCosts);
    if (given(position?.fees)) checks.change(field("fees"), `Fees of ${name}`, position.fees);
  });
}

function checkRates(checks: Checks, field: string, name: string, rates: unknown): void {
  if (rates === undefined || rates === null) return;
  if (!Array.isArray(rates)) {
    checks.fail(field, `The funding rates of ${name} must be a list of numbers`);
    return;
  }
  if (rates.length > REPORT_BOUNDS.settlements) {
    checks.fail(
      field,
      `The report takes at most ${REPORT_BOUNDS.settlements} funding rates per position, got ${rates.length}`
    );
    return;
  }
  const limit = REPORT_BOUNDS.fundingRate;
  const bad = rates.findIndex(
    (rate) => !(typeof rate === "number" && Number.isFinite(rate) && Math.abs(rate) <= limit)
  );
  if (bad >= 0)
    checks.within(field, `Funding rate ${bad + 1} of ${name}`, rates[bad], -limit, limit);
}

function checkClosed(checks: Checks, closed: ClosedPosition[]): void {
  if (closed === undefined || closed === null) return;
  if (!Array.isArray(closed)) {
    checks.fail("closed", "Closed positions must be a table");
    return;
  }
  if (closed.length > REPORT_BOUNDS.closed)
    checks.fail(
      "closed",
      `The report takes at most ${REPORT_BOUNDS.closed} closed positions, got ${closed.length}`
    );
  closed.forEach((position, i) => {
    const field = (key: keyof ClosedPosition) => `closed.${i}.${key}`;
    const name = nameOf(position?.instrument, `closed position ${i + 1}`);
    checks.text(
      field("instrument"),
      `The instrument of closed position ${i + 1}`,
      position?.instrument
    );
    checks.text(field("venue"), `The venue of closed ${name}`, position?.venue);
    checks.change(field("realised"), `Realised P&L of closed ${name}`, position?.realised);
    if (given(position?.funding))
      checks.change(field("funding"), `Funding received by closed ${name}`, position.funding);
    if (given(position?.fees))
      checks.change(field("fees"), `Fees of closed ${name}`, position.fees);
  });
}

function checkVenues(checks: Checks, venues: ReportVenue[]): void {
  if (venues === undefined || venues === null) return;
  if (!Array.isArray(venues)) {
    checks.fail("venues", "Venues must be a table");
    return;
  }
  if (venues.length > REPORT_BOUNDS.venues)
    checks.fail(
      "venues",
      `The one-page report holds at most ${REPORT_BOUNDS.venues} venues, got ${venues.length}`
    );
  const seen = new Map<string, number>();
  venues.forEach((venue, i) => {
    const field = (key: keyof ReportVenue) => `venues.${i}.${key}`;
    const name = nameOf(venue?.venue, `venue ${i + 1}`);
    if (checks.text(field("venue"), `The name of venue ${i + 1}`, venue?.venue)) {
      const key = venue.venue.trim().toLowerCase();
      if (seen.has(key))
        checks.fail(
          field("venue"),
          `${name} is listed twice (rows ${seen.get(key)! + 1} and ${i + 1}): one row per venue`
        );
      else seen.set(key, i);
    }
    checks.within(
      field("balance"),
      `Margin balance at ${name}`,
      venue?.balance,
      REPORT_BOUNDS.amount[0],
      REPORT_BOUNDS.amount[1]
    );
    checks.within(field("inUse"), `Margin in use at ${name}`, venue?.inUse, 0, LIMITS.amount);
  });
}

export function logReport(input: ReportInput): string {
  const open = input.positions.length;
  const closed = input.closed.length;
  return [
    `${input.periodStart} to ${input.periodEnd}`,
    `target coverage ${showPercent(input.targetCoverage)}`,
    plural(input.holdings.length, "holding"),
    `${plural(open, "open position")}, ${closed} closed`,
    plural(input.venues.length, "venue"),
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// "Use selected range": a table of holdings

/** Columns of a holdings range with start and end prices. */
export const REPORT_HOLDING_COLUMNS: WantedColumn[] = [
  { ...TOKEN_COLUMN, required: true },
  {
    key: "quantity",
    label: "Quantity",
    required: true,
    aliases: ["quantity", "qty", "amount", "balance", "units", "holdings"],
  },
  {
    key: "startPrice",
    label: "Start price",
    required: true,
    aliases: ["start price", "price at start", "opening price", "open price", "open", "start"],
  },
  {
    key: "endPrice",
    label: "End price",
    required: true,
    aliases: ["end price", "price at end", "closing price", "close price", "close", "end", "price"],
  },
];

type RangeCell = string | number | boolean | null;

/**
 * The holdings of a selected range (header row removed), blank rows skipped; a number that does not
 * read is NaN, for `validate` to name. The selection is the book: the sample's positions, closed
 * positions and venues go with it (one blank position row is left to fill), so nothing of the sample
 * survives a selection.
 */
export function reportFromRows(
  input: ReportInput,
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>
): ReportInput {
  const at = (row: RangeCell[], key: string) => {
    const index = mapping[key];
    return index === undefined ? undefined : row[index];
  };
  const blank = (cell: RangeCell) => cell === null || (typeof cell === "string" && !cell.trim());
  const holdings = rows
    .filter((row) => !row.every(blank))
    .map((row) => {
      const token = at(row, "token");
      return {
        token: token === null || token === undefined ? "" : String(token).trim(),
        quantity: readNumber(at(row, "quantity")) ?? NaN,
        startPrice: readNumber(at(row, "startPrice")) ?? NaN,
        endPrice: readNumber(at(row, "endPrice")) ?? NaN,
      };
    });
  return {
    ...input,
    holdings,
    positions: [blankPosition()],
    closed: [],
    venues: [],
  };
}

/** A new, empty open position row for the form. */
export const blankPosition = (): ReportPosition => ({
  instrument: "",
  venue: "",
  contract: "linear",
  side: "short",
  size: NaN,
  startMark: NaN,
  endMark: NaN,
});

// ---------------------------------------------------------------------------------------------------
// The sheet: layout

/**
 * Report columns (0-based): two label/value blocks side by side (A–B, C–D), then from F to K the chart
 * (F–I at Excel's default size) and the notes on how to read the report. K is the print area's edge.
 */
const R = { label1: 0, value1: 1, label2: 2, value2: 3, side: 5, last: 10 } as const;

/** Holdings table columns. */
const H = {
  token: 0,
  quantity: 1,
  start: 2,
  end: 3,
  startValue: 4,
  endValue: 5,
  pnl: 6,
  weight: 7,
};
const HOLDING_HEADERS = [
  "Token",
  "Quantity",
  "Start price",
  "End price",
  "Value at start",
  "Value at end",
  "Book P&L",
  "Weight at end",
];

/** Open positions table columns. */
const P = {
  instrument: 0,
  venue: 1,
  contract: 2,
  side: 3,
  size: 4,
  start: 5,
  end: 6,
  perUnit: 7,
  price: 8,
  fundingNotional: 9,
  funding: 10,
  roll: 11,
  fees: 12,
  carry: 13,
  notional: 14,
};
const POSITION_HEADERS = [
  "Instrument",
  "Venue",
  "Contract",
  "Side",
  "Size (linear: coins; inverse: USD face)",
  "Start mark",
  "End mark",
  "P&L per unit of mark",
  "Price P&L",
  "Funding notional",
  "Funding received",
  "Roll costs",
  "Fees",
  "Carry",
  "Position at end (notional)",
];

/** Closed positions table columns. */
const C = { instrument: 0, venue: 1, realised: 2, funding: 3, fees: 4, carry: 5 };
const CLOSED_HEADERS = ["Instrument", "Venue", "Realised P&L", "Funding received", "Fees", "Carry"];

/** By-instrument table columns (the report). */
const I = {
  instrument: 0,
  contract: 1,
  netSize: 2,
  position: 3,
  price: 4,
  carry: 5,
  total: 6,
  limit: 7,
};
const INSTRUMENT_HEADERS = [
  "Instrument",
  "Contract",
  "Net size (long +, short −)",
  "Position at end",
  "Price P&L",
  "Carry",
  "Hedge P&L",
  "Maximum position",
];

/** Venues table columns (the report). */
const V = { venue: 0, balance: 1, inUse: 2, usage: 3, free: 4, notional: 5 };
const VENUE_HEADERS = [
  "Venue",
  "Margin balance",
  "Margin in use",
  "Margin usage",
  "Free margin",
  "Hedge notional",
];

/** History columns: the chart reads Date, Book value and Hedged value. */
const T = { date: 0, book: 1, hedged: 2, hedgePnl: 3, first: 4 };

/** The rows of the report's summary blocks (0-based), fixed. */
const ROW = {
  block: 4,
  // block 1: period and policy, then the P&L of the period
  start: 5,
  end: 6,
  days: 7,
  target: 8,
  low: 9,
  high: 10,
  maxPosition: 11,
  pnlTitle: 13,
  bookStart: 14,
  bookEnd: 15,
  book: 16,
  hedge: 17,
  open: 18,
  closed: 19,
  funding: 20,
  roll: 21,
  fees: 22,
  carry: 23,
  net: 24,
  netShare: 25,
  // block 2: attribution, realised and unrealised, coverage
  unhedged: 5,
  mismatch: 6,
  attributedCarry: 7,
  attributedNet: 8,
  identity: 9,
  realisedTitle: 11,
  realised: 12,
  unrealised: 13,
  realisedNet: 14,
  coverageTitle: 16,
  hedgeNotional: 17,
  coverageBook: 18,
  coverage: 19,
  deviation: 20,
  status: 21,
  aboveLimit: 22,
  breaches: 23,
} as const;

/** The chart's height in rows (Excel's default 3 inches at 15 points a row) and where notes start. */
const CHART_ROWS = 15;

/** What the report writes on the sheet about the choices behind its numbers. */
export const CONVENTIONS = [
  "Inverse contracts: size is the USD face value; the P&L accrues in coin, valued at the end mark.",
  "Funding received = −ALTHEDGE.FUNDINGCOST on size × mean of start and end marks (inverse: face).",
  "Roll costs and fees are entered as costs (positive) and count negative in carry.",
  "Realised: closed positions and carry, settled in cash. Unrealised: holdings and open positions.",
  "Coverage: short − long notional ÷ book value at the end, not beta-weighted; band: Policy sheet.",
  "Maximum position: each instrument's net notional across venues; instruments never mix.",
  "A position opened in the period starts at its entry; a closed one's P&L runs to its close.",
];

interface Layout {
  instruments: string[];
  /** First row of each report table's data, and where the report ends (inclusive). */
  instrumentHeader: number;
  venueHeader?: number;
  reportEnd: number;
  holdingHeader: number;
  positionHeader: number;
  closedHeader?: number;
  fundingHeader: number;
  fundingRows: number;
  historyHeader?: number;
  historyPoints: number;
}

function layoutOf(input: ReportInput): Layout {
  const instruments = instrumentsOf(input);
  const points = input.holdings[0]?.history?.length ?? 0;
  const notes = (points > 0 ? ROW.block + CHART_ROWS : ROW.block) + CONVENTIONS.length;
  const summaryEnd = Math.max(ROW.netShare, ROW.breaches, notes);
  const instrumentHeader = summaryEnd + 3;
  let row = instrumentHeader + instruments.length + 1; // the total row
  let venueHeader: number | undefined;
  if (input.venues.length > 0) {
    venueHeader = row + 3;
    row = venueHeader + input.venues.length + 1;
  }
  const reportEnd = row;
  // The data below the report: each block a subtitle, a header, its rows (and a total).
  const holdingHeader = reportEnd + 5;
  row = holdingHeader + input.holdings.length + 1;
  const positionHeader = row + 3;
  row = positionHeader + Math.max(input.positions.length, 0) + 1;
  let closedHeader: number | undefined;
  if (input.closed.length > 0) {
    closedHeader = row + 3;
    row = closedHeader + input.closed.length + 1;
  }
  const fundingHeader = row + 4;
  const fundingRows = Math.max(1, ...input.positions.map((p) => p.fundingRates?.length ?? 0));
  row = fundingHeader + fundingRows;
  const historyHeader = points > 0 ? row + 4 : undefined;
  return {
    instruments,
    instrumentHeader,
    venueHeader,
    reportEnd,
    holdingHeader,
    positionHeader,
    closedHeader,
    fundingHeader,
    fundingRows,
    historyHeader,
    historyPoints: points,
  };
}

/** The absolute range of one column of a block's data rows, or undefined for an empty block. */
const columnRange = (header: number, count: number, col: number): string | undefined =>
  count > 0 ? absRange(header + 1, col, header + count, col) : undefined;

/** SUM of a column, 0 for an empty block. */
const sumOf = (range: string | undefined): string => (range ? `SUM(${range})` : "0");

/** Σ over rows whose `keys` cell equals `key`: exact matches (no SUMIF wildcards), 0 for no rows. */
const sumWhere = (keys: string | undefined, key: string, values: string | undefined): string =>
  keys && values ? `SUMPRODUCT((${keys}=${key})*${values})` : "0";

// ---------------------------------------------------------------------------------------------------
// The sheet: building it

export function buildReport(input: ReportInput, date: string): SheetPlan {
  const plan = new PlanBuilder();
  const layout = layoutOf(input);
  plan.heading(
    TITLE,
    "Reporting explains how hedge gains and losses offset spot moves and how basis effects contributed, with realised and unrealised P&L, margin usage and deviations from target.",
    "Net P&L = (1 − h) × book P&L (unhedged on purpose) + (hedge price P&L + h × book P&L) (basis and proxy mismatch) + carry. The data below are the inputs."
  );

  const ranges = dataRanges(input, layout);
  const cell = writeSummary(plan, input, ranges);
  const instrumentRows = writeInstruments(plan, input, layout, ranges, cell);
  if (layout.venueHeader !== undefined) writeVenues(plan, input, layout.venueHeader, ranges);
  writeConventions(plan, layout.historyPoints > 0 ? ROW.block + CHART_ROWS : ROW.block);

  writeData(plan, input, layout);

  const tables = [
    {
      name: tableName(PREFIX, date, "Instruments"),
      range: a1Range(
        layout.instrumentHeader,
        0,
        layout.instrumentHeader + layout.instruments.length,
        I.limit
      ),
    },
    {
      name: tableName(PREFIX, date, "Holdings"),
      range: a1Range(
        layout.holdingHeader,
        0,
        layout.holdingHeader + input.holdings.length,
        H.weight
      ),
    },
  ];
  if (layout.venueHeader !== undefined)
    tables.splice(1, 0, {
      name: tableName(PREFIX, date, "Venues"),
      range: a1Range(layout.venueHeader, 0, layout.venueHeader + input.venues.length, V.notional),
    });
  if (input.positions.length > 0)
    tables.push({
      name: tableName(PREFIX, date, "Positions"),
      range: a1Range(
        layout.positionHeader,
        0,
        layout.positionHeader + input.positions.length,
        P.notional
      ),
    });
  if (layout.closedHeader !== undefined)
    tables.push({
      name: tableName(PREFIX, date, "Closed"),
      range: a1Range(layout.closedHeader, 0, layout.closedHeader + input.closed.length, C.carry),
    });

  const validations =
    input.positions.length > 0
      ? [
          {
            range: a1Range(
              layout.positionHeader + 1,
              P.side,
              layout.positionHeader + input.positions.length,
              P.side
            ),
            list: ["short", "long"],
          },
          {
            range: a1Range(
              layout.positionHeader + 1,
              P.contract,
              layout.positionHeader + input.positions.length,
              P.contract
            ),
            list: [...CONTRACT_TYPES],
          },
        ]
      : [];

  const charts =
    layout.historyHeader !== undefined
      ? [
          {
            type: "line" as const,
            title: "Book and hedged value",
            source: a1Range(
              layout.historyHeader,
              T.date,
              layout.historyHeader + layout.historyPoints,
              T.hedged
            ),
            anchor: a1(ROW.block, R.side),
            seriesBy: "columns" as const,
          },
        ]
      : [];

  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables,
    validations,
    conditionalFormats: flags(cell, instrumentRows),
    charts,
    columnWidths: [
      { col: 0, width: 190 },
      { col: 1, width: 105 },
      { col: 2, width: 225 },
      ...Array.from({ length: P.notional - 2 }, (_, i) => ({ col: 3 + i, width: 95 })),
    ],
    // The report alone prints, on one landscape page; the data below it are not printed.
    print: { area: a1Range(0, 0, layout.reportEnd, R.last), orientation: "landscape" },
  };
}

/** Absolute ranges over the data blocks, for the report's sums. */
interface DataRanges {
  holdings: {
    startValue: string;
    endValue: string;
    pnl: string;
  };
  positions: {
    instrument?: string;
    venue?: string;
    side?: string;
    size?: string;
    price?: string;
    funding?: string;
    roll?: string;
    fees?: string;
    carry?: string;
    notional?: string;
  };
  closed: {
    instrument?: string;
    realised?: string;
    funding?: string;
    fees?: string;
    carry?: string;
  };
}

function dataRanges(input: ReportInput, layout: Layout): DataRanges {
  const holding = (col: number) => columnRange(layout.holdingHeader, input.holdings.length, col)!;
  const position = (col: number) => columnRange(layout.positionHeader, input.positions.length, col);
  const closed = (col: number) =>
    layout.closedHeader === undefined
      ? undefined
      : columnRange(layout.closedHeader, input.closed.length, col);
  return {
    holdings: {
      startValue: holding(H.startValue),
      endValue: holding(H.endValue),
      pnl: holding(H.pnl),
    },
    positions: {
      instrument: position(P.instrument),
      venue: position(P.venue),
      side: position(P.side),
      size: position(P.size),
      price: position(P.price),
      funding: position(P.funding),
      roll: position(P.roll),
      fees: position(P.fees),
      carry: position(P.carry),
      notional: position(P.notional),
    },
    closed: {
      instrument: closed(C.instrument),
      realised: closed(C.realised),
      funding: closed(C.funding),
      fees: closed(C.fees),
      carry: closed(C.carry),
    },
  };
}

/** Absolute addresses of the summary's cells, by name. */
type SummaryCells = Record<
  | "start"
  | "end"
  | "target"
  | "low"
  | "high"
  | "maxPosition"
  | "bookStart"
  | "bookEnd"
  | "book"
  | "hedge"
  | "open"
  | "closed"
  | "funding"
  | "roll"
  | "fees"
  | "carry"
  | "net"
  | "coverage"
  | "status"
  | "aboveLimit"
  | "breaches",
  string
>;

/** The two summary blocks: period, policy and P&L on the left; attribution and coverage on the right. */
function writeSummary(plan: PlanBuilder, input: ReportInput, d: DataRanges): SummaryCells {
  const left = (row: number, label: string, formula: string, format?: string, total = false) => {
    plan.value(row, R.label1, label, total ? { style: "total" } : {});
    plan.formula(row, R.value1, formula, { format, style: total ? "total" : undefined });
    return abs(row, R.value1);
  };
  const right = (row: number, label: string, formula: string, format?: string, total = false) => {
    plan.value(row, R.label2, label, total ? { style: "total" } : {});
    plan.formula(row, R.value2, formula, { format, style: total ? "total" : undefined });
    return abs(row, R.value2);
  };
  const policy = (
    row: number,
    label: string,
    key: Parameters<typeof policyName>[0],
    format: string
  ) => left(row, label, `=${policyName(key)}`, format);

  plan.value(ROW.block, R.label1, "Period and policy", { style: "subtitle" });
  plan.value(ROW.start, R.label1, "Period start");
  plan.input(ROW.start, R.value1, isoToSerial(input.periodStart), FORMAT.date);
  plan.value(ROW.end, R.label1, "Period end");
  plan.input(ROW.end, R.value1, isoToSerial(input.periodEnd), FORMAT.date);
  const start = abs(ROW.start, R.value1);
  const end = abs(ROW.end, R.value1);
  left(ROW.days, "Days in the period", `=${end}-${start}`, FORMAT.whole);
  plan.value(ROW.target, R.label1, "Target coverage h");
  plan.input(ROW.target, R.value1, input.targetCoverage, "0.0%");
  const target = abs(ROW.target, R.value1);
  const low = policy(ROW.low, "Coverage band: low (Policy)", "coverageLow", "0.0%");
  const high = policy(ROW.high, "Coverage band: high (Policy)", "coverageHigh", "0.0%");
  const maxPosition = policy(
    ROW.maxPosition,
    "Maximum position (Policy)",
    "maxPosition",
    FORMAT.money
  );

  plan.value(ROW.pnlTitle, R.label1, "P&L of the period", { style: "subtitle" });
  const money = FORMAT.money;
  const bookStart = left(
    ROW.bookStart,
    "Book value at start",
    `=${sumOf(d.holdings.startValue)}`,
    money
  );
  const bookEnd = left(ROW.bookEnd, "Book value at end", `=${sumOf(d.holdings.endValue)}`, money);
  const book = left(ROW.book, "Book P&L", `=${sumOf(d.holdings.pnl)}`, money);
  const open = abs(ROW.open, R.value1);
  const closed = abs(ROW.closed, R.value1);
  const hedge = left(ROW.hedge, "Hedge price P&L", `=${open}+${closed}`, money);
  left(ROW.open, "  of which open positions", `=${sumOf(d.positions.price)}`, money);
  left(ROW.closed, "  of which closed in the period", `=${sumOf(d.closed.realised)}`, money);
  const funding = left(
    ROW.funding,
    "Funding received",
    `=${sumOf(d.positions.funding)}+${sumOf(d.closed.funding)}`,
    money
  );
  const roll = left(ROW.roll, "Roll costs", `=-${sumOf(d.positions.roll)}`, money);
  const fees = left(
    ROW.fees,
    "Fees",
    `=-(${sumOf(d.positions.fees)}+${sumOf(d.closed.fees)})`,
    money
  );
  const carry = left(ROW.carry, "Carry", `=${funding}+${roll}+${fees}`, money);
  const net = left(
    ROW.net,
    "Net P&L (book + hedge + carry)",
    `=${book}+${hedge}+${carry}`,
    money,
    true
  );
  left(ROW.netShare, "Net P&L ÷ book value at start", `=${net}/${bookStart}`, FORMAT.percent);

  plan.value(ROW.block, R.label2, "Attribution", { style: "subtitle" });
  const unhedged = right(
    ROW.unhedged,
    "Unhedged on purpose: (1 − h) × book",
    `=(1-${target})*${book}`,
    money
  );
  const mismatch = right(
    ROW.mismatch,
    "Basis and proxy mismatch: hedge + h × book",
    `=${hedge}+${target}*${book}`,
    money
  );
  const carried = right(ROW.attributedCarry, "Carry", `=${carry}`, money);
  const attributed = right(
    ROW.attributedNet,
    "Net P&L",
    `=${unhedged}+${mismatch}+${carried}`,
    money,
    true
  );
  right(
    ROW.identity,
    "Check: net − (book + hedge + carry)",
    `=${attributed}-${net}`,
    FORMAT.moneyCents
  );

  plan.value(ROW.realisedTitle, R.label2, "Realised and unrealised", { style: "subtitle" });
  const realised = right(
    ROW.realised,
    "Realised: closed positions + carry",
    `=${closed}+${carry}`,
    money
  );
  const unrealised = right(
    ROW.unrealised,
    "Unrealised: book + open positions",
    `=${book}+${open}`,
    money
  );
  right(ROW.realisedNet, "Net P&L", `=${realised}+${unrealised}`, money, true);

  plan.value(ROW.coverageTitle, R.label2, "Coverage at the end of the period", {
    style: "subtitle",
  });
  const hedgeNotional = right(
    ROW.hedgeNotional,
    "Hedge notional (short − long)",
    `=-${sumOf(d.positions.notional)}`,
    money
  );
  const coverageBook = right(ROW.coverageBook, "Book value at end", `=${bookEnd}`, money);
  const coverage = right(ROW.coverage, "Coverage", `=${hedgeNotional}/${coverageBook}`, "0.0%");
  right(ROW.deviation, "Deviation from target h", `=${coverage}-${target}`, "0.0%");
  const status = right(
    ROW.status,
    "Against the band",
    `=IF(${coverage}<${low},"${STATUS.under}",IF(${coverage}>${high},"${STATUS.over}","${STATUS.within}"))`
  );
  const aboveLimit = abs(ROW.aboveLimit, R.value2);
  const breaches = right(
    ROW.breaches,
    "Breaches",
    `=IF(OR(${coverage}<${low},${coverage}>${high}),1,0)+${aboveLimit}`,
    FORMAT.whole,
    true
  );
  return {
    start,
    end,
    target,
    low,
    high,
    maxPosition,
    bookStart,
    bookEnd,
    book,
    hedge,
    open,
    closed,
    funding,
    roll,
    fees,
    carry,
    net,
    coverage,
    status,
    aboveLimit,
    breaches,
  };
}

/**
 * One row per instrument (instruments never mix: sizes are added only within one): net size, position
 * at the end against the maximum position, price P&L (open and closed) and carry. Returns the data rows.
 */
function writeInstruments(
  plan: PlanBuilder,
  input: ReportInput,
  layout: Layout,
  d: DataRanges,
  cell: SummaryCells
): { first: number; last: number } {
  const header = layout.instrumentHeader;
  plan.value(header - 1, 0, "By instrument", { style: "subtitle" });
  plan.headers(header, 0, INSTRUMENT_HEADERS);
  const first = header + 1;
  const p = d.positions;
  const c = d.closed;
  // +1 for a long, −1 for a short, as an array over the side column.
  const signs = p.side ? `((${p.side}="long")*2-1)` : undefined;
  layout.instruments.forEach((instrument, k) => {
    const row = first + k;
    const at = (col: number) => a1(row, col);
    const key = abs(row, I.instrument);
    const open = input.positions.find((position) => position.instrument.trim() === instrument);
    plan.value(row, I.instrument, instrument);
    plan.value(row, I.contract, open ? open.contract : "closed in the period");
    plan.formula(
      row,
      I.netSize,
      signs && p.size && p.instrument
        ? `=SUMPRODUCT((${p.instrument}=${key})*${signs}*${p.size})`
        : "=0",
      { format: FORMAT.number }
    );
    plan.formula(row, I.position, `=${sumWhere(p.instrument, key, p.notional)}`, {
      format: FORMAT.money,
    });
    plan.formula(
      row,
      I.price,
      `=${sumWhere(p.instrument, key, p.price)}+${sumWhere(c.instrument, key, c.realised)}`,
      { format: FORMAT.money }
    );
    plan.formula(
      row,
      I.carry,
      `=${sumWhere(p.instrument, key, p.carry)}+${sumWhere(c.instrument, key, c.carry)}`,
      { format: FORMAT.money }
    );
    plan.formula(row, I.total, `=${at(I.price)}+${at(I.carry)}`, { format: FORMAT.money });
    plan.formula(
      row,
      I.limit,
      `=IF(ABS(${at(I.position)})>${cell.maxPosition},"${LIMIT.above}","${LIMIT.within}")`
    );
  });
  const last = first + layout.instruments.length - 1;
  const total = last + 1;
  plan.value(total, 0, "Total", { style: "total" });
  // Money columns only: sizes of different instruments are never added.
  for (const col of [I.price, I.carry, I.total])
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
  // The count the Breaches cell adds.
  plan.formula(
    ROW.aboveLimit,
    R.value2,
    `=COUNTIF(${absRange(first, I.limit, last, I.limit)},"${LIMIT.above}")`,
    { format: FORMAT.whole }
  );
  plan.value(ROW.aboveLimit, R.label2, "Instruments above the maximum position");
  return { first, last };
}

/** Margin usage per venue: in use ÷ balance, the free margin, and the hedge notional held there. */
function writeVenues(plan: PlanBuilder, input: ReportInput, header: number, d: DataRanges): void {
  plan.value(header - 1, 0, "Margin by venue", { style: "subtitle" });
  plan.headers(header, 0, VENUE_HEADERS);
  const first = header + 1;
  const p = d.positions;
  input.venues.forEach((venue, k) => {
    const row = first + k;
    const at = (col: number) => a1(row, col);
    plan.input(row, V.venue, venue.venue);
    plan.input(row, V.balance, venue.balance, FORMAT.money);
    plan.input(row, V.inUse, venue.inUse, FORMAT.money);
    plan.formula(row, V.usage, `=${at(V.inUse)}/${at(V.balance)}`, { format: FORMAT.percent });
    plan.formula(row, V.free, `=${at(V.balance)}-${at(V.inUse)}`, { format: FORMAT.money });
    plan.formula(
      row,
      V.notional,
      p.venue && p.notional
        ? `=SUMPRODUCT((${p.venue}=${abs(row, V.venue)})*ABS(${p.notional}))`
        : "=0",
      { format: FORMAT.money }
    );
  });
  const last = first + input.venues.length - 1;
  const total = last + 1;
  const sum = (col: number) => `SUM(${a1Range(first, col, last, col)})`;
  plan.value(total, 0, "Total", { style: "total" });
  for (const col of [V.balance, V.inUse, V.free, V.notional])
    plan.formula(total, col, `=${sum(col)}`, { format: FORMAT.money, style: "total" });
  plan.formula(total, V.usage, `=${a1(total, V.inUse)}/${a1(total, V.balance)}`, {
    format: FORMAT.percent,
    style: "total",
  });
}

function writeConventions(plan: PlanBuilder, top: number): void {
  plan.value(top, R.side, "How to read this report", { style: "subtitle" });
  CONVENTIONS.forEach((text, i) => plan.value(top + 1 + i, R.side, text, { style: "note" }));
}

/** Coverage outside the band and instruments above the maximum position, red; within, green. */
function flags(cell: SummaryCells, rows: { first: number; last: number }): PlanConditionalFormat[] {
  const coverage = a1Range(ROW.coverage, R.value2, ROW.status, R.value2);
  const outside = `OR(${cell.coverage}<${cell.low},${cell.coverage}>${cell.high})`;
  const limit = a1Range(rows.first, I.position, rows.last, I.limit);
  const position = colAbs(rows.first, I.position);
  const red = { fill: COLOUR.redFill, font: COLOUR.redFont };
  const green = { fill: COLOUR.greenFill, font: COLOUR.greenFont };
  const breaches = a1(ROW.breaches, R.value2);
  return [
    { range: coverage, formula: `=${outside}`, ...red },
    { range: coverage, formula: `=NOT(${outside})`, ...green },
    { range: breaches, formula: `=${cell.breaches}>0`, ...red },
    { range: breaches, formula: `=${cell.breaches}=0`, ...green },
    { range: limit, formula: `=ABS(${position})>${cell.maxPosition}`, ...red },
  ];
}

// ---------------------------------------------------------------------------------------------------
// The data below the report

function writeData(plan: PlanBuilder, input: ReportInput, layout: Layout): void {
  const top = layout.holdingHeader - 4;
  plan.value(top, 0, "Data behind the report (not printed)", { style: "subtitle" });
  plan.value(
    top + 1,
    0,
    "Edit the pale yellow inputs and the report above recalculates. Printing prints the report alone (its print area).",
    { style: "note" }
  );
  const history = layout.historyHeader;
  writeHoldings(plan, input, layout, history);
  writePositions(plan, input, layout, history);
  if (layout.closedHeader !== undefined) writeClosed(plan, input, layout.closedHeader);
  if (input.positions.length > 0) writeFunding(plan, input, layout);
  if (history !== undefined) writeHistory(plan, input, layout, history);
}

/** Where a history column starts and ends: the cell of its first and last price. */
const historyCell = (history: number, points: number, col: number, which: "first" | "last") =>
  a1(history + (which === "first" ? 1 : points), col);

function writeHoldings(
  plan: PlanBuilder,
  input: ReportInput,
  layout: Layout,
  history: number | undefined
): void {
  const header = layout.holdingHeader;
  plan.value(header - 1, 0, "Holdings", { style: "subtitle" });
  plan.headers(header, 0, HOLDING_HEADERS);
  const first = header + 1;
  const last = first + input.holdings.length - 1;
  const total = last + 1;
  input.holdings.forEach((holding, i) => {
    const row = first + i;
    const at = (col: number) => a1(row, col);
    plan.input(row, H.token, holding.token.trim());
    plan.input(row, H.quantity, holding.quantity, FORMAT.number);
    if (history !== undefined) {
      // The history's ends: the prices the report uses are the history's.
      const col = T.first + i;
      plan.formula(row, H.start, `=${historyCell(history, layout.historyPoints, col, "first")}`, {
        format: FORMAT.price,
      });
      plan.formula(row, H.end, `=${historyCell(history, layout.historyPoints, col, "last")}`, {
        format: FORMAT.price,
      });
    } else {
      plan.input(row, H.start, holding.startPrice!, FORMAT.price);
      plan.input(row, H.end, holding.endPrice!, FORMAT.price);
    }
    plan.formula(row, H.startValue, `=${at(H.quantity)}*${at(H.start)}`, { format: FORMAT.money });
    plan.formula(row, H.endValue, `=${at(H.quantity)}*${at(H.end)}`, { format: FORMAT.money });
    plan.formula(row, H.pnl, `=${at(H.quantity)}*(${at(H.end)}-${at(H.start)})`, {
      format: FORMAT.money,
    });
    plan.formula(row, H.weight, `=${at(H.endValue)}/${abs(total, H.endValue)}`, {
      format: FORMAT.percent,
    });
  });
  plan.value(total, 0, "Total", { style: "total" });
  // Quantities and prices of different tokens are never added: values and P&L only.
  for (const col of [H.startValue, H.endValue, H.pnl])
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
}

/**
 * Open positions: the inputs, then P&L per unit of mark (side × size, ÷ the start mark for an inverse
 * contract: its coin P&L valued at the mark), the price P&L, the funding notional and funding received
 * (−FUNDINGCOST over the position's column of rates), carry and the position at the end (signed).
 */
function writePositions(
  plan: PlanBuilder,
  input: ReportInput,
  layout: Layout,
  history: number | undefined
): void {
  const header = layout.positionHeader;
  plan.value(header - 1, 0, "Open hedge positions at the end of the period", { style: "subtitle" });
  if (input.positions.length === 0) {
    plan.value(header, 0, "None: every hedge was closed in the period.", { style: "note" });
    return;
  }
  plan.headers(header, 0, POSITION_HEADERS);
  const first = header + 1;
  const last = first + input.positions.length - 1;
  input.positions.forEach((position, p) => {
    const row = first + p;
    const at = (col: number) => a1(row, col);
    const inverse = `${at(P.contract)}="inverse"`;
    const sign = `IF(${at(P.side)}="long",1,-1)`;
    plan.input(row, P.instrument, position.instrument.trim());
    plan.input(row, P.venue, position.venue.trim());
    plan.input(row, P.contract, position.contract);
    plan.input(row, P.side, position.side);
    plan.input(row, P.size, position.size, FORMAT.number);
    if (history !== undefined) {
      const col = T.first + input.holdings.length + p;
      plan.formula(row, P.start, `=${historyCell(history, layout.historyPoints, col, "first")}`, {
        format: FORMAT.price,
      });
      plan.formula(row, P.end, `=${historyCell(history, layout.historyPoints, col, "last")}`, {
        format: FORMAT.price,
      });
    } else {
      plan.input(row, P.start, position.startMark!, FORMAT.price);
      plan.input(row, P.end, position.endMark!, FORMAT.price);
    }
    plan.formula(
      row,
      P.perUnit,
      `=${sign}*IF(${inverse},${at(P.size)}/${at(P.start)},${at(P.size)})`,
      {
        format: FORMAT.number,
      }
    );
    plan.formula(row, P.price, `=${at(P.perUnit)}*(${at(P.end)}-${at(P.start)})`, {
      format: FORMAT.money,
    });
    plan.formula(
      row,
      P.fundingNotional,
      `=IF(${inverse},${at(P.size)},${at(P.size)}*(${at(P.start)}+${at(P.end)})/2)`,
      { format: FORMAT.money }
    );
    const rates = a1Range(
      layout.fundingHeader + 1,
      1 + p,
      layout.fundingHeader + layout.fundingRows,
      1 + p
    );
    // A dated future has no funding: 0, where FUNDINGCOST would say #DIV/0! for no rates.
    plan.formula(
      row,
      P.funding,
      `=IF(COUNT(${rates})=0,0,-ALTHEDGE.FUNDINGCOST(${at(P.fundingNotional)},${rates},${at(P.side)}))`,
      { format: FORMAT.money }
    );
    plan.input(row, P.roll, given(position.rollCosts) ? position.rollCosts : 0, FORMAT.money);
    plan.input(row, P.fees, given(position.fees) ? position.fees : 0, FORMAT.money);
    plan.formula(row, P.carry, `=${at(P.funding)}-${at(P.roll)}-${at(P.fees)}`, {
      format: FORMAT.money,
    });
    plan.formula(
      row,
      P.notional,
      `=${sign}*IF(${inverse},${at(P.size)},${at(P.size)}*${at(P.end)})`,
      { format: FORMAT.money }
    );
  });
  const total = last + 1;
  plan.value(total, 0, "Total", { style: "total" });
  for (const col of [P.price, P.funding, P.roll, P.fees, P.carry, P.notional])
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
}

function writeClosed(plan: PlanBuilder, input: ReportInput, header: number): void {
  plan.value(header - 1, 0, "Positions closed in the period", { style: "subtitle" });
  plan.headers(header, 0, CLOSED_HEADERS);
  const first = header + 1;
  const last = first + input.closed.length - 1;
  input.closed.forEach((position, k) => {
    const row = first + k;
    const at = (col: number) => a1(row, col);
    plan.input(row, C.instrument, position.instrument.trim());
    plan.input(row, C.venue, position.venue.trim());
    plan.input(row, C.realised, position.realised, FORMAT.money);
    plan.input(row, C.funding, given(position.funding) ? position.funding : 0, FORMAT.money);
    plan.input(row, C.fees, given(position.fees) ? position.fees : 0, FORMAT.money);
    plan.formula(row, C.carry, `=${at(C.funding)}-${at(C.fees)}`, { format: FORMAT.money });
  });
  const total = last + 1;
  plan.value(total, 0, "Total", { style: "total" });
  for (const col of [C.realised, C.funding, C.fees, C.carry])
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
}

/** One column of funding rates per open position, one row per settlement, oldest first. */
function writeFunding(plan: PlanBuilder, input: ReportInput, layout: Layout): void {
  const header = layout.fundingHeader;
  plan.value(header - 2, 0, "Funding rates per settlement", { style: "subtitle" });
  plan.value(
    header - 1,
    0,
    "One column per open position, oldest first (0.0001 = 0.01% per settlement). A blank column is a dated future: no funding.",
    { style: "note" }
  );
  plan.value(header, 0, "Settlement", { style: "header" });
  input.positions.forEach((position, p) =>
    plan.value(header, 1 + p, `${position.instrument.trim()} at ${position.venue.trim()}`, {
      style: "header",
    })
  );
  for (let k = 0; k < layout.fundingRows; k++) {
    const row = header + 1 + k;
    plan.value(row, 0, k + 1);
    input.positions.forEach((position, p) =>
      plan.input(row, 1 + p, position.fundingRates?.[k] ?? null, "0.0000%")
    );
  }
}

/**
 * The price history: one row per date (evenly spaced from the period start to its end), book value =
 * Σ quantity × price, hedge P&L = Σ P&L per unit of mark × (mark − start mark) over the open positions,
 * hedged value = book value + hedge P&L; then the prices and marks, which are inputs.
 */
function writeHistory(plan: PlanBuilder, input: ReportInput, layout: Layout, header: number): void {
  const points = layout.historyPoints;
  plan.value(header - 2, 0, "Price history", { style: "subtitle" });
  plan.value(
    header - 1,
    0,
    "Hedged value = book value + the open positions' price P&L since the start; carry and closed positions are not in it. Dates are evenly spaced over the period.",
    { style: "note" }
  );
  plan.headers(header, 0, ["Date", "Book value", "Hedged value", "Hedge P&L"]);
  input.holdings.forEach((holding, i) =>
    plan.value(header, T.first + i, holding.token.trim(), { style: "header" })
  );
  const positionCol = (p: number) => T.first + input.holdings.length + p;
  input.positions.forEach((position, p) =>
    plan.value(
      header,
      positionCol(p),
      `${position.instrument.trim()} at ${position.venue.trim()}`,
      {
        style: "header",
      }
    )
  );
  const start = abs(ROW.start, R.value1);
  const end = abs(ROW.end, R.value1);
  const holdingRow = (i: number) => layout.holdingHeader + 1 + i;
  const positionRow = (p: number) => layout.positionHeader + 1 + p;
  for (let k = 0; k < points; k++) {
    const row = header + 1 + k;
    const at = (col: number) => a1(row, col);
    plan.formula(row, T.date, `=${start}+(${end}-${start})*${k}/${points - 1}`, {
      format: FORMAT.date,
    });
    const book = input.holdings
      .map((_, i) => `${abs(holdingRow(i), H.quantity)}*${at(T.first + i)}`)
      .join("+");
    plan.formula(row, T.book, `=${book}`, { format: FORMAT.money });
    const hedge = input.positions
      .map(
        (_, p) =>
          `${abs(positionRow(p), P.perUnit)}*(${at(positionCol(p))}-${abs(positionRow(p), P.start)})`
      )
      .join("+");
    plan.formula(row, T.hedgePnl, `=${hedge || "0"}`, { format: FORMAT.money });
    plan.formula(row, T.hedged, `=${at(T.book)}+${at(T.hedgePnl)}`, { format: FORMAT.money });
    input.holdings.forEach((holding, i) =>
      plan.input(row, T.first + i, holding.history![k], FORMAT.price)
    );
    input.positions.forEach((position, p) =>
      plan.input(row, positionCol(p), position.history![k], FORMAT.price)
    );
  }
}

export const reportWizard: Wizard<ReportInput> = {
  id: "report",
  title: TITLE,
  summary: "The period's P&L for finance: attribution, realised and unrealised, coverage, margin.",
  sheetPrefix: PREFIX,
  sample: sampleReport,
  validate: validateReport,
  build: buildReport,
  logSummary: logReport,
};
