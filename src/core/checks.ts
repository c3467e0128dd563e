/**
 * Preconditions that name the bad value, QuantLib style:
 * "maintenance_rate must be in [0, 1), got 1.2". Names are the spec's argument names, because the
 * message reaches the person who typed the formula.
 */
import { div0Error, numError } from "./errors";

/** Formats a number the way a person reads it in a message (no 0.30000000000000004 noise). */
export function show(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(12)));
}

export function requireFinite(value: number, name: string): number {
  if (!Number.isFinite(value)) throw numError(`${name} must be a finite number, got ${value}`);
  return value;
}

/** Prices, forwards, strikes: strictly positive (spec: ≤ 0 is #NUM!). */
export function requirePositive(value: number, name: string): number {
  requireFinite(value, name);
  if (!(value > 0)) throw numError(`${name} must be greater than 0, got ${show(value)}`);
  return value;
}

export function requireNonNegative(value: number, name: string): number {
  requireFinite(value, name);
  if (value < 0) throw numError(`${name} must not be negative, got ${show(value)}`);
  return value;
}

/**
 * A divisor that may be zero in a user's sheet: zero is #DIV/0! (as Excel divides), negative is #NUM!.
 */
export function requirePositiveDivisor(value: number, name: string): number {
  requireFinite(value, name);
  if (value === 0) throw div0Error(`${name} is 0: cannot divide by zero`);
  if (value < 0) throw numError(`${name} must not be negative, got ${show(value)}`);
  return value;
}

/** `lo ≤ value < hi` (the half-open interval of rates such as a maintenance margin rate). */
export function requireInHalfOpen(value: number, name: string, lo: number, hi: number): number {
  requireFinite(value, name);
  if (!(value >= lo && value < hi)) {
    throw numError(`${name} must be in [${show(lo)}, ${show(hi)}), got ${show(value)}`);
  }
  return value;
}

/** `lo < value < hi`. */
export function requireInOpen(value: number, name: string, lo: number, hi: number): number {
  requireFinite(value, name);
  if (!(value > lo && value < hi)) {
    throw numError(
      `${name} must be between ${show(lo)} and ${show(hi)} (exclusive), got ${show(value)}`
    );
  }
  return value;
}

/** `lo < value ≤ hi`. */
export function requireInLeftOpen(value: number, name: string, lo: number, hi: number): number {
  requireFinite(value, name);
  if (!(value > lo && value <= hi)) {
    throw numError(`${name} must be in (${show(lo)}, ${show(hi)}], got ${show(value)}`);
  }
  return value;
}
