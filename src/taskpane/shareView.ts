/**
 * The share-safe copy (spec/taskpane.md §5): finance teams open workbooks without the add-in, where
 * custom functions show #NAME?. This view copies the chosen sheets, freezes every ALTHEDGE.* formula
 * (spills included) to its current value, keeps native formulas live and adds a Provenance sheet. The
 * originals are never changed.
 */
import { LOG_SHEET } from "../templates/plan";
import { type WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";

declare const __ALTHEDGE_VERSION__: string | undefined;
export const VERSION = typeof __ALTHEDGE_VERSION__ === "string" ? __ALTHEDGE_VERSION__ : "dev";

export function renderShare(root: HTMLElement, workbook: WorkbookPort | null): void {
  const list = el(
    "fieldset",
    { className: "sheet-choice", id: "share-sheets" },
    el("legend", {}, "Sheets to copy")
  );
  const result = el("div", {
    id: "share-result",
    role: "status",
    "aria-live": "polite",
    tabindex: -1,
  });
  const run = el(
    "button",
    { type: "button", className: "button primary", id: "share-run" },
    "Make share-safe copies"
  );
  const refresh = el(
    "button",
    { type: "button", className: "button", id: "share-refresh" },
    "Refresh the list"
  );

  const chosen = (): string[] =>
    [...list.querySelectorAll<HTMLInputElement>("input[type=checkbox]:checked")].map(
      (box) => box.value
    );
  const update = (): void => {
    run.disabled = workbook === null || chosen().length === 0;
  };

  const load = async (): Promise<void> => {
    if (!workbook) return;
    const sheets = await workbook.listSheets();
    fill(
      list,
      el("legend", {}, "Sheets to copy"),
      ...sheets.map((name, i) => {
        const id = `share-sheet-${i}`;
        // The log and earlier provenance sheets hold no formulas worth freezing: unticked by default.
        const box = el("input", {
          type: "checkbox",
          id,
          value: name,
          checked: name !== LOG_SHEET && !/^Provenance/.test(name) && !/\(shared\)/.test(name),
        });
        box.addEventListener("change", update);
        return el("div", { className: "field inline" }, box, el("label", { for: id }, name));
      })
    );
    update();
  };

  run.addEventListener("click", async () => {
    if (!workbook) return;
    run.disabled = true;
    fill(result, el("p", {}, "Copying…"));
    try {
      const done = await workbook.shareSafeCopy(chosen(), VERSION, new Date().toISOString());
      fill(
        result,
        el(
          "div",
          { className: "message success" },
          el(
            "p",
            {},
            `Froze ${done.frozenCells.toLocaleString("en-US")} AltHedge cells in ${done.copies.length} ${done.copies.length === 1 ? "copy" : "copies"}; the originals are unchanged.`
          ),
          el(
            "ul",
            {},
            ...done.copies.map((c) => el("li", {}, `${c.original} → `, el("strong", {}, c.copy)))
          ),
          el(
            "p",
            {},
            "Each frozen cell, its formula, the time and the add-in version are listed on ",
            el("strong", {}, done.provenanceSheet),
            "."
          ),
          el(
            "button",
            {
              type: "button",
              className: "link-button",
              id: "share-open",
              onclick: () => void workbook.activateSheet(done.copies[0].copy),
            },
            `Go to ${done.copies[0].copy}`
          )
        )
      );
      await load();
    } catch (error) {
      fill(
        result,
        el("p", { className: "message error" }, `Nothing was copied: ${(error as Error).message}`)
      );
    } finally {
      update();
      result.focus();
    }
  });
  refresh.addEventListener("click", () => void load());

  fill(
    root,
    el("h2", {}, "Share with finance"),
    el(
      "p",
      {},
      "Anyone who opens this workbook without AltHedge sees #NAME? where ALTHEDGE formulas are. A share-safe copy replaces them with their current values, keeps Excel's own formulas live and lists every frozen cell on a Provenance sheet."
    ),
    workbook
      ? null
      : el(
          "p",
          { className: "message" },
          "Open AltHedge in Excel (or the playground) to make copies."
        ),
    list,
    el("div", { className: "toolbar" }, run, refresh),
    result
  );
  void load().then(update);
  update();
}
