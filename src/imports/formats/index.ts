/**
 * The formats of the first release (spec/imports.md, "Formats"), in the spec's order: detection tries
 * them in this order, and the first whose variant header matches reads the file.
 */
import type { ImportFormat } from "../types";
import { format as binanceStatement } from "./binanceStatement";
import { format as binanceFuturesHistory } from "./binanceFuturesHistory";
import { format as binanceTrades } from "./binanceTrades";
import { format as bybitLog } from "./bybitLog";
import { format as bybitClosedPnl } from "./bybitClosedPnl";
import { format as okxBills } from "./okxBills";
import { format as deribitLog } from "./deribitLog";
import { format as coingecko } from "./coingecko";
import { format as cryptoDataDownload } from "./cryptoDataDownload";
import { format as coinmarketcap } from "./coinmarketcap";
import { format as yahoo } from "./yahoo";
import { format as binanceFundingArchive } from "./binanceFundingArchive";

export const FORMATS: readonly ImportFormat[] = [
  binanceStatement,
  binanceFuturesHistory,
  binanceTrades,
  bybitLog,
  bybitClosedPnl,
  okxBills,
  deribitLog,
  coingecko,
  cryptoDataDownload,
  coinmarketcap,
  yahoo,
  binanceFundingArchive,
];
