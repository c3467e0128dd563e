/**
 * Share with finance (spec/taskpane.md §5): finance teams open workbooks without the add-in, where
 * custom functions show #NAME?. Two ways out, both planned by ../templates/share:
 * - share-safe copies inside this workbook: the chosen sheets copied, every formula that depends on
 *   the add-in frozen to its value (spills included), native formulas kept live (rewritten where they
 *   must be to stand alone), a Provenance sheet; the originals never change;
 * - a separate share-safe workbook: the document's own file rewritten the same way, opened as a new
 *   workbook or offered as a download.
 * Hidden sheets are not ticked and are flagged; comments leave the copies unless kept. A feature this
 * Excel cannot run is disabled with the sentence the port gives (the Excel version it needs).
 */
import { LOG_SHEET } from "../templates/plan";
import type { ShareWarning } from "../templates/share";
import type { ShareCandidate, WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";

declare const __ALTHEDGE_VERSION__: string | undefined;
export const VERSION = typeof __ALTHEDGE_VERSION__ === "string" ? __ALTHEDGE_VERSION__ : "dev";

const plural = (n: number, one: string, many: string): string =>
  `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** The log, earlier Provenance sheets and earlier copies hold nothing worth copying again. */
const tickedByDefault = ({ name, visibility }: ShareCandidate): boolean =>
  visibility === "Visible" &&
  name !== LOG_SHEET &&
  !/^Provenance/.test(name) &&
  !/\(shared\)/.test(name);

function warningList(warnings: readonly ShareWarning[]): HTMLElement | null {
  if (warnings.length === 0) return null;
  return el(
    "div",
    { className: "message warning" },
    el("p", {}, "Before you send it:"),
    el("ul", {}, ...warnings.map((w) => el("li", {}, w.message)))
  );
}

export function renderShare(root: HTMLElement, workbook: WorkbookPort | null): void {
  const copySupport = workbook?.supports("share-copy") ?? { available: true as const };
  const fileSupport = workbook?.supports("share-workbook") ?? { available: true as const };

  const list = el(
    "fieldset",
    { className: "sheet-choice", id: "share-sheets" },
    el("legend", {}, "Sheets to copy")
  );
  const keepComments = el("input", { type: "checkbox", id: "share-keep-comments" });
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

  const keepHidden = el("input", { type: "checkbox", id: "share-keep-hidden" });
  const fileComments = el("input", { type: "checkbox", id: "share-file-keep-comments" });
  const save = el(
    "button",
    { type: "button", className: "button", id: "share-save" },
    "Save as a share-safe workbook"
  );
  const saved = el("div", {
    id: "share-save-result",
    role: "status",
    "aria-live": "polite",
    tabindex: -1,
  });

  const chosen = (): string[] =>
    [...list.querySelectorAll<HTMLInputElement>("input[type=checkbox]:checked")].map(
      (box) => box.value
    );
  const update = (): void => {
    run.disabled = workbook === null || !copySupport.available || chosen().length === 0;
    save.disabled = workbook === null || !fileSupport.available;
  };

  const load = async (): Promise<void> => {
    if (!workbook || !copySupport.available) return;
    const sheets = await workbook.listShareCandidates();
    fill(
      list,
      el("legend", {}, "Sheets to copy"),
      ...sheets.map((sheet, i) => {
        const id = `share-sheet-${i}`;
        const box = el("input", {
          type: "checkbox",
          id,
          value: sheet.name,
          checked: tickedByDefault(sheet),
        });
        box.addEventListener("change", update);
        const hidden =
          sheet.visibility === "Visible"
            ? null
            : el(
                "span",
                { className: "flag", title: "Not shown in the workbook: check before sharing" },
                sheet.visibility === "VeryHidden" ? " (very hidden)" : " (hidden)"
              );
        return el(
          "div",
          { className: "field inline" },
          box,
          el("label", { for: id }, sheet.name, hidden)
        );
      })
    );
    update();
  };

  run.addEventListener("click", async () => {
    if (!workbook) return;
    run.disabled = true;
    fill(result, el("p", {}, "Copying…"));
    try {
      const done = await workbook.shareSafeCopy(chosen(), VERSION, new Date().toISOString(), {
        keepComments: keepComments.checked,
      });
      const extra = [
        done.rewrites > 0
          ? `rewrote ${plural(done.rewrites, "formula", "formulas")} to stand alone`
          : "",
        done.dropped > 0
          ? `left out ${plural(done.dropped, "name, rule or comment set", "names, rules or comment sets")}`
          : "",
      ].filter(Boolean);
      fill(
        result,
        el(
          "div",
          { className: "message success" },
          el(
            "p",
            {},
            `Froze ${done.frozenCells.toLocaleString("en-US")} AltHedge cells in ${done.copies.length} ${done.copies.length === 1 ? "copy" : "copies"}${extra.length ? `, ${extra.join(" and ")}` : ""}; the originals are unchanged.`
          ),
          el(
            "ul",
            {},
            ...done.copies.map((c) => el("li", {}, `${c.original} → `, el("strong", {}, c.copy)))
          ),
          el(
            "p",
            {},
            "Each frozen formula, rewrite and removal, with the time and the add-in version, is listed on ",
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
        ),
        warningList(done.warnings)
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

  save.addEventListener("click", async () => {
    if (!workbook) return;
    save.disabled = true;
    fill(saved, el("p", {}, "Reading the workbook's file…"));
    try {
      const done = await workbook.saveShareSafeWorkbook(VERSION, new Date().toISOString(), {
        keepHidden: keepHidden.checked,
        keepComments: fileComments.checked,
      });
      fill(
        saved,
        el(
          "p",
          { className: "message success" },
          `${done.delivery === "opened" ? "Opened" : "Downloaded"} ${done.fileName} (${plural(Math.round(done.bytes / 1024), "KB", "KB")}): ${done.frozenCells.toLocaleString("en-US")} AltHedge cells frozen, no ALTHEDGE formula left. This workbook is unchanged.`
        ),
        warningList(done.warnings)
      );
    } catch (error) {
      fill(
        saved,
        el(
          "p",
          { className: "message error" },
          `No workbook was saved: ${(error as Error).message}`
        )
      );
    } finally {
      update();
      saved.focus();
    }
  });

  const unavailable = (support: { available: boolean; message?: string }, id: string) =>
    support.available || !("message" in support)
      ? null
      : el("p", { className: "message", id }, support.message ?? "");

  fill(
    root,
    el("h2", {}, "Share with finance"),
    el(
      "p",
      {},
      "Anyone who opens this workbook without AltHedge sees #NAME? where ALTHEDGE formulas are. A share-safe copy replaces them with their current values, keeps Excel's own formulas live and lists every frozen formula on a Provenance sheet."
    ),
    workbook
      ? null
      : el(
          "p",
          { className: "message" },
          "Open AltHedge in Excel (or the playground) to make copies."
        ),
    el("h3", {}, "Copies in this workbook"),
    unavailable(copySupport, "share-copy-unavailable"),
    list,
    el(
      "div",
      { className: "field inline" },
      keepComments,
      el(
        "label",
        { for: "share-keep-comments" },
        "Keep comments and notes (they show their authors' names)"
      )
    ),
    el("div", { className: "toolbar" }, run, refresh),
    result,
    el("h3", {}, "A separate workbook"),
    el(
      "p",
      {},
      "Writes a new workbook from this one's file: every ALTHEDGE formula replaced by its value, hidden sheets and comments left out unless you keep them, and a Provenance sheet."
    ),
    unavailable(fileSupport, "share-save-unavailable"),
    el(
      "div",
      { className: "field inline" },
      keepHidden,
      el("label", { for: "share-keep-hidden" }, "Keep hidden sheets")
    ),
    el(
      "div",
      { className: "field inline" },
      fileComments,
      el("label", { for: "share-file-keep-comments" }, "Keep comments and notes")
    ),
    el("div", { className: "toolbar" }, save),
    saved
  );
  void load().then(update);
  update();
}
