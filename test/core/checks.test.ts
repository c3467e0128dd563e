/**
 * src/core/checks: preconditions that name the bad value and the Excel error it becomes — each bound
 * checked on both sides by hand, with the message a person reads.
 */
import {
  requireFinite,
  requireInHalfOpen,
  requireInLeftOpen,
  requireInOpen,
  requireNonNegative,
  requirePositive,
  requirePositiveDivisor,
  show,
} from "../../src/core/checks";
import { HedgeError } from "../../src/core/errors";

/** "kind: message" of what `f` throws, or "ok" with the value it returns. */
function outcome(f: () => number): string {
  try {
    return `ok ${f()}`;
  } catch (error) {
    return error instanceof HedgeError ? `${error.kind}: ${error.message}` : `other: ${error}`;
  }
}

test("show writes numbers as a person reads them", () => {
  expect(show(3)).toBe("3");
  expect(show(0.1 + 0.2)).toBe("0.3"); // 0.30000000000000004 to 12 significant digits
  expect(show(-1.25)).toBe("-1.25");
  expect(show(1 / 3)).toBe("0.333333333333");
});

test("requireFinite and requirePositive: #NUM! with the argument's name", () => {
  expect(outcome(() => requireFinite(-2, "x"))).toBe("ok -2");
  expect(outcome(() => requireFinite(NaN, "x"))).toBe("num: x must be a finite number, got NaN");
  expect(outcome(() => requireFinite(Infinity, "x"))).toBe(
    "num: x must be a finite number, got Infinity"
  );
  expect(outcome(() => requirePositive(0.5, "strike"))).toBe("ok 0.5");
  expect(outcome(() => requirePositive(0, "strike"))).toBe(
    "num: strike must be greater than 0, got 0"
  );
  expect(outcome(() => requireNonNegative(0, "value"))).toBe("ok 0");
  expect(outcome(() => requireNonNegative(-0.1, "value"))).toBe(
    "num: value must not be negative, got -0.1"
  );
});

test("requirePositiveDivisor: zero divides as Excel does (#DIV/0!), negative is #NUM!", () => {
  expect(outcome(() => requirePositiveDivisor(2, "adv"))).toBe("ok 2");
  expect(outcome(() => requirePositiveDivisor(0, "adv"))).toBe(
    "div0: adv is 0: cannot divide by zero"
  );
  expect(outcome(() => requirePositiveDivisor(-2, "adv"))).toBe(
    "num: adv must not be negative, got -2"
  );
});

test("intervals: [lo, hi), (lo, hi) and (lo, hi], each end on its side", () => {
  expect(outcome(() => requireInHalfOpen(0, "rate", 0, 1))).toBe("ok 0");
  expect(outcome(() => requireInHalfOpen(1, "rate", 0, 1))).toBe(
    "num: rate must be in [0, 1), got 1"
  );
  expect(outcome(() => requireInOpen(0.5, "p", 0, 1))).toBe("ok 0.5");
  expect(outcome(() => requireInOpen(0, "p", 0, 1))).toBe(
    "num: p must be between 0 and 1 (exclusive), got 0"
  );
  expect(outcome(() => requireInOpen(1, "p", 0, 1))).toMatch(/^num: /);
  expect(outcome(() => requireInLeftOpen(1, "share", 0, 1))).toBe("ok 1");
  expect(outcome(() => requireInLeftOpen(0, "share", 0, 1))).toBe(
    "num: share must be in (0, 1], got 0"
  );
  expect(outcome(() => requireInLeftOpen(NaN, "share", 0, 1))).toMatch(/finite number/);
});
