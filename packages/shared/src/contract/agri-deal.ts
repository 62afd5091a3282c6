/**
 * 成交 and 评价 on an inquiry thread (issue 14 items 6 and 7): the farmer records what was agreed (quantity in the
 * post's unit, price per unit), the buyer confirms it or says it is wrong; a confirmed deal counts in both sides'
 * credit, becomes a price observation (source `match_deal`), and each side may then rate the other once.
 * The money of a deal changes hands between the two (cash, bank transfer): the platform records it, it does not
 * move it, so no ledger entry is made. The routes are in agri-match.ts with the thread's.
 */
import { z } from 'zod';
import { IsoDateTime } from './common';
import { AgriQuantity, AgriUnitPriceFen } from './agri';
import { AgriUnit, AGRI_UNIT_SPECS } from './agri-tree';

export const AGRI_DEAL_STATUSES = ['proposed', 'done', 'declined'] as const;
export type AgriDealStatus = (typeof AGRI_DEAL_STATUSES)[number];

/** Words people read for a deal's status. */
export const AGRI_DEAL_STATUS_WORDS: Record<AgriDealStatus, string> = {
  proposed: '等买家确认成交',
  done: '已成交',
  declined: '买家说不对，等农户重新填写',
};

export const AgriDeal = z.object({
  status: z.enum(AGRI_DEAL_STATUSES),
  /** In the post's unit (`unit`), up to three decimals. */
  quantity: z.number(),
  unit: AgriUnit,
  unit_price_fen: z.number().int(),
  /** quantity × unit price, rounded half up to the fen. */
  total_fen: z.number().int(),
  proposed_at: IsoDateTime,
  /** When the buyer confirmed or declined (null while proposed). */
  decided_at: IsoDateTime.nullable(),
  /** Stars (1–5) the buyer gave the farmer, and the farmer the buyer; null until given. */
  rating_by_buyer: z.number().int().nullable(),
  rating_by_farmer: z.number().int().nullable(),
});
export type AgriDeal = z.infer<typeof AgriDeal>;

export const ProposeAgriDealBody = z.strictObject({
  quantity: AgriQuantity,
  unit_price_fen: AgriUnitPriceFen,
});
export type ProposeAgriDealBody = z.infer<typeof ProposeAgriDealBody>;

export const DecideAgriDealBody = z.strictObject({
  /** true: 确认成交; false: 不对 (the farmer may record it again). */
  accept: z.boolean({ error: '请确认或拒绝' }),
});
export type DecideAgriDealBody = z.infer<typeof DecideAgriDealBody>;

export const RateAgriDealBody = z.strictObject({
  stars: z
    .number({ error: '评分应为 1–5 星' })
    .int({ error: '评分应为整数星' })
    .min(1, { error: '至少 1 星' })
    .max(5, { error: '最多 5 星' }),
});
export type RateAgriDealBody = z.infer<typeof RateAgriDealBody>;

/** The largest total a deal may record: 1 亿元 (a village trade above it is a typo, not a deal). */
export const AGRI_DEAL_TOTAL_MAX_FEN = 10_000_000_000;

/**
 * quantity (≤ 3 decimals, ≤ AGRI_QUANTITY_MAX) × fen per unit, rounded half up to the fen, in exact integer steps:
 * whole units × price stays below 2^53 (10^6 × 10^9), and so does the thousandths' part (999 × 10^9).
 */
export function dealTotalFen(quantity: number, unit_price_fen: number): number {
  const milli = Math.round(quantity * 1000);
  const whole = Math.floor(milli / 1000);
  const thousandths = milli - whole * 1000;
  return whole * unit_price_fen + Math.floor((thousandths * unit_price_fen + 500) / 1000);
}

/** The price must also fit the unit (a price per 斤 above the unit's ceiling is absurd). */
export function dealPriceFits(unit: AgriUnit, unit_price_fen: number): boolean {
  return unit_price_fen <= AGRI_UNIT_SPECS[unit].price_max_fen;
}
