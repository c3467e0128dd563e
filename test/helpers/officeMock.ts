/**
 * A small, strict fake of the Excel JavaScript API for what office-addin-mock cannot model: loading a
 * collection as "items/name", objects made by `add()` and `copy()`, `…OrNullObject` getters and spill
 * ranges. It keeps a workbook model, records every write with the sync that carries it, counts syncs
 * (including the one `Excel.run` adds when operations are still queued at its end), and fails the way
 * Excel does: reading a property before `load()` + `sync()` throws at once; a missing item, a taken
 * or invalid name, an array of the wrong shape or a method on a null object fails the next sync, and
 * the batch stops at that operation: the ones before it are applied, the ones after it are not.
 *
 * The model changes when an operation is queued (what the sync will do is known then), so a test that
 * plays another user's edit between two syncs does it in `afterSync`, before the next batch is queued.
 *
 * The limits that matter for big workbooks (Excel on the web refuses a request or a response over
 * 5 MB: learn.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization):
 * every sync's request is measured (each object path and action at Office.js's JSON cost, plus the
 * JSON of every value written) and so is its response (the JSON of every value loaded); both are kept
 * per sync (`requestSizes`, `responseSizes`). A request over `payloadLimit` fails with
 * RequestPayloadSizeLimitExceeded and nothing of its batch is applied (the model is put back as it
 * was before the batch); a response over it fails with ResponsePayloadSizeLimitExceeded and delivers
 * nothing. The workbook also holds what a share-safe copy must see: `application.calculationState`,
 * defined names (workbook and sheet scope, with formulas), spill ranges, sheet visibility, hidden rows
 * and columns, comments and notes, conditional formats and data validations with their formulas
 * (`copy()` copies the sheet-scoped names, rules, comments and notes). A 2-D write leaves a cell whose
 * entry is null as it is, as Excel does. Members newer than `excelApi` fail the next sync with
 * ApiNotFound (page layout, as before, is simply absent below 1.9).
 */
import { a1Range, parseRange, uniqueSheetName, type CellValue } from "../../src/templates/plan";

export interface FakeCell {
  formula?: string;
  value: CellValue;
  /** "row,col" of the anchor whose spill this cell shows. */
  spilledFrom?: string;
}

/** A conditional format: its type, the cells it applies to, and the formulas of its rule. */
export interface FakeConditionalFormat {
  type: "Custom" | "CellValue";
  /** A1 on its sheet, one rectangle. */
  address: string;
  /** A custom rule's formula ("=…"). */
  formula?: string;
  /** A cell-value rule: `{ formula1, formula2?, operator }` as Office.js gives it. */
  rule?: { formula1: string; formula2?: string; operator: string };
}

/** A data validation over one rectangle, its rule as Office.js's `DataValidationRule`. */
export interface FakeValidation {
  address: string;
  rule: Record<string, Record<string, unknown>>;
}

/** A comment (threaded) or a note, at one cell. */
export interface FakeComment {
  address: string;
  author: string;
  content: string;
}

/** A defined name; a sheet-scoped one carries its sheet's id. */
export interface FakeName {
  name: string;
  formula: string;
  sheetId?: number;
  /**
   * What a name made by `names.add(name, range)` refers to: a rectangle of a sheet (by id, so it
   * follows the sheet's renames, as Excel's references do; `formula` is then computed from it).
   */
  ref?: { sheetId: number } & Rect;
  comment?: string;
}

export type FakeVisibility = "Visible" | "Hidden" | "VeryHidden";

export interface FakeSheet {
  id: number;
  name: string;
  cells: Map<string, FakeCell>;
  /** Spill sizes by anchor "row,col". */
  spills: Map<string, { rows: number; cols: number }>;
  /**
   * Protected (`worksheet.protection.protect()`, ExcelApi 1.2): every write into it fails its batch,
   * as Excel refuses edits to a protected sheet's locked cells; renaming, activating, copying and
   * deleting it still run (the workbook's structure is not the sheet's protection).
   */
  protected?: boolean;
  /** Its page layout, as the adapter set it through `worksheet.pageLayout` (ExcelApi 1.9). */
  print?: FakePrint;
  visibility: FakeVisibility;
  /** In Excel's order: the index of `range.conditionalFormats.getItemAt(i)` on the whole sheet. */
  conditionalFormats: FakeConditionalFormat[];
  validations: FakeValidation[];
  comments: FakeComment[];
  notes: FakeComment[];
  /** 0-based rows and columns hidden (by hand or by a filter). */
  hiddenRows: Set<number>;
  hiddenColumns: Set<number>;
}

/** What `worksheet.pageLayout` holds in the fake: only what was set, in Excel's own terms. */
export interface FakePrint {
  area?: string;
  titleRows?: string;
  orientation?: string;
  zoom?: { horizontalFitToPages?: number; verticalFitToPages?: number; scale?: number };
  footer: { left?: string; center?: string; right?: string };
}

export interface FakeTable {
  name: string;
  sheetId: number;
  /**
   * The data rows. For a table on its sheet's cells (`rect`), a live view of those cells: setting an
   * element of a row, or `rows` itself, writes the cells (as someone typing into the table would).
   */
  rows: unknown[][];
  /** The header row; Excel names the columns of a table without one "Column1", "Column2"… */
  headers?: string[];
  /**
   * Where the table is on its sheet, header row included, when it lies on the sheet's cells (made by
   * `worksheet.tables.add` over a range, or `addTable(…, at)`): its header and rows are then the
   * cells', and `rows.add`, `resize` and deleting its rows' cells work as in Excel. Tables without
   * it keep their rows apart from the cells (enough for the Hedge log tests that build one).
   */
  rect?: Rect;
}

/** One recorded write: what was done, to which sheet (by id, names change), in which sync. */
export interface Call {
  batch: number;
  sheetId?: number;
  address?: string;
  op: string;
  args: unknown[];
  /** The error this operation failed its batch with; it was not applied. */
  failed?: string;
  /**
   * Queued after the failed operation of its batch, or in a batch refused as a whole (a request over
   * the payload limit): Excel never ran it, the model is unchanged.
   */
  skipped?: true;
}

interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/** Excel's grid: the rectangle `worksheet.getRange()` stands for. */
const WHOLE_SHEET: Rect = { row: 0, col: 0, rows: 1048576, cols: 16384 };

/**
 * What a request costs, after Office.js's request JSON: each object path it creates (a range, an item,
 * a spill lookup: the path and its instantiation, about 150 bytes) and each action (a load, a setter,
 * a method: about 100 bytes, plus the JSON of its arguments).
 */
export const OBJECT_BYTES = 150;
export const ACTION_BYTES = 100;

const key = (row: number, col: number): string => `${row},${col}`;

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** A1 to a rectangle: a cell, a range, whole columns ("C:E") or whole rows ("3:5"). */
const rectOf = (address: string): Rect => {
  const columns = /^([A-Z]{1,3}):([A-Z]{1,3})$/i.exec(address);
  if (columns) {
    const first = parseRange(`${columns[1]}1`).col;
    const last = parseRange(`${columns[2]}1`).col;
    return { row: 0, col: first, rows: WHOLE_SHEET.rows, cols: last - first + 1 };
  }
  const rows = /^(\d+):(\d+)$/.exec(address);
  if (rows)
    return {
      row: Number(rows[1]) - 1,
      col: 0,
      rows: Number(rows[2]) - Number(rows[1]) + 1,
      cols: WHOLE_SHEET.cols,
    };
  const { row, col, lastRow, lastCol } = parseRange(address);
  return { row, col, rows: lastRow - row + 1, cols: lastCol - col + 1 };
};

const a1Of = (r: Rect): string =>
  r.row === 0 && r.rows === WHOLE_SHEET.rows && r.cols < WHOLE_SHEET.cols
    ? `${a1Range(0, r.col, 0, r.col).replace(/\d+/g, "")}:${a1Range(0, r.col + r.cols - 1, 0, r.col + r.cols - 1).replace(/\d+/g, "")}`
    : a1Range(r.row, r.col, r.row + r.rows - 1, r.col + r.cols - 1);

const intersect = (a: Rect, b: Rect): Rect | undefined => {
  const row = Math.max(a.row, b.row);
  const col = Math.max(a.col, b.col);
  const lastRow = Math.min(a.row + a.rows, b.row + b.rows) - 1;
  const lastCol = Math.min(a.col + a.cols, b.col + b.cols) - 1;
  return lastRow < row || lastCol < col
    ? undefined
    : { row, col, rows: lastRow - row + 1, cols: lastCol - col + 1 };
};

/** The parts of `a` outside `b`: up to four rectangles (above, below, left, right). */
function outside(a: Rect, b: Rect): Rect[] {
  const both = intersect(a, b);
  if (!both) return [a];
  const parts: Rect[] = [];
  if (both.row > a.row) parts.push({ ...a, rows: both.row - a.row });
  const bottom = both.row + both.rows;
  if (bottom < a.row + a.rows) parts.push({ ...a, row: bottom, rows: a.row + a.rows - bottom });
  if (both.col > a.col) parts.push({ ...both, col: a.col, cols: both.col - a.col });
  const right = both.col + both.cols;
  if (right < a.col + a.cols) parts.push({ ...both, col: right, cols: a.col + a.cols - right });
  return parts;
}

const inside = (a: Rect, b: Rect): boolean => {
  const both = intersect(a, b);
  return both !== undefined && both.rows === a.rows && both.cols === a.cols;
};

/** The id Excel would give the sheet: a GUID-like string that stays when the sheet is renamed. */
export const sheetKey = (sheet: FakeSheet): string =>
  `{${String(sheet.id).padStart(8, "0")}-0001-0000-0000-000000000000}`;

/** Why Excel would refuse `name` for a sheet, or undefined. */
function badSheetName(name: string): string | undefined {
  if (name.length === 0 || name.length > 31) return "a sheet name has 1 to 31 characters";
  if (/[\\/?*[\]:]/.test(name)) return "a sheet name holds none of \\ / ? * [ ] :";
  if (name.startsWith("'") || name.endsWith("'"))
    return "a sheet name does not start or end with '";
  if (sameName(name, "History")) return '"History" is reserved';
  return undefined;
}

function blankSheet(id: number, name: string): FakeSheet {
  return {
    id,
    name,
    cells: new Map(),
    spills: new Map(),
    visibility: "Visible",
    conditionalFormats: [],
    validations: [],
    comments: [],
    notes: [],
    hiddenRows: new Set(),
    hiddenColumns: new Set(),
  };
}

/** A sheet's state, copied so that a refused batch can put it back. */
function sheetState(sheet: FakeSheet): FakeSheet {
  return {
    ...sheet,
    cells: new Map(sheet.cells),
    spills: new Map(sheet.spills),
    print: sheet.print && structuredClone(sheet.print),
    conditionalFormats: structuredClone(sheet.conditionalFormats),
    validations: structuredClone(sheet.validations),
    comments: sheet.comments.map((comment) => ({ ...comment })),
    notes: sheet.notes.map((note) => ({ ...note })),
    hiddenRows: new Set(sheet.hiddenRows),
    hiddenColumns: new Set(sheet.hiddenColumns),
  };
}

/** Excel's error for a payload over the limit, with its code as Office.js reports it. */
function payloadError(code: string, what: string, bytes: number, limit: number): Error {
  const error = new Error(
    `${code}: the ${what} payload size has exceeded the limit (${bytes} bytes; Excel on the web takes ${limit})`
  );
  (error as Error & { code: string }).code = code;
  return error;
}

/** The workbook model behind the fake, and the global `Excel` it serves. */
export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  /** Defined names, workbook scope (no `sheetId`) and sheet scope, in Excel's order. */
  names: FakeName[] = [];
  calls: Call[] = [];
  /** Excel's `application.cultureInfo.numberFormat` separators: en-US unless a test sets them. */
  numberFormat = { numberDecimalSeparator: ".", numberGroupSeparator: "," };
  /** `application.calculationState` (ExcelApi 1.8). */
  calculationState: "Done" | "Calculating" | "Pending" = "Done";
  /** The largest request and response, in bytes, Excel on the web takes (5 MB). */
  payloadLimit = 5_000_000;
  /** How many `getSpillingToRangeOrNullObject` lookups were queued. */
  spillLookups = 0;
  /** Each sync's request and response size in bytes, by sync number - 1. */
  requestSizes: number[] = [];
  responseSizes: number[] = [];
  /** Syncs so far, across every `Excel.run`. */
  syncs = 0;
  /** Syncs `Excel.run` added because operations were still queued when the batch returned. */
  implicitSyncs = 0;
  /**
   * Sync numbers (1-based, as counted by `syncs`) that fail, to test recovery. The whole batch has
   * been applied: the failure is reported after it ran (a lost response, a timeout).
   */
  failingSyncs = new Set<number>();
  /**
   * Operations that fail, to test recovery: the error message for a call that fails, else undefined.
   * The batch stops there, as for any failing operation.
   */
  failOp?: (call: Omit<Call, "batch">) => string | undefined;
  /**
   * Runs after each sync, failed or not, with its number as counted by `syncs`: another user's edits
   * between this batch and the next.
   */
  afterSync?: (sync: number) => void;
  /**
   * The ExcelApi requirement set this Excel supports, as `Office.context.requirements` answers it
   * (see `office()`): below 1.9 worksheets have no `pageLayout`, and members newer than it fail.
   */
  excelApi = "1.9";
  /** Every requirement set asked about, as "ExcelApi 1.9". */
  requirementChecks: string[] = [];
  private nextId = 1;

  addSheet(
    name: string,
    cells: Record<string, CellValue | { formula: string; value: CellValue }> = {}
  ): FakeSheet {
    const sheet = blankSheet(this.nextId++, name);
    this.sheets.push(sheet);
    for (const [address, cell] of Object.entries(cells)) {
      const { row, col } = parseRange(address);
      sheet.cells.set(
        key(row, col),
        typeof cell === "object" && cell !== null ? { ...cell } : { value: cell }
      );
    }
    return sheet;
  }

  /** A dynamic array: `formula` at `anchor` spilling `values` (anchor value at [0][0]). */
  addSpill(sheet: FakeSheet, anchor: string, formula: string, values: CellValue[][]): void {
    const { row, col } = parseRange(anchor);
    values.forEach((line, r) =>
      line.forEach((value, c) => {
        const cell: FakeCell =
          r + c === 0 ? { formula, value } : { value, spilledFrom: key(row, col) };
        sheet.cells.set(key(row + r, col + c), cell);
      })
    );
    sheet.spills.set(key(row, col), { rows: values.length, cols: values[0].length });
  }

  /**
   * A table of `sheet`. With `at` (its top-left cell, "A1") it lies on the sheet's cells: `headers`
   * and `rows` are written there and the table is over them (see FakeTable.rect); an empty `rows`
   * gives the one empty data row Excel keeps.
   */
  addTable(
    sheet: FakeSheet,
    name: string,
    rows: unknown[][],
    headers?: string[],
    at?: string
  ): FakeTable {
    if (at !== undefined) {
      const { row, col } = parseRange(at);
      const width = headers?.length ?? Math.max(1, ...rows.map((line) => line.length));
      const lines = [headers ?? [], ...(rows.length > 0 ? rows : [[]])];
      lines.forEach((line, r) =>
        line.forEach((value, c) => {
          if (value !== "" && value !== null && value !== undefined)
            sheet.cells.set(key(row + r, col + c), { value: value as CellValue });
        })
      );
      const table = anchoredTable(this, name, sheet.id, {
        row,
        col,
        rows: lines.length,
        cols: width,
      });
      this.tables.push(table);
      return table;
    }
    const table: FakeTable = headers
      ? { name, sheetId: sheet.id, rows, headers }
      : { name, sheetId: sheet.id, rows };
    this.tables.push(table);
    return table;
  }

  /** A defined name of the workbook, or of `sheet` when given. */
  addName(name: string, formula: string, sheet?: FakeSheet): FakeName {
    const item: FakeName = sheet ? { name, formula, sheetId: sheet.id } : { name, formula };
    this.names.push(item);
    return item;
  }

  /** The names of `sheet` (sheet scope), or the workbook's when none is given. */
  namesOf(sheet?: FakeSheet): FakeName[] {
    return this.names.filter((item) => item.sheetId === sheet?.id);
  }

  sheet(name: string): FakeSheet | undefined {
    return this.sheets.find((sheet) => sameName(sheet.name, name));
  }

  /** The sheet whose id or, failing that, whose name is `key`, as `worksheets.getItem` finds it. */
  sheetByKey(key: string): FakeSheet | undefined {
    return this.sheets.find((sheet) => sheetKey(sheet) === key) ?? this.sheet(key);
  }

  /** The cell as the model holds it (undefined when empty). */
  cell(sheet: FakeSheet, address: string): FakeCell | undefined {
    const { row, col } = parseRange(address);
    return sheet.cells.get(key(row, col));
  }

  /** Whether this Excel has ExcelApi `version`. */
  supports(version: string): boolean {
    return versionAtLeast(this.excelApi, version);
  }

  /** The largest request and response of any sync so far, in bytes. */
  get largestRequest(): number {
    return Math.max(0, ...this.requestSizes);
  }

  get largestResponse(): number {
    return Math.max(0, ...this.responseSizes);
  }

  /** The global `Excel`: `run` and the enums the adapter reads. */
  excel(): unknown {
    return {
      run: (batch: (context: FakeContext) => Promise<unknown>) => this.run(batch),
      ConditionalFormatType: { custom: "Custom", cellValue: "CellValue" },
      ChartType: {
        columnClustered: "ColumnClustered",
        line: "Line",
        pie: "Pie",
        barClustered: "BarClustered",
      },
      ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
      WorksheetPositionType: { end: "End" },
      ClearApplyTo: { all: "All", formats: "Formats", contents: "Contents" },
      DeleteShiftDirection: { up: "Up", left: "Left" },
      PageOrientation: { portrait: "Portrait", landscape: "Landscape" },
      SpecialCellType: { dataValidations: "DataValidations", visible: "Visible" },
      ErrorCodes: {
        requestPayloadSizeLimitExceeded: "RequestPayloadSizeLimitExceeded",
        responsePayloadSizeLimitExceeded: "ResponsePayloadSizeLimitExceeded",
      },
    };
  }

  /** The global `Office`, for `Office.context.requirements.isSetSupported` only. */
  office(): unknown {
    return {
      AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
      context: {
        document: { settings: this.settings },
        requirements: {
          isSetSupported: (name: string, version?: string): boolean => {
            this.requirementChecks.push(`${name} ${version ?? ""}`.trim());
            return name === "ExcelApi" && versionAtLeast(this.excelApi, version ?? "1.1");
          },
        },
      },
    };
  }

  /**
   * `Office.context.document.settings`: `get`, `set`, `remove` work on `saved` as pending values;
   * `saveAsync` stores them with the document (`saved`) and calls back with a result.
   */
  readonly settings = new FakeSettings();

  /** The active cell, by sheet and A1 address, as `workbook.getActiveCell()` finds it. */
  active?: { sheet: FakeSheet; address: string };

  /** Whether worksheets have `pageLayout` in this Excel. */
  get printing(): boolean {
    return versionAtLeast(this.excelApi, "1.9");
  }

  /** The model as it is, to put back when a batch is refused as a whole. */
  snapshot(): () => void {
    const sheets = [...this.sheets];
    const states = sheets.map((sheet) => [sheet, sheetState(sheet)] as const);
    const tables = this.tables.map(
      (table) =>
        [
          table,
          table.rect
            ? { name: table.name, sheetId: table.sheetId, rect: { ...table.rect } }
            : { ...table, rows: table.rows.map((row) => [...row]) },
        ] as const
    );
    const names = this.names.map((item) => ({ ...item }));
    return () => {
      for (const [sheet, state] of states) Object.assign(sheet, state);
      this.sheets = sheets;
      this.tables = tables.map(([table, state]) => Object.assign(table, state));
      this.names = names;
    };
  }

  private async run(batch: (context: FakeContext) => Promise<unknown>): Promise<unknown> {
    const context = new FakeContext(this);
    try {
      const result = await batch(context);
      // Office.js syncs what is still queued when the batch returns: an uncounted round trip.
      if (context.pending > 0) {
        this.implicitSyncs++;
        await context.sync();
      }
      return result;
    } finally {
      context.closed = true;
    }
  }

  newSheetId(): number {
    return this.nextId++;
  }
}

/**
 * A table lying on its sheet's cells over `rect` (header row first): `headers` and `rows` read the
 * cells, and writing them (a row's element, or `rows` as a whole) writes the cells.
 */
function anchoredTable(model: FakeWorkbook, name: string, sheetId: number, rect: Rect): FakeTable {
  const table = { name, sheetId, rect } as FakeTable;
  const sheet = (): FakeSheet | undefined => model.sheets.find((item) => item.id === table.sheetId);
  const read = (row: number, col: number): unknown =>
    sheet()?.cells.get(key(row, col))?.value ?? "";
  const put = (row: number, col: number, value: unknown): void => {
    const cells = sheet()?.cells;
    if (!cells) return;
    if (value === "" || value === null || value === undefined) cells.delete(key(row, col));
    else cells.set(key(row, col), { value: value as CellValue });
  };
  Object.defineProperties(table, {
    headers: {
      enumerable: true,
      get: () => {
        const r = table.rect!;
        return Array.from({ length: r.cols }, (_, c) => String(read(r.row, r.col + c)));
      },
    },
    rows: {
      enumerable: true,
      get: () => {
        const r = table.rect!;
        const lines: unknown[][] = [];
        for (let i = 1; i < r.rows; i++) {
          const row = r.row + i;
          const line = Array.from({ length: r.cols }, (_, c) => read(row, r.col + c));
          lines.push(
            new Proxy(line, {
              set(target, property, value) {
                (target as unknown as Record<string | symbol, unknown>)[property] = value;
                const c = typeof property === "string" ? Number(property) : NaN;
                if (Number.isInteger(c) && c >= 0 && c < r.cols) put(row, r.col + c, value);
                return true;
              },
            })
          );
        }
        // Excel keeps one data row: an empty table shows it, as getDataBodyRange does.
        return lines.length === 1 && lines[0].every((value) => value === "") ? [] : lines;
      },
      set: (lines: unknown[][]) => {
        const r = table.rect!;
        for (let i = 1; i < r.rows; i++)
          for (let c = 0; c < r.cols; c++) put(r.row + i, r.col + c, "");
        lines.forEach((line, i) =>
          line.forEach((value, c) => put(r.row + 1 + i, r.col + c, value))
        );
        table.rect = { ...r, rows: 1 + Math.max(1, lines.length) };
      },
    },
  });
  return table;
}

/** A cell as Excel keeps an input: "=…" a formula, "'…" text, "" (or undefined) no cell. */
function typedCell(input: unknown): FakeCell | undefined {
  if (input === "" || input === null || input === undefined) return undefined;
  if (typeof input === "string" && input.startsWith("=")) return { formula: input, value: null };
  if (typeof input === "string" && input.startsWith("'")) return { value: input.slice(1) };
  return { value: input as CellValue };
}

/** Moves the cells of columns `col`…`col + cols - 1` from row `from` down by `by` (up when negative). */
function shiftRows(sheet: FakeSheet, from: number, col: number, cols: number, by: number): void {
  const moved: [number, number, FakeCell][] = [];
  for (const [k, cell] of sheet.cells) {
    const comma = k.indexOf(",");
    const row = Number(k.slice(0, comma));
    const c = Number(k.slice(comma + 1));
    if (row >= from && c >= col && c < col + cols) moved.push([row, c, cell]);
  }
  for (const [row, c] of moved) sheet.cells.delete(key(row, c));
  for (const [row, c, cell] of moved) sheet.cells.set(key(row + by, c), cell);
}

/** The table of `model` whose cells include `rect` (any overlap), other than `except`. */
function tableOver(model: FakeWorkbook, sheetId: number, rect: Rect, except?: FakeTable) {
  return model.tables.find(
    (table) =>
      table !== except &&
      table.sheetId === sheetId &&
      table.rect !== undefined &&
      intersect(table.rect, rect) !== undefined
  );
}

/** The request context of one `Excel.run`. */
export class FakeContext {
  readonly workbook: FakeWorkbookApi;
  /** Objects with loads waiting for the next sync. */
  loading = new Set<FakeObject>();
  /** Queued operations and loads not yet synced. */
  pending = 0;
  /** The first failure of the queued operations, raised by the next sync, as Excel does. */
  failure?: Error;
  closed = false;
  /** The request being queued, in bytes (see OBJECT_BYTES). */
  requestBytes = 0;
  /** True while a sync delivers: objects made then are results, not part of a request. */
  delivering = false;
  /** Puts the model back as it was before this batch's first operation. */
  private restore?: () => void;

  constructor(readonly model: FakeWorkbook) {
    this.workbook = new FakeWorkbookApi(this);
  }

  async sync(): Promise<void> {
    this.checkOpen("sync");
    const number = ++this.model.syncs;
    const request = this.requestBytes;
    const restore = this.restore;
    const failure = this.failure;
    const loading = [...this.loading];
    this.pending = 0;
    this.requestBytes = 0;
    this.restore = undefined;
    this.failure = undefined;
    this.loading.clear();
    let response = 0;
    try {
      const limit = this.model.payloadLimit;
      if (request > limit) {
        // Refused before it runs: nothing of the batch happens.
        restore?.();
        for (const call of this.model.calls)
          if (call.batch === number && !call.failed) call.skipped = true;
        throw payloadError("RequestPayloadSizeLimitExceeded", "request", request, limit);
      }
      if (failure) throw failure;
      if (this.model.failingSyncs.has(number)) {
        throw new Error(`GeneralException: sync ${number} failed (injected by the test)`);
      }
      this.delivering = true;
      const results = loading.map((object) => object.results());
      this.delivering = false;
      response = results.reduce((sum, result) => sum + result.bytes, 0);
      if (response > limit)
        throw payloadError("ResponsePayloadSizeLimitExceeded", "response", response, limit);
      for (const result of results) result.deliver();
    } finally {
      this.delivering = false;
      // A failed sync delivers nothing: what was asked is forgotten, as the batch is.
      for (const object of loading) object.forget();
      this.model.requestSizes[number - 1] = request;
      this.model.responseSizes[number - 1] = response;
      this.model.afterSync?.(number);
    }
  }

  /** Fails the next sync without an operation of its own (a missing item, a bad read). */
  fail(message: string): void {
    this.failure ??= new Error(message);
  }

  /** Fails the next sync when this Excel lacks ExcelApi `version`; says whether it has it. */
  requires(version: string, what: string): boolean {
    if (this.model.supports(version)) return true;
    this.fail(
      `ApiNotFound: ${what} needs ExcelApi ${version}; this Excel has ${this.model.excelApi}`
    );
    return false;
  }

  /**
   * Records an operation and says whether it runs: not when `error` (or the test's `failOp`) fails
   * it, which fails the next sync, and not when an earlier operation of the batch failed.
   */
  record(call: Omit<Call, "batch">, error?: string): boolean {
    this.checkOpen(call.op);
    this.pending++;
    this.requestBytes += ACTION_BYTES + (JSON.stringify(call.args)?.length ?? 0);
    const batch = this.model.syncs + 1;
    if (this.failure) {
      this.model.calls.push({ batch, ...call, skipped: true });
      return false;
    }
    const failed = this.model.failOp?.(call) ?? error ?? this.protectedFrom(call);
    if (failed !== undefined) {
      this.failure = new Error(failed);
      this.model.calls.push({ batch, ...call, failed });
      return false;
    }
    this.restore ??= this.model.snapshot();
    this.model.calls.push({ batch, ...call });
    return true;
  }

  /** The error of a write into a protected sheet, or undefined (see `FakeSheet.protected`). */
  private protectedFrom(call: Omit<Call, "batch">): string | undefined {
    const sheet = this.model.sheets.find((item) => item.id === call.sheetId);
    if (!sheet?.protected || STRUCTURE_OPS.has(call.op)) return undefined;
    return `AccessDenied: ${call.op} on "${sheet.name}", a protected sheet`;
  }

  checkOpen(what: string): void {
    if (this.closed) throw new Error(`${what}: the object's Excel.run has ended`);
  }
}

/** A loaded value's size in a response: its JSON, an object as the properties it delivered. */
function responseSize(value: unknown): number {
  return (
    JSON.stringify(value, (_, item: unknown) =>
      item instanceof FakeObject ? item.delivered() : item
    )?.length ?? 4
  );
}

/** Loading, and reading only what a sync has delivered. */
abstract class FakeObject {
  /** Requested properties, each with the paths asked below it ("items/name" → items: [name]). */
  private requested = new Map<string, string[]>();
  private loaded = new Map<string, unknown>();
  private readonly bornAt: number;

  constructor(
    protected readonly context: FakeContext,
    protected readonly label: string,
    readonly isNull = false
  ) {
    this.bornAt = context.model.syncs;
    if (!context.delivering) context.requestBytes += OBJECT_BYTES;
  }

  load(properties?: string | string[]): this {
    this.context.checkOpen(`${this.label}.load`);
    const list =
      properties === undefined
        ? ["*"]
        : Array.isArray(properties)
          ? properties
          : properties.split(",");
    for (const path of list) {
      const [property, ...rest] = path.trim().split("/");
      const below = this.requested.get(property) ?? [];
      if (rest.length > 0) below.push(rest.join("/"));
      this.requested.set(property, below);
    }
    this.context.pending++;
    this.context.requestBytes += ACTION_BYTES;
    this.context.loading.add(this);
    return this;
  }

  /** Called by sync: the requested properties' current values, their size, and their delivery. */
  results(): { bytes: number; deliver: () => void } {
    const values = [...this.requested].map(
      ([property, below]) =>
        [property, this.isNull ? undefined : this.compute(property, below)] as const
    );
    this.requested.clear();
    const bytes = values.reduce(
      (sum, [property, value]) => sum + property.length + 3 + responseSize(value),
      0
    );
    return { bytes, deliver: () => values.forEach(([p, v]) => this.loaded.set(p, v)) };
  }

  forget(): void {
    this.requested.clear();
  }

  get isNullObject(): boolean {
    if (this.context.model.syncs <= this.bornAt) {
      throw new Error(`${this.label}.isNullObject was read before context.sync()`);
    }
    return this.isNull;
  }

  /** Marks a property loaded without a request: used for the items a collection load delivers. */
  deliver(property: string, value: unknown): this {
    this.loaded.set(property, value);
    return this;
  }

  /** Delivers the paths a collection load asked of its items ("name", "custom/rule/formula"). */
  deliverPaths(paths: string[]): this {
    for (const path of paths) {
      const [property, ...rest] = path.split("/");
      this.loaded.set(property, this.compute(property, rest.length ? [rest.join("/")] : []));
    }
    return this;
  }

  /** What a sync delivered, as plain data (for response sizes). */
  delivered(): Record<string, unknown> {
    return Object.fromEntries(this.loaded);
  }

  protected read<T>(property: string): T {
    this.context.checkOpen(`${this.label}.${property}`);
    if (!this.loaded.has(property)) {
      throw new Error(
        `${this.label}.${property} was read before load("${property}") and context.sync()`
      );
    }
    if (this.isNull) throw new Error(`${this.label}.${property} was read on a null object`);
    return this.loaded.get(property) as T;
  }

  /**
   * Records a write or method call and says whether it runs (see `FakeContext.record`); `error` fails
   * it, and so does a null object.
   */
  protected write(
    op: string,
    args: unknown[],
    sheetId?: number,
    address?: string,
    error?: string
  ): boolean {
    const failure = this.isNull ? `ItemNotFound: ${op} on ${this.label}, a null object` : error;
    return this.context.record({ sheetId, address, op, args: args.map(describe) }, failure);
  }

  /** A property's value for a load; `below` are the paths asked under it (a collection's items). */
  protected abstract compute(property: string, below: string[]): unknown;
}

/** Ranges are recorded by their address, so calls compare as plain data. */
function describe(arg: unknown): unknown {
  return arg instanceof FakeRange ? arg.a1 : arg;
}

class FakeWorkbookApi {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  /** `application`: `calculationState` (ExcelApi 1.8) and `cultureInfo.numberFormat` (1.11). */
  readonly application: FakeApplication;

  constructor(private readonly context: FakeContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.tables = new FakeTableCollection(context);
    this.application = new FakeApplication(context);
  }

  /** The workbook's names (workbook scope). */
  get names(): FakeNameCollection {
    return new FakeNameCollection(this.context, undefined);
  }

  /** The active cell (ExcelApi 1.7); a workbook without one fails the next sync. */
  getActiveCell(): FakeRange {
    const active = this.context.model.active;
    if (!active) this.context.fail("ItemNotFound: there is no active cell");
    const { row, col } = parseRange(active?.address ?? "A1");
    return new FakeRange(this.context, active?.sheet, active && { row, col, rows: 1, cols: 1 });
  }
}

/** Excel.Application: its calculation state, and the navigation to the number format. */
class FakeApplication extends FakeObject {
  readonly cultureInfo: { numberFormat: FakeNumberFormatInfo };

  constructor(context: FakeContext) {
    super(context, "application");
    this.cultureInfo = { numberFormat: new FakeNumberFormatInfo(context) };
  }

  get calculationState(): string {
    return this.read("calculationState");
  }

  protected compute(property: string): unknown {
    if (property === "calculationState") {
      need(this.context, "1.8", "application.calculationState");
      return this.context.model.calculationState;
    }
    throw new Error(`application.${property} is not modelled`);
  }
}

/** Excel.NumberFormatInfo: the separators, readable after load + sync. */
class FakeNumberFormatInfo extends FakeObject {
  constructor(context: FakeContext) {
    super(context, "numberFormat");
  }

  get numberDecimalSeparator(): string {
    return this.read("numberDecimalSeparator");
  }

  get numberGroupSeparator(): string {
    return this.read("numberGroupSeparator");
  }

  protected compute(property: string): unknown {
    const format = this.context.model.numberFormat;
    if (property === "numberDecimalSeparator") return format.numberDecimalSeparator;
    if (property === "numberGroupSeparator") return format.numberGroupSeparator;
    throw new Error(`numberFormat.${property} is not modelled`);
  }
}

/** `workbook.names` (no sheet) or `worksheet.names` (ExcelApi 1.4): items with name and formula. */
class FakeNameCollection extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined
  ) {
    super(context, sheet ? `names of "${sheet.name}"` : "names");
  }

  get items(): FakeNamedItem[] {
    return this.read("items");
  }

  private find(name: string): FakeName | undefined {
    return this.context.model.namesOf(this.sheet).find((item) => sameName(item.name, name));
  }

  getItem(name: string): FakeNamedItem {
    const item = this.find(name);
    if (!item) this.context.fail(`ItemNotFound: no name "${name}" in ${this.label}`);
    return new FakeNamedItem(this.context, item);
  }

  getItemOrNullObject(name: string): FakeNamedItem {
    return new FakeNamedItem(this.context, this.find(name));
  }

  /**
   * ExcelApi 1.4: a name over `reference` (a range of this fake; a formula text is not modelled),
   * absolute. A name the scope already has fails the next sync, as Excel does.
   */
  add(name: string, reference: FakeRange, comment?: string): FakeNamedItem {
    const ok = this.context.requires("1.4", "names.add");
    const taken = this.find(name) !== undefined;
    const item: FakeName = {
      name,
      formula: "",
      ref: reference.sheet && reference.rect && { sheetId: reference.sheet.id, ...reference.rect },
      ...(comment === undefined ? {} : { comment }),
      ...(this.sheet ? { sheetId: this.sheet.id } : {}),
    };
    const runs =
      ok &&
      // Recorded on the sheet it names (a workbook-scope name belongs to no sheet).
      this.write(
        "names.add",
        [name, reference, comment],
        reference.sheet?.id,
        undefined,
        taken ? `InvalidArgument: the name "${name}" already exists` : undefined
      );
    if (runs) this.context.model.names.push(item);
    return new FakeNamedItem(this.context, runs ? item : undefined);
  }

  protected compute(property: string, below: string[]): unknown {
    if (property !== "items") throw new Error(`${this.label} has no "${property}"`);
    return this.context.model
      .namesOf(this.sheet)
      .map((item) =>
        new FakeNamedItem(this.context, item).deliver("name", item.name).deliverPaths(below)
      );
  }
}

class FakeNamedItem extends FakeObject {
  constructor(
    context: FakeContext,
    readonly item: FakeName | undefined
  ) {
    super(context, `name "${item?.name ?? "?"}"`, item === undefined);
  }

  get name(): string {
    return this.read("name");
  }

  get formula(): string {
    return this.read("formula");
  }

  /**
   * ExcelApi 1.4: the range the name refers to, or a null object for a name that is no range (or
   * whose sheet is gone: Excel's #REF!).
   */
  getRangeOrNullObject(): FakeRange {
    this.context.requires("1.4", "NamedItem.getRangeOrNullObject");
    const ref = this.item?.ref;
    const sheet = ref && this.context.model.sheets.find((item) => item.id === ref.sheetId);
    return new FakeRange(this.context, sheet, sheet && ref);
  }

  delete(): void {
    if (this.write("names.delete", [this.item?.name], this.item?.sheetId)) {
      const model = this.context.model;
      model.names = model.names.filter((item) => item !== this.item);
    }
  }

  protected compute(property: string): unknown {
    const item = this.item!;
    if (property === "name") return item.name;
    if (property === "formula") {
      need(this.context, "1.7", "NamedItem.formula");
      return item.ref ? refFormula(this.context.model, item.ref) : item.formula;
    }
    if (property === "scope") return item.sheetId === undefined ? "Workbook" : "Worksheet";
    throw new Error(`name has no "${property}" in this fake`);
  }
}

/** "='Policy (2)'!$B$6": a name's reference as Excel writes it, the sheet as it is named now. */
function refFormula(model: FakeWorkbook, ref: { sheetId: number } & Rect): string {
  const sheet = model.sheets.find((item) => item.id === ref.sheetId);
  if (!sheet) return "=#REF!";
  const quoted = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet.name)
    ? sheet.name
    : `'${sheet.name.replace(/'/g, "''")}'`;
  const absolute = a1Of(ref)
    .split(":")
    .map((cell) => cell.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"))
    .join(":");
  return `=${quoted}!${absolute}`;
}

class FakeWorksheetCollection extends FakeObject {
  constructor(context: FakeContext) {
    super(context, "worksheets");
  }

  get items(): FakeWorksheet[] {
    return this.read("items");
  }

  protected compute(property: string, below: string[]): unknown {
    if (property !== "items" && property !== "*")
      throw new Error(`worksheets has no "${property}"`);
    return this.context.model.sheets.map((sheet) =>
      new FakeWorksheet(this.context, sheet).deliver("name", sheet.name).deliverPaths(below)
    );
  }

  add(name: string): FakeWorksheet {
    const model = this.context.model;
    const sheet = blankSheet(model.newSheetId(), name);
    const bad = badSheetName(name);
    const error = bad
      ? `InvalidArgument: ${bad}`
      : model.sheet(name)
        ? `ItemAlreadyExists: a sheet named "${name}" exists`
        : undefined;
    if (this.write("worksheets.add", [name], sheet.id, undefined, error)) model.sheets.push(sheet);
    return new FakeWorksheet(this.context, sheet);
  }

  /** By id or by name, as in Excel. */
  getItem(key: string): FakeWorksheet {
    const sheet = this.context.model.sheetByKey(key);
    if (!sheet) this.context.fail(`ItemNotFound: no sheet named "${key}"`);
    return new FakeWorksheet(this.context, sheet);
  }

  getItemOrNullObject(key: string): FakeWorksheet {
    return new FakeWorksheet(this.context, this.context.model.sheetByKey(key));
  }
}

class FakeWorksheet extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined
  ) {
    super(context, `worksheet "${sheet?.name ?? "?"}"`, sheet === undefined);
  }

  get name(): string {
    return this.read("name");
  }

  /** A rename: it fails when the name is invalid or another sheet holds it (ignoring case). */
  set name(name: string) {
    const other = this.context.model.sheet(name);
    const bad = badSheetName(name);
    const error = bad
      ? `InvalidArgument: ${bad}`
      : other && other !== this.sheet
        ? `ItemAlreadyExists: a sheet named "${name}" exists`
        : undefined;
    if (this.write("name", [name], this.sheet?.id, undefined, error)) this.sheet!.name = name;
  }

  get id(): string {
    return this.read("id");
  }

  get visibility(): FakeVisibility {
    return this.read("visibility");
  }

  protected compute(property: string): unknown {
    if (property === "name" || property === "*") return this.sheet!.name;
    if (property === "id") return sheetKey(this.sheet!);
    if (property === "visibility") return this.sheet!.visibility;
    throw new Error(`worksheet has no "${property}" in this fake`);
  }

  /** An A1 range; without an address, the whole sheet (a range of every cell). */
  getRange(address?: string): FakeRange {
    return new FakeRange(
      this.context,
      this.sheet,
      address === undefined ? WHOLE_SHEET : rectOf(address)
    );
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.context, this.sheet, { row, col, rows, cols });
  }

  getUsedRangeOrNullObject(): FakeRange {
    let first: Rect | undefined;
    let lastRow = -1;
    let lastCol = -1;
    for (const k of this.sheet?.cells.keys() ?? []) {
      const comma = k.indexOf(",");
      const row = Number(k.slice(0, comma));
      const col = Number(k.slice(comma + 1));
      if (!first) first = { row, col, rows: 1, cols: 1 };
      first.row = Math.min(first.row, row);
      first.col = Math.min(first.col, col);
      lastRow = Math.max(lastRow, row);
      lastCol = Math.max(lastCol, col);
    }
    if (!first) return new FakeRange(this.context, this.sheet, undefined);
    return new FakeRange(this.context, this.sheet, {
      row: first.row,
      col: first.col,
      rows: lastRow - first.row + 1,
      cols: lastCol - first.col + 1,
    });
  }

  /** ExcelApi 1.4: the sheet's own names. */
  get names(): FakeNameCollection {
    this.context.requires("1.4", "worksheet.names");
    return new FakeNameCollection(this.context, this.sheet);
  }

  /** ExcelApi 1.10: threaded comments. */
  get comments(): FakeCommentCollection {
    this.context.requires("1.10", "worksheet.comments");
    return new FakeCommentCollection(this.context, this.sheet, "comment");
  }

  /** ExcelApi 1.18: notes (the legacy comments). */
  get notes(): FakeCommentCollection {
    this.context.requires("1.18", "worksheet.notes");
    return new FakeCommentCollection(this.context, this.sheet, "note");
  }

  get tables(): { add(range: FakeRange | string, hasHeaders: boolean): FakeTableApi } {
    return {
      add: (range, hasHeaders) => {
        const model = this.context.model;
        const name = `Table${model.tables.length + 1}`;
        const rect = range instanceof FakeRange ? range.rect : rectOf(range);
        // Over a range of this sheet with its header row, the table lies on the cells: the first row
        // names the columns (a range of one row gets one empty data row below it, as in Excel).
        const table: FakeTable =
          rect && hasHeaders && this.sheet
            ? anchoredTable(model, name, this.sheet.id, { ...rect, rows: Math.max(2, rect.rows) })
            : { name, sheetId: this.sheet!.id, rows: [] };
        const overlap =
          table.rect && this.sheet ? tableOver(model, this.sheet.id, table.rect) : undefined;
        const address = describe(range) as string;
        if (
          this.write(
            "tables.add",
            [range, hasHeaders],
            this.sheet?.id,
            address,
            overlap ? `InvalidArgument: ${address} overlaps the table "${overlap.name}"` : undefined
          )
        ) {
          model.tables.push(table);
        }
        return new FakeTableApi(this.context, table);
      },
    };
  }

  get charts(): { add(type: string, source: FakeRange, seriesBy?: string): unknown } {
    return {
      add: (type, source, seriesBy) => {
        this.write("charts.add", [type, source, seriesBy], this.sheet?.id, source.a1);
        return recorder(this.context, { sheetId: this.sheet?.id, address: source.a1 }, "chart");
      },
    };
  }

  /** ExcelApi 1.9: undefined in an older Excel, where the property does not exist. */
  get pageLayout(): FakePageLayout | undefined {
    if (!this.context.model.printing) return undefined;
    return new FakePageLayout(this.context, this.sheet);
  }

  /** ExcelApi 1.2. */
  get protection(): FakeProtection {
    return new FakeProtection(this.context, this.sheet);
  }

  get freezePanes(): unknown {
    return recorder(this.context, { sheetId: this.sheet?.id }, "freezePanes");
  }

  activate(): void {
    this.write("activate", [], this.sheet?.id);
  }

  delete(): void {
    const model = this.context.model;
    if (!this.write("delete", [], this.sheet?.id)) return;
    model.sheets = model.sheets.filter((sheet) => sheet !== this.sheet);
    model.tables = model.tables.filter((table) => table.sheetId !== this.sheet?.id);
    model.names = model.names.filter((item) => item.sheetId !== this.sheet?.id);
  }

  /**
   * A copy at the end, named the way Excel names it ("Name (2)") until renamed, with the sheet's
   * cells, spills, sheet-scoped names, conditional formats, validations, comments, notes, hidden rows
   * and columns and visibility.
   */
  copy(position: string): FakeWorksheet {
    const model = this.context.model;
    const source = this.sheet!;
    const copy: FakeSheet = {
      ...sheetState(source),
      id: model.newSheetId(),
      name: uniqueSheetName(
        source.name,
        model.sheets.map((sheet) => sheet.name)
      ),
      // Excel copies the sheet's protection with it.
      print: undefined,
    };
    if (this.write("copy", [position], source.id)) {
      model.sheets.push(copy);
      for (const item of model.namesOf(source)) model.names.push({ ...item, sheetId: copy.id });
    }
    return new FakeWorksheet(this.context, copy);
  }
}

/** Fails the sync that delivers `what` when this Excel lacks ExcelApi `version`. */
function need(context: FakeContext, version: string, what: string): void {
  if (!context.model.supports(version))
    throw new Error(
      `ApiNotFound: ${what} needs ExcelApi ${version}; this Excel has ${context.model.excelApi}`
    );
}

/** Runs of consecutive numbers of `from`…`from + count - 1` for which `keep` holds. */
function runs(from: number, count: number, keep: (n: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  for (let n = from; n < from + count; n++) {
    if (!keep(n)) continue;
    const last = out[out.length - 1];
    if (last && last[0] + last[1] === n) last[1]++;
    else out.push([n, 1]);
  }
  return out;
}

/**
 * Rectangles joined where two share a whole edge, as Excel reports a block of cells with validation
 * as one area whatever rules it holds.
 */
function merged(rects: Rect[]): Rect[] {
  const out = rects.map((rect) => ({ ...rect }));
  for (let joined = true; joined;) {
    joined = false;
    for (let i = 0; i < out.length && !joined; i++)
      for (let j = i + 1; j < out.length && !joined; j++) {
        const [a, b] = [out[i], out[j]];
        const [top, bottom] = a.row <= b.row ? [a, b] : [b, a];
        const [left, right] = a.col <= b.col ? [a, b] : [b, a];
        if (a.col === b.col && a.cols === b.cols && top.row + top.rows === bottom.row) {
          out[i] = { ...top, rows: top.rows + bottom.rows };
          joined = true;
        } else if (a.row === b.row && a.rows === b.rows && left.col + left.cols === right.col) {
          out[i] = { ...left, cols: left.cols + right.cols };
          joined = true;
        }
        if (joined) out.splice(j, 1);
      }
  }
  return out.sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Office.js's validation type for a rule (`{ custom: … }` → "Custom"). */
const VALIDATION_TYPES: Record<string, string> = {
  custom: "Custom",
  list: "List",
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  date: "Date",
  time: "Time",
  textLength: "TextLength",
};

class FakeRange extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly rect: Rect | undefined
  ) {
    super(context, `range ${rect ? a1Of(rect) : "(null)"}`, !sheet || !rect);
  }

  /** The address without the sheet. */
  get a1(): string {
    return this.rect ? a1Of(this.rect) : "(null)";
  }

  get address(): string {
    return this.read("address");
  }
  get formulas(): unknown[][] {
    return this.read("formulas");
  }
  set formulas(inputs: unknown[][]) {
    this.put("formulas", inputs);
  }
  get values(): unknown[][] {
    return this.read("values");
  }
  set values(inputs: unknown[][]) {
    this.put("values", inputs);
  }
  set numberFormat(formats: unknown[][]) {
    this.write("numberFormat", [formats], this.sheet?.id, this.a1, this.misfit(formats));
  }
  get rowIndex(): number {
    return this.read("rowIndex");
  }
  get columnIndex(): number {
    return this.read("columnIndex");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get cellCount(): number {
    return this.read("cellCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  /** ExcelApi 1.12: true when every cell is part of a spill, false when none is, else null. */
  get hasSpill(): boolean | null {
    return this.read("hasSpill");
  }
  /** ExcelApi 1.2: true when every row is hidden, false when none is, else null. */
  get rowHidden(): boolean | null {
    return this.read("rowHidden");
  }
  get columnHidden(): boolean | null {
    return this.read("columnHidden");
  }

  get format(): unknown {
    return recorder(this.context, this.where(), "format");
  }

  /** ExcelApi 1.8. */
  get dataValidation(): FakeDataValidation {
    this.context.requires("1.8", "range.dataValidation");
    return new FakeDataValidation(this.context, this.sheet, this.rect);
  }

  /** ExcelApi 1.6: the conditional formats that intersect this range, in the sheet's order. */
  get conditionalFormats(): FakeConditionalFormatCollection {
    this.context.requires("1.6", "range.conditionalFormats");
    return new FakeConditionalFormatCollection(this.context, this.sheet, this.rect);
  }

  /** The last row of the range. */
  getLastRow(): FakeRange {
    const r = this.rect;
    return new FakeRange(this.context, this.sheet, r && { ...r, row: r.row + r.rows - 1, rows: 1 });
  }

  /** ExcelApi 1.2: `count` rows right below the range (beyond the grid fails the next sync). */
  getRowsBelow(count = 1): FakeRange {
    this.context.requires("1.2", "range.getRowsBelow");
    const r = this.rect;
    const below = r && { ...r, row: r.row + r.rows, rows: count };
    if (below && below.row + below.rows > WHOLE_SHEET.rows)
      this.context.fail(`InvalidArgument: ${count} rows below ${this.label} lie outside the grid`);
    return new FakeRange(this.context, this.sheet, below);
  }

  /**
   * ExcelApi 1.4: the smallest range of this one holding every cell with a value or a formula
   * (`valuesOnly`; formats are not modelled), or a null object when it has none.
   */
  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    void valuesOnly;
    this.context.requires("1.4", "range.getUsedRangeOrNullObject");
    const r = this.rect;
    let used: Rect | undefined;
    if (r && this.sheet) {
      let [top, left, bottom, right] = [Infinity, Infinity, -1, -1];
      for (const [k, cell] of this.sheet.cells) {
        if (cell.value === null && cell.formula === undefined) continue;
        const comma = k.indexOf(",");
        const row = Number(k.slice(0, comma));
        const col = Number(k.slice(comma + 1));
        if (row < r.row || row >= r.row + r.rows || col < r.col || col >= r.col + r.cols) continue;
        [top, left] = [Math.min(top, row), Math.min(left, col)];
        [bottom, right] = [Math.max(bottom, row), Math.max(right, col)];
      }
      if (bottom >= 0)
        used = { row: top, col: left, rows: bottom - top + 1, cols: right - left + 1 };
    }
    return new FakeRange(this.context, used && this.sheet, used);
  }

  /** Clears the cells' contents ("Contents", "All"; formats are recorded, not modelled). */
  clear(applyTo = "All"): void {
    if (!this.write("clear", [applyTo], this.sheet?.id, this.rect && this.a1)) return;
    if (applyTo === "Formats" || !this.sheet || !this.rect) return;
    const r = this.rect;
    for (let i = 0; i < r.rows; i++)
      for (let j = 0; j < r.cols; j++) {
        this.sheet.cells.delete(key(r.row + i, r.col + j));
        this.sheet.spills.delete(key(r.row + i, r.col + j));
      }
  }

  /**
   * Deletes the cells, shifting the cells below up ("Up" only in this fake). Rows of a table on the
   * cells, across all of its columns, leave the table (it shrinks); a part of a table's columns, or
   * its header, fails.
   */
  delete(shift: string): void {
    const r = this.rect;
    const model = this.context.model;
    const sheetId = this.sheet?.id;
    let error = shift === "Up" ? undefined : `delete(${shift}) is not modelled`;
    const tables =
      r && sheetId !== undefined
        ? model.tables.filter((t) => t.sheetId === sheetId && t.rect && intersect(t.rect, r))
        : [];
    for (const table of tables) {
      const t = table.rect!;
      if (r!.col > t.col || r!.col + r!.cols < t.col + t.cols || r!.row <= t.row)
        error ??= `InvalidOperation: ${this.a1} cuts the table "${table.name}"`;
    }
    if (!this.write("delete", [shift], sheetId, this.rect && this.a1, error) || !r) return;
    const sheet = this.sheet!;
    for (let i = 0; i < r.rows; i++)
      for (let j = 0; j < r.cols; j++) sheet.cells.delete(key(r.row + i, r.col + j));
    shiftRows(sheet, r.row + r.rows, r.col, r.cols, -r.rows);
    for (const table of tables) {
      const t = table.rect!;
      const gone = Math.min(t.row + t.rows, r.row + r.rows) - r.row;
      table.rect = { ...t, rows: Math.max(2, t.rows - gone) };
    }
  }

  /** The spill range when this one cell anchors a dynamic array; a null object otherwise (1.12). */
  getSpillingToRangeOrNullObject(): FakeRange {
    this.context.requires("1.12", "range.getSpillingToRangeOrNullObject");
    this.context.model.spillLookups++;
    const r = this.rect;
    const spill =
      r && r.rows === 1 && r.cols === 1 ? this.sheet?.spills.get(key(r.row, r.col)) : undefined;
    return new FakeRange(
      this.context,
      spill && this.sheet,
      spill && { row: r!.row, col: r!.col, ...spill }
    );
  }

  /**
   * ExcelApi 1.9: "Visible" cells (the visible rows' runs by the visible columns' runs) or the cells
   * with "DataValidations" (each validation's cells, blocks that touch joined); a null object when
   * there are none.
   */
  getSpecialCellsOrNullObject(type: string): FakeRangeAreas {
    this.context.requires("1.9", "range.getSpecialCellsOrNullObject");
    const sheet = this.sheet;
    const r = this.rect;
    let rects: Rect[] = [];
    if (sheet && r && type === "Visible") {
      const rows = runs(r.row, r.rows, (n) => !sheet.hiddenRows.has(n));
      const cols = runs(r.col, r.cols, (n) => !sheet.hiddenColumns.has(n));
      rects = rows.flatMap(([row, count]) =>
        cols.map(([col, width]) => ({ row, col, rows: count, cols: width }))
      );
    } else if (sheet && r && type === "DataValidations") {
      rects = merged(sheet.validations.flatMap((item) => intersect(rectOf(item.address), r) ?? []));
    } else if (sheet && r) {
      throw new Error(`getSpecialCellsOrNullObject("${type}") is not modelled`);
    }
    return new FakeRangeAreas(this.context, sheet, rects.length ? rects : undefined);
  }

  protected compute(property: string): unknown {
    const r = this.rect!;
    switch (property) {
      case "address":
        return `${this.sheet!.name}!${this.a1}`;
      case "formulas":
        return this.grid((cell) => this.formulaOf(cell));
      case "values":
        return this.grid((cell) => cell?.value ?? "");
      case "rowIndex":
        return r.row;
      case "columnIndex":
        return r.col;
      case "rowCount":
        return r.rows;
      case "columnCount":
        return r.cols;
      case "cellCount":
        return r.rows * r.cols;
      case "hasSpill": {
        need(this.context, "1.12", "range.hasSpill");
        const sheet = this.sheet!;
        let spilled = 0;
        for (let i = 0; i < r.rows; i++)
          for (let j = 0; j < r.cols; j++) {
            const k = key(r.row + i, r.col + j);
            if (sheet.spills.has(k) || sheet.cells.get(k)?.spilledFrom) spilled++;
          }
        return spilled === 0 ? false : spilled === r.rows * r.cols ? true : null;
      }
      case "rowHidden":
        return this.allOrNone(r.row, r.rows, this.sheet!.hiddenRows);
      case "columnHidden":
        return this.allOrNone(r.col, r.cols, this.sheet!.hiddenColumns);
      default:
        throw new Error(`range has no "${property}" in this fake`);
    }
  }

  private allOrNone(from: number, count: number, hidden: Set<number>): boolean | null {
    let n = 0;
    for (const index of hidden) if (index >= from && index < from + count) n++;
    return n === 0 ? false : n === count ? true : null;
  }

  /**
   * A spilled cell reports its anchor's formula: the harder of the two ways Excel could answer, as
   * it makes every spilled cell look like an anchor.
   */
  private formulaOf(cell: FakeCell | undefined): unknown {
    if (!cell) return "";
    if (cell.spilledFrom) return this.sheet!.cells.get(cell.spilledFrom)?.formula ?? cell.value;
    return cell.formula ?? cell.value ?? "";
  }

  private grid(read: (cell: FakeCell | undefined) => unknown): unknown[][] {
    const r = this.rect!;
    if (r.rows * r.cols > 5_000_000)
      throw new Error(`RangeExceedsLimit: ${this.label} has more than 5,000,000 cells to read`);
    return Array.from({ length: r.rows }, (_, i) =>
      Array.from({ length: r.cols }, (_, j) =>
        read(this.sheet!.cells.get(key(r.row + i, r.col + j)))
      )
    );
  }

  private where(): { sheetId?: number; address?: string } {
    return { sheetId: this.sheet?.id, address: this.rect ? this.a1 : undefined };
  }

  /** The error of a write whose array does not have the range's shape, or undefined. */
  private misfit(inputs: unknown[][]): string | undefined {
    const r = this.rect;
    const fits = r && inputs.length === r.rows && inputs.every((line) => line.length === r.cols);
    return fits ? undefined : `InvalidArgument: the array does not match ${this.label}`;
  }

  /**
   * Records the write and applies it: "=…" is a formula, "'…" text, "" an empty cell, and null leaves
   * the cell as it is (learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-blank-null-values).
   */
  private put(op: string, inputs: unknown[][]): void {
    const runs = this.write(
      op,
      [inputs],
      this.sheet?.id,
      this.rect && this.a1,
      this.misfit(inputs)
    );
    if (!runs || !this.sheet || !this.rect) return;
    const { cells, spills } = this.sheet;
    inputs.forEach((line, i) =>
      line.forEach((input, j) => {
        if (input === null) return;
        const k = key(this.rect!.row + i, this.rect!.col + j);
        spills.delete(k);
        const cell = typedCell(input);
        if (cell) cells.set(k, cell);
        else cells.delete(k);
      })
    );
  }
}

/** Excel.RangeAreas (ExcelApi 1.9): rectangles of one sheet, and their `areas` collection. */
class FakeRangeAreas extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly rects: Rect[] | undefined
  ) {
    super(context, `areas ${rects?.map(a1Of).join(",") ?? "(null)"}`, !sheet || !rects);
  }

  get areas(): FakeRangeCollection {
    return new FakeRangeCollection(this.context, this.sheet, this.rects);
  }

  get areaCount(): number {
    return this.read("areaCount");
  }

  /** "Sheet!A1:B2,Sheet!D4" (the sheet's name as it is, unquoted). */
  get address(): string {
    return this.read("address");
  }

  protected compute(property: string): unknown {
    if (property === "areaCount") return this.rects!.length;
    if (property === "address")
      return this.rects!.map((rect) => `${this.sheet!.name}!${a1Of(rect)}`).join(",");
    throw new Error(`${this.label} has no "${property}" in this fake`);
  }
}

/** Excel.RangeCollection: `items`, each a range delivering what the load asked. */
class FakeRangeCollection extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly rects: Rect[] | undefined
  ) {
    super(context, "areas", !sheet || !rects);
  }

  get items(): FakeRange[] {
    return this.read("items");
  }

  protected compute(property: string, below: string[]): unknown {
    if (property !== "items") throw new Error(`areas have no "${property}"`);
    return this.rects!.map((rect) =>
      new FakeRange(this.context, this.sheet, rect).deliverPaths(below)
    );
  }
}

/** `range.conditionalFormats` (ExcelApi 1.6): the formats that intersect the range. */
class FakeConditionalFormatCollection extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly rect: Rect | undefined
  ) {
    super(context, `conditional formats of ${rect ? a1Of(rect) : "?"}`, !sheet || !rect);
  }

  get items(): FakeConditionalFormatApi[] {
    return this.read("items");
  }

  private list(): FakeConditionalFormat[] {
    return (this.sheet?.conditionalFormats ?? []).filter(
      (cf) => this.rect && intersect(rectOf(cf.address), this.rect)
    );
  }

  getItemAt(index: number): FakeConditionalFormatApi {
    const cf = this.list()[index];
    if (!cf) this.context.fail(`ItemNotFound: no conditional format at ${index} in ${this.label}`);
    return new FakeConditionalFormatApi(this.context, this.sheet, cf);
  }

  /** A new format over the range; its rule and format are set through the object returned. */
  add(type: string): FakeConditionalFormatApi {
    const cf: FakeConditionalFormat = {
      type: type as FakeConditionalFormat["type"],
      address: this.rect ? a1Of(this.rect) : "",
    };
    if (this.write("conditionalFormats.add", [type], this.sheet?.id, cf.address))
      this.sheet!.conditionalFormats.push(cf);
    return new FakeConditionalFormatApi(this.context, this.sheet, cf);
  }

  protected compute(property: string, below: string[]): unknown {
    if (property !== "items") throw new Error(`${this.label} have no "${property}"`);
    return this.list().map((cf) =>
      new FakeConditionalFormatApi(this.context, this.sheet, cf).deliverPaths(below)
    );
  }
}

class FakeConditionalFormatApi extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly cf: FakeConditionalFormat | undefined
  ) {
    super(context, `conditional format ${cf?.type ?? "?"} on ${cf?.address ?? "?"}`, !cf);
  }

  get type(): string {
    return this.read("type");
  }

  private where(): { sheetId?: number; address?: string } {
    return { sheetId: this.sheet?.id, address: this.cf?.address };
  }

  /** A custom format's rule and format; on another type, the next sync fails. */
  get custom(): { rule: FakeCustomRule; format: unknown } {
    if (this.cf && this.cf.type !== "Custom")
      this.context.fail(`InvalidOperation: ${this.label} is not a custom format`);
    return {
      rule: new FakeCustomRule(this.context, this.sheet, this.cf),
      format: recorder(this.context, this.where(), "conditionalFormat.custom.format"),
    };
  }

  /** A cell-value format: its `rule` ({ formula1, formula2, operator }) to load. */
  get cellValue(): FakeCellValueFormat {
    if (this.cf && this.cf.type !== "CellValue")
      this.context.fail(`InvalidOperation: ${this.label} is not a cell-value format`);
    return new FakeCellValueFormat(this.context, this.cf);
  }

  /** ExcelApi 1.9: the ranges it applies to. */
  getRanges(): FakeRangeAreas {
    this.context.requires("1.9", "conditionalFormat.getRanges");
    return new FakeRangeAreas(this.context, this.sheet, this.cf && [rectOf(this.cf.address)]);
  }

  delete(): void {
    const { sheetId, address } = this.where();
    if (this.write("conditionalFormat.delete", [], sheetId, address))
      this.sheet!.conditionalFormats = this.sheet!.conditionalFormats.filter(
        (cf) => cf !== this.cf
      );
  }

  protected compute(property: string): unknown {
    if (property === "type") return this.cf!.type;
    throw new Error(`${this.label} has no "${property}" in this fake`);
  }
}

class FakeCustomRule extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly cf: FakeConditionalFormat | undefined
  ) {
    super(context, "custom rule", !cf);
  }

  get formula(): string {
    return this.read("formula");
  }

  set formula(formula: string) {
    if (
      this.write(
        "conditionalFormat.custom.rule.formula",
        [formula],
        this.sheet?.id,
        this.cf?.address
      )
    )
      this.cf!.formula = formula;
  }

  protected compute(property: string): unknown {
    if (property === "formula") return this.cf!.formula ?? "";
    throw new Error(`custom rule has no "${property}"`);
  }
}

class FakeCellValueFormat extends FakeObject {
  constructor(
    context: FakeContext,
    readonly cf: FakeConditionalFormat | undefined
  ) {
    super(context, "cell-value format", !cf);
  }

  get rule(): FakeConditionalFormat["rule"] {
    return this.read("rule");
  }

  protected compute(property: string): unknown {
    if (property === "rule") return { ...this.cf!.rule };
    throw new Error(`cell-value format has no "${property}"`);
  }
}

/**
 * `range.dataValidation` (ExcelApi 1.8): `rule` set over the range (replacing the validations inside
 * it), `type` and `rule` loaded ("None" without validation, "Inconsistent" when the range holds more
 * than one or only part of it is validated), `clear()`.
 */
class FakeDataValidation extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly rect: Rect | undefined
  ) {
    super(context, `validation of ${rect ? a1Of(rect) : "?"}`, !sheet || !rect);
  }

  get type(): string {
    return this.read("type");
  }

  get rule(): FakeValidation["rule"] {
    return this.read("rule");
  }

  set rule(rule: FakeValidation["rule"]) {
    const address = this.rect && a1Of(this.rect);
    if (this.write("dataValidation.rule", [rule], this.sheet?.id, address)) {
      this.drop();
      this.sheet!.validations.push({ address: address!, rule: structuredClone(rule) });
    }
  }

  clear(): void {
    if (this.write("dataValidation.clear", [], this.sheet?.id, this.rect && a1Of(this.rect)))
      this.drop();
  }

  /** Removes validation from the range's cells: a validation it overlaps keeps its other cells. */
  private drop(): void {
    const sheet = this.sheet!;
    sheet.validations = sheet.validations.flatMap((item) =>
      outside(rectOf(item.address), this.rect!).map((rest) => ({
        address: a1Of(rest),
        rule: item.rule,
      }))
    );
  }

  protected compute(property: string): unknown {
    const found = this.sheet!.validations.filter((item) =>
      intersect(rectOf(item.address), this.rect!)
    );
    const whole = found.length === 1 && inside(this.rect!, rectOf(found[0].address));
    if (property === "type") {
      if (found.length === 0) return "None";
      return whole ? VALIDATION_TYPES[Object.keys(found[0].rule)[0]] : "Inconsistent";
    }
    if (property === "rule") return whole ? structuredClone(found[0].rule) : {};
    throw new Error(`${this.label} has no "${property}" in this fake`);
  }
}

/** `worksheet.comments` (ExcelApi 1.10) or `worksheet.notes` (1.18). */
class FakeCommentCollection extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly kind: "comment" | "note"
  ) {
    super(context, `${kind}s of "${sheet?.name ?? "?"}"`, !sheet);
  }

  private list(): FakeComment[] {
    return (this.kind === "comment" ? this.sheet?.comments : this.sheet?.notes) ?? [];
  }

  get items(): FakeCommentApi[] {
    return this.read("items");
  }

  getItemAt(index: number): FakeCommentApi {
    const item = this.list()[index];
    if (!item) this.context.fail(`ItemNotFound: no ${this.kind} at ${index} in ${this.label}`);
    return new FakeCommentApi(this.context, this.sheet, item, this.kind);
  }

  /** A comment by its cell (comments) or a note by its cell address (notes' `getItem`). */
  getItemByCell(cell: string): FakeCommentApi {
    const address = cell.slice(cell.lastIndexOf("!") + 1).replace(/\$/g, "");
    const item = this.list().find((comment) => sameName(comment.address, address));
    if (!item) this.context.fail(`ItemNotFound: no ${this.kind} at ${cell} in ${this.label}`);
    return new FakeCommentApi(this.context, this.sheet, item, this.kind);
  }

  getItem(cell: string): FakeCommentApi {
    if (this.kind === "comment") throw new Error("comments.getItem takes an id: not modelled");
    return this.getItemByCell(cell);
  }

  protected compute(property: string, below: string[]): unknown {
    if (property !== "items") throw new Error(`${this.label} have no "${property}"`);
    return this.list().map((item) =>
      new FakeCommentApi(this.context, this.sheet, item, this.kind).deliverPaths(below)
    );
  }
}

class FakeCommentApi extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly item: FakeComment | undefined,
    readonly kind: "comment" | "note"
  ) {
    super(context, `${kind} at ${item?.address ?? "?"}`, !item);
  }

  get authorName(): string {
    return this.read("authorName");
  }

  get content(): string {
    return this.read("content");
  }

  /** The cell it belongs to. */
  getLocation(): FakeRange {
    return new FakeRange(this.context, this.sheet, this.item && rectOf(this.item.address));
  }

  delete(): void {
    if (
      this.write(`${this.kind}.delete`, [this.item?.address], this.sheet?.id, this.item?.address)
    ) {
      const sheet = this.sheet!;
      if (this.kind === "comment") sheet.comments = sheet.comments.filter((c) => c !== this.item);
      else sheet.notes = sheet.notes.filter((c) => c !== this.item);
    }
  }

  protected compute(property: string): unknown {
    if (property === "authorName") return this.item!.author;
    if (property === "content") return this.item!.content;
    throw new Error(`${this.label} has no "${property}" in this fake`);
  }
}

class FakeTableCollection extends FakeObject {
  constructor(context: FakeContext) {
    super(context, "tables");
  }

  get items(): FakeTableApi[] {
    return this.read("items");
  }

  protected compute(property: string): unknown {
    if (property !== "items" && property !== "*") throw new Error(`tables has no "${property}"`);
    return this.context.model.tables.map((table) =>
      new FakeTableApi(this.context, table).deliver("name", table.name)
    );
  }

  getItem(name: string): FakeTableApi {
    const table = this.context.model.tables.find((item) => sameName(item.name, name));
    if (!table) this.context.fail(`ItemNotFound: no table named "${name}"`);
    return new FakeTableApi(this.context, table);
  }

  getItemOrNullObject(name: string): FakeTableApi {
    const table = this.context.model.tables.find((item) => sameName(item.name, name));
    return new FakeTableApi(this.context, table);
  }
}

class FakeTableApi extends FakeObject {
  constructor(
    context: FakeContext,
    readonly table: FakeTable | undefined
  ) {
    super(context, `table "${table?.name ?? "?"}"`, table === undefined);
  }

  get name(): string {
    return this.read("name");
  }

  set name(name: string) {
    const other = this.context.model.tables.find((item) => sameName(item.name, name));
    const error =
      other && other !== this.table ? `InvalidArgument: a table named "${name}" exists` : undefined;
    if (this.write("table.name", [name], this.table?.sheetId, undefined, error)) {
      this.table!.name = name;
    }
  }

  set style(style: string) {
    this.write("table.style", [style], this.table?.sheetId);
  }

  /**
   * `rows.add(index, values)`: only at the end (no index) in this fake; several rows need ExcelApi
   * 1.4. A table on the cells is inserted into, as Excel does: the cells below it in its columns move
   * down, the rows are written and the table grows over them.
   */
  get rows(): { add(index?: number | null, values?: unknown[][]): void } {
    return {
      add: (index, values) => {
        const table = this.table;
        const rect = table?.rect;
        if (!rect) {
          if (this.write("rows.add", [table?.name, index, values], table?.sheetId)) {
            table!.rows.push(...(values ?? [[]]));
          }
          return;
        }
        const lines = values ?? [new Array<unknown>(rect.cols).fill("")];
        if (lines.length > 1) this.context.requires("1.4", "rows.add of several rows");
        const sheet = this.context.model.sheets.find((item) => item.id === table.sheetId)!;
        // A protected sheet refuses the write before its shape is looked at.
        const error = sheet.protected
          ? undefined
          : index !== undefined && index !== null && index !== -1
            ? "rows.add at an index is not modelled"
            : lines.some((line) => line.length !== rect.cols)
              ? `InvalidArgument: the rows do not match the ${rect.cols} columns of ${this.label}`
              : undefined;
        if (!this.write("rows.add", [table.name, index, values], table.sheetId, undefined, error))
          return;
        const below = rect.row + rect.rows;
        shiftRows(sheet, below, rect.col, rect.cols, lines.length);
        // Values are read as typed, as `range.values` reads them ("'12" is the text "12").
        lines.forEach((line, i) =>
          line.forEach((value, c) => {
            const k = key(below + i, rect.col + c);
            const cell = typedCell(value);
            if (cell) sheet.cells.set(k, cell);
            else sheet.cells.delete(k);
          })
        );
        table.rect = { ...rect, rows: rect.rows + lines.length };
      },
    };
  }

  /**
   * ExcelApi 1.13: the table laid over `newRange`, its header in the same row, overlapping the table
   * it was and no other table; no cell is moved or written.
   */
  resize(newRange: FakeRange | string): void {
    this.context.requires("1.13", "table.resize");
    const table = this.table;
    const rect = newRange instanceof FakeRange ? newRange.rect : rectOf(newRange);
    const model = this.context.model;
    let error: string | undefined;
    if (!table?.rect) error = "resize of a table that is not on the cells is not modelled";
    else if (!rect) error = "InvalidArgument: no range";
    else if (newRange instanceof FakeRange && newRange.sheet?.id !== table.sheetId)
      error = "InvalidArgument: the new range is on another sheet";
    else if (rect.row !== table.rect.row)
      error = "InvalidArgument: the header row must stay in the same row";
    else if (rect.rows < 2) error = "InvalidArgument: a table keeps one data row";
    else if (!intersect(rect, table.rect))
      error = "InvalidArgument: the new range must overlap the table";
    else if (tableOver(model, table.sheetId, rect, table))
      error = `InvalidArgument: the new range overlaps another table`;
    if (this.write("table.resize", [newRange], table?.sheetId, rect && a1Of(rect), error))
      table!.rect = { ...rect! };
  }

  /** The whole table, header included (a table on the cells only). */
  getRange(): FakeRange {
    return this.onCells("getRange", (rect) => rect);
  }

  /** The table's sheet (a navigation property). */
  get worksheet(): FakeWorksheet {
    const sheet = this.context.model.sheets.find((item) => item.id === this.table?.sheetId);
    return new FakeWorksheet(this.context, sheet);
  }

  /**
   * The header row: a range of the sheet for a table on the cells, else its values only; a method on
   * a null table fails the next sync.
   */
  getHeaderRowRange(): FakeTableRange | FakeRange {
    if (this.table?.rect) return this.onCells("getHeaderRowRange", (r) => ({ ...r, rows: 1 }));
    return this.part("getHeaderRowRange", () => [this.headers()]);
  }

  /**
   * The data rows: a range of the sheet for a table on the cells, else their values, as wide as the
   * header; a table without data rows shows the one empty row Excel keeps.
   */
  getDataBodyRange(): FakeTableRange | FakeRange {
    if (this.table?.rect)
      return this.onCells("getDataBodyRange", (r) => ({ ...r, row: r.row + 1, rows: r.rows - 1 }));
    return this.part("getDataBodyRange", () => {
      const width = this.headers().length;
      const rows = this.table!.rows.map((row) =>
        Array.from({ length: width }, (_, c) => row[c] ?? "")
      );
      return rows.length > 0 ? rows : [new Array(width).fill("")];
    });
  }

  /** A part of a table on the cells, as a range of its sheet. */
  private onCells(method: string, part: (rect: Rect) => Rect): FakeRange {
    const table = this.table;
    if (!table) this.context.fail(`ItemNotFound: ${method} on ${this.label}, a null object`);
    else if (!table.rect)
      this.context.fail(`${method} of a table not on the cells is not modelled`);
    const sheet = table && this.context.model.sheets.find((item) => item.id === table.sheetId);
    return new FakeRange(this.context, sheet, table?.rect && part(table.rect));
  }

  /** Excel's column names: the header row, or "Column1"… for a table made without one. */
  private headers(): string[] {
    const table = this.table!;
    const width = Math.max(0, ...table.rows.map((row) => row.length));
    return table.headers ?? Array.from({ length: width }, (_, c) => `Column${c + 1}`);
  }

  private part(method: string, values: () => unknown[][]): FakeTableRange {
    if (this.isNull) this.context.fail(`ItemNotFound: ${method} on ${this.label}, a null object`);
    return new FakeTableRange(this.context, `${this.label}.${method}()`, this.isNull, values);
  }

  protected compute(property: string): unknown {
    if (property === "name" || property === "*") return this.table!.name;
    throw new Error(`table has no "${property}" in this fake`);
  }
}

/** A read-only range of a table (header row, data body, its last row): its values. */
class FakeTableRange extends FakeObject {
  constructor(
    context: FakeContext,
    label: string,
    isNull: boolean,
    private readonly rows: () => unknown[][]
  ) {
    super(context, label, isNull);
  }

  get values(): unknown[][] {
    return this.read("values");
  }

  getLastRow(): FakeTableRange {
    return new FakeTableRange(this.context, `${this.label}.getLastRow()`, this.isNull, () =>
      this.rows().slice(-1)
    );
  }

  protected compute(property: string): unknown {
    if (property === "values") return this.rows().map((row) => [...row]);
    throw new Error(`${this.label} has no "${property}" in this fake`);
  }
}

/**
 * `worksheet.protection` (ExcelApi 1.2): `protected` after load and sync; `protect()` without a
 * password and `unprotect()`. Protecting a protected sheet, or unprotecting an unprotected one, fails
 * as an invalid operation: the adapter must know which state it is in.
 */
class FakeProtection extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined
  ) {
    super(context, `protection of "${sheet?.name ?? "?"}"`, sheet === undefined);
  }

  get protected(): boolean {
    return this.read("protected");
  }

  protect(options?: unknown, password?: string): void {
    const error = this.sheet?.protected
      ? `InvalidOperation: "${this.sheet.name}" is already protected`
      : undefined;
    const args =
      password === undefined ? (options === undefined ? [] : [options]) : [options, password];
    if (this.write("protection.protect", args, this.sheet?.id, undefined, error)) {
      this.sheet!.protected = true;
    }
  }

  unprotect(password?: string): void {
    const error = this.sheet?.protected
      ? undefined
      : `InvalidOperation: "${this.sheet?.name}" is not protected`;
    if (
      this.write(
        "protection.unprotect",
        password === undefined ? [] : [password],
        this.sheet?.id,
        undefined,
        error
      )
    ) {
      this.sheet!.protected = false;
    }
  }

  protected compute(property: string): unknown {
    if (property === "protected") return this.sheet!.protected === true;
    throw new Error(`protection has no "${property}" in this fake`);
  }
}

/** Operations a protected sheet still allows: its place in the workbook, not its cells. */
const STRUCTURE_OPS = new Set([
  "name",
  "names.add",
  "activate",
  "delete",
  "copy",
  "worksheets.add",
  "protection.protect",
  "protection.unprotect",
]);

/** `Office.context.document.settings`: pending values, stored with the document by `saveAsync`. */
export class FakeSettings {
  /** What the document holds: the values as of the last successful `saveAsync`. */
  saved = new Map<string, unknown>();
  private pending = new Map<string, unknown>();
  /** Set by a test to make the next `saveAsync` fail. */
  failSave?: string;
  saves = 0;

  get(name: string): unknown {
    return this.pending.has(name) ? this.pending.get(name) : (this.saved.get(name) ?? null);
  }

  set(name: string, value: unknown): void {
    this.pending.set(name, value);
  }

  remove(name: string): void {
    this.pending.set(name, null);
  }

  saveAsync(callback?: (result: { status: string; error?: { message: string } }) => void): void {
    this.saves++;
    const failure = this.failSave;
    this.failSave = undefined;
    setTimeout(() => {
      if (failure !== undefined) {
        callback?.({ status: "failed", error: { message: failure } });
        return;
      }
      for (const [name, value] of this.pending) {
        if (value === null) this.saved.delete(name);
        else this.saved.set(name, value);
      }
      this.pending.clear();
      callback?.({ status: "succeeded" });
    }, 0);
  }
}

/** "1.10" ≥ "1.9": requirement set versions compare part by part, as numbers. */
function versionAtLeast(have: string, want: string): boolean {
  const a = have.split(".").map(Number);
  const b = want.split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

/** Excel keeps at most 255 characters in a header or footer section. */
const MAX_FOOTER = 255;

/**
 * `worksheet.pageLayout`, strictly: the print area and title rows through their setters only (a
 * title range must span whole rows, "$1:$2"), orientation "Portrait" or "Landscape", `zoom` set as a
 * whole object (reading it, e.g. `zoom.scale = 50`, is refused as Excel ignores it), and the footer
 * sections of `headersFooters.defaultForAllPages`. Each write is recorded; the sheet's `print` holds
 * the result.
 */
class FakePageLayout extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined
  ) {
    super(context, `pageLayout of "${sheet?.name ?? "?"}"`, sheet === undefined);
  }

  private get state(): FakePrint {
    return (this.sheet!.print ??= { footer: {} });
  }

  private assign<K extends keyof FakePrint>(
    op: string,
    key: K,
    value: FakePrint[K],
    error?: string
  ) {
    if (this.write(`pageLayout.${op}`, [value], this.sheet?.id, undefined, error)) {
      this.state[key] = value;
    }
  }

  setPrintArea(area: FakeRange | string): void {
    const address = describe(area) as string;
    let error: string | undefined;
    try {
      parseRange(address);
    } catch {
      error = `InvalidArgument: print area "${address}" is not a range`;
    }
    this.assign("setPrintArea", "area", address, error);
  }

  setPrintTitleRows(rows: FakeRange | string): void {
    const address = describe(rows) as string;
    const match = /^\$?(\d+):\$?(\d+)$/.exec(address);
    const error =
      match && Number(match[1]) >= 1 && Number(match[1]) <= Number(match[2])
        ? undefined
        : `InvalidArgument: title rows "${address}" do not span entire rows`;
    this.assign("setPrintTitleRows", "titleRows", address, error);
  }

  get orientation(): string {
    return this.read("orientation");
  }

  set orientation(value: string) {
    const error =
      value === "Portrait" || value === "Landscape"
        ? undefined
        : `InvalidArgument: orientation "${value}"`;
    this.assign("orientation", "orientation", value, error);
  }

  get zoom(): FakePrint["zoom"] {
    return this.read("zoom");
  }

  set zoom(value: FakePrint["zoom"]) {
    const { horizontalFitToPages: wide, verticalFitToPages: tall, scale } = value ?? {};
    const pages = (n: number | undefined): boolean =>
      n === undefined || (Number.isInteger(n) && n >= 0 && n <= 32767);
    const error =
      value === null || typeof value !== "object"
        ? "InvalidArgument: zoom is set as an object"
        : !pages(wide) || !pages(tall)
          ? `InvalidArgument: fit to ${wide} × ${tall} pages`
          : scale !== undefined && scale !== null && (wide !== undefined || tall !== undefined)
            ? "InvalidArgument: a scale and fit to pages at once"
            : scale !== undefined && scale !== null && !(scale >= 10 && scale <= 400)
              ? `InvalidArgument: scale ${scale}`
              : undefined;
    this.assign("zoom", "zoom", value && { ...value }, error);
  }

  get headersFooters(): { defaultForAllPages: Record<string, string> } {
    const footer = (section: "left" | "center" | "right") => ({
      get: (): string => {
        throw new Error(`${this.label}: the ${section} footer was read; this fake only records it`);
      },
      set: (text: string): void => {
        const error =
          typeof text === "string" && text.length <= MAX_FOOTER
            ? undefined
            : `InvalidArgument: a footer holds a text of at most ${MAX_FOOTER} characters`;
        if (
          this.write(
            `pageLayout.headersFooters.defaultForAllPages.${section}Footer`,
            [text],
            this.sheet?.id,
            undefined,
            error
          )
        ) {
          this.state.footer[section] = text;
        }
      },
    });
    // Sealed: a section this fake does not know (a header, a picture) fails loudly when set.
    const defaultForAllPages = Object.defineProperties(
      {},
      {
        leftFooter: footer("left"),
        centerFooter: footer("center"),
        rightFooter: footer("right"),
      }
    ) as Record<string, string>;
    return { defaultForAllPages: Object.preventExtensions(defaultForAllPages) };
  }

  protected compute(property: string): unknown {
    throw new Error(`pageLayout has no "${property}" to load in this fake`);
  }
}

const METHODS = new Set([
  "autofitColumns",
  "setPosition",
  "freezeAt",
  "freezeRows",
  "freezeColumns",
]);

/**
 * A write-only object (format, validation, chart, frozen panes, conditional format): every property
 * set and method call is recorded under its path ("format.font.bold"); reading a value is refused.
 */
function recorder(
  context: FakeContext,
  where: { sheetId?: number; address?: string },
  path: string
): unknown {
  return new Proxy(
    {},
    {
      get(_, property) {
        if (typeof property !== "string" || property === "then") return undefined;
        const next = `${path}.${property}`;
        if (METHODS.has(property)) {
          return (...args: unknown[]) =>
            context.record({ ...where, op: next, args: args.map(describe) });
        }
        if (property === "toString" || property === "valueOf" || property === "toJSON") {
          throw new Error(`${path} was read: this fake only records writes to it`);
        }
        return recorder(context, where, next);
      },
      set(_, property, value) {
        context.record({ ...where, op: `${path}.${String(property)}`, args: [value] });
        return true;
      },
    }
  );
}
