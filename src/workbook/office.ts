/**
 * The Office.js adapter of the workbook port. Every operation is one `Excel.run` with as few
 * `context.sync()` round trips as the data allows: a plan reads (and creates its sheet) once and writes
 * once (huge plans add one sync per band of CELLS_PER_SYNC cells), a share-safe copy reads, copies and
 * writes in three. Nothing is queued after the last explicit sync, so `Excel.run` adds no hidden round
 * trip.
 *
 * What protects the user: plans go to a new sheet with a unique name, the only write into an existing
 * sheet is one appended row of the Hedge log table, and a failed write deletes what it created, and
 * only that (see "Sheets an operation creates" below).
 */
import {
  LOG_HEADERS,
  LOG_SHEET,
  LOG_TABLE,
  a1,
  pageSetupOf,
  parseRange,
  uniqueSheetName,
  type CellStyle,
  type CellValue,
  type LogEntry,
  type PageSetup,
  type PlanCell,
  type PlanChart,
  type SheetPlan,
} from "../templates/plan";
import { separatorsOfLocale, type NumberSeparators } from "../templates/common";
import { LOG_CHAIN_SEED, PREPARED_BY, lastHash, logRowCells } from "../templates/hedgeLog";
import {
  checkShareChoice,
  freezeAnchors,
  frozenCellCount,
  planShareSafe,
  type FrozenArea,
  type ProvenancePlan,
  type ShareSheet,
  type ShareSpill,
} from "../templates/share";
import {
  notEmptyMessage,
  type ActiveCell,
  type ApplyResult,
  type HedgeLogContents,
  type RangeRef,
  type Selection,
  type ShareCandidate,
  type ShareSafeResult,
  type ShareWorkbookResult,
  type WorkbookPort,
  type WriteResult,
} from "./port";
import type { FeatureSupport, PaneFeature } from "./requirements";

/**
 * Plan cells written per sync. One 5,000-cell write stays far below Excel on the web's 5 MB request
 * limit even with long formulas; a bigger plan is written in bands, one sync each.
 */
export const CELLS_PER_SYNC = 5000;

/** Excel's grid: 1,048,576 rows by 16,384 columns. */
const MAX_ROWS = 1048576;
const MAX_COLS = 16384;

/** Excel keeps at most 255 characters in a list validation's comma-separated source. */
const MAX_LIST_SOURCE = 255;

/** The header fill, shared by plan headers and the sheets this adapter creates itself. */
const HEADER_FILL = "#DDEBF7";

/** How each plan style looks in Excel. */
const STYLE_FORMATS: Record<CellStyle, (format: Excel.RangeFormat) => void> = {
  title: (format) => {
    format.font.bold = true;
    format.font.size = 14;
  },
  subtitle: (format) => {
    format.font.bold = true;
  },
  header: (format) => {
    format.font.bold = true;
    format.fill.color = HEADER_FILL;
  },
  input: (format) => {
    format.fill.color = "#FFF2CC";
  },
  note: (format) => {
    format.font.italic = true;
    format.font.color = "#7F7F7F";
  },
  total: (format) => {
    format.font.bold = true;
  },
};

export class OfficeWorkbook implements WorkbookPort {
  readonly kind = "office" as const;

  async insertFormulaIfEmpty(formula: string): Promise<WriteResult> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load(["address", "formulas"]);
      await context.sync();
      const address = cell.address;
      const current = cell.formulas?.[0]?.[0];
      if (current !== "" && current !== null && current !== undefined) {
        return {
          ok: false,
          address,
          reason: "not-empty",
          message: notEmptyMessage(address),
        } as const;
      }
      cell.formulas = [[formula]];
      await context.sync();
      return { ok: true, address } as const;
    });
  }

  async readSelection(): Promise<Selection> {
    return Excel.run(async (context) => {
      const range = context.workbook.getSelectedRange();
      // a navigation property (a proxy object), not a value: nothing to load before taking it
      // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
      const worksheet = range.worksheet;
      range.load("address, values");
      worksheet.load("name");
      await context.sync();
      return {
        sheet: worksheet.name,
        address: withoutSheet(range.address),
        values: range.values.map((row) => row.map(readCell)),
      };
    });
  }

  async listSheets(): Promise<string[]> {
    return Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load("items/name");
      await context.sync();
      return sheets.items.map((sheet) => sheet.name);
    });
  }

  async activateSheet(sheet: string): Promise<void> {
    await Excel.run(async (context) => {
      context.workbook.worksheets.getItem(sheet).activate();
      await context.sync();
    });
  }

  /** One sync: the active cell's address (with its sheet), formula and value. */
  async readActiveCell(): Promise<ActiveCell> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load("address, formulas, values");
      await context.sync();
      const formula = cell.formulas[0][0];
      return {
        sheet: sheetOf(cell.address),
        address: withoutSheet(cell.address),
        formula: typeof formula === "string" && formula.startsWith("=") ? formula : "",
        value: readCell(cell.values[0][0]),
      };
    });
  }

  /** One sync for every range; errors read as their code ("#N/A"), as `Range.values` gives them. */
  async readRanges(ranges: RangeRef[]): Promise<CellValue[][][]> {
    if (ranges.length === 0) return [];
    return Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      const read = ranges.map(({ sheet, address }) =>
        worksheets.getItem(sheet).getRange(address).load("values")
      );
      await context.sync();
      return read.map((range) => range.values.map((row) => row.map(readCell)));
    });
  }

  /** Two syncs: whether the table exists, then its header, rows and sheet's protection. */
  async readHedgeLog(): Promise<HedgeLogContents | null> {
    return Excel.run(async (context) => {
      const table = context.workbook.tables.getItemOrNullObject(LOG_TABLE);
      table.load("name");
      await context.sync();
      if (table.isNullObject) return null;
      const header = table.getHeaderRowRange().load("values");
      const body = table.getDataBodyRange().load("values");
      const worksheet = table.worksheet;
      worksheet.load("name");
      const protection = protectionSupported() ? worksheet.protection.load("protected") : undefined;
      await context.sync();
      return {
        sheet: worksheet.name,
        header: header.values[0].map(readCell),
        rows: dataRows(body.values),
        protected: protection?.protected === true,
      };
    });
  }

  /** From the document's settings, with no round trip ("" outside Office or when not set). */
  async getPreparedBy(): Promise<string> {
    return preparedBySetting();
  }

  /** Kept in the document's settings, saved with it. */
  async setPreparedBy(name: string): Promise<void> {
    const settings = documentSettings();
    if (!settings) throw new Error("This document has no settings to keep the name in");
    settings.set(PREPARED_BY, name.trim());
    await new Promise<void>((resolve, reject) =>
      settings.saveAsync((result) =>
        result.status === Office.AsyncResultStatus.Failed
          ? reject(new Error(`The name could not be saved: ${result.error.message}`))
          : resolve()
      )
    );
  }

  /**
   * Excel's separators (`application.cultureInfo.numberFormat`, ExcelApi 1.11) in one sync; before
   * 1.11, those of Office's display language ("de-DE"), with no round trip.
   */
  async numberFormat(): Promise<NumberSeparators> {
    if (!Office.context.requirements.isSetSupported("ExcelApi", "1.11"))
      return separatorsOfLocale(Office.context.displayLanguage);
    return Excel.run(async (context) => {
      const format = context.workbook.application.cultureInfo.numberFormat;
      format.load("numberDecimalSeparator, numberGroupSeparator");
      await context.sync();
      return { decimal: format.numberDecimalSeparator, grouping: format.numberGroupSeparator };
    });
  }

  async applyPlan(
    plan: SheetPlan,
    log?: LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ApplyResult> {
    // Every check that can fail runs before Excel is touched: a bad plan creates nothing.
    checkPlan(plan);
    const total = plan.cells.length;
    onProgress?.(0, total);
    const created: NewSheet[] = [];
    let sheet = plan.name;
    try {
      await Excel.run(async (context) => {
        const workbook = context.workbook;
        const sheets = workbook.worksheets.load("items/name");
        const tables = workbook.tables.load("items/name");
        // The new sheet is created with the reads, under a name of its own, and its id comes back
        // with them: from then on the clean-up finds it by id, whatever it is named.
        const mine = newSheet(created);
        const target = workbook.worksheets.add(mine.temp);
        target.load("id");
        await context.sync();
        mine.id = target.id;

        const sheetNames = sheets.items.map((item) => item.name);
        const tableNames = tables.items.map((item) => item.name);
        sheet = uniqueSheetName(plan.name, sheetNames);
        // An existing log: its header and last row, read in a sync of their own (only then is the
        // table known to exist), so the new row's hash chains to the last one.
        const existingLog =
          log && hasName(tableNames, LOG_TABLE) ? await readLogTail(context) : undefined;
        const logRow = log
          ? await logRowCells(
              existingLog?.previous ?? LOG_CHAIN_SEED,
              { ...log, sheet },
              preparedBySetting()
            )
          : undefined;
        await writeCells(context, target, plan.cells, (done) => onProgress?.(done, total));
        queueStyles(target, plan.cells);
        queuePlanObjects(target, plan, tableNames);
        queuePageLayout(target, pageSetupOf(plan));
        // A batch stops at its first failing operation. The renames come after every write, and the
        // log row after the renames: a name taken since sync 1 fails the rename, and no row is logged.
        const finishLog = logRow
          ? queueLog(workbook, logRow, existingLog, [...sheetNames, sheet], created, mine)
          : undefined;
        rename(target, mine, sheet);
        target.activate();
        finishLog?.();
        await context.sync();
      });
    } catch (error) {
      throw await failedWrite(`write the sheet "${sheet}"`, error, created);
    }
    onProgress?.(total, total);
    return { sheet, cells: total };
  }

  async listShareCandidates(): Promise<ShareCandidate[]> {
    return (await this.listSheets()).map((name) => ({ name, visibility: "Visible" as const }));
  }

  async saveShareSafeWorkbook(): Promise<ShareWorkbookResult> {
    throw new Error("Save as a share-safe workbook is not available yet");
  }

  supports(_feature: PaneFeature): FeatureSupport {
    return { available: true };
  }

  async shareSafeCopy(sheets: string[], version: string, time: string): Promise<ShareSafeResult> {
    checkShareChoice(sheets);
    const created: NewSheet[] = [];
    try {
      return await Excel.run(async (context) => {
        // Sync 1: the names in use and each chosen sheet's formulas and values.
        const worksheets = context.workbook.worksheets.load("items/name");
        const sources = sheets.map((name) => readSource(worksheets, name));
        await syncOrExplainMissing(context, sheets, (names) => this.missingSheets(names));

        // Sync 2: the spill range of every cell the planner will freeze, and the copies (still
        // live) under names of their own, with their ids.
        const copies = sources.map((source) => copySource(source, created));
        await context.sync();
        for (const copy of copies) copy.mine.id = copy.sheet.id;

        // Sync 3: the plan applied — the copies frozen, the Provenance sheet written; then the
        // renames, the Provenance sheet's last, after the copies' (see NewSheet.witness).
        const plan = planShareSafe({
          sheets: copies.map(shareSheet),
          existing: worksheets.items.map((item) => item.name),
          version,
          time,
        });
        plan.copies.forEach((planned, i) => freezeCopy(copies[i].sheet, planned.frozen));
        const mine = newSheet(created, copies[copies.length - 1].mine);
        const provenance = context.workbook.worksheets.add(mine.temp);
        writeProvenance(provenance, plan.provenance);
        plan.copies.forEach((planned, i) => rename(copies[i].sheet, copies[i].mine, planned.name));
        rename(provenance, mine, plan.provenance.name);
        await context.sync();

        return {
          copies: plan.copies.map((copy) => ({ original: copy.original, copy: copy.name })),
          provenanceSheet: plan.provenance.name,
          frozenCells: frozenCellCount(plan),
          rewrites: 0,
          dropped: 0,
          warnings: [],
        };
      });
    } catch (error) {
      throw await failedWrite("make the share-safe copy", error, created);
    }
  }

  /** The names in `wanted` that are not sheets of the workbook; [] when that cannot be told. */
  private async missingSheets(wanted: string[]): Promise<string[]> {
    try {
      const present = new Set((await this.listSheets()).map((name) => name.toLowerCase()));
      return wanted.filter((name) => !present.has(name.toLowerCase()));
    } catch {
      return [];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Values in and out of Excel
// ---------------------------------------------------------------------------------------------

/** "Sheet1!B2:C4" → "B2:C4" (a sheet name may hold "!", an address never does). */
const withoutSheet = (address: string): string => address.slice(address.lastIndexOf("!") + 1);

/** "'My sheet'!B2" → "My sheet" (Excel quotes a name with spaces and doubles its apostrophes). */
function sheetOf(address: string): string {
  const name = address.slice(0, Math.max(0, address.lastIndexOf("!")));
  return /^'.*'$/.test(name) ? name.slice(1, -1).replace(/''/g, "'") : name;
}

/** Excel reads an empty cell as ""; the port (and the engine adapter) says null. */
const readCell = (value: unknown): CellValue => (value === "" ? null : (value as CellValue));

/**
 * Text Excel would not keep as typed: a leading sigil ("=", "+", "-", "@" start a formula, "'" is
 * swallowed), a number ("1,200", "-3.5e2", "12%", "$5"), a date or time ("2026-11-24", "1/2",
 * "9:30"), a boolean or an error code ("#N/A").
 */
const CONVERTED_TEXT = [
  /^[=+\-@']/,
  /^\s*[-+]?[$€£¥]?\s*(\d[\d,]*\.?\d*|\.\d+)(e[-+]?\d+)?\s*%?\s*$/i,
  /^\s*\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$/,
  /^\s*\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(am|pm)?\s*$/i,
  /^\s*(true|false)\s*$/i,
];
const ERROR_CODE =
  /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BUSY!|BLOCKED!|CONNECT!|UNKNOWN!)$/i;

/**
 * What to write for `value` so that the cell holds exactly it: a string stays text, with the
 * apostrophe prefix Excel hides when it would otherwise turn the text into a formula, number, date,
 * boolean or error. An empty value writes "" (an empty cell).
 */
export function textSafe(value: CellValue | undefined): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value !== "string") return value;
  return CONVERTED_TEXT.some((pattern) => pattern.test(value)) || ERROR_CODE.test(value)
    ? `'${value}`
    : value;
}

/**
 * What to write for a value read from Excel: the same as `textSafe`, except that an error code is
 * written as is, because `Range.values` reports an error cell as its code and freezing must keep it an
 * error.
 */
const frozenInput = (value: unknown): string | number | boolean =>
  typeof value === "string" && ERROR_CODE.test(value) ? value : textSafe(value as CellValue);

// ---------------------------------------------------------------------------------------------
// Checking a plan before anything is written
// ---------------------------------------------------------------------------------------------

function checkPlan(plan: SheetPlan): void {
  const where = `Plan "${plan.name}"`;
  const seen = new Set<string>();
  for (const cell of plan.cells) {
    checkCell(where, cell);
    const key = `${cell.row},${cell.col}`;
    if (seen.has(key)) throw new Error(`${where}: two cells at ${a1(cell.row, cell.col)}`);
    seen.add(key);
  }
  for (const table of plan.tables ?? []) checkRange(`${where}, table ${table.name}`, table.range);
  for (const { range, list } of plan.validations ?? []) {
    const what = `${where}, validation on ${range}`;
    checkRange(what, range);
    if (list.length === 0) throw new Error(`${what}: the list is empty`);
    const withComma = list.find((item) => item.includes(","));
    if (withComma !== undefined) {
      throw new Error(
        `${what}: list item "${withComma}" holds a comma, which Excel reads as a separator`
      );
    }
    if (list.join(",").length > MAX_LIST_SOURCE) {
      throw new Error(`${what}: the list is longer than Excel's ${MAX_LIST_SOURCE} characters`);
    }
  }
  for (const cf of plan.conditionalFormats ?? []) {
    checkRange(`${where}, conditional format on ${cf.range}`, cf.range);
  }
  for (const chart of plan.charts ?? []) {
    checkRange(`${where}, chart "${chart.title}" source`, chart.source);
    checkRange(`${where}, chart "${chart.title}" anchor`, chart.anchor);
    chartTypeName(chart.type);
  }
  const print = pageSetupOf(plan);
  checkRange(`${where}, print area`, print.area);
  if (print.titleRows !== undefined && !/^\$?\d+:\$?\d+$/.test(print.titleRows)) {
    throw new Error(`${where}: print title rows "${print.titleRows}" are not whole rows ("$1:$2")`);
  }
}

function checkCell(where: string, cell: PlanCell): void {
  const { row, col } = cell;
  if (!Number.isInteger(row) || !Number.isInteger(col) || row < 0 || col < 0) {
    throw new Error(
      `${where}: cell at row ${row}, column ${col} is not a 0-based integer position`
    );
  }
  if (row >= MAX_ROWS || col >= MAX_COLS) {
    throw new Error(`${where}: cell at row ${row}, column ${col} lies outside Excel's grid`);
  }
  if (cell.formula !== undefined && cell.value !== undefined) {
    throw new Error(`${where}: ${a1(row, col)} has both a value and a formula`);
  }
  if (cell.formula !== undefined && !cell.formula.startsWith("=")) {
    throw new Error(
      `${where}: formula at ${a1(row, col)} does not start with "=": ${cell.formula}`
    );
  }
}

function checkRange(what: string, range: string): void {
  try {
    parseRange(range);
  } catch {
    throw new Error(`${what}: "${range}" is not an A1 range`);
  }
}

// ---------------------------------------------------------------------------------------------
// Writing a plan
// ---------------------------------------------------------------------------------------------

interface Rectangle {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * Queues the plan's cells as one `formulas` and one `numberFormat` write over their bounding
 * rectangle (holes are "" and "General"). A plan larger than CELLS_PER_SYNC goes in bands of rows,
 * each synced before the next is queued; the last band is left for the caller's sync.
 */
async function writeCells(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  cells: PlanCell[],
  progress: (done: number) => void
): Promise<void> {
  if (cells.length === 0) return;
  const cols = columnSpan(cells);
  const bands = rowBands(cells);
  let done = 0;
  for (let b = 0; b < bands.length; b++) {
    const band = bands[b];
    const area = { ...cols, row: band.row, rows: band.rows };
    const formulas = grid<string | number | boolean>(area, "");
    const formats = grid<string>(area, "General");
    for (const cell of band.cells) {
      const r = cell.row - area.row;
      const c = cell.col - area.col;
      formulas[r][c] = cell.formula ?? textSafe(cell.value);
      if (cell.format) formats[r][c] = cell.format;
    }
    const range = sheet.getRangeByIndexes(area.row, area.col, area.rows, area.cols);
    // The format first, so that a text format ("@") already holds when the inputs arrive.
    range.numberFormat = formats;
    range.formulas = formulas;
    done += band.cells.length;
    if (b < bands.length - 1) {
      // only for plans over 5,000 cells: one sync per band keeps each request within Excel's limits
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
      progress(done);
    }
  }
}

function columnSpan(cells: PlanCell[]): { col: number; cols: number } {
  let first = Infinity;
  let last = -Infinity;
  for (const cell of cells) {
    first = Math.min(first, cell.col);
    last = Math.max(last, cell.col);
  }
  return { col: first, cols: last - first + 1 };
}

/** Consecutive rows holding at most CELLS_PER_SYNC plan cells each (a longer row goes alone). */
function rowBands(cells: PlanCell[]): { row: number; rows: number; cells: PlanCell[] }[] {
  const byRow = new Map<number, PlanCell[]>();
  for (const cell of cells) {
    const line = byRow.get(cell.row);
    if (line) line.push(cell);
    else byRow.set(cell.row, [cell]);
  }
  const bands: { row: number; rows: number; cells: PlanCell[] }[] = [];
  for (const row of [...byRow.keys()].sort((a, b) => a - b)) {
    const line = byRow.get(row)!;
    const band = bands[bands.length - 1];
    if (band && band.cells.length + line.length <= CELLS_PER_SYNC) {
      band.rows = row - band.row + 1;
      band.cells.push(...line);
    } else {
      bands.push({ row, rows: 1, cells: [...line] });
    }
  }
  return bands;
}

function grid<T>(area: Rectangle, fill: T): T[][] {
  return Array.from({ length: area.rows }, () => new Array<T>(area.cols).fill(fill));
}

/** Queues one format per block of same-styled cells. */
function queueStyles(sheet: Excel.Worksheet, cells: PlanCell[]): void {
  for (const block of styleBlocks(cells)) {
    const range = sheet.getRangeByIndexes(block.row, block.col, block.rows, block.cols);
    // range.format is only written to here, never read: no load is needed
    // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
    STYLE_FORMATS[block.style](range.format);
  }
}

/**
 * Same-styled cells grouped into rectangles: runs along each row, then identical runs on
 * consecutive rows stacked, so a styled column of 1,000 inputs is one format call and not 1,000.
 */
export function styleBlocks(cells: PlanCell[]): (Rectangle & { style: CellStyle })[] {
  const styled = cells
    .filter((cell): cell is PlanCell & { style: CellStyle } => cell.style !== undefined)
    .sort((a, b) => a.row - b.row || a.col - b.col);
  const runs: (Rectangle & { style: CellStyle })[] = [];
  for (const cell of styled) {
    const run = runs[runs.length - 1];
    if (
      run &&
      run.style === cell.style &&
      run.row === cell.row &&
      run.col + run.cols === cell.col
    ) {
      run.cols++;
    } else {
      runs.push({ style: cell.style, row: cell.row, col: cell.col, rows: 1, cols: 1 });
    }
  }
  const open = new Map<string, Rectangle & { style: CellStyle }>();
  const blocks: (Rectangle & { style: CellStyle })[] = [];
  for (const run of runs) {
    const key = `${run.style}:${run.col}:${run.cols}`;
    const block = open.get(key);
    if (block && block.row + block.rows === run.row) {
      block.rows++;
    } else {
      const fresh = { ...run };
      open.set(key, fresh);
      blocks.push(fresh);
    }
  }
  return blocks;
}

/** Tables, validations, conditional formats, charts, column widths and frozen panes. */
function queuePlanObjects(sheet: Excel.Worksheet, plan: SheetPlan, tableNames: string[]): void {
  const takenTables = [...tableNames];
  for (const table of plan.tables ?? []) {
    const added = sheet.tables.add(sheet.getRange(table.range), true);
    // Kept aside: reading `added.name` back would need a load and a sync.
    const name = uniqueTableName(table.name, takenTables);
    added.name = name;
    takenTables.push(name);
    if (table.style) added.style = table.style;
  }
  for (const { range, list } of plan.validations ?? []) {
    sheet.getRange(range).dataValidation.rule = {
      list: { inCellDropDown: true, source: list.join(",") },
    };
  }
  for (const cf of plan.conditionalFormats ?? []) {
    const format = sheet
      .getRange(cf.range)
      .conditionalFormats.add(Excel.ConditionalFormatType.custom);
    format.custom.rule.formula = cf.formula;
    format.custom.format.fill.color = cf.fill;
    if (cf.font) format.custom.format.font.color = cf.font;
  }
  for (const chart of plan.charts ?? []) queueChart(sheet, chart);
  for (const { col, width } of plan.columnWidths ?? []) {
    sheet.getRangeByIndexes(0, col, 1, 1).format.columnWidth = width;
  }
  queueFreeze(sheet, plan.freeze);
}

function queueChart(sheet: Excel.Worksheet, chart: PlanChart): void {
  const seriesBy = chart.seriesBy ? Excel.ChartSeriesBy[chart.seriesBy] : Excel.ChartSeriesBy.auto;
  const added = sheet.charts.add(chartTypeName(chart.type), sheet.getRange(chart.source), seriesBy);
  added.title.text = chart.title;
  added.setPosition(chart.anchor);
}

/** Read at call time: `Excel` exists only inside Office, and this module loads in the playground too. */
function chartTypeName(type: PlanChart["type"]): Excel.ChartType {
  switch (type) {
    case "column":
      return Excel.ChartType.columnClustered;
    case "line":
      return Excel.ChartType.line;
    case "pie":
      return Excel.ChartType.pie;
    case "bar":
      return Excel.ChartType.barClustered;
    default:
      throw new Error(`Unknown chart type "${String(type)}": use column, line, pie or bar`);
  }
}

/**
 * Queues the plan's page setup (`pageSetupOf`): print area, title rows, orientation, one page wide
 * and as many tall as it takes ("Fit All Columns on One Page": Excel records it as 1 wide, 0 tall),
 * and the footer. ExcelApi 1.9; where Excel does not support it, the sheet is written without it.
 */
function queuePageLayout(sheet: Excel.Worksheet, setup: PageSetup): void {
  if (!printingSupported()) return;
  const layout = sheet.pageLayout;
  layout.setPrintArea(setup.area);
  if (setup.titleRows) layout.setPrintTitleRows(setup.titleRows);
  layout.orientation =
    setup.orientation === "landscape"
      ? Excel.PageOrientation.landscape
      : Excel.PageOrientation.portrait;
  layout.zoom = { horizontalFitToPages: setup.fitWidth, verticalFitToPages: 0 };
  const footer = layout.headersFooters.defaultForAllPages;
  footer.leftFooter = setup.footer.left;
  footer.centerFooter = setup.footer.center;
  footer.rightFooter = setup.footer.right;
}

/** Whether this Excel has the page layout API (ExcelApi 1.9). Read at call time, as `Excel` is. */
function printingSupported(): boolean {
  return (
    typeof Office !== "undefined" &&
    Office.context?.requirements?.isSetSupported("ExcelApi", "1.9") === true
  );
}

function queueFreeze(sheet: Excel.Worksheet, freeze: SheetPlan["freeze"]): void {
  const rows = freeze?.rows ?? 0;
  const cols = freeze?.cols ?? 0;
  if (rows > 0 && cols > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, rows, cols));
  else if (rows > 0) sheet.freezePanes.freezeRows(rows);
  else if (cols > 0) sheet.freezePanes.freezeColumns(cols);
}

/**
 * A table name Excel accepts (letters, digits, "_" and ".", not starting with a digit) that no table
 * of the workbook has yet, compared without case: "Exposure", then "Exposure2", "Exposure3"…
 */
export function uniqueTableName(wanted: string, taken: readonly string[]): string {
  let clean = wanted.replace(/[^A-Za-z0-9_.]/g, "_") || "Table";
  if (!/^[A-Za-z_]/.test(clean)) clean = `_${clean}`;
  const lower = new Set(taken.map((name) => name.toLowerCase()));
  if (!lower.has(clean.toLowerCase())) return clean;
  for (let n = 2; ; n++) {
    if (!lower.has(`${clean}${n}`.toLowerCase())) return `${clean}${n}`;
  }
}

const hasName = (names: readonly string[], name: string): boolean =>
  names.some((item) => item.toLowerCase() === name.toLowerCase());

/** The document's settings (Common API), or undefined outside Office. */
function documentSettings(): Office.Settings | undefined {
  return typeof Office !== "undefined" ? Office.context?.document?.settings : undefined;
}

function preparedBySetting(): string {
  const value: unknown = documentSettings()?.get(PREPARED_BY);
  return typeof value === "string" ? value : "";
}

/**
 * Whether this Excel protects worksheets through the API (`worksheet.protection`, ExcelApi 1.2). Read
 * at call time, as `Excel` is; where it does not, the log is written unprotected and the hash chain
 * alone is the evidence.
 */
function protectionSupported(): boolean {
  return (
    typeof Office !== "undefined" &&
    Office.context?.requirements?.isSetSupported("ExcelApi", "1.2") === true
  );
}

/** A table's data rows; a table that has only its one empty row (Excel keeps one) has none. */
function dataRows(values: unknown[][]): CellValue[][] {
  const rows = values.map((row) => row.map(readCell));
  return rows.length === 1 && rows[0].every((cell) => cell === null) ? [] : rows;
}

/** What appending to an existing log needs: the last row's hash and the sheet's protection. */
interface LogTail {
  previous: string;
  sheet: Excel.Worksheet;
  protected: boolean;
}

/**
 * One sync: the existing log table's header and last row (and its sheet's protection). A header that
 * is not LOG_HEADERS (a table of that name made by someone else, or an older log) stops the write
 * before anything is written to the plan's sheet.
 */
async function readLogTail(context: Excel.RequestContext): Promise<LogTail> {
  const table = context.workbook.tables.getItem(LOG_TABLE);
  const header = table.getHeaderRowRange().load("values");
  const last = table.getDataBodyRange().getLastRow().load("values");
  // a navigation property, not a value: nothing to load before taking it
  // eslint-disable-next-line office-addins/call-sync-before-read, office-addins/load-object-before-read
  const sheet = table.worksheet;
  const protection = protectionSupported() ? sheet.protection.load("protected") : undefined;
  await context.sync();
  const names = header.values[0];
  if (names.length !== LOG_HEADERS.length || LOG_HEADERS.some((name, i) => names[i] !== name)) {
    throw new Error(
      `the ${LOG_TABLE} table's header is not ${LOG_HEADERS.join(", ")}; rename that table to keep it, and AltHedge starts a new log`
    );
  }
  return {
    previous: lastHash(dataRows(last.values)),
    sheet,
    protected: protection?.protected === true,
  };
}

/**
 * Appends the log row (its cells in LOG_HEADERS order, hash included) in two steps: what is queued
 * now, and the returned last step, to be queued after the rename of the plan's sheet (`witness`).
 * With a log table (`existing`), nothing is queued now and the last step unprotects its sheet,
 * appends the row and protects the sheet again (no password: a guard against accidents; the hash
 * chain is the evidence). On first use the log gets a sheet of its own, created now under a temporary
 * name, with the header row and the entry written into its empty cells, the table laid over both (a
 * table made from a header row alone would start with a blank row) and the sheet protected; the last
 * step renames it. A "Hedge log" sheet that exists without the table is left alone: the new log sheet
 * then takes the next free name.
 */
function queueLog(
  workbook: Excel.Workbook,
  cells: string[],
  existing: LogTail | undefined,
  sheetNames: string[],
  created: NewSheet[],
  witness: NewSheet
): () => void {
  const row = cells.map(textSafe);
  const protect = protectionSupported();
  if (existing) {
    return () => {
      if (protect && existing.protected) existing.sheet.protection.unprotect();
      // No index appends at the end (the documented `add(null, …)`; the typings only accept undefined).
      workbook.tables.getItem(LOG_TABLE).rows.add(undefined, [row]);
      if (protect) existing.sheet.protection.protect();
    };
  }
  const name = uniqueSheetName(LOG_SHEET, sheetNames);
  const mine = newSheet(created, witness);
  const sheet = workbook.worksheets.add(mine.temp);
  const range = sheet.getRangeByIndexes(0, 0, 2, LOG_HEADERS.length);
  range.values = [[...LOG_HEADERS], row];
  const table = sheet.tables.add(range, true);
  table.name = LOG_TABLE;
  STYLE_FORMATS.header(sheet.getRangeByIndexes(0, 0, 1, LOG_HEADERS.length).format);
  range.format.autofitColumns();
  if (protect) sheet.protection.protect();
  return () => rename(sheet, mine, name);
}

// ---------------------------------------------------------------------------------------------
// Share-safe copy
// ---------------------------------------------------------------------------------------------

interface Source {
  name: string;
  sheet: Excel.Worksheet;
  used: Excel.Range;
}

interface Anchor {
  row: number;
  col: number;
  spill: Excel.Range;
}

interface Copy {
  source: Source;
  sheet: Excel.Worksheet;
  mine: NewSheet;
  anchors: Anchor[];
}

function readSource(worksheets: Excel.WorksheetCollection, name: string): Source {
  const sheet = worksheets.getItem(name);
  const used = sheet.getUsedRangeOrNullObject();
  used.load("address, formulas, values, rowIndex, columnIndex");
  return { name, sheet, used };
}

/**
 * Syncs the reads; when they fail because a chosen sheet is gone (renamed or deleted since it was
 * listed), says which one instead of Excel's generic "item not found".
 */
async function syncOrExplainMissing(
  context: Excel.RequestContext,
  sheets: string[],
  missing: (names: string[]) => Promise<string[]>
): Promise<void> {
  try {
    await context.sync();
  } catch (error) {
    const gone = await missing(sheets);
    if (gone.length === 0) throw error;
    throw new Error(
      `No sheet named ${gone.map((name) => `"${name}"`).join(", ")}: pick the sheets again`
    );
  }
}

/**
 * Queues the spill loads of the cells the planner freezes (`freezeAnchors`) and the copy, renamed at
 * once to its temporary name (a fresh random name: that rename cannot fail) and its id loaded. Its
 * final name, from the plan, comes after the freeze.
 */
function copySource(source: Source, created: NewSheet[]): Copy {
  const { sheet, used } = source;
  const anchors = used.isNullObject
    ? []
    : freezeAnchors({
        formulas: used.formulas,
        origin: { row: used.rowIndex, col: used.columnIndex },
      }).map(({ row, col }): Anchor => {
        const spill = sheet.getRangeByIndexes(row, col, 1, 1).getSpillingToRangeOrNullObject();
        spill.load("address, values, rowIndex, columnIndex, rowCount, columnCount");
        return { row, col, spill };
      });
  const copy = sheet.copy(Excel.WorksheetPositionType.end);
  const mine = newSheet(created);
  copy.name = mine.temp;
  copy.load("id");
  return { source, sheet: copy, mine, anchors };
}

/** What the planner reads of one source: its used range's formulas and values, and the spills. */
function shareSheet({ source, anchors }: Copy): ShareSheet {
  const { name, used } = source;
  if (used.isNullObject) return { name, formulas: [], values: [] };
  const spills: ShareSpill[] = anchors
    .filter(({ spill }) => !spill.isNullObject)
    .map(({ row, col, spill }) => ({
      anchor: { row, col },
      row: spill.rowIndex,
      col: spill.columnIndex,
      values: spill.values.map((line) => line.map(readCell)),
    }));
  return {
    name,
    origin: { row: used.rowIndex, col: used.columnIndex },
    formulas: used.formulas,
    values: used.values.map((line) => line.map(readCell)),
    spills,
  };
}

/**
 * Queues the values of each frozen area (an anchor and its spill) over the copy. Other formulas of
 * the copy are not written, so native formulas stay live.
 */
function freezeCopy(sheet: Excel.Worksheet, areas: FrozenArea[]): void {
  for (const area of areas) {
    sheet.getRangeByIndexes(area.row, area.col, area.values.length, area.values[0].length).values =
      area.values.map((line) => line.map(frozenInput));
  }
}

/** One write: the header row and the rows, all as text-safe values (formulas stay text). */
function writeProvenance(sheet: Excel.Worksheet, provenance: ProvenancePlan): void {
  const values = [[...provenance.header], ...provenance.rows].map((line) =>
    line.map((value) => textSafe(value))
  );
  const columns = provenance.header.length;
  const range = sheet.getRangeByIndexes(0, 0, values.length, columns);
  range.values = values;
  STYLE_FORMATS.header(sheet.getRangeByIndexes(0, 0, 1, columns).format);
  range.format.autofitColumns();
}

// ---------------------------------------------------------------------------------------------
// Sheets an operation creates, and the clean-up after a failure
// ---------------------------------------------------------------------------------------------

/**
 * A sheet an operation creates. The clean-up after a failure must delete these and nothing else, yet
 * a name chosen from the list read in one sync may be taken before the next (a co-author, another
 * pane, two applyPlan calls at once): a sheet created or deleted by that name could be someone else's.
 * So:
 *
 * 1. Every new sheet is created under a temporary name, "~AltHedge " and 16 random hex digits, that no
 *    one else holds or will create: a sheet with that name is certainly ours.
 * 2. It gets its final name (free at sync 1) by a rename queued after all of its writes. A batch runs
 *    in order and stops at its first failing operation: when the name was taken since, the rename
 *    fails, the sheet keeps its temporary name and the other sheet is not touched. The Hedge log row
 *    is queued after the renames, so a failed rename logs nothing.
 * 3. A sheet created in a sync before the last one has its id loaded in that sync (the plan sheet in
 *    sync 1, the share-safe copies in sync 2). Once that sync has succeeded, the clean-up finds it by
 *    id under whatever name, and deletes it only when the id it loads back is that id. When that sync
 *    fails, the sheet (if created) still has its temporary name and is deleted by it.
 * 4. A sheet created in the last sync (the new Hedge log sheet, the Provenance sheet) has no id when
 *    that sync fails. The clean-up deletes it by its temporary name. When that name is gone, the sheet
 *    was either never created (the batch stopped before its add) or renamed by us (the failure came
 *    after its rename); its `witness`, a sheet with an id whose rename is queued after this sheet's
 *    add and before this sheet's rename, tells which:
 *    - the witness still has its temporary name: the batch stopped before our rename, so nothing of
 *      ours has the final name, and a sheet with it is someone else's: left alone;
 *    - the witness has its final name: our add ran, and with the temporary name gone our rename ran
 *      too: the sheet with the final name is ours and is deleted;
 *    - the witness is gone or otherwise named (someone deleted or renamed it meanwhile): it cannot be
 *      told; the sheet with the final name is left alone and the error names it, to be checked.
 *    What is trusted: no one renames a "~AltHedge" sheet between the failed sync and the clean-up.
 *
 * So a failure after the renames (the log row's append, a sync that reports failure once everything
 * ran) deletes the renamed sheets, and a failure before them leaves every final name alone.
 */
interface NewSheet {
  /** The name it is created under. */
  temp: string;
  /** The name its rename gives it; set when the rename is queued. */
  final?: string;
  /** Its id, once a sync that created it has succeeded. */
  id?: string;
  /** For a sheet created in the last sync: see (4) above. */
  witness?: NewSheet;
}

const TEMP_PREFIX = "~AltHedge ";

/** Records a new sheet in `created`, with a fresh temporary name (26 characters, valid in Excel). */
function newSheet(created: NewSheet[], witness?: NewSheet): NewSheet {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  const sheet: NewSheet = witness
    ? { temp: TEMP_PREFIX + hex, witness }
    : { temp: TEMP_PREFIX + hex };
  created.push(sheet);
  return sheet;
}

/** Queues the rename of a new sheet to its final name. */
function rename(sheet: Excel.Worksheet, mine: NewSheet, name: string): void {
  sheet.name = name;
  mine.final = name;
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

const quoted = (names: string[]): string => names.map((name) => `"${name}"`).join(", ");

/**
 * Deletes the sheets an operation created (best effort, in a new `Excel.run`: the failed context
 * cannot be trusted) and builds the error to show: what failed, why, and what was left.
 */
async function failedWrite(action: string, error: unknown, created: NewSheet[]): Promise<Error> {
  const failed = `AltHedge could not ${action}: ${reasonOf(error)}.`;
  if (created.length === 0) return new Error(`${failed} Nothing was written.`);
  const { failure, unsure } = await deleteCreated(created);
  if (failure !== undefined) {
    const names = created.map((sheet) =>
      sheet.final === undefined
        ? `"${sheet.temp}"`
        : `"${sheet.temp}", or "${sheet.final}" if it was renamed`
    );
    return new Error(
      `${failed} It could not delete what it had started (${names.join("; ")}: ${failure}); ` +
        `delete those sheets by hand.`
    );
  }
  if (unsure.length > 0) {
    return new Error(
      `${failed} It deleted the sheets it had started, but cannot tell whether ${quoted(unsure)} ` +
        `is one of them: check, and delete it by hand if it is.`
    );
  }
  return new Error(`${failed} Nothing was kept: the sheets it had started were deleted.`);
}

/** What the clean-up looks up for one new sheet: by id, or by its temporary and final names. */
interface Look {
  byId?: Excel.Worksheet;
  byTemp?: Excel.Worksheet;
  byFinal?: Excel.Worksheet;
}

/**
 * Deletes what is ours of `created`, by the rules above, in one read and one delete; returns why it
 * failed, if it did, and the final names that may be ours but could not be told.
 */
async function deleteCreated(created: NewSheet[]): Promise<{ failure?: string; unsure: string[] }> {
  const unsure: string[] = [];
  try {
    await Excel.run(async (context) => {
      const worksheets = context.workbook.worksheets;
      const find = (key: string): Excel.Worksheet =>
        worksheets.getItemOrNullObject(key).load("id, name");
      const looks = new Map<NewSheet, Look>();
      for (const mine of created) {
        if (mine.id !== undefined) looks.set(mine, { byId: find(mine.id) });
        else if (mine.witness && mine.final !== undefined)
          looks.set(mine, { byTemp: find(mine.temp), byFinal: find(mine.final) });
        else looks.set(mine, { byTemp: find(mine.temp) });
      }
      await context.sync();

      const present = (sheet: Excel.Worksheet | undefined): Excel.Worksheet | undefined =>
        sheet && !sheet.isNullObject ? sheet : undefined;
      const sameName = (a: string, b: string | undefined): boolean =>
        b !== undefined && a.toLowerCase() === b.toLowerCase();
      /** Our sheet with `mine.id`, if it is still there (a sheet named like that id is not). */
      const byId = (mine: NewSheet): Excel.Worksheet | undefined => {
        const sheet = present(looks.get(mine)?.byId);
        return sheet && sheet.id === mine.id ? sheet : undefined;
      };
      /** Whether the witness's rename ran; undefined when that cannot be told. */
      const renamed = (witness: NewSheet): boolean | undefined => {
        const sheet = byId(witness);
        if (!sheet) return undefined;
        if (sameName(sheet.name, witness.temp)) return false;
        return sameName(sheet.name, witness.final) ? true : undefined;
      };

      const doomed = new Map<string, Excel.Worksheet>();
      for (const [mine, look] of looks) {
        let sheet = mine.id !== undefined ? byId(mine) : present(look.byTemp);
        const final = present(look.byFinal);
        if (!sheet && final && mine.witness) {
          const ran = renamed(mine.witness);
          if (ran === true) sheet = final;
          else if (ran === undefined) unsure.push(final.name);
        }
        if (sheet) doomed.set(sheet.id, sheet);
      }
      if (doomed.size === 0) return;
      for (const sheet of doomed.values()) sheet.delete();
      await context.sync();
    });
    return { unsure };
  } catch (error) {
    return { failure: reasonOf(error), unsure };
  }
}
