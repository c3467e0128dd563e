/**
 * "Fill from imported tables": the canonical tables an import writes (../imports/canonical —
 * `Holdings`, `Funding`, `Trades`, `ClosedPnL`, `Prices`) read into the inputs of the wizards that
 * use them, so that an analyst who downloaded the book does not type it again. One function per
 * wizard, each returning the input with the fields it names replaced, and the notes the pane shows:
 * what was read, what was assumed, what is left for the user to fill.
 *
 * Rules, the import's own ("Recognise, don't guess"):
 * - tables are read by their column names (`columnIndex`), never by position or by guessing;
 * - a number nobody gave is left NaN (the form asks for it) and said in a note, never invented;
 * - a fill replaces only the fields it names; the sample's numbers in fields that belong to what was
 *   replaced (a proxy's mark, a hedge's notional) are cleared so that no sample number prices the
 *   user's book, but a number the user typed there stays;
 * - a table that is missing or empty leaves the input as it was, with a note naming the table.
 *
 * Pure code: no DOM, no Office. Every function is linear in the rows read (one pass per table, plus a
 * sort of the days for the review), so a year of hourly prices fills in milliseconds.
 */
import {
  CANONICAL_COLUMNS,
  CANONICAL_KINDS,
  baseAsset,
  canonicalKindOf,
  columnIndex,
  type CanonicalKind,
  type CanonicalRow,
  type CanonicalValue,
} from "../imports/canonical";
import { liquidityTier } from "../core/sizing";
import { isIsoDate, isoToSerial, plural, showNumber, type Holding } from "./common";
import { sampleExposure, type ExposureInput, type ProxyInstrument } from "./exposure";
import type { EffectivenessInput } from "./effectiveness";
import {
  sampleStress,
  type LiquidityTier,
  type StressHedge,
  type StressHolding,
  type StressInput,
  type StressVenue,
} from "./stress";
import type { ClosedPosition, ReportInput } from "./report";

/** The canonical tables' names and columns, for the pane (which reads them through the templates). */
export {
  CANONICAL_COLUMNS,
  CANONICAL_KINDS,
  canonicalKindOf,
  type CanonicalKind,
  type CanonicalRow,
};

/** The canonical tables as the workbook port reads them: per kind, its sheet and its rows. */
export type CanonicalTables = Partial<
  Record<CanonicalKind, { sheet?: string; rows: readonly CanonicalRow[] }>
>;

/** A wizard's input with the tables read in, and what the pane says about it. */
export interface FromTables<I> {
  input: I;
  notes: string[];
}

/** The effectiveness review's fill also says which hedge symbol it used (undefined: none yet). */
export interface EffectivenessFromTables extends FromTables<EffectivenessInput> {
  hedgeSymbol: string | undefined;
}

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------------
// Reading cells by column name

/** The cell of `row` under `column` of `kind`. */
const cell = (kind: CanonicalKind, row: CanonicalRow, column: string): CanonicalValue =>
  row[columnIndex(kind, column)] ?? null;

/** A number as the import writes it (a number), or text that is a plain number; else undefined. */
function numberOf(value: CanonicalValue): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value === "string" && value.trim() !== "") {
    const read = Number(value.trim());
    return Number.isFinite(read) ? read : undefined;
  }
  return undefined;
}

const textOf = (value: CanonicalValue): string => (value === null ? "" : String(value).trim());

/** yyyy-mm-dd of an epoch-ms time (UTC). */
const isoDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** The rows of `kind`, or undefined when the workbook has no such table or it has no rows. */
const rowsOf = (
  tables: CanonicalTables,
  kind: CanonicalKind
): readonly CanonicalRow[] | undefined =>
  tables[kind]?.rows.length ? tables[kind]!.rows : undefined;

/** "No Holdings table (or it is empty): import an account statement first." */
const missing = (kind: CanonicalKind, what: string): string =>
  `No ${kind} table in the workbook (or it has no rows): import ${what} first; the form is unchanged.`;

const IMPORT_WHAT: Record<CanonicalKind, string> = {
  Holdings: "an account statement",
  Prices: "a price history",
  Funding: "a transaction log with funding",
  Trades: "a trade history",
  ClosedPnL: "a closed-P&L export",
};

/** "SOL, ARB and 3 more" */
function listed(names: readonly string[], shown = 6): string {
  if (names.length <= 1) return names.join("");
  if (names.length > shown)
    return `${names.slice(0, shown).join(", ")} and ${names.length - shown} more`;
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

// ---------------------------------------------------------------------------------------------------
// The book: Holdings, latest balance per venue, summed per asset

/** One asset of the book: its quantity summed over venues, and the newest statement it came from. */
export interface BookAsset {
  asset: string;
  quantity: number;
  /** The latest "As of (UTC)" among the venues' balances summed (epoch ms). */
  asOf: number;
  venues: string[];
}

/**
 * The book the `Holdings` table says is held now. Holdings are running balances: each account
 * statement appends one row per asset as of its time, so for each (Venue, Asset) the row with the
 * latest As of is the balance, and the book's quantity of an asset is the sum of those balances over
 * venues. Rows without an asset, a quantity or a time are skipped; a later row with the same venue,
 * asset and time replaces an earlier one (a statement imported again). Assets whose balances sum to 0
 * are not held and are left out. Largest quantity first is not meaningful across assets, so the order
 * is the table's order of first appearance. O(rows).
 */
export function latestHoldings(rows: readonly CanonicalRow[]): {
  book: BookAsset[];
  skipped: number;
  emptied: string[];
  /** Assets whose balance at a venue is a sum of changes (a Binance account statement), not a balance. */
  summed: string[];
} {
  const latest = new Map<
    string,
    { asset: string; venue: string; quantity: number; asOf: number; summed: boolean }
  >();
  let skipped = 0;
  for (const row of rows) {
    const asset = textOf(cell("Holdings", row, "Asset")).toUpperCase();
    const quantity = numberOf(cell("Holdings", row, "Quantity"));
    const asOf = numberOf(cell("Holdings", row, "As of (UTC)"));
    if (asset === "" || quantity === undefined || asOf === undefined) {
      skipped++;
      continue;
    }
    const venue = textOf(cell("Holdings", row, "Venue"));
    const key = `${venue.toLowerCase()}\u0000${asset}`;
    const held = latest.get(key);
    // A Binance account statement gives changes, not balances: its Holdings row is their sum over
    // the file (src/imports/formats/binanceStatement.ts), which the fill must not pass off as a balance.
    const summed = textOf(cell("Holdings", row, "Source")).includes("Binance Account Statement");
    if (held === undefined || asOf >= held.asOf)
      latest.set(key, { asset, venue, quantity, asOf, summed });
  }
  const byAsset = new Map<string, BookAsset>();
  for (const { asset, venue, quantity, asOf } of latest.values()) {
    const line = byAsset.get(asset) ?? { asset, quantity: 0, asOf, venues: [] };
    line.quantity += quantity;
    line.asOf = Math.max(line.asOf, asOf);
    if (venue !== "" && !line.venues.includes(venue)) line.venues.push(venue);
    byAsset.set(asset, line);
  }
  const book = [...byAsset.values()];
  const summed = new Set(
    [...latest.values()].filter((held) => held.summed && held.quantity !== 0).map((h) => h.asset)
  );
  return {
    book: book.filter((line) => line.quantity !== 0),
    skipped,
    emptied: book.filter((line) => line.quantity === 0).map((line) => line.asset),
    summed: [...summed],
  };
}

// ---------------------------------------------------------------------------------------------------
// Prices: which symbol prices an asset, its last close and volume, its daily closes

/** Quotes that price an asset in dollars; a bare symbol (CoinGecko's "SOL") is read as USD too. */
const USD_QUOTES = ["USD", "USDT", "USDC", "FDUSD", "BUSD", "TUSD", "PERP", "PERPETUAL", "SWAP"];

/**
 * How a symbol quotes its base asset: 0 for USD or USDT (the usual spot pairs), 1 for another dollar
 * stablecoin or a bare asset, 2 for a dollar-margined perpetual, undefined for a quote that is not
 * dollars (SOLBTC, ETHEUR), which must not price a dollar book.
 */
export function usdQuoteRank(symbol: string): number | undefined {
  const upper = symbol.trim().toUpperCase();
  const base = baseAsset(upper);
  const rest = upper.slice(base.length).replace(/^[/_-]/, "");
  const quote = rest.split(/[/_-]/)[0];
  if (quote === "USD" || quote === "USDT") return 0;
  if (["", "USDC", "FDUSD", "BUSD", "TUSD"].includes(quote)) return 1;
  return USD_QUOTES.includes(quote) ? 2 : undefined;
}

/** One symbol of the Prices table: its daily closes (last close of each UTC day) and its last row. */
export interface PriceSeries {
  symbol: string;
  asset: string;
  /** UTC day number (epoch ms ÷ 86,400,000, floored) → that day's last close. */
  closes: Map<number, number>;
  /** The latest row with a close: its time, close and volume (undefined when blank or 0). */
  last: { time: number; close: number; volume: number | undefined };
}

/**
 * The Prices table by symbol: for each symbol, the close of each UTC day (the latest row of the day,
 * so hourly candles give the day's last close) and its newest row. Rows without a symbol, a time or a
 * positive close are skipped. O(rows).
 */
export function priceSeries(rows: readonly CanonicalRow[]): Map<string, PriceSeries> {
  const series = new Map<string, PriceSeries>();
  const timeOfDay = new Map<string, number>(); // symbol|day → time of the close kept
  for (const row of rows) {
    const symbol = textOf(cell("Prices", row, "Symbol"));
    const time = numberOf(cell("Prices", row, "Date (UTC)"));
    const close = numberOf(cell("Prices", row, "Close"));
    if (symbol === "" || time === undefined || close === undefined || !(close > 0)) continue;
    const key = symbol.toUpperCase();
    const volume = numberOf(cell("Prices", row, "Volume"));
    const one = series.get(key) ?? {
      symbol,
      asset: baseAsset(symbol),
      closes: new Map<number, number>(),
      last: { time: -Infinity, close, volume: undefined },
    };
    const day = Math.floor(time / DAY_MS);
    const dayKey = `${key}|${day}`;
    if (time >= (timeOfDay.get(dayKey) ?? -Infinity)) {
      one.closes.set(day, close);
      timeOfDay.set(dayKey, time);
    }
    if (time >= one.last.time)
      one.last = { time, close, volume: volume !== undefined && volume > 0 ? volume : undefined };
    series.set(key, one);
  }
  return series;
}

/**
 * The symbol that prices `asset` in dollars: among the Prices symbols whose base asset it is and whose
 * quote is dollars (`usdQuoteRank`), the one with the newest close; on the same day, USD/USDT before
 * the other stablecoins and bare assets, before perpetuals. Undefined when none. O(symbols).
 */
export function priceSymbolOf(
  prices: ReadonlyMap<string, PriceSeries>,
  asset: string
): PriceSeries | undefined {
  let best: { series: PriceSeries; rank: number } | undefined;
  for (const series of prices.values()) {
    if (series.asset !== asset) continue;
    const rank = usdQuoteRank(series.symbol);
    if (rank === undefined) continue;
    const newer = best === undefined || series.last.time > best.series.last.time;
    const sameDay = best !== undefined && series.last.time === best.series.last.time;
    if (newer || (sameDay && rank < best!.rank)) best = { series, rank };
  }
  return best?.series;
}

/** The symbols of the Prices table, in order of first appearance (the pane offers them). */
export function priceSymbols(tables: CanonicalTables): string[] {
  return [...priceSeries(rowsOf(tables, "Prices") ?? []).values()].map((s) => s.symbol);
}

/** One holding of the book with the dollar price the Prices table gives it. */
interface PricedAsset extends BookAsset {
  series: PriceSeries;
  price: number;
  /** 24h volume in dollars: the last row's volume × its close, undefined without a volume. */
  adv: number | undefined;
}

/**
 * The book priced: each asset of `latestHoldings` with the last close of its dollar symbol, and the
 * notes a wizard shows about it (what was read, what was left out and why). O(rows).
 */
function pricedBook(tables: CanonicalTables): {
  priced: PricedAsset[];
  notes: string[];
} {
  const notes: string[] = [];
  const holdings = latestHoldings(rowsOf(tables, "Holdings")!);
  const prices = priceSeries(rowsOf(tables, "Prices")!);
  const priced: PricedAsset[] = [];
  const unpriced: string[] = [];
  for (const line of holdings.book) {
    const series = priceSymbolOf(prices, line.asset);
    if (series === undefined) {
      unpriced.push(line.asset);
      continue;
    }
    const { close, volume } = series.last;
    priced.push({
      ...line,
      series,
      price: close,
      adv: volume === undefined ? undefined : volume * close,
    });
  }
  const newest = holdings.book.reduce((t, line) => Math.max(t, line.asOf), -Infinity);
  notes.push(
    `Read the book from ${plural(holdings.book.length, "asset")} of the Holdings table: for each venue and asset its latest balance (newest as of ${Number.isFinite(newest) ? isoDay(newest) : "—"}), summed over venues.`
  );
  if (priced.length > 0)
    notes.push(
      `Priced at the last close in Prices: ${listed(priced.map((p) => `${p.asset} ${showNumber(p.price)} (${p.series.symbol}, ${isoDay(p.series.last.time)})`))}.`
    );
  if (unpriced.length > 0)
    notes.push(
      `Left out, no dollar price in Prices: ${listed(unpriced)}. Stablecoins are cash, not altcoin exposure; for a token, import its price history and fill again.`
    );
  if (holdings.emptied.length > 0)
    notes.push(`Left out, balance 0 (no longer held): ${listed(holdings.emptied)}.`);
  if (holdings.summed.length > 0)
    notes.push(
      `Check ${listed(holdings.summed)}: a Binance account statement records changes, not balances, so the quantity read is the sum of the changes in the statement imported last — the holding only if that statement starts at the account's opening.`
    );
  if (holdings.skipped > 0)
    notes.push(
      `Skipped ${plural(holdings.skipped, "Holdings row")} without an asset, a quantity or a time.`
    );
  return { priced, notes };
}

/**
 * The tables a fill needs, or the notes saying which is missing (the input is then left as it was).
 */
function need(tables: CanonicalTables, kinds: readonly CanonicalKind[]): string[] {
  return kinds
    .filter((kind) => rowsOf(tables, kind) === undefined)
    .map((kind) => missing(kind, IMPORT_WHAT[kind]));
}

/**
 * `current` with each row's `fields` set to NaN where they still hold the sample's number (the same
 * row of the sample, the same name): no sample number prices or stresses the user's book, and a
 * number the user typed stays. O(rows × fields).
 */
function clearSample<R extends object>(
  current: readonly R[],
  sample: readonly R[],
  name: keyof R,
  fields: readonly (keyof R)[]
): { rows: R[]; cleared: number } {
  let cleared = 0;
  const rows = current.map((row, i) => {
    const original = sample[i];
    if (original === undefined || original[name] !== row[name]) return row;
    const copy = { ...row };
    for (const field of fields)
      if (typeof row[field] === "number" && row[field] === original[field]) {
        (copy as Record<keyof R, unknown>)[field] = NaN;
        cleared++;
      }
    return copy;
  });
  return { rows, cleared };
}

// ---------------------------------------------------------------------------------------------------
// Exposure segmentation

/**
 * The exposure wizard's holdings from `Holdings` and `Prices` (seed: "The first step is to quantify the
 * total altcoin exposure … current holdings"):
 * - each asset of the book (`latestHoldings`), priced at the last close of its dollar symbol
 *   (`priceSymbolOf`); an asset without one — a stablecoin, a token with no imported history — is left
 *   out and named in a note;
 * - its 24h ADV = the last row's Volume × Close (Volume read as coins of the asset); without a volume
 *   the ADV is NaN, for the user to fill (a note says which);
 * - not locked, beta left blank (1): the tables say nothing of lockups or betas (a note says so).
 * The holdings are replaced whole: nothing of the sample survives in them. The proxies keep their
 * names and contract sizes; a proxy's mark is the last close of its base asset where Prices has it
 * (BTC-PERP ← BTCUSDT), its beta 1 when it is the benchmark itself; the sample's marks and betas left
 * otherwise are cleared, for the form to ask. O(rows).
 */
export function exposureFromTables(
  input: ExposureInput,
  tables: CanonicalTables
): FromTables<ExposureInput> {
  const absent = need(tables, ["Holdings", "Prices"]);
  if (absent.length > 0) return { input, notes: absent };
  const { priced, notes } = pricedBook(tables);
  const holdings: Holding[] = priced.map((p) => ({
    token: p.asset,
    quantity: p.quantity,
    price: p.price,
    adv: p.adv ?? NaN,
    locked: false,
  }));
  const noVolume = priced.filter((p) => p.adv === undefined).map((p) => p.asset);
  if (priced.some((p) => p.adv !== undefined))
    notes.push(
      "24h ADV = the last day's Volume × Close in Prices (the volume read as coins of the asset)."
    );
  if (noVolume.length > 0)
    notes.push(
      `No volume in Prices for ${listed(noVolume)}: fill in its 24h ADV, which sets the liquidity tier.`
    );
  notes.push(
    "The tables do not say which holdings are locked, staked or vesting, nor their betas: tick Locked where it applies; a blank beta is 1."
  );

  // The proxies: the sample's numbers go, prices from the tables come in.
  const prices = priceSeries(rowsOf(tables, "Prices")!);
  const cleared = clearSample(input.proxies, sampleExposure().proxies, "instrument", [
    "mark",
    "beta",
  ]);
  const benchmark = input.benchmark.trim().toUpperCase();
  const marked: string[] = [];
  const proxies: ProxyInstrument[] = cleared.rows.map((proxy) => {
    const asset = baseAsset(proxy.instrument);
    const series = priceSymbolOf(prices, asset);
    const copy = { ...proxy };
    if (series !== undefined) {
      copy.mark = series.last.close;
      marked.push(`${proxy.instrument} ${showNumber(series.last.close)} (${series.symbol})`);
    }
    if (asset === benchmark && !Number.isFinite(copy.beta)) copy.beta = 1;
    return copy;
  });
  if (marked.length > 0)
    notes.push(`Proxy marks from the last close in Prices: ${listed(marked)}.`);
  const asked = proxies.filter((p) => !Number.isFinite(p.mark) || !Number.isFinite(p.beta));
  if (asked.length > 0)
    notes.push(
      `Fill in the mark price and beta of ${listed(asked.map((p) => p.instrument))}: the sample's are cleared so that they do not price your hedge.`
    );
  return { input: { ...input, holdings, proxies }, notes };
}

// ---------------------------------------------------------------------------------------------------
// Stress scenarios

/**
 * The stress wizard's book from `Holdings` and `Prices`: each asset priced as for exposure
 * (`exposureFromTables`), its value = quantity × last close, its liquidity tier the one
 * ALTHEDGE.LIQUIDITYTIER gives at the exposure wizard's defaults (10% participation, boundaries at 1
 * and 5 days) from the 24h ADV = Volume × Close; without a volume, the Low tier — the conservative
 * choice: the liquidity gap and the larger correlation-break move apply to it — said in a note. Not
 * locked, beta blank (1). The book is replaced whole; the sample's hedge notionals and betas and
 * venue numbers still in the form are cleared (numbers the user typed stay), so that nothing of the
 * sample stresses the user's book. O(rows).
 */
export function stressFromTables(
  input: StressInput,
  tables: CanonicalTables
): FromTables<StressInput> {
  const absent = need(tables, ["Holdings", "Prices"]);
  if (absent.length > 0) return { input, notes: absent };
  const { priced, notes } = pricedBook(tables);
  const guessedLow: string[] = [];
  const book: StressHolding[] = priced.map((p) => {
    const value = p.quantity * p.price;
    let tier: LiquidityTier = "Low";
    if (p.adv !== undefined && value > 0) tier = liquidityTier(value, p.adv) as LiquidityTier;
    else guessedLow.push(p.asset);
    return { token: p.asset, value, tier, locked: false };
  });
  notes.push(
    "Value = quantity × last close. Tier from days to liquidate at 10% of the 24h volume (Volume × Close in Prices): High within 1 day, Medium within 5, Low beyond."
  );
  if (guessedLow.length > 0)
    notes.push(
      `No volume in Prices for ${listed(guessedLow)}: put in the Low tier, the conservative choice (thinly traded assets get the liquidity gap); change it if it trades more.`
    );
  notes.push(
    "The tables do not say which holdings are locked, staked or vesting, nor their betas: tick Locked where it applies; a blank beta is 1."
  );
  const sample = sampleStress();
  const hedges = clearSample<StressHedge>(input.hedges, sample.hedges, "instrument", [
    "notional",
    "beta",
  ]);
  const venues = clearSample<StressVenue>(input.venues, sample.venues, "venue", [
    "marginBalance",
    "notional",
    "maintenanceRate",
  ]);
  if (hedges.cleared + venues.cleared > 0)
    notes.push(
      "The sample's hedge notionals and betas and its venues' numbers are cleared: fill in your hedge and margin."
    );
  return { input: { ...input, book, hedges: hedges.rows, venues: venues.rows }, notes };
}

// ---------------------------------------------------------------------------------------------------
// Effectiveness review

/**
 * The effectiveness review's two series from `Prices` and `Holdings` (seed: "Effectiveness should be
 * evaluated using tracking error and drawdown reduction versus the unhedged portfolio"):
 * - the item is the book (`latestHoldings`, today's quantities held over the whole history — a review
 *   of the hedge on the book as it is now): its value on a day is Σ quantity × that day's close of the
 *   asset's dollar symbol, over the UTC days on which every priced asset of the book and the hedge
 *   have a close; item change on day d = Σ quantity × (close(d) − close(d−1));
 * - the hedge is a value-matched short in `hedgeSymbol`: −(book value on the first day ÷ hedge close on
 *   the first day) units, so hedge change on day d = −(V₀ ÷ H₀) × (H(d) − H(d−1));
 * - dates: one per change (the days after the first); start value: the book's value on the first day.
 * Without Holdings the book is one coin of the one asset of Prices besides the hedge's (the measures
 * are ratios, the same for any quantity); with more than one such asset the fill asks for Holdings.
 *
 * The hedge symbol: the caller's, else a BTC symbol of Prices (BTC is the liquid proxy the seed's
 * hedges use) unless BTC is the book's only asset; else none — a hedge on a token itself would
 * measure nothing but the alignment of its own prices — and the hedge series is left empty, with a
 * note, for the user to choose a symbol. The rolling window is shortened to the periods read when it
 * is longer. Replaces the item and hedge changes, dates and start value. O(rows + days·log days).
 */
export function effectivenessFromTables(
  input: EffectivenessInput,
  tables: CanonicalTables,
  options: { hedgeSymbol?: string } = {}
): EffectivenessFromTables {
  const absent = need(tables, ["Prices"]);
  if (absent.length > 0) return { input, notes: absent, hedgeSymbol: undefined };
  const prices = priceSeries(rowsOf(tables, "Prices")!);
  const notes: string[] = [];

  // The book: Holdings priced, or one coin of the one asset of Prices.
  let book: { asset: string; quantity: number; series: PriceSeries }[];
  if (rowsOf(tables, "Holdings") !== undefined) {
    const read = pricedBook(tables);
    notes.push(...read.notes);
    book = read.priced.map((p) => ({ asset: p.asset, quantity: p.quantity, series: p.series }));
  } else {
    const hedgeAsset = options.hedgeSymbol ? baseAsset(options.hedgeSymbol) : "BTC";
    const assets = [...new Set([...prices.values()].map((s) => s.asset))].filter(
      (a) => a !== hedgeAsset && priceSymbolOf(prices, a) !== undefined
    );
    if (assets.length !== 1)
      return {
        input,
        notes: [
          `No Holdings table: with ${assets.length === 0 ? "no asset" : `${assets.length} assets`} in Prices besides the hedge's, the review cannot tell what the book holds. Import an account statement first; the form is unchanged.`,
        ],
        hedgeSymbol: undefined,
      };
    const series = priceSymbolOf(prices, assets[0])!;
    book = [{ asset: assets[0], quantity: 1, series }];
    notes.push(
      `No Holdings table: the book is one ${assets[0]} (${series.symbol}). The measures are ratios, the same for any quantity; the values are per coin.`
    );
  }
  if (book.length === 0)
    return {
      input,
      notes: [...notes, "No asset of the book has a price in Prices: the form is unchanged."],
      hedgeSymbol: undefined,
    };

  // The hedge: the caller's symbol, else BTC's, else none.
  let hedge: PriceSeries | undefined;
  if (options.hedgeSymbol !== undefined) {
    hedge = prices.get(options.hedgeSymbol.trim().toUpperCase());
    if (hedge === undefined)
      return {
        input,
        notes: [...notes, `Prices has no symbol ${options.hedgeSymbol}: the form is unchanged.`],
        hedgeSymbol: undefined,
      };
  } else {
    const onlyBtc = book.length === 1 && book[0].asset === "BTC";
    hedge = onlyBtc ? undefined : priceSymbolOf(prices, "BTC");
  }
  if (hedge !== undefined && book.length === 1 && book[0].asset === hedge.asset)
    notes.push(
      `The hedge, ${hedge.symbol}, is the book's only asset: the review measures nothing but how well its own prices line up.`
    );

  // The days every series has a close on, oldest first.
  const all = [...book.map((b) => b.series), ...(hedge ? [hedge] : [])];
  const days = [...all[0].closes.keys()]
    .filter((day) => all.every((s) => s.closes.has(day)))
    .sort((a, b) => a - b);
  const dropped = new Set(all.flatMap((s) => [...s.closes.keys()])).size - days.length;
  const valueOn = (day: number) =>
    book.reduce((sum, b) => sum + b.quantity * b.series.closes.get(day)!, 0);
  const itemChanges = days
    .slice(1)
    .map((day, i) =>
      book.reduce(
        (sum, b) => sum + b.quantity * (b.series.closes.get(day)! - b.series.closes.get(days[i])!),
        0
      )
    );
  const startValue = days.length > 0 ? valueOn(days[0]) : NaN;
  let hedgeChanges: number[] = [];
  if (hedge !== undefined && days.length > 0) {
    const h = hedge;
    const units = startValue / h.closes.get(days[0])!;
    hedgeChanges = days
      .slice(1)
      .map((day, i) => -units * (h.closes.get(day)! - h.closes.get(days[i])!));
    notes.push(
      `Hedge: a short of ${showNumber(Number(units.toPrecision(6)))} ${h.symbol}, the book's value on ${isoDay(days[0] * DAY_MS)} (${showNumber(Math.round(startValue))}) ÷ its close that day, held throughout.`
    );
  } else {
    notes.push(
      "Prices has no BTC symbol to hedge with (or BTC is the book): choose the hedge's symbol. A hedge on the token itself would measure nothing but data alignment."
    );
  }
  notes.push(
    `Item: the book's value change per day, today's quantities × the change of each close, over ${plural(days.length, "UTC day")} on which every symbol has a close (${days.length > 0 ? `${isoDay(days[0] * DAY_MS)} to ${isoDay(days[days.length - 1] * DAY_MS)}` : "none"}).`
  );
  if (dropped > 0) notes.push(`Left out ${plural(dropped, "day")} on which a symbol has no close.`);

  const result: EffectivenessInput = {
    ...input,
    itemChanges,
    hedgeChanges,
    dates: days.slice(1).map((day) => isoDay(day * DAY_MS)),
    startValue,
  };
  delete result.prices;
  if (hedge === undefined) delete result.dates; // the series must pair up before dates can
  if (itemChanges.length >= 3 && result.window > itemChanges.length) {
    notes.push(
      `Rolling window shortened from ${result.window} to the ${itemChanges.length} periods read.`
    );
    result.window = itemChanges.length;
  }
  if (itemChanges.length < 3)
    notes.push(
      `Only ${plural(itemChanges.length, "daily change")}: the review needs at least 3 (4 days of closes).`
    );
  return { input: result, notes, hedgeSymbol: hedge?.symbol };
}

// ---------------------------------------------------------------------------------------------------
// Hedge report

/** Dollar-denominated settlement assets: amounts in them add to a dollar report. */
const DOLLARS = new Set(["USD", "USDT", "USDC", "FDUSD", "BUSD", "TUSD", ""]);

/**
 * The report's positions closed in the period, from `ClosedPnL`, `Trades` and `Funding` (seed:
 * "Reporting should include both realized and unrealized P&L"):
 * - realised P&L per venue and symbol = Σ Closed P&L of the ClosedPnL rows in the period; for a venue
 *   and symbol without ClosedPnL rows, Σ Realised P&L of its Trades rows (a trade history's realised
 *   P&L is the same money; both are never added, which would count it twice);
 * - funding received per venue and symbol = Σ Amount of the Funding rows in the period (received
 *   positive, paid negative, as the import writes it), on the closed row of the same venue and symbol;
 *   funding of symbols with no closed row (positions still open: the report takes their funding as
 *   rates) is named in a note with its sums, as is funding paid in a coin rather than dollars;
 * - the period is the form's, both days included (UTC), when it is valid; otherwise every row.
 * Replaces the closed positions; the rest of the form stays. O(rows).
 */
export function reportFromTables(
  input: ReportInput,
  tables: CanonicalTables
): FromTables<ReportInput> {
  const closedRows = rowsOf(tables, "ClosedPnL");
  const tradeRows = rowsOf(tables, "Trades");
  const fundingRows = rowsOf(tables, "Funding");
  if (!closedRows && !tradeRows && !fundingRows)
    return {
      input,
      notes: [
        "No ClosedPnL, Trades or Funding table in the workbook (or they have no rows): import a closed-P&L export, a trade history or a transaction log first; the form is unchanged.",
      ],
    };
  const notes: string[] = [];
  const periodOk =
    isIsoDate(input.periodStart) &&
    isIsoDate(input.periodEnd) &&
    isoToSerial(input.periodEnd) >= isoToSerial(input.periodStart);
  const from = periodOk ? Date.parse(`${input.periodStart}T00:00:00Z`) : -Infinity;
  const to = periodOk ? Date.parse(`${input.periodEnd}T00:00:00Z`) + DAY_MS : Infinity;
  let outside = 0;
  let earliest = Infinity;
  let latest = -Infinity;
  const inPeriod = (kind: CanonicalKind, row: CanonicalRow): boolean => {
    const time = numberOf(cell(kind, row, "Time (UTC)"));
    if (time === undefined) return false;
    earliest = Math.min(earliest, time);
    latest = Math.max(latest, time);
    if (time >= from && time < to) return true;
    outside++;
    return false;
  };

  interface Sum {
    venue: string;
    symbol: string;
    amount: number;
    rows: number;
  }
  const keyOf = (venue: string, symbol: string) =>
    `${venue.toLowerCase()}\u0000${symbol.toUpperCase()}`;
  const sumBy = (
    kind: CanonicalKind,
    rows: readonly CanonicalRow[] | undefined,
    column: string,
    extra?: (row: CanonicalRow) => string
  ): Map<string, Sum> => {
    const sums = new Map<string, Sum>();
    for (const row of rows ?? []) {
      const amount = numberOf(cell(kind, row, column));
      const symbol = textOf(cell(kind, row, "Symbol"));
      if (amount === undefined || symbol === "" || !inPeriod(kind, row)) continue;
      const venue = textOf(cell(kind, row, "Venue"));
      const key = keyOf(venue, symbol) + (extra ? `\u0000${extra(row)}` : "");
      const sum = sums.get(key) ?? { venue, symbol, amount: 0, rows: 0 };
      sum.amount += amount;
      sum.rows++;
      sums.set(key, sum);
    }
    return sums;
  };

  const fromClosed = sumBy("ClosedPnL", closedRows, "Closed P&L");
  const fromTrades = sumBy("Trades", tradeRows, "Realised P&L");
  const realised = new Map(fromClosed);
  const tradesUsed: string[] = [];
  for (const [key, sum] of fromTrades)
    if (!realised.has(key)) {
      realised.set(key, sum);
      tradesUsed.push(sum.symbol);
    }
  const closed: ClosedPosition[] = [...realised.values()].map((sum) => ({
    instrument: sum.symbol,
    venue: sum.venue,
    realised: sum.amount,
  }));
  const byKey = new Map(closed.map((c) => [keyOf(c.venue, c.instrument), c]));

  const asset = (row: CanonicalRow) => textOf(cell("Funding", row, "Asset")).toUpperCase();
  const funding = sumBy("Funding", fundingRows, "Amount", asset);
  const unmatched: string[] = [];
  const inCoin: string[] = [];
  for (const [key, sum] of funding) {
    const coin = key.split("\u0000")[2];
    const where = `${sum.symbol}${sum.venue ? ` at ${sum.venue}` : ""} ${showNumber(sum.amount)}${coin ? ` ${coin}` : ""}`;
    if (!DOLLARS.has(coin)) {
      inCoin.push(where);
      continue;
    }
    const position = byKey.get(keyOf(sum.venue, sum.symbol));
    if (position === undefined) unmatched.push(where);
    else position.funding = (position.funding ?? 0) + sum.amount;
  }

  const span =
    earliest <= latest ? ` (the rows run from ${isoDay(earliest)} to ${isoDay(latest)})` : "";
  notes.push(
    periodOk
      ? `Read the rows from ${input.periodStart} to ${input.periodEnd}, both days included (UTC)${outside > 0 ? `; left out ${plural(outside, "row")} outside the period${span}` : ""}.`
      : `The period is not set: read every row${span}.`
  );
  if (closed.length > 0) {
    const sources = [
      fromClosed.size > 0 ? "Closed P&L of ClosedPnL" : "",
      tradesUsed.length > 0
        ? `Realised P&L of Trades for ${listed(tradesUsed)}, which ClosedPnL does not have`
        : "",
    ].filter((s) => s !== "");
    const sums = closed.map(
      (c) => `${c.instrument}${c.venue ? ` at ${c.venue}` : ""} ${showNumber(c.realised)}`
    );
    notes.push(`Realised P&L per venue and symbol: ${listed(sums)} (${sources.join("; ")}).`);
  } else notes.push("No realised P&L in the period: the closed positions are empty.");
  if (closed.some((c) => c.venue === ""))
    notes.push("Some rows have no venue: fill in the venue of those closed positions.");
  if (unmatched.length > 0)
    notes.push(
      `Funding of positions not closed in the period, not added (the report takes an open position's funding as rates): ${listed(unmatched)}.`
    );
  if (inCoin.length > 0)
    notes.push(`Funding paid in a coin, not added to a dollar report: ${listed(inCoin)}.`);
  if (closed.length > 0)
    notes.push(
      "Fees are not read from the tables: fill them in (a cost: positive). The holdings and open positions stay as they are in the form."
    );
  return { input: { ...input, closed }, notes };
}
