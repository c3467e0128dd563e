/**
 * The hand-made workbooks the file transform is tested on (test/ooxml/transform.test.ts, and opened
 * in LibreOffice by test/ooxml/libreoffice.test.ts). Each holds one thing the transform must handle,
 * written as Excel writes it; the values in `<v>` are the cached values the tests expect to find again.
 */
import { MAIN, type TestBook } from "./build";

const X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main";
const XM = "http://schemas.microsoft.com/office/excel/2006/main";
const TC = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments";

/** Custom functions as Excel saves them (`_xldudf_`), cached values of each type, a calculation chain. */
export const xldudf: TestBook = {
  sharedStrings: ["ETH"],
  calcChain: true,
  sheets: [
    {
      name: "Hedge",
      body:
        "<sheetData>" +
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>_xldudf_ALTHEDGE_HEDGERATIO(A1,0.5)</f><v>0.25</v></c><c r="C1"><f>B1*4</f><v>1</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="e"><f>_xldudf_ALTHEDGE_HEDGERATIO(A2,1)</f><v>#VALUE!</v></c>' +
        '<c r="C2" t="str"><f>_xldudf_ALTHEDGE_LIQUIDITYTIER(A1,1,1,A1:A2,A1:A2)</f><v>High &amp; dry</v></c>' +
        '<c r="D2" t="b"><f>_xldudf_ALTHEDGE_HEDGETEST(A1)</f><v>1</v></c></row>' +
        "</sheetData>",
    },
  ],
};

/** Shared formulas: a group calling ALTHEDGE (all frozen) and a native group (left alone). */
export const shared: TestBook = {
  sheets: [
    {
      name: "Shared",
      body:
        "<sheetData>" +
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">_xldudf_ALTHEDGE_HEDGERATIO(A1,2)</f><v>0.5</v></c><c r="C1"><f t="shared" ref="C1:C3" si="1">A1*10</f><v>10</v></c></row>' +
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>1</v></c><c r="C2"><f t="shared" si="1"/><v>20</v></c></row>' +
        '<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"/><v>1.5</v></c><c r="C3"><f t="shared" si="1"/><v>30</v></c></row>' +
        "</sheetData>",
    },
  ],
};

const METADATA =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="${MAIN}" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray">` +
  '<metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes>' +
  '<futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata>' +
  '<cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>';

/**
 * A dynamic array calling ALTHEDGE (D2:D4) and a native one (E2:E3); `=SUM(D2#)` as the file writes
 * it, and a shared group across two columns whose first cell reads D2# and second E2#.
 */
export const spill: TestBook = {
  parts: {
    "xl/metadata.xml": {
      xml: METADATA,
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml",
    },
  },
  workbookRels: [
    [
      "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata",
      "metadata.xml",
    ],
  ],
  sheets: [
    {
      name: "Spill",
      body:
        "<sheetData>" +
        '<row r="1"><c r="A1"><v>3</v></c><c r="F1"><f>SUM(_xlfn.ANCHORARRAY(D2))</f><v>6</v></c>' +
        '<c r="G1"><f t="shared" ref="G1:H1" si="0">SUM(_xlfn.ANCHORARRAY(D2))</f><v>6</v></c><c r="H1"><f t="shared" si="0"/><v>3</v></c></row>' +
        '<row r="2"><c r="D2" cm="1"><f t="array" ref="D2:D4">_xldudf_ALTHEDGE_ROLLSCHEDULE(A1)</f><v>1</v></c><c r="E2" cm="1"><f t="array" ref="E2:E3">_xlfn.SEQUENCE(2)</f><v>1</v></c></row>' +
        '<row r="3"><c r="D3"><v>2</v></c><c r="E3"><v>2</v></c></row>' +
        '<row r="4"><c r="D4"><v>3</v></c></row>' +
        "</sheetData>",
    },
  ],
};

/** A workbook name calling ALTHEDGE, a plain one, and the cells that use them. */
export const names: TestBook = {
  names:
    '<definedName name="Price">Book!$A$1</definedName>' +
    '<definedName name="Ratio">_xldudf_ALTHEDGE_HEDGERATIO(Book!$A$1,1)</definedName>' +
    '<definedName name="Twice" localSheetId="0">Book!$A$1*2</definedName>',
  sheets: [
    {
      name: "Book",
      body:
        "<sheetData>" +
        '<row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>Ratio*2</f><v>1</v></c><c r="C1"><f>Price*2</f><v>4</v></c><c r="D1"><f>Twice+1</f><v>5</v></c></row>' +
        "</sheetData>",
    },
  ],
};

/** Conditional formats and validations calling ALTHEDGE, plain and x14, beside native ones. */
export const rules: TestBook = {
  sheets: [
    {
      name: "Rules",
      body:
        "<sheetData>" +
        '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>' +
        '<row r="2"><c r="A2"><v>2</v></c><c r="B2"><v>3</v></c></row>' +
        "</sheetData>" +
        '<conditionalFormatting sqref="A1:A2"><cfRule type="expression" dxfId="0" priority="1"><formula>_xldudf_ALTHEDGE_HEDGERATIO(A1,1)&gt;0</formula></cfRule>' +
        '<cfRule type="expression" dxfId="0" priority="2"><formula>A1&gt;1</formula></cfRule></conditionalFormatting>' +
        '<conditionalFormatting sqref="B1:B2"><cfRule type="expression" dxfId="0" priority="3"><formula>_xldudf_ALTHEDGE_BASISDRIFT(B1)&gt;0</formula></cfRule></conditionalFormatting>' +
        '<dataValidations count="2"><dataValidation type="custom" allowBlank="1" sqref="C1"><formula1>_xldudf_ALTHEDGE_HEDGERATIO(C1,1)&gt;0</formula1></dataValidation>' +
        '<dataValidation type="list" allowBlank="1" sqref="D1"><formula1>"long,short"</formula1></dataValidation></dataValidations>' +
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
        "<extLst>" +
        `<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${X14}"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="${XM}">` +
        '<x14:cfRule type="expression" priority="4" id="{00000000-0000-0000-0000-000000000001}"><xm:f>_xldudf_ALTHEDGE_HEDGERATIO(A1,1)&lt;0</xm:f><x14:dxf><font><b/></font></x14:dxf></x14:cfRule>' +
        "<xm:sqref>E1:E2</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>" +
        `<ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="${X14}"><x14:dataValidations count="1" xmlns:xm="${XM}">` +
        '<x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>_xldudf_ALTHEDGE_TIERS(A1)</xm:f></x14:formula1><xm:sqref>F1</xm:sqref></x14:dataValidation>' +
        "</x14:dataValidations></ext>" +
        "</extLst>",
    },
  ],
};

/**
 * A hidden sheet between two visible ones, holding private text (a shared string only it shows) and a
 * table; a formula of a visible sheet reads it; names scoped to each sheet; the last sheet active.
 */
export const hidden: TestBook = {
  sharedStrings: ["public", "private salary list"],
  activeTab: 2,
  names:
    '<definedName name="_xlnm.Print_Area" localSheetId="1">Secret!$A$1:$A$2</definedName>' +
    '<definedName name="_xlnm.Print_Area" localSheetId="2">After!$A$1</definedName>',
  parts: {
    "xl/tables/table1.xml": {
      xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${MAIN}" id="1" name="Salaries" displayName="Salaries" ref="A1:A2"><autoFilter ref="A1:A2"/><tableColumns count="1"><tableColumn id="1" name="Amount"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`,
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml",
    },
  },
  sheets: [
    {
      name: "Visible",
      body: '<sheetData><row r="1"><c r="A1"><f>Secret!A2*2</f><v>84</v></c><c r="B1" t="s"><v>0</v></c></row></sheetData>',
    },
    {
      name: "Secret",
      state: "hidden",
      body: '<sheetData><row r="1"><c r="A1" t="s"><v>1</v></c></row><row r="2"><c r="A2"><v>42</v></c></row></sheetData><tableParts count="1"><tablePart r:id="rId1"/></tableParts>',
      rels: [["table", "../tables/table1.xml"]],
    },
    {
      name: "After",
      body: '<sheetData><row r="1"><c r="A1"><v>7</v></c></row></sheetData>',
    },
  ],
};

const PERSON = "{11111111-1111-1111-1111-111111111111}";
const THREAD = "{22222222-2222-2222-2222-222222222222}";

/** A threaded comment (with Excel's note beside it), a note, their people and the notes' drawing. */
export const comments: TestBook = {
  workbookRels: [
    ["http://schemas.microsoft.com/office/2017/10/relationships/person", "persons/person.xml"],
  ],
  parts: {
    "xl/comments1.xml": {
      xml:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments xmlns="${MAIN}"><authors><author>tc=${THREAD}</author><author>Bob Banker</author></authors><commentList>` +
        `<comment ref="A1" authorId="0"><text><t>[Threaded comment] Check this hedge</t></text></comment>` +
        '<comment ref="B1" authorId="1"><text><t>Bob Banker: roll before Friday</t></text></comment></commentList></comments>',
      type: "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml",
    },
    "xl/drawings/vmlDrawing1.vml": {
      xml:
        '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">' +
        '<v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;visibility:hidden"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>',
    },
    "xl/threadedComments/threadedComment1.xml": {
      xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<ThreadedComments xmlns="${TC}" xmlns:x="${MAIN}"><threadedComment ref="A1" dT="2026-11-24T09:00:00.00" personId="${PERSON}" id="${THREAD}"><text>Check this hedge</text></threadedComment></ThreadedComments>`,
      type: "application/vnd.ms-excel.threadedcomments+xml",
    },
    "xl/persons/person.xml": {
      xml: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<personList xmlns="${TC}" xmlns:x="${MAIN}"><person displayName="Alice Analyst" id="${PERSON}" userId="alice@example.com" providerId="None"/></personList>`,
      type: "application/vnd.ms-excel.person+xml",
    },
  },
  sheets: [
    {
      name: "Notes",
      body: '<sheetData><row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row></sheetData><legacyDrawing r:id="rId2"/>',
      rels: [
        ["comments", "../comments1.xml"],
        ["vmlDrawing", "../drawings/vmlDrawing1.vml"],
        [
          "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
          "../threadedComments/threadedComment1.xml",
        ],
      ],
    },
  ],
};
