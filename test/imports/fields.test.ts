/**
 * The field readers every format uses (src/imports/fields.ts). Expected values are worked out by hand
 * from the calendar and the offsets named: epoch milliseconds are checked against `Date.UTC` of the
 * wall-clock time shifted by the zone, never against the function's own output.
 */
import {
  UTC,
  findZone,
  isBlank,
  parseAmountWithUnit,
  parseDateTime,
  parseEpoch,
  parseNumber,
  parseZone,
} from "../../src/imports/fields";

describe("time zones as exports write them", () => {
  test.each([
    ["UTC", 0, "UTC"],
    ["UTC+3", 180, "UTC+3"],
    ["UTC+03:00", 180, "UTC+3"],
    ["UTC-6", -360, "UTC-6"],
    // Binance's file names double the minus: `(UTC--6)` is six hours west of UTC
    ["UTC--6", -360, "UTC-6"],
    ["UTC+0", 0, "UTC"],
    ["GMT+8", 480, "UTC+8"],
    ["UTC+5:30", 330, "UTC+5:30"],
    ["+03:00", 180, "UTC+3"],
  ])("%s is %d minutes east of UTC", (text, minutes, label) => {
    expect(parseZone(text)).toEqual({ offsetMinutes: minutes, label });
  });

  test.each(["", "Europe/Paris", "UTC+15", "UTC+3:75", "3"])("%j is not a zone", (text) => {
    expect(parseZone(text)).toBeUndefined();
  });

  test("a zone inside a file name or a preamble field is found", () => {
    expect(
      findZone("Export Futures Transaction History-202603230525(UTC--6).csv")?.offsetMinutes
    ).toBe(-360);
    expect(findZone("Time Zone:UTC+3")?.offsetMinutes).toBe(180);
    expect(findZone("transaction_log-1234-BTC.csv")).toBeUndefined();
  });
});

describe("date-times", () => {
  const plus3 = parseZone("UTC+3")!;

  test("a local time is moved to UTC by its zone", () => {
    // 03:00 at UTC+3 is midnight UTC the same day
    expect(parseDateTime("2026-03-01 03:00:00", plus3)).toBe(Date.UTC(2026, 2, 1, 0, 0, 0));
    // 05:25 at UTC-6 is 11:25 UTC
    expect(parseDateTime("2026-03-23 05:25:00", parseZone("UTC-6")!)).toBe(
      Date.UTC(2026, 2, 23, 11, 25, 0)
    );
  });

  test("two-digit years are this century (Binance statement v3: YY-MM-DD)", () => {
    expect(parseDateTime("24-01-05 10:00:01", UTC)).toBe(Date.UTC(2024, 0, 5, 10, 0, 1));
  });

  test("a time with its own zone ignores the one given", () => {
    // CoinGecko writes `… UTC`, CoinMarketCap ISO with Z: both are UTC whatever the file's zone
    expect(parseDateTime("2013-04-28 00:00:00 UTC", plus3)).toBe(Date.UTC(2013, 3, 28));
    expect(parseDateTime("2024-01-01T00:00:00.000Z", plus3)).toBe(Date.UTC(2024, 0, 1));
    expect(parseDateTime("2024-01-01T05:00:00+05:00", UTC)).toBe(Date.UTC(2024, 0, 1));
  });

  test("dates alone and slashes", () => {
    expect(parseDateTime("2026-02-28", UTC)).toBe(Date.UTC(2026, 1, 28));
    expect(parseDateTime("2026/02/28 23:59:59", UTC)).toBe(Date.UTC(2026, 1, 28, 23, 59, 59));
  });

  test.each([
    "2026-02-30 00:00:00",
    "2026-13-01",
    "2026-01-01 24:00:00",
    "yesterday",
    "",
    "05/01/24 10:00:00",
  ])("%j is not a date", (text) => expect(parseDateTime(text, UTC)).toBeUndefined());

  test("epochs in seconds, milliseconds and microseconds", () => {
    // 1,700,000,000 s after 1970 is 2023-11-14 22:13:20 UTC (date -u -d @1700000000)
    const at = Date.UTC(2023, 10, 14, 22, 13, 20);
    expect(parseEpoch("1700000000")).toBe(at);
    expect(parseEpoch("1700000000000")).toBe(at);
    expect(parseEpoch("1700000000000000")).toBe(at);
    expect(parseEpoch("-5")).toBeUndefined();
    expect(parseEpoch("17e8")).toBeUndefined();
  });
});

describe("numbers and units in cells", () => {
  test("blanks as exports write them", () => {
    for (const text of ["", "  ", "--", "-", "N/A", "null"]) expect(isBlank(text)).toBe(true);
    expect(parseNumber("--")).toBeNull();
    expect(isBlank("0")).toBe(false);
  });

  test("E notation, signs and many decimals", () => {
    expect(parseNumber("0E-8")).toBe(0);
    expect(parseNumber("-1.25e-3")).toBe(-0.00125);
    expect(parseNumber("+3")).toBe(3);
    // Bybit's 20 decimals read as the nearest double
    expect(parseNumber("0.00012345000000000000")).toBe(0.00012345);
  });

  test("grouping commas and a dollar sign only where the format asks", () => {
    expect(parseNumber("$1,234,567.5", { grouping: true })).toBe(1234567.5);
    expect(parseNumber("1,234")).toBeUndefined();
    expect(parseNumber("12abc")).toBeUndefined();
  });

  test.each([
    ["0.5BNB", 0.5, "BNB"],
    ["0.03682290USDT", 0.0368229, "USDT"],
    ["0.29528919 USDC", 0.29528919, "USDC"],
    ["0.5ETH", 0.5, "ETH"],
    ["0E-8USDT", 0, "USDT"],
    ["1.5", 1.5, ""],
  ])("%s is %d %s", (text, amount, unit) => {
    expect(parseAmountWithUnit(text)).toEqual({ amount, unit });
  });

  test("an amount that is not a number is refused", () => {
    expect(parseAmountWithUnit("BNB")).toBeUndefined();
    expect(parseAmountWithUnit("0.5 B N B")).toBeUndefined();
  });
});
