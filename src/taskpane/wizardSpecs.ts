/**
 * What each wizard's form shows: fields in the seed article's words, with hints, for the inputs the
 * template builders take (src/templates). The form itself is generic (./wizardView): this file only
 * says which input is which kind of field.
 */
import {
  CHANGE_COLUMNS,
  EFFECTIVENESS_METHODS,
  HOLDING_COLUMNS,
  VENUE_COLUMNS,
  type WantedColumn,
} from "../templates";

export type ScalarKind = "number" | "text" | "date" | "boolean" | "select";

export interface ScalarField {
  kind: ScalarKind;
  key: string;
  label: string;
  hint?: string;
  optional?: boolean;
  options?: { value: string; label: string }[];
}

export interface ListField {
  kind: "numbers";
  key: string;
  label: string;
  hint?: string;
  /** Long series get a text area, one number per line; short lists a comma-separated line. */
  long?: boolean;
}

export interface TableField {
  kind: "table";
  key: string;
  label: string;
  hint?: string;
  columns: ScalarField[];
  /** A new row's values. */
  blank: Record<string, unknown>;
  /** "Use selected range" reads this table from a range with these headers. */
  mapping?: { columns: WantedColumn[]; kind: "holdings" | "venues" };
}

export type Field = ScalarField | ListField | TableField;

export interface WizardForm {
  fields: Field[];
  /** "Use selected range" for a wizard whose data are series rather than a table. */
  seriesMapping?: { columns: WantedColumn[]; targets: Record<string, string> };
  /** What the seed article says this step is for, shown above the form. */
  why: string;
}

const SIDE_OPTIONS = [
  { value: "short", label: "Short (hedges a long book)" },
  { value: "long", label: "Long" },
];

const DECIMAL_HINT = "A decimal or a percentage: 0.1 or 10%.";

export const FORMS: Record<string, WizardForm> = {
  exposure: {
    why: "Map exposure by liquidity tier: thin tokens need proxy hedges, and locked or staked positions cannot be sold in stress, so they rely on the derivative hedge.",
    fields: [
      {
        kind: "table",
        key: "holdings",
        label: "Holdings",
        hint: "One row per token. Beta to the proxy is optional (1 when blank).",
        columns: [
          { kind: "text", key: "token", label: "Token" },
          { kind: "number", key: "quantity", label: "Quantity" },
          { kind: "number", key: "price", label: "Price" },
          { kind: "number", key: "adv", label: "24h ADV" },
          { kind: "boolean", key: "locked", label: "Locked" },
          { kind: "number", key: "beta", label: "Beta", optional: true },
        ],
        blank: { token: "", quantity: NaN, price: NaN, adv: NaN, locked: false },
        mapping: { columns: HOLDING_COLUMNS, kind: "holdings" },
      },
      {
        kind: "number",
        key: "participation",
        label: "Participation rate",
        hint: `Largest share of a token's daily volume you would trade. ${DECIMAL_HINT}`,
      },
      {
        kind: "numbers",
        key: "tierDays",
        label: "Tier boundaries (days to liquidate)",
        hint: "Ascending, comma-separated: 1, 5 makes High ≤ 1 day < Medium ≤ 5 days < Low.",
      },
      {
        kind: "table",
        key: "tiers",
        label: "Proxy hedge per tier",
        hint: "One row per tier, most liquid first: one more row than boundaries.",
        columns: [
          { kind: "text", key: "label", label: "Tier" },
          { kind: "text", key: "proxy", label: "Proxy" },
          { kind: "number", key: "contractNotional", label: "Contract notional" },
          { kind: "number", key: "effectiveness", label: "Coverage" },
        ],
        blank: { label: "", proxy: "", contractNotional: NaN, effectiveness: 0.8 },
      },
    ],
  },
  rollover: {
    why: "Plan rolls in clips: split a large roll over several days so it does not move the market, and know the roll yield before you trade.",
    fields: [
      {
        kind: "text",
        key: "instrument",
        label: "Instrument",
        hint: "What is rolled, e.g. BTCUSD quarterly, Dec → Mar.",
      },
      { kind: "select", key: "side", label: "Hedge side", options: SIDE_OPTIONS },
      { kind: "number", key: "contracts", label: "Contracts to roll" },
      { kind: "number", key: "nearPrice", label: "Near (expiring) contract price" },
      { kind: "number", key: "farPrice", label: "Far contract price" },
      { kind: "number", key: "daysBetweenExpiries", label: "Days between the expiries" },
      { kind: "date", key: "startDate", label: "Roll window starts" },
      { kind: "number", key: "days", label: "Days in the roll window" },
      { kind: "number", key: "maxClip", label: "Maximum clip" },
      {
        kind: "select",
        key: "maxClipUnit",
        label: "Clip measured in",
        options: [
          { value: "contracts", label: "Contracts" },
          { value: "adv", label: "Share of the far contract's ADV" },
        ],
      },
      {
        kind: "number",
        key: "farAdv",
        label: "Far contract ADV (contracts)",
        optional: true,
        hint: "Needed when the clip is a share of ADV.",
      },
      {
        kind: "number",
        key: "lotSize",
        label: "Lot size",
        hint: "The exchange's minimum order step, e.g. 0.001.",
      },
      {
        kind: "number",
        key: "slippage",
        label: "Acceptable slippage per clip",
        hint: DECIMAL_HINT,
      },
    ],
  },
  margin: {
    why: "Keep margin buffers conservative: a hedge can be liquidated while directionally right if collateral runs short.",
    fields: [
      {
        kind: "table",
        key: "venues",
        label: "Venues",
        hint: "Entry price and size are optional (both or neither): with both the sheet shows the liquidation price.",
        columns: [
          { kind: "text", key: "venue", label: "Venue" },
          { kind: "select", key: "side", label: "Side", options: SIDE_OPTIONS },
          { kind: "number", key: "collateral", label: "Collateral" },
          { kind: "number", key: "haircut", label: "Haircut" },
          { kind: "number", key: "notional", label: "Position notional" },
          { kind: "number", key: "maintenanceRate", label: "Maintenance rate" },
          { kind: "number", key: "entryPrice", label: "Entry price", optional: true },
          { kind: "number", key: "size", label: "Size", optional: true },
        ],
        blank: {
          venue: "",
          side: "short",
          collateral: NaN,
          haircut: 0,
          notional: NaN,
          maintenanceRate: 0.005,
        },
        mapping: { columns: VENUE_COLUMNS, kind: "venues" },
      },
      {
        kind: "number",
        key: "warning",
        label: "Warning buffer",
        hint: `Adverse move to liquidation below which to warn. ${DECIMAL_HINT}`,
      },
      {
        kind: "number",
        key: "critical",
        label: "Critical buffer",
        hint: "Below this, act now: add collateral or cut the hedge.",
      },
      {
        kind: "numbers",
        key: "stressMoves",
        label: "Stress moves",
        hint: "Adverse moves to hold collateral for, e.g. 20%, 40%, 60%.",
      },
    ],
  },
  effectiveness: {
    why: "Review effectiveness by volatility and drawdown reduction, not by short-term gains; keep the review with the hedge documentation.",
    seriesMapping: {
      columns: CHANGE_COLUMNS,
      targets: { itemChange: "itemChanges", hedgeChange: "hedgeChanges" },
    },
    fields: [
      {
        kind: "numbers",
        key: "itemChanges",
        label: "Item (book) value changes",
        long: true,
        hint: "One per line, oldest first.",
      },
      {
        kind: "numbers",
        key: "hedgeChanges",
        label: "Hedge value changes",
        long: true,
        hint: "Same periods; a good hedge moves the other way.",
      },
      { kind: "number", key: "window", label: "Rolling window (periods)", hint: "At least 3." },
      {
        kind: "select",
        key: "method",
        label: "Headline measure",
        options: EFFECTIVENESS_METHODS.map((m) => ({
          value: m,
          label: {
            variance: "Variance reduction",
            dollaroffset: "Dollar offset",
            r2: "R²",
            slope: "Regression slope",
          }[m],
        })),
      },
      {
        kind: "number",
        key: "periodsPerYear",
        label: "Periods per year",
        optional: true,
        hint: "365 for daily data (the default).",
      },
    ],
  },
};
