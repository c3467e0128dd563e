/**
 * Explain in the playground, as a person uses it: a LIQPRICE formula with a maintenance rate outside
 * [0, 1) shows #NUM! in the grid (no message in Excel); selecting it and choosing Explain in the pane
 * shows the function, the error, its message and the argument at fault. The expected message is the
 * one the built functions bundle itself raises for those arguments (loaded in Node, ../helpers/bundle),
 * so the test proves the pane re-ran the real call. Waits are on DOM states only.
 */
import type { Frame, Page } from "playwright-core";
import { playgroundServer } from "../helpers/playground";
import { excelErrorOf } from "../helpers/bundle";
import { realBundle } from "../helpers/engine";

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

/** Opens the Audit tab and explains the selected cell; returns the result's text once it is done. */
async function explainSelected(pane: Frame): Promise<string> {
  await pane.locator("#tab-audit").click();
  const output = pane.locator("#explain-output");
  await pane.locator("#explain-button").click();
  await pane.locator("#explain-output[data-state=done]").waitFor();
  const text = (await output.textContent()) ?? "";
  // the next explanation must be waited for afresh
  await output.evaluate((node) => delete (node as HTMLElement).dataset.state);
  return text;
}

test("selecting a #NUM! from ALTHEDGE.LIQPRICE explains its message and the argument at fault", async () => {
  const { page, pane, watch } = await playground.open();
  await showSheet(page, "Read me");
  // entry 2,000, size 1, collateral 200, maintenance_rate 1.2 (outside [0, 1)), long
  await typeInto(page, "H2", "1.2");
  await typeInto(page, "H3", "=ALTHEDGE.LIQPRICE(2000,1,200,H2,1)");
  await expect(cell(page, "H3").textContent()).resolves.toBe("#NUM!");
  await cell(page, "H3").click();

  const expected = excelErrorOf(() => realBundle().call("LIQPRICE", 2000, 1, 200, 1.2, 1));
  expect(expected.code).toBe("#NUM!");
  expect(expected.message).toMatch(/maintenance_rate/);

  const text = await explainSelected(pane);
  const terms = await pane.locator("#explain-output dt").allTextContents();
  const details = await pane.locator("#explain-output dd").allTextContents();
  const shown = Object.fromEntries(terms.map((term, i) => [term, details[i]]));
  expect(shown.Function).toBe("ALTHEDGE.LIQPRICE");
  expect(shown.Error).toBe("#NUM!");
  expect(shown.Message).toBe(expected.message);
  expect(shown.Argument).toBe("maintenance_rate (argument 4): H2 = 1.2");
  expect(text).not.toMatch(/Note/); // the re-run agrees with the cell

  // A cell without an error: one line of status.
  await cell(page, "H2").click();
  await expect(explainSelected(pane)).resolves.toBe("H2 shows no error: nothing to explain.");
  // An error that is not AltHedge's.
  await typeInto(page, "H4", "=1/0");
  await cell(page, "H4").click();
  await expect(explainSelected(pane)).resolves.toMatch(
    /^H4 shows #DIV\/0!, which does not come from an AltHedge function\.$/
  );
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
});

test("=ALTHEDGE.HEDGERATIO(NA(), 1) shows #N/A and the function is never called, as in Excel", async () => {
  const { page, watch } = await playground.open();
  await showSheet(page, "Read me");
  const calls = () =>
    page.evaluate(() =>
      (
        globalThis as unknown as { althedgePlayground: { callCount(name: string): number } }
      ).althedgePlayground.callCount("ALTHEDGE.HEDGERATIO")
    );
  const before = await calls();
  // NA() is Excel's own #N/A: Excel shows it and does not call the custom function (brief, and
  // CustomFunctions metadata without allowErrorForDataTypeAny).
  await typeInto(page, "H4", "=ALTHEDGE.HEDGERATIO(NA(), 1)");
  await expect(cell(page, "H4").textContent()).resolves.toBe("#N/A");
  expect(await calls()).toBe(before);
  // the same function with clean arguments is called: 16 = 1,000,000 × 0.8 / 50,000
  await typeInto(page, "H5", "=ALTHEDGE.HEDGERATIO(1000000, 50000, 0.8)");
  await expect(cell(page, "H5").textContent()).resolves.toBe("16");
  expect(await calls()).toBeGreaterThan(before);
  expect(watch.errors).toEqual([]);
});
