/**
 * The reference docs are generated, complete and true: docs/functions.md and README's table match what
 * `npm run docs` writes; every function documents its formula and source, its errors and at least one
 * example; and every documented example gives, through the built bundle, the result the docs state.
 */
import { spawnSync } from "child_process";
import path from "path";
import { StubError, loadBundle } from "../helpers/bundle";

const { readCatalog, parseExample } = require("../../scripts/lib/catalog.js");

type Expected =
  | { error: string }
  | { spill: unknown[][] }
  | { value: unknown; approx: boolean; decimals: number | null };

interface Entry {
  id: string;
  doc?: { examples: string[]; remarks: string; throws: string[] };
}

const ROOT = path.resolve(__dirname, "../..");
const bundle = loadBundle();
let catalog: Entry[];

beforeAll(async () => {
  catalog = await readCatalog();
});

test("docs/functions.md and the README table are what `npm run docs` generates", () => {
  const result = spawnSync(process.execPath, ["scripts/docs.js", "--check"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
});

test("the docs cover exactly the functions in the built functions.json", () => {
  expect(catalog.map((f) => f.id).sort()).toEqual(
    bundle.metadata.functions.map((f) => f.id).sort()
  );
});

test("every function documents its formula and source, its errors and an example", () => {
  const incomplete = catalog
    .filter(
      (f) => !f.doc || !f.doc.remarks || f.doc.throws.length === 0 || f.doc.examples.length === 0
    )
    .map((f) => f.id);
  expect(incomplete).toEqual([]);
});

function evaluate(id: string, args: unknown[]): { value?: unknown; error?: string } {
  try {
    return { value: bundle.call(id, ...args) };
  } catch (error) {
    if (error instanceof StubError) return { error: error.code };
    throw error;
  }
}

function matches(
  actual: unknown,
  expected: unknown,
  approx: boolean,
  decimals: number | null
): boolean {
  if (typeof expected === "number" && typeof actual === "number") {
    if (!approx) return Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected));
    return Math.abs(actual - expected) <= 0.5 * 10 ** -(decimals ?? 0) + 1e-12;
  }
  return actual === expected;
}

test("every documented example holds", () => {
  const examples = catalog.flatMap((f) =>
    (f.doc?.examples ?? []).map((text) => ({ id: f.id, text }))
  );
  expect(examples.length).toBeGreaterThanOrEqual(catalog.length);
  for (const { id, text } of examples) {
    const example = parseExample(text) as { id: string; args: unknown[]; expected: Expected };
    expect(example.id).toBe(id);
    const outcome = evaluate(id, example.args);
    const expected = example.expected;
    const where = `${text}\n  got ${JSON.stringify(outcome)}`;
    if ("error" in expected) {
      expect({ where, error: outcome.error }).toEqual({ where, error: expected.error });
    } else if ("spill" in expected) {
      const spill = outcome.value as unknown[][];
      expect({ where, rows: spill?.length, cols: spill?.[0]?.length }).toEqual({
        where,
        rows: expected.spill.length,
        cols: expected.spill[0].length,
      });
      expected.spill.forEach((row, i) =>
        row.forEach((cell, j) => {
          const decimals =
            typeof cell === "number" ? (String(cell).split(".")[1] ?? "").length : null;
          expect({ where, cell: [i, j], ok: matches(spill[i][j], cell, true, decimals) }).toEqual({
            where,
            cell: [i, j],
            ok: true,
          });
        })
      );
    } else {
      expect({
        where,
        ok: matches(outcome.value, expected.value, expected.approx, expected.decimals),
      }).toEqual({ where, ok: true });
    }
  }
});
