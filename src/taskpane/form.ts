/**
 * A wizard's form as typed data, and its model: which fields it shows, keyed by the wizard's input
 * type `I` (src/templates/<wizard>.ts), how each field's text reads into the input, and which message
 * goes beside which field. Pure code: no DOM (./formView renders it), so it is unit-tested in Node.
 *
 * Typing: a field for the key `K` carries a control typed by `I[K]` — a number field on a text input,
 * an optional number on a required one, or a drop-down offering a value the input does not take, is a
 * compile error in the wizard's form (./wizardSpecs). The model binds fields to the current input and
 * hands the view plain `Bound` fields (text, a checkbox, a choice; a `write` for each change), so the
 * view needs no casts and knows nothing about any one wizard.
 */
import type { CanonicalKind, CanonicalTables, FieldError } from "../templates";
import { EN_US_SEPARATORS, type NumberSeparators } from "../templates/common";
import type { WorkbookPort } from "../workbook/port";
import type { ColumnMapping } from "./mapping";
import { readLocaleNumber, type ReadResult } from "./numbers";

// ---------------------------------------------------------------------------------------------------
// Reading typed text

/**
 * How typed text reads as a number: the one place a host's locale goes ("0,1" is a tenth in much of
 * Europe, and an error in an en-US host). `number` gives undefined for blank, and NaN with the words
 * for beside the field for text that is not a number; `decimal` is the decimal separator, which a
 * short list ("1, 5") does not split on.
 */
export interface Reader {
  decimal: string;
  number(text: string): ReadResult;
}

/** The reader for a host's separators (./numbers). */
export const readerFor = (separators: NumberSeparators): Reader => ({
  decimal: separators.decimal,
  number: (text) => readLocaleNumber(text, separators),
});

/** en-US: until the host says otherwise (and outside Excel). */
export const DEFAULT_READER: Reader = readerFor(EN_US_SEPARATORS);

/**
 * What a field's text reads as: the value for the input and, when the text does not read, the message
 * to show beside the field (it goes before the wizard's own validation message for that field).
 */
export interface Parsed<V> {
  value: V;
  error?: string;
}

// ---------------------------------------------------------------------------------------------------
// Controls: the kinds of field, each typed by the value `V` it reads into the input

/** A text box: a number, a text or a date (yyyy-mm-dd). */
export interface TextControl<V> {
  kind: "number" | "text" | "date";
  /** Blank is allowed (the label says "(optional)"). */
  optional?: boolean;
  /** What a blank optional field stands for, shown beside it: "365" (the form says "default 365"). */
  fallback?: string;
  read: (text: string, reader: Reader) => Parsed<V>;
  show: (value: V) => string;
}

export interface CheckboxControl<V> {
  kind: "boolean";
  read: (checked: boolean) => V;
  show: (value: V) => boolean;
}

export interface Option<V> {
  value: V;
  label: string;
}

/** A drop-down of fixed values; the first option shows when the input has none. */
export interface SelectControl<V> {
  kind: "select";
  options: readonly Option<V>[];
}

/** A list of numbers typed in one box: comma-separated on a line, or one a line (`long`). */
export interface NumbersControl<V> {
  kind: "numbers";
  long?: boolean;
  read: (text: string, reader: Reader) => Parsed<V>;
  show: (value: V) => string;
  count: (value: V) => number;
}

/**
 * A table of rows, each a row form: built by `table()`, which keeps the row type to itself, so that a
 * form's field list can hold tables of different rows.
 */
export interface TableControl<V> {
  kind: "table";
  columns: readonly { key: string; label: string }[];
  /** The rows' cells bound for display and editing; `path` is the table's ("holdings"). */
  bindRows: (value: V, path: string, sink: Sink) => BoundScalar[][];
  /** The rows with a blank row added at the end, or the row at `index` removed. */
  add: (value: V) => V;
  remove: (value: V, index: number) => V;
}

export type ScalarControl<V> = TextControl<V> | CheckboxControl<V> | SelectControl<V>;
export type Control<V> = ScalarControl<V> | NumbersControl<V> | TableControl<V>;

interface FieldText {
  label: string;
  hint?: string;
}

/** A field of the input's key `K`: its words and a control typed by the value at that key. */
export type KeyedField<I, K extends keyof I, C = Control<I[K]>> = FieldText & { key: K } & C;

/** Any field of the input `I`: for each key, a field whose control fits that key's value. */
export type Field<I> = { [K in keyof I]-?: KeyedField<I, K> }[keyof I];

/** A field a table's row may have: text boxes, checkboxes and drop-downs. */
export type ScalarField<R> = { [K in keyof R]-?: KeyedField<R, K, ScalarControl<R[K]>> }[keyof R];

/** One wizard's form: the fields in order, what the step is for, and "Use selected range" if offered. */
export interface WizardForm<I> {
  /** What the seed article says this step is for, shown above the form. */
  why: string;
  fields: readonly Field<I>[];
  /**
   * Defaults that depend on other inputs, for optional top-level fields: what a blank field stands
   * for now ("10 × the item changes' sizes: 1,234,000"), shown beside it and updated as the user types.
   */
  fallbacks?: { [K in keyof I]?: (input: I) => string };
  /**
   * Runs after the user changes the field at top-level `key`: for inputs the form does not show that
   * belong to what was changed (the sample's dates belong to the sample's series).
   */
  edited?: (input: I, key: keyof I) => void;
  /** Offered by wizards that take a table or series; absent, the pane offers no "Use selected range". */
  mapping?: ColumnMapping<I>;
  /**
   * "Fill from imported tables": offered by wizards that read the canonical tables an import writes
   * (Holdings, Prices, ClosedPnL, …); absent, the pane offers no such button.
   */
  fromTables?: TablesFill<I>;
  /**
   * The input the workbook already holds, to open the form on instead of the sample (the policy's
   * current limits); undefined when it holds none.
   */
  current?: (workbook: WorkbookPort) => Promise<I | undefined>;
}

/**
 * How a wizard fills its form from the canonical tables (src/templates/fromTables): which tables it
 * reads, when the pane offers the button, what a fill replaces, and the read itself.
 */
export interface TablesFill<I> {
  /** The tables read, in one read through the port (`readCanonicalTables(kinds)`). */
  kinds: readonly CanonicalKind[];
  /** Whether the tables the workbook holds (of `kinds`, with rows) are enough to offer the button. */
  ready: (present: readonly CanonicalKind[]) => boolean;
  /** What a fill replaces, in words, shown beside the button ("Replaces the holdings …"). */
  replaces: string;
  /**
   * A choice offered beside the button before filling (the review's hedge symbol): its label, and
   * the options the tables give; "" is the fill's own default.
   */
  choice?: {
    label: string;
    hint?: string;
    defaultLabel: string;
    options: (tables: CanonicalTables) => string[];
  };
  /** The input with the tables read in, what to tell the user, and the choice the read used. */
  read(
    input: I,
    tables: CanonicalTables,
    choice?: string
  ): { input: I; notes: string[]; choice?: string };
}

// ---------------------------------------------------------------------------------------------------
// Control constructors, for the wizards' forms

const showNumber = (value: number | undefined): string =>
  typeof value === "number" && Number.isFinite(value) ? String(value) : "";

/**
 * A required number: blank is NaN, which the wizard's `validate` asks for; text that is not a number
 * is NaN with the reader's message, which goes beside the field.
 */
export const number = (): TextControl<number> => ({
  kind: "number",
  read: (text, reader) => {
    const read = reader.number(text);
    return { value: read.value ?? NaN, error: read.error };
  },
  show: showNumber,
});

/**
 * An optional number: blank is left out (undefined), so the template takes its default (`fallback`
 * names it); text that is not a number is an error, never the default.
 */
export const optionalNumber = (
  options: { fallback?: string } = {}
): TextControl<number | undefined> => ({
  kind: "number",
  optional: true,
  fallback: options.fallback,
  read: (text, reader) => reader.number(text),
  show: showNumber,
});

export const text = (): TextControl<string> => ({
  kind: "text",
  read: (typed) => ({ value: typed }),
  show: (value) => value ?? "",
});

/** A date as the browser's date box gives it: yyyy-mm-dd, or "" when cleared. */
export const date = (): TextControl<string> => ({ ...text(), kind: "date" });

export const checkbox = (): CheckboxControl<boolean> => ({
  kind: "boolean",
  read: (checked) => checked,
  show: (value) => value === true,
});

/** A drop-down; `const` keeps the option values' literal types ("short" | "long"), checked against the key. */
export const select = <const V extends string>(
  options: readonly Option<V>[]
): SelectControl<V> => ({ kind: "select", options });

/**
 * Numbers typed in one box: one a line (`long`, where each line may group thousands), or a short list
 * separated by commas, semicolons or spaces (by semicolons or spaces where the comma is the decimal
 * separator). An entry that is not a number is NaN, and the first such entry's message goes beside
 * the box ("entry 3: …").
 */
export const numbers = (options: { long?: boolean } = {}): NumbersControl<number[]> => ({
  kind: "numbers",
  long: options.long,
  read: (typed, reader) => {
    const split = options.long ? /[\n;]+/ : reader.decimal === "," ? /[;\s]+/ : /[,;\s]+/;
    const parts = typed
      .split(split)
      .map((part) => part.trim())
      .filter((part) => part !== "");
    const read = parts.map((part) => reader.number(part));
    const bad = read.findIndex((entry) => entry.error !== undefined);
    return {
      value: read.map((entry) => entry.value ?? NaN),
      error: bad < 0 ? undefined : `entry ${bad + 1}: ${read[bad].error}`,
    };
  },
  show: (values) => (values ?? []).map(showNumber).join(options.long ? "\n" : ", "),
  count: (values) => (values ?? []).length,
});

/** A table whose rows are `R`: its columns are row fields, `blank` a new row's values. */
export function table<R>(spec: {
  columns: readonly ScalarField<R>[];
  blank: () => R;
}): TableControl<R[]> {
  return {
    kind: "table",
    columns: spec.columns.map((column) => ({ key: String(column.key), label: column.label })),
    bindRows: (rows, path, sink) =>
      (rows ?? []).map((row, i) =>
        spec.columns.map((column) =>
          bindScalar(column, row, `${path}.${i}.${String(column.key)}`, sink, {
            label: `${column.label}, row ${i + 1}`,
          })
        )
      ),
    add: (rows) => [...(rows ?? []), spec.blank()],
    remove: (rows, index) => (rows ?? []).filter((_, i) => i !== index),
  };
}

// ---------------------------------------------------------------------------------------------------
// Bound fields: what the view renders, with the types kept inside each `write`

interface BoundText {
  path: string;
  label: string;
  hint?: string;
}

export type BoundScalar =
  | (BoundText & {
      kind: "number" | "text" | "date";
      optional: boolean;
      text: string;
      /** What the blank field stands for now ("365"), for an optional field that has a default. */
      fallback?: () => string;
      write(text: string): void;
    })
  | (BoundText & { kind: "boolean"; checked: boolean; write(checked: boolean): void })
  | (BoundText & {
      kind: "select";
      options: { value: string; label: string }[];
      selected: string;
      write(value: string): void;
    });

export type Bound =
  | BoundScalar
  | (BoundText & {
      kind: "numbers";
      long: boolean;
      text: string;
      count: number;
      write(text: string): void;
    })
  | (BoundText & {
      kind: "table";
      columns: readonly { key: string; label: string }[];
      rows: BoundScalar[][];
      /** Structural changes: the view renders the fields again after them. */
      add(): void;
      remove(index: number): void;
    });

/** Where bound fields report text that did not read, and which reader they read with. */
export interface Sink {
  reader: Reader;
  problem(path: string, error: string | undefined): void;
  /** Forget the problems under `path` (rows added or removed renumber them). */
  forget(path: string): void;
  /** The user changed the field at `path`. */
  edited(path: string): void;
}

function bindScalar<I, K extends keyof I>(
  field: KeyedField<I, K, ScalarControl<I[K]>>,
  target: I,
  path: string,
  sink: Sink,
  words: { label?: string; fallback?: () => string } = {}
): BoundScalar {
  const base: BoundText = { path, label: words.label ?? field.label, hint: field.hint };
  const key = field.key;
  if (field.kind === "boolean") {
    return {
      ...base,
      kind: "boolean",
      checked: field.show(target[key]),
      write: (checked) => {
        target[key] = field.read(checked);
        sink.edited(path);
      },
    };
  }
  if (field.kind === "select") {
    const options = field.options;
    const current = options.find((option) => option.value === target[key]) ?? options[0];
    return {
      ...base,
      kind: "select",
      options: options.map((option) => ({ value: String(option.value), label: option.label })),
      selected: current === undefined ? "" : String(current.value),
      write: (value) => {
        const option = options.find((o) => String(o.value) === value);
        if (option) target[key] = option.value;
        sink.edited(path);
      },
    };
  }
  const fixed = field.fallback;
  return {
    ...base,
    kind: field.kind,
    optional: field.optional === true,
    text: field.show(target[key]),
    fallback: words.fallback ?? (fixed === undefined ? undefined : () => fixed),
    write: (typed) => {
      const parsed = field.read(typed, sink.reader);
      target[key] = parsed.value;
      sink.problem(path, parsed.error && `${base.label}: ${parsed.error}`);
      sink.edited(path);
    },
  };
}

function bindField<I, K extends keyof I>(
  field: KeyedField<I, K>,
  input: I,
  sink: Sink,
  fallback?: (input: I) => string
): Bound {
  const path = String(field.key);
  const key = field.key;
  if (field.kind === "numbers") {
    const value = input[key];
    return {
      path,
      label: field.label,
      hint: field.hint,
      kind: "numbers",
      long: field.long === true,
      text: field.show(value),
      count: field.count(value),
      write: (typed) => {
        const parsed = field.read(typed, sink.reader);
        input[key] = parsed.value;
        sink.problem(path, parsed.error && `${field.label}: ${parsed.error}`);
        sink.edited(path);
      },
    };
  }
  if (field.kind === "table") {
    return {
      path,
      label: field.label,
      hint: field.hint,
      kind: "table",
      columns: field.columns,
      rows: field.bindRows(input[key], path, sink),
      add: () => {
        input[key] = field.add(input[key]);
        sink.forget(path);
      },
      remove: (index) => {
        input[key] = field.remove(input[key], index);
        sink.forget(path);
      },
    };
  }
  return bindScalar(field, input, path, sink, {
    fallback: fallback && (() => fallback(input)),
  });
}

// ---------------------------------------------------------------------------------------------------
// The model

/**
 * A wizard's form with its current input: binds the fields, collects what they could not read, and
 * merges that with the wizard's own validation.
 */
export class FormModel<I> {
  private current: I;
  private readonly problems = new Map<string, string>();

  constructor(
    readonly form: WizardForm<I>,
    private readonly validate: (input: I) => FieldError[],
    input: I,
    private readonly reader: Reader = DEFAULT_READER
  ) {
    this.current = input;
  }

  get input(): I {
    return this.current;
  }

  /** A new input: the sample again, or one read from a selection. */
  reset(input: I): void {
    this.current = input;
    this.problems.clear();
  }

  /** The fields bound to the current input; bind again after `reset`, `add` or `remove`. */
  bind(): Bound[] {
    const sink: Sink = {
      reader: this.reader,
      problem: (path, error) => {
        if (error === undefined) this.problems.delete(path);
        else this.problems.set(path, error);
      },
      forget: (path) => {
        for (const key of [...this.problems.keys()])
          if (key === path || key.startsWith(`${path}.`)) this.problems.delete(key);
      },
      edited: (path) => {
        const top = this.form.fields.find((f) => String(f.key) === path.split(".")[0]);
        if (top && this.form.edited) this.form.edited(this.current, top.key);
      },
    };
    // Writes go into the current input object (a table's add and remove set its key to new rows).
    const fallbacks = this.form.fallbacks;
    return this.form.fields.map((field) =>
      bindField(field, this.current, sink, fallbacks?.[field.key])
    );
  }

  /** Text that did not read (one per field), then the wizard's messages for the other fields. */
  errors(): FieldError[] {
    const unread = [...this.problems].map(([field, message]) => ({ field, message }));
    const taken = new Set(this.problems.keys());
    return [...unread, ...this.validate(this.current).filter((e) => !taken.has(e.field))];
  }
}

// ---------------------------------------------------------------------------------------------------
// Messages beside the fields

/** The element id of a field's control: "holdings.3.price" → "field-holdings-3-price". */
export const fieldId = (path: string): string => `field-${path.replace(/\./g, "-")}`;

/**
 * Which shown field each message goes beside: the deepest shown field its path belongs to
 * ("holdings.3.price", else "holdings.3", else "holdings"). Messages for fields the form does not show
 * are `unplaced` (the summary lists every message anyway).
 */
export function placeErrors(
  errors: readonly FieldError[],
  shown: (path: string) => boolean
): { placed: Map<string, string[]>; unplaced: FieldError[] } {
  const placed = new Map<string, string[]>();
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const parts = error.field.split(".");
    let slot: string | undefined;
    for (let n = parts.length; n > 0 && slot === undefined; n--) {
      const path = parts.slice(0, n).join(".");
      if (shown(path)) slot = path;
    }
    if (slot === undefined) unplaced.push(error);
    else placed.set(slot, [...(placed.get(slot) ?? []), error.message]);
  }
  return { placed, unplaced };
}

/** The summary under the form: "Inputs are valid.", or a count and the first `shown` messages. */
export function errorSummary(
  errors: readonly FieldError[],
  shown = 8
): { ok: boolean; heading: string; messages: string[]; more: string | undefined } {
  if (errors.length === 0)
    return { ok: true, heading: "Inputs are valid.", messages: [], more: undefined };
  return {
    ok: false,
    heading:
      errors.length === 1 ? "1 input needs attention:" : `${errors.length} inputs need attention:`,
    messages: errors.slice(0, shown).map((e) => e.message),
    more: errors.length > shown ? `…and ${errors.length - shown} more.` : undefined,
  };
}
