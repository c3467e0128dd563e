/**
 * One wizard's view: a form built from ./wizardSpecs, validated as the user types by the wizard's own
 * `validate` (messages beside the fields, Run disabled until valid), "Use selected range" with a
 * column-mapping step, a sample to start from, progress while writing, and a result with a link to
 * the new sheet. Everything goes through the WorkbookPort; nothing here touches Excel directly.
 */
import {
  fromRows,
  guessColumns,
  readNumber,
  type FieldError,
  type WantedColumn,
  type Wizard,
} from "../templates";
import type { CellValue } from "../templates/plan";
import type { WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";
import { FORMS, type Field, type ScalarField, type TableField } from "./wizardSpecs";

type Input = Record<string, unknown>;

const clone = <T>(value: T): T =>
  JSON.parse(
    JSON.stringify(value, (_k, v) => (Number.isNaN(v) ? "NaN" : v)),
    (_k, v) => (v === "NaN" ? NaN : v)
  );

/** A number as typed: "1,000", "10%", "$5" read as the templates read a selected range's cells. */
export const parseNumber = (text: string): number | undefined => readNumber(text);

const showNumber = (value: unknown): string =>
  typeof value === "number" && Number.isFinite(value) ? String(value) : "";

/** Today in the user's time zone, yyyy-mm-dd (the sheet name's date). */
export function today(): string {
  const now = new Date();
  const pad = (n: number): string => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const fieldId = (path: string): string => `field-${path.replace(/\./g, "-")}`;

export interface WizardViewOptions {
  wizard: Wizard<Input>;
  workbook: WorkbookPort | null;
  onBack: () => void;
}

export function renderWizard(root: HTMLElement, options: WizardViewOptions): void {
  const { wizard, workbook } = options;
  const form = FORMS[wizard.id];
  let input: Input = clone(wizard.sample() as Input);
  let errors: FieldError[] = [];
  let busy = false;

  const summary = el("div", {
    className: "error-summary",
    id: `errors-${wizard.id}`,
    role: "status",
    "aria-live": "polite",
  });
  const run = el(
    "button",
    { type: "button", className: "button primary", id: "wizard-run" },
    "Write the sheet"
  );
  const progress = el("progress", {
    id: "wizard-progress",
    max: 1,
    value: 0,
    hidden: true,
    "aria-label": "Writing the sheet",
  });
  const result = el("div", {
    id: "wizard-result",
    role: "status",
    "aria-live": "polite",
    tabindex: -1,
  });
  const body = el("div", { className: "wizard-fields" });
  const mappingArea = el("div", { id: "mapping" });

  const setAt = (path: string, value: unknown): void => {
    const keys = path.split(".");
    let target: Record<string, unknown> = input;
    for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
    const last = keys[keys.length - 1];
    if (value === undefined) delete target[last];
    else target[last] = value;
  };

  const validate = (): void => {
    errors = wizard.validate(input as never);
    for (const node of root.querySelectorAll<HTMLElement>("[data-error-for]"))
      node.textContent = "";
    for (const node of root.querySelectorAll<HTMLElement>("[aria-invalid]"))
      node.removeAttribute("aria-invalid");
    const unplaced: FieldError[] = [];
    for (const error of errors) {
      // the deepest rendered field the error belongs to: "holdings.3.price", else "holdings.3", else "holdings"
      const parts = error.field.split(".");
      let placed = false;
      for (let n = parts.length; n > 0 && !placed; n--) {
        const path = parts.slice(0, n).join(".");
        const slot = root.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path)}"]`);
        if (slot) {
          slot.textContent = slot.textContent
            ? `${slot.textContent} ${error.message}`
            : error.message;
          root.querySelector(`#${CSS.escape(fieldId(path))}`)?.setAttribute("aria-invalid", "true");
          placed = true;
        }
      }
      if (!placed) unplaced.push(error);
    }
    fill(
      summary,
      errors.length === 0
        ? el("p", { className: "ok" }, "Inputs are valid.")
        : el(
            "div",
            {},
            el(
              "p",
              {},
              errors.length === 1
                ? "1 input needs attention:"
                : `${errors.length} inputs need attention:`
            ),
            el("ul", {}, ...errors.slice(0, 8).map((e) => el("li", {}, e.message))),
            errors.length > 8 ? el("p", {}, `…and ${errors.length - 8} more.`) : null
          )
    );
    // errors on fields the form does not show (rare) are in the summary above; keep them announced
    if (unplaced.length) summary.setAttribute("data-unplaced", String(unplaced.length));
    run.disabled = busy || errors.length > 0 || workbook === null;
    run.title =
      workbook === null ? "Open AltHedge in Excel (or the playground) to write sheets." : "";
  };

  const scalarInput = (
    field: ScalarField,
    path: string,
    value: unknown,
    labelled: string
  ): HTMLElement => {
    const id = fieldId(path);
    const common = {
      id,
      "data-path": path,
      "aria-describedby": `${id}-error`,
      "aria-label": labelled,
    };
    if (field.kind === "boolean") {
      const box = el("input", { ...common, type: "checkbox" });
      box.checked = value === true;
      box.addEventListener("change", () => {
        setAt(path, box.checked);
        validate();
      });
      return box;
    }
    if (field.kind === "select") {
      const select = el(
        "select",
        common,
        ...(field.options ?? []).map((o) => el("option", { value: o.value }, o.label))
      );
      select.value = String(value ?? field.options?.[0]?.value ?? "");
      select.addEventListener("change", () => {
        setAt(path, select.value);
        validate();
      });
      return select;
    }
    const box = el("input", {
      ...common,
      type: field.kind === "date" ? "date" : "text",
      inputmode: field.kind === "number" ? "decimal" : undefined,
      autocomplete: "off",
      spellcheck: "false",
    });
    box.value = field.kind === "number" ? showNumber(value) : String(value ?? "");
    box.addEventListener("input", () => {
      if (field.kind === "number") {
        const parsed = parseNumber(box.value);
        setAt(path, parsed === undefined ? (field.optional ? undefined : NaN) : parsed);
      } else setAt(path, box.value);
      validate();
    });
    return box;
  };

  const errorSlot = (path: string): HTMLElement =>
    el("p", { className: "field-error", id: `${fieldId(path)}-error`, "data-error-for": path });

  const renderTable = (field: TableField): HTMLElement => {
    const rows = (input[field.key] as Record<string, unknown>[]) ?? [];
    const table = el(
      "table",
      { className: "input-table", id: fieldId(field.key) },
      el("caption", { className: "visually-hidden" }, field.label),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...field.columns.map((c) => el("th", { scope: "col" }, c.label)),
          el("th", { scope: "col" }, el("span", { className: "visually-hidden" }, "Remove"))
        )
      ),
      el(
        "tbody",
        {},
        ...rows.map((row, i) =>
          el(
            "tr",
            {},
            ...field.columns.map((column) =>
              el(
                "td",
                {},
                scalarInput(
                  column,
                  `${field.key}.${i}.${column.key}`,
                  row[column.key],
                  `${column.label}, row ${i + 1}`
                ),
                errorSlot(`${field.key}.${i}.${column.key}`)
              )
            ),
            el(
              "td",
              {},
              el(
                "button",
                {
                  type: "button",
                  className: "icon-button",
                  "aria-label": `Remove row ${i + 1}`,
                  onclick: () => {
                    rows.splice(i, 1);
                    renderFields();
                  },
                },
                "×"
              )
            )
          )
        )
      )
    );
    return el(
      "fieldset",
      { className: "table-field" },
      el("legend", {}, field.label),
      field.hint ? el("p", { className: "hint" }, field.hint) : null,
      el("div", { className: "table-scroll" }, table),
      errorSlot(field.key),
      el(
        "button",
        {
          type: "button",
          className: "button",
          onclick: () => {
            rows.push(clone(field.blank));
            input[field.key] = rows;
            renderFields();
            root
              .querySelector<HTMLElement>(
                `#${CSS.escape(fieldId(`${field.key}.${rows.length - 1}.${field.columns[0].key}`))}`
              )
              ?.focus();
          },
        },
        "Add a row"
      )
    );
  };

  const renderField = (field: Field): HTMLElement => {
    if (field.kind === "table") return renderTable(field);
    const id = fieldId(field.key);
    if (field.kind === "numbers") {
      const values = (input[field.key] as number[]) ?? [];
      const box = field.long
        ? el("textarea", {
            id,
            rows: 6,
            "aria-describedby": `${id}-error ${id}-hint`,
            spellcheck: "false",
          })
        : el("input", {
            id,
            type: "text",
            "aria-describedby": `${id}-error ${id}-hint`,
            autocomplete: "off",
          });
      box.value = values.map(showNumber).join(field.long ? "\n" : ", ");
      box.addEventListener("input", () => {
        const parts = box.value
          .split(field.long ? /[\n;]+/ : /[,;\s]+/)
          .map((t) => t.trim())
          .filter((t) => t !== "");
        setAt(
          field.key,
          parts.map((t) => parseNumber(t) ?? NaN)
        );
        validate();
      });
      return el(
        "div",
        { className: "field" },
        el("label", { for: id }, field.label, field.long ? ` (${values.length})` : ""),
        field.hint ? el("p", { className: "hint", id: `${id}-hint` }, field.hint) : null,
        box,
        errorSlot(field.key)
      );
    }
    const control = scalarInput(field, field.key, input[field.key], field.label);
    control.removeAttribute("aria-label");
    control.setAttribute("aria-describedby", `${id}-error ${id}-hint`);
    return el(
      "div",
      { className: field.kind === "boolean" ? "field inline" : "field" },
      el(
        "label",
        { for: id },
        field.label,
        field.optional ? el("span", { className: "muted" }, " (optional)") : null
      ),
      field.hint ? el("p", { className: "hint", id: `${id}-hint` }, field.hint) : null,
      control,
      errorSlot(field.key)
    );
  };

  const renderFields = (): void => {
    fill(body, ...form.fields.map(renderField));
    validate();
  };

  /** "Use selected range": read it, guess the columns from its header row, let the user correct. */
  const useSelection = async (): Promise<void> => {
    if (!workbook) return;
    fill(result);
    let selection;
    try {
      selection = await workbook.readSelection();
    } catch (error) {
      fill(
        mappingArea,
        el(
          "p",
          { className: "message error" },
          `Could not read the selection: ${(error as Error).message}`
        )
      );
      return;
    }
    const [headerRow = [], ...rows] = selection.values;
    const headers = headerRow.map((h) => String(h ?? ""));
    if (rows.length === 0) {
      fill(
        mappingArea,
        el(
          "p",
          { className: "message error" },
          `Select a range with a header row and at least one data row (the selection is ${selection.address}).`
        )
      );
      return;
    }
    const table = form.fields.find((f): f is TableField => f.kind === "table" && !!f.mapping);
    const wanted: WantedColumn[] = table?.mapping?.columns ?? form.seriesMapping?.columns ?? [];
    const mapping = guessColumns(headers, wanted);
    const selects = wanted.map((column) => {
      const id = `map-${column.key}`;
      const select = el(
        "select",
        { id },
        el("option", { value: "" }, "— none —"),
        ...headers.map((h, i) => el("option", { value: String(i) }, h || `Column ${i + 1}`))
      );
      select.value = mapping[column.key] === undefined ? "" : String(mapping[column.key]);
      select.addEventListener(
        "change",
        () => (mapping[column.key] = select.value === "" ? undefined : Number(select.value))
      );
      return el("div", { className: "field inline" }, el("label", { for: id }, column.key), select);
    });
    const apply = el(
      "button",
      {
        type: "button",
        className: "button primary",
        id: "mapping-apply",
        onclick: () => {
          applyMapping(rows, mapping);
          fill(
            mappingArea,
            el(
              "p",
              { className: "message" },
              `Read ${rows.length} rows from ${selection!.sheet}!${selection!.address}.`
            )
          );
          renderFields();
        },
      },
      "Use these columns"
    );
    fill(
      mappingArea,
      el(
        "fieldset",
        { className: "mapping" },
        el("legend", {}, `Columns of ${selection.sheet}!${selection.address}`),
        el("p", { className: "hint" }, "Guessed from the header row; correct any that are wrong."),
        ...selects,
        apply,
        el(
          "button",
          { type: "button", className: "button", onclick: () => fill(mappingArea) },
          "Cancel"
        )
      )
    );
    (selects[0]?.querySelector("select") as HTMLElement | null)?.focus();
  };

  const applyMapping = (rows: CellValue[][], mapping: Record<string, number | undefined>): void => {
    const table = form.fields.find((f): f is TableField => f.kind === "table" && !!f.mapping);
    if (table?.mapping) {
      input[table.key] = fromRows(rows, mapping, table.mapping.kind as never);
      return;
    }
    for (const [column, target] of Object.entries(form.seriesMapping?.targets ?? {})) {
      const index = mapping[column];
      if (index === undefined) continue;
      input[target] = rows
        .map((row) => row[index])
        .filter((cell) => cell !== null && cell !== "")
        .map((cell) => (typeof cell === "number" ? cell : (parseNumber(String(cell)) ?? NaN)));
    }
    delete input.dates;
    delete input.prices;
  };

  const doRun = async (): Promise<void> => {
    if (!workbook || errors.length > 0) return;
    busy = true;
    validate();
    progress.hidden = false;
    progress.value = 0;
    fill(result, el("p", {}, "Writing the sheet…"));
    try {
      const plan = wizard.build(input as never, today());
      const written = await workbook.applyPlan(
        plan,
        {
          timestamp: new Date().toISOString(),
          wizard: wizard.title,
          sheet: plan.name,
          inputs: wizard.logSummary(input as never),
        },
        (done, total) => (progress.value = total === 0 ? 1 : done / total)
      );
      fill(
        result,
        el(
          "div",
          { className: "message success" },
          el(
            "p",
            {},
            `Wrote ${written.cells.toLocaleString("en-US")} cells to a new sheet, `,
            el("strong", {}, written.sheet),
            ", and added a row to the Hedge log."
          ),
          el(
            "button",
            {
              type: "button",
              className: "link-button",
              id: "wizard-open-sheet",
              onclick: () => void workbook.activateSheet(written.sheet),
            },
            `Go to ${written.sheet}`
          )
        )
      );
    } catch (error) {
      fill(
        result,
        el(
          "p",
          { className: "message error" },
          `${(error as Error).message} Check the inputs and run again.`
        )
      );
    } finally {
      busy = false;
      progress.hidden = true;
      validate();
      result.focus();
    }
  };
  run.addEventListener("click", () => void doRun());

  fill(
    root,
    el(
      "button",
      { type: "button", className: "link-button", id: "wizard-back", onclick: options.onBack },
      "← All wizards"
    ),
    el("h2", { id: "wizard-title", tabindex: -1 }, wizard.title),
    el("p", { className: "muted" }, form.why),
    el(
      "div",
      { className: "toolbar" },
      el(
        "button",
        {
          type: "button",
          className: "button",
          id: "wizard-use-selection",
          disabled: workbook === null,
          onclick: () => void useSelection(),
        },
        "Use selected range"
      ),
      el(
        "button",
        {
          type: "button",
          className: "button",
          id: "wizard-sample",
          onclick: () => {
            input = clone(wizard.sample() as Input);
            fill(mappingArea);
            renderFields();
          },
        },
        "Start from the sample"
      )
    ),
    mappingArea,
    body,
    summary,
    el("div", { className: "toolbar" }, run, progress),
    el(
      "p",
      { className: "hint" },
      `Writes a new sheet named “${wizard.sheetPrefix} ${today()}” (or “… (2)”); nothing existing is changed.`
    ),
    result
  );
  renderFields();
  // a new view: start at its top and move focus to its title, so a screen reader announces it
  root.closest("main")?.scrollTo?.(0, 0);
  window.scrollTo(0, 0);
  root.querySelector<HTMLElement>("#wizard-title")?.focus();
}
