// Reads the function catalog from its one source, the JSDoc of src/functions: the metadata exactly as
// the build writes functions.json (same generator), plus the documentation tags the metadata does not
// carry — @example, @remarks (formula and source), @throws — read with the TypeScript compiler.
const fs = require("fs");
const path = require("path");
const ts = require("typescript");
const { generateCustomFunctionsMetadata } = require("custom-functions-metadata");
const { customFunctionFiles } = require("./sources");

const ROOT = path.resolve(__dirname, "../..");

function tagText(tag) {
  const comment = tag.comment;
  if (comment === undefined) return "";
  return (typeof comment === "string" ? comment : comment.map((part) => part.text).join("")).trim();
}

/** Documentation tags per function id, from each wrapper's JSDoc. */
function readDocTags(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const byId = new Map();
  for (const statement of source.statements) {
    if (!ts.isFunctionDeclaration(statement)) continue;
    const tags = ts.getJSDocTags(statement);
    const id = tags.find((t) => t.tagName.text === "customfunction");
    if (!id) continue;
    const text = (name) => tags.filter((t) => t.tagName.text === name).map(tagText);
    byId.set(tagText(id).split(/\s+/)[0].toUpperCase() || statement.name.text.toUpperCase(), {
      examples: text("example"),
      remarks: text("remarks").join(" "),
      throws: text("throws"),
      returns: text("returns").join(" "),
      domain: path.basename(file, ".ts"),
    });
  }
  return byId;
}

async function readCatalog() {
  const files = customFunctionFiles().map((f) => path.resolve(ROOT, f));
  const result = await generateCustomFunctionsMetadata(files, true);
  if (result.errors.length) throw new Error(result.errors.join("\n"));
  const metadata = JSON.parse(result.metadataJson);
  const docs = new Map();
  for (const file of files) for (const [id, tags] of readDocTags(file)) docs.set(id, tags);
  return metadata.functions.map((f) => ({ ...f, doc: docs.get(f.id) }));
}

/**
 * `=ALTHEDGE.NAME(args) → expected` as written in an @example: the arguments as Excel would pass them
 * (array constants as 2-D arrays, omitted arguments as null) and the expected result.
 */
function parseExample(example) {
  const match = /^=ALTHEDGE\.([A-Z0-9]+)\((.*)\)\s*→\s*(.+?)(?:\s+—\s+(.*))?$/.exec(example);
  if (!match) throw new Error(`@example must read "=ALTHEDGE.NAME(args) → result", got: ${example}`);
  const [, id, argText, expectedText, note] = match;
  return { id, args: parseArgs(argText), expected: parseExpected(expectedText.trim()), note: note ?? "" };
}

function tokenizeArgs(text) {
  const args = [];
  let depth = 0;
  let quoted = false;
  let current = "";
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && ch === "{") depth++;
    if (!quoted && ch === "}") depth--;
    if (!quoted && depth === 0 && ch === ",") {
      args.push(current);
      current = "";
    } else current += ch;
  }
  if (text.trim() !== "" || args.length) args.push(current);
  return args.map((a) => a.trim());
}

function parseScalar(token) {
  if (token === "") return null;
  if (/^".*"$/.test(token)) return token.slice(1, -1);
  if (/^true$/i.test(token)) return true;
  if (/^false$/i.test(token)) return false;
  const number = Number(token);
  if (!Number.isNaN(number)) return number;
  throw new Error(`cannot read the example argument ${token}`);
}

function parseArray(token) {
  return token
    .slice(1, -1)
    .split(";")
    .map((row) => tokenizeArgs(row).map((cell) => (cell === "" ? "" : parseScalar(cell))));
}

function parseArgs(text) {
  return tokenizeArgs(text).map((token) => (token.startsWith("{") ? parseArray(token) : parseScalar(token)));
}

function parseExpected(text) {
  if (/^#[A-Z0-9/!?]+/.test(text)) return { error: text.match(/^#[A-Z0-9/]+[!?]?/)[0] };
  if (text.startsWith("{")) return { spill: parseArray(text) };
  const approx = text.startsWith("≈");
  const token = text.replace(/^≈\s*/, "");
  const value = parseScalar(token);
  const decimals = typeof value === "number" && approx ? (token.split(".")[1] ?? "").replace(/e.*/i, "").length : null;
  return { value, approx, decimals };
}

module.exports = { readCatalog, parseExample, ROOT };
