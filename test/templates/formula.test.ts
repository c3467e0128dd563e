/**
 * The formula reader the share planner relies on. Expected parts are read off each formula by hand,
 * following Excel's grammar ([MS-XLSX] formulas, Excel's own A1 rules: columns end at XFD).
 */
import {
  formulaCallsAltHedge,
  formulaParts,
  replaceSpans,
  sheetPrefix,
} from "../../src/templates/formula";

const shape = (formula: string) =>
  formulaParts(formula).map((part) =>
    part.kind === "cells"
      ? ["cells", part.sheet ?? "", part.cells, part.spill, part.external]
      : part.kind === "name"
        ? ["name", part.sheet ?? "", part.name]
        : ["function", part.name]
  );

describe("formulaParts", () => {
  test("references: plain, absolute, ranges, columns, rows, spills and sheet-qualified", () => {
    // 3:4 (rows of the own sheet) is skipped as a number run: the planner needs sheets, not rows
    expect(shape("=SUM($A$1:B2, C:C, 3:4, D2#, Book!E5, 'My ''own'' sheet'!F6:G7)")).toEqual([
      ["function", "SUM"],
      ["cells", "", "$A$1:B2", false, false],
      ["cells", "", "C:C", false, false],
      ["cells", "", "D2", true, false],
      ["cells", "Book", "E5", false, false],
      ["cells", "My 'own' sheet", "F6:G7", false, false],
    ]);
  });

  test("strings, numbers with exponents, error literals and TRUE are not references", () => {
    // "ALTHEDGE.X(A1)" is text; 1E+5 is a number, not cell E5; #N/A is an error literal
    expect(shape('=IF(TRUE, "ALTHEDGE.X(A1)", 1E+5) + #N/A + A2')).toEqual([
      ["function", "IF"],
      ["cells", "", "A2", false, false],
    ]);
    expect(formulaCallsAltHedge('="ALTHEDGE.HEDGERATIO(1,2,3)"')).toBe(false);
  });

  test("names, LAMBDA calls, functions with digits and 3-letter-plus-digit names", () => {
    // LOG10( is a function; ABCD1 is past XFD, so a name; Rate a name; Book!Clip( a sheet-scoped name
    expect(shape("=LOG10(Rate) + ABCD1 + Book!Clip(1)")).toEqual([
      ["function", "LOG10"],
      ["name", "", "Rate"],
      ["name", "", "ABCD1"],
      ["name", "Book", "Clip"],
    ]);
  });

  test("external books, 3-D references and tables are recognised, never taken for ours", () => {
    const parts = formulaParts("=[1]Book!A1 + SUM(Jan:Mar!B2) + Table1[Qty] + [@Price]");
    expect(parts.map((p) => p.kind)).toEqual(["cells", "function", "cells"]);
    expect(parts[0]).toMatchObject({ sheet: "Book", external: true });
    expect(parts[2]).toMatchObject({ sheet: "Jan", lastSheet: "Mar", cells: "B2" });
  });

  test("ANCHORARRAY(D2), as a file stores D2#, is one spill reference spanning the call", () => {
    const formula = "=SUM(_xlfn.ANCHORARRAY(Book!$D$2))";
    const [, spill] = formulaParts(formula);
    expect(spill).toMatchObject({ kind: "cells", sheet: "Book", cells: "$D$2", spill: true });
    expect(formula.slice(spill.start, spill.end)).toBe("_xlfn.ANCHORARRAY(Book!$D$2)");
  });
});

describe("formulaCallsAltHedge", () => {
  test("every spelling Excel shows or saves, in any case; not a look-alike", () => {
    for (const formula of [
      "=ALTHEDGE.HEDGERATIO(1,2,3)",
      "=1+althedge.basis(A1,0)",
      "=_xldudf_ALTHEDGE_HEDGERATIO(1,2,3)", // office-js #5611
      "=[2]!_xldudf_ALTHEDGE_HEDGERATIO(1,2,3)", // office-js #2568
      "=_xll.ALTHEDGE.HEDGERATIO(1,2,3)", // Excel-Custom-Functions #108
    ])
      expect([formula, formulaCallsAltHedge(formula)]).toEqual([formula, true]);
    // with and without a string literal (the text is then read two ways: token by token, or by one
    // pattern over the text), the answer is the same
    for (const formula of [
      '=IF(A1="x", ALTHEDGE.BASIS(1,2), 0)',
      "=Sheet1!ALTHEDGE.X(1)",
      '=Sheet1!ALTHEDGE.X("a")',
    ])
      expect([formula, formulaCallsAltHedge(formula)]).toEqual([formula, true]);
    for (const formula of [
      "=NOTALTHEDGE.X(1)",
      "=MY.ALTHEDGE.X(1)",
      "=ALTHEDGEX(1)",
      '=NOTALTHEDGE.X("a")',
      '=LEN("ALTHEDGE.X(1)")',
      "ALTHEDGE.X(1)",
      "=A1",
      42,
      null,
    ])
      expect([formula, formulaCallsAltHedge(formula)]).toEqual([formula, false]);
  });
});

test("replaceSpans and sheetPrefix", () => {
  expect(replaceSpans("=SUM(D2#)+A1", [{ start: 5, end: 8, text: "D2:D9" }])).toBe(
    "=SUM(D2:D9)+A1"
  );
  expect(sheetPrefix("Book")).toBe("Book!");
  expect(sheetPrefix("Margin (shared)")).toBe("'Margin (shared)'!");
  expect(sheetPrefix("A1")).toBe("'A1'!"); // a sheet named like a cell is quoted
  expect(sheetPrefix("O'Neil")).toBe("'O''Neil'!");
});
