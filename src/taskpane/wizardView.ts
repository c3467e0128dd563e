/**
 * One wizard's view, composed: the form (./formView: fields, messages beside them), "Use selected
 * range" where the wizard offers it (./mappingView), a sample to start from, and the run (./runView:
 * progress, the write through the WorkbookPort, the result and the Hedge log row). It knows nothing about
 * any one wizard: what differs lives in the wizard's form (./wizardSpecs) and template module.
 */
import type { Wizard } from "../templates";
import type { WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";
import { DEFAULT_READER, FormModel, type Reader, type WizardForm } from "./form";
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
  const mapping = spec.mapping
    ? renderMapping({
        mapping: spec.mapping,
        workbook,
        input: () => model.input,
        onStart: run.clearResult,
        onRead: (input) => {
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
            form.render();
          },
        },
        "Start from the sample"
      )
    ),
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
