/**
 * The help page every `@helpurl` points at: the reference rendered from functions.json, so it can
 * never disagree with what Excel shows in formula AutoComplete.
 */
import { loadCatalog, signature } from "./catalog";
import { el, fill } from "./dom";

async function render(): Promise<void> {
  const root = document.getElementById("reference")!;
  try {
    const catalog = await loadCatalog();
    fill(
      root,
      el(
        "nav",
        { "aria-label": "Functions" },
        el(
          "p",
          {},
          ...catalog.flatMap((f, i) => [i ? " · " : null, el("a", { href: `#${f.id}` }, f.name)])
        )
      ),
      ...catalog.map((f) =>
        el(
          "section",
          { id: f.id },
          el("h2", {}, f.name),
          el("p", {}, f.description ?? ""),
          el("p", {}, el("code", {}, `=${signature(f)}`)),
          el(
            "table",
            {},
            el("thead", {}, el("tr", {}, el("th", {}, "Argument"), el("th", {}, "Description"))),
            el(
              "tbody",
              {},
              ...f.parameters.map((p) =>
                el(
                  "tr",
                  {},
                  el("td", {}, el("code", {}, p.optional ? `[${p.name}]` : p.name)),
                  el("td", {}, p.description ?? "")
                )
              )
            )
          )
        )
      )
    );
    const target = location.hash && document.getElementById(location.hash.slice(1));
    if (target) target.scrollIntoView();
  } catch (error) {
    fill(root, el("p", { className: "message error" }, (error as Error).message));
  }
}

void render();
