/**
 * The four plans applied to the in-memory engine (HyperFormula with the built ALTHEDGE functions
 * registered, test/helpers/engine), their numbers compared with an independent computation from the
 * inputs in this file, and then edited the way a user would, to see that the sheet stays live. Each
 * workbook holds the Policy sheet first (the policy wizard's plan with DEFAULT_POLICY,
 * test/helpers/policy), whose names the sheets read.
 */
import {
  WIZARDS,
  isoToSerial,
  type EffectivenessInput,
  type ExposureInput,
  type MarginInput,
  type RolloverInput,
} from "../../src/templates";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { a1, type CellValue, type SheetPlan } from "../../src/templates/plan";
import { DEFAULT_POLICY, engineWithPolicy, typeLimit } from "../helpers/policy";
import { rowOf, tableColumn } from "./planChecks";

const DATE = "2026-11-24";
const [exposure, rollover, margin, effectiveness] = WIZARDS;

/** A plan written into a fresh engine workbook, read and edited by A1 address. */
class Applied {
  constructor(
    readonly wb: EngineWorkbook,
    readonly sheet: string,
    readonly plan: SheetPlan
  ) {}

  static async of(plan: SheetPlan): Promise<Applied> {
    const wb = await engineWithPolicy();
    const { sheet } = await wb.applyPlan(plan);
    return new Applied(wb, sheet, plan);
  }

  get(address: string): CellValue {
    return this.wb.valueAt(this.sheet, address);
  }

  at(row: number, col: number): CellValue {
    return this.get(a1(row, col));
  }

  num(row: number, col: number): number {
    const value = this.at(row, col);
    if (typeof value !== "number") throw new Error(`${a1(row, col)} is ${JSON.stringify(value)}`);
    return value;
  }

  /** The error message a cell shows, for cells expected to be errors. */
  message(row: number, col: number): string {
    const cell = this.wb.value(this.wb.sheetId(this.sheet), row, col);
    return cell !== null && typeof cell === "object" ? `${cell.error} ${cell.message}` : "";
  }

  /** Types into a cell, as a user would. */
  type(row: number, col: number, text: string): void {
    this.wb.setContents(this.wb.sheetId(this.sheet), row, col, text);
  }

  /** A table column's values, top to bottom. */
  column(table: string, header: string): CellValue[] {
    const { col, first, last } = tableColumn(this.plan, table, header);
    return Array.from({ length: last - first + 1 }, (_, i) => this.at(first + i, col));
  }

  /** The value next to a label in column A. */
  labelled(label: string): CellValue {
    return this.at(rowOf(this.plan, label), 1);
  }
}

/** Relative closeness for numbers of any size (contracts, notionals, ratios). */
function expectClose(actual: unknown, expected: number, relative = 1e-12): void {
  expect(typeof actual).toBe("number");
  const scale = Math.max(1, Math.abs(expected));
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(relative * scale);
}

function expectAllClose(actual: unknown[], expected: number[], relative = 1e-12): void {
  expect(actual).toHaveLength(expected.length);
  expected.forEach((value, i) => expectClose(actual[i], value, relative));
}

const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);
const mean = (values: number[]): number => sum(values) / values.length;
/** Sample covariance (n − 1); the ratios below do not depend on the divisor. */
function cov(x: number[], y: number[]): number {
  const mx = mean(x);
  const my = mean(y);
  return sum(x.map((v, i) => (v - mx) * (y[i] - my))) / (x.length - 1);
}
const variance = (x: number[]): number => cov(x, x);
const correl = (x: number[], y: number[]): number =>
  cov(x, y) / Math.sqrt(variance(x) * variance(y));
/** Largest fall from a running peak, as a share of the peak. */
function maxDrawdown(values: number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const value of values) {
    peak = Math.max(peak, value);
    if (peak > 0) worst = Math.max(worst, (peak - value) / peak);
  }
  return worst;
}
const running = (start: number, changes: number[]): number[] => {
  const values = [start];
  for (const change of changes) values.push(values[values.length - 1] + change);
  return values;
};

// ---------------------------------------------------------------------------------------------------

describe("exposure segmentation in the engine", () => {
  /** The spec's rules, from the inputs: days, tier, hedge notional and HEDGERATIO's contracts. */
  function expected(input: ExposureInput) {
    return input.holdings.map((h) => {
      const value = h.quantity * h.price;
      // DAYSTOLIQUIDATE: |value| ÷ (participation × ADV).
      const days = value / (input.participation * h.adv);
      // LIQUIDITYTIER: days ≤ first boundary → first tier, and so on; beyond the last → the last tier.
      let tierIndex = input.tierDays.findIndex((bound) => days <= bound);
      if (tierIndex < 0) tierIndex = input.tierDays.length;
      const tier = input.tiers[tierIndex];
      const proxy = input.proxies.find((p) => p.instrument === tier.proxy)!;
      // The benchmark's beta converted to the proxy's: β(token, BTC) ÷ β(proxy, BTC), blank beta 1.
      const hedgeNotional = (value * (h.beta ?? 1)) / proxy.beta;
      // HEDGERATIO: exposure ÷ contract notional × hedge effectiveness (the seed's hedge ratio), the
      // contract notional from the proxy's mark price × contract size.
      const contracts = (hedgeNotional / (proxy.mark * proxy.contractSize)) * tier.effectiveness;
      return { value, days, tier: tier.label, proxy: tier.proxy, hedgeNotional, contracts };
    });
  }

  test("every holding's value, weight, days, tier, proxy, hedge notional and contracts", async () => {
    const input = exposure.sample();
    const sheet = await Applied.of(exposure.build(input, DATE));
    const rows = expected(input);
    const total = sum(rows.map((r) => r.value));
    expectAllClose(
      sheet.column("Holdings", "Value"),
      rows.map((r) => r.value)
    );
    expectAllClose(
      sheet.column("Holdings", "Weight"),
      rows.map((r) => r.value / total)
    );
    expectAllClose(
      sheet.column("Holdings", "Days to liquidate"),
      rows.map((r) => r.days)
    );
    expect(sheet.column("Holdings", "Tier")).toEqual(rows.map((r) => r.tier));
    expect(sheet.column("Holdings", "Proxy")).toEqual(rows.map((r) => r.proxy));
    expectAllClose(
      sheet.column("Holdings", "Hedge notional"),
      rows.map((r) => r.hedgeNotional)
    );
    expectAllClose(
      sheet.column("Holdings", "Contracts"),
      rows.map((r) => r.contracts)
    );
    // The sample spreads over all three tiers, so every branch above is exercised.
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(["High", "Medium", "Low"]));
  });

  test("the summaries by tier and by proxy add up the holdings", async () => {
    const input = exposure.sample();
    const sheet = await Applied.of(exposure.build(input, DATE));
    const rows = expected(input);
    const total = sum(rows.map((r) => r.value));
    const byTier = (
      label: string,
      pick: (r: (typeof rows)[number]) => number,
      lockedOnly = false
    ) =>
      sum(
        rows
          .filter((r, i) => r.tier === label && (!lockedOnly || input.holdings[i].locked))
          .map(pick)
      );
    const labels = input.tiers.map((t) => t.label);
    expect(sheet.column("ByTier", "Tier")).toEqual(labels);
    expectAllClose(
      sheet.column("ByTier", "Value"),
      labels.map((l) => byTier(l, (r) => r.value))
    );
    expectAllClose(
      sheet.column("ByTier", "Locked value"),
      labels.map((l) => byTier(l, (r) => r.value, true))
    );
    expectAllClose(
      sheet.column("ByTier", "Share"),
      labels.map((l) => byTier(l, (r) => r.value) / total)
    );
    expectAllClose(
      sheet.column("ByTier", "Contracts"),
      labels.map((l) => byTier(l, (r) => r.contracts))
    );

    // Two proxies: BTC-PERP for High, ETH-PERP for Medium and Low (the sample's tiers).
    const byProxy = (proxy: string) =>
      sum(rows.filter((r) => r.proxy === proxy).map((r) => r.contracts));
    expect(sheet.column("ByProxy", "Proxy")).toEqual(["BTC-PERP", "ETH-PERP"]);
    expectAllClose(sheet.column("ByProxy", "Contracts"), [
      byProxy("BTC-PERP"),
      byProxy("ETH-PERP"),
    ]);
    expect(sheet.column("ByProxy", "Contracts (whole)")).toEqual([
      Math.round(byProxy("BTC-PERP")),
      Math.round(byProxy("ETH-PERP")),
    ]);

    // Locked positions called out: JTO and EIGEN in the sample (both Low tier, on ETH-PERP), with
    // their contracts per instrument.
    const lockedRow = rowOf(sheet.plan, "Locked or staked positions") + 2;
    const locked = rows.filter((_, i) => input.holdings[i].locked);
    expect(sheet.num(lockedRow, 0)).toBe(2);
    expectClose(sheet.num(lockedRow, 1), sum(locked.map((r) => r.value)));
    expect(sheet.column("LockedByProxy", "Proxy")).toEqual(["BTC-PERP", "ETH-PERP"]);
    expectAllClose(
      sheet.column("LockedByProxy", "Contracts on locked positions"),
      ["BTC-PERP", "ETH-PERP"].map((p) =>
        sum(locked.filter((r) => r.proxy === p).map((r) => r.contracts))
      )
    );
  });

  test("edits recalculate: participation, a quantity, a beta, a tier's coverage", async () => {
    const input = exposure.sample();
    const sheet = await Applied.of(exposure.build(input, DATE));
    const participation = rowOf(sheet.plan, "Participation rate");
    sheet.type(participation, 1, "0.001");
    const quantity = tableColumn(sheet.plan, "Holdings", "Quantity");
    const beta = tableColumn(sheet.plan, "Holdings", "Beta to BTC");
    sheet.type(quantity.first, quantity.col, "25000"); // SOL ×10
    sheet.type(beta.first + 4, beta.col, "2"); // OP had no beta
    const effectiveness = tableColumn(sheet.plan, "Tiers", "Hedge effectiveness");
    sheet.type(effectiveness.first + 1, effectiveness.col, "0.5"); // Medium
    const edited: ExposureInput = {
      ...input,
      participation: 0.001,
      holdings: input.holdings.map((h, i) =>
        i === 0 ? { ...h, quantity: 25000 } : i === 4 ? { ...h, beta: 2 } : h
      ),
      tiers: input.tiers.map((t, i) => (i === 1 ? { ...t, effectiveness: 0.5 } : t)),
    };
    const rows = expected(edited);
    expect(sheet.column("Holdings", "Tier")).toEqual(rows.map((r) => r.tier));
    expectAllClose(
      sheet.column("Holdings", "Contracts"),
      rows.map((r) => r.contracts)
    );
    // At 0.1% participation SOL's tenfold position needs 4.5M ÷ (0.001 × 2.4B) = 1.875 days: Medium.
    expect(rows[0].tier).toBe("Medium");
    expect(expected(input)[0].tier).toBe("High");
  });
});

// ---------------------------------------------------------------------------------------------------

describe("rollover schedule in the engine", () => {
  /**
   * The split of docs/functions.md (ROLLSCHEDULE): whole lots as evenly as they go, larger clips first,
   * the rest below one lot on the last day. Worked in integer lots (and thousandths) to stay exact.
   */
  function split(contracts: number, days: number, lot: number): number[] {
    const scale = 1e6;
    const total = Math.round(contracts * scale);
    const step = Math.round(lot * scale);
    const lots = Math.floor(total / step);
    const rest = total - lots * step;
    const base = Math.floor(lots / days);
    const extra = lots - base * days;
    return Array.from({ length: days }, (_, i) => {
      const clip = (base + (i < extra ? 1 : 0)) * step + (i === days - 1 ? rest : 0);
      return clip / scale;
    });
  }

  test("the sample: 12.5 BTC in 6 days, lot 0.001 → 2.084, 2.084, then 2.083 × 4", async () => {
    const input = rollover.sample();
    const sheet = await Applied.of(rollover.build(input, DATE));
    // 12500 lots ÷ 6 days = 2083 lots a day and 2 days with one more (the rule above).
    const clips = [2.084, 2.084, 2.083, 2.083, 2.083, 2.083];
    expect(split(12.5, 6, 0.001)).toEqual(clips);
    expect(sheet.column("Schedule", "Clip")).toEqual(clips);
    // Cumulative and remaining, exact to the lot: Remaining ends at 0.
    expect(sheet.column("Schedule", "Cumulative")).toEqual([
      2.084, 4.168, 6.251, 8.334, 10.417, 12.5,
    ]);
    expect(sheet.column("Schedule", "Remaining")).toEqual([10.416, 8.332, 6.249, 4.166, 2.083, 0]);
    // One calendar day per row from the window's start (Excel serial 46370 = 2026-12-14).
    const start = isoToSerial(input.startDate);
    expect(start).toBe(46370);
    expect(sheet.column("Schedule", "Date")).toEqual([0, 1, 2, 3, 4, 5].map((d) => start + d));
  });

  test("roll yield for a short and ROLLSCHEDULE's own total", async () => {
    const input = rollover.sample();
    const sheet = await Applied.of(rollover.build(input, DATE));
    // ROLLYIELD: side × (near ÷ far − 1) × 365 ÷ days, side −1 for a short: (1500 ÷ 97900) × 365 ÷ 91.
    expectClose(sheet.labelled("Roll yield (annualised, this side)"), (1500 / 97900) * (365 / 91));
    expect(sheet.labelled("Rolled by the last day (ALTHEDGE.ROLLSCHEDULE)")).toBe(12.5);
    expect(sheet.labelled("Window check")).toBe("OK: the clips fit the window");
    // 12500 lots in clips of at most 2500 lots: 5 days.
    expect(sheet.labelled("Days the clip needs")).toBe(5);
  });

  test.each([
    // [contracts, lot, days, max clip]: the docs' examples and edge cases.
    [6.8, 1, 2, 4], // 3 + 3.8 (docs: lot 1)
    [6.8, 0.1, 2, 4], // 3.4 + 3.4 (docs: lot 0.1)
    [100, 1, 7, 15], // 15, 15, 14 × 5
    [0.5, 1, 3, 1], // no whole lot: 0, 0, 0.5
    [1000, 5, 9, 115], // 200 lots of 5 over 9 days
  ])(
    "%p contracts, lot %p, %p days: the native rows equal ALTHEDGE.ROLLSCHEDULE",
    async (contracts, lot, days, maxClip) => {
      const input: RolloverInput = { ...rollover.sample(), contracts, lotSize: lot, days, maxClip };
      expect(rollover.validate(input)).toEqual([]);
      const plan = rollover.build(input, DATE);
      const sheet = await Applied.of(plan);
      expectAllClose(sheet.column("Schedule", "Clip"), split(contracts, days, lot), 1e-15);
      expect(sheet.column("Schedule", "Remaining").at(-1)).toBe(0);
      // The function itself, spilled in another sheet of the same workbook, as the oracle.
      const oracle = sheet.wb.addSheetWithCells("Oracle", [
        [
          `=ALTHEDGE.ROLLSCHEDULE(${contracts},${isoToSerial(input.startDate)},${days},${maxClip},${lot})`,
        ],
      ]);
      for (let i = 0; i < days; i++) {
        expect(sheet.column("Schedule", "Clip")[i]).toBe(sheet.wb.value(oracle, i + 1, 1));
        expect(sheet.column("Schedule", "Date")[i]).toBe(sheet.wb.value(oracle, i + 1, 0));
      }
    }
  );

  test("the desk's entries: Done clips, fills and the slippage check", async () => {
    const sheet = await Applied.of(rollover.build(rollover.sample(), DATE));
    const status = tableColumn(sheet.plan, "Schedule", "Status");
    const executed = tableColumn(sheet.plan, "Schedule", "Executed price");
    sheet.type(status.first, status.col, "Done");
    sheet.type(status.first + 1, status.col, "Done");
    sheet.type(status.first + 2, status.col, "Skipped");
    sheet.type(executed.first, executed.col, "97700");
    sheet.type(executed.first + 1, executed.col, "97850");
    // Two clips of 2.084 done, one of 2.083 skipped.
    expectClose(sheet.labelled("Rolled so far"), 4.168);
    expectClose(sheet.labelled("Still to roll"), 12.5 - 4.168);
    expectClose(sheet.labelled("Skipped"), 2.083);
    // A short sells the far contract: selling 200 below 97,900 costs 200 ÷ 97,900 ≈ 0.204% > 0.2%.
    const slippage = sheet.column("Schedule", "Slippage");
    expectClose(slippage[0], 200 / 97900);
    expectClose(slippage[1], 50 / 97900);
    expect(slippage[2]).toBe("");
    expect(sheet.column("Schedule", "Check").slice(0, 3)).toEqual(["Above the limit", "OK", ""]);
  });

  test("shortening the window: the check names the days needed, ROLLSCHEDULE agrees", async () => {
    const sheet = await Applied.of(rollover.build(rollover.sample(), DATE));
    sheet.type(rowOf(sheet.plan, "Roll window (days)"), 1, "4");
    expect(sheet.labelled("Window check")).toBe(
      "12.5 contracts in clips of 2.5 need 5 days, the window has 4"
    );
    const check = rowOf(sheet.plan, "Rolled by the last day (ALTHEDGE.ROLLSCHEDULE)");
    expect(sheet.message(check, 1)).toMatch(/^#NUM! .*use at least 5 roll_days/);
    // 12500 lots over 4 days: 3.125 a day; the two days beyond the window are empty.
    expect(sheet.column("Schedule", "Clip")).toEqual([3.125, 3.125, 3.125, 3.125, "", ""]);
  });
});

// ---------------------------------------------------------------------------------------------------

describe("margin and collateral plan in the engine", () => {
  /**
   * docs/functions.md, MARGINBUFFER, LIQPRICE (linear) and COLLATERALNEEDED, for each venue, on the
   * quantities of taskpane.md section 3: notional at mark, margin balance with unrealised P&L.
   */
  function expected(input: MarginInput, policy = DEFAULT_POLICY) {
    return input.venues.map((v) => {
      const s = v.side === "long" ? 1 : -1;
      const cum = v.maintenanceAmount ?? 0;
      const credited = v.collateral * (1 - v.haircut);
      const notional = v.size * v.markPrice;
      const pnl = s * v.size * (v.markPrice - v.entryPrice);
      const balance = credited + pnl;
      const m = v.maintenanceRate;
      // move = (c − m) ÷ (1 + m) short, (c − m) ÷ (1 − m) long, c = (balance + amount) ÷ notional.
      const buffer = ((balance + cum) / notional - m) / (s < 0 ? 1 + m : 1 - m);
      // (C + cum − s·q·P0) ÷ (q·m − s·q) on the collateral after haircut.
      const liq = (credited + cum - s * v.size * v.entryPrice) / (v.size * m - s * v.size);
      // short N(x + m(1 + x)), long N(x + m(1 − x)), ÷ (1 − haircut), less what the position brings.
      const needed = (move: number) =>
        Math.max(
          0,
          (notional * (move + m * (1 + (s < 0 ? move : -move))) - pnl - cum) / (1 - v.haircut)
        );
      // The policy's levels (DEFAULT_POLICY: warning 30%, critical 15%) and maximum leverage (5×).
      const level =
        buffer < policy.bufferCritical
          ? "Critical"
          : buffer < policy.bufferWarning
            ? "Warning"
            : "OK";
      // Leverage = notional at mark ÷ margin balance (src/templates/policy.ts, maxLeverage); a
      // balance at most 1e-9 of the notional (leverage above 1e9×) is no margin (margin.ts).
      const leverage = balance > notional * 1e-9 ? notional / balance : "No margin left";
      const leverageCheck =
        typeof leverage === "number" && leverage <= policy.maxLeverage ? "OK" : "Above the maximum";
      return {
        credited,
        notional,
        balance,
        buffer,
        liq,
        needed,
        level,
        leverage,
        leverageCheck,
        collateral: v.collateral,
      };
    });
  }

  test("buffers, levels, liquidation prices and the top-up to warning, per venue", async () => {
    const input = margin.sample();
    const sheet = await Applied.of(margin.build(input, DATE));
    const rows = expected(input);
    expectAllClose(
      sheet.column("Venues", "Collateral after haircut"),
      rows.map((r) => r.credited)
    );
    expectAllClose(
      sheet.column("Venues", "Buffer"),
      rows.map((r) => r.buffer)
    );
    expect(sheet.column("Venues", "Level")).toEqual(rows.map((r) => r.level));
    // The sample shows two lights: one venue above warning, one below.
    expect(rows.map((r) => r.level)).toEqual(["OK", "Warning"]);
    expectAllClose(
      sheet.column("Venues", "Notional at mark"),
      rows.map((r) => r.notional)
    );
    expectAllClose(
      sheet.column("Venues", "Margin balance"),
      rows.map((r) => r.balance)
    );
    expectAllClose(
      sheet.column("Venues", "Liquidation price"),
      rows.map((r) => r.liq as number)
    );
    const warning = DEFAULT_POLICY.bufferWarning;
    expectAllClose(
      sheet.column("Venues", "Posted collateral for the warning buffer"),
      rows.map((r) => r.needed(warning))
    );
    expectAllClose(
      sheet.column("Venues", "Top-up to warning"),
      rows.map((r) => Math.max(0, r.needed(warning) - r.collateral))
    );
  });

  test("leverage per venue against the policy's maximum, and the count of breaches", async () => {
    const input = margin.sample();
    const sheet = await Applied.of(margin.build(input, DATE));
    const rows = expected(input);
    expectAllClose(
      sheet.column("Venues", "Leverage"),
      rows.map((r) => r.leverage as number)
    );
    // Exchange A: 1,500,000 ÷ (520,000 − 15 × 4,000) = 3.26×; Exchange B: 1,277,500 ÷
    // (260,000 × 0.9 − 350 × 50) = 5.90× > 5×.
    expect(sheet.column("Venues", "Leverage check")).toEqual(["OK", "Above the maximum"]);
    expect(rows.map((r) => r.leverageCheck)).toEqual(["OK", "Above the maximum"]);
    // One venue in Warning, one above the maximum leverage.
    expect(sheet.labelled("Policy breaches")).toBe(2);
    // A maximum of 6× on the Policy sheet clears the leverage breach on this sheet at once.
    typeLimit(sheet.wb, "maxLeverage", "6");
    expect(sheet.column("Venues", "Leverage check")).toEqual(["OK", "OK"]);
    expect(sheet.labelled("Policy breaches")).toBe(1);
  });

  test("MARGINBUFFER and COLLATERALNEEDED invert each other: holding the warning collateral gives the warning buffer", async () => {
    const input = margin.sample();
    const sheet = await Applied.of(margin.build(input, DATE));
    const needed = sheet.column("Venues", "Posted collateral for the warning buffer") as number[];
    const collateral = tableColumn(sheet.plan, "Venues", "Posted collateral");
    needed.forEach((value, i) => sheet.type(collateral.first + i, collateral.col, String(value)));
    const warning = DEFAULT_POLICY.bufferWarning;
    expectAllClose(sheet.column("Venues", "Buffer"), [warning, warning], 1e-12);
  });

  test("collateral needed and top-up for each stress move", async () => {
    const input = margin.sample();
    const plan = margin.build(input, DATE);
    const sheet = await Applied.of(plan);
    const rows = expected(input);
    const header = rowOf(plan, "Adverse stress moves") + 1;
    input.venues.forEach((_, i) => {
      input.stressMoves.forEach((move, k) => {
        const needed = rows[i].needed(move);
        expectClose(sheet.num(header + 1 + i, 1 + k), needed);
        expectClose(
          sheet.num(header + 1 + i, 1 + input.stressMoves.length + k),
          Math.max(0, needed - rows[i].collateral)
        );
      });
    });
    expect(sheet.at(header, 1)).toBe("Needed at 20%");
    // Editing a stress move relabels its column and recomputes it.
    sheet.type(header - 1, 1, "0.25");
    expect(sheet.at(header, 1)).toBe("Needed at 25%");
    expectClose(sheet.num(header + 1, 1), rows[0].needed(0.25));
  });

  test("cutting collateral turns the light red; raising the policy's warning level raises the top-up", async () => {
    const input = margin.sample();
    const sheet = await Applied.of(margin.build(input, DATE));
    const collateral = tableColumn(sheet.plan, "Venues", "Posted collateral");
    sheet.type(collateral.first, collateral.col, "200000");
    // The warning level is the Policy's: typed there, it reaches this sheet through its name.
    typeLimit(sheet.wb, "bufferWarning", "0.4");
    expect(sheet.labelled("Margin buffer: warning below")).toBe(0.4);
    const edited: MarginInput = {
      ...input,
      venues: input.venues.map((v, i) => (i === 0 ? { ...v, collateral: 200000 } : v)),
    };
    const rows = expected(edited, { ...DEFAULT_POLICY, bufferWarning: 0.4 });
    // Balance 200,000 − 15 × (100,000 − 96,000) = 140,000 on a notional of 1,500,000: 0.0933;
    // (0.0933 − 0.005) ÷ 1.005 ≈ 8.8% < 15%.
    expect(rows[0].level).toBe("Critical");
    expect(sheet.column("Venues", "Level")).toEqual(rows.map((r) => r.level));
    expectAllClose(
      sheet.column("Venues", "Top-up to warning"),
      rows.map((r) => Math.max(0, r.needed(0.4) - r.collateral))
    );
    expect(sheet.column("Escalation", "Trigger")[0]).toBe("Buffer below 40%");
  });
});

// ---------------------------------------------------------------------------------------------------

describe("effectiveness review in the engine", () => {
  /** The measures of docs/functions.md from the changes, with plain float arithmetic. */
  function expected(input: EffectivenessInput, start: number) {
    const item = input.itemChanges;
    const hedge = input.hedgeChanges;
    const hedged = item.map((v, i) => v + hedge[i]);
    return {
      // −Σhedge ÷ Σitem
      dollarOffset: -sum(hedge) / sum(item),
      // regression slope of the hedge on the item: Cov ÷ Var(item) (HEDGETEST's example)
      slope: cov(item, hedge) / variance(item),
      r2: correl(item, hedge) ** 2,
      // 1 − Var(item + hedge) ÷ Var(item)
      varianceReduction: 1 - variance(hedged) / variance(item),
      correlation: correl(item, hedge),
      // minimum-variance multiple of the hedge held: −Cov(item, hedge) ÷ Var(hedge)
      hedgeRatio: -cov(item, hedge) / variance(hedge),
      // STDEV.S(item + hedge) × √365
      trackingError: Math.sqrt(variance(hedged)) * Math.sqrt(365),
      ddUnhedged: maxDrawdown(running(start, item)),
      ddHedged: maxDrawdown(running(start, hedged)),
    };
  }

  test("the results table against the same measures computed here", async () => {
    const input = effectiveness.sample();
    const sheet = await Applied.of(effectiveness.build(input, DATE));
    const e = expected(input, input.startValue!);
    // Statistics are float64 two-pass in the functions: agree to 1e-9 relative.
    expectClose(sheet.labelled("Dollar offset"), e.dollarOffset, 1e-9);
    expectClose(sheet.labelled("Regression slope"), e.slope, 1e-9);
    expectClose(sheet.labelled("R squared"), e.r2, 1e-9);
    expectClose(sheet.labelled("Variance reduction"), e.varianceReduction, 1e-9);
    expectClose(sheet.labelled("Headline measure"), e.varianceReduction, 1e-9); // method "variance"
    expectClose(sheet.labelled("Correlation"), e.correlation, 1e-9);
    expectClose(sheet.labelled("Hedge ratio (× current hedge)"), e.hedgeRatio, 1e-9);
    expectClose(sheet.labelled("Tracking error (annualised)"), e.trackingError, 1e-9);
    expectClose(sheet.labelled("Max drawdown, unhedged"), e.ddUnhedged, 1e-9);
    expectClose(sheet.labelled("Max drawdown, hedged"), e.ddHedged, 1e-9);
    expectClose(sheet.labelled("Drawdown reduction"), 1 - e.ddHedged / e.ddUnhedged, 1e-9);
    // The 80–125% test: all three pass for the sample, so both assessments say Effective.
    const passes =
      e.dollarOffset >= 0.8 &&
      e.dollarOffset <= 1.25 &&
      e.slope >= -1.25 &&
      e.slope <= -0.8 &&
      e.r2 >= 0.8;
    expect(passes).toBe(true);
    expect(sheet.labelled("Assessment")).toBe("Effective");
    expect(sheet.labelled("Assessment by ALTHEDGE.HEDGETEST")).toBe("Effective");
  });

  test("rolling correlation and hedge ratio over each window of 20", async () => {
    const input = effectiveness.sample();
    const sheet = await Applied.of(effectiveness.build(input, DATE));
    const w = input.window;
    const windows = input.itemChanges.length - w + 1;
    const slice = (series: number[], k: number) => series.slice(k, k + w);
    const correlations = Array.from({ length: windows }, (_, k) =>
      correl(slice(input.itemChanges, k), slice(input.hedgeChanges, k))
    );
    const ratios = Array.from({ length: windows }, (_, k) => {
      const item = slice(input.itemChanges, k);
      const hedge = slice(input.hedgeChanges, k);
      return -cov(item, hedge) / variance(hedge);
    });
    expectAllClose(sheet.column("Rolling", "Rolling correlation"), correlations, 1e-9);
    expectAllClose(sheet.column("Rolling", "Rolling hedge ratio"), ratios, 1e-9);
    // Each window is labelled with the date of its last change: the 20th date for the first window.
    expect(sheet.column("Rolling", "Window ending")[0]).toBe(isoToSerial(input.dates![w - 1]));
  });

  test("edits: tighter thresholds fail the test; pasted data recompute the measures", async () => {
    const input = effectiveness.sample();
    const sheet = await Applied.of(effectiveness.build(input, DATE));
    const e = expected(input, input.startValue!);
    // The sample's dollar offset is about 0.83: a lower bound of 0.9 fails it.
    expect(e.dollarOffset).toBeLessThan(0.9);
    sheet.type(rowOf(sheet.plan, "Dollar offset from"), 1, "0.9");
    expect(sheet.at(rowOf(sheet.plan, "Dollar offset"), 2)).toBe("Fail");
    expect(sheet.labelled("Assessment")).toBe("Not effective");
    // HEDGETEST keeps its fixed 80–125% range.
    expect(sheet.labelled("Assessment by ALTHEDGE.HEDGETEST")).toBe("Effective");

    const item = tableColumn(sheet.plan, "Periods", "Item change");
    sheet.type(item.first + 1, item.col, "-500000");
    const edited = { ...input, itemChanges: [-500000, ...input.itemChanges.slice(1)] };
    const e2 = expected(edited, input.startValue!);
    expectClose(sheet.labelled("Dollar offset"), e2.dollarOffset, 1e-9);
    expectClose(sheet.labelled("Max drawdown, unhedged"), e2.ddUnhedged, 1e-9);
    expectClose(
      sheet.column("Rolling", "Rolling correlation")[0],
      correl(edited.itemChanges.slice(0, 20), input.hedgeChanges.slice(0, 20)),
      1e-9
    );
  });

  test("price mode: changes from prices and a short hedge of 0.1 units per unit", async () => {
    const prices = {
      item: [10, 11, 10.5, 12, 11.5, 11],
      hedge: [100, 108, 104, 118, 112, 109],
      hedgeRatio: 0.1,
    };
    const input: EffectivenessInput = { itemChanges: [], hedgeChanges: [], window: 3, prices };
    const sheet = await Applied.of(effectiveness.build(input, DATE));
    // item change = ΔP; hedge change = −0.1 × ΔH (a short gains when the hedge falls).
    const item = prices.item.slice(1).map((p, i) => p - prices.item[i]);
    const hedge = prices.hedge.slice(1).map((p, i) => -0.1 * (p - prices.hedge[i]));
    expectAllClose(sheet.column("Periods", "Item change").slice(1), item, 1e-12);
    expectAllClose(sheet.column("Periods", "Hedge change").slice(1), hedge, 1e-12);
    // Values start at the first item price (defaultStartValue) and follow the changes.
    expectAllClose(sheet.column("Periods", "Unhedged value"), running(10, item), 1e-12);
    const e = expected({ ...input, itemChanges: item, hedgeChanges: hedge }, 10);
    expectClose(sheet.labelled("Dollar offset"), e.dollarOffset, 1e-9);
    expectClose(sheet.labelled("Drawdown reduction"), 1 - e.ddHedged / e.ddUnhedged, 1e-9);
  });
});
