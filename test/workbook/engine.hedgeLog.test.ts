/**
 * The engine adapter's Hedge log (the playground's): rows chained and verified, the sheet protected
 * after every append so typing into it is refused until it is unprotected, "Prepared by" kept with
 * the workbook; and the reads Explain makes. Hashes are checked by recomputing the chain
 * (src/templates/hedgeLog, itself checked against Node's SHA-256).
 */
import { engineWorkbook } from "../helpers/engine";
import { LOG_HEADERS, LOG_SHEET, type SheetPlan } from "../../src/templates/plan";
import { NOT_SET, describeVerdict, verifyLog } from "../../src/templates/hedgeLog";

const plan = (name: string): SheetPlan => ({
  name,
  cells: [{ row: 0, col: 0, value: "Notional" }],
});

const entry = (n: number) => ({
  timestamp: `2026-11-2${n}T09:30:00.000Z`,
  wizard: "Margin and collateral plan",
  sheet: "",
  inputs: `run ${n}`,
});

test("each append is chained, verified and protected; an edit by hand is named", async () => {
  const book = engineWorkbook([{ name: "Holdings", cells: [["Token"]] }]);
  expect(await book.readHedgeLog()).toBeNull();
  await book.applyPlan(plan("Margin A"), entry(1));
  await book.setPreparedBy(" Dana Risk ");
  expect(await book.getPreparedBy()).toBe("Dana Risk");
  await book.applyPlan(plan("Margin B"), entry(2));

  let log = (await book.readHedgeLog())!;
  expect(log).toMatchObject({ sheet: LOG_SHEET, header: [...LOG_HEADERS], protected: true });
  expect(log.rows.map((row) => row[1])).toEqual([NOT_SET, "Dana Risk"]);
  expect(await verifyLog(log.header, log.rows)).toEqual({ intact: true, rows: 2 });

  // Typing into the protected log is refused, as in Excel.
  const id = book.sheetId(LOG_SHEET);
  expect(() => book.setContents(id, 1, 4, "tampered")).toThrow(/protected/);
  expect(book.valueAt(LOG_SHEET, "E2")).toBe("run 1");

  // Unprotected by hand (no password), edited: the verification names the row.
  book.setProtected(LOG_SHEET, false);
  book.setContents(id, 1, 4, "tampered");
  log = (await book.readHedgeLog())!;
  const verdict = await verifyLog(log.header, log.rows);
  expect(verdict).toMatchObject({ intact: false, row: 0, sheetRow: 2, kind: "changed" });
  expect(describeVerdict(verdict, log.rows)).toMatch(/^Broken at row 2 \(2026-11-21T09:30/);

  // Put back, the next append protects the sheet again and the chain is intact with it.
  book.setContents(id, 1, 4, "run 1");
  await book.applyPlan(plan("Margin C"), entry(3));
  expect(book.isProtected(LOG_SHEET)).toBe(true);
  log = (await book.readHedgeLog())!;
  expect(await verifyLog(log.header, log.rows)).toEqual({ intact: true, rows: 3 });
});

test("a row typed below the log's table is not part of it; one typed into the table is named", async () => {
  const book = engineWorkbook();
  await book.applyPlan(plan("Margin A"), entry(1));
  book.setProtected(LOG_SHEET, false);
  const id = book.sheetId(LOG_SHEET);
  book.setContents(id, 2, 0, "2026-11-30T00:00:00Z"); // A3, below the table A1:F2
  // The next append refuses to write over it rather than overwrite it.
  await expect(book.applyPlan(plan("Margin B"), entry(2))).rejects.toThrow(
    /Hedge log!A3 is not empty/
  );
  expect(book.sheetNames()).not.toContain("Margin B");
});

test("a 'Hedge log' sheet of the user's own is left alone: the log takes the next free name", async () => {
  const book = engineWorkbook([{ name: LOG_SHEET, cells: [["my own notes"]] }]);
  await book.applyPlan(plan("Margin A"), entry(1));
  expect(book.valueAt(LOG_SHEET, "A1")).toBe("my own notes");
  const log = (await book.readHedgeLog())!;
  expect(log.sheet).toBe(`${LOG_SHEET} (2)`);
  expect(await verifyLog(log.header, log.rows)).toEqual({ intact: true, rows: 1 });
});

test("reads the active cell (formula, error value) and the ranges a formula refers to", async () => {
  const book = engineWorkbook([
    { name: "My book", cells: [[100, 1, 10, 1.2, "=ALTHEDGE.LIQPRICE(A1,B1,C1,D1)"]] },
  ]);
  book.select(0, 4);
  expect(await book.readActiveCell()).toEqual({
    sheet: "My book",
    address: "E1",
    formula: "=ALTHEDGE.LIQPRICE(A1,B1,C1,D1)",
    value: "#NUM!", // maintenance_rate 1.2 is outside [0, 1)
  });
  book.select(0, 0);
  expect(await book.readActiveCell()).toMatchObject({ formula: "", value: 100 });
  expect(await book.readRanges([{ sheet: "My book", address: "A1:B1" }])).toEqual([[[100, 1]]]);
});
