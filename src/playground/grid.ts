/**
 * The playground's grid: the engine workbook's active sheet as an HTML table with a formula bar and
 * sheet tabs. Keyboard first, as in Excel: arrows move (Shift extends), Enter/F2 edit, typing starts
 * an edit, Enter commits and moves down (Tab right while editing), Escape cancels, Delete clears.
 * Text runs over empty neighbours to its right, as in Excel. The grid does not keep the focus: Tab,
 * F6 and Escape go to the task pane, Shift+Tab and Shift+F6 back to the formula bar.
 */
import { el, fill } from "../taskpane/dom";
import type { EngineWorkbook } from "../workbook/engine";
import { a1, columnName, parseRange } from "../templates/plan";
import { display } from "./format";

/** Rendering every row of a 10,000-row sheet would freeze the page; past this the grid says so. */
const MAX_ROWS = 1000;
const MAX_COLS = 52;

export interface GridElements {
  nameBox: HTMLElement;
  /** The task pane's frame, where Tab, F6 and Escape take the focus. */
  pane?: HTMLIFrameElement;
  formulaInput: HTMLInputElement;
  grid: HTMLElement;
  tabs: HTMLElement;
  status: HTMLElement;
}

export class Grid {
  private editor: HTMLInputElement | null = null;
  private anchor = { row: 0, col: 0 };
  private cursor = { row: 0, col: 0 };

  constructor(
    private readonly book: EngineWorkbook,
    private readonly ui: GridElements
  ) {
    book.onChange(() => this.render());
    ui.grid.addEventListener("keydown", (event) => this.onKey(event));
    ui.grid.addEventListener("mousedown", (event) => this.onMouse(event));
    ui.grid.addEventListener("dblclick", () => this.startEdit());
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

  render(): void {
    const { book, ui } = this;
    const sheet = book.activeSheet;
    const extras = book.extrasOf(sheet);
    const { rows, cols } = book.dimensions(sheet);
    const rowCount = Math.min(Math.max(rows + 10, 40), MAX_ROWS);
    const colCount = Math.min(Math.max(cols + 3, 12), MAX_COLS);
    const tableCells = new Map<string, "header" | "body">();
    for (const table of extras.tables) {
      const r = parseRange(table.range);
      for (let row = r.row; row <= r.lastRow; row++) {
        for (let col = r.col; col <= r.lastCol; col++)
          tableCells.set(a1(row, col), row === r.row ? "header" : "body");
      }
    }
    const head = el(
      "tr",
      {},
      el("th", { className: "corner", scope: "col" }),
      ...Array.from({ length: colCount }, (_, c) => {
        const width = extras.columnWidths.get(c);
        return el(
          "th",
          { scope: "col", style: width ? `width:${Math.round(width)}px` : undefined },
          columnName(c)
        );
      })
    );
    const body = Array.from({ length: rowCount }, (_, r) =>
      el(
        "tr",
        {},
        el("th", { scope: "row" }, String(r + 1)),
        ...Array.from({ length: colCount }, (_, c) => {
          const address = a1(r, c);
          const value = book.value(sheet, r, c);
          const classes = ["cell"];
          if (typeof value === "number") classes.push("number");
          if (typeof value === "boolean") classes.push("boolean");
          if (value === null || value === "") classes.push("blank");
          const text = typeof value === "string" && value !== "";
          if (value !== null && typeof value === "object") classes.push("error");
          if (book.isSpilled(sheet, r, c)) classes.push("spilled");
          const style = extras.styles.get(address);
          if (style) classes.push(`style-${style}`);
          const inTable = tableCells.get(address);
          if (inTable) classes.push(`table-${inTable}`);
          return el(
            "td",
            {
              className: classes.join(" "),
              "data-address": address,
              "data-row": r,
              "data-col": c,
              title:
                value !== null && typeof value === "object"
                  ? `${value.error} ${value.message}`
                  : undefined,
            },
            // Text sits in a span that may run over the empty cells to its right (see overflow()).
            text
              ? el("span", { className: "cell-text" }, display(value, extras.formats.get(address)))
              : display(value, extras.formats.get(address))
          );
        })
      )
    );
    const truncated =
      rows > MAX_ROWS
        ? el(
            "p",
            { className: "truncated" },
            `Rows after ${MAX_ROWS} are computed but not shown here.`
          )
        : null;
    fill(
      ui.grid,
      el("table", { className: "sheet-table" }, el("thead", {}, head), el("tbody", {}, ...body)),
      truncated
    );
    this.overflow();
    this.renderTabs();
    this.showSelection();
  }

  /**
   * As in Excel, a text longer than its cell runs over the empty cells to its right and stops at the
   * first full one (or the last column shown): each text's span gets that much room. Measured after
   * layout, so column widths are the ones drawn.
   */
  private overflow(): void {
    for (const row of this.ui.grid.querySelectorAll<HTMLTableRowElement>("tbody tr")) {
      const cells = [...row.querySelectorAll<HTMLElement>("td")];
      const rects = cells.map((td) => td.getBoundingClientRect());
      cells.forEach((td, i) => {
        const span = td.querySelector<HTMLElement>(":scope > .cell-text");
        if (!span) return;
        let end = i + 1;
        while (end < cells.length && cells[end].classList.contains("blank")) end++;
        const right = end < cells.length ? rects[end].left : rects[cells.length - 1].right;
        const padding = parseFloat(getComputedStyle(td).paddingLeft) || 0;
        span.style.maxWidth = `${Math.max(0, right - rects[i].left - 2 * padding)}px`;
        if (end > i + 1) td.classList.add("overflow");
      });
    }
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

  /** Highlights the selection and shows the active cell in the name box, formula bar and status. */
  private showSelection(): void {
    const { book, ui } = this;
    const { row, col, lastRow, lastCol } = book.selection;
    for (const td of ui.grid.querySelectorAll<HTMLElement>("td.selected, td.active"))
      td.classList.remove("selected", "active");
    const [r0, r1] = [Math.min(row, lastRow), Math.max(row, lastRow)];
    const [c0, c1] = [Math.min(col, lastCol), Math.max(col, lastCol)];
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++)
        ui.grid.querySelector(`td[data-address="${a1(r, c)}"]`)?.classList.add("selected");
    }
    const active = ui.grid.querySelector<HTMLElement>(`td[data-address="${a1(row, col)}"]`);
    active?.classList.add("active");
    active?.scrollIntoView({ block: "nearest", inline: "nearest" });
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

  private select(row: number, col: number, extend: boolean): void {
    const r = Math.max(0, row);
    const c = Math.max(0, col);
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
    const moves: Record<string, [number, number]> = {
      ArrowUp: [-1, 0],
      ArrowDown: [1, 0],
      ArrowLeft: [0, -1],
      ArrowRight: [0, 1],
    };
    if (event.key in moves) {
      event.preventDefault();
      const [dr, dc] = moves[event.key];
      this.select(cursor.row + dr, cursor.col + dc, event.shiftKey);
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
    this.editor = input;
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
    input.addEventListener("keydown", (event) => {
      this.onKey(event);
      event.stopPropagation();
    });
    input.addEventListener("input", () => (this.ui.formulaInput.value = input.value));
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
    this.ui.grid.focus();
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
