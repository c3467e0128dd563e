/**
 * The typed wizard forms without a browser: each wizard's form binds to its sample, typed text reads
 * into the input (through a replaceable number reader), tables gain and lose rows, messages go beside
 * the deepest shown field, and a form that does not fit its input does not compile (@ts-expect-error
 * lines below are checked by `tsc --noEmit`).
 */
import {
  WIZARDS,
  type EffectivenessInput,
  type ExposureInput,
  type MarginInput,
  type RolloverInput,
} from "../../src/templates";
import {
  FormModel,
  errorSummary,
  fieldId,
  number,
  numbers,
  optionalNumber,
  placeErrors,
  readerFor,
  select,
  text,
  type Bound,
  type BoundScalar,
  type Field,
  type Reader,
  type TextControl,
  type WizardForm,
} from "../../src/taskpane/form";
import {
  WIZARD_FORMS,
  effectivenessForm,
  exposureForm,
  marginForm,
  rolloverForm,
} from "../../src/taskpane/wizardSpecs";

const [exposure, rollover, margin, effectiveness] = WIZARDS;

/** A bound field by path, looking inside tables. */
function find(fields: Bound[], path: string): Bound {
  for (const field of fields) {
    if (field.path === path) return field;
    if (field.kind === "table")
      for (const row of field.rows) for (const cell of row) if (cell.path === path) return cell;
  }
  throw new Error(`no field ${path}`);
}

/** A text-like bound field (number, text, date, numbers) by path. */
function textField(fields: Bound[], path: string): Extract<Bound, { text: string }> {
  const field = find(fields, path);
  if (!("text" in field)) throw new Error(`${path} is a ${field.kind}`);
  return field;
}

function tableField(fields: Bound[], path: string): Extract<Bound, { kind: "table" }> {
  const field = find(fields, path);
  if (field.kind !== "table") throw new Error(`${path} is a ${field.kind}`);
  return field;
}

const exposureModel = () => new FormModel(exposureForm, exposure.validate, exposure.sample());

describe("the wizards' forms", () => {
  test("one form per wizard, in the order of the wizard list", () => {
    expect(WIZARD_FORMS.map((entry) => entry.id)).toEqual(WIZARDS.map((wizard) => wizard.id));
    expect(WIZARD_FORMS.map((entry) => entry.title)).toEqual(WIZARDS.map((w) => w.title));
  });

  test("each form binds to its wizard's sample, which is valid", () => {
    for (const entry of WIZARD_FORMS) {
      const errors = entry.use((wizard, form) => {
        const model = new FormModel(form, wizard.validate, wizard.sample());
        expect(model.bind().map((field) => field.path)).toEqual(
          form.fields.map((field) => String(field.key))
        );
        return model.errors();
      });
      expect({ wizard: entry.id, errors }).toEqual({ wizard: entry.id, errors: [] });
    }
  });

  test("the sample shows in the fields as the user would type it", () => {
    const fields = exposureModel().bind();
    expect(textField(fields, "participation").text).toBe("0.1");
    expect(textField(fields, "tierDays").text).toBe("1, 5");
    expect(tableField(fields, "holdings").rows).toHaveLength(12);
    expect(textField(fields, "holdings.0.token").text).toBe("SOL");
    expect(textField(fields, "holdings.0.beta").text).toBe("1.3");
    expect(textField(fields, "holdings.4.beta").text).toBe(""); // OP has no beta
    expect(find(fields, "holdings.9.locked")).toMatchObject({ kind: "boolean", checked: true });
    const cell = find(fields, "holdings.0.price");
    expect(cell.label).toBe("Price, row 1");

    const effectivenessFields = new FormModel(
      effectivenessForm,
      effectiveness.validate,
      effectiveness.sample()
    ).bind();
    const changes = find(effectivenessFields, "itemChanges");
    expect(changes).toMatchObject({ kind: "numbers", long: true, count: 60 });
    expect(textField(effectivenessFields, "itemChanges").text.split("\n")).toHaveLength(60);
    expect(find(effectivenessFields, "method")).toMatchObject({
      kind: "select",
      selected: "variance",
    });
  });

  test("only wizards that take a table or series offer Use selected range", () => {
    expect(exposureForm.mapping).toBeDefined();
    expect(marginForm.mapping).toBeDefined();
    expect(effectivenessForm.mapping).toBeDefined();
    expect(rolloverForm.mapping).toBeUndefined();
  });
});

describe("typing into the form", () => {
  test("numbers read as a sheet's cells are read; a blank required number is NaN, which validate names", () => {
    const model = exposureModel();
    const fields = model.bind();
    textField(fields, "participation").write("10%");
    expect(model.input.participation).toBeCloseTo(0.1, 12);
    textField(fields, "holdings.0.quantity").write("1,250");
    expect(model.input.holdings[0].quantity).toBe(1250);
    textField(fields, "participation").write("");
    expect(model.input.participation).toBeNaN();
    expect(model.errors()).toEqual([
      { field: "participation", message: "Participation must be a number" },
    ]);
  });

  test("an optional number left blank is left out", () => {
    const model = exposureModel();
    textField(model.bind(), "holdings.0.beta").write(" ");
    expect(model.input.holdings[0].beta).toBeUndefined();
    expect(model.errors()).toEqual([]);
  });

  test("a list of numbers: comma-separated on a line, or one a line", () => {
    const model = exposureModel();
    textField(model.bind(), "tierDays").write("2; 7 10");
    expect(model.input.tierDays).toEqual([2, 7, 10]);
    const review = new FormModel(effectivenessForm, effectiveness.validate, effectiveness.sample());
    textField(review.bind(), "hedgeChanges").write("1\n-2;3\n\n4,000");
    expect(review.input.hedgeChanges).toEqual([1, -2, 3, 4000]);
  });

  test("checkboxes and drop-downs write typed values; a value not offered is ignored", () => {
    const model = exposureModel();
    const locked = find(model.bind(), "holdings.0.locked");
    if (locked.kind !== "boolean") throw new Error("not a checkbox");
    locked.write(true);
    expect(model.input.holdings[0].locked).toBe(true);

    const roll = new FormModel(rolloverForm, rollover.validate, rollover.sample());
    const side = find(roll.bind(), "side");
    if (side.kind !== "select") throw new Error("not a drop-down");
    expect(side.options.map((o) => o.value)).toEqual(["short", "long"]);
    side.write("long");
    expect(roll.input.side).toBe("long");
    side.write("sideways");
    expect(roll.input.side).toBe("long");
  });

  test("a drop-down shows its first option when the input has none", () => {
    const input: RolloverInput = { ...rollover.sample() };
    delete input.maxClipUnit;
    const unit = find(new FormModel(rolloverForm, rollover.validate, input).bind(), "maxClipUnit");
    expect(unit).toMatchObject({ kind: "select", selected: "contracts" });
  });

  test("table rows are added blank and removed, in the same input", () => {
    const model = exposureModel();
    const input = model.input;
    tableField(model.bind(), "holdings").add();
    expect(model.input).toBe(input);
    expect(model.input.holdings).toHaveLength(13);
    expect(model.input.holdings[12]).toEqual({
      token: "",
      quantity: NaN,
      price: NaN,
      adv: NaN,
      locked: false,
    });
    // the blank row asks for its values, beside its cells
    expect(model.errors().map((e) => e.field)).toEqual(
      expect.arrayContaining(["holdings.12.token", "holdings.12.price"])
    );
    tableField(model.bind(), "holdings").remove(0);
    expect(model.input.holdings).toHaveLength(12);
    expect(model.input.holdings[0].token).toBe("LINK");

    const venues = new FormModel(marginForm, margin.validate, margin.sample());
    tableField(venues.bind(), "venues").add();
    expect(venues.input.venues[2]).toMatchObject({ side: "short", haircut: 0 });
  });

  test("a new input replaces the old one", () => {
    const model = exposureModel();
    textField(model.bind(), "participation").write("0.2");
    model.reset(exposure.sample());
    expect(model.input.participation).toBe(0.1);
    expect(textField(model.bind(), "participation").text).toBe("0.1");
  });
});

describe("reading text: the seam for the host's locale and for rejecting text", () => {
  /** A reader for a host that writes a decimal comma and groups with points. */
  const decimalComma: Reader = readerFor({ decimal: ",", grouping: "." });

  test("every number field reads through the model's reader", () => {
    const model = new FormModel(exposureForm, exposure.validate, exposure.sample(), decimalComma);
    const fields = model.bind();
    textField(fields, "participation").write("0,15");
    expect(model.input.participation).toBeCloseTo(0.15, 12);
    textField(fields, "holdings.0.quantity").write("1.250,5");
    expect(model.input.holdings[0].quantity).toBe(1250.5);
  });

  test("a field that cannot read its text puts its message first, instead of validate's for that field", () => {
    interface Small {
      size: number;
      name: string;
    }
    const strict: TextControl<number> = {
      kind: "number",
      read: (typed) => {
        const value = Number(typed);
        return Number.isNaN(value) ? { value, error: `"${typed}" is not a number` } : { value };
      },
      show: String,
    };
    const form: WizardForm<Small> = {
      why: "",
      fields: [
        { key: "size", label: "Size", ...strict },
        { key: "name", label: "Name", ...text() },
      ],
    };
    const validate = (input: Small) => [
      ...(Number.isFinite(input.size) ? [] : [{ field: "size", message: "Size must be a number" }]),
      ...(input.name ? [] : [{ field: "name", message: "Name is required" }]),
    ];
    const model = new FormModel(form, validate, { size: 1, name: "" });
    textField(model.bind(), "size").write("abc");
    expect(model.errors()).toEqual([
      { field: "size", message: 'Size: "abc" is not a number' },
      { field: "name", message: "Name is required" },
    ]);
    textField(model.bind(), "size").write("2");
    expect(model.errors()).toEqual([{ field: "name", message: "Name is required" }]);
  });
});

describe("the issue's bad inputs are errors beside their field, never a silent value (issue 11, 5)", () => {
  const reviewModel = () =>
    new FormModel(effectivenessForm, effectiveness.validate, effectiveness.sample());

  test('beta "abc" is an error, not beta 1', () => {
    const model = exposureModel();
    textField(model.bind(), "holdings.0.beta").write("abc");
    expect(model.input.holdings[0].beta).toBeNaN();
    expect(model.errors()).toContainEqual({
      field: "holdings.0.beta",
      message: 'Beta to benchmark, row 1: "abc" is not a number',
    });
  });

  test('periods per year "abc" is an error, not 365; blank is 365, and the form says so', () => {
    const model = reviewModel();
    const field = textField(model.bind(), "periodsPerYear");
    field.write("abc");
    expect(model.errors()).toEqual([
      { field: "periodsPerYear", message: 'Periods per year: "abc" is not a number' },
    ]);
    field.write("");
    expect(model.input.periodsPerYear).toBeUndefined();
    expect(model.errors()).toEqual([]);
    // effectiveness.ts: orDefault(input.periodsPerYear, 365)
    expect(field.kind === "number" && field.fallback?.()).toBe("365");
  });

  test('participation "0,1" and "0,5" in an en-US host are errors, not 100% or 5', () => {
    const model = exposureModel();
    const field = textField(model.bind(), "participation");
    for (const typed of ["0,1", "0,5"]) {
      field.write(typed);
      expect(model.errors()).toEqual([
        {
          field: "participation",
          message: `Participation rate: "${typed}" is not a number here: use a point for decimals (a comma groups thousands)`,
        },
      ]);
    }
    field.write("0.1");
    expect(model.errors()).toEqual([]);
  });

  test("a list names the entry that is not a number", () => {
    const model = exposureModel();
    textField(model.bind(), "tierDays").write("1, x");
    expect(model.errors()[0]).toEqual({
      field: "tierDays",
      message: 'Tier boundaries (days to liquidate): entry 2: "x" is not a number',
    });
    const review = reviewModel();
    textField(review.bind(), "itemChanges").write("1\n0,5\n3");
    expect(review.errors()[0].message).toMatch(/^Item .*: entry 2: "0,5" is not a number here/);
  });

  test("in a decimal-comma host a short list splits on semicolons and spaces, not on the decimal", () => {
    const model = new FormModel(
      exposureForm,
      exposure.validate,
      exposure.sample(),
      readerFor({ decimal: ",", grouping: "." })
    );
    textField(model.bind(), "tierDays").write("0,5; 2 7,5");
    expect(model.input.tierDays).toEqual([0.5, 2, 7.5]);
  });
});

describe("messages beside the fields", () => {
  const shown = (paths: string[]) => (path: string) => paths.includes(path);

  test("each message goes to the deepest shown field its path belongs to", () => {
    const { placed, unplaced } = placeErrors(
      [
        { field: "holdings.3.price", message: "Price of ARB must be a number" },
        { field: "itemChanges.4", message: "Item change 5 must be a number" },
        { field: "itemChanges.7", message: "Item change 8 must be a number" },
        { field: "dates", message: "Give one date per change (59), got 60" },
      ],
      shown(["holdings", "holdings.3.price", "itemChanges"])
    );
    expect([...placed]).toEqual([
      ["holdings.3.price", ["Price of ARB must be a number"]],
      ["itemChanges", ["Item change 5 must be a number", "Item change 8 must be a number"]],
    ]);
    expect(unplaced.map((e) => e.field)).toEqual(["dates"]);
  });

  test("the wizards' own messages land beside their fields", () => {
    const model = exposureModel();
    const fields = model.bind();
    const paths = new Set<string>();
    const collect = (field: Bound | BoundScalar): void => {
      paths.add(field.path);
      if (field.kind === "table") field.rows.flat().forEach(collect);
    };
    fields.forEach(collect);
    textField(fields, "participation").write("1.5");
    textField(fields, "holdings.3.price").write("");
    const { placed, unplaced } = placeErrors(model.errors(), (path) => paths.has(path));
    expect([...placed.keys()].sort()).toEqual(["holdings.3.price", "participation"]);
    expect(placed.get("participation")![0]).toMatch(/Participation must be between 0.0001 and 1/);
    expect(unplaced).toEqual([]);
  });

  test("the summary counts the messages and lists the first eight", () => {
    expect(errorSummary([])).toEqual({
      ok: true,
      heading: "Inputs are valid.",
      messages: [],
      more: undefined,
    });
    const one = errorSummary([{ field: "a", message: "A is required" }]);
    expect(one.heading).toBe("1 input needs attention:");
    const many = errorSummary(
      Array.from({ length: 10 }, (_, i) => ({ field: `f${i}`, message: `m${i}` }))
    );
    expect(many.heading).toBe("10 inputs need attention:");
    expect(many.messages).toHaveLength(8);
    expect(many.more).toBe("…and 2 more.");
  });

  test("element ids follow the input's paths", () => {
    expect(fieldId("participation")).toBe("field-participation");
    expect(fieldId("holdings.11.token")).toBe("field-holdings-11-token");
  });
});

describe("a form that does not fit its input does not compile", () => {
  test("checked by tsc --noEmit; here only the forms that do fit are built", () => {
    const fits: Field<RolloverInput>[] = [
      { key: "days", label: "Days", ...number() },
      { key: "farAdv", label: "Far ADV", ...optionalNumber() },
      { key: "side", label: "Side", ...select([{ value: "long", label: "Long" }]) },
    ];
    const misfits: Field<RolloverInput>[] = [
      // @ts-expect-error a number field on a text input
      { key: "instrument", label: "Instrument", ...number() },
      // @ts-expect-error an optional number on a required number (blank would be undefined)
      { key: "days", label: "Days", ...optionalNumber() },
      // @ts-expect-error a drop-down value the input does not take
      { key: "side", label: "Side", ...select([{ value: "sideways", label: "Sideways" }]) },
      // @ts-expect-error a key the input does not have
      { key: "window", label: "Window", ...number() },
    ];
    const lists: Field<MarginInput>[] = [{ key: "stressMoves", label: "Moves", ...numbers() }];
    const wrongList: Field<ExposureInput>[] = [
      // @ts-expect-error a list of numbers on a number
      { key: "participation", label: "Participation", ...numbers() },
    ];
    const review: Field<EffectivenessInput>[] = [
      { key: "method", label: "Method", ...select([{ value: "r2", label: "R²" }]) },
    ];
    expect([fits, misfits, lists, wrongList, review].map((f) => f.length)).toEqual([3, 4, 1, 1, 1]);
  });
});
