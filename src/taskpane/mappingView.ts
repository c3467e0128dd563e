/**
 * "Use selected range" on screen: reads the selection through the WorkbookPort, shows one drop-down
 * per wanted column with the guess from the header row (or, for an imported canonical table, the
 * columns read by their names, saying "Recognised the Holdings table"), lets the user correct it, and
 * hands the input read the wizard's way (./mapping) back to the wizard's view.
 */
import type { WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";
import {
  choiceOf,
  columnChoices,
  indexOf,
  labelOf,
  missingColumns,
  readSelected,
  selectedTable,
  type ColumnMapping,
} from "./mapping";

export interface MappingView {
  /** The "Use selected range" button. */
  button: HTMLButtonElement;
  /** Where the mapping step and its messages show. */
  area: HTMLElement;
  clear(): void;
}

export function renderMapping<I>(options: {
  mapping: ColumnMapping<I>;
  workbook: WorkbookPort | null;
  /** The input the selection is read into (the form's current one). */
  input: () => I;
  /** Runs when the user starts, before the selection is read. */
  onStart: () => void;
  /** The input with the selection read in. */
  onRead: (input: I) => void;
  /**
   * Why the wizard must not write now, or undefined: while a selection is being mapped, the form
   * still holds what was there before, so Write waits for "Use these columns" (or Cancel).
   */
  onPending: (reason: string | undefined) => void;
}): MappingView {
  const { mapping, workbook } = options;
  const area = el("div", { id: "mapping" });
  const failed = (message: string): void => {
    options.onPending(undefined);
    fill(area, el("p", { className: "message error" }, message));
  };

  const start = async (): Promise<void> => {
    if (!workbook) return;
    options.onStart();
    let selection;
    try {
      selection = await workbook.readSelection();
    } catch (error) {
      failed(`Could not read the selection: ${(error as Error).message}`);
      return;
    }
    const split = selectedTable(selection, mapping.columns, mapping.canonical);
    if (!split.ok) {
      failed(split.message);
      return;
    }
    const { table } = split;
    const columns = { ...table.guess };
    const choices = columnChoices(table.headers);
    const rows = mapping.columns.map((column) => {
      const id = `map-${column.key}`;
      const choice = el(
        "select",
        { id },
        ...choices.map((c) => el("option", { value: c.value }, c.label))
      );
      choice.value = choiceOf(columns[column.key]);
      choice.setAttribute("aria-describedby", "mapping-status");
      choice.addEventListener("change", () => {
        columns[column.key] = indexOf(choice.value);
        check();
      });
      return {
        choice,
        row: el(
          "div",
          { className: "field" },
          el(
            "label",
            { for: id },
            labelOf(column),
            column.required ? el("span", { className: "muted" }, " (required)") : null
          ),
          choice
        ),
      };
    });
    // Beside the mapping: what is missing, or what is left to do; Write waits either way.
    const status = el("p", { className: "field-error", id: "mapping-status", role: "status" });
    const check = (): void => {
      const missing = missingColumns(mapping.columns, columns);
      apply.disabled = missing !== undefined;
      status.textContent =
        missing ?? "Choose “Use these columns” to read the selection, or Cancel to keep the form.";
      status.className = missing ? "field-error" : "hint";
      options.onPending(missing ?? "The selection is not read yet: choose “Use these columns”.");
    };
    const apply = el(
      "button",
      {
        type: "button",
        className: "button primary",
        id: "mapping-apply",
        onclick: () => {
          if (missingColumns(mapping.columns, columns) !== undefined) return;
          const read = readSelected(mapping, options.input(), table, columns);
          fill(area, el("p", { className: "message", id: "mapping-read" }, read.message));
          options.onPending(undefined);
          options.onRead(read.input);
        },
      },
      "Use these columns"
    );
    check();
    fill(
      area,
      el(
        "fieldset",
        { className: "mapping" },
        el("legend", {}, `Columns of ${table.where}`),
        table.recognised
          ? el("p", { className: "hint", id: "mapping-recognised" }, table.recognised.message)
          : el(
              "p",
              { className: "hint" },
              "Guessed from the header row; correct any that are wrong."
            ),
        ...rows.map((r) => r.row),
        status,
        apply,
        el(
          "button",
          {
            type: "button",
            className: "button",
            id: "mapping-cancel",
            onclick: () => {
              fill(area);
              options.onPending(undefined);
            },
          },
          "Cancel"
        )
      )
    );
    rows[0]?.choice.focus();
  };

  const button = el(
    "button",
    {
      type: "button",
      className: "button",
      id: "wizard-use-selection",
      disabled: workbook === null,
      onclick: () => void start(),
    },
    "Use selected range"
  );
  return {
    button,
    area,
    clear: () => {
      fill(area);
      options.onPending(undefined);
    },
  };
}
