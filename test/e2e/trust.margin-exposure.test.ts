/**
 * Issue 11, acceptance 1, scenarios (2)–(4), replayed in the playground as a person does them:
 * (2) the margin sheet written for a few positions, both sides: liquidation price = mark × (1 − side ×
 *     buffer move) to 1e-9 on the written sheet;
 * (3) exposure from the sample book's selected holdings: no cell adds contracts of two instruments;
 * (4) the tiers hedged with ETH-PERP: the BTC beta is converted with ETH's own beta (asked for after a
 *     selection), and the wizard's contracts per instrument equal the Book sheet's.
 * Numbers are read from the page's engine workbook (the grid shows them rounded). No sleeps: every wait
 * is for a DOM state.
 */
import type { Frame, Page } from "playwright-core";
import {
  activeSheetErrors,
  playgroundServer,
  sheetValues,
  type PlaygroundSession,
} from "../helpers/playground";

const playground = playgroundServer();

type Scalar = string | number | boolean | null;

async function openWizard(pane: Frame, id: string): Promise<void> {
  await pane.click("#tab-wizards");
  await pane.click(`button[data-wizard="${id}"]`);
  await pane.waitForSelector("#wizard-run");
}

async function showSheet(page: Page, name: string): Promise<void> {
  await page.locator("#sheet-tabs button", { hasText: name }).first().click();
}

/** Runs the wizard; returns the sheet it wrote. */
async function run({ page, pane }: PlaygroundSession): Promise<string> {
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  const before = await page.locator("#sheet-tabs button").count();
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  await page.waitForFunction(
    (n) => document.querySelectorAll("#sheet-tabs button").length > n,
    before
  );
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  expect(await activeSheetErrors(page)).toEqual([]);
  return sheet;
}

/** Formulas of a block of cells ("" for constants and blanks). */
async function formulas(
  page: Page,
  sheet: string,
  rows: number,
  cols: number
): Promise<string[][]> {
  return page.evaluate(
    ({ sheet, rows, cols }) => {
      const wb = (globalThis as unknown as { althedgeWorkbook: WorkbookLike }).althedgeWorkbook;
      const id = wb.sheetId(sheet);
      return Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c) => wb.formula(id, r, c) ?? "")
      );
    },
    { sheet, rows, cols }
  );
}

interface WorkbookLike {
  sheetId(name: string): number;
  value(sheet: number, row: number, col: number): Scalar | { error: string };
  formula(sheet: number, row: number, col: number): string | undefined;
}

/** Row index (0-based) of the first cell in column A holding `text`. */
const rowOf = (grid: Scalar[][], text: string): number => {
  const row = grid.findIndex((r) => r[0] === text);
  if (row < 0) throw new Error(`no row "${text}"`);
  return row;
};

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

// ---------------------------------------------------------------------------------------------------

test("(2) margin plan: on the written sheet, liquidation price = mark × (1 − side × buffer) to 1e-9", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await openWizard(pane, "margin");
  // A bound beside its field: a size of 1e308 coins is no real position.
  await pane.fill("#field-venues-0-size", "1e308");
  await expect(pane.textContent("#field-venues-0-size-error")).resolves.toMatch(
    /and 1e13, got 1e308/
  );
  expect(await pane.isDisabled("#wizard-run")).toBe(true);

  // Four positions, two runs of two venues: shorts and longs, in and out of the money, haircuts and a
  // maintenance amount (invented numbers).
  const positions = [
    ["short", "15", "96000", "100000", "520000", "0", "0.005", "0"],
    ["long", "350", "3600", "3412.5", "180000", "0.1", "0.01", "250"],
    ["long", "2.5", "97000", "99100", "30000", "0", "0.004", "0"],
    ["short", "12000", "181.2", "175.35", "400000", "0.05", "0.02", "1200"],
  ];
  const keys = ["size", "entryPrice", "markPrice", "collateral", "haircut", "maintenanceRate"];
  const checked: number[] = [];
  for (const pair of [positions.slice(0, 2), positions.slice(2)]) {
    for (const [i, [side, ...numbers]] of pair.entries()) {
      await pane.selectOption(`#field-venues-${i}-side`, side);
      for (const [k, key] of keys.entries())
        await pane.fill(`#field-venues-${i}-${key}`, numbers[k]);
      await pane.fill(`#field-venues-${i}-maintenanceAmount`, numbers[6]);
    }
    const sheet = await run(session);
    const grid = await sheetValues(page, sheet, 14, 19);
    const header = rowOf(grid, "Venue");
    const col = (name: string) => grid[header].indexOf(name);
    for (let i = 0; i < 2; i++) {
      const row = grid[header + 1 + i];
      const s = row[col("Side")] === "long" ? 1 : -1;
      const mark = row[col("Mark price")] as number;
      const buffer = row[col("Buffer")] as number;
      const liq = row[col("Liquidation price")] as number;
      expect(row[col("Side")]).toBe(pair[i][0]);
      expect(typeof liq).toBe("number");
      checked.push(relative(mark * (1 - s * buffer), liq));
    }
  }
  expect(checked).toHaveLength(4);
  expect(Math.max(...checked)).toBeLessThan(1e-9);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("(3)(4) exposure from the Book: contracts per instrument only, the BTC beta converted for ETH, the Book's numbers", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await showSheet(page, "Book");
  const book = await sheetValues(page, "Book", 40, 12);
  await page.click('#grid td[data-address="A12"]');
  await page.click('#grid td[data-address="G24"]', { modifiers: ["Shift"] });
  await openWizard(pane, "exposure");
  await pane.click("#wizard-use-selection");
  await pane.click("#mapping-apply");
  await expect(pane.inputValue("#field-holdings-0-token")).resolves.toBe("SOL");

  // (4) After a selection nothing of the sample prices the book: each proxy's mark and its beta to
  // BTC are asked for, beside their fields, and Write waits for them.
  for (const field of ["proxies-0-mark", "proxies-1-mark", "proxies-1-beta"])
    await expect(pane.textContent(`#field-${field}-error`)).resolves.toMatch(/must be a number/);
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  // The Book's proxy table A7:E9: instrument, mark, contract size, notional, beta to BTC.
  const proxies = [7, 8].map((r) => book[r]);
  expect(proxies.map((p) => p[0])).toEqual(["BTC-PERP", "ETH-PERP"]);
  for (const [i, proxy] of proxies.entries()) {
    await pane.fill(`#field-proxies-${i}-mark`, String(proxy[1]));
    await pane.fill(`#field-proxies-${i}-contractSize`, String(proxy[2]));
    await pane.fill(`#field-proxies-${i}-beta`, String(proxy[4]));
  }
  // The Book's tiers G8:I10 are the wizard's default tiers: High on BTC-PERP, the others on ETH-PERP.
  for (const [i, r] of [7, 8, 9].entries()) {
    await expect(pane.inputValue(`#field-tiers-${i}-proxy`)).resolves.toBe(book[r][7]);
    await expect(pane.inputValue(`#field-tiers-${i}-effectiveness`)).resolves.toBe(
      String(book[r][8])
    );
  }
  const sheet = await run(session);
  const grid = await sheetValues(page, sheet, 70, 14);
  const code = await formulas(page, sheet, 70, 14);

  // (3) Every formula that reads the holdings' Contracts column is a SUMIF(S) keyed on the tier (one
  // proxy per tier) or on the proxy: none adds two instruments.
  const header = grid.findIndex((r) => r[0] === "Token");
  const contractsCol = grid[header].indexOf("Contracts");
  const letter = (c: number) => String.fromCharCode(65 + c);
  const column = (c: number) => `$${letter(c)}$${header + 2}:$${letter(c)}$${header + 13}`;
  const readers = code.flat().filter((f) => f.includes(column(contractsCol)));
  expect(readers.length).toBeGreaterThanOrEqual(5);
  for (const f of readers) {
    expect(f).toMatch(/^=SUMIFS?\(/);
    expect(
      f.includes(column(grid[header].indexOf("Proxy"))) ||
        f.includes(column(grid[header].indexOf("Tier")))
    ).toBe(true);
  }

  // (4) The tiers on ETH-PERP use beta to BTC ÷ ETH's beta to BTC; BTC-PERP's tier the BTC beta.
  const col = (name: string) => grid[header].indexOf(name);
  for (let r = header + 1; r <= header + 12; r++) {
    const row = grid[r];
    const btcBeta = (row[col("Beta to BTC")] as number | null) ?? 1;
    const proxyBeta = row[col("Proxy")] === "ETH-PERP" ? (proxies[1][4] as number) : 1;
    expect(relative(row[col("Beta to proxy (≈)")] as number, btcBeta / proxyBeta)).toBeLessThan(
      1e-12
    );
  }
  expect(grid.flat()).toContainEqual(expect.stringContaining("an approximation"));

  // (4) Contracts per instrument: the wizard's "Hedge by proxy instrument" equals the Book's
  // "Hedge contracts per instrument".
  const wizardRow = rowOf(grid, "Hedge by proxy instrument") + 2;
  const bookRow = rowOf(book, "Hedge contracts per instrument (to short)") + 2;
  for (let i = 0; i < 2; i++) {
    expect(grid[wizardRow + i][0]).toBe(book[bookRow + i][0]);
    const wizard = grid[wizardRow + i][4] as number;
    const fromBook = book[bookRow + i][1] as number;
    expect(fromBook).toBeGreaterThan(0);
    expect(relative(wizard, fromBook)).toBeLessThan(1e-12);
  }
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});
