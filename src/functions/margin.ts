/* Excel face of src/core/margin.ts. */
import {
  BUFFER_OUTPUTS,
  CONTRACT_TYPES,
  collateralNeeded,
  liqPrice,
  marginBuffer,
} from "../core/margin";
import { asSide, excel, mode, num, optNum } from "./excel";

/**
 * Margin buffer of a linear perpetual or future at the current mark: the adverse move it survives before liquidation, the excess over maintenance, or the ratio to maintenance.
 * @customfunction MARGINBUFFER
 * @helpurl https://localhost:3000/help.html#MARGINBUFFER
 * @param collateral Current margin balance of the position, unrealised P&L included, in quote currency.
 * @param position_notional Position notional (quantity × mark price) in quote currency. Must be greater than 0.
 * @param maintenance_rate Maintenance margin rate as a decimal (0.005 = 0.5%), in [0, 1).
 * @param [side] Side: -1 or "short" (default, a hedge), 1 or "long".
 * @param [output] "move" (default): adverse price move to liquidation as a decimal; "excess": collateral above maintenance; "ratio": collateral ÷ maintenance margin.
 * @returns The buffer in the chosen output.
 * @remarks With c = collateral ÷ position_notional and m the maintenance rate: move = (c − m) ÷ (1 + m) short, (c − m) ÷ (1 − m) long, i.e. the distance to LIQPRICE's liquidation price (Binance's convention, maintenance measured at the liquidation price); excess = C − m·N; ratio = C ÷ (m·N).
 * @throws #DIV/0! when position_notional is 0, or for "ratio" when maintenance_rate is 0.
 * @throws #NUM! when position_notional is negative or maintenance_rate is outside [0, 1).
 * @throws #VALUE! when side is not -1, 1, "short" or "long", or output is not move, excess or ratio.
 * @example =ALTHEDGE.MARGINBUFFER(200, 2000, 0.005, 1) → ≈ 0.095477 — long 1 coin at 2,000: liquidation at 1800 ÷ 0.995 ≈ 1809.05, 9.55% below
 * @example =ALTHEDGE.MARGINBUFFER(200, 2000, 0.005, -1, "excess") → 190
 */
export function marginBufferFn(
  collateral: any,
  position_notional: any,
  maintenance_rate: any,
  side?: any,
  output?: any
): number {
  return excel(() =>
    marginBuffer(
      num(collateral, "collateral"),
      num(position_notional, "position_notional"),
      num(maintenance_rate, "maintenance_rate"),
      asSide(side),
      mode(output, "output", BUFFER_OUTPUTS, "move")
    )
  );
}

/**
 * Liquidation price of one isolated perpetual or futures position, linear (USDⓈ-margined) or inverse (coin-margined).
 * @customfunction LIQPRICE
 * @helpurl https://localhost:3000/help.html#LIQPRICE
 * @param entry_price Entry price of the position, in quote currency. Must be greater than 0.
 * @param size Linear: quantity in coins. Inverse: face value in USD. Must be greater than 0 (side gives the direction).
 * @param collateral Isolated margin: quote currency for linear, coins for inverse. Not negative.
 * @param maintenance_rate Maintenance margin rate as a decimal (0.005 = 0.5%), in [0, 1).
 * @param [side] Side: -1 or "short" (default, a hedge), 1 or "long".
 * @param [contract] "linear" (default, USDⓈ-margined) or "inverse" (coin-margined).
 * @param [maintenance_amount] The exchange's maintenance amount for the position's tier (Binance's "cum"), in the collateral's unit. Default 0.
 * @returns Liquidation price in quote currency.
 * @remarks Maintenance measured at the liquidation price (Binance's isolated-margin formula, fees ignored). Linear: (C + cum − s·q·P0) ÷ (q·m − s·q). Inverse: V·(m + s) ÷ (C + cum + s·V ÷ P0). Exact decimal arithmetic.
 * @throws #N/A when no positive liquidation price exists: a long whose collateral covers its notional, a short inverse whose coin collateral covers its face value.
 * @throws #NUM! when entry_price or size is not positive, collateral or maintenance_amount is negative, or maintenance_rate is outside [0, 1).
 * @throws #VALUE! when side or contract is unknown, or a required argument is missing.
 * @example =ALTHEDGE.LIQPRICE(2000, 1, 200, 0.005, 1) → ≈ 1809.045 — the spec's worked example: (2000 − 200) ÷ 0.995
 * @example =ALTHEDGE.LIQPRICE(20000, 1, 400, 0.005, "long") → ≈ 19698.49 — 50x; Bybit's legacy pages, measuring maintenance at entry, say 19,700
 * @example =ALTHEDGE.LIQPRICE(2000, 1, 2000, 0.005, 1) → #N/A — fully collateralised long
 */
export function liqPriceFn(
  entry_price: any,
  size: any,
  collateral: any,
  maintenance_rate: any,
  side?: any,
  contract?: any,
  maintenance_amount?: any
): number {
  return excel(() =>
    liqPrice(
      num(entry_price, "entry_price"),
      num(size, "size"),
      num(collateral, "collateral"),
      num(maintenance_rate, "maintenance_rate"),
      asSide(side),
      mode(contract, "contract", CONTRACT_TYPES, "linear"),
      optNum(maintenance_amount, "maintenance_amount", 0)
    )
  );
}

/**
 * Collateral that keeps a linear position above maintenance through an adverse stress move, grossed up for a haircut.
 * @customfunction COLLATERALNEEDED
 * @helpurl https://localhost:3000/help.html#COLLATERALNEEDED
 * @param position_notional Position notional in quote currency. Not negative.
 * @param stress_move Adverse price move to survive as a decimal (0.3 = 30% against the position). Not negative; at most 1 for a long.
 * @param maintenance_rate Maintenance margin rate as a decimal, in [0, 1).
 * @param [side] Side: -1 or "short" (default, a hedge), 1 or "long".
 * @param [haircut] Haircut on the collateral's market value as a decimal, in [0, 1). Default 0.
 * @returns Collateral market value needed, in quote currency.
 * @remarks short N(s + m(1 + s)), long N(s + m(1 − s)), divided by (1 − haircut): the loss N·s plus maintenance at the stressed price. The inverse of MARGINBUFFER's move.
 * @throws #NUM! when position_notional or stress_move is negative, stress_move exceeds 1 for a long, or maintenance_rate or haircut is outside [0, 1).
 * @throws #VALUE! when side is unknown or a required argument is missing.
 * @example =ALTHEDGE.COLLATERALNEEDED(1000000, 0.3, 0.005) → 306500 — short: 1,000,000 × (0.3 + 0.005 × 1.3)
 * @example =ALTHEDGE.COLLATERALNEEDED(1000000, 0.3, 0.005, "short", 0.1) → ≈ 340555.56 — the same collateral with a 10% haircut
 */
export function collateralNeededFn(
  position_notional: any,
  stress_move: any,
  maintenance_rate: any,
  side?: any,
  haircut?: any
): number {
  return excel(() =>
    collateralNeeded(
      num(position_notional, "position_notional"),
      num(stress_move, "stress_move"),
      num(maintenance_rate, "maintenance_rate"),
      asSide(side),
      optNum(haircut, "haircut", 0)
    )
  );
}
