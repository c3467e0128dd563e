/**
 * Shared formulas' followers (ECMA-376 18.3.1.40: the master's formula with relative references
 * moved as copying it would move them), the Provenance's display form, and the zip round trip.
 */
import { strToU8, unzipSync } from "fflate";
import { displayFormula, shiftFormula } from "../../src/workbook/ooxml/refs";
import { makeEntry, readZip, writeZip, entryBytes } from "../../src/workbook/ooxml/zip";

describe("shiftFormula: a shared formula as its follower reads it", () => {
  // Each expectation is what Excel shows after copying the master formula by that many rows/columns.
  test.each([
    ["A1*2", 1, 0, "A2*2"],
    ["$A$1+A1+$A1+A$1", 2, 3, "$A$1+D3+$A3+D$1"],
    ["SUM(A1:B2)", 1, 1, "SUM(B2:C3)"],
    ["SUM(A:A)+SUM(1:1)", 4, 2, "SUM(C:C)+SUM(5:5)"],
    ["SUM($A:$A)+SUM($1:$2)", 4, 2, "SUM($A:$A)+SUM($1:$2)"],
    ["'My sheet'!B2+Book!B2", 1, 0, "'My sheet'!B3+Book!B3"],
    ['"A1 stays"&A1', 1, 0, '"A1 stays"&A2'],
    ["LOG10(A1)+ATAN2(A1,B1)", 1, 0, "LOG10(A2)+ATAN2(A2,B2)"],
    ["Table1[[#This Row],[A1]]+A1", 1, 0, "Table1[[#This Row],[A1]]+A2"],
    ["_xlfn.ANCHORARRAY(D2)", 0, 1, "_xlfn.ANCHORARRAY(E2)"],
    ["_xldudf_ALTHEDGE_HEDGERATIO(A1,1E+10)", 1, 0, "_xldudf_ALTHEDGE_HEDGERATIO(A2,1E+10)"],
    ["IF(A1,#N/A,{1,2})", 1, 0, "IF(A2,#N/A,{1,2})"],
    ["A1", -1, 0, "#REF!"],
  ])("%s moved %i rows, %i columns → %s", (formula, rows, cols, expected) => {
    expect(shiftFormula(formula, rows, cols)).toBe(expected);
  });
});

describe("displayFormula: the file's spelling as Excel shows it", () => {
  test.each([
    ["=_xldudf_ALTHEDGE_HEDGERATIO(A1,1)", "=ALTHEDGE.HEDGERATIO(A1,1)"],
    ["=[2]!_xldudf_ALTHEDGE_HEDGERATIO(A1,1)", "=ALTHEDGE.HEDGERATIO(A1,1)"],
    ["=_xll.ALTHEDGE.HEDGERATIO(A1,1)", "=ALTHEDGE.HEDGERATIO(A1,1)"],
    ["=SUM(_xlfn.ANCHORARRAY(D2))+_xlfn.STDEV.S(A:A)", "=SUM(D2#)+STDEV.S(A:A)"],
    ['=_xlfn.LAMBDA(_xlpm.x,_xlpm.x&"_xlfn.")(1)', '=LAMBDA(x,x&"_xlfn.")(1)'],
  ])("%s → %s", (file, shown) => {
    expect(displayFormula(file)).toBe(shown);
  });
});

describe("zip", () => {
  test("entries written are read back by fflate's own unzip, names outside ASCII included", () => {
    const data = strToU8("<x>é</x>".repeat(1000));
    const bytes = writeZip([
      makeEntry("xl/é.xml", data),
      makeEntry("[Content_Types].xml", strToU8("<Types/>"), { level: 1 }),
    ]);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(["xl/é.xml", "[Content_Types].xml"]);
    expect(files["xl/é.xml"]).toEqual(data);
    // and by ours
    const [first] = readZip(bytes);
    expect(first.name).toBe("xl/é.xml");
    expect(entryBytes(first)).toEqual(data);
  });

  test("a damaged central directory is refused", () => {
    const bytes = writeZip([makeEntry("a.xml", strToU8("<a/>"))]);
    const damaged = bytes.slice();
    // the central directory's signature sits right after the one entry's local header and data
    const at = readZip(bytes)[0].raw.byteOffset + readZip(bytes)[0].raw.length;
    damaged[at] = 0;
    expect(() => readZip(damaged)).toThrow(/Damaged zip/);
  });
});
