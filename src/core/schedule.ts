/**
 * Staggered roll schedules. The seed article: "Spreading rolls across several days helps avoid
 * liquidity bottlenecks and reduces slippage … rolling can be staged with smaller clips."
 */
import Decimal from "decimal.js";
import { requireNonNegative, requirePositive, show } from "./checks";
import { numError } from "./errors";
import { money } from "./money";

/** Excel's last row: a spilled schedule must fit below its header. */
/**
 * Ten years of daily clips: a longer spill is no roll plan, and Excel on the web could not carry it
 * (spec revision 2026-12-02).
 */
const MAX_ROLL_DAYS = 3660;

export interface RollPlan {
  /** Excel date serials, one per calendar day, `start_date` first. */
  dates: number[];
  clips: number[];
  cumulative: number[];
  remaining: number[];
}

/**
 * Splits `contracts` across `rollDays` calendar days: the whole lots (the largest multiple of
 * `lotSize` not above `contracts`) as evenly as whole lots allow, larger clips first; the remainder
 * smaller than a lot is added to the last clip (6.8 over 2 days: 3 + 3.8 with lot 1, 3.4 + 3.4 with lot
 * 0.1). If a clip would exceed `maxClip`, #NUM! names the smallest number of days that fits (or asks
 * for a smaller lot size when no number of days can). Decimal arithmetic: `remaining` ends at exactly 0.
 * O(rollDays).
 */
export function rollSchedule(
  contracts: number,
  startDate: number,
  rollDays: number,
  maxClip?: number,
  lotSize = 1
): RollPlan {
  requireNonNegative(contracts, "contracts");
  requireNonNegative(startDate, "start_date");
  if (!(rollDays >= 1)) throw numError(`roll_days must be at least 1, got ${show(rollDays)}`);
  if (rollDays > MAX_ROLL_DAYS)
    throw numError(
      `roll_days must be at most ${MAX_ROLL_DAYS} (ten years of daily clips), got ${show(rollDays)}`
    );
  if (maxClip !== undefined) requirePositive(maxClip, "max_clip");
  requirePositive(lotSize, "lot_size");

  const total = money(contracts);
  const lot = money(lotSize);
  const lots = total.div(lot).floor(); // whole lots
  const subLot = total.minus(lots.times(lot)); // remainder smaller than one lot
  const days = money(rollDays);
  const base = lots.div(days).floor();
  const extra = lots.minus(base.times(days)).toNumber(); // the first `extra` days take one more lot

  if (maxClip !== undefined) {
    const largest = Decimal.max(
      base.plus(extra > 0 ? 1 : 0).times(lot),
      base.times(lot).plus(subLot)
    );
    if (largest.greaterThan(maxClip))
      throw clipTooLarge(lots, subLot, lot, money(maxClip), rollDays);
  }

  const dates: number[] = [];
  const clips: number[] = [];
  const cumulative: number[] = [];
  const remaining: number[] = [];
  let done = money(0);
  const day0 = Math.trunc(startDate);
  for (let i = 0; i < rollDays; i++) {
    let clip = base.plus(i < extra ? 1 : 0).times(lot);
    if (i === rollDays - 1) clip = clip.plus(subLot);
    done = done.plus(clip);
    dates.push(day0 + i);
    clips.push(clip.toNumber());
    cumulative.push(done.toNumber());
    remaining.push(total.minus(done).toNumber());
  }
  return { dates, clips, cumulative, remaining };
}

/** The #NUM! for a window too short for the clip size, with the number of days that would fit. */
function clipTooLarge(
  lots: Decimal,
  subLot: Decimal,
  lot: Decimal,
  maxClip: Decimal,
  rollDays: number
): Error {
  const lotsPerClip = maxClip.div(lot).floor(); // K: most whole lots in one clip
  const lotsOnLastDay = maxClip.minus(subLot).div(lot).floor(); // K2: the last clip also carries the sub-lot rest
  if (lotsPerClip.lessThan(1) || lotsOnLastDay.lessThan(0)) {
    return numError(
      `max_clip ${maxClip.toString()} is smaller than one lot (${lot.toString()}) or the sub-lot remainder (${subLot.toString()}): use a smaller lot_size`
    );
  }
  // ceil(L/D) ≤ K  ⇔  D ≥ ceil(L/K);  floor(L/D) ≤ K2  ⇔  D ≥ floor(L/(K2+1)) + 1
  const needed = Decimal.max(
    lots.div(lotsPerClip).ceil(),
    lots.div(lotsOnLastDay.plus(1)).floor().plus(1),
    1
  );
  return numError(
    `The window is too short for this clip size: ${rollDays} day${rollDays === 1 ? "" : "s"} need clips above max_clip ${maxClip.toString()}; ` +
      (needed.lessThanOrEqualTo(MAX_ROLL_DAYS)
        ? `use at least ${needed.toString()} roll_days`
        : "use a larger max_clip") +
      " or a smaller lot_size"
  );
}
