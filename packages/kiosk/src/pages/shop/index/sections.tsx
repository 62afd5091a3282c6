import type { KioskReorderCard, KioskShop } from '@cc/shared';
import { InfoIcon, WalletIcon } from '../../../components/Icons';
import { go, PAGES } from '../../../nav';
import { BigButton, Notice, Panel } from '../../../ui';
import { BasketIcon } from '../icons';
import { itemsLine, money } from '../words';

/** Where the goods go, in words, and the card's balance: said before anything is bought. */
export function ShopFacts({ shop }: { shop: KioskShop }) {
  return (
    <section className="shop-facts">
      {shop.delivery ? (
        <p className="shop-facts__delivery" data-testid="usual-delivery">
          <InfoIcon size={36} /> {shop.delivery.words}
        </p>
      ) : (
        <Notice tone="warn" testid="no-delivery">
          现在没有可以送货或自取的时间，请问服务站工作人员
        </Notice>
      )}
      <p className="shop-facts__wallet" data-testid="shop-balance">
        <WalletIcon size={36} /> 卡里有 {money(shop.wallet.balance_fen)}，{money(shop.wallet.pin_free_limit_fen)} 以内不用输密码
      </p>
    </section>
  );
}

/** 2026-12-06 → 12月6日. */
const dayOf = (ymd: string) => `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`;

function Pictures({ card }: { card: KioskReorderCard }) {
  return (
    <span className="reorder__pictures" aria-hidden="true">
      {card.items.slice(0, 3).map((i) =>
        i.photo_url ? (
          <img key={i.product_id} className="shop-photo" src={i.photo_url} alt="" />
        ) : (
          <span key={i.product_id} className="shop-photo shop-photo--none">
            <BasketIcon size={56} />
          </span>
        ),
      )}
    </span>
  );
}

/** One earlier order as a large card: pictures, names, today's total and one press to buy it again. */
function ReorderCard({ card, canBuy, onReorder }: { card: KioskReorderCard; canBuy: boolean; onReorder: () => void }) {
  const bought = card.items.filter((i) => !card.missing.includes(i.name));
  return (
    <li className="reorder" data-testid="reorder-card">
      <Pictures card={card} />
      <div className="reorder__words">
        <p className="reorder__items">{itemsLine(bought.length ? bought : card.items)}</p>
        <p className="reorder__seller">
          {card.seller} · {dayOf(card.ordered_on)}买过
        </p>
        {card.missing.length > 0 && <p className="reorder__missing">这次买不到：{card.missing.join('、')}</p>}
      </div>
      <BigButton
        tone="primary"
        className="reorder__buy"
        testid="reorder"
        disabled={!canBuy || !card.reorderable}
        label={card.reorderable ? `再买一次 ${money(card.total_fen)}` : '现在买不到'}
        onClick={onReorder}
      />
    </li>
  );
}

export function ReorderCards({ shop, onReorder }: { shop: KioskShop; onReorder: (card: KioskReorderCard) => void }) {
  if (shop.recent.length === 0)
    return (
      <Panel center icon={<BasketIcon size={120} />} testid="shop-empty">
        <p className="panel__title">还没有买过的东西</p>
        <p className="panel__text">在手机小程序或服务站买过以后，这里就能一键再买一次。</p>
      </Panel>
    );
  return (
    <section className="reorders" aria-labelledby="reorders-title">
      <h2 id="reorders-title" className="shop-heading">
        再买一次
      </h2>
      <ul className="reorder-list">
        {shop.recent.map((card) => (
          <ReorderCard key={card.order_id} card={card} canBuy={shop.delivery !== null} onReorder={() => onReorder(card)} />
        ))}
      </ul>
    </section>
  );
}

export function FrequentButton({ shop }: { shop: KioskShop }) {
  if (shop.frequent.length === 0) return null;
  return (
    <BigButton
      wide
      className="shop-frequent-button"
      testid="open-frequent"
      disabled={shop.delivery === null}
      icon={<BasketIcon size={44} />}
      label={`常买的（${shop.frequent.length} 样）`}
      onClick={() => go(PAGES.shopFrequent)}
    />
  );
}
