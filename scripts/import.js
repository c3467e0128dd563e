#!/usr/bin/env node
// `npm run import -- <file> [--tz UTC+3] [--table Funding]`: reads an exchange or price export with
// the same code as the task pane's Import wizard (src/imports) and prints, on the first line, the
// format and variant detected, then one canonical table as CSV (docs/imports.md). What the pane shows
// before confirming — time zone, duplicates, bad lines, price gaps, warnings — goes to stderr, so
// stdout is the table alone after its first line. Nothing is written anywhere.
//
// Runs from the sources (no build needed), like the other scripts.
"use strict";
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");

const USAGE = `Usage: npm run import -- <file> [--tz UTC+3] [--table Funding]

  --tz <zone>      the zone of the file's times when the file states none (UTC, UTC+3, UTC-6, UTC+5:30);
                   ignored, with a note, when the file states its own
  --table <kind>   which canonical table to print when the file feeds several
                   (Holdings, Funding, Trades, ClosedPnL, Prices); default: the format's first`;

require("./lib/typescript").registerTypeScript();

/** The file, --tz and --table; throws with the usage on anything else. */
function parseArgs(argv) {
  const files = [];
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--tz" || arg === "--table") {
      const value = argv[++i];
      if (value === undefined || value.startsWith("--"))
        throw new Error(`${arg} needs a value\n\n${USAGE}`);
      options[arg === "--tz" ? "timeZone" : "table"] = value;
    } else if (arg.startsWith("--tz=")) options.timeZone = arg.slice(5);
    else if (arg.startsWith("--table=")) options.table = arg.slice(8);
    else if (arg === "-h" || arg === "--help") throw new Error(USAGE);
    else if (arg.startsWith("-")) throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1) throw new Error(USAGE);
  return { file: files[0], ...options };
}

/**
 * Reads the file and returns what to print: `out` (the first line, then the CSV) and `notes` (for
 * stderr), or throws with the refusal's message. `log`/`warn` receive them when given.
 */
function run(
  argv,
  { log = (s) => process.stdout.write(s), warn = (s) => process.stderr.write(s) } = {}
) {
  const args = parseArgs(argv);
  const imports = require(path.join(ROOT, "src/imports/index.ts"));
  let bytes;
  try {
    bytes = fs.readFileSync(args.file);
  } catch (error) {
    throw new Error(
      `Cannot read ${args.file}: ${error.code === "ENOENT" ? "no such file" : error.message}`
    );
  }
  const preview = imports.readImport(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    {
      fileName: path.basename(args.file),
      timeZone: args.timeZone,
    }
  );
  if (!preview.ok) throw new Error(preview.message);
  const format = imports.FORMATS.find((f) => f.id === preview.format.id);
  const fed = format.tables.filter((kind) => (preview.tables[kind] ?? []).length > 0);
  const kind = args.table ?? fed[0] ?? format.tables[0];
  if (!imports.CANONICAL_KINDS.includes(kind))
    throw new Error(
      `--table ${kind}: the canonical tables are ${imports.CANONICAL_KINDS.join(", ")}`
    );
  if (!format.tables.includes(kind))
    throw new Error(
      `--table ${kind}: a ${format.name} export feeds ${format.tables.join(", ")}, not ${kind}`
    );
  const rows = preview.tables[kind] ?? [];
  const first = `${preview.format.name} · variant ${preview.format.variant} · ${kind}`;
  const out = `${first}\n${imports.toCsv(kind, rows)}\n`;
  const notes = [];
  notes.push(`Time zone: ${preview.zone.label} (${imports.ZONE_WORDS[preview.zone.source]})`);
  if (args.timeZone && preview.zone.source !== "user" && preview.zone.source !== "default")
    notes.push(`--tz ${args.timeZone} ignored: the file states its own zone`);
  notes.push(
    `${preview.lines} data lines; ${fed.map((k) => `${k} ${preview.tables[k].length}`).join(", ") || "no rows"}; ${preview.duplicates} duplicate${preview.duplicates === 1 ? "" : "s"} in the file`
  );
  for (const bad of preview.bad) notes.push(`Line ${bad.line}: ${bad.reason}`);
  for (const gap of preview.gaps)
    notes.push(
      `Gap in ${gap.symbol}: ${gap.days} day${gap.days === 1 ? "" : "s"} missing after ${imports.formatUtc(gap.after, true)}`
    );
  for (const warning of preview.warnings) notes.push(`Note: ${warning}`);
  log(out);
  warn(notes.join("\n") + "\n");
  return { out, notes, preview, kind };
}

module.exports = { run, parseArgs, USAGE };

if (require.main === module) {
  try {
    run(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
