/**
 * Trust rules (taskpane.md): "A form that validates never writes a sheet that shows an Excel error
 * computed from its own inputs." Random hedge-report inputs drawn across the plausibility bounds (the
 * bounds themselves, the smallest and largest values they allow, and one draw in ten just outside),
 * kept when `validate` accepts them, built, written into the engine with the real functions and the
 * Policy's names defined (its default limits, as the Policy sheet starts), and computed: no cell of the
 * sheet may show an Excel error.
 */
import fc from "fast-check";
import {
  CONTRACT_TYPES,
  REPORT_BOUNDS,
  reportWizard,
  type ClosedPosition,
  type ReportHolding,
  type ReportInput,
  type ReportPosition,
  type ReportVenue,
} from "../../src/templates/report";
import { DEFAULT_POLICY, POLICY_LIMITS } from "../../src/templates/policy";
import type { SheetPlan } from "../../src/templates/plan";
import { engineWorkbook, sheetErrors } from "../helpers/engine";

const DATE = "2026-12-02";
const RUNS = 40;

/** A number in [lo, hi], biased to the ends and typical values; one draw in ten just outside. */
function bounded(lo: number, hi: number, typical: number[] = []) {
  const inside = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(lo, hi, ...typical) },
    { weight: 6, arbitrary: fc.double({ min: lo, max: hi, noNaN: true }) }
  );
  const outside = fc.constantFrom(lo === 0 ? -1e-9 : lo / 2, hi * 2, 1e308, 5e-324);
  return fc.oneof({ weight: 9, arbitrary: inside }, { weight: 1, arbitrary: outside });
}

const [minAmount, maxAmount] = REPORT_BOUNDS.amount;
const price = () => bounded(1e-12, 1e9, [0.8, 150, 96000]);

/** Every cell of the written sheet that shows one of Excel's errors, as "A1: #NUM! message". */
async function errorCells(plan: SheetPlan): Promise<string[]> {
  const wb = engineWorkbook();
  for (const limit of POLICY_LIMITS) wb.addName(limit.name, `=${DEFAULT_POLICY[limit.key]}`);
  const { sheet } = await wb.applyPlan(plan);
  return sheetErrors(wb, sheet);
}

// ---------------------------------------------------------------------------------------------------

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

const holding = (i: number, points: number): fc.Arbitrary<ReportHolding> =>
  fc
    .record({
      quantity: bounded(minAmount, maxAmount, [12000, 1]),
      start: price(),
      end: price(),
      history: fc.array(price(), { minLength: points, maxLength: points }),
    })
    .map(({ quantity, start, end, history }) =>
      points > 0
        ? { token: `T${i}`, quantity, history }
        : { token: `T${i}`, quantity, startPrice: start, endPrice: end }
    );

const position = (i: number, points: number): fc.Arbitrary<ReportPosition> =>
  fc
    .record({
      contract: fc.constantFrom(...CONTRACT_TYPES),
      side: fc.constantFrom("short" as const, "long" as const),
      size: bounded(minAmount, maxAmount, [22, 1400000]),
      start: price(),
      end: price(),
      history: fc.array(price(), { minLength: points, maxLength: points }),
      fundingRates: optional(fc.array(bounded(-1, 1, [0, 0.0001]), { maxLength: 5 })),
      rollCosts: optional(bounded(-maxAmount, maxAmount, [0, 1250])),
      fees: optional(bounded(-maxAmount, maxAmount, [0, 640])),
    })
    .map(({ start, end, history, ...rest }) => ({
      instrument: `I${i}`,
      venue: `V${i % 2}`,
      ...rest,
      ...(points > 0 ? { history } : { startMark: start, endMark: end }),
    }));

const closed = (i: number): fc.Arbitrary<ClosedPosition> =>
  fc.record({
    instrument: fc.constant(`C${i}`),
    venue: fc.constant("V0"),
    realised: bounded(-maxAmount, maxAmount, [0, 21400]),
    funding: optional(bounded(-maxAmount, maxAmount, [0])),
    fees: optional(bounded(-maxAmount, maxAmount, [0, 380])),
  });

const venue = (i: number): fc.Arbitrary<ReportVenue> =>
  fc.record({
    venue: fc.constant(`V${i}`),
    balance: bounded(minAmount, maxAmount, [650000]),
    inUse: bounded(0, maxAmount, [0, 180000]),
  });

const reportInput: fc.Arbitrary<ReportInput> = fc
  .record({
    points: fc.constantFrom(0, 0, 2, 5),
    counts: fc.tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 0, max: 4 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer({ min: 0, max: 2 })
    ),
    period: fc.constantFrom(
      ["2026-11-01", "2026-11-02"],
      ["2026-11-01", "2026-12-01"],
      ["2016-11-08", "2026-11-01"] // 3,645 days
    ),
    targetCoverage: bounded(0, 2, [0.8]),
  })
  .chain(({ points, counts: [h, p, c, v], period, targetCoverage }) =>
    fc.record({
      periodStart: fc.constant(period[0]),
      periodEnd: fc.constant(period[1]),
      targetCoverage: fc.constant(targetCoverage),
      holdings: fc.tuple(...Array.from({ length: h }, (_, i) => holding(i, points))),
      positions:
        p === 0
          ? fc.constant([])
          : fc.tuple(...Array.from({ length: p }, (_, i) => position(i, points))),
      closed:
        c === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: c }, (_, i) => closed(i))),
      venues:
        v === 0 ? fc.constant([]) : fc.tuple(...Array.from({ length: v }, (_, i) => venue(i))),
    })
  );

/**
 * Inputs `validate` accepts. Draws are repaired where a rule ties fields together (a value or
 * notional within 1e13: quantity × price, size × mark, an inverse contract's P&L) so that most are
 * kept; single fields' bounds are left to `validate`.
 */
const accepted = reportInput
  .map((input) => ({
    ...input,
    holdings: input.holdings.map((x) => {
      const prices = [x.startPrice ?? 0, x.endPrice ?? 0, ...(x.history ?? [])].filter(
        Number.isFinite
      );
      const top = Math.max(...prices);
      return x.quantity * top > maxAmount
        ? { ...x, quantity: Math.max(minAmount, maxAmount / top / 2) }
        : x;
    }),
    positions: input.positions.map((x) => {
      const marks = [x.startMark ?? NaN, x.endMark ?? NaN, ...(x.history ?? [])].filter(
        Number.isFinite
      );
      const start = x.startMark ?? x.history?.[0] ?? 1;
      const worst =
        x.contract === "linear"
          ? Math.max(...marks)
          : Math.max(...marks.map((mark) => Math.abs(mark / start - 1)));
      return x.size * worst > maxAmount
        ? { ...x, size: Math.max(minAmount, maxAmount / worst / 2) }
        : x;
    }),
  }))
  .filter((input) => reportWizard.validate(input).length === 0);

describe("a form that validates never writes an Excel error", () => {
  test(`hedge report: ${RUNS} random accepted inputs, no error cell`, async () => {
    let histories = 0;
    await fc.assert(
      fc.asyncProperty(accepted, async (input) => {
        if (input.holdings[0].history) histories++;
        expect(await errorCells(reportWizard.build(input, DATE))).toEqual([]);
      }),
      { numRuns: RUNS, seed: 1202 }
    );
    expect(histories).toBeGreaterThan(0); // the chart's data were among the draws
  }, 120000);

  test("what breaks a sheet is refused beside its field: 5e-324, 1e308, a funding rate of 2", () => {
    const input = reportWizard.sample();
    input.holdings[0].quantity = 5e-324; // a book worth 0: coverage ÷ 0
    input.venues[0].balance = 5e-324; // usage ÷ 0 (or Infinity)
    input.positions[0].fundingRates![0] = 2;
    input.positions[2].size = 1e308;
    expect(reportWizard.validate(input).map((e) => e.field)).toEqual([
      "holdings.0.quantity",
      "positions.0.fundingRates",
      "positions.2.size",
      "venues.0.balance",
    ]);
  });
});
