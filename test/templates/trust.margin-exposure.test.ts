/**
 * Issue 11, scenarios 2–4, in the engine (HyperFormula with the built ALTHEDGE functions): the margin
 * plan's buffer and liquidation price agree for random positions; the exposure sheet never adds
 * contracts of two instruments, converts a BTC beta for an ETH hedge, prices contracts from the proxy
 * table; and the sample book's Book sheet and an exposure sheet written from that book agree on the
 * contracts per instrument. Each workbook holds the Policy sheet (test/helpers/policy), whose names the
 * sheets read: the defaults, or the sample book's own Policy sheet and names.
 */
import fs from "fs";
import path from "path";
import {
  HOLDING_COLUMNS,
  WIZARDS,
  fromRows,
  guessColumns,
  type ExposureInput,
  type MarginInput,
  type MarginVenue,
} from "../../src/templates";
import { a1, type CellValue, type SheetPlan } from "../../src/templates/plan";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { engineWorkbook } from "../helpers/engine";
import { DEFAULT_POLICY, engineWithPolicy } from "../helpers/policy";
import { tableColumn } from "./planChecks";
import { mulberry32 } from "../helpers/numeric";

const DATE = "2026-11-24";
const [exposure, , margin] = WIZARDS;

async function written(plan: SheetPlan, given?: EngineWorkbook) {
  const wb = given ?? (await engineWithPolicy());
  const { sheet } = await wb.applyPlan(plan);
  const at = (row: number, col: number): CellValue => wb.valueAt(sheet, a1(row, col));
  const column = (table: string, header: string): CellValue[] => {
    const { col, first, last } = tableColumn(plan, table, header);
    return Array.from({ length: last - first + 1 }, (_, i) => at(first + i, col));
  };
  return { wb, sheet, at, column };
}

const numbers = (values: CellValue[]): number[] =>
  values.map((v) => {
    if (typeof v !== "number") throw new Error(`not a number: ${JSON.stringify(v)}`);
    return v;
  });

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

// ---------------------------------------------------------------------------------------------------
// Scenario 2: the margin plan

describe("margin plan: buffer and liquidation price agree", () => {
  test("the issue's position: short 15 BTC at 96,000, mark 100,000, 520,000 posted", async () => {
    const input = margin.sample();
    const sheet = await written(margin.build(input, DATE));
    // Margin balance = 520,000 − 15 × (100,000 − 96,000) = 460,000 on a notional of 1,500,000.
    expect(sheet.column("Venues", "Notional at mark")[0]).toBe(1_500_000);
    expect(sheet.column("Venues", "Margin balance")[0]).toBe(460_000);
    // MARGINBUFFER (short): (460,000 ÷ 1,500,000 − 0.005) ÷ 1.005 = 0.30016583…, not the 34.00% the
    // old sheet showed from the collateral alone.
    const buffer = sheet.column("Venues", "Buffer")[0] as number;
    expect(buffer).toBeCloseTo((460_000 / 1_500_000 - 0.005) / 1.005, 14);
    // LIQPRICE (short): (520,000 + 15 × 96,000) ÷ (15 × 1.005) = 130,016.58…, 30.02% above the mark.
    const liq = sheet.column("Venues", "Liquidation price")[0] as number;
    expect(liq).toBeCloseTo(1_960_000 / 15.075, 8);
    expect(relative(liq, 100_000 * (1 + buffer))).toBeLessThan(1e-12);
  });

  test("random linear positions, both sides: liquidation price = mark × (1 − side × buffer) to 1e-9", async () => {
    const rand = mulberry32(20261211);
    const uniform = (lo: number, hi: number) => lo + (hi - lo) * rand();
    const venues: MarginVenue[] = Array.from({ length: 60 }, (_, i) => {
      const side = rand() < 0.5 ? "long" : "short";
      const entryPrice = Number((10 ** uniform(-2, 5)).toPrecision(6));
      const markPrice = Number((entryPrice * uniform(0.85, 1.15)).toPrecision(6));
      const size = Number((10 ** uniform(-3, 6) / entryPrice).toPrecision(5));
      const haircut = rand() < 0.5 ? 0 : Number(uniform(0, 0.3).toFixed(3));
      const maintenanceRate = Number(uniform(0.002, 0.05).toFixed(4));
      // Leverage from 1.1x to 50x at entry, after the haircut; a long keeps some leverage so that a
      // liquidation price exists (a long covered in full has none: the sheet says so in words).
      const share = side === "long" ? uniform(0.02, 0.85) : uniform(0.02, 0.9);
      const collateral = Number(((share * size * entryPrice) / (1 - haircut)).toPrecision(8));
      const maintenanceAmount =
        rand() < 0.5 ? 0 : Number((uniform(0, 0.004) * size * entryPrice).toPrecision(6));
      return {
        venue: `Venue ${i + 1}`,
        instrument: "X-PERP",
        side,
        size,
        entryPrice,
        markPrice,
        collateral,
        haircut,
        maintenanceRate,
        maintenanceAmount,
      };
    });
    const input: MarginInput = { ...margin.sample(), venues, stressMoves: [0.2, 0.4, 0.6] };
    expect(margin.validate(input)).toEqual([]);
    const sheet = await written(margin.build(input, DATE));
    const buffers = numbers(sheet.column("Venues", "Buffer"));
    const liqs = numbers(sheet.column("Venues", "Liquidation price"));
    const worst = Math.max(
      ...venues.map((v, i) => {
        const s = v.side === "long" ? 1 : -1;
        return relative(v.markPrice * (1 - s * buffers[i]), liqs[i]);
      })
    );
    expect(worst).toBeLessThan(1e-9);
    // Both sides were drawn, and buffers on both sides of the warning level.
    expect(new Set(venues.map((v) => v.side))).toEqual(new Set(["long", "short"]));
    expect(buffers.some((b) => b < 0.3) && buffers.some((b) => b > 0.3)).toBe(true);
  });

  test("holding the posted collateral the sheet asks for gives the warning buffer, P&L included", async () => {
    const input = margin.sample();
    input.venues[1].side = "long"; // a long ETH position 50 below its entry: a loss to cover
    const plan = margin.build(input, DATE);
    const sheet = await written(plan);
    const needed = numbers(sheet.column("Venues", "Posted collateral for the warning buffer"));
    const posted = tableColumn(plan, "Venues", "Posted collateral");
    needed.forEach((value, i) =>
      sheet.wb.setContents(
        sheet.wb.sheetId(sheet.sheet),
        posted.first + i,
        posted.col,
        String(value)
      )
    );
    // The warning level is the Policy's (DEFAULT_POLICY: 30%).
    for (const buffer of numbers(sheet.column("Venues", "Buffer")))
      expect(Math.abs(buffer - DEFAULT_POLICY.bufferWarning)).toBeLessThan(1e-12);
  });

  test("a long whose collateral covers its cost: the sheet says there is no liquidation price", async () => {
    const input = margin.sample();
    input.venues[1] = { ...input.venues[1], side: "long", collateral: 1_400_000, haircut: 0 };
    expect(margin.validate(input)).toEqual([]);
    const sheet = await written(margin.build(input, DATE));
    // 1,400,000 ≥ 350 × 3,600 = 1,260,000: LIQPRICE would be #N/A.
    expect(sheet.column("Venues", "Liquidation price")[1]).toBe(
      "None: the collateral covers the position"
    );
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenarios 3 and 4: the exposure sheet

describe("exposure: instruments never mix, betas belong to a proxy", () => {
  test("no cell adds contracts of two instruments: each summary formula sums one instrument", async () => {
    const plan = exposure.build(exposure.sample(), DATE);
    const contracts = tableColumn(plan, "Holdings", "Contracts");
    const proxy = tableColumn(plan, "Holdings", "Proxy");
    const column = (col: number, first: number, last: number) =>
      `$${String.fromCharCode(65 + col)}$${first + 1}:$${String.fromCharCode(65 + col)}$${last + 1}`;
    const contractsRange = column(contracts.col, contracts.first, contracts.last);
    const tierRange = column(tableColumn(plan, "Holdings", "Tier").col, proxy.first, proxy.last);
    const proxyRange = column(proxy.col, proxy.first, proxy.last);
    const summing = plan.cells.filter((c) => c.formula?.includes(contractsRange));
    // By tier (3), by proxy (2), locked by proxy (2): each a SUMIF(S) on the tier or the proxy; a
    // tier has one proxy, so each sums one instrument. Nothing else reads the contracts column.
    expect(summing).toHaveLength(7);
    for (const cell of summing)
      expect(cell.formula).toMatch(
        new RegExp(`^=SUMIFS?\\(.*(${escape(tierRange)}|${escape(proxyRange)})`)
      );
    // And no SUM over a column of contracts in any summary: the totals rows add values only.
    for (const table of ["ByTier", "ByProxy", "LockedByProxy"]) {
      const header = table === "LockedByProxy" ? "Contracts on locked positions" : "Contracts";
      const { col, first, last } = tableColumn(plan, table, header);
      const range = `${a1(first, col)}:${a1(last, col)}`;
      expect(plan.cells.filter((c) => c.formula?.includes(range))).toEqual([]);
    }
  });

  test("an ETH-PERP tier converts the BTC beta with ETH's own beta, labelled as an approximation", async () => {
    const input = exposure.sample();
    const plan = exposure.build(input, DATE);
    const sheet = await written(plan);
    expect(sheet.column("Proxies", "Beta to BTC")).toEqual([1, 1.2]);
    const tiers = sheet.column("Holdings", "Tier");
    const betas = sheet.column("Holdings", "Beta to BTC");
    const converted = numbers(sheet.column("Holdings", "Beta to proxy (≈)"));
    tiers.forEach((tier, i) => {
      const btcBeta = (betas[i] as number | null) ?? 1;
      // High hedges with BTC-PERP (beta 1), Medium and Low with ETH-PERP (beta 1.2 to BTC).
      const proxyBeta = tier === "High" ? 1 : 1.2;
      expect(converted[i]).toBeCloseTo(btcBeta / proxyBeta, 14);
    });
    expect(new Set(tiers)).toEqual(new Set(["High", "Medium", "Low"]));
    const notes = plan.cells.filter((c) => typeof c.value === "string").map((c) => c.value);
    expect(notes).toContainEqual(
      expect.stringContaining("β(token, ETH) ≈ β(token, BTC) ÷ β(ETH, BTC)): an approximation")
    );
  });

  test("contract notionals are mark × contract size from the proxy table; editing a mark reprices", async () => {
    const input = exposure.sample();
    const plan = exposure.build(input, DATE);
    const sheet = await written(plan);
    expect(sheet.column("Proxies", "Contract notional")).toEqual([96000, 3600]);
    const mark = tableColumn(plan, "Proxies", "Mark price");
    const before = numbers(sheet.column("ByProxy", "Contracts"));
    sheet.wb.setContents(sheet.wb.sheetId(sheet.sheet), mark.first + 1, mark.col, "2880");
    const after = numbers(sheet.column("ByProxy", "Contracts"));
    // ETH from 3,600 to 2,880: 25% more ETH contracts (3600 ÷ 2880 = 1.25), BTC unchanged.
    expect(after[0]).toBe(before[0]);
    expect(after[1] / before[1]).toBeCloseTo(1.25, 12);
  });
});

// ---------------------------------------------------------------------------------------------------
// Scenario 4: the Book sheet and the wizard agree

describe("the sample book's Book sheet and an exposure sheet written from it", () => {
  const sample = JSON.parse(
    fs.readFileSync(path.join(__dirname, "../../src/playground/sample-book.json"), "utf8")
  ) as {
    sheets: { name: string; cells: CellValue[][] }[];
    names?: { name: string; formula: string }[];
  };

  test("agree on contracts per instrument (same proxies, marks, betas and effectiveness)", async () => {
    const wb = engineWorkbook(sample.sheets.map(({ name, cells }) => ({ name, cells })));
    // The sample book's workbook names (its Policy sheet's limits), as the playground defines them.
    for (const { name, formula } of sample.names ?? []) wb.addName(name, formula);
    const book = (address: string) => wb.valueAt("Book", address);
    // The Book's holdings table A12:G24 read as "Use selected range" reads it.
    const rows: CellValue[][] = [];
    for (let r = 12; r <= 24; r++)
      rows.push(["A", "B", "C", "D", "E", "F", "G"].map((c) => book(`${c}${r}`)));
    const [headers, ...data] = rows;
    const holdings = fromRows(
      data as (string | number | boolean | null)[][],
      guessColumns(headers as string[], HOLDING_COLUMNS)
    );
    expect(holdings).toHaveLength(12);
    // The proxy table A8:E9 and the tiers G8:I10 of the Book sheet, typed into the form's fields.
    const input: ExposureInput = {
      ...exposure.sample(),
      holdings,
      participation: book("B5") as number,
      tierDays: [book("B6") as number, book("C6") as number],
      benchmark: "BTC",
      proxies: [8, 9].map((r) => ({
        instrument: book(`A${r}`) as string,
        mark: book(`B${r}`) as number,
        contractSize: book(`C${r}`) as number,
        beta: book(`E${r}`) as number,
      })),
      tiers: [8, 9, 10].map((r) => ({
        label: book(`G${r}`) as string,
        proxy: book(`H${r}`) as string,
        effectiveness: book(`I${r}`) as number,
      })),
    };
    expect(exposure.validate(input)).toEqual([]);
    // The book prices ETH at its own mark, not the sample's 3,600.
    expect(input.proxies.map((p) => p.mark)).not.toContain(3600);
    const sheet = await written(exposure.build(input, DATE), wb);
    expect(sheet.column("ByProxy", "Proxy")).toEqual(["BTC-PERP", "ETH-PERP"]);
    const wizard = numbers(sheet.column("ByProxy", "Contracts"));
    // The Book's "Hedge contracts per instrument" rows, found by their title.
    const bookRows: [string, number][] = [];
    for (let r = 1; r <= 40; r++)
      if (book(`A${r}`) === "Hedge contracts per instrument (to short)")
        for (const k of [r + 2, r + 3])
          bookRows.push([book(`A${k}`) as string, book(`B${k}`) as number]);
    expect(bookRows.map(([name]) => name)).toEqual(["BTC-PERP", "ETH-PERP"]);
    bookRows.forEach(([, contracts], i) => {
      expect(contracts).toBeGreaterThan(0);
      expect(relative(wizard[i], contracts)).toBeLessThan(1e-12);
    });
  });
});

function escape(text: string): string {
  return text.replace(/[$^.*+?()[\]{}|\\]/g, "\\$&");
}
