/**
 * Wizard 3, margin and collateral plan. The seed article: "Hedging with derivatives requires margin,
 * and margin requirements can expand during volatility. A hedge can be liquidated even when it is
 * directionally correct if collateral is insufficient", and "collateral policy should define minimum
 * buffer thresholds and escalation actions".
 *
 * One linear (USDⓈ-margined) isolated position per venue, described as the exchange shows it: side,
 * size in coins, entry and mark price, the collateral posted (the isolated wallet balance), its haircut,
 * and the maintenance rate and amount of the position's tier. The sheet derives what the functions need
 * (taskpane.md, "3. Margin and collateral plan"):
 * - collateral after haircut C = posted × (1 − haircut), what the venue credits;
 * - notional at mark N = size × mark;
 * - margin balance B = C + s × size × (mark − entry), unrealised P&L included (s = +1 long, −1 short);
 * - LIQPRICE(entry, size, C, rate, side, "linear", amount): the posted collateral at entry;
 * - MARGINBUFFER(B + amount, N, rate, side): the balance at the mark. The maintenance amount lowers the
 *   requirement to rate × N − amount, so it is added to the balance (MARGINBUFFER has no amount).
 * With both fed this way, liquidation price = mark × (1 − s × buffer) exactly (derivation in
 * test/templates/trust.margin-exposure.test.ts).
 *
 * The buffer levels and the leverage limit are the workbook's policy (./policy: AltHedge_BufferWarning,
 * AltHedge_BufferCritical, AltHedge_MaxLeverage), read on the sheet, never copied into it: a venue's
 * level, its leverage check and the sheet's count of breaches follow the Policy sheet live. COLLATERALNEEDED returns the margin balance's market value to
 * hold for a move, grossed up for the haircut; the posted collateral needed is that less what the
 * position already brings to its balance, (unrealised P&L + amount) ÷ (1 − haircut).
 */
import { readable } from "./exposure";
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
  colAbs,
  given,
  orDefault,
  plural,
  readNumber,
  readSide,
  showPercent,
  tableName,
  type FieldError,
  type Side,
  type WantedColumn,
  type Wizard,
} from "./common";

/** One venue's isolated, linear hedge position and its collateral. */
export interface MarginVenue {
  venue: string;
  /** The contract, e.g. "BTC-PERP" (linear, USDⓈ-margined). */
  instrument: string;
  side: Side;
  /** Position size in coins (the underlying), not contracts. */
  size: number;
  /** Average entry price, in the quote currency. */
  entryPrice: number;
  /** Current mark price, in the quote currency. */
  markPrice: number;
  /** Collateral posted to the isolated position (its wallet balance), at market value. */
  collateral: number;
  /** Haircut on the collateral's market value, as a decimal. */
  haircut: number;
  /** Maintenance margin rate of the position's tier, as a decimal (0.005 = 0.5%). */
  maintenanceRate: number;
  /** Maintenance amount of the tier (Binance's "cum"), in the quote currency; 0 when left out. */
  maintenanceAmount?: number;
}

/**
 * The warning and critical buffer levels are not inputs: they are the policy's (AltHedge_BufferWarning
 * and AltHedge_BufferCritical, ./policy), as is the maximum leverage.
 */
export interface MarginInput {
  venues: MarginVenue[];
  /** Adverse moves to hold collateral for; 0.2, 0.4 and 0.6 by default. */
  stressMoves: number[];
}

const TITLE = "Margin and collateral plan";
const PREFIX = "Margin plan";

/** Venue table columns: the inputs first, then what the sheet derives. */
const V = {
  venue: 0,
  instrument: 1,
  side: 2,
  size: 3,
  entry: 4,
  mark: 5,
  collateral: 6,
  haircut: 7,
  maintenance: 8,
  amount: 9,
  credited: 10,
  notional: 11,
  pnl: 12,
  balance: 13,
  buffer: 14,
  level: 15,
  liqPrice: 16,
  forWarning: 17,
  topUp: 18,
  leverage: 19,
  leverageCheck: 20,
} as const;
const VENUE_HEADERS = [
  "Venue",
  "Instrument",
  "Side",
  "Size (coins)",
  "Entry price",
  "Mark price",
  "Posted collateral",
  "Haircut",
  "Maintenance rate",
  "Maintenance amount",
  "Collateral after haircut",
  "Notional at mark",
  "Unrealised P&L",
  "Margin balance",
  "Buffer",
  "Level",
  "Liquidation price",
  "Posted collateral for the warning buffer",
  "Top-up to warning",
  "Leverage",
  "Leverage check",
];

const LEVEL = { ok: "OK", warning: "Warning", critical: "Critical" } as const;
const NO_LIQUIDATION = "None: the collateral covers the position";
const NO_MARGIN = "No margin left";
/** A margin balance below this share of the notional (leverage above 1e9×) counts as none. */
const MIN_MARGIN_SHARE = "0.000000001";
const LEVERAGE_FORMAT = '0.00"×"';

/**
 * Plausibility bounds (taskpane.md, "Trust rules"): what a real book never leaves. Prices have a floor
 * above 0 so that size × price stays a positive number (a notional of 0 would be #DIV/0!).
 */
export const MARGIN_BOUNDS = {
  size: [1e-9, 1e13],
  price: [1e-12, 1e9],
  money: 1e13,
  /** Stress moves: a short's adverse move is a rise, so above 100% is possible, not above 1000%. */
  move: 10,
} as const;

// ---------------------------------------------------------------------------------------------------
// Sample, validation, log

/**
 * Invented venues for a first try: a short BTC hedge on one exchange, a short ETH hedge on another,
 * both a little in the money (marks below entry).
 */
export function sampleMargin(): MarginInput {
  return {
    venues: [
      {
        venue: "Exchange A",
        instrument: "BTC-PERP",
        side: "short",
        size: 15,
        entryPrice: 96000,
        markPrice: 100000,
        collateral: 520000,
        haircut: 0,
        maintenanceRate: 0.005,
        maintenanceAmount: 0,
      },
      {
        venue: "Exchange B",
        instrument: "ETH-PERP",
        side: "short",
        size: 350,
        entryPrice: 3600,
        markPrice: 3650,
        collateral: 260000,
        haircut: 0.1,
        maintenanceRate: 0.01,
        maintenanceAmount: 0,
      },
    ],
    stressMoves: [0.2, 0.4, 0.6],
  };
}

export function validateMargin(input: MarginInput): FieldError[] {
  const checks = new Checks();
  checkVenues(checks, input.venues);
  checkStressMoves(checks, input);
  return checks.errors;
}

function checkVenues(checks: Checks, venues: MarginVenue[]): void {
  if (!Array.isArray(venues) || venues.length === 0) {
    checks.fail("venues", "Add at least one venue");
    return;
  }
  const [minSize, maxSize] = MARGIN_BOUNDS.size;
  const [minPrice, maxPrice] = MARGIN_BOUNDS.price;
  venues.forEach((venue, i) => {
    const field = (key: keyof MarginVenue) => `venues.${i}.${key}`;
    const name = venue.venue?.trim() ? venue.venue.trim() : `row ${i + 1}`;
    checks.text(field("venue"), `The name of venue ${i + 1}`, venue.venue);
    checks.text(field("instrument"), `The instrument at ${name}`, venue.instrument);
    checks.side(field("side"), `Side at ${name}`, venue.side);
    const sizeOk = checks.within(field("size"), `Size at ${name}`, venue.size, minSize, maxSize);
    checks.within(
      field("entryPrice"),
      `Entry price at ${name}`,
      venue.entryPrice,
      minPrice,
      maxPrice
    );
    const markOk = checks.within(
      field("markPrice"),
      `Mark price at ${name}`,
      venue.markPrice,
      minPrice,
      maxPrice
    );
    if (sizeOk && markOk && venue.size * venue.markPrice > MARGIN_BOUNDS.money)
      checks.fail(
        field("size"),
        `The notional at ${name} (size × mark price) must be at most ${readable(MARGIN_BOUNDS.money)}, got ${readable(venue.size * venue.markPrice)}`
      );
    checks.within(
      field("collateral"),
      `Posted collateral at ${name}`,
      venue.collateral,
      0,
      MARGIN_BOUNDS.money
    );
    checks.between(field("haircut"), `Haircut at ${name}`, venue.haircut, 0, 1, { hi: true });
    checks.between(
      field("maintenanceRate"),
      `Maintenance rate at ${name}`,
      venue.maintenanceRate,
      0,
      1,
      { hi: true }
    );
    // Left out (blank, or NaN from a form) is 0, as LIQPRICE's default.
    if (given(venue.maintenanceAmount))
      checks.within(
        field("maintenanceAmount"),
        `Maintenance amount at ${name}`,
        venue.maintenanceAmount,
        0,
        MARGIN_BOUNDS.money
      );
  });
}

function checkStressMoves(checks: Checks, input: MarginInput): void {
  if (!Array.isArray(input.stressMoves) || input.stressMoves.length === 0) {
    checks.fail("stressMoves", "Add at least one stress move (e.g. 20%, 40%, 60%)");
    return;
  }
  // A long cannot lose more than 100%: COLLATERALNEEDED refuses a larger move for a long.
  const long = (input.venues ?? []).find((venue) => venue?.side === "long");
  input.stressMoves.forEach((move, i) => {
    const field = `stressMoves.${i}`;
    const label = `Stress move ${i + 1}`;
    if (!checks.positive(field, label, move)) return;
    if (long && move > 1)
      checks.fail(
        field,
        `${label} must be at most 100% because ${long.venue} is long, got ${showPercent(move)}`
      );
    else if (move > MARGIN_BOUNDS.move)
      checks.fail(
        field,
        `${label} must be at most ${showPercent(MARGIN_BOUNDS.move)}, got ${showPercent(move)}`
      );
  });
}

export function logMargin(input: MarginInput): string {
  return [
    plural(input.venues.length, "venue"),
    `stress ${input.stressMoves.map(showPercent).join("/")}`,
    "buffer levels and leverage limit from the Policy sheet",
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// "Use selected range": a table of venues

/**
 * Columns of a venues range. "Margin balance" and "equity" are left out on purpose: they include the
 * unrealised P&L, and the sheet derives the balance from the collateral posted.
 */
export const MARGIN_VENUE_COLUMNS: WantedColumn[] = [
  { key: "venue", aliases: ["venue", "exchange", "account", "platform"] },
  { key: "instrument", aliases: ["instrument", "symbol", "contract", "market", "pair"] },
  { key: "side", aliases: ["side", "direction"] },
  { key: "size", aliases: ["size", "position size", "quantity", "qty", "coins"] },
  { key: "entryPrice", aliases: ["entry price", "entry", "avg entry", "average entry"] },
  { key: "markPrice", aliases: ["mark price", "mark", "last price"] },
  {
    key: "collateral",
    aliases: [
      "posted collateral",
      "collateral",
      "wallet balance",
      "isolated margin",
      "posted margin",
    ],
  },
  { key: "haircut", aliases: ["haircut"] },
  {
    key: "maintenanceRate",
    aliases: ["maintenance rate", "maintenance margin rate", "mmr"],
  },
  { key: "maintenanceAmount", aliases: ["maintenance amount", "cum"] },
];

type RangeCell = string | number | boolean | null;

/**
 * The venues of a selected range (header row removed), blank rows skipped. A required number left blank
 * or unreadable is NaN, so that `validate` names it; a range without a haircut or maintenance amount
 * column means none.
 */
export function venuesFromRows(
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>
): MarginVenue[] {
  const blank = (cell: RangeCell) => cell === null || (typeof cell === "string" && !cell.trim());
  return rows
    .filter((row) => !row.every(blank))
    .map((row) => {
      const at = (key: string) => {
        const index = mapping[key];
        return index === undefined ? undefined : row[index];
      };
      const text = (key: string) => {
        const cell = at(key);
        return cell === null || cell === undefined ? "" : String(cell).trim();
      };
      const required = (key: string) => readNumber(at(key)) ?? NaN;
      return {
        venue: text("venue"),
        instrument: text("instrument"),
        side: readSide(at("side")),
        size: required("size"),
        entryPrice: required("entryPrice"),
        markPrice: required("markPrice"),
        collateral: required("collateral"),
        haircut: readNumber(at("haircut")) ?? 0,
        maintenanceRate: required("maintenanceRate"),
        maintenanceAmount: readNumber(at("maintenanceAmount")) ?? 0,
      };
    });
}

// ---------------------------------------------------------------------------------------------------
// The sheet

interface VenueRows {
  first: number;
  last: number;
}

export function buildMargin(input: MarginInput, date: string): SheetPlan {
  const plan = new PlanBuilder();
  plan.heading(
    TITLE,
    "Margin requirements can expand during volatility: a hedge can be liquidated even when it is directionally correct if collateral is insufficient, so conservative buffers matter.",
    "Buffer = the adverse price move from the mark a venue survives before liquidation, so liquidation price = mark × (1 − buffer) for a long and mark × (1 + buffer) for a short. Margin balance = collateral after haircut + unrealised P&L. Leverage = notional at mark ÷ margin balance. Edit the pale yellow input cells: the sheet recalculates."
  );
  const policy = writePolicyReadings(plan, 4, ["bufferWarning", "bufferCritical", "maxLeverage"]);
  const warning = policy.cells.bufferWarning;
  const critical = policy.cells.bufferCritical;
  const breachesRow = policy.next;

  const venuesTitle = breachesRow + 2;
  plan.value(venuesTitle, 0, "Venues (linear, isolated positions)", { style: "subtitle" });
  const venues = writeVenues(plan, input.venues, venuesTitle + 1, policy.cells);
  const column = (col: number) => absRange(venues.first, col, venues.last, col);
  const breaches = writeBreaches(
    plan,
    breachesRow,
    `=COUNTIF(${column(V.level)},"${LEVEL.warning}")+COUNTIF(${column(V.level)},"${LEVEL.critical}")+COUNTIF(${column(V.leverageCheck)},"${FLAG.aboveMax}")`,
    "Venues whose buffer is below the warning level (Warning or Critical), plus venues above the maximum leverage"
  );
  const stressTitle = venues.end + 2;
  const stress = writeStress(plan, input, stressTitle, venues);
  const escalationTitle = stress.end + 2;
  const escalation = writeEscalation(
    plan,
    escalationTitle,
    warning,
    critical,
    policy.cells.maxLeverage
  );

  const buffer = colAbs(venues.first, V.buffer);
  const lights = a1Range(venues.first, V.buffer, venues.last, V.level);
  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables: [
      {
        name: tableName(PREFIX, date, "Venues"),
        range: a1Range(venues.first - 1, 0, venues.last, V.leverageCheck),
      },
      { name: tableName(PREFIX, date, "Escalation"), range: escalation },
    ],
    validations: [
      { range: a1Range(venues.first, V.side, venues.last, V.side), list: ["short", "long"] },
    ],
    // Traffic lights on the buffer and its level; the three rules never overlap, so their order
    // does not matter to the adapter.
    conditionalFormats: [
      {
        range: lights,
        formula: `=AND(ISNUMBER(${buffer}),${buffer}<${critical})`,
        fill: COLOUR.redFill,
        font: COLOUR.redFont,
      },
      {
        range: lights,
        formula: `=AND(ISNUMBER(${buffer}),${buffer}>=${critical},${buffer}<${warning})`,
        fill: COLOUR.amberFill,
        font: COLOUR.amberFont,
      },
      {
        range: lights,
        formula: `=AND(ISNUMBER(${buffer}),${buffer}>=${warning})`,
        fill: COLOUR.greenFill,
        font: COLOUR.greenFont,
      },
      flagFormat(a1Range(venues.first, V.leverageCheck, venues.last, V.leverageCheck), [
        FLAG.aboveMax,
      ]),
      ...breachesFormats(breaches),
    ],
    columnWidths: columnWidths(170, V.leverageCheck, 110),
  };
}

interface VenueRows {
  first: number;
  last: number;
  /** The last row written by the venue block (its notes). */
  end: number;
}

/**
 * The venue table: the position and its collateral as inputs, then collateral after haircut, notional
 * at mark, unrealised P&L and margin balance, and from them the buffer, its level, the liquidation price,
 * the top-up to the warning buffer, and the leverage against the policy's maximum.
 */
function writeVenues(
  plan: PlanBuilder,
  venues: MarginVenue[],
  header: number,
  policy: { bufferWarning: string; bufferCritical: string; maxLeverage: string }
): VenueRows {
  const warning = policy.bufferWarning;
  const critical = policy.bufferCritical;
  plan.headers(header, 0, VENUE_HEADERS);
  const first = header + 1;
  const last = first + venues.length - 1;
  venues.forEach((venue, i) => {
    const row = first + i;
    const cell = (col: number) => a1(row, col);
    /** +1 for a long, −1 for a short: the sign of the position's P&L as the price rises. */
    const sign = `IF(${cell(V.side)}="long",1,-1)`;
    plan.input(row, V.venue, venue.venue);
    plan.input(row, V.instrument, venue.instrument);
    plan.input(row, V.side, venue.side);
    plan.input(row, V.size, venue.size, FORMAT.number);
    plan.input(row, V.entry, venue.entryPrice, FORMAT.price);
    plan.input(row, V.mark, venue.markPrice, FORMAT.price);
    plan.input(row, V.collateral, venue.collateral, FORMAT.money);
    plan.input(row, V.haircut, venue.haircut, FORMAT.percent);
    plan.input(row, V.maintenance, venue.maintenanceRate, FORMAT.percent);
    plan.input(row, V.amount, orDefault(venue.maintenanceAmount, 0), FORMAT.money);
    plan.formula(row, V.credited, `=${cell(V.collateral)}*(1-${cell(V.haircut)})`, {
      format: FORMAT.money,
    });
    plan.formula(row, V.notional, `=${cell(V.size)}*${cell(V.mark)}`, { format: FORMAT.money });
    plan.formula(row, V.pnl, `=${sign}*${cell(V.size)}*(${cell(V.mark)}-${cell(V.entry)})`, {
      format: FORMAT.money,
    });
    plan.formula(row, V.balance, `=${cell(V.credited)}+${cell(V.pnl)}`, { format: FORMAT.money });
    // The balance at the mark; the maintenance amount lowers the requirement, so it counts here.
    plan.formula(
      row,
      V.buffer,
      `=ALTHEDGE.MARGINBUFFER(${cell(V.balance)}+${cell(V.amount)},${cell(V.notional)},${cell(V.maintenance)},${cell(V.side)})`,
      { format: FORMAT.percent }
    );
    plan.formula(
      row,
      V.level,
      `=IF(${cell(V.buffer)}<${critical},"${LEVEL.critical}",IF(${cell(V.buffer)}<${warning},"${LEVEL.warning}","${LEVEL.ok}"))`
    );
    // The collateral posted at entry. A long whose collateral covers its cost cannot be liquidated:
    // LIQPRICE says so with #N/A, the sheet says it in words.
    plan.formula(
      row,
      V.liqPrice,
      `=IF(AND(${cell(V.side)}="long",${cell(V.credited)}+${cell(V.amount)}>=${cell(V.size)}*${cell(V.entry)}),"${NO_LIQUIDATION}",ALTHEDGE.LIQPRICE(${cell(V.entry)},${cell(V.size)},${cell(V.credited)},${cell(V.maintenance)},${cell(V.side)},"linear",${cell(V.amount)}))`,
      { format: FORMAT.price }
    );
    // The balance the warning buffer needs (COLLATERALNEEDED, at market value before haircut), less
    // what the position already brings to it: its unrealised P&L and the maintenance amount.
    plan.formula(row, V.forWarning, `=${postedNeeded(cell, warning)}`, { format: FORMAT.money });
    plan.formula(row, V.topUp, `=MAX(0,${cell(V.forWarning)}-${cell(V.collateral)})`, {
      format: FORMAT.money,
    });
    // A balance at or below 0 (or so small that the leverage passes 1e9×, which is no margin in any
    // sense a desk means, and would overflow for a balance of 5e-324) has no leverage to speak of.
    plan.formula(
      row,
      V.leverage,
      `=IF(${cell(V.balance)}>${cell(V.notional)}*${MIN_MARGIN_SHARE},${cell(V.notional)}/${cell(V.balance)},"${NO_MARGIN}")`,
      { format: LEVERAGE_FORMAT }
    );
    plan.formula(
      row,
      V.leverageCheck,
      `=IF(AND(ISNUMBER(${cell(V.leverage)}),${cell(V.leverage)}<=${policy.maxLeverage}),"${FLAG.ok}","${FLAG.aboveMax}")`
    );
  });
  const total = last + 1;
  plan.value(total, 0, "Total", { style: "total" });
  // Quote-currency columns only: sizes and prices of different instruments are never added.
  for (const col of [
    V.collateral,
    V.credited,
    V.notional,
    V.pnl,
    V.balance,
    V.forWarning,
    V.topUp,
  ]) {
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
  }
  plan.value(
    total + 1,
    0,
    "Liquidation price comes from LIQPRICE on the collateral posted at entry, buffer from MARGINBUFFER on the margin balance at the mark (plus the maintenance amount, which lowers the requirement to rate × notional − amount): the two agree.",
    { style: "note" }
  );
  return { first, last, end: total + 1 };
}

/**
 * The posted collateral (market value) that gives a venue the buffer `move`: COLLATERALNEEDED's balance
 * less (unrealised P&L + maintenance amount) ÷ (1 − haircut), never below 0.
 */
function postedNeeded(venue: (col: number) => string, move: string): string {
  const needed = `ALTHEDGE.COLLATERALNEEDED(${venue(V.notional)},${move},${venue(V.maintenance)},${venue(V.side)},${venue(V.haircut)})`;
  return `MAX(0,${needed}-(${venue(V.pnl)}+${venue(V.amount)})/(1-${venue(V.haircut)}))`;
}

/**
 * Collateral needed at each venue for each stress move, and the top-up over what is held. The stress
 * moves are input cells above the grid and its headers are formulas on them, so editing a move
 * relabels its columns; that is why the grid is a plain range and not an Excel table (a table's
 * headers are constant text).
 */
function writeStress(plan: PlanBuilder, input: MarginInput, title: number, venues: VenueRows) {
  const moves = input.stressMoves.length;
  plan.value(title, 0, "Posted collateral needed under stress", { style: "subtitle" });
  plan.value(title + 1, 0, "Adverse stress moves");
  const moveCells = input.stressMoves.map((move, k) => {
    plan.input(title + 1, 1 + k, move, FORMAT.percentWhole);
    return abs(title + 1, 1 + k);
  });
  const header = title + 2;
  plan.value(header, 0, "Venue", { style: "header" });
  const label = (text: string, move: string) => `="${text} "&ROUND(${move}*100,2)&"%"`;
  moveCells.forEach((move, k) => {
    plan.formula(header, 1 + k, label("Needed at", move), { style: "header" });
    plan.formula(header, 1 + moves + k, label("Top-up at", move), { style: "header" });
  });
  const first = header + 1;
  const count = venues.last - venues.first + 1;
  for (let i = 0; i < count; i++) {
    const row = first + i;
    const venueRow = venues.first + i;
    const venue = (col: number) => abs(venueRow, col);
    plan.formula(row, 0, `=${venue(V.venue)}`);
    moveCells.forEach((move, k) => {
      plan.formula(row, 1 + k, `=${postedNeeded(venue, move)}`, { format: FORMAT.money });
      plan.formula(row, 1 + moves + k, `=MAX(0,${a1(row, 1 + k)}-${venue(V.collateral)})`, {
        format: FORMAT.money,
      });
    });
  }
  const last = first + count - 1;
  const total = last + 1;
  plan.value(total, 0, "Total", { style: "total" });
  for (let col = 1; col <= 2 * moves; col++) {
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
  }
  plan.value(
    total + 1,
    0,
    "Collateral must be positioned where it is needed: a surplus at one venue does not cover a shortfall at another until it is moved.",
    { style: "note" }
  );
  return { end: total + 1 };
}

/** The escalation table: levels and actions from the seed's collateral policy, for the user to edit. */
function writeEscalation(
  plan: PlanBuilder,
  title: number,
  warning: string,
  critical: string,
  maxLeverage: string
): string {
  plan.value(title, 0, "Escalation", { style: "subtitle" });
  const header = title + 1;
  plan.headers(header, 0, ["Level", "Trigger", "Action", "Decision owner"]);
  // A trigger is a formula where it quotes a threshold cell, so it follows the threshold's edits.
  const rows: [string, { formula: string } | { text: string }, string][] = [
    [
      LEVEL.warning,
      { formula: `="Buffer below "&ROUND(${warning}*100,2)&"%"` },
      "Add collateral at the venue, or move collateral across venues to where it is needed",
    ],
    [
      LEVEL.critical,
      { formula: `="Buffer below "&ROUND(${critical}*100,2)&"%"` },
      "Cut hedge size or add collateral now, to prevent forced liquidation",
    ],
    [
      "Leverage",
      { formula: `="Leverage above "&ROUND(${maxLeverage},2)&"×"` },
      "Add collateral at the venue or cut the position there: the policy caps leverage per venue",
    ],
    [
      "Stress",
      { text: "A stress move leaves a top-up" },
      "Pre-position the top-up before it is needed: transfers take operational time; diversify collateral that falls with the book",
    ],
  ];
  rows.forEach(([level, trigger, action], i) => {
    const row = header + 1 + i;
    plan.input(row, 0, level);
    if ("formula" in trigger) plan.formula(row, 1, trigger.formula);
    else plan.input(row, 1, trigger.text);
    plan.input(row, 2, action);
    plan.input(row, 3, null);
  });
  return a1Range(header, 0, header + rows.length, 3);
}

export const marginWizard: Wizard<MarginInput> = {
  id: "margin",
  title: TITLE,
  summary: "Buffers, liquidation prices and the collateral each venue needs under stress.",
  sheetPrefix: PREFIX,
  sample: sampleMargin,
  validate: validateMargin,
  build: buildMargin,
  logSummary: logMargin,
};
