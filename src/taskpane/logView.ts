/**
 * The Hedge log view: "Prepared by" (set once, kept in the document through the port) and the
 * verification of the log's hash chain (../templates/hedgeLog): "Intact (N rows)", or the first row
 * changed after it was written or added by hand, named.
 */
import { describeVerdict, verifyLog } from "../templates/hedgeLog";
import type { WorkbookPort } from "../workbook/port";
import { el, fill } from "./dom";

export function renderLog(root: HTMLElement, workbook: WorkbookPort | null): void {
  if (!workbook) {
    fill(
      root,
      el("h2", {}, "Hedge log"),
      el("p", { className: "message" }, "Open a workbook to check its Hedge log.")
    );
    return;
  }
  // Reading the log table needs ExcelApi 1.4 (../workbook/requirements): where the host lacks it,
  // "Check the log" is disabled with the sentence saying which Excel it needs. "Prepared by" lives in
  // the document's settings and works in every Excel.
  const support = workbook.supports("hedge-log");
  const name = el("input", { type: "text", id: "prepared-by", autocomplete: "name" });
  const saved = el("p", { className: "hint", id: "prepared-by-status", role: "status" });
  const status = el("p", {
    className: "message",
    id: "log-status",
    role: "status",
    "aria-live": "polite",
  });

  const check = async (): Promise<void> => {
    status.dataset.state = "busy";
    try {
      const log = await workbook.readHedgeLog();
      if (!log) {
        status.textContent = "No Hedge log yet: the first wizard you run starts it.";
        status.className = "message";
      } else {
        const verdict = await verifyLog(log.header, log.rows);
        const protection = log.protected ? "" : ` The sheet "${log.sheet}" is not protected.`;
        status.textContent = `${describeVerdict(verdict, log.rows)}${protection}`;
        status.className = verdict.intact ? "message success" : "message error";
      }
    } catch (error) {
      status.textContent = `The Hedge log could not be read: ${(error as Error).message}`;
      status.className = "message error";
    }
    status.dataset.state = "done";
  };

  const save = async (): Promise<void> => {
    try {
      await workbook.setPreparedBy(name.value);
      const value = name.value.trim();
      saved.textContent = value
        ? `New log rows will say "Prepared by ${value}".`
        : 'No name: new log rows will say "(not set)".';
    } catch (error) {
      saved.textContent = (error as Error).message;
    }
  };

  fill(
    root,
    el("h2", {}, "Hedge log"),
    el(
      "p",
      { className: "muted" },
      "Every wizard run adds a row, chained to the one above by a SHA-256 hash. The sheet is protected against accidents; the chain shows any row changed or added by hand."
    ),
    el(
      "div",
      { className: "field" },
      el("label", { for: "prepared-by" }, "Prepared by"),
      name,
      el(
        "button",
        { type: "button", className: "button", id: "prepared-by-save", onclick: () => void save() },
        "Save name"
      ),
      saved
    ),
    el(
      "button",
      {
        type: "button",
        className: "button primary",
        id: "log-check",
        disabled: !support.available,
        "aria-describedby": support.available ? undefined : "log-unavailable",
        onclick: () => void check(),
      },
      "Check the log"
    ),
    support.available
      ? null
      : el("p", { className: "message warning", id: "log-unavailable" }, support.message),
    status
  );
  void workbook.getPreparedBy().then((value) => {
    name.value = value;
    if (!value) saved.textContent = 'Set your name once: new log rows say "(not set)" until then.';
  });
  if (support.available) void check();
}
