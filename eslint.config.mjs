// office-addin-lint's configuration (eslint-plugin-office-addins: Office.js load/sync rules, prettier)
// with the project's parser settings and ignores.
import officeAddins from "eslint-plugin-office-addins";
import tsParser from "@typescript-eslint/parser";

export default [
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "screenshots/**"] },
  ...officeAddins.configs.recommended,
  {
    plugins: { "office-addins": officeAddins },
    languageOptions: { parser: tsParser },
    rules: {
      // Excel passes untyped cell values; the boundary (src/functions/excel.ts) types them.
      "@typescript-eslint/no-explicit-any": "off",
      // TypeScript checks names (tsc --noEmit); eslint's no-undef does not know DOM or Office globals.
      "no-undef": "off",
      // TypeScript overloads are declarations eslint's core rule mistakes for redeclarations; tsc checks.
      "no-redeclare": "off",
    },
  },
];
