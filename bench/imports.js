// Import of a 50 MB exchange export (issue 14: "the 50 MB one imports in ≤ 5 s here"): a generated
// Binance USDⓈ-M Futures Transaction History (current header, the newer files' `Time,Type,…` layout)
// of funding, commission and realised-P&L rows over several symbols, with one overlap of repeated
// Transaction IDs, read by `readImport` from the sources exactly as `npm run import` and the pane do
// (decode, detect, Papa Parse, the format's parser, no row twice, sort). Median of 3 after a warm-up.
"use strict";
const path = require("path");
const { ROOT } = require("./harness");

const TARGET_BYTES = 50 * 1024 * 1024;

/** The generated file's text: about TARGET_BYTES, deterministic. */
function binanceHistory(targetBytes) {
  const symbols = ["SOLUSDT", "AVAXUSDT", "ARBUSDT", "OPUSDT", "INJUSDT", "TIAUSDT"];
  const types = ["FUNDING_FEE", "COMMISSION", "REALIZED_PNL"];
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647; // Park–Miller
  const lines = ["Time,Type,Amount,Asset,Symbol,Transaction ID"];
  let bytes = lines[0].length + 1;
  let t = Date.UTC(2024, 0, 1);
  let id = 9_000_000_000;
  while (bytes < targetBytes) {
    t += 1000 + Math.floor(random() * 60_000);
    const iso = new Date(t).toISOString();
    const line = `${iso.slice(0, 10)} ${iso.slice(11, 19)},${types[id % 3]},${((random() - 0.5) * 20).toFixed(8)},USDT,${symbols[id % symbols.length]},${id++}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  // an overlapping download: the last 1,000 lines again
  lines.push(...lines.slice(-1000));
  return lines.join("\n") + "\n";
}

module.exports = async function importBench() {
  require("../scripts/lib/typescript").registerTypeScript();
  const { readImport } = require(path.join(ROOT, "src/imports/index.ts"));
  const text = binanceHistory(TARGET_BYTES);
  const bytes = new TextEncoder().encode(text);
  const fileName = "Export Futures Transaction History-202603230525(UTC+0).csv";
  const runs = [];
  let result;
  if (global.gc) global.gc();
  readImport(bytes, { fileName });
  for (let k = 0; k < 3; k++) {
    if (global.gc) global.gc();
    const start = process.hrtime.bigint();
    result = readImport(bytes, { fileName });
    runs.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  runs.sort((a, b) => a - b);
  if (!result.ok) throw new Error(result.message);
  const rows = Object.values(result.tables).reduce((n, rows) => n + rows.length, 0);
  return [
    {
      name: `Import: a ${(bytes.length / 1024 / 1024).toFixed(0)} MB Binance futures transaction history (${result.lines.toLocaleString("en-US")} lines → ${rows.toLocaleString("en-US")} canonical rows, ${result.duplicates.toLocaleString("en-US")} duplicates skipped), readImport from the sources`,
      seconds: runs[1],
      goal: "≤ 5 s",
    },
  ];
};
