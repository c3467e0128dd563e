/**
 * Margin and liquidation of one isolated, linear position with a flat maintenance rate.
 */
import {
  requireFinite,
  requireInHalfOpen,
  requireNonNegative,
  requirePositive,
  requirePositiveDivisor,
  show,
} from "./checks";
import { div0Error, naError, numError, type HedgeError } from "./errors";
import { add, divide, multiply, scaled, subtract } from "./exact";
import { money, toNumber } from "./money";
import type { ContractType, Side } from "./types";

export const CONTRACT_TYPES = ["linear", "inverse"] as const satisfies readonly ContractType[];

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

/**
 * Liquidation price of one isolated position, maintenance margin measured at the liquidation price
 * (Binance's published isolated-margin formula, fees ignored; `s` side, `m` maintenance rate, `cum` the
 * tier's maintenance amount):
 * - linear (size `q` in coins, collateral `C` in quote): `(C + cum − s·q·P0) / (q·m − s·q)`;
 * - inverse (size `V` in USD face value, collateral `C` and `cum` in coins):
 *   `V·(m + s) / (C + cum + s·V/P0)`, computed as `V·(m + s)·P0 / ((C + cum)·P0 + s·V)`.
 * When no positive price exists (a long whose collateral covers its notional, a short inverse whose coin
 * collateral covers its face value) there is no liquidation: #N/A. Exact decimal arithmetic. O(1).
 *
 * @example liqPrice(2000, 1, 200, 0.005, 1) // (2000 − 200)/0.995 ≈ 1809.045
 */
export function liqPrice(
  entryPrice: number,
  size: number,
  collateral: number,
  maintenanceRate: number,
  side: Side = -1,
  contract: ContractType = "linear",
  maintenanceAmount = 0
): number {
  requirePositive(entryPrice, "entry_price");
  requirePositive(size, "size");
  requireNonNegative(collateral, "collateral");
  requireInHalfOpen(maintenanceRate, "maintenance_rate", 0, 1);
  requireNonNegative(maintenanceAmount, "maintenance_amount");
  const P0 = scaled(entryPrice);
  const q = scaled(size);
  const m = scaled(maintenanceRate);
  const s = scaled(side);
  const margin = add(scaled(collateral), scaled(maintenanceAmount));
  let price: number | undefined;
  if (contract === "linear") {
    const numerator = subtract(margin, multiply(multiply(s, q), P0));
    const denominator = subtract(multiply(q, m), multiply(s, q));
    price = divide(numerator, denominator);
    if (price === undefined) {
      const Q = money(size);
      price = toNumber(
        money(collateral)
          .plus(maintenanceAmount)
          .minus(Q.times(side).times(entryPrice))
          .div(Q.times(maintenanceRate).minus(Q.times(side)))
      );
    }
  } else {
    const numerator = multiply(multiply(q, add(m, s)), P0);
    const denominator = add(multiply(margin, P0), multiply(s, q));
    if (denominator && denominator.coefficient === 0) throw noLiquidation(side, contract);
    price = divide(numerator, denominator);
    if (price === undefined) {
      const bottom = money(collateral)
        .plus(maintenanceAmount)
        .times(entryPrice)
        .plus(money(size).times(side));
      if (bottom.isZero()) throw noLiquidation(side, contract);
      price = toNumber(
        money(size).times(money(maintenanceRate).plus(side)).times(entryPrice).div(bottom)
      );
    }
  }
  if (!(price > 0) || !Number.isFinite(price)) throw noLiquidation(side, contract);
  return price;
}

function noLiquidation(side: Side, contract: ContractType): HedgeError {
  return naError(
    side === 1
      ? "No liquidation price: the collateral covers the whole position, so this long cannot be liquidated"
      : contract === "inverse"
        ? "No liquidation price: the coin collateral covers the face value, so this short cannot be liquidated"
        : "No liquidation price exists for this position"
  );
}

/**
 * Collateral (market value before haircut) that keeps a linear position above maintenance through an
 * adverse move `s` (0.3 = 30% against the position): short `N(s + m(1 + s))`, long `N(s + m(1 − s))`,
 * divided by `(1 − haircut)`. It is MARGINBUFFER's move solved for the collateral: at the stressed price
 * the position's loss is N·s and maintenance is m·N·(1 ± s). Exact decimal arithmetic. O(1).
 *
 * @example collateralNeeded(1_000_000, 0.3, 0.005) // 1,000,000 × (0.3 + 0.005 × 1.3) = 306,500
 */
export function collateralNeeded(
  positionNotional: number,
  stressMove: number,
  maintenanceRate: number,
  side: Side = -1,
  haircut = 0
): number {
  requireNonNegative(positionNotional, "position_notional");
  requireNonNegative(stressMove, "stress_move");
  if (side === 1 && stressMove > 1) {
    throw numError(
      `stress_move must be at most 1 for a long (a price cannot fall below 0), got ${show(stressMove)}`
    );
  }
  requireInHalfOpen(maintenanceRate, "maintenance_rate", 0, 1);
  requireInHalfOpen(haircut, "haircut", 0, 1);
  const N = scaled(positionNotional);
  const move = scaled(stressMove);
  const m = scaled(maintenanceRate);
  const priceFactor = add(scaled(1), multiply(scaled(-side), move)); // 1 + s for a short, 1 − s for a long
  const needed = multiply(N, add(move, multiply(m, priceFactor)));
  const fast = divide(needed, subtract(scaled(1), scaled(haircut)));
  if (fast !== undefined) return fast;
  const factor = money(1).minus(money(stressMove).times(side));
  return toNumber(
    money(positionNotional)
      .times(money(stressMove).plus(money(maintenanceRate).times(factor)))
      .div(money(1).minus(haircut))
  );
}
