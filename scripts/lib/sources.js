// The one place that says which source files hold custom functions: those whose JSDoc tags
// `@customfunction`. The webpack entry and the metadata plugin both read it, so there is no
// hand-kept list of functions or of their files.
const fs = require("fs");
const path = require("path");

const FUNCTIONS_DIR = path.resolve(__dirname, "../../src/functions");

function customFunctionFiles() {
  return fs
    .readdirSync(FUNCTIONS_DIR)
    .filter((name) => name.endsWith(".ts"))
    .sort()
    .map((name) => path.join(FUNCTIONS_DIR, name))
    .filter((file) => /@customfunction\b/.test(fs.readFileSync(file, "utf8")))
    .map((file) => "./" + path.relative(path.resolve(__dirname, "../.."), file).split(path.sep).join("/"));
}

module.exports = { customFunctionFiles };
