/**
 * 成交 and 评价 on an inquiry thread (issue 14 items 6 and 7, contract/agri-deal.ts). The farmer records the deal,
 * the buyer confirms or declines it, then each side rates the other once. Every step is one guarded update of the
 * thread, so racing confirmations or ratings give one winner and the others a 409. What a confirmed deal and a
 * rating change elsewhere (credit, 行情) runs after the write and is keyed; `effects_wanted`/`effects_done` on the
 * thread make a read after a crash run it again.
 */
import {
  AGRI_DEAL_TOTAL_MAX_FEN,
  dealPriceFits,
  dealTotalFen,
  formatFen,
  type AgriInquiry,
  type ProposeAgriDealBody,
  type PublishInboxEvent,
} from '@cc/shared';
import type { Logger } from 'pino';
import type { UserActor } from '../../platform/actor';
import { badRequest, conflict, forbidden } from '../../platform/problem';
import type { InquiryDealDoc, InquiryDoc, InquiryModels } from './models';

type Side = 'buyer' | 'farmer';

export interface DealDeps {
  Inquiry: InquiryModels['Inquiry'];
  logger: Logger;
  publish: PublishInboxEvent;
  /** Credit and 行情 of a confirmed deal and its ratings; keyed, so running it again changes nothing. */
  effects(d: InquiryDoc): Promise<void>;
  mine(actor: UserActor, inquiry_id: string): Promise<{ d: InquiryDoc; side: Side }>;
  toView(d: InquiryDoc, side: Side): AgriInquiry;
}

const amount = (deal: InquiryDealDoc) =>
  `${deal.quantity}${deal.unit}，每${deal.unit} ${formatFen(deal.unit_price_fen)}，共 ${formatFen(deal.total_fen)}`;

/** Runs the effects a change asked for and not yet done; a failure is logged and the next read tries again. */
async function settle(deps: DealDeps, d: InquiryDoc): Promise<void> {
  const wanted = d.effects_wanted ?? 0;
  if (wanted <= (d.effects_done ?? 0)) return;
  try {
    await deps.effects(d);
    await deps.Inquiry.updateOne({ _id: d._id }, { $max: { effects_done: wanted } });
  } catch (err) {
    deps.logger.error({ err: (err as Error).message, inquiry_id: d._id }, 'agri deal effects failed; retried on the next read');
  }
}

async function tell(deps: DealDeps, d: InquiryDoc, to: Side, step: string, title: string): Promise<void> {
  try {
    await deps.publish({
      event_id: `agri_deal:${d._id}:${step}`,
      user_id: to === 'farmer' ? d.farmer_user_id : d.buyer_user_id,
      kind: 'agri_inquiry',
      title,
      body: d.deal ? amount(d.deal) : '',
      link: `/agri/inquiry/index?id=${d._id}`,
    });
  } catch (err) {
    deps.logger.error({ err: (err as Error).message, inquiry_id: d._id }, 'agri deal publish failed');
  }
}

export function createDeals(deps: DealDeps) {
  const { Inquiry } = deps;

  /** The farmer records what was agreed; again after the buyer said it was wrong, never over a pending or done one. */
  async function propose(actor: UserActor, inquiry_id: string, body: ProposeAgriDealBody): Promise<AgriInquiry> {
    const { d, side } = await deps.mine(actor, inquiry_id);
    if (side !== 'farmer') throw forbidden('not_deal_farmer', '只有农户可以记录成交');
    const unit = d.post_summary.unit;
    if (!dealPriceFits(unit, body.unit_price_fen)) throw badRequest('price_out_of_range', `每${unit}的价格超出合理范围，请核对`);
    const total_fen = dealTotalFen(body.quantity, body.unit_price_fen);
    if (total_fen > AGRI_DEAL_TOTAL_MAX_FEN) throw conflict('deal_total_too_large', '成交金额超过 1 亿元，请核对数量和价格');
    const now = new Date();
    const deal: InquiryDealDoc = {
      status: 'proposed',
      quantity: body.quantity,
      unit,
      unit_price_fen: body.unit_price_fen,
      total_fen,
      proposed_at: now,
      decided_at: null,
      rating_by_buyer: null,
      rating_by_farmer: null,
    };
    const saved = await Inquiry.findOneAndUpdate(
      { _id: d._id, $or: [{ deal: null }, { 'deal.status': 'declined' }] },
      { $set: { deal, updated_at: now } },
      { new: true },
    ).lean<InquiryDoc>();
    if (!saved) throw conflict('deal_exists', '这个询价已有成交记录（等买家确认或已成交）');
    await tell(
      deps,
      saved,
      'buyer',
      `proposed:${now.getTime()}`,
      `${saved.farmer_name}记录了成交「${saved.post_summary.variety}」，请确认`,
    );
    return deps.toView(saved, 'farmer');
  }

  /** The buyer confirms (counted in both credits and in 行情) or declines (the farmer may record it again). */
  async function decide(actor: UserActor, inquiry_id: string, accept: boolean): Promise<AgriInquiry> {
    const { d, side } = await deps.mine(actor, inquiry_id);
    if (side !== 'buyer') throw forbidden('not_deal_buyer', '只有买家可以确认成交');
    const now = new Date();
    const set = { 'deal.status': accept ? 'done' : 'declined', 'deal.decided_at': now, updated_at: now };
    const saved = await Inquiry.findOneAndUpdate(
      { _id: d._id, 'deal.status': 'proposed' },
      accept ? { $set: set, $inc: { effects_wanted: 1 } } : { $set: set },
      { new: true },
    ).lean<InquiryDoc>();
    if (!saved) throw conflict('deal_not_proposed', '没有等待确认的成交记录');
    await settle(deps, saved);
    const step = `${accept ? 'done' : 'declined'}:${saved.deal!.proposed_at.getTime()}`;
    await tell(deps, saved, 'farmer', step, accept ? `${saved.buyer_name}确认了成交` : `${saved.buyer_name}说成交记录不对，请重新填写`);
    return deps.toView(saved, 'buyer');
  }

  /** Each side rates the other once after a confirmed deal. */
  async function rate(actor: UserActor, inquiry_id: string, stars: number): Promise<AgriInquiry> {
    const { d, side } = await deps.mine(actor, inquiry_id);
    const field = side === 'buyer' ? 'deal.rating_by_buyer' : 'deal.rating_by_farmer';
    const now = new Date();
    const saved = await Inquiry.findOneAndUpdate(
      { _id: d._id, 'deal.status': 'done', [field]: null },
      { $set: { [field]: stars, updated_at: now }, $inc: { effects_wanted: 1 } },
      { new: true },
    ).lean<InquiryDoc>();
    if (!saved) {
      if (d.deal?.status !== 'done') throw conflict('deal_not_done', '成交确认后才能评价');
      throw conflict('deal_already_rated', '您已评价过这笔成交');
    }
    await settle(deps, saved);
    return deps.toView(saved, side);
  }

  return { propose, decide, rate, settle: (d: InquiryDoc) => settle(deps, d) };
}
export type Deals = ReturnType<typeof createDeals>;
