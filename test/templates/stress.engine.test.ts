/**
 * Issue 13, acceptance 1 and 3 for the stress scenarios: the sheet, computed by the engine
 * (HyperFormula with the built ALTHEDGE functions), agrees with an independent computation written
 * here in plain arithmetic, for the sample and for seeded random books; and a scenario whose move takes
 * a venue past maintenance shows it liquidated, and its top-up brings the buffer back to zero at that
 * move (to 1e-9).
 *
 * The arithmetic below is the specification's, not the template's:
 * - spec/taskpane.md §6: every token moves β × shock (+ its extra move in a correlation break, − the
 *   gap for Low-tier tokens in a liquidity gap), the funding spike is 0.3% per 8 h for 7 days on the
 *   perpetual hedges, each venue's buffer is taken after the move with the hedge's P&L in its margin
 *   balance, the top-up keeps it above maintenance;
 * - spec/functions.md (and docs/functions.md): STRESSPNL = Σ v_i(β_i·shock + e_i) + hedge × shock;
 *   FUNDINGCOST = Σ side × notional × rate_i (positive = paid); MARGINBUFFER "move" with c = C/N:
 *   short (c − m)/(1 + m), long (c − m)/(1 − m); COLLATERALNEEDED: short N(s + m(1 + s)), long
 *   N(s + m(1 − s));
 * - the readings the sheet writes in its notes (test/templates/stress.trust.test.ts checks they are
 *   there): no token loses more than its value (its move is floored at −100%); the spike is charged
 *   against each perpetual hedge, dated futures pay none; every Low-tier token takes the gap, locked
 *   or not; a venue is liquidated when its balance is below maintenance before or after the move.
 * The Policy's names are defined in the engine as the Policy sheet would: a named cell.
 */
import { stressWizard, type StressInput } from "../../src/templates/stress";
import { DEFAULT_POLICY, POLICY_LIMITS, type PolicyLimits } from "../../src/templates/policy";
import { a1, type CellValue, type SheetPlan } from "../../src/templates/plan";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { engineWorkbook } from "../helpers/engine";
import { mulberry32 } from "../helpers/numeric";
import { rowOf, tableColumn } from "./planChecks";

const DATE = "2026-12-02";
const PAYMENTS_PER_DAY = 3; // "0.3% per 8 h": three payments a day

// ---------------------------------------------------------------------------------------------------
// The independent computation

interface ScenarioRow {
  shock: number;
  lowExtra: number;
  otherExtra: number;
  gap: number;
  rate: number;
  days: number;
}

interface VenueOutcome {
  funding: number;
  balanceAfter: number;
  bufferAfter: number;
  liquidated: boolean;
  topUp: number;
  adverse: number;
}

interface ScenarioOutcome {
  book: number;
  locked: number;
  hedge: number;
  hedgeBy: number[];
  fundingBy: number[];
  funding: number;
  net: number;
  share: number;
  result: "Pass" | "Fail";
  extra: number[];
  venues: VenueOutcome[];
}

/** The spec's families, in its order: shocks, rallies, correlation breaks, funding spike, gap. */
function scenarioRows(input: StressInput): ScenarioRow[] {
  const none = { lowExtra: 0, otherExtra: 0, gap: 0, rate: 0, days: 0 };
  return [
    ...input.benchmarkShocks.map((shock) => ({ ...none, shock })),
    ...input.rallies.map((shock) => ({ ...none, shock })),
    ...input.benchmarkShocks.map((shock) => ({
      ...none,
      shock,
      lowExtra: input.lowTierExtra,
      otherExtra: input.otherExtra,
    })),
    { ...none, shock: 0, rate: input.fundingRate, days: input.fundingDays },
    { ...none, shock: 0, gap: input.liquidityGap },
  ];
}

const sideOf = (side: string): number => (side === "long" ? 1 : -1);

/** MARGINBUFFER "move" (spec/functions.md). */
const buffer = (C: number, N: number, m: number, side: number): number =>
  (C / N - m) / (side === -1 ? 1 + m : 1 - m);

/** COLLATERALNEEDED (spec/functions.md): the balance that survives an adverse move s. */
const needed = (N: number, s: number, m: number, side: number): number =>
  side === -1 ? N * (s + m * (1 + s)) : N * (s + m * (1 - s));

function expected(input: StressInput, policy: PolicyLimits = DEFAULT_POLICY) {
  const bookValue = input.book.reduce((sum, h) => sum + h.value, 0);
  const hedgeOf = (instrument: string) =>
    input.hedges.find(
      (h) => h.instrument.trim().toUpperCase() === instrument.trim().toUpperCase()
    )!;
  const venuesNow = input.venues.map((v) => {
    const h = hedgeOf(v.instrument);
    return { ...v, side: sideOf(h.side), beta: h.beta, perpetual: h.type === "perpetual" };
  });
  const bufferNow = venuesNow.map((v) =>
    buffer(v.marginBalance, v.notional, v.maintenanceRate, v.side)
  );
  const scenarios: ScenarioOutcome[] = scenarioRows(input).map((s) => {
    const extra = input.book.map((t) => {
      const low = t.tier === "Low";
      const raw = (low ? s.lowExtra : s.otherExtra) - (low ? s.gap : 0);
      const beta = t.beta ?? 1;
      // A token cannot lose more than its value: its whole move stops at −100%.
      return Math.max(-1 - beta * s.shock, raw);
    });
    const moves = input.book.map((t, i) => (t.beta ?? 1) * s.shock + extra[i]);
    const book = input.book.reduce((sum, t, i) => sum + t.value * moves[i], 0);
    const locked = input.book.reduce((sum, t, i) => sum + (t.locked ? t.value * moves[i] : 0), 0);
    const hedgeBy = input.hedges.map((h) => sideOf(h.side) * h.notional * h.beta * s.shock);
    // Against the hedge: side × notional × (side × rate) = notional × rate per payment, paid.
    const fundingBy = input.hedges.map((h) =>
      h.type === "perpetual" ? h.notional * s.rate * s.days * PAYMENTS_PER_DAY : 0
    );
    const hedge = hedgeBy.reduce((a, b) => a + b, 0);
    const funding = fundingBy.reduce((a, b) => a + b, 0);
    const net = book + hedge - funding;
    const share = net / bookValue;
    const venues = venuesNow.map((v, j) => {
      const move = v.beta * s.shock;
      const paid = v.perpetual ? v.notional * s.rate * s.days * PAYMENTS_PER_DAY : 0;
      const balanceAfter = v.marginBalance + v.side * v.notional * move - paid;
      const bufferAfter = buffer(balanceAfter, v.notional * (1 + move), v.maintenanceRate, v.side);
      const adverse = Math.max(0, -v.side * move);
      return {
        funding: paid,
        balanceAfter,
        bufferAfter,
        liquidated: bufferNow[j] < 0 || bufferAfter < 0,
        topUp: Math.max(
          0,
          needed(v.notional, adverse, v.maintenanceRate, v.side) + paid - v.marginBalance
        ),
        adverse,
      };
    });
    return {
      book,
      locked,
      hedge,
      hedgeBy,
      fundingBy,
      funding,
      net,
      share,
      result: share < -policy.lossLimit ? "Fail" : "Pass",
      extra,
      venues,
    };
  });
  const leverage = input.venues.map((v) => v.notional / v.marginBalance);
  const level = bufferNow.map((b) =>
    b < policy.bufferCritical ? "Critical" : b < policy.bufferWarning ? "Warning" : "OK"
  );
  const fails = scenarios.filter((s) => s.result === "Fail").length;
  const breaches =
    fails +
    leverage.filter((l) => l > policy.maxLeverage).length +
    level.filter((l) => l === "Critical").length;
  return { bookValue, scenarios, bufferNow, leverage, level, fails, breaches };
}

// ---------------------------------------------------------------------------------------------------
// The sheet

/** The Policy as a sheet of named cells (what the Policy and limits wizard writes). */
function withPolicy(wb: EngineWorkbook, policy: PolicyLimits = DEFAULT_POLICY): void {
  wb.addSheetWithCells(
    "Policy",
    POLICY_LIMITS.map((limit) => [limit.name, policy[limit.key]])
  );
  POLICY_LIMITS.forEach((limit, i) => wb.addName(limit.name, `=Policy!$B$${i + 1}`));
}

class Sheet {
  private constructor(
    readonly wb: EngineWorkbook,
    readonly name: string,
    readonly plan: SheetPlan
  ) {}

  static async of(input: StressInput, policy: PolicyLimits = DEFAULT_POLICY): Promise<Sheet> {
    const plan = stressWizard.build(input, DATE);
    const wb = engineWorkbook();
    withPolicy(wb, policy);
    const { sheet } = await wb.applyPlan(plan);
    return new Sheet(wb, sheet, plan);
  }

  at(row: number, col: number): CellValue {
    return this.wb.valueAt(this.name, a1(row, col));
  }

  num(row: number, col: number): number {
    const value = this.at(row, col);
    if (typeof value !== "number") throw new Error(`${a1(row, col)} is ${JSON.stringify(value)}`);
    return value;
  }

  column(table: string, header: string): CellValue[] {
    const { col, first, last } = tableColumn(this.plan, table, header);
    return Array.from({ length: last - first + 1 }, (_, i) => this.at(first + i, col));
  }

  /** A grid under its title: rows below the header, columns from B. */
  grid(title: string, rows: number, cols: number): CellValue[][] {
    const first = rowOf(this.plan, title) + 2;
    return Array.from({ length: rows }, (_, r) =>
      Array.from({ length: cols }, (_, c) => this.at(first + r, 1 + c))
    );
  }

  labelled(label: string): CellValue {
    return this.at(rowOf(this.plan, label), 1);
  }

  type(table: string, header: string, index: number, text: string): void {
    const { col, first } = tableColumn(this.plan, table, header);
    this.wb.setContents(this.wb.sheetId(this.name), first + index, col, text);
  }

  setPolicy(key: keyof PolicyLimits, value: number): void {
    const row = POLICY_LIMITS.findIndex((limit) => limit.key === key);
    this.wb.setContents(this.wb.sheetId("Policy"), row, 1, String(value));
  }
}

/** |actual − expected| within `tolerance` relative to max(1, |expected|). */
function close(actual: CellValue, expectedValue: number, what: string, tolerance = 1e-9): void {
  if (typeof actual !== "number")
    throw new Error(`${what}: ${JSON.stringify(actual)}, not a number`);
  const error = Math.abs(actual - expectedValue) / Math.max(1, Math.abs(expectedValue));
  if (!(error <= tolerance))
    throw new Error(
      `${what}: sheet ${actual}, expected ${expectedValue} (relative error ${error})`
    );
}

/** Every number the sheet writes per scenario and per venue, against `expected`. */
async function agrees(input: StressInput, policy: PolicyLimits = DEFAULT_POLICY): Promise<Sheet> {
  const sheet = await Sheet.of(input, policy);
  const want = expected(input, policy);
  const K = want.scenarios.length;
  const V = input.venues.length;
  const H = input.hedges.length;
  close(sheet.labelled("Book value"), want.bookValue, "book value");
  const results = (header: string) => sheet.column("Results", header);
  const columns = {
    net: results("Net P&L"),
    share: results("Net ÷ book"),
    result: results("Result"),
    book: results("Book P&L"),
    locked: results("Locked tokens' P&L"),
    hedge: results("Hedge P&L"),
    funding: results("Funding paid"),
    liquidated: results("Venues liquidated"),
    topUp: results("Top-ups needed"),
  };
  const grids = {
    hedgeBy: sheet.grid("Hedge P&L by instrument", K, H),
    fundingBy: sheet.grid("Funding paid by instrument", K, H),
    venueFunding: sheet.grid("Funding paid at each venue", K, V),
    balanceAfter: sheet.grid("Margin balance after the move", K, V),
    bufferAfter: sheet.grid("Margin buffer after the move", K, V),
    liquidated: sheet.grid("Liquidated?", K, V),
    topUp: sheet.grid("Top-up that keeps each venue above maintenance", K, V),
    extra: sheet.grid(
      "Extra move by token (beyond beta × the benchmark move)",
      input.book.length,
      K
    ),
  };
  want.scenarios.forEach((s, k) => {
    const at = (what: string) => `scenario ${k + 1} ${what}`;
    close(columns.book[k], s.book, at("book P&L"));
    close(columns.locked[k], s.locked, at("locked P&L"));
    close(columns.hedge[k], s.hedge, at("hedge P&L"));
    close(columns.funding[k], s.funding, at("funding"));
    close(columns.net[k], s.net, at("net"));
    close(columns.share[k], s.share, at("net ÷ book"));
    expect([at("result"), columns.result[k]]).toEqual([at("result"), s.result]);
    s.hedgeBy.forEach((v, h) => close(grids.hedgeBy[k][h], v, at(`hedge ${h + 1} P&L`)));
    s.fundingBy.forEach((v, h) => close(grids.fundingBy[k][h], v, at(`hedge ${h + 1} funding`)));
    s.extra.forEach((e, i) => close(grids.extra[i][k], e, at(`token ${i + 1} extra move`)));
    let liquidated = 0;
    let topUps = 0;
    s.venues.forEach((v, j) => {
      const where = (what: string) => at(`venue ${j + 1} ${what}`);
      close(grids.venueFunding[k][j], v.funding, where("funding"));
      close(grids.balanceAfter[k][j], v.balanceAfter, where("balance after"));
      close(grids.bufferAfter[k][j], v.bufferAfter, where("buffer after"));
      close(grids.topUp[k][j], v.topUp, where("top-up"));
      expect([where("flag"), grids.liquidated[k][j]]).toEqual([
        where("flag"),
        v.liquidated ? "Liquidated" : "Survives",
      ]);
      liquidated += v.liquidated ? 1 : 0;
      topUps += v.topUp;
    });
    expect(columns.liquidated[k]).toBe(liquidated);
    close(columns.topUp[k], topUps, at("top-ups"));
  });
  const venues = (header: string) => sheet.column("Venues", header);
  want.bufferNow.forEach((b, j) => close(venues("Buffer now")[j], b, `venue ${j + 1} buffer now`));
  want.leverage.forEach((l, j) => close(venues("Leverage")[j], l, `venue ${j + 1} leverage`));
  expect(venues("Level")).toEqual(want.level);
  expect(venues("Leverage check")).toEqual(
    want.leverage.map((l) => (l > policy.maxLeverage ? "Above the maximum" : "OK"))
  );
  expect(sheet.labelled("Scenarios over the loss limit")).toBe(want.fails);
  expect(sheet.labelled("Policy breaches")).toBe(want.breaches);
  expect(sheet.labelled("Venue liquidations in stress")).toBe(
    want.scenarios.reduce((n, s) => n + s.venues.filter((v) => v.liquidated).length, 0)
  );
  return sheet;
}

// ---------------------------------------------------------------------------------------------------
// Random books

/** A book `validate` accepts, drawn from a seeded generator: sizes, signs and tiers of every kind. */
function randomInput(rand: () => number): StressInput {
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const round = (x: number, digits = 6) => Number(x.toPrecision(digits));
  const book = Array.from({ length: 1 + Math.floor(rand() * 8) }, (_, i) => {
    const holding = {
      token: `T${i + 1}`,
      value: round(10 ** uniform(2, 8)),
      tier: pick(["High", "Medium", "Low"] as const),
      locked: rand() < 0.3,
    };
    // A blank beta counts as 1 (the sheet writes the 1); betas from −0.5 to 2.5 otherwise.
    return rand() < 0.15 ? holding : { ...holding, beta: round(uniform(-0.5, 2.5), 3) };
  });
  const hedges = Array.from({ length: 1 + Math.floor(rand() * 3) }, (_, i) => ({
    instrument: `H${i + 1}-${rand() < 0.5 ? "PERP" : "DEC26"}`,
    type: pick(["perpetual", "dated"] as const),
    side: rand() < 0.85 ? ("short" as const) : ("long" as const),
    notional: round(10 ** uniform(4, 8)),
    beta: round(uniform(0.6, 1.5), 3),
  }));
  // Each venue carries one instrument; the venues of an instrument share at most its notional.
  const carriers = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick(hedges));
  const venues = carriers.map((hedge, j) => {
    const count = carriers.filter((h) => h === hedge).length;
    const notional = round((hedge.notional / count) * uniform(0.3, 1), 8);
    return {
      venue: `Venue ${j + 1}`,
      instrument: rand() < 0.2 ? hedge.instrument.toLowerCase() : hedge.instrument,
      // Leverage from 1.2× to 40×: some venues far from maintenance, some close, some below it.
      marginBalance: round(notional / 10 ** uniform(0.08, 1.6)),
      notional,
      maintenanceRate: round(uniform(0.002, 0.05), 3),
    };
  });
  const maxBeta = Math.max(...hedges.map((h) => h.beta));
  const shocks = Array.from({ length: 1 + Math.floor(rand() * 4) }, () =>
    round(-uniform(0.01, Math.min(0.99, 0.95 / maxBeta)), 4)
  );
  return {
    benchmark: pick(["BTC", "ETH"]),
    book,
    hedges,
    venues,
    benchmarkShocks: shocks,
    rallies: Array.from({ length: 1 + Math.floor(rand() * 4) }, () => round(uniform(0.01, 2), 4)),
    lowTierExtra: round(uniform(-0.5, 0.1), 4),
    otherExtra: round(uniform(-0.3, 0.1), 4),
    fundingRate: round(uniform(0, 0.01), 4),
    fundingDays: 1 + Math.floor(rand() * 30),
    liquidityGap: round(uniform(0, 0.6), 4),
  };
}

function randomPolicy(rand: () => number): PolicyLimits {
  const warning = 0.1 + 0.4 * rand();
  return {
    ...DEFAULT_POLICY,
    lossLimit: 0.02 + 0.3 * rand(),
    bufferWarning: warning,
    bufferCritical: warning * rand(),
    maxLeverage: 1 + 20 * rand(),
  };
}

// ---------------------------------------------------------------------------------------------------

describe("stress scenarios in the engine agree with the spec's arithmetic", () => {
  test("the sample: every scenario, instrument, venue and token", async () => {
    const input = stressWizard.sample();
    expect(stressWizard.validate(input)).toEqual([]);
    const sheet = await agrees(input);
    // A few by hand, from the sample's inputs:
    // book value = the twelve values = Σ quantity × price of the sample book's Book sheet.
    close(sheet.labelled("Book value"), 6_335_495.58, "book value", 1e-12);
    const hedge = sheet.column("Results", "Hedge P&L");
    // BTC −20%: short 5,000,000 BTC-PERP × 0.2 + short 1,500,000 ETH-PERP × 1.15 × 0.2.
    close(hedge[0], 1_000_000 + 345_000, "hedge P&L at −20%", 1e-12);
    // Funding spike (row 10): 0.3% × 3 payments × 7 days on both perpetuals.
    close(
      sheet.column("Results", "Funding paid")[9],
      (5_000_000 + 1_500_000) * 0.003 * 21,
      "funding",
      1e-12
    );
    // BTC +20% rally (row 4) at Exchange B: ETH-PERP up 23% costs 345,000 of its 330,000 balance:
    // liquidated, while Exchange A (1,000,000 of 1,250,000) survives. Top-up = COLLATERALNEEDED(1.5M,
    // 0.23, 1%) − 330,000 = 1,500,000 × (0.23 + 0.01 × 1.23) − 330,000 = 33,450.
    const flags = sheet.grid("Liquidated?", 11, 2);
    expect(flags[3]).toEqual(["Survives", "Liquidated"]);
    close(
      sheet.grid("Top-up that keeps each venue above maintenance", 11, 2)[3][1],
      33_450,
      "top-up",
      1e-12
    );
    // Loss limit 10%: BTC −20% passes (−6.3%), −40% fails (−12.6%).
    expect(sheet.column("Results", "Result").slice(0, 3)).toEqual(["Pass", "Fail", "Fail"]);
  });

  test("40 seeded random books, venues and policies (both sides, dated and perpetual, blank betas)", async () => {
    const rand = mulberry32(20261202);
    const seen = { long: 0, dated: 0, liquidated: 0, survives: 0, fail: 0, pass: 0, floored: 0 };
    for (let n = 0; n < 40; n++) {
      const input = randomInput(rand);
      const policy = randomPolicy(rand);
      expect([n, stressWizard.validate(input)]).toEqual([n, []]);
      await agrees(input, policy);
      const want = expected(input, policy);
      seen.long += input.hedges.filter((h) => h.side === "long").length;
      seen.dated += input.hedges.filter((h) => h.type === "dated").length;
      for (const s of want.scenarios) {
        seen[s.result === "Fail" ? "fail" : "pass"]++;
        for (const v of s.venues) seen[v.liquidated ? "liquidated" : "survives"]++;
        seen.floored += s.extra.filter((e, i) => e > 0 && input.book[i].tier !== "Low").length;
      }
    }
    // The draws reached every branch the arithmetic has.
    for (const [what, count] of Object.entries(seen))
      expect([what, count > 0]).toEqual([what, true]);
  }, 240000);
});

describe("acceptance 3: a venue past maintenance is liquidated, and its top-up brings it back to zero", () => {
  /** For each liquidating adverse move: post the top-up, and the buffer after the move is 0 to 1e-9. */
  async function topUpsRestore(input: StressInput): Promise<number> {
    const sheet = await Sheet.of(input);
    const want = expected(input);
    const K = want.scenarios.length;
    const V = input.venues.length;
    let checked = 0;
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < V; j++) {
        const outcome = want.scenarios[k].venues[j];
        if (!outcome.liquidated || outcome.adverse === 0 || want.bufferNow[j] < 0) continue;
        const flag = () => sheet.grid("Liquidated?", K, V)[k][j];
        const bufferAfter = () => sheet.grid("Margin buffer after the move", K, V)[k][j] as number;
        const topUp = sheet.grid("Top-up that keeps each venue above maintenance", K, V)[k][
          j
        ] as number;
        expect(flag()).toBe("Liquidated");
        expect(topUp).toBeGreaterThan(0);
        const balance = input.venues[j].marginBalance;
        const post = (amount: number) => sheet.type("Venues", "Margin balance", j, String(amount));
        post(balance + topUp);
        expect(Math.abs(bufferAfter())).toBeLessThanOrEqual(1e-9);
        // The top-up is the boundary: a little less is liquidated, a little more survives.
        const step = 1e-6 * input.venues[j].notional;
        post(balance + topUp - step);
        expect(flag()).toBe("Liquidated");
        post(balance + topUp + step);
        expect(flag()).toBe("Survives");
        post(balance);
        checked++;
      }
    }
    return checked;
  }

  test("the sample's rallies: +20% at Exchange B, +40% and +60% at both", async () => {
    // +20%: B; +40%: A and B; +60%: A and B (see the sample test above).
    expect(await topUpsRestore(stressWizard.sample())).toBe(5);
  });

  test("a long hedge in a crash and a short one in a rally, with a funding spike draining both", async () => {
    const input = stressWizard.sample();
    input.hedges[1] = { ...input.hedges[1], side: "long" };
    input.venues[1] = { ...input.venues[1], marginBalance: 200_000 };
    // The spike's 10 days (30 payments of 0.3%) cost Exchange B 135,000 on top of a 20% fall.
    input.fundingDays = 10;
    expect(stressWizard.validate(input)).toEqual([]);
    const checked = await topUpsRestore(input);
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  test("seeded random books", async () => {
    const rand = mulberry32(13);
    let checked = 0;
    for (let n = 0; n < 12; n++) checked += await topUpsRestore(randomInput(rand));
    expect(checked).toBeGreaterThan(10);
  }, 240000);
});

describe("the sheet stays live", () => {
  test("a limit changed on the Policy sheet re-flags the scenarios and the breaches", async () => {
    const sheet = await Sheet.of(stressWizard.sample());
    const fails = () => sheet.column("Results", "Result").filter((r) => r === "Fail").length;
    expect(fails()).toBe(expected(stressWizard.sample()).fails);
    sheet.setPolicy("lossLimit", 0.25);
    // The worst net loss is −22.0% (correlation break at −60%): nothing fails at 25%.
    expect(fails()).toBe(0);
    expect(sheet.labelled("Policy breaches")).toBe(0);
    sheet.setPolicy("maxLeverage", 4.2);
    // Exchange B runs 1,500,000 ÷ 330,000 = 4.55×, Exchange A 4×.
    expect(sheet.column("Venues", "Leverage check")).toEqual(["OK", "Above the maximum"]);
    expect(sheet.labelled("Policy breaches")).toBe(1);
  });

  test("editing a shock, a hedge and a venue recomputes against the same arithmetic", async () => {
    const input = stressWizard.sample();
    const sheet = await Sheet.of(input);
    const { col, first } = tableColumn(sheet.plan, "Scenarios", "BTC move");
    sheet.wb.setContents(sheet.wb.sheetId(sheet.name), first, col, "-0.3");
    sheet.type("Hedges", "Type", 1, "Dated");
    sheet.type("Venues", "Maintenance rate", 0, "0.02");
    const edited: StressInput = {
      ...input,
      benchmarkShocks: [-0.3, -0.4, -0.6],
      hedges: [input.hedges[0], { ...input.hedges[1], type: "dated" }],
      venues: [{ ...input.venues[0], maintenanceRate: 0.02 }, input.venues[1]],
    };
    const want = expected(edited);
    // Row 1 is the edited −30% shock (its correlation break, row 7, still reads −20%).
    close(sheet.column("Results", "Net P&L")[0], want.scenarios[0].net, "net at −30%");
    expect(sheet.column("Results", "Scenario")[0]).toBe("BTC -30%");
    // A dated ETH future pays no funding in the spike: only BTC-PERP's 315,000.
    close(sheet.column("Results", "Funding paid")[9], 315_000, "funding, ETH dated", 1e-12);
    close(sheet.column("Venues", "Buffer now")[0], want.bufferNow[0], "buffer at 2% maintenance");
  });
});
