/**
 * Policy and limits in the playground (issue 13, acceptance 4), done as a person does it: the sample
 * book opens with its Policy sheet (src/playground/sample-book.json); the four templates are written
 * from the pane on their samples; limits typed into the Policy sheet's cells in the grid re-flag every
 * open template sheet (their "Policy breaches" counts, and the flags beside them); a change made from
 * the pane's Policy and limits wizard appends a Hedge log row naming it, old → new; a workbook without
 * the policy's names gets the Policy written first with the defaults. Waits are on DOM states only.
 *
 * Expected counts come from the wizards' samples (src/templates/*.ts) and the defaults
 * (DEFAULT_POLICY: warning 30%, critical 15%, coverage 60%–100%, leverage 5×, position 5,000,000),
 * each derived in a comment; test/templates/policy.test.ts checks the same sheets in the engine.
 */
import type { Frame, Page } from "playwright-core";
import { activeSheetErrors, playgroundServer, type PlaygroundSession } from "../helpers/playground";
import { screenshot } from "../helpers/browser";

const playground = playgroundServer();

const today = (): string => {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

async function openWizard(pane: Frame, id: string): Promise<void> {
  await pane.click("#tab-wizards");
  await pane.click(`button[data-wizard="${id}"]`);
  await pane.waitForSelector("#wizard-run");
}

/** Shows the sheet named exactly `name`. */
async function showSheet(page: Page, name: string): Promise<void> {
  await page
    .locator("#sheet-tabs button")
    .filter({ hasText: new RegExp(`^${escape(name)}$`) })
    .click();
  await page
    .locator("#sheet-tabs button[aria-selected=true]")
    .filter({ hasText: new RegExp(`^${escape(name)}$`) })
    .waitFor();
}

const escape = (text: string): string => text.replace(/[$^.*+?()[\]{}|\\]/g, "\\$&");

/** Runs the open wizard on what its form holds; returns the sheet the pane names. */
async function run(pane: Frame): Promise<string> {
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  await pane.evaluate(() => document.getElementById("wizard-result")?.replaceChildren());
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message");
  const error = await pane.locator("#wizard-result .message.error").count();
  if (error > 0) throw new Error((await pane.textContent("#wizard-result")) ?? "");
  return (await pane.textContent("#wizard-result strong"))!;
}

/** The text of the cell to the right of the first cell reading `label` on `sheet`. */
async function besideLabel(page: Page, sheet: string, label: RegExp): Promise<string> {
  await showSheet(page, sheet);
  const cell = page.locator("#grid td").filter({ hasText: label }).first();
  const row = await cell.getAttribute("data-row");
  const col = Number(await cell.getAttribute("data-col"));
  return (await page.textContent(`#grid td[data-row="${row}"][data-col="${col + 1}"]`)) ?? "";
}

/** A sheet's count of policy breaches ("Policy breaches", or the hedge report's "Breaches"). */
async function breaches(page: Page, sheet: string): Promise<number> {
  return Number(await besideLabel(page, sheet, /^(Policy breaches|Breaches)$/));
}

/** Types `text` into `address` of the Policy sheet in the grid, and waits for it to show `shown`. */
async function typeLimit(
  page: Page,
  address: string,
  text: string,
  shown: string | RegExp
): Promise<void> {
  await showSheet(page, "Policy");
  await page.click(`#grid td[data-address="${address}"]`);
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
  await page.locator(`#grid td[data-address="${address}"]`).filter({ hasText: shown }).waitFor();
}

/** The Hedge log's data rows as (wizard, sheet, key inputs), read from the grid. */
async function logRows(page: Page): Promise<string[][]> {
  await showSheet(page, "Hedge log");
  const rows: string[][] = [];
  for (let row = 1; ; row++) {
    const cells = await Promise.all(
      [2, 3, 4].map((col) => page.textContent(`#grid td[data-row="${row}"][data-col="${col}"]`))
    );
    if (!cells[0]) return rows;
    rows.push(cells.map((text) => text ?? ""));
  }
}

/** Writes the four templates from the pane on their samples; returns their sheets. */
async function writeTemplates({ page, pane }: PlaygroundSession) {
  const sheets: Record<string, string> = {};
  for (const id of ["exposure", "rollover", "margin", "effectiveness"]) {
    await openWizard(pane, id);
    sheets[id] = await run(pane);
    // Every formula of the new sheet computed: no Excel error in it (the names resolved).
    expect(await activeSheetErrors(page)).toEqual([]);
  }
  expect(sheets).toEqual({
    exposure: `Exposure ${today()}`,
    rollover: `Rollover ${today()}`,
    margin: `Margin plan ${today()}`,
    effectiveness: `Effectiveness ${today()}`,
  });
  return sheets;
}

test("limits typed on the Policy sheet re-flag every open template sheet", async () => {
  const session = await playground.open();
  const { page, watch } = session;
  const mine = await writeTemplates(session);
  // The sample book's own template sheets read the names too (issue 13's stress and report).
  const tabs = await page.locator("#sheet-tabs button").allTextContents();
  const theirs = tabs.filter((name) => /^(Stress|Report) \d{4}-\d{2}-\d{2}$/.test(name));
  expect(theirs).toEqual(["Stress 2026-11-24", "Report 2026-11-24"]);
  const all = [...Object.values(mine), ...theirs];
  const history = new Map<string, number[]>(all.map((sheet) => [sheet, []]));
  const count = async (): Promise<Record<string, number>> => {
    const counts: Record<string, number> = {};
    for (const sheet of all) {
      counts[sheet] = await breaches(page, sheet);
      history.get(sheet)!.push(counts[sheet]);
    }
    return counts;
  };
  const ours = (counts: Record<string, number>) =>
    ["exposure", "rollover", "margin", "effectiveness"].map((id) => counts[mine[id]]);

  // The defaults: exposure's positions (≈ 2.66 and 2.09 million, value × beta ÷ the proxy's beta ×
  // the tier's effectiveness per proxy) are below 5,000,000 and its coverage 73.5% is in the band;
  // rollover's 12.5 × 97,900 = 1,223,750 is below 5,000,000; the margin plan's Exchange B is in
  // Warning (buffer below 30%) and at 5.90× (1,277,500 ÷ 216,500) above 5×; the review's coverage
  // 92% is in the band.
  expect(ours(await count())).toEqual([0, 0, 2, 0]);
  await screenshot(page, "policy-margin-before-light");

  // Maximum position 1,000,000: both exposure instruments, and the rolled position, are above it.
  await typeLimit(page, "B12", "1000000", "1,000,000");
  expect(ours(await count())).toEqual([2, 1, 2, 0]);
  await expect(besideLabel(page, mine.rollover, /^Position check$/)).resolves.toBe(
    "Above the maximum"
  );
  // Maximum leverage 6×: Exchange B's 5.90× is within it; its Warning stays.
  // Shown as 6.0 (the grid draws the format 0.0"×" without its "×").
  await typeLimit(page, "B11", "6", /^6\.0/);
  expect(ours(await count())).toEqual([2, 1, 1, 0]);
  // Coverage band's high end 70%: exposure's 73.5% and the review's 92% are above it.
  await typeLimit(page, "B10", "70%", "70.0%");
  expect(ours(await count())).toEqual([3, 1, 1, 1]);
  await expect(besideLabel(page, mine.effectiveness, /^Coverage check$/)).resolves.toBe(
    "Above the band"
  );
  // Loss limit 1%: the stress scenarios' pass/fail reads it.
  await typeLimit(page, "B6", "1%", "1.0%");
  await count();
  await screenshot(page, "policy-margin-after-light");

  // Every open template sheet's flags changed with the limits typed on the Policy sheet.
  for (const [sheet, counts] of history)
    expect({ sheet, changed: new Set(counts).size > 1 }).toEqual({ sheet, changed: true });
  // Typed on the sheet, the changes are not logged: the log holds the four runs only.
  expect((await logRows(page)).map((row) => row[0])).toEqual([
    "Exposure segmentation",
    "Rollover schedule",
    "Margin and collateral plan",
    "Effectiveness review",
  ]);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 180000);

test("a change made from the pane changes the Policy in place and appends a Hedge log row", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  // A limit typed on the sheet first: the form opens on what the workbook holds.
  await typeLimit(page, "B11", "4", /^4\.0/);
  await openWizard(pane, "policy");
  await pane.waitForFunction(
    () => (document.getElementById("field-maxLeverage") as HTMLInputElement | null)?.value === "4"
  );
  await pane
    .getByText(/^The first run writes the Policy sheet; later runs change its limits in place/)
    .waitFor();

  // Validation beside the field: the critical level must be below the warning level.
  await pane.fill("#field-bufferCritical", "35%");
  await expect(pane.textContent("#field-bufferCritical-error")).resolves.toBe(
    "The critical buffer must be below the warning buffer: 35% is not below 30%"
  );
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  await pane.fill("#field-bufferCritical", "15%");
  await expect(pane.textContent("#field-bufferCritical-error")).resolves.toBe("");

  await pane.fill("#field-lossLimit", "8%");
  await screenshot(page, "wizard-policy-form-light");
  expect(await run(pane)).toBe("Policy");
  await expect(pane.textContent("#wizard-result")).resolves.toContain(
    "Changed 1 limit on Policy and added a row to the Hedge log: Loss limit in stress 10% → 8%."
  );
  await showSheet(page, "Policy");
  await expect(page.textContent('#grid td[data-address="B6"]')).resolves.toBe("8.0%");
  // One row: the pane's change (the 4× typed on the sheet is the change's starting point, unlogged).
  expect(await logRows(page)).toEqual([
    ["Policy and limits", "Policy", "Loss limit in stress 10% → 8%"],
  ]);
  await screenshot(page, "wizard-policy-log-light");

  // The same values again: nothing is written or logged.
  await run(pane);
  await expect(pane.textContent("#wizard-result")).resolves.toContain("No limit changed");
  expect(await logRows(page)).toHaveLength(1);
  // The Audit tab finds the chain intact.
  await pane.click("#tab-audit");
  await pane.click("#log-check");
  await pane.locator("#log-status[data-state=done]").waitFor();
  await expect(pane.textContent("#log-status")).resolves.toMatch(/^Intact \(1 row\)\./);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 180000);

test("a workbook without the policy's names gets the Policy written first, with the defaults", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  // The names deleted (Formulas › Name Manager): the sheet named Policy stays, as a user's own.
  await page.evaluate(() => {
    const book = (
      globalThis as unknown as {
        althedgeWorkbook: {
          hf: { listNamedExpressions(): string[]; removeNamedExpression(name: string): void };
        };
      }
    ).althedgeWorkbook;
    for (const name of book.hf.listNamedExpressions()) book.hf.removeNamedExpression(name);
  });
  await openWizard(pane, "margin");
  const sheet = await run(pane);
  expect(sheet).toBe(`Margin plan ${today()}`);
  await expect(pane.textContent("#wizard-policy-created")).resolves.toContain(
    "AltHedge first wrote Policy (2) with the default limits"
  );
  expect(await activeSheetErrors(page)).toEqual([]);
  // The defaults' warning level, read through the new names: 30.0% (FORMAT of the limit: 0.0%).
  await expect(besideLabel(page, sheet, /^Margin buffer: warning below$/)).resolves.toBe("30.0%");
  expect((await logRows(page)).map((row) => row.slice(0, 2))).toEqual([
    ["Policy and limits", "Policy (2)"],
    ["Margin and collateral plan", sheet],
  ]);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 180000);
