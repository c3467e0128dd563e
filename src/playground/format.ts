/**
 * Excel number formats for the playground grid: the ones AltHedge's templates use (General, fixed
 * decimals, thousands separators, currency, percent, dates). A format outside that set shows as
 * General: the value is still exact, only its display is plainer than Excel's.
 */
import type { ComputedCell } from "../workbook/engine";

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30); // serial 0 (the 1900 leap-year bug only matters before March 1900)

/** Excel's General: up to 11 characters, switching to scientific notation for very large or small numbers. */
function general(value: number): string {
  if (value === 0) return "0";
  const abs = Math.abs(value);
  if (abs >= 1e11 || abs < 1e-9)
    return value
      .toExponential(5)
      .replace(/\.?0+e/, "E")
      .replace("e", "E");
  const digits = Math.max(0, 10 - Math.max(0, Math.floor(Math.log10(abs)) + 1));
  return String(Number(value.toFixed(Math.min(digits, 10))));
}

function dateText(serial: number, pattern: string): string {
  const date = new Date(EXCEL_EPOCH_MS + Math.round(serial * 86400000));
  const pad = (n: number): string => String(n).padStart(2, "0");
  return pattern
    .replace(/yyyy/i, String(date.getUTCFullYear()))
    .replace(/mm/i, pad(date.getUTCMonth() + 1))
    .replace(/dd/i, pad(date.getUTCDate()))
    .replace(/hh/i, pad(date.getUTCHours()))
    .replace(/:mm/i, `:${pad(date.getUTCMinutes())}`);
}

export function formatNumber(value: number, format: string | undefined): string {
  if (!format || /^general$/i.test(format)) return general(value);
  const section = format.split(";")[value < 0 && format.includes(";") ? 1 : 0] ?? format;
  if (/y{2,4}|d{1,2}/i.test(section) && !/0/.test(section)) return dateText(value, section);
  const percent = section.includes("%");
  const decimals = (/\.(0+)/.exec(section)?.[1] ?? "").length;
  const grouping = section.includes(",");
  const currency = /^\[?\$|^"?\$/.test(section.replace(/^[^$0#]*/, "")) || section.includes("$");
  const shown = percent ? value * 100 : value;
  const text = new Intl.NumberFormat("en-US", {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: grouping,
  }).format(Math.abs(shown));
  const negative = shown < 0 && Number(text.replace(/,/g, "")) !== 0 && !format.includes(";");
  return `${negative ? "-" : ""}${currency ? "$" : ""}${text}${percent ? "%" : ""}`;
}

/** What a grid cell shows for a computed value under a number format. */
export function display(cell: ComputedCell, format: string | undefined): string {
  if (cell === null) return "";
  if (typeof cell === "object") return cell.error;
  if (typeof cell === "boolean") return cell ? "TRUE" : "FALSE";
  if (typeof cell === "number") return formatNumber(cell, format);
  return cell;
}
