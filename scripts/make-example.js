#!/usr/bin/env node
// `npm run example`: writes examples/althedge-demo.xlsx, a workbook to open in Excel or LibreOffice
// without the playground — the playground's sample book (src/playground/sample-book.json) and one sheet
// per wizard, built from each wizard's own sample inputs on a fixed date. The Policy comes first (the
// templates read its workbook names, AltHedge_LossLimit, …), and the file defines those names, so
// every sheet reads them without the add-in.
//
//   node scripts/make-example.js           writes examples/althedge-demo.xlsx
//   node scripts/make-example.js --check   exits 1 when the committed file's cells differ from a fresh build
//
// Every sheet is first loaded into the engine workbook (src/workbook/engine.ts: HyperFormula with the
// built functions bundle registered the way Excel registers it, see test/helpers/bundle.ts), so each
// formula cell is written with its formula AND the value the real ALTHEDGE functions computed for it.
// Needs the built add-in (`npm run build`): dist/functions.js and dist/functions.json.
//
// Reproducible: a fixed date for the wizards, fixed workbook properties and fixed dates inside the zip,
// so the same sources give the same bytes. `--check` compares cell contents (formula, cached value,
// number format) rather than bytes, so a different exceljs or zlib does not make the file look stale.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const OUTPUT = path.join(ROOT, "examples", "althedge-demo.xlsx");
const SAMPLE_BOOK = path.join(ROOT, "src", "playground", "sample-book.json");

/** The wizards' date: their sheets are named after it, and their schedules start from it. */
const DATE = "2026-11-24";
/** Workbook properties and zip entries carry this time, so that re-running gives the same bytes. */
const FIXED_TIME = new Date(Date.UTC(2026, 10, 24, 9, 0, 0));
const README = "Read me";
/**
 * The Read me's text column, in characters (Calibri 11 digits), and the longest line put in it: prose
 * is narrower than digits, and the margin leaves room for a wider substitute font (LibreOffice
 * without Carlito draws Calibri text in DejaVu Sans).
 */
const README_WIDTH = 100;
const README_LINE = 88;

// The engine, the templates and the test helper that loads the bundle are TypeScript: compile them on
// the fly (CommonJS), as bench/engine.js does. Under jest, ts-jest already compiles them.
require("./lib/typescript").registerTypeScript();

const ExcelJS = require("exceljs");

/** How each plan style looks (the same choices as the Office adapter's STYLE_FORMATS). */
const HEADER_FILL = "FFDDEBF7";
const solid = (argb) => ({ type: "pattern", pattern: "solid", fgColor: { argb } });
const STYLES = {
  title: { font: { bold: true, size: 14 } },
  subtitle: { font: { bold: true } },
  header: { font: { bold: true }, fill: solid(HEADER_FILL) },
  input: { fill: solid("FFFFF2CC") },
  note: { font: { italic: true, color: { argb: "FF7F7F7F" } } },
  total: { font: { bold: true } },
};

/** "#FCE4D6" → "FFFCE4D6" (exceljs colours are ARGB). */
const argb = (hex) => `FF${hex.replace(/^#/, "").toUpperCase()}`;

/**
 * Column widths: the sample book gives them in pixels, as the playground grid draws them; the wizard
 * plans and the Hedge log in points (Office.js `format.columnWidth`, src/templates/common.ts). xlsx
 * stores character widths: Excel draws a width of w characters (Calibri 11) as about 7w + 5 pixels,
 * and a point is 4/3 of a pixel.
 */
const charsFromPixels = (px) => Math.round(((px - 5) / 7) * 100) / 100;
const WIDTH_TO_CHARS = { px: charsFromPixels, pt: (pt) => charsFromPixels((pt * 4) / 3) };

// ---------------------------------------------------------------------------------------------------
// The model: every sheet as Excel will see it, computed by the engine

/**
 * @typedef {number | string | boolean | null | { error: string }} Cached
 * @typedef {{ address: string, row: number, col: number,
 *   kind: "value" | "native" | "althedge" | "spill",
 *   formula?: string, value: Cached, format?: string, style?: string,
 *   dependsOnAltHedge?: boolean }} ExampleCell
 *   kind: a constant; a native formula; a formula calling ALTHEDGE.*; a cell a spilled result fills.
 *   formula: with its leading "=". dependsOnAltHedge: a native formula fed (directly or through other
 *   cells) by an ALTHEDGE.* cell.
 * @typedef {{ name: string, description: string, cells: ExampleCell[],
 *   columnWidths: { col: number, width: number }[],
 *   tables: { name: string, range: string, style?: string }[],
 *   validations: { range: string, list: string[] }[],
 *   conditionalFormats: { range: string, formula: string, fill: string, font?: string }[],
 *   charts: number, freeze?: { rows: number, cols: number },
 *   pageSetup?: PageSetup }} ExampleSheet
 * @typedef {import("../src/templates/plan").PageSetup} PageSetup
 * @typedef {{ name: string, formula: string }} ExampleName
 *   A workbook name: formula "=Policy!$B$6", absolute.
 * @typedef {{ date: string, seed: number, sheets: ExampleSheet[], names: ExampleName[] }} ExampleModel
 */

/** Builds every sheet of the example in the engine and reads back what Excel should show. */
async function buildExample() {
  const { loadBundle } = require("../test/helpers/bundle.ts");
  const { EngineWorkbook } = require("../src/workbook/engine.ts");
  const { WIZARDS } = require("../src/templates/index.ts");
  const {
    a1,
    callsAltHedge,
    parseRange,
    pageSetupOf,
    LOG_SHEET,
  } = require("../src/templates/plan.ts");

  const { metadata, functions } = loadBundle();
  const sample = JSON.parse(fs.readFileSync(SAMPLE_BOOK, "utf8"));
  // The sample book's own "Read me" describes the playground; the example has its own. Its wizard
  // sheets (the Policy, …) are written below by the wizards themselves, with the Hedge log's rows.
  const sampleSheets = sample.sheets.filter((sheet) => sheet.name !== README && !sheet.wizard);
  const book = new EngineWorkbook({
    metadata,
    functions,
    sheets: sampleSheets.map(({ name, cells }) => ({ name, cells })),
  });

  /** What each sheet was built from: sheet name → A1 → the source formula or constant. */
  const sources = new Map();
  const widthUnit = new Map();
  const descriptions = new Map();
  for (const sheet of sampleSheets) {
    const cells = new Map();
    sheet.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell === null || cell === undefined) return;
        cells.set(
          a1(r, c),
          typeof cell === "string" && cell.startsWith("=") ? { formula: cell } : { value: cell }
        );
      })
    );
    sources.set(sheet.name, cells);
    widthUnit.set(sheet.name, "px");
    // The same extras the playground gives the sample book (src/playground/playground.ts).
    const extras = book.extrasOf(book.sheetId(sheet.name));
    for (const { range, format } of sheet.formats ?? []) {
      const r = parseRange(range);
      for (let row = r.row; row <= r.lastRow; row++)
        for (let col = r.col; col <= r.lastCol; col++) extras.formats.set(a1(row, col), format);
    }
    (sheet.columnWidths ?? []).forEach(
      (width, col) => width && extras.columnWidths.set(col, width)
    );
  }
  descriptions.set(
    "Book",
    "The sample book: a dozen altcoin positions, days to liquidate, liquidity tier and BTC perps to short."
  );
  descriptions.set(
    "Perps",
    "BTC-PERP and ETH-PERP: basis, annualised basis of a dated future, funding, and a short example position's margin."
  );
  descriptions.set(
    "Price history",
    "61 daily closes, returns, a book hedged at the minimum-variance ratio, risk results and a HEDGETEST table that spills."
  );

  // The Policy first: the other sheets read its names.
  const ordered = [...WIZARDS].sort(
    (a, b) => Number(b.id === "policy") - Number(a.id === "policy")
  );
  for (const wizard of ordered) {
    const input = wizard.sample();
    const plan = wizard.build(input, DATE);
    const { sheet } = await book.applyPlan(plan, {
      timestamp: FIXED_TIME.toISOString(),
      wizard: wizard.title,
      sheet: plan.name,
      inputs: wizard.logSummary(input),
    });
    const cells = new Map();
    for (const cell of plan.cells) {
      cells.set(
        a1(cell.row, cell.col),
        cell.formula !== undefined ? { formula: cell.formula } : { value: cell.value ?? null }
      );
    }
    sources.set(sheet, cells);
    widthUnit.set(sheet, "pt");
    descriptions.set(sheet, `${wizard.title} wizard, run on its sample inputs: ${wizard.summary}`);
  }
  widthUnit.set(LOG_SHEET, "pt");
  descriptions.set(
    LOG_SHEET,
    "The governance trail: one row per wizard run (time, wizard, sheet written, key inputs)."
  );

  const sheets = [];
  for (const name of book.sheetNames()) {
    const id = book.sheetId(name);
    const extras = book.extrasOf(id);
    const source = sources.get(name) ?? new Map();
    const { rows, cols } = book.dimensions(id);
    /** @type {ExampleCell[]} */
    const cells = [];
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const address = a1(row, col);
        const given = source.get(address);
        const computed = book.value(id, row, col);
        const value =
          computed !== null && typeof computed === "object" ? { error: computed.error } : computed;
        const formula = given?.formula ?? book.formula(id, row, col);
        /** @type {ExampleCell} */
        let cell;
        if (formula !== undefined) {
          cell = {
            address,
            row,
            col,
            kind: callsAltHedge(formula) ? "althedge" : "native",
            formula,
            value,
          };
        } else if (book.isSpilled(id, row, col)) {
          cell = { address, row, col, kind: "spill", value };
        } else if (given && given.value !== null && given.value !== undefined) {
          cell = { address, row, col, kind: "value", value: given.value };
        } else if (value !== null && value !== "") {
          cell = { address, row, col, kind: "value", value };
        } else continue;
        const format = extras.formats.get(address);
        const style = extras.styles.get(address);
        if (format) cell.format = format;
        if (style) cell.style = style;
        cells.push(cell);
      }
    }
    markAltHedgeDependents(book, id, cells);
    const unit = widthUnit.get(name) ?? "px";
    sheets.push({
      name,
      description: descriptions.get(name) ?? "",
      cells,
      columnWidths: [...extras.columnWidths]
        .sort(([a], [b]) => a - b)
        .map(([col, width]) => ({ col, width: WIDTH_TO_CHARS[unit](width) })),
      tables: extras.tables.map((table) => ({ ...table })),
      validations: extras.validations,
      conditionalFormats: extras.conditionalFormats,
      charts: extras.charts.length,
      freeze: extras.freeze,
    });
  }
  // The Hedge log appears with the first wizard run; in the example it closes the book.
  sheets.sort((a, b) => Number(a.name === LOG_SHEET) - Number(b.name === LOG_SHEET));
  checkTables(sheets);
  const all = [readMe(sample, sheets), ...sheets];
  for (const sheet of all) sheet.pageSetup = examplePageSetup(sheet, pageSetupOf);
  const names = book.hf
    .listNamedExpressions()
    .map((name) => ({ name, formula: book.hf.getNamedExpressionFormula(name) }));
  return { date: DATE, seed: sample.seed, sheets: all, names };
}

/**
 * How a sheet of the example prints: the page setup every written sheet gets (`pageSetupOf` in
 * src/templates/plan.ts, the one the add-in applies in Excel), derived from what the file holds. The
 * wizards' charts are not in the file, so they take no room on the page. Widths go back from
 * characters to points, as pageSetupOf measures them (Excel draws w characters as 7w + 5 pixels).
 */
function examplePageSetup(sheet, pageSetupOf) {
  return pageSetupOf({
    cells: sheet.cells.map(({ row, col, value, style }) => ({ row, col, value, style })),
    tables: sheet.tables,
    validations: sheet.validations,
    conditionalFormats: sheet.conditionalFormats,
    columnWidths: sheet.columnWidths.map(({ col, width }) => ({
      col,
      width: (7 * width + 5) * 0.75,
    })),
    freeze: sheet.freeze,
  });
}

/** Excel repairs a file whose table has a blank or repeated header, or a name used twice. */
function checkTables(sheets) {
  const names = new Set();
  for (const sheet of sheets) {
    const byAddress = new Map(sheet.cells.map((cell) => [cell.address, cell]));
    for (const table of sheet.tables) {
      const where = `${sheet.name}, table ${table.name}`;
      if (names.has(table.name.toLowerCase())) throw new Error(`${where}: the name is used twice`);
      names.add(table.name.toLowerCase());
      const r = parseA1Range(table.range);
      const headers = new Set();
      for (let c = r.col; c <= r.lastCol; c++) {
        const header = byAddress.get(a1(r.row, c));
        const text = header && header.kind === "value" ? String(header.value).trim() : "";
        if (!text) throw new Error(`${where}: ${a1(r.row, c)} is not a header text`);
        if (headers.has(text.toLowerCase())) throw new Error(`${where}: header "${text}" twice`);
        headers.add(text.toLowerCase());
      }
    }
  }
}

/**
 * Marks the native formulas an ALTHEDGE.* cell feeds, directly or through other formulas: what
 * LibreOffice (or Excel without the add-in) cannot recompute either once it recalculates.
 */
function markAltHedgeDependents(book, sheet, cells) {
  const key = (s, r, c) => `${s}:${r}:${c}`;
  const memo = new Map();
  const hf = book.hf;
  const tainted = (address, depth = 0) => {
    const k = key(address.sheet, address.row, address.col);
    if (memo.has(k)) return memo.get(k);
    memo.set(k, false); // cycles: not tainted through themselves
    const formula = hf.getCellFormula(address);
    let result = false;
    if (formula !== undefined && /\bALTHEDGE\./i.test(formula)) result = true;
    else if (hf.isCellPartOfArray(address) && formula === undefined) {
      // a spilled cell: tainted when the array formula it belongs to calls ALTHEDGE
      result = spilledFromAltHedge(book, address);
    } else if (formula !== undefined && depth < 10000) {
      for (const precedent of hf.getCellPrecedents(address)) {
        if ("start" in precedent) {
          const { start, end } = precedent;
          for (let r = start.row; r <= end.row && !result; r++)
            for (let c = start.col; c <= end.col && !result; c++)
              result = tainted({ sheet: start.sheet, row: r, col: c }, depth + 1);
        } else result = tainted(precedent, depth + 1);
        if (result) break;
      }
    }
    memo.set(k, result);
    return result;
  };
  for (const cell of cells) {
    if (cell.kind === "native") {
      cell.dependsOnAltHedge = tainted({ sheet, row: cell.row, col: cell.col });
    }
  }
}

/** True when the spilled cell at `address` belongs to an ALTHEDGE.* array formula. */
function spilledFromAltHedge(book, address) {
  const hf = book.hf;
  // The anchor is up and to the left, in the same array: walk to the nearest formula that covers it.
  for (let row = address.row; row >= 0; row--) {
    for (let col = address.col; col >= 0; col--) {
      const at = { sheet: address.sheet, row, col };
      if (!hf.isCellPartOfArray(at)) {
        if (col === address.col) return false;
        break;
      }
      const formula = hf.getCellFormula(at);
      if (formula !== undefined) return /\bALTHEDGE\./i.test(formula);
    }
  }
  return false;
}

/** The first sheet: what the file is, where its numbers come from, and how to get the add-in. */
function readMe(sample, sheets) {
  // "the HEDGETEST table at Price history!M19": each spilled ALTHEDGE result, by its anchor
  const spilling = [];
  for (const sheet of sheets) {
    const spilled = new Set(sheet.cells.filter((c) => c.kind === "spill").map((c) => c.address));
    for (const cell of sheet.cells) {
      if (cell.kind !== "althedge") continue;
      const right = a1(cell.row, cell.col + 1);
      const below = a1(cell.row + 1, cell.col);
      if (!spilled.has(right) && !spilled.has(below)) continue;
      const name = /ALTHEDGE\.([A-Z]+)\(/i.exec(cell.formula);
      spilling.push(
        `the ${name ? name[1].toUpperCase() : "ALTHEDGE"} result at ${sheet.name}!${cell.address}`
      );
    }
  }
  const lines = [
    ["AltHedge example workbook", "title"],
    [
      `Generated by \`npm run example\` (scripts/make-example.js in the AltHedge repository) on a fixed date, ${DATE}.`,
    ],
    [
      `All numbers are invented sample data, not market data: the sample book comes from scripts/make-sample-book.js with seed ${sample.seed}, and each wizard sheet from that wizard's built-in sample inputs. The tickers are real names.`,
    ],
    [],
    ["What the cells show", "subtitle"],
    [
      "Cells with ALTHEDGE.* formulas show the values the AltHedge functions computed when the file was made (cached values).",
    ],
    [
      "They compute again only where the AltHedge add-in is loaded. Without it Excel shows #NAME? in those cells once it recalculates them; LibreOffice shows the cached values unless it is set to recalculate on load.",
    ],
    [
      "Native formulas (SUM, INDEX, CORREL, …) are live in any spreadsheet program. Where the add-in is missing, those fed by an ALTHEDGE.* cell show an error too, or a wrong number (a SUMIF over #NAME? cells adds nothing).",
    ],
    ...(spilling.length > 0
      ? [
          [
            `Results that spill (${spilling.join("; ")}) hold the formula in their top-left cell and plain values, which do not update, in the cells they spill into.`,
          ],
        ]
      : []),
    [
      "Charts the wizards draw in Excel are not in this file. The sheets keep their tables, number formats, drop-down lists and conditional formats.",
    ],
    [],
    ["Sheets", "subtitle"],
    ...sheets.map((sheet) => [sheet.name, null, sheet.description]),
    [],
    ["Get the add-in", "subtitle"],
    [
      "AltHedge is an Excel add-in (Excel on Windows, Mac and the web with Microsoft 365). Your Microsoft 365 admin can deploy its manifest.xml to you (Integrated apps), or you can",
    ],
    [
      "sideload it for yourself: Home › Add-ins › More add-ins › Upload My Add-in, then choose manifest.xml. See docs/deploy.md in the AltHedge repository.",
    ],
    [
      "To send a workbook to someone without the add-in, use the Share tab of the AltHedge task pane: it makes share-safe copies with every ALTHEDGE.* value frozen. See docs/sharing.md.",
    ],
  ];
  // Two columns, so that the sheet reads and prints without a cell cut at its edge or text running
  // over the next row: headings and sheet names in A; every text in B, broken into lines that fit
  // B's width, one row each (wrapped text would need row heights no spreadsheet recomputes on load).
  /** @type {ExampleCell[]} */
  const cells = [];
  let row = 0;
  const put = (col, value, style) =>
    cells.push({
      address: a1(row, col),
      row,
      col,
      kind: "value",
      value,
      ...(style ? { style } : {}),
    });
  for (const [text, styleOrNull, description] of lines) {
    const style = typeof styleOrNull === "string" ? styleOrNull : undefined;
    const prose = style || description !== undefined ? description : text;
    if (text !== undefined && prose !== text) put(0, text, style);
    if (prose === undefined) row++;
    for (const line of prose === undefined ? [] : breakLines(prose, README_LINE)) {
      put(1, line);
      row++;
    }
  }
  return {
    name: README,
    description: "This sheet.",
    cells,
    columnWidths: [
      { col: 0, width: 24 },
      { col: 1, width: README_WIDTH },
    ],
    tables: [],
    validations: [],
    conditionalFormats: [],
    charts: 0,
  };
}

/** `text` broken at spaces into lines of at most `width` characters (a longer word stays whole). */
function breakLines(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// Writing the xlsx

/** A cached value as exceljs writes it into a formula cell's `result`. */
const resultOf = (value) => (value === null ? "" : value);

/** A plain cell value as exceljs takes it. */
const plainOf = (value) =>
  value !== null && typeof value === "object" ? { error: value.error } : value;

/**
 * The example as an exceljs workbook. With `freezeAltHedge`, every ALTHEDGE.* cell is written as its
 * value instead (what the task pane's share-safe copy does), for the LibreOffice test's recalculation.
 * With `pageSetup: false`, the sheets carry no page setup (how the example printed before it had one,
 * for the print test to compare).
 */
function toWorkbook(model, { freezeAltHedge = false, pageSetup = true } = {}) {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "AltHedge (scripts/make-example.js)";
  workbook.lastModifiedBy = "AltHedge (scripts/make-example.js)";
  workbook.created = FIXED_TIME;
  workbook.modified = FIXED_TIME;
  workbook.title = "AltHedge example workbook";
  workbook.subject = "Sample data: an altcoin book and its hedge program";

  for (const sheet of model.sheets) {
    const ws = workbook.addWorksheet(sheet.name, {
      views: [
        sheet.freeze
          ? { state: "frozen", xSplit: sheet.freeze.cols, ySplit: sheet.freeze.rows }
          : { state: "normal" },
      ],
      ...(pageSetup && sheet.pageSetup ? printOptions(sheet.pageSetup) : {}),
    });
    for (const { col, width } of sheet.columnWidths) ws.getColumn(col + 1).width = width;

    const byAddress = new Map(sheet.cells.map((cell) => [cell.address, cell]));
    const contentOf = (cell) => {
      if (!cell) return null;
      if (cell.kind === "native" || (cell.kind === "althedge" && !freezeAltHedge)) {
        // The anchor of a spilled ALTHEDGE.* result is written as a plain formula with its top-left
        // value, and the cells it spills into as plain values (kind "spill"): exceljs cannot write
        // the dynamic-array metadata (the cell's cm attribute and the metadata part) that tells Excel
        // a formula spills, so recipients see the values the add-in computed, not a live spill.
        return { formula: cell.formula.slice(1), result: resultOf(cell.value) };
      }
      return plainOf(cell.value);
    };

    // Tables first: exceljs writes a table's header and rows itself; the cells below rewrite the same
    // contents and add formats and styles.
    for (const table of sheet.tables) {
      const r = parseA1Range(table.range);
      const columns = [];
      for (let c = r.col; c <= r.lastCol; c++) {
        const header = byAddress.get(a1(r.row, c));
        columns.push({ name: String(header.value), filterButton: true });
      }
      const rows = [];
      for (let row = r.row + 1; row <= r.lastRow; row++) {
        const line = [];
        for (let c = r.col; c <= r.lastCol; c++) line.push(contentOf(byAddress.get(a1(row, c))));
        rows.push(line);
      }
      ws.addTable({
        name: table.name,
        ref: a1(r.row, r.col),
        headerRow: true,
        totalsRow: false,
        style: { theme: table.style ?? "TableStyleMedium2", showRowStripes: true },
        columns,
        rows,
      });
    }

    for (const cell of sheet.cells) {
      const target = ws.getCell(cell.address);
      target.value = contentOf(cell);
      if (cell.format) target.numFmt = cell.format;
      const style = cell.style && STYLES[cell.style];
      if (style?.font) target.font = style.font;
      if (style?.fill) target.fill = style.fill;
    }

    for (const { range, list } of sheet.validations) {
      const r = parseA1Range(range);
      for (let row = r.row; row <= r.lastRow; row++)
        for (let col = r.col; col <= r.lastCol; col++)
          ws.getCell(a1(row, col)).dataValidation = {
            type: "list",
            allowBlank: true,
            showErrorMessage: true,
            formulae: [`"${list.join(",")}"`],
          };
    }

    sheet.conditionalFormats.forEach((cf, i) => {
      const style = {
        fill: { type: "pattern", pattern: "solid", bgColor: { argb: argb(cf.fill) } },
      };
      if (cf.font) style.font = { color: { argb: argb(cf.font) } };
      ws.addConditionalFormatting({
        ref: cf.range,
        rules: [
          { type: "expression", priority: i + 1, formulae: [cf.formula.replace(/^=/, "")], style },
        ],
      });
    });
  }
  // Workbook names (the Policy's limits): "Policy!$B$6" named "AltHedge_LossLimit".
  for (const { name, formula } of model.names ?? []) {
    workbook.definedNames.add(formula.replace(/^=/, ""), name);
  }
  return workbook;
}

/** The workbook names of an xlsx, as exceljs reads them back: name → "Policy!$B$6". */
async function readNames(file) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const names = new Map();
  for (const { name, ranges } of workbook.definedNames.model) names.set(name, ranges.join(","));
  return names;
}

/** The names the model writes, in readNames' shape. */
const expectedNames = (model) =>
  new Map(model.names.map(({ name, formula }) => [name, formula.replace(/^=/, "")]));

/** The differences between two sets of names, as readable lines. */
function compareNames(expected, actual) {
  const problems = [];
  for (const [name, ref] of expected)
    if (actual.get(name) !== ref)
      problems.push(`name ${name}: expected ${ref}, found ${actual.get(name) ?? "none"}`);
  for (const [name, ref] of actual)
    if (!expected.has(name)) problems.push(`name ${name}: unexpected ${ref}`);
  return problems;
}

/**
 * exceljs's page setup and footer for a sheet's PageSetup: the print area, the title rows, the
 * orientation, fit to `fitWidth` pages wide and any number tall (fitToHeight 0, Excel's "automatic"),
 * and one footer for every page with its left, centre and right sections.
 */
function printOptions(setup) {
  const { left, center, right } = setup.footer;
  return {
    pageSetup: {
      printArea: setup.area,
      ...(setup.titleRows ? { printTitlesRow: setup.titleRows.replace(/\$/g, "") } : {}),
      orientation: setup.orientation,
      fitToPage: true,
      fitToWidth: setup.fitWidth,
      fitToHeight: 0,
    },
    headerFooter: { oddFooter: `&L${left}&C${center}&R${right}` },
  };
}

/**
 * Every sheet's page setup as an xlsx holds it: sheet → { printArea, printTitlesRow, orientation,
 * fitToPage, fitToWidth, fitToHeight, footer }, as exceljs reads them back.
 */
async function readPageSetup(file) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheets = new Map();
  workbook.eachSheet((ws) => {
    const { printArea, printTitlesRow, orientation, fitToPage, fitToWidth, fitToHeight } =
      ws.pageSetup;
    sheets.set(ws.name, {
      printArea,
      printTitlesRow,
      orientation,
      fitToPage,
      fitToWidth,
      fitToHeight,
      footer: ws.headerFooter?.oddFooter ?? undefined,
    });
  });
  return sheets;
}

/** The page setup the model writes, in readPageSetup's shape. */
function expectedPageSetup(model) {
  const sheets = new Map();
  for (const sheet of model.sheets) {
    const { pageSetup, headerFooter } = printOptions(sheet.pageSetup);
    sheets.set(sheet.name, {
      printArea: pageSetup.printArea,
      printTitlesRow: pageSetup.printTitlesRow,
      orientation: pageSetup.orientation,
      fitToPage: pageSetup.fitToPage,
      fitToWidth: pageSetup.fitToWidth,
      fitToHeight: pageSetup.fitToHeight,
      footer: headerFooter.oddFooter,
    });
  }
  return sheets;
}

/** The differences between two sets of page setups (readPageSetup's shape), as readable lines. */
function comparePageSetup(expected, actual) {
  const problems = [];
  for (const [sheet, want] of expected) {
    const got = actual.get(sheet);
    for (const key of Object.keys(want)) {
      if (got?.[key] !== want[key]) {
        problems.push(
          `${sheet}: page setup ${key} expected ${JSON.stringify(want[key])}, found ${JSON.stringify(got?.[key])}`
        );
      }
    }
  }
  return problems;
}

/** The workbook's bytes, with every zip entry dated FIXED_TIME so that equal contents give equal bytes. */
async function toBuffer(workbook) {
  const buffer = await workbook.xlsx.writeBuffer();
  // exceljs zips with JSZip, which dates each entry "now"; re-date them (JSZip comes with exceljs).
  const JSZip = require(
    require.resolve("jszip", { paths: [path.dirname(require.resolve("exceljs"))] })
  );
  const zip = await JSZip.loadAsync(buffer);
  for (const entry of Object.values(zip.files)) entry.date = FIXED_TIME;
  return zip.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 6 },
    platform: "DOS",
  });
}

async function writeExample(model, file, options) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, await toBuffer(toWorkbook(model, options)));
}

// ---------------------------------------------------------------------------------------------------
// Reading an xlsx back, and comparing cell contents

/**
 * Every non-empty cell of an xlsx as exceljs reads it: sheet → A1 → { formula?, value, format }.
 * `formula` without its "="; `value` the cached result of a formula, else the constant; errors as
 * { error }.
 */
async function readCells(file) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheets = new Map();
  workbook.eachSheet((ws) => {
    const cells = new Map();
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const v = cell.value;
        let entry;
        if (cell.type === ExcelJS.ValueType.Formula) {
          // cell.value drops a falsy result (0, FALSE, ""): read the model instead
          entry = { formula: cell.formula, value: normalize(cell.model.result) };
        } else if (v !== null && typeof v === "object" && "richText" in v) {
          entry = { value: v.richText.map((part) => part.text).join("") };
        } else {
          entry = { value: normalize(v) };
        }
        if (entry.formula === undefined && (entry.value === null || entry.value === "")) return;
        const format = cell.numFmt && cell.numFmt !== "General" ? cell.numFmt : undefined;
        if (format) entry.format = format;
        cells.set(cell.address, entry);
      })
    );
    sheets.set(ws.name, cells);
  });
  return sheets;
}

/** exceljs reads a number with a date format as a Date (UTC); back to the serial number it stores. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function normalize(value) {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return (value.getTime() - EXCEL_EPOCH) / 86400000;
  if (typeof value === "object" && "error" in value) return { error: value.error };
  return value;
}

/** The cells the model writes, in readCells' shape. */
function expectedCells(model) {
  const sheets = new Map();
  for (const sheet of model.sheets) {
    const cells = new Map();
    for (const cell of sheet.cells) {
      const entry =
        cell.kind === "native" || cell.kind === "althedge"
          ? { formula: cell.formula.slice(1), value: cell.value === "" ? null : cell.value }
          : { value: cell.value };
      if (entry.formula === undefined && (entry.value === null || entry.value === "")) continue;
      if (cell.format) entry.format = cell.format;
      cells.set(cell.address, entry);
    }
    sheets.set(sheet.name, cells);
  }
  return sheets;
}

/** Two values agree: equal, or numbers within `tolerance` relative (absolute near zero). */
function sameValue(a, b, tolerance = 1e-12) {
  if (typeof a === "number" && typeof b === "number") {
    return a === b || Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(a), Math.abs(b));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    return a.error === b.error;
  }
  return a === b;
}

/** The differences between two sets of cells (readCells' shape), as readable lines. */
function compareCells(expected, actual, tolerance) {
  const problems = [];
  const names = (map) => [...map.keys()].join(", ");
  if (names(expected) !== names(actual)) {
    problems.push(`sheets: expected [${names(expected)}], found [${names(actual)}]`);
  }
  for (const [sheet, cells] of expected) {
    const found = actual.get(sheet);
    if (!found) continue;
    for (const [address, want] of cells) {
      const got = found.get(address);
      const where = `${sheet}!${address}`;
      if (!got) problems.push(`${where}: missing (expected ${show(want)})`);
      else if (
        want.formula !== got.formula ||
        !sameValue(want.value, got.value, tolerance) ||
        (want.format ?? "") !== (got.format ?? "")
      )
        problems.push(`${where}: expected ${show(want)}, found ${show(got)}`);
    }
    for (const [address, got] of found) {
      if (!cells.has(address)) problems.push(`${sheet}!${address}: unexpected ${show(got)}`);
    }
  }
  return problems;
}

const show = (entry) =>
  `${entry.formula !== undefined ? `=${entry.formula} → ` : ""}${JSON.stringify(entry.value)}${
    entry.format ? ` [${entry.format}]` : ""
  }`;

// ---------------------------------------------------------------------------------------------------
// A1 helpers (plain JS, so that toWorkbook needs nothing compiled)

function a1(row, col) {
  let name = "";
  for (let n = col + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return `${name}${row + 1}`;
}

function parseA1Range(range) {
  const cell = (text) => {
    const m = /^\$?([A-Z]{1,3})\$?(\d+)$/i.exec(text.trim());
    if (!m) throw new Error(`not an A1 address: ${text}`);
    let col = 0;
    for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
    return { row: Number(m[2]) - 1, col: col - 1 };
  };
  const [start, end = start] = range.replace(/^.*!/, "").split(":");
  const a = cell(start);
  const b = cell(end);
  return { row: a.row, col: a.col, lastRow: b.row, lastCol: b.col };
}

// ---------------------------------------------------------------------------------------------------

async function main(argv) {
  const check = argv.includes("--check");
  const started = Date.now();
  let model;
  try {
    model = await buildExample();
  } catch (error) {
    if (/dist\/ is missing/.test(String(error && error.message))) {
      console.error("The built add-in is missing: run `npm run build` first.");
      return 1;
    }
    throw error;
  }
  const relative = path.relative(ROOT, OUTPUT);
  if (check) {
    if (!fs.existsSync(OUTPUT)) {
      console.error(`${relative} does not exist: run \`npm run example\`.`);
      return 1;
    }
    const problems = [
      ...compareCells(expectedCells(model), await readCells(OUTPUT)),
      ...comparePageSetup(expectedPageSetup(model), await readPageSetup(OUTPUT)),
      ...compareNames(expectedNames(model), await readNames(OUTPUT)),
    ];
    if (problems.length > 0) {
      console.error(
        `${relative} is out of date (${problems.length} differences), run \`npm run example\`:`
      );
      for (const line of problems.slice(0, 20)) console.error(`  ${line}`);
      return 1;
    }
    console.log(`${relative} is up to date.`);
    return 0;
  }
  await writeExample(model, OUTPUT);
  const count = (kind) =>
    model.sheets.reduce((n, sheet) => n + sheet.cells.filter((c) => c.kind === kind).length, 0);
  const errors = model.sheets.flatMap((sheet) =>
    sheet.cells
      .filter((c) => c.value !== null && typeof c.value === "object")
      .map((c) => `${sheet.name}!${c.address} ${c.value.error}`)
  );
  console.log(
    `Wrote ${relative}: ${model.sheets.length} sheets, ${count("althedge")} ALTHEDGE formulas, ` +
      `${count("native")} native formulas, ${count("spill")} spilled values (${Date.now() - started} ms).`
  );
  if (errors.length > 0) console.log(`Cells showing an error: ${errors.join(", ")}`);
  return 0;
}

module.exports = {
  OUTPUT,
  DATE,
  buildExample,
  toWorkbook,
  toBuffer,
  writeExample,
  readCells,
  expectedCells,
  compareCells,
  readPageSetup,
  expectedPageSetup,
  comparePageSetup,
  readNames,
  expectedNames,
  compareNames,
  sameValue,
};

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
}
