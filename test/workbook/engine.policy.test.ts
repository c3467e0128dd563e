/**
 * The engine adapter and the policy's names (issue 13, build item 3): a plan with `names` defines them,
 * workbook scope and absolute, on the sheet written; `readPolicy` says where they point and what the
 * cells hold; `changePolicy` writes new values in place with one Hedge log row naming each change, and
 * leaves the old values and no row when it cannot finish.
 */
import { LOG_SHEET } from "../../src/templates/plan";
import { verifyLog } from "../../src/templates/hedgeLog";
import {
  DEFAULT_POLICY,
  POLICY_LIMITS,
  buildPolicy,
  currentLimits,
  hasNoPolicy,
} from "../../src/templates/policy";
import { engineWorkbook } from "../helpers/engine";
import { engineWithPolicy } from "../helpers/policy";

const LOG = { timestamp: "2026-11-24T09:30:00.000Z", wizard: "Policy and limits" };

test("a plan's names are workbook names over its sheet's cells, absolute", async () => {
  const wb = engineWorkbook([{ name: "Policy", cells: [["the user's own sheet"]] }]);
  const { sheet } = await wb.applyPlan(buildPolicy(DEFAULT_POLICY));
  // "Policy" is taken: the sheet gets " (2)", and the names follow it there.
  expect(sheet).toBe("Policy (2)");
  POLICY_LIMITS.forEach((limit, i) =>
    expect(wb.hf.getNamedExpressionFormula(limit.name)).toBe(`='Policy (2)'!$B$${6 + i}`)
  );
  const state = await wb.readPolicy();
  expect(state.missing).toEqual([]);
  expect(state.cells.lossLimit).toEqual({ sheet: "Policy (2)", address: "B6", value: 0.1 });
  expect(currentLimits(state)).toEqual(DEFAULT_POLICY);
  // A formula anywhere reads a limit by its name.
  wb.setContents(wb.sheetId("Policy"), 1, 0, "=AltHedge_MaxLeverage*2");
  expect(wb.valueAt("Policy", "A2")).toBe(10);
});

test("a workbook without the names has no policy; a name on a deleted sheet counts as missing", async () => {
  const wb = engineWorkbook();
  expect(hasNoPolicy(await wb.readPolicy())).toBe(true);
  await wb.applyPlan(buildPolicy(DEFAULT_POLICY));
  wb.hf.removeSheet(wb.sheetId("Policy"));
  const state = await wb.readPolicy();
  expect(state.missing).toEqual(POLICY_LIMITS.map((limit) => limit.key));
});

test("a name the workbook already has stops the write: no sheet, no other name, no log row", async () => {
  const wb = engineWorkbook();
  wb.addName("AltHedge_MaxPosition", "=Sheet1!$A$1");
  await expect(
    wb.applyPlan(buildPolicy(DEFAULT_POLICY), { ...LOG, sheet: "Policy", inputs: "first" })
  ).rejects.toThrow(
    "Nothing was written: the workbook already has a name AltHedge_MaxPosition; delete it (Formulas › Name Manager) to write this sheet"
  );
  expect(wb.sheetNames()).toEqual(["Sheet1"]);
  expect(wb.hf.listNamedExpressions()).toEqual(["AltHedge_MaxPosition"]);
  expect(await wb.readHedgeLog()).toBeNull();
});

test("a change writes the cells in place and one chained log row, old → new", async () => {
  const wb = await engineWithPolicy();
  const result = await wb.changePolicy(
    { ...DEFAULT_POLICY, bufferWarning: 0.35, maxPosition: 2_000_000 },
    LOG
  );
  expect(result.sheet).toBe("Policy");
  expect(result.changes.map((c) => c.key)).toEqual(["bufferWarning", "maxPosition"]);
  expect(wb.valueAt("Policy", "B7")).toBe(0.35);
  expect(wb.valueAt("Policy", "B12")).toBe(2_000_000);
  const log = (await wb.readHedgeLog())!;
  expect(log.rows.map((row) => row.slice(2, 5))).toEqual([
    [
      "Policy and limits",
      "Policy",
      "Margin buffer: warning below 30% → 35%; Maximum position per instrument 5,000,000 → 2,000,000",
    ],
  ]);
  expect(await verifyLog(log.header, log.rows)).toEqual({ intact: true, rows: 1 });
  expect(log.protected).toBe(true);
});

test("old values are read in the same step: a value typed on the sheet is the change's 'old'", async () => {
  const wb = await engineWithPolicy();
  wb.setContents(wb.sheetId("Policy"), 5, 1, "0.12"); // B6, typed by hand
  const { changes } = await wb.changePolicy(DEFAULT_POLICY, LOG);
  expect(changes.map((c) => [c.key, c.from, c.to])).toEqual([["lossLimit", 0.12, 0.1]]);
});

test("refused with nothing changed: no policy, an incomplete one, a protected Policy sheet", async () => {
  const none = engineWorkbook();
  await expect(none.changePolicy(DEFAULT_POLICY, LOG)).rejects.toThrow(
    "The workbook has no policy yet: write the Policy sheet first. Nothing was changed."
  );
  const partial = await engineWithPolicy();
  partial.hf.removeNamedExpression("AltHedge_LossLimit");
  await expect(partial.changePolicy({ ...DEFAULT_POLICY, maxLeverage: 3 }, LOG)).rejects.toThrow(
    /AltHedge_LossLimit is missing.*Nothing was changed\./
  );
  expect(partial.valueAt("Policy", "B11")).toBe(5);
  const locked = await engineWithPolicy();
  locked.setProtected("Policy", true);
  await expect(locked.changePolicy({ ...DEFAULT_POLICY, maxLeverage: 3 }, LOG)).rejects.toThrow(
    'The sheet "Policy" is protected: unprotect it to change the policy. Nothing was changed.'
  );
  expect(locked.valueAt("Policy", "B11")).toBe(5);
  expect(await locked.readHedgeLog()).toBeNull();
});

test("a log that cannot take the row leaves the old values", async () => {
  const wb = await engineWithPolicy();
  // A HedgeLog table whose header is not AltHedge's: the append refuses (engine.hedgeLog.test.ts).
  await wb.applyPlan({
    name: LOG_SHEET,
    cells: [
      { row: 0, col: 0, value: "Something else", style: "header" },
      { row: 1, col: 0, value: 1 },
    ],
    tables: [{ name: "HedgeLog", range: "A1:A2" }],
  });
  await expect(wb.changePolicy({ ...DEFAULT_POLICY, maxLeverage: 3 }, LOG)).rejects.toThrow(
    /^Nothing was changed: the HedgeLog table's header is not Time/
  );
  expect(wb.valueAt("Policy", "B11")).toBe(5);
});
