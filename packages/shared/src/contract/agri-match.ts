/**
 * Matches of a post and inquiries (询价) on supply posts (issue 14 item 3): the routes and the thread shapes. The
 * match shapes themselves (AgriMatch, AgriMatchList) are in contract/agri.ts.
 */
import { z } from 'zod';
import { CURSOR_ERRORS } from './errors';
import { IsoDateTime, PageQuery, humanText, idOf, pageOf } from './common';
import { defineRoute } from './route';
import { AgriCategory, AgriMatchList, AgriPostId, AgriUnit, SupplyPostId } from './agri';
import { CategoryId, MerchantId, PriceFen, Product, ProductUnit, Stock } from './catalog';
import { AgriDeal, DecideAgriDealBody, ProposeAgriDealBody, RateAgriDealBody } from './agri-deal';

const tag = 'agri';

export const AgriInquiryId = idOf('inq');
/** Messages of one thread (a buyer and one supply post): a short conversation, then they call or trade. */
export const AGRI_INQUIRY_MESSAGES_MAX = 40;

export const SendAgriInquiryBody = z.strictObject({
  text: humanText({ min: 1, max: 300, label: '询价内容', multiline: true }),
});
export type SendAgriInquiryBody = z.infer<typeof SendAgriInquiryBody>;

export const AgriInquiryMessage = z.object({
  /** buyer: the one who asked; farmer: the supply post's poster. */
  from: z.enum(['buyer', 'farmer']),
  text: z.string(),
  at: IsoDateTime,
});

/** A thread between one buyer and one supply post; each side sees it with `my_side`. */
export const AgriInquiry = z.object({
  id: AgriInquiryId,
  post_id: SupplyPostId,
  /** What the post offers, as the thread started (the post may change later). */
  post_summary: z.object({ category: AgriCategory, variety: z.string(), unit: AgriUnit, unit_price_fen: z.number().int().nullable() }),
  buyer_name: z.string(),
  farmer_name: z.string(),
  my_side: z.enum(['buyer', 'farmer']),
  messages: z.array(AgriInquiryMessage),
  /** Whose turn it is to answer (the side that did not write last). */
  awaiting: z.enum(['buyer', 'farmer']),
  /** The deal recorded on this thread (成交), or null: contract/agri-deal.ts. */
  deal: AgriDeal.nullable(),
  created_at: IsoDateTime,
  updated_at: IsoDateTime,
});
export type AgriInquiry = z.infer<typeof AgriInquiry>;

export const ListMyAgriInquiriesQuery = z.strictObject({
  /** buyer: threads I started; farmer: threads on my supply posts. */
  side: z.enum(['buyer', 'farmer']).default('buyer'),
  post_id: SupplyPostId.optional(),
  ...PageQuery,
});

/** 一键上架: a supply post becomes a product of the farmer's (verified) shop. */
export const ListSupplyInShopBody = z.strictObject({
  merchant_id: MerchantId,
  category_id: CategoryId,
  /** The retail unit residents buy, and how many of the post's base unit (斤 for weights) one of it holds. */
  unit: ProductUnit,
  base_per_unit: z
    .number({ error: '每个零售单位的数量应为数字' })
    .gt(0, { error: '每个零售单位的数量须大于 0' })
    .max(10_000, { error: '每个零售单位的数量太大' }),
  price_fen: PriceFen,
  stock: Stock.refine((n) => n >= 1, { error: '库存至少 1' }),
});
export type ListSupplyInShopBody = z.infer<typeof ListSupplyInShopBody>;

const PostParams = z.strictObject({ post_id: AgriPostId });
const SupplyParams = z.strictObject({ post_id: SupplyPostId });
const InquiryParams = z.strictObject({ inquiry_id: AgriInquiryId });

export const agriMatchRoutes = {
  listSupplyInShop: defineRoute({
    id: 'listSupplyInShop',
    errors: {
      400: ['upload_unknown', 'upload_not_image'],
      403: ['not_post_owner', 'not_merchant_owner', 'merchant_not_verified'],
      404: ['agri_post_not_found', 'merchant_not_found', 'category_not_found'],
      409: ['agri_post_not_open', 'price_negotiable', 'stock_above_supply', 'sku_taken'],
    },
    method: 'POST',
    path: '/api/v1/agri/supply-posts/:post_id/shop-listing',
    summary: '一键上架：把自己的供应信息变成本店商品（照片、产地、采摘日期带入，记录产地价与农户所得占比）',
    tag,
    access: { kind: 'user', roles: ['farmer'] },
    params: z.strictObject({ post_id: SupplyPostId }),
    body: ListSupplyInShopBody,
    response: Product,
    status: 201,
  }),
  listAgriMatches: defineRoute({
    id: 'listAgriMatches',
    errors: { 403: ['not_post_owner'], 404: ['agri_post_not_found'] },
    method: 'GET',
    path: '/api/v1/agri/posts/:post_id/matches',
    summary: '我的供求信息的匹配：按匹配度排列的对方信息与理由（同品种 · 数量满足 · 价格在区间内 · 相距 12 公里 · 时间重合）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: PostParams,
    query: z.strictObject({}),
    response: AgriMatchList,
  }),
  sendAgriInquiry: defineRoute({
    id: 'sendAgriInquiry',
    errors: {
      404: ['agri_post_not_found'],
      409: ['cannot_inquire_own', 'agri_post_not_open', 'inquiry_thread_full'],
    },
    method: 'POST',
    path: '/api/v1/agri/supply-posts/:post_id/inquiries',
    summary: '询价：向一条供应信息的农户发消息（同一买家与同一信息一个对话）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: SupplyParams,
    body: SendAgriInquiryBody,
    response: AgriInquiry,
    status: 201,
  }),
  replyAgriInquiry: defineRoute({
    id: 'replyAgriInquiry',
    errors: { 404: ['inquiry_not_found'], 409: ['inquiry_thread_full'] },
    method: 'POST',
    path: '/api/v1/agri/inquiries/:inquiry_id/messages',
    summary: '在询价对话中回复（农户答复，或买家追问）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: InquiryParams,
    body: SendAgriInquiryBody,
    response: AgriInquiry,
  }),
  getAgriInquiry: defineRoute({
    id: 'getAgriInquiry',
    errors: { 404: ['inquiry_not_found'] },
    method: 'GET',
    path: '/api/v1/agri/inquiries/:inquiry_id',
    summary: '一个询价对话（只有买家和该供应信息的农户能看）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: InquiryParams,
    query: z.strictObject({}),
    response: AgriInquiry,
  }),
  listMyAgriInquiries: defineRoute({
    id: 'listMyAgriInquiries',
    errors: CURSOR_ERRORS,
    method: 'GET',
    path: '/api/v1/me/agri/inquiries',
    summary: '我的询价：我发起的，或别人对我的供应信息发起的（最近有消息的在前）',
    tag,
    access: { kind: 'user', roles: 'any' },
    query: ListMyAgriInquiriesQuery,
    response: pageOf(AgriInquiry),
  }),
  proposeAgriDeal: defineRoute({
    id: 'proposeAgriDeal',
    errors: {
      404: ['inquiry_not_found'],
      403: ['not_deal_farmer'],
      409: ['deal_exists', 'deal_total_too_large'],
      400: ['price_out_of_range'],
    },
    method: 'POST',
    path: '/api/v1/agri/inquiries/:inquiry_id/deal',
    summary: '农户记录成交：数量（按信息的单位）与每单位价格，等买家确认',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: InquiryParams,
    body: ProposeAgriDealBody,
    response: AgriInquiry,
  }),
  decideAgriDeal: defineRoute({
    id: 'decideAgriDeal',
    errors: { 404: ['inquiry_not_found'], 403: ['not_deal_buyer'], 409: ['deal_not_proposed'] },
    method: 'POST',
    path: '/api/v1/agri/inquiries/:inquiry_id/deal/decision',
    summary: '买家确认成交（计入双方信用与行情）或说不对（农户可重新填写）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: InquiryParams,
    body: DecideAgriDealBody,
    response: AgriInquiry,
  }),
  rateAgriDeal: defineRoute({
    id: 'rateAgriDeal',
    errors: { 404: ['inquiry_not_found'], 409: ['deal_not_done', 'deal_already_rated'] },
    method: 'POST',
    path: '/api/v1/agri/inquiries/:inquiry_id/deal/rating',
    summary: '成交后给对方打分（1–5 星，每方一次，计入对方信用）',
    tag,
    access: { kind: 'user', roles: 'any' },
    params: InquiryParams,
    body: RateAgriDealBody,
    response: AgriInquiry,
  }),
};
