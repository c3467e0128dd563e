/**
 * The hedge report wizard in the playground (headless Chromium, the real task pane on the engine
 * adapter), as a person runs it: open it from the home view, run the sample, see the report computed
 * with no Excel error (its Policy names answered by the Policy sheet the pane writes first when the
 * workbook has none), edit a position on the sheet and see the coverage flag and the Breaches count
 * follow, and see an invalid input's message beside its field with Run disabled. Expected numbers are
 * the sample's, worked by hand in the comments from its inputs (src/templates/report.ts sampleReport)
 * and the spec's formulas (taskpane.md §7). Off-machine requests fail the test; axe-core scans the
 * form. Every wait is for a state of the page, never for time.
 */
import fs from "fs";
import type { Frame, Locator, Page } from "playwright-core";
import {
  playgroundServer,
  type PlaygroundSession,
  shownCell,
  activeSheetErrors,
} from "../helpers/playground";
import { screenshot } from "../helpers/browser";
import { reportWizard } from "../../src/templates/report";
import { a1, type SheetPlan } from "../../src/templates/plan";

const playground = playgroundServer();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** The sample's plan, to find cells by their labels (the pane builds the same plan). */
const plan: SheetPlan = reportWizard.build(reportWizard.sample(), "2026-12-02");
const labelled = (label: string, labelCol: number): string => {
  const cell = plan.cells.find((c) => c.col === labelCol && c.value === label);
  if (!cell) throw new Error(`no label "${label}"`);
  return a1(cell.row, labelCol + 1);
};
/** The cell of a table column's first data row ("Positions", "Size …"). */
const firstOf = (table: string, header: string): string => {
  const found = plan.tables!.find((t) => t.name.endsWith(`_${table}`))!;
  const top = Number(/^[A-Z]+(\d+)/.exec(found.range)![1]) - 1;
  const cell = plan.cells.find((c) => c.row === top && c.value === header)!;
  return a1(top + 1, cell.col);
};

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

async function openReport({ pane }: PlaygroundSession): Promise<void> {
  await pane.click("#tab-wizards");
  await pane.click('button[data-wizard="report"]');
  await pane.waitForSelector("#wizard-run");
}

async function showSheet(page: Page, name: string): Promise<void> {
  await page.locator("#sheet-tabs button", { hasText: name }).first().click();
  await page.waitForSelector(`#sheet-tabs button[aria-selected=true]:text-is("${name}")`);
}

/** axe-core inside the task pane's frame: no serious or critical violation. */
async function accessibility(pane: Frame): Promise<string[]> {
  await pane.evaluate(AXE);
  const violations = await pane.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            root: Document
          ) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document)).violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id);
}

async function logRows(page: Page): Promise<string[]> {
  await showSheet(page, "Hedge log");
  const wizards = await page.locator("#grid td[data-col='2']").allTextContents();
  return wizards.slice(1).filter((text) => text !== "");
}

test("the sample report is written and computed, live, and logged", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await openReport(session);
  expect(await accessibility(pane)).toEqual([]);
  await screenshot(page, "wizard-report-form-light");
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  expect(sheet).toBe(`Report ${today()}`);
  await page.waitForSelector(`#sheet-tabs button[aria-selected=true]:text-is("${sheet}")`);
  // Every formula computed: no Excel error anywhere (the Policy names resolve).
  expect(await activeSheetErrors(page)).toEqual([]);
  // Book P&L: 12,000 × (138 − 150) + 2,500,000 × (0.7 − 0.8) + 40,000 × (16.5 − 18)
  // + 60,000 × (8.4 − 9) = −490,000.
  await expect(cell(page, labelled("Book P&L", 0)).textContent()).resolves.toBe("-$490,000");
  // Coverage: (22 × 90,000 + 6 × 91,200 + 1,400,000) ÷ 4,570,000 = 85.9%, inside 60–100%.
  await expect(cell(page, labelled("Coverage", 2)).textContent()).resolves.toBe("85.9%");
  await expect(cell(page, labelled("Against the band", 2)).textContent()).resolves.toBe(
    "Within the band"
  );
  await expect(cell(page, labelled("Breaches", 2)).textContent()).resolves.toBe("0");
  // The identity on the sheet: attribution − (book + hedge + carry) = 0.
  await expect(
    cell(page, labelled("Check: net − (book + hedge + carry)", 2)).textContent()
  ).resolves.toBe("$0.00");
  await screenshot(page, "wizard-report-sheet-light");

  // A person doubles the BTC-PERP short on the sheet (22 → 44): the hedge notional grows by
  // 22 × 90,000 = 1,980,000 to 5,907,200, coverage 5,907,200 ÷ 4,570,000 = 129.3%: over-hedged.
  await cell(page, firstOf("Positions", "Size (linear: coins; inverse: USD face)")).click();
  await page.keyboard.type("44");
  await page.keyboard.press("Enter");
  await expect(cell(page, labelled("Coverage", 2)).textContent()).resolves.toBe("129.3%");
  await expect(cell(page, labelled("Against the band", 2)).textContent()).resolves.toBe(
    "Over-hedged"
  );
  await expect(cell(page, labelled("Breaches", 2)).textContent()).resolves.toBe("1");
  await expect(
    cell(page, labelled("Check: net − (book + hedge + carry)", 2)).textContent()
  ).resolves.toBe("$0.00");
  expect(await activeSheetErrors(page)).toEqual([]);

  // The run is in the Hedge log (after the Policy sheet's own row when the pane wrote one first).
  const rows = await logRows(page);
  expect(rows[rows.length - 1]).toBe("Hedge report");
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 180000); // a loaded 2-core machine: seconds per recalculation and render

test("an invalid input shows its message beside the field and disables Run", async () => {
  const session = await playground.open();
  const { pane, watch } = session;
  await openReport(session);
  await pane.fill("#field-targetCoverage", "250%");
  await expect(pane.textContent("#field-targetCoverage-error")).resolves.toBe(
    "Target coverage must be between 0 and 2, got 2.5"
  );
  expect(await pane.getAttribute("#field-targetCoverage", "aria-invalid")).toBe("true");
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  await pane.fill("#field-targetCoverage", "80%");
  await expect(pane.textContent("#field-targetCoverage-error")).resolves.toBe("");
  // A funding rate that is not a number, beside its cell of the positions table.
  await pane.fill("#field-positions-0-fundingRates", "0.0001, abc");
  await expect(pane.textContent("#field-positions-0-fundingRates-error")).resolves.toMatch(
    /^Funding rates, row 1: entry 2: /
  );
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  await pane.fill("#field-positions-0-fundingRates", "0.0001, 0.00012");
  await expect(pane.textContent("#field-positions-0-fundingRates-error")).resolves.toBe("");
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  expect(watch.errors).toEqual([]);
}, 120000);
