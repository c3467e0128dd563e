/**
 * What each wizard's form shows: fields in the seed article's words, with hints, for the inputs the
 * template builders take (src/templates), each keyed by the wizard's input type, so a field that does
 * not fit its input is a compile error. Rules that belong to one wizard (which table "Use selected
 * range" fills, what a selection replaces) are here or in the wizard's template module; the view
 * (./wizardView) is generic.
 */
import {
  CHANGE_COLUMNS,
  effectivenessFromTables,
  exposureFromTables,
  priceSymbols,
  reportFromTables,
  stressFromTables,
  EFFECTIVENESS_METHODS,
  HOLDING_COLUMNS,
  MARGIN_VENUE_COLUMNS,
  fromRows,
  venuesFromRows,
  type EffectivenessInput,
  type EffectivenessMethod,
  type ExposureInput,
  type Holding,
  type MarginInput,
  type MarginVenue,
  type ProxyInstrument,
  type RolloverInput,
  type CanonicalKind,
  type TierHedge,
  type Wizard,
} from "../templates";
import {
  changesFromRows,
  defaultStartValue,
  effectivenessWizard,
  unpairedRows,
} from "../templates/effectiveness";
import { exposureWizard } from "../templates/exposure";
import { marginWizard } from "../templates/margin";
import { POLICY_LIMITS, currentLimits, policyWizard, type PolicyLimits } from "../templates/policy";
import { rolloverWizard } from "../templates/rollover";
import {
  LIQUIDITY_TIERS,
  STRESS_BOOK_COLUMNS,
  bookFromRows,
  stressWizard,
  type StressHedge,
  type StressHolding,
  type StressInput,
  type StressVenue,
} from "../templates/stress";
import {
  CONTRACT_TYPES,
  REPORT_HOLDING_COLUMNS,
  blankPosition,
  reportFromRows,
  reportWizard,
  type ClosedPosition,
  type ContractType,
  type ReportHolding,
  type ReportInput,
  type ReportPosition,
  type ReportVenue,
} from "../templates/report";
import {
  checkbox,
  date,
  number,
  numbers,
  optionalNumber,
  select,
  table,
  text,
  type TextControl,
  type WizardForm,
} from "./form";

/** The button is offered when the workbook holds every table of `kinds`. */
const all =
  (...kinds: readonly CanonicalKind[]) =>
  (present: readonly CanonicalKind[]): boolean =>
    kinds.every((kind) => present.includes(kind));

/** …or any one of them. */
const any =
  (...kinds: readonly CanonicalKind[]) =>
  (present: readonly CanonicalKind[]): boolean =>
    kinds.some((kind) => present.includes(kind));

const FILL_BUTTON = "“Fill from imported tables”";

const SIDES = select([
  { value: "short", label: "Short (hedges a long book)" },
  { value: "long", label: "Long" },
]);

const DECIMAL_HINT = "A decimal or a percentage: 0.1 or 10%.";

const METHOD_LABELS: Record<EffectivenessMethod, string> = {
  variance: "Variance reduction",
  dollaroffset: "Dollar offset",
  r2: "R²",
  slope: "Regression slope",
};

export const exposureForm: WizardForm<ExposureInput> = {
  why: "Map exposure by liquidity tier: thin tokens need proxy hedges, and locked or staked positions cannot be sold in stress, so they rely on the derivative hedge.",
  fields: [
    {
      key: "holdings",
      label: "Holdings",
      hint: "One row per token. Beta to the benchmark (below, e.g. BTC) is optional: 1 when blank.",
      ...table<Holding>({
        columns: [
          { key: "token", label: "Token", ...text() },
          { key: "quantity", label: "Quantity", ...number() },
          { key: "price", label: "Price", ...number() },
          { key: "adv", label: "24h ADV", ...number() },
          { key: "locked", label: "Locked", ...checkbox() },
          { key: "beta", label: "Beta to benchmark", ...optionalNumber() },
        ],
        blank: () => ({ token: "", quantity: NaN, price: NaN, adv: NaN, locked: false }),
      }),
    },
    {
      key: "participation",
      label: "Participation rate",
      hint: `Largest share of a token's daily volume you would trade. ${DECIMAL_HINT}`,
      ...number(),
    },
    {
      key: "tierDays",
      label: "Tier boundaries (days to liquidate)",
      hint: "Ascending, comma-separated: 1, 5 makes High ≤ 1 day < Medium ≤ 5 days < Low.",
      ...numbers(),
    },
    {
      key: "tiers",
      label: "Proxy hedge per tier",
      hint: "One row per tier, most liquid first: one more row than boundaries. The proxy is an instrument of the table below.",
      ...table<TierHedge>({
        columns: [
          { key: "label", label: "Tier", ...text() },
          { key: "proxy", label: "Proxy", ...text() },
          { key: "effectiveness", label: "Hedge effectiveness", ...number() },
        ],
        blank: () => ({ label: "", proxy: "", effectiveness: 0.8 }),
      }),
    },
    {
      key: "benchmark",
      label: "Betas measured against",
      hint: "What the holdings' betas are to, e.g. BTC: the sheet's column reads \"Beta to BTC\".",
      ...text(),
    },
    {
      key: "proxies",
      label: "Proxy instruments",
      hint: "Each proxy's mark price and contract size give its contract notional. Its beta to the benchmark converts the holdings' betas (1 for the benchmark itself).",
      ...table<ProxyInstrument>({
        columns: [
          { key: "instrument", label: "Instrument", ...text() },
          { key: "mark", label: "Mark price", ...number() },
          { key: "contractSize", label: "Contract size (coins)", ...number() },
          { key: "beta", label: "Beta to benchmark", ...number() },
        ],
        blank: () => ({ instrument: "", mark: NaN, contractSize: 1, beta: NaN }),
      }),
    },
  ],
  // The selection is the book: its rows replace the holdings, and the sample's proxy prices and betas
  // go, so that no sample number prices the user's book: the form asks for them.
  mapping: {
    columns: HOLDING_COLUMNS,
    read: (input, rows, mapping) => ({
      ...input,
      holdings: fromRows(rows, mapping, "holdings"),
      proxies: input.proxies.map((proxy) => ({ ...proxy, mark: NaN, beta: NaN })),
    }),
    canonical: {
      columns: { Holdings: { token: "Asset", quantity: "Quantity" } },
      needs: `Exposure reads the Holdings table here (Asset and Quantity); prices and volumes come from the Prices table through ${FILL_BUTTON}.`,
    },
  },
  fromTables: {
    kinds: ["Holdings", "Prices"],
    ready: all("Holdings", "Prices"),
    replaces:
      "Replaces the holdings (each venue's latest balance, priced at the last close in Prices) and the proxies' marks; the sample's proxy marks and betas are cleared, numbers you typed stay. The other fields stay as they are.",
    read: exposureFromTables,
  },
};

export const rolloverForm: WizardForm<RolloverInput> = {
  why: "Plan rolls in clips: split a large roll over several days so it does not move the market, and know the roll yield before you trade.",
  fields: [
    {
      key: "instrument",
      label: "Instrument",
      hint: "What is rolled, e.g. BTCUSD quarterly, Dec → Mar.",
      ...text(),
    },
    { key: "side", label: "Hedge side", ...SIDES },
    { key: "contracts", label: "Contracts to roll", ...number() },
    {
      key: "contractSize",
      label: "Contract size (coins)",
      hint: "Coins of the underlying per contract, for the position checked against the policy's maximum.",
      // rollover.ts writes orDefault(contractSize, 1)
      ...optionalNumber({ fallback: "1" }),
    },
    { key: "nearPrice", label: "Near (expiring) contract price", ...number() },
    { key: "farPrice", label: "Far contract price", ...number() },
    { key: "daysBetweenExpiries", label: "Days between the expiries", ...number() },
    { key: "startDate", label: "Roll window starts", ...date() },
    { key: "days", label: "Days in the roll window", ...number() },
    { key: "maxClip", label: "Maximum clip", ...number() },
    {
      key: "maxClipUnit",
      label: "Clip measured in",
      ...select([
        { value: "contracts", label: "Contracts" },
        { value: "adv", label: "Share of the far contract's ADV" },
      ]),
    },
    {
      key: "farAdv",
      label: "Far contract ADV (contracts)",
      hint: "Needed when the clip is a share of ADV.",
      ...optionalNumber(),
    },
    {
      key: "lotSize",
      label: "Lot size",
      hint: "The exchange's minimum order step, e.g. 0.001.",
      ...number(),
    },
    {
      key: "slippage",
      label: "Acceptable slippage per clip",
      hint: DECIMAL_HINT,
      ...number(),
    },
  ],
};

export const marginForm: WizardForm<MarginInput> = {
  why: "Keep margin buffers conservative: a hedge can be liquidated while directionally right if collateral runs short. The warning and critical buffers and the maximum leverage are the workbook's policy (Policy and limits).",
  fields: [
    {
      key: "venues",
      label: "Venues",
      hint: "One linear, isolated position per row. Posted collateral is the position's wallet balance, without unrealised P&L: the sheet adds it at the mark price.",
      ...table<MarginVenue>({
        columns: [
          { key: "venue", label: "Venue", ...text() },
          { key: "instrument", label: "Instrument", ...text() },
          { key: "side", label: "Side", ...SIDES },
          { key: "size", label: "Size (coins)", ...number() },
          { key: "entryPrice", label: "Entry price", ...number() },
          { key: "markPrice", label: "Mark price", ...number() },
          { key: "collateral", label: "Posted collateral", ...number() },
          { key: "haircut", label: "Haircut", ...number() },
          { key: "maintenanceRate", label: "Maintenance rate", ...number() },
          { key: "maintenanceAmount", label: "Maintenance amount", ...optionalNumber() },
        ],
        blank: () => ({
          venue: "",
          instrument: "",
          side: "short",
          size: NaN,
          entryPrice: NaN,
          markPrice: NaN,
          collateral: NaN,
          haircut: 0,
          maintenanceRate: 0.005,
        }),
      }),
    },
    {
      key: "stressMoves",
      label: "Stress moves",
      hint: "Adverse moves to hold collateral for, e.g. 20%, 40%, 60%.",
      ...numbers(),
    },
  ],
  // The selection lists the venues: its rows replace them.
  mapping: {
    columns: MARGIN_VENUE_COLUMNS,
    read: (input, rows, mapping) => ({ ...input, venues: venuesFromRows(rows, mapping) }),
    canonical: {
      needs:
        "The margin plan reads a range of venues (venue, instrument, size, prices, collateral, maintenance rate); no imported table holds them.",
    },
  },
};

export const effectivenessForm: WizardForm<EffectivenessInput> = {
  why: "Review effectiveness by volatility and drawdown reduction, not by short-term gains; keep the review with the hedge documentation.",
  fields: [
    {
      key: "itemChanges",
      label: "Item (book) value changes",
      hint: "One per line, oldest first.",
      ...numbers({ long: true }),
    },
    {
      key: "hedgeChanges",
      label: "Hedge value changes",
      hint: "Same periods; a good hedge moves the other way.",
      ...numbers({ long: true }),
    },
    { key: "window", label: "Rolling window (periods)", hint: "At least 3.", ...number() },
    {
      key: "method",
      label: "Headline measure",
      ...select(EFFECTIVENESS_METHODS.map((m) => ({ value: m, label: METHOD_LABELS[m] }))),
    },
    {
      key: "periodsPerYear",
      label: "Periods per year",
      hint: "365 for daily data: crypto trades every day.",
      // effectiveness.ts writes orDefault(periodsPerYear, 365)
      ...optionalNumber({ fallback: "365" }),
    },
    {
      key: "startValue",
      label: "Start value of the book",
      hint: "The book's value before the first change, for the drawdowns. Blank: ten times the sum of the item changes' sizes, an assumption to correct on the sheet.",
      ...optionalNumber(),
    },
  ],
  fallbacks: {
    startValue: (input) => {
      const value = defaultStartValue(input);
      return Number.isFinite(value) ? String(Math.round(value)) : "from the item changes";
    },
  },
  // The sample's dates belong to the sample's periods: a series changed by hand numbers its periods.
  edited: (input, key) => {
    if (key === "itemChanges" || key === "hedgeChanges") delete input.dates;
  },
  // The selection holds the two series of changes (see changesFromRows): both must be mapped.
  mapping: {
    columns: CHANGE_COLUMNS,
    read: changesFromRows,
    skipped: {
      rows: unpairedRows,
      why: "one of the two changes is blank, so the period cannot be paired",
    },
    canonical: {
      needs: `The review reads two columns of value changes here (item and hedge); from the Prices and Holdings tables, use ${FILL_BUTTON}.`,
    },
  },
  fromTables: {
    kinds: ["Holdings", "Prices"],
    ready: all("Prices"),
    replaces:
      "Replaces the item and hedge changes (the book's daily value change, and a short in the hedge symbol worth the book on the first day), their dates and the start value; a rolling window longer than the periods read is shortened. The other fields stay as they are.",
    choice: {
      label: "Hedge symbol",
      hint: "A symbol of the Prices table: the hedge is a short of it, sized to the book's value on the first day.",
      defaultLabel: "BTC, if Prices has it",
      options: priceSymbols,
    },
    read: (input, tables, choice) => {
      const read = effectivenessFromTables(input, tables, choice ? { hedgeSymbol: choice } : {});
      return { input: read.input, notes: read.notes, choice: read.hedgeSymbol };
    },
  },
};

export const stressForm: WizardForm<StressInput> = {
  why: "Stress test the hedge before the market does: rapid price drops, rallies that squeeze a short hedge's margin, correlation breaks, funding spikes and liquidity gaps, against the policy's loss limit.",
  fields: [
    {
      key: "book",
      label: "Book",
      hint: "One row per token: its value, its beta to the benchmark below (1 when blank), its liquidity tier and whether it is locked (staked or vesting).",
      ...table<StressHolding>({
        columns: [
          { key: "token", label: "Token", ...text() },
          { key: "value", label: "Value", ...number() },
          { key: "beta", label: "Beta to benchmark", ...optionalNumber({ fallback: "1" }) },
          {
            key: "tier",
            label: "Liquidity tier",
            ...select(LIQUIDITY_TIERS.map((tier) => ({ value: tier, label: tier }))),
          },
          { key: "locked", label: "Locked", ...checkbox() },
        ],
        blank: () => ({ token: "", value: NaN, tier: "High", locked: false }),
      }),
    },
    {
      key: "benchmark",
      label: "Betas measured against",
      hint: "The benchmark of every beta, e.g. BTC: the shocks are its moves.",
      ...text(),
    },
    {
      key: "hedges",
      label: "Hedge by instrument",
      hint: "One row per instrument: notional at the mark, side, and the instrument's own beta to the benchmark (1 for the benchmark itself). Perpetuals pay funding; dated futures do not.",
      ...table<StressHedge>({
        columns: [
          { key: "instrument", label: "Instrument", ...text() },
          {
            key: "type",
            label: "Type",
            ...select([
              { value: "perpetual", label: "Perpetual" },
              { value: "dated", label: "Dated future" },
            ]),
          },
          { key: "side", label: "Side", ...SIDES },
          { key: "notional", label: "Notional", ...number() },
          { key: "beta", label: "Beta to benchmark", ...number() },
        ],
        blank: () => ({
          instrument: "",
          type: "perpetual",
          side: "short",
          notional: NaN,
          beta: NaN,
        }),
      }),
    },
    {
      key: "venues",
      label: "Venues",
      hint: "One isolated position per row: the instrument it carries (from the hedge table), its margin balance (unrealised P&L included), its position notional and its maintenance rate.",
      ...table<StressVenue>({
        columns: [
          { key: "venue", label: "Venue", ...text() },
          { key: "instrument", label: "Instrument", ...text() },
          { key: "marginBalance", label: "Margin balance", ...number() },
          { key: "notional", label: "Position notional", ...number() },
          { key: "maintenanceRate", label: "Maintenance rate", ...number() },
        ],
        blank: () => ({
          venue: "",
          instrument: "",
          marginBalance: NaN,
          notional: NaN,
          maintenanceRate: 0.005,
        }),
      }),
    },
    {
      key: "benchmarkShocks",
      label: "Benchmark shocks",
      hint: "Falls of the benchmark, e.g. -20%, -40%, -60%. The correlation breaks use them too.",
      ...numbers(),
    },
    {
      key: "rallies",
      label: "Rallies",
      hint: "Rises of the benchmark, e.g. 20%, 40%, 60%: a short hedge loses and draws on its margin.",
      ...numbers(),
    },
    {
      key: "lowTierExtra",
      label: "Correlation break: extra move of Low-tier tokens",
      hint: `What the proxy does not cover, e.g. -15%. ${DECIMAL_HINT}`,
      ...number(),
    },
    {
      key: "otherExtra",
      label: "Correlation break: extra move of the other tokens",
      hint: "e.g. -5%.",
      ...number(),
    },
    {
      key: "fundingRate",
      label: "Funding spike: rate per 8 h",
      hint: "Charged against each perpetual hedge at every payment, e.g. 0.3%.",
      ...number(),
    },
    { key: "fundingDays", label: "Funding spike: days", hint: "e.g. 7.", ...number() },
    {
      key: "liquidityGap",
      label: "Liquidity gap",
      hint: "How far below the mark Low-tier tokens exit, e.g. 20%.",
      ...number(),
    },
  ],
  // The selection is the book (an exposure sheet's holdings, or the sample's Book sheet). The sample's
  // hedge notionals, betas and venue balances go with it, so that no sample number stresses the
  // user's book: the form asks for them.
  mapping: {
    columns: STRESS_BOOK_COLUMNS,
    read: (input, rows, columns) => ({
      ...input,
      book: bookFromRows(rows, columns),
      hedges: input.hedges.map((hedge) => ({ ...hedge, notional: NaN, beta: NaN })),
      venues: input.venues.map((venue) => ({
        ...venue,
        marginBalance: NaN,
        notional: NaN,
        maintenanceRate: NaN,
      })),
    }),
    canonical: {
      needs: `The stress book needs each token's value and liquidity tier, which no imported table holds: use ${FILL_BUTTON} (Holdings priced by Prices), or select an exposure sheet's holdings.`,
    },
  },
  fromTables: {
    kinds: ["Holdings", "Prices"],
    ready: all("Holdings", "Prices"),
    replaces:
      "Replaces the book (each venue's latest balance, valued at the last close in Prices, its tier from the volume); the sample's hedge and venue numbers are cleared, numbers you typed stay. The other fields stay as they are.",
    read: stressFromTables,
  },
};

/** The hint beside a limit: what it means and, for shares, how to type one. */
const limitHint = (key: keyof PolicyLimits): string => {
  const limit = POLICY_LIMITS.find((l) => l.key === key)!;
  return limit.unit === "share" ? `${limit.meaning} ${DECIMAL_HINT}` : limit.meaning;
};

export const policyForm: WizardForm<PolicyLimits> = {
  why: "Governance: clear limits on loss, leverage, position size and margin buffers, with clear triggers. The first run writes the Policy sheet; later runs change its limits and log each change in the Hedge log.",
  fields: [
    { key: "lossLimit", label: "Loss limit in stress", hint: limitHint("lossLimit"), ...number() },
    {
      key: "bufferWarning",
      label: "Margin buffer: warning below",
      hint: limitHint("bufferWarning"),
      ...number(),
    },
    {
      key: "bufferCritical",
      label: "Margin buffer: critical below",
      hint: limitHint("bufferCritical"),
      ...number(),
    },
    {
      key: "coverageLow",
      label: "Coverage band: low",
      hint: limitHint("coverageLow"),
      ...number(),
    },
    {
      key: "coverageHigh",
      label: "Coverage band: high",
      hint: limitHint("coverageHigh"),
      ...number(),
    },
    {
      key: "maxLeverage",
      label: "Maximum leverage per venue (times)",
      hint: limitHint("maxLeverage"),
      ...number(),
    },
    {
      key: "maxPosition",
      label: "Maximum position per instrument (USD)",
      hint: limitHint("maxPosition"),
      ...number(),
    },
  ],
  // A workbook with a policy opens the form on its limits: the run changes them in place.
  current: async (workbook) => currentLimits(await workbook.readPolicy()),
};

/** A list of numbers typed in one table cell ("0.0001, 0.00012, …"); blank is none. */
const numberList = (): TextControl<number[] | undefined> => {
  const list = numbers();
  return {
    kind: "text",
    optional: true,
    read: (typed, reader) => {
      const parsed = list.read(typed, reader);
      return { value: parsed.value.length > 0 ? parsed.value : undefined, error: parsed.error };
    },
    show: (values) => list.show(values ?? []),
  };
};

const CONTRACT_LABELS: Record<ContractType, string> = {
  linear: "Linear (size in coins)",
  inverse: "Inverse (size in USD face value)",
};

export const reportForm: WizardForm<ReportInput> = {
  why: "Report the period to finance: how hedge gains and losses offset the book's moves, what basis, proxy mismatch and carry contributed, realised and unrealised P&L, coverage against the policy's band and margin usage, on one printable page.",
  fields: [
    { key: "periodStart", label: "Period start", ...date() },
    { key: "periodEnd", label: "Period end", ...date() },
    {
      key: "targetCoverage",
      label: "Target coverage h",
      hint: `The share of the book's value the hedge is meant to offset. The band around it is the Policy sheet's. ${DECIMAL_HINT}`,
      ...number(),
    },
    {
      key: "holdings",
      label: "Holdings",
      hint: "One row per token, with its price at the period's start and end. A price history (prices from the start to the end, oldest first, comma-separated) draws the chart; with one, blank prices are its first and last.",
      ...table<ReportHolding>({
        columns: [
          { key: "token", label: "Token", ...text() },
          { key: "quantity", label: "Quantity", ...number() },
          { key: "startPrice", label: "Start price", ...optionalNumber() },
          { key: "endPrice", label: "End price", ...optionalNumber() },
          { key: "history", label: "Price history", ...numberList() },
        ],
        blank: () => ({ token: "", quantity: NaN }),
      }),
    },
    {
      key: "positions",
      label: "Open hedge positions",
      hint: "One row per instrument and venue held at the period's end. Size is in coins for a linear contract, the USD face value for an inverse one. A position opened in the period starts at its entry price. Funding rates: one per settlement, comma-separated (blank for a dated future). Roll costs and fees are costs: positive.",
      ...table<ReportPosition>({
        columns: [
          { key: "instrument", label: "Instrument", ...text() },
          { key: "venue", label: "Venue", ...text() },
          {
            key: "contract",
            label: "Contract",
            ...select(CONTRACT_TYPES.map((c) => ({ value: c, label: CONTRACT_LABELS[c] }))),
          },
          { key: "side", label: "Side", ...SIDES },
          { key: "size", label: "Size", ...number() },
          { key: "startMark", label: "Start mark", ...optionalNumber() },
          { key: "endMark", label: "End mark", ...optionalNumber() },
          { key: "fundingRates", label: "Funding rates", ...numberList() },
          { key: "rollCosts", label: "Roll costs", ...optionalNumber({ fallback: "0" }) },
          { key: "fees", label: "Fees", ...optionalNumber({ fallback: "0" }) },
          { key: "history", label: "Mark history", ...numberList() },
        ],
        blank: blankPosition,
      }),
    },
    {
      key: "closed",
      label: "Positions closed in the period",
      hint: "Realised P&L from the period's start (or the entry) to the close; the funding it received and its fees (a cost: positive) go to carry.",
      ...table<ClosedPosition>({
        columns: [
          { key: "instrument", label: "Instrument", ...text() },
          { key: "venue", label: "Venue", ...text() },
          { key: "realised", label: "Realised P&L", ...number() },
          { key: "funding", label: "Funding received", ...optionalNumber({ fallback: "0" }) },
          { key: "fees", label: "Fees", ...optionalNumber({ fallback: "0" }) },
        ],
        blank: () => ({ instrument: "", venue: "", realised: NaN }),
      }),
    },
    {
      key: "venues",
      label: "Margin by venue",
      hint: "Optional: each venue's margin balance (collateral with unrealised P&L) and the margin its positions use, at the period's end.",
      ...table<ReportVenue>({
        columns: [
          { key: "venue", label: "Venue", ...text() },
          { key: "balance", label: "Margin balance", ...number() },
          { key: "inUse", label: "Margin in use", ...number() },
        ],
        blank: () => ({ venue: "", balance: NaN, inUse: NaN }),
      }),
    },
  ],
  // The selection is the book: its rows replace the holdings, and the sample's positions and venues
  // go (see reportFromRows), so nothing of the sample survives.
  mapping: {
    columns: REPORT_HOLDING_COLUMNS,
    read: reportFromRows,
    canonical: {
      needs: `The report reads holdings with start and end prices here; realised P&L and funding come from the ClosedPnL, Trades and Funding tables through ${FILL_BUTTON}.`,
    },
  },
  fromTables: {
    kinds: ["ClosedPnL", "Trades", "Funding"],
    ready: any("ClosedPnL", "Trades", "Funding"),
    replaces:
      "Replaces the positions closed in the period (realised P&L and funding per venue and symbol, for the period above: set it first). The other fields stay as they are.",
    read: reportFromTables,
  },
};

/**
 * A wizard with its form. The input type differs from wizard to wizard, so the pair is kept behind
 * `use`, which hands both to a function generic in the input type: the pairing is checked here, once,
 * and whoever uses a pair needs no cast.
 */
export interface WizardWithForm {
  id: string;
  title: string;
  summary: string;
  use<T>(f: <I>(wizard: Wizard<I>, form: WizardForm<I>) => T): T;
}

export function withForm<I>(wizard: Wizard<I>, form: WizardForm<I>): WizardWithForm {
  return {
    id: wizard.id,
    title: wizard.title,
    summary: wizard.summary,
    use: (f) => f(wizard, form),
  };
}

/** The wizards the pane offers, in the order of the home view. */
export const WIZARD_FORMS: readonly WizardWithForm[] = [
  withForm(exposureWizard, exposureForm),
  withForm(rolloverWizard, rolloverForm),
  withForm(marginWizard, marginForm),
  withForm(effectivenessWizard, effectivenessForm),
  withForm(stressWizard, stressForm),
  withForm(reportWizard, reportForm),
  withForm(policyWizard, policyForm),
];
