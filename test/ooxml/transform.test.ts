/**
 * The share-safe file transform on small hand-made packages (./cases.ts): each expected value is the
 * input's cached `<v>` or the input's own formula text, and the output is read with fflate's unzip and
 * regular expressions, not with the transform's reader.
 */
import { shareSafeFile, type ShareFileOptions } from "../../src/workbook/ooxml";
import { strToU8, zipSync } from "fflate";
import { readZip } from "../../src/workbook/ooxml/zip";
import { buildBook, callsAltHedge, cellXml, formulaTexts, partsOf, type TestBook } from "./build";
import * as cases from "./cases";

const OPTIONS: ShareFileOptions = { version: "9.9.9", time: "2026-12-02T10:00:00.000Z" };

async function transform(book: TestBook, options: Partial<ShareFileOptions> = {}) {
  const result = await shareSafeFile(buildBook(book), { ...OPTIONS, ...options });
  const parts = partsOf(result.bytes);
  const sheetOf = (n: number): string => parts.get(`xl/worksheets/sheet${n}.xml`) ?? "";
  return { ...result, parts, sheetOf };
}

/** The Provenance sheet's rows as text: its part is the worksheet the workbook lists last. */
function provenanceRows(parts: Map<string, string>): string[][] {
  const workbook = parts.get("xl/workbook.xml")!;
  const last = [...workbook.matchAll(/<sheet [^>]*r:id="([^"]+)"/g)].pop()![1];
  const rels = parts.get("xl/_rels/workbook.xml.rels")!;
  const target = new RegExp(`Id="${last}"[^>]*Target="([^"]+)"`).exec(rels)![1];
  const sheet = parts.get(`xl/${target}`)!;
  const strings = [
    ...(parts.get("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g),
  ].map((m) => [...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join(""));
  const unescape = (s: string): string =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  // cells in order (the empty ones are left out), shared or inline strings, numbers
  return [...sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)].map((row) =>
    [...row[1].matchAll(/<c(?: r="[A-Z]+\d+")?(?: t="(\w+)")?>([\s\S]*?)<\/c>/g)].map(
      ([, type, inner]) => {
        const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1] ?? "";
        if (type === "s") return unescape(strings[Number(v)]);
        if (type === "inlineStr") return unescape(/<t[^>]*>([\s\S]*?)<\/t>/.exec(inner)![1]);
        return v;
      }
    )
  );
}

const hasAltHedge = (parts: Map<string, string>): string[] =>
  formulaTexts(parts).filter(callsAltHedge);

describe("custom functions as Excel saves them (_xldudf_)", () => {
  test("each is replaced by its cached value, with its type; native formulas stay", async () => {
    const { sheetOf, parts, frozenCells } = await transform(cases.xldudf);
    const sheet = sheetOf(1);
    // 0.25: B1's cached <v> in the input
    expect(cellXml(sheet, "B1")).toBe('<c r="B1"><v>0.25</v></c>');
    // #VALUE!: B2's cached error, still an error
    expect(cellXml(sheet, "B2")).toBe('<c r="B2" t="e"><v>#VALUE!</v></c>');
    // "High & dry": C2's cached text (t="str", a formula's result), now a string of its own
    expect(cellXml(sheet, "C2")).toBe(
      '<c r="C2" t="inlineStr"><is><t xml:space="preserve">High &amp; dry</t></is></c>'
    );
    // TRUE: D2's cached boolean
    expect(cellXml(sheet, "D2")).toBe('<c r="D2" t="b"><v>1</v></c>');
    // C1 is native: its formula and cached value as in the input
    expect(cellXml(sheet, "C1")).toBe('<c r="C1"><f>B1*4</f><v>1</v></c>');
    expect(frozenCells).toBe(4);
    expect(hasAltHedge(parts)).toEqual([]);
  });

  test("the Provenance sheet keeps each original formula as text, as Excel shows it", async () => {
    const { parts } = await transform(cases.xldudf);
    const rows = provenanceRows(parts);
    expect(rows[0]).toEqual([
      "Sheet",
      "Cells",
      "Original formula",
      "Value",
      "Note",
      "Frozen at",
      "AltHedge version",
    ]);
    // the input's B1 formula _xldudf_ALTHEDGE_HEDGERATIO(A1,0.5), and its cached value
    expect(rows).toContainEqual([
      "Hedge",
      "B1",
      "=ALTHEDGE.HEDGERATIO(A1,0.5)",
      "0.25",
      "calls ALTHEDGE",
      OPTIONS.time,
      OPTIONS.version,
    ]);
  });

  test("the calculation chain is gone: its part, relationship and content type", async () => {
    const input = partsOf(buildBook(cases.xldudf));
    expect(input.has("xl/calcChain.xml")).toBe(true);
    const { parts } = await transform(cases.xldudf);
    expect(parts.has("xl/calcChain.xml")).toBe(false);
    expect(parts.get("xl/_rels/workbook.xml.rels")).not.toMatch(/calcChain/);
    expect(parts.get("[Content_Types].xml")).not.toMatch(/calcChain/);
  });
});

describe("shared formulas", () => {
  test("a group calling ALTHEDGE is frozen cell by cell; each follower's formula is its own", async () => {
    const { sheetOf, parts } = await transform(cases.shared);
    const sheet = sheetOf(1);
    // 0.5, 1, 1.5: the cached values of B1:B3 in the input
    expect(cellXml(sheet, "B1")).toBe('<c r="B1"><v>0.5</v></c>');
    expect(cellXml(sheet, "B2")).toBe('<c r="B2"><v>1</v></c>');
    expect(cellXml(sheet, "B3")).toBe('<c r="B3"><v>1.5</v></c>');
    // B3 follows B1's HEDGERATIO(A1,2) two rows down: its own formula reads A3, which is why the
    // planner sees one form down B1:B3 and lists the run once (had B3 been handed B1's text
    // unshifted, its form would differ and it would have a row of its own)
    expect(provenanceRows(parts).map((row) => row.slice(1, 3))).toContainEqual([
      "B1:B3",
      "=ALTHEDGE.HEDGERATIO(A1,2)",
    ]);
  });

  test("a native group no change touches stays shared, byte for byte", async () => {
    const input = partsOf(buildBook(cases.shared)).get("xl/worksheets/sheet1.xml")!;
    const { sheetOf } = await transform(cases.shared);
    for (const ref of ["C1", "C2", "C3"])
      expect(cellXml(sheetOf(1), ref)).toBe(cellXml(input, ref));
  });
});

describe("a dynamic array calling ALTHEDGE", () => {
  test("its anchor keeps its value without formula or array metadata; its spill keeps its values", async () => {
    const { sheetOf } = await transform(cases.spill);
    const sheet = sheetOf(1);
    // 1, 2, 3: the cached values of D2:D4 in the input
    expect(cellXml(sheet, "D2")).toBe('<c r="D2"><v>1</v></c>');
    expect(cellXml(sheet, "D3")).toBe('<c r="D3"><v>2</v></c>');
    expect(cellXml(sheet, "D4")).toBe('<c r="D4"><v>3</v></c>');
    // the native dynamic array E2:E3 is left as it is
    expect(cellXml(sheet, "E2")).toBe(
      '<c r="E2" cm="1"><f t="array" ref="E2:E3">_xlfn.SEQUENCE(2)</f><v>1</v></c>'
    );
  });

  test("=SUM(D2#) elsewhere reads the frozen range D2:D4 (the spill's ref), keeping its cached 6", async () => {
    const { sheetOf, plan } = await transform(cases.spill);
    expect(cellXml(sheetOf(1), "F1")).toBe('<c r="F1"><f>SUM(D2:D4)</f><v>6</v></c>');
    expect(plan.copies[0].rewrites.map((r) => r.address)).toEqual(["F1", "G1"]);
  });

  test("a shared group split by the rewrite is written out cell by cell: G1 rewritten, H1 still reads E2#", async () => {
    const { sheetOf } = await transform(cases.spill);
    // G1 (the master) read D2#: rewritten; H1 follows it one column right: E2#, a live native spill
    expect(cellXml(sheetOf(1), "G1")).toBe('<c r="G1"><f>SUM(D2:D4)</f><v>6</v></c>');
    expect(cellXml(sheetOf(1), "H1")).toBe(
      '<c r="H1"><f>SUM(_xlfn.ANCHORARRAY(E2))</f><v>3</v></c>'
    );
  });
});

describe("defined names", () => {
  test("a name calling ALTHEDGE goes and the cells using it are frozen; other names stay", async () => {
    const { parts, sheetOf } = await transform(cases.names);
    const workbook = parts.get("xl/workbook.xml")!;
    expect(workbook).not.toMatch(/name="Ratio"/);
    expect(workbook).toMatch(/<definedName name="Price">Book!\$A\$1<\/definedName>/);
    expect(workbook).toMatch(
      /<definedName name="Twice" localSheetId="0">Book!\$A\$1\*2<\/definedName>/
    );
    // 1: B1's cached value (=Ratio*2) in the input
    expect(cellXml(sheetOf(1), "B1")).toBe('<c r="B1"><v>1</v></c>');
    expect(cellXml(sheetOf(1), "C1")).toBe('<c r="C1"><f>Price*2</f><v>4</v></c>');
    expect(cellXml(sheetOf(1), "D1")).toBe('<c r="D1"><f>Twice+1</f><v>5</v></c>');
    expect(hasAltHedge(parts)).toEqual([]);
  });
});

describe("conditional formats and validations", () => {
  test("those calling ALTHEDGE go (x14 ones too); native ones stay, containers and counts fixed", async () => {
    const input = partsOf(buildBook(cases.rules));
    expect(hasAltHedge(input)).toHaveLength(5);
    const { parts, sheetOf, plan } = await transform(cases.rules);
    const sheet = sheetOf(1);
    expect(hasAltHedge(parts)).toEqual([]);
    // the native rule of the first container stays, alone in it; the second container had one rule
    expect(sheet).toContain(
      '<conditionalFormatting sqref="A1:A2"><cfRule type="expression" dxfId="0" priority="2"><formula>A1&gt;1</formula></cfRule></conditionalFormatting>'
    );
    expect(sheet).not.toContain('sqref="B1:B2"');
    expect(sheet).toContain(
      '<dataValidations count="1"><dataValidation type="list" allowBlank="1" sqref="D1"><formula1>"long,short"</formula1></dataValidation></dataValidations>'
    );
    // both x14 extensions held only rules calling ALTHEDGE
    expect(sheet).not.toMatch(/x14:/);
    expect(
      plan.dropped.filter((d) => d.what === "conditional-format").map((d) => d.address)
    ).toEqual(["A1:A2", "B1:B2", "E1:E2"]);
    expect(plan.dropped.filter((d) => d.what === "validation").map((d) => d.address)).toEqual([
      "C1",
      "F1",
    ]);
  });
});

describe("hidden sheets", () => {
  test("are removed with the parts only they use, their names and their text", async () => {
    const input = partsOf(buildBook(cases.hidden));
    expect(input.has("xl/worksheets/sheet2.xml")).toBe(true);
    const { parts, sheetOf } = await transform(cases.hidden);
    expect(parts.has("xl/worksheets/sheet2.xml")).toBe(false);
    expect(parts.has("xl/worksheets/_rels/sheet2.xml.rels")).toBe(false);
    expect(parts.has("xl/tables/table1.xml")).toBe(false);
    expect(parts.get("[Content_Types].xml")).not.toMatch(/sheet2\.xml|table1\.xml/);
    const workbook = parts.get("xl/workbook.xml")!;
    expect(workbook).not.toMatch(/name="Secret"/);
    // After was the 3rd sheet, the active one: now the 2nd (0-based 1), its print area follows it
    expect(workbook).toMatch(/<workbookView activeTab="1"\/>/);
    expect(workbook).toMatch(
      /<definedName name="_xlnm.Print_Area" localSheetId="1">After!\$A\$1<\/definedName>/
    );
    expect(workbook).not.toMatch(/Secret!/);
    // the text only Secret showed travels nowhere (shared strings, app.xml, anything)
    for (const [name, text] of parts)
      expect(`${name}: ${/private salary/.test(text)}`).toBe(`${name}: false`);
    expect(parts.get("docProps/app.xml")).not.toMatch(/Secret/);
    // Visible!A1 read the removed sheet: frozen to its cached 84
    expect(cellXml(sheetOf(1), "A1")).toBe('<c r="A1"><v>84</v></c>');
    // "public" (index 0) is still Visible!B1's string
    expect(cellXml(sheetOf(1), "B1")).toBe('<c r="B1" t="s"><v>0</v></c>');
    expect(parts.get("xl/sharedStrings.xml")).toMatch(/^[\s\S]*?<si><t>public<\/t><\/si>/);
  });

  test("stay with keepHidden (and the planner warns about them)", async () => {
    const { parts, plan } = await transform(cases.hidden, { keepHidden: true });
    expect(parts.has("xl/worksheets/sheet2.xml")).toBe(true);
    expect(parts.get("xl/workbook.xml")).toMatch(/name="Secret"[^>]*state="hidden"/);
    expect(plan.warnings.map((w) => w.message).join("\n")).toMatch(/Secret is hidden/);
  });
});

describe("a chart on a kept sheet that reads a removed sheet", () => {
  test("is named in a warning: its cached points keep that sheet's values", async () => {
    const C = "http://schemas.openxmlformats.org/drawingml/2006/chart";
    const book: TestBook = {
      ...cases.hidden,
      sheets: [
        {
          ...cases.hidden.sheets[0],
          body: cases.hidden.sheets[0].body + '<drawing r:id="rId1"/>',
          rels: [["drawing", "../drawings/drawing1.xml"]],
        },
        ...cases.hidden.sheets.slice(1),
      ],
      parts: {
        ...cases.hidden.parts,
        "xl/drawings/drawing1.xml": {
          xml: '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"/>',
          type: "application/vnd.openxmlformats-officedocument.drawing+xml",
        },
        "xl/drawings/_rels/drawing1.xml.rels": {
          xml: '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart" Target="../charts/chart1.xml"/></Relationships>',
        },
        "xl/charts/chart1.xml": {
          // the series reads Secret!$A$2 (42 in the input), its cache holds 42
          xml: `<c:chartSpace xmlns:c="${C}"><c:chart><c:plotArea><c:barChart><c:ser><c:val><c:numRef><c:f>Secret!$A$2</c:f><c:numCache><c:ptCount val="1"/><c:pt idx="0"><c:v>42</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`,
          type: "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
        },
      },
    };
    const { parts, warnings } = await transform(book);
    expect(parts.has("xl/charts/chart1.xml")).toBe(true);
    expect(warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/chart \(xl\/charts\/chart1.xml\) reads the removed sheet "Secret"/)
    );
    // without the chart, no such warning
    const plain = await transform(cases.hidden);
    expect(plain.warnings.filter((w) => /removed sheet/.test(w.message))).toEqual([]);
  });
});

describe("hidden rows and columns", () => {
  test("are read into the planner's input: its warning names them (they travel with the sheet)", async () => {
    const book: TestBook = {
      sheets: [
        {
          name: "Rows",
          // row 3 and columns B:C hidden, as Excel writes them
          body:
            '<cols><col min="2" max="3" width="9" hidden="1" customWidth="1"/></cols>' +
            '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="3" hidden="1"><c r="A3"><v>3</v></c></row></sheetData>',
        },
      ],
    };
    const { plan } = await transform(book);
    expect(plan.warnings.map((w) => w.message)).toContainEqual(
      expect.stringMatching(/hidden rows 3 and columns B–C/)
    );
  });
});

describe("comments and notes", () => {
  test("are removed by default: comments, threaded comments, their people and the notes' drawing", async () => {
    const input = partsOf(buildBook(cases.comments));
    expect(input.has("xl/persons/person.xml")).toBe(true);
    const { parts, sheetOf, plan } = await transform(cases.comments);
    for (const part of [
      "xl/comments1.xml",
      "xl/drawings/vmlDrawing1.vml",
      "xl/threadedComments/threadedComment1.xml",
      "xl/persons/person.xml",
    ]) {
      expect(`${part}: ${parts.has(part)}`).toBe(`${part}: false`);
    }
    expect(sheetOf(1)).not.toMatch(/legacyDrawing/);
    expect(parts.get("xl/worksheets/_rels/sheet1.xml.rels")).not.toMatch(/comment|vmlDrawing/i);
    expect(parts.get("xl/_rels/workbook.xml.rels")).not.toMatch(/person/);
    // nobody's name travels
    for (const [name, text] of parts)
      expect(`${name}: ${/Alice Analyst|Bob Banker/.test(text)}`).toBe(`${name}: false`);
    // the thread on A1 (its note beside it is Excel's copy for older versions) and the note on B1
    expect(plan.dropped.find((d) => d.what === "comments")?.reason).toMatch(
      /^2 comments and notes/
    );
  });

  test("are kept with keepComments", async () => {
    const { parts, sheetOf } = await transform(cases.comments, { keepComments: true });
    expect(parts.has("xl/comments1.xml")).toBe(true);
    expect(parts.has("xl/persons/person.xml")).toBe(true);
    expect(sheetOf(1)).toMatch(/<legacyDrawing r:id="rId2"\/>/);
  });
});

describe("the package", () => {
  test("parts the transform does not change are copied as stored, not recompressed", async () => {
    // every part stored without compression (method 0) in the input
    const bytes = buildBook(cases.xldudf, 0);
    const entry = (zip: Uint8Array, name: string) => readZip(zip).find((e) => e.name === name)!;
    const result = await shareSafeFile(bytes, OPTIONS);
    expect(entry(result.bytes, "xl/styles.xml").method).toBe(0);
    expect(entry(result.bytes, "xl/styles.xml").raw).toEqual(entry(bytes, "xl/styles.xml").raw);
    // a part the transform rewrote is deflated anew
    expect(entry(result.bytes, "xl/worksheets/sheet1.xml").method).toBe(8);
  });

  test("the folder Excel recorded the workbook in (x15ac:absPath) is left out", async () => {
    const parts = partsOf(buildBook(cases.xldudf));
    // as Excel writes it, after <workbookPr>
    const absPath =
      '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac" url="C:\\Users\\ana.analyst\\Documents\\"/></mc:Choice></mc:AlternateContent>';
    const workbook = parts.get("xl/workbook.xml")!.replace("<bookViews>", `${absPath}<bookViews>`);
    const files = Object.fromEntries(
      [...parts].map(([name, text]) => [
        name,
        strToU8(name === "xl/workbook.xml" ? workbook : text),
      ])
    );
    const result = await shareSafeFile(zipSync(files), OPTIONS);
    const out = partsOf(result.bytes).get("xl/workbook.xml")!;
    expect(out).not.toMatch(/ana\.analyst|absPath/);
    expect(out).toMatch(/<bookViews>/);
  });

  test("a workbook written with a namespace prefix (<x:workbook>) is refused with what to do", async () => {
    const bytes = buildBook(cases.xldudf);
    const parts = partsOf(bytes);
    const prefixed = parts
      .get("xl/workbook.xml")!
      .replace(/<(\/?)(workbook|bookViews|workbookView|sheets|sheet|calcPr)\b/g, "<$1x:$2")
      .replace('xmlns="', 'xmlns:x="');
    const files = Object.fromEntries(
      [...parts].map(([name, text]) => [
        name,
        strToU8(name === "xl/workbook.xml" ? prefixed : text),
      ])
    );
    await expect(shareSafeFile(zipSync(files), OPTIONS)).rejects.toThrow(
      /namespace prefix.*open and save it in Excel first/
    );
  });

  test("a file that is not a zip is refused with a message", async () => {
    await expect(
      shareSafeFile(new TextEncoder().encode("not a workbook"), OPTIONS)
    ).rejects.toThrow(/Not a zip file/);
  });
});
