/** Conventions shared by the domains (spec/functions.md, "Conventions"). */

/** `-1` short, `1` long. A hedge of a long altcoin book is short, so `-1` is every default. */
export type Side = 1 | -1;

/** Linear (USDⓈ-margined, size in coins) or inverse (coin-margined, size in USD face value). */
export type ContractType = "linear" | "inverse";

/** Crypto trades every day: annualisation uses 365 days (spec: "Units"). */
export const DAYS_PER_YEAR = 365;
