/**
 * The engine adapter's side of imports (port.readCanonicalTables, port.writeImport): a new canonical
 * table on a sheet of its own, appends without a row twice, the Hedge log row, the refusals that
 * write nothing. Rows are built with canonicalRow, not by the parsers.
 */
import { engineWorkbook } from "../helpers/engine";
import {
  CANONICAL_COLUMNS,
  canonicalRow,
  excelSerial,
  type CanonicalRow,
} from "../../src/imports/canonical";
import { LOG_SHEET } from "../../src/templates/plan";
import { logOf, price } from "../helpers/imports";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 23, 5, 25, 0);

const funding = (n: number, id = `F${n}`): CanonicalRow =>
  canonicalRow("Funding", {
    "Time (UTC)": T0 + n * 8 * HOUR,
    Venue: "Binance",
    Symbol: "SOLUSDT",
    Amount: -0.25 * n,
    Asset: "USDT",
    Rate: 0.0001,
    ID: id,
    Source: "funding.csv | binance-futures-transactions",
  });

test("a first import creates the sheet, the table named as the kind, dates as formatted serials", async () => {
  const book = engineWorkbook([{ name: "Funding", cells: [["someone's sheet"]] }]);
  const rows = [funding(1), funding(2), funding(3)];
  const progress: [number, number][] = [];
  const written = await book.writeImport([{ kind: "Funding", rows }], logOf, (d, t) =>
    progress.push([d, t])
  );
  expect(written).toEqual([
    { kind: "Funding", sheet: "Funding (2)", added: 3, skipped: 0, created: true },
  ]);
  expect(progress).toEqual([
    [0, 3],
    [3, 3],
  ]);
  const id = book.sheetId("Funding (2)");
  const columns = CANONICAL_COLUMNS.Funding;
  expect(columns.map((_, c) => book.value(id, 0, c))).toEqual([...columns]);
  expect(book.value(id, 1, 0)).toBeCloseTo(excelSerial(T0 + 8 * HOUR), 10);
  expect(book.value(id, 3, 6)).toBe("F3");
  const extras = book.extrasOf(id);
  expect(extras.tables).toEqual([{ name: "Funding", range: "A1:H4" }]);
  expect(extras.formats.get("A2")).toBe("yyyy-mm-dd hh:mm:ss");
  expect(extras.formats.get("A4")).toBe("yyyy-mm-dd hh:mm:ss");
  expect(extras.styles.get("H1")).toBe("header");
  expect(extras.freeze).toEqual({ rows: 1, cols: 0 });
  expect(extras.columnWidths.size).toBe(columns.length);

  // Read back exactly as written, times as epoch ms.
  expect(await book.readCanonicalTables()).toEqual({ Funding: { sheet: "Funding (2)", rows } });
  expect(await book.readCanonicalTables(["Prices"])).toEqual({});

  const log = (await book.readHedgeLog())!;
  expect(log.rows).toHaveLength(1);
  expect(log.rows[0].slice(2, 5)).toEqual(["Import", "Funding (2)", "Funding: 3 added, 0 skipped"]);
});

test("the same rows again add nothing and the log says so; an overlap adds only the new rows", async () => {
  const book = engineWorkbook();
  const first = [funding(1), funding(2), funding(3)];
  await book.writeImport([{ kind: "Funding", rows: first }], logOf);
  const again = await book.writeImport([{ kind: "Funding", rows: first }], logOf);
  expect(again).toEqual([
    { kind: "Funding", sheet: "Funding", added: 0, skipped: 3, created: false },
  ]);
  let log = (await book.readHedgeLog())!;
  expect(log.rows).toHaveLength(2);
  expect(log.rows[1].slice(3, 5)).toEqual(["Funding", "Funding: 0 added, 3 skipped"]);
  expect(book.sheetNames()).toEqual(["Sheet1", "Funding", LOG_SHEET]);

  const overlap = [funding(3), funding(4), funding(5)];
  const written = await book.writeImport(
    [
      { kind: "Funding", rows: overlap },
      { kind: "Prices", rows: [price(0, 150), price(1, 151)] },
    ],
    logOf
  );
  expect(written).toEqual([
    { kind: "Funding", sheet: "Funding", added: 2, skipped: 1, created: false },
    { kind: "Prices", sheet: "Prices", added: 2, skipped: 0, created: true },
  ]);
  const tables = await book.readCanonicalTables();
  expect(tables.Funding!.rows).toEqual([...first, funding(4), funding(5)]);
  expect(tables.Prices!.rows).toEqual([price(0, 150), price(1, 151)]);
  const extras = book.extrasOf(book.sheetId("Funding"));
  expect(extras.tables[0].range).toBe("A1:H6");
  expect(extras.formats.get("A6")).toBe("yyyy-mm-dd hh:mm:ss");
  expect(book.extrasOf(book.sheetId("Prices")).formats.get("A3")).toBe("yyyy-mm-dd");
  log = (await book.readHedgeLog())!;
  expect(log.rows[2].slice(3, 5)).toEqual([
    "Funding, Prices",
    "Funding: 2 added, 1 skipped; Prices: 2 added, 0 skipped",
  ]);
});

test("a table named Prices with another header is not read, and refuses an import of Prices", async () => {
  const book = engineWorkbook([
    {
      name: "Mine",
      cells: [
        ["Day", "Close"],
        [1, 2],
      ],
    },
  ]);
  book.extrasOf(book.sheetId("Mine")).tables.push({ name: "prices", range: "A1:B2" });
  expect(await book.readCanonicalTables()).toEqual({});
  await expect(book.writeImport([{ kind: "Prices", rows: [price(0, 1)] }], logOf)).rejects.toThrow(
    /^Nothing was written: The table named "Prices" on "Mine" does not have the Prices columns/
  );
  expect(book.sheetNames()).toEqual(["Mine"]);
  expect(await book.readHedgeLog()).toBeNull();
});

test("cells in the way below a table refuse the import: nothing written, no log row", async () => {
  const book = engineWorkbook();
  await book.writeImport([{ kind: "Funding", rows: [funding(1)] }], logOf);
  const id = book.sheetId("Funding");
  book.setContents(id, 3, 2, "a note"); // C4: two rows below the table's last row
  const before = await book.readCanonicalTables();
  await expect(
    book.writeImport(
      [
        { kind: "Prices", rows: [price(0, 1)] },
        { kind: "Funding", rows: [funding(2), funding(3)] },
      ],
      logOf
    )
  ).rejects.toThrow(
    /^Nothing was written: The Funding table on "Funding" cannot grow: A3:H4 below it is not empty/
  );
  expect(await book.readCanonicalTables()).toEqual(before);
  expect(book.sheetNames()).toEqual(["Sheet1", "Funding", LOG_SHEET]);
  expect((await book.readHedgeLog())!.rows).toHaveLength(1);
  // One row fits above the note.
  const written = await book.writeImport([{ kind: "Funding", rows: [funding(2)] }], logOf);
  expect(written[0]).toMatchObject({ added: 1 });
});

test("a failure while writing leaves nothing behind", async () => {
  const book = engineWorkbook();
  await book.writeImport([{ kind: "Funding", rows: [funding(1)] }], logOf);
  // The log's header changed by someone: appending the row fails after the cells were written.
  const log = book.sheetId(LOG_SHEET);
  book.setProtected(LOG_SHEET, false);
  book.setContents(log, 0, 0, "When");
  const before = await book.readCanonicalTables();
  await expect(
    book.writeImport(
      [
        { kind: "Funding", rows: [funding(2)] },
        { kind: "Trades", rows: [canonicalRow("Trades", { "Time (UTC)": T0, "Trade ID": "1" })] },
      ],
      logOf
    )
  ).rejects.toThrow(/^Nothing was written: the HedgeLog table's header/);
  expect(await book.readCanonicalTables()).toEqual(before);
  expect(book.extrasOf(book.sheetId("Funding")).tables[0].range).toBe("A1:H2");
  expect(book.sheetNames()).toEqual(["Sheet1", "Funding", LOG_SHEET]);
});
