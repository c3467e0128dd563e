/**
 * Exact decimal arithmetic on safe integers: the fast path of money arithmetic.
 *
 * A number typed into Excel is, in its shortest round-trip decimal form, `coefficient × 10^exponent`
 * with a small integer coefficient (0.78 = 78 × 10⁻², 2,000,000 = 2 × 10⁶). Sums and products of such
 * numbers stay exact in float64 while every coefficient stays a safe integer (≤ 2⁵³ − 1), and the
 * quotient of two safe integers is correctly rounded by IEEE division. So money formulas made of +, −,
 * × and one final ÷ get the exact decimal answer, rounded once to the nearest double, about 20× faster
 * than decimal.js. Every operation returns `undefined` when a coefficient would leave the safe range;
 * callers then compute the same formula with decimal.js (./money), which gives the same answer.
 */

const MAX = Number.MAX_SAFE_INTEGER;
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i); // 10^0 … 10^22 are exact doubles

/** `coefficient × 10^exponent`, coefficient a safe integer without trailing zeros (0 is 0 × 10⁰). */
export interface Scaled {
  readonly coefficient: number;
  readonly exponent: number;
}

const ZERO: Scaled = { coefficient: 0, exponent: 0 };

function normalised(coefficient: number, exponent: number): Scaled {
  if (coefficient === 0) return ZERO;
  while (coefficient % 10 === 0) {
    coefficient /= 10;
    exponent++;
  }
  return { coefficient, exponent };
}

/**
 * The shortest decimal form of a finite double (the digits `String(x)` shows), or `undefined` when its
 * coefficient is not a safe integer (16–17 significant digits).
 * @example scaled(0.78) // { coefficient: 78, exponent: -2 }
 */
export function scaled(x: number): Scaled | undefined {
  if (Number.isInteger(x) && Math.abs(x) <= MAX) return normalised(x, 0);
  const text = String(x);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(text);
  if (!match) return undefined; // NaN, Infinity
  const [, sign, whole, fraction = "", exp = "0"] = match;
  const digits = whole + fraction;
  if (digits.replace(/^0+/, "").length > 15) return undefined;
  const coefficient = Number(digits) * (sign ? -1 : 1);
  return normalised(coefficient, Number(exp) - fraction.length);
}

/** `c × 10^d` for d ≥ 0, or undefined when it leaves the safe range. */
function lift(coefficient: number, d: number): number | undefined {
  if (d === 0) return coefficient;
  if (d > 22) return coefficient === 0 ? 0 : undefined;
  const value = coefficient * POW10[d];
  return Math.abs(value) <= MAX ? value : undefined;
}

export function add(a: Scaled | undefined, b: Scaled | undefined): Scaled | undefined {
  if (!a || !b) return undefined;
  if (a.coefficient === 0) return b;
  if (b.coefficient === 0) return a;
  const exponent = Math.min(a.exponent, b.exponent);
  const ca = lift(a.coefficient, a.exponent - exponent);
  const cb = lift(b.coefficient, b.exponent - exponent);
  if (ca === undefined || cb === undefined) return undefined;
  const sum = ca + cb;
  // a true sum beyond 2^53 − 1 rounds to at least 2^53, so this also catches inexact sums
  return Math.abs(sum) <= MAX ? normalised(sum, exponent) : undefined;
}

export const negate = (a: Scaled | undefined): Scaled | undefined =>
  a && { coefficient: -a.coefficient || 0, exponent: a.exponent };

export const subtract = (a: Scaled | undefined, b: Scaled | undefined): Scaled | undefined =>
  add(a, negate(b));

export function multiply(a: Scaled | undefined, b: Scaled | undefined): Scaled | undefined {
  if (!a || !b) return undefined;
  const product = a.coefficient * b.coefficient;
  return Math.abs(product) <= MAX ? normalised(product, a.exponent + b.exponent) : undefined;
}

/** Numerator and denominator of a ÷ b as safe integers with the powers of ten folded in. */
function ratio(a: Scaled, b: Scaled): [number, number] | undefined {
  const k = a.exponent - b.exponent;
  const numerator = k >= 0 ? lift(a.coefficient, k) : a.coefficient;
  const denominator = k >= 0 ? b.coefficient : lift(b.coefficient, -k);
  return numerator === undefined || denominator === undefined
    ? undefined
    : [numerator, denominator];
}

/** The value as the nearest double (exact when the value is). */
export function toDouble(a: Scaled): number {
  if (a.exponent >= 0) return a.coefficient * 10 ** a.exponent;
  return -a.exponent <= 22
    ? a.coefficient / POW10[-a.exponent]
    : Number(`${a.coefficient}e${a.exponent}`);
}

/** a ÷ b correctly rounded to a double; `undefined` when b is 0 or the operands are too large. */
export function divide(a: Scaled | undefined, b: Scaled | undefined): number | undefined {
  if (!a || !b || b.coefficient === 0) return undefined;
  const r = ratio(a, b);
  return r && r[0] / r[1];
}

export type IntegerRounding = "nearest" | "down" | "up";

/**
 * a ÷ b made a whole number exactly: `nearest` half away from zero (Excel ROUND), `down` toward zero
 * (ROUNDDOWN), `up` away from zero (ROUNDUP).
 */
export function divideToInteger(
  a: Scaled | undefined,
  b: Scaled | undefined,
  rounding: IntegerRounding
): number | undefined {
  if (!a || !b || b.coefficient === 0) return undefined;
  const r = ratio(a, b);
  if (!r) return undefined;
  let [numerator, denominator] = r;
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const sign = numerator < 0 ? -1 : 1;
  let quotient = Math.trunc(numerator / denominator);
  let remainder = numerator - quotient * denominator;
  if (!Number.isSafeInteger(quotient * denominator) || Math.abs(remainder) > MAX) return undefined;
  // float division may round across an integer; the exact remainder says so
  if (remainder !== 0 && Math.sign(remainder) !== sign) {
    quotient -= sign;
    remainder += sign * denominator;
  }
  const away =
    remainder !== 0 &&
    (rounding === "up" || (rounding === "nearest" && 2 * Math.abs(remainder) >= denominator));
  return (away ? quotient + sign : quotient) || 0;
}
