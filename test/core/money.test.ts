/** src/core/money: decimal arithmetic for money, checked against the decimal results by hand. */
import { money, Money, toNumber } from "../../src/core/money";

test("reads a double as the decimal the user typed, and sums it exactly", () => {
  // 0.1 + 0.2 = 0.3 in decimal; float64 gives 0.30000000000000004
  expect(0.1 + 0.2).not.toBe(0.3);
  expect(toNumber(money(0.1).plus(0.2))).toBe(0.3);
  expect(money(0.1).toString()).toBe("0.1");
  // 0.3 ÷ 0.1 = 3 exactly (float64: 2.9999999999999996)
  expect(toNumber(money(0.3).div(0.1))).toBe(3);
  expect(money("1234.5678").times(100).toString()).toBe("123456.78");
});

test("34 significant digits (IEEE decimal128), rounding half to even as banks do", () => {
  expect(Money.precision).toBe(34);
  // 1/3 to 34 digits
  expect(money(1).div(3).toString()).toBe("0." + "3".repeat(34));
  // half-even: 2.5 → 2, 3.5 → 4, −2.5 → −2 at 0 decimal places (by the rule)
  expect(money(2.5).toDecimalPlaces(0).toNumber()).toBe(2);
  expect(money(3.5).toDecimalPlaces(0).toNumber()).toBe(4);
  expect(money(-2.5).toDecimalPlaces(0).toNumber()).toBe(-2);
});

test("toNumber gives the nearest double to the exact result", () => {
  // 2/3 to 34 digits, as a double, is the double nearest 2/3
  expect(toNumber(money(2).div(3))).toBe(2 / 3);
  expect(toNumber(money("1e-7"))).toBe(1e-7);
});
