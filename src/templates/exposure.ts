/**
 * Wizard 1, exposure segmentation. The seed article: "Exposure mapping benefits from segmentation by
 * liquidity tier. High-liquidity assets can be hedged more precisely, while thinly traded assets may
 * need proxy hedges." The sheet sorts each holding into a tier by its days to liquidate and sizes the
 * hedge on the tier's proxy with the seed's hedge ratio.
 *
 * The policy (./policy) is read on the sheet: each instrument's position notional against the maximum
 * position (AltHedge_MaxPosition), and the coverage — the hedge's notional over the book's value, both
 * in the benchmark's terms (beta-weighted) — against the coverage band (AltHedge_CoverageLow/High).
 */
import type { SheetPlan } from "./plan";
import { FLAG, breachesFormats, flagFormat, writeBreaches, writePolicyReadings } from "./policy";
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

/** A liquid contract that hedges one or more tiers, priced by the user. */
export interface ProxyInstrument {
  /** "BTC-PERP"; tiers name their proxy by it. */
  instrument: string;
  /** Mark price of one coin of the contract's underlying, in the quote currency. */
  mark: number;
  /** Coins per contract (1 for a linear perp quoted per coin, 0.001 for a mini contract). */
  contractSize: number;
  /** The instrument's own beta to the benchmark the holdings' betas are measured against (1 for the benchmark itself). */
  beta: number;
}

/** The hedge of one liquidity tier. */
export interface TierHedge {
  /** "High", "Medium", "Low". */
  label: string;
  /** The proxy instrument that hedges the tier, one of `ExposureInput.proxies`, e.g. "BTC-PERP". */
  proxy: string;
  /** Hedge effectiveness or target coverage: the share of the exposure to cover (0.8 = 80%). */
  effectiveness: number;
}

export interface ExposureInput {
  holdings: Holding[];
  /** Largest share of daily volume to trade, in [0.0001, 1]; 0.1 by default. */
  participation: number;
  /** Tier boundaries in days to liquidate, strictly ascending ([1, 5] by default). */
  tierDays: number[];
  /** One hedge per tier, most liquid first: tierDays.length + 1 of them. */
  tiers: TierHedge[];
  /** The proxy instruments, with the prices the contract notionals come from. */
  proxies: ProxyInstrument[];
  /** What the holdings' betas are measured against ("BTC"): the sheet's column reads "Beta to BTC". */
  benchmark: string;
}

const TITLE = "Exposure segmentation";
const PREFIX = "Exposure";

/**
 * Plausibility bounds (taskpane.md, "Trust rules"): what a real book never leaves. Prices and volumes
 * have a floor above 0 so that every product and quotient on the sheet stays a positive number.
 */
export const EXPOSURE_BOUNDS = {
  quantity: 1e13,
  price: [1e-12, 1e9],
  /** Value of a holding (quantity × price) and 24h volume, in the quote currency. */
  money: 1e13,
  adv: 1e-6,
  participation: [0.0001, 1],
  days: 3660,
  contractSize: [1e-9, 1e13],
  beta: 100,
  proxyBeta: [0.01, 100],
  effectiveness: 2,
} as const;

/** Holdings table columns, in the order of taskpane.md, with the proxy's beta beside the benchmark's. */
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
  proxyBeta: 11,
  hedgeNotional: 12,
  contracts: 13,
} as const;
const holdingHeaders = (benchmark: string) => [
  "Token",
  "Quantity",
  "Price",
  "Value",
  "Weight",
  "ADV",
  "Days to liquidate",
  "Tier",
  "Locked",
  `Beta to ${benchmark}`,
  "Proxy",
  "Beta to proxy (≈)",
  "Hedge notional",
  "Contracts",
];

/** Proxy table columns. */
const P = { instrument: 0, mark: 1, size: 2, notional: 3, beta: 4 } as const;
const proxyHeaders = (benchmark: string) => [
  "Proxy",
  "Mark price",
  "Contract size (coins)",
  "Contract notional",
  `Beta to ${benchmark}`,
];

/** Tier table columns. */
const T = { label: 0, days: 1, proxy: 2, effectiveness: 3 } as const;
const TIER_HEADERS = ["Tier", "Liquidate within (days)", "Proxy", "Hedge effectiveness"];

const YES = "Yes";
const NO = "No";

const key = (name: string): string => name.trim().toUpperCase();

/** 0.1, 3660, 1e9, 1e-12: exponent form for the very large and very small. */
export function readable(value: number): string {
  const size = Math.abs(value);
  if (value !== 0 && Number.isFinite(value) && (size >= 1e6 || size < 1e-4))
    return Number(value.toPrecision(6))
      .toExponential()
      .replace(/\.?0*e\+?/, "e");
  return showNumber(value);
}

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
      { label: "High", proxy: "BTC-PERP", effectiveness: 0.8 },
      { label: "Medium", proxy: "ETH-PERP", effectiveness: 0.7 },
      { label: "Low", proxy: "ETH-PERP", effectiveness: 0.6 },
    ],
    proxies: [
      { instrument: "BTC-PERP", mark: 96000, contractSize: 1, beta: 1 },
      { instrument: "ETH-PERP", mark: 3600, contractSize: 1, beta: 1.2 },
    ],
    benchmark: "BTC",
  };
}

export function validateExposure(input: ExposureInput): FieldError[] {
  const checks = new Checks();
  const [minParticipation, maxParticipation] = EXPOSURE_BOUNDS.participation;
  checks.within(
    "participation",
    "Participation",
    input.participation,
    minParticipation,
    maxParticipation
  );
  checks.text("benchmark", "What the betas are measured against (e.g. BTC)", input.benchmark);
  checkTierDays(checks, input.tierDays);
  const proxies = checkProxies(checks, input);
  checkTiers(checks, input, proxies);
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
    if (
      !checks.within(field, `Tier boundary ${i + 1}`, days, 0, EXPOSURE_BOUNDS.days, { lo: true })
    )
      return;
    if (i > 0 && Number.isFinite(tierDays[i - 1]) && days <= tierDays[i - 1]) {
      checks.fail(
        field,
        `Tier boundaries must go up, got ${showNumber(tierDays[i - 1])} then ${showNumber(days)} days`
      );
    }
  });
}

/** The proxy table's checks; returns the instruments' names (upper case) that tiers may use. */
function checkProxies(checks: Checks, input: ExposureInput): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(input.proxies) || input.proxies.length === 0) {
    checks.fail("proxies", "Add at least one proxy instrument with its mark price (e.g. BTC-PERP)");
    return names;
  }
  const benchmark = input.benchmark?.trim() || "the benchmark";
  const [minPrice, maxPrice] = EXPOSURE_BOUNDS.price;
  const [minSize, maxSize] = EXPOSURE_BOUNDS.contractSize;
  const [minBeta, maxBeta] = EXPOSURE_BOUNDS.proxyBeta;
  input.proxies.forEach((proxy, i) => {
    const field = (name: keyof ProxyInstrument) => `proxies.${i}.${name}`;
    const name = proxy.instrument?.trim() || `row ${i + 1}`;
    if (
      checks.text(field("instrument"), `The instrument of proxy row ${i + 1}`, proxy.instrument)
    ) {
      if (names.has(key(name)))
        checks.fail(field("instrument"), `Proxy names must differ: "${name}" is listed twice`);
      names.add(key(name));
    }
    checks.within(field("mark"), `Mark price of ${name}`, proxy.mark, minPrice, maxPrice);
    checks.within(
      field("contractSize"),
      `Contract size of ${name}`,
      proxy.contractSize,
      minSize,
      maxSize
    );
    checks.within(field("beta"), `Beta of ${name} to ${benchmark}`, proxy.beta, minBeta, maxBeta);
  });
  return names;
}

function checkTiers(checks: Checks, input: ExposureInput, proxies: Set<string>): void {
  // Without boundaries the number of tiers is unknown: checkTierDays has said so already.
  if (!Array.isArray(input.tierDays) || input.tierDays.length === 0) return;
  const wanted = input.tierDays.length + 1;
  if (!Array.isArray(input.tiers) || input.tiers.length !== wanted) {
    const boundaries =
      input.tierDays.length === 1
        ? "1 tier boundary makes"
        : `${input.tierDays.length} tier boundaries make`;
    checks.fail(
      "tiers",
      `${boundaries} ${wanted} tiers: give one proxy hedge per tier, got ${plural(input.tiers?.length ?? 0, "row")}`
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
    if (checks.text(`tiers.${i}.proxy`, `The proxy of tier ${name}`, tier.proxy)) {
      if (proxies.size > 0 && !proxies.has(key(tier.proxy)))
        checks.fail(
          `tiers.${i}.proxy`,
          `The proxy of tier ${name}, "${tier.proxy.trim()}", is not in the proxy table: add it there with its mark price`
        );
    }
    // A minimum-variance ratio may exceed 1; above 2 is almost surely a percentage typed as 80.
    checks.between(
      `tiers.${i}.effectiveness`,
      `Hedge effectiveness of tier ${name}`,
      tier.effectiveness,
      0,
      EXPOSURE_BOUNDS.effectiveness
    );
  });
}

function checkHoldings(checks: Checks, holdings: Holding[]): void {
  if (!Array.isArray(holdings) || holdings.length === 0) {
    checks.fail("holdings", "Add at least one holding");
    return;
  }
  const [minPrice, maxPrice] = EXPOSURE_BOUNDS.price;
  holdings.forEach((holding, i) => {
    const field = (name: keyof Holding) => `holdings.${i}.${name}`;
    const name = holding.token?.trim() ? holding.token.trim() : `row ${i + 1}`;
    checks.text(field("token"), `The token of row ${i + 1}`, holding.token);
    const quantityOk = checks.within(
      field("quantity"),
      `Quantity of ${name}`,
      holding.quantity,
      0,
      EXPOSURE_BOUNDS.quantity
    );
    const priceOk = checks.within(
      field("price"),
      `Price of ${name}`,
      holding.price,
      minPrice,
      maxPrice
    );
    if (quantityOk && priceOk && holding.quantity * holding.price > EXPOSURE_BOUNDS.money)
      checks.fail(
        field("quantity"),
        `The value of ${name} (quantity × price) must be at most ${readable(EXPOSURE_BOUNDS.money)}, got ${readable(holding.quantity * holding.price)}`
      );
    // DAYSTOLIQUIDATE divides by the volume: 0 would be #DIV/0! in every tier cell.
    checks.within(
      field("adv"),
      `ADV of ${name}`,
      holding.adv,
      EXPOSURE_BOUNDS.adv,
      EXPOSURE_BOUNDS.money
    );
    if (given(holding.beta))
      checks.within(
        field("beta"),
        `Beta of ${name}`,
        holding.beta,
        -EXPOSURE_BOUNDS.beta,
        EXPOSURE_BOUNDS.beta
      );
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
  const proxies = input.proxies
    .map((p) => `${p.instrument} at ${showNumber(p.mark)}, beta ${showNumber(p.beta)}`)
    .join(", ");
  return [
    plural(input.holdings.length, "holding"),
    `participation ${showPercent(input.participation)}`,
    `tiers ${input.tierDays.map(showNumber).join("/")} days`,
    tiers,
    `betas to ${input.benchmark}; ${proxies}`,
  ].join("; ");
}

// ---------------------------------------------------------------------------------------------------
// The sheet

interface ProxyCells {
  /** Absolute ranges over the proxy table's columns. */
  names: string;
  notionals: string;
  betas: string;
  /** Absolute reference to each proxy's name cell and contract notional cell. */
  nameCells: string[];
  notionalCells: string[];
  header: number;
  lastRow: number;
  /** The row of the note under the table. */
  end: number;
}

interface TierCells {
  /** Absolute ranges over the tier table's columns. */
  labels: string;
  boundaries: string;
  proxies: string;
  effectiveness: string;
  /** The least liquid tier's label cell ("Low"), for the conditional format. */
  lastLabel: string;
  /** Absolute reference to each tier's label and proxy cell. */
  labelCells: string[];
  proxyCells: string[];
  header: number;
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
  const benchmark = input.benchmark.trim();
  plan.heading(
    TITLE,
    "Exposure mapping benefits from segmentation by liquidity tier: high-liquidity assets can be hedged more precisely, while thinly traded assets may need proxy hedges.",
    "Hedge ratio = (exposure ÷ contract notional) × hedge effectiveness, contracts counted per instrument and never added across instruments. Locked or staked positions cannot be sold in stress, so they rely on the derivative hedge. Edit the pale yellow input cells: the sheet recalculates."
  );
  const participation = plan.labelledInput(
    4,
    "Participation rate",
    input.participation,
    FORMAT.percentWhole,
    "Largest share of a token's daily volume to trade when selling"
  ).absolute;
  plan.value(5, 0, "Betas measured against");
  plan.value(5, 1, benchmark);
  plan.value(
    5,
    2,
    `The Beta to ${benchmark} column holds each token's beta to ${benchmark} (1 when blank); a tier hedged with another instrument converts it with that instrument's own beta to ${benchmark}.`,
    { style: "note" }
  );

  const policy = writePolicyReadings(plan, 7, ["coverageLow", "coverageHigh", "maxPosition"]);
  /** The coverage and breaches rows below the readings, filled once the summaries exist. */
  const coverageRows = policy.next;
  const proxies = writeProxies(plan, input, coverageRows + POLICY_ROWS + 1, benchmark);
  const tiers = writeTiers(plan, input, proxies.end + 2);
  const holdingsTitle = tiers.lastRow + 2;
  plan.value(holdingsTitle, 0, "Holdings", { style: "subtitle" });
  const holdings = writeHoldings(
    plan,
    input.holdings,
    holdingsTitle + 1,
    participation,
    tiers,
    proxies,
    benchmark
  );

  const tierSummary = writeTierSummary(plan, input, holdings.last + 2, tiers, holdings);
  const proxySummary = writeProxySummary(
    plan,
    input,
    tierSummary.end + 2,
    proxies,
    holdings,
    policy.cells.maxPosition
  );
  const coverage = writeCoverage(
    plan,
    coverageRows,
    benchmark,
    proxies,
    proxySummary,
    policy.cells
  );
  const locked = writeLocked(plan, input, proxySummary.end + 2, proxies, holdings);

  const tables = [
    {
      name: tableName(PREFIX, date, "Proxies"),
      range: a1Range(proxies.header, 0, proxies.lastRow, P.beta),
    },
    {
      name: tableName(PREFIX, date, "Tiers"),
      range: a1Range(tiers.header, 0, tiers.lastRow, T.effectiveness),
    },
    {
      name: tableName(PREFIX, date, "Holdings"),
      range: a1Range(holdings.first - 1, 0, holdings.last, H.contracts),
    },
    { name: tableName(PREFIX, date, "ByTier"), range: tierSummary.tableRange },
    { name: tableName(PREFIX, date, "ByProxy"), range: proxySummary.tableRange },
    { name: tableName(PREFIX, date, "LockedByProxy"), range: locked.tableRange },
  ];
  const rows = a1Range(holdings.first, 0, holdings.last, H.contracts);
  return {
    name: `${PREFIX} ${date}`,
    cells: plan.cells,
    tables,
    validations: [
      { range: a1Range(holdings.first, H.locked, holdings.last, H.locked), list: [YES, NO] },
      {
        range: a1Range(tiers.header + 1, T.proxy, tiers.lastRow, T.proxy),
        list: input.proxies.map((p) => p.instrument.trim()),
      },
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
      flagFormat(proxySummary.checks, [FLAG.aboveMax]),
      flagFormat(coverage.check, [FLAG.belowBand, FLAG.aboveBand]),
      ...breachesFormats(coverage.breaches),
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
    columnWidths: columnWidths(210, H.contracts), // column A holds the labels above the tokens
  };
}

/**
 * The proxy table: each instrument's mark price and contract size (inputs), its contract notional, and
 * its own beta to the benchmark, which converts the holdings' betas for the tiers it hedges.
 */
function writeProxies(
  plan: PlanBuilder,
  input: ExposureInput,
  titleRow: number,
  benchmark: string
): ProxyCells {
  plan.value(titleRow, 0, "Proxy instruments", { style: "subtitle" });
  const header = titleRow + 1;
  plan.headers(header, 0, proxyHeaders(benchmark));
  const first = header + 1;
  const last = first + input.proxies.length - 1;
  input.proxies.forEach((proxy, i) => {
    const row = first + i;
    plan.input(row, P.instrument, proxy.instrument.trim());
    plan.input(row, P.mark, proxy.mark, FORMAT.price);
    plan.input(row, P.size, proxy.contractSize, FORMAT.price);
    plan.formula(row, P.notional, `=${a1(row, P.mark)}*${a1(row, P.size)}`, {
      format: FORMAT.moneyCents,
    });
    plan.input(row, P.beta, proxy.beta, FORMAT.ratio);
  });
  plan.value(
    last + 1,
    0,
    `Beta to proxy ≈ beta to ${benchmark} ÷ the proxy's beta to ${benchmark} (β(token, ETH) ≈ β(token, ${benchmark}) ÷ β(ETH, ${benchmark})): an approximation, exact only when what ${benchmark} does not explain of a token is unrelated to the proxy. Where you have a beta measured against the proxy, enter it as a Beta to ${benchmark} and give that proxy a beta of 1.`,
    { style: "note" }
  );
  return {
    names: absRange(first, P.instrument, last, P.instrument),
    notionals: absRange(first, P.notional, last, P.notional),
    betas: absRange(first, P.beta, last, P.beta),
    nameCells: input.proxies.map((_, i) => abs(first + i, P.instrument)),
    notionalCells: input.proxies.map((_, i) => abs(first + i, P.notional)),
    header,
    lastRow: last,
    end: last + 1,
  };
}

/** The tier table: names, boundaries, proxy and effectiveness, all inputs. */
function writeTiers(plan: PlanBuilder, input: ExposureInput, titleRow: number): TierCells {
  plan.value(titleRow, 0, "Liquidity tiers", { style: "subtitle" });
  const header = titleRow + 1;
  plan.headers(header, 0, TIER_HEADERS);
  const first = header + 1;
  const last = first + input.tiers.length - 1;
  input.tiers.forEach((tier, i) => {
    const row = first + i;
    plan.input(row, T.label, tier.label);
    if (i < input.tierDays.length) plan.input(row, T.days, input.tierDays[i], FORMAT.number);
    // The last tier has no upper boundary: say so in words, kept live on the boundary above it.
    else plan.formula(row, T.days, `="more than "&${abs(row - 1, T.days)}`);
    plan.input(row, T.proxy, tier.proxy.trim());
    plan.input(row, T.effectiveness, tier.effectiveness, FORMAT.percentWhole);
  });
  const rows = input.tiers.map((_, i) => first + i);
  return {
    labels: absRange(first, T.label, last, T.label),
    boundaries: absRange(first, T.days, last - 1, T.days),
    proxies: absRange(first, T.proxy, last, T.proxy),
    effectiveness: absRange(first, T.effectiveness, last, T.effectiveness),
    lastLabel: abs(last, T.label),
    labelCells: rows.map((row) => abs(row, T.label)),
    proxyCells: rows.map((row) => abs(row, T.proxy)),
    header,
    lastRow: last,
  };
}

/** The holdings table: inputs on the left of each row, the tier and the hedge computed on the right. */
function writeHoldings(
  plan: PlanBuilder,
  holdings: Holding[],
  header: number,
  participation: string,
  tiers: TierCells,
  proxies: ProxyCells,
  benchmark: string
): HoldingCells {
  plan.headers(header, 0, holdingHeaders(benchmark));
  const first = header + 1;
  const last = first + holdings.length - 1;
  const column = (col: number) => absRange(first, col, last, col);
  holdings.forEach((holding, i) => {
    const row = first + i;
    const cell = (col: number) => a1(row, col);
    const byTier = (range: string) => `INDEX(${range},MATCH(${cell(H.tier)},${tiers.labels},0))`;
    const byProxy = (range: string) => `INDEX(${range},MATCH(${cell(H.proxy)},${proxies.names},0))`;
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
    plan.formula(row, H.proxy, `=${byTier(tiers.proxies)}`);
    // The benchmark's beta converted to the proxy's (an approximation, noted on the sheet); a blank
    // beta counts as 1 (the token moves with the benchmark).
    plan.formula(
      row,
      H.proxyBeta,
      `=IF(ISNUMBER(${cell(H.beta)}),${cell(H.beta)},1)/${byProxy(proxies.betas)}`,
      { format: FORMAT.ratio }
    );
    plan.formula(row, H.hedgeNotional, `=${cell(H.value)}*${cell(H.proxyBeta)}`, {
      format: FORMAT.money,
    });
    // Unrounded per holding: rounding each row would add up to a different total than the book needs.
    plan.formula(
      row,
      H.contracts,
      `=ALTHEDGE.HEDGERATIO(${cell(H.hedgeNotional)},${byProxy(proxies.notionals)},${byTier(tiers.effectiveness)})`,
      { format: FORMAT.number }
    );
  });
  return { first, last, column };
}

/**
 * Value, locked value, share, proxy, hedge notional and contracts per tier, with a total row; the
 * chart's source. A tier has one proxy, so its contracts are of one instrument; the total row adds
 * values, never contracts.
 */
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
    "Proxy",
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
    plan.formula(row, 4, `=${tiers.proxyCells[i]}`);
    plan.formula(row, 5, `=${sumBy(H.hedgeNotional)}`, { format: FORMAT.money });
    plan.formula(row, 6, `=${sumBy(H.contracts)}`, { format: FORMAT.number });
  });
  const totalRow = last + 1;
  writeTotalRow(plan, totalRow, first, last, [
    [1, FORMAT.money],
    [2, FORMAT.money],
    [3, FORMAT.percent],
    [5, FORMAT.money],
  ]);
  return {
    tableRange: a1Range(header, 0, last, 6),
    // Tier names as categories, value and locked value as the two series.
    chartSource: a1Range(header, 0, last, 2),
    chartAnchor: a1Range(titleRow, 8, titleRow, 8),
    end: totalRow,
  };
}

/** Value and contracts per proxy instrument of the proxy table: one row per instrument. */
function writeProxySummary(
  plan: PlanBuilder,
  input: ExposureInput,
  titleRow: number,
  proxies: ProxyCells,
  holdings: HoldingCells,
  maxPosition: string
) {
  plan.value(titleRow, 0, "Hedge by proxy instrument", { style: "subtitle" });
  const header = titleRow + 1;
  plan.headers(header, 0, [
    "Proxy",
    "Value",
    "Share",
    "Hedge notional",
    "Contracts",
    "Contracts (whole)",
    "Position notional",
    "Position check",
  ]);
  const first = header + 1;
  const last = first + input.proxies.length - 1;
  const total = `SUM(${holdings.column(H.value)})`;
  proxies.nameCells.forEach((nameCell, i) => {
    const row = first + i;
    const proxy = a1(row, 0);
    const sumBy = (col: number) =>
      `SUMIF(${holdings.column(H.proxy)},${proxy},${holdings.column(col)})`;
    plan.formula(row, 0, `=${nameCell}`);
    plan.formula(row, 1, `=${sumBy(H.value)}`, { format: FORMAT.money });
    plan.formula(row, 2, `=${a1(row, 1)}/${total}`, { format: FORMAT.percent });
    plan.formula(row, 3, `=${sumBy(H.hedgeNotional)}`, { format: FORMAT.money });
    plan.formula(row, 4, `=${sumBy(H.contracts)}`, { format: FORMAT.number });
    // The desk trades whole contracts: round the instrument's total once, not each holding.
    plan.formula(row, 5, `=ROUND(${a1(row, 4)},0)`, { format: FORMAT.whole });
    // The position the contracts make in this instrument, against the policy's maximum.
    plan.formula(row, 6, `=${a1(row, 4)}*${proxies.notionalCells[i]}`, { format: FORMAT.money });
    plan.formula(row, 7, `=IF(${a1(row, 6)}>${maxPosition},"${FLAG.aboveMax}","${FLAG.ok}")`);
  });
  const totalRow = last + 1;
  writeTotalRow(plan, totalRow, first, last, [
    [1, FORMAT.money],
    [2, FORMAT.percent],
    [3, FORMAT.money],
  ]);
  plan.value(
    totalRow + 1,
    0,
    "Contracts of different instruments are not added: each row is one instrument's order. Position notional = contracts × the instrument's contract notional, checked against the policy's maximum position per instrument.",
    { style: "note" }
  );
  return {
    tableRange: a1Range(header, 0, last, 7),
    hedgeNotionals: absRange(first, 3, last, 3),
    positions: absRange(first, 6, last, 6),
    checks: a1Range(first, 7, last, 7),
    checkColumn: absRange(first, 7, last, 7),
    end: totalRow + 1,
  };
}

/** Rows writeCoverage fills below the policy readings. */
const POLICY_ROWS = 5;

/**
 * The coverage against the policy's band, and the count of breaches: the book and the hedge in the
 * benchmark's terms, so that an ETH hedge and a BTC hedge add up. Book = Σ value × beta to the
 * benchmark = Σ per proxy (hedge notional × the proxy's beta); hedge = Σ per proxy (position notional
 * × the proxy's beta). The proxy summary lists the proxies in the proxy table's order, so each
 * SUMPRODUCT pairs a proxy's row with its own beta.
 */
function writeCoverage(
  plan: PlanBuilder,
  top: number,
  benchmark: string,
  proxies: ProxyCells,
  summary: { hedgeNotionals: string; positions: string; checkColumn: string },
  policy: { coverageLow: string; coverageHigh: string }
): { check: string; breaches: string } {
  let row = top;
  const book = plan.labelledFormula(
    row++,
    `Book in ${benchmark} terms`,
    `=SUMPRODUCT(${summary.hedgeNotionals},${proxies.betas})`,
    FORMAT.money,
    `Σ value × beta to ${benchmark} (a blank beta counts as 1)`
  );
  const hedge = plan.labelledFormula(
    row++,
    `Hedge in ${benchmark} terms`,
    `=SUMPRODUCT(${summary.positions},${proxies.betas})`,
    FORMAT.money,
    `Σ position notional × the proxy's beta to ${benchmark}`
  );
  const coverage = plan.labelledFormula(
    row++,
    "Coverage",
    `=IF(${book}>0,${hedge}/${book},"n/a")`,
    FORMAT.percent,
    "Hedge ÷ book: with these inputs, the beta-weighted mean of the tiers' hedge effectiveness"
  );
  const checkRow = row++;
  plan.labelledFormula(
    checkRow,
    "Coverage check",
    `=IF(ISNUMBER(${coverage}),IF(${coverage}<${policy.coverageLow},"${FLAG.belowBand}",IF(${coverage}>${policy.coverageHigh},"${FLAG.aboveBand}","${FLAG.withinBand}")),"n/a")`,
    undefined,
    "Against the policy's coverage band"
  );
  const check = a1(checkRow, 1);
  const breaches = writeBreaches(
    plan,
    row++,
    `=COUNTIF(${summary.checkColumn},"${FLAG.aboveMax}")+IF(OR(${check}="${FLAG.belowBand}",${check}="${FLAG.aboveBand}"),1,0)`,
    "Instruments above the maximum position, plus 1 when the coverage is outside the band"
  );
  if (row !== top + POLICY_ROWS) throw new Error("POLICY_ROWS is out of date");
  return { check, breaches };
}

/**
 * The locked positions called out: the part of the book that only the derivative hedge protects, and
 * their contracts per proxy instrument.
 */
function writeLocked(
  plan: PlanBuilder,
  input: ExposureInput,
  titleRow: number,
  proxies: ProxyCells,
  holdings: HoldingCells
) {
  plan.value(titleRow, 0, "Locked or staked positions", { style: "subtitle" });
  plan.headers(titleRow + 1, 0, ["Positions", "Value", "Share"]);
  const row = titleRow + 2;
  const lockedOnly = `${holdings.column(H.locked)},"${YES}"`;
  plan.formula(row, 0, `=COUNTIF(${lockedOnly})`, { format: FORMAT.whole });
  plan.formula(row, 1, `=SUMIF(${lockedOnly},${holdings.column(H.value)})`, {
    format: FORMAT.money,
  });
  plan.formula(row, 2, `=${a1(row, 1)}/SUM(${holdings.column(H.value)})`, {
    format: FORMAT.percent,
  });
  const header = row + 2;
  plan.headers(header, 0, ["Proxy", "Locked value", "Contracts on locked positions"]);
  const first = header + 1;
  proxies.nameCells.forEach((nameCell, i) => {
    const at = first + i;
    const proxy = `${holdings.column(H.proxy)},${a1(at, 0)}`;
    plan.formula(at, 0, `=${nameCell}`);
    plan.formula(at, 1, `=SUMIFS(${holdings.column(H.value)},${proxy},${lockedOnly})`, {
      format: FORMAT.money,
    });
    plan.formula(at, 2, `=SUMIFS(${holdings.column(H.contracts)},${proxy},${lockedOnly})`, {
      format: FORMAT.number,
    });
  });
  const last = first + input.proxies.length - 1;
  plan.value(
    last + 1,
    0,
    "They cannot be sold in stress, so they rely on the derivative hedge: keep their contracts in place when trimming the hedge.",
    { style: "note" }
  );
  return { tableRange: a1Range(header, 0, last, 2) };
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
