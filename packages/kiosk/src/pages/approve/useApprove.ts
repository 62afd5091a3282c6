import { useCallback, useEffect, useState } from 'react';
import { ApiError, formatFen, routes, type FamilyLinkRequest, type ProxyOrder } from '@cc/shared';
import { call, errorMessage, isCardSessionOver, isUnauthorized } from '../../api';
import { PAGES, goSetup, replace } from '../../nav';
import { newPressKey } from '../../services';
import { cardSession, setCardSession } from '../../session';

export const PIN_LENGTH = 6;

export type Waiting = { orders: ProxyOrder[]; links: FamilyLinkRequest[] };
export type ApproveState = { kind: 'loading' } | { kind: 'error'; message: string; sessionOver: boolean } | ({ kind: 'ready' } & Waiting);
/** What the PIN pad is for: approving this order (paying) or this link. */
export type Chosen = { kind: 'order'; order: ProxyOrder } | { kind: 'link'; link: FamilyLinkRequest } | null;

const sayMoney = (fen: number) => formatFen(fen).replace('¥', '') + ' 元';

/** One sentence per waiting order: who ordered, what, how much — what the screen reads aloud. */
export function orderWords(o: ProxyOrder): string {
  const items = o.items.map((i) => `${i.name} ${i.quantity}${i.unit}`).join('，');
  // 我来付: said as well as shown, so she knows agreeing takes nothing from her card.
  const paid = o.family_payment === 'paid' ? '，已由家人付款，不用您付钱' : '';
  return `您的${o.relation}${o.family_name}为您下单：${items}，共 ${sayMoney(o.total_fen)}，${o.delivery_words}${paid}`;
}

/** Approves what was chosen with the PIN; answers the sentence that confirms it. */
async function approveChosen(c: NonNullable<Chosen>, pin: string, idempotencyKey: string): Promise<string> {
  if (c.kind === 'link') {
    await call(routes.kioskApproveFamilyLink, { params: { link_id: c.link.id }, body: { pin } });
    return `已同意，${c.link.relation}${c.link.family_name}以后可以为您下单`;
  }
  await call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: c.order.id }, body: { pin }, idempotencyKey });
  return `已同意并付款 ${formatFen(c.order.total_fen)}，订单 ${c.order.order_numbers.join('、')}`;
}

async function declineChosen(c: NonNullable<Chosen>): Promise<string> {
  if (c.kind === 'link') {
    await call(routes.kioskDeclineFamilyLink, { params: { link_id: c.link.id }, body: {} });
    return `已拒绝${c.link.relation}${c.link.family_name}的关联申请`;
  }
  await call(routes.kioskDeclineProxyOrder, { params: { proxy_order_id: c.order.id }, body: {} });
  return c.order.family_payment === 'paid' ? '已拒绝这笔订单，家人付的钱会原路退回' : '已拒绝这笔订单，没有扣款';
}

/**
 * 家人代买: after card login, the orders family members placed for this card holder and their link requests; approving
 * takes the PIN (an order is then paid from the card), declining does not. One Idempotency-Key per press of 确认.
 */
export function useApprove() {
  const [state, setState] = useState<ApproveState>({ kind: 'loading' });
  const [chosen, setChosen] = useState<Chosen>(null);
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [trouble, setTrouble] = useState<string | null>(null);

  const fail = useCallback((e: unknown) => {
    if (isUnauthorized(e)) return goSetup('invalid');
    const sessionOver = isCardSessionOver(e);
    if (sessionOver) setCardSession(null);
    setState({ kind: 'error', message: errorMessage(e), sessionOver });
  }, []);

  const load = useCallback(async () => {
    if (!cardSession()) return replace(`${PAGES.card}?next=approve`);
    try {
      const [orders, links] = await Promise.all([call(routes.kioskListProxyOrders, {}), call(routes.kioskListFamilyLinks, {})]);
      setState({ kind: 'ready', orders: orders.items, links: links.items });
    } catch (e) {
      fail(e);
    }
  }, [fail]);

  useEffect(() => {
    void load();
  }, [load]);

  const choose = useCallback((c: Chosen) => {
    setChosen(c);
    setPin('');
    setTrouble(null);
    setDone(null);
  }, []);

  const act = useCallback(
    async (run: () => Promise<string>) => {
      setBusy(true);
      try {
        setDone(await run());
        setChosen(null);
        setTrouble(null);
        await load();
      } catch (e) {
        // A refusal the person can act on stays on this screen (wrong PIN, not enough money); the rest ends it.
        const stay = e instanceof ApiError && e.status < 500 && !isCardSessionOver(e) && !isUnauthorized(e);
        if (stay) setTrouble(errorMessage(e));
        else fail(e);
      } finally {
        setBusy(false);
        setPin('');
      }
    },
    [fail, load],
  );

  const confirm = useCallback(() => {
    if (chosen && pin.length === PIN_LENGTH) void act(() => approveChosen(chosen, pin, newPressKey()));
  }, [act, chosen, pin]);

  const decline = useCallback((c: NonNullable<Chosen>) => void act(() => declineChosen(c)), [act]);
  // 我来付: already paid by the family member, so agreeing needs no PIN and takes nothing from the card.
  const accept = useCallback(
    (order: ProxyOrder) =>
      void act(async () => {
        await call(routes.kioskApproveProxyOrder, { params: { proxy_order_id: order.id }, body: {}, idempotencyKey: newPressKey() });
        return `已同意收货，货款已由家人付了，订单 ${order.order_numbers.join('、')}`;
      }),
    [act],
  );

  return {
    state,
    chosen,
    filled: pin.length,
    busy,
    done,
    trouble,
    choose,
    press: (d: string) => setPin((p) => (p.length < PIN_LENGTH ? p + d : p)),
    erase: () => setPin((p) => p.slice(0, -1)),
    confirm,
    decline,
    accept,
    retry: load,
  };
}
export type Approve = ReturnType<typeof useApprove>;
