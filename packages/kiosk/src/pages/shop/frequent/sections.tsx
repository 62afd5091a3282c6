import type { KioskShopItem } from '@cc/shared';
import { CheckCircleIcon } from '../../../components/Icons';
import { BigButton } from '../../../ui';
import { BasketIcon } from '../icons';
import { money, priceLine } from '../words';

/** − and + of 72 px (the kit's smallest tap, above the 64 px of elder mode) around the quantity, large. */
function Stepper(props: { item: KioskShopItem; quantity: number; onChange: (by: 1 | -1) => void }) {
  const { item, quantity } = props;
  return (
    <div className="stepper" role="group" aria-label={`${item.name}的数量`}>
      <BigButton
        className="stepper__btn"
        testid="less"
        disabled={quantity === 0}
        icon={<span aria-hidden="true">−</span>}
        label="减"
        onClick={() => props.onChange(-1)}
      />
      <span className="stepper__value" data-testid="quantity" aria-live="polite">
        {quantity}
        <small>{item.unit}</small>
      </span>
      <BigButton
        className="stepper__btn"
        testid="more"
        disabled={!item.available || quantity >= item.max_quantity}
        icon={<span aria-hidden="true">+</span>}
        label="加"
        onClick={() => props.onChange(1)}
      />
    </div>
  );
}

/** One of 常买的: a large picture, the name, today's price, the stepper. */
export function ItemTile(props: { item: KioskShopItem; quantity: number; onChange: (by: 1 | -1) => void }) {
  const { item } = props;
  return (
    <li className={`item-tile ${item.available ? '' : 'item-tile--off'}`} data-testid="item-tile">
      {item.photo_url ? (
        <img className="shop-photo item-tile__photo" src={item.photo_url} alt="" />
      ) : (
        <span className="shop-photo shop-photo--none item-tile__photo" aria-hidden="true">
          <BasketIcon size={64} />
        </span>
      )}
      <p className="item-tile__name">{item.name}</p>
      <p className="item-tile__price">{item.available ? priceLine(item) : '现在买不到'}</p>
      <Stepper item={item} quantity={props.quantity} onChange={props.onChange} />
    </li>
  );
}

export function CheckoutBar(props: { count: number; total_fen: number; canBuy: boolean; onCheckout: () => void }) {
  return (
    <div className="frequent-bar">
      <p className="frequent-bar__total" data-testid="frequent-total">
        选了 {props.count} 样，共 <strong>{money(props.total_fen)}</strong>
      </p>
      <BigButton
        tone="primary"
        wide
        testid="frequent-checkout"
        disabled={!props.canBuy || props.count === 0}
        icon={<CheckCircleIcon size={44} />}
        label="去付款"
        onClick={props.onCheckout}
      />
    </div>
  );
}
