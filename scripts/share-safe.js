#!/usr/bin/env node
// `npm run share-safe -- <in.xlsx> <out.xlsx> [--keep-hidden] [--keep-comments]`: writes a share-safe
// copy of a workbook file — every ALTHEDGE.* formula replaced by its cached value, names, conditional
// formats, validations, hidden sheets and comments handled as the share planner says, and a Provenance
// sheet that keeps the original formulas as text (docs/share-safe.md). The same transform as "Save as
// a share-safe workbook" in the task pane (src/workbook/ooxml).
//
// Runs from the sources (no build needed): the TypeScript modules are compiled on the fly to CommonJS,
// as scripts/make-example.js does.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

const USAGE = `Usage: npm run share-safe -- <in.xlsx> <out.xlsx> [--keep-hidden] [--keep-comments]

  --keep-hidden     keep hidden and very hidden sheets (removed by default)
  --keep-comments   keep comments and notes (removed by default: they carry their authors' names)`;

require("./lib/typescript").registerTypeScript();

/** Parses the command line: two files and the flags; throws with the usage on anything else. */
function parseArgs(argv) {
  const files = [];
  const options = { keepHidden: false, keepComments: false };
  for (const arg of argv) {
    if (arg === "--keep-hidden") options.keepHidden = true;
    else if (arg === "--keep-comments") options.keepComments = true;
    else if (arg === "-h" || arg === "--help") throw new Error(USAGE);
    else if (arg.startsWith("-")) throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 2) throw new Error(USAGE);
  return { input: files[0], output: files[1], ...options };
}

/** Runs the transform on files; resolves with what it did. */
async function run(argv, { log = console.log } = {}) {
  const args = parseArgs(argv);
  if (path.resolve(args.input) === path.resolve(args.output)) {
    throw new Error("Write the share-safe copy to another file: the original keeps its formulas");
  }
  const { shareSafeFile } = require(path.join(ROOT, "src", "workbook", "ooxml", "index.ts"));
  const version = require(path.join(ROOT, "package.json")).version;
  const started = Date.now();
  const result = await shareSafeFile(new Uint8Array(fs.readFileSync(args.input)), {
    version,
    time: new Date().toISOString(),
    keepHidden: args.keepHidden,
    keepComments: args.keepComments,
  });
  fs.writeFileSync(args.output, result.bytes);
  const { plan } = result;
  const rewrites = plan.copies.reduce((n, copy) => n + copy.rewrites.length, 0);
  log(
    `${args.output}: ${result.frozenCells} cells frozen to their values, ${rewrites} formulas rewritten, ` +
      `${plan.dropped.length} items removed, ${plan.provenance.rows.length} Provenance rows ` +
      `(${Date.now() - started} ms).`
  );
  for (const sheet of plan.removeSheets) log(`  removed sheet: ${sheet}`);
  for (const warning of result.warnings) {
    log(
      `  warning: ${warning.sheet ? `${warning.sheet}${warning.address ? `!${warning.address}` : ""}: ` : ""}${warning.message}`
    );
  }
  return result;
}

module.exports = { run, parseArgs };

if (require.main === module) {
  run(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
