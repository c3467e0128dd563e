/**
 * The share-safe planner on plain inputs, without a workbook: what it freezes, how it names the copies
 * and the Provenance sheet, and the rows it records. Each expected value is worked out by hand from the
 * input next to it; the adapters that apply the plan are tested in test/workbook.
 */
import {
  PROVENANCE_HEADERS,
  checkShareChoice,
  freezeAnchors,
  frozenCellCount,
  frozenCells,
  planShareSafe,
  type ShareInput,
  type ShareSheet,
} from "../../src/templates/share";

const VERSION = "0.1.0";
const TIME = "2026-11-24T10:00:00Z";

const input = (sheets: ShareSheet[], existing = sheets.map((s) => s.name)): ShareInput => ({
  sheets,
  existing,
  version: VERSION,
  time: TIME,
});

/** A sheet without AltHedge formulas. */
const plain = (name: string): ShareSheet => ({ name, formulas: [[1]], values: [[1]] });

describe("names", () => {
  test("a copy is '<sheet> (shared)', made unique without case against the workbook's names", () => {
    const plan = planShareSafe(
      input(
        [plain("Hedges"), plain("Margin")],
        ["Hedges", "Margin", "HEDGES (SHARED)", "Provenance"]
      )
    );
    // "Hedges (shared)" is taken as "HEDGES (SHARED)" (Excel ignores case): the next is "(2)".
    expect(plan.copies.map((copy) => [copy.original, copy.name])).toEqual([
      ["Hedges", "Hedges (shared) (2)"],
      ["Margin", "Margin (shared)"],
    ]);
    expect(plan.provenance.name).toBe("Provenance (2)");
  });

  test("copies avoid each other's names", () => {
    // Two 31-character names (Excel's longest) that differ only in their last character: with
    // " (shared)" appended and cut to 31 characters, each copy name is the sheet's own (taken), so
    // both fall back to the first 27 characters + " (2)" — the same name: the second gets " (3)".
    const a = "Effectiveness review 2026-11-2A";
    const b = "Effectiveness review 2026-11-2B";
    expect([a.length, b.length]).toEqual([31, 31]);
    const stem = a.slice(0, 27);
    // A sheet named "Provenance" is copied like any other; the Provenance sheet takes the next name.
    const plan = planShareSafe(
      input([plain(a), plain(b), plain("Provenance")], [a, b, "Provenance"])
    );
    expect(plan.copies.map((copy) => copy.name)).toEqual([
      `${stem} (2)`,
      `${stem} (3)`,
      "Provenance (shared)",
    ]);
    expect(plan.provenance.name).toBe("Provenance (2)");
  });

  test("the Provenance sheet takes the first free 'Provenance', 'Provenance (n)' name", () => {
    // "Provenance", "Provenance (2)" (as "provenance (2)") and "Provenance (3)" are taken.
    const plan = planShareSafe(
      input([plain("Book")], ["Book", "Provenance", "provenance (2)", "Provenance (3)"])
    );
    expect(plan.provenance.name).toBe("Provenance (4)");
  });
});

describe("what is frozen", () => {
  // The used range starts at B2 (origin row 1, col 1): grid [r][c] is the cell (1 + r, 1 + c).
  const sheet: ShareSheet = {
    name: "Hedges",
    origin: { row: 1, col: 1 },
    formulas: [
      ["Token", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)", "=C2*2", "=althedge.basis(B9,0)"],
      ["SOL", "=NOTALTHEDGE.X(1)", "ALTHEDGE.BASIS is text, not a formula", ""],
      ["=ALTHEDGE.RETURNS(B9:B12)", "", "", ""],
      ["=ALTHEDGE.RETURNS(B9:B12)", "", "", ""],
    ],
    values: [
      ["Token", 16, 32, "#DIV/0!"],
      ["SOL", "#NAME?", "ALTHEDGE.BASIS is text, not a formula", null],
      [0.1, null, null, null],
      [-0.1, null, null, null],
    ],
    // RETURNS at B4 spills B4:B5; Excel reports its formula on B5 too (the grid's [3][0]).
    spills: [{ anchor: { row: 3, col: 1 }, row: 3, col: 1, values: [[0.1], [-0.1]] }],
  };

  test("freezeAnchors names every cell whose formula calls ALTHEDGE.*, in sheet coordinates", () => {
    // C2 and E2 (any case), B4 and B5 (the spilled cell reports the anchor's formula); not
    // "=NOTALTHEDGE.X" (another function) nor the text that mentions ALTHEDGE.BASIS.
    expect(freezeAnchors(sheet).map(({ row, col }) => [row, col])).toEqual([
      [1, 2],
      [1, 4],
      [3, 1],
      [4, 1],
    ]);
  });

  test("each ALTHEDGE.* formula becomes its value, a spill becomes its values, errors stay codes", () => {
    const plan = planShareSafe(input([sheet]));
    // B5 lies inside B4's spill: it is frozen with B4, not as an anchor of its own.
    expect(plan.copies[0].frozen).toEqual([
      {
        anchor: "C2",
        formula: "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)",
        row: 1,
        col: 2,
        values: [[16]],
      },
      { anchor: "E2", formula: "=althedge.basis(B9,0)", row: 1, col: 4, values: [["#DIV/0!"]] },
      {
        anchor: "B4",
        formula: "=ALTHEDGE.RETURNS(B9:B12)",
        row: 3,
        col: 1,
        values: [[0.1], [-0.1]],
      },
    ]);
    expect(plan.copies[0].rewrites).toEqual([]);
    expect(frozenCellCount(plan)).toBe(4); // C2, E2, B4, B5
  });

  test("the Provenance sheet lists each frozen cell: copy, cell, formula, value, time, version", () => {
    const plan = planShareSafe(input([sheet]));
    const copy = "Hedges (shared)";
    expect(plan.provenance.header).toEqual([...PROVENANCE_HEADERS]);
    expect(plan.provenance.rows).toEqual([
      [copy, "C2", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)", 16, TIME, VERSION],
      [copy, "E2", "=althedge.basis(B9,0)", "#DIV/0!", TIME, VERSION],
      [copy, "B4", "=ALTHEDGE.RETURNS(B9:B12)", 0.1, TIME, VERSION],
      [copy, "B5", "spilled from B4: =ALTHEDGE.RETURNS(B9:B12)", -0.1, TIME, VERSION],
    ]);
    expect(plan.dropped).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  test("a 2-D spill is listed row by row; a spill the engine reports without formulas on its cells too", () => {
    // The engine shows spilled cells as plain values (no formula): only the anchor A1 calls ALTHEDGE.
    const schedule: ShareSheet = {
      name: "Roll",
      formulas: [
        ['=ALTHEDGE.ROLLSCHEDULE("2026-12-26",2,7)', "Date"],
        [1, 46017],
      ],
      values: [
        ["Roll", "Date"],
        [1, 46017],
      ],
      spills: [
        {
          anchor: { row: 0, col: 0 },
          row: 0,
          col: 0,
          values: [
            ["Roll", "Date"],
            [1, null],
          ],
        },
      ],
    };
    const plan = planShareSafe(input([schedule]));
    const f = '=ALTHEDGE.ROLLSCHEDULE("2026-12-26",2,7)';
    // The spill's own values are frozen (B2 is empty in the spill, whatever the grid said).
    expect(plan.provenance.rows.map((row) => [row[1], row[2], row[3]])).toEqual([
      ["A1", f, "Roll"],
      ["B1", `spilled from A1: ${f}`, "Date"],
      ["A2", `spilled from A1: ${f}`, 1],
      ["B2", `spilled from A1: ${f}`, null],
    ]);
    expect(frozenCells(plan.copies[0].frozen[0]).map((cell) => cell.spilledFrom)).toEqual([
      undefined,
      "A1",
      "A1",
      "A1",
    ]);
  });

  test("a sheet with nothing to freeze is still copied; an empty sheet too", () => {
    const empty: ShareSheet = { name: "Notes", formulas: [], values: [] };
    const plan = planShareSafe(input([plain("Inputs"), empty]));
    expect(plan.copies.map((copy) => [copy.name, copy.frozen])).toEqual([
      ["Inputs (shared)", []],
      ["Notes (shared)", []],
    ]);
    expect(plan.provenance.rows).toEqual([]);
    expect(frozenCellCount(plan)).toBe(0);
  });

  test("the plan holds copies of the spill values, not the input's arrays", () => {
    const values = [[1], [2]];
    const plan = planShareSafe(
      input([
        {
          name: "S",
          formulas: [["=ALTHEDGE.RETURNS(A1:A3)"]],
          values: [[1]],
          spills: [{ anchor: { row: 0, col: 0 }, row: 0, col: 0, values }],
        },
      ])
    );
    plan.copies[0].frozen[0].values[1][0] = 99;
    expect(values).toEqual([[1], [2]]);
  });
});

describe("the choice of sheets", () => {
  test("refuses no sheet and a sheet chosen twice (names compared without case)", () => {
    expect(() => checkShareChoice([])).toThrow("Choose at least one sheet to copy");
    expect(() => checkShareChoice(["Hedges", "Margin", "hedges"])).toThrow(
      'Sheet "hedges" is chosen twice'
    );
    expect(() => checkShareChoice(["Hedges", "Margin"])).not.toThrow();
    expect(() => planShareSafe(input([plain("A"), plain("a")]))).toThrow(/chosen twice/);
  });
});
