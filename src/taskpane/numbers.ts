/**
 * Typed text read as a number in the host's locale (taskpane.md, "Trust rules"): the decimal and
 * grouping separators come from the host (Excel's `application.cultureInfo.numberFormat`, else its
 * display language; see WorkbookPort.numberFormat). Text that is not a number in that locale is an
 * error with the words to show beside the field, never a silent default: "0,1" in an en-US host is not
 * 1 and not 0.1 but "use a point for decimals"; "1,000,000" is a million only where "," groups
 * thousands. Pure code: no DOM, no Office.
 */
import { EN_US_SEPARATORS, type NumberSeparators } from "../templates/common";

export type { NumberSeparators };

/** What a text reads as: undefined for blank, NaN with an `error` when it is not a number. */
export interface ReadResult {
  value: number | undefined;
  error?: string;
}

const WHITESPACE = /[\s\u00a0\u202f]/;
/** Leading and trailing marks people type around amounts: currency symbols and spaces. */
const CURRENCY = /^[$€£¥]|[$€£¥]$/g;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A separator as a pattern: a space-like grouping accepts any space (fr-FR groups with U+202F). */
const separatorPattern = (separator: string): string =>
  WHITESPACE.test(separator) ? "[\\s\\u00a0\\u202f]" : escape(separator);

/** Words for a separator in a message. */
const nameOf = (separator: string): string =>
  separator === "."
    ? "a point"
    : separator === ","
      ? "a comma"
      : WHITESPACE.test(separator)
        ? "a space"
        : `"${separator}"`;

/**
 * Reads `typed` with the host's separators. Accepted: an optional sign (-, −, +), digits grouped by the
 * grouping separator in threes (or Indian lakh groups), one decimal separator, an exponent (1e-9), a
 * trailing % (divides by 100), a currency symbol before or after. Anything else is an error.
 */
export function readLocaleNumber(
  typed: string,
  separators: NumberSeparators = EN_US_SEPARATORS
): ReadResult {
  const text = typed.trim();
  if (text === "") return { value: undefined };
  const { decimal, grouping } = separators;
  const g = separatorPattern(grouping);
  const d = escape(decimal);
  let body = text.replace(CURRENCY, "").trim();
  const percent = body.endsWith("%");
  if (percent) body = body.slice(0, -1).trim();
  const sign = /^[-−+]/.exec(body)?.[0];
  if (sign) body = body.slice(1).trim();
  // The first group has no leading zero: "0,100" in en-US is not 100.
  const grouped = `[1-9]\\d{0,2}(?:${g}\\d{3})+|[1-9]\\d?(?:${g}\\d{2})+${g}\\d{3}`;
  const pattern = new RegExp(`^(${grouped}|\\d+)?(?:${d}(\\d+))?(?:[eE]([-+]?\\d+))?$`);
  const match = pattern.exec(body);
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    return { value: NaN, error: explain(text, body, separators) };
  }
  const whole = (match[1] ?? "0").replace(new RegExp(g, "g"), "");
  const source = `${whole}.${match[2] ?? "0"}e${match[3] ?? "0"}`;
  let value = Number(source);
  if (sign === "-" || sign === "−") value = -value;
  if (percent) value /= 100;
  if (!Number.isFinite(value))
    return { value: NaN, error: `"${text}" is too large to be a number` };
  return { value };
}

/** Why `text` is not a number in this locale, in words for beside the field. */
function explain(text: string, body: string, { decimal, grouping }: NumberSeparators): string {
  const quoted = `"${text}"`;
  if (!/^\d[\d.,'’\s\u00a0\u202f]*$/.test(body)) return `${quoted} is not a number`;
  // Only digits and separators, but not in this locale's places: "0,1" in en-US, "0.1" in de-DE.
  const otherDecimal = decimal === "." ? "," : ".";
  if (body.includes(otherDecimal) && !body.includes(decimal)) {
    const groups = WHITESPACE.test(grouping) ? "" : ` (${nameOf(grouping)} groups thousands)`;
    return `${quoted} is not a number here: use ${nameOf(decimal)} for decimals${groups}`;
  }
  const example = `1${WHITESPACE.test(grouping) ? " " : grouping}234${decimal}5`;
  return `${quoted} is not a number here: write it as ${example} or 1234${decimal}5`;
}

/** A locale's separators as words, for a hint: "decimal point, comma between thousands". */
export function describeSeparators({ decimal, grouping }: NumberSeparators): string {
  const example = `1${WHITESPACE.test(grouping) ? " " : grouping}234${decimal}5`;
  return `Numbers are read as in this workbook: ${example}.`;
}
