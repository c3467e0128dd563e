/** Roll schedules: the spec's examples, exact decimals, the max-clip message. */
import { rollSchedule } from "../../src/core/schedule";

test("the spec's examples: 6.8 over 2 days is 3 + 3.8 with lot 1, 3.4 + 3.4 with lot 0.1", () => {
  expect(rollSchedule(6.8, 46351, 2).clips).toEqual([3, 3.8]);
  expect(rollSchedule(6.8, 46351, 2, undefined, 0.1).clips).toEqual([3.4, 3.4]);
  const plan = rollSchedule(6.8, 46351, 2);
  expect(plan.dates).toEqual([46351, 46352]);
  expect(plan.cumulative).toEqual([3, 6.8]);
  expect(plan.remaining).toEqual([3.8, 0]);
});

test("larger clips first, as even as whole lots allow; Remaining ends at exactly 0", () => {
  // 10 lots over 4 days: 3, 3, 2, 2 (by hand)
  expect(rollSchedule(10, 0, 4).clips).toEqual([3, 3, 2, 2]);
  // 0.7 BTC in 0.001 lots over 3 days: 700 lots → 234, 233, 233 lots; float sums would leave dust
  const plan = rollSchedule(0.7, 0, 3, undefined, 0.001);
  expect(plan.clips).toEqual([0.234, 0.233, 0.233]);
  expect(plan.remaining.at(-1)).toBe(0);
  expect(plan.cumulative.at(-1)).toBe(0.7);
  // many random cases: clips sum exactly to the contracts and differ by at most one lot (+ the sub-lot rest)
  for (let i = 1; i <= 300; i++) {
    const contracts = Number(((i * 7.31) % 97).toFixed(3));
    const days = 1 + (i % 9);
    const lot = [1, 0.1, 0.01, 0.001][i % 4];
    const p = rollSchedule(contracts, 45000, days, undefined, lot);
    expect(p.remaining.at(-1)).toBe(0);
    expect(p.cumulative.at(-1)).toBe(contracts);
    expect(p.clips).toHaveLength(days);
  }
});

test("a clip over max_clip names the smallest window that fits", () => {
  // 100 lots under a 25 cap need ceil(100/25) = 4 days
  expect(() => rollSchedule(100, 0, 3, 25)).toThrow(/use at least 4 roll_days/);
  expect(rollSchedule(100, 0, 4, 25).clips).toEqual([25, 25, 25, 25]);
  // 10.5 with lot 1 under a 3 cap: lots 10, rest 0.5; last clip ≤ 3 needs floor(10/D) ≤ 2 → D ≥ 4; others ceil(10/D) ≤ 3 → D ≥ 4
  expect(() => rollSchedule(10.5, 0, 3, 3)).toThrow(/use at least 4 roll_days/);
  expect(Math.max(...rollSchedule(10.5, 0, 4, 3).clips)).toBeLessThanOrEqual(3);
  // a cap below one lot cannot be met by more days
  expect(() => rollSchedule(10, 0, 3, 0.5)).toThrow(
    /smaller than one lot .* use a smaller lot_size/
  );
});

test("domain errors", () => {
  expect(() => rollSchedule(-1, 0, 3)).toThrow("contracts must not be negative, got -1");
  expect(() => rollSchedule(10, 0, 0)).toThrow("roll_days must be at least 1, got 0");
  expect(() => rollSchedule(10, 0, 3, undefined, 0)).toThrow(
    "lot_size must be greater than 0, got 0"
  );
  expect(rollSchedule(0, 0, 2).clips).toEqual([0, 0]);
});
