/**
 * Reading the fields of exchange exports: times in the shapes they come in (with two-digit years,
 * epochs in seconds, milliseconds or microseconds, ISO with `Z`), zones written as `UTC+3`,
 * `UTC--6` or `UTC+0`, numbers with `--` for blank and `E` notation, and amounts carrying their unit
 * (`0.5BNB`, `0.29528919 USDC`). Each reader returns undefined for text it cannot read, and the format
 * turns that into a bad line with a reason. Pure code.
 */
import type { Zone } from "./types";

export const UTC: Zone = { offsetMinutes: 0, label: "UTC" };

/**
 * A variant matcher for a header known in full: exact names in exact order (spec: "recognise, don't
 * guess"), the fields already stripped of BOMs and spaces by the framework.
 */
export const headerIs =
  (expected: readonly string[]) =>
  (header: readonly string[]): boolean =>
    header.length === expected.length && expected.every((name, i) => header[i] === name);

/** A zone from `offsetMinutes`, labelled as exchanges write it ("UTC+3", "UTC-6", "UTC+5:30"). */
export function zoneOf(offsetMinutes: number): Zone {
  if (offsetMinutes === 0) return UTC;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const minutes = Math.abs(offsetMinutes);
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return {
    offsetMinutes,
    label: `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, "0")}` : ""}`,
  };
}

/**
 * A zone written as `UTC`, `UTC+3`, `UTC+03:00`, `UTC-6`, `UTC--6` (Binance's file names double the
 * minus), `UTC+0`, `GMT+8`, or a bare offset `+03:00`; undefined for anything else. Offsets beyond
 * ±14 h are refused.
 */
export function parseZone(text: string): Zone | undefined {
  const match = /^\s*(?:UTC|GMT)?\s*(?:([+-]{1,2})\s*(\d{1,2})(?::?(\d{2}))?)?\s*$/i.exec(text);
  if (!match || (!match[1] && !/^\s*(UTC|GMT)\s*$/i.test(text))) return undefined;
  if (!match[1]) return UTC;
  const negative = match[1].includes("-");
  const minutes = Number(match[2]) * 60 + Number(match[3] ?? 0);
  if (minutes > 14 * 60 || Number(match[3] ?? 0) >= 60) return undefined;
  return zoneOf(negative ? -minutes : minutes);
}

/** A zone named inside other text (a file name, a preamble field): `(UTC--6)`, `Time Zone:UTC+3`. */
export function findZone(text: string): Zone | undefined {
  const match = /(?:UTC|GMT)\s*(?:[+-]{1,2}\s*\d{1,2}(?::?\d{2})?)?/i.exec(text);
  return match ? parseZone(match[0]) : undefined;
}

const DATE_TIME =
  /^(\d{2}|\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/**
 * Epoch milliseconds (UTC) of a date-time written `YYYY-MM-DD HH:MM:SS`, `YY-MM-DD HH:MM:SS` (two-digit
 * years are 20YY: no exchange export predates 2009; a two-digit first field with slashes or dots, as in
 * `05/01/24`, is refused as ambiguous — a format that writes day-first dates reads them itself), `YYYY/MM/DD`, ISO `2026-03-23T05:25:00.000Z`, or
 * `2013-04-28 00:00:00 UTC`. A time with its own zone (`Z`, `UTC`, `+03:00`) uses it; otherwise it is
 * read in `zone`. Undefined for anything else, and for impossible dates (Feb 30).
 */
export function parseDateTime(text: string, zone: Zone): number | undefined {
  // `05/01/24` may be day-first, month-first or year-first: only Binance's `YY-MM-DD` is read.
  if (/^\s*\d{2}[/.]/.test(text)) return undefined;
  const match = DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "", own] = match;
  const year = y.length === 2 ? 2000 + Number(y) : Number(y);
  const month = Number(mo);
  const day = Number(d);
  const ms = Number((frac + "000").slice(0, 3));
  const local = Date.UTC(year, month - 1, day, Number(h), Number(mi), Number(s), ms);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    Number(h) > 23 ||
    Number(mi) > 59 ||
    Number(s) > 59
  )
    return undefined;
  let offset = zone.offsetMinutes;
  if (own) offset = /^(Z|UTC)$/i.test(own) ? 0 : (parseZone(own)?.offsetMinutes ?? NaN);
  if (!Number.isFinite(offset)) return undefined;
  return local - offset * 60_000;
}

/**
 * Epoch milliseconds of a Unix time in seconds, milliseconds or microseconds, told apart by size
 * (seconds before 2286 have at most 10 digits; ms 13; µs 16). Undefined for anything else.
 */
export function parseEpoch(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const value = Number(trimmed);
  if (value < 1e11) return Math.round(value * 1000);
  if (value < 1e14) return Math.round(value);
  if (value < 1e17) return Math.round(value / 1000);
  return undefined;
}

/** True for the cells exports use for "nothing": empty, `--`, `-`, `N/A`, `null`. */
export const isBlank = (text: string): boolean => /^\s*(--?|n\/a|null|none)?\s*$/i.test(text);

/**
 * A number as exports write it: `-0.00012`, `0E-8`, `1.5e3`, `+3`, a leading `$` or grouping commas
 * when `grouping` (only formats that write them ask). Null for a blank cell (see isBlank); undefined
 * for text that is not a number.
 */
export function parseNumber(
  text: string,
  { grouping = false }: { grouping?: boolean } = {}
): number | null | undefined {
  if (isBlank(text)) return null;
  let clean = text.trim();
  if (grouping) clean = clean.replace(/^(-?)\$/, "$1").replace(/,(?=\d{3}(\D|$))/g, "");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(clean)) return undefined;
  const value = Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * An amount with its unit inside the cell, as Binance writes fees: `0.5BNB`, `0.03682290USDT`,
 * `0.29528919 USDC`, or a bare number (unit ""). Undefined when the number part is not a number.
 */
export function parseAmountWithUnit(text: string): { amount: number; unit: string } | undefined {
  const match = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*([A-Za-z][A-Za-z0-9]*)?\s*$/i.exec(
    text
  );
  if (!match) return undefined;
  const amount = Number(match[1]);
  if (!Number.isFinite(amount)) return undefined;
  return { amount, unit: (match[2] ?? "").toUpperCase() };
}

/** Midnight UTC of the day holding `epochMs`. */
export const dayOf = (epochMs: number): number => Math.floor(epochMs / 86_400_000) * 86_400_000;
