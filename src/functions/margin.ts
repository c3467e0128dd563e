/* Excel face of src/core/margin.ts. */
import { BUFFER_OUTPUTS, marginBuffer } from "../core/margin";
import { asSide, excel, mode, num } from "./excel";

/**
 * Margin buffer of a linear perpetual or future at the current mark: the adverse move it survives before liquidation, the excess over maintenance, or the ratio to maintenance.
 * @customfunction MARGINBUFFER
 * @helpurl https://localhost:3000/help.html#MARGINBUFFER
 * @param collateral Current margin balance of the position, unrealised P&L included, in quote currency.
 * @param position_notional Position notional (quantity × mark price) in quote currency. Must be greater than 0.
 * @param maintenance_rate Maintenance margin rate as a decimal (0.005 = 0.5%), in [0, 1).
 * @param [side] -1 or "short" (default, a hedge), 1 or "long".
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
