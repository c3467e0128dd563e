/**
 * The engine adapter of the workbook port: a workbook in memory on HyperFormula, with every AltHedge
 * function registered from `functions.json` and implemented by the functions bundle's own
 * registrations (`CustomFunctions.associate`), so the playground and the tests run exactly the code
 * Excel runs. HyperFormula is GPL-3.0: this module is used by the playground and the tests only, never
 * by the add-in's own bundles (a test checks).
 *
 * Excel fits a spill to its result; HyperFormula fixes an array formula's size when it parses it. The
 * adapter bridges the two: the size is predicted by evaluating the function at parse time, and a
 * formula whose result no longer fits (its inputs changed) is parsed again after the recalculation.
 */
import {
  ArraySize,
  CellError,
  DetailedCellError,
  EmptyValue,
  ErrorType,
  FunctionArgumentType,
  FunctionPlugin,
  HyperFormula,
  SimpleRangeValue,
  type SimpleCellAddress,
} from "hyperformula";
import {
  a1,
  a1Range,
  columnName,
  LOG_HEADERS,
  LOG_SHEET,
  LOG_TABLE,
  pageSetupOf,
  parseA1,
  parseRange,
  sheetRef,
  uniqueSheetName,
  type CellStyle,
  type CellValue,
  type LogEntry,
  type PageSetup,
  type PlanChart,
  type PlanConditionalFormat,
  type PlanTable,
  type PlanValidation,
  type SheetPlan,
} from "../templates/plan";
import { separatorsOfLocale, type NumberSeparators } from "../templates/common";
import { PREPARED_BY, lastHash, logRowCells } from "../templates/hedgeLog";
import {
  POLICY_LIMITS,
  describeChanges,
  hasNoPolicy,
  hasPolicy,
  incompletePolicyMessage,
  policyChanges,
  policySheetOf,
  type PolicyKey,
  type PolicyLimits,
  type PolicyState,
} from "../templates/policy";
import {
  checkShareChoice,
  frozenCellCount,
  frozenCells,
  planShareSafe,
  spillAnchors,
  type CellPosition,
  type ShareName,
  type ShareRule,
  type ShareSheet,
  type ShareSpill,
} from "../templates/share";
import {
  CANONICAL_KINDS,
  isCanonicalHeader,
  type CanonicalKind,
  type CanonicalRow,
  type CanonicalTable,
  type CanonicalValue,
} from "../imports/canonical";
import {
  addedRows,
  cellsOf,
  columnsOf,
  formatsOf,
  inTheWayMessage,
  mergedByKind,
  noRoomMessage,
  notCanonicalMessage,
  rowsOf,
  sheetsWritten,
  timeIndex,
  widthsOf,
} from "./imports";
import {
  notEmptyMessage,
  type ActiveCell,
  type ApplyResult,
  type CanonicalTables,
  type ImportWritten,
  type HedgeLogContents,
  type PolicyChangeResult,
  type RangeRef,
  type Selection,
  type ShareCandidate,
  type ShareOptions,
  type ShareSafeResult,
  type ShareWorkbookResult,
  type WorkbookPort,
  type WriteResult,
} from "./port";
import { installEdgeIndex } from "./edgeIndex";
import {
  excelApiUpTo,
  featureSupport,
  type FeatureSupport,
  type PaneFeature,
} from "./requirements";

/** The part of functions.json the engine needs. */
export interface FunctionsMetadata {
  functions: {
    id: string;
    name: string;
    parameters: { name: string; dimensionality?: string; optional?: boolean }[];
    result: { dimensionality?: string };
  }[];
}

export type CustomFunction = (...args: unknown[]) => unknown;

/** What a sheet carries besides its cells: formats and the objects a plan asks for. */
export interface SheetExtras {
  formats: Map<string, string>;
  styles: Map<string, CellStyle>;
  tables: PlanTable[];
  validations: PlanValidation[];
  conditionalFormats: PlanConditionalFormat[];
  charts: PlanChart[];
  columnWidths: Map<number, number>;
  freeze?: { rows: number; cols: number };
  /** Protected as Excel protects a sheet without a password: typing into it is refused. */
  protected?: boolean;
  /** How the sheet prints, as the Office adapter sets it; the engine itself does not print. */
  pageSetup?: PageSetup;
}

const emptyExtras = (): SheetExtras => ({
  formats: new Map(),
  styles: new Map(),
  tables: [],
  validations: [],
  conditionalFormats: [],
  charts: [],
  columnWidths: new Map(),
});

/** A computed cell as the grid shows it: a value, or an Excel error code with its message. */
export type ComputedCell = CellValue | { error: string; message: string };

const ERROR_TYPES: Record<string, ErrorType> = {
  "#VALUE!": ErrorType.VALUE,
  "#N/A": ErrorType.NA,
  "#DIV/0!": ErrorType.DIV_BY_ZERO,
  "#NUM!": ErrorType.NUM,
  "#REF!": ErrorType.REF,
  "#NAME?": ErrorType.NAME,
};

const addressKey = (address: SimpleCellAddress): string =>
  `${address.sheet}:${address.row}:${address.col}`;

/** An Excel-shaped argument: scalars as Excel passes them, ranges as any[][] with blanks as "". */
function toExcel(value: unknown, wantsMatrix: boolean): unknown {
  if (value instanceof SimpleRangeValue) {
    const rows = value.data.map((row) => row.map((cell) => scalarToExcel(cell)));
    return wantsMatrix ? rows : rows[0][0];
  }
  const scalar = scalarToExcel(value);
  return wantsMatrix ? [[scalar]] : scalar;
}

function scalarToExcel(value: unknown): unknown {
  if (value === EmptyValue || value === undefined || value === null) return "";
  if (typeof value === "object" && value !== null && "val" in value) {
    return (value as { val: number }).val; // HyperFormula's typed numbers (dates, percents, currency)
  }
  return value;
}

/** The argument's error: itself, or the first error cell of a range in reading order. */
function firstError(value: unknown): CellError | undefined {
  if (value instanceof CellError) return value;
  if (value instanceof SimpleRangeValue) {
    for (const row of value.data)
      for (const cell of row) if (cell instanceof CellError) return cell;
  }
  return undefined;
}

/** A function's answer as HyperFormula wants it. */
function fromExcel(result: unknown): unknown {
  if (
    result instanceof Error ||
    (typeof result === "object" && result !== null && "code" in result)
  ) {
    const { code, message } = result as { code: string; message?: string };
    return new CellError(ERROR_TYPES[code] ?? ErrorType.VALUE, message);
  }
  if (Array.isArray(result)) {
    return SimpleRangeValue.onlyValues(
      (result as unknown[][]).map((row) =>
        row.map((cell) => (cell === "" ? EmptyValue : cell))
      ) as never
    );
  }
  if (result === undefined || result === null) return EmptyValue;
  return result;
}

const sizeOf = (result: unknown): { rows: number; cols: number } =>
  Array.isArray(result) && result.length > 0 && Array.isArray(result[0])
    ? { rows: result.length, cols: (result[0] as unknown[]).length }
    : { rows: 1, cols: 1 };

/** Per-engine bookkeeping the plugin reads: HyperFormula plugins are registered globally. */
interface Registry {
  functions: Map<string, CustomFunction>;
  metadata: Map<string, FunctionsMetadata["functions"][number]>;
  predicted: Map<string, { rows: number; cols: number }>;
  /** Array formulas whose result no longer fits the size they were parsed with. */
  stale: Set<string>;
  /** How many times each function was called: what Excel would not call can be seen not called. */
  calls: Map<string, number>;
}

let active: Registry | undefined;
const registeredIds = new Set<string>();

function call(id: string, args: unknown[]): unknown {
  const fn = active?.functions.get(id);
  if (!fn) return new CellError(ErrorType.NAME, `${id} is not registered by the functions bundle`);
  active!.calls.set(id, (active!.calls.get(id) ?? 0) + 1);
  try {
    return fn(...args);
  } catch (error) {
    // the functions throw CustomFunctions.Error (it has a code); anything else is a bug shown as #VALUE!
    if (typeof error === "object" && error !== null && "code" in error) return error;
    return { code: "#VALUE!", message: error instanceof Error ? error.message : String(error) };
  }
}

class AltHedgePlugin extends FunctionPlugin {
  /** Evaluates the arguments as Excel would pass them; undefined when one is an error scalar. */
  protected excelArguments(
    id: string,
    ast: { args: { type: string }[] },
    state: unknown
  ): unknown[] | CellError {
    const meta = active!.metadata.get(id)!;
    const args: unknown[] = [];
    for (let i = 0; i < ast.args.length; i++) {
      const argAst = ast.args[i];
      const parameter = meta.parameters[i];
      if (!parameter)
        return new CellError(
          ErrorType.NA,
          `${id} takes at most ${meta.parameters.length} arguments`
        );
      if (argAst.type === "EMPTY") {
        args.push(null);
        continue;
      }
      const value = this.evaluateAst(argAst as never, state as never);
      // Excel does not call a custom function whose argument holds an error, in a scalar or in any
      // cell of a range (the metadata has no allowErrorForDataTypeAny): the cell shows that error,
      // the first one in reading order of the first argument that holds one.
      const error = firstError(value);
      if (error) return error;
      args.push(toExcel(value, parameter.dimensionality === "matrix"));
    }
    for (let i = ast.args.length; i < meta.parameters.length; i++) args.push(null);
    return args;
  }

  protected evaluate(
    id: string,
    ast: never,
    state: { formulaAddress: SimpleCellAddress }
  ): unknown {
    const args = this.excelArguments(id, ast, state);
    if (args instanceof CellError) return args;
    const result = call(id, args);
    const meta = active!.metadata.get(id)!;
    if (meta.result.dimensionality !== "matrix") return fromExcel(result);
    const key = addressKey(state.formulaAddress);
    const predicted = active!.predicted.get(key) ?? { rows: 1, cols: 1 };
    const actual = sizeOf(result);
    if (actual.rows !== predicted.rows || actual.cols !== predicted.cols) active!.stale.add(key);
    if (actual.rows > predicted.rows || actual.cols > predicted.cols) {
      return new CellError(ErrorType.SPILL, "The result is being resized; recalculating");
    }
    return fromExcel(result);
  }

  protected predictSize(
    id: string,
    ast: never,
    state: { formulaAddress: SimpleCellAddress }
  ): ArraySize {
    let size = { rows: 1, cols: 1 };
    try {
      const args = this.excelArguments(id, ast, state);
      if (!(args instanceof CellError)) size = sizeOf(call(id, args));
    } catch {
      // an input not computed yet: parse as 1×1; the recalculation marks the formula stale
    }
    active!.predicted.set(addressKey(state.formulaAddress), size);
    return new ArraySize(size.cols, size.rows);
  }
}

/** Adds the ids to the plugin (once per id: HyperFormula's plugins are global). */
function registerIds(metadata: FunctionsMetadata, namespace: string): void {
  const plugin = AltHedgePlugin as unknown as {
    implementedFunctions: Record<string, unknown>;
  } & Record<string, unknown>;
  plugin.implementedFunctions ??= {};
  const fresh: Record<string, string> = {};
  for (const meta of metadata.functions) {
    const name = `${namespace}.${meta.name}`.toUpperCase();
    if (registeredIds.has(name)) continue;
    const method = `fn_${name.replace(/\W/g, "_")}`;
    const proto = AltHedgePlugin.prototype as unknown as Record<string, unknown>;
    proto[method] = function (this: AltHedgePlugin, ast: never, state: never) {
      return this.evaluate(name, ast, state);
    };
    const entry: Record<string, unknown> = {
      method,
      parameters: [{ argumentType: FunctionArgumentType.ANY, optionalArg: true }],
      repeatLastArgs: 1,
      vectorizationForbidden: true,
    };
    if (meta.result.dimensionality === "matrix") {
      proto[`${method}_size`] = function (this: AltHedgePlugin, ast: never, state: never) {
        return this.predictSize(name, ast, state);
      };
      entry.sizeOfResultArrayMethod = `${method}_size`;
    }
    plugin.implementedFunctions[name] = entry;
    registeredIds.add(name);
    fresh[name] = name;
  }
  if (Object.keys(fresh).length === 0) return;
  // Registering again replaces the plugin with the same class, now holding the new ids.
  try {
    HyperFormula.unregisterFunctionPlugin(AltHedgePlugin as never);
  } catch {
    // first registration
  }
  const translations = Object.fromEntries([...registeredIds].map((id) => [id, id]));
  HyperFormula.registerFunctionPlugin(AltHedgePlugin as never, {
    enGB: translations,
    enUS: translations,
  });
}

export interface EngineOptions {
  metadata: FunctionsMetadata;
  /** id (upper case) → function, as registered by the bundle's CustomFunctions.associate calls. */
  functions: Map<string, CustomFunction>;
  /** The manifest's custom-functions namespace, which Excel puts before every name. */
  namespace?: string;
  /** Sheets to start with: name → rows (strings starting with "=" are formulas). */
  sheets?: { name: string; cells: CellValue[][] }[];
  /**
   * The locale the pane reads typed numbers in ("de-DE": "0,1" is a tenth), as Excel's culture
   * would; en-US when left out. Only the pane's reading: cells hold numbers either way.
   */
  locale?: string;
  /**
   * The highest ExcelApi requirement set the pane should take this host for ("1.7"): the engine then
   * answers `supports` as such an Excel would, so the pane's gating is tried without Excel. All sets
   * when left out.
   */
  excelApi?: string;
}

/**
 * The workbook in memory. Besides the port it offers what the playground grid needs: values,
 * formulas, formats, selection, active sheet, and change notifications.
 */
export class EngineWorkbook implements WorkbookPort {
  readonly kind = "engine" as const;
  readonly hf: HyperFormula;
  private readonly registry: Registry;
  private readonly extras = new Map<number, SheetExtras>();
  private listeners = new Set<() => void>();
  activeSheet = 0;
  selection = { row: 0, col: 0, lastRow: 0, lastCol: 0 };
  /** The document's settings ("Prepared by"), kept in memory with the workbook. */
  private readonly settings = new Map<string, string>();
  private readonly separators: NumberSeparators;
  /** The highest ExcelApi set the pane should take this host for (EngineOptions.excelApi). */
  private readonly excelApi: string | undefined;

  constructor(options: EngineOptions) {
    this.separators = separatorsOfLocale(options.locale ?? "en-US");
    this.excelApi = options.excelApi;
    const missing = options.metadata.functions.filter(
      (f) => !options.functions.has(f.id.toUpperCase())
    );
    if (missing.length > 0) {
      throw new Error(
        `functions.json lists functions the bundle did not register: ${missing.map((f) => f.id).join(", ")}`
      );
    }
    const namespace = (options.namespace ?? "ALTHEDGE").toUpperCase();
    const nameOf = (f: { name: string }): string => `${namespace}.${f.name}`.toUpperCase();
    this.registry = {
      functions: new Map(
        options.metadata.functions.map((f) => [
          nameOf(f),
          options.functions.get(f.id.toUpperCase())!,
        ])
      ),
      metadata: new Map(options.metadata.functions.map((f) => [nameOf(f), f])),
      predicted: new Map(),
      stale: new Set(),
      calls: new Map(),
    };
    registerIds(options.metadata, namespace);
    installEdgeIndex(); // a cell read by every row costs O(1) per edge, not O(rows) (./edgeIndex)
    const config = {
      licenseKey: "gpl-v3",
      // Excel shows 15 digits but computes in full double precision; so do the tests.
      precisionRounding: 0,
      smartRounding: false,
      useArrayArithmetic: true,
      maxRows: 1048576,
      maxColumns: 16384,
    };
    // The opening sheets are built in one go (issue 15: the first calculation of a 10,000-row sheet):
    // HyperFormula then evaluates once and records no changes, where adding them one setSheetContent
    // at a time tracks every computed value as a change for listeners nobody has registered yet.
    const opening: Record<string, (CellValue | null)[][]> = {};
    for (const sheet of options.sheets ?? []) {
      const name = uniqueSheetName(sheet.name, Object.keys(opening));
      opening[name] = sheet.cells.map((row) => row.map((c) => c ?? null));
    }
    const previous = active;
    active = this.registry;
    try {
      this.hf = HyperFormula.buildFromSheets(opening as never, config);
    } finally {
      active = previous;
    }
    this.withRegistry(() => undefined); // re-sizes the spills the opening sheets outgrew
    if (this.hf.getSheetNames().length === 0) this.addSheetWithCells("Sheet1", []);
  }

  /** Makes this engine's functions the ones the (global) plugin calls, for the duration of `work`. */
  private withRegistry<T>(work: () => T): T {
    const previous = active;
    active = this.registry;
    try {
      const result = work();
      this.settle();
      return result;
    } finally {
      active = previous;
    }
  }

  /** Re-parses array formulas whose result outgrew (or shrank from) their size, until none is stale. */
  private settle(): void {
    for (let round = 0; round < 8 && this.registry.stale.size > 0; round++) {
      const stale = [...this.registry.stale];
      this.registry.stale.clear();
      for (const key of stale) {
        const [sheet, row, col] = key.split(":").map(Number);
        const address = { sheet, row, col };
        if (!this.hf.doesSheetExist(this.hf.getSheetName(sheet) ?? "")) continue;
        const formula = this.hf.getCellFormula(address);
        if (formula) this.hf.setCellContents(address, [[formula]]);
      }
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  // ---- reading ---------------------------------------------------------------------------------

  sheetNames(): string[] {
    return this.hf.getSheetNames();
  }

  sheetId(name: string): number {
    const id = this.hf.getSheetId(name);
    if (id === undefined) throw new Error(`There is no sheet named "${name}"`);
    return id;
  }

  extrasOf(sheet: number): SheetExtras {
    let extras = this.extras.get(sheet);
    if (!extras) this.extras.set(sheet, (extras = emptyExtras()));
    return extras;
  }

  /** The computed value of a cell: errors as `{ error, message }`. */
  value(sheet: number, row: number, col: number): ComputedCell {
    return toComputed(this.hf.getCellValue({ sheet, row, col }));
  }

  /** A cell's value by sheet name and A1 address, errors as their code ("#N/A"). */
  valueAt(sheetName: string, address: string): CellValue {
    const { row, col } = parseRange(address);
    const cell = this.value(this.sheetId(sheetName), row, col);
    return cell !== null && typeof cell === "object" ? cell.error : cell;
  }

  /** A cell's formula ("=…"), or undefined for a constant, a blank or a spilled cell. */
  formula(sheet: number, row: number, col: number): string | undefined {
    return this.hf.getCellFormula({ sheet, row, col });
  }

  /** What the formula bar shows: the formula, else the constant as typed. */
  contents(sheet: number, row: number, col: number): string {
    const serialized = this.hf.getCellSerialized({ sheet, row, col });
    if (serialized === null || serialized === undefined) return "";
    return String(serialized);
  }

  /** True when the cell shows part of a spilled result (and is not its anchor). */
  isSpilled(sheet: number, row: number, col: number): boolean {
    return (
      this.hf.isCellPartOfArray({ sheet, row, col }) &&
      !this.hf.doesCellHaveFormula({ sheet, row, col })
    );
  }

  dimensions(sheet: number): { rows: number; cols: number } {
    const { height, width } = this.hf.getSheetDimensions(sheet);
    return { rows: height, cols: width };
  }

  isEmpty(sheet: number, row: number, col: number): boolean {
    const address = { sheet, row, col };
    return this.hf.isCellEmpty(address) && !this.hf.isCellPartOfArray(address);
  }

  // ---- editing (the playground grid) ------------------------------------------------------------

  /**
   * Sets a cell as a person types it: "=…" a formula, numbers and TRUE/FALSE parsed, else text.
   * Refused on a protected sheet, as Excel refuses it.
   */
  setContents(sheet: number, row: number, col: number, text: string): void {
    if (this.extras.get(sheet)?.protected) {
      throw new Error(
        `The sheet "${this.hf.getSheetName(sheet)}" is protected: unprotect it to change its cells`
      );
    }
    this.withRegistry(() => this.hf.setCellContents({ sheet, row, col }, [[parseTyped(text)]]));
    this.changed();
  }

  /** Protects or unprotects a sheet (no password), as Excel's Review › Protect Sheet does. */
  setProtected(sheetName: string, on: boolean): void {
    this.extrasOf(this.sheetId(sheetName)).protected = on;
    this.changed();
  }

  isProtected(sheetName: string): boolean {
    return this.extras.get(this.sheetId(sheetName))?.protected === true;
  }

  setActiveSheet(sheet: number): void {
    this.activeSheet = sheet;
    this.selection = { row: 0, col: 0, lastRow: 0, lastCol: 0 };
    this.changed();
  }

  select(row: number, col: number, lastRow = row, lastCol = col): void {
    this.selection = { row, col, lastRow, lastCol };
  }

  addSheetWithCells(name: string, cells: CellValue[][]): number {
    const unique = uniqueSheetName(name, this.hf.getSheetNames());
    this.withRegistry(() => {
      this.hf.addSheet(unique);
      if (cells.length > 0)
        this.hf.setSheetContent(
          this.sheetId(unique),
          cells.map((row) => row.map((c) => c ?? null)) as never
        );
    });
    return this.sheetId(unique);
  }

  // ---- the port ---------------------------------------------------------------------------------

  async insertFormulaIfEmpty(formula: string): Promise<WriteResult> {
    const { row, col } = this.selection;
    const sheet = this.activeSheet;
    const address = `${sheetRef(this.hf.getSheetName(sheet)!)}!${a1(row, col)}`;
    if (!this.isEmpty(sheet, row, col)) {
      return { ok: false, address, reason: "not-empty", message: notEmptyMessage(address) };
    }
    this.setContents(sheet, row, col, formula);
    return { ok: true, address };
  }

  async readSelection(): Promise<Selection> {
    const { row, col, lastRow, lastCol } = this.selection;
    const sheet = this.activeSheet;
    const values: CellValue[][] = [];
    for (let r = row; r <= lastRow; r++) {
      const line: CellValue[] = [];
      for (let c = col; c <= lastCol; c++) {
        const cell = this.value(sheet, r, c);
        line.push(cell !== null && typeof cell === "object" ? cell.error : cell);
      }
      values.push(line);
    }
    const address =
      row === lastRow && col === lastCol ? a1(row, col) : `${a1(row, col)}:${a1(lastRow, lastCol)}`;
    return { sheet: this.hf.getSheetName(sheet)!, address, values };
  }

  async activateSheet(sheet: string): Promise<void> {
    this.setActiveSheet(this.sheetId(sheet));
  }

  async listSheets(): Promise<string[]> {
    return this.sheetNames();
  }

  async numberFormat(): Promise<NumberSeparators> {
    return { ...this.separators };
  }

  async applyPlan(
    plan: SheetPlan,
    log?: LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ApplyResult> {
    const total = plan.cells.length;
    onProgress?.(0, total);
    const name = uniqueSheetName(plan.name, this.sheetNames());
    // The log row (its hash chained to the last row) is computed before anything is written.
    const logCells = log
      ? await logRowCells(
          lastHash(this.findLog()?.rows ?? []),
          { ...log, sheet: name },
          this.settings.get(PREPARED_BY) ?? ""
        )
      : undefined;
    let sheet: number | undefined;
    const named: string[] = [];
    try {
      // A name the workbook already has stops the write before anything is written.
      const taken = (plan.names ?? []).find(({ name }) => this.hasName(name));
      if (taken)
        throw new Error(
          `the workbook already has a name ${taken.name}; delete it (Formulas › Name Manager) to write this sheet`
        );
      let rows = 0;
      let cols = 0;
      for (const cell of plan.cells) {
        rows = Math.max(rows, cell.row + 1);
        cols = Math.max(cols, cell.col + 1);
      }
      const grid: (CellValue | string)[][] = Array.from({ length: rows }, () =>
        new Array(cols).fill(null)
      );
      for (const cell of plan.cells) {
        grid[cell.row][cell.col] =
          cell.formula ??
          (typeof cell.value === "string" ? asText(cell.value) : (cell.value ?? null));
      }
      this.withRegistry(() => {
        this.hf.addSheet(name);
        sheet = this.sheetId(name);
        this.hf.setSheetContent(sheet, grid as never);
      });
      const extras = this.extrasOf(sheet!);
      for (const cell of plan.cells) {
        if (cell.format) extras.formats.set(a1(cell.row, cell.col), cell.format);
        if (cell.style) extras.styles.set(a1(cell.row, cell.col), cell.style);
      }
      extras.tables.push(...(plan.tables ?? []));
      extras.validations.push(...(plan.validations ?? []));
      extras.conditionalFormats.push(...(plan.conditionalFormats ?? []));
      extras.charts.push(...(plan.charts ?? []));
      for (const { col, width } of plan.columnWidths ?? []) extras.columnWidths.set(col, width);
      extras.freeze = plan.freeze;
      extras.pageSetup = pageSetupOf(plan);
      // Workbook-scope names over the new sheet's cells, absolute, as Excel's Name Manager writes them.
      for (const { name: defined, cell } of plan.names ?? []) {
        const { row, col } = parseA1(cell);
        const absolute = `$${columnName(col)}$${row + 1}`;
        this.withRegistry(() =>
          this.hf.addNamedExpression(defined, `=${sheetRef(name)}!${absolute}`)
        );
        named.push(defined);
      }
      if (logCells) this.appendLog(logCells);
    } catch (error) {
      for (const defined of named) this.withRegistry(() => this.hf.removeNamedExpression(defined));
      if (sheet !== undefined) this.removeSheet(sheet);
      throw new Error(
        `Nothing was written: ${error instanceof Error ? error.message : String(error)}`
      );
    }
    this.activeSheet = sheet!;
    this.selection = { row: 0, col: 0, lastRow: 0, lastCol: 0 };
    onProgress?.(total, total);
    this.changed();
    return { sheet: name, cells: total };
  }

  private removeSheet(sheet: number): void {
    this.extras.delete(sheet);
    this.withRegistry(() => this.hf.removeSheet(sheet));
  }

  /**
   * Appends one row to the Hedge log table, creating its sheet and table on first use (a sheet named
   * "Hedge log" without the table is left alone: the log takes the next free name). The log's sheet
   * is unprotected for the append and protected again after it.
   */
  private appendLog(cells: string[]): void {
    let log = this.findLog();
    if (!log) {
      const sheet = this.addSheetWithCells(uniqueSheetName(LOG_SHEET, this.sheetNames()), [
        [...LOG_HEADERS],
      ]);
      const extras = this.extrasOf(sheet);
      for (let c = 0; c < LOG_HEADERS.length; c++) extras.styles.set(a1(0, c), "header");
      extras.tables.push({ name: LOG_TABLE, range: `A1:${a1(0, LOG_HEADERS.length - 1)}` });
      LOG_WIDTHS.forEach((width, col) => extras.columnWidths.set(col, width));
      log = this.findLog()!;
    }
    const { id, table, header } = log;
    if (header.length !== LOG_HEADERS.length || LOG_HEADERS.some((name, i) => header[i] !== name)) {
      throw new Error(
        `the ${LOG_TABLE} table's header is not ${LOG_HEADERS.join(", ")}; rename that table to keep it, and AltHedge starts a new log`
      );
    }
    const range = parseRange(table.range);
    const row = range.lastRow + 1;
    for (let c = range.col; c <= range.lastCol; c++) {
      if (!this.isEmpty(id, row, c)) {
        throw new Error(
          `${this.hf.getSheetName(id)}!${a1(row, c)} is not empty; the log is only ever appended to`
        );
      }
    }
    const extras = this.extrasOf(id);
    extras.protected = false;
    this.withRegistry(() =>
      this.hf.setCellContents({ sheet: id, row, col: range.col }, [cells.map(asText)])
    );
    table.range = `${a1(range.row, range.col)}:${a1(row, range.lastCol)}`;
    extras.protected = true;
  }

  /** The Hedge log table wherever it is (the table named LOG_TABLE), with its cells. */
  private findLog():
    { id: number; table: PlanTable; header: CellValue[]; rows: CellValue[][] } | undefined {
    for (const [id, extras] of this.extras) {
      const table = extras.tables.find((t) => t.name.toLowerCase() === LOG_TABLE.toLowerCase());
      if (!table || this.hf.getSheetName(id) === undefined) continue;
      const range = parseRange(table.range);
      const line = (r: number): CellValue[] => {
        const values: CellValue[] = [];
        for (let c = range.col; c <= range.lastCol; c++) {
          const cell = this.value(id, r, c);
          values.push(cell !== null && typeof cell === "object" ? cell.error : cell);
        }
        return values;
      };
      const rows: CellValue[][] = [];
      for (let r = range.row + 1; r <= range.lastRow; r++) rows.push(line(r));
      return { id, table, header: line(range.row), rows };
    }
    return undefined;
  }

  async readHedgeLog(): Promise<HedgeLogContents | null> {
    const log = this.findLog();
    if (!log) return null;
    return {
      sheet: this.hf.getSheetName(log.id)!,
      header: log.header,
      rows: log.rows,
      protected: this.extrasOf(log.id).protected === true,
    };
  }

  async getPreparedBy(): Promise<string> {
    return this.settings.get(PREPARED_BY) ?? "";
  }

  async setPreparedBy(name: string): Promise<void> {
    this.settings.set(PREPARED_BY, name.trim());
  }

  /** Whether the workbook has a workbook-scope name `name` (any case, as Excel compares names). */
  private hasName(name: string): boolean {
    const wanted = name.toLowerCase();
    return this.hf.listNamedExpressions().some((defined) => defined.toLowerCase() === wanted);
  }

  /** The cell a workbook-scope name refers to, when it is one cell of an existing sheet. */
  private namedCell(
    name: string
  ): { sheet: string; id: number; row: number; col: number } | undefined {
    const formula = this.hf.getNamedExpressionFormula(name);
    const match =
      formula && /^=(?:'((?:[^']|'')+)'|([^'!]+))!(\$?[A-Z]{1,3}\$?\d+)$/i.exec(formula);
    if (!match) return undefined;
    const sheet = match[1] !== undefined ? match[1].replace(/''/g, "'") : match[2];
    const id = this.hf.getSheetId(sheet);
    if (id === undefined) return undefined;
    return { sheet: this.hf.getSheetName(id)!, id, ...parseA1(match[3]) };
  }

  async readPolicy(): Promise<PolicyState> {
    const state: PolicyState = { cells: {}, missing: [] };
    for (const limit of POLICY_LIMITS) {
      const cell = this.namedCell(limit.name);
      if (!cell) {
        state.missing.push(limit.key);
        continue;
      }
      const value = this.value(cell.id, cell.row, cell.col);
      state.cells[limit.key] = {
        sheet: cell.sheet,
        address: a1(cell.row, cell.col),
        value: value !== null && typeof value === "object" ? value.error : value,
      };
    }
    return state;
  }

  /**
   * The new values and the log row in one step: the row (its hash) is computed first, and a failure
   * puts the old values back, so the Policy and the log never disagree.
   */
  async changePolicy(
    limits: PolicyLimits,
    log: Pick<LogEntry, "timestamp" | "wizard">
  ): Promise<PolicyChangeResult> {
    const state = await this.readPolicy();
    if (hasNoPolicy(state))
      throw new Error(
        "The workbook has no policy yet: write the Policy sheet first. Nothing was changed."
      );
    if (!hasPolicy(state))
      throw new Error(
        incompletePolicyMessage(state).replace("Nothing was written.", "Nothing was changed.")
      );
    const current = Object.fromEntries(
      POLICY_LIMITS.map((limit) => [limit.key, state.cells[limit.key]!.value])
    ) as Record<PolicyKey, CellValue>;
    const changes = policyChanges(current, limits);
    const sheet = policySheetOf(state);
    if (changes.length === 0) return { sheet, changes };
    const cells = changes.map((change) => {
      const cell = state.cells[change.key]!;
      const id = this.sheetId(cell.sheet);
      if (this.extras.get(id)?.protected)
        throw new Error(
          `The sheet "${cell.sheet}" is protected: unprotect it to change the policy. Nothing was changed.`
        );
      return { id, ...parseA1(cell.address), to: change.to };
    });
    const logCells = await logRowCells(
      lastHash(this.findLog()?.rows ?? []),
      { ...log, sheet, inputs: describeChanges(changes) },
      this.settings.get(PREPARED_BY) ?? ""
    );
    const before = cells.map(({ id, row, col }) =>
      this.hf.getCellSerialized({ sheet: id, row, col })
    );
    try {
      this.withRegistry(() => {
        for (const { id, row, col, to } of cells)
          this.hf.setCellContents({ sheet: id, row, col }, [[to]]);
      });
      this.appendLog(logCells);
    } catch (error) {
      this.withRegistry(() =>
        cells.forEach(({ id, row, col }, i) =>
          this.hf.setCellContents({ sheet: id, row, col }, [[before[i] as never]])
        )
      );
      throw new Error(
        `Nothing was changed: ${error instanceof Error ? error.message : String(error)}`
      );
    } finally {
      this.changed();
    }
    return { sheet, changes };
  }

  /**
   * The tables named as each kind whose header is the kind's (a table of that name with another
   * header is skipped), read back as canonical rows (./imports).
   */
  async readCanonicalTables(
    kinds: readonly CanonicalKind[] = CANONICAL_KINDS
  ): Promise<CanonicalTables> {
    const tables: CanonicalTables = {};
    for (const kind of kinds) {
      const found = this.findCanonical(kind);
      if (!found || !isCanonicalHeader(kind, found.header)) continue;
      tables[kind] = { sheet: this.hf.getSheetName(found.id)!, rows: found.rows };
    }
    return tables;
  }

  /**
   * Appends each table's new rows (./port) in one step: every check runs before anything is written
   * (a table of the kind's name with another header, cells in the way below a table, a sheet too
   * short), then the rows, the new sheets and the log row; a failure puts back what was written.
   */
  async writeImport(
    tables: CanonicalTable[],
    log: (written: ImportWritten[]) => LogEntry,
    onProgress?: (done: number, total: number) => void
  ): Promise<ImportWritten[]> {
    const taken = this.sheetNames();
    const steps = refusing(() => this.importSteps(tables, taken));
    const written: ImportWritten[] = steps.map(({ kind, sheet, added, skipped, found }) => ({
      kind,
      sheet,
      added: added.length,
      skipped,
      created: !found && added.length > 0,
    }));
    const entry = log(written);
    const logCells = await logRowCells(
      lastHash(this.findLog()?.rows ?? []),
      { ...entry, sheet: entry.sheet || sheetsWritten(written) },
      this.settings.get(PREPARED_BY) ?? ""
    );
    const total = written.reduce((sum, item) => sum + item.added, 0);
    onProgress?.(0, total);
    const created: number[] = [];
    const appended: { id: number; table: PlanTable; range: string; area: string }[] = [];
    try {
      for (const { kind, sheet, added, found, start } of steps) {
        if (added.length === 0) continue;
        const lines = added.map((row) => cellsOf(kind, row).map(engineCell));
        const time = timeIndex(kind);
        const format = formatsOf(kind)[time];
        if (found) {
          const range = parseRange(found.table.range);
          const area = a1Range(start, range.col, start + lines.length - 1, range.lastCol);
          appended.push({ id: found.id, table: found.table, range: found.table.range, area });
          this.withRegistry(() =>
            this.hf.setCellContents({ sheet: found.id, row: start, col: range.col }, lines as never)
          );
          const extras = this.extrasOf(found.id);
          for (let r = start; r < start + lines.length; r++)
            extras.formats.set(a1(r, range.col + time), format);
          found.table.range = a1Range(
            range.row,
            range.col,
            Math.max(range.lastRow, start + lines.length - 1),
            range.lastCol
          );
          continue;
        }
        const columns = columnsOf(kind);
        const id = this.addSheetWithCells(sheet, []);
        created.push(id);
        this.withRegistry(() =>
          this.hf.setSheetContent(id, [[...columns].map(asText), ...lines] as never)
        );
        const extras = this.extrasOf(id);
        columns.forEach((_, c) => extras.styles.set(a1(0, c), "header"));
        for (let r = 1; r <= lines.length; r++) extras.formats.set(a1(r, time), format);
        extras.tables.push({ name: kind, range: a1Range(0, 0, lines.length, columns.length - 1) });
        widthsOf(kind).forEach((width, col) => extras.columnWidths.set(col, width));
        extras.freeze = { rows: 1, cols: 0 };
      }
      this.appendLog(logCells);
    } catch (error) {
      for (const id of created) this.removeSheet(id);
      for (const { id, table, range, area } of appended) {
        const a = parseRange(area);
        this.withRegistry(() =>
          this.hf.setCellContents(
            { sheet: id, row: a.row, col: a.col },
            Array.from({ length: a.lastRow - a.row + 1 }, () =>
              new Array(a.lastCol - a.col + 1).fill(null)
            )
          )
        );
        const extras = this.extrasOf(id);
        for (let r = a.row; r <= a.lastRow; r++)
          for (let c = a.col; c <= a.lastCol; c++) extras.formats.delete(a1(r, c));
        table.range = range;
      }
      throw new Error(
        `Nothing was written: ${error instanceof Error ? error.message : String(error)}`
      );
    } finally {
      this.changed();
    }
    onProgress?.(total, total);
    return written;
  }

  /** What an import does with each kind (./port), every refusal checked; nothing written. */
  private importSteps(tables: CanonicalTable[], taken: string[]) {
    return mergedByKind(tables).map(({ kind, rows }) => {
      const found = this.findCanonical(kind);
      if (found) {
        const sheet = this.hf.getSheetName(found.id)!;
        if (!isCanonicalHeader(kind, found.header))
          throw new Error(notCanonicalMessage(kind, sheet));
        const { added, skipped } = addedRows(kind, found.rows, rows);
        const range = parseRange(found.table.range);
        // Excel keeps one empty data row in an empty table: the import fills it.
        const start = range.row + 1 + found.rows.length;
        const end = start + added.length - 1;
        if (end >= 1048576) throw new Error(noRoomMessage(kind, sheet, added.length));
        for (let r = Math.max(start, range.lastRow + 1); r <= end; r++)
          for (let c = range.col; c <= range.lastCol; c++)
            if (!this.isEmpty(found.id, r, c))
              throw new Error(
                inTheWayMessage(
                  kind,
                  sheet,
                  a1Range(Math.max(start, range.lastRow + 1), range.col, end, range.lastCol)
                )
              );
        return { kind, sheet, added, skipped, found, start };
      }
      const { added, skipped } = addedRows(kind, [], rows);
      const sheet = added.length > 0 ? uniqueSheetName(kind, taken) : "";
      if (sheet) taken.push(sheet);
      return { kind, sheet, added, skipped, found, start: 1 };
    });
  }

  /** The table named `kind` (any case) with its header and data rows read as canonical rows. */
  private findCanonical(
    kind: CanonicalKind
  ): { id: number; table: PlanTable; header: CellValue[]; rows: CanonicalRow[] } | undefined {
    for (const [id, extras] of this.extras) {
      const table = extras.tables.find((t) => t.name.toLowerCase() === kind.toLowerCase());
      if (!table || this.hf.getSheetName(id) === undefined) continue;
      const range = parseRange(table.range);
      const line = (r: number): CellValue[] => {
        const values: CellValue[] = [];
        for (let c = range.col; c <= range.lastCol; c++) values.push(this.shown(id, r, c));
        return values;
      };
      const body: CellValue[][] = [];
      for (let r = range.row + 1; r <= range.lastRow; r++) body.push(line(r));
      return { id, table, header: line(range.row), rows: rowsOf(kind, body) };
    }
    return undefined;
  }

  async readActiveCell(): Promise<ActiveCell> {
    const { row, col } = this.selection;
    const sheet = this.activeSheet;
    const cell = this.value(sheet, row, col);
    return {
      sheet: this.hf.getSheetName(sheet)!,
      address: a1(row, col),
      formula: this.formula(sheet, row, col) ?? "",
      value: cell !== null && typeof cell === "object" ? cell.error : cell,
    };
  }

  async readRanges(ranges: RangeRef[]): Promise<CellValue[][][]> {
    return ranges.map(({ sheet, address }) => {
      const id = this.sheetId(sheet);
      const r = parseRange(address);
      const rows: CellValue[][] = [];
      for (let row = r.row; row <= r.lastRow; row++) {
        const line: CellValue[] = [];
        for (let col = r.col; col <= r.lastCol; col++) {
          const cell = this.value(id, row, col);
          line.push(cell !== null && typeof cell === "object" ? cell.error : cell);
        }
        rows.push(line);
      }
      return rows;
    });
  }

  async listShareCandidates(): Promise<ShareCandidate[]> {
    return (await this.listSheets()).map((name) => ({ name, visibility: "Visible" as const }));
  }

  async saveShareSafeWorkbook(): Promise<ShareWorkbookResult> {
    throw new Error("Save as a share-safe workbook is not available yet");
  }

  supports(feature: PaneFeature): FeatureSupport {
    if (feature === "share-workbook")
      return {
        available: false,
        message:
          "Save as a share-safe workbook needs Excel: the playground keeps no document file. For a saved workbook, run npm run share-safe -- in.xlsx out.xlsx.",
      };
    // The engine stands for an Excel with every set, or with ExcelApi up to `excelApi` when asked.
    if (this.excelApi === undefined) return { available: true };
    return featureSupport(feature, excelApiUpTo(this.excelApi));
  }

  async shareSafeCopy(
    sheets: string[],
    version: string,
    time: string,
    options: ShareOptions = {}
  ): Promise<ShareSafeResult> {
    checkShareChoice(sheets);
    const sources = sheets.map((name) => this.readForShare(name));
    const names = this.namesForShare();
    const base = {
      existing: this.sheetNames(),
      names,
      version,
      time,
      keepComments: options.keepComments,
      // The engine computes synchronously: its values are always final ("Done").
      calculation: "Done" as const,
    };
    // Two steps, as in Excel: which spills the plan needs, then the plan with them.
    const unspilled = { ...base, sheets: sources.map(({ sheet }) => sheet) };
    const wanted = spillAnchors(unspilled);
    const plan = planShareSafe({
      ...base,
      sheets: sources.map(({ id, sheet }, i) => ({
        ...sheet,
        spills: this.spillsOf(id, wanted[i]),
      })),
    });
    this.withRegistry(() => {
      plan.copies.forEach((copy, i) => {
        const { id: source, contents } = sources[i];
        const grid = contents.map((row) =>
          row.map((cell) =>
            typeof cell === "string" && !cell.startsWith("=") ? asText(cell) : cell
          )
        );
        for (const cell of copy.frozen.flatMap(frozenCells)) {
          (grid[cell.row] ??= [])[cell.col] =
            typeof cell.value === "string" ? asText(cell.value) : cell.value;
        }
        for (const rewrite of copy.rewrites)
          (grid[rewrite.row] ??= [])[rewrite.col] = rewrite.rewritten;
        this.hf.addSheet(copy.name);
        const id = this.sheetId(copy.name);
        this.hf.setSheetContent(
          id,
          grid.map((row) => Array.from(row, (cell) => cell ?? null)) as never
        );
        const from = this.extrasOf(source);
        const to = this.extrasOf(id);
        from.formats.forEach((format, key) => to.formats.set(key, format));
        from.styles.forEach((style, key) => to.styles.set(key, style));
        from.columnWidths.forEach((width, key) => to.columnWidths.set(key, width));
        const removed = new Set(
          copy.removeRules.filter((r) => r.kind === "conditional-format").map((r) => r.index)
        );
        to.conditionalFormats.push(...from.conditionalFormats.filter((_, k) => !removed.has(k)));
        to.validations.push(...from.validations);
        // Sheet-scoped names come with the copy (as Excel copies them), less those the plan drops.
        for (const name of names.filter((n) => n.sheet === copy.original)) {
          if (copy.removeNames.includes(name.name)) continue;
          this.hf.addNamedExpression(name.name, name.formula, id);
        }
      });
      const { name, header, rows } = plan.provenance;
      this.hf.addSheet(name);
      this.hf.setSheetContent(
        this.sheetId(name),
        [[...header], ...rows].map((row) =>
          row.map((c) => (typeof c === "string" ? asText(c) : c))
        ) as never
      );
    });
    const { name, header } = plan.provenance;
    const extras = this.extrasOf(this.sheetId(name));
    header.forEach((_, c) => {
      extras.styles.set(a1(0, c), "header");
      if (PROVENANCE_WIDTHS[c] !== undefined) extras.columnWidths.set(c, PROVENANCE_WIDTHS[c]);
    });
    this.changed();
    return {
      copies: plan.copies.map((copy) => ({ original: copy.original, copy: copy.name })),
      provenanceSheet: name,
      frozenCells: frozenCellCount(plan),
      rewrites: plan.copies.reduce((n, copy) => n + copy.rewrites.length, 0),
      dropped: plan.dropped.length,
      warnings: plan.warnings,
    };
  }

  /** How many times `name` ("ALTHEDGE.HEDGERATIO", any case) has been called in this workbook. */
  callCount(name: string): number {
    return this.registry.calls.get(name.toUpperCase()) ?? 0;
  }

  /** Defines a name (workbook scope, or `sheet`'s), as Excel's Name Manager does. */
  addName(name: string, formula: string, sheet?: string): void {
    this.withRegistry(() =>
      this.hf.addNamedExpression(
        name,
        formula,
        sheet === undefined ? undefined : this.sheetId(sheet)
      )
    );
    this.changed();
  }

  /** The engine's named expressions, workbook and sheet scope, as the planner reads names. */
  private namesForShare(): ShareName[] {
    const names: ShareName[] = [];
    const read = (scope?: number): void => {
      for (const name of this.hf.listNamedExpressions(scope)) {
        const formula = this.hf.getNamedExpressionFormula(name, scope);
        const value = this.hf.getNamedExpression(name, scope)?.expression;
        const text = formula ?? (value === undefined ? undefined : `=${String(value)}`);
        if (text === undefined) continue;
        names.push(
          scope === undefined
            ? { name, formula: text }
            : { name, sheet: this.hf.getSheetName(scope)!, formula: text }
        );
      }
    };
    read();
    for (const sheet of this.hf.getSheetNames()) read(this.sheetId(sheet));
    return names;
  }

  /**
   * What the share-safe planner needs of one sheet: its contents (formulas and constants), the values
   * shown, and its conditional formats (the engine keeps no comments, names per cell or hidden rows).
   */
  private readForShare(name: string): {
    id: number;
    contents: CellValue[][];
    sheet: ShareSheet;
  } {
    const id = this.sheetId(name);
    const contents = this.hf.getSheetSerialized(id) as CellValue[][];
    const values = contents.map((line, r) => line.map((_, c) => this.shown(id, r, c)));
    const rules: ShareRule[] = this.extrasOf(id).conditionalFormats.map((cf, index) => ({
      kind: "conditional-format",
      address: cf.range,
      formulas: [cf.formula],
      index,
    }));
    return { id, contents, sheet: { name, formulas: contents, values, rules } };
  }

  /** A cell's value, errors as their code. */
  private shown(id: number, row: number, col: number): CellValue {
    const cell = this.value(id, row, col);
    return cell !== null && typeof cell === "object" ? cell.error : cell;
  }

  /**
   * The spill of each cell asked for (HyperFormula fixes an array's size when it parses it: the size
   * predicted then, when every cell of it shows the array); none for a cell that does not spill.
   */
  private spillsOf(id: number, anchors: readonly CellPosition[]): ShareSpill[] {
    const spills: ShareSpill[] = [];
    for (const anchor of anchors) {
      const { rows, cols } = this.registry.predicted.get(addressKey({ sheet: id, ...anchor })) ?? {
        rows: 1,
        cols: 1,
      };
      if (rows * cols === 1) continue;
      const area = Array.from({ length: rows }, (_, dr) =>
        Array.from({ length: cols }, (_, dc) => ({ row: anchor.row + dr, col: anchor.col + dc }))
      );
      const spilledCells = area.flat().filter(({ row, col }) => this.isSpilled(id, row, col));
      if (spilledCells.length !== rows * cols - 1) continue; // blocked (#SPILL!): the anchor alone
      spills.push({
        anchor: { row: anchor.row, col: anchor.col },
        row: anchor.row,
        col: anchor.col,
        values: area.map((line) => line.map(({ row, col }) => this.shown(id, row, col))),
      });
    }
    return spills;
  }
}

/** Column widths of the Hedge log as the playground grid draws it: Time … Hash. */
const LOG_WIDTHS = [170, 120, 170, 170, 360, 460];

/** Column widths of the Provenance sheet as the playground grid draws it, by column. */
const PROVENANCE_WIDTHS = [140, 90, 420, 110, 360, 170, 110];

/** Runs the checks of an import: a refusal says that nothing was written. */
function refusing<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new Error(
      `Nothing was written: ${error instanceof Error ? error.message : String(error)}`
    );
  }
}

/** A canonical value as the engine's cell holds it: text kept as text, blank empty. */
const engineCell = (value: CanonicalValue): CellValue =>
  typeof value === "string" ? asText(value) : value;

/** HyperFormula would read "=…" text and "12" text as a formula or number: keep text as text. */
function asText(value: string): string {
  return value.startsWith("=") || (value.trim() !== "" && !Number.isNaN(Number(value)))
    ? `'${value}`
    : value;
}

function parseTyped(text: string): CellValue {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (trimmed.startsWith("=")) return trimmed;
  if (/^(true|false)$/i.test(trimmed)) return trimmed.toUpperCase() === "TRUE";
  const percent = /^(-?[\d.]+(?:e-?\d+)?)%$/i.exec(trimmed);
  if (percent && !Number.isNaN(Number(percent[1]))) return Number(percent[1]) / 100;
  const number = Number(trimmed.replace(/,/g, ""));
  if (!Number.isNaN(number) && /^[-+]?[\d,.]+(e[-+]?\d+)?$/i.test(trimmed)) return number;
  return text;
}

function toComputed(value: unknown): ComputedCell {
  if (value instanceof DetailedCellError) {
    return { error: value.value, message: value.message ?? "" };
  }
  if (value === undefined) return null;
  return value as CellValue;
}

/**
 * The functions the bundle registered, read from the CustomFunctions registry host.ts installs when
 * no Office runtime is present (the playground) — or any map of id → function (the tests).
 */
export function registeredFunctions(registry: unknown): Map<string, CustomFunction> {
  const map = (registry as { registered?: Map<string, CustomFunction> })?.registered;
  if (!(map instanceof Map))
    throw new Error("The functions bundle has not registered its functions");
  return new Map([...map].map(([id, fn]) => [id.toUpperCase(), fn]));
}
