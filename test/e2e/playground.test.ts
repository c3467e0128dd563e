/**
 * The playground in headless Chromium, as a newcomer uses it: `npm run playground` serves it over
 * HTTPS; the sample book opens with every formula computed; a formula typed into a cell computes; a bad
 * input shows its error and message; the task pane's function browser inserts a formula into an empty
 * cell (and refuses a full one). No request may leave the machine.
 */
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { playgroundServer } from "../helpers/playground";
import { ROOT, screenshot } from "../helpers/browser";

const PORT = 3191; // apart from start.test.ts's server and a developer's own on 3000
const playground = playgroundServer(PORT);
const BASE = playground.base;

const cell = (page: Page, address: string) => page.locator(`#grid td[data-address="${address}"]`);

async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await cell(page, address).click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

async function showSheet(page: Page, name: string): Promise<void> {
  await page.locator("#sheet-tabs button", { hasText: name }).first().click();
  await page.waitForSelector(`#sheet-tabs button[aria-selected=true]:text-is("${name}")`);
}

test("npm run playground prints the playground's URL", () => {
  expect(playground.output()).toContain(`AltHedge playground: ${BASE}/playground.html`);
});

test("the sample book opens with every formula computed, and says it is generated sample data", async () => {
  const { page, watch } = await playground.open();
  const tabs = await page.locator("#sheet-tabs button").allTextContents();
  expect(tabs).toEqual(expect.arrayContaining(["Read me", "Book", "Perps", "Price history"]));
  for (const name of tabs) {
    await showSheet(page, name);
    const errors = await page.locator("#grid td.error").allTextContents();
    expect({ sheet: name, errors }).toEqual({ sheet: name, errors: [] });
    await expect(page.locator("#grid").textContent()).resolves.toMatch(/not market data/);
    await screenshot(page, `playground-${name.toLowerCase().replace(/\s+/g, "-")}`);
  }
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("a formula typed into a cell computes; a bad input shows the error and its message", async () => {
  const { page, watch } = await playground.open();
  await showSheet(page, "Read me");
  await typeInto(page, "F2", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)");
  // 1,000,000 ÷ 50,000 × 0.8 (the spec's HEDGERATIO)
  await expect(cell(page, "F2").textContent()).resolves.toBe("16");
  await cell(page, "F2").click();
  await expect(page.locator("#formula-input").inputValue()).resolves.toBe(
    "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)"
  );
  await typeInto(page, "F3", "=ALTHEDGE.HEDGERATIO(1000000,0,0.8)");
  await expect(cell(page, "F3").textContent()).resolves.toBe("#DIV/0!");
  await cell(page, "F3").click();
  await expect(page.locator("#status").textContent()).resolves.toMatch(
    /F3: #DIV\/0! — .*contract_notional/
  );
  // A native formula over the custom one
  await typeInto(page, "F4", "=F2*2");
  await expect(cell(page, "F4").textContent()).resolves.toBe("32");
  await screenshot(page, "playground-typed-formulas");
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("the task pane's function browser inserts a formula into an empty cell, never into a full one", async () => {
  const { page, watch, pane } = await playground.open();
  await showSheet(page, "Read me");
  await cell(page, "G2").click();
  await pane.click("#tab-functions");
  await pane.fill("#function-search", "hedgeratio");
  await pane.click('button[data-function="HEDGERATIO"]');
  await pane.fill("#arg-0", "1000000");
  await pane.fill("#arg-1", "50000");
  await pane.fill("#arg-2", "0.8");
  await pane.click("#insert-formula");
  await expect(pane.locator("#insert-status").textContent()).resolves.toMatch(/G2/);
  await expect(cell(page, "G2").textContent()).resolves.toBe("16");
  // Now G2 is full: the pane says so and the cell keeps its formula.
  await pane.fill("#arg-2", "0.5");
  await pane.click("#insert-formula");
  await expect(pane.locator("#insert-status").textContent()).resolves.toMatch(/not empty/);
  await expect(cell(page, "G2").textContent()).resolves.toBe("16");
  await screenshot(page, "playground-function-browser");
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("the playground follows a dark system theme", async () => {
  const { page } = await playground.open("dark");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await screenshot(page, "playground-dark");
});

test("the share-safe copy: copies show the same values with no ALTHEDGE formula left, and a Provenance sheet lists each frozen cell", async () => {
  const { page, pane, watch } = await playground.open();
  await pane.click("#tab-share");
  await pane.waitForSelector("#share-sheets input[type=checkbox]");
  // Copy the Book and Price history sheets only.
  for (const box of await pane.$$("#share-sheets input[type=checkbox]")) {
    const name = await box.getAttribute("value");
    if ((name === "Book" || name === "Price history") !== (await box.isChecked()))
      await box.click();
  }
  await pane.click("#share-run");
  await pane.waitForSelector("#share-result .message.success");
  // Expected frozen cells, from the sample book itself: every ALTHEDGE formula on the two sheets, plus
  // the 9 cells HEDGETEST spills beyond its anchor (a 5 × 2 table, docs/functions.md).
  const sample = JSON.parse(
    fs.readFileSync(path.join(ROOT, "src/playground/sample-book.json"), "utf8")
  );
  const anchors = sample.sheets
    .filter((s: { name: string }) => s.name === "Book" || s.name === "Price history")
    .flatMap((s: { cells: unknown[][] }) => s.cells.flat())
    .filter((c: unknown) => typeof c === "string" && /^=.*ALTHEDGE\./.test(c)).length;
  await expect(pane.textContent("#share-result")).resolves.toContain(
    `Froze ${(anchors + 9).toLocaleString("en-US")} AltHedge cells in 2 copies`
  );

  // The copy of Book: same numbers as the original, frozen cells hold values, native formulas live.
  await page.locator("#sheet-tabs button", { hasText: "Book" }).first().click();
  const original = await page
    .locator("#grid td[data-address^='J'], #grid td[data-address^='H']")
    .allTextContents();
  await pane.click("#share-open");
  await expect(page.locator("#sheet-tabs button[aria-selected=true]").textContent()).resolves.toBe(
    "Book (shared)"
  );
  const copied = await page
    .locator("#grid td[data-address^='J'], #grid td[data-address^='H']")
    .allTextContents();
  expect(copied).toEqual(original);
  await cell(page, "J13").click();
  expect(await page.locator("#formula-input").inputValue()).not.toMatch(/ALTHEDGE/);
  await cell(page, "D13").click();
  await expect(page.locator("#formula-input").inputValue()).resolves.toBe("=B13*C13");
  await screenshot(page, "share-safe-copy");

  await page.locator("#sheet-tabs button", { hasText: "Provenance" }).first().click();
  const listed = (await page.locator("#grid td[data-col='1']").allTextContents())
    .slice(1)
    .filter((t) => t !== "");
  expect(listed).toHaveLength(anchors + 9);
  await screenshot(page, "share-safe-provenance");
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
