import { useCallback, useEffect, useMemo, useState } from 'react';
import type { KioskShop } from '@cc/shared';
import { go, PAGES, replace } from '../../../nav';
import { startPending } from '../pending';
import { lastShop } from '../store';

/** 常买的: a quantity per item (0 to what can be bought now), the total, and 去付款 with the keys made first. */
export function useFrequent() {
  const [shop] = useState<KioskShop | null>(() => lastShop());
  const [quantities, setQuantities] = useState<Record<string, number>>({});

  useEffect(() => {
    if (!shop) replace(PAGES.shop);
  }, [shop]);

  const change = useCallback(
    (product_id: string, by: 1 | -1) => {
      const item = shop?.frequent.find((i) => i.product_id === product_id);
      if (!item) return;
      setQuantities((q) => ({ ...q, [product_id]: Math.max(0, Math.min(item.max_quantity, (q[product_id] ?? 0) + by)) }));
    },
    [shop],
  );

  const chosen = useMemo(
    () =>
      (shop?.frequent ?? [])
        .filter((i) => (quantities[i.product_id] ?? 0) > 0)
        .map((i) => ({ item: i, quantity: quantities[i.product_id] as number })),
    [shop, quantities],
  );
  const total_fen = chosen.reduce((sum, c) => sum + c.item.price_fen * c.quantity, 0);

  const checkout = useCallback(() => {
    if (!shop?.delivery || chosen.length === 0) return;
    const lines = chosen.map((c) => ({ product_id: c.item.product_id, quantity: c.quantity }));
    startPending(shop.holder_id, { kind: 'lines', body: { lines, delivery: shop.delivery.choice, expected_total_fen: total_fen } });
    go(PAGES.shopPay);
  }, [shop, chosen, total_fen]);

  return { shop, quantities, change, chosen, total_fen, checkout };
}
