/**
 * src/core/regression: OLS slopes with an intercept by Householder QR (PROXYWEIGHTS) — exact fits built
 * by hand, numpy's lstsq on generated data (scripts/reference/statistics.py), and the failures it names.
 */
import ref from "../fixtures/statistics.json";
import { HedgeError } from "../../src/core/errors";
import { olsSlopes } from "../../src/core/regression";
import { relative } from "../helpers/numeric";

/** Row-major m × k design from its columns. */
const design = (...columns: Float64Array[]): Float64Array => {
  const m = columns[0].length;
  const out = new Float64Array(m * columns.length);
  for (let i = 0; i < m; i++) columns.forEach((c, j) => (out[i * columns.length + j] = c[i]));
  return out;
};

const a = Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1));
const b = Float64Array.from({ length: 12 }, (_, i) => Math.cos(2 * i) + i / 10);

test("an exact linear relation gives back its coefficients, the intercept left out", () => {
  // y = 0.5 + 2a − 3b exactly (by construction), so the slopes are 2 and −3
  const y = Float64Array.from(a, (v, i) => 0.5 + 2 * v - 3 * b[i]);
  const [s1, s2] = olsSlopes(y, design(a, b), 2);
  expect(s1).toBeCloseTo(2, 12);
  expect(s2).toBeCloseTo(-3, 12);
  // one regressor: the slope is Σdx·dy/Σdx² — on a line y = 7 − 1.5a it is −1.5
  expect(
    olsSlopes(
      Float64Array.from(a, (v) => 7 - 1.5 * v),
      a,
      1
    )[0]
  ).toBeCloseTo(-1.5, 12);
});

test("three proxies with noise: numpy.linalg.lstsq with an intercept column", () => {
  const weights = olsSlopes(
    Float64Array.from(ref.target),
    Float64Array.from(ref.proxies.flat()),
    3
  );
  ref.proxy_lstsq.forEach((expected, j) =>
    expect(relative(weights[j], expected)).toBeLessThan(1e-10)
  );
});

test("collinear proxies are #NUM!, a constant one #DIV/0!, too few rows #DIV/0!", () => {
  const y = Float64Array.from(a, (v) => 0.7 * v);
  const collinear = design(
    a,
    Float64Array.from(a, (v) => 2 * v + 0.5)
  ); // b = 2a + 0.5
  const constant = design(a, new Float64Array(12).fill(3));
  const kind = (f: () => unknown): string | undefined => {
    try {
      f();
    } catch (error) {
      return error instanceof HedgeError ? `${error.kind}: ${error.message}` : String(error);
    }
    return undefined;
  };
  expect(kind(() => olsSlopes(y, collinear, 2))).toMatch(/^num: the proxies are collinear/);
  expect(kind(() => olsSlopes(y, constant, 2))).toBe("div0: proxy column 2 has zero variance");
  // k = 2 proxies and an intercept need more than 3 rows
  expect(kind(() => olsSlopes(y.subarray(0, 3), collinear.subarray(0, 6), 2))).toBe(
    "div0: PROXYWEIGHTS needs more than 3 complete rows for 2 proxies, got 3"
  );
});
