/**
 * The function browser: search the catalog, read a function's arguments and help, fill in arguments
 * and insert the formula into the selected cell, only when that cell is empty.
 */
import { formulaSkeleton, searchCatalog, signature, type FunctionMetadata } from "./catalog";
import { el, fill } from "./dom";
import type { WorkbookPort } from "../workbook/port";

export interface BrowserOptions {
  catalog: FunctionMetadata[];
  workbook: WorkbookPort | null;
}

export function renderFunctionBrowser(
  root: HTMLElement,
  { catalog, workbook }: BrowserOptions
): void {
  let selected: FunctionMetadata | null = null;
  const searchBox = el("input", {
    type: "search",
    id: "function-search",
    placeholder: "e.g. hedge ratio, basis, margin",
    autocomplete: "off",
    "aria-describedby": "function-count",
    "aria-controls": "function-list",
  });
  const count = el("p", { id: "function-count", className: "hint", "aria-live": "polite" });
  const list = el("ul", {
    id: "function-list",
    className: "function-list",
    "aria-label": "Functions",
  });
  const detail = el("div", { id: "function-detail" });

  const showList = (): void => {
    const matches = searchCatalog(catalog, searchBox.value);
    count.textContent = `${matches.length} of ${catalog.length} functions`;
    fill(
      list,
      ...matches.map((f) =>
        el(
          "li",
          {},
          el(
            "button",
            {
              type: "button",
              "data-function": f.name,
              "aria-current": selected?.name === f.name ? "true" : undefined,
              onclick: () => select(f),
              onkeydown: (event: Event) => moveInList(event as KeyboardEvent),
            },
            el("span", { className: "name" }, `${f.name}`),
            el("span", { className: "desc" }, f.description ?? "")
          )
        )
      )
    );
  };

  const moveInList = (event: KeyboardEvent): void => {
    const buttons = [...list.querySelectorAll("button")];
    const index = buttons.indexOf(event.target as HTMLButtonElement);
    if (event.key === "ArrowDown" && index < buttons.length - 1) buttons[index + 1].focus();
    else if (event.key === "ArrowUp") (index > 0 ? buttons[index - 1] : searchBox).focus();
    else return;
    event.preventDefault();
  };

  const select = (f: FunctionMetadata): void => {
    selected = f;
    for (const button of list.querySelectorAll("button")) {
      button.setAttribute("aria-current", String(button.getAttribute("data-function") === f.name));
    }
    renderDetail(f);
  };

  const renderDetail = (f: FunctionMetadata): void => {
    const inputs = f.parameters.map((p, i) =>
      el("input", {
        type: "text",
        id: `arg-${i}`,
        className: "mono",
        placeholder: p.optional
          ? "optional: leave empty for the default"
          : "a value or a cell, e.g. B2",
        "aria-describedby": `arg-${i}-hint`,
      })
    );
    const preview = el("code", {
      className: "preview",
      id: "formula-preview",
      "aria-live": "polite",
    });
    const status = el("div", { id: "insert-status", role: "status", "aria-live": "polite" });
    const insert = el(
      "button",
      {
        type: "button",
        className: "button primary",
        id: "insert-formula",
        disabled: workbook === null,
      },
      "Insert into selected cell"
    );
    const formula = (): string =>
      formulaSkeleton(
        f,
        inputs.map((input) => input.value)
      );
    const update = (): void => {
      preview.textContent = formula();
    };
    const doInsert = async (): Promise<void> => {
      if (!workbook) return;
      insert.disabled = true;
      fill(status);
      try {
        const result = await workbook.insertFormulaIfEmpty(formula());
        fill(
          status,
          el(
            "p",
            { className: `message ${result.ok ? "success" : "error"}` },
            result.ok ? `Inserted ${formula()} into ${result.address}.` : result.message
          )
        );
      } catch (error) {
        fill(
          status,
          el(
            "p",
            { className: "message error" },
            `Could not insert the formula: ${(error as Error).message}`
          )
        );
      } finally {
        insert.disabled = false;
      }
    };
    insert.addEventListener("click", () => void doInsert());
    for (const input of inputs) {
      input.addEventListener("input", update);
      input.addEventListener("keydown", (event) => {
        if ((event as KeyboardEvent).key === "Enter" && workbook) void doInsert();
      });
    }
    update();

    fill(
      detail,
      el("h2", { id: "function-title", tabindex: "-1" }, `${f.name}`),
      el("p", {}, f.description ?? ""),
      el("code", { className: "signature" }, signature(f)),
      el("h3", {}, "Arguments"),
      ...f.parameters.flatMap((p, i) => [
        el(
          "label",
          { for: `arg-${i}` },
          p.name,
          p.optional ? el("span", { className: "hint" }, " (optional)") : null
        ),
        el("p", { className: "hint", id: `arg-${i}-hint` }, p.description ?? ""),
        inputs[i],
      ]),
      el("h3", {}, "Formula"),
      preview,
      insert,
      workbook === null
        ? el(
            "p",
            { className: "hint" },
            "Open AltHedge in Excel (or the playground) to insert formulas into a sheet."
          )
        : el(
            "p",
            { className: "hint" },
            "Goes into the active cell only if it is empty; nothing is overwritten."
          ),
      status,
      f.helpUrl
        ? el(
            "p",
            {},
            el(
              "a",
              { href: f.helpUrl, target: "_blank", rel: "noopener" },
              `Reference for ${f.name}`
            )
          )
        : null
    );
    (detail.querySelector("#function-title") as HTMLElement).focus();
  };

  searchBox.addEventListener("input", showList);
  searchBox.addEventListener("keydown", (event) => {
    const key = (event as KeyboardEvent).key;
    const first = list.querySelector("button");
    if ((key === "ArrowDown" || key === "Enter") && first) {
      event.preventDefault();
      if (key === "Enter") first.click();
      else first.focus();
    }
  });

  fill(
    root,
    el("label", { for: "function-search" }, "Search functions"),
    searchBox,
    count,
    list,
    detail
  );
  showList();
}
