import { divideHalfUp } from './units';

/**
 * The outlier rule (docs/architecture.md, 行情): a price is left out of a day's figures when it lies more than
 * OUTLIER_K robust standard deviations from the day's median, the robust standard deviation being MAD_SCALE × MAD
 * (MAD = the median of the absolute deviations from the median; × 1.4826 makes it the standard deviation for normal
 * data), but never less than MIN_SPREAD_SHARE of the median — otherwise a day on which most sellers ask the same
 * price (MAD = 0) would throw out every other price. With two observations nothing is ever left out (both lie one
 * MAD from their median).
 */
export const OUTLIER_K = 3;
export const MAD_SCALE = 1.4826;
export const MIN_SPREAD_SHARE = 0.05;

/** One observation in a day's bucket: its id, price in fen per base unit, quantity in base units. */
export interface PricePoint {
  o: string;
  p: number;
  q: number;
}

export interface DayStats {
  low_fen: number;
  high_fen: number;
  median_fen: number;
  mean_fen: number;
  volume: number;
  count: number;
  excluded: number;
}

/** The exact median of ascending numbers (the mean of the two middle ones for an even count, possibly x.5). */
function exactMedian(sorted: number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Whether a price is kept by the outlier rule, given the day's exact median and MAD. */
export function keptByRule(price: number, median: number, mad: number): boolean {
  const spread = Math.max(MAD_SCALE * mad, MIN_SPREAD_SHARE * median);
  return Math.abs(price - median) <= OUTLIER_K * spread;
}

/**
 * A day's figures over its kept observations, in integer fen: the median of an even count is the mean of the two
 * middle prices rounded half up (315.5 → 316), the mean is the plain mean of the kept prices (each observation counts
 * once, whatever its quantity) rounded half up; the volume is the kept quantities' sum to three decimals.
 */
export function dayStats(points: readonly PricePoint[]): DayStats | null {
  if (points.length === 0) return null;
  const prices = points.map((x) => x.p).sort((a, b) => a - b);
  const median = exactMedian(prices);
  const mad = exactMedian(prices.map((p) => Math.abs(p - median)).sort((a, b) => a - b));
  const kept = points.filter((x) => keptByRule(x.p, median, mad));
  const keptPrices = kept.map((x) => x.p).sort((a, b) => a - b);
  const n = keptPrices.length;
  const mid = n >> 1;
  const median_fen =
    n % 2 === 1 ? (keptPrices[mid] as number) : divideHalfUp((keptPrices[mid - 1] as number) + (keptPrices[mid] as number), 2);
  const sum = keptPrices.reduce((a, b) => a + b, 0);
  const volume = Math.round(kept.reduce((a, x) => a + x.q * 1000, 0)) / 1000;
  return {
    low_fen: keptPrices[0] as number,
    high_fen: keptPrices[n - 1] as number,
    median_fen,
    mean_fen: divideHalfUp(sum, n),
    volume,
    count: n,
    excluded: points.length - n,
  };
}
