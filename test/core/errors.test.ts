/** src/core/errors: the typed failures the Excel boundary maps to #VALUE!, #NUM!, #DIV/0! and #N/A. */
import { div0Error, HedgeError, naError, numError, valueError } from "../../src/core/errors";

test("each constructor makes a HedgeError of its kind, with the message as given", () => {
  const made = [valueError("a"), numError("b"), div0Error("c"), naError("d")];
  expect(made.map((e) => [e.kind, e.message])).toEqual([
    ["value", "a"],
    ["num", "b"],
    ["div0", "c"],
    ["na", "d"],
  ]);
  for (const error of made) {
    expect(error).toBeInstanceOf(HedgeError);
    expect(error).toBeInstanceOf(Error); // callers may catch it as any error
    expect(error.name).toBe("HedgeError");
  }
});

test("a HedgeError thrown through a caller keeps its kind", () => {
  const run = (): never => {
    throw numError("strike must be greater than 0, got -1");
  };
  expect(run).toThrow(HedgeError);
  try {
    run();
  } catch (error) {
    expect((error as HedgeError).kind).toBe("num");
  }
});
