/**
 * One wizard's view, composed: the form (./formView: fields, messages beside them), "Use selected
 * range" where the wizard offers it (./mappingView), "Fill from imported tables" where the wizard
 * reads the canonical tables and the workbook holds them, a sample to start from, and the run (./runView:
 * progress, the write through the WorkbookPort, the result and the Hedge log row). It knows nothing about
 * any one wizard: what differs lives in the wizard's form (./wizardSpecs) and template module.
 */
import type { Wizard } from "../templates";
import type { WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";
import { DEFAULT_READER, FormModel, type Reader, type TablesFill, type WizardForm } from "./form";
import { renderForm } from "./formView";
import { renderMapping } from "./mappingView";
import { renderRun } from "./runView";

export interface WizardViewOptions<I> {
  wizard: Wizard<I>;
  form: WizardForm<I>;
  workbook: WorkbookPort | null;
  onBack: () => void;
  /** How typed numbers read: the host's separators (see WorkbookPort.numberFormat). */
  reader?: Reader;
}

export function renderWizard<I>(root: HTMLElement, options: WizardViewOptions<I>): void {
  const { wizard, form: spec, workbook } = options;
  const model = new FormModel(
    spec,
    wizard.validate,
    structuredClone(wizard.sample()),
    options.reader ?? DEFAULT_READER
  );
  const run = renderRun({ wizard, workbook, input: () => model.input });
  /** While a selection waits to be mapped, why Write waits (shown beside the mapping). */
  let pending: string | undefined;
  const update = (): void => {
    const errors = model.errors();
    form.showErrors(errors);
    run.setValid(errors.length === 0 && pending === undefined);
  };
  const form = renderForm(model, { id: wizard.id, onChange: update });
  const tables =
    spec.fromTables && workbook
      ? renderTablesFill({
          fill: spec.fromTables,
          workbook,
          input: () => model.input,
          onStart: run.clearResult,
          onRead: (input) => {
            mapping?.clear();
            model.reset(input);
            form.render();
          },
        })
      : undefined;
  const mapping = spec.mapping
    ? renderMapping({
        mapping: spec.mapping,
        workbook,
        input: () => model.input,
        onStart: run.clearResult,
        onRead: (input) => {
          tables?.clear();
          model.reset(input);
          form.render();
        },
        onPending: (reason) => {
          pending = reason;
          update();
        },
      })
    : undefined;

  fill(
    root,
    el(
      "button",
      { type: "button", className: "link-button", id: "wizard-back", onclick: options.onBack },
      "← All wizards"
    ),
    el("h2", { id: "wizard-title", tabindex: -1 }, wizard.title),
    el("p", { className: "muted" }, spec.why),
    el(
      "div",
      { className: "toolbar" },
      mapping?.button,
      el(
        "button",
        {
          type: "button",
          className: "button",
          id: "wizard-sample",
          onclick: () => {
            model.reset(structuredClone(wizard.sample()));
            mapping?.clear();
            tables?.clear();
            form.render();
          },
        },
        "Start from the sample"
      )
    ),
    tables?.area,
    mapping?.area,
    form.fields,
    form.summary,
    run.toolbar,
    run.note,
    run.result
  );
  form.render();
  // What the workbook already holds (the policy's limits) replaces the sample once read.
  if (spec.current && workbook) {
    void spec.current(workbook).then(
      (held) => {
        if (held === undefined || !root.isConnected) return;
        model.reset(held);
        form.render();
      },
      () => undefined // unreadable: the form keeps the sample, and Write says what is wrong
    );
  }
  // a new view: start at its top and move focus to its title, so a screen reader announces it
  root.closest("main")?.scrollTo?.(0, 0);
  window.scrollTo(0, 0);
  root.querySelector<HTMLElement>("#wizard-title")?.focus();
}

/**
 * "Fill from imported tables": shown only when the workbook holds the tables the wizard needs (asked
 * of the port once, when the view opens); each fill reads them again, so that a table imported
 * meanwhile is read as it is now. The fill replaces only the fields the wizard's `replaces` names (said
 * beside the button), and its notes — what was read, what was assumed, what is left to fill — show
 * below it. Keyboard: a native button and a labelled drop-down; the notes are a status region.
 */
function renderTablesFill<I>(options: {
  fill: TablesFill<I>;
  workbook: WorkbookPort;
  input: () => I;
  onStart: () => void;
  onRead: (input: I) => void;
}): { area: HTMLElement; clear(): void } {
  const { fill: spec, workbook } = options;
  const area = el("div", { id: "tables-fill", hidden: true });
  const notes = el("div", { id: "tables-notes", role: "status" });
  // Through a promise, so that a port that cannot read tables fails the promise, never the view.
  const read = () => Promise.resolve().then(() => workbook.readCanonicalTables(spec.kinds));

  const show = (tables: Awaited<ReturnType<typeof read>>): void => {
    const present = spec.kinds.filter((kind) => (tables[kind]?.rows.length ?? 0) > 0);
    if (!spec.ready(present)) return;
    const choice = spec.choice
      ? el(
          "select",
          {
            id: "tables-choice",
            "aria-describedby": spec.choice.hint ? "tables-choice-hint" : undefined,
          },
          el("option", { value: "" }, spec.choice.defaultLabel),
          ...spec.choice.options(tables).map((value) => el("option", { value }, value))
        )
      : undefined;
    const button = el(
      "button",
      {
        type: "button",
        className: "button",
        id: "wizard-fill-tables",
        "aria-describedby": "tables-replaces",
        onclick: () => void run(),
      },
      "Fill from imported tables"
    );
    const run = async (): Promise<void> => {
      options.onStart();
      button.disabled = true;
      try {
        const fresh = await read();
        const result = spec.read(options.input(), fresh, choice?.value || undefined);
        if (choice && result.choice !== undefined) choice.value = result.choice;
        options.onRead(result.input);
        fill(
          notes,
          el(
            "div",
            { className: "message" },
            el("p", {}, "Filled from the imported tables:"),
            el("ul", {}, ...result.notes.map((note) => el("li", {}, note)))
          )
        );
      } catch (error) {
        fill(
          notes,
          el(
            "p",
            { className: "message error" },
            `Could not read the imported tables: ${(error as Error).message}`
          )
        );
      } finally {
        button.disabled = false;
      }
    };
    const sheets = present.map((kind) => `${kind} (${tables[kind]?.sheet ?? kind})`);
    fill(
      area,
      choice &&
        el(
          "div",
          { className: "field" },
          el("label", { for: "tables-choice" }, spec.choice!.label),
          choice,
          spec.choice!.hint &&
            el("p", { className: "hint", id: "tables-choice-hint" }, spec.choice!.hint)
        ),
      el("div", { className: "toolbar" }, button),
      el(
        "p",
        { className: "hint", id: "tables-replaces" },
        `${spec.replaces} Reads ${sheets.join(", ")}.`
      ),
      notes
    );
    area.hidden = false;
  };

  // Asked once: a workbook without the tables shows nothing; one that cannot be read, nothing either.
  void read().then(show, () => undefined);
  return { area, clear: () => fill(notes) };
}
