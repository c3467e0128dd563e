/**
 * The local playground: AltHedge without Excel. The functions bundle (loaded before this script) has
 * registered every function into the local CustomFunctions registry (src/functions/host.ts); this page
 * builds an engine workbook from that registry and functions.json, opens the sample book, shows it in
 * a grid, and hands the same workbook to the real task pane (an iframe of taskpane.html) as its port.
 */
import { EngineWorkbook, registeredFunctions, type FunctionsMetadata } from "../workbook/engine";
import type {
  CellStyle,
  CellValue,
  PlanChart,
  PlanConditionalFormat,
  PlanTable,
  PlanValidation,
} from "../templates/plan";
import { parseRange, a1 } from "../templates/plan";
import { Grid } from "./grid";
import { ChartsPanel } from "./charts";

/** src/playground/sample-book.json, as scripts/make-sample-book.js writes it. */
interface SampleBook {
  generatedBy: string;
  seed: number;
  /** Workbook names (the Policy's limits), each an absolute reference ("=Policy!$B$6"). */
  names?: { name: string; formula: string }[];
  sheets: {
    name: string;
    /** The wizard whose sample plan the sheet is (the Policy, stress, report). */
    wizard?: string;
    cells: CellValue[][];
    formats?: { range: string; format: string }[];
    columnWidths?: (number | null)[];
    styles?: { range: string; style: CellStyle }[];
    tables?: PlanTable[];
    validations?: PlanValidation[];
    conditionalFormats?: PlanConditionalFormat[];
    charts?: PlanChart[];
    freeze?: { rows: number; cols: number };
  }[];
}

declare global {
  var althedgePlayground: EngineWorkbook | undefined;
  // The grid, for Go To from the browser tests (cells below the view are not drawn).
  var althedgeGrid: Grid | undefined;
}

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status} ${response.statusText}`);
  return (await response.json()) as T;
}

function applySampleExtras(book: EngineWorkbook, sample: SampleBook): void {
  for (const sheet of sample.sheets) {
    const extras = book.extrasOf(book.sheetId(sheet.name));
    for (const { range, format } of sheet.formats ?? []) {
      const r = parseRange(range);
      for (let row = r.row; row <= r.lastRow; row++) {
        for (let col = r.col; col <= r.lastCol; col++) extras.formats.set(a1(row, col), format);
      }
    }
    (sheet.columnWidths ?? []).forEach(
      (width, col) => width && extras.columnWidths.set(col, width)
    );
    for (const { range, style } of sheet.styles ?? []) {
      const r = parseRange(range);
      for (let row = r.row; row <= r.lastRow; row++) {
        for (let col = r.col; col <= r.lastCol; col++) extras.styles.set(a1(row, col), style);
      }
    }
    extras.tables.push(...(sheet.tables ?? []));
    extras.validations.push(...(sheet.validations ?? []));
    extras.conditionalFormats.push(...(sheet.conditionalFormats ?? []));
    extras.charts.push(...(sheet.charts ?? []));
    if (sheet.freeze) extras.freeze = sheet.freeze;
  }
  for (const { name, formula } of sample.names ?? []) book.addName(name, formula);
}

/**
 * `?excelApi=1.7`: the playground's workbook answers the pane's requirement checks as an Excel with
 * ExcelApi up to that version, to see which pane features that Excel has (../workbook/requirements).
 */
function excelApiFromQuery(): string | undefined {
  const value = new URLSearchParams(window.location.search).get("excelApi");
  return value !== null && /^\d+\.\d+$/.test(value) ? value : undefined;
}

async function start(): Promise<void> {
  const status = document.getElementById("status")!;
  try {
    const [metadata, sample] = await Promise.all([
      fetchJson<FunctionsMetadata>("functions.json"),
      fetchJson<SampleBook>("sample-book.json"),
    ]);
    const book = new EngineWorkbook({
      metadata,
      functions: registeredFunctions((globalThis as { CustomFunctions?: unknown }).CustomFunctions),
      sheets: sample.sheets.map(({ name, cells }) => ({ name, cells })),
      excelApi: excelApiFromQuery(),
    });
    applySampleExtras(book, sample);
    globalThis.althedgePlayground = book;
    // The task pane looks for its port here (in its parent window when framed).
    globalThis.althedgeWorkbook = book;
    const pane = document.getElementById("taskpane") as HTMLIFrameElement;
    const grid = new Grid(book, {
      pane,
      nameBox: document.getElementById("name-box")!,
      formulaInput: document.getElementById("formula-input") as HTMLInputElement,
      grid: document.getElementById("grid")!,
      tabs: document.getElementById("sheet-tabs")!,
      status,
    });
    grid.render();
    globalThis.althedgeGrid = grid;
    // The active sheet's charts, below the grid, redrawn as the engine recalculates.
    new ChartsPanel(book, document.getElementById("charts")!).schedule();
    pane.src = "playground-pane.html";
    document.getElementById("grid")!.focus();
    document.body.dataset.ready = "true";
  } catch (error) {
    status.textContent = `The playground could not start: ${(error as Error).message}`;
    document.body.dataset.ready = "error";
  }
}

void start();
