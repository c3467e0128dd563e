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
 */
import { a1Range, parseRange, uniqueSheetName, type CellValue } from "../../src/templates/plan";

export interface FakeCell {
  formula?: string;
  value: CellValue;
  /** "row,col" of the anchor whose spill this cell shows. */
  spilledFrom?: string;
}

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
  rows: unknown[][];
  /** The header row; Excel names the columns of a table without one "Column1", "Column2"… */
  headers?: string[];
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
  /** Queued after the failed operation of its batch: Excel never ran it, the model is unchanged. */
  skipped?: true;
}

interface Rect {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

const key = (row: number, col: number): string => `${row},${col}`;

const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

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

/** The workbook model behind the fake, and the global `Excel` it serves. */
export class FakeWorkbook {
  sheets: FakeSheet[] = [];
  tables: FakeTable[] = [];
  calls: Call[] = [];
  /** Excel's `application.cultureInfo.numberFormat` separators: en-US unless a test sets them. */
  numberFormat = { numberDecimalSeparator: ".", numberGroupSeparator: "," };
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
   * (see `office()`): below 1.9 worksheets have no `pageLayout`.
   */
  excelApi = "1.9";
  /** Every requirement set asked about, as "ExcelApi 1.9". */
  requirementChecks: string[] = [];
  private nextId = 1;

  addSheet(
    name: string,
    cells: Record<string, CellValue | { formula: string; value: CellValue }> = {}
  ): FakeSheet {
    const sheet: FakeSheet = { id: this.nextId++, name, cells: new Map(), spills: new Map() };
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

  addTable(sheet: FakeSheet, name: string, rows: unknown[][], headers?: string[]): FakeTable {
    const table: FakeTable = headers
      ? { name, sheetId: sheet.id, rows, headers }
      : { name, sheetId: sheet.id, rows };
    this.tables.push(table);
    return table;
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

  /** The global `Excel`: `run` and the enums the adapter reads. */
  excel(): unknown {
    return {
      run: (batch: (context: FakeContext) => Promise<unknown>) => this.run(batch),
      ConditionalFormatType: { custom: "Custom" },
      ChartType: {
        columnClustered: "ColumnClustered",
        line: "Line",
        pie: "Pie",
        barClustered: "BarClustered",
      },
      ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
      WorksheetPositionType: { end: "End" },
      PageOrientation: { portrait: "Portrait", landscape: "Landscape" },
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

/** The request context of one `Excel.run`. */
export class FakeContext {
  readonly workbook: FakeWorkbookApi;
  objects: FakeObject[] = [];
  /** Queued operations and loads not yet synced. */
  pending = 0;
  /** The first failure of the queued operations, raised by the next sync, as Excel does. */
  failure?: Error;
  closed = false;

  constructor(readonly model: FakeWorkbook) {
    this.workbook = new FakeWorkbookApi(this);
  }

  async sync(): Promise<void> {
    this.checkOpen("sync");
    const number = ++this.model.syncs;
    this.pending = 0;
    const failure = this.failure;
    this.failure = undefined;
    try {
      if (failure) throw failure;
      if (this.model.failingSyncs.has(number)) {
        throw new Error(`GeneralException: sync ${number} failed (injected by the test)`);
      }
      for (const object of [...this.objects]) object.commit();
    } finally {
      this.model.afterSync?.(number);
    }
  }

  /** Fails the next sync without an operation of its own (a missing item, a bad read). */
  fail(message: string): void {
    this.failure ??= new Error(message);
  }

  /**
   * Records an operation and says whether it runs: not when `error` (or the test's `failOp`) fails
   * it, which fails the next sync, and not when an earlier operation of the batch failed.
   */
  record(call: Omit<Call, "batch">, error?: string): boolean {
    this.checkOpen(call.op);
    this.pending++;
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

/** Loading, and reading only what a sync has delivered. */
abstract class FakeObject {
  private requested = new Set<string>();
  private loaded = new Map<string, unknown>();
  private readonly bornAt: number;

  constructor(
    protected readonly context: FakeContext,
    protected readonly label: string,
    readonly isNull = false
  ) {
    context.objects.push(this);
    this.bornAt = context.model.syncs;
  }

  load(properties?: string | string[]): this {
    this.context.checkOpen(`${this.label}.load`);
    const list =
      properties === undefined
        ? ["*"]
        : Array.isArray(properties)
          ? properties
          : properties.split(",");
    for (const property of list) this.requested.add(property.trim().split("/")[0]);
    this.context.pending++;
    return this;
  }

  /** Called by sync: the requested properties take their current values. */
  commit(): void {
    for (const property of this.requested) {
      this.loaded.set(property, this.isNull ? undefined : this.compute(property));
    }
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

  protected abstract compute(property: string): unknown;
}

/** Ranges are recorded by their address, so calls compare as plain data. */
function describe(arg: unknown): unknown {
  return arg instanceof FakeRange ? arg.a1 : arg;
}

class FakeWorkbookApi {
  readonly worksheets: FakeWorksheetCollection;
  readonly tables: FakeTableCollection;
  /** `application.cultureInfo.numberFormat` (ExcelApi 1.11): navigation objects, then a loadable one. */
  readonly application: { cultureInfo: { numberFormat: FakeNumberFormatInfo } };

  constructor(private readonly context: FakeContext) {
    this.worksheets = new FakeWorksheetCollection(context);
    this.tables = new FakeTableCollection(context);
    this.application = { cultureInfo: { numberFormat: new FakeNumberFormatInfo(context) } };
  }

  /** The active cell (ExcelApi 1.7); a workbook without one fails the next sync. */
  getActiveCell(): FakeRange {
    const active = this.context.model.active;
    if (!active) this.context.fail("ItemNotFound: there is no active cell");
    const { row, col } = parseRange(active?.address ?? "A1");
    return new FakeRange(this.context, active?.sheet, active && { row, col, rows: 1, cols: 1 });
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

class FakeWorksheetCollection extends FakeObject {
  constructor(context: FakeContext) {
    super(context, "worksheets");
  }

  get items(): FakeWorksheet[] {
    return this.read("items");
  }

  protected compute(property: string): unknown {
    if (property !== "items" && property !== "*")
      throw new Error(`worksheets has no "${property}"`);
    return this.context.model.sheets.map((sheet) =>
      new FakeWorksheet(this.context, sheet).deliver("name", sheet.name)
    );
  }

  add(name: string): FakeWorksheet {
    const model = this.context.model;
    const sheet: FakeSheet = { id: model.newSheetId(), name, cells: new Map(), spills: new Map() };
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

  protected compute(property: string): unknown {
    if (property === "name" || property === "*") return this.sheet!.name;
    if (property === "id") return sheetKey(this.sheet!);
    throw new Error(`worksheet has no "${property}" in this fake`);
  }

  getRange(address: string): FakeRange {
    const { row, col, lastRow, lastCol } = parseRange(address);
    return new FakeRange(this.context, this.sheet, {
      row,
      col,
      rows: lastRow - row + 1,
      cols: lastCol - col + 1,
    });
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.context, this.sheet, { row, col, rows, cols });
  }

  getUsedRangeOrNullObject(): FakeRange {
    const cells = [...(this.sheet?.cells.keys() ?? [])].map((k) => k.split(",").map(Number));
    if (cells.length === 0) return new FakeRange(this.context, this.sheet, undefined);
    const rows = cells.map(([r]) => r);
    const cols = cells.map(([, c]) => c);
    const row = Math.min(...rows);
    const col = Math.min(...cols);
    return new FakeRange(this.context, this.sheet, {
      row,
      col,
      rows: Math.max(...rows) - row + 1,
      cols: Math.max(...cols) - col + 1,
    });
  }

  get tables(): { add(range: FakeRange | string, hasHeaders: boolean): FakeTableApi } {
    return {
      add: (range, hasHeaders) => {
        const model = this.context.model;
        const table: FakeTable = {
          name: `Table${model.tables.length + 1}`,
          sheetId: this.sheet!.id,
          rows: [],
        };
        // Over a range of this sheet, the table holds its cells: the first row names the columns.
        if (range instanceof FakeRange && range.rect && hasHeaders) {
          const { row, col, rows, cols } = range.rect;
          const cell = (r: number, c: number): unknown =>
            this.sheet!.cells.get(key(row + r, col + c))?.value ?? "";
          table.headers = Array.from({ length: cols }, (_, c) => String(cell(0, c)));
          for (let r = 1; r < rows; r++)
            table.rows.push(Array.from({ length: cols }, (_, c) => cell(r, c)));
        }
        const address = describe(range) as string;
        if (this.write("tables.add", [range, hasHeaders], this.sheet?.id, address)) {
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
  }

  /** A copy at the end, named the way Excel names it ("Name (2)") until renamed. */
  copy(position: string): FakeWorksheet {
    const model = this.context.model;
    const source = this.sheet!;
    const copy: FakeSheet = {
      id: model.newSheetId(),
      name: uniqueSheetName(
        source.name,
        model.sheets.map((sheet) => sheet.name)
      ),
      cells: new Map([...source.cells].map(([k, cell]) => [k, { ...cell }])),
      spills: new Map(source.spills),
    };
    if (this.write("copy", [position], source.id)) model.sheets.push(copy);
    return new FakeWorksheet(this.context, copy);
  }
}

class FakeRange extends FakeObject {
  constructor(
    context: FakeContext,
    readonly sheet: FakeSheet | undefined,
    readonly rect: Rect | undefined
  ) {
    super(
      context,
      `range ${rect ? a1Range(rect.row, rect.col, rect.row + rect.rows - 1, rect.col + rect.cols - 1) : "(null)"}`,
      !sheet || !rect
    );
  }

  /** The address without the sheet. */
  get a1(): string {
    const r = this.rect;
    if (!r) return "(null)";
    return a1Range(r.row, r.col, r.row + r.rows - 1, r.col + r.cols - 1);
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
  get columnCount(): number {
    return this.read("columnCount");
  }

  get format(): unknown {
    return recorder(this.context, this.where(), "format");
  }
  get dataValidation(): unknown {
    return recorder(this.context, this.where(), "dataValidation");
  }
  get conditionalFormats(): { add(type: string): unknown } {
    return {
      add: (type) => {
        this.write("conditionalFormats.add", [type], this.sheet?.id, this.a1);
        return recorder(this.context, this.where(), "conditionalFormat");
      },
    };
  }

  /** The spill range when this one cell anchors a dynamic array; a null object otherwise. */
  getSpillingToRangeOrNullObject(): FakeRange {
    const r = this.rect;
    const spill =
      r && r.rows === 1 && r.cols === 1 ? this.sheet?.spills.get(key(r.row, r.col)) : undefined;
    return new FakeRange(
      this.context,
      spill && this.sheet,
      spill && { row: r!.row, col: r!.col, ...spill }
    );
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
      default:
        throw new Error(`range has no "${property}" in this fake`);
    }
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

  /** Records the write and applies it: "=…" is a formula, "'…" text, "" an empty cell. */
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
        const k = key(this.rect!.row + i, this.rect!.col + j);
        spills.delete(k);
        if (input === "" || input === null) cells.delete(k);
        else if (typeof input === "string" && input.startsWith("="))
          cells.set(k, { formula: input, value: null });
        else if (typeof input === "string" && input.startsWith("'"))
          cells.set(k, { value: input.slice(1) });
        else cells.set(k, { value: input as CellValue });
      })
    );
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

  get rows(): { add(index?: number | null, values?: unknown[][]): void } {
    return {
      add: (index, values) => {
        if (this.write("rows.add", [this.table?.name, index, values], this.table?.sheetId)) {
          this.table!.rows.push(...(values ?? [[]]));
        }
      },
    };
  }

  /** The table's sheet (a navigation property). */
  get worksheet(): FakeWorksheet {
    const sheet = this.context.model.sheets.find((item) => item.id === this.table?.sheetId);
    return new FakeWorksheet(this.context, sheet);
  }

  /** The header row's values; a method on a null table fails the next sync. */
  getHeaderRowRange(): FakeTableRange {
    return this.part("getHeaderRowRange", () => [this.headers()]);
  }

  /**
   * The data rows' values, as wide as the header; a table without data rows shows the one empty row
   * Excel keeps.
   */
  getDataBodyRange(): FakeTableRange {
    return this.part("getDataBodyRange", () => {
      const width = this.headers().length;
      const rows = this.table!.rows.map((row) =>
        Array.from({ length: width }, (_, c) => row[c] ?? "")
      );
      return rows.length > 0 ? rows : [new Array(width).fill("")];
    });
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
