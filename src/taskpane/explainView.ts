/**
 * Explain in the pane: "Explain the selected cell" reads the active cell through the port and shows,
 * for an error from an `ALTHEDGE.*` function, the function, the message and the argument at fault
 * (./explain re-runs the call: Excel shows no message with #NUM! or #DIV/0!); a one-line status
 * otherwise.
 */
import type { WorkbookPort } from "../workbook/port";
import type { FunctionMetadata } from "./catalog";
import { el, fill } from "./dom";
import { explain, type Explanation, type Implementation } from "./explain";

declare global {
  // Filled by src/functions/host.ts as the functions bundle associates each function.
  var althedgeFunctions: Map<string, Implementation> | undefined;
}

function render(result: Explanation): Node {
  if (result.kind === "status") return el("p", { className: "message" }, result.text);
  const row = (term: string, detail: string) => [el("dt", {}, term), el("dd", {}, detail)];
  const argument = result.argument;
  return el(
    "dl",
    { className: "explain-result" },
    ...row("Function", result.fn),
    ...row("Error", result.code),
    ...row("Message", result.message),
    ...(argument
      ? row(
          "Argument",
          `${argument.name} (argument ${argument.position}): ${argument.source} = ${argument.value}`
        )
      : row("Argument", "the message names none of the arguments")),
    ...(result.note ? row("Note", result.note) : [])
  );
}

export function renderExplain(
  root: HTMLElement,
  workbook: WorkbookPort | null,
  catalog: readonly FunctionMetadata[]
): void {
  // Reading the active cell needs ExcelApi 1.7 (../workbook/requirements): where the host lacks it,
  // the button is disabled and the sentence beside it says which Excel Explain needs.
  const support = workbook?.supports("explain") ?? { available: true };
  const unavailable = support.available
    ? null
    : el("p", { className: "message warning", id: "explain-unavailable" }, support.message);
  const output = el("div", { id: "explain-output", role: "status", "aria-live": "polite" });
  const run = async (): Promise<void> => {
    if (!workbook) {
      fill(output, el("p", { className: "message" }, "Open a workbook to explain its cells."));
      return;
    }
    output.dataset.state = "busy";
    try {
      const cell = await workbook.readActiveCell();
      const result = await explain(cell, {
        catalog,
        functions: globalThis.althedgeFunctions,
        readRanges: (ranges) => workbook.readRanges(ranges),
      });
      fill(output, render(result));
    } catch (error) {
      fill(output, el("p", { className: "message error" }, (error as Error).message));
    }
    output.dataset.state = "done";
  };
  fill(
    root,
    el("h2", {}, "Explain a cell"),
    el(
      "p",
      { className: "muted" },
      "Select a cell that shows an error from an ALTHEDGE function: the pane shows the message and the argument at fault, also for #NUM! and #DIV/0!, which Excel shows without a message."
    ),
    el(
      "button",
      {
        type: "button",
        className: "button primary",
        id: "explain-button",
        disabled: unavailable !== null,
        "aria-describedby": unavailable ? "explain-unavailable" : undefined,
        onclick: () => void run(),
      },
      "Explain the selected cell"
    ),
    unavailable,
    output
  );
}
