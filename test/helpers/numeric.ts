/** Small helpers shared by the numeric tests: a seeded PRNG, relative error, a core error's kind. */
import { HedgeError } from "../../src/core/errors";

/** mulberry32: a small seeded PRNG, so every run checks the same data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const f64 = (values: number[]): Float64Array => Float64Array.from(values);

/** |actual − expected| ÷ |expected| (the absolute error when expected is 0). */
export const relative = (actual: number, expected: number): number =>
  Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);

/** The kind of the HedgeError `f` throws ("num", "div0", …), its text for anything else, or undefined. */
export const kindOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (error) {
    return error instanceof HedgeError ? error.kind : String(error);
  }
  return undefined;
};
