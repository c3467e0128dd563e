/**
 * The four wizards in the playground, done as a person does them: open the wizard, fill or map its
 * inputs (including "Use selected range" on the sample book), run, see the new sheet computed; run
 * again for a "(2)" sheet; an invalid input shows its message and disables Run; the Hedge log gains a
 * row per run. Off-machine requests fail the test; axe-core scans every wizard view. Screenshots of
 * each wizard and each written sheet, light and dark, go to the ignored screenshots folder.
 */
import fs from "fs";
import type { Frame, Page } from "playwright-core";
import { activeSheetErrors, playgroundServer, type PlaygroundSession } from "../helpers/playground";
import { screenshot } from "../helpers/browser";

const playground = playgroundServer();
const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

type Session = PlaygroundSession;

const today = (): string => {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

async function openWizard({ pane }: Session, id: string): Promise<void> {
  await pane.click("#tab-wizards");
  await pane.click(`button[data-wizard="${id}"]`);
  await pane.waitForSelector("#wizard-run");
}

async function showSheet(page: Page, name: string): Promise<void> {
  await page.locator("#sheet-tabs button", { hasText: name }).first().click();
}

async function selectRange(page: Page, from: string, to: string): Promise<void> {
  await page.click(`#grid td[data-address="${from}"]`);
  // The grid draws the rows in view only: Shift+Down (the view follows) until the last row is drawn.
  const target = page.locator(`#grid td[data-address="${to}"]`);
  for (let i = 0; i < 1000 && (await target.count()) === 0; i++)
    await page.keyboard.press("Shift+ArrowDown");
  await target.click({ modifiers: ["Shift"] });
}

/** Runs the wizard and returns the sheet the pane says it wrote (which is then the active sheet). */
async function run({ page, pane }: Session): Promise<string> {
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  await expect(page.locator("#sheet-tabs button[aria-selected=true]").textContent()).resolves.toBe(
    sheet
  );
  // Every formula of the new sheet computed: no Excel error anywhere in it.
  expect(await activeSheetErrors(page)).toEqual([]);
  expect(await page.locator("#grid td.number").count()).toBeGreaterThan(5);
  return sheet;
}

/** axe-core inside the task pane's frame: no serious or critical violation. */
async function accessibility(
  pane: Frame
): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  await pane.evaluate(AXE); // through the debugger protocol, so the pane's CSP stays in force for the page
  const results = await pane.evaluate(async () => {
    const axe = (
      globalThis as unknown as {
        axe: {
          run: (root: Document) => Promise<{
            violations: {
              id: string;
              impact: string;
              nodes: { target: string[]; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    const { violations } = await axe.run(document);
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
    }));
  });
  return results.filter((v) => v.impact === "serious" || v.impact === "critical");
}

async function logRows(page: Page): Promise<number> {
  await showSheet(page, "Hedge log");
  const rows = await page.locator("#grid td[data-col='2']").allTextContents();
  return rows.slice(1).filter((text) => text !== "").length; // below the header
}

test("exposure segmentation from the sample book's selected holdings; run twice; the log keeps both runs", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await showSheet(page, "Book");
  await selectRange(page, "A12", "G24"); // the Book sheet's header row and its 12 holdings
  await openWizard(session, "exposure");
  expect(await accessibility(pane)).toEqual([]);
  await pane.click("#wizard-use-selection");
  // Guessed from the headers: Token, Quantity, Price (USD), 24h ADV (USD), Locked, Beta to BTC
  await expect(pane.inputValue("#map-token")).resolves.toBe("0");
  await expect(pane.inputValue("#map-adv")).resolves.toBe("4");
  await expect(pane.inputValue("#map-locked")).resolves.toBe("6");
  await pane.click("#mapping-apply");
  await expect(pane.inputValue("#field-holdings-0-token")).resolves.toBe("SOL");
  await expect(pane.inputValue("#field-holdings-11-token")).resolves.toBe("ONDO");
  // The sample's proxy prices and betas do not survive a selection: the Book's (B8:B9, E8:E9) are typed.
  await pane.fill("#field-proxies-0-mark", "97492.9");
  await pane.fill("#field-proxies-0-beta", "1");
  await pane.fill("#field-proxies-1-mark", "2850.41");
  await pane.fill("#field-proxies-1-beta", "1.15");
  await screenshot(page, "wizard-exposure-form-light");
  const first = await run(session);
  expect(first).toBe(`Exposure ${today()}`);
  await screenshot(page, "wizard-exposure-sheet-light");
  const second = await run(session);
  expect(second).toBe(`Exposure ${today()} (2)`);
  expect(await logRows(page)).toBe(2);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("an invalid input shows its message beside the field and disables Run", async () => {
  const session = await playground.open();
  const { pane } = session;
  await openWizard(session, "exposure");
  await pane.fill("#field-participation", "1.5");
  await expect(pane.textContent("#field-participation-error")).resolves.toMatch(/articipation/);
  expect(await pane.getAttribute("#field-participation", "aria-invalid")).toBe("true");
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  await pane.fill("#field-participation", "10%");
  await expect(pane.textContent("#field-participation-error")).resolves.toBe("");
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
});

test("rollover schedule: a window too short for the clip says which number of days fits", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await openWizard(session, "rollover");
  expect(await accessibility(pane)).toEqual([]);
  await pane.fill("#field-days", "2");
  await expect(pane.textContent("#field-days-error")).resolves.toMatch(/\d+ days/);
  expect(await pane.isDisabled("#wizard-run")).toBe(true);
  await pane.fill("#field-days", "6");
  await pane.fill("#field-contracts", "10");
  await screenshot(page, "wizard-rollover-form-light");
  await run(session);
  await screenshot(page, "wizard-rollover-sheet-light");
  expect(await logRows(page)).toBe(1);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("margin plan: its buffer levels are the Policy's, not fields of its own", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await openWizard(session, "margin");
  expect(await accessibility(pane)).toEqual([]);
  // Warning and critical buffers moved to the Policy (test/e2e/policy.test.ts changes them).
  expect(await pane.locator("#field-warning, #field-critical").count()).toBe(0);
  await pane.fill("#field-stressMoves", "25%, 50%");
  await screenshot(page, "wizard-margin-form-light");
  await run(session);
  await screenshot(page, "wizard-margin-sheet-light");
  await run(session);
  expect(await logRows(page)).toBe(2);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("effectiveness review from the sample book's P&L columns, mapped by hand", async () => {
  const session = await playground.open();
  const { page, pane, watch } = session;
  await showSheet(page, "Price history");
  await selectRange(page, "J2", "K63"); // Book P&L and Hedge P&L, header row included
  await openWizard(session, "effectiveness");
  expect(await accessibility(pane)).toEqual([]);
  await pane.click("#wizard-use-selection");
  await expect(pane.inputValue("#map-hedgeChange")).resolves.toBe("1"); // "Hedge P&L (USD)" guessed
  await pane.selectOption("#map-itemChange", "0"); // "Book P&L (USD)" is the hedged item: a person picks it
  await pane.click("#mapping-apply");
  // 60 daily P&L values (rows 4–63; row 3 has none)
  await expect(pane.inputValue("#field-itemChanges")).resolves.toMatch(
    /^(-?[\d.e+-]+\n){59}-?[\d.e+-]+$/
  );
  await screenshot(page, "wizard-effectiveness-form-light");
  await run(session);
  await screenshot(page, "wizard-effectiveness-sheet-light");
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("dark theme: every wizard and its sheet", async () => {
  const session = await playground.open("dark");
  const { page, pane } = session;
  for (const id of ["exposure", "rollover", "margin", "effectiveness"]) {
    await openWizard(session, id);
    expect(await accessibility(pane)).toEqual([]);
    await screenshot(page, `wizard-${id}-form-dark`);
    await run(session);
    await screenshot(page, `wizard-${id}-sheet-dark`);
    await pane.click("#wizard-back");
  }
  expect(await logRows(page)).toBe(4);
});
