/**
 * The stress scenarios wizard in the playground, done as a person does it: select the sample book's
 * holdings, open the wizard, use the selection (its columns guessed), type the hedge and the venues the
 * selection does not carry, see a bad shock refused beside its field, run, and read the new sheet: every
 * formula computed, the scenarios that fail the loss limit, the venue a rally liquidates and its top-up,
 * the policy breaches; then a limit changed on the Policy sheet re-flags the sheet. Every wait is for a
 * state of the page, never for time; no request may leave the machine.
 *
 * The workbook holds a Policy (named cells, as the Policy and limits wizard writes them) before the run,
 * as a user's workbook would after its first AltHedge sheet; the expected texts come from the
 * arithmetic of test/templates/stress.engine.test.ts for the same inputs (the sample's), noted here.
 */
import fs from "fs";
import type { Frame, Locator, Page } from "playwright-core";
import { DEFAULT_POLICY, POLICY_LIMITS } from "../../src/templates/policy";
import { a1, type SheetPlan } from "../../src/templates/plan";
import { stressWizard } from "../../src/templates/stress";
import { rowOf, tableColumn } from "../templates/planChecks";
import {
  playgroundServer,
  type PlaygroundSession,
  shownCell,
  activeSheetErrors,
} from "../helpers/playground";
import { screenshot } from "../helpers/browser";

const playground = playgroundServer();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const today = (): string => {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

// The grid draws only the rows in view: each read or click goes to the cell first (shownCell).
const cell = (page: Page, address: string) => ({
  click: async (options?: Parameters<Locator["click"]>[0]) =>
    (await shownCell(page, address)).click(options),
  textContent: async () => (await shownCell(page, address)).textContent(),
});

async function showSheet(page: Page, name: string): Promise<void> {
  await page.locator("#sheet-tabs button", { hasText: name }).first().click();
  await page.waitForSelector(`#sheet-tabs button[aria-selected=true]:text-is("${name}")`);
}

async function selectRange(page: Page, from: string, to: string): Promise<void> {
  await cell(page, from).click();
  await cell(page, to).click({ modifiers: ["Shift"] });
}

async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await cell(page, address).click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** axe-core inside the task pane's frame: no serious or critical violation. */
async function accessibility(pane: Frame): Promise<string[]> {
  await pane.evaluate(AXE);
  const violations = await pane.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (root: Document) => Promise<{ violations: { id: string; impact: string }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id);
}

/**
 * A Policy sheet with the default limits in named cells, unless the workbook has one: the names
 * point at its cells, as the Policy and limits wizard defines them.
 */
async function withPolicy(page: Page): Promise<void> {
  const limits = POLICY_LIMITS.map((limit) => ({
    name: limit.name,
    label: limit.label,
    value: DEFAULT_POLICY[limit.key],
  }));
  await page.evaluate((rows) => {
    const book = (
      globalThis as unknown as {
        althedgeWorkbook: {
          hf: { listNamedExpressions(): string[] };
          addSheetWithCells(name: string, cells: (string | number)[][]): number;
          addName(name: string, formula: string): void;
        };
      }
    ).althedgeWorkbook;
    const named = new Set(book.hf.listNamedExpressions().map((n) => n.toLowerCase()));
    if (rows.every((row) => named.has(row.name.toLowerCase()))) return;
    book.addSheetWithCells(
      "Policy",
      rows.map((row) => [row.label, row.value, row.name])
    );
    rows.forEach((row, i) => book.addName(row.name, `=Policy!$B$${i + 1}`));
  }, limits);
  await page.waitForSelector(`#sheet-tabs button:text-is("Policy")`);
}

/** The plan's addresses for the sample's layout: the selection and the typed fields give its sizes. */
function layout(plan: SheetPlan) {
  const column = (table: string, header: string) => {
    const { col, first, last } = tableColumn(plan, table, header);
    return Array.from({ length: last - first + 1 }, (_, i) => a1(first + i, col));
  };
  const gridRow = (title: string, k: number, count: number) =>
    Array.from({ length: count }, (_, j) => a1(rowOf(plan, title) + 2 + k, 1 + j));
  return {
    result: column("Results", "Result"),
    liquidated: (k: number) => gridRow("Liquidated?", k, 2),
    topUp: (k: number) => gridRow("Top-up that keeps each venue above maintenance", k, 2),
    breaches: a1(rowOf(plan, "Policy breaches"), 1),
  };
}

const texts = (page: Page, addresses: string[]) =>
  Promise.all(addresses.map((address) => cell(page, address).textContent()));

test("stress scenarios from the sample book's holdings: typed hedge and venues, a refused shock, the sheet, a policy change", async () => {
  const session: PlaygroundSession = await playground.open();
  const { page, pane, watch } = session;
  await withPolicy(page);

  await showSheet(page, "Book");
  await selectRange(page, "A12", "L24"); // the header row and the 12 holdings, tiers included
  await pane.click("#tab-wizards");
  await pane.click(`button[data-wizard="stress"]`);
  await pane.waitForSelector("#wizard-run");
  expect(await accessibility(pane)).toEqual([]);
  await pane.click("#wizard-use-selection");
  // Guessed from the headers: Token, Value (USD), Beta to BTC, Locked, Tier.
  for (const [key, col] of [
    ["token", "0"],
    ["value", "3"],
    ["beta", "5"],
    ["locked", "6"],
    ["tier", "8"],
  ])
    await expect(pane.inputValue(`#map-${key}`)).resolves.toBe(col);
  await pane.click("#mapping-apply");
  await expect(pane.inputValue("#field-book-0-token")).resolves.toBe("SOL");
  await expect(pane.inputValue("#field-book-11-token")).resolves.toBe("ONDO");
  await expect(pane.inputValue("#field-book-9-tier")).resolves.toBe("Low"); // JUP
  expect(await pane.isChecked("#field-book-9-locked")).toBe(true);

  // The selection has no hedge and no venues: the sample's numbers are gone and Run waits for them.
  await expect(pane.inputValue("#field-hedges-0-notional")).resolves.toBe("");
  await expect(pane.textContent("#field-hedges-0-notional-error")).resolves.toBe(
    "Notional of BTC-PERP must be a number"
  );
  await expect(pane.textContent("#field-venues-1-marginBalance-error")).resolves.toBe(
    "Margin balance at Exchange B must be a number"
  );
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  // The Perps sheet's hedge (B11:C11) and the Book's ETH beta (E9); two venues.
  const typed: [string, string][] = [
    ["hedges-0-notional", "5000000"],
    ["hedges-0-beta", "1"],
    ["hedges-1-notional", "1500000"],
    ["hedges-1-beta", "1.15"],
    ["venues-0-marginBalance", "1250000"],
    ["venues-0-notional", "5000000"],
    ["venues-0-maintenanceRate", "0.5%"],
    ["venues-1-marginBalance", "330000"],
    ["venues-1-notional", "1500000"],
    ["venues-1-maintenanceRate", "1%"],
  ];
  for (const [field, text] of typed) await pane.fill(`#field-${field}`, text);

  // A rise typed as a shock: refused beside the field, Run disabled until it is a fall.
  await pane.fill("#field-benchmarkShocks", "20%, -40%, -60%");
  await expect(pane.textContent("#field-benchmarkShocks-error")).resolves.toBe(
    "Benchmark shock 1 must be between -0.99 and 0, got 0.2"
  );
  expect(await pane.getAttribute("#field-benchmarkShocks", "aria-invalid")).toBe("true");
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  await pane.fill("#field-benchmarkShocks", "-20%, -40%, -60%");
  await expect(pane.textContent("#field-benchmarkShocks-error")).resolves.toBe("");
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  await screenshot(page, "wizard-stress-form-light");

  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  expect(sheet).toBe(`Stress ${today()}`);
  await page.waitForSelector(`#sheet-tabs button[aria-selected=true]:text-is("${sheet}")`);
  expect(await activeSheetErrors(page)).toEqual([]);
  await screenshot(page, "wizard-stress-sheet-light");

  // The same inputs as the sample, so the sample's layout (and arithmetic) holds.
  const at = layout(stressWizard.build(stressWizard.sample(), today()));
  // Loss limit 10%: BTC −20% nets −6.3% (passes), −40% and −60% fail, rallies gain, every
  // correlation break fails (−12.4%, −18.7%, −22.0%), the funding spike (−6.5%) and the gap (−2.1%) pass.
  const defaultResults = ["Pass", "Fail", "Fail", "Pass", "Pass", "Pass", "Fail", "Fail", "Fail"];
  await expect(texts(page, at.result)).resolves.toEqual([...defaultResults, "Pass", "Pass"]);
  // BTC +20%: ETH-PERP up 23% costs Exchange B 345,000 of its 330,000 — liquidated, though the hedge
  // is directionally right; its top-up is 1,500,000 × (0.23 + 0.01 × 1.23) − 330,000 = 33,450.
  await expect(texts(page, at.liquidated(3))).resolves.toEqual(["Survives", "Liquidated"]);
  await expect(texts(page, at.topUp(3))).resolves.toEqual(["$0", "$33,450"]);
  await expect(cell(page, at.breaches).textContent()).resolves.toBe("5");

  // A looser loss limit on the Policy sheet: every scenario passes, no breach is left.
  // the loss limit's cell, wherever the workbook's name points (the sample book's Policy sheet, or
  // the one withPolicy wrote)
  const limitCell = await page.evaluate(() => {
    const book = (
      globalThis as unknown as {
        althedgePlayground: { hf: { getNamedExpressionFormula(name: string): string | undefined } };
      }
    ).althedgePlayground;
    return String(book.hf.getNamedExpressionFormula("AltHedge_LossLimit")).replace(/^=.*!|\$/g, "");
  });
  await showSheet(page, "Policy");
  await typeInto(page, limitCell, "0.25");
  await showSheet(page, sheet);
  await expect(texts(page, at.result)).resolves.toEqual(Array(11).fill("Pass"));
  await expect(cell(page, at.breaches).textContent()).resolves.toBe("0");

  // The run's Hedge log row.
  await showSheet(page, "Hedge log");
  const wizards = await page.locator("#grid td[data-col='2']").allTextContents();
  expect(wizards.filter((text) => text === "Stress scenarios")).toHaveLength(1);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 240000);
