/**
 * The playground's grid: the engine workbook's active sheet as a virtualised HTML table with a formula
 * bar and sheet tabs. The scroll container is as tall as every row of the sheet, but only the rows in
 * view (and a few either side) are in the DOM; the column letters and row numbers stay in view, and the
 * rows and columns a sheet freezes (its plan's `freeze`) stay at the top and left. Column widths are
 * the plan's. Conditional formats are drawn as Excel draws them (./conditional).
 *
 * Keyboard first, as in Excel: arrows move (Shift extends), Ctrl+arrows jump to the edge of the data,
 * Ctrl+Home and Ctrl+End go to the first and the last used cell, PageUp/PageDown move a screen, Enter/F2
 * edit, typing starts an edit, Enter commits and moves down (Tab right while editing), Escape cancels,
 * Delete clears. The active cell is always scrolled into view. Text runs over empty neighbours to its
 * right, as in Excel. The grid does not keep the focus: Tab, F6 and Escape go to the task pane,
 * Shift+Tab and Shift+F6 back to the formula bar.
 *
 * For assistive technology the container is the ARIA grid: aria-rowcount and aria-colcount are the
 * sheet's, each rendered row carries its aria-rowindex, and the active cell is the grid's
 * aria-activedescendant (the name box, a status, says its address).
 */
import { el, fill } from "../taskpane/dom";
import type { EngineWorkbook } from "../workbook/engine";
import { a1, columnName, parseA1, parseRange } from "../templates/plan";
import { display } from "./format";
import { ConditionalFormats } from "./conditional";

/** Every row is this tall (playground.css `.sheet-table tr` agrees): the scroll height is rows × this. */
export const ROW_HEIGHT = 22;
/** Rows rendered beyond each edge of the view, so that a fast scroll does not show blank rows. */
const OVERSCAN = 8;
/** A column without a planned width. */
const DEFAULT_COLUMN_WIDTH = 90;
/** The cells' left and right padding (playground.css `.cell`). */
const CELL_PADDING = 4;
const MIN_ROWS = 40;
const MIN_COLS = 12;
const MAX_COLS = 52;
/** Excel's last row: where Ctrl+Down stops in an empty column of a full-size sheet. */
const EXCEL_ROWS = 1048576;

export interface GridElements {
  nameBox: HTMLElement;
  /** The task pane's frame, where Tab, F6 and Escape take the focus. */
  pane?: HTMLIFrameElement;
  formulaInput: HTMLInputElement;
  grid: HTMLElement;
  tabs: HTMLElement;
  status: HTMLElement;
}

/** What one render of the active sheet is laid out with. */
interface Layout {
  sheet: number;
  rowCount: number;
  colCount: number;
  /** The used range: the last used cell is (usedRows − 1, usedCols − 1). */
  usedRows: number;
  usedCols: number;
  widths: number[];
  /** Each column's left edge, from the right edge of the row numbers. */
  lefts: number[];
  rowHeader: number;
  freezeRows: number;
  freezeCols: number;
  tableCells: Map<string, "header" | "body">;
}

export class Grid {
  private editor: HTMLInputElement | null = null;
  private anchor = { row: 0, col: 0 };
  private cursor = { row: 0, col: 0 };
  private readonly formats: ConditionalFormats;
  private layout: Layout | undefined;
  private readonly table: HTMLTableElement;
  private readonly thead: HTMLTableSectionElement;
  private readonly tbody: HTMLTableSectionElement;
  private readonly topSpacer: HTMLTableRowElement;
  private readonly bottomSpacer: HTMLTableRowElement;
  /** The rows in the DOM, by 0-based row, and the window of scrolling rows they cover. */
  private rows = new Map<number, HTMLTableRowElement>();
  private window = { start: 0, end: -1 };
  /** The view's height when the rows were last drawn (onResize). */
  private viewHeight = 0;
  /** The scroll position the rows were last drawn for. */
  private drawnTop = -1;
  /** Where each sheet was scrolled to, to come back to it as Excel does. */
  private readonly scrolled = new Map<number, { top: number; left: number }>();

  constructor(
    private readonly book: EngineWorkbook,
    private readonly ui: GridElements
  ) {
    this.formats = new ConditionalFormats(book);
    this.thead = el("thead", { role: "rowgroup" });
    this.tbody = el("tbody", { role: "rowgroup" });
    this.topSpacer = spacer();
    this.bottomSpacer = spacer();
    this.table = el(
      "table",
      { className: "sheet-table", role: "presentation" },
      this.thead,
      this.tbody
    );
    book.onChange(() => {
      // a change is a recalculation: every rule's results are evaluated again, once
      this.formats.invalidate();
      this.render();
    });
    ui.grid.addEventListener("keydown", (event) => this.onKey(event));
    ui.grid.addEventListener("mousedown", (event) => this.onMouse(event));
    ui.grid.addEventListener("dblclick", () => this.startEdit());
    ui.grid.addEventListener("scroll", () => this.renderRows());
    if (typeof ResizeObserver !== "undefined")
      new ResizeObserver(() => this.onResize()).observe(ui.grid);
    ui.formulaInput.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        this.commit(ui.formulaInput.value, 1, 0);
        ui.grid.focus();
      } else if (event.key === "Escape") {
        this.showSelection();
        ui.grid.focus();
      }
    });
  }

  /**
   * The view grew or shrank (the window, or the charts below the grid came or went): the rows drawn
   * follow, and a cursor that was in view stays in view.
   */
  private onResize(): void {
    const layout = this.layout;
    const before = this.viewHeight;
    const { row, col } = this.cursor;
    if (layout && before > 0 && row >= layout.freezeRows) {
      const top = (row - layout.freezeRows) * ROW_HEIGHT - this.ui.grid.scrollTop;
      if (top >= 0 && top + ROW_HEIGHT <= before - ROW_HEIGHT * (1 + layout.freezeRows)) {
        this.reveal(row, col);
        return;
      }
    }
    this.renderRows();
  }

  /** Draws the active sheet again: after any change of the workbook (values, sheets, selection). */
  render(): void {
    const { book, ui } = this;
    const sheet = book.activeSheet;
    const previous = this.layout;
    if (previous && previous.sheet !== sheet) {
      this.scrolled.set(previous.sheet, { top: ui.grid.scrollTop, left: ui.grid.scrollLeft });
      const { row, col } = book.selection;
      this.anchor = { row, col };
      this.cursor = { row, col };
    }
    const layout = this.layoutOf(sheet);
    this.layout = layout;
    this.renderHead(layout);
    if (!this.table.isConnected) fill(ui.grid, this.table);
    ui.grid.setAttribute("aria-rowcount", String(layout.rowCount + 1));
    ui.grid.setAttribute("aria-colcount", String(layout.colCount + 1));
    // every row drawn again: values, formats and rules may all have changed
    this.rows = new Map();
    this.window = { start: 0, end: -1 };
    if (previous && previous.sheet !== sheet) {
      const back = this.scrolled.get(sheet) ?? { top: 0, left: 0 };
      this.renderRows(back.top);
      ui.grid.scrollTop = back.top;
      ui.grid.scrollLeft = back.left;
    }
    this.renderRows();
    this.renderTabs();
    this.showSelection(false);
  }

  private layoutOf(sheet: number): Layout {
    const { book } = this;
    const extras = book.extrasOf(sheet);
    const { rows, cols } = book.dimensions(sheet);
    const { row, col } = book.selection;
    const rowCount = Math.min(Math.max(rows + 10, MIN_ROWS, row + 1), EXCEL_ROWS);
    const colCount = Math.min(Math.max(cols + 3, MIN_COLS, col + 1), MAX_COLS);
    const widths: number[] = [];
    const lefts: number[] = [];
    let left = 0;
    for (let c = 0; c < colCount; c++) {
      const width = Math.round(extras.columnWidths.get(c) ?? DEFAULT_COLUMN_WIDTH);
      widths.push(width);
      lefts.push(left);
      left += width;
    }
    const tableCells = new Map<string, "header" | "body">();
    for (const table of extras.tables) {
      const r = parseRange(table.range);
      // a table's cells marked only as far as the grid could ever draw them
      for (let row = r.row; row <= Math.min(r.lastRow, rowCount - 1); row++) {
        for (let col = r.col; col <= Math.min(r.lastCol, colCount - 1); col++)
          tableCells.set(a1(row, col), row === r.row ? "header" : "body");
      }
    }
    const freeze = extras.freeze ?? { rows: 0, cols: 0 };
    return {
      sheet,
      rowCount,
      colCount,
      usedRows: rows,
      usedCols: cols,
      widths,
      lefts,
      // room for the longest row number at 12px
      rowHeader: Math.max(40, String(rowCount).length * 8 + 12),
      freezeRows: Math.max(0, Math.min(freeze.rows, rowCount - 1)),
      freezeCols: Math.max(0, Math.min(freeze.cols, colCount - 1)),
      tableCells,
    };
  }

  private renderHead(layout: Layout): void {
    const { widths, rowHeader, colCount, freezeCols, lefts } = layout;
    // rows are flex lines of fixed-width cells (playground.css): cheaper to lay out than a table's
    this.table.style.width = `${rowHeader + widths.reduce((sum, w) => sum + w, 0)}px`;
    this.table.style.setProperty("--row-header", `${rowHeader}px`);
    const corner = el("th", {
      className: "corner",
      role: "columnheader",
      "aria-label": "Row numbers",
    });
    const head = el(
      "tr",
      { role: "row", "aria-rowindex": 1 },
      corner,
      ...Array.from({ length: colCount }, (_, c) => {
        const th = el("th", { role: "columnheader", scope: "col" }, columnName(c));
        th.style.width = `${widths[c]}px`;
        if (c < freezeCols) {
          th.classList.add("frozen-col");
          th.style.left = `${rowHeader + lefts[c]}px`;
        }
        return th;
      })
    );
    fill(this.thead, head);
    for (const row of [this.topSpacer, this.bottomSpacer])
      (row.firstElementChild as HTMLTableCellElement).colSpan = colCount + 1;
  }

  /**
   * Puts the rows in view (and OVERSCAN either side) in the DOM, keeping the rows already there;
   * the spacers above and below stand for the others, so the scroll height is every row's.
   * `scrollTop`: lay out for that position (before the container is scrolled there).
   */
  private renderRows(scrollTop?: number): void {
    const layout = this.layout;
    if (!layout) return;
    const { grid } = this.ui;
    const top = scrollTop ?? grid.scrollTop;
    const frozen = layout.freezeRows;
    // the same place and size as drawn (the scroll event after a scroll already drawn): nothing to do
    const drawn = this.window.end >= this.window.start;
    if (drawn && top === this.drawnTop && grid.clientHeight === this.viewHeight) return;
    this.drawnTop = top;
    this.viewHeight = grid.clientHeight;
    const view = Math.max(grid.clientHeight, ROW_HEIGHT * 2);
    const first = frozen + Math.floor(top / ROW_HEIGHT);
    const last = Math.floor((top + view - 1 - ROW_HEIGHT) / ROW_HEIGHT);
    // Overscan is for a scroll that goes on; a jump to a new place (the scroll bar's thumb dragged)
    // draws the rows in view only, and the next step adds the rest.
    const previous = this.window;
    const over =
      previous.end < previous.start ||
      (first - OVERSCAN <= previous.end && last + OVERSCAN >= previous.start)
        ? OVERSCAN
        : 0;
    const start = Math.min(Math.max(frozen, first - over), layout.rowCount - 1);
    const end = Math.max(start, Math.min(layout.rowCount - 1, last + over));
    if (start === this.window.start && end === this.window.end) return;
    // An edit in a row about to leave the DOM is committed where it is, as clicking away would.
    if (this.editor) {
      const { row } = this.book.selection;
      if (row >= frozen && (row < start || row > end)) {
        // the change draws the sheet again (render), for the position asked
        this.commitInPlace();
        this.renderRows(scrollTop);
        return;
      }
    }
    this.window = { start, end };
    const fresh: number[] = [];
    const make = (r: number): HTMLTableRowElement => {
      const tr = this.renderRow(layout, r);
      this.rows.set(r, tr);
      fresh.push(r);
      return tr;
    };
    const range = (from: number, to: number): HTMLTableRowElement[] => {
      const made: HTMLTableRowElement[] = [];
      for (let r = from; r <= to; r++) made.push(make(r));
      return made;
    };
    this.topSpacer.style.height = `${(start - frozen) * ROW_HEIGHT}px`;
    this.bottomSpacer.style.height = `${(layout.rowCount - 1 - end) * ROW_HEIGHT}px`;
    if (this.rows.size === 0) {
      this.tbody.replaceChildren(
        ...range(0, frozen - 1),
        this.topSpacer,
        ...range(start, end),
        this.bottomSpacer
      );
    } else {
      // Rows already drawn stay where they are (moving them would lay every row out again):
      // those that left the window go, the new ones go in above or below them.
      for (const [r, tr] of this.rows) {
        if (r >= frozen && (r < start || r > end)) {
          tr.remove();
          this.rows.delete(r);
        }
      }
      const overlap = previous.start <= end && start <= previous.end;
      this.topSpacer.after(...range(start, overlap ? previous.start - 1 : end));
      if (overlap) this.bottomSpacer.before(...range(previous.end + 1, end));
    }
    if (fresh.length > 0) this.markSelection(fresh);
  }

  /** One row of cells: values shown in their formats, styles, tables, rules, and text overflow. */
  private renderRow(layout: Layout, r: number): HTMLTableRowElement {
    const { book, formats } = this;
    const { sheet, colCount, widths, lefts, rowHeader, freezeRows, freezeCols } = layout;
    const extras = book.extrasOf(sheet);
    const rules = formats.hasRules(sheet);
    const values = Array.from({ length: colCount }, (_, c) => book.value(sheet, r, c));
    const blank = values.map((value) => value === null || value === "");
    const header = el("th", { role: "rowheader", scope: "row" }, String(r + 1));
    const tr = el("tr", { role: "row", "aria-rowindex": r + 2 }, header);
    if (r < freezeRows) {
      tr.classList.add("frozen-row");
      if (r === freezeRows - 1) tr.classList.add("last-frozen");
      tr.style.top = `${(r + 1) * ROW_HEIGHT}px`;
    }
    for (let c = 0; c < colCount; c++) {
      const address = a1(r, c);
      const value = values[c];
      const classes = ["cell"];
      if (typeof value === "number") classes.push("number");
      if (typeof value === "boolean") classes.push("boolean");
      if (blank[c]) classes.push("blank");
      const text = typeof value === "string" && value !== "";
      if (value !== null && typeof value === "object") classes.push("error");
      if (!blank[c] && book.isSpilled(sheet, r, c)) classes.push("spilled");
      const style = extras.styles.get(address);
      if (style) classes.push(`style-${style}`);
      const inTable = layout.tableCells.get(address);
      if (inTable) classes.push(`table-${inTable}`);
      if (c < freezeCols) classes.push("frozen-col");
      if (c === freezeCols - 1) classes.push("last-frozen-col");
      const shown = display(value, extras.formats.get(address));
      let content: Node | string = shown;
      if (text) {
        // As in Excel, a text longer than its cell runs over the empty cells to its right and stops
        // at the first full one (or the last column shown): its span gets that much room.
        let end = c + 1;
        while (end < colCount && blank[end]) end++;
        const right = end < colCount ? lefts[end] : lefts[colCount - 1] + widths[colCount - 1];
        const span = el("span", { className: "cell-text" }, shown);
        span.style.maxWidth = `${Math.max(0, right - lefts[c] - 2 * CELL_PADDING)}px`;
        if (end > c + 1) classes.push("overflow");
        content = span;
      }
      // built by hand, not with el(): a jump of the scroll bar draws every cell of the view at once
      const td = document.createElement("td");
      td.id = `cell-${address}`;
      td.setAttribute("role", "gridcell");
      td.className = classes.join(" ");
      td.setAttribute("data-address", address);
      td.setAttribute("data-row", String(r));
      td.setAttribute("data-col", String(c));
      if (value !== null && typeof value === "object") td.title = `${value.error} ${value.message}`;
      td.append(content);
      td.style.width = `${widths[c]}px`;
      if (c < freezeCols) td.style.left = `${rowHeader + lefts[c]}px`;
      if (rules) {
        const format = formats.formatAt(sheet, r, c);
        if (format?.fill) {
          td.style.backgroundColor = format.fill;
          td.classList.add("cf");
        }
        if (format?.font) td.style.color = format.font;
      }
      tr.append(td);
    }
    return tr;
  }

  private renderTabs(): void {
    const { book, ui } = this;
    fill(
      ui.tabs,
      ...book.sheetNames().map((name, i) =>
        el(
          "button",
          {
            type: "button",
            role: "tab",
            "aria-selected": String(i === book.activeSheet),
            className: "sheet-tab",
            onclick: () => {
              if (this.editor) this.commitInPlace();
              this.anchor = { row: 0, col: 0 };
              this.cursor = { row: 0, col: 0 };
              book.setActiveSheet(i);
              ui.grid.focus();
            },
          },
          name
        )
      )
    );
  }

  /** The selection's rectangle, normalised. */
  private selected(): { r0: number; r1: number; c0: number; c1: number } {
    const { row, col, lastRow, lastCol } = this.book.selection;
    return {
      r0: Math.min(row, lastRow),
      r1: Math.max(row, lastRow),
      c0: Math.min(col, lastCol),
      c1: Math.max(col, lastCol),
    };
  }

  /** Marks the selected and active cells among the rendered rows `rows` (all when left out). */
  private markSelection(rows?: number[]): void {
    const { r0, r1, c0, c1 } = this.selected();
    const { row, col } = this.book.selection;
    const lines = rows ?? [...this.rows.keys()];
    for (const r of lines) {
      const tr = this.rows.get(r);
      if (!tr) continue;
      const inRows = r >= r0 && r <= r1;
      for (const td of tr.children) {
        if (td.tagName !== "TD") continue;
        const c = Number((td as HTMLElement).dataset.col);
        const selected = inRows && c >= c0 && c <= c1;
        td.classList.toggle("selected", selected);
        td.classList.toggle("active", r === row && c === col);
        if (selected) td.setAttribute("aria-selected", "true");
        else td.removeAttribute("aria-selected");
      }
    }
  }

  /**
   * Highlights the selection and shows the active cell in the name box, formula bar and status;
   * `reveal` scrolls it into view first (a move of the cursor; not a redraw after a change).
   */
  private showSelection(reveal = true): void {
    const { book, ui } = this;
    const { row, col } = book.selection;
    if (reveal) this.reveal(this.cursor.row, this.cursor.col);
    this.markSelection();
    const { r0, r1, c0, c1 } = this.selected();
    const active = this.rows.get(row) ? `cell-${a1(row, col)}` : undefined;
    if (active) ui.grid.setAttribute("aria-activedescendant", active);
    else ui.grid.removeAttribute("aria-activedescendant");
    ui.nameBox.textContent = r0 === r1 && c0 === c1 ? a1(row, col) : `${a1(r0, c0)}:${a1(r1, c1)}`;
    const value = book.value(book.activeSheet, row, col);
    const contents = book.contents(book.activeSheet, row, col);
    // A typed TRUE or FALSE is a boolean, which the engine writes back in lower case.
    ui.formulaInput.value =
      typeof value === "boolean" && /^(true|false)$/i.test(contents)
        ? contents.toUpperCase()
        : contents;
    ui.status.textContent =
      value !== null && typeof value === "object"
        ? `${a1(row, col)}: ${value.error} — ${value.message || "see the function's help"}`
        : "";
  }

  /**
   * Scrolls the cell at `address` ("E55") of the active sheet into view, so that it is drawn, without
   * selecting it: how the browser tests reach a cell below the rows in view before clicking it.
   */
  show(address: string): void {
    const { row, col } = parseA1(address);
    this.reveal(row, col);
  }

  /** Scrolls the container so that the cell is in view below the frozen rows and right of the frozen columns. */
  private reveal(row: number, col: number): void {
    const layout = this.layout;
    if (!layout) return;
    const { grid } = this.ui;
    const { freezeRows, freezeCols, lefts, widths, rowHeader } = layout;
    if (row >= freezeRows) {
      const top = (row - freezeRows) * ROW_HEIGHT; // the scrollTop that puts it first below the frozen rows
      const visible = grid.clientHeight - ROW_HEIGHT * (1 + freezeRows);
      if (grid.scrollTop > top) grid.scrollTop = top;
      else if (grid.scrollTop + visible < top + ROW_HEIGHT)
        grid.scrollTop = top + ROW_HEIGHT - Math.max(ROW_HEIGHT, visible);
    }
    if (col >= freezeCols && col < layout.colCount) {
      const frozenWidth = freezeCols > 0 ? lefts[freezeCols] : 0;
      const left = lefts[col] - frozenWidth;
      const visible = grid.clientWidth - rowHeader - frozenWidth;
      if (grid.scrollLeft > left) grid.scrollLeft = left;
      else if (grid.scrollLeft + visible < left + widths[col])
        grid.scrollLeft = left + widths[col] - Math.max(widths[col], visible);
    }
    // the scroll event comes later: the cell must be in the DOM now (for an edit, for the tests)
    this.renderRows();
  }

  private select(row: number, col: number, extend: boolean): void {
    const layout = this.layout;
    const r = Math.min(Math.max(0, row), (layout?.rowCount ?? EXCEL_ROWS) - 1);
    const c = Math.min(Math.max(0, col), (layout?.colCount ?? MAX_COLS) - 1);
    if (!extend) this.anchor = { row: r, col: c };
    this.cursor = { row: r, col: c };
    // the port's selection is a normalised rectangle; its top-left cell is the one formulas go to
    const { anchor } = this;
    this.book.select(
      Math.min(anchor.row, r),
      Math.min(anchor.col, c),
      Math.max(anchor.row, r),
      Math.max(anchor.col, c)
    );
    this.showSelection();
  }

  private onMouse(event: MouseEvent): void {
    const td = (event.target as HTMLElement).closest<HTMLElement>("td[data-address]");
    if (!td || this.editor?.contains(event.target as Node)) return;
    if (this.editor) this.commit(this.editor.value, 0, 0);
    this.select(Number(td.dataset.row), Number(td.dataset.col), event.shiftKey);
    this.ui.grid.focus();
    event.preventDefault();
  }

  /**
   * Ctrl+arrow as in Excel: from a full cell with a full neighbour, to the last full cell of that
   * run; otherwise to the next full cell; with none, to the edge of the sheet.
   */
  private edge(row: number, col: number, dr: number, dc: number): { row: number; col: number } {
    const layout = this.layout!;
    const { sheet } = layout;
    const lastRow = layout.rowCount - 1;
    const lastCol = layout.colCount - 1;
    const inside = (r: number, c: number): boolean =>
      r >= 0 && c >= 0 && r <= lastRow && c <= lastCol;
    const full = (r: number, c: number): boolean => !this.book.isEmpty(sheet, r, c);
    let r = row + dr;
    let c = col + dc;
    if (!inside(r, c)) return { row, col };
    if (full(row, col) && full(r, c)) {
      while (inside(r + dr, c + dc) && full(r + dr, c + dc)) {
        r += dr;
        c += dc;
      }
      return { row: r, col: c };
    }
    while (!full(r, c) && inside(r + dr, c + dc)) {
      r += dr;
      c += dc;
    }
    return { row: r, col: c };
  }

  private onKey(event: KeyboardEvent): void {
    if (this.editor) {
      if (event.key === "Enter" || event.key === "Tab") {
        event.preventDefault();
        this.commit(
          this.editor.value,
          event.key === "Enter" ? (event.shiftKey ? -1 : 1) : 0,
          event.key === "Tab" ? 1 : 0
        );
      } else if (event.key === "Escape") {
        event.preventDefault();
        this.editor = null;
        this.render();
        this.ui.grid.focus();
      }
      return;
    }
    const { row, col } = this.book.selection;
    const cursor = event.shiftKey ? this.cursor : { row, col };
    const ctrl = event.ctrlKey || event.metaKey;
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    const layout = this.layout;
    if (event.key in moves) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      if (ctrl && layout) {
        const to = this.edge(cursor.row, cursor.col, dr, dc);
        this.select(to.row, to.col, event.shiftKey);
      } else this.select(cursor.row + dr, cursor.col + dc, event.shiftKey);
    } else if (ctrl && event.key === "Home") {
      event.preventDefault();
      // as in Excel: the first cell below and right of the frozen panes
      this.select(layout?.freezeRows ?? 0, layout?.freezeCols ?? 0, event.shiftKey);
    } else if (ctrl && event.key === "End") {
      event.preventDefault();
      this.select(
        Math.max(0, (layout?.usedRows ?? 1) - 1),
        Math.max(0, (layout?.usedCols ?? 1) - 1),
        event.shiftKey
      );
    } else if (event.key === "PageDown" || event.key === "PageUp") {
      event.preventDefault();
      const frozen = layout?.freezeRows ?? 0;
      const page = Math.max(
        1,
        Math.floor((this.ui.grid.clientHeight - ROW_HEIGHT * (1 + frozen)) / ROW_HEIGHT)
      );
      const step = event.key === "PageDown" ? page : -page;
      // the view moves a screen and the cursor with it, as in Excel
      this.ui.grid.scrollTop += step * ROW_HEIGHT;
      this.select(cursor.row + step, cursor.col, event.shiftKey);
    } else if (event.key === "Enter") {
      event.preventDefault();
      this.select(row + (event.shiftKey ? -1 : 1), col, false);
    } else if (event.key === "Tab" || event.key === "F6") {
      // Leave the grid: forward to the task pane, backward to the formula bar.
      event.preventDefault();
      if (event.shiftKey) this.ui.formulaInput.focus();
      else this.focusPane();
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.focusPane();
    } else if (event.key === "F2") {
      event.preventDefault();
      this.startEdit();
    } else if (event.key === "Delete" || event.key === "Backspace") {
      event.preventDefault();
      this.clearSelection();
    } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      this.startEdit(event.key);
    }
  }

  /** Moves the focus into the task pane: its first control (the selected tab), else the frame. */
  private focusPane(): void {
    const pane = this.ui.pane;
    if (!pane) {
      this.ui.grid.blur();
      return;
    }
    pane.focus();
    const inside = pane.contentDocument?.querySelector<HTMLElement>(
      '[role="tab"][aria-selected="true"], button, input, select, textarea, a[href], [tabindex="0"]'
    );
    inside?.focus();
  }

  private startEdit(initial?: string): void {
    const { row, col } = this.book.selection;
    this.reveal(row, col);
    const td = this.ui.grid.querySelector<HTMLElement>(`td[data-address="${a1(row, col)}"]`);
    if (!td) return;
    const input = el("input", {
      className: "cell-editor",
      "aria-label": `Edit ${a1(row, col)}`,
      spellcheck: "false",
      autocomplete: "off",
    });
    input.value = initial ?? this.book.contents(this.book.activeSheet, row, col);
    fill(td, input);
    td.classList.remove("overflow");
    this.editor = input;
    input.focus({ preventScroll: true });
    input.setSelectionRange(input.value.length, input.value.length);
    input.addEventListener("keydown", (event) => {
      this.onKey(event);
      event.stopPropagation();
    });
    input.addEventListener("input", () => (this.ui.formulaInput.value = input.value));
  }

  /** Commits the edit without moving the selection or the view (its row is scrolling away). */
  private commitInPlace(): void {
    const editor = this.editor;
    if (!editor) return;
    this.editor = null;
    const { row, col } = this.book.selection;
    try {
      this.book.setContents(this.book.activeSheet, row, col, editor.value);
    } catch (error) {
      this.ui.status.textContent = `Could not set ${a1(row, col)}: ${(error as Error).message}`;
    }
    this.ui.grid.focus({ preventScroll: true });
  }

  private commit(text: string, down: number, right: number): void {
    const { row, col } = this.book.selection;
    this.editor = null;
    let problem: string | undefined;
    try {
      this.book.setContents(this.book.activeSheet, row, col, text);
    } catch (error) {
      problem = `Could not set ${a1(row, col)}: ${(error as Error).message}`;
    }
    this.render();
    this.select(row + down, col + right, false);
    // after the selection moved, whose own status line would otherwise replace it
    if (problem) this.ui.status.textContent = problem;
    this.ui.grid.focus({ preventScroll: true });
  }

  /** Delete: the selected cells emptied; a protected sheet (the Hedge log) says so and keeps them. */
  private clearSelection(): void {
    const { row, col, lastRow, lastCol } = this.book.selection;
    try {
      for (let r = Math.min(row, lastRow); r <= Math.max(row, lastRow); r++) {
        for (let c = Math.min(col, lastCol); c <= Math.max(col, lastCol); c++) {
          if (this.book.contents(this.book.activeSheet, r, c) !== "")
            this.book.setContents(this.book.activeSheet, r, c, "");
        }
      }
    } catch (error) {
      this.ui.status.textContent = `Could not clear ${a1(row, col)}: ${(error as Error).message}`;
    }
  }
}

/** A row that stands for the rows not in the DOM (its height set by renderRows). */
function spacer(): HTMLTableRowElement {
  return el("tr", { className: "spacer", "aria-hidden": "true" }, el("td", { colSpan: 1 }));
}
