#!/usr/bin/env node
// `npm test`: build the add-in (the tests load the built functions.json and bundle), then run every
// jest suite — core maths, the built functions, the manifest, the browser tests — and end with a plain
// "N passed, N failed" line. Extra arguments go to jest (e.g. `npm test -- test/core`).
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const run = (args) => spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit", env: process.env }).status;

if (!process.env.ALTHEDGE_SKIP_BUILD) {
  const built = run([require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", "--no-stats"]);
  if (built !== 0) {
    console.error("Build failed: see above.");
    process.exit(built || 1);
  }
}

const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "althedge-jest-")), "report.json");
const status = run([require.resolve("jest/bin/jest"), "--json", `--outputFile=${report}`, ...process.argv.slice(2)]);
if (fs.existsSync(report)) {
  const result = JSON.parse(fs.readFileSync(report, "utf8"));
  console.log(`\n${result.numPassedTests} passed, ${result.numFailedTests} failed, ${result.numPendingTests} skipped`);
  if (result.numTotalTests === 0) process.exit(1);
}
process.exit(status ?? 1);
