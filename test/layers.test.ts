/**
 * The layers of docs/architecture.md are enforced by the project's lint configuration (eslint.config.mjs,
 * the one `npm run lint` uses): each rule is shown to report a deliberate violation and to let through
 * the import the design allows. The probe files never exist on disk: ESLint's Node API lints the text as
 * if it sat at the given path. ESLint loads its ESM config with a dynamic import, which jest's module
 * sandbox refuses, so the API runs in one plain Node child process for all probes.
 */
import { spawnSync } from "child_process";
import path from "path";

const ROOT = path.resolve(__dirname, "..");

interface Probe {
  filePath: string;
  code: string;
}
interface Finding {
  ruleId: string | null;
  message: string;
}

const LINT = `
import { ESLint } from "eslint";
const probes = JSON.parse(process.argv[1]);
const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: "eslint.config.mjs" });
const out = [];
for (const { filePath, code } of probes) {
  const [result] = await eslint.lintText(code, { filePath });
  out.push(result.messages.map(({ ruleId, message }) => ({ ruleId, message })));
}
process.stdout.write(JSON.stringify(out));
`;

/** Each probe's findings, in order (prettier's formatting findings left out). */
function lint(probes: Probe[]): Finding[][] {
  const child = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", LINT, JSON.stringify(probes)],
    { cwd: ROOT, encoding: "utf8", timeout: 120000 }
  );
  if (child.status !== 0) throw new Error(`ESLint failed: ${child.stderr}`);
  const results = JSON.parse(child.stdout) as Finding[][];
  return results.map((findings) => findings.filter((f) => f.ruleId !== "prettier/prettier"));
}

const importing = (file: string, specifier: string): Probe => ({
  filePath: `src/${file}`,
  code: `import { probe } from "${specifier}";\nexport const used = probe;\n`,
});

// What the design forbids (docs/architecture.md, "Layers"), then what it allows.
const VIOLATIONS: Probe[] = [
  importing("templates/__probe.ts", "../workbook/port"),
  importing("templates/__probe.ts", "../taskpane/dom"),
  importing("templates/__probe.ts", "../functions/excel"),
  importing("core/__probe.ts", "../functions/excel"),
  importing("core/__probe.ts", "../templates/plan"),
  importing("core/__probe.ts", "../workbook/port"),
  importing("functions/__probe.ts", "../workbook/port"),
  importing("functions/__probe.ts", "../templates"),
  importing("functions/__probe.ts", "../taskpane/catalog"),
  importing("workbook/__probe.ts", "../taskpane/dom"),
  importing("taskpane/__probe.ts", "../playground/grid"),
  importing("workbook/__probe.ts", "../playground/format"),
  importing("__probe.ts", "./playground/playground"),
  importing("imports/__probe.ts", "../templates/plan"),
  importing("imports/__probe.ts", "../workbook/port"),
  importing("core/__probe.ts", "../imports/canonical"),
  importing("functions/__probe.ts", "../imports"),
  // a detour through another folder, a type-only import, a re-export, a dynamic import
  importing("templates/__probe.ts", "../../src/workbook/port"),
  {
    filePath: "src/templates/__probe.ts",
    code: 'import type { Probe } from "../workbook/port";\nexport type Used = Probe;\n',
  },
  { filePath: "src/core/__probe.ts", code: 'export { probe } from "../templates/plan";\n' },
  {
    filePath: "src/templates/__probe.ts",
    code: 'export const later = import("../workbook/port");\n',
  },
];

const ALLOWED: Probe[] = [
  importing("templates/__probe.ts", "../core/checks"),
  importing("templates/__probe.ts", "./plan"),
  importing("core/__probe.ts", "./stats"),
  importing("core/__probe.ts", "decimal.js"),
  importing("functions/__probe.ts", "../core/stats"),
  importing("workbook/__probe.ts", "../templates/plan"),
  importing("taskpane/__probe.ts", "../workbook/port"),
  importing("taskpane/__probe.ts", "../templates"),
  importing("playground/__probe.ts", "../workbook/engine"),
  importing("playground/__probe.ts", "../taskpane/dom"),
  importing("imports/__probe.ts", "papaparse"),
  importing("imports/formats/__probe.ts", "../fields"),
  importing("templates/__probe.ts", "../imports/canonical"),
  importing("workbook/__probe.ts", "../imports"),
  importing("taskpane/__probe.ts", "../imports"),
];

const ANY = "export const loose: any = 1;\n";

let violations: Finding[][];
let allowed: Finding[][];
let anyOutside: Finding[][];
let anyInFunctions: Finding[][];
let excelRun: Finding[][];

beforeAll(() => {
  const results = lint([
    ...VIOLATIONS,
    ...ALLOWED,
    { filePath: "src/core/__probe.ts", code: ANY },
    { filePath: "src/templates/__probe.ts", code: ANY },
    { filePath: "src/taskpane/__probe.ts", code: ANY },
    { filePath: "src/functions/__probe.ts", code: ANY },
    {
      filePath: "src/taskpane/__probe.ts",
      code: "export const run = Excel.run(async () => undefined);\n",
    },
  ]);
  let at = 0;
  const take = (n: number) => results.slice(at, (at += n));
  violations = take(VIOLATIONS.length);
  allowed = take(ALLOWED.length);
  anyOutside = take(3);
  anyInFunctions = take(1);
  excelRun = take(1);
}, 120000);

test.each(VIOLATIONS.map((probe, i) => [probe.filePath, probe.code.split("\n")[0], i] as const))(
  "%s: `%s` is reported as a layer violation",
  (_file, _code, i) => {
    const rules = violations[i].map((f) => f.ruleId);
    expect(rules).toEqual([expect.stringMatching(/^no-restricted-(imports|syntax)$/)]);
    expect(violations[i][0].message).toMatch(
      /may not import src\/\w+ \(layers: docs\/architecture\.md\)/
    );
  }
);

test.each(ALLOWED.map((probe, i) => [probe.filePath, probe.code.split("\n")[0], i] as const))(
  "%s: `%s` is allowed",
  (_file, _code, i) => {
    expect(allowed[i]).toEqual([]);
  }
);

test("`any` is an error everywhere in src but the Excel boundary (src/functions)", () => {
  for (const findings of anyOutside)
    expect(findings.map((f) => f.ruleId)).toEqual(["@typescript-eslint/no-explicit-any"]);
  expect(anyInFunctions[0]).toEqual([]);
});

test("the task pane does not call Excel.run itself", () => {
  expect(excelRun[0].map((f) => f.ruleId)).toEqual(["no-restricted-syntax"]);
});
