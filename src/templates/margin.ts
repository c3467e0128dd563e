/**
 * Wizard 3, margin and collateral plan. The seed article: "Hedging with derivatives requires margin,
 * and margin requirements can expand during volatility. A hedge can be liquidated even when it is
 * directionally correct if collateral is insufficient", and "collateral policy should define minimum
 * buffer thresholds and escalation actions".
 *
 * Each venue's collateral counts after its haircut: MARGINBUFFER and LIQPRICE get the collateral net of
 * haircut (what the venue credits as margin), while COLLATERALNEEDED returns the market value to hold,
 * already grossed up for the haircut, so the top-up is compared with the collateral's market value.
 */
import type { SheetPlan } from "./plan";
import {
  COLOUR,
  Checks,
  FORMAT,
  PlanBuilder,
  columnWidths,
  a1,
  abs,
  a1Range,
  colAbs,
  given,
  plural,
  showPercent,
  tableName,
  type FieldError,
  type Venue,
  type Wizard,
} from "./common";

export interface MarginInput {
  venues: Venue[];
  /** Buffer (adverse move to liquidation) below which the policy warns; 0.3 by default. */
  warning: number;
  /** Buffer below which the policy acts now; 0.15 by default. */
  critical: number;
  /** Adverse moves to hold collateral for; 0.2, 0.4 and 0.6 by default. */
  stressMoves: number[];
}

const TITLE = "Margin and collateral plan";
const PREFIX = "Margin plan";

/** Venue table columns. */
const V = {
  venue: 0,
  side: 1,
  collateral: 2,
  haircut: 3,
  credited: 4,
  notional: 5,
  maintenance: 6,
  entry: 7,
  size: 8,
  buffer: 9,
  level: 10,
  liqPrice: 11,
  forWarning: 12,
  topUp: 13,
} as const;
const VENUE_HEADERS = [
  "Venue",
  "Side",
  "Collateral",
  "Haircut",
  "Collateral after haircut",
  "Position notional",
  "Maintenance rate",
  "Entry price",
  "Size",
  "Buffer",
  "Level",
  "Liquidation price",
  "Collateral for the warning buffer",
  "Top-up to warning",
];

const LEVEL = { ok: "OK", warning: "Warning", critical: "Critical" } as const;

// ---------------------------------------------------------------------------------------------------
// Sample, validation, log

/** Invented venues for a first try: a short BTC hedge on one exchange, a short ETH hedge on another. */
export function sampleMargin(): MarginInput {
  return {
    venues: [
      {
        venue: "Exchange A (BTC-PERP)",
        collateral: 520000,
        haircut: 0,
        notional: 1_440_000,
        maintenanceRate: 0.005,
        side: "short",
        entryPrice: 96000,
        size: 15,
      },
      {
        venue: "Exchange B (ETH-PERP)",
        collateral: 260000,
        haircut: 0.1,
        notional: 1_260_000,
        maintenanceRate: 0.01,
        side: "short",
        entryPrice: 3600,
        size: 350,
      },
    ],
    warning: 0.3,
    critical: 0.15,
    stressMoves: [0.2, 0.4, 0.6],
  };
}

export function validateMargin(input: MarginInput): FieldError[] {
  const checks = new Checks();
  const warningOk = checks.between("warning", "Warning buffer", input.warning, 0, 1, {
    lo: true,
    hi: true,
  });
  const criticalOk = checks.between("critical", "Critical buffer", input.critical, 0, 1, {
    lo: true,
    hi: true,
  });
  if (warningOk && criticalOk && input.critical >= input.warning) {
    checks.fail(
      "critical",
      `The critical buffer must be below the warning buffer: ${showPercent(input.critical)} is not below ${showPercent(input.warning)}`
    );
  }
  checkVenues(checks, input.venues);
  checkStressMoves(checks, input);
  return checks.errors;
}

function checkVenues(checks: Checks, venues: Venue[]): void {
  if (!Array.isArray(venues) || venues.length === 0) {
    checks.fail("venues", "Add at least one venue");
    return;
  }
  venues.forEach((venue, i) => {
    const field = (key: string) => `venues.${i}.${key}`;
    const name = venue.venue?.trim() ? venue.venue.trim() : `row ${i + 1}`;
    checks.text(field("venue"), `The name of venue ${i + 1}`, venue.venue);
    checks.nonNegative(field("collateral"), `Collateral at ${name}`, venue.collateral);
    checks.between(field("haircut"), `Haircut at ${name}`, venue.haircut, 0, 1, { hi: true });
    checks.positive(field("notional"), `Position notional at ${name}`, venue.notional);
    checks.between(
      field("maintenanceRate"),
      `Maintenance rate at ${name}`,
      venue.maintenanceRate,
      0,
      1,
      { hi: true }
    );
    checks.side(field("side"), `Side at ${name}`, venue.side);
    const hasEntry = given(venue.entryPrice);
    const hasSize = given(venue.size);
    if (hasEntry) checks.positive(field("entryPrice"), `Entry price at ${name}`, venue.entryPrice);
    if (hasSize) checks.positive(field("size"), `Size at ${name}`, venue.size);
    if (hasEntry !== hasSize) {
      checks.fail(
        field(hasEntry ? "size" : "entryPrice"),
        `Give both entry price and size at ${name} for a liquidation price, or neither`
      );
    }
  });
}

function checkStressMoves(checks: Checks, input: MarginInput): void {
  if (!Array.isArray(input.stressMoves) || input.stressMoves.length === 0) {
    checks.fail("stressMoves", "Add at least one stress move (e.g. 20%, 40%, 60%)");
    return;
  }
  // A long cannot lose more than 100%: COLLATERALNEEDED refuses a larger move for a long.
  const long = (input.venues ?? []).find((venue) => venue.side === "long");
  input.stressMoves.forEach((move, i) => {
    const field = `stressMoves.${i}`;
    if (!checks.positive(field, `Stress move ${i + 1}`, move)) return;
    if (long && move > 1)
      checks.fail(
        field,
        `Stress move ${i + 1} must be at most 100% because ${long.venue} is long, got ${showPercent(move)}`
      );
  });
}

export function logMargin(input: MarginInput): string {
  return [
    plural(input.venues.length, "venue"),
    `warning ${showPercent(input.warning)}, critical ${showPercent(input.critical)}`,
    `stress ${input.stressMoves.map(showPercent).join("/")}`,
  ].join("; ");
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
    "Buffer = the adverse price move a venue survives before liquidation. Collateral after haircut is what the venue credits as margin. Edit the blue input cells: the sheet recalculates."
  );
  const warning = plan.labelledInput(
    4,
    "Warning buffer",
    input.warning,
    FORMAT.percentWhole,
    "Below this adverse move to liquidation: add collateral or move it across venues"
  ).absolute;
  const critical = plan.labelledInput(
    5,
    "Critical buffer",
    input.critical,
    FORMAT.percentWhole,
    "Below this: cut hedge size or add collateral now"
  ).absolute;

  plan.value(7, 0, "Venues", { style: "subtitle" });
  const venues = writeVenues(plan, input.venues, 8, warning, critical);
  const stressTitle = venues.last + 3;
  const stress = writeStress(plan, input, stressTitle, venues);
  const escalationTitle = stress.end + 2;
  const escalation = writeEscalation(plan, escalationTitle, warning, critical);

  const buffer = colAbs(venues.first, V.buffer);
  const lights = a1Range(venues.first, V.buffer, venues.last, V.level);
  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables: [
      {
        name: tableName(PREFIX, date, "Venues"),
        range: a1Range(venues.first - 1, 0, venues.last, V.topUp),
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
    ],
    columnWidths: columnWidths(170, V.topUp, 110),
  };
}

/** The venue table: inputs, then buffer, level, liquidation price and the top-up to the warning level. */
function writeVenues(
  plan: PlanBuilder,
  venues: Venue[],
  header: number,
  warning: string,
  critical: string
): VenueRows {
  plan.headers(header, 0, VENUE_HEADERS);
  const first = header + 1;
  const last = first + venues.length - 1;
  venues.forEach((venue, i) => {
    const row = first + i;
    const cell = (col: number) => a1(row, col);
    plan.input(row, V.venue, venue.venue);
    plan.input(row, V.side, venue.side);
    plan.input(row, V.collateral, venue.collateral, FORMAT.money);
    plan.input(row, V.haircut, venue.haircut, FORMAT.percent);
    plan.formula(row, V.credited, `=${cell(V.collateral)}*(1-${cell(V.haircut)})`, {
      format: FORMAT.money,
    });
    plan.input(row, V.notional, venue.notional, FORMAT.money);
    plan.input(row, V.maintenance, venue.maintenanceRate, FORMAT.percent);
    plan.input(row, V.entry, given(venue.entryPrice) ? venue.entryPrice : null, FORMAT.number);
    plan.input(row, V.size, given(venue.size) ? venue.size : null, FORMAT.number);
    plan.formula(
      row,
      V.buffer,
      `=ALTHEDGE.MARGINBUFFER(${cell(V.credited)},${cell(V.notional)},${cell(V.maintenance)},${cell(V.side)})`,
      { format: FORMAT.percent }
    );
    plan.formula(
      row,
      V.level,
      `=IF(${cell(V.buffer)}<${critical},"${LEVEL.critical}",IF(${cell(V.buffer)}<${warning},"${LEVEL.warning}","${LEVEL.ok}"))`
    );
    // Only where entry and size are given; elsewhere the cell stays empty rather than an error.
    plan.formula(
      row,
      V.liqPrice,
      `=IF(AND(ISNUMBER(${cell(V.entry)}),ISNUMBER(${cell(V.size)})),ALTHEDGE.LIQPRICE(${cell(V.entry)},${cell(V.size)},${cell(V.credited)},${cell(V.maintenance)},${cell(V.side)}),"")`,
      { format: FORMAT.number }
    );
    plan.formula(
      row,
      V.forWarning,
      `=ALTHEDGE.COLLATERALNEEDED(${cell(V.notional)},${warning},${cell(V.maintenance)},${cell(V.side)},${cell(V.haircut)})`,
      { format: FORMAT.money }
    );
    plan.formula(row, V.topUp, `=MAX(0,${cell(V.forWarning)}-${cell(V.collateral)})`, {
      format: FORMAT.money,
    });
  });
  const total = last + 1;
  plan.value(total, 0, "Total", { style: "total" });
  for (const col of [V.collateral, V.credited, V.notional, V.forWarning, V.topUp]) {
    plan.formula(total, col, `=SUM(${a1Range(first, col, last, col)})`, {
      format: FORMAT.money,
      style: "total",
    });
  }
  return { first, last };
}

/**
 * Collateral needed at each venue for each stress move, and the top-up over what is held. The stress
 * moves are input cells above the grid and its headers are formulas on them, so editing a move
 * relabels its columns; that is why the grid is a plain range and not an Excel table (a table's
 * headers are constant text).
 */
function writeStress(plan: PlanBuilder, input: MarginInput, title: number, venues: VenueRows) {
  const moves = input.stressMoves.length;
  plan.value(title, 0, "Collateral needed under stress", { style: "subtitle" });
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
      plan.formula(
        row,
        1 + k,
        `=ALTHEDGE.COLLATERALNEEDED(${venue(V.notional)},${move},${venue(V.maintenance)},${venue(V.side)},${venue(V.haircut)})`,
        { format: FORMAT.money }
      );
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
  critical: string
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
