/**
 * Wizard 1, exposure segmentation. The seed article: "Exposure mapping benefits from segmentation by
 * liquidity tier. High-liquidity assets can be hedged more precisely, while thinly traded assets may
 * need proxy hedges." The sheet sorts each holding into a tier by its days to liquidate and sizes the
 * hedge on the tier's proxy with the seed's hedge ratio.
 */
import type { SheetPlan } from "./plan";
import {
  COLOUR,
  Checks,
  FORMAT,
  PlanBuilder,
  columnWidths,
  a1,
  abs,
  absRange,
  a1Range,
  colAbs,
  given,
  plural,
  showNumber,
  showPercent,
  tableName,
  type FieldError,
  type Holding,
  type Wizard,
} from "./common";

/** The hedge of one liquidity tier. */
export interface TierHedge {
  /** "High", "Medium", "Low". */
  label: string;
  /** The liquid contract that hedges the tier, e.g. "BTC-PERP". */
  proxy: string;
  /** Notional of one proxy contract (contract size × price), in the quote currency. */
  contractNotional: number;
  /** Hedge effectiveness or target coverage: the share of the exposure to cover (0.8 = 80%). */
  effectiveness: number;
}

export interface ExposureInput {
  holdings: Holding[];
  /** Largest share of daily volume to trade, in (0, 1]; 0.1 by default. */
  participation: number;
  /** Tier boundaries in days to liquidate, strictly ascending ([1, 5] by default). */
  tierDays: number[];
  /** One hedge per tier, most liquid first: tierDays.length + 1 of them. */
  tiers: TierHedge[];
}

const TITLE = "Exposure segmentation";
const PREFIX = "Exposure";

/** Holdings table columns, in the order of taskpane.md. */
const H = {
  token: 0,
  quantity: 1,
  price: 2,
  value: 3,
  weight: 4,
  adv: 5,
  days: 6,
  tier: 7,
  locked: 8,
  beta: 9,
  proxy: 10,
  hedgeNotional: 11,
  contracts: 12,
} as const;
const HOLDING_HEADERS = [
  "Token",
  "Quantity",
  "Price",
  "Value",
  "Weight",
  "ADV",
  "Days to liquidate",
  "Tier",
  "Locked",
  "Beta",
  "Proxy",
  "Hedge notional",
  "Contracts",
];

/** Tier table columns. */
const T = { label: 0, days: 1, proxy: 2, notional: 3, effectiveness: 4 } as const;
const TIER_HEADERS = [
  "Tier",
  "Liquidate within (days)",
  "Proxy",
  "Contract notional",
  "Hedge effectiveness",
];

const YES = "Yes";
const NO = "No";

// ---------------------------------------------------------------------------------------------------
// Sample and validation

/** Invented holdings for a first try: a dozen altcoins, made-up quantities, prices and volumes. */
export function sampleExposure(): ExposureInput {
  const holding = (
    token: string,
    quantity: number,
    price: number,
    adv: number,
    locked = false,
    beta?: number
  ): Holding =>
    beta === undefined
      ? { token, quantity, price, adv, locked }
      : { token, quantity, price, adv, locked, beta };
  return {
    holdings: [
      holding("SOL", 2500, 180, 2_400_000_000, false, 1.3),
      holding("LINK", 30000, 18, 450_000_000, false, 1.1),
      holding("AVAX", 12000, 35, 300_000_000, false, 1.4),
      holding("ARB", 600000, 0.8, 250_000_000, false, 1.5),
      holding("OP", 250000, 1.9, 180_000_000),
      holding("SUI", 100000, 3.6, 200_000_000),
      holding("INJ", 20000, 22, 2_000_000, false, 1.6),
      holding("TIA", 90000, 5.5, 1_500_000, false, 1.7),
      holding("PYTH", 1200000, 0.35, 1_000_000, false, 1.5),
      holding("JTO", 150000, 2.8, 3_000_000, true, 1.6),
      holding("EIGEN", 100000, 3.5, 400_000, true, 1.8),
      holding("ZRO", 40000, 4.2, 250_000, false, 1.4),
    ],
    participation: 0.1,
    tierDays: [1, 5],
    tiers: [
      { label: "High", proxy: "BTC-PERP", contractNotional: 96000, effectiveness: 0.8 },
      { label: "Medium", proxy: "ETH-PERP", contractNotional: 3600, effectiveness: 0.7 },
      { label: "Low", proxy: "ETH-PERP", contractNotional: 3600, effectiveness: 0.6 },
    ],
  };
}

export function validateExposure(input: ExposureInput): FieldError[] {
  const checks = new Checks();
  checks.between("participation", "Participation", input.participation, 0, 1, { lo: true });
  checkTierDays(checks, input.tierDays);
  checkTiers(checks, input);
  checkHoldings(checks, input.holdings);
  return checks.errors;
}

function checkTierDays(checks: Checks, tierDays: number[]): void {
  if (!Array.isArray(tierDays) || tierDays.length === 0) {
    checks.fail("tierDays", "Give at least one tier boundary in days (e.g. 1 and 5)");
    return;
  }
  tierDays.forEach((days, i) => {
    const field = `tierDays.${i}`;
    if (!checks.positive(field, `Tier boundary ${i + 1}`, days)) return;
    if (i > 0 && Number.isFinite(tierDays[i - 1]) && days <= tierDays[i - 1]) {
      checks.fail(
        field,
        `Tier boundaries must go up, got ${showNumber(tierDays[i - 1])} then ${showNumber(days)} days`
      );
    }
  });
}

function checkTiers(checks: Checks, input: ExposureInput): void {
  // Without boundaries the number of tiers is unknown: checkTierDays has said so already.
  if (!Array.isArray(input.tierDays) || input.tierDays.length === 0) return;
  const wanted = input.tierDays.length + 1;
  if (!Array.isArray(input.tiers) || input.tiers.length !== wanted) {
    checks.fail(
      "tiers",
      `${plural(input.tierDays.length, "tier boundary", "tier boundaries")} make ${wanted} tiers, got ${plural(input.tiers?.length ?? 0, "tier hedge")}`
    );
    return;
  }
  const seen = new Set<string>();
  input.tiers.forEach((tier, i) => {
    const name = tier.label?.trim() || `${i + 1}`;
    if (checks.text(`tiers.${i}.label`, `The name of tier ${i + 1}`, tier.label)) {
      if (seen.has(name.toLowerCase()))
        checks.fail(`tiers.${i}.label`, `Tier names must differ: "${name}" is used twice`);
      seen.add(name.toLowerCase());
    }
    checks.text(`tiers.${i}.proxy`, `The proxy of tier ${name}`, tier.proxy);
    checks.positive(
      `tiers.${i}.contractNotional`,
      `Contract notional of tier ${name}`,
      tier.contractNotional
    );
    // A minimum-variance ratio may exceed 1; above 2 is almost surely a percentage typed as 80.
    checks.between(
      `tiers.${i}.effectiveness`,
      `Hedge effectiveness of tier ${name}`,
      tier.effectiveness,
      0,
      2
    );
  });
}

function checkHoldings(checks: Checks, holdings: Holding[]): void {
  if (!Array.isArray(holdings) || holdings.length === 0) {
    checks.fail("holdings", "Add at least one holding");
    return;
  }
  holdings.forEach((holding, i) => {
    const field = (key: string) => `holdings.${i}.${key}`;
    const name = holding.token?.trim() ? holding.token.trim() : `row ${i + 1}`;
    checks.text(field("token"), `The token of row ${i + 1}`, holding.token);
    checks.nonNegative(field("quantity"), `Quantity of ${name}`, holding.quantity);
    checks.positive(field("price"), `Price of ${name}`, holding.price);
    // DAYSTOLIQUIDATE divides by the volume: 0 would be #DIV/0! in every tier cell.
    checks.positive(field("adv"), `ADV of ${name}`, holding.adv);
    if (given(holding.beta)) checks.number(field("beta"), `Beta of ${name}`, holding.beta);
  });
  const total = holdings.reduce(
    (sum, h) => sum + (h.quantity > 0 && h.price > 0 ? h.quantity * h.price : 0),
    0
  );
  if (total === 0 && !checks.errors.some((e) => e.field.startsWith("holdings.")))
    checks.fail("holdings", "The holdings add up to no value: enter the quantities held");
}

export function logExposure(input: ExposureInput): string {
  const tiers = input.tiers
    .map((tier) => `${tier.label} ${tier.proxy} ${showNumber(tier.effectiveness)}`)
    .join(", ");
  return [
    plural(input.holdings.length, "holding"),
    `participation ${showPercent(input.participation)}`,
    `tiers ${input.tierDays.map(showNumber).join("/")} days`,
    tiers,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// The sheet

interface TierCells {
  /** Absolute ranges over the tier table's columns. */
  labels: string;
  boundaries: string;
  proxies: string;
  notionals: string;
  effectiveness: string;
  /** The least liquid tier's label cell ("Low"), for the conditional format. */
  lastLabel: string;
  /** Absolute reference to each tier's label and proxy cell. */
  labelCells: string[];
  proxyCells: string[];
  lastRow: number;
}

interface HoldingCells {
  first: number;
  last: number;
  /** Absolute ranges over whole columns of the holdings table. */
  column: (col: number) => string;
}

export function buildExposure(input: ExposureInput, date: string): SheetPlan {
  const plan = new PlanBuilder();
  plan.heading(
    TITLE,
    "Exposure mapping benefits from segmentation by liquidity tier: high-liquidity assets can be hedged more precisely, while thinly traded assets may need proxy hedges.",
    "Hedge ratio = (exposure ÷ contract notional) × hedge effectiveness. Locked or staked positions cannot be sold in stress, so they rely on the derivative hedge. Edit the blue input cells: the sheet recalculates."
  );
  const participation = plan.labelledInput(
    4,
    "Participation rate",
    input.participation,
    FORMAT.percentWhole,
    "Largest share of a token's daily volume to trade when selling"
  ).absolute;

  const tiers = writeTiers(plan, input, 6);
  const holdingsTitle = tiers.lastRow + 2;
  plan.value(holdingsTitle, 0, "Holdings", { style: "subtitle" });
  const holdings = writeHoldings(plan, input.holdings, holdingsTitle + 1, participation, tiers);

  const tierSummaryTitle = holdings.last + 2;
  const tierSummary = writeTierSummary(plan, input, tierSummaryTitle, tiers, holdings);
  const proxySummary = writeProxySummary(plan, input, tierSummary.end + 2, tiers, holdings);
  writeLocked(plan, proxySummary.end + 2, holdings);

  const tables = [
    {
      name: tableName(PREFIX, date, "Tiers"),
      range: a1Range(6, 0, tiers.lastRow, T.effectiveness),
    },
    {
      name: tableName(PREFIX, date, "Holdings"),
      range: a1Range(holdings.first - 1, 0, holdings.last, H.contracts),
    },
    { name: tableName(PREFIX, date, "ByTier"), range: tierSummary.tableRange },
    { name: tableName(PREFIX, date, "ByProxy"), range: proxySummary.tableRange },
  ];
  const rows = a1Range(holdings.first, 0, holdings.last, H.contracts);
  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables,
    validations: [
      { range: a1Range(holdings.first, H.locked, holdings.last, H.locked), list: [YES, NO] },
    ],
    conditionalFormats: [
      {
        range: rows,
        formula: `=${colAbs(holdings.first, H.tier)}=${tiers.lastLabel}`,
        fill: COLOUR.lowTierFill,
      },
      {
        range: rows,
        formula: `=${colAbs(holdings.first, H.locked)}="${YES}"`,
        fill: COLOUR.lockedFill,
      },
    ],
    charts: [
      {
        type: "column",
        title: "Exposure by liquidity tier",
        source: tierSummary.chartSource,
        anchor: tierSummary.chartAnchor,
        seriesBy: "columns",
      },
    ],
    columnWidths: columnWidths(110, H.contracts),
  };
}

/** The tier table: names, boundaries, proxy, contract notional and effectiveness, all inputs. */
function writeTiers(plan: PlanBuilder, input: ExposureInput, header: number): TierCells {
  plan.headers(header, 0, TIER_HEADERS);
  const first = header + 1;
  const last = first + input.tiers.length - 1;
  input.tiers.forEach((tier, i) => {
    const row = first + i;
    plan.input(row, T.label, tier.label);
    if (i < input.tierDays.length) plan.input(row, T.days, input.tierDays[i], FORMAT.number);
    // The last tier has no upper boundary: say so in words, kept live on the boundary above it.
    else plan.formula(row, T.days, `="more than "&${abs(row - 1, T.days)}`);
    plan.input(row, T.proxy, tier.proxy);
    plan.input(row, T.notional, tier.contractNotional, FORMAT.money);
    plan.input(row, T.effectiveness, tier.effectiveness, FORMAT.percentWhole);
  });
  const rows = input.tiers.map((_, i) => first + i);
  return {
    labels: absRange(first, T.label, last, T.label),
    boundaries: absRange(first, T.days, last - 1, T.days),
    proxies: absRange(first, T.proxy, last, T.proxy),
    notionals: absRange(first, T.notional, last, T.notional),
    effectiveness: absRange(first, T.effectiveness, last, T.effectiveness),
    lastLabel: abs(last, T.label),
    labelCells: rows.map((row) => abs(row, T.label)),
    proxyCells: rows.map((row) => abs(row, T.proxy)),
    lastRow: last,
  };
}

/** The holdings table: inputs on the left of each row, the tier and the hedge computed on the right. */
function writeHoldings(
  plan: PlanBuilder,
  holdings: Holding[],
  header: number,
  participation: string,
  tiers: TierCells
): HoldingCells {
  plan.headers(header, 0, HOLDING_HEADERS);
  const first = header + 1;
  const last = first + holdings.length - 1;
  const column = (col: number) => absRange(first, col, last, col);
  holdings.forEach((holding, i) => {
    const row = first + i;
    const cell = (col: number) => a1(row, col);
    const lookup = (range: string) => `INDEX(${range},MATCH(${cell(H.tier)},${tiers.labels},0))`;
    plan.input(row, H.token, holding.token);
    plan.input(row, H.quantity, holding.quantity, FORMAT.number);
    plan.input(row, H.price, holding.price, FORMAT.price);
    plan.formula(row, H.value, `=${cell(H.quantity)}*${cell(H.price)}`, { format: FORMAT.money });
    plan.formula(row, H.weight, `=${cell(H.value)}/SUM(${column(H.value)})`, {
      format: FORMAT.percent,
    });
    plan.input(row, H.adv, holding.adv, FORMAT.money);
    plan.formula(
      row,
      H.days,
      `=ALTHEDGE.DAYSTOLIQUIDATE(${cell(H.value)},${cell(H.adv)},${participation})`,
      { format: FORMAT.number }
    );
    plan.formula(
      row,
      H.tier,
      `=ALTHEDGE.LIQUIDITYTIER(${cell(H.value)},${cell(H.adv)},${participation},${tiers.boundaries},${tiers.labels})`
    );
    plan.input(row, H.locked, holding.locked ? YES : NO);
    plan.input(row, H.beta, given(holding.beta) ? holding.beta : null, FORMAT.ratio);
    plan.formula(row, H.proxy, `=${lookup(tiers.proxies)}`);
    // Beta to the proxy scales the exposure; a blank beta counts as 1 (the token moves with the proxy).
    plan.formula(
      row,
      H.hedgeNotional,
      `=${cell(H.value)}*IF(ISNUMBER(${cell(H.beta)}),${cell(H.beta)},1)`,
      { format: FORMAT.money }
    );
    // Unrounded per holding: rounding each row would add up to a different total than the book needs.
    plan.formula(
      row,
      H.contracts,
      `=ALTHEDGE.HEDGERATIO(${cell(H.hedgeNotional)},${lookup(tiers.notionals)},${lookup(tiers.effectiveness)})`,
      { format: FORMAT.number }
    );
  });
  return { first, last, column };
}

/** Value, locked value, share, hedge notional and contracts per tier, with a total row; the chart's source. */
function writeTierSummary(
  plan: PlanBuilder,
  input: ExposureInput,
  titleRow: number,
  tiers: TierCells,
  holdings: HoldingCells
) {
  plan.value(titleRow, 0, "Exposure by liquidity tier", { style: "subtitle" });
  const header = titleRow + 1;
  plan.headers(header, 0, [
    "Tier",
    "Value",
    "Locked value",
    "Share",
    "Hedge notional",
    "Contracts",
  ]);
  const first = header + 1;
  const last = first + input.tiers.length - 1;
  const total = `SUM(${holdings.column(H.value)})`;
  input.tiers.forEach((_, i) => {
    const row = first + i;
    const tier = a1(row, 0);
    const sumBy = (col: number) =>
      `SUMIF(${holdings.column(H.tier)},${tier},${holdings.column(col)})`;
    plan.formula(row, 0, `=${tiers.labelCells[i]}`);
    plan.formula(row, 1, `=${sumBy(H.value)}`, { format: FORMAT.money });
    plan.formula(
      row,
      2,
      `=SUMIFS(${holdings.column(H.value)},${holdings.column(H.tier)},${tier},${holdings.column(H.locked)},"${YES}")`,
      { format: FORMAT.money }
    );
    plan.formula(row, 3, `=${a1(row, 1)}/${total}`, { format: FORMAT.percent });
    plan.formula(row, 4, `=${sumBy(H.hedgeNotional)}`, { format: FORMAT.money });
    plan.formula(row, 5, `=${sumBy(H.contracts)}`, { format: FORMAT.number });
  });
  const totalRow = last + 1;
  writeTotalRow(plan, totalRow, first, last, [
    [1, FORMAT.money],
    [2, FORMAT.money],
    [3, FORMAT.percent],
    [4, FORMAT.money],
    [5, FORMAT.number],
  ]);
  return {
    tableRange: a1Range(header, 0, last, 5),
    // Tier names as categories, value and locked value as the two series.
    chartSource: a1Range(header, 0, last, 2),
    chartAnchor: a1Range(titleRow, 7, titleRow, 7),
    end: totalRow,
  };
}

/**
 * Value and contracts per proxy instrument. Each row's proxy name points at the first tier that uses
 * it, so renaming a proxy in the tier table renames the row; giving two tiers' proxies the same new
 * name is best followed by a new run of the wizard, which groups them again.
 */
function writeProxySummary(
  plan: PlanBuilder,
  input: ExposureInput,
  titleRow: number,
  tiers: TierCells,
  holdings: HoldingCells
) {
  plan.value(titleRow, 0, "Hedge by proxy", { style: "subtitle" });
  const header = titleRow + 1;
  plan.headers(header, 0, [
    "Proxy",
    "Value",
    "Share",
    "Hedge notional",
    "Contracts",
    "Contracts (whole)",
  ]);
  const proxies = uniqueProxies(input);
  const first = header + 1;
  const last = first + proxies.length - 1;
  const total = `SUM(${holdings.column(H.value)})`;
  proxies.forEach((tierIndex, i) => {
    const row = first + i;
    const proxy = a1(row, 0);
    const sumBy = (col: number) =>
      `SUMIF(${holdings.column(H.proxy)},${proxy},${holdings.column(col)})`;
    plan.formula(row, 0, `=${tiers.proxyCells[tierIndex]}`);
    plan.formula(row, 1, `=${sumBy(H.value)}`, { format: FORMAT.money });
    plan.formula(row, 2, `=${a1(row, 1)}/${total}`, { format: FORMAT.percent });
    plan.formula(row, 3, `=${sumBy(H.hedgeNotional)}`, { format: FORMAT.money });
    plan.formula(row, 4, `=${sumBy(H.contracts)}`, { format: FORMAT.number });
    // The desk trades whole contracts: round the proxy's total once, not each holding.
    plan.formula(row, 5, `=ROUND(${a1(row, 4)},0)`, { format: FORMAT.whole });
  });
  const totalRow = last + 1;
  writeTotalRow(plan, totalRow, first, last, [
    [1, FORMAT.money],
    [2, FORMAT.percent],
    [3, FORMAT.money],
  ]);
  return { tableRange: a1Range(header, 0, last, 5), end: totalRow };
}

/** Index of the first tier of each distinct proxy, in tier order. */
function uniqueProxies(input: ExposureInput): number[] {
  const seen = new Set<string>();
  const firsts: number[] = [];
  input.tiers.forEach((tier, i) => {
    const key = tier.proxy.trim().toUpperCase();
    if (!seen.has(key)) firsts.push(i);
    seen.add(key);
  });
  return firsts;
}

/** The locked positions called out: the part of the book that only the derivative hedge protects. */
function writeLocked(plan: PlanBuilder, titleRow: number, holdings: HoldingCells): void {
  plan.value(titleRow, 0, "Locked or staked positions", { style: "subtitle" });
  plan.headers(titleRow + 1, 0, ["Positions", "Value", "Share", "Contracts"]);
  const row = titleRow + 2;
  const locked = (col: number) =>
    `SUMIF(${holdings.column(H.locked)},"${YES}",${holdings.column(col)})`;
  plan.formula(row, 0, `=COUNTIF(${holdings.column(H.locked)},"${YES}")`, { format: FORMAT.whole });
  plan.formula(row, 1, `=${locked(H.value)}`, { format: FORMAT.money });
  plan.formula(row, 2, `=${a1(row, 1)}/SUM(${holdings.column(H.value)})`, {
    format: FORMAT.percent,
  });
  plan.formula(row, 3, `=${locked(H.contracts)}`, { format: FORMAT.number });
  plan.value(
    row + 1,
    0,
    "They cannot be sold in stress, so they rely on the derivative hedge: keep their contracts in place when trimming the hedge.",
    { style: "note" }
  );
}

/** "Total" and a SUM under each listed column. */
function writeTotalRow(
  plan: PlanBuilder,
  row: number,
  first: number,
  last: number,
  columns: [number, string][]
): void {
  plan.value(row, 0, "Total", { style: "total" });
  for (const [col, format] of columns) {
    plan.formula(row, col, `=SUM(${a1Range(first, col, last, col)})`, { format, style: "total" });
  }
}

export const exposureWizard: Wizard<ExposureInput> = {
  id: "exposure",
  title: TITLE,
  summary: "Sort holdings into liquidity tiers and size each tier's proxy hedge.",
  sheetPrefix: PREFIX,
  sample: sampleExposure,
  validate: validateExposure,
  build: buildExposure,
  logSummary: logExposure,
};
