/**
 * The engine adapter: HyperFormula with every function of functions.json registered from the built
 * bundle. The reference for each result is the same registered function called directly with the
 * arguments Excel would pass, so the adapter is proven to add nothing and lose nothing.
 */
import { StubError } from "../helpers/bundle";
import { engineWorkbook, realBundle } from "../helpers/engine";
import type { EngineWorkbook } from "../../src/workbook/engine";
import { a1, callsAltHedge, LOG_SHEET, type SheetPlan } from "../../src/templates/plan";

const { readCatalog, parseExample } = require("../../scripts/lib/catalog.js");

type Outcome = { error: string } | { value: unknown } | { spill: unknown[][] };

/** A direct call, as Excel makes it: every declared parameter passed, errors caught. */
function direct(id: string, args: unknown[]): Outcome {
  try {
    const value = realBundle().call(id, ...args);
    if (Array.isArray(value))
      return { spill: value.map((row: unknown[]) => row.map((c) => (c === "" ? null : c))) };
    return { value };
  } catch (error) {
    if (error instanceof StubError) return { error: error.code };
    throw error;
  }
}

/** The engine's answer at `row`,`col` of `sheet`, read the way a person reads the grid. */
function inEngine(
  book: EngineWorkbook,
  sheet: number,
  row: number,
  col: number,
  like: Outcome
): Outcome {
  const cell = book.value(sheet, row, col);
  if (cell !== null && typeof cell === "object") return { error: cell.error };
  if (!("spill" in like)) return { value: cell };
  const rows = like.spill.length;
  const cols = like.spill[0].length;
  const spill: unknown[][] = [];
  for (let r = 0; r < rows; r++) {
    const line: unknown[] = [];
    for (let c = 0; c < cols; c++) {
      const v = book.value(sheet, row + r, col + c);
      line.push(v !== null && typeof v === "object" ? v.error : v);
    }
    spill.push(line);
  }
  // nothing spilled beyond the result
  expect(book.value(sheet, row + rows, col)).toBeNull();
  return { spill };
}

let catalog: { id: string; doc?: { examples: string[] } }[];
beforeAll(async () => {
  catalog = await readCatalog();
});

test("every function in functions.json gives in the engine what the registered function gives", () => {
  const { metadata } = realBundle();
  let checked = 0;
  for (const meta of metadata.functions) {
    const doc = catalog.find((f: { id: string }) => f.id === meta.id)?.doc;
    expect(doc?.examples.length).toBeGreaterThan(0);
    for (const example of doc!.examples as string[]) {
      const formula = example.split("→")[0].trim();
      const { args } = parseExample(example) as { args: unknown[] };
      const book = engineWorkbook([{ name: "Scratch", cells: [[formula]] }]);
      const expected = direct(meta.id, args);
      expect({ example, outcome: inEngine(book, 0, 0, 0, expected) }).toEqual({
        example,
        outcome: expected,
      });
      checked++;
    }
  }
  expect(checked).toBeGreaterThanOrEqual(metadata.functions.length);
});

test("range arguments read from cells as Excel passes them (blanks as empty strings, text skipped)", () => {
  // A column with a blank and a text cell: the same cells passed as any[][] to the direct call.
  const prices = [[100], [""], [110], ["n/a"], [99], [104.5]];
  const cells = [["Price"], ...prices.map(([p]) => [p === "" ? null : p])];
  const book = engineWorkbook([{ name: "Data", cells }]);
  const sheet = book.sheetId("Data");
  book.setContents(sheet, 0, 2, "=ALTHEDGE.RETURNS(A2:A7)");
  book.setContents(sheet, 0, 3, "=ALTHEDGE.MAXDRAWDOWN(A2:A7)");
  const returns = direct("RETURNS", [prices]);
  const drawdown = direct("MAXDRAWDOWN", [prices]);
  expect(inEngine(book, sheet, 0, 2, returns)).toEqual(returns);
  expect(inEngine(book, sheet, 0, 3, drawdown)).toEqual(drawdown);
});

test("a spill follows its inputs: more prices, more returns; fewer, fewer", () => {
  const book = engineWorkbook([{ name: "S", cells: [[100], [110], [121], [null], [null]] }]);
  book.setContents(0, 0, 1, "=ALTHEDGE.RETURNS(A1:A5)");
  // 3 prices → 2 simple returns (0.1 each, up to float rounding of 110/100 − 1 and 121/110 − 1)
  expect(book.value(0, 1, 1)).toBeCloseTo(0.1, 12);
  expect(book.value(0, 2, 1)).toBeNull();
  book.setContents(0, 3, 0, "133.1");
  book.setContents(0, 4, 0, "146.41");
  // 5 prices → 4 returns, each 10% by construction
  for (let r = 0; r < 4; r++) expect(book.value(0, r, 1)).toBeCloseTo(0.1, 12);
  book.setContents(0, 2, 0, "");
  book.setContents(0, 3, 0, "");
  book.setContents(0, 4, 0, "");
  expect(book.value(0, 0, 1)).toBeCloseTo(0.1, 12);
  expect(book.value(0, 1, 1)).toBeNull();
});

test("the issue's example: HEDGERATIO(1000000, 50000, 0.8) is 16, a bad input shows its error and message", () => {
  const book = engineWorkbook();
  book.setContents(0, 0, 0, "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)");
  // 1,000,000 ÷ 50,000 × 0.8 = 16 (spec formula)
  expect(book.value(0, 0, 0)).toBe(16);
  book.setContents(0, 1, 0, "=ALTHEDGE.HEDGERATIO(1000000,0,0.8)");
  const cell = book.value(0, 1, 0) as { error: string; message: string };
  expect(direct("HEDGERATIO", [1000000, 0, 0.8])).toEqual({ error: cell.error });
  expect(cell.error).toBe("#DIV/0!"); // spec: contract_notional = 0 is #DIV/0!
  expect(cell.message).toMatch(/contract/i);
});

test("native formulas compute at full double precision, and ALTHEDGE results feed them", () => {
  const book = engineWorkbook();
  book.setContents(0, 0, 0, "=0.1+0.2");
  expect(book.value(0, 0, 0)).toBe(0.1 + 0.2); // IEEE 754: 0.30000000000000004, as Excel computes it
  book.setContents(0, 1, 0, "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)*2");
  expect(book.value(0, 1, 0)).toBe(32);
});

function smallPlan(): SheetPlan {
  return {
    name: "Exposure 2026-11-24",
    cells: [
      { row: 0, col: 0, value: "Exposure", style: "title" },
      { row: 1, col: 0, value: "Notional" },
      { row: 1, col: 1, value: 1000000, format: "$#,##0" },
      { row: 2, col: 0, value: "Contracts" },
      { row: 2, col: 1, formula: "=ALTHEDGE.HEDGERATIO(B2,50000,0.8)" },
      { row: 3, col: 0, value: "Doubled" },
      { row: 3, col: 1, formula: "=B3*2" },
      { row: 4, col: 0, value: "=not a formula" },
    ],
    tables: [{ name: "Inputs", range: "A2:B4" }],
  };
}

test("a plan goes to a new, uniquely named sheet; the hedge log gains one row per run", async () => {
  const book = engineWorkbook([{ name: "Exposure 2026-11-24", cells: [["mine"]] }]);
  const log = {
    timestamp: "2026-11-24T10:00:00Z",
    wizard: "Exposure segmentation",
    sheet: "",
    inputs: "participation 10%",
  };
  const first = await book.applyPlan(smallPlan(), log);
  expect(first.sheet).toBe("Exposure 2026-11-24 (2)");
  expect(book.valueAt("Exposure 2026-11-24", "A1")).toBe("mine"); // the user's sheet is untouched
  expect(book.valueAt(first.sheet, "B3")).toBe(16); // 1,000,000 ÷ 50,000 × 0.8
  expect(book.valueAt(first.sheet, "B4")).toBe(32);
  expect(book.valueAt(first.sheet, "A5")).toBe("=not a formula"); // text stays text
  const second = await book.applyPlan(smallPlan(), log);
  expect(second.sheet).toBe("Exposure 2026-11-24 (3)");
  expect(book.valueAt(LOG_SHEET, "A1")).toBe("Time");
  expect(book.valueAt(LOG_SHEET, "D2")).toBe(first.sheet);
  expect(book.valueAt(LOG_SHEET, "D3")).toBe(second.sheet);
  expect(book.valueAt(LOG_SHEET, "D4")).toBeNull();
  expect(book.extrasOf(book.sheetId(LOG_SHEET)).tables[0].range).toBe("A1:F3");
  expect(book.sheetNames()[book.activeSheet]).toBe(second.sheet);
});

test("insertFormulaIfEmpty writes into an empty cell only", async () => {
  const book = engineWorkbook([{ name: "S", cells: [[5]] }]);
  book.select(0, 0);
  const refused = await book.insertFormulaIfEmpty("=ALTHEDGE.HEDGERATIO(1,1,1)");
  expect(refused.ok).toBe(false);
  expect(book.value(0, 0, 0)).toBe(5);
  book.select(1, 0);
  const written = await book.insertFormulaIfEmpty("=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)");
  expect(written).toEqual({ ok: true, address: "S!A2" });
  expect(book.value(0, 1, 0)).toBe(16);
});

test("a share-safe copy freezes ALTHEDGE cells and spills, keeps native formulas, lists provenance, leaves the original as it was", async () => {
  const book = engineWorkbook([
    {
      name: "Book",
      cells: [
        [100, "=ALTHEDGE.RETURNS(A1:A4)", "=SUM(A1:A4)", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)"],
        [110, null, "=C1*2", "=D1+1"],
        [99, null, null, null],
        [104.5, null, null, null],
      ],
    },
  ]);
  const source = book.sheetId("Book");
  const before = JSON.stringify(book.hf.getSheetSerialized(source));
  const valuesBefore = JSON.stringify(book.hf.getSheetValues(source));
  const result = await book.shareSafeCopy(["Book"], "0.1.0", "2026-11-24T10:00:00Z");
  const copy = book.sheetId(result.copies[0].copy);
  // Originals: same contents and same values.
  expect(JSON.stringify(book.hf.getSheetSerialized(source))).toBe(before);
  expect(JSON.stringify(book.hf.getSheetValues(source))).toBe(valuesBefore);
  // The copy shows the same numbers…
  expect(JSON.stringify(book.hf.getSheetValues(copy))).toBe(valuesBefore);
  // …with no ALTHEDGE formula left and the native ones live.
  const serialized = book.hf.getSheetSerialized(copy).flat();
  expect(serialized.some(callsAltHedge)).toBe(false);
  expect(book.formula(copy, 0, 2)).toBe("=SUM(A1:A4)");
  expect(book.formula(copy, 1, 3)).toBe("=D1+1");
  // Frozen: the RETURNS anchor and its 2 spilled cells (3 returns from 4 prices), and HEDGERATIO.
  expect(result.frozenCells).toBe(4);
  const provenance = book.sheetId(result.provenanceSheet);
  // One row per frozen formula: the RETURNS spill as its range, HEDGERATIO as its cell.
  const cellsListed = [1, 2].map((r) => book.value(provenance, r, 1));
  expect(cellsListed.sort()).toEqual(["B1:B3", "D1"]);
  expect(book.value(provenance, 3, 0)).toBeNull();
  expect(String(book.value(provenance, 1, 2))).toContain("ALTHEDGE.");
  // Editing the copy's input changes native results only.
  book.setContents(copy, 0, 0, "200");
  expect(book.value(copy, 0, 2)).toBe(200 + 110 + 99 + 104.5);
  expect(book.value(copy, 0, 1)).toBe(book.value(source, 0, 1));
  expect(a1(0, 1)).toBe("B1");
});

describe("an argument holding an error: Excel shows it and never calls the function", () => {
  /** The engine with HEDGERATIO and RETURNS counted: the real functions, each call recorded. */
  function counted() {
    const { metadata, functions } = realBundle();
    const calls: string[] = [];
    const spied = new Map(
      [...(functions as Map<string, (...args: unknown[]) => unknown>)].map(([id, fn]) => [
        id,
        (...args: unknown[]) => {
          calls.push(id);
          return fn(...args);
        },
      ])
    );
    const { EngineWorkbook: Book } = require("../../src/workbook/engine");
    const book: EngineWorkbook = new Book({
      metadata,
      functions: spied,
      sheets: [
        {
          name: "S",
          cells: [
            [100, "=ALTHEDGE.HEDGERATIO(NA(), 1)", null],
            ["=1/0", "=ALTHEDGE.HEDGERATIO(1000000, 50000, 0.8)", null],
            [104, null, null],
          ],
        },
      ],
    });
    return { book, calls };
  }

  test("=ALTHEDGE.HEDGERATIO(NA(), 1) shows #N/A; a range with #DIV/0! in it shows #DIV/0!", () => {
    const { book, calls } = counted();
    // RETURNS is typed once A2 shows its error, as a person would. (Loaded together with its
    // inputs, the engine sizes its spill before A2 is computed: a call Excel would not make.)
    book.setContents(0, 0, 2, "=ALTHEDGE.RETURNS(A1:A3)");
    // NA() is #N/A (Excel's own function); A2 is 1/0, #DIV/0!, inside RETURNS's range A1:A3.
    expect(book.value(0, 0, 1)).toMatchObject({ error: "#N/A" });
    expect(book.value(0, 0, 2)).toMatchObject({ error: "#DIV/0!" });
    // Only the call with clean arguments (B2) reached a function: 16 = 1,000,000 × 0.8 / 50,000.
    expect(book.value(0, 1, 1)).toBe(16);
    expect(new Set(calls)).toEqual(new Set(["HEDGERATIO"]));
    // Fixing the input makes Excel call it: A2 = 110 gives RETURNS two returns of A1:A3.
    book.setContents(0, 1, 0, "110");
    expect(calls).toContain("RETURNS");
    expect(book.value(0, 0, 2)).toBeCloseTo(0.1, 12); // 110 / 100 − 1
  });
});

test("a share-safe copy freezes what uses a name calling ALTHEDGE and drops a rule calling it", async () => {
  const book = engineWorkbook([{ name: "Book", cells: [[2, "=HedgeRatio*A1", "=A1*3"]] }]);
  book.addName("HedgeRatio", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)");
  const extras = book.extrasOf(book.sheetId("Book"));
  extras.conditionalFormats.push(
    { range: "A1:A1", formula: "=A1>ALTHEDGE.HEDGERATIO(1,1,1)", fill: "#FFC7CE" },
    { range: "C1:C1", formula: "=C1>5", fill: "#FFC7CE" }
  );
  // B1 = HEDGERATIO (16 = 1,000,000 × 0.8 / 50,000) × A1 (2) = 32, as the engine computes it
  expect(book.valueAt("Book", "B1")).toBe(32);
  const result = await book.shareSafeCopy(["Book"], "0.1.0", "2026-11-24T10:00:00Z");
  const copy = book.sheetId(result.copies[0].copy);
  // B1 is frozen at the 32 it showed; C1 (native, no name) stays live
  expect(book.formula(copy, 0, 1)).toBeUndefined();
  expect(book.value(copy, 0, 1)).toBe(32);
  expect(book.formula(copy, 0, 2)).toBe("=A1*3");
  // the rule calling ALTHEDGE is not on the copy; the native one is
  expect(book.extrasOf(copy).conditionalFormats.map((cf) => cf.formula)).toEqual(["=C1>5"]);
  expect(result.dropped).toBe(1);
  // editing the copy's A1 moves C1 only
  book.setContents(copy, 0, 0, "5");
  expect([book.value(copy, 0, 1), book.value(copy, 0, 2)]).toEqual([32, 15]);
});
