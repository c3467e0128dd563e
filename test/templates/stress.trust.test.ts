/**
 * The stress scenarios against the trust rules (spec/taskpane.md): a form that validates never writes a
 * sheet that shows an Excel error (random accepted inputs, fast-check, as property.exposure-margin
 * does); plausibility bounds beside the field; the readings the spec leaves open written on the sheet;
 * the Policy read by name, never copied; instruments never mixed; the sheet prints; the sample is the
 * playground's sample book; "Use selected range" reads a book table and keeps none of the sample's
 * hedge or venue numbers.
 */
import fs from "fs";
import path from "path";
import fc from "fast-check";
import {
  STRESS_BOOK_COLUMNS,
  bookFromRows,
  stressWizard,
  type StressHedge,
  type StressHolding,
  type StressInput,
  type StressVenue,
} from "../../src/templates/stress";
import { guessColumns } from "../../src/templates/common";
import { DEFAULT_POLICY, POLICY_LIMITS } from "../../src/templates/policy";
import {
  a1,
  pageSetupOf,
  parseA1,
  parseRange,
  type CellValue,
  type SheetPlan,
} from "../../src/templates/plan";
import { WIZARDS } from "../../src/templates";
import { WIZARD_FORMS, stressForm } from "../../src/taskpane/wizardSpecs";
import { engineWorkbook, sheetErrors } from "../helpers/engine";
import { references, rowOf, structuralProblems, tableColumn } from "./planChecks";

const DATE = "2026-12-02";

/** A workbook with the Policy's names, as the Policy sheet defines them (workbook scope). */
function workbook() {
  const wb = engineWorkbook();
  for (const limit of POLICY_LIMITS) wb.addName(limit.name, `=${DEFAULT_POLICY[limit.key]}`);
  return wb;
}

/** Every cell of the written sheet that shows one of Excel's errors, or a number not finite. */
async function errorCells(plan: SheetPlan): Promise<string[]> {
  const wb = workbook();
  const { sheet } = await wb.applyPlan(plan);
  return sheetErrors(wb, sheet);
}

// ---------------------------------------------------------------------------------------------------
// A form that validates never writes an Excel error

/**
 * A number in [lo, hi], biased to the ends and the typical values; one draw in ten falls just outside,
 * so `validate` has something to refuse.
 */
function bounded(lo: number, hi: number, typical: number[] = []) {
  const inside = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(lo, hi, ...typical) },
    { weight: 6, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) }
  );
  const outside = fc.constantFrom(lo - Math.max(1e-9, Math.abs(lo)), hi * 2 + 1, 1e308, 5e-324);
  return fc.oneof({ weight: 9, arbitrary: inside }, { weight: 1, arbitrary: outside });
}

const holding = (i: number): fc.Arbitrary<StressHolding> =>
  fc
    .record({
      value: bounded(0.01, 1e13, [0.01, 717312.6]),
      beta: fc.option(bounded(-100, 100, [0, 1, 1.76]), { nil: undefined }),
      tier: fc.constantFrom("High" as const, "Medium" as const, "Low" as const),
      locked: fc.boolean(),
    })
    .map(({ beta, ...rest }) => ({
      token: `T${i}`,
      ...rest,
      ...(beta === undefined ? {} : { beta }),
    }));

const hedge = (i: number): fc.Arbitrary<StressHedge> =>
  fc.record({
    instrument: fc.constant(`H${i}-PERP`),
    type: fc.constantFrom("perpetual" as const, "dated" as const),
    side: fc.constantFrom("short" as const, "long" as const),
    notional: bounded(0.01, 1e13, [5_000_000]),
    beta: bounded(0.01, 100, [1, 1.15]),
  });

const venue = (i: number): fc.Arbitrary<StressVenue & { pick: number }> =>
  fc.record({
    venue: fc.constant(`Venue ${i + 1}`),
    instrument: fc.constant(""),
    pick: fc.nat(),
    marginBalance: bounded(0.01, 1e13, [330_000]),
    notional: bounded(0.01, 1e13, [1_500_000]),
    maintenanceRate: bounded(0, 0.999999, [0, 0.005]),
  });

const stressInput: fc.Arbitrary<StressInput> = fc
  .record({
    book: fc
      .integer({ min: 1, max: 5 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => holding(i)))),
    hedges: fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => hedge(i)))),
    venues: fc
      .integer({ min: 1, max: 3 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => venue(i)))),
    benchmarkShocks: fc.array(bounded(-0.99, 0, [-0.2, -0.6]), { minLength: 1, maxLength: 3 }),
    rallies: fc.array(bounded(0, 10, [0.2, 0.6]), { minLength: 1, maxLength: 3 }),
    lowTierExtra: bounded(-1, 1, [-0.15]),
    otherExtra: bounded(-1, 1, [-0.05]),
    fundingRate: bounded(0, 0.1, [0.003]),
    fundingDays: bounded(1e-9, 3660, [7]),
    liquidityGap: bounded(0, 1, [0.2]),
  })
  .map(({ venues, ...input }) => ({
    ...input,
    benchmark: "BTC",
    venues: venues.map(({ pick, ...v }) => ({
      ...v,
      instrument: input.hedges[pick % input.hedges.length].instrument,
    })),
  }));

/**
 * Inputs `validate` accepts. Rules that tie two fields are repaired so most draws are kept: the
 * venues of an instrument carry at most its notional, and no hedge falls 100% in a shock. The bounds
 * of single fields are left to `validate`.
 */
const accepted = stressInput
  .map((input) => {
    const worst = Math.min(...input.benchmarkShocks.filter(Number.isFinite), 0);
    const hedges = input.hedges.map((h) =>
      worst < 0 && 1 + h.beta * worst <= 0 ? { ...h, beta: Math.max(0.01, 0.5 / -worst) } : h
    );
    const venues = input.venues.map((v) => {
      const h = hedges.find((x) => x.instrument === v.instrument)!;
      const share = h.notional / input.venues.filter((x) => x.instrument === v.instrument).length;
      return v.notional > share ? { ...v, notional: Math.max(0.01, share * 0.999) } : v;
    });
    return { ...input, hedges, venues };
  })
  .filter((input) => stressWizard.validate(input).length === 0);

describe("a form that validates never writes an Excel error", () => {
  test("stress scenarios: 40 random accepted inputs across the bounds, no error cell", async () => {
    await fc.assert(
      fc.asyncProperty(accepted, async (input) => {
        expect(await errorCells(stressWizard.build(input, DATE))).toEqual([]);
      }),
      { numRuns: 40, seed: 1202 }
    );
  }, 240000);

  test("without the Policy's names the sheet says #NAME? where it reads them (they are not copied)", async () => {
    const plan = stressWizard.build(stressWizard.sample(), DATE);
    const wb = engineWorkbook();
    const { sheet } = await wb.applyPlan(plan);
    const limit = wb.valueAt(sheet, a1(rowOf(plan, "Loss limit in stress"), 1));
    expect(limit).toBe("#NAME?");
  });
});

// ---------------------------------------------------------------------------------------------------
// Bounds and messages beside the field

describe("validation beside the field", () => {
  const sample = stressWizard.sample;
  const messages = (input: StressInput) =>
    Object.fromEntries(stressWizard.validate(input).map((e) => [e.field, e.message]));

  test("the sample validates; a half-filled form gets messages, not an exception", () => {
    expect(stressWizard.validate(sample())).toEqual([]);
    const errors = stressWizard.validate({} as StressInput);
    expect(errors.map((e) => e.field)).toEqual([
      "benchmark",
      "book",
      "hedges",
      "venues",
      "benchmarkShocks",
      "rallies",
      "lowTierExtra",
      "otherExtra",
      "fundingRate",
      "fundingDays",
      "liquidityGap",
    ]);
  });

  test("book: value, beta and tier bounds name the token", () => {
    const input = sample();
    input.book[0].value = 0;
    input.book[1].beta = 1e308;
    input.book[2].tier = "Extreme" as never;
    input.book[3].beta = NaN; // blank in the form: left out, 1 on the sheet
    expect(messages(input)).toEqual({
      "book.0.value": "Value of SOL must be between 0.01 and 1e13, got 0",
      "book.1.beta": "Beta of AVAX must be between -100 and 100, got 1e308",
      "book.2.tier": 'The liquidity tier of LINK must be High, Medium or Low, got "Extreme"',
    });
  });

  test("hedges: one row per instrument, a type, a side, a notional and a beta within bounds", () => {
    const input = sample();
    input.hedges[1] = { ...input.hedges[1], instrument: " btc-perp ", notional: 2e13, beta: 0 };
    input.hedges[0].type = "swap" as never;
    expect(messages(input)).toMatchObject({
      "hedges.0.type": "The type of BTC-PERP must be perpetual or dated",
      "hedges.1.instrument":
        'Hedge instruments must differ: "btc-perp" is listed twice (one row per instrument)',
      "hedges.1.notional": "Notional of btc-perp must be between 0.01 and 1e13, got 20000000000000",
      "hedges.1.beta": "Beta of btc-perp to BTC must be between 0.01 and 100, got 0",
    });
  });

  test("venues: an instrument of the hedge table, no more of it than the hedge holds, a balance, a rate", () => {
    const input = sample();
    input.venues[0] = { ...input.venues[0], instrument: "SOL-PERP", maintenanceRate: 1 };
    input.venues.push({ ...input.venues[1], venue: "Exchange C", notional: 600_000 });
    input.venues[1].marginBalance = 0;
    expect(messages(input)).toEqual({
      "venues.0.instrument":
        'The instrument at Exchange A, "SOL-PERP", is not in the hedge table: add it there with its notional, side and beta',
      "venues.0.maintenanceRate": "Maintenance rate at Exchange A must be less than 1, got 1",
      "venues.1.marginBalance": "Margin balance at Exchange B must be between 0.01 and 1e13, got 0",
      "venues.2.notional":
        "The venues carry 2.1e6 of ETH-PERP, more than its hedge notional of 1.5e6: correct the venue's notional or the hedge's",
    });
  });

  test("scenarios: shocks are falls, rallies rises, extra moves and gaps within ±100%, a real funding spike", () => {
    const input = sample();
    input.benchmarkShocks = [0.2, -1, -0.5];
    input.rallies = [];
    input.lowTierExtra = -1.5;
    input.fundingRate = 0.2;
    input.fundingDays = 0;
    input.liquidityGap = 1.2;
    expect(messages(input)).toEqual({
      "benchmarkShocks.0": "Benchmark shock 1 must be between -0.99 and 0, got 0.2",
      "benchmarkShocks.1": "Benchmark shock 2 must be between -0.99 and 0, got -1",
      rallies: "Add at least one rally (e.g. 20%, 40%, 60%)",
      lowTierExtra: "The extra move of Low-tier tokens must be between -1 and 1, got -1.5",
      fundingRate: "The funding spike's rate per payment must be between 0 and 0.1, got 0.2",
      fundingDays: "The funding spike's days must be greater than 0 and at most 3660, got 0",
      liquidityGap: "The liquidity gap must be between 0 and 1, got 1.2",
    });
  });

  test("no hedge instrument may fall 100% or more in a shock (its notional at the new mark)", () => {
    const input = sample();
    input.hedges[1].beta = 1.8;
    // ETH-PERP at beta 1.8 in a −60% shock: −108%.
    expect(messages(input)).toEqual({
      "benchmarkShocks.2":
        "A benchmark shock of -60% takes ETH-PERP (beta 1.8) to -108%: a price cannot fall 100% or more; lower the shock or check the beta",
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// The sheet: structure, readings written on it, the Policy by name, instruments, printing

describe("the sheet", () => {
  const plan = stressWizard.build(stressWizard.sample(), DATE);
  const texts = plan.cells.filter((c) => typeof c.value === "string").map((c) => c.value as string);
  const formulas = plan.cells.filter((c) => c.formula).map((c) => c.formula as string);

  test("is registered after the effectiveness review, with its form and a Stress sheet prefix", () => {
    expect(WIZARDS.map((w) => w.id)).toContain("stress");
    expect(WIZARD_FORMS.find((f) => f.id === "stress")?.title).toBe("Stress scenarios");
    expect(plan.name).toBe(`Stress ${DATE}`);
    expect(structuralProblems(plan)).toEqual([]);
  });

  test("eleven scenarios in the spec's families and order, each an editable row", () => {
    const family = tableColumn(plan, "Scenarios", "Family");
    const rows = Array.from({ length: family.last - family.first + 1 }, (_, i) =>
      plan.cells.find((c) => c.row === family.first + i && c.col === family.col)
    );
    expect(rows.map((c) => c?.value)).toEqual([
      ...Array(3).fill("Benchmark shock"),
      ...Array(3).fill("Rally"),
      ...Array(3).fill("Correlation break"),
      "Funding spike",
      "Liquidity gap",
    ]);
    for (const header of [
      "BTC move",
      "Extra move, Low tier",
      "Extra move, other tiers",
      "Exit gap, Low tier",
      "Funding per payment (8 h)",
      "Funding days",
    ]) {
      const { col, first, last } = tableColumn(plan, "Scenarios", header);
      for (let row = first; row <= last; row++)
        expect(plan.cells.find((c) => c.row === row && c.col === col)?.style).toBe("input");
    }
  });

  test("the readings the spec leaves open are written on the sheet", () => {
    const has = (words: string) => expect(texts.some((t) => t.includes(words))).toBe(true);
    // A funding spike meets a dated future: no funding.
    has("Dated futures pay no funding (their carry is the roll");
    has("charged against each perpetual hedge at every payment");
    // A rally meets locked tokens: the gain counts at the mark but cannot meet a margin call.
    has("the book's gain counts at the mark in Net P&L, locked tokens included");
    has("that gain cannot meet a margin call");
    // The liquidity gap meets locked tokens; no token loses more than its value.
    has("every Low-tier token exits that far below the mark, locked ones included");
    has("a token cannot lose more than its value");
    // Liquidation and the top-up.
    has("below maintenance at the start or at the end of the move");
    has("with it the venue ends an adverse move exactly at maintenance");
  });

  test("the Policy's limits are read by name, never copied into a formula", () => {
    for (const key of ["lossLimit", "bufferWarning", "bufferCritical", "maxLeverage"] as const) {
      const limit = POLICY_LIMITS.find((l) => l.key === key)!;
      const cell = plan.cells.find((c) => c.formula === `=${limit.name}`);
      expect(cell?.format).toBe(limit.format);
      expect(plan.cells.find((c) => c.row === cell!.row && c.col === 0)?.value).toBe(limit.label);
    }
    // Pass/fail compares with the reading cell, not a number typed into the formula.
    const result = tableColumn(plan, "Results", "Result");
    const first = plan.cells.find((c) => c.row === result.first && c.col === result.col)!;
    const lossLimit = `$B$${rowOf(plan, "Loss limit in stress") + 1}`;
    expect(first.formula).toBe(`=IF(C${result.first + 1}<-${lossLimit},"Fail","Pass")`);
    expect(formulas.some((f) => /0\.1\b|0\.3\b|0\.15\b/.test(f))).toBe(false);
  });

  test("instruments never mix: each per-instrument cell reads one hedge row", () => {
    const hedgeRows = tableColumn(plan, "Hedges", "Instrument");
    for (const title of ["Hedge P&L by instrument", "Funding paid by instrument"]) {
      const header = rowOf(plan, title) + 1;
      const cells = plan.cells.filter(
        (c) => c.row > header && c.row <= header + 11 && c.col >= 1 && c.formula
      );
      expect(cells).toHaveLength(22);
      for (const cell of cells) {
        const rows = new Set(
          references(cell.formula!)
            .filter((r) => r.row >= hedgeRows.first && r.row <= hedgeRows.last)
            .map((r) => r.row)
        );
        // Column B is the first instrument, C the second.
        expect([...rows]).toEqual([hedgeRows.first + cell.col - 1]);
      }
    }
  });

  test("prints one page wide, landscape, its title on every page, the chart inside the area", async () => {
    const setup = pageSetupOf(plan);
    expect(setup).toMatchObject({
      orientation: "landscape",
      fitWidth: 1,
      titleRows: "$1:$1",
      footer: { left: "&A", center: "Page &P of &N", right: "&D" },
    });
    const area = parseRange(setup.area);
    const anchor = parseA1(plan.charts![0].anchor);
    expect(area.lastCol).toBeGreaterThan(anchor.col);
    expect(area.lastRow).toBe(Math.max(...plan.cells.map((c) => c.row)));
    const wb = workbook();
    const { sheet } = await wb.applyPlan(plan);
    expect(wb.extrasOf(wb.sheetId(sheet)).pageSetup).toEqual(setup);
  });

  test("a bar chart of net P&L by scenario; fails, liquidations and breaches flagged red", () => {
    const net = tableColumn(plan, "Results", "Net P&L");
    const name = tableColumn(plan, "Results", "Scenario");
    expect(plan.charts).toEqual([
      expect.objectContaining({
        type: "bar",
        title: "Net P&L by scenario",
        source: `${a1(net.first - 1, name.col)}:${a1(net.last, net.col)}`,
      }),
    ]);
    const rules = plan.conditionalFormats ?? [];
    const red = rules.filter((r) => r.fill === "#FFC7CE").map((r) => r.formula);
    expect(red).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/="Fail"$/),
        expect.stringMatching(/="Liquidated"$/),
        expect.stringMatching(/="Above the maximum"$/),
      ])
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// The sample is the playground's sample book; Use selected range

describe("the sample book and Use selected range", () => {
  const sampleBook = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../../src/playground/sample-book.json"), "utf8")
  ) as { sheets: { name: string; cells: CellValue[][] }[] };
  const bookSheet = sampleBook.sheets.find((s) => s.name === "Book")!.cells;
  const perps = sampleBook.sheets.find((s) => s.name === "Perps")!.cells;

  test("the sample's tokens, values, betas, locks and tiers are the Book sheet's", () => {
    const participation = bookSheet[4][1] as number;
    const [high, medium] = [bookSheet[5][1] as number, bookSheet[5][2] as number];
    const tokens = bookSheet.slice(12, 24).map((row) => {
      const [token, quantity, price, , adv, beta, locked] = row as [
        string,
        number,
        number,
        unknown,
        number,
        number,
        boolean,
      ];
      const value = quantity * price;
      // DAYSTOLIQUIDATE = value ÷ (participation × ADV); LIQUIDITYTIER: ≤ 1 day High, ≤ 5 Medium.
      const days = value / (participation * adv);
      const tier = days <= high ? "High" : days <= medium ? "Medium" : "Low";
      return { token, value, beta, tier, locked };
    });
    const sample = stressWizard.sample();
    expect(sample.book.map((h) => [h.token, h.beta, h.tier, h.locked])).toEqual(
      tokens.map((t) => [t.token, t.beta, t.tier, t.locked])
    );
    sample.book.forEach((h, i) => expect(Math.abs(h.value - tokens[i].value)).toBeLessThan(0.005));
    // The Perps sheet's short hedge notionals (B11:C11) and the Book's ETH-PERP beta to BTC (E9).
    expect(sample.hedges.map((h) => h.notional)).toEqual([perps[10][1], perps[10][2]]);
    expect(sample.hedges.map((h) => h.beta)).toEqual([bookSheet[7][4], bookSheet[8][4]]);
  });

  test("the Book sheet's holdings map as they are and read back as the sample's book", async () => {
    const wb = engineWorkbook(sampleBook.sheets);
    const rows: CellValue[][] = [];
    for (let r = 12; r <= 24; r++)
      rows.push(Array.from({ length: 12 }, (_, c) => wb.valueAt("Book", a1(r - 1, c))));
    const [headers, ...data] = rows;
    const mapping = guessColumns(headers as string[], STRESS_BOOK_COLUMNS);
    // Token, Value (USD), Beta to BTC, Tier (LIQUIDITYTIER) and Locked.
    expect(mapping).toEqual({ token: 0, value: 3, beta: 5, tier: 8, locked: 6 });
    const book = bookFromRows(data as (string | number | boolean | null)[][], mapping);
    const sample = stressWizard.sample().book;
    expect(book.map((h) => [h.token, h.beta, h.tier, h.locked])).toEqual(
      sample.map((h) => [h.token, h.beta, h.tier, h.locked])
    );
    book.forEach((h, i) => expect(Math.abs(h.value - sample[i].value)).toBeLessThan(0.005));
  });

  test("a selection replaces the book and clears the sample's hedge and venue numbers", () => {
    const rows: (string | number | boolean | null)[][] = [
      ["Asset", "Market value", "Beta", "Liquidity", "Staked"],
      ["ABC", "1,250,000", 1.2, "low", "yes"],
      ["XYZ", 400000, null, "High", null],
    ];
    const [headers, ...data] = rows;
    const mapping = guessColumns(headers as string[], STRESS_BOOK_COLUMNS);
    const read = stressForm.mapping!.read(stressWizard.sample(), data, mapping);
    expect(read.book).toEqual([
      { token: "ABC", value: 1_250_000, beta: 1.2, tier: "Low", locked: true },
      { token: "XYZ", value: 400_000, tier: "High", locked: false },
    ]);
    // Nothing of the sample prices the user's book: the form asks for the hedge and the venues.
    const fields = stressWizard.validate(read).map((e) => e.field);
    expect(fields).toEqual([
      "hedges.0.notional",
      "hedges.0.beta",
      "hedges.1.notional",
      "hedges.1.beta",
      "venues.0.marginBalance",
      "venues.0.notional",
      "venues.0.maintenanceRate",
      "venues.1.marginBalance",
      "venues.1.notional",
      "venues.1.maintenanceRate",
    ]);
    // A blank beta is written as 1 on the sheet, where the reader sees it.
    const plan = stressWizard.build({ ...stressWizard.sample(), book: read.book }, DATE);
    const beta = tableColumn(plan, "Book", "Beta to BTC");
    expect(plan.cells.find((c) => c.row === beta.first + 1 && c.col === beta.col)?.value).toBe(1);
  });

  test("the Hedge log's key inputs", () => {
    expect(stressWizard.logSummary(stressWizard.sample())).toBe(
      "12 tokens, 2 hedges, 2 venues; betas to BTC; short BTC-PERP 5000000 (perpetual, beta 1), short ETH-PERP 1500000 (perpetual, beta 1.15); shocks -20%/-40%/-60%; rallies +20%/+40%/+60%; correlation break -15% Low, -5% others; funding 0.3% per 8 h for 7 days; liquidity gap 20%; loss limit AltHedge_LossLimit"
    );
  });
});
