/**
 * Least squares by Householder QR, for blended proxy hedges (PROXYWEIGHTS).
 *
 * Solving the normal equations (XᵀX)β = Xᵀy squares the condition number; QR does not (Golub & Van Loan,
 * *Matrix Computations*, §5.3). The design is centred (which removes the intercept exactly, as LINEST's
 * constant does) and each column scaled to unit norm, so the QR diagonal measures collinearity on one
 * scale: a diagonal entry below 1e-10 means a proxy is (numerically) a combination of the others.
 */
import { div0Error, numError } from "./errors";
import { mean } from "./stats";

/**
 * OLS slopes of y on the k columns of x (row-major m × k), with an intercept that is not returned.
 * O(m·k²). Needs m > k + 1 rows; a zero-variance column is #DIV/0!, collinear columns #NUM!.
 */
export function olsSlopes(y: Float64Array, x: Float64Array, k: number): Float64Array {
  const m = y.length;
  if (m <= k + 1)
    throw div0Error(
      `PROXYWEIGHTS needs more than ${k + 1} complete rows for ${k} proxies, got ${m}`
    );
  // column-major, centred, unit-norm copy of the design
  const a = new Float64Array(m * k);
  const scale = new Float64Array(k);
  const column = new Float64Array(m);
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < m; i++) column[i] = x[i * k + j];
    const mu = mean(column);
    let norm = 0;
    for (let i = 0; i < m; i++) {
      const d = column[i] - mu;
      a[j * m + i] = d;
      norm = Math.hypot(norm, d);
    }
    if (!(norm > 0)) throw div0Error(`proxy column ${j + 1} has zero variance`);
    scale[j] = norm;
    for (let i = 0; i < m; i++) a[j * m + i] /= norm;
  }
  const b = new Float64Array(m);
  const muY = mean(y);
  for (let i = 0; i < m; i++) b[i] = y[i] - muY;

  // Householder: for each column j, reflect a[j:, j] onto −sign·‖·‖e₁ and apply to the rest and to b.
  const diagonal = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const offset = j * m;
    let norm = 0;
    for (let i = j; i < m; i++) norm = Math.hypot(norm, a[offset + i]);
    if (norm < 1e-10)
      throw numError(`the proxies are collinear: proxy ${j + 1} adds nothing the others do not`);
    const alpha = a[offset + j] > 0 ? -norm : norm;
    a[offset + j] -= alpha; // v = a − αe₁, stored in place
    let vv = 0;
    for (let i = j; i < m; i++) vv += a[offset + i] * a[offset + i];
    const apply = (target: Float64Array, at: number): void => {
      let dot = 0;
      for (let i = j; i < m; i++) dot += a[offset + i] * target[at + i];
      const factor = (2 * dot) / vv;
      for (let i = j; i < m; i++) target[at + i] -= factor * a[offset + i];
    };
    for (let c = j + 1; c < k; c++) apply(a, c * m);
    apply(b, 0);
    diagonal[j] = alpha;
  }
  // back substitution R β' = (Qᵀb)[0:k]; R's upper triangle sits above the diagonal in `a`
  const beta = new Float64Array(k);
  for (let j = k - 1; j >= 0; j--) {
    let sum = b[j];
    for (let c = j + 1; c < k; c++) sum -= a[c * m + j] * beta[c];
    beta[j] = sum / diagonal[j];
  }
  for (let j = 0; j < k; j++) beta[j] /= scale[j];
  return beta;
}
