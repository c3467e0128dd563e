// office-addin-lint's configuration (eslint-plugin-office-addins: Office.js load/sync rules, prettier)
// with the project's parser settings, ignores, and the layers of docs/architecture.md.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";

/**
 * What each folder of src may not import (docs/architecture.md, "Layers"): dependencies point one way,
 * core ◄ functions, core ◄ templates ◄ workbook ◄ taskpane ◄ playground, imports (exchange exports →
 * canonical tables, pure) ◄ templates, and nothing of the add-in imports the playground. A folder not
 * listed here (none today) may import anything but the playground.
 */
const FORBIDDEN = {
  core: ["functions", "imports", "templates", "workbook", "taskpane", "playground"],
  functions: ["imports", "templates", "workbook", "taskpane", "playground"],
  imports: ["core", "functions", "templates", "workbook", "taskpane", "playground"],
  templates: ["functions", "workbook", "taskpane", "playground"],
  workbook: ["taskpane", "playground"],
  taskpane: ["playground"],
};

const message = (folder, layer) =>
  `${folder} may not import src/${layer} (layers: docs/architecture.md).`;

/** Static imports and re-exports through no-restricted-imports; import() and require() by syntax. */
const forbid = (folder, layers, syntax = []) => ({
  "no-restricted-imports": [
    "error",
    {
      patterns: layers.map((layer) => ({
        group: [`**/${layer}`, `**/${layer}/**`],
        message: message(folder, layer),
      })),
    },
  ],
  "no-restricted-syntax": [
    "error",
    ...layers.flatMap((layer) => {
      const path = `/(^|\\x2F)${layer}(\\x2F|$)/`; // \x2F: "/" (esquery regexes cannot escape it)
      return [
        { selector: `ImportExpression[source.value=${path}]`, message: message(folder, layer) },
        {
          selector: `CallExpression[callee.name='require'][arguments.0.value=${path}]`,
          message: message(folder, layer),
        },
      ];
    }),
    ...syntax,
  ],
});

// The task pane talks to the workbook through the port (src/workbook), never to Excel directly.
const NO_EXCEL_RUN = {
  selector: "CallExpression[callee.object.name='Excel'][callee.property.name='run']",
  message: "src/taskpane calls the workbook port (src/workbook), not Excel.run.",
};

export default [
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "screenshots/**"] },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: { parser: tsParser },
    rules: {
      // Typed code everywhere; only the Excel boundary (below) takes Excel's untyped values.
      "@typescript-eslint/no-explicit-any": "error",
      // TypeScript checks names (tsc --noEmit); eslint's no-undef does not know DOM or Office globals.
      "no-undef": "off",
      // TypeScript overloads are declarations eslint's core rule mistakes for redeclarations; tsc checks.
      "no-redeclare": "off",
    },
  },
  {
    // Excel passes untyped cell values (any[][] ranges); the boundary types them once.
    files: ["src/functions/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    // Tests call the functions as Excel does, with any-shaped arguments.
    files: ["test/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  // Layers: one block per folder (a later block would replace, not extend, an earlier rule's options).
  ...Object.entries(FORBIDDEN).map(([folder, layers]) => ({
    files: [`src/${folder}/**`],
    rules: forbid(`src/${folder}`, layers, folder === "taskpane" ? [NO_EXCEL_RUN] : []),
  })),
  {
    files: ["src/**"],
    ignores: [...Object.keys(FORBIDDEN).map((folder) => `src/${folder}/**`), "src/playground/**"],
    rules: forbid("The add-in", ["playground"]),
  },
];
