/**
 * Issue 12, acceptance 1, in real LibreOffice (headless, recalculation on load forced): the example
 * workbook through `npm run share-safe`, and the hand-made packages of ./cases.ts through the same
 * transform, opened and saved again as xlsx. What LibreOffice computes is compared with the cached
 * values of the input, read with exceljs (scripts/make-example.js `readCells`).
 * LibreOffice must be there (installed with apt-get when missing and running as root): without it
 * the tests fail, they do not skip.
 */
import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { shareSafeFile } from "../../src/workbook/ooxml";
import { convertToXlsx, findSoffice } from "../helpers/libreoffice";
import { buildBook, callsAltHedge, formulaTexts, partsOf } from "./build";
import * as cases from "./cases";

type Cached = number | string | boolean | null | { error: string };
type ReadCells = Map<string, Map<string, { formula?: string; value: Cached }>>;
const example = require("../../scripts/make-example.js") as {
  readCells(file: string): Promise<ReadCells>;
  sameValue(a: Cached, b: Cached, tolerance?: number): boolean;
};

const ROOT = path.resolve(__dirname, "..", "..");
const DEMO = path.join(ROOT, "examples", "althedge-demo.xlsx");
/** LibreOffice writes 15 significant digits; the add-in's values carry 17. */
const TOLERANCE = 1e-9;
const CASES = ["xldudf", "shared", "spill", "names", "rules", "hidden", "comments"] as const;

let input: ReadCells;
let shared: ReadCells;
let sharedParts: Map<string, string>;
let recalculated: ReadCells;
const handMade = new Map<string, ReadCells>();
let cliOutput = "";
/** The example as LibreOffice writes it (another writer's XML), made share-safe, recalculated. */
let fromLibreOffice: ReadCells;
let fromLibreOfficeFrozen = 0;

const show = (value: Cached | undefined): string => JSON.stringify(value ?? null);
/** A formula's "" result reads back as an empty cell. */
const expected = (value: Cached): Cached => (value === "" ? null : value);
const isAltHedge = callsAltHedge;

/** "Sheet!A1: …" for every cell showing #NAME?, #REF! or one of LibreOffice's own Err:nnn. */
function badCells(
  cells: ReadCells,
  skip: (sheet: string, address: string) => boolean = () => false
): string[] {
  const bad: string[] = [];
  for (const [sheet, map] of cells)
    for (const [address, { value }] of map) {
      if (skip(sheet, address)) continue;
      // an error value, or LibreOffice's own error shown as text ("Err:502"); a text cell that
      // merely mentions #NAME? (the Read me does) is not one
      const shown =
        value !== null && typeof value === "object"
          ? value.error
          : typeof value === "string" && /^Err:\d+$/.test(value)
            ? value
            : "";
      if (/^(#NAME\?|#REF!|Err:)/.test(shown)) bad.push(`${sheet}!${address}: ${shown}`);
    }
  return bad;
}

beforeAll(async () => {
  findSoffice();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "althedge-share-safe-"));
  fs.mkdirSync(path.join(dir, "in"));
  const out = path.join(dir, "in", "althedge-demo-shared.xlsx");
  // the acceptance command itself
  const run = spawnSync("npm", ["run", "--silent", "share-safe", "--", DEMO, out], {
    cwd: ROOT,
    encoding: "utf8",
  });
  cliOutput = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`npm run share-safe failed:\n${cliOutput}`);
  const files = [out];
  for (const name of CASES) {
    const result = await shareSafeFile(buildBook(cases[name]), {
      version: "9.9.9",
      time: "2026-12-02T10:00:00.000Z",
    });
    const file = path.join(dir, "in", `${name}.xlsx`);
    fs.writeFileSync(file, result.bytes);
    files.push(file);
  }
  // the example saved again by LibreOffice (cached values kept), then made share-safe
  const [saved] = await convertToXlsx([DEMO], path.join(dir, "saved"), {
    recalculate: false,
    timeoutMs: 180000,
  });
  const resaved = await shareSafeFile(new Uint8Array(fs.readFileSync(saved)), {
    version: "9.9.9",
    time: "2026-12-02T10:00:00.000Z",
  });
  fromLibreOfficeFrozen = resaved.frozenCells;
  const resavedFile = path.join(dir, "in", "libreoffice-shared.xlsx");
  fs.writeFileSync(resavedFile, resaved.bytes);
  files.push(resavedFile);
  const converted = await convertToXlsx(files, path.join(dir, "recalculated"), {
    recalculate: true,
    timeoutMs: 180000,
  });
  fromLibreOffice = await example.readCells(converted[converted.length - 1]);
  [input, shared, recalculated] = await Promise.all(
    [DEMO, out, converted[0]].map((file) => example.readCells(file))
  );
  sharedParts = partsOf(new Uint8Array(fs.readFileSync(out)));
  for (const [i, name] of CASES.entries())
    handMade.set(name, await example.readCells(converted[i + 1]));
  fs.rmSync(dir, { recursive: true, force: true });
}, 300000);

describe("npm run share-safe -- examples/althedge-demo.xlsx out.xlsx", () => {
  test("says what it did", () => {
    expect(cliOutput).toMatch(/\d+ cells frozen to their values/);
  });

  test("no ALTHEDGE is left in any formula, defined name, conditional format or validation", () => {
    const texts = formulaTexts(sharedParts);
    expect(texts.length).toBeGreaterThan(500); // the example's native formulas are there to search
    expect(texts.filter(callsAltHedge)).toEqual([]);
  });

  test("the Provenance sheet keeps every original ALTHEDGE formula as text, beside its cell", () => {
    const rows = new Map<number, Map<string, Cached>>();
    for (const [address, { value }] of shared.get("Provenance") ?? new Map()) {
      const [, col, row] = /^([A-Z]+)(\d+)$/.exec(address)!;
      rows.set(Number(row), (rows.get(Number(row)) ?? new Map()).set(col, value));
    }
    // A row lists one cell, a spill, or a run filled down a column ("H13:H32": the first cell's
    // formula; each cell below holds it with its relative rows moved down, as a fill-down writes it).
    const recorded = new Set<string>();
    for (const row of rows.values()) {
      const [first, last = first] = String(row.get("B")).split(":");
      const [, col, top] = /^([A-Z]+)(\d+)$/.exec(first) ?? [];
      const bottom = Number(/\d+$/.exec(last)?.[0] ?? top);
      const formula = String(row.get("C"));
      const filled = String(row.get("E") ?? "").includes("filled down");
      if (!filled) {
        recorded.add(`${row.get("A")}!${row.get("B")} ${formula}`);
        continue;
      }
      for (let r = Number(top); r <= bottom; r++)
        recorded.add(`${row.get("A")}!${col}${r} ${moveRows(formula, r - Number(top))}`);
    }
    const missing: string[] = [];
    for (const [sheet, cells] of input)
      for (const [address, cell] of cells) {
        if (!isAltHedge(cell.formula)) continue;
        // the input's formula, as exceljs reads it (without "=")
        const line = `${sheet}!${address} =${cell.formula}`;
        if (!recorded.has(line)) missing.push(line);
      }
    expect(missing).toEqual([]);
    expect(recorded.size).toBeGreaterThan(100);
  });

  describe("opened in LibreOffice with recalculation forced", () => {
    test("no cell shows #NAME?, #REF! or Err:", () => {
      expect([...recalculated.keys()]).toEqual([...input.keys(), "Provenance"]);
      expect(badCells(recalculated)).toEqual([]);
    });

    test("every frozen cell holds its cached value, as a value", () => {
      const problems: string[] = [];
      let frozen = 0;
      for (const [sheet, cells] of input)
        for (const [address, cell] of cells) {
          if (!isAltHedge(cell.formula)) continue;
          frozen++;
          const got = recalculated.get(sheet)?.get(address);
          if (got?.formula !== undefined)
            problems.push(`${sheet}!${address} still has =${got.formula}`);
          // the value the input cached for this ALTHEDGE formula
          if (!example.sameValue(expected(cell.value), got?.value ?? null, TOLERANCE))
            problems.push(
              `${sheet}!${address}: cached ${show(cell.value)}, LibreOffice ${show(got?.value)}`
            );
        }
      expect(frozen).toBeGreaterThan(100);
      expect(problems).toEqual([]);
    });

    test("every native formula agrees with the value the input cached for it", () => {
      const problems: string[] = [];
      let natives = 0;
      for (const [sheet, cells] of input)
        for (const [address, cell] of cells) {
          if (cell.formula === undefined || isAltHedge(cell.formula)) continue;
          natives++;
          const got = recalculated.get(sheet)?.get(address);
          if (got?.formula === undefined)
            problems.push(`${sheet}!${address} lost =${cell.formula}`);
          if (!example.sameValue(expected(cell.value), got?.value ?? null, TOLERANCE))
            problems.push(
              `${sheet}!${address} =${cell.formula}: cached ${show(cell.value)}, LibreOffice ${show(got?.value)}`
            );
        }
      expect(natives).toBeGreaterThan(500);
      expect(problems).toEqual([]);
    });

    test("every other cell (constants, spilled values) is as it was", () => {
      const problems: string[] = [];
      for (const [sheet, cells] of input)
        for (const [address, cell] of cells) {
          if (cell.formula !== undefined) continue;
          const got = recalculated.get(sheet)?.get(address);
          if (!example.sameValue(cell.value, got?.value ?? null, TOLERANCE))
            problems.push(`${sheet}!${address}: ${show(cell.value)} → ${show(got?.value)}`);
        }
      expect(problems).toEqual([]);
    });
  });
});

describe("the hand-made packages, transformed, open in LibreOffice and recalculate", () => {
  const value = (book: string, sheet: string, address: string): Cached =>
    handMade.get(book)?.get(sheet)?.get(address)?.value ?? null;

  test("no #NAME?, #REF! or Err: (but for SEQUENCE and E2#, which LibreOffice 7.4 does not have)", () => {
    for (const name of CASES) {
      // spill!E2:E3 is a live native =SEQUENCE(2) and H1 reads E2#: Excel 365 functions
      const skip = (sheet: string, address: string): boolean =>
        name === "spill" && sheet === "Spill" && ["E2", "E3", "H1"].includes(address);
      expect(`${name}: ${badCells(handMade.get(name)!, skip).join(", ")}`).toBe(`${name}: `);
    }
  });

  test("_xldudf_: frozen values of each type, and the native formula over them", () => {
    // the cached <v> of B1, B2, C2, D2 in the input
    expect(value("xldudf", "Hedge", "B1")).toBe(0.25);
    expect(value("xldudf", "Hedge", "B2")).toEqual({ error: "#VALUE!" });
    expect(value("xldudf", "Hedge", "C2")).toBe("High & dry");
    expect(value("xldudf", "Hedge", "D2")).toBe(true);
    // =B1*4 recalculated by LibreOffice over the frozen 0.25
    expect(value("xldudf", "Hedge", "C1")).toBe(1);
  });

  test("shared formulas: the native group recalculates (=A2*10 in C2), the frozen one holds", () => {
    expect(value("shared", "Shared", "C2")).toBe(20);
    expect(value("shared", "Shared", "B3")).toBe(1.5);
  });

  test("a frozen spill: =SUM(D2:D4) (was D2#) recalculates to 1+2+3 from the frozen values", () => {
    expect(value("spill", "Spill", "F1")).toBe(6);
    expect(value("spill", "Spill", "G1")).toBe(6);
  });

  test("names: =Price*2 and =Twice+1 recalculate over A1 = 2; =Ratio*2 is frozen to its cached 1", () => {
    expect(value("names", "Book", "C1")).toBe(4);
    expect(value("names", "Book", "D1")).toBe(5);
    expect(value("names", "Book", "B1")).toBe(1);
  });

  test("a hidden sheet gone: the sheets are Visible, After and Provenance; =Secret!A2*2 frozen to 84", () => {
    expect([...handMade.get("hidden")!.keys()]).toEqual(["Visible", "After", "Provenance"]);
    expect(value("hidden", "Visible", "A1")).toBe(84);
  });

  test("rules and comments: the sheets open with their values", () => {
    expect(value("rules", "Rules", "B2")).toBe(3);
    expect(value("comments", "Notes", "B1")).toBe(2);
  });
});

describe("the example as LibreOffice writes it (another writer's XML), made share-safe", () => {
  test("freezes the same ALTHEDGE cells; recalculated, every cell shows the input's cached value", () => {
    const altHedge = [...input.values()]
      .flatMap((cells) => [...cells.values()])
      .filter((c) => isAltHedge(c.formula));
    expect(fromLibreOfficeFrozen).toBe(altHedge.length);
    expect(badCells(fromLibreOffice)).toEqual([]);
    const problems: string[] = [];
    for (const [sheet, cells] of input)
      for (const [address, cell] of cells) {
        const got = fromLibreOffice.get(sheet)?.get(address);
        // the value the input cached (an ALTHEDGE cell's, or what a native formula computes again)
        if (!example.sameValue(expected(cell.value), got?.value ?? null, TOLERANCE))
          problems.push(
            `${sheet}!${address}: cached ${show(cell.value)}, LibreOffice ${show(got?.value)}`
          );
      }
    expect(problems).toEqual([]);
  });
});

/** A formula filled `by` rows down: every relative row number moves, `$` rows stay (Excel's fill). */
function moveRows(formula: string, by: number): string {
  return formula.replace(
    /(^|[^A-Za-z0-9_.$])(\$?[A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(.])/g,
    (match, before: string, col: string, absolute: string, digits: string) =>
      absolute ? match : `${before}${col}${Number(digits) + by}`
  );
}
