/**
 * The Import wizard on screen (spec/imports.md): pick a file (or paste its text), see what it holds —
 * format and variant, time zone and where it came from, rows per table against the workbook, bad
 * lines, missing price days — then "Import N rows". Nothing is written before that click. What is
 * shown and when the button may run is ./importFlow's; the write is the workbook port's.
 */
import type { ImportPreview } from "../imports";
import { el, fill } from "./dom";
import {
  IMPORT_TITLE,
  IMPORT_WHY,
  andMore,
  badLineList,
  blockedReason,
  choosesZone,
  confirmLabel,
  describeDuplicates,
  describeFormat,
  describeGap,
  describeZone,
  confirmNote,
  importLogEntry,
  nextSteps,
  planImport,
  kindsToRead,
  previewStatus,
  readSource,
  refusalHint,
  resultLine,
  resultSummary,
  tooLarge,
  zoneChoices,
  type ImportPlan,
  type ImportSource,
  type ReadFailure,
} from "./importFlow";
import { PANE_LIMIT_BYTES } from "../imports";
import type { CanonicalTables, WorkbookPort } from "../workbook/port";

export interface ImportViewOptions {
  /** The workbook port (Office.js or the playground's engine); null outside a workbook. */
  workbook: WorkbookPort | null;
  onBack: () => void;
}

/** A file's bytes, through the File API (Blob.arrayBuffer, or FileReader where that is missing). */
function bytesOf(file: File): Promise<Uint8Array> {
  if (typeof file.arrayBuffer === "function")
    return file.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.readAsArrayBuffer(file);
  });
}

export function renderImport(root: HTMLElement, options: ImportViewOptions): void {
  // An Excel without the requirement sets imports need: the file can still be read and previewed,
  // and the button says which Excel writes it (../workbook/requirements).
  const support = options.workbook?.supports("import") ?? { available: true as const };
  const workbook = support.available ? options.workbook : null;

  /** What is on screen: the source read, the zone chosen, the plan, the user's consent. */
  let source: ImportSource | undefined;
  let timeZone: string | undefined;
  let plan: ImportPlan | undefined;
  let existing: CanonicalTables | null | undefined; // read once per source
  let busy = false;
  /** Each read gets a number; a read overtaken by a later one is dropped. */
  let readId = 0;

  const fileInput = el("input", {
    type: "file",
    id: "import-file",
    accept: ".csv,.txt,text/csv,text/plain",
    "aria-describedby": "import-file-hint",
  });
  const pasted = el("textarea", {
    id: "import-text",
    rows: 6,
    wrap: "off",
    spellcheck: "false",
    "aria-describedby": "import-text-hint",
  });
  const pastedName = el("input", {
    type: "text",
    id: "import-name",
    autocomplete: "off",
    spellcheck: "false",
    "aria-describedby": "import-name-hint",
  });
  const readPasted = el(
    "button",
    { type: "button", className: "button", id: "import-read-text" },
    "Read the pasted text"
  );
  const status = el("div", { id: "import-status", role: "status", "aria-live": "polite" });
  const previewArea = el("div", { id: "import-preview" });
  const run = el(
    "button",
    { type: "button", className: "button primary", id: "import-run", disabled: true },
    "Import"
  );
  const progress = el("progress", {
    id: "import-progress",
    max: 1,
    value: 0,
    hidden: true,
    "aria-label": "Writing the tables",
  });
  const why = el("p", { className: "hint", id: "import-why" });
  const toolbar = el(
    "div",
    { className: "toolbar", id: "import-toolbar", hidden: true },
    run,
    progress
  );
  const result = el("div", {
    id: "import-result",
    role: "status",
    "aria-live": "polite",
    tabindex: -1,
  });
  const consent = el("input", { type: "checkbox", id: "import-consent" });

  const setBusy = (now: boolean): void => {
    busy = now;
    root.setAttribute("aria-busy", String(now));
    fileInput.disabled = now;
    readPasted.disabled = now;
    update();
  };

  /** The button and the sentence beside it, from the plan and the user's consent. */
  const update = (): void => {
    if (!plan) {
      toolbar.hidden = true;
      why.textContent = "";
      return;
    }
    toolbar.hidden = false;
    const blocked = blockedReason(plan, {
      consent: consent.checked,
      canWrite: workbook !== null,
      busy,
    });
    run.textContent = confirmLabel(plan);
    run.disabled = blocked !== undefined;
    why.textContent = busy ? "" : (blocked ?? confirmNote(plan) ?? "");
  };
  consent.addEventListener("change", update);

  const showFailure = (failure: ReadFailure): void => {
    plan = undefined;
    fill(previewArea);
    const hint = refusalHint(failure);
    fill(
      status,
      el(
        "div",
        { className: "message error", id: "import-refusal" },
        el("p", {}, failure.message),
        hint ? el("p", {}, hint) : null
      )
    );
    update();
  };

  /** Reads the current source with the zone chosen, then counts against the workbook's tables. */
  const read = async (): Promise<void> => {
    if (!source) return;
    const id = ++readId;
    fill(result);
    fill(status, el("p", { className: "message" }, "Reading the file…"));
    setBusy(true);
    try {
      // let "Reading the file…" show before a large file's synchronous read
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (id !== readId) return;
      const outcome = readSource(source, timeZone);
      if (!outcome.ok) {
        showFailure(outcome);
        return;
      }
      if (existing === undefined && workbook) {
        existing = await workbook.readCanonicalTables(kindsToRead(outcome)).catch(() => null);
      }
      if (id !== readId) return;
      plan = planImport(outcome, existing ?? null);
      consent.checked = false;
      fill(status, el("p", { className: "message" }, previewStatus(plan)));
      showPreview(plan);
    } catch (error) {
      if (id === readId)
        showFailure({
          ok: false,
          reason: "error",
          message: `The file could not be read: ${(error as Error).message}`,
        });
    } finally {
      if (id === readId) setBusy(false);
    }
  };

  const start = (next: ImportSource): void => {
    source = next;
    timeZone = undefined;
    existing = undefined;
    void read();
  };

  fileInput.addEventListener("change", async () => {
    const file = fileInput.files?.[0];
    if (!file) return;
    // the same file may be picked again later (an import repeated): let it fire "change" again
    const reset = (): void => {
      fileInput.value = "";
    };
    if (file.size > PANE_LIMIT_BYTES) {
      reset();
      source = undefined;
      return showFailure(tooLarge(file.name, file.size));
    }
    setBusy(true);
    fill(status, el("p", { className: "message" }, `Reading ${file.name}…`));
    try {
      const bytes = await bytesOf(file);
      reset();
      setBusy(false);
      start({ input: bytes, fileName: file.name });
    } catch (error) {
      reset();
      setBusy(false);
      showFailure({
        ok: false,
        reason: "error",
        message: `${file.name} could not be read: ${(error as Error).message}`,
      });
    }
  });

  readPasted.addEventListener("click", () => {
    if (!pasted.value.trim()) {
      pasted.focus();
      return showFailure({
        ok: false,
        reason: "empty",
        message: "Paste the file's text into the box first.",
      });
    }
    start({ input: pasted.value, fileName: pastedName.value.trim() });
  });

  const zoneField = (preview: ImportPreview): HTMLElement | null => {
    if (!choosesZone(preview)) return null;
    const select = el("select", { id: "import-zone", "aria-describedby": "import-zone-hint" });
    for (const choice of zoneChoices()) {
      const option = el("option", { value: choice.value }, choice.label);
      option.selected = choice.value === preview.zone.label;
      select.append(option);
    }
    select.addEventListener("change", () => {
      timeZone = select.value;
      void read().then(() => document.getElementById("import-zone")?.focus());
    });
    return el(
      "div",
      { className: "field" },
      el("label", { for: "import-zone" }, "Time zone of the file's times"),
      select,
      el(
        "p",
        { className: "hint", id: "import-zone-hint" },
        "The file does not say. Choose the zone its times were written in (the exchange's account setting when you exported); AltHedge writes them in UTC and records your choice in the Hedge log."
      )
    );
  };

  const showPreview = (current: ImportPlan): void => {
    const { preview } = current;
    const bad = badLineList(preview.bad);
    const gapLines = preview.gaps.slice(0, 20).map(describeGap);
    const duplicates = describeDuplicates(preview);
    fill(
      previewArea,
      el("h3", {}, "What the file holds"),
      el(
        "dl",
        { className: "import-facts" },
        el("dt", {}, "Format"),
        el("dd", { id: "import-format" }, describeFormat(preview)),
        el("dt", {}, "Time zone"),
        el("dd", { id: "import-zone-source" }, describeZone(preview.zone)),
        el("dt", {}, "Lines read"),
        el("dd", {}, preview.lines.toLocaleString("en-US"))
      ),
      zoneField(preview),
      el(
        "div",
        { className: "table-scroll", role: "region", "aria-label": "Rows per table", tabindex: 0 },
        el(
          "table",
          { className: "input-table import-tables", id: "import-tables" },
          el("caption", { className: "visually-hidden" }, "Rows per table"),
          el(
            "thead",
            {},
            el(
              "tr",
              {},
              el("th", { scope: "col" }, "Table"),
              el("th", { scope: "col" }, "In the file"),
              el("th", { scope: "col" }, "Already there"),
              el("th", { scope: "col" }, "To add")
            )
          ),
          el(
            "tbody",
            {},
            ...current.tables.map((table) =>
              el(
                "tr",
                { "data-kind": table.kind },
                el(
                  "th",
                  { scope: "row" },
                  table.label,
                  current.sheets[table.kind] && current.sheets[table.kind] !== table.label
                    ? el("span", { className: "hint" }, ` (sheet ${current.sheets[table.kind]})`)
                    : null
                ),
                el("td", {}, table.rows.toLocaleString("en-US")),
                el("td", {}, table.already === null ? "—" : table.already.toLocaleString("en-US")),
                el("td", {}, table.toAdd.toLocaleString("en-US"))
              )
            )
          )
        )
      ),
      current.existingRead || !workbook
        ? null
        : el(
            "p",
            { className: "hint" },
            "The tables already in the workbook could not be read: rows already there are skipped when written."
          ),
      duplicates ? el("p", { id: "import-duplicates" }, duplicates) : null,
      preview.bad.length
        ? el(
            "div",
            { className: "message warning", id: "import-bad" },
            el(
              "p",
              {},
              `${preview.bad.length.toLocaleString("en-US")} ${preview.bad.length === 1 ? "line" : "lines"} could not be read and will be left out:`
            ),
            el(
              "ul",
              {},
              ...bad.lines.map((line) => el("li", {}, line)),
              bad.more ? el("li", {}, andMore(bad.more)) : null
            ),
            el(
              "div",
              { className: "field inline" },
              consent,
              el("label", { for: "import-consent" }, "Import the other rows")
            )
          )
        : null,
      preview.gaps.length
        ? el(
            "div",
            { className: "message", id: "import-gaps" },
            el("p", {}, "Days missing from the price history:"),
            el(
              "ul",
              {},
              ...gapLines.map((line) => el("li", {}, line)),
              preview.gaps.length > 20 ? el("li", {}, andMore(preview.gaps.length - 20)) : null
            )
          )
        : null,
      preview.warnings.length
        ? el(
            "div",
            { className: "message warning", id: "import-warnings" },
            el("p", {}, "Before you import:"),
            el("ul", {}, ...preview.warnings.map((w) => el("li", {}, w)))
          )
        : null
    );
    update();
  };

  const doImport = async (): Promise<void> => {
    const current = plan;
    if (!workbook || !current || busy) return;
    if (blockedReason(current, { consent: consent.checked, canWrite: true, busy: false })) return;
    setBusy(true);
    progress.hidden = false;
    progress.value = 0;
    fill(result, el("p", {}, "Writing the tables…"));
    try {
      const written = await workbook.writeImport(
        current.write,
        (done) => importLogEntry(current.preview, done, new Date()),
        (done, total) => (progress.value = total > 0 ? done / total : 1)
      );
      plan = undefined;
      source = undefined;
      fill(previewArea);
      fill(status);
      fill(
        result,
        el(
          "div",
          { className: "message success" },
          el("p", {}, resultSummary(current.preview, written)),
          el(
            "ul",
            { id: "import-written" },
            ...written.map((w) =>
              el(
                "li",
                { "data-kind": w.kind },
                `${resultLine(w)}. `,
                el(
                  "button",
                  {
                    type: "button",
                    className: "link-button",
                    "data-sheet": w.sheet,
                    onclick: () => void workbook.activateSheet(w.sheet).catch(() => undefined),
                  },
                  `Go to ${w.sheet}`
                )
              )
            )
          )
        ),
        el("h3", {}, "What next"),
        el("ul", { id: "import-next" }, ...nextSteps(current, written).map((s) => el("li", {}, s))),
        el(
          "button",
          {
            type: "button",
            className: "button",
            id: "import-another",
            onclick: () => {
              fill(result);
              fileInput.focus();
            },
          },
          "Import another file"
        )
      );
    } catch (error) {
      fill(
        result,
        el(
          "p",
          { className: "message error" },
          `Nothing was imported: ${(error as Error).message} The workbook is unchanged; try again.`
        )
      );
    } finally {
      progress.hidden = true;
      setBusy(false);
      result.focus();
    }
  };
  run.addEventListener("click", () => void doImport());

  fill(
    root,
    el(
      "button",
      { type: "button", className: "link-button", id: "wizard-back", onclick: options.onBack },
      "← All wizards"
    ),
    el("h2", { id: "wizard-title", tabindex: -1 }, IMPORT_TITLE),
    el("p", { className: "muted" }, IMPORT_WHY),
    workbook
      ? null
      : el(
          "p",
          { className: "message", id: "import-no-workbook" },
          support.available
            ? "Open AltHedge in Excel (or the playground) to import: here you can read a file and see what it holds."
            : `${support.message} Here you can still read a file and see what it holds.`
        ),
    el(
      "div",
      { className: "field" },
      el("label", { for: "import-file" }, "Choose a file (.csv or .txt)"),
      fileInput,
      el(
        "p",
        { className: "hint", id: "import-file-hint" },
        "Account statements and transaction logs from Binance, Bybit, OKX and Deribit; price histories from CoinGecko, CryptoDataDownload, CoinMarketCap and Yahoo Finance; Binance funding-rate archives."
      )
    ),
    el(
      "details",
      { className: "import-paste" },
      el("summary", {}, "Or paste the file's text"),
      el(
        "div",
        { className: "field" },
        el("label", { for: "import-text" }, "The file's text"),
        pasted,
        el(
          "p",
          { className: "hint", id: "import-text-hint" },
          "From its header line on, as the exchange wrote it."
        )
      ),
      el(
        "div",
        { className: "field" },
        el("label", { for: "import-name" }, "File name (optional)"),
        pastedName,
        el(
          "p",
          { className: "hint", id: "import-name-hint" },
          "Some files give the symbol or time zone only in their name: btc-usd-max.csv, BTCUSDT-fundingRate-2026-03.csv, …(UTC--6).csv."
        )
      ),
      el("div", { className: "toolbar" }, readPasted)
    ),
    status,
    previewArea,
    toolbar,
    why,
    result
  );
  root.closest("main")?.scrollTo?.(0, 0);
  window.scrollTo(0, 0);
  root.querySelector<HTMLElement>("#wizard-title")?.focus();
}
