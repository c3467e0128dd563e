/**
 * The Office adapter's number format, with the strict fake Excel (../helpers/officeMock): Excel's own
 * separators from `application.cultureInfo.numberFormat` in one sync where ExcelApi 1.11 is supported,
 * else those of Office's display language with no round trip to Excel at all.
 */
import { OfficeWorkbook } from "../../src/workbook/office";
import { FakeWorkbook } from "../helpers/officeMock";

const globals = globalThis as unknown as { Excel?: unknown; Office?: unknown };

afterEach(() => {
  delete globals.Excel;
  delete globals.Office;
});

/** The fake Excel, and an `Office` that supports ExcelApi up to 1.`minor` in `language`. */
function host(minor: number, language: string): FakeWorkbook {
  const model = new FakeWorkbook();
  globals.Excel = model.excel();
  globals.Office = {
    context: {
      displayLanguage: language,
      requirements: {
        isSetSupported: (name: string, minimum: string) =>
          name === "ExcelApi" && Number(minimum.split(".")[1]) <= minor,
      },
    },
  };
  return model;
}

test("ExcelApi 1.11: Excel's culture separators, read in one sync", async () => {
  // An English display language over a German Excel: the workbook's separators win.
  const model = host(11, "en-US");
  model.numberFormat = { numberDecimalSeparator: ",", numberGroupSeparator: "." };
  await expect(new OfficeWorkbook().numberFormat()).resolves.toEqual({
    decimal: ",",
    grouping: ".",
  });
  expect(model.syncs).toBe(1);
  expect(model.implicitSyncs).toBe(0);
});

test("ExcelApi 1.11 in an en-US Excel: a decimal point and a comma between thousands", async () => {
  const model = host(17, "de-DE");
  await expect(new OfficeWorkbook().numberFormat()).resolves.toEqual({
    decimal: ".",
    grouping: ",",
  });
  expect(model.syncs).toBe(1);
});

test("before ExcelApi 1.11: the display language's separators (Intl), and no sync", async () => {
  // The fake's Excel says en-US: a read from it would give "." and ",".
  const german = host(10, "de-DE");
  // de-DE writes 1.234.567,5 (CLDR, through the platform's Intl)
  await expect(new OfficeWorkbook().numberFormat()).resolves.toEqual({
    decimal: ",",
    grouping: ".",
  });
  expect(german.syncs).toBe(0);
  const japanese = host(9, "ja-JP");
  japanese.numberFormat = { numberDecimalSeparator: ",", numberGroupSeparator: "." };
  // ja-JP writes 1,234,567.5 (CLDR): the language's, not the fake Excel's (which now says ",")
  await expect(new OfficeWorkbook().numberFormat()).resolves.toEqual({
    decimal: ".",
    grouping: ",",
  });
  expect(japanese.syncs).toBe(0);
});
