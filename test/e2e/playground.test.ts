/**
 * The playground in headless Chromium, as a newcomer uses it: `npm run playground` serves it over
 * HTTPS; the sample book opens with every formula computed; a formula typed into a cell computes; a bad
 * input shows its error and message; the task pane's function browser inserts a formula into an empty
 * cell (and refuses a full one); text runs over empty neighbours as in Excel; Tab and F6 leave the
 * grid for the task pane; TRUE and FALSE typed are booleans. No request may leave the machine. Every
 * wait is for a state of the page, never for time.
 */
import fs from "fs";
import path from "path";
import type { Page } from "playwright-core";
import { activeSheetErrors, playgroundServer } from "../helpers/playground";
import { ROOT, screenshot } from "../helpers/browser";

const playground = playgroundServer();

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
  expect(playground.output()).toContain(`AltHedge playground: ${playground.base}/playground.html`);
});

test("the sample book opens with every formula computed, and says it is generated sample data", async () => {
  const { page, watch } = await playground.open();
  const tabs = await page.locator("#sheet-tabs button").allTextContents();
  expect(tabs).toEqual(expect.arrayContaining(["Read me", "Book", "Perps", "Price history"]));
  for (const name of tabs) {
    await showSheet(page, name);
    const errors = await activeSheetErrors(page);
    expect({ sheet: name, errors }).toEqual({ sheet: name, errors: [] });
    // at the top of the sheet, or at its end (Ctrl+End) on a sheet longer than the view
    if (!/not market data/.test((await page.locator("#grid").textContent()) ?? "")) {
      await page.locator("#grid").focus();
      await page.keyboard.press("Control+End");
    }
    await page
      .locator("#grid td", { hasText: /not market data/ })
      .first()
      .waitFor();
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

test("the share-safe copy: copies show the same values with no ALTHEDGE formula left, and a Provenance sheet lists each frozen formula", async () => {
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
  // A row per frozen formula, spill (HEDGETEST's is one row) or run filled down a column, and one
  // for the rewrite: Price history's =Book!D25 (sample-book.json) now reads the copy of Book. The
  // cells the frozen rows list add up to every ALTHEDGE cell and the 9 spilled ones.
  const notes = await page.locator("#grid td[data-col='4']").allTextContents();
  const listedCells = listed
    .filter((_, i) => !notes[i + 1]?.startsWith("rewritten"))
    .reduce((sum, cells) => {
      const [a, b = a] = cells.split(":");
      const rc = (ref: string) => {
        const [, letters, digits] = /^([A-Z]+)(\d+)$/.exec(ref)!;
        return [Number(digits), [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0)];
      };
      const [r1, c1] = rc(a);
      const [r2, c2] = rc(b);
      return sum + (r2 - r1 + 1) * (c2 - c1 + 1);
    }, 0);
  expect(listedCells).toBe(anchors + 9);
  expect(listed.length).toBeLessThan(anchors);
  expect(notes).toContain("rewritten as ='Book (shared)'!D25: points at the copy of \"Book\"");
  await screenshot(page, "share-safe-provenance");
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("text runs over the empty cells to its right, as in Excel, and stops at a full one", async () => {
  const { page, watch } = await playground.open();
  await showSheet(page, "Read me");
  // A line of the Read me (the sample book's, src/playground/sample-book.json) longer than column A
  // as planned (760 px), with B empty beside it.
  const sample = JSON.parse(
    fs.readFileSync(path.join(ROOT, "src/playground/sample-book.json"), "utf8")
  );
  const readMe = sample.sheets.find((s: { name: string }) => s.name === "Read me");
  const line = readMe.cells.findIndex((row: unknown[]) => String(row[0] ?? "").length > 140);
  const first = String(readMe.cells[line][0]);
  const [A1, B1] = [`A${line + 1}`, `B${line + 1}`];
  await expect(cell(page, B1).textContent()).resolves.toBe("");
  const measure = (address: string) =>
    cell(page, address).evaluate((td) => {
      const span = td.querySelector(".cell-text") as HTMLElement;
      const range = document.createRange();
      range.selectNodeContents(span);
      return {
        text: span.textContent,
        cellRight: td.getBoundingClientRect().right,
        spanRight: span.getBoundingClientRect().right,
        // the text as drawn: its full width, and how much of it the span shows
        textWidth: range.getBoundingClientRect().width,
        shown: span.clientWidth,
        overflow: getComputedStyle(td).overflow,
      };
    });
  const a1 = await measure(A1);
  expect(a1.text).toBe(first);
  // Wider than its cell, drawn past the cell's right edge, and not cut: the span shows all of it.
  expect(a1.textWidth).toBeGreaterThan(a1.cellRight - (await cellLeft(page, A1)));
  expect(a1.spanRight).toBeGreaterThan(a1.cellRight);
  expect(a1.shown).toBeGreaterThanOrEqual(Math.floor(a1.textWidth));
  expect(a1.overflow).toBe("visible");
  await screenshot(page, "playground-overflow");

  // A full right neighbour stops it: after typing into B1, A1's text is cut at B1's left edge.
  await typeInto(page, B1, "x");
  await page.waitForFunction(
    ([A1, B1]) =>
      document.querySelector(`#grid td[data-address="${B1}"]`)?.textContent === "x" &&
      !document.querySelector(`#grid td[data-address="${A1}"]`)?.classList.contains("overflow"),
    [A1, B1]
  );
  const cut = await measure(A1);
  const b1Left = await cellLeft(page, B1);
  expect(cut.spanRight).toBeLessThanOrEqual(b1Left + 1);
  expect(cut.shown).toBeLessThan(cut.textWidth);
  expect(watch.errors).toEqual([]);
}, 120000); // a loaded 2-core machine: seconds per keystroke's recalculation and render

async function cellLeft(page: Page, address: string): Promise<number> {
  return cell(page, address).evaluate((td) => td.getBoundingClientRect().left);
}

/** The element that has the focus: in the page, or inside the task pane's frame. */
async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active instanceof HTMLIFrameElement) {
      const inner = active.contentDocument?.activeElement;
      return `frame ${active.id}: ${inner?.tagName.toLowerCase()}#${inner?.id ?? ""}`;
    }
    return `${active?.tagName.toLowerCase()}#${active?.id ?? ""}`;
  });
}

test("the grid does not keep the focus: Tab, F6 and Escape go to the task pane, Shift+Tab to the formula bar; arrows still move", async () => {
  const { page, watch } = await playground.open();
  await showSheet(page, "Book");
  const inGrid = async () => {
    await cell(page, "A1").click();
    await page.waitForFunction(() => document.activeElement?.id === "grid");
  };
  for (const key of ["Tab", "F6", "Escape"]) {
    await inGrid();
    await page.keyboard.press(key);
    await page.waitForFunction(() => document.activeElement?.id === "taskpane");
    expect({ key, focus: await focused(page) }).toEqual({
      key,
      focus: expect.stringMatching(/^frame taskpane: (button|input|select|a)#/),
    });
  }
  await inGrid();
  await page.keyboard.press("Shift+Tab");
  await page.waitForFunction(() => document.activeElement?.id === "formula-input");

  // Arrow keys still move inside the grid, and typing still edits.
  await inGrid();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowRight");
  await expect(page.locator("#name-box").textContent()).resolves.toBe("B2");
  await expect(focused(page)).resolves.toBe("div#grid");
  await screenshot(page, "playground-focus");
  expect(watch.errors).toEqual([]);
}, 120000); // a loaded 2-core machine: seconds per keystroke's recalculation and render

test("TRUE and FALSE typed into a cell are booleans, in any case, as in Excel", async () => {
  const { page, watch } = await playground.open();
  await showSheet(page, "Read me");
  // One click, then each entry's Enter moves down to the next cell, as in Excel.
  await cell(page, "F2").click();
  for (const text of ["true", "False", "=ISLOGICAL(F2)", "=AND(F2,NOT(F3))", "=ISTEXT(F3)"]) {
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  }
  await expect(cell(page, "F2").textContent()).resolves.toBe("TRUE");
  await expect(cell(page, "F3").textContent()).resolves.toBe("FALSE");
  // ISLOGICAL is TRUE only for a boolean; AND and NOT take the booleans; ISTEXT says it is no text.
  await expect(cell(page, "F4").textContent()).resolves.toBe("TRUE");
  await expect(cell(page, "F5").textContent()).resolves.toBe("TRUE");
  await expect(cell(page, "F6").textContent()).resolves.toBe("FALSE");
  // Shown as Excel shows booleans: centred, and upper case in the formula bar.
  await expect(cell(page, "F2").evaluate((td) => getComputedStyle(td).textAlign)).resolves.toBe(
    "center"
  );
  // From F7, where the last Enter left the selection, up to F3.
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowUp");
  await expect(page.locator("#name-box").textContent()).resolves.toBe("F3");
  await expect(page.locator("#formula-input").inputValue()).resolves.toBe("FALSE");
  expect(watch.errors).toEqual([]);
}, 120000); // a loaded 2-core machine: seconds per keystroke's recalculation and render
