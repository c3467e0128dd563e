/**
 * Policy and limits (spec/taskpane.md §8, issue 13): the Policy sheet's plan, its wizard's validation
 * and log lines, and the four templates reading the policy's names and counting breaches, computed in
 * the engine (HyperFormula with the built ALTHEDGE functions) and compared with the arithmetic written
 * here from the inputs. Every expected number says where it comes from.
 */
import { WIZARDS, type ExposureInput } from "../../src/templates";
import { a1, type CellValue, type SheetPlan } from "../../src/templates/plan";
import {
  DEFAULT_POLICY,
  POLICY_LIMITS,
  buildPolicy,
  describeChanges,
  logPolicy,
  policyCell,
  policyChanges,
  policyNamesIn,
  policyWizard,
  validatePolicy,
  type PolicyLimits,
} from "../../src/templates/policy";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { engineWithPolicy, typeLimit } from "../helpers/policy";
import { cellAt, rowOf, structuralProblems, tableColumn } from "./planChecks";

const DATE = "2026-11-24";
const [exposure, rollover, margin, effectiveness] = WIZARDS;

/** A plan written into `wb`, read by label and table column. */
async function written(wb: EngineWorkbook, plan: SheetPlan) {
  const { sheet } = await wb.applyPlan(plan);
  const at = (row: number, col: number): CellValue => wb.valueAt(sheet, a1(row, col));
  return {
    sheet,
    at,
    labelled: (label: string): CellValue => at(rowOf(plan, label), 1),
    column: (table: string, header: string): CellValue[] => {
      const { col, first, last } = tableColumn(plan, table, header);
      return Array.from({ length: last - first + 1 }, (_, i) => at(first + i, col));
    },
  };
}

const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);

function expectClose(actual: CellValue, expected: number, relative = 1e-12): void {
  expect(typeof actual).toBe("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(
    relative * Math.max(1, Math.abs(expected))
  );
}

// ---------------------------------------------------------------------------------------------------

describe("the Policy sheet", () => {
  test("one limit per row: label, the value in a named cell, unit, check, name, meaning", () => {
    const plan = buildPolicy(DEFAULT_POLICY);
    expect(plan.name).toBe("Policy");
    expect(structuralProblems(plan)).toEqual([]);
    expect(plan.names).toEqual(
      POLICY_LIMITS.map((limit, i) => ({
        name: limit.name,
        cell: `B${6 + i}`,
        comment: limit.meaning,
      }))
    );
    POLICY_LIMITS.forEach((limit, i) => {
      const row = 5 + i;
      expect(cellAt(plan, a1(row, 0)).value).toBe(limit.label);
      expect(cellAt(plan, a1(row, 1))).toMatchObject({
        value: DEFAULT_POLICY[limit.key],
        format: limit.format,
        style: "input",
      });
      expect(cellAt(plan, a1(row, 4)).value).toBe(limit.name);
      expect(policyCell(limit.key)).toBe(`B${6 + i}`);
    });
    // The seven names of the contract, in its order.
    expect(plan.names!.map((n) => n.name)).toEqual([
      "AltHedge_LossLimit",
      "AltHedge_BufferWarning",
      "AltHedge_BufferCritical",
      "AltHedge_CoverageLow",
      "AltHedge_CoverageHigh",
      "AltHedge_MaxLeverage",
      "AltHedge_MaxPosition",
    ]);
  });

  test("each limit's check follows what is typed on the sheet", async () => {
    const wb = await engineWithPolicy();
    const check = (row: number): CellValue => wb.valueAt("Policy", `D${row}`);
    expect([6, 7, 8, 9, 10, 11, 12].map(check)).toEqual(Array(7).fill("OK"));
    typeLimit(wb, "lossLimit", "150%");
    expect(check(6)).toBe("Must be greater than 0% and at most 100%");
    typeLimit(wb, "bufferCritical", "0.35"); // above the warning level's 30%
    expect(check(8)).toBe("Must be below the warning level");
    typeLimit(wb, "coverageHigh", "0.5"); // below the band's low end of 60%
    expect(check(10)).toBe("Must be above the band's low end");
    typeLimit(wb, "maxLeverage", "abc");
    expect(check(11)).toBe("Must be greater than 0× and at most 200×");
    typeLimit(wb, "coverageLow", "0");
    expect(check(9)).toBe("OK"); // the band may start at 0 (minInclusive)
  });

  test("the wizard: its sample is the defaults, one sheet named Policy", () => {
    expect(policyWizard.sample()).toEqual(DEFAULT_POLICY);
    expect(policyWizard.build(DEFAULT_POLICY, DATE).name).toBe("Policy");
    expect(policyWizard.validate(DEFAULT_POLICY)).toEqual([]);
  });

  test("validation beside the field: bounds in the limit's unit, critical < warning, low < high", () => {
    const input: PolicyLimits = {
      ...DEFAULT_POLICY,
      lossLimit: 1.5,
      bufferCritical: 0.3,
      coverageHigh: 0.6,
      maxLeverage: 0,
      maxPosition: NaN,
    };
    expect(validatePolicy(input)).toEqual([
      {
        field: "lossLimit",
        message: "Loss limit in stress must be greater than 0% and at most 100%, got 150%",
      },
      {
        field: "maxLeverage",
        message: "Maximum leverage per venue must be greater than 0× and at most 200×, got 0×",
      },
      { field: "maxPosition", message: "Maximum position per instrument must be a number" },
      {
        field: "bufferCritical",
        message: "The critical buffer must be below the warning buffer: 30% is not below 30%",
      },
      {
        field: "coverageHigh",
        message: "The coverage band's high end must be above its low end: 60% is not above 60%",
      },
    ]);
    expect(validatePolicy({ ...DEFAULT_POLICY, maxPosition: 2e13 })).toEqual([
      {
        field: "maxPosition",
        message:
          "Maximum position per instrument must be greater than 0 and at most 1e13, got 2e13",
      },
    ]);
    // A half-filled form: messages, not an exception.
    expect(validatePolicy({} as PolicyLimits).map((e) => e.field)).toEqual(
      POLICY_LIMITS.map((l) => l.key)
    );
  });

  test("log lines: the whole policy on first use, each change old → new afterwards", () => {
    expect(logPolicy(DEFAULT_POLICY)).toBe(
      "Loss limit in stress 10%; Margin buffer: warning below 30%; Margin buffer: critical below 15%; Coverage band: low 60%; Coverage band: high 100%; Maximum leverage per venue 5×; Maximum position per instrument 5,000,000"
    );
    const current = { ...DEFAULT_POLICY, maxPosition: 4_000_000 };
    const changes = policyChanges(current, { ...DEFAULT_POLICY, lossLimit: 0.08 });
    expect(changes.map((c) => [c.name, c.from, c.to])).toEqual([
      ["AltHedge_LossLimit", 0.1, 0.08],
      ["AltHedge_MaxPosition", 4_000_000, 5_000_000],
    ]);
    expect(describeChanges(changes)).toBe(
      "Loss limit in stress 10% → 8%; Maximum position per instrument 4,000,000 → 5,000,000"
    );
    expect(policyChanges(DEFAULT_POLICY, DEFAULT_POLICY)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("the templates read the policy's names", () => {
  test("each sheet reads the limits it checks, and no copy of its own", () => {
    const names = (w: (typeof WIZARDS)[number]) =>
      policyNamesIn((w as typeof exposure).build((w as typeof exposure).sample(), DATE));
    expect(names(exposure)).toEqual([
      "AltHedge_CoverageLow",
      "AltHedge_CoverageHigh",
      "AltHedge_MaxPosition",
    ]);
    expect(names(rollover)).toEqual(["AltHedge_MaxPosition"]);
    expect(names(margin)).toEqual([
      "AltHedge_BufferWarning",
      "AltHedge_BufferCritical",
      "AltHedge_MaxLeverage",
    ]);
    expect(names(effectiveness)).toEqual(["AltHedge_CoverageLow", "AltHedge_CoverageHigh"]);
    // The Policy sheet defines the names and reads none.
    expect(policyNamesIn(buildPolicy(DEFAULT_POLICY))).toEqual([]);
  });

  test("exposure: position per instrument against the maximum, coverage against the band", async () => {
    const wb = await engineWithPolicy();
    const input: ExposureInput = exposure.sample();
    const sheet = await written(wb, exposure.build(input, DATE));
    // From the inputs: tier by days to liquidate (value ÷ (participation × ADV) against 1 and 5),
    // hedge notional = value × beta ÷ the proxy's beta, contracts = hedge notional ÷ (mark × size) ×
    // the tier's effectiveness; the position = contracts × mark × size = hedge notional × effectiveness.
    const rows = input.holdings.map((h) => {
      const value = h.quantity * h.price;
      const days = value / (input.participation * h.adv);
      const tier = days <= 1 ? 0 : days <= 5 ? 1 : 2;
      const proxy = input.proxies.find((p) => p.instrument === input.tiers[tier].proxy)!;
      const beta = h.beta ?? 1;
      const hedgeNotional = (value * beta) / proxy.beta;
      return { proxy, value, beta, hedgeNotional, eff: input.tiers[tier].effectiveness };
    });
    const positions = input.proxies.map((p) =>
      sum(
        rows
          .filter((r) => r.proxy === p)
          .map(
            (r) => (r.hedgeNotional / (p.mark * p.contractSize)) * r.eff * p.mark * p.contractSize
          )
      )
    );
    sheet.column("ByProxy", "Position notional").forEach((v, i) => expectClose(v, positions[i]));
    // Coverage in BTC terms: Σ value × beta × effectiveness ÷ Σ value × beta.
    const coverage =
      sum(rows.map((r) => r.value * r.beta * r.eff)) / sum(rows.map((r) => r.value * r.beta));
    expectClose(sheet.labelled("Coverage"), coverage);
    // 73.5%: inside the default band of 60%–100%, and both positions below 5,000,000.
    expect(coverage).toBeGreaterThan(0.6);
    expect(Math.max(...positions)).toBeLessThan(5_000_000);
    expect(sheet.labelled("Coverage check")).toBe("Within the band");
    expect(sheet.labelled("Policy breaches")).toBe(0);

    // A maximum position between the two instruments' positions flags the larger one only.
    const between = Math.round((positions[0] + positions[1]) / 2);
    typeLimit(wb, "maxPosition", String(between));
    const flags = positions.map((p) => (p > between ? "Above the maximum" : "OK"));
    expect(sheet.column("ByProxy", "Position check")).toEqual(flags);
    expect(flags.filter((f) => f !== "OK")).toHaveLength(1);
    expect(sheet.labelled("Policy breaches")).toBe(1);
    // A band starting above the coverage adds the coverage breach.
    typeLimit(wb, "coverageLow", String(Math.ceil(coverage * 100) / 100 + 0.01));
    expect(sheet.labelled("Coverage check")).toBe("Below the band");
    expect(sheet.labelled("Policy breaches")).toBe(2);
  });

  test("rollover: the position after the roll against the maximum position", async () => {
    const wb = await engineWithPolicy();
    const input = rollover.sample();
    const sheet = await written(wb, rollover.build(input, DATE));
    // 12.5 contracts × 1 coin × 97,900 far = 1,223,750.
    expect(sheet.labelled("Position after the roll (notional)")).toBe(12.5 * 1 * 97900);
    expect(sheet.labelled("Position check")).toBe("OK");
    expect(sheet.labelled("Policy breaches")).toBe(0);
    typeLimit(wb, "maxPosition", "1000000");
    expect(sheet.labelled("Position check")).toBe("Above the maximum");
    expect(sheet.labelled("Policy breaches")).toBe(1);
    // A contract of 0.01 coin: 12.5 × 0.01 × 97,900 = 12,237.5, within 1,000,000.
    const small = await written(wb, rollover.build({ ...input, contractSize: 0.01 }, DATE));
    expectClose(small.labelled("Position after the roll (notional)"), 12.5 * 0.01 * 97900);
    expect(small.labelled("Policy breaches")).toBe(0);
  });

  test("effectiveness: the coverage the changes show against the band", async () => {
    const wb = await engineWithPolicy();
    const input = effectiveness.sample();
    const sheet = await written(wb, effectiveness.build(input, DATE));
    // Coverage = 1 ÷ the minimum-variance multiple of the hedge held = −Var(hedge) ÷ Cov(item,
    // hedge) (sample moments; the divisor cancels).
    const x = input.itemChanges;
    const h = input.hedgeChanges;
    const mean = (v: number[]) => sum(v) / v.length;
    const cov = (a: number[], b: number[]) =>
      sum(a.map((v, i) => (v - mean(a)) * (b[i] - mean(b)))) / (a.length - 1);
    const coverage = -cov(h, h) / cov(x, h);
    expectClose(sheet.labelled("Coverage shown by the changes"), coverage, 1e-10);
    // The sample hedges a book of beta 1.2 with 1.1 × its value in BTC: about 1.1 ÷ 1.2 = 0.917.
    expect(coverage).toBeGreaterThan(0.85);
    expect(coverage).toBeLessThan(1);
    expect(sheet.labelled("Coverage check")).toBe("Within the band");
    expect(sheet.labelled("Policy breaches")).toBe(0);
    typeLimit(wb, "coverageHigh", "0.8");
    expect(sheet.labelled("Coverage check")).toBe("Above the band");
    expect(sheet.labelled("Policy breaches")).toBe(1);
  });

  test("one workbook, four sheets: limits typed on the Policy sheet re-flag every sheet", async () => {
    const wb = await engineWithPolicy();
    const sheets: Awaited<ReturnType<typeof written>>[] = [];
    for (const w of [exposure, rollover, margin, effectiveness]) {
      const wizard = w as typeof exposure;
      sheets.push(await written(wb, wizard.build(wizard.sample(), DATE)));
    }
    const breaches = () => sheets.map((s) => s.labelled("Policy breaches"));
    // Defaults: margin has one venue in Warning and one above 5× (engine.test.ts); the others none.
    expect(breaches()).toEqual([0, 0, 2, 0]);
    // Each number below is the sheet's own test above, now in one workbook.
    typeLimit(wb, "maxPosition", "1000000"); // exposure's ETH and BTC positions, rollover's 1,223,750
    typeLimit(wb, "maxLeverage", "6"); // margin's 5.90× now within
    typeLimit(wb, "coverageHigh", "0.7"); // effectiveness's 0.92 and exposure's 0.73 above it
    const after = breaches();
    after.forEach((count, i) => expect(count).not.toBe([0, 0, 2, 0][i]));
    expect(after[1]).toBe(1);
    expect(after[2]).toBe(1);
    expect(after[3]).toBe(1);
  });
});
