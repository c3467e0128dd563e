/**
 * The form on screen: renders a `FormModel`'s bound fields (text boxes, checkboxes, drop-downs, lists,
 * tables with rows to add and remove), writes each change into the model, and shows each validation
 * message beside its field (aria-invalid on the control) with a summary under the form.
 */
import type { FieldError } from "../templates";
import { el, fill } from "./dom";
import {
  errorSummary,
  fieldId,
  placeErrors,
  type Bound,
  type BoundScalar,
  type FormModel,
} from "./form";

export interface FormView {
  /** The fields. */
  fields: HTMLElement;
  /** The summary of the messages, for under the form. */
  summary: HTMLElement;
  /** Renders the fields again from the model's input (after a new input, or rows added or removed). */
  render(): void;
  /** Puts each message beside its field and lists them in the summary. */
  showErrors(errors: readonly FieldError[]): void;
}

/** `onChange` runs after every change the user makes, and after every `render`. */
export function renderForm<I>(
  model: FormModel<I>,
  options: { id: string; onChange: () => void }
): FormView {
  const fields = el("div", { className: "wizard-fields" });
  const summary = el("div", {
    className: "error-summary",
    id: `errors-${options.id}`,
    role: "status",
    "aria-live": "polite",
  });
  const changed = options.onChange;

  const errorSlot = (path: string): HTMLElement =>
    el("p", { className: "field-error", id: `${fieldId(path)}-error`, "data-error-for": path });

  /** The control alone; `labelled` names it where no <label> does (a table's cells). */
  const control = (field: BoundScalar, labelled?: string): HTMLElement => {
    const id = fieldId(field.path);
    const common = {
      id,
      "data-path": field.path,
      "aria-describedby": `${id}-error`,
      "aria-label": labelled,
    };
    if (field.kind === "boolean") {
      const box = el("input", { ...common, type: "checkbox" });
      box.checked = field.checked;
      box.addEventListener("change", () => {
        field.write(box.checked);
        changed();
      });
      return box;
    }
    if (field.kind === "select") {
      const choice = el(
        "select",
        common,
        ...field.options.map((o) => el("option", { value: o.value }, o.label))
      );
      choice.value = field.selected;
      choice.addEventListener("change", () => {
        field.write(choice.value);
        changed();
      });
      return choice;
    }
    const box = el("input", {
      ...common,
      type: field.kind === "date" ? "date" : "text",
      inputmode: field.kind === "number" ? "decimal" : undefined,
      autocomplete: "off",
      spellcheck: "false",
    });
    box.value = field.text;
    box.addEventListener("input", () => {
      field.write(box.value);
      changed();
    });
    return box;
  };

  const describedBy = (id: string, hint: string | undefined): string =>
    hint ? `${id}-error ${id}-hint` : `${id}-error`;

  const hintOf = (id: string, hint: string | undefined): HTMLElement | null =>
    hint ? el("p", { className: "hint", id: `${id}-hint` }, hint) : null;

  const renderTable = (field: Extract<Bound, { kind: "table" }>): HTMLElement => {
    const grid = el(
      "table",
      { className: "input-table", id: fieldId(field.path) },
      el("caption", { className: "visually-hidden" }, field.label),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          ...field.columns.map((c) => el("th", { scope: "col" }, c.label)),
          el(
            "th",
            { scope: "col", className: "remove-cell" },
            el("span", { className: "visually-hidden" }, "Remove")
          )
        )
      ),
      el(
        "tbody",
        {},
        ...field.rows.map((cells, i) =>
          el(
            "tr",
            {},
            ...cells.map((cell) => el("td", {}, control(cell, cell.label), errorSlot(cell.path))),
            el(
              "td",
              { className: "remove-cell" },
              el(
                "button",
                {
                  type: "button",
                  className: "icon-button",
                  "aria-label": `Remove row ${i + 1}`,
                  onclick: () => {
                    field.remove(i);
                    render();
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
      el("div", { className: "table-scroll" }, grid),
      errorSlot(field.path),
      el(
        "button",
        {
          type: "button",
          className: "button",
          onclick: () => {
            field.add();
            render();
            // focus the new row's first cell
            const row = field.rows.length;
            const first = field.columns[0]?.key;
            if (first !== undefined)
              fields
                .querySelector<HTMLElement>(
                  `#${CSS.escape(fieldId(`${field.path}.${row}.${first}`))}`
                )
                ?.focus();
          },
        },
        "Add a row"
      )
    );
  };

  const renderField = (field: Bound): HTMLElement => {
    if (field.kind === "table") return renderTable(field);
    const id = fieldId(field.path);
    if (field.kind === "numbers") {
      const attributes = {
        id,
        "aria-describedby": describedBy(id, field.hint),
        spellcheck: "false",
      };
      const box = field.long
        ? el("textarea", { ...attributes, rows: 6 })
        : el("input", { ...attributes, type: "text", autocomplete: "off" });
      box.value = field.text;
      box.addEventListener("input", () => {
        field.write(box.value);
        changed();
      });
      return el(
        "div",
        { className: "field" },
        el("label", { for: id }, field.label, field.long ? ` (${field.count})` : ""),
        hintOf(id, field.hint),
        box,
        errorSlot(field.path)
      );
    }
    const box = control(field);
    box.setAttribute("aria-describedby", describedBy(id, field.hint));
    const optional = field.kind !== "boolean" && field.kind !== "select" && field.optional;
    const fallback =
      field.kind !== "boolean" && field.kind !== "select" ? field.fallback : undefined;
    return el(
      "div",
      { className: field.kind === "boolean" ? "field inline" : "field" },
      el(
        "label",
        { for: id },
        field.label,
        optional ? el("span", { className: "muted" }, " (optional") : null,
        // what a blank field stands for, kept current as the other inputs change (see showDefaults)
        fallback ? el("span", { className: "muted", "data-default-for": field.path }, "") : null,
        optional ? el("span", { className: "muted" }, ")") : null
      ),
      hintOf(id, field.hint),
      box,
      errorSlot(field.path)
    );
  };

  /** Each optional field's default as it stands now: ", default 365". */
  let fallbacks: { path: string; text: () => string }[] = [];
  const showDefaults = (): void => {
    for (const { path, text } of fallbacks) {
      const slot = fields.querySelector(`[data-default-for="${CSS.escape(path)}"]`);
      if (slot) slot.textContent = `, default ${text()}`;
    }
  };

  const render = (): void => {
    const bound = model.bind();
    fallbacks = bound.flatMap((field) =>
      field.kind !== "table" && "fallback" in field && field.fallback
        ? [{ path: field.path, text: field.fallback }]
        : []
    );
    fill(fields, ...bound.map(renderField));
    changed();
  };

  const showErrors = (errors: readonly FieldError[]): void => {
    showDefaults();
    for (const node of fields.querySelectorAll<HTMLElement>("[data-error-for]"))
      node.textContent = "";
    for (const node of fields.querySelectorAll<HTMLElement>("[aria-invalid]"))
      node.removeAttribute("aria-invalid");
    const slot = (path: string): HTMLElement | null =>
      fields.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(path)}"]`);
    const { placed, unplaced } = placeErrors(errors, (path) => slot(path) !== null);
    for (const [path, messages] of placed) {
      slot(path)!.textContent = messages.join(" ");
      fields.querySelector(`#${CSS.escape(fieldId(path))}`)?.setAttribute("aria-invalid", "true");
    }
    const text = errorSummary(errors);
    fill(
      summary,
      text.ok
        ? el("p", { className: "ok" }, text.heading)
        : el(
            "div",
            {},
            el("p", {}, text.heading),
            el("ul", {}, ...text.messages.map((m) => el("li", {}, m))),
            text.more ? el("p", {}, text.more) : null
          )
    );
    // errors on fields the form does not show (rare) are in the summary above; keep them announced
    if (unplaced.length) summary.setAttribute("data-unplaced", String(unplaced.length));
    else summary.removeAttribute("data-unplaced");
  };

  return { fields, summary, render, showErrors };
}
