/* Excel face of src/core/schedule.ts. */
import { rollSchedule } from "../core/schedule";
import { valueError } from "../core/errors";
import { excel, maybeNum, num, optNum, type Cell, type Spill } from "./excel";

const ISO_DATE = /^\s*(\d{4})-(\d{2})-(\d{2})\s*$/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30); // serial 0 in Excel's 1900 date system

/** A date as Excel's serial number: a number as it is, or ISO text "2026-11-25" as Excel would read it. */
function dateSerial(value: Cell, name: string): number {
  if (typeof value === "string") {
    const match = ISO_DATE.exec(value);
    if (match) {
      const time = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
      const date = new Date(time);
      if (date.getUTCMonth() !== Number(match[2]) - 1)
        throw valueError(`${name} is not a real date: "${value}"`);
      return (time - EXCEL_EPOCH) / 86400000;
    }
  }
  return num(value, name);
}

/**
 * Staggered roll plan: the contracts split across calendar days in clips of whole lots, with dates, cumulative and remaining.
 * @customfunction ROLLSCHEDULE
 * @helpurl https://localhost:3000/help.html#ROLLSCHEDULE
 * @param contracts Contracts (or coins) to roll. Not negative.
 * @param start_date First day of the roll window: a date (Excel serial) or ISO text "2026-11-25".
 * @param roll_days Number of calendar days in the window (truncated to a whole number). From 1 to 3,660 (ten years of daily clips).
 * @param [max_clip] Largest clip allowed on one day, in contracts. Default: no limit.
 * @param [lot_size] The exchange's minimum order step (e.g. 0.001 BTC). Default 1.
 * @returns A table with a header row Date, Clip, Cumulative, Remaining and one row per day.
 * @remarks The whole lots (the largest multiple of lot_size in contracts) split as evenly as whole lots allow, larger clips first; the remainder smaller than a lot added to the last clip. Decimal arithmetic, so Remaining ends at exactly 0. The seed article: spreading rolls across several days avoids liquidity bottlenecks and reduces slippage.
 * @throws #NUM! when a clip would exceed max_clip (the message names the smallest roll_days that fits, or asks for a smaller lot_size), contracts or start_date is negative, roll_days is below 1 or above 3,660, or max_clip or lot_size is 0 or negative.
 * @throws #VALUE! when an argument is missing or not a number.
 * @example =ALTHEDGE.ROLLSCHEDULE(6.8, 46351, 2) → {"Date","Clip","Cumulative","Remaining";46351,3,3,3.8;46352,3.8,6.8,0} — the spec: 3 + 3.8 with lot 1
 * @example =ALTHEDGE.ROLLSCHEDULE(6.8, 46351, 2, , 0.1) → {"Date","Clip","Cumulative","Remaining";46351,3.4,3.4,3.4;46352,3.4,6.8,0} — 3.4 + 3.4 with lot 0.1
 * @example =ALTHEDGE.ROLLSCHEDULE(100, 46351, 3, 25) → #NUM! — "use at least 4 roll_days"
 */
export function rollScheduleFn(
  contracts: any,
  start_date: any,
  roll_days: any,
  max_clip?: any,
  lot_size?: any
): any[][] {
  return excel((): Spill => {
    const plan = rollSchedule(
      num(contracts, "contracts"),
      dateSerial(start_date, "start_date"),
      Math.trunc(num(roll_days, "roll_days")),
      maybeNum(max_clip, "max_clip"),
      optNum(lot_size, "lot_size", 1)
    );
    const rows: Spill = [["Date", "Clip", "Cumulative", "Remaining"]];
    for (let i = 0; i < plan.dates.length; i++) {
      rows.push([plan.dates[i], plan.clips[i], plan.cumulative[i], plan.remaining[i]]);
    }
    return rows;
  });
}
