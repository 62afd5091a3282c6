import { useEffect, useState } from 'react';
import { routes, type Offer } from '@cc/shared';
import { call } from '../api';
import { offersByProduct } from './lib';

/**
 * The community's limited offers by product, for the badges on product cards. Loaded once per page; a failure only
 * means no badges (the prices in the cart and at checkout are the server's either way).
 */
export function useOffers(community_id: string | null): Map<string, Offer> {
  const [offers, setOffers] = useState<Map<string, Offer>>(new Map());
  useEffect(() => {
    if (!community_id) return;
    let live = true;
    call(routes.listOffers, { params: { community_id } })
      .then((r) => live && setOffers(offersByProduct(r.items)))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [community_id]);
  return offers;
}
