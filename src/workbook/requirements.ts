/**
 * The pane's features that need more of Excel than the manifest asks for, the requirement set each
 * needs, and the sentence the pane shows where one is missing. The adapters' `supports(feature)`
 * (./port) answer with `featureSupport`, asking their host's `isSetSupported`.
 *
 * What each feature needs is read from the Office.js calls it makes (./office) and the
 * `[Api set: …]` tags of @types/office-js. The manifest asks for SharedRuntime 1.1 and
 * CustomFunctionsRuntime 1.2 only; the functions and the wizards need nothing more (the Office adapter
 * skips a wizard's data validation below ExcelApi 1.8 and its page layout below 1.9), so they are not
 * features here.
 */

/** A task-pane feature that needs more of Excel than the manifest asks for. */
export type PaneFeature = "share-copy" | "share-workbook" | "explain" | "hedge-log" | "import";

export type FeatureSupport = { available: true } | { available: false; message: string };

/** A requirement set, as `Office.context.requirements.isSetSupported(name, version)` takes it. */
export interface RequirementSet {
  name: string;
  version: string;
}

export interface FeatureRequirements {
  /** The start of the sentence: "Share-safe copies need". */
  subject: string;
  /** Every set the feature cannot work without. */
  needs: RequirementSet[];
  /** Sets the feature uses when present and does without otherwise (documentation only). */
  optional?: (RequirementSet & { for: string })[];
}

/**
 * What each feature needs, with the calls that decide it (ExcelApi tags from @types/office-js).
 */
export const FEATURE_REQUIREMENTS: Record<PaneFeature, FeatureRequirements> = {
  // The share-safe copy (OfficeWorkbook.listShareCandidates / shareSafeCopy): Worksheet.visibility
  // (1.1), Worksheet.copy (1.7), Worksheet.names (1.4) and NamedItem.formula (1.7),
  // Range.conditionalFormats (1.6), Range.dataValidation (1.8), Range.getSpecialCellsOrNullObject and
  // Application.calculationState (1.9), Workbook.comments (1.10), and
  // Range.getSpillingToRangeOrNullObject (1.12): 1.12. Worksheet.notes (1.18) only where present.
  "share-copy": {
    subject: "Share-safe copies need",
    needs: [{ name: "ExcelApi", version: "1.12" }],
    optional: [
      { name: "ExcelApi", version: "1.18", for: "notes (Worksheet.notes) are read and removed" },
    ],
  },
  // Save as a share-safe workbook: the document's own file, Document.getFileAsync with
  // Office.FileType.Compressed, whose requirement set is CompressedFile (@types/office-js,
  // getFileAsync's remarks). That same page's table gives Excel on Windows and Mac the Compressed type
  // and Excel on the web only Pdf, while Microsoft's "Office Common API requirement sets" lists Excel
  // on the web under CompressedFile: the host's own answer to isSetSupported decides. The result opens
  // with Excel.createWorkbook (1.8) where present, and is offered as a download otherwise.
  "share-workbook": {
    subject: "Save as a share-safe workbook needs",
    needs: [{ name: "CompressedFile", version: "1.1" }],
    optional: [
      {
        name: "ExcelApi",
        version: "1.8",
        for: "the copy opens as a new workbook (Excel.createWorkbook)",
      },
    ],
  },
  // Explain (OfficeWorkbook.readActiveCell, readRanges): Workbook.getActiveCell (1.7);
  // WorksheetCollection.getItem, Worksheet.getRange, Range.values (1.1).
  explain: {
    subject: "Explain needs",
    needs: [{ name: "ExcelApi", version: "1.7" }],
  },
  // Checking the Hedge log (OfficeWorkbook.readHedgeLog): TableCollection.getItemOrNullObject (1.4),
  // Table.worksheet (1.2), Table.getHeaderRowRange / getDataBodyRange (1.1); the sheet's protection
  // (1.2) only where present. "Prepared by" is kept in the document's settings (Common API) and works
  // in every Excel; appending rows is the wizards' (ExcelApi 1.1 tables).
  "hedge-log": {
    subject: "Checking the Hedge log needs",
    needs: [{ name: "ExcelApi", version: "1.4" }],
  },
  // Imports (OfficeWorkbook.readCanonicalTables / writeImport): TableCollection.getItem,
  // Table.getRange / getHeaderRowRange, Range.values and numberFormat (1.1), Table.worksheet (1.2),
  // Range.getUsedRangeOrNullObject and TableRowCollection.add of several rows (1.4),
  // Worksheet.getRangeByIndexes and freezePanes (1.7): 1.7. Table.resize (1.13) where present, so that
  // an append writes into the empty cells below the table; before it, rows.add inserts rows, and any
  // cell below the table in its columns refuses the append (it would move down).
  import: {
    subject: "Imports need",
    needs: [{ name: "ExcelApi", version: "1.7" }],
    optional: [
      {
        name: "ExcelApi",
        version: "1.13",
        for: "rows are appended below a table and the table resized (Table.resize), so cells further below it never move",
      },
    ],
  },
};

/** "1.10" > "1.9": versions compared part by part, as numbers. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The newest ExcelApi each perpetual (one-time purchase) Excel for Windows supports, from Microsoft's "Excel
 * JavaScript API requirement sets" table
 * (https://learn.microsoft.com/javascript/api/requirement-sets/excel/excel-api-requirement-sets), its
 * volume-licensed perpetual column: Office 2016 has 1.1 only ("the only Excel-specific requirement set
 * supported by Excel 2016", ExcelApi 1.1's page); Office 2019 1.2 to 1.7; Office 2021 1.8 to 1.14;
 * Office 2024 1.15 to 1.17; from 1.18 on, "Not supported" (Microsoft 365, the web and Mac only).
 */
const PERPETUAL: { upTo: string; excel: string }[] = [
  { upTo: "1.1", excel: "Excel 2016" },
  { upTo: "1.7", excel: "Excel 2019" },
  { upTo: "1.14", excel: "Excel 2021" },
  { upTo: "1.17", excel: "Excel 2024" },
];

/**
 * The Excel a requirement set needs, in words: "Excel 2021 or Microsoft 365" for ExcelApi 1.12,
 * "Microsoft 365" for 1.18 on. CompressedFile: Excel on Windows or Mac (see share-workbook above).
 */
export function excelFor(set: RequirementSet): string {
  if (set.name === "ExcelApi") {
    const perpetual = PERPETUAL.find(({ upTo }) => compareVersions(set.version, upTo) <= 0);
    return perpetual ? `${perpetual.excel} or Microsoft 365` : "Microsoft 365";
  }
  if (set.name === "CompressedFile") return "Excel on Windows or Mac";
  return "a newer Excel";
}

/** What the pane says under an unavailable feature, after the sentence naming the Excel it needs. */
export const STILL_WORKS = "The functions and wizards work in this Excel.";

/**
 * Whether `feature` works in a host whose requirement checks are `isSetSupported`, and if not the
 * sentence that says which Excel it needs: "Share-safe copies need Excel 2021 or Microsoft 365
 * (ExcelApi 1.12). The functions and wizards work in this Excel."
 */
export function featureSupport(
  feature: PaneFeature,
  isSetSupported: (name: string, version: string) => boolean
): FeatureSupport {
  const { subject, needs } = FEATURE_REQUIREMENTS[feature];
  const missing = needs.filter((set) => !isSetSupported(set.name, set.version));
  if (missing.length === 0) return { available: true };
  const what = missing.map((set) => `${excelFor(set)} (${set.name} ${set.version})`).join(" and ");
  return { available: false, message: `${subject} ${what}. ${STILL_WORKS}` };
}

/** An `isSetSupported` for a host that has ExcelApi up to `excelApi` and no other set. */
export function excelApiUpTo(excelApi: string): (name: string, version: string) => boolean {
  return (name, version) => name === "ExcelApi" && compareVersions(version, excelApi) <= 0;
}
