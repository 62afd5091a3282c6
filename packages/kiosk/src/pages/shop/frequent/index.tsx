import { Frame, LoadingView } from '../../../ui';
import { CheckoutBar, ItemTile } from './sections';
import { useFrequent } from './useFrequent';
import '../shop.css';

/** 常买的: up to 12 large picture tiles with a quantity stepper, the total, and 去付款. */
export default function FrequentPage() {
  const { shop, quantities, change, chosen, total_fen, checkout } = useFrequent();
  const speech = shop
    ? `常买的${shop.frequent.length}样：${shop.frequent.map((i) => i.name).join('，')}。按加号选数量，选好了点去付款。`
    : '正在打开，请稍候。';
  return (
    <Frame title="常买的" speech={speech}>
      {!shop && <LoadingView text="正在打开…" />}
      {shop && (
        <>
          <ul className="item-grid" aria-label="常买的商品">
            {shop.frequent.map((item) => (
              <ItemTile
                key={item.product_id}
                item={item}
                quantity={quantities[item.product_id] ?? 0}
                onChange={(by) => change(item.product_id, by)}
              />
            ))}
          </ul>
          <CheckoutBar count={chosen.length} total_fen={total_fen} canBuy={shop.delivery !== null} onCheckout={checkout} />
        </>
      )}
    </Frame>
  );
}
