/** bench:commerce's options and the demo products and outcomes it relies on. */

import { parseArgs } from 'node:util';
import { PRODUCT_SORTS } from '@cc/shared';

export type Sort = (typeof PRODUCT_SORTS)[number];

/** Cheap products of 益乐惠民超市 bought in checkout-and-pay (one line per operation, in turn). */
export const CHECKOUT_SKUS = ['YL-TOF-01', 'YL-FLO-01', 'YL-SEA-01', 'YL-DAI-03', 'YL-DAI-01'];
/** The flash-sale product (径山大米, ¥42) and its offer price: under the PIN-free limit. */
export const FLASH_SKU = 'YL-RICE-01';
export const FLASH_PRICE_FEN = 2990;
/**
 * Outcomes of a flash-sale checkout that are correct answers for a buyer who came too late. `offer_ended` is among
 * them: a checkout that reads the offer after its last unit went is refused before claiming, with that code
 * (orders/checkout.ts plan(), "活动已结束或已抢完"), although the offer is still running.
 */
export const EXPECTED_REFUSALS = new Set(['409 offer_sold_out', '409 offer_ended', '409 insufficient_stock', '409 offer_limit_reached']);

export interface Options {
  ops: number;
  checkout_ops: number;
  concurrency: number;
  warmup: number;
  checkout_warmup: number;
  buyers: number;
  units: number;
  prep_concurrency: number;
  sort: Sort;
  max_seconds: number;
}

export function readOptions(): Options {
  const { values } = parseArgs({
    // pnpm may pass a literal `--` before the script's own arguments.
    args: process.argv.slice(2).filter((a) => a !== '--'),
    options: {
      ops: { type: 'string', default: '1000' },
      'checkout-ops': { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '32' },
      warmup: { type: 'string', default: '100' },
      'checkout-warmup': { type: 'string', default: '32' },
      buyers: { type: 'string', default: '2000' },
      units: { type: 'string', default: '100' },
      'prep-concurrency': { type: 'string', default: '32' },
      sort: { type: 'string', default: 'price_asc' },
      'max-seconds': { type: 'string', default: '420' },
    },
  });
  const int = (name: string, value: string, min: number, max: number): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return n;
  };
  if (!(PRODUCT_SORTS as readonly string[]).includes(values.sort)) throw new Error(`--sort must be one of ${PRODUCT_SORTS.join(', ')}`);
  const opts: Options = {
    ops: int('ops', values.ops, 1, 100_000),
    checkout_ops: int('checkout-ops', values['checkout-ops'], 1, 20_000),
    concurrency: int('concurrency', values.concurrency, 1, 256),
    warmup: int('warmup', values.warmup, 0, 10_000),
    checkout_warmup: int('checkout-warmup', values['checkout-warmup'], 0, 2_000),
    buyers: int('buyers', values.buyers, 1, 10_000),
    units: int('units', values.units, 1, 10_000),
    prep_concurrency: int('prep-concurrency', values['prep-concurrency'], 1, 256),
    sort: values.sort as Sort,
    max_seconds: int('max-seconds', values['max-seconds'], 30, 3600),
  };
  if (opts.units > opts.buyers) throw new Error('--units must not exceed --buyers (the rush must be able to sell out)');
  return opts;
}
