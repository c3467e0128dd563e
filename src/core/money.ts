/**
 * Money arithmetic in decimal.js.
 *
 * Contract counts, notionals, collateral, funding sums and schedules are decimal quantities that users
 * reconcile against exchange statements, so `HEDGERATIO(0.3, 0.1)` must be exactly 3, not
 * 2.9999999999999996. Inputs arrive as float64 from Excel; `new Decimal(x)` reads the shortest decimal
 * string that round-trips to `x` (0.1 → "0.1"), which is the number the user typed.
 */
import Decimal from "decimal.js";

/** A private Decimal constructor: 34 significant digits (IEEE decimal128), half-even like banks. */
export const Money = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN });

export const money = (value: number | string): Decimal => new Money(value);

/** Back to float64 for Excel: the nearest double to the exact decimal result. */
export const toNumber = (value: Decimal): number => value.toNumber();
