import type { Order, OrderStatus } from '@cc/shared';
import { hasCommunityRole, type UserActor } from '../platform/actor';
import { pageNewestFirst } from '../platform/pagination';
import { forbidden } from '../platform/problem';
import type { OrderDoc, OrderModels } from './models';
import type { OrderPorts } from './ports';
import type { OrderPresenter } from './present';

type Query = { limit: number; cursor?: string | undefined; status?: OrderStatus | undefined; number?: string | undefined };

/** Order lists, newest first, each for the people who may read it. */
export function createOrderQueries(deps: { models: OrderModels; ports: OrderPorts; present: OrderPresenter }) {
  const page = async (filter: Record<string, unknown>, q: Query): Promise<{ items: Order[]; next_cursor: string | null }> => {
    // `number`: the order someone reads out on the phone, exact match (unique index), within what the caller may see.
    const where = { ...filter, ...(q.status ? { status: q.status } : {}), ...(q.number ? { number: q.number } : {}) };
    const p = await pageNewestFirst<OrderDoc>(deps.models.Order, where, q);
    return { items: await deps.present.many(p.items), next_cursor: p.next_cursor };
  };
  return {
    mine: (actor: UserActor, q: Query) => page({ buyer_id: actor.user_id }, q),
    async ofMerchant(actor: UserActor, merchant_id: string, q: Query) {
      if (!(await deps.ports.catalog.ownsMerchant(actor.user_id, merchant_id))) throw forbidden('not_merchant_owner', '这不是您的店铺');
      return page({ merchant_id }, q);
    },
    disputes(actor: UserActor, community_id: string, q: Query) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      return page({ community_id, status: 'refunding', 'refund.disputed': true }, q);
    },
    ofCommunity(actor: UserActor, community_id: string, q: Query) {
      if (!hasCommunityRole(actor, community_id, ['operator'])) throw forbidden('forbidden_scope', '您没有该社区的相应权限');
      return page({ community_id }, q);
    },
  };
}
