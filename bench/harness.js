// Shared pieces of `npm run bench`: the built bundle loaded as Excel loads it, seeded data, timing.
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const ROOT = path.resolve(__dirname, "..");
const DIST = process.env.ALTHEDGE_DIST || path.join(ROOT, "dist");

class BenchError {
  constructor(code, message) {
    this.code = code;
    this.message = message;
  }
}

/** The built functions bundle with a stub CustomFunctions, as test/helpers/bundle.ts does. */
function loadFunctions() {
  const functions = new Map();
  const CustomFunctions = {
    associate: (id, fn) => functions.set(id, fn),
    Error: BenchError,
    ErrorCode: { invalidValue: "#VALUE!", notAvailable: "#N/A", divisionByZero: "#DIV/0!", invalidNumber: "#NUM!" },
  };
  const file = path.join(DIST, "functions.js");
  // Run in this realm, as a browser runs it: code inside a separate vm context reaches every global
  // (Math, Float64Array, …) through the context's interceptors, which is many times slower.
  globalThis.CustomFunctions = CustomFunctions;
  vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
  return functions;
}

/** mulberry32: a small seeded PRNG, so every run measures the same data. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normals(n, seed) {
  const random = prng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    out[i] = r * Math.cos(2 * Math.PI * v);
    if (i + 1 < n) out[i + 1] = r * Math.sin(2 * Math.PI * v);
  }
  return out;
}

/** A column as Excel passes it to a custom function: number[][] with one cell per row. */
const column = (values) => Array.from(values, (v) => [v]);

/** Median seconds of `runs` timed calls after one warm-up call. */
function time(fn, runs = 5) {
  fn();
  const samples = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

module.exports = { ROOT, DIST, loadFunctions, prng, normals, column, time };
