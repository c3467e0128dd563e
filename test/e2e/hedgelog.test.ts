/**
 * The Hedge log in the playground, as an auditor meets it: two wizard runs append two chained rows
 * (written through the same workbook port the pane's wizards use), the pane's Audit tab says the chain
 * is intact; someone unprotects the sheet and edits a row's key inputs; the pane names that row. Waits
 * are on DOM states only.
 */
import type { Frame } from "playwright-core";
import { playgroundServer } from "../helpers/playground";

const playground = playgroundServer();

/** Clicks "Check the log" in the Audit tab and returns the status once it is done. */
async function checkLog(pane: Frame): Promise<{ text: string; className: string }> {
  await pane.locator("#tab-audit").click();
  const status = pane.locator("#log-status");
  await status.evaluate((node) => delete (node as HTMLElement).dataset.state);
  await pane.locator("#log-check").click();
  await pane.locator("#log-status[data-state=done]").waitFor();
  return {
    text: (await status.textContent()) ?? "",
    className: (await status.getAttribute("class")) ?? "",
  };
}

test("an appended row verifies; a row edited after it was written is named by the pane", async () => {
  const { page, pane, watch } = await playground.open();

  // two runs, each a new sheet and a Hedge log row (timestamps fixed, so the rows are known)
  const logSheet = await page.evaluate(async () => {
    type Book = {
      applyPlan(plan: unknown, log: unknown): Promise<unknown>;
      listSheets(): Promise<string[]>;
    };
    const book = (globalThis as unknown as { althedgeWorkbook: Book }).althedgeWorkbook;
    for (const [i, inputs] of [
      [1, "participation 10%"],
      [2, "participation 20%"],
    ] as const) {
      await book.applyPlan(
        { name: `Probe ${i}`, cells: [{ row: 0, col: 0, value: `run ${i}` }] },
        {
          timestamp: `2026-12-02T10:0${i}:00Z`,
          wizard: "Exposure segmentation",
          sheet: `Probe ${i}`,
          inputs,
        }
      );
    }
    return (await book.listSheets()).find((name) => name.startsWith("Hedge log"));
  });
  expect(logSheet).toBeDefined();

  const intact = await checkLog(pane);
  expect(intact.text).toMatch(/^Intact \(2 rows\)\./);
  expect(intact.className).toContain("success");

  // the sheet is protected: the playground refuses an edit, as Excel would
  const edit = (text: string) =>
    page.evaluate(
      ({ sheetName, text }) => {
        type Engine = {
          sheetNames(): string[];
          contents(sheet: number, row: number, col: number): string;
          setContents(sheet: number, row: number, col: number, text: string): void;
          setProtected(sheetName: string, on: boolean): void;
        };
        const book = (globalThis as unknown as { althedgePlayground: Engine }).althedgePlayground;
        const sheet = book.sheetNames().indexOf(sheetName);
        // the first row's key inputs, wherever the log put them
        for (let row = 0; row < 10; row++) {
          for (let col = 0; col < 10; col++) {
            if (book.contents(sheet, row, col) === "participation 10%") {
              try {
                book.setContents(sheet, row, col, text);
                return "edited";
              } catch {
                book.setProtected(sheetName, false); // Review › Unprotect Sheet: no password
                book.setContents(sheet, row, col, text);
                return "edited after unprotecting";
              }
            }
          }
        }
        return "not found";
      },
      { sheetName: logSheet!, text }
    );
  await expect(edit("participation 50%")).resolves.toBe("edited after unprotecting");

  const broken = await checkLog(pane);
  // the first data row is the sheet's row 2 (row 1 holds the headers)
  expect(broken.text).toMatch(/^Broken at row 2 \(2026-12-02T10:01:00Z, Exposure segmentation\)/);
  expect(broken.text).toMatch(/changed after it was written/);
  expect(broken.className).toContain("error");
  expect(watch.errors).toEqual([]);
});
