/**
 * What the posts and deals tell 行情 (agri/price, issue 14 item 6) and credit (item 7):
 * - a supply post's asking price, when the post is open with a price (面议 says nothing), one observation per post
 *   and price (`post_id:price`): a replay or an edit of other fields adds nothing, a new price is a new point;
 * - a confirmed deal (成交 on an inquiry thread): one `match_deal` observation per thread, one completed deal in both
 *   sides' credit, and each rating once in the rated side's credit. Every call is keyed, so running it again is safe.
 */
import type { PriceObservationInput } from '@cc/shared';
import type { Logger } from 'pino';
import { AppError } from '../../platform/problem';
import type { AgriPostListener } from '../context';
import type { Agri, AgriPostDoc } from '../index';
import type { InquiryDoc } from '../inquiries/models';

export type ObservePrice = (input: PriceObservationInput) => Promise<unknown>;

/** The post's origin as 行情's region; a missing township or county is named 未注明 (it still counts in all regions). */
function regionOf(origin: NonNullable<AgriPostDoc['origin']>) {
  return { village: origin.village, township: origin.township ?? '未注明', county: origin.county ?? '未注明' };
}

/** An observation the price module refuses as invalid (an odd legacy post) is logged, not retried forever. */
async function observeOrLog(observe: ObservePrice, logger: Logger, input: PriceObservationInput): Promise<void> {
  try {
    await observe(input);
  } catch (err) {
    if (!(err instanceof AppError) || err.status >= 500) throw err;
    logger.warn({ code: err.code, source: input.source, source_id: input.source_id }, 'price observation refused');
  }
}

export function observeAskingPrice(observe: ObservePrice, logger: Logger): AgriPostListener {
  return async ({ post }) => {
    if (post.kind !== 'supply' || post.status !== 'open' || post.unit_price_fen === null || !post.origin) return;
    await observeOrLog(observe, logger, {
      variety_key: post.variety,
      region: regionOf(post.origin),
      unit: post.unit,
      price_fen_per_unit: post.unit_price_fen,
      quantity: post.quantity,
      source: 'supply_post',
      source_id: `${post._id}:${post.unit_price_fen}`,
      at: post.updated_at,
      user_id: post.owner_user_id,
    });
  };
}

export function dealEffectsVia(agri: Agri, logger: Logger, observe?: ObservePrice) {
  return async (d: InquiryDoc): Promise<void> => {
    const deal = d.deal;
    if (!deal || deal.status !== 'done') return;
    await agri.credit.recordDeal(d.farmer_user_id, `deal:${d._id}`);
    await agri.credit.recordDeal(d.buyer_user_id, `deal:${d._id}`);
    if (deal.rating_by_buyer) await agri.credit.recordRating(d.farmer_user_id, deal.rating_by_buyer, `rating:${d._id}:buyer`);
    if (deal.rating_by_farmer) await agri.credit.recordRating(d.buyer_user_id, deal.rating_by_farmer, `rating:${d._id}:farmer`);
    const post = await agri.getPost(d.post_id);
    if (!observe || !post?.origin) return;
    await observeOrLog(observe, logger, {
      variety_key: d.post_summary.variety,
      region: regionOf(post.origin),
      unit: deal.unit,
      price_fen_per_unit: deal.unit_price_fen,
      quantity: deal.quantity,
      source: 'match_deal',
      source_id: d._id,
      at: deal.decided_at ?? deal.proposed_at,
      user_id: d.farmer_user_id,
    });
  };
}
