/**
 * HyperFormula is GPL-3.0: it may run in the playground and the tests, never in what users install.
 * The production build (what `npm test` builds and `npm run build` ships) must not contain it, nor the
 * playground's chart library (Chart.js, src/playground/charts.ts): the add-in draws no charts itself.
 */
import fs from "fs";
import path from "path";
import { DIST } from "../helpers/bundle";

const PATTERN = /HyperFormula|gpl-v3|hyperformula/i;
// Chart.js's own error messages, in its core (the Chart class): in any bundle that includes it.
const CHART_LIBRARY =
  /Canvas is already in use\. Chart with ID|Failed to create chart: can't acquire context/;
const shipped = ["functions.js", "taskpane.js", "help.js"];

test.each(shipped)("%s contains no HyperFormula code", (file) => {
  const text = fs.readFileSync(path.join(DIST, file), "utf8");
  // Its class name, its licence key and a string from its parser appear in any bundle that includes it.
  expect(text).not.toMatch(PATTERN);
});

test.each(shipped)("%s contains no chart library", (file) => {
  expect(fs.readFileSync(path.join(DIST, file), "utf8")).not.toMatch(CHART_LIBRARY);
});

test("the production build ships no playground page or bundle", () => {
  const files = fs.readdirSync(DIST);
  expect(files.filter((f) => /playground/.test(f))).toEqual([]);
  // every shipped script is one of the add-in's own
  // …and the share-safe file transform's chunks, loaded on demand (src/workbook/officeFile.ts):
  // ooxml.js and fflate's numbered chunk, checked for HyperFormula below
  const chunks = files.filter((f) => f.endsWith(".js") && !shipped.includes(f));
  expect(chunks.filter((f) => f !== "ooxml.js" && !/^\d+\.js$/.test(f))).toEqual([]);
  for (const chunk of chunks) {
    const text = fs.readFileSync(path.join(DIST, chunk), "utf8");
    expect(text).not.toMatch(PATTERN);
    expect(text).not.toMatch(CHART_LIBRARY);
  }
});

test("the check can fail: HyperFormula's own minified build matches the pattern", () => {
  const minified = path.join(
    path.dirname(require.resolve("hyperformula")),
    "..",
    "dist",
    "hyperformula.full.min.js"
  );
  expect(fs.readFileSync(minified, "utf8")).toMatch(PATTERN);
});

test("the check can fail: Chart.js's own minified build matches the chart library's pattern", () => {
  const minified = path.join(path.dirname(require.resolve("chart.js")), "chart.umd.min.js");
  expect(fs.readFileSync(minified, "utf8")).toMatch(CHART_LIBRARY);
});
