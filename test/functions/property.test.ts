/**
 * Bad input never crashes. Every function registered by the built bundle (iterated from functions.json,
 * not a hand list) is called with random Excel-shaped arguments: numbers including 0, negatives, tiny
 * and ±1e308; blanks ("", null, undefined); text, including the function's own mode words; booleans;
 * ranges of every shape (columns, rows, blocks, one cell, mismatched lengths, all blank); arguments
 * missing. Whatever happens, the function either returns a value a cell can hold or throws a
 * CustomFunctions.Error — never another exception, never NaN/Infinity/undefined, never an error object
 * inside a spill.
 */
import fc from "fast-check";
import { ErrorCode, StubError, loadBundle } from "../helpers/bundle";

const bundle = loadBundle();
const TOTAL_CALLS = 20000;
const ids = bundle.metadata.functions.map((f) => f.id);
const runsPerFunction = Math.ceil(TOTAL_CALLS / ids.length);
const EXCEL_ERRORS = new Set<string>(Object.values(ErrorCode));

const numbers = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    1,
    -1,
    0.5,
    2,
    3,
    1e308,
    -1e308,
    5e-324,
    1e-12,
    365,
    0.99,
    0.01,
    45000,
    46000
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: -2, max: 2, noNaN: true }),
  fc.integer({ min: -10, max: 100 })
);

/** Quoted words in a parameter's description are its modes ("none", "nearest", …); use them too. */
function modeWords(description = ""): string[] {
  return [...description.matchAll(/"([A-Za-z][\w .-]*)"/g)].map((m) => m[1]);
}

function scalarCell(words: string[]): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: numbers },
    { weight: 1, arbitrary: fc.constantFrom("", null, undefined) },
    { weight: 1, arbitrary: fc.boolean() },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "long",
        "short",
        "SHORT",
        "abc",
        "1e3",
        " 12 ",
        "5%",
        "-1",
        "#N/A"
      ),
    },
    {
      weight: words.length ? 3 : 0,
      arbitrary: words.length ? fc.constantFrom(...words) : fc.constant(""),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) }
  );
}

const rangeCell = fc.oneof(
  { weight: 8, arbitrary: numbers },
  { weight: 8, arbitrary: fc.double({ min: 0.5, max: 2, noNaN: true }) }, // price-like, passes domain checks
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constantFrom("x", "1") }
);

const range: fc.Arbitrary<unknown[][]> = fc.oneof(
  fc.array(rangeCell, { minLength: 1, maxLength: 40 }).map((values) => values.map((v) => [v])), // column
  fc.array(rangeCell, { minLength: 1, maxLength: 40 }).map((values) => [values]), // row
  fc
    .array(fc.array(rangeCell, { minLength: 2, maxLength: 3 }), { minLength: 1, maxLength: 12 })
    .map((rows) => {
      const width = rows[0].length;
      return rows.map((row) =>
        row.slice(0, width).concat(new Array(Math.max(0, width - row.length)).fill(""))
      ); // rectangular block
    }),
  fc.constant([[""]] as unknown[][]),
  fc.constant([["", ""]] as unknown[][]),
  numbers.map((n) => [[n]])
);

function argument(param: { dimensionality?: string; description?: string }): fc.Arbitrary<unknown> {
  const words = modeWords(param.description);
  return param.dimensionality === "matrix"
    ? fc.oneof({ weight: 9, arbitrary: range }, { weight: 1, arbitrary: scalarCell(words) })
    : fc.oneof({ weight: 9, arbitrary: scalarCell(words) }, { weight: 1, arbitrary: range });
}

function acceptable(value: unknown): string | null {
  if (typeof value === "number")
    return Number.isFinite(value) ? null : `non-finite number ${value}`;
  if (typeof value === "string" || typeof value === "boolean") return null;
  if (Array.isArray(value)) {
    if (value.length === 0 || !value.every(Array.isArray))
      return "a spill that is not a non-empty 2-D array";
    const width = value[0].length;
    for (const row of value as unknown[][]) {
      if (row.length !== width || width === 0) return "a ragged or empty spill";
      for (const cell of row) {
        if (
          typeof cell === "number"
            ? !Number.isFinite(cell)
            : typeof cell !== "string" && typeof cell !== "boolean"
        ) {
          return `a spill cell ${String(cell)} (${typeof cell})`;
        }
      }
    }
    return null;
  }
  return `a ${value === null ? "null" : typeof value} result`;
}

let calls = 0;

test.each(ids)("%s answers every random Excel-shaped call with a value or an Excel error", (id) => {
  const meta = bundle.metadata.functions.find((f) => f.id === id)!;
  const fn = bundle.functions.get(id)!;
  const args = fc.tuple(...meta.parameters.map(argument));
  // Excel passes every declared parameter (null when omitted); sometimes drop trailing arguments too.
  const missing = fc.integer({ min: 0, max: meta.parameters.length });
  fc.assert(
    fc.property(args, missing, (values, drop) => {
      const call = values.map((v, i) => (i >= values.length - drop && drop > 0 ? null : v));
      calls++;
      let result: unknown;
      try {
        result = fn(...call);
      } catch (error) {
        if (!(error instanceof StubError))
          throw new Error(`threw ${String(error)} for ${JSON.stringify(call)}`);
        if (!EXCEL_ERRORS.has(error.code)) throw new Error(`unknown error code ${error.code}`);
        if (!error.message)
          throw new Error(`${error.code} without a message for ${JSON.stringify(call)}`);
        return;
      }
      const problem = acceptable(result);
      if (problem) throw new Error(`returned ${problem} for ${JSON.stringify(call)}`);
    }),
    { numRuns: runsPerFunction, seed: 20261125 + id.length }
  );
});

test(`at least ${TOTAL_CALLS} calls were made`, () => {
  expect(calls).toBeGreaterThanOrEqual(TOTAL_CALLS);
});
