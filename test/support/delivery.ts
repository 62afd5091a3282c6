/** Delivery-task helpers on top of the orders stack: couriers of 益乐社区 on duty, and orders made ready for delivery. */
import { randomUUID } from 'node:crypto';
import { DEMO_WALLETS } from '@cc/api';
import { routes, type ApiClient, type DeliveryTask } from '@cc/shared';
import { operator, paidOrder, seed, stack, store } from './orders-stack';

export type Courier = { user_id: string; token: string; client: ApiClient };
let admin: ApiClient | undefined;

/** A new person granted the courier role in the community by its operator, and on duty there. */
export async function courier(community_id = seed.communities.wenxin, onDuty = true): Promise<Courier> {
  const person = await stack.login(`courier-${randomUUID().slice(0, 12)}`);
  // The admin grants it, so a courier of any community can be made.
  admin ??= (await stack.login('demo-admin-1')).client;
  await admin.call(routes.grantRole, { params: { user_id: person.user_id }, body: { role: 'courier', community_id } });
  if (onDuty) await person.client.call(routes.setMyDuty, { body: { on_duty: true, community_id } });
  return { user_id: person.user_id, token: person.token, client: person.client };
}

/** 刘德明 pays an order; the store prepares it and marks it ready: the delivery module makes its task. */
export async function readyOrder() {
  const liuWallet = DEMO_WALLETS.find((w) => w.openid === 'demo-resident-2')!;
  const liuId = seed.users['demo-resident-2'] as string;
  if ((await stack.api.wallet.walletOf(liuId)).balance_fen < 3000)
    await operator.call(routes.cashTopup, {
      params: { community_id: seed.communities.wenxin },
      body: { card_number: liuWallet.card_number, amount_fen: 20000 },
      idempotencyKey: `delivery-topup-${randomUUID()}`,
    });
  const { liu, order } = await paidOrder();
  await store.call(routes.prepareOrder, { params: { order_id: order.id }, body: {} });
  await store.call(routes.readyOrder, { params: { order_id: order.id }, body: {} });
  const seen = await store.call(routes.getOrderDelivery, { params: { order_id: order.id } });
  const codes = {
    pickup: seen.code?.value as string,
    delivery: (await liu.client.call(routes.getOrderDelivery, { params: { order_id: order.id } })).code?.value as string,
  };
  return { liu, order, task: seen, codes };
}

/** The stored task document, as it is (for "nothing changed" checks). */
export async function storedTask(task_id: string) {
  return stack.api.conn.collection('delivery_tasks').findOne({ _id: task_id as never });
}

/** A wrong code of the right shape. */
export const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

export type { DeliveryTask };
