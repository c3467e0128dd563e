/**
 * The hedge report's form (src/taskpane/wizardSpecs.ts `reportForm`) without a browser: it binds to
 * the sample, which is valid; series typed in one table cell (funding rates, price histories) read as
 * numbers in the host's locale, with a message beside the cell for text that is not a number; an
 * optional price left blank with a history takes the history's end; "Use selected range" reads the
 * holdings and keeps nothing of the sample (taskpane.md, "Trust rules").
 */
import { reportWizard } from "../../src/templates/report";
import { FormModel, readerFor, type Bound } from "../../src/taskpane/form";
import { WIZARD_FORMS, reportForm } from "../../src/taskpane/wizardSpecs";
import { missingColumns, readSelected, selectedTable } from "../../src/taskpane/mapping";
import type { CellValue } from "../../src/templates/plan";

/** A bound field by path, looking inside tables. */
function find(fields: Bound[], path: string): Bound {
  for (const field of fields) {
    if (field.path === path) return field;
    if (field.kind === "table")
      for (const row of field.rows) for (const cell of row) if (cell.path === path) return cell;
  }
  throw new Error(`no field ${path}`);
}

function textCell(fields: Bound[], path: string): Extract<Bound, { text: string }> {
  const field = find(fields, path);
  if (!("text" in field)) throw new Error(`${path} is a ${field.kind}`);
  return field;
}

const model = (reader = readerFor({ decimal: ".", grouping: "," })) =>
  new FormModel(reportForm, reportWizard.validate, reportWizard.sample(), reader);

describe("the hedge report's form", () => {
  test("is offered in the pane, beside its wizard", () => {
    const entry = WIZARD_FORMS.find((f) => f.id === "report");
    expect(entry).toMatchObject({ id: "report", title: "Hedge report" });
    expect(entry!.use((wizard) => wizard)).toBe(reportWizard);
  });

  test("binds to the sample, which is valid, and shows it as the user would type it", () => {
    const form = model();
    const fields = form.bind();
    expect(fields.map((f) => f.path)).toEqual([
      "periodStart",
      "periodEnd",
      "targetCoverage",
      "holdings",
      "positions",
      "closed",
      "venues",
    ]);
    expect(form.errors()).toEqual([]);
    expect(textCell(fields, "periodStart").text).toBe("2026-11-01");
    expect(textCell(fields, "targetCoverage").text).toBe("0.8");
    expect(textCell(fields, "holdings.0.token").text).toBe("SOL");
    expect(textCell(fields, "holdings.0.history").text).toMatch(/^150, 151\.45, [\d., ]+, 138$/);
    expect(textCell(fields, "positions.1.fundingRates").text).toBe(""); // a dated future
    expect(find(fields, "positions.2.contract")).toMatchObject({
      kind: "select",
      selected: "inverse",
    });
  });

  test("a series typed in a cell reads as numbers; text is an error beside the cell; blank is none", () => {
    const form = model();
    const rates = () => textCell(form.bind(), "positions.0.fundingRates");
    rates().write("0.0001, -0.00005, 0.0002");
    expect(form.input.positions[0].fundingRates).toEqual([0.0001, -0.00005, 0.0002]);
    expect(form.errors()).toEqual([]);
    rates().write("0.0001, abc");
    expect(form.errors()).toEqual([
      {
        field: "positions.0.fundingRates",
        message: expect.stringMatching(/^Funding rates, row 1: entry 2: /) as string,
      },
    ]);
    rates().write("");
    expect(form.input.positions[0].fundingRates).toBeUndefined();
    expect(form.errors()).toEqual([]);
  });

  test("in a host whose decimal is a comma, a series is separated by semicolons", () => {
    const form = model(readerFor({ decimal: ",", grouping: "." }));
    textCell(form.bind(), "holdings.3.history").write(
      `9; ${Array.from({ length: 29 }, () => "8,75").join("; ")}; 8,4`
    );
    expect(form.input.holdings[3].history).toHaveLength(31);
    expect(form.input.holdings[3].history![1]).toBe(8.75);
    expect(form.errors()).toEqual([]);
  });

  test("a start price left blank with a history takes the history's first, shown on the sheet", () => {
    const form = model();
    textCell(form.bind(), "holdings.0.startPrice").write("");
    expect(form.input.holdings[0].startPrice).toBeUndefined();
    expect(form.errors()).toEqual([]);
    const plan = reportWizard.build(form.input, "2026-12-02");
    const holdings = plan.tables!.find((t) => t.name.endsWith("_Holdings"))!;
    const first = Number(/^A(\d+)/.exec(holdings.range)![1]); // header row, 1-based
    const start = plan.cells.find((c) => c.row === first && c.col === 2)!; // SOL's start price
    expect(start.formula).toMatch(/^=E\d+$/); // the history's first SOL price
  });

  test("Use selected range reads the holdings and keeps nothing of the sample", () => {
    const selection = {
      sheet: "Book",
      address: "A1:D3",
      values: [
        ["Asset", "Qty", "Start price", "End price"],
        ["SOL", 100, 150, "138"],
        ["ARB", "1,000", "$0.80", 0.7],
      ] as CellValue[][],
    };
    const mapping = reportForm.mapping!;
    const split = selectedTable(selection, mapping.columns);
    if (!split.ok) throw new Error(split.message);
    expect(split.table.guess).toEqual({ token: 0, quantity: 1, startPrice: 2, endPrice: 3 });
    const read = readSelected(mapping, reportWizard.sample(), split.table, split.table.guess);
    expect(read.input.holdings).toEqual([
      { token: "SOL", quantity: 100, startPrice: 150, endPrice: 138 },
      { token: "ARB", quantity: 1000, startPrice: 0.8, endPrice: 0.7 },
    ]);
    // The sample's hedge, closed positions and venues go: one blank position row waits to be filled.
    expect(read.input.closed).toEqual([]);
    expect(read.input.venues).toEqual([]);
    expect(read.input.positions).toHaveLength(1);
    const fields = reportWizard.validate(read.input).map((e) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "positions.0.instrument",
        "positions.0.size",
        "positions.0.startMark",
      ])
    );
    expect(fields.every((f) => f.startsWith("positions.0."))).toBe(true);
  });

  test("a selection without start prices keeps Write waiting, with the reason", () => {
    const columns = reportForm.mapping!.columns;
    expect(missingColumns(columns, { token: 0, quantity: 1, endPrice: 2 })).toBe(
      "Map Start price to a column of the selection: the wizard cannot write without it."
    );
  });
});
