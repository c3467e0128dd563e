/**
 * The Import wizard in the playground, as an analyst brings the book in: from the home view's "Bring
 * the book in", a Binance account statement and two CoinGecko price histories (SOL and BTC) picked with
 * the pane's file input; each preview names its format and rows per table before anything is written;
 * "Import N rows" writes the Holdings, Funding and Prices tables (a new sheet each, the second price
 * file appended to Prices); the statement imported again adds no row and says how many were there; the
 * Hedge log holds one chained row per import. Then the exposure and effectiveness wizards fill from the
 * imported tables and their sheets compute without an Excel error. Waits are on DOM states and text.
 */
import fs from "fs";
import path from "path";
import type { Frame, Page } from "playwright-core";
import { ROOT, SCREENSHOTS, screenshot } from "../helpers/browser";
import { playgroundServer } from "../helpers/playground";

const playground = playgroundServer();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core inside the task pane's frame: the serious or critical violations. */
async function accessibility(pane: Frame): Promise<string[]> {
  await pane.evaluate(AXE); // through the debugger protocol, so the pane's CSP stays in force
  return pane.evaluate(async () => {
    type Result = {
      violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
    };
    const axe = (globalThis as unknown as { axe: { run: (d: Document) => Promise<Result> } }).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
const FIXTURES = path.join(ROOT, "test/fixtures/imports/e2e");
const STATEMENT = path.join(FIXTURES, "binance-statement-2026-02.csv");
const SOL = path.join(FIXTURES, "sol-usd-max.csv");
const BTC = path.join(FIXTURES, "btc-usd-max.csv");

/**
 * The task pane alone, at its full height (its frame grown to its content for the picture, then put
 * back), in screenshots/<name>.png.
 */
async function paneShot(page: Page, pane: Frame, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const height = await pane.evaluate(() => document.documentElement.scrollHeight);
  const frame = page.locator("#taskpane");
  const before = await frame.evaluate((node: HTMLElement) => node.style.height);
  await frame.evaluate((node: HTMLElement, h) => (node.style.height = `${h}px`), height);
  await frame.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
  await frame.evaluate((node: HTMLElement, h) => (node.style.height = h), before);
}

/** The preview's table: kind → [in the file, already in the workbook, to add]. */
async function previewCounts(pane: Frame): Promise<Record<string, string[]>> {
  return pane.$$eval("#import-tables tbody tr", (rows) =>
    Object.fromEntries(
      rows.map((row) => [
        (row as HTMLElement).dataset.kind!,
        [...row.querySelectorAll("td")].map((td) => td.textContent ?? ""),
      ])
    )
  );
}

/** Picks `file` with the pane's file input and waits for its preview (or refusal). */
async function pick(pane: Frame, file: string): Promise<void> {
  await pane.locator("#import-preview").evaluate((node) => node.replaceChildren());
  await pane.setInputFiles("#import-file", file);
  await pane.waitForSelector("#import-format, #import-refusal");
}

/** Clicks "Import N rows" and returns the result's lines once written. */
async function confirm(pane: Frame): Promise<string[]> {
  expect(await pane.isDisabled("#import-run")).toBe(false);
  await pane.click("#import-run");
  await pane.waitForSelector("#import-written");
  return pane.$$eval("#import-written li", (items) =>
    items.map((li) => li.firstChild?.textContent ?? "")
  );
}

/** Rows of each canonical table, and every Excel error on `sheets`, as the playground's engine holds them. */
function workbookState(page: Page, sheets: string[] = []) {
  return page.evaluate(async (sheets) => {
    type Engine = {
      readCanonicalTables(): Promise<Record<string, { sheet: string; rows: unknown[][] }>>;
      readHedgeLog(): Promise<{ header: unknown[]; rows: unknown[][] } | null>;
      listSheets(): Promise<string[]>;
      sheetId(name: string): number;
      dimensions(sheet: number): { rows: number; cols: number };
      value(sheet: number, row: number, col: number): unknown;
    };
    const book = (globalThis as unknown as { althedgePlayground: Engine }).althedgePlayground;
    const tables = await book.readCanonicalTables();
    const log = await book.readHedgeLog();
    const errors: string[] = [];
    for (const sheet of sheets) {
      const id = book.sheetId(sheet);
      const { rows, cols } = book.dimensions(id);
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < cols; c++) {
          const cell = book.value(id, r, c);
          const shown =
            cell !== null && typeof cell === "object"
              ? (cell as { error: string }).error
              : typeof cell === "string"
                ? cell
                : "";
          if (
            /^#(VALUE!|N\/A|DIV\/0!|NUM!|REF!|NAME\?|NULL!|CALC!|SPILL!|ERROR!|CYCLE!)/.test(shown)
          )
            errors.push(`${sheet}!R${r + 1}C${c + 1}: ${shown}`);
          if (typeof cell === "number" && !Number.isFinite(cell))
            errors.push(`${sheet}!R${r + 1}C${c + 1}: ${cell}`);
        }
    }
    const wizardAt = log ? log.header.indexOf("Wizard") : -1;
    return {
      sheets: await book.listSheets(),
      rows: Object.fromEntries(
        Object.entries(tables).map(([kind, table]) => [kind, table.rows.length])
      ),
      tableSheets: Object.fromEntries(
        Object.entries(tables).map(([kind, table]) => [kind, table.sheet])
      ),
      logWizards: log ? log.rows.map((row) => String(row[wizardAt])) : [],
      errors,
    };
  }, sheets);
}

/**
 * Opens a wizard from the Wizards tab, fills it from the imported tables, types what the tables do not
 * hold (`typed`: a field's message starts with the key → the value typed into it, as a person answers
 * the message beside the field), and writes its sheet.
 */
async function runFromTables(
  page: Page,
  pane: Frame,
  id: string,
  typed: Record<string, string> = {}
): Promise<string> {
  await pane.click("#tab-wizards");
  if (await pane.locator("#wizard-back").count()) await pane.click("#wizard-back");
  await pane.click(`button[data-wizard="${id}"]`);
  await pane.waitForSelector("#wizard-fill-tables");
  await pane.click("#wizard-fill-tables");
  await pane.waitForSelector("#tables-notes .message");
  expect(await pane.locator("#tables-notes .message.error").count()).toBe(0);
  await paneShot(page, pane, `import-fill-${id}`);
  const waiting = await pane.$$eval(".field-error:not(:empty)", (nodes) =>
    nodes.map((node) => ({ id: node.id.replace(/-error$/, ""), text: node.textContent ?? "" }))
  );
  for (const { id: field, text } of waiting) {
    const answer = Object.entries(typed).find(([start]) => text.startsWith(start));
    if (answer) await pane.fill(`[id="${field}"]`, answer[1]);
  }
  // the form is valid now: no message waits beside a field
  expect(await pane.locator(".field-error:not(:empty)").allTextContents()).toEqual([]);
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success, #wizard-result .message.error");
  expect(await pane.locator("#wizard-result .message.error").allTextContents()).toEqual([]);
  return (await pane.textContent("#wizard-result strong"))!;
}

test("a statement and two price histories imported from the pane; again adds nothing; the wizards fill from them", async () => {
  const { page, pane, watch } = await playground.open();

  // Home: "Bring the book in" opens the Import wizard
  await pane.click("#home-import");
  await pane.waitForSelector("#import-file");
  expect(await pane.textContent("#wizard-title")).toBe("Import");
  // nothing read yet: no button to import
  expect(await pane.isHidden("#import-toolbar")).toBe(true);

  // 1. the Binance account statement: previewed, nothing written until confirmed
  await pick(pane, STATEMENT);
  expect(await pane.textContent("#import-format")).toBe("Binance Account Statement, v1");
  expect(await pane.textContent("#import-zone-source")).toMatch(/^UTC: the format's times/);
  expect(await previewCounts(pane)).toEqual({
    Holdings: ["2", "0", "2"],
    Funding: ["30", "0", "30"],
  });
  expect(await pane.textContent("#import-run")).toBe("Import 32 rows");
  expect((await workbookState(page)).rows).toEqual({});
  await paneShot(page, pane, "import-preview-statement");
  expect(await confirm(pane)).toEqual([
    "Holdings: 2 rows added to a new sheet Holdings. ",
    "Funding: 30 rows added to a new sheet Funding. ",
  ]);
  expect(await pane.textContent("#import-next")).toContain("Import a price history");
  await paneShot(page, pane, "import-result-statement");

  // 2. SOL and BTC prices from CoinGecko: Prices created, then appended to
  await pick(pane, SOL);
  expect(await pane.textContent("#import-format")).toMatch(/^CoinGecko/);
  expect(await previewCounts(pane)).toEqual({ Prices: ["36", "0", "36"] });
  expect(await confirm(pane)).toEqual(["Prices: 36 rows added to a new sheet Prices. "]);
  await pick(pane, BTC);
  expect(await pane.textContent("#import-format")).toMatch(/^CoinGecko/);
  expect(await confirm(pane)).toEqual(["Prices: 36 rows added to sheet Prices. "]);
  expect(await pane.textContent("#import-next")).toContain(
    "Exposure segmentation can now fill from Holdings and Prices"
  );
  expect(await pane.textContent("#import-next")).toContain(
    "Effectiveness review can now fill from Prices"
  );
  await paneShot(page, pane, "import-result-prices");

  let state = await workbookState(page, ["Holdings", "Funding", "Prices"]);
  expect(state.sheets).toEqual(expect.arrayContaining(["Holdings", "Funding", "Prices"]));
  expect(state.rows).toEqual({ Holdings: 2, Funding: 30, Prices: 72 });
  expect(state.errors).toEqual([]);

  // the link to a sheet shows it in the grid
  await pane.click('#import-written button[data-sheet="Prices"]');
  await expect(page.locator("#sheet-tabs button[aria-selected=true]").textContent()).resolves.toBe(
    "Prices"
  );

  // 3. the same statement again: every row already there, nothing added, the check logged
  await pick(pane, STATEMENT);
  expect(await previewCounts(pane)).toEqual({
    Holdings: ["2", "2", "0"],
    Funding: ["30", "30", "0"],
  });
  expect(await pane.textContent("#import-run")).toBe("Import 0 rows");
  expect(await pane.textContent("#import-why")).toMatch(/already in the workbook/);
  await paneShot(page, pane, "import-preview-again");
  expect(await confirm(pane)).toEqual([
    "Holdings: 0 rows added to sheet Holdings, 2 rows already there. ",
    "Funding: 0 rows added to sheet Funding, 30 rows already there. ",
  ]);
  state = await workbookState(page);
  expect(state.rows).toEqual({ Holdings: 2, Funding: 30, Prices: 72 });
  expect(state.logWizards).toEqual(["Import", "Import", "Import", "Import"]);

  // 4. pasted text that names no time zone and has lines that cannot be read: the zone is chosen,
  // the bad lines listed, and nothing can be imported until "Import the other rows" is ticked
  const v3 = ["User ID,Time,Account,Operation,Coin,Change,Remark"];
  for (let i = 0; i < 3; i++) v3.push(`1,26-03-0${i + 1} 02:00:00,Spot,Deposit,ARB,100,`);
  for (let i = 0; i < 23; i++) v3.push(`1,26-03-04 02:00:00,Spot,Deposit,ARB,n/a${i},`);
  await pane.click(".import-paste summary");
  await pane.fill("#import-text", v3.join("\n"));
  await pane.fill("#import-name", "statement-march.csv");
  await pane.locator("#import-preview").evaluate((node) => node.replaceChildren());
  await pane.click("#import-read-text");
  await pane.waitForSelector("#import-zone");
  expect(await pane.textContent("#import-format")).toBe("Binance Account Statement, v3");
  expect(await pane.textContent("#import-zone-source")).toMatch(/^UTC, assumed/);
  expect(await pane.locator("#import-bad li").count()).toBe(21);
  expect(await pane.textContent("#import-bad li:last-of-type")).toBe("and 3 more");
  expect(await pane.isDisabled("#import-run")).toBe(true);
  expect(await pane.textContent("#import-why")).toMatch(/^Tick “Import the other rows”/);
  await pane.selectOption("#import-zone", "UTC+3");
  await pane.waitForFunction(() =>
    document.getElementById("import-zone-source")?.textContent?.startsWith("UTC+3, as you chose")
  );
  expect(await pane.inputValue("#import-zone")).toBe("UTC+3");
  await pane.check("#import-consent");
  expect(await pane.isDisabled("#import-run")).toBe(false);
  expect(await pane.textContent("#import-run")).toBe("Import 1 row");
  await paneShot(page, pane, "import-preview-bad-lines");
  // every control labelled, the preview's table and lists read as such
  expect(await accessibility(pane)).toEqual([]);
  // not imported: the book stays the statement's

  // 5. an unknown file: its refusal and nothing else
  await pane.setInputFiles("#import-file", {
    name: "notes.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Date,Thing\n2026-01-01,1\n"),
  });
  await pane.waitForSelector("#import-refusal");
  expect(await pane.textContent("#import-refusal")).toMatch(/Use selected range/);
  expect(await pane.isHidden("#import-toolbar")).toBe(true);
  expect(await pane.locator("#import-preview *").count()).toBe(0);
  await paneShot(page, pane, "import-refusal");

  // the Hedge log's chain holds the four import rows
  await pane.click("#tab-audit");
  await pane.locator("#log-status").evaluate((node) => delete (node as HTMLElement).dataset.state);
  await pane.click("#log-check");
  await pane.locator("#log-status[data-state=done]").waitFor();
  expect(await pane.textContent("#log-status")).toMatch(/^Intact \(4 rows\)\./);

  // 6. the wizards fill from the imported tables and their sheets compute without an error
  // the book holds no ETH: the ETH-PERP proxy's mark and beta are the analyst's to type
  const exposure = await runFromTables(page, pane, "exposure", {
    "Mark price of ETH-PERP": "2150",
    "Beta of ETH-PERP to BTC": "1.1",
  });
  const effectiveness = await runFromTables(page, pane, "effectiveness");
  state = await workbookState(page, [exposure, effectiveness]);
  expect(state.errors).toEqual([]);
  expect(state.logWizards).toHaveLength(6);
  await screenshot(page, "import-effectiveness-sheet");

  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 240000);
