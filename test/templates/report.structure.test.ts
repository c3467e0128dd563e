/**
 * The hedge report's plan, read without an engine: sound structure (../templates/planChecks), the
 * Policy's names read rather than copied (taskpane.md §8), breaches flagged by conditional formats,
 * the chart only with a price history, the conventions written on the sheet, validation messages
 * beside the right field, and one printed page (§7 "One printable page"; "Every written sheet
 * prints"). The page is measured with Excel's defaults, stated where they are used: column widths
 * from the plan in points, 15-point rows (a 14-point title row is 18.75), A4 (842 × 595 pt) and
 * Letter (792 × 612 pt) landscape with Excel's default margins (0.7 inch left and right, 0.75 inch top
 * and bottom), and "fit to 1 page wide" scaling the area to the page's width.
 */
import {
  CONVENTIONS,
  REPORT_BOUNDS,
  reportWizard,
  type ReportInput,
  type ReportPosition,
} from "../../src/templates/report";
import { WIZARDS } from "../../src/templates";
import { DEFAULT_POLICY, policyName } from "../../src/templates/policy";
import { a1, pageSetupOf, parseA1, parseRange, type SheetPlan } from "../../src/templates/plan";
import { cellAt, rowOf, structuralProblems, tableColumn } from "./planChecks";

const DATE = "2026-12-02";
const sample = (): ReportInput => reportWizard.sample();
const build = (input: ReportInput): SheetPlan => reportWizard.build(input, DATE);

/** The sample without price histories: prices and marks are then inputs, and there is no chart. */
function withoutHistory(input: ReportInput): ReportInput {
  return {
    ...input,
    holdings: input.holdings.map((h) => ({ ...h, history: undefined })),
    positions: input.positions.map((p) => ({ ...p, history: undefined })),
  };
}

/** The largest report the form accepts: 8 instruments (open and closed), 8 venues, a history. */
function largest(): ReportInput {
  const input = sample();
  const template = input.positions[0];
  const positions: ReportPosition[] = Array.from({ length: 6 }, (_, i) => ({
    ...template,
    instrument: `PERP-${i + 1}`,
    venue: `Venue ${(i % 8) + 1}`,
  }));
  return {
    ...input,
    positions,
    closed: [
      { instrument: "DATED-1", venue: "Venue 1", realised: 1000 },
      { instrument: "DATED-2", venue: "Venue 2", realised: -500, fees: 20 },
    ],
    venues: Array.from({ length: REPORT_BOUNDS.venues }, (_, i) => ({
      venue: `Venue ${i + 1}`,
      balance: 100000 * (i + 1),
      inUse: 20000 * (i + 1),
    })),
  };
}

describe("the hedge report's plan", () => {
  test("is in the wizard list with its id, title and sheet prefix", () => {
    const found = WIZARDS.find((w) => w.id === "report");
    expect(found).toBe(reportWizard);
    expect([reportWizard.title, reportWizard.sheetPrefix]).toEqual(["Hedge report", "Report"]);
    expect(build(sample()).name).toBe(`Report ${DATE}`);
  });

  test.each([
    ["the sample", sample()],
    ["without a history", withoutHistory(sample())],
    ["without closed positions and venues", { ...sample(), closed: [], venues: [] }],
    ["without open positions", { ...sample(), positions: [] }],
    ["the largest", largest()],
  ])("%s is structurally sound and validates", (_, input) => {
    expect(reportWizard.validate(input)).toEqual([]);
    expect(structuralProblems(build(input))).toEqual([]);
  });

  test("the coverage band and the maximum position are the Policy's names, never a copy", () => {
    const plan = build(sample());
    const policy = (label: string) => cellAt(plan, a1(rowOf(plan, label), 1)).formula;
    expect(policy("Coverage band: low (Policy)")).toBe(`=${policyName("coverageLow")}`);
    expect(policy("Coverage band: high (Policy)")).toBe(`=${policyName("coverageHigh")}`);
    expect(policy("Maximum position (Policy)")).toBe(`=${policyName("maxPosition")}`);
    // No cell of the report holds a limit of its own: the default limits appear nowhere as constants.
    const area = parseRange(plan.print!.area!);
    const constants = plan.cells
      .filter((c) => c.row <= area.lastRow && typeof c.value === "number")
      .map((c) => c.value);
    for (const key of ["coverageLow", "coverageHigh", "maxPosition"] as const)
      expect(constants).not.toContain(DEFAULT_POLICY[key]);
  });

  test("funding received is −ALTHEDGE.FUNDINGCOST over each position's column of rates", () => {
    const plan = build(sample());
    const funding = tableColumn(plan, "Positions", "Funding received");
    const formulas = [0, 1, 2].map((i) => cellAt(plan, a1(funding.first + i, funding.col)).formula);
    for (const formula of formulas) expect(formula).toMatch(/-ALTHEDGE\.FUNDINGCOST\(/);
    // The BTC-PERP row reads the first column of rates: 90 settlements.
    expect(formulas[0]).toMatch(/ALTHEDGE\.FUNDINGCOST\(J\d+,B(\d+):B(\d+),D\d+\)/);
    const [, from, to] = /B(\d+):B(\d+)/.exec(formulas[0]!)!.map(Number);
    expect(to - from + 1).toBe(90);
  });

  test("coverage outside the band, Breaches above 0 and instruments above the limit are red", () => {
    const plan = build(sample());
    const coverage = `$D$${rowOf(plan, "Coverage", 2) + 1}`;
    const low = `$B$${rowOf(plan, "Coverage band: low (Policy)") + 1}`;
    const high = `$B$${rowOf(plan, "Coverage band: high (Policy)") + 1}`;
    const breaches = `$D$${rowOf(plan, "Breaches", 2) + 1}`;
    const max = `$B$${rowOf(plan, "Maximum position (Policy)") + 1}`;
    const position = tableColumn(plan, "Instruments", "Position at end");
    const red = plan.conditionalFormats!.filter((f) => f.fill === "#FFC7CE");
    expect(red.map((f) => f.formula)).toEqual([
      `=OR(${coverage}<${low},${coverage}>${high})`,
      `=${breaches}>0`,
      `=ABS($D${position.first + 1})>${max}`,
    ]);
    // The coverage rule covers the coverage, its deviation and the status beside the band.
    expect(red[0].range).toBe(
      `D${rowOf(plan, "Coverage", 2) + 1}:D${rowOf(plan, "Against the band", 2) + 1}`
    );
    expect(red[2].range).toBe(
      `D${position.first + 1}:H${position.last + 1}` // Position at end … Maximum position
    );
    // The Breaches count adds the band and the instruments above the limit.
    const count = cellAt(plan, breaches.replace(/\$/g, "")).formula!;
    expect(count).toContain(`IF(OR(${coverage}<${low},${coverage}>${high}),1,0)`);
    expect(count).toContain(`$D$${rowOf(plan, "Instruments above the maximum position", 2) + 1}`);
  });

  test("a line chart of book and hedged value with a price history, none without", () => {
    const plan = build(sample());
    expect(plan.charts).toHaveLength(1);
    const chart = plan.charts![0];
    expect(chart).toMatchObject({ type: "line", title: "Book and hedged value", anchor: "F5" });
    const source = parseRange(chart.source);
    const header = [0, 1, 2].map((c) => cellAt(plan, a1(source.row, source.col + c)).value);
    expect(header).toEqual(["Date", "Book value", "Hedged value"]);
    expect(source.lastRow - source.row).toBe(31); // 31 daily points
    expect(build(withoutHistory(sample())).charts).toEqual([]);
  });

  test("every convention is written on the sheet, inside the printed report", () => {
    const plan = build(sample());
    const area = parseRange(plan.print!.area!);
    for (const text of CONVENTIONS) {
      const cell = plan.cells.find((c) => c.value === text);
      expect(cell).toBeDefined();
      expect(cell!.row).toBeLessThanOrEqual(area.lastRow);
    }
  });

  test("log summary: the period, target, counts", () => {
    expect(reportWizard.logSummary(sample())).toBe(
      "2026-11-01 to 2026-12-01; target coverage 80%; 4 holdings; 3 open positions, 1 closed; 2 venues"
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// One printed page

/** Printable area of a landscape page between Excel's default margins, in points. */
const PAGES = {
  A4: { width: 842 - 2 * 0.7 * 72, height: 595 - 2 * 0.75 * 72 },
  Letter: { width: 792 - 2 * 0.7 * 72, height: 612 - 2 * 0.75 * 72 },
};
const ROW = 15;
const TITLE_ROW = 18.75;
/** Excel's column width unit: the widest digit of Calibri 11, 7 pixels = 5.25 points. */
const CHAR = 5.25;

function widths(plan: SheetPlan): (col: number) => number {
  const map = new Map((plan.columnWidths ?? []).map(({ col, width }) => [col, width]));
  return (col) => map.get(col) ?? 48;
}

/** The printed area's width and height in points. */
function areaSize(plan: SheetPlan): { width: number; height: number } {
  const area = parseRange(pageSetupOf(plan).area);
  const widthOf = widths(plan);
  let width = 0;
  for (let col = area.col; col <= area.lastCol; col++) width += widthOf(col);
  const rows = area.lastRow - area.row + 1;
  return { width, height: TITLE_ROW + (rows - 1) * ROW };
}

describe("the report prints on one page", () => {
  test.each([
    ["the sample", sample()],
    ["without a history", withoutHistory(sample())],
    ["the largest report the form accepts", largest()],
  ])("%s: one page wide scales it to fit one page tall, on A4 and Letter", (_, input) => {
    const plan = build(input);
    const setup = pageSetupOf(plan);
    expect(setup).toMatchObject({ orientation: "landscape", fitWidth: 1, titleRows: "$1:$1" });
    const size = areaSize(plan);
    const problems: string[] = [];
    for (const [page, printable] of Object.entries(PAGES)) {
      const scale = Math.min(1, printable.width / size.width);
      if (size.height * scale > printable.height)
        problems.push(
          `${page}: ${size.height * scale} pt tall at ${scale}, the page has ${printable.height}`
        );
      // Not shrunk past reading: at least half size.
      if (scale < 0.5) problems.push(`${page}: scaled to ${scale}`);
    }
    expect(problems).toEqual([]);
  });

  test("the area holds the report, its tables and chart; the data below it are not printed", () => {
    const plan = build(sample());
    const area = parseRange(plan.print!.area!);
    expect([area.row, area.col]).toEqual([0, 0]);
    const instruments = tableColumn(plan, "Instruments", "Instrument");
    const venues = tableColumn(plan, "Venues", "Venue");
    expect(area.lastRow).toBeGreaterThanOrEqual(instruments.last + 1); // its total row
    expect(area.lastRow).toBeGreaterThanOrEqual(venues.last + 1);
    const chart = parseA1(plan.charts![0].anchor);
    // The chart spans Excel's default 360 × 216 points from its anchor.
    const widthOf = widths(plan);
    let right = chart.col;
    for (let w = widthOf(right); w < 360; w += widthOf(++right));
    expect(right).toBeLessThanOrEqual(area.lastCol);
    expect(chart.row + Math.ceil(216 / ROW) - 1).toBeLessThanOrEqual(area.lastRow);
    // Everything of the report lies inside; the holdings, positions and history lie below.
    const below = plan.cells.filter((c) => c.row > area.lastRow);
    const holdings = tableColumn(plan, "Holdings", "Token");
    expect(holdings.first).toBeGreaterThan(area.lastRow);
    expect(tableColumn(plan, "Positions", "Instrument").first).toBeGreaterThan(area.lastRow);
    expect(below.some((c) => c.value === "Data behind the report (not printed)")).toBe(true);
    for (const cell of plan.cells.filter((c) => c.row <= area.lastRow))
      expect({ at: a1(cell.row, cell.col), inside: cell.col <= area.lastCol }).toEqual({
        at: a1(cell.row, cell.col),
        inside: true,
      });
  });

  test("text in the report fits its cells or the empty cells to its right, inside the area", () => {
    const plan = build(largest());
    const area = parseRange(plan.print!.area!);
    const widthOf = widths(plan);
    const taken = new Set(
      plan.cells.filter((c) => c.value !== null).map((c) => `${c.row},${c.col}`)
    );
    const tableCells = new Set<string>();
    for (const table of plan.tables ?? []) {
      const r = parseRange(table.range);
      for (let row = r.row; row <= r.lastRow; row++)
        for (let col = r.col; col <= r.lastCol; col++) tableCells.add(`${row},${col}`);
    }
    const chart = plan.charts?.[0] && parseA1(plan.charts[0].anchor);
    const tooLong: string[] = [];
    for (const cell of plan.cells) {
      if (cell.row > area.lastRow || typeof cell.value !== "string") continue;
      const scale = cell.style === "title" ? 14 / 11 : cell.style === "subtitle" ? 1.1 : 1;
      const needed = cell.value.length * CHAR * scale;
      let room = widthOf(cell.col);
      // Text runs over empty cells to its right (not in a table, not under the chart).
      if (!tableCells.has(`${cell.row},${cell.col}`))
        for (
          let col = cell.col + 1;
          col <= area.lastCol && !taken.has(`${cell.row},${col}`);
          col++
        ) {
          if (chart && col >= chart.col && cell.row >= chart.row && cell.row < chart.row + 15)
            break;
          room += widthOf(col);
        }
      if (needed > room)
        tooLong.push(`${a1(cell.row, cell.col)} "${cell.value}" needs ${needed} pt, has ${room}`);
    }
    expect(tooLong).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Validation: each message beside its field

const fieldsOf = (input: ReportInput): string[] => reportWizard.validate(input).map((e) => e.field);
const messageFor = (input: ReportInput, field: string): string | undefined =>
  reportWizard.validate(input).find((e) => e.field === field)?.message;

describe("validation", () => {
  test("a half-filled form gets messages, not an exception", () => {
    expect(fieldsOf({} as ReportInput)).toEqual([
      "periodStart",
      "periodEnd",
      "targetCoverage",
      "holdings",
      "positions",
    ]);
  });

  test("the period ends after it starts and lasts at most 3,660 days", () => {
    expect(messageFor({ ...sample(), periodEnd: "2026-11-01" }, "periodEnd")).toBe(
      "The period must end after it starts: 2026-11-01 is not after 2026-11-01"
    );
    expect(messageFor({ ...sample(), periodStart: "2016-01-01" }, "periodEnd")).toMatch(
      /at most 3660 days, got 3987/
    );
    expect(messageFor({ ...sample(), periodStart: "2026-02-30" }, "periodStart")).toMatch(
      /yyyy-mm-dd/
    );
  });

  test("target coverage between 0 and 2", () => {
    expect(messageFor({ ...sample(), targetCoverage: 2.5 }, "targetCoverage")).toBe(
      "Target coverage must be between 0 and 2, got 2.5"
    );
  });

  test("a price history is all or nothing, of one length, agreeing with the prices given", () => {
    const some = sample();
    delete some.holdings[1].history;
    expect(messageFor(some, "holdings.1.history")).toBe(
      "ARB has no price history while SOL has one: give every holding and open position a history over the same dates, or none"
    );
    const short = sample();
    short.positions[0].history = short.positions[0].history!.slice(1);
    expect(messageFor(short, "positions.0.history")).toBe(
      "The price history of BTC-PERP has 30 prices, that of SOL 31: every history covers the same dates"
    );
    const differs = sample();
    differs.holdings[0].startPrice = 151;
    expect(messageFor(differs, "holdings.0.startPrice")).toBe(
      "The start price of SOL (151) differs from the first price of its history (150): clear it to take the history's, or correct one"
    );
    const blank = sample();
    delete blank.holdings[0].startPrice;
    blank.positions[2].endMark = NaN;
    expect(reportWizard.validate(blank)).toEqual([]); // taken from the history
    const none = withoutHistory(sample());
    delete none.holdings[0].startPrice;
    expect(messageFor(none, "holdings.0.startPrice")).toBe("Start price of SOL is required");
  });

  test("plausibility bounds beside the field", () => {
    const input = sample();
    input.holdings[0].quantity = 1e308;
    input.positions[0].fundingRates![4] = 1.5;
    input.positions[1].size = -6;
    input.positions[1].history![3] = 0;
    input.venues[0].inUse = -1;
    input.closed[0].realised = 5e-324;
    expect(reportWizard.validate(input)).toEqual([
      {
        field: "holdings.0.quantity",
        message: "Quantity of SOL must be between 1e-9 and 1e13, got 1e308",
      },
      {
        field: "positions.0.fundingRates",
        message: "Funding rate 5 of BTC-PERP must be between -1 and 1, got 1.5",
      },
      {
        field: "positions.1.size",
        message: "Size of BTC-26MAR27 must be between 1e-9 and 1e13, got -6",
      },
      {
        field: "positions.1.history",
        message: "Mark 4 of BTC-26MAR27 must be between 1e-12 and 1e9, got 0",
      },
      {
        field: "closed.0.realised",
        message:
          "Realised P&L of closed ETH-27NOV26 must be 0 or at least 1e-9 in size, got 5e-324",
      },
      {
        field: "venues.0.inUse",
        message: "Margin in use at Exchange A must be between 0 and 1e13, got -1",
      },
    ]);
  });

  test("instruments never mix: one name is one contract; one row per instrument and venue", () => {
    const input = sample();
    input.positions[1] = {
      ...input.positions[1],
      instrument: "BTC-PERP",
      contract: "inverse",
      venue: "Exchange B",
    };
    expect(messageFor(input, "positions.1.contract")).toBe(
      "BTC-PERP is linear in row 1 and inverse in row 2: a linear and an inverse contract are different instruments, name them apart"
    );
    const twice = sample();
    twice.positions[1] = { ...twice.positions[1], instrument: "btc-perp " };
    expect(messageFor(twice, "positions.1.instrument")).toBe(
      "btc-perp at Exchange A is listed twice (rows 1 and 2): one row per instrument and venue"
    );
  });

  test("the one-page report holds at most 8 instruments and 8 venues", () => {
    const many = largest();
    many.closed.push({ instrument: "DATED-3", venue: "Venue 3", realised: 1 });
    expect(messageFor(many, "positions")).toBe(
      "The one-page report holds at most 8 instruments, got 9: report the others in a second run"
    );
    const venues = largest();
    venues.venues.push({ venue: "Venue 9", balance: 1, inUse: 0 });
    expect(messageFor(venues, "venues")).toBe("The one-page report holds at most 8 venues, got 9");
  });
});
