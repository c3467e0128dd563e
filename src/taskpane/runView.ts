/**
 * Writing the sheet on screen: the run button (disabled until the inputs are valid, and while a write
 * is under way), progress, and the result with a link to the new sheet, or a message that says what to
 * do. The write itself is ./run's.
 */
import type { Wizard } from "../templates";
import { describeChanges, policyWizard } from "../templates/policy";
import type { WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";
import { today, writeSheet, type RunResult } from "./run";

export interface RunView {
  /** The run button and the progress bar. */
  toolbar: HTMLElement;
  /** Where the sheet goes, in words. */
  note: HTMLElement;
  result: HTMLElement;
  /** Whether the inputs are valid now: Run is enabled only then. */
  setValid(valid: boolean): void;
  clearResult(): void;
}

export function renderRun<I>(options: {
  wizard: Wizard<I>;
  workbook: WorkbookPort | null;
  /** The input to write (valid when Run is enabled). */
  input: () => I;
}): RunView {
  const { wizard, workbook } = options;
  let busy = false;
  let valid = false;
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

  const update = (): void => {
    run.disabled = busy || !valid || workbook === null;
    run.title =
      workbook === null ? "Open AltHedge in Excel (or the playground) to write sheets." : "";
  };

  const doRun = async (): Promise<void> => {
    if (!workbook || !valid || busy) return;
    busy = true;
    update();
    progress.hidden = false;
    progress.value = 0;
    fill(result, el("p", {}, "Writing the sheet…"));
    try {
      const written = await writeSheet(
        wizard,
        options.input(),
        workbook,
        (share) => (progress.value = share)
      );
      fill(
        result,
        el(
          "div",
          { className: "message success" },
          ...resultLines(written),
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
      update();
      result.focus();
    }
  };
  run.addEventListener("click", () => void doRun());
  update();

  return {
    toolbar: el("div", { className: "toolbar" }, run, progress),
    note: el(
      "p",
      { className: "hint" },
      wizard.id === policyWizard.id
        ? "The first run writes the Policy sheet; later runs change its limits in place and add a row to the Hedge log naming each change (old → new). Every sheet that reads the policy follows at once."
        : `Writes a new sheet named “${wizard.sheetPrefix} ${today()}” (or “… (2)”); nothing existing is changed.`
    ),
    result,
    setValid: (now) => {
      valid = now;
      update();
    },
    clearResult: () => fill(result),
  };
}

/** What the run did, in sentences: the sheet written (and the Policy written first), or the change. */
function resultLines(written: RunResult): HTMLElement[] {
  if (written.changes !== undefined) {
    if (written.changes.length === 0)
      return [
        el(
          "p",
          {},
          "No limit changed: ",
          el("strong", {}, written.sheet),
          " already holds these values, so nothing was written or logged."
        ),
      ];
    const count = written.changes.length;
    return [
      el(
        "p",
        {},
        `Changed ${count} ${count === 1 ? "limit" : "limits"} on `,
        el("strong", {}, written.sheet),
        " and added a row to the Hedge log: ",
        describeChanges(written.changes),
        "."
      ),
    ];
  }
  const lines = [
    el(
      "p",
      {},
      `Wrote ${written.cells.toLocaleString("en-US")} cells to a new sheet, `,
      el("strong", {}, written.sheet),
      ", and added a row to the Hedge log."
    ),
  ];
  if (written.policyCreated !== undefined)
    lines.unshift(
      el(
        "p",
        { id: "wizard-policy-created" },
        "The workbook had no policy, and this sheet reads one: AltHedge first wrote ",
        el("b", {}, written.policyCreated),
        " with the default limits (its own row in the Hedge log). Change them with Policy and limits."
      )
    );
  return lines;
}
