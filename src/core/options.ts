/**
 * Options on a future or forward: Black's model (Black, 1976; Hull, *Options, Futures, and Other
 * Derivatives*, §18.8 "Black's model for valuing futures options").
 *
 * Crypto option books (Deribit, OKX, Binance) price off the future or forward of the expiry, which is
 * exactly Black-76. Coin-settled (inverse) options such as Deribit's are quoted in the coin: the quote
 * premium divided by the forward (`unit = "coin"`).
 *
 * The normal distribution comes from stdlib (@stdlib/stats-base-dists-normal-*), not hand-rolled.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalPdf from "@stdlib/stats-base-dists-normal-pdf";
import { requireFinite, requireNonNegative, requirePositive, show } from "./checks";
import { numError } from "./errors";

export const OPTION_TYPES = ["call", "put"] as const;
export type OptionType = (typeof OPTION_TYPES)[number];
export const PREMIUM_UNITS = ["quote", "coin"] as const;
export type PremiumUnit = (typeof PREMIUM_UNITS)[number];

const N = (x: number): number => normalCdf(x, 0, 1);
const phi = (x: number): number => normalPdf(x, 0, 1);

/** The inputs of Black's model, checked once. */
export interface BlackInputs {
  forward: number;
  strike: number;
  years: number;
  volatility: number;
  rate: number;
}

export function checkBlackInputs({ forward, strike, years, volatility, rate }: BlackInputs): void {
  requirePositive(forward, "forward");
  requirePositive(strike, "strike");
  requireNonNegative(years, "years");
  requirePositive(volatility, "volatility");
  requireFinite(rate, "rate");
}

/**
 * Black-76 premium per unit of underlying, in quote currency:
 * call e^(−rT)(F·N(d1) − K·N(d2)), put e^(−rT)(K·N(−d2) − F·N(−d1)),
 * d1 = (ln(F/K) + σ²T/2)/(σ√T), d2 = d1 − σ√T. At T = 0, the intrinsic value. O(1).
 *
 * @example black76Core({ forward: 20, strike: 20, years: 4 / 12, volatility: 0.25, rate: 0.09 }, "put") // 1.1166
 */
export function black76Core(
  { forward: F, strike: K, years: T, volatility: sigma, rate: r }: BlackInputs,
  type: OptionType
): number {
  const discount = Math.exp(-r * T);
  if (T === 0) return type === "call" ? Math.max(F - K, 0) : Math.max(K - F, 0);
  const sd = sigma * Math.sqrt(T);
  const d1 = Math.log(F / K) / sd + sd / 2;
  const d2 = d1 - sd;
  const value = type === "call" ? F * N(d1) - K * N(d2) : K * N(-d2) - F * N(-d1);
  return discount * Math.max(value, 0);
}

/** Black-76 premium in the chosen unit (coin = quote ÷ forward). */
export function black76(
  inputs: BlackInputs,
  type: OptionType = "put",
  unit: PremiumUnit = "quote"
): number {
  checkBlackInputs(inputs);
  const premium = black76Core(inputs, type);
  return unit === "coin" ? premium / inputs.forward : premium;
}

/**
 * Black-76 delta with respect to the forward: call e^(−rT)·N(d1), put −e^(−rT)·N(−d1). `unit = "coin"`
 * gives the premium-adjusted delta of a coin-settled option, delta − premium in coin (Deribit's
 * convention: the premium itself is held in the coin). At T = 0 the delta of the payoff: call 1, 0 or
 * 0.5 in, out of or at the money (put −1, 0, −0.5). O(1).
 */
export function optionDelta(
  inputs: BlackInputs,
  type: OptionType = "put",
  unit: PremiumUnit = "quote"
): number {
  checkBlackInputs(inputs);
  const { forward: F, strike: K, years: T, volatility: sigma, rate: r } = inputs;
  let delta: number;
  if (T === 0) {
    const callDelta = F > K ? 1 : F < K ? 0 : 0.5;
    delta = type === "call" ? callDelta : callDelta - 1;
  } else {
    const sd = sigma * Math.sqrt(T);
    const d1 = Math.log(F / K) / sd + sd / 2;
    const discount = Math.exp(-r * T);
    delta = type === "call" ? discount * N(d1) : -discount * N(-d1);
  }
  return unit === "coin" ? delta - black76Core(inputs, type) / F : delta;
}

/**
 * Put premium minus call premium per unit (negative: the collar is a net credit): the cost of
 * protecting a long book with a put at `putStrike` financed by selling a call at `callStrike`.
 */
export function collarCost(
  forward: number,
  putStrike: number,
  callStrike: number,
  years: number,
  putVolatility: number,
  callVolatility: number,
  rate = 0,
  unit: PremiumUnit = "quote"
): number {
  const put = { forward, strike: putStrike, years, volatility: putVolatility, rate };
  const call = { forward, strike: callStrike, years, volatility: callVolatility, rate };
  requirePositive(putStrike, "put_strike");
  requirePositive(callStrike, "call_strike");
  requirePositive(putVolatility, "put_vol");
  requirePositive(callVolatility, "call_vol");
  checkBlackInputs(put);
  checkBlackInputs(call);
  const cost = black76Core(put, "put") - black76Core(call, "call");
  return unit === "coin" ? cost / forward : cost;
}

/**
 * The Black-76 volatility that reproduces `premium` to 1e-10 relative.
 *
 * Solved on the out-of-the-money side (an in-the-money premium is turned into its OTM twin by put–call
 * parity, c − p = e^(−rT)(F − K)), where the price is a smooth increasing function of σ: Newton steps on
 * σ with vega, kept inside a bisection bracket so that a step that leaves it is replaced by bisection.
 * No-arbitrage bounds: intrinsic < premium < e^(−rT)·F (call) or e^(−rT)·K (put). O(1), at most 200
 * iterations.
 */
export function impliedVol(
  premium: number,
  forward: number,
  strike: number,
  years: number,
  rate = 0,
  type: OptionType = "put",
  unit: PremiumUnit = "quote"
): number {
  requireFinite(premium, "premium");
  requirePositive(forward, "forward");
  requirePositive(strike, "strike");
  requireNonNegative(years, "years");
  requireFinite(rate, "rate");
  if (years === 0) throw numError("years is 0: an expired option has no implied volatility");
  const F = forward;
  const K = strike;
  const T = years;
  const discount = Math.exp(-rate * T);
  const quote = unit === "coin" ? premium * F : premium;
  const intrinsic = discount * (type === "call" ? Math.max(F - K, 0) : Math.max(K - F, 0));
  const upper = discount * (type === "call" ? F : K);
  if (!(quote > intrinsic && quote < upper)) {
    throw numError(
      `premium ${show(premium)} is outside the no-arbitrage bounds (${show(unit === "coin" ? intrinsic / F : intrinsic)}, ${show(unit === "coin" ? upper / F : upper)}) for this ${type}`
    );
  }
  // The out-of-the-money side: a call when K ≥ F, a put when K < F.
  const otmType: OptionType = K >= F ? "call" : "put";
  const target =
    otmType === type
      ? quote
      : type === "call"
        ? quote - discount * (F - K)
        : quote + discount * (F - K);
  if (!(target > 0))
    throw numError("premium is too close to intrinsic value to imply a volatility");

  const price = (sigma: number): number =>
    black76Core({ forward: F, strike: K, years: T, volatility: sigma, rate }, otmType);
  let lo = 0;
  let hi = 1;
  while (price(hi) < target) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw numError("premium implies a volatility above 100,000,000%");
  }
  // Start from the at-the-money approximation (Brenner–Subrahmanyam), clipped into the bracket.
  let sigma = Math.min(
    Math.max(Math.sqrt((2 * Math.PI) / T) * (target / (discount * F)), (lo + hi) / 2 / 4),
    hi
  );
  if (!(sigma > lo && sigma < hi)) sigma = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const diff = price(sigma) - target;
    if (Math.abs(diff) <= 1e-13 * target) return sigma;
    if (diff > 0) hi = sigma;
    else lo = sigma;
    const sd = sigma * Math.sqrt(T);
    const d1 = Math.log(F / K) / sd + sd / 2;
    const vega = discount * F * phi(d1) * Math.sqrt(T);
    let next = sigma - diff / vega;
    if (!(next > lo && next < hi) || !Number.isFinite(next)) next = (lo + hi) / 2;
    if (Math.abs(next - sigma) <= 1e-16 * sigma) return next;
    sigma = next;
  }
  const achieved = price(sigma);
  if (Math.abs(achieved - target) <= 1e-10 * target) return sigma;
  throw numError("the implied volatility search did not converge for this premium");
}
