/**
 * Margin and liquidation of one isolated, linear position with a flat maintenance rate.
 */
import { requireFinite, requireInHalfOpen, requirePositiveDivisor } from "./checks";
import { div0Error } from "./errors";
import { money, toNumber } from "./money";
import type { Side } from "./types";

export const BUFFER_OUTPUTS = ["move", "excess", "ratio"] as const;
export type BufferOutput = (typeof BUFFER_OUTPUTS)[number];

/**
 * Buffer of a linear position at the current mark.
 *
 * With `c = C/N` (margin balance over notional) and maintenance measured at the liquidation price
 * (Binance's convention, the same as `LIQPRICE`):
 * - `move`: the adverse price move survived before liquidation, short `(c − m)/(1 + m)`,
 *   long `(c − m)/(1 − m)`; negative when already below maintenance;
 * - `excess`: `C − m·N`, the margin above maintenance, in quote currency;
 * - `ratio`: `C/(m·N)`, the margin balance as a multiple of maintenance.
 *
 * Derivation (short): equity at price P' is C − q(P' − P); liquidation when it equals m·q·P', so
 * P'/P − 1 = (c − m)/(1 + m). The long case mirrors it. Decimal arithmetic. O(1).
 *
 * @example marginBuffer(200, 2000, 0.005, 1) // 0.0954773869… (long 1 coin at 2,000, 200 collateral)
 */
export function marginBuffer(
  collateral: number,
  positionNotional: number,
  maintenanceRate: number,
  side: Side = -1,
  output: BufferOutput = "move"
): number {
  requireFinite(collateral, "collateral");
  requirePositiveDivisor(positionNotional, "position_notional");
  requireInHalfOpen(maintenanceRate, "maintenance_rate", 0, 1);
  const C = money(collateral);
  const N = money(positionNotional);
  const m = money(maintenanceRate);
  switch (output) {
    case "excess":
      return toNumber(C.minus(m.times(N)));
    case "ratio":
      if (m.isZero())
        throw div0Error("maintenance_rate is 0: the ratio to maintenance margin is undefined");
      return toNumber(C.div(m.times(N)));
    case "move": {
      const c = C.div(N);
      const denominator = side === -1 ? m.plus(1) : money(1).minus(m);
      return toNumber(c.minus(m).div(denominator));
    }
  }
}
