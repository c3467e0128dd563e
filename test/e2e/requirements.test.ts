/**
 * Requirement sets (issue 12, item 6). The sentences first: which Excel each pane feature needs, from
 * src/workbook/requirements.ts. Then the pane in the playground opened as an older Excel
 * (`?excelApi=1.7`, the engine's `excelApi` option): the features that Excel lacks show their sentence
 * where they are used and are disabled, a wizard still writes its sheet and a function still computes.
 * `?excelApi=1.3` gates Explain and the Hedge log check too. Waits are on DOM states, never on time.
 */
import type { Frame, Page } from "playwright-core";
import { activeSheetErrors, playgroundServer, type PlaygroundSession } from "../helpers/playground";
import {
  excelApiUpTo,
  excelFor,
  featureSupport,
  type FeatureSupport,
  type PaneFeature,
} from "../../src/workbook/requirements";

const FEATURES: PaneFeature[] = ["share-copy", "share-workbook", "explain", "hedge-log"];

describe("the sentence each feature shows, and the Excel it names", () => {
  test("share-safe copies on an Excel with ExcelApi 1.7", () => {
    expect(featureSupport("share-copy", excelApiUpTo("1.7"))).toEqual({
      available: false,
      message:
        "Share-safe copies need Excel 2021 or Microsoft 365 (ExcelApi 1.12). The functions and wizards work in this Excel.",
    });
    expect(featureSupport("share-copy", excelApiUpTo("1.11")).available).toBe(false);
    expect(featureSupport("share-copy", excelApiUpTo("1.12"))).toEqual({ available: true });
    expect(featureSupport("share-copy", excelApiUpTo("1.20"))).toEqual({ available: true });
  });

  test("Explain and the Hedge log check name the Excel they need", () => {
    expect(featureSupport("explain", excelApiUpTo("1.6"))).toEqual({
      available: false,
      message:
        "Explain needs Excel 2019 or Microsoft 365 (ExcelApi 1.7). The functions and wizards work in this Excel.",
    });
    expect(featureSupport("explain", excelApiUpTo("1.7"))).toEqual({ available: true });
    expect(featureSupport("hedge-log", excelApiUpTo("1.3"))).toEqual({
      available: false,
      message:
        "Checking the Hedge log needs Excel 2019 or Microsoft 365 (ExcelApi 1.4). The functions and wizards work in this Excel.",
    });
    expect(featureSupport("hedge-log", excelApiUpTo("1.4"))).toEqual({ available: true });
  });

  test("Save as a share-safe workbook needs the document's file (CompressedFile), not an ExcelApi", () => {
    const allBut = (missing: string) => (name: string) => name !== missing;
    expect(featureSupport("share-workbook", allBut("CompressedFile"))).toEqual({
      available: false,
      message:
        "Save as a share-safe workbook needs Excel on Windows or Mac (CompressedFile 1.1). The functions and wizards work in this Excel.",
    });
    expect(featureSupport("share-workbook", allBut("ExcelApi"))).toEqual({ available: true });
  });

  test("ExcelApi versions map to Microsoft's table, 1.10 after 1.9", () => {
    const excel = (version: string) => excelFor({ name: "ExcelApi", version });
    expect(excel("1.1")).toBe("Excel 2016 or Microsoft 365");
    expect(excel("1.2")).toBe("Excel 2019 or Microsoft 365");
    expect(excel("1.7")).toBe("Excel 2019 or Microsoft 365");
    expect(excel("1.8")).toBe("Excel 2021 or Microsoft 365");
    expect(excel("1.10")).toBe("Excel 2021 or Microsoft 365");
    expect(excel("1.14")).toBe("Excel 2021 or Microsoft 365");
    expect(excel("1.15")).toBe("Excel 2024 or Microsoft 365");
    expect(excel("1.17")).toBe("Excel 2024 or Microsoft 365");
    expect(excel("1.18")).toBe("Microsoft 365");
    expect(excelApiUpTo("1.10")("ExcelApi", "1.9")).toBe(true);
    expect(excelApiUpTo("1.9")("ExcelApi", "1.10")).toBe(false);
  });
});

const playground = playgroundServer();

/** The playground opened as an Excel with ExcelApi up to `excelApi`, its pane and what it says. */
async function openAs(
  excelApi: string
): Promise<PlaygroundSession & { host: Record<PaneFeature, FeatureSupport> }> {
  const session = await playground.open();
  const { page } = session;
  await page.goto(`${playground.base}/playground.html?excelApi=${excelApi}`);
  await page.waitForSelector("body[data-ready=true]");
  await page.frameLocator("#taskpane").locator("body[data-ready=true]").waitFor();
  const pane = page.frames().find((f) => f.url().endsWith("/playground-pane.html"))!;
  const host = await page.evaluate((features) => {
    const book = (globalThis as unknown as { althedgePlayground: { supports(f: string): unknown } })
      .althedgePlayground;
    return Object.fromEntries(features.map((f) => [f, book.supports(f)]));
  }, FEATURES);
  return { ...session, pane, host: host as Record<PaneFeature, FeatureSupport> };
}

const messageOf = (support: FeatureSupport): string => (support.available ? "" : support.message);

/** The Share tab, rendered. */
async function showShare(pane: Frame): Promise<void> {
  await pane.click("#tab-share");
  await pane.locator("#share-run").waitFor();
}

async function showAudit(pane: Frame): Promise<void> {
  await pane.click("#tab-audit");
  await pane.locator("#explain-button").waitFor();
  await pane.locator("#log-check").waitFor();
}

async function typeInto(page: Page, address: string, text: string): Promise<void> {
  await page.locator(`#grid td[data-address="${address}"]`).click();
  await page.keyboard.type(text);
  await page.keyboard.press("Enter");
}

/** A function computes in the grid: the spec's HEDGERATIO, 1,000,000 ÷ 50,000 × 0.8. */
async function functionComputes(page: Page): Promise<void> {
  await page.locator("#sheet-tabs button", { hasText: "Read me" }).first().click();
  await typeInto(page, "F2", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)");
  await expect(page.locator('#grid td[data-address="F2"]').textContent()).resolves.toBe("16");
}

test("as an Excel with ExcelApi 1.7: share-safe copies say what they need and are disabled; wizards and functions work", async () => {
  const { page, pane, watch, host } = await openAs("1.7");
  // The playground's workbook answers as such an Excel, with the sentences of requirements.ts
  expect(host["share-copy"]).toEqual(featureSupport("share-copy", excelApiUpTo("1.7")));
  expect(host.explain).toEqual({ available: true });
  expect(host["hedge-log"]).toEqual({ available: true });

  // Share: each unavailable feature's sentence where it is used, its control disabled
  await showShare(pane);
  const share = (await pane.textContent("#view-share")) ?? "";
  expect(share).toContain(messageOf(host["share-copy"]));
  expect(await pane.isDisabled("#share-run")).toBe(true);
  const boxes = pane.locator("#share-sheets input[type=checkbox]");
  if ((await boxes.count()) > 0) {
    await boxes.first().check(); // a sheet chosen does not enable it
    expect(await pane.isDisabled("#share-run")).toBe(true);
  }
  if (!host["share-workbook"].available) {
    expect(share).toContain(host["share-workbook"].message);
    const save = pane.getByRole("button", { name: /share-safe workbook/i });
    for (let i = 0; i < (await save.count()); i++)
      expect(await save.nth(i).isDisabled()).toBe(true);
  }

  // Audit: Explain and the log check are there (ExcelApi 1.7 has them)
  await showAudit(pane);
  expect(await pane.isDisabled("#explain-button")).toBe(false);
  expect(await pane.locator("#explain-unavailable").count()).toBe(0);
  expect(await pane.isDisabled("#log-check")).toBe(false);
  expect(await pane.locator("#log-unavailable").count()).toBe(0);

  // A wizard still writes its sheet, every formula of it computed
  await pane.click("#tab-wizards");
  await pane.click('button[data-wizard="rollover"]');
  await pane.fill("#field-days", "6");
  await pane.fill("#field-contracts", "10");
  expect(await pane.isDisabled("#wizard-run")).toBe(false);
  await pane.click("#wizard-run");
  await pane.waitForSelector("#wizard-result .message.success");
  const sheet = (await pane.textContent("#wizard-result strong"))!;
  await expect(page.locator("#sheet-tabs button[aria-selected=true]").textContent()).resolves.toBe(
    sheet
  );
  expect(await activeSheetErrors(page)).toEqual([]);
  expect(await page.locator("#grid td.number").count()).toBeGreaterThan(5);

  // and a function still computes
  await functionComputes(page);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 120000);

test("as an Excel with ExcelApi 1.3: Explain and the Hedge log check say what they need and are disabled; Prepared by still works", async () => {
  const { page, pane, watch, host } = await openAs("1.3");
  expect(host.explain).toEqual(featureSupport("explain", excelApiUpTo("1.3")));
  expect(host["hedge-log"]).toEqual(featureSupport("hedge-log", excelApiUpTo("1.3")));
  expect(host.explain.available).toBe(false);
  expect(host["hedge-log"].available).toBe(false);

  await showAudit(pane);
  expect(await pane.isDisabled("#explain-button")).toBe(true);
  await expect(pane.textContent("#explain-unavailable")).resolves.toBe(messageOf(host.explain));
  expect(await pane.getAttribute("#explain-button", "aria-describedby")).toBe(
    "explain-unavailable"
  );
  expect(await pane.isDisabled("#log-check")).toBe(true);
  await expect(pane.textContent("#log-unavailable")).resolves.toBe(messageOf(host["hedge-log"]));
  expect(await pane.getAttribute("#log-check", "aria-describedby")).toBe("log-unavailable");
  // the log was not read: its status stays empty
  await expect(pane.textContent("#log-status")).resolves.toBe("");

  // "Prepared by" is kept in the document's settings, not the log table: it still saves
  await pane.fill("#prepared-by", "A. Analyst");
  await pane.click("#prepared-by-save");
  await expect(
    pane.locator("#prepared-by-status", { hasText: "Prepared by A. Analyst" }).textContent()
  ).resolves.toMatch(/Prepared by A\. Analyst/);

  await functionComputes(page);
  expect(watch.errors).toEqual([]);
  expect(watch.foreignRequests).toEqual([]);
}, 120000);
