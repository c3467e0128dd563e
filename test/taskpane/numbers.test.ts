/**
 * Typed numbers in the host's locale (taskpane.md, "Trust rules"). Each expected value is the number
 * the text means in that locale as its CLDR separators write it (en-US 1,234.5; de-DE 1.234,5;
 * fr-FR 1 234,5 with a narrow no-break space), or an error for text that is not a number there.
 */
import { readLocaleNumber } from "../../src/taskpane/numbers";
import { separatorsOfLocale } from "../../src/templates/common";

const EN = { decimal: ".", grouping: "," };
const DE = { decimal: ",", grouping: "." };
const FR = { decimal: ",", grouping: "\u202f" };

describe("en-US: a decimal point, commas between thousands", () => {
  test.each([
    ["0.1", 0.1],
    ["1,000,000", 1_000_000],
    ["1,234.5", 1234.5],
    ["1234.5", 1234.5],
    ["-2.5", -2.5],
    ["−2.5", -2.5], // U+2212, the minus sign of typeset text
    ["+3", 3],
    [".5", 0.5],
    ["10%", 0.1],
    ["12.5 %", 0.125],
    ["$5,000", 5000],
    ["1e308", 1e308],
    ["1e-308", 1e-308],
    ["2.5E3", 2500],
    ["  7  ", 7],
  ])("%s is %d", (typed, value) => {
    const read = readLocaleNumber(typed, EN);
    expect(read.error).toBeUndefined();
    expect(read.value).toBeCloseTo(value, 12);
  });

  test('"0,1" and "0,5" are errors that say to use a point, never 1 or 5', () => {
    for (const typed of ["0,1", "0,5", "1,5", "1,00", "0,100"]) {
      expect(readLocaleNumber(typed, EN)).toEqual({
        value: NaN,
        error: `"${typed}" is not a number here: use a point for decimals (a comma groups thousands)`,
      });
    }
  });

  test("text is an error, never a default", () => {
    for (const typed of ["abc", "1a", "one", "1.2.3", "--1", "1e", "%", "$"])
      expect(readLocaleNumber(typed, EN).error).toMatch(/is not a number/);
    expect(readLocaleNumber("abc", EN)).toEqual({ value: NaN, error: '"abc" is not a number' });
  });

  test("grouping out of place is an error: 1,00,0 and 12,34 are not a thousand or 1234", () => {
    expect(readLocaleNumber("1,00,0", EN).value).toBeNaN();
    expect(readLocaleNumber("1000,000.5,1", EN).value).toBeNaN();
    expect(readLocaleNumber("1.000.000", EN).error).toBe(
      '"1.000.000" is not a number here: write it as 1,234.5 or 1234.5'
    );
  });

  test("Indian lakh grouping reads too (en-IN writes 12,34,567.5)", () => {
    expect(readLocaleNumber("12,34,567.5", EN).value).toBe(1234567.5);
  });

  test("too large to be a double is an error; blank is no number at all", () => {
    expect(readLocaleNumber("1e309", EN)).toEqual({
      value: NaN,
      error: '"1e309" is too large to be a number',
    });
    expect(readLocaleNumber("", EN)).toEqual({ value: undefined });
    expect(readLocaleNumber("   ", EN)).toEqual({ value: undefined });
  });
});

describe("de-DE: a decimal comma, points between thousands", () => {
  test.each([
    ["0,1", 0.1],
    ["1.000.000", 1_000_000],
    ["1.234,5", 1234.5],
    ["-0,5", -0.5],
    ["10 %", 0.1],
    ["5.000 €", 5000],
  ])("%s is %d", (typed, value) => {
    expect(readLocaleNumber(typed, DE).value).toBeCloseTo(value, 12);
  });

  test('"0.1" is an error that says to use a comma; "1,000,000" is not a million', () => {
    expect(readLocaleNumber("0.1", DE)).toEqual({
      value: NaN,
      error: '"0.1" is not a number here: use a comma for decimals (a point groups thousands)',
    });
    expect(readLocaleNumber("1,000,000", DE).value).toBeNaN();
  });
});

describe("fr-FR: a decimal comma, spaces between thousands", () => {
  test("any space groups (people type a plain one), the comma is the decimal", () => {
    expect(readLocaleNumber("1\u202f234,5", FR).value).toBe(1234.5);
    expect(readLocaleNumber("1 234 567", FR).value).toBe(1234567);
    expect(readLocaleNumber("0.1", FR).error).toBe(
      '"0.1" is not a number here: use a comma for decimals'
    );
  });
});

test("a locale's separators come from the platform's CLDR data; an unknown tag is en-US", () => {
  expect(separatorsOfLocale("en-US")).toEqual(EN);
  expect(separatorsOfLocale("de-DE")).toEqual(DE);
  expect(separatorsOfLocale("not a locale")).toEqual(EN);
  expect(separatorsOfLocale(undefined)).toEqual(EN);
});
