/**
 * Issue 15, the grid: conditional formats drawn live and every row reachable.
 * (a) A margin plan whose buffer is below the critical level shows the critical fill in the grid (the
 *     cell's computed style); an input changed so that the buffer is above it, and the fill goes.
 * (b) A 100,000-row sheet loaded through the page's engine workbook: the last row is reachable by
 *     scrolling the container to the bottom and by Ctrl+End, and shows the value computed there; only
 *     the rows in view are in the DOM; the header and row numbers stay in view; keyboard jumps.
 * No sleeps and no timed assertions: every wait is for a state (a locator, a waitForFunction).
 */
import fs from "fs";
import type { Frame, Page } from "playwright-core";
import { playgroundServer, sheetValues } from "../helpers/playground";
import { screenshot } from "../helpers/browser";
import { moveFormula } from "../../src/playground/conditional";

const playground = playgroundServer();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

type Scalar = string | number | boolean | null;

interface WorkbookLike {
  sheetId(name: string): number;
  value(sheet: number, row: number, col: number): Scalar | { error: string };
  addSheetWithCells(name: string, cells: Scalar[][]): number;
  setActiveSheet(sheet: number): void;
  extrasOf(sheet: number): {
    conditionalFormats: { range: string; formula: string; fill: string }[];
  };
}

const RED_FILL = "rgb(255, 199, 206)"; // #FFC7CE, the templates' critical fill (COLOUR.redFill)
const RED_FONT = "rgb(156, 0, 6)"; // #9C0006
const GREEN_FILL = "rgb(198, 239, 206)"; // #C6EFCE

const cell = (page: Page, address: string) => page.locator(`#grid td[data-address="${address}"]`);

async function openWizard(pane: Frame, id: string): Promise<void> {
  await pane.click("#tab-wizards");
  await pane.click(`button[data-wizard="${id}"]`);
  await pane.waitForSelector("#wizard-run");
}

/** Waits until the cell is drawn with that background colour; returns its colours. */
async function fillOf(
  page: Page,
  address: string,
  background: string
): Promise<{ background: string; color: string }> {
  await page.waitForFunction(
    ({ address, background }) => {
      const td = document.querySelector(`#grid td[data-address="${address}"]`);
      return td !== null && getComputedStyle(td).backgroundColor === background;
    },
    { address, background }
  );
  return cell(page, address).evaluate((td) => ({
    background: getComputedStyle(td).backgroundColor,
    color: getComputedStyle(td).color,
  }));
}

const columnName = (col: number): string =>
  col < 26 ? String.fromCharCode(65 + col) : `A${String.fromCharCode(65 + col - 26)}`;

test("conditional formats move their relative references as Excel fills a formula", () => {
  expect(moveFormula("=AND(ISNUMBER($O12),$O12<$B$7)", 3, 1)).toBe(
    "=AND(ISNUMBER($O15),$O15<$B$7)"
  );
  expect(moveFormula('=U12="Above max"', 2, 0)).toBe('=U14="Above max"');
  expect(moveFormula('=B5<>"B5"', 1, 1)).toBe('=C6<>"B5"');
  expect(moveFormula("='Q1 2026'!A1+Q1!B2+LOG10(A1)+1.5E+3", 1, 0)).toBe(
    "='Q1 2026'!A2+Q1!B3+LOG10(A2)+1.5E+3"
  );
  expect(moveFormula("=AltHedge_BufferCritical>A1", 1, 2)).toBe("=AltHedge_BufferCritical>C2");
});

test("(a) a margin buffer below its critical level is drawn with the critical fill, and loses it when the input puts it above", async () => {
  const { page, pane, watch } = await playground.open();
  await openWizard(pane, "margin");
  // Exchange A's short: 15 BTC at a mark of 100,000 against 30,000 of collateral — under water.
  await pane.fill("#field-venues-0-collateral", "30000");
  const before = await page.locator("#sheet-tabs button").count();
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  await page.waitForFunction(
    (n) => document.querySelectorAll("#sheet-tabs button").length > n,
    before
  );
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  const grid = await sheetValues(page, sheet, 30, 22);
  const header = grid.findIndex((row) => row[0] === "Venue");
  expect(header).toBeGreaterThan(0);
  const row = header + 1; // Exchange A
  const buffer = grid[header].indexOf("Buffer");
  const level = grid[header].indexOf("Level");
  const collateral = grid[header].indexOf("Posted collateral");
  expect([buffer, level, collateral].every((c) => c >= 0)).toBe(true);
  expect(grid[row][buffer]).toBeLessThan(0);
  const bufferCell = `${columnName(buffer)}${row + 1}`;
  const critical = await fillOf(page, bufferCell, RED_FILL);
  expect(critical).toEqual({ background: RED_FILL, color: RED_FONT });
  expect(grid[row][level]).toBe("Critical");
  await fillOf(page, `${columnName(level)}${row + 1}`, RED_FILL);
  // Exchange B, the sample's healthy short, is not red.
  const other = await cell(page, `${columnName(buffer)}${row + 2}`).evaluate(
    (td) => getComputedStyle(td).backgroundColor
  );
  expect(other).not.toBe(RED_FILL);
  // The buffer cell in view (as a person would look at it), then the screenshot.
  await cell(page, bufferCell).click();
  await expect(page.locator("#name-box").textContent()).resolves.toBe(bufferCell);
  await page.keyboard.press("ArrowDown"); // the selection's tint off the red cell
  await screenshot(page, "grid-margin-critical");

  // More collateral: the buffer is above the warning level, drawn green, the red gone.
  await cell(page, `${columnName(collateral)}${row + 1}`).click();
  await page.keyboard.type("900000");
  await page.keyboard.press("Enter");
  const healthy = await fillOf(page, bufferCell, GREEN_FILL);
  expect(healthy.background).toBe(GREEN_FILL);
  await cell(page, bufferCell).click();
  await page.keyboard.press("ArrowDown");
  const [after] = await sheetValues(page, sheet, row + 1, buffer + 1).then((rows) =>
    rows.slice(row)
  );
  expect(after[buffer]).toBeGreaterThan(0);
  await screenshot(page, "grid-margin-healthy");

  // The grid's roles and names pass axe (serious and critical rules) with the formats drawn.
  await page.evaluate(AXE); // through the debugger protocol, so the page's CSP stays in force
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (c: unknown) => Promise<unknown> } }).axe;
    const result = (await axe.run({ include: [["#grid"]] })) as {
      violations: { id: string; impact: string }[];
    };
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${JSON.stringify(v).slice(0, 600)}`);
  });
  expect(violations).toEqual([]);
  expect(watch.errors).toEqual([]);
}, 180000); // a loaded 2-core machine: seconds per wizard run and recalculation

test("(b) a 100,000-row sheet: the last row is reached by scrolling and by Ctrl+End, computed, with the header and row numbers in view", async () => {
  const { page, watch } = await playground.open();
  const ROWS = 100000;
  await page.evaluate((rows) => {
    const wb = (globalThis as unknown as { althedgeWorkbook: WorkbookLike }).althedgeWorkbook;
    const cells = Array.from({ length: rows }, (_, i) => [i + 1, `=A${i + 1}*2`]);
    const id = wb.addSheetWithCells("Rows", cells);
    // a rule over the whole column, true in its last five rows only
    wb.extrasOf(id).conditionalFormats.push({
      range: `B1:B${rows}`,
      formula: `=B1>${2 * rows - 10}`,
      fill: "#FFC7CE",
    });
    wb.setActiveSheet(id);
  }, ROWS);
  await page.locator("#sheet-tabs button[aria-selected=true]", { hasText: "Rows" }).waitFor();
  await cell(page, "B1").filter({ hasText: /^2$/ }).waitFor();
  const grid = page.locator("#grid");
  expect(Number(await grid.getAttribute("aria-rowcount"))).toBeGreaterThan(ROWS);
  // Only the rows in view (and a few either side) are in the DOM.
  expect(await page.locator("#grid tbody tr[role=row]").count()).toBeLessThan(100);

  // Scrolled to the bottom: the last row is drawn, in view, with its computed value.
  await grid.evaluate((g) => (g.scrollTop = g.scrollHeight));
  const last = cell(page, `B${ROWS}`);
  await last.waitFor();
  await expect(last.textContent()).resolves.toBe(String(2 * ROWS));
  const inView = (address: string) =>
    page.evaluate((address) => {
      const g = document.getElementById("grid")!.getBoundingClientRect();
      const td = document.querySelector(`#grid td[data-address="${address}"]`);
      if (!td) return false;
      const r = td.getBoundingClientRect();
      return r.top >= g.top && r.bottom <= g.bottom + 0.5 && r.left >= g.left && r.right <= g.right;
    }, address);
  await page.waitForFunction(() => {
    const g = document.getElementById("grid")!;
    return g.scrollTop + g.clientHeight >= g.scrollHeight - 1;
  });
  expect(await inView(`B${ROWS}`)).toBe(true);
  // The rule over the column, its reference moved to each row: the last rows red, the one above not.
  await fillOf(page, `B${ROWS}`, RED_FILL);
  await expect(
    cell(page, `B${ROWS - 5}`).evaluate((td) => getComputedStyle(td).backgroundColor)
  ).resolves.not.toBe(RED_FILL);
  await expect(
    page.locator(`#grid tr[aria-rowindex="${ROWS + 1}"] th`).textContent()
  ).resolves.toBe(String(ROWS));
  // The column letters stay at the top of the view.
  const headerTop = await page.evaluate(() => {
    const g = document.getElementById("grid")!.getBoundingClientRect();
    const th = document.querySelector("#grid thead th:nth-child(2)")!.getBoundingClientRect();
    return Math.abs(th.top - g.top);
  });
  expect(headerTop).toBeLessThan(1);
  const engineValue = await page.evaluate((rows) => {
    const wb = (globalThis as unknown as { althedgeWorkbook: WorkbookLike }).althedgeWorkbook;
    return wb.value(wb.sheetId("Rows"), rows - 1, 1);
  }, ROWS);
  expect(engineValue).toBe(2 * ROWS);
  expect(await page.locator("#grid tbody tr[role=row]").count()).toBeLessThan(100);

  // Back to the top, then Ctrl+End: the last used cell, selected and scrolled into view.
  await grid.evaluate((g) => (g.scrollTop = 0));
  await cell(page, "A1").click();
  await expect(page.locator("#name-box").textContent()).resolves.toBe("A1");
  await page.waitForFunction(() => !document.querySelector('#grid td[data-address="B100000"]'));
  await page.keyboard.press("Control+End");
  await expect(page.locator("#name-box").textContent()).resolves.toBe(`B${ROWS}`);
  await page.locator(`#grid td[data-address="B${ROWS}"].active`).waitFor();
  expect(await inView(`B${ROWS}`)).toBe(true);
  await expect(grid.getAttribute("aria-activedescendant")).resolves.toBe(`cell-B${ROWS}`);
  await expect(page.locator("#formula-input").inputValue()).resolves.toBe(`=A${ROWS}*2`);
  await screenshot(page, "grid-100000-rows-end");

  // Ctrl+Home, Ctrl+Down (the end of the column's data), Ctrl+Up, PageDown, Shift+Ctrl+Down.
  await page.keyboard.press("Control+Home");
  await expect(page.locator("#name-box").textContent()).resolves.toBe("A1");
  expect(await inView("A1")).toBe(true);
  await page.keyboard.press("Control+ArrowDown");
  await expect(page.locator("#name-box").textContent()).resolves.toBe(`A${ROWS}`);
  expect(await inView(`A${ROWS}`)).toBe(true);
  await page.keyboard.press("Control+ArrowUp");
  await expect(page.locator("#name-box").textContent()).resolves.toBe("A1");
  await page.keyboard.press("Control+ArrowRight");
  await expect(page.locator("#name-box").textContent()).resolves.toBe("B1");
  await page.keyboard.press("PageDown");
  const paged = Number((await page.locator("#name-box").textContent())!.slice(1));
  expect(paged).toBeGreaterThan(10);
  expect(await inView(`B${paged}`)).toBe(true);
  await page.keyboard.press("PageUp");
  await expect(page.locator("#name-box").textContent()).resolves.toBe("B1");
  await page.keyboard.press("Shift+Control+ArrowDown");
  await expect(page.locator("#name-box").textContent()).resolves.toBe(`B1:B${ROWS}`);
  expect(watch.errors).toEqual([]);
}, 180000); // a loaded 2-core machine: a 200,000-cell sheet built in the page
