/**
 * Small .xlsx packages written by hand for the file transform's tests: every part's XML is spelled out
 * (as Excel writes it), so a test says exactly what the input holds — `_xldudf_` formulas, shared
 * formulas, dynamic arrays, x14 rules, comments, a calculation chain — and reads the output with
 * fflate's own unzip, not the transform's reader.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

export const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships";
const CT = "application/vnd.openxmlformats-officedocument.spreadsheetml";

export interface TestSheet {
  name: string;
  state?: "hidden" | "veryHidden";
  /** Everything inside <worksheet> (sheetData and the rest). */
  body: string;
  /** Relationships of the sheet: [type's last word or full URI, target relative to the sheet]. */
  rels?: [string, string][];
}

export interface TestBook {
  sheets: TestSheet[];
  /** The inside of <definedNames>. */
  names?: string;
  sharedStrings?: string[];
  calcChain?: boolean;
  /** Extra parts: name → XML, with their content type (or a Default by extension). */
  parts?: Record<string, { xml: string; type?: string }>;
  /** Extra workbook relationships: [type URI, target relative to xl/]. */
  workbookRels?: [string, string][];
  activeTab?: number;
}

const relType = (type: string): string => (type.includes("/") ? type : `${R}/${type}`);

/** The package of `book` as Excel would write it (deflated; `level` 0 stores the parts as they are). */
export function buildBook(book: TestBook, level: 0 | 6 = 6): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const overrides: string[] = [];
  const put = (name: string, xml: string, type?: string): void => {
    files[name] = strToU8(xml);
    if (type) overrides.push(`<Override PartName="/${name}" ContentType="${type}"/>`);
  };
  const wbRels: string[] = [];
  const sheetEntries: string[] = [];
  book.sheets.forEach((sheet, i) => {
    const part = `xl/worksheets/sheet${i + 1}.xml`;
    put(
      part,
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">${sheet.body}</worksheet>`,
      `${CT}.worksheet+xml`
    );
    wbRels.push(
      `<Relationship Id="rId${i + 1}" Type="${R}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`
    );
    sheetEntries.push(
      `<sheet name="${sheet.name}" sheetId="${i + 1}"${sheet.state ? ` state="${sheet.state}"` : ""} r:id="rId${i + 1}"/>`
    );
    if (sheet.rels?.length) {
      put(
        `xl/worksheets/_rels/sheet${i + 1}.xml.rels`,
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_R}">${sheet.rels
          .map(
            ([type, target], j) =>
              `<Relationship Id="rId${j + 1}" Type="${relType(type)}" Target="${target}"/>`
          )
          .join("")}</Relationships>`
      );
    }
  });
  let n = book.sheets.length;
  put(
    "xl/styles.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="1"><dxf><font><b/></font></dxf></dxfs></styleSheet>`,
    `${CT}.styles+xml`
  );
  wbRels.push(`<Relationship Id="rId${++n}" Type="${R}/styles" Target="styles.xml"/>`);
  if (book.sharedStrings) {
    put(
      "xl/sharedStrings.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${book.sharedStrings.length}" uniqueCount="${book.sharedStrings.length}">${book.sharedStrings.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`,
      `${CT}.sharedStrings+xml`
    );
    wbRels.push(
      `<Relationship Id="rId${++n}" Type="${R}/sharedStrings" Target="sharedStrings.xml"/>`
    );
  }
  if (book.calcChain) {
    put(
      "xl/calcChain.xml",
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="${MAIN}"><c r="B1" i="1"/></calcChain>`,
      `${CT}.calcChain+xml`
    );
    wbRels.push(`<Relationship Id="rId${++n}" Type="${R}/calcChain" Target="calcChain.xml"/>`);
  }
  for (const [type, target] of book.workbookRels ?? []) {
    wbRels.push(`<Relationship Id="rId${++n}" Type="${type}" Target="${target}"/>`);
  }
  for (const [name, { xml, type }] of Object.entries(book.parts ?? {})) put(name, xml, type);
  put(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${R}"><bookViews><workbookView activeTab="${book.activeTab ?? 0}"/></bookViews><sheets>${sheetEntries.join("")}</sheets>${book.names ? `<definedNames>${book.names}</definedNames>` : ""}<calcPr calcId="191029"/></workbook>`,
    `${CT}.sheet.main+xml`
  );
  put(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_R}">${wbRels.join("")}</Relationships>`
  );
  put(
    "docProps/app.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><TitlesOfParts><vt:vector size="${book.sheets.length}" baseType="lpstr">${book.sheets.map((s) => `<vt:lpstr>${s.name}</vt:lpstr>`).join("")}</vt:vector></TitlesOfParts></Properties>`,
    "application/vnd.openxmlformats-officedocument.extended-properties+xml"
  );
  put(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_R}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${R}/extended-properties" Target="docProps/app.xml"/></Relationships>`
  );
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>${overrides.join("")}</Types>`;
  return zipSync({ "[Content_Types].xml": strToU8(types), ...files }, { level });
}

/** The parts of a package as text, read with fflate (not the transform's reader). */
export function partsOf(bytes: Uint8Array): Map<string, string> {
  const files = unzipSync(bytes);
  return new Map(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** The `<c>` of `ref` in a sheet's XML, or undefined. */
export function cellXml(sheet: string, ref: string): string | undefined {
  const m = new RegExp(`<c r="${ref}"(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</c>)`).exec(sheet);
  return m?.[0];
}

/** Every formula-bearing text of a package: cell formulas, names, rule formulas (x14 too). */
export function formulaTexts(parts: Map<string, string>): string[] {
  const texts: string[] = [];
  const grab = (xml: string, pattern: RegExp): void => {
    for (const m of xml.matchAll(pattern)) texts.push(m[1]);
  };
  for (const [name, xml] of parts) {
    if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) {
      grab(xml, /<f(?:\s[^>]*)?>([\s\S]*?)<\/f>/g);
      grab(xml, /<formula>([\s\S]*?)<\/formula>/g);
      grab(xml, /<formula[12]>([\s\S]*?)<\/formula[12]>/g);
      grab(xml, /<xm:f>([\s\S]*?)<\/xm:f>/g);
    }
    if (name === "xl/workbook.xml") grab(xml, /<definedName[^>]*>([\s\S]*?)<\/definedName>/g);
    if (/^xl\/tables\//.test(name))
      grab(xml, /<(?:calculatedColumnFormula|totalsRowFormula)[^>]*>([\s\S]*?)<\//g);
  }
  return texts;
}

/**
 * A call to an AltHedge function in any spelling a file holds (`ALTHEDGE.X(`, `_xll.ALTHEDGE.X(`,
 * `_xldudf_ALTHEDGE_X(`), any case. A defined name that merely starts with "AltHedge"
 * (`AltHedge_CoverageLow`, the Policy sheet's limits) is not one.
 */
export const callsAltHedge = (text: string | undefined): boolean =>
  /(^|[^A-Za-z0-9_])(_xll\.)?ALTHEDGE\.[A-Za-z]|_xldudf_ALTHEDGE_/i.test(text ?? "");
