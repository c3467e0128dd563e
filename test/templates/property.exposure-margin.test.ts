/**
 * Trust rules (taskpane.md): "A form that validates never writes a sheet that shows an Excel error
 * computed from its own inputs." Random inputs for the exposure segmentation and the margin plan, drawn
 * across the plausibility bounds (the bounds themselves, the smallest and largest values they allow,
 * values just outside them), kept when the wizard's `validate` accepts them, built, written into the
 * engine with the real functions and computed: no cell of the sheet may show an Excel error. The
 * workbook holds a Policy sheet (test/helpers/policy) with limits drawn too, as `validatePolicy`
 * accepts them: the buffer levels and the leverage and position limits the sheets read.
 */
import fc from "fast-check";
import {
  WIZARDS,
  type ExposureInput,
  type Holding,
  type MarginInput,
  type MarginVenue,
} from "../../src/templates";
import type { SheetPlan } from "../../src/templates/plan";
import { validatePolicy, type PolicyLimits } from "../../src/templates/policy";
import { DEFAULT_POLICY, engineWithPolicy } from "../helpers/policy";
import { sheetErrors } from "../helpers/engine";

const [exposure, , margin] = WIZARDS;
const DATE = "2026-12-11";
const RUNS = 40;

/**
 * A number in [lo, hi] (either end dropped with `open`), biased to the ends and the typical values; one
 * draw in ten falls just outside, so `validate` has something to refuse.
 */
function bounded(lo: number, hi: number, typical: number[] = [], open = false) {
  const inside = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...(open ? [] : [lo]), hi, ...typical) },
    {
      weight: 6,
      arbitrary: fc.double({ min: lo, max: hi, noNaN: true }).filter((x) => !open || x > lo),
    }
  );
  const outside = fc.constantFrom(lo === 0 ? -1e-9 : lo / 2, hi * 2, 1e308, 5e-324);
  return fc.oneof({ weight: 9, arbitrary: inside }, { weight: 1, arbitrary: outside });
}

/** Every cell of the written sheet that shows one of Excel's errors, as "A1: #NUM! message". */
async function errorCells(plan: SheetPlan, policy: Partial<PolicyLimits> = {}): Promise<string[]> {
  const wb = await engineWithPolicy(policy);
  const { sheet } = await wb.applyPlan(plan);
  return sheetErrors(wb, sheet);
}

// ---------------------------------------------------------------------------------------------------

const holding = (i: number): fc.Arbitrary<Holding> =>
  fc
    .record({
      quantity: bounded(0, 1e13, [0, 2500, 1e6]),
      price: bounded(1e-12, 1e9, [0.35, 180, 97000]),
      adv: bounded(1e-6, 1e13, [250_000, 2.4e9]),
      locked: fc.boolean(),
      beta: fc.option(bounded(-100, 100, [0, 1, 1.5]), { nil: undefined }),
    })
    .map(({ beta, ...rest }) => {
      const h: Holding = { token: `T${i}`, ...rest };
      if (beta !== undefined) h.beta = beta;
      return h;
    });

const exposureInput: fc.Arbitrary<ExposureInput> = fc
  .record({
    holdings: fc
      .integer({ min: 1, max: 5 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => holding(i)))),
    participation: bounded(0.0001, 1, [0.1]),
    tierDays: fc
      .uniqueArray(bounded(0, 3660, [1, 5], true), { minLength: 1, maxLength: 3 })
      .map((days) => [...days].sort((a, b) => a - b)),
    proxies: fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.tuple(
        ...Array.from({ length: n }, (_, i) =>
          fc.record({
            instrument: fc.constant(`P${i}-PERP`),
            mark: bounded(1e-12, 1e9, [96000, 3600]),
            contractSize: bounded(1e-9, 1e13, [1, 0.001]),
            beta: bounded(0.01, 100, [1, 1.2]),
          })
        )
      )
    ),
    effectiveness: fc.array(bounded(0, 2, [0.8]), { minLength: 4, maxLength: 4 }),
    pick: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
  })
  .map(({ effectiveness, pick, ...input }) => ({
    ...input,
    benchmark: "BTC",
    tiers: Array.from({ length: input.tierDays.length + 1 }, (_, i) => ({
      label: `Tier ${i + 1}`,
      proxy: input.proxies[pick[i] % input.proxies.length].instrument,
      effectiveness: effectiveness[i],
    })),
  }));

const venue = (i: number): fc.Arbitrary<MarginVenue> =>
  fc.record({
    venue: fc.constant(`Venue ${i + 1}`),
    instrument: fc.constant("X-PERP"),
    side: fc.constantFrom("short" as const, "long" as const),
    size: bounded(1e-9, 1e13, [15, 350]),
    entryPrice: bounded(1e-12, 1e9, [96000, 3600]),
    markPrice: bounded(1e-12, 1e9, [100000, 3650]),
    collateral: bounded(0, 1e13, [0, 520000]),
    haircut: bounded(0, 0.999999, [0, 0.1]),
    maintenanceRate: bounded(0, 0.999999, [0, 0.005]),
    maintenanceAmount: fc.option(bounded(0, 1e13, [0, 50]), { nil: undefined }),
  });

const marginInput: fc.Arbitrary<MarginInput> = fc.record({
  venues: fc
    .integer({ min: 1, max: 4 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => venue(i)))),
  stressMoves: fc.array(bounded(0, 10, [0.2, 0.4, 0.6, 1], true), { minLength: 1, maxLength: 4 }),
});

/** The policy's limits the sheets read, across their bounds (POLICY_LIMITS), critical below warning. */
const policyLimits: fc.Arbitrary<PolicyLimits> = fc
  .record({
    warning: bounded(0, 1, [0.3], true),
    critical: bounded(0, 1, [0.15], true),
    coverageLow: bounded(0, 2, [0.6]),
    coverageHigh: bounded(0, 2, [1], true),
    maxLeverage: bounded(0, 200, [5], true),
    maxPosition: bounded(0, 1e13, [5e6], true),
  })
  .map((r) => {
    const [bufferCritical, bufferWarning] = [r.critical, r.warning].sort((a, b) => a - b);
    const [coverageLow, coverageHigh] = [r.coverageLow, r.coverageHigh].sort((a, b) => a - b);
    return {
      ...DEFAULT_POLICY,
      bufferWarning,
      bufferCritical,
      coverageLow,
      coverageHigh,
      maxLeverage: r.maxLeverage,
      maxPosition: r.maxPosition,
    };
  })
  .filter((policy) => validatePolicy(policy).length === 0);

/**
 * Inputs `validate` accepts. Drawn inputs are repaired where a rule ties two fields (a value within
 * 1e13, moves within 100% when a venue is long) so that most draws are kept; the bounds of single
 * fields are left to `validate`.
 */
const acceptedExposure = exposureInput
  .map((input) => ({
    ...input,
    holdings: input.holdings.map((h) =>
      h.quantity * h.price > 1e13 ? { ...h, quantity: 1e13 / h.price / 2 } : h
    ),
  }))
  .filter((input) => exposure.validate(input).length === 0);

const acceptedMargin = marginInput
  .map((input) => {
    const long = input.venues.some((v) => v.side === "long");
    return {
      ...input,
      stressMoves: long ? input.stressMoves.map((m) => Math.min(m, 1)) : input.stressMoves,
      venues: input.venues.map((v) =>
        v.size * v.markPrice > 1e13 ? { ...v, size: Math.max(1e-9, 1e13 / v.markPrice / 2) } : v
      ),
    };
  })
  .filter((input) => margin.validate(input).length === 0);

describe("a form that validates never writes an Excel error", () => {
  test(`exposure segmentation: ${RUNS} random accepted inputs, no error cell`, async () => {
    await fc.assert(
      fc.asyncProperty(acceptedExposure, policyLimits, async (input, policy) => {
        expect(await errorCells(exposure.build(input, DATE), policy)).toEqual([]);
      }),
      { numRuns: RUNS, seed: 1211 }
    );
  }, 60000);

  test(`margin plan: ${RUNS} random accepted inputs, no error cell`, async () => {
    await fc.assert(
      fc.asyncProperty(acceptedMargin, policyLimits, async (input, policy) => {
        expect(await errorCells(margin.build(input, DATE), policy)).toEqual([]);
      }),
      { numRuns: RUNS, seed: 1211 }
    );
  }, 60000);

  test("the bounds refuse what broke sheets before: 1e308, 1e-308, a participation of 1e-308", () => {
    const input = exposure.sample();
    input.holdings[0].quantity = 1e308;
    input.participation = 1e-308;
    const fields = exposure.validate(input).map((e) => e.field);
    expect(fields).toEqual(["participation", "holdings.0.quantity"]);
    const venues = margin.sample();
    venues.venues[0].size = 1e-308;
    venues.venues[1].markPrice = 1e308;
    expect(margin.validate(venues).map((e) => e.field)).toEqual([
      "venues.0.size",
      "venues.1.markPrice",
    ]);
  });
});
