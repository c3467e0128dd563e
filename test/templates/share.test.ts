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
  spillAnchors,
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
        reason: "calls ALTHEDGE",
      },
      {
        anchor: "E2",
        formula: "=althedge.basis(B9,0)",
        row: 1,
        col: 4,
        values: [["#DIV/0!"]],
        reason: "calls ALTHEDGE",
      },
      {
        anchor: "B4",
        formula: "=ALTHEDGE.RETURNS(B9:B12)",
        row: 3,
        col: 1,
        values: [[0.1], [-0.1]],
        reason: "calls ALTHEDGE",
      },
    ]);
    expect(plan.copies[0].rewrites).toEqual([]);
    expect(frozenCellCount(plan)).toBe(4); // C2, E2, B4, B5
  });

  test("the Provenance sheet lists each frozen formula once, a spill as its anchor and range", () => {
    const plan = planShareSafe(input([sheet]));
    const copy = "Hedges (shared)";
    expect(plan.provenance.header).toEqual([...PROVENANCE_HEADERS]);
    const f = "=ALTHEDGE.RETURNS(B9:B12)";
    expect(plan.provenance.rows).toEqual([
      [copy, "C2", "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)", 16, "calls ALTHEDGE", TIME, VERSION],
      [copy, "E2", "=althedge.basis(B9,0)", "#DIV/0!", "calls ALTHEDGE", TIME, VERSION],
      // the spill B4:B5 is one row: the anchor's value, and the range in the note
      [copy, "B4:B5", f, 0.1, "calls ALTHEDGE; its spill B4:B5 frozen (2 × 1)", TIME, VERSION],
    ]);
    expect(plan.dropped).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  test("a 2-D spill is one Provenance row; a spill the engine reports without formulas on its cells too", () => {
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
      ["A1:B2", f, "Roll"],
    ]);
    expect(plan.copies[0].frozen[0].values).toEqual([
      ["Roll", "Date"],
      [1, null],
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

/**
 * Spec §5 "in depth": what depends on the add-in is caught. Each input is a small workbook written
 * out by hand; each expected outcome is the spec's rule applied to it, worked out in a comment.
 */
describe("everything that depends on the add-in", () => {
  // Exposure: row 1 headers; D2 holds an ALTHEDGE spill over D2:D5; F2, G2 and F3 read it by its
  // spill reference (F3 as an .xlsx stores it); H2 reads Book, I2 reads Margin.
  const exposure = (extra: Partial<ShareSheet> = {}): ShareSheet => ({
    name: "Exposure",
    formulas: [
      ["Token", "Qty", "Price", "Return", "", "Sum", "Twice", "Notional", "Margin"],
      [
        "BTC",
        1,
        100,
        "=ALTHEDGE.RETURNS(C2:C6)",
        "",
        "=SUM(D2#)",
        "=SUM($D$2#)*2",
        "=Book!B2*C2",
        "='Margin'!B2",
      ],
      ["ETH", 2, 110, 0.1, "", "=SUM(_xlfn.ANCHORARRAY(D2))", "=F2", "", ""],
    ],
    values: [
      ["Token", "Qty", "Price", "Return", null, "Sum", "Twice", "Notional", "Margin"],
      ["BTC", 1, 100, 0.1, null, 0.25, 0.5, 100, 7],
      ["ETH", 2, 110, 0.1, null, 0.25, 0.25, null, null],
      ["SOL", 3, 121, 0.05, null, null, null, null, null],
      ["XRP", 4, 0, 0, null, null, null, null, null],
    ],
    spills: [{ anchor: { row: 1, col: 3 }, row: 1, col: 3, rows: 4, cols: 1 }],
    ...extra,
  });
  const margin: ShareSheet = { name: "Margin", formulas: [["Venue", 7]], values: [["Venue", 7]] };

  test("a spill reference to a frozen spill becomes its static range, in both of Excel's spellings", () => {
    const plan = planShareSafe(input([exposure(), margin], ["Book", "Exposure", "Margin"]));
    // D2# spills D2:D5 (rows: 4): a constant at D2 makes D2# #REF!, so it becomes D2:D5 ($ kept).
    // I2 reads Margin, which is copied too: it points at Margin's copy.
    expect(plan.copies[0].rewrites.map((r) => [r.address, r.rewritten])).toEqual([
      ["F2", "=SUM(D2:D5)"],
      ["G2", "=SUM($D$2:$D$5)*2"],
      ["I2", "='Margin (shared)'!B2"],
      ["F3", "=SUM(D2:D5)"],
    ]);
    expect(plan.copies[0].rewrites[0].reason).toBe("D2# spilled from a formula that is frozen");
    expect(plan.copies[0].rewrites[2].reason).toBe('points at the copy of "Margin"');
    // G3 (=F2) reads a live cell of its own sheet: untouched.
  });

  test("a reference to a sheet outside the copy set is frozen to its value", () => {
    const plan = planShareSafe(input([exposure()], ["Book", "Exposure"]));
    const frozen = plan.copies[0].frozen.map((a) => [a.anchor, a.values, a.reason]);
    // H2 reads Book (not chosen): frozen to the 100 it shows; I2 reads Margin, not chosen here.
    expect(frozen).toEqual([
      ["D2", [[0.1], [0.1], [0.05], [0]], "calls ALTHEDGE"],
      ["H2", [[100]], 'reads "Book", which is not copied'],
      ["I2", [[7]], 'reads "Margin", which is not copied'],
    ]);
  });

  test("a name or LAMBDA calling ALTHEDGE: its users are frozen; a sheet-scoped one leaves the copy", () => {
    const sheet: ShareSheet = {
      name: "Hedges",
      formulas: [["=HedgeRatio*2", "=Clip(5)", "=Rate*2", "=hedgeratio+Hedges!Clip(1)"]],
      values: [[1.6, 5, 0.2, 5.8]],
    };
    const names = [
      { name: "HedgeRatio", formula: "=ALTHEDGE.HEDGERATIO(1000000,50000,0.8)" },
      // a LAMBDA in the sheet's scope that calls ALTHEDGE through another name
      { name: "Clip", sheet: "Hedges", formula: "=LAMBDA(x, x*HedgeRatio/HedgeRatio)" },
      { name: "Rate", formula: "=0.1" },
    ];
    const plan = planShareSafe({ ...input([sheet]), names });
    // A1 uses HedgeRatio (calls ALTHEDGE); B1 uses Clip (uses HedgeRatio); C1 uses Rate (a constant:
    // stays live); D1 both (names compared without case, Hedges!Clip asks the sheet's scope).
    expect(plan.copies[0].frozen.map((a) => [a.anchor, a.reason])).toEqual([
      ["A1", "uses the name HedgeRatio, which calls ALTHEDGE"],
      ["B1", "uses the name Clip, which uses the name HedgeRatio, which calls ALTHEDGE"],
      ["D1", "uses the name HedgeRatio, which calls ALTHEDGE"],
    ]);
    // The copy carries Clip (Excel copies sheet-scoped names with the sheet): it goes. The workbook's
    // own HedgeRatio stays in "copies" mode (the original still uses it).
    expect(plan.copies[0].removeNames).toEqual(["Clip"]);
    expect(plan.removeNames).toEqual([]);
    expect(plan.dropped).toEqual([
      {
        what: "name",
        sheet: "Hedges (shared)",
        address: "Clip",
        formula: "=LAMBDA(x, x*HedgeRatio/HedgeRatio)",
        reason: "uses the name HedgeRatio, which calls ALTHEDGE",
      },
    ]);
    // ... with a Provenance row of its own
    expect(plan.provenance.rows.at(-1)).toEqual([
      "Hedges (shared)",
      "Clip",
      "=LAMBDA(x, x*HedgeRatio/HedgeRatio)",
      null,
      "name removed: uses the name HedgeRatio, which calls ALTHEDGE",
      TIME,
      VERSION,
    ]);
  });

  test("a conditional format or validation calling ALTHEDGE is removed; a native one stays", () => {
    const rules = [
      {
        kind: "conditional-format" as const,
        address: "B2:B9",
        formulas: ["=B2>ALTHEDGE.MARGINBUFFER(1,2,0.05)"],
        index: 0,
      },
      { kind: "conditional-format" as const, address: "C2:C9", formulas: ["=C2<0"], index: 1 },
      {
        kind: "validation" as const,
        address: "D2:D9",
        formulas: ["=D2<=_xldudf_ALTHEDGE_HEDGERATIO(1,1,1)"],
        index: 0,
      },
    ];
    const plan = planShareSafe(input([{ ...plain("Margin"), rules }]));
    expect(plan.copies[0].removeRules.map((r) => [r.kind, r.index])).toEqual([
      ["conditional-format", 0],
      ["validation", 0],
    ]);
    expect(plan.provenance.rows.map((row) => [row[1], row[4]])).toEqual([
      ["B2:B9", "conditional format removed: calls ALTHEDGE"],
      ["D2:D9", "data validation removed: calls ALTHEDGE"],
    ]);
  });

  test("comments and notes leave the copies unless kept; hidden rows, columns and sheets are named", () => {
    const sheet: ShareSheet = {
      ...plain("Book"),
      visibility: "VeryHidden",
      comments: [
        { kind: "comment", address: "B2", author: "A. Analyst" },
        { kind: "note", address: "C3", author: "B. Trader" },
      ],
      hiddenRows: [4, 5, 6, 9],
      hiddenColumns: [2],
    };
    const plan = planShareSafe(input([sheet]));
    expect(plan.copies[0].removeComments).toBe(true);
    // no author's name is written anywhere in the plan
    expect(JSON.stringify(plan)).not.toMatch(/Analyst|Trader/);
    expect(plan.warnings.map((w) => w.message)).toEqual([
      "Book is very hidden in this workbook and is copied: check that it may be shared",
      // 0-based rows 4–6 and 9 are rows 5–7 and 10; column 2 is C
      "Book (shared) has hidden rows 5–7, 10 and columns C: they travel with the copy",
    ]);
    const kept = planShareSafe({ ...input([sheet]), keepComments: true });
    expect(kept.copies[0].removeComments).toBe(false);
    expect(kept.warnings[0].message).toBe(
      "Book (shared) keeps 2 comments and notes, with their authors' names"
    );
  });

  test("only final values are frozen: #BUSY!, #GETTING_DATA, #CALC! and a calculating Excel refuse", () => {
    const busy = (value: string): ShareSheet => ({
      name: "Live",
      formulas: [["=ALTHEDGE.FUNDINGCOST(A2:A9)"]],
      values: [[value]],
    });
    expect(() => planShareSafe(input([busy("#BUSY!")]))).toThrow(
      "A1 (for Live (shared)) shows #BUSY!: it is still being calculated; wait until it shows a value, then make the copies again"
    );
    expect(() => planShareSafe(input([busy("#GETTING_DATA")]))).toThrow(/shows #GETTING_DATA/);
    expect(() => planShareSafe(input([busy("#CALC!")]))).toThrow(/a calculation error/);
    // a native formula's #BUSY! is not frozen: nothing is refused
    expect(() =>
      planShareSafe(input([{ name: "N", formulas: [["=A2"]], values: [["#BUSY!"]] }]))
    ).not.toThrow();
    expect(() => planShareSafe({ ...input([plain("A")]), calculation: "Calculating" })).toThrow(
      /still calculating/
    );
    expect(() => planShareSafe({ ...input([plain("A")]), calculation: "Pending" })).toThrow(/F9/);
    expect(() => planShareSafe({ ...input([plain("A")]), calculation: "Done" })).not.toThrow();
  });

  test("spillAnchors names the frozen and rewritten formulas, the cells whose spills matter", () => {
    // D2 (ALTHEDGE), H2 and I2 (read sheets not copied) are frozen; F2, G2, F3 are rewritten.
    expect(spillAnchors(input([exposure()], ["Book", "Exposure"]))).toEqual([
      [
        { row: 1, col: 3 },
        { row: 1, col: 7 },
        { row: 1, col: 8 },
        { row: 1, col: 5 },
        { row: 1, col: 6 },
        { row: 2, col: 5 },
      ],
    ]);
  });
});

describe('"workbook" mode (Save as a share-safe workbook)', () => {
  test("sheets not kept are removed, with the names that depend on them; their readers are frozen", () => {
    const book: ShareSheet = {
      name: "Book",
      formulas: [["=Secret!A1+1", "=Hedges*2", "=Limit", "=SUM(Hedges)"]],
      values: [[2, 4, 0.2, 3]],
    };
    const exposure: ShareSheet = {
      name: "Exposure",
      formulas: [["=ALTHEDGE.RETURNS(A2:A4)"]],
      values: [[1]],
      spills: [{ anchor: { row: 0, col: 0 }, row: 0, col: 0, values: [[1], [2]] }],
    };
    const names = [
      { name: "Hedges", formula: "=Exposure!$A$1#" },
      { name: "Limit", formula: "=0.2" },
      { name: "Print_Area", sheet: "Secret", formula: "=Secret!$A$1:$B$2" },
      { name: "Peek", formula: "=Secret!$B$1" },
    ];
    const plan = planShareSafe({
      ...input([book, exposure], ["Book", "Exposure", "Secret"]),
      mode: "workbook",
      names,
    });
    expect(plan.copies.map((c) => c.name)).toEqual(["Book", "Exposure"]);
    expect(plan.removeSheets).toEqual(["Secret"]);
    // A1 reads Secret (removed); B1 and D1 use Hedges, a spill reference to the frozen A1 of
    // Exposure (a name cannot be rewritten in place, so it goes and its users are frozen).
    expect(plan.copies[0].frozen.map((a) => [a.anchor, a.reason])).toEqual([
      ["A1", 'reads "Secret", which is not kept'],
      ["B1", "uses the name Hedges, which refers to the spill of $A$1, which is frozen"],
      ["D1", "uses the name Hedges, which refers to the spill of $A$1, which is frozen"],
    ]);
    expect(plan.removeNames.map((n) => n.name)).toEqual(["Hedges", "Print_Area", "Peek"]);
    expect(plan.provenance.name).toBe("Provenance");
  });
});

test("a formula filled down a column is one Provenance row: same form, same reason, rows in a run", () => {
  // C2:C5 hold =ALTHEDGE.HEDGERATIO(An,Bn,0.8) for n = 2…5 (one form, its rows moving with the cell);
  // C6 breaks the form ($A$6 is absolute); C8 follows a gap; D2 and D3 differ in form (A2 vs A2).
  const formulas = [
    ["Notional", "Price", "Contracts", "Other"],
    ...[2, 3, 4, 5].map((n) => [
      1,
      2,
      `=ALTHEDGE.HEDGERATIO(A${n},B${n},0.8)`,
      n === 2 || n === 3 ? "=ALTHEDGE.BASIS(A2,B2)" : null,
    ]),
    [1, 2, "=ALTHEDGE.HEDGERATIO($A$6,B6,0.8)", null],
    [1, 2, null, null],
    [1, 2, "=ALTHEDGE.HEDGERATIO(A8,B8,0.8)", null],
  ];
  const values = formulas.map((line, r) =>
    line.map((cell, c) => (typeof cell === "string" && cell.startsWith("=") ? r * 10 + c : cell))
  );
  const plan = planShareSafe(input([{ name: "Hedges", formulas, values }]));
  expect(plan.provenance.rows.map((row) => [row[1], row[2], row[3], row[4]])).toEqual([
    // C2:C5: the first formula and its value (row 1, col 2: 12), and the run named in the note
    [
      "C2:C5",
      "=ALTHEDGE.HEDGERATIO(A2,B2,0.8)",
      12,
      "calls ALTHEDGE; filled down C2:C5: 4 formulas of this form, each frozen to its value",
    ],
    // D2 reads A2 (form A R[0]), D3 reads A2 too (form A R[-1]): not one form
    ["D2", "=ALTHEDGE.BASIS(A2,B2)", 13, "calls ALTHEDGE"],
    ["D3", "=ALTHEDGE.BASIS(A2,B2)", 23, "calls ALTHEDGE"],
    ["C6", "=ALTHEDGE.HEDGERATIO($A$6,B6,0.8)", 52, "calls ALTHEDGE"],
    ["C8", "=ALTHEDGE.HEDGERATIO(A8,B8,0.8)", 72, "calls ALTHEDGE"],
  ]);
  // every cell is still frozen on its own, whatever the Provenance lists
  expect(frozenCellCount(plan)).toBe(8);
});
