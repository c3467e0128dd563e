/**
 * The example workbook printed (../shared/spec/taskpane.md, "Every written sheet prints"): LibreOffice,
 * headless, exports examples/althedge-demo.xlsx as the generator writes it to PDF, each sheet with
 * its own page setup, and poppler's pdftotext and pdfinfo read the pages back. Every sheet prints one
 * page wide: each of its pages starts with the sheet's first row (print titles) from column A, every
 * row of the sheet prints whole on one line of one page, and the page is turned as the setup says.
 * The same workbook written without page setup is printed beside it: it fails these checks (so they
 * can fail) and takes more pages.
 * LibreOffice and poppler-utils must be there (installed with apt-get when missing and running as
 * root): without them the tests fail, they do not skip.
 */
import { execFileSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { convertToPdf, findPoppler, findSoffice } from "../helpers/libreoffice";

type Cached = number | string | boolean | null | { error: string };
interface ExampleCell {
  address: string;
  row: number;
  col: number;
  value: Cached;
}
interface PageSetup {
  area: string;
  titleRows?: string;
  orientation: "portrait" | "landscape";
  fitWidth: number;
}
interface ExampleSheet {
  name: string;
  cells: ExampleCell[];
  pageSetup: PageSetup;
}
interface ExampleModel {
  sheets: ExampleSheet[];
}
interface ExampleScript {
  buildExample(): Promise<ExampleModel>;
  writeExample(model: ExampleModel, file: string, options?: { pageSetup?: boolean }): Promise<void>;
}

const example = require("../../scripts/make-example.js") as ExampleScript;

/** One printed page: its text lines (pdftotext -layout), its size in points. */
interface Page {
  lines: string[];
  width: number;
  height: number;
}

let model: ExampleModel;
let printed: Page[];
let unprinted: Page[];

/** The pages of a PDF: text by pdftotext -layout (pages end with a form feed), sizes by pdfinfo. */
function readPdf(file: string, tools: { pdftotext: string; pdfinfo: string }): Page[] {
  const text = execFileSync(tools.pdftotext, ["-layout", "-enc", "UTF-8", file, "-"], {
    encoding: "utf8",
  });
  const pages = text.split("\f").slice(0, -1);
  const info = execFileSync(tools.pdfinfo, ["-f", "1", "-l", String(pages.length), file], {
    encoding: "utf8",
  });
  const sizes = [...info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({
    width: Number(m[2]),
    height: Number(m[3]),
  }));
  expect(sizes).toHaveLength(pages.length);
  return pages.map((page, i) => ({
    lines: page.split("\n").filter((line) => line.trim() !== ""),
    ...sizes[i],
  }));
}

const squash = (text: string): string => text.replace(/\s+/g, " ").trim();

/** The sheet a page belongs to, by its footer ("&A", "Page &P of &N", "&D": the last line). */
function sheetOf(page: Page): string | undefined {
  const footer = squash(page.lines[page.lines.length - 1] ?? "");
  return model.sheets
    .map((sheet) => sheet.name)
    .filter((name) => footer.startsWith(`${name} Page `))
    .sort((a, b) => b.length - a.length)[0];
}

/** A1's text: the first row's first cell, the print title every page of the sheet starts with. */
function titleOf(sheet: ExampleSheet): string {
  const first = sheet.cells.find((cell) => cell.row === 0 && cell.col === 0);
  return typeof first?.value === "string" ? first.value : "";
}

/**
 * Each row's text cells, left to right, by the first characters of each (a text may be cut at its
 * column's edge by a full neighbour, as in Excel: its start always shows).
 */
function rowTexts(sheet: ExampleSheet): { row: number; starts: string[] }[] {
  const rows = new Map<number, ExampleCell[]>();
  for (const cell of sheet.cells) {
    if (typeof cell.value !== "string" || cell.value.trim() === "") continue;
    rows.set(cell.row, [...(rows.get(cell.row) ?? []), cell]);
  }
  return [...rows]
    .sort(([a], [b]) => a - b)
    .map(([row, cells]) => ({
      row,
      starts: cells
        .sort((a, b) => a.col - b.col)
        .map((cell) => squash(cell.value as string).slice(0, 8)),
    }));
}

/** True when `line` holds every one of `parts`, in that order. */
function inOrder(line: string, parts: string[]): boolean {
  let from = 0;
  for (const part of parts) {
    const at = line.indexOf(part, from);
    if (at < 0) return false;
    from = at + part.length;
  }
  return true;
}

/** What keeps `pages` from printing every sheet one page wide, as readable lines; [] when nothing. */
function problemsOf(pages: Page[]): string[] {
  const problems: string[] = [];
  const bySheet = new Map<string, Page[]>();
  pages.forEach((page, i) => {
    const sheet = sheetOf(page);
    if (!sheet) {
      problems.push(`page ${i + 1}: its footer names no sheet: "${page.lines.at(-1)}"`);
      return;
    }
    const footer = squash(page.lines[page.lines.length - 1]);
    if (!footer.includes(`Page ${i + 1} of ${pages.length}`))
      problems.push(
        `page ${i + 1}: footer "${footer}" does not number it ${i + 1} of ${pages.length}`
      );
    bySheet.set(sheet, [...(bySheet.get(sheet) ?? []), page]);
  });
  for (const sheet of model.sheets) {
    const own = bySheet.get(sheet.name) ?? [];
    if (own.length === 0) problems.push(`${sheet.name}: no page`);
    own.forEach((page, i) => {
      const title = titleOf(sheet);
      if (!squash(page.lines[0]).startsWith(squash(title)))
        problems.push(
          `${sheet.name}, its page ${i + 1}: starts with "${squash(page.lines[0]).slice(0, 60)}", not its title "${title}"`
        );
      const landscape = page.width > page.height;
      if (landscape !== (sheet.pageSetup.orientation === "landscape"))
        problems.push(`${sheet.name}, its page ${i + 1}: not ${sheet.pageSetup.orientation}`);
    });
    const lines = own.flatMap((page) => page.lines.map(squash));
    for (const { row, starts } of rowTexts(sheet)) {
      if (!lines.some((line) => inOrder(line, starts)))
        problems.push(`${sheet.name}, row ${row + 1}: no line holds ${JSON.stringify(starts)}`);
    }
  }
  return problems;
}

beforeAll(async () => {
  // Fail here, with the reason, when LibreOffice or poppler-utils is missing and cannot be installed.
  findSoffice();
  const tools = findPoppler();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "althedge-print-"));
  try {
    model = await example.buildExample();
    const file = path.join(dir, "in", "althedge-demo.xlsx");
    const bare = path.join(dir, "in", "althedge-demo-no-page-setup.xlsx");
    await example.writeExample(model, file);
    await example.writeExample(model, bare, { pageSetup: false });
    const [pdf, barePdf] = await convertToPdf([file, bare], path.join(dir, "pdf"), {
      timeoutMs: 120000,
    });
    printed = readPdf(pdf, tools);
    unprinted = readPdf(barePdf, tools);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 300000); // room for apt-get on a fresh machine; ~15 s otherwise

test("every sheet of the example has a page setup: one page wide", () => {
  expect(model.sheets.length).toBeGreaterThan(5);
  for (const sheet of model.sheets) {
    expect({ sheet: sheet.name, fitWidth: sheet.pageSetup?.fitWidth }).toEqual({
      sheet: sheet.name,
      fitWidth: 1,
    });
  }
});

test("printed, every sheet is one page wide: each page starts with its title, every row prints whole on one line, turned as set", () => {
  // Rows to find: every text row of every sheet (the wizards' tables, the sample book, the Read me).
  expect(model.sheets.flatMap(rowTexts).length).toBeGreaterThan(200);
  expect(problemsOf(printed)).toEqual([]);
  // Each sheet's pages follow the sheet order, each footer naming its sheet.
  const order = printed.map(sheetOf);
  expect([...new Set(order)]).toEqual(model.sheets.map((sheet) => sheet.name));
});

test("without page setup the same checks fail, and the workbook takes more pages", () => {
  const problems = problemsOf(unprinted);
  // No footer at all, pages cut sideways: rows split over pages, pages without the title.
  expect(problems.some((p) => /footer names no sheet/.test(p))).toBe(true);
  expect(unprinted.length).toBeGreaterThan(printed.length);
  // Cut sideways: a row's texts are found on no single line of the whole PDF.
  const everyLine = unprinted.flatMap((page) => page.lines.map(squash));
  const split = model.sheets.flatMap((sheet) =>
    rowTexts(sheet).filter(({ starts }) => !everyLine.some((line) => inOrder(line, starts)))
  );
  expect(split.length).toBeGreaterThan(0);
});
