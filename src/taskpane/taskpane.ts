/**
 * The task pane: a home view on the hedge program, the wizards that write live templates, the
 * function browser and the share-safe copy. It talks to the workbook
 * only through a `WorkbookPort`: Office.js inside Excel, the engine adapter in the playground, none in
 * a plain browser (the pane then explains that and still lets you browse).
 */
import { loadCatalog, type FunctionMetadata } from "./catalog";
import { el, fill } from "./dom";
import { renderFunctionBrowser } from "./functionBrowser";
import { OfficeWorkbook } from "../workbook/office";
import type { WorkbookPort } from "../workbook/port";
import { renderShare } from "./shareView";
import { renderExplain } from "./explainView";
import { renderLog } from "./logView";
import { renderWizard } from "./wizardView";
import { renderImport } from "./importView";
import { IMPORT_SUMMARY, IMPORT_TITLE } from "./importFlow";
import { readerFor, type Reader } from "./form";
import { EN_US_SEPARATORS } from "../templates/common";
import { WIZARD_FORMS } from "./wizardSpecs";

declare global {
  // The playground provides its engine-backed port here before this script runs.
  var althedgeWorkbook: WorkbookPort | undefined;
  // …on the page that frames the pane, which the pane reads as its parent window.
  interface Window {
    althedgeWorkbook?: WorkbookPort;
  }
}

/** The hedge program in the seed article's words, each step with the functions that serve it. */
const PROGRAM: { step: string; why: string; functions: string[] }[] = [
  {
    step: "Map exposure by liquidity tier",
    why: "Thin tokens need proxy hedges; locked or staked positions rely on the derivative hedge in stress.",
    functions: ["DAYSTOLIQUIDATE", "LIQUIDITYTIER"],
  },
  {
    step: "Size the hedge",
    why: "Portfolio exposure ÷ contract notional × hedge effectiveness.",
    functions: ["HEDGERATIO", "MVHEDGERATIO", "PROXYWEIGHTS", "TIEREDHEDGE"],
  },
  {
    step: "Watch basis and proxy mismatch",
    why: "When basis drift persists, the proxy may no longer represent the book.",
    functions: ["BASISDRIFT", "BASIS", "ANNUALIZEDBASIS", "ROLLYIELD", "FUNDINGCOST"],
  },
  {
    step: "Keep margin buffers conservative",
    why: "A hedge can be liquidated while directionally right if collateral runs short.",
    functions: ["MARGINBUFFER", "LIQPRICE", "COLLATERALNEEDED"],
  },
  {
    step: "Review effectiveness",
    why: "Judge the hedge by volatility and drawdown reduction, not by short-term gains.",
    functions: ["HEDGETEST", "TRACKINGERROR", "DRAWDOWNREDUCTION"],
  },
];

function applyTheme(): void {
  const theme = typeof Office !== "undefined" ? Office.context?.officeTheme : undefined;
  if (!theme?.bodyBackgroundColor) return; // outside Office: the system's light or dark setting
  const hex = theme.bodyBackgroundColor.replace("#", "");
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  document.documentElement.dataset.theme =
    0.299 * r + 0.587 * g + 0.114 * b < 128 ? "dark" : "light";
}

/** `onShow` learns which tab is shown, and whether it was already the one shown (`again`). */
function setUpTabs(onShow: (id: string, again: boolean) => void): (id: string) => void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role="tab"]')];
  const show = (id: string): void => {
    const again = document.getElementById(id)?.getAttribute("aria-selected") === "true";
    for (const tab of tabs) {
      const active = tab.id === id;
      tab.setAttribute("aria-selected", String(active));
      tab.tabIndex = active ? 0 : -1;
      (document.getElementById(tab.getAttribute("aria-controls")!) as HTMLElement).hidden = !active;
    }
    onShow(id, again);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => show(tab.id));
    tab.addEventListener("keydown", (event) => {
      const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
      if (!step) return;
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      show(next.id);
    });
  });
  return show;
}

function renderHome(
  root: HTMLElement,
  catalog: FunctionMetadata[],
  openFunction: (name: string) => void,
  openWizard: (id: string) => void
): void {
  const known = new Set(catalog.map((f) => f.name));
  fill(
    root,
    el("h2", {}, "The hedge program"),
    el(
      "p",
      {},
      "AltHedge puts each step of an altcoin hedge program into Excel formulas. Type ",
      el("code", {}, "=ALTHEDGE."),
      " in any cell, or pick a function below."
    ),
    el(
      "div",
      { className: "card" },
      el("h3", {}, "Bring the book in"),
      el(
        "p",
        { className: "muted" },
        "Quantify the exposure first: read your exchanges' statements and price histories into tables the wizards fill from."
      ),
      el(
        "p",
        {},
        el(
          "button",
          {
            type: "button",
            className: "button",
            id: "home-import",
            onclick: () => openWizard("import"),
          },
          IMPORT_TITLE
        )
      )
    ),
    ...PROGRAM.map(({ step, why, functions }) => {
      const available = functions.filter((name) => known.has(name));
      return el(
        "div",
        { className: "card" },
        el("h3", {}, step),
        el("p", { className: "muted" }, why),
        available.length
          ? el(
              "p",
              {},
              ...available.flatMap((name, i) => [
                i ? " " : null,
                el(
                  "button",
                  { type: "button", className: "button", onclick: () => openFunction(name) },
                  name
                ),
              ])
            )
          : null
      );
    }),
    el("h2", {}, "Wizards"),
    el(
      "ul",
      { className: "wizard-links" },
      // the book first: the other wizards fill from the tables an import writes
      el(
        "li",
        {},
        el(
          "button",
          { type: "button", className: "link-button", onclick: () => openWizard("import") },
          IMPORT_TITLE
        ),
        ` — ${IMPORT_SUMMARY}`
      ),
      ...WIZARD_FORMS.map((wizard) =>
        el(
          "li",
          {},
          el(
            "button",
            { type: "button", className: "link-button", onclick: () => openWizard(wizard.id) },
            wizard.title
          ),
          ` — ${wizard.summary}`
        )
      )
    ),
    el(
      "p",
      { className: "hint" },
      "Everything is computed in this workbook; no portfolio data leaves your machine."
    )
  );
}

/**
 * The wizards' list; "Open" shows one wizard's form in the same panel, "All wizards" (or the Wizards
 * tab, clicked again) comes back. Returns the way back to the list.
 */
function renderWizardList(
  root: HTMLElement,
  workbook: WorkbookPort | null,
  reader: Promise<Reader>
): () => void {
  const list = (): void =>
    fill(
      root,
      el("h2", {}, "Wizards"),
      el(
        "p",
        {},
        "Each wizard writes a new sheet of live formulas and adds a row to the Hedge log."
      ),
      el(
        "div",
        { className: "card" },
        el("h3", {}, IMPORT_TITLE),
        el("p", { className: "muted" }, IMPORT_SUMMARY),
        el(
          "button",
          {
            type: "button",
            className: "button primary",
            "data-wizard": "import",
            "aria-label": `Open ${IMPORT_TITLE}`,
            onclick: () =>
              renderImport(root, {
                workbook,
                onBack: () => {
                  list();
                  root.querySelector<HTMLElement>('[data-wizard="import"]')?.focus();
                },
              }),
          },
          "Open"
        )
      ),
      ...WIZARD_FORMS.map((entry) =>
        el(
          "div",
          { className: "card" },
          el("h3", {}, entry.title),
          el("p", { className: "muted" }, entry.summary),
          el(
            "button",
            {
              type: "button",
              className: "button primary",
              "data-wizard": entry.id,
              "aria-label": `Open ${entry.title}`,
              onclick: async () => {
                const numbers = await reader;
                entry.use((wizard, form) =>
                  renderWizard(root, {
                    wizard,
                    form,
                    workbook,
                    reader: numbers,
                    onBack: () => {
                      list();
                      root.querySelector<HTMLElement>(`[data-wizard="${entry.id}"]`)?.focus();
                    },
                  })
                );
              },
            },
            "Open"
          )
        )
      )
    );
  list();
  return list;
}

/** The playground's engine workbook: on this window, or on the playground page that frames the pane. */
function playgroundWorkbook(): WorkbookPort | null {
  if (globalThis.althedgeWorkbook) return globalThis.althedgeWorkbook;
  try {
    if (window.parent !== window) {
      return window.parent.althedgeWorkbook ?? null;
    }
  } catch {
    // a parent from another origin (Excel on the web) is not ours to read
  }
  return null;
}

async function start(): Promise<void> {
  // Framed by the playground, office.js would wait forever for an Office host to answer: skip it.
  const playground = playgroundWorkbook();
  const info =
    playground || typeof Office === "undefined" ? { host: null } : await Office.onReady();
  applyTheme();
  const inExcel = info.host !== null && info.host === Office.HostType?.Excel;
  const workbook: WorkbookPort | null = inExcel ? new OfficeWorkbook() : playground;
  const status = document.getElementById("host-status")!;
  status.textContent = inExcel
    ? "Connected to Excel."
    : workbook
      ? "Connected to the playground workbook."
      : "Not running inside Excel: browse the functions here; sideload the add-in to use them.";

  const home = document.getElementById("view-home")!;
  const functions = document.getElementById("view-functions")!;
  let catalog: FunctionMetadata[] = [];
  try {
    catalog = await loadCatalog();
  } catch (error) {
    fill(functions, el("p", { className: "message error" }, (error as Error).message));
  }
  const wizards = document.getElementById("view-wizards")!;
  const share = document.getElementById("view-share")!;
  // Typed numbers read with the workbook's separators (en-US when it cannot say).
  const reader = (workbook?.numberFormat() ?? Promise.resolve(EN_US_SEPARATORS))
    .catch(() => EN_US_SEPARATORS)
    .then(readerFor);
  const wizardList = renderWizardList(wizards, workbook, reader);
  const show = setUpTabs((id, again) => {
    if (id === "tab-share") renderShare(share, workbook);
    if (id === "tab-audit") {
      renderExplain(document.getElementById("audit-explain")!, workbook, catalog);
      renderLog(document.getElementById("audit-log")!, workbook);
    }
    // the Wizards tab, chosen while a wizard is open, goes back to the list
    if (id === "tab-wizards" && again && wizards.querySelector("#wizard-back")) wizardList();
  });
  const openFunction = (name: string): void => {
    show("tab-functions");
    functions.querySelector<HTMLButtonElement>(`button[data-function="${name}"]`)?.click();
  };
  const openWizard = (id: string): void => {
    show("tab-wizards");
    wizardList(); // from inside another wizard too
    wizards.querySelector<HTMLButtonElement>(`button[data-wizard="${id}"]`)?.click();
  };
  renderHome(home, catalog, openFunction, openWizard);
  if (catalog.length) renderFunctionBrowser(functions, { catalog, workbook });
  document.body.dataset.ready = "true";
}

void start();
