/**
 * The charts a wizard's plan asks for, drawn by the playground (src/playground/charts.ts, Chart.js):
 * after the exposure and effectiveness wizards run, their charts are on the page — a canvas with
 * something drawn on it, a title, a text alternative naming the series and a data table — with one
 * value per data row of the chart's source range, equal to the engine's values; a person edits an input
 * cell and the chart is drawn again from the recalculated range. The stress and report sheets' charts
 * are drawn too. Every wait is for a state of the page, never for time; no request leaves the machine.
 * Screenshots go to screenshots/charts-*.png.
 */
import fs from "fs";
import type { Locator, Page } from "playwright-core";
import { a1, parseRange } from "../../src/templates/plan";
import { playgroundServer, type PlaygroundSession } from "../helpers/playground";
import { screenshot } from "../helpers/browser";

const playground = playgroundServer();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface Drawn {
  categories: string[];
  series: { name: string; values: (number | null)[] }[];
}

const cell = (page: Page, address: string) => page.locator(`#grid td[data-address="${address}"]`);

/** Runs a wizard on its sample inputs; returns the sheet it wrote (then the active sheet). */
async function runWizard({ page, pane }: PlaygroundSession, id: string): Promise<string> {
  await pane.click("#tab-wizards");
  await pane.click(`button[data-wizard="${id}"]`);
  await pane.waitForSelector("#wizard-run");
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  await page.waitForSelector(`#sheet-tabs button[aria-selected=true]:text-is("${sheet}")`);
  await pane.click("#wizard-back");
  return sheet;
}

/** The drawn chart titled `title`, once drawn. */
async function chartTitled(page: Page, title: string): Promise<Locator> {
  const figure = page.locator("#charts figure.pg-chart", {
    has: page.locator(".pg-chart-title", { hasText: title }),
  });
  await figure.locator("canvas").waitFor();
  await page.waitForSelector("#charts[data-state=drawn]");
  return figure;
}

const drawnData = (figure: Locator): Promise<Drawn> =>
  figure.evaluate((el) => (el as HTMLElement & { althedgeChart: Drawn }).althedgeChart);

/** The engine's values of a chart's source range (active sheet), as the chart should show them. */
function sourceValues(page: Page, source: string): Promise<(number | null)[][]> {
  const { row, col, lastRow, lastCol } = parseRange(source);
  return page.evaluate(
    ({ row, col, lastRow, lastCol }) => {
      const book = (
        globalThis as unknown as {
          althedgePlayground: {
            activeSheet: number;
            value(s: number, r: number, c: number): unknown;
          };
        }
      ).althedgePlayground;
      const series: (number | null)[][] = [];
      for (let c = col + 1; c <= lastCol; c++) {
        const values: (number | null)[] = [];
        for (let r = row + 1; r <= lastRow; r++) {
          const value = book.value(book.activeSheet, r, c);
          values.push(typeof value === "number" ? value : null);
        }
        series.push(values);
      }
      return series;
    },
    { row, col, lastRow, lastCol }
  );
}

/** The address of the first cell of the active sheet whose value is `text`, read from the engine. */
function addressOf(page: Page, text: string): Promise<{ row: number; col: number }> {
  return page.evaluate((text) => {
    const book = (
      globalThis as unknown as {
        althedgePlayground: {
          activeSheet: number;
          dimensions(s: number): { rows: number; cols: number };
          value(s: number, r: number, c: number): unknown;
        };
      }
    ).althedgePlayground;
    const { rows, cols } = book.dimensions(book.activeSheet);
    for (let row = 0; row < rows; row++)
      for (let col = 0; col < cols; col++)
        if (book.value(book.activeSheet, row, col) === text) return { row, col };
    throw new Error(`No cell reads "${text}"`);
  }, text);
}

/** A cell's computed value on the active sheet, read from the engine. */
function engineValue(page: Page, { row, col }: { row: number; col: number }): Promise<unknown> {
  return page.evaluate(
    ({ row, col }) => {
      const book = (
        globalThis as unknown as {
          althedgePlayground: {
            activeSheet: number;
            value(s: number, r: number, c: number): unknown;
          };
        }
      ).althedgePlayground;
      return book.value(book.activeSheet, row, col);
    },
    { row, col }
  );
}

/** What every drawn chart must have: pixels on its canvas, a title, a text alternative, a table. */
async function checkDrawn(
  figure: Locator,
  type: string
): Promise<{ source: string; drawn: Drawn }> {
  const source = (await figure.getAttribute("data-source"))!;
  expect(await figure.getAttribute("data-chart-type")).toBe(type);
  const drawn = await drawnData(figure);
  const { row, lastRow, col, lastCol } = parseRange(source);
  // One value per data row of the source (the header row holds the series names)…
  const rows = lastRow - row;
  expect(drawn.categories).toHaveLength(rows);
  expect(drawn.series).toHaveLength(lastCol - col);
  expect(await figure.getAttribute("data-series-lengths")).toBe(
    drawn.series.map(() => rows).join(",")
  );
  // …equal to the engine's values of the range.
  expect(drawn.series.map((s) => s.values)).toEqual(await sourceValues(figure.page(), source));
  // The canvas is drawn on, not blank.
  const painted = await figure.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
    return count;
  });
  expect(painted).toBeGreaterThan(1000);
  // A text alternative naming every series, and the data as a table.
  const label = (await figure.locator("canvas").getAttribute("aria-label"))!;
  expect(await figure.locator("canvas").getAttribute("role")).toBe("img");
  for (const { name } of drawn.series) expect(label).toContain(name);
  expect(await figure.locator("table tbody tr").count()).toBe(Math.min(rows, 200));
  return { source, drawn };
}

/** axe-core on the charts strip (the page's CSP stays in force: evaluated over the debugger protocol). */
async function chartsAccessibility(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (
            context: { include: string[] },
            options: object
          ) => Promise<{ violations: { id: string; impact: string }[] }>;
        };
      }
    ).axe;
    const { violations } = await axe.run({ include: ["#charts"] }, {});
    return violations.map((v) => ({ id: v.id, impact: v.impact }));
  });
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id);
}

/** Types into a cell as a person does, then waits for the chart's next drawing. */
async function editAndWaitForRedraw(
  page: Page,
  figure: Locator,
  address: string,
  text: string
): Promise<void> {
  const draws = Number(await figure.getAttribute("data-draws"));
  // By keyboard from A1, as a person may: the grid draws only the rows in view.
  const { row, col } = parseRange(address);
  await cell(page, "A1").click();
  for (let r = 0; r < row; r++) await page.keyboard.press("ArrowDown");
  for (let c = 0; c < col; c++) await page.keyboard.press("ArrowRight");
  await page.waitForSelector(`#name-box:text-is("${address}")`);
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await figure
    .page()
    .waitForFunction(
      ({ source, draws }) =>
        Number(
          document.querySelector<HTMLElement>(`#charts figure[data-source="${source}"]`)?.dataset
            .draws
        ) > draws,
      { source: (await figure.getAttribute("data-source"))!, draws }
    );
}

test("exposure: the tier chart is drawn from its range and follows an edited quantity", async () => {
  const session = await playground.open();
  const { page, watch } = session;
  await runWizard(session, "exposure");
  const figure = await chartTitled(page, "Exposure by liquidity tier");
  const { source, drawn } = await checkDrawn(figure, "column");
  // The sample's three tiers, each with its value and locked value.
  expect(drawn.categories).toEqual(["High", "Medium", "Low"]);
  expect(drawn.series.map((s) => s.name)).toEqual(["Value", "Locked value"]);
  expect(await chartsAccessibility(page)).toEqual([]);
  await screenshot(page, "charts-exposure");

  // SOL, a High-tier holding: 2,500 → 3,500 coins at $180 adds $180,000 to the High tier's value.
  const quantity = await addressOf(page, "Quantity");
  const sol = { row: quantity.row + 1, col: quantity.col };
  await expect(engineValue(page, { row: sol.row, col: 0 })).resolves.toBe("SOL");
  await expect(engineValue(page, sol)).resolves.toBe(2500);
  await editAndWaitForRedraw(page, figure, a1(sol.row, sol.col), "3500");
  const after = await drawnData(figure);
  expect(after.series[0].values[0]).toBeCloseTo(drawn.series[0].values[0]! + 180000, 6);
  expect(after.series[0].values.slice(1)).toEqual(drawn.series[0].values.slice(1));
  expect(after.series.map((s) => s.values)).toEqual(await sourceValues(page, source));
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 120000);

test("effectiveness: rolling correlation and hedge ratio drawn per window, redrawn after a hedge change is edited", async () => {
  const session = await playground.open();
  const { page, watch } = session;
  await runWizard(session, "effectiveness");
  const figure = await chartTitled(page, "Rolling correlation and hedge ratio");
  const { source, drawn } = await checkDrawn(figure, "line");
  // 60 periods in windows of 20: 41 windows, each a category.
  expect(drawn.categories).toHaveLength(41);
  expect(drawn.series.map((s) => s.name)).toEqual(["Rolling correlation", "Rolling hedge ratio"]);
  expect(drawn.series[0].values.every((v) => v !== null && v < -0.9)).toBe(true);
  expect(await chartsAccessibility(page)).toEqual([]);
  await screenshot(page, "charts-effectiveness");

  // The first period's hedge change, turned round: the first window's correlation moves; windows
  // that end after the first 20 periods do not include it.
  const header = await addressOf(page, "Hedge change");
  const first = { row: header.row + 2, col: header.col }; // below the header and the Start row
  const before = Number(await engineValue(page, first));
  expect(Number.isFinite(before)).toBe(true);
  await editAndWaitForRedraw(page, figure, a1(first.row, first.col), String(-before));
  const after = await drawnData(figure);
  expect(after.series[0].values[0]).not.toBeCloseTo(drawn.series[0].values[0]!, 6);
  expect(after.series[1].values[0]).not.toBeCloseTo(drawn.series[1].values[0]!, 6);
  expect(after.series[0].values.slice(1)).toEqual(drawn.series[0].values.slice(1));
  expect(after.series.map((s) => s.values)).toEqual(await sourceValues(page, source));
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 120000);

test("stress and report: net P&L by scenario and book and hedged value drawn; a sheet without charts shows none", async () => {
  const session = await playground.open();
  const { page, watch } = session;
  await runWizard(session, "stress");
  const stress = await chartTitled(page, "Net P&L by scenario");
  await checkDrawn(stress, "bar");
  await screenshot(page, "charts-stress");
  await runWizard(session, "report");
  const report = await chartTitled(page, "Book and hedged value");
  const { drawn } = await checkDrawn(report, "line");
  expect(drawn.series.map((s) => s.name)).toEqual(["Book value", "Hedged value"]);
  // Only the active sheet's charts are shown.
  await expect(page.locator("#charts figure.pg-chart").count()).resolves.toBe(1);
  expect(await chartsAccessibility(page)).toEqual([]);
  await screenshot(page, "charts-report");
  await page.locator("#sheet-tabs button", { hasText: "Hedge log" }).click();
  await page.waitForSelector("#charts[data-state=none]", { state: "attached" });
  expect(await page.locator("#charts").isHidden()).toBe(true);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 120000);

test("dark theme: the exposure chart in the page's dark colours", async () => {
  const session = await playground.open("dark");
  const { page, watch } = session;
  await runWizard(session, "exposure");
  const figure = await chartTitled(page, "Exposure by liquidity tier");
  await checkDrawn(figure, "column");
  expect(await chartsAccessibility(page)).toEqual([]);
  await screenshot(page, "charts-exposure-dark");
  expect(watch.errors).toEqual([]);
}, 120000);
