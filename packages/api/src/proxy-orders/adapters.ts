import type { PublishInboxEvent } from '@cc/shared';
import type { Connection } from 'mongoose';
import type { Config } from '../config';
import { createFamilyLinks } from '../identity/family-links';
import type { Orders } from '../orders/index';
import type { Commands } from '../platform/commands';
import type { JobRunner } from '../platform/jobs';
import { forbidden } from '../platform/problem';
import type { Wallet } from '../wallet/index';
import { walletPort } from '../wallet/port';
import type { CardActor, UserActor } from '../platform/actor';
import { createProxyOrders } from './index';
import type { SettledRefund } from './refund-outcome';

/**
 * The wallet's PIN check for a kiosk card session (family links and proxy approvals): the card of the session must
 * still be the person's current card; the wallet counts a wrong PIN towards the lock like any other entry.
 */
export function cardPinCheck(wallet: Pick<Wallet, 'cards'>) {
  return async (holder: { user_id: string; card_id: string }, pin: string): Promise<void> => {
    if (!pin) throw forbidden('pin_required', '请输入密码');
    const card = await wallet.cards.currentCard(holder.user_id);
    if (!card || card._id !== holder.card_id) throw forbidden('card_replaced', '该卡已补办新卡，请使用新卡');
    await wallet.cards.verifyPin(card, pin);
  };
}

/** Family links (identity) and proxy orders wired to the wallet's PIN check, the orders' checkout and the inbox. */
export function familyFrom(
  config: Pick<Config, 'PROXY_ORDER_APPROVE_WITHIN_SECONDS'>,
  deps: { conn: Connection; jobs: JobRunner; commands: Commands; wallet: Wallet; orders: Orders; publish: PublishInboxEvent },
) {
  const verifyCardPin = cardPinCheck(deps.wallet);
  const links = createFamilyLinks({ conn: deps.conn, verifyCardPin, publish: deps.publish });
  const proxy = createProxyOrders({
    conn: deps.conn,
    jobs: deps.jobs,
    commands: deps.commands,
    approveWithinMs: config.PROXY_ORDER_APPROVE_WITHIN_SECONDS * 1000,
    ports: { links, checkout: deps.orders.checkout, publish: deps.publish, verifyCardPin, wallet: walletPort(deps.wallet) },
  });
  return {
    links,
    proxy,
    /** Ending a link ends what waits on it: its waiting proxy orders are declined (stock back, 我来付 refunded). */
    async revokeByFamily(actor: UserActor, link_id: string) {
      const link = await links.revokeByFamily(actor, link_id);
      await proxy.declineForLink(link_id);
      return link;
    },
    async revokeAtKiosk(actor: CardActor, link_id: string, pin: string) {
      const link = await links.revokeAtKiosk(actor, link_id, pin);
      await proxy.declineForLink(link_id);
      return link;
    },
    /** WeChat Pay payments booked by the wallet: a proxy order's (out_trade_no `pxo_…`, 我来付) here, every other to orders. */
    routeWechatPaid(paid: Parameters<Orders['checkout']['onWechatPaid']>[0]): Promise<void> {
      return paid.out_trade_no.startsWith('pxo_') ? proxy.onWechatPaid(paid) : deps.orders.checkout.onWechatPaid(paid);
    },
    /** Outcomes of WeChat Pay refunds: a 我来付 payment given back is the proxy order's, every other the orders'. */
    async routeRefundSettled(r: SettledRefund): Promise<void> {
      if (!(await proxy.onRefundSettled(r))) await deps.orders.lifecycle.refundSettled(r);
    },
  };
}
export type Family = ReturnType<typeof familyFrom>;
