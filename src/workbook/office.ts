/**
 * The Office.js adapter of the workbook port. One `Excel.run` per operation, one `sync` to read and
 * one to write.
 */
import { notEmptyMessage, type WorkbookPort, type WriteResult } from "./port";

export class OfficeWorkbook implements WorkbookPort {
  readonly kind = "office" as const;

  async insertFormulaIfEmpty(formula: string): Promise<WriteResult> {
    return Excel.run(async (context) => {
      const cell = context.workbook.getActiveCell();
      cell.load(["address", "formulas"]);
      await context.sync();
      const address = cell.address;
      const current = cell.formulas?.[0]?.[0];
      if (current !== "" && current !== null && current !== undefined) {
        return {
          ok: false,
          address,
          reason: "not-empty",
          message: notEmptyMessage(address),
        } as const;
      }
      cell.formulas = [[formula]];
      await context.sync();
      return { ok: true, address } as const;
    });
  }
}
