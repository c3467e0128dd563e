/** src/core/types: the one runtime convention it holds. */
import { DAYS_PER_YEAR } from "../../src/core/types";

test("annualisation uses 365 days: crypto trades every day (spec: Units)", () => {
  expect(DAYS_PER_YEAR).toBe(365);
});
