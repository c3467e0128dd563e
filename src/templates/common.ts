/**
 * Shared pieces of the wizard templates: the wizard contract, a small plan builder, A1 helpers for
 * absolute references, input checks that produce the task pane's messages, and the column mapping
 * behind "Use selected range". Pure code: no Office.js, no DOM.
 */
import { show } from "../core/checks";
import {
  a1,
  a1Range,
  columnName,
  type CellStyle,
  type CellValue,
  type PlanCell,
  type SheetPlan,
} from "./plan";

// ---------------------------------------------------------------------------------------------------
// The wizard contract

/** A problem with one input, by its property path ("participation", "holdings.3.price"). */
export interface FieldError {
  field: string;
  message: string;
}

export interface Wizard<I> {
  id: "exposure" | "rollover" | "margin" | "effectiveness" | "stress" | "report" | "policy";
  /** "Exposure segmentation" */
  title: string;
  /** One line for the home view. */
  summary: string;
  /** "Exposure", "Rollover", "Margin plan", "Effectiveness": the sheet is `${sheetPrefix} ${date}`. */
  sheetPrefix: string;
  /** Invented data to start from. */
  sample(): I;
  validate(input: I): FieldError[];
  /** `date` is yyyy-mm-dd; the plan is named `${sheetPrefix} ${date}`. */
  build(input: I, date: string): SheetPlan;
  /** The key inputs for the Hedge log. */
  logSummary(input: I): string;
}

/** The hedge's direction: a short hedges a long book (the default everywhere in ALTHEDGE). */
export type Side = "short" | "long";

/** One altcoin position of the book (exposure segmentation). */
export interface Holding {
  token: string;
  quantity: number;
  /** Price in the quote currency (USD). */
  price: number;
  /** 24h average daily volume, in the quote currency. */
  adv: number;
  /** Locked, staked or vesting: cannot be sold in stress. */
  locked: boolean;
  /** Beta to the proxy; 1 when left out. */
  beta?: number;
}

/** One venue's hedge position and its collateral (margin plan). */
export interface Venue {
  venue: string;
  /** Collateral at market value, in the quote currency. */
  collateral: number;
  /** Haircut on the collateral's market value, as a decimal. */
  haircut: number;
  /** Position notional (quantity × mark price). */
  notional: number;
  /** Maintenance margin rate, as a decimal (0.005 = 0.5%). */
  maintenanceRate: number;
  side: Side;
  /** Entry price and size (coins): both or neither; with both the sheet shows a liquidation price. */
  entryPrice?: number;
  size?: number;
}

// ---------------------------------------------------------------------------------------------------
// Number formats and colours, one place so the four sheets look alike

export const FORMAT = {
  percent: "0.00%",
  percentWhole: "0%",
  number: "#,##0.00",
  whole: "#,##0",
  money: "$#,##0",
  moneyCents: "$#,##0.00",
  /** Altcoin prices run from 0.00001 to 100,000: keep small prices readable. */
  price: "#,##0.00######",
  ratio: "0.00",
  date: "yyyy-mm-dd",
} as const;

/** Excel's built-in "Bad", "Neutral" and "Good" cell styles, and two quiet row highlights. */
export const COLOUR = {
  redFill: "#FFC7CE",
  redFont: "#9C0006",
  amberFill: "#FFEB9C",
  amberFont: "#9C5700",
  greenFill: "#C6EFCE",
  greenFont: "#006100",
  lowTierFill: "#FCE4D6",
  lockedFill: "#DDEBF7",
} as const;

/** A number format with as many decimals as `step` has (lot 0.001 → "#,##0.000", lot 1 → "#,##0"). */
export function formatForStep(step: number): string {
  const decimals = decimalsOf(step);
  return decimals === 0 ? FORMAT.whole : `#,##0.${"0".repeat(Math.min(decimals, 10))}`;
}

function decimalsOf(value: number): number {
  const text = show(value);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent) return Number(exponent[1]);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Column widths in points (Office.js `format.columnWidth`, as the Hedge log uses): a wide label
 * column A, then `count` data columns. About 7 points make one character of the default font.
 */
export function columnWidths(labelWidth: number, count: number, dataWidth = 100) {
  return [
    { col: 0, width: labelWidth },
    ...Array.from({ length: count }, (_, i) => ({ col: i + 1, width: dataWidth })),
  ];
}

// ---------------------------------------------------------------------------------------------------
// A1 helpers

/** "$B$5": an input cell referenced from anywhere in the sheet. */
export const abs = (row: number, col: number): string => `$${columnName(col)}$${row + 1}`;

/** "$B$5:$B$9". */
export const absRange = (row: number, col: number, lastRow: number, lastCol: number): string =>
  `${abs(row, col)}:${abs(lastRow, lastCol)}`;

/** "$H14": the column fixed, the row free (conditional formats over whole table rows). */
export const colAbs = (row: number, col: number): string => `$${columnName(col)}${row + 1}`;

export { a1, a1Range };

// ---------------------------------------------------------------------------------------------------
// Dates

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written yyyy-mm-dd. */
export function isIsoDate(text: unknown): text is string {
  if (typeof text !== "string") return false;
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Excel serial of a yyyy-mm-dd date: days since 1899-12-30 (so 1900-03-01 is 61, as in Excel). */
export function isoToSerial(iso: string): number {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new Error(`not a yyyy-mm-dd date: ${iso}`);
  const [year, month, day] = match.slice(1).map(Number);
  return Date.UTC(year, month - 1, day) / 86400000 + 25569;
}

/** yyyy-mm-dd of an Excel serial. */
export function serialToIso(serial: number): string {
  return new Date((serial - 25569) * 86400000).toISOString().slice(0, 10);
}

/**
 * An Excel table name for one part of a plan: letters, digits and underscores only, unique per wizard
 * and day ("Exposure_20261124_Holdings"). Excel wants table names unique in the workbook, so a second run
 * on the same day needs the adapter to add a suffix, as it does for sheet names.
 */
export function tableName(sheetPrefix: string, date: string, part: string): string {
  const clean = (text: string) => text.replace(/[^A-Za-z0-9]+/g, "");
  return `${clean(sheetPrefix)}_${clean(date)}_${clean(part)}`;
}

// ---------------------------------------------------------------------------------------------------
// The plan builder

interface CellOptions {
  format?: string;
  style?: CellStyle;
}

/**
 * Collects the cells of one sheet. Writing a cell twice is a bug in a builder, so it throws rather than
 * silently keeping one of them.
 */
export class PlanBuilder {
  readonly cells: PlanCell[] = [];
  private readonly taken = new Set<string>();

  /** A constant (text, number, boolean, or null for an empty input cell). */
  value(row: number, col: number, value: CellValue, options: CellOptions = {}): string {
    return this.add({ row, col, value, ...options });
  }

  /** A formula; `formula` starts with "=". */
  formula(row: number, col: number, formula: string, options: CellOptions = {}): string {
    if (!formula.startsWith("=")) throw new Error(`a formula starts with "=": ${formula}`);
    return this.add({ row, col, formula, ...options });
  }

  /** An input cell the user is meant to edit. */
  input(row: number, col: number, value: CellValue, format?: string): string {
    return this.value(row, col, value, { style: "input", format });
  }

  /** A row of header cells starting at `col`. */
  headers(row: number, col: number, labels: readonly string[]): void {
    labels.forEach((label, i) => this.value(row, col + i, label, { style: "header" }));
  }

  /** The three lines every template starts with: title, the seed's explanation, a note. */
  heading(title: string, explanation: string, note?: string): void {
    this.value(0, 0, title, { style: "title" });
    this.value(1, 0, explanation, { style: "subtitle" });
    if (note) this.value(2, 0, note, { style: "note" });
  }

  /** A label in column A with an input next to it and an optional note after: the inputs block. */
  labelledInput(row: number, label: string, value: CellValue, format?: string, note?: string) {
    this.value(row, 0, label);
    const address = this.input(row, 1, value, format);
    if (note) this.value(row, 2, note, { style: "note" });
    return { address, absolute: abs(row, 1) };
  }

  /** A label in column A with a formula next to it: the results block. */
  labelledFormula(row: number, label: string, formula: string, format?: string, note?: string) {
    this.value(row, 0, label);
    this.formula(row, 1, formula, { format });
    if (note) this.value(row, 2, note, { style: "note" });
    return abs(row, 1);
  }

  private add(cell: PlanCell): string {
    const address = a1(cell.row, cell.col);
    if (this.taken.has(address)) throw new Error(`cell ${address} written twice`);
    this.taken.add(address);
    const clean: PlanCell = { row: cell.row, col: cell.col };
    if (cell.formula !== undefined) clean.formula = cell.formula;
    else clean.value = cell.value ?? null;
    if (cell.format) clean.format = cell.format;
    if (cell.style) clean.style = cell.style;
    this.cells.push(clean);
    return address;
  }
}

// ---------------------------------------------------------------------------------------------------
// Input checks: each pushes one message that says what is wrong and what was given

/** How a number reads in a message: 1.2, 0.1, 1000000 (no float noise). */
export const showNumber = (value: number): string =>
  Number.isFinite(value) ? show(value) : String(value);

/** 0.1 → "10%", 0.125 → "12.5%". */
export const showPercent = (value: number): string =>
  Number.isFinite(value) ? `${show(Number((value * 100).toPrecision(12)))}%` : String(value);

/** "12 holdings", "1 holding". */
export const plural = (count: number, word: string, many = `${word}s`): string =>
  `${count} ${count === 1 ? word : many}`;

/**
 * An optional number that was given. Forms may hold a blank optional field as undefined, null or NaN;
 * all three mean "left out", as a blank cell does for Excel's optional arguments.
 */
export const given = (value: number | null | undefined): value is number =>
  typeof value === "number" && !Number.isNaN(value);

/** An optional number, or `fallback` when left out (see `given`). */
export const orDefault = (value: number | null | undefined, fallback: number): number =>
  given(value) ? value : fallback;

/**
 * Plausibility bounds (taskpane.md, "Trust rules"): values a real book never leaves. Inside them every
 * template's formulas stay finite; outside them the form says so beside the field, rather than a sheet
 * filling with #NUM! or 300-digit numbers.
 */
export const LIMITS = {
  /** Quantities, contracts, notionals, collateral, values and changes of value: at most 1e13. */
  amount: 1e13,
  /** A change of value other than 0: at least 1e-9 in size (below that it is rounding dust). */
  minChange: 1e-9,
  /** Prices: (0, 1e9], and at least 1e-12 (a price quoted in BTC of the smallest token). */
  maxPrice: 1e9,
  minPrice: 1e-12,
  /** An exchange's lot size (minimum order step): at least 1e-9. */
  minLot: 1e-9,
  /** Days: at most 3,660 (ten years). */
  days: 3660,
  /** A participation rate: at least 0.0001 (0.01% of daily volume). */
  minParticipation: 0.0001,
} as const;

/** A bound in a message: 1e13 and 1e-12 in scientific form, 3660 as it is. */
const showBound = (value: number): string =>
  Math.abs(value) >= 1e6 || (value !== 0 && Math.abs(value) < 1e-4)
    ? value.toExponential().replace("e+", "e")
    : showNumber(value);

/** A value in a message: 1e+308 as 1e308, 0.1 as 0.1. */
const showGot = (value: number): string =>
  Number.isFinite(value) && (Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-9))
    ? value.toExponential().replace("e+", "e")
    : showNumber(value);

export class Checks {
  readonly errors: FieldError[] = [];

  /**
   * lo ≤ value ≤ hi for a plausibility bound, with the bounds in words a reader checks at a glance
   * ("between 1e-12 and 1e9"); `open.lo` excludes lo ("greater than 0 and at most 1e13").
   */
  within(
    field: string,
    label: string,
    value: unknown,
    lo: number,
    hi: number,
    open: { lo?: boolean } = {}
  ): boolean {
    if (!this.number(field, label, value)) return false;
    if (open.lo ? value > lo : value >= lo) {
      if (value <= hi) return true;
    }
    const range = open.lo
      ? `greater than ${showBound(lo)} and at most ${showBound(hi)}`
      : `between ${showBound(lo)} and ${showBound(hi)}`;
    return this.fail(field, `${label} must be ${range}, got ${showGot(value)}`);
  }

  /** A quantity, count of contracts, notional or value: greater than 0 and at most 1e13. */
  amount(field: string, label: string, value: unknown): boolean {
    return this.within(field, label, value, 0, LIMITS.amount, { lo: true });
  }

  /** A change of value, either sign: at most 1e13 in size, and 0 or at least 1e-9 in size. */
  change(field: string, label: string, value: unknown): boolean {
    if (!this.within(field, label, value, -LIMITS.amount, LIMITS.amount)) return false;
    const size = Math.abs(value as number);
    if (size === 0 || size >= LIMITS.minChange) return true;
    return this.fail(
      field,
      `${label} must be 0 or at least ${showBound(LIMITS.minChange)} in size, got ${showGot(value as number)}`
    );
  }

  /** A price: between 1e-12 and 1e9. */
  price(field: string, label: string, value: unknown): boolean {
    return this.within(field, label, value, LIMITS.minPrice, LIMITS.maxPrice);
  }

  /** An exchange's lot size: between 1e-9 and 1e13. */
  lotSize(field: string, label: string, value: unknown): boolean {
    return this.within(field, label, value, LIMITS.minLot, LIMITS.amount);
  }

  /** A number of days: greater than 0 and at most 3,660. */
  days(field: string, label: string, value: unknown): boolean {
    return this.within(field, label, value, 0, LIMITS.days, { lo: true });
  }

  fail(field: string, message: string): false {
    this.errors.push({ field, message });
    return false;
  }

  /** A finite number. */
  number(field: string, label: string, value: unknown): value is number {
    if (typeof value === "number" && Number.isFinite(value)) return true;
    if (value === undefined || value === null || value === "")
      return this.fail(field, `${label} is required`);
    // NaN is how forms and `fromRows` hold a blank or unreadable number: ask for a number.
    if (typeof value === "number" && Number.isNaN(value))
      return this.fail(field, `${label} must be a number`);
    const got = typeof value === "number" ? String(value) : typeof value;
    return this.fail(field, `${label} must be a number, got ${got}`);
  }

  /** value > 0. */
  positive(field: string, label: string, value: unknown): boolean {
    if (!this.number(field, label, value)) return false;
    if (value > 0) return true;
    return this.fail(field, `${label} must be greater than 0, got ${showNumber(value)}`);
  }

  /** value ≥ 0. */
  nonNegative(field: string, label: string, value: unknown): boolean {
    if (!this.number(field, label, value)) return false;
    if (value >= 0) return true;
    return this.fail(field, `${label} must not be negative, got ${showNumber(value)}`);
  }

  /**
   * lo ≤ value ≤ hi, with either end open. Outside the interval the message gives both ends ("between
   * 0 and 1"); on an open end it names that end ("greater than 0").
   */
  between(
    field: string,
    label: string,
    value: unknown,
    lo: number,
    hi: number,
    open: { lo?: boolean; hi?: boolean } = {}
  ): boolean {
    if (!this.number(field, label, value)) return false;
    if (value < lo || value > hi) {
      return this.fail(
        field,
        `${label} must be between ${showNumber(lo)} and ${showNumber(hi)}, got ${showNumber(value)}`
      );
    }
    if (open.lo && value === lo)
      return this.fail(
        field,
        `${label} must be greater than ${showNumber(lo)}, got ${showNumber(value)}`
      );
    if (open.hi && value === hi)
      return this.fail(
        field,
        `${label} must be less than ${showNumber(hi)}, got ${showNumber(value)}`
      );
    return true;
  }

  /** A whole number in [lo, hi]. */
  wholeNumber(field: string, label: string, value: unknown, lo: number, hi: number): boolean {
    if (!this.between(field, label, value, lo, hi)) return false;
    if (Number.isInteger(value)) return true;
    return this.fail(field, `${label} must be a whole number, got ${showNumber(value as number)}`);
  }

  /** Non-blank text. */
  text(field: string, label: string, value: unknown): boolean {
    if (typeof value === "string" && value.trim() !== "") return true;
    return this.fail(field, `${label} is required`);
  }

  side(field: string, label: string, value: unknown): boolean {
    if (value === "short" || value === "long") return true;
    if (value === undefined || value === null || value === "")
      return this.fail(field, `${label} is required: short or long`);
    return this.fail(field, `${label} must be "short" or "long", got ${JSON.stringify(value)}`);
  }

  date(field: string, label: string, value: unknown): boolean {
    if (isIsoDate(value)) return true;
    if (value === undefined || value === null || value === "")
      return this.fail(field, `${label} is required`);
    return this.fail(
      field,
      `${label} must be a date written yyyy-mm-dd, got ${JSON.stringify(value)}`
    );
  }
}

// ---------------------------------------------------------------------------------------------------
// The host's number separators

/** How the host writes numbers: "0.1" and "1,000" in en-US, "0,1" and "1.000" in de-DE. */
export interface NumberSeparators {
  decimal: string;
  grouping: string;
}

export const EN_US_SEPARATORS: NumberSeparators = { decimal: ".", grouping: "," };

/**
 * The separators a locale ("de-DE") writes, from the platform's Intl data; en-US's for a locale the
 * platform does not know. Used where the host does not say (Excel before ExcelApi 1.11: its display
 * language) and by the engine adapter.
 */
export function separatorsOfLocale(locale: string | undefined): NumberSeparators {
  try {
    const parts = new Intl.NumberFormat(locale || "en-US").formatToParts(1234567.5);
    const decimal = parts.find((part) => part.type === "decimal")?.value;
    const grouping = parts.find((part) => part.type === "group")?.value;
    if (decimal && grouping) return { decimal, grouping };
  } catch {
    // an invalid locale tag: fall through to en-US
  }
  return { ...EN_US_SEPARATORS };
}

// ---------------------------------------------------------------------------------------------------
// "Use selected range": guess which column holds what, then read the rows

export interface WantedColumn {
  key: string;
  aliases: string[];
  /** Words for the mapping's drop-down ("Item change"); see `columnLabel`. */
  label?: string;
  /** The input cannot be read without it: "Use these columns" (and Write) wait until it is mapped. */
  required?: boolean;
}

/** A wanted column in words: its label, else its key spelled out ("entryPrice" → "Entry price"). */
export function columnLabel(column: WantedColumn): string {
  if (column.label) return column.label;
  const words = column.key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The token column every table of holdings starts with, aliases best first. */
export const TOKEN_COLUMN: WantedColumn = {
  key: "token",
  label: "Token",
  aliases: ["token", "asset", "symbol", "coin", "ticker", "name"],
};

/** Columns of a holdings range, aliases best first. */
export const HOLDING_COLUMNS: WantedColumn[] = [
  TOKEN_COLUMN,
  {
    key: "quantity",
    label: "Quantity",
    aliases: ["quantity", "qty", "amount", "balance", "units", "holdings"],
  },
  {
    key: "price",
    label: "Price",
    aliases: ["price", "last", "last price", "mark", "mark price", "close"],
  },
  {
    key: "adv",
    label: "24h ADV",
    aliases: [
      "adv",
      "24h volume",
      "volume 24h",
      "avg daily volume",
      "average daily volume",
      "volume",
    ],
  },
  {
    key: "locked",
    label: "Locked",
    aliases: ["locked", "staked", "lockup", "vesting", "illiquid"],
  },
  { key: "beta", label: "Beta", aliases: ["beta"] },
];

/** Columns of a venues range (margin plan). */
export const VENUE_COLUMNS: WantedColumn[] = [
  { key: "venue", aliases: ["venue", "exchange", "account", "platform"] },
  {
    key: "collateral",
    aliases: ["collateral", "margin balance", "wallet balance", "equity", "balance"],
  },
  { key: "haircut", aliases: ["haircut"] },
  {
    key: "notional",
    aliases: ["notional", "position notional", "position value", "exposure"],
  },
  {
    key: "maintenanceRate",
    aliases: ["maintenance rate", "maintenance margin rate", "mmr", "maintenance"],
  },
  { key: "side", aliases: ["side", "direction"] },
  { key: "entryPrice", aliases: ["entry price", "entry", "avg entry", "average entry"] },
  { key: "size", aliases: ["size", "position size", "quantity", "qty", "contracts"] },
];

/**
 * Columns of a range of paired changes (effectiveness review): both series are required, so nothing
 * of what the form held before survives a selection. No date column: the review numbers its periods.
 */
export const CHANGE_COLUMNS: WantedColumn[] = [
  {
    key: "itemChange",
    label: "Item change",
    required: true,
    aliases: [
      "item change",
      "item",
      "book p&l",
      "book pnl",
      "portfolio p&l",
      "portfolio pnl",
      "portfolio change",
      "book change",
      "spot change",
      "unhedged",
    ],
  },
  {
    key: "hedgeChange",
    label: "Hedge change",
    required: true,
    aliases: ["hedge change", "hedge", "hedge pnl", "hedge p&l", "derivative"],
  },
];

const normalise = (text: unknown): string =>
  String(text ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");

/**
 * Which column (0-based) of `headers` holds each wanted key. Three passes, strictest first, so that an
 * exact "Price" beats a "Price change" elsewhere: exact match, header starting with an alias, header
 * containing an alias. A column goes to one key only; a key with no column is `undefined`.
 */
export function guessColumns(
  headers: string[],
  wanted: { key: string; aliases: string[] }[]
): Record<string, number | undefined> {
  const names = headers.map(normalise);
  const result: Record<string, number | undefined> = {};
  for (const column of wanted) result[column.key] = undefined;
  const taken = new Set<number>();
  const passes: ((name: string, alias: string) => boolean)[] = [
    (name, alias) => name === alias,
    (name, alias) => name.startsWith(alias),
    (name, alias) => alias.length >= 3 && name.includes(alias),
  ];
  for (const matches of passes) {
    for (const column of wanted) {
      if (result[column.key] !== undefined) continue;
      for (const alias of column.aliases.map(normalise)) {
        const index = names.findIndex((name, i) => !taken.has(i) && name && matches(name, alias));
        if (index >= 0) {
          result[column.key] = index;
          taken.add(index);
          break;
        }
      }
    }
  }
  return result;
}

type RangeCell = string | number | boolean | null;

/**
 * A number as people type it in a sheet: 1234.5, "1,234.5", "$1,234", "12%" (→ 0.12). Blank is
 * `undefined`; anything else unreadable is NaN, which `validate` reports with the row it came from.
 */
export function readNumber(cell: RangeCell | undefined): number | undefined {
  if (cell === null || cell === undefined) return undefined;
  if (typeof cell === "number") return cell;
  if (typeof cell === "boolean") return NaN;
  const text = cell.trim();
  if (text === "") return undefined;
  const percent = text.endsWith("%");
  const cleaned = text.replace(/[%$€£,\s_]/g, "");
  const number = cleaned === "" ? NaN : Number(cleaned);
  return percent ? number / 100 : number;
}

/** Yes/no as people mark it: TRUE, "yes", "y", "x", "locked", "staked", 1. */
export function readFlag(cell: RangeCell | undefined): boolean {
  if (typeof cell === "boolean") return cell;
  if (typeof cell === "number") return cell !== 0;
  const text = normalise(cell);
  return ["true", "yes", "y", "x", "1", "locked", "staked", "vesting"].includes(text);
}

/** Short or long as people write it; anything else is passed on for `validate` to name. */
export function readSide(cell: RangeCell | undefined): Side {
  if (cell === -1) return "short";
  if (cell === 1 || cell === true) return "long";
  const raw = readText(cell);
  if (raw === "-1") return "short";
  if (raw === "1") return "long";
  const text = normalise(cell);
  if (text === "" || ["short", "s", "sell"].includes(text)) return "short";
  if (["long", "l", "buy"].includes(text)) return "long";
  return String(cell) as Side;
}

const readText = (cell: RangeCell | undefined): string =>
  cell === null || cell === undefined ? "" : String(cell).trim();

/** The value at a mapped column, or undefined when the key has no column. */
const at = (row: RangeCell[], mapping: Record<string, number | undefined>, key: string) => {
  const index = mapping[key];
  return index === undefined ? undefined : row[index];
};

const isBlankRow = (row: RangeCell[]): boolean =>
  row.every((cell) => cell === null || (typeof cell === "string" && cell.trim() === ""));

/**
 * The data rows of a selected range (header row removed) as holdings (the default) or venues, using a
 * mapping from `guessColumns` or the user's corrections. Blank rows are skipped. Cells that do not read
 * as numbers become NaN, so `validate` reports them ("Price of ARB must be a number").
 */
export function fromRows(
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>
): Holding[];
export function fromRows(
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>,
  kind: "holdings"
): Holding[];
export function fromRows(
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>,
  kind: "venues"
): Venue[];
export function fromRows(
  rows: RangeCell[][],
  mapping: Record<string, number | undefined>,
  kind: "holdings" | "venues" = "holdings"
): Holding[] | Venue[] {
  const data = rows.filter((row) => !isBlankRow(row));
  return kind === "venues"
    ? data.map((row) => venueFromRow(row, mapping))
    : data.map((row) => holdingFromRow(row, mapping));
}

/** A required number: a blank cell is NaN so that `validate` asks for it. */
const required = (cell: RangeCell | undefined): number => readNumber(cell) ?? NaN;

function holdingFromRow(row: RangeCell[], mapping: Record<string, number | undefined>): Holding {
  const holding: Holding = {
    token: readText(at(row, mapping, "token")),
    quantity: required(at(row, mapping, "quantity")),
    price: required(at(row, mapping, "price")),
    adv: required(at(row, mapping, "adv")),
    locked: readFlag(at(row, mapping, "locked")),
  };
  const beta = readNumber(at(row, mapping, "beta"));
  if (beta !== undefined) holding.beta = beta;
  return holding;
}

function venueFromRow(row: RangeCell[], mapping: Record<string, number | undefined>): Venue {
  const venue: Venue = {
    venue: readText(at(row, mapping, "venue")),
    collateral: required(at(row, mapping, "collateral")),
    // A range without a haircut column means no haircut, as COLLATERALNEEDED's default.
    haircut: readNumber(at(row, mapping, "haircut")) ?? 0,
    notional: required(at(row, mapping, "notional")),
    maintenanceRate: required(at(row, mapping, "maintenanceRate")),
    side: readSide(at(row, mapping, "side")),
  };
  const entryPrice = readNumber(at(row, mapping, "entryPrice"));
  const size = readNumber(at(row, mapping, "size"));
  if (entryPrice !== undefined) venue.entryPrice = entryPrice;
  if (size !== undefined) venue.size = size;
  return venue;
}
