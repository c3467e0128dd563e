/**
 * "Use selected range" without a browser: the selection split into headers and rows, the guess from
 * the header row, the user's corrections, and each wizard's way of reading the rows into its input
 * (what a selection replaces, what it keeps).
 */
import { WIZARDS } from "../../src/templates";
import type { CellValue } from "../../src/templates/plan";
import {
  choiceOf,
  columnChoices,
  indexOf,
  labelOf,
  missingColumns,
  readSelected,
  selectedTable,
} from "../../src/taskpane/mapping";
import { effectivenessForm, exposureForm, marginForm } from "../../src/taskpane/wizardSpecs";
import type { Selection } from "../../src/workbook/port";

const [exposure, , margin, effectiveness] = WIZARDS;

const selection = (values: CellValue[][], address = "A1:F3"): Selection => ({
  sheet: "Book",
  address,
  values,
});

const BOOK: CellValue[][] = [
  ["Asset", "Qty", "Price (USD)", "24h volume", "Staked", "Beta to BTC"],
  ["SOL", 100, 180, 2_400_000_000, "no", 1.3],
  ["EIGEN", "1,000", "$3.50", 400_000, "yes", null],
];

describe("the selection", () => {
  test("a header row without data rows says what to select", () => {
    const split = selectedTable(selection([BOOK[0]], "A1:F1"), exposureForm.mapping!.columns);
    expect(split).toEqual({
      ok: false,
      message:
        "Select a range with a header row and at least one data row (the selection is A1:F1).",
    });
    expect(selectedTable(selection([]), exposureForm.mapping!.columns).ok).toBe(false);
  });

  test("columns are guessed from the header row", () => {
    const split = selectedTable(selection(BOOK), exposureForm.mapping!.columns);
    if (!split.ok) throw new Error(split.message);
    expect(split.table.where).toBe("Book!A1:F3");
    expect(split.table.rows).toHaveLength(2);
    expect(split.table.guess).toEqual({
      token: 0,
      quantity: 1,
      price: 2,
      adv: 3,
      locked: 4,
      beta: 5,
    });
  });

  test("each column's drop-down: none, or a column by its header (a blank header by its number)", () => {
    expect(columnChoices(["Token", "", "Price"])).toEqual([
      { value: "", label: "— none —" },
      { value: "0", label: "Token" },
      { value: "1", label: "Column 2" },
      { value: "2", label: "Price" },
    ]);
    expect(choiceOf(undefined)).toBe("");
    expect(choiceOf(3)).toBe("3");
    expect(indexOf("")).toBeUndefined();
    expect(indexOf("0")).toBe(0);
  });
});

describe("reading the rows the wizard's way", () => {
  test("exposure: the rows replace the holdings; the other inputs stay as typed, the sample's proxy prices and betas go", () => {
    const split = selectedTable(selection(BOOK), exposureForm.mapping!.columns);
    if (!split.ok) throw new Error(split.message);
    const input = { ...exposure.sample(), participation: 0.05 };
    const read = readSelected(exposureForm.mapping!, input, split.table, split.table.guess);
    expect(read.message).toBe("Read 2 rows from Book!A1:F3.");
    expect(read.input.participation).toBe(0.05);
    expect(read.input.holdings).toEqual([
      { token: "SOL", quantity: 100, price: 180, adv: 2_400_000_000, locked: false, beta: 1.3 },
      { token: "EIGEN", quantity: 1000, price: 3.5, adv: 400_000, locked: true },
    ]);
    // The proxies keep their names and contract sizes; their marks and betas are asked for.
    expect(exposure.validate(read.input).map((e) => e.field)).toEqual([
      "proxies.0.mark",
      "proxies.0.beta",
      "proxies.1.mark",
      "proxies.1.beta",
    ]);
    const priced = {
      ...read.input,
      proxies: read.input.proxies.map((p, i) => ({
        ...p,
        mark: [97000, 2850][i],
        beta: [1, 1.15][i],
      })),
    };
    expect(exposure.validate(priced)).toEqual([]);
  });

  test("a column the user unmaps is read as missing, and validate asks for it", () => {
    const split = selectedTable(selection(BOOK), exposureForm.mapping!.columns);
    if (!split.ok) throw new Error(split.message);
    const corrected = { ...split.table.guess, price: undefined };
    const read = readSelected(exposureForm.mapping!, exposure.sample(), split.table, corrected);
    expect(read.input.holdings.map((h) => h.price)).toEqual([NaN, NaN]);
    expect(exposure.validate(read.input).map((e) => e.field)).toEqual(
      expect.arrayContaining(["holdings.0.price", "holdings.1.price"])
    );
  });

  test("margin: the rows replace the venues", () => {
    const venues: CellValue[][] = [
      ["Exchange", "Instrument", "Size", "Entry price", "Mark price", "Collateral", "MMR", "Side"],
      ["Venue X", "BTC-PERP", 4, 96000, 100000, 100000, "0.5%", "short"],
    ];
    const split = selectedTable(selection(venues, "A1:H2"), marginForm.mapping!.columns);
    if (!split.ok) throw new Error(split.message);
    const read = readSelected(marginForm.mapping!, margin.sample(), split.table, split.table.guess);
    expect(read.input.venues).toEqual([
      {
        venue: "Venue X",
        instrument: "BTC-PERP",
        side: "short",
        size: 4,
        entryPrice: 96000,
        markPrice: 100000,
        collateral: 100000,
        haircut: 0,
        maintenanceRate: 0.005,
        maintenanceAmount: 0,
      },
    ]);
    expect(read.input.stressMoves).toEqual(margin.sample().stressMoves);
  });

  test("effectiveness: the selection's pairs replace the series; nothing of the sample stays", () => {
    // Price history!J2:K6 of the sample book's shape: row 3 blank in both, row 6 has no hedge P&L
    const pnl: CellValue[][] = [
      ["Book P&L (USD)", "Hedge P&L (USD)"],
      [null, null],
      [1000, -900],
      ["-2,000", 1800],
      [500, ""],
    ];
    const split = selectedTable(selection(pnl, "J2:K6"), effectivenessForm.mapping!.columns);
    if (!split.ok) throw new Error(split.message);
    // both series guessed from the sample book's headers (issue 11: only the hedge was)
    expect(split.table.guess).toEqual({ itemChange: 0, hedgeChange: 1 });
    const sample = effectiveness.sample();
    expect(sample.dates).toBeDefined();
    expect(sample.startValue).toBe(5_000_000);
    const read = readSelected(effectivenessForm.mapping!, sample, split.table, split.table.guess);
    // row 6 (500 without a hedge change) is left out whole: 500 does not pair with a later hedge value
    expect(read.input.itemChanges).toEqual([1000, -2000]);
    expect(read.input.hedgeChanges).toEqual([-900, 1800]);
    expect(read.message).toBe(
      "Read 4 rows from Book!J2:K6. Left out row 6: one of the two changes is blank, so the period cannot be paired."
    );
    expect(read.input.dates).toBeUndefined();
    expect(read.input.prices).toBeUndefined();
    expect(read.input.startValue).toBeUndefined();
    // what the form shows stays: the window the user set
    expect(read.input.window).toBe(sample.window);
  });

  test("effectiveness: both series are required, named in words; an unmapped one is empty, never the sample's", () => {
    const columns = effectivenessForm.mapping!.columns;
    expect(columns.map(labelOf)).toEqual(["Item change", "Hedge change"]);
    expect(missingColumns(columns, { itemChange: undefined, hedgeChange: 1 })).toBe(
      "Map Item change to a column of the selection: the wizard cannot write without it."
    );
    expect(missingColumns(columns, {})).toBe(
      "Map Item change and Hedge change to a column of the selection: the wizard cannot write without them."
    );
    expect(missingColumns(columns, { itemChange: 0, hedgeChange: 1 })).toBeUndefined();
    const table = selectedTable(selection([["Hedge P&L"], [-900], [1800]], "K2:K4"), columns);
    if (!table.ok) throw new Error(table.message);
    const hedgeOnly = readSelected(
      effectivenessForm.mapping!,
      effectiveness.sample(),
      table.table,
      {
        hedgeChange: 0,
      }
    );
    expect(hedgeOnly.input.itemChanges).toEqual([]);
    expect(hedgeOnly.input.hedgeChanges).toEqual([]);
  });

  test("every wizard's mapping shows words, never a key", () => {
    for (const form of [exposureForm, marginForm, effectivenessForm])
      for (const column of form.mapping!.columns) {
        const label = labelOf(column);
        expect(label).not.toBe(column.key);
        expect(label).toMatch(/^[A-Z0-9][^A-Z]*( [A-Za-z0-9²%()]+)*$/);
      }
  });
});
