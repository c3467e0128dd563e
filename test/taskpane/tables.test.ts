/**
 * The imported (canonical) tables in the pane, without a browser: "Use selected range" on a selection
 * whose header row is a canonical table's maps the wizard's columns from the column names exactly and
 * says "Recognised the Holdings table", or says which table the wizard reads when it cannot use the
 * one selected; and each wizard's "Fill from imported tables" (its form's `fromTables`): which tables
 * it asks for, when the pane offers it, and what a fill replaces.
 */
import { CANONICAL_COLUMNS, canonicalRow } from "../../src/imports/canonical";
import { WIZARDS } from "../../src/templates";
import type { CanonicalTables } from "../../src/templates/fromTables";
import type { CellValue } from "../../src/templates/plan";
import { readSelected, selectedTable } from "../../src/taskpane/mapping";
import {
  WIZARD_FORMS,
  effectivenessForm,
  exposureForm,
  marginForm,
  reportForm,
  stressForm,
} from "../../src/taskpane/wizardSpecs";
import type { Selection } from "../../src/workbook/port";

const [exposure, , , effectiveness, stress, report] = WIZARDS;

const selection = (values: CellValue[][]): Selection => ({
  sheet: "Holdings",
  address: "A1:E3",
  values,
});

/** The Holdings table as an import writes it: its header, then two balances. */
const HOLDINGS_SHEET: CellValue[][] = [
  [...CANONICAL_COLUMNS.Holdings],
  ["SOL", 10, 46082, "Binance", "statement.csv"],
  ["ARB", 1000, 46082, "Binance", "statement.csv"],
];

describe("Use selected range on an imported table", () => {
  test("exposure maps Asset → Token and Quantity → Quantity by name, nothing guessed", () => {
    const m = exposureForm.mapping!;
    const split = selectedTable(selection(HOLDINGS_SHEET), m.columns, m.canonical);
    if (!split.ok) throw new Error(split.message);
    // "Venue" would not be guessed anyway, but "As of (UTC)" and "Source" must map to nothing:
    // Holdings has no price, volume, lock or beta.
    expect(split.table.guess).toEqual({
      token: 0,
      quantity: 1,
      price: undefined,
      adv: undefined,
      locked: undefined,
      beta: undefined,
    });
    expect(split.table.recognised?.kind).toBe("Holdings");
    expect(split.table.recognised?.message).toMatch(
      /^Recognised the Holdings table: Asset → Token and Quantity → Quantity, by their column names\./
    );
    const read = readSelected(m, exposure.sample(), split.table, split.table.guess);
    expect(read.input.holdings).toEqual([
      { token: "SOL", quantity: 10, price: NaN, adv: NaN, locked: false },
      { token: "ARB", quantity: 1000, price: NaN, adv: NaN, locked: false },
    ]);
  });

  test("a header that is not canonical is still guessed", () => {
    const m = exposureForm.mapping!;
    const values: CellValue[][] = [
      ["Asset", "Quantity", "Price"],
      ["SOL", 10, 150],
    ];
    const split = selectedTable(selection(values), m.columns, m.canonical);
    if (!split.ok) throw new Error(split.message);
    expect(split.table.recognised).toBeUndefined();
    expect(split.table.guess.price).toBe(2);
  });

  test("a table the wizard does not read from a selection: it says what it reads instead", () => {
    const funding: CellValue[][] = [
      [...CANONICAL_COLUMNS.Funding],
      canonicalRow("Funding", { "Time (UTC)": 1, Symbol: "SOLUSDT", Amount: -1 }),
    ];
    const m = exposureForm.mapping!;
    expect(selectedTable(selection(funding), m.columns, m.canonical)).toEqual({
      ok: false,
      message:
        "Recognised the Funding table. Exposure reads the Holdings table here (Asset and Quantity); prices and volumes come from the Prices table through “Fill from imported tables”.",
    });
    for (const form of [stressForm, effectivenessForm, reportForm, marginForm]) {
      const split = selectedTable(
        selection(HOLDINGS_SHEET),
        form.mapping!.columns,
        form.mapping!.canonical
      );
      expect(split.ok).toBe(false);
      if (!split.ok) expect(split.message).toMatch(/^Recognised the Holdings table\. The /);
    }
  });

  test("every wizard that offers Use selected range says what it reads of an imported table", () => {
    for (const pair of WIZARD_FORMS)
      pair.use((_, form) => {
        if (form.mapping) expect(form.mapping.canonical?.needs).toBeTruthy();
      });
  });
});

describe("Fill from imported tables, per wizard", () => {
  const day = (d: number) => Date.UTC(2026, 2, d);
  const tables: CanonicalTables = {
    Holdings: {
      sheet: "Holdings",
      rows: [canonicalRow("Holdings", { Asset: "SOL", Quantity: 10, "As of (UTC)": day(5) })],
    },
    Prices: {
      sheet: "Prices",
      rows: [150, 151, 148, 152, 155].flatMap((close, i) => [
        canonicalRow("Prices", { "Date (UTC)": day(i + 1), Symbol: "SOLUSDT", Close: close }),
        canonicalRow("Prices", {
          "Date (UTC)": day(i + 1),
          Symbol: "BTCUSDT",
          Close: [60_000, 60_600, 59_400, 61_800, 62_400][i],
        }),
      ]),
    },
  };

  test("offered by exposure, effectiveness, stress and report, each when its tables are there", () => {
    const offered = WIZARD_FORMS.filter((pair) => pair.use((_, form) => !!form.fromTables)).map(
      (pair) => pair.id
    );
    expect(offered).toEqual(["exposure", "effectiveness", "stress", "report"]);
    expect(exposureForm.fromTables!.ready(["Holdings"])).toBe(false);
    expect(exposureForm.fromTables!.ready(["Holdings", "Prices"])).toBe(true);
    expect(effectivenessForm.fromTables!.ready(["Prices"])).toBe(true);
    expect(stressForm.fromTables!.ready(["Prices"])).toBe(false);
    expect(reportForm.fromTables!.ready(["Funding"])).toBe(true);
    expect(reportForm.fromTables!.ready([])).toBe(false);
    for (const form of [exposureForm, effectivenessForm, stressForm, reportForm])
      expect(form.fromTables!.replaces).toMatch(/The other fields stay as they are\.$/);
  });

  test("exposure and stress replace the book only; the other fields stay as typed", () => {
    const typed = { ...exposure.sample(), participation: 0.05 };
    const filled = exposureForm.fromTables!.read(typed, tables);
    expect(filled.input.holdings.map((h) => [h.token, h.quantity, h.price])).toEqual([
      ["SOL", 10, 155],
    ]);
    expect(filled.input.participation).toBe(0.05);
    expect(filled.input.tierDays).toBe(typed.tierDays);
    const stressed = stressForm.fromTables!.read({ ...stress.sample(), fundingDays: 3 }, tables);
    expect(stressed.input.book.map((h) => [h.token, h.value])).toEqual([["SOL", 1550]]); // 10 × 155
    expect(stressed.input.fundingDays).toBe(3);
  });

  test("effectiveness: the hedge symbols offered are the Prices symbols; the default is BTC's", () => {
    const fill = effectivenessForm.fromTables!;
    expect(fill.choice!.options(tables)).toEqual(["SOLUSDT", "BTCUSDT"]);
    const read = fill.read(effectiveness.sample(), tables);
    expect(read.choice).toBe("BTCUSDT");
    // 10 SOL: 03-02 10 × (151 − 150) = 10; 03-03 10 × (148 − 151) = −30; 03-04 40; 03-05 30
    expect(read.input.itemChanges).toEqual([10, -30, 40, 30]);
    // Short 1,500 ÷ 60,000 = 0.025 BTC: 03-02 −0.025 × 600 = −15; 03-03 −0.025 × −1,200 = 30;
    // 03-04 −0.025 × 2,400 = −60; 03-05 −0.025 × 600 = −15
    [-15, 30, -60, -15].forEach((v, i) => expect(read.input.hedgeChanges[i]).toBeCloseTo(v, 9));
    expect(effectiveness.validate(read.input)).toEqual([]);
    // The user picks SOLUSDT: a hedge on the book's own token, said in a note.
    const own = fill.read(effectiveness.sample(), tables, "SOLUSDT");
    expect(own.choice).toBe("SOLUSDT");
    expect(own.notes.join("\n")).toContain("measures nothing but how well its own prices line up");
  });

  test("report: a workbook without its tables leaves the form as it was", () => {
    const input = report.sample();
    const read = reportForm.fromTables!.read(input, tables);
    expect(read.input).toBe(input);
    expect(read.notes).toHaveLength(1);
  });
});
