import { useEffect, useState } from 'react';
import { routes } from '@cc/shared';
import { call } from '../../api';
import { useShop } from '../lib/shop';

export type Counts = { paid: string | null; refunding: string | null };

/** How many orders wait in a status ("99+" past a page). */
async function count(merchant_id: string, status: 'paid' | 'refunding'): Promise<string | null> {
  const page = await call(routes.listMerchantOrders, { params: { merchant_id }, query: { status, limit: 100 } });
  if (page.items.length === 0) return null;
  return page.next_cursor ? '99+' : String(page.items.length);
}

/** The shop and today's work: orders paid (to prepare) and refunds to answer. */
export function useSellerHome() {
  const { state, reload } = useShop();
  const [counts, setCounts] = useState<Counts>({ paid: null, refunding: null });
  const shopId = state.kind === 'ready' ? state.shop.id : null;
  useEffect(() => {
    if (!shopId) return;
    Promise.all([count(shopId, 'paid'), count(shopId, 'refunding')]).then(
      ([paid, refunding]) => setCounts({ paid, refunding }),
      () => setCounts({ paid: null, refunding: null }),
    );
  }, [shopId, state]);
  return { state, reload, counts };
}
