/**
 * The charts a wizard's plan asks for (`PlanChart`: column, line, pie or bar over a source range whose
 * first row holds the series names and first column the categories), drawn by the playground in a
 * strip below the grid — Excel places each at its anchor cell; the figure says which. Drawn with
 * Chart.js, imported here only: it is loaded on demand as the playground's own chunk, never by the
 * add-in's bundles (test/workbook/bundles.test.ts checks).
 *
 * Series follow recalculation: every change of the engine workbook (an edited input, a written plan,
 * another sheet shown) reads each chart's source range again from the computed values and redraws the
 * charts whose data changed. Each figure carries a title, a text alternative on its canvas naming the
 * series, and a visually hidden table of its data; `data-series-lengths` and `data-draws` (and the
 * figure's `althedgeChart` property, the data last drawn) are there for the browser tests.
 */
import type { Chart, ChartConfiguration } from "chart.js";
import { el, fill } from "../taskpane/dom";
import { a1, parseRange, type PlanChart } from "../templates/plan";
import type { ComputedCell, EngineWorkbook } from "../workbook/engine";
import { display, formatNumber } from "./format";

export interface ChartSeries {
  name: string;
  /** One value per category; a cell that is not a number (blank, text, an error) is a gap. */
  values: (number | null)[];
  /** The same cells as the grid shows them (their number formats), for the data table. */
  texts: string[];
}

/** What a chart shows: the categories (as the grid displays them) and its series. */
export interface ChartData {
  categories: string[];
  /** The number format of the first value cell: the value axis and tooltips read as the grid does. */
  valueFormat?: string;
  series: ChartSeries[];
}

/** A drawn chart's figure, with the data it last drew (the browser tests read it). */
export interface ChartFigure extends HTMLElement {
  althedgeChart?: ChartData;
}

/** Excel's default (Office theme) series colours, in its order. */
const PALETTE = ["#4472c4", "#ed7d31", "#a5a5a5", "#ffc000", "#5b9bd5", "#70ad47"];
/** Excel's default chart proportions (5 × 3 inches), smaller, to leave the grid room. */
const WIDTH = 400;
const HEIGHT = 240;
/** Rows of a chart's hidden data table; a longer source says how many more there are. */
const TABLE_ROWS = 200;

const TYPE_NAMES: Record<PlanChart["type"], string> = {
  column: "Column",
  line: "Line",
  pie: "Pie",
  bar: "Bar",
};

/** The sheet a source range names ("'My sheet'!A1:C5"), else the chart's own sheet. */
function sourceSheet(book: EngineWorkbook, sheet: number, source: string): number {
  const prefix = /^(.*)!/.exec(source)?.[1];
  if (!prefix) return sheet;
  const name = prefix.replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
  return book.sheetId(name);
}

/**
 * A chart's data as Excel reads its source range: first row the series names, first column the
 * categories (seriesBy "columns", the default), or transposed (seriesBy "rows"). Every data row (or
 * column) is a category, so a series has as many values as the source has data rows.
 */
export function chartData(book: EngineWorkbook, sheet: number, chart: PlanChart): ChartData {
  const id = sourceSheet(book, sheet, chart.source);
  const { row, col, lastRow, lastCol } = parseRange(chart.source);
  const formats = book.extrasOf(id).formats;
  const text = (r: number, c: number): string =>
    display(book.value(id, r, c), formats.get(a1(r, c)));
  const number = (r: number, c: number): number | null => {
    const value: ComputedCell = book.value(id, r, c);
    return typeof value === "number" && Number.isFinite(value) ? value : null;
  };
  const byRows = chart.seriesBy === "rows";
  // In series-by-columns terms: categories run down rows row+1…lastRow, series across col+1…lastCol.
  const categoryCount = byRows ? lastCol - col : lastRow - row;
  const seriesCount = byRows ? lastRow - row : lastCol - col;
  const at = (category: number, series: number): [number, number] =>
    byRows ? [row + series, col + category] : [row + category, col + series];
  const categories = Array.from({ length: categoryCount }, (_, i) => text(...at(i + 1, 0)));
  const series = Array.from({ length: seriesCount }, (_, s) => ({
    name: text(...at(0, s + 1)) || `Series${s + 1}`,
    values: Array.from({ length: categoryCount }, (_, i) => number(...at(i + 1, s + 1))),
    texts: Array.from({ length: categoryCount }, (_, i) => text(...at(i + 1, s + 1))),
  }));
  const valueFormat =
    seriesCount > 0 && categoryCount > 0 ? formats.get(a1(...at(1, 1))) : undefined;
  return { categories, series, ...(valueFormat ? { valueFormat } : {}) };
}

/** The sentence a screen reader hears for the chart's canvas: its kind, title, series and extent. */
export function describeChart(chart: PlanChart, data: ChartData): string {
  const shown = chart.type === "pie" ? data.series.slice(0, 1) : data.series;
  const names = shown.map((s) => s.name).join(", ");
  const count = data.categories.length;
  const extent =
    count === 0
      ? "no categories"
      : count === 1
        ? `1 category (${data.categories[0]})`
        : `${count} categories, from ${data.categories[0]} to ${data.categories[count - 1]}`;
  return `${TYPE_NAMES[chart.type]} chart: ${chart.title}. ${
    shown.length === 1 ? "Series" : `${shown.length} series`
  }: ${names}; ${extent}. The data is in the table that follows.`;
}

type ChartLib = typeof import("chart.js");

/** Chart.js with only what the four chart types use, registered once. */
async function loadChartJs(): Promise<ChartLib["Chart"]> {
  const lib = await import(/* webpackChunkName: "playground-charts" */ "chart.js");
  lib.Chart.register(
    lib.BarController,
    lib.BarElement,
    lib.LineController,
    lib.LineElement,
    lib.PointElement,
    lib.PieController,
    lib.ArcElement,
    lib.CategoryScale,
    lib.LinearScale,
    lib.Legend,
    lib.Tooltip
  );
  return lib.Chart;
}

interface Drawn {
  figure: ChartFigure;
  chart: Chart;
  plan: PlanChart;
  /** The visually hidden holder of the data table (a table ignores a 1px height; a div keeps it). */
  tableHolder: HTMLElement;
  canvas: HTMLCanvasElement;
  key: string;
  draws: number;
}

/** The colours of the page's theme (taskpane.css's variables), for axes, grid lines and legend. */
function themeColours(root: HTMLElement): { text: string; grid: string; background: string } {
  const style = getComputedStyle(root);
  const read = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--fg-2", "#424242"),
    grid: read("--bg-3", "#ebebeb"),
    background: read("--bg", "#ffffff"),
  };
}

function configuration(
  plan: PlanChart,
  data: ChartData,
  colours: ReturnType<typeof themeColours>
): ChartConfiguration {
  const scale = {
    ticks: { color: colours.text },
    grid: { color: colours.grid },
    border: { color: colours.grid },
  };
  const common = {
    responsive: false,
    animation: false as const,
    plugins: {
      legend: {
        display: plan.type === "pie" || data.series.length > 1,
        position: "bottom" as const,
        labels: { color: colours.text, boxWidth: 12 },
      },
      // The figure's caption is the title, in the page's text where everyone reads it.
      title: { display: false },
      tooltip: {
        enabled: true,
        callbacks: {
          label: (item: { dataset: { label?: string }; raw: unknown }) =>
            `${item.dataset.label ?? ""}: ${
              typeof item.raw === "number" ? formatNumber(item.raw, data.valueFormat) : ""
            }`,
        },
      },
    },
  };
  if (plan.type === "pie") {
    // Excel draws the first series of a pie, one slice per category.
    const first = data.series[0] ?? { name: "", values: [] };
    return {
      type: "pie",
      data: {
        labels: data.categories,
        datasets: [
          {
            label: first.name,
            data: first.values,
            backgroundColor: data.categories.map((_, i) => PALETTE[i % PALETTE.length]),
            borderColor: colours.background,
          },
        ],
      },
      options: common,
    };
  }
  const many = data.categories.length > 40;
  const valueAxis = {
    ...scale,
    ticks: {
      ...scale.ticks,
      maxRotation: 0,
      callback: (value: number | string) =>
        typeof value === "number" ? formatNumber(value, data.valueFormat) : value,
    },
  };
  const categoryAxis = {
    ...scale,
    // dates across need room between them; scenario names down fit one a line
    ticks: {
      ...scale.ticks,
      maxRotation: 0,
      autoSkip: true,
      autoSkipPadding: plan.type === "bar" ? 2 : 16,
    },
  };
  return {
    type: plan.type === "line" ? "line" : "bar",
    data: {
      labels: data.categories,
      datasets: data.series.map((series, i) => ({
        label: series.name,
        data: series.values,
        backgroundColor: PALETTE[i % PALETTE.length],
        borderColor: PALETTE[i % PALETTE.length],
        borderWidth: plan.type === "line" ? 2 : 0,
        pointRadius: plan.type === "line" && many ? 0 : 2,
        spanGaps: false,
      })),
    },
    options: {
      ...common,
      // column: categories across; bar: categories down, as Excel's bar chart
      indexAxis: plan.type === "bar" ? "y" : "x",
      scales: {
        x: plan.type === "bar" ? valueAxis : categoryAxis,
        y: plan.type === "bar" ? categoryAxis : valueAxis,
      },
    },
  } as ChartConfiguration;
}

function dataTable(plan: PlanChart, data: ChartData): HTMLTableElement {
  const rows = data.categories.slice(0, TABLE_ROWS);
  const more = data.categories.length - rows.length;
  return el(
    "table",
    {},
    el(
      "caption",
      {},
      `${plan.title}: data${more > 0 ? ` (the first ${TABLE_ROWS} of ${data.categories.length} rows)` : ""}`
    ),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, "Category"),
        ...data.series.map((s) => el("th", { scope: "col" }, s.name))
      )
    ),
    el(
      "tbody",
      {},
      ...rows.map((category, i) =>
        el(
          "tr",
          {},
          el("th", { scope: "row" }, category),
          ...data.series.map((s) => el("td", {}, s.texts[i]))
        )
      )
    )
  );
}

/**
 * The strip of charts for the active sheet. Hidden when the sheet has none; Chart.js is loaded the
 * first time a sheet with charts is shown.
 */
export class ChartsPanel {
  private library: Promise<ChartLib["Chart"]> | undefined;
  private drawn: Drawn[] = [];
  /** Which sheet and which plans `drawn` shows. */
  private shownKey = "";
  private scheduled = false;
  private generation = 0;
  private open = true;

  constructor(
    private readonly book: EngineWorkbook,
    private readonly root: HTMLElement
  ) {
    book.onChange(() => this.schedule());
    // A theme change redraws every chart in the new colours.
    window.matchMedia?.("(prefers-color-scheme: dark)").addEventListener?.("change", () => {
      this.shownKey = "";
      this.schedule();
    });
  }

  /** One refresh for a burst of changes (a plan written cell by cell, a cleared selection). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      void this.refresh();
    });
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const { book, root } = this;
    const sheet = book.activeSheet;
    const plans = book.extrasOf(sheet).charts;
    if (plans.length === 0) {
      this.clear();
      root.hidden = true;
      root.dataset.state = "none";
      return;
    }
    root.hidden = false;
    let ChartClass: ChartLib["Chart"];
    try {
      ChartClass = await (this.library ??= loadChartJs());
    } catch (error) {
      this.library = undefined;
      this.clear();
      fill(
        root,
        el(
          "p",
          { className: "pg-charts-error" },
          `The charts could not be drawn: ${(error as Error).message}`
        )
      );
      root.dataset.state = "error";
      return;
    }
    // A later change started its own refresh while the library loaded: that one draws.
    if (generation !== this.generation) return;
    const key = `${sheet}\u0000${book.sheetNames()[sheet]}\u0000${JSON.stringify(plans)}`;
    if (key !== this.shownKey) this.build(ChartClass, sheet, plans, key);
    else this.update(sheet);
    root.dataset.state = "drawn";
  }

  private clear(): void {
    for (const { chart } of this.drawn) chart.destroy();
    this.drawn = [];
    this.shownKey = "";
    fill(this.root);
  }

  private build(
    ChartClass: ChartLib["Chart"],
    sheet: number,
    plans: PlanChart[],
    key: string
  ): void {
    this.clear();
    const colours = themeColours(this.root);
    // Folded away by a person who wants the grid's room back, and kept so from sheet to sheet.
    const list = el("div", { className: "pg-charts-list" });
    const strip = el(
      "details",
      {
        open: this.open,
        ontoggle: () => (this.open = strip.open),
      },
      el(
        "summary",
        { className: "pg-charts-heading" },
        `Charts on this sheet (${plans.length})`,
        el("span", { className: "pg-charts-note" }, " — in Excel each sits at its anchor cell")
      ),
      list
    );
    fill(this.root, strip);
    plans.forEach((plan, index) => {
      const data = this.read(sheet, plan);
      const titleId = `pg-chart-${index}-title`;
      const canvas = el("canvas", {
        role: "img",
        width: WIDTH,
        height: HEIGHT,
        "aria-label": describeChart(plan, data),
      });
      const tableHolder = el("div", { className: "visually-hidden" }, dataTable(plan, data));
      const figure: ChartFigure = el(
        "figure",
        {
          className: "pg-chart",
          "aria-labelledby": titleId,
          "data-chart-type": plan.type,
          "data-source": plan.source,
          "data-anchor": plan.anchor,
        },
        el(
          "figcaption",
          {},
          el("span", { className: "pg-chart-title", id: titleId }, plan.title),
          el(
            "span",
            { className: "pg-chart-where" },
            `${TYPE_NAMES[plan.type].toLowerCase()} chart of ${plan.source.replace(/^.*!/, "")}, at ${plan.anchor}`
          )
        ),
        el("div", { className: "pg-chart-canvas" }, canvas),
        tableHolder
      );
      list.append(figure);
      const chart = new ChartClass(canvas, configuration(plan, data, colours));
      const drawn: Drawn = {
        figure,
        chart,
        plan,
        tableHolder,
        canvas,
        key: JSON.stringify(data),
        draws: 0,
      };
      this.drawn.push(drawn);
      this.mark(drawn, data);
    });
    this.shownKey = key;
  }

  /** Redraws the charts whose source values changed since they were drawn. */
  private update(sheet: number): void {
    for (const drawn of this.drawn) {
      const data = this.read(sheet, drawn.plan);
      const key = JSON.stringify(data);
      if (key === drawn.key) continue;
      const next = configuration(drawn.plan, data, themeColours(this.root)).data;
      drawn.chart.data.labels = next.labels;
      // Keep the dataset objects Chart.js holds; replace what they show.
      next.datasets.forEach((dataset, i) => {
        const held = drawn.chart.data.datasets[i];
        if (held) Object.assign(held, dataset);
        else drawn.chart.data.datasets.push(dataset);
      });
      drawn.chart.data.datasets.length = next.datasets.length;
      drawn.chart.update("none");
      drawn.canvas.setAttribute("aria-label", describeChart(drawn.plan, data));
      fill(drawn.tableHolder, dataTable(drawn.plan, data));
      drawn.key = key;
      this.mark(drawn, data);
    }
  }

  /** A source on a sheet since removed draws nothing rather than failing the page. */
  private read(sheet: number, plan: PlanChart): ChartData {
    try {
      return chartData(this.book, sheet, plan);
    } catch {
      return { categories: [], series: [] };
    }
  }

  private mark(drawn: Drawn, data: ChartData): void {
    drawn.draws++;
    drawn.figure.althedgeChart = data;
    drawn.figure.dataset.seriesLengths = data.series.map((s) => s.values.length).join(",");
    drawn.figure.dataset.draws = String(drawn.draws);
  }
}
