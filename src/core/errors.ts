/**
 * Domain failures of the hedge mathematics.
 *
 * The core never imports Office types: it signals a problem with a `HedgeError` whose `kind` names the
 * Excel error the boundary (`src/functions`) turns it into. The kinds follow spec/functions.md:
 * - `value`: wrong type or shape, unknown mode, a required argument missing;
 * - `num`: a number outside its domain;
 * - `div0`: too few observations, zero variance, zero notional;
 * - `na`: mismatched series lengths, or no answer exists.
 */
export type ErrorKind = "value" | "num" | "div0" | "na";

export class HedgeError extends Error {
  readonly kind: ErrorKind;

  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.name = "HedgeError";
    this.kind = kind;
  }
}

export const valueError = (message: string): HedgeError => new HedgeError("value", message);
export const numError = (message: string): HedgeError => new HedgeError("num", message);
export const div0Error = (message: string): HedgeError => new HedgeError("div0", message);
export const naError = (message: string): HedgeError => new HedgeError("na", message);
