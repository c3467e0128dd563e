/**
 * The hedge report (../shared/spec/taskpane.md §7) computed by the engine (HyperFormula with the built
 * ALTHEDGE functions, ../helpers/engine) and compared with an independent computation written here in
 * plain arithmetic from the spec's own formulas:
 * - book P&L = Σ quantity × (end − start) (§7);
 * - hedge price P&L = Σ side × size × (end mark − start mark), an inverse contract's P&L in coin,
 *   side × face × (1/start − 1/end), valued at the end mark (§7), plus the realised P&L of positions
 *   closed in the period;
 * - carry = funding received (−FUNDINGCOST, which is Σ side × notional × rate_i: functions.md) + roll
 *   costs + fees, costs negative (§7);
 * - the attribution identity net = (1 − h) × book + (hedge + h × book) + carry (§7);
 * - coverage = hedge notional ÷ book value at the end, against the Policy band (§7, §8).
 * Choices the spec leaves open are the report's, written on its sheet (CONVENTIONS in
 * src/templates/report.ts): the funding notional is size × the mean of the start and end marks (the
 * face value for an inverse contract); realised = closed + carry, unrealised = book + open positions.
 * For the sample and for random books drawn with a seeded mulberry32. The Policy names are defined here
 * over cells of a Policy sheet, as the Policy sheet defines them.
 */
import {
  CONTRACT_TYPES,
  reportWizard,
  type ReportInput,
  type ReportPosition,
} from "../../src/templates/report";
import { DEFAULT_POLICY, policyName, type PolicyKey } from "../../src/templates/policy";
import { a1, type CellValue, type SheetPlan } from "../../src/templates/plan";
import { isoToSerial } from "../../src/templates/common";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { engineWorkbook } from "../helpers/engine";
import { mulberry32 } from "../helpers/numeric";
import { rowOf, tableColumn } from "./planChecks";

const DATE = "2026-12-02";
const POLICY_KEYS: PolicyKey[] = ["coverageLow", "coverageHigh", "maxPosition"];

/** The report written into a fresh engine, with the Policy names over cells of a "Policy" sheet. */
class Report {
  private constructor(
    readonly wb: EngineWorkbook,
    readonly sheet: string,
    readonly plan: SheetPlan
  ) {}

  static async of(input: ReportInput, policy = DEFAULT_POLICY): Promise<Report> {
    const wb = engineWorkbook();
    wb.addSheetWithCells(
      "Policy",
      POLICY_KEYS.map((key) => [policy[key]])
    );
    POLICY_KEYS.forEach((key, i) => wb.addName(policyName(key), `=Policy!$A$${i + 1}`));
    const plan = reportWizard.build(input, DATE);
    const { sheet } = await wb.applyPlan(plan);
    return new Report(wb, sheet, plan);
  }

  at(row: number, col: number): CellValue {
    return this.wb.valueAt(this.sheet, a1(row, col));
  }

  num(row: number, col: number): number {
    const value = this.at(row, col);
    if (typeof value !== "number") throw new Error(`${a1(row, col)} is ${JSON.stringify(value)}`);
    return value;
  }

  /** The value beside a label: column B for the left block, D for the right one. */
  left(label: string): number {
    return this.num(rowOf(this.plan, label, 0), 1);
  }
  right(label: string): CellValue {
    return this.at(rowOf(this.plan, label, 2), 3);
  }
  rightNum(label: string): number {
    return this.num(rowOf(this.plan, label, 2), 3);
  }

  column(table: string, header: string): CellValue[] {
    const { col, first, last } = tableColumn(this.plan, table, header);
    return Array.from({ length: last - first + 1 }, (_, i) => this.at(first + i, col));
  }

  /** Types into a cell as a user would. */
  type(row: number, col: number, text: string, sheet = this.sheet): void {
    this.wb.setContents(this.wb.sheetId(sheet), row, col, text);
  }
}

// ---------------------------------------------------------------------------------------------------
// The independent computation, from the spec's formulas

const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);
const sideOf = (p: { side: string }): number => (p.side === "long" ? 1 : -1);
const startOf = (given: number | undefined, history?: number[]) =>
  given !== undefined && !Number.isNaN(given) ? given : history![0];
const endOf = (given: number | undefined, history?: number[]) =>
  given !== undefined && !Number.isNaN(given) ? given : history![history!.length - 1];
const orZero = (value: number | undefined) =>
  value === undefined || Number.isNaN(value) ? 0 : value;

/** A position's price P&L: linear in quote currency; inverse in coin, valued at `valueAt`. */
function pricePnl(p: ReportPosition, start: number, end: number): number {
  if (p.contract === "inverse") {
    const coins = sideOf(p) * p.size * (1 / start - 1 / end);
    return coins * end; // valued at the end mark (spec §7)
  }
  return sideOf(p) * p.size * (end - start);
}

function expected(input: ReportInput, policy = DEFAULT_POLICY) {
  const h = input.targetCoverage;
  const holdings = input.holdings.map((x) => ({
    q: x.quantity,
    s: startOf(x.startPrice, x.history),
    e: endOf(x.endPrice, x.history),
  }));
  const bookStart = sum(holdings.map((x) => x.q * x.s));
  const bookEnd = sum(holdings.map((x) => x.q * x.e));
  const book = sum(holdings.map((x) => x.q * (x.e - x.s)));
  const positions = input.positions.map((p) => {
    const s = startOf(p.startMark, p.history);
    const e = endOf(p.endMark, p.history);
    const notional = p.contract === "inverse" ? p.size : (p.size * (s + e)) / 2;
    // FUNDINGCOST = Σ side × notional × rate_i (functions.md); received is its negative.
    const rates = p.fundingRates ?? [];
    const funding = -sum(rates.map((r) => sideOf(p) * notional * r));
    const price = pricePnl(p, s, e);
    const carry = funding - orZero(p.rollCosts) - orZero(p.fees);
    const atEnd = sideOf(p) * (p.contract === "inverse" ? p.size : p.size * e);
    return { p, s, e, price, funding, carry, atEnd };
  });
  const closed = input.closed.map((c) => ({
    c,
    carry: orZero(c.funding) - orZero(c.fees),
  }));
  const open = sum(positions.map((x) => x.price));
  const realisedClosed = sum(input.closed.map((c) => c.realised));
  const hedge = open + realisedClosed;
  const funding =
    sum(positions.map((x) => x.funding)) + sum(input.closed.map((c) => orZero(c.funding)));
  const roll = -sum(input.positions.map((p) => orZero(p.rollCosts)));
  const fees = -(
    sum(input.positions.map((p) => orZero(p.fees))) + sum(input.closed.map((c) => orZero(c.fees)))
  );
  const carry = funding + roll + fees;
  const net = book + hedge + carry;
  const hedgeNotional = -sum(positions.map((x) => x.atEnd));
  const coverage = hedgeNotional / bookEnd;
  const outside = coverage < policy.coverageLow || coverage > policy.coverageHigh;
  const key = (name: string) => name.trim().toLowerCase();
  const names = [...new Set([...input.positions, ...input.closed].map((p) => key(p.instrument)))];
  const instruments = names.map((name) => {
    const mine = positions.filter((x) => key(x.p.instrument) === name);
    const closedMine = closed.filter((x) => key(x.c.instrument) === name);
    const position = sum(mine.map((x) => x.atEnd));
    const price = sum(mine.map((x) => x.price)) + sum(closedMine.map((x) => x.c.realised));
    const instrumentCarry = sum(mine.map((x) => x.carry)) + sum(closedMine.map((x) => x.carry));
    return {
      netSize: sum(mine.map((x) => sideOf(x.p) * x.p.size)),
      position,
      price,
      carry: instrumentCarry,
      total: price + instrumentCarry,
      above: Math.abs(position) > policy.maxPosition,
    };
  });
  const above = instruments.filter((x) => x.above).length;
  const venues = input.venues.map((v) => ({
    usage: v.inUse / v.balance,
    free: v.balance - v.inUse,
    notional: sum(
      positions.filter((x) => key(x.p.venue) === key(v.venue)).map((x) => Math.abs(x.atEnd))
    ),
  }));
  const points = input.holdings[0].history?.length ?? 0;
  const history = Array.from({ length: points }, (_, k) => {
    const bookValue = sum(input.holdings.map((x) => x.quantity * x.history![k]));
    const hedgePnl = sum(positions.map((x) => pricePnl(x.p, x.s, x.p.history![k])));
    return { bookValue, hedged: bookValue + hedgePnl };
  });
  return {
    bookStart,
    bookEnd,
    book,
    open,
    closed: realisedClosed,
    hedge,
    funding,
    roll,
    fees,
    carry,
    net,
    unhedged: (1 - h) * book,
    mismatch: hedge + h * book,
    realised: realisedClosed + carry,
    unrealised: book + open,
    hedgeNotional,
    coverage,
    status:
      coverage < policy.coverageLow ? "under" : coverage > policy.coverageHigh ? "over" : "within",
    above,
    breaches: (outside ? 1 : 0) + above,
    instruments,
    venues,
    history,
    perPosition: positions,
  };
}

/** |actual − expected| within `tolerance` of the larger of 1 and the sizes involved. */
function close(actual: unknown, wanted: number, scale = Math.abs(wanted), tolerance = 1e-9): void {
  expect(typeof actual).toBe("number");
  const error = Math.abs((actual as number) - wanted);
  if (error > tolerance * Math.max(1, scale))
    throw new Error(`got ${String(actual)}, expected ${wanted} (error ${error}, scale ${scale})`);
}

const STATUS_WORDS = {
  within: "Within the band",
  under: "Under-hedged",
  over: "Over-hedged",
};

/** Every number of the report checked against `expected`. */
function checkAgainst(report: Report, input: ReportInput, policy = DEFAULT_POLICY): void {
  const want = expected(input, policy);
  // The size of the numbers summed: rounding in a sum is relative to its terms, not to its result.
  const scale =
    want.bookStart +
    want.bookEnd +
    Math.abs(want.open) +
    Math.abs(want.closed) +
    sum(want.perPosition.map((x) => Math.abs(x.price) + Math.abs(x.funding) + Math.abs(x.carry))) +
    sum(input.positions.map((p) => Math.abs(orZero(p.rollCosts)) + Math.abs(orZero(p.fees)))) +
    sum(
      input.closed.map(
        (c) => Math.abs(c.realised) + Math.abs(orZero(c.funding)) + Math.abs(orZero(c.fees))
      )
    );
  close(report.left("Book value at start"), want.bookStart, scale);
  close(report.left("Book value at end"), want.bookEnd, scale);
  close(report.left("Book P&L"), want.book, scale);
  close(report.left("Hedge price P&L"), want.hedge, scale);
  close(report.left("  of which open positions"), want.open, scale);
  close(report.left("  of which closed in the period"), want.closed, scale);
  close(report.left("Funding received"), want.funding, scale);
  close(report.left("Roll costs"), want.roll, scale);
  close(report.left("Fees"), want.fees, scale);
  close(report.left("Carry"), want.carry, scale);
  close(report.left("Net P&L (book + hedge + carry)"), want.net, scale);
  close(
    report.left("Net P&L ÷ book value at start"),
    want.net / want.bookStart,
    scale / want.bookStart
  );
  close(report.right("Unhedged on purpose: (1 − h) × book"), want.unhedged, scale);
  close(report.right("Basis and proxy mismatch: hedge + h × book"), want.mismatch, scale);
  close(report.right("Realised: closed positions + carry"), want.realised, scale);
  close(report.right("Unrealised: book + open positions"), want.unrealised, scale);
  close(report.right("Hedge notional (short − long)"), want.hedgeNotional, scale);
  close(report.right("Coverage"), want.coverage, scale / want.bookEnd);
  close(
    report.right("Deviation from target h"),
    want.coverage - input.targetCoverage,
    scale / want.bookEnd
  );
  expect(report.right("Against the band")).toBe(
    STATUS_WORDS[want.status as keyof typeof STATUS_WORDS]
  );
  expect(report.right("Instruments above the maximum position")).toBe(want.above);
  expect(report.right("Breaches")).toBe(want.breaches);

  const instruments = {
    netSize: report.column("Instruments", "Net size (long +, short −)"),
    position: report.column("Instruments", "Position at end"),
    price: report.column("Instruments", "Price P&L"),
    carry: report.column("Instruments", "Carry"),
    total: report.column("Instruments", "Hedge P&L"),
    limit: report.column("Instruments", "Maximum position"),
  };
  expect(instruments.price).toHaveLength(want.instruments.length);
  want.instruments.forEach((x, k) => {
    close(instruments.netSize[k], x.netSize, scale);
    close(instruments.position[k], x.position, scale);
    close(instruments.price[k], x.price, scale);
    close(instruments.carry[k], x.carry, scale);
    close(instruments.total[k], x.total, scale);
    expect(instruments.limit[k]).toBe(x.above ? "Above the limit" : "Within the limit");
  });
  if (input.venues.length > 0) {
    const usage = report.column("Venues", "Margin usage");
    const free = report.column("Venues", "Free margin");
    const notional = report.column("Venues", "Hedge notional");
    want.venues.forEach((v, k) => {
      close(usage[k], v.usage, 1);
      close(free[k], v.free, scale);
      close(notional[k], v.notional, scale);
    });
  }
  if (want.history.length > 0) {
    const header = report.plan.cells.find(
      (c) => c.col === 0 && c.value === "Date" && c.style === "header"
    )!;
    want.history.forEach((point, k) => {
      close(report.at(header.row + 1 + k, 1), point.bookValue, scale);
      close(report.at(header.row + 1 + k, 2), point.hedged, scale);
      // Dates evenly spaced from the period start to its end.
      const start = isoToSerial(input.periodStart);
      const end = isoToSerial(input.periodEnd);
      close(
        report.at(header.row + 1 + k, 0),
        start + ((end - start) * k) / (want.history.length - 1),
        end
      );
    });
  }
}

/** The attribution identity, read off the sheet's own cells (spec §7; issue 13 acceptance 2). */
function checkIdentity(report: Report): void {
  const book = report.left("Book P&L");
  const hedge = report.left("Hedge price P&L");
  const carry = report.left("Carry");
  const net = report.left("Net P&L (book + hedge + carry)");
  const h = report.left("Target coverage h");
  const unhedged = report.rightNum("Unhedged on purpose: (1 − h) × book");
  const mismatch = report.rightNum("Basis and proxy mismatch: hedge + h × book");
  const attributed = report.num(rowOf(report.plan, "Net P&L", 2), 3);
  const scale = Math.max(1, Math.abs(book) + Math.abs(hedge) + Math.abs(carry));
  // The three parts are what the spec says they are…
  close(unhedged, (1 - h) * book, scale);
  close(mismatch, hedge + h * book, scale);
  close(report.rightNum("Carry"), carry, scale);
  // …they add up to the net, and the net is book + hedge + carry, to 1e-9.
  expect(Math.abs(unhedged + mismatch + carry - (book + hedge + carry))).toBeLessThanOrEqual(
    1e-9 * scale
  );
  expect(Math.abs(attributed - net)).toBeLessThanOrEqual(1e-9 * scale);
  expect(Math.abs(net - (book + hedge + carry))).toBeLessThanOrEqual(1e-9 * scale);
  expect(Math.abs(report.rightNum("Check: net − (book + hedge + carry)"))).toBeLessThanOrEqual(
    1e-9 * scale
  );
  // Realised and unrealised split the same net.
  const realised = report.rightNum("Realised: closed positions + carry");
  const unrealised = report.rightNum("Unrealised: book + open positions");
  expect(Math.abs(realised + unrealised - net)).toBeLessThanOrEqual(1e-9 * scale);
}

// ---------------------------------------------------------------------------------------------------
// Random books

/** A random accepted input: sizes across many magnitudes, either contract and side, histories or not. */
function randomInput(random: () => number): ReportInput {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const magnitude = (lo: number, hi: number) => 10 ** (lo + random() * (hi - lo));
  const round = (x: number, digits = 6) => Number(x.toPrecision(digits));
  const withHistory = random() < 0.5;
  const points = 2 + Math.floor(random() * 12);
  const series = (start: number) => {
    const values = [start];
    for (let k = 1; k < points; k++)
      values.push(round(values[k - 1] * (1 + (random() - 0.5) * 0.2)));
    return values;
  };
  const prices = (level: number) => {
    const start = round(level);
    if (withHistory) return { history: series(start) };
    return { startPrice: start, endPrice: round(start * (0.5 + random())) };
  };
  const holdings = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({
    token: `T${i}`,
    quantity: round(magnitude(0, 7)),
    ...prices(magnitude(-4, 5)),
  }));
  const names = ["BTC-PERP", "ETH-PERP", "SOL-PERP", "BTC-26MAR27", "ETHUSD"];
  const venuesNames = ["Venue A", "Venue B", "Venue C"];
  const contracts = new Map<string, (typeof CONTRACT_TYPES)[number]>();
  const used = new Set<string>();
  const positions: ReportPosition[] = [];
  for (let i = 0, n = Math.floor(random() * 6); i < n; i++) {
    const instrument = pick(names);
    const venue = pick(venuesNames);
    if (used.has(`${instrument}|${venue}`)) continue;
    used.add(`${instrument}|${venue}`);
    if (!contracts.has(instrument)) contracts.set(instrument, pick(CONTRACT_TYPES));
    const contract = contracts.get(instrument)!;
    const marks = withHistory
      ? { history: series(round(magnitude(1, 5))) }
      : (() => {
          const start = round(magnitude(1, 5));
          return { startMark: start, endMark: round(start * (0.6 + random() * 0.8)) };
        })();
    const position: ReportPosition = {
      instrument,
      venue,
      contract,
      side: random() < 0.8 ? "short" : "long",
      size: round(contract === "inverse" ? magnitude(3, 7) : magnitude(-2, 3)),
      ...marks,
    };
    if (random() < 0.7)
      position.fundingRates = Array.from({ length: Math.floor(random() * 15) }, () =>
        round((random() - 0.3) * 0.002, 4)
      );
    if (random() < 0.5) position.rollCosts = round(magnitude(0, 4));
    if (random() < 0.7) position.fees = round((random() - 0.1) * 5000);
    positions.push(position);
  }
  const closed = Array.from({ length: Math.floor(random() * 3) }, () => {
    const c: ReportInput["closed"][number] = {
      instrument: pick([...names, "ETH-27NOV26"]),
      venue: pick(venuesNames),
      realised: round((random() - 0.5) * magnitude(2, 6)),
    };
    if (random() < 0.5) c.funding = round((random() - 0.4) * 1000);
    if (random() < 0.5) c.fees = round(random() * 500);
    return c;
  });
  const venues = venuesNames
    .filter(() => random() < 0.5)
    .map((venue) => {
      const balance = round(magnitude(3, 7));
      return { venue, balance, inUse: round(balance * random() * 1.2) };
    });
  return {
    periodStart: "2026-10-01",
    periodEnd: pick(["2026-10-02", "2026-10-31", "2027-09-30"]),
    targetCoverage: round(random() * 1.5, 3),
    holdings,
    positions,
    closed,
    venues,
  };
}

// ---------------------------------------------------------------------------------------------------

describe("the hedge report's sample in the engine", () => {
  const input = reportWizard.sample();
  let report: Report;
  beforeAll(async () => {
    report = await Report.of(input);
  });

  test("the sample validates", () => {
    expect(reportWizard.validate(input)).toEqual([]);
  });

  test("every number agrees with the spec's formulas computed here", () => {
    checkAgainst(report, input);
  });

  test("the attribution identity holds on the sheet", () => {
    checkIdentity(report);
  });

  test("worked numbers of the sample, by hand from its inputs", () => {
    // Book: SOL 12,000 × (138 − 150) + ARB 2,500,000 × (0.7 − 0.8) + LINK 40,000 × (16.5 − 18)
    // + UNI 60,000 × (8.4 − 9) = −144,000 − 250,000 − 60,000 − 36,000 = −490,000.
    close(report.left("Book P&L"), -490000, 1e7);
    // Open hedge: BTC-PERP short 22 × (90,000 − 96,000) → +132,000; BTC-26MAR27 short 6 ×
    // (91,200 − 97,500) → +37,800; ETH inverse short 1,400,000 face: 1.4M × (1/3,600 − 1/3,300) ETH
    // = −35.3535… ETH short → +35.3535… × 3,300 = +116,666.67.
    close(report.left("  of which open positions"), 132000 + 37800 + 1400000 * (300 / 3600), 1e7);
    // Closed: the ETH-27NOV26 future, +21,400 realised.
    close(report.left("  of which closed in the period"), 21400, 1e7);
    // Fees: 1,150 + 300 + 640 open, 380 closed; roll costs: 1,250.
    close(report.left("Fees"), -(1150 + 300 + 640 + 380), 1e7);
    close(report.left("Roll costs"), -1250, 1e7);
    // Coverage: (22 × 90,000 + 6 × 91,200 + 1,400,000) ÷ (12,000 × 138 + 2,500,000 × 0.7 +
    // 40,000 × 16.5 + 60,000 × 8.4) = 3,927,200 ÷ 4,570,000 = 85.93%: within the 60–100% band.
    close(report.rightNum("Coverage"), 3927200 / 4570000, 1);
    expect(report.right("Against the band")).toBe("Within the band");
    expect(report.right("Breaches")).toBe(0);
  });

  test("the sheet is live: a new end price and a changed policy flow through", async () => {
    const live = await Report.of(input);
    // SOL's last price in the history falls from 138 to 100: the book loses 12,000 × 38 more.
    const header = live.plan.cells.find(
      (c) => c.col === 0 && c.value === "Date" && c.style === "header"
    )!;
    const solColumn = live.plan.cells.find((c) => c.row === header.row && c.value === "SOL")!.col;
    const book = live.left("Book P&L");
    live.type(header.row + 31, solColumn, "100");
    close(live.left("Book P&L"), book - 12000 * 38, 1e7);
    checkIdentity(live);
    // Coverage is now 3,927,200 ÷ (4,570,000 − 456,000) = 95.46%. The Policy sheet's band moves
    // above it: under-hedged, one breach.
    close(live.rightNum("Coverage"), 3927200 / 4114000, 1);
    live.type(0, 0, "0.97", "Policy");
    expect(live.right("Against the band")).toBe("Under-hedged");
    expect(live.right("Breaches")).toBe(1);
    // …and a maximum position below BTC-PERP's 1,980,000 flags it too.
    live.type(2, 0, "1500000", "Policy");
    expect(live.column("Instruments", "Maximum position")).toEqual([
      "Above the limit",
      "Within the limit",
      "Within the limit",
      "Within the limit",
    ]);
    expect(live.right("Breaches")).toBe(2);
  });
});

describe("random books", () => {
  const random = mulberry32(20261202);
  const inputs = Array.from({ length: 60 }, () => randomInput(random));

  test("the generator draws accepted inputs of every kind", () => {
    for (const input of inputs) expect(reportWizard.validate(input)).toEqual([]);
    expect(inputs.some((i) => i.holdings[0].history)).toBe(true);
    expect(inputs.some((i) => !i.holdings[0].history)).toBe(true);
    expect(inputs.some((i) => i.positions.some((p) => p.contract === "inverse"))).toBe(true);
    expect(inputs.some((i) => i.positions.some((p) => p.side === "long"))).toBe(true);
    expect(inputs.some((i) => i.positions.length === 0)).toBe(true);
    expect(inputs.some((i) => i.closed.length > 0)).toBe(true);
    expect(inputs.some((i) => i.venues.length > 0)).toBe(true);
  });

  test("each report agrees with the independent computation, and the identity holds to 1e-9", async () => {
    for (const input of inputs) {
      const report = await Report.of(input);
      try {
        checkAgainst(report, input);
        checkIdentity(report);
      } catch (error) {
        throw new Error(`${(error as Error).message}\ninput: ${JSON.stringify(input)}`);
      }
    }
  }, 120000);

  test("a policy band either side of the coverage flips the flag and the Breaches count", async () => {
    for (const input of inputs.slice(0, 12)) {
      const coverage = expected(input).coverage;
      const wide = { ...DEFAULT_POLICY, coverageLow: 0, coverageHigh: 2, maxPosition: 1e13 };
      const tight = { ...wide, coverageLow: coverage + 0.01 };
      checkAgainst(await Report.of(input, wide), input, wide);
      checkAgainst(await Report.of(input, tight), input, tight);
      expect((await Report.of(input, tight)).right("Breaches")).toBe(1);
    }
  }, 60000);
});
