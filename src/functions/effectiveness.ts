/* Excel face of src/core/effectiveness.ts. */
import {
  EFFECTIVENESS_METHODS,
  RollingStatistic,
  hedgeEffectiveness,
  hedgeTest,
  rolling,
  trackingError,
  type RollingKind,
} from "../core/effectiveness";
import {
  ColumnSpill,
  excel,
  mode,
  num,
  optNum,
  pairs,
  readPairs,
  spillColumn,
  type Cell,
  type Spill,
} from "./excel";

/**
 * A rolling statistic of two series read pairwise into ../core `RollingStatistic`, its values straight
 * into the spill; on values so large that a window may overflow, the statistic of the whole series.
 */
function rollingSpill(
  kind: RollingKind,
  a: Cell,
  b: Cell,
  nameA: string,
  nameB: string,
  window: Cell
): Spill {
  let w = 0;
  let spill = new ColumnSpill(0);
  const statistic = readPairs(a, b, nameA, nameB, (length) => {
    w = Math.trunc(num(window, "window"));
    spill = new ColumnSpill(length - w + 1);
    return new RollingStatistic(kind, w, length, spill);
  });
  return statistic.finish()
    ? spill.spill()
    : spillColumn(rolling(kind, ...pairs(a, b, nameA, nameB), w));
}

/**
 * Hedge effectiveness by one measure: variance reduction, dollar offset, R² or regression slope.
 * @customfunction HEDGEEFFECTIVENESS
 * @helpurl https://localhost:3000/help.html#HEDGEEFFECTIVENESS
 * @param item_changes Value changes of the hedged item per period, in quote currency, oldest first.
 * @param hedge_changes Value changes of the hedge over the same periods, with its own sign (a good hedge moves opposite).
 * @param [method] "variance" (default): 1 − Var(item + hedge) ÷ Var(item); "dollaroffset": −Σhedge ÷ Σitem; "r2": R² of hedge on item; "slope": the regression slope.
 * @returns The measure as a decimal.
 * @remarks Effective ranges in hedge documentation: dollar offset 0.80–1.25, slope −1.25 … −0.80, R² ≥ 0.80 (the 80–125% test of IAS 39 AG105 and US GAAP practice). Pairs with a non-numeric side are skipped; stable two-pass statistics.
 * @throws #DIV/0! when too few pairs remain (variance 2, dollaroffset 1, r2 and slope 3), a series has zero variance, or item changes sum to 0 (dollaroffset).
 * @throws #N/A when the ranges have different numbers of cells.
 * @throws #VALUE! when method is unknown.
 * @example =ALTHEDGE.HEDGEEFFECTIVENESS({-100}, {95}, "dollaroffset") → 0.95 — the item lost 100, the hedge made 95: effective
 * @example =ALTHEDGE.HEDGEEFFECTIVENESS({-100;50;-30}, {95;-52;28}) → ≈ 0.999467 — numpy: 1 − var(item + hedge) ÷ var(item)
 */
export function hedgeEffectivenessFn(
  item_changes: any[][],
  hedge_changes: any[][],
  method?: any
): number {
  return excel(() => {
    const [item, hedge] = pairs(item_changes, hedge_changes, "item_changes", "hedge_changes");
    return hedgeEffectiveness(
      item,
      hedge,
      mode(method, "method", EFFECTIVENESS_METHODS, "variance")
    );
  });
}

/**
 * Hedge effectiveness test for hedge documentation: dollar offset, regression slope, R², variance reduction and the assessment, as a 5 × 2 table.
 * @customfunction HEDGETEST
 * @helpurl https://localhost:3000/help.html#HEDGETEST
 * @param item_changes Value changes of the hedged item per period, oldest first.
 * @param hedge_changes Value changes of the hedge over the same periods, with its own sign.
 * @returns Rows "Dollar offset", "Regression slope", "R squared", "Variance reduction", "Assessment" with their values.
 * @remarks "Effective" when the dollar offset is within 0.80–1.25, the slope within −1.25 … −0.80 and R² ≥ 0.80; otherwise "Not effective". A measure that has no value (zero variance, changes summing to 0) spills as an empty cell and the assessment is then "Not effective". The seed article: effectiveness reviews create the governance trail.
 * @throws #DIV/0! when fewer than 3 pairs remain.
 * @throws #N/A when the ranges have different numbers of cells.
 * @example =ALTHEDGE.HEDGETEST({-100;50;-30}, {95;-52;28}) → {"Dollar offset",0.8875;"Regression slope",-0.980473;"R squared",0.999843;"Variance reduction",0.999467;"Assessment","Effective"} — numpy polyfit/corrcoef on the same pairs
 */
export function hedgeTestFn(item_changes: any[][], hedge_changes: any[][]): any[][] {
  return excel((): Spill => {
    const [item, hedge] = pairs(item_changes, hedge_changes, "item_changes", "hedge_changes");
    const t = hedgeTest(item, hedge);
    const cell = (x: number | undefined): number | string => (x === undefined ? "" : x);
    return [
      ["Dollar offset", cell(t.dollarOffset)],
      ["Regression slope", cell(t.slope)],
      ["R squared", cell(t.rSquared)],
      ["Variance reduction", cell(t.varianceReduction)],
      ["Assessment", t.effective ? "Effective" : "Not effective"],
    ];
  });
}

/**
 * Annualised tracking error of the hedged position: the standard deviation of item − hedge ratio × hedge returns.
 * @customfunction TRACKINGERROR
 * @helpurl https://localhost:3000/help.html#TRACKINGERROR
 * @param item_returns Returns of the hedged item, oldest first.
 * @param hedge_returns Returns of the hedge over the same periods.
 * @param [hedge_ratio] Units of hedge per unit of item. Default 1.
 * @param [periods_per_year] Periods in a year for annualising. Default 365.
 * @returns Annualised tracking error as a decimal.
 * @remarks STDEV.S(item − hedge_ratio × hedge) × √periods_per_year. The seed article: a proxy with unstable correlation can increase tracking error rather than reduce it.
 * @throws #DIV/0! when fewer than 2 pairs remain.
 * @throws #N/A when the ranges have different numbers of cells.
 * @throws #NUM! when periods_per_year is not positive.
 * @example =ALTHEDGE.TRACKINGERROR({0.01;-0.02;0.015;0.03}, {0.012;-0.018;0.01;0.025}, 1, 365) → ≈ 0.077212 — numpy std(ddof=1) of the differences × √365
 */
export function trackingErrorFn(
  item_returns: any[][],
  hedge_returns: any[][],
  hedge_ratio?: any,
  periods_per_year?: any
): number {
  return excel(() => {
    const [item, hedge] = pairs(item_returns, hedge_returns, "item_returns", "hedge_returns");
    return trackingError(
      item,
      hedge,
      optNum(hedge_ratio, "hedge_ratio", 1),
      optNum(periods_per_year, "periods_per_year", 365)
    );
  });
}

/**
 * Rolling correlation: the correlation of each trailing window of pairs, spilled as a column.
 * @customfunction ROLLINGCORREL
 * @helpurl https://localhost:3000/help.html#ROLLINGCORREL
 * @param x First series (e.g. the book's returns), oldest first.
 * @param y Second series (e.g. the proxy's returns), same number of cells.
 * @param window Pairs per window (truncated to a whole number), at least 2; counts usable pairs after skipping.
 * @returns A column of n − window + 1 correlations, oldest window first; a window with zero variance is empty.
 * @remarks CORREL over each trailing window, in O(n) with shifted running sums recomputed every window. The seed article: when using proxy hedges, correlation tracking is essential.
 * @throws #NUM! when window is below 2.
 * @throws #DIV/0! when window exceeds the usable pairs.
 * @throws #N/A when the ranges have different numbers of cells.
 * @example =ALTHEDGE.ROLLINGCORREL({1;2;3;5}, {2;4;7;9}, 3) → {0.993399;0.953821} — numpy corrcoef of each window
 */
export function rollingCorrelFn(x: any[][], y: any[][], window: any): any[][] {
  return excel((): Spill => {
    return rollingSpill("correl", x, y, "x", "y", window);
  });
}

/**
 * Rolling hedge ratio: the minimum-variance hedge ratio of each trailing window, spilled as a column.
 * @customfunction ROLLINGBETA
 * @helpurl https://localhost:3000/help.html#ROLLINGBETA
 * @param item_returns Returns of the hedged item, oldest first.
 * @param hedge_returns Returns of the hedge over the same periods, same number of cells.
 * @param window Pairs per window (truncated to a whole number), at least 2.
 * @returns A column of n − window + 1 hedge ratios; a window where the hedge has zero variance is empty.
 * @remarks Cov(item, hedge) ÷ Var(hedge) over each trailing window (Excel SLOPE(item, hedge) on the window, MVHEDGERATIO's ols), in O(n). The seed article: hedge ratios should be revisited as altcoin values change.
 * @throws #NUM! when window is below 2.
 * @throws #DIV/0! when window exceeds the usable pairs.
 * @throws #N/A when the ranges have different numbers of cells.
 * @example =ALTHEDGE.ROLLINGBETA({2;4;7;9}, {1;2;3;5}, 3) → {2.5;1.571429} — numpy cov ÷ var of each window
 */
export function rollingBetaFn(item_returns: any[][], hedge_returns: any[][], window: any): any[][] {
  return excel((): Spill => {
    return rollingSpill(
      "beta",
      item_returns,
      hedge_returns,
      "item_returns",
      "hedge_returns",
      window
    );
  });
}
