/**
 * 一键上架 (issue 14 item 4): the farmer's own open supply post becomes a product of their shop through the catalog's
 * service — photos, village and harvest date carried over, on sale at once (the catalog refuses that to a merchant
 * not verified: 403 merchant_not_verified, nothing written). The product records the post, its variety and the
 * asking price per retail unit, so its page shows the origin price beside the retail price and the producer's share.
 */
import type { ListSupplyInShopBody, Product } from '@cc/shared';
import type { UserActor } from '../../platform/actor';
import { conflict, forbidden, notFound } from '../../platform/problem';

export interface ListingPost {
  _id: string;
  kind: 'supply' | 'purchase';
  owner_user_id: string;
  status: string;
  expires_at: Date;
  variety: string;
  base_quantity: number;
  base_price_low_fen: number | null;
  photo_upload_ids: string[];
  window_from: string;
  origin: { village: string } | null;
}

export interface ListingDeps {
  post(post_id: string): Promise<ListingPost | null>;
  createProduct(
    actor: UserActor,
    merchant_id: string,
    body: Record<string, unknown>,
    origin: { supply_post_id: string; variety: string; origin_price_fen: number; base_per_unit: number },
  ): Promise<Product>;
}

export async function listSupplyInShop(deps: ListingDeps, actor: UserActor, post_id: string, b: ListSupplyInShopBody): Promise<Product> {
  const post = await deps.post(post_id);
  if (!post || post.kind !== 'supply') throw notFound('agri_post_not_found', '供应信息不存在');
  if (post.owner_user_id !== actor.user_id) throw forbidden('not_post_owner', '这不是您发布的信息');
  if (post.status !== 'open' || post.expires_at <= new Date()) throw conflict('agri_post_not_open', '只有展示中的供应信息可以上架');
  if (post.base_price_low_fen === null) throw conflict('price_negotiable', '面议的供应信息请先填写价格再上架');
  if (b.stock * b.base_per_unit > post.base_quantity + 1e-9) throw conflict('stock_above_supply', '上架库存超过了供应信息的数量');
  const village = post.origin?.village ?? '';
  return deps.createProduct(
    actor,
    b.merchant_id,
    {
      // One listing per post and shop: a repeated 一键上架 finds the SKU taken (409) instead of a second product.
      sku: `AGRI-${post._id.slice(4, 30)}`,
      name: `${village}${post.variety}`.slice(0, 60),
      description: `来自${village || '产地'}的${post.variety}（供求信息直接上架）`,
      category_id: b.category_id,
      unit: b.unit,
      price_fen: b.price_fen,
      stock: b.stock,
      images: post.photo_upload_ids,
      origin_village: village || undefined,
      harvest_date: post.window_from,
      status: 'on_sale',
    },
    {
      supply_post_id: post._id,
      variety: post.variety,
      origin_price_fen: Math.round(post.base_price_low_fen * b.base_per_unit),
      base_per_unit: b.base_per_unit,
    },
  );
}
