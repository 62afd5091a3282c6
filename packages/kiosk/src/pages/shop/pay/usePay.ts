import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, routes, type KioskCheckout } from '@cc/shared';
import { call, errorMessage, isCardSessionOver } from '../../../api';
import { PAGES, replace } from '../../../nav';
import { clearPending, newKey, pendingOf, savePending, type PendingShop } from '../pending';
import { lastShop } from '../store';

export type PayState =
  | { kind: 'placing' }
  | { kind: 'confirm'; checkout: KioskCheckout }
  | { kind: 'pin'; checkout: KioskCheckout; trouble: string | null }
  | { kind: 'paying'; checkout: KioskCheckout }
  | { kind: 'paid'; checkout: KioskCheckout }
  /** 没有扣款: surely nothing was charged (a refusal, or nothing was sent). */
  | { kind: 'not_charged'; reason: string }
  /** 正在确认: a request may have reached the server; it is asked again with the same keys until it answers. */
  | { kind: 'confirming'; stuck: boolean; sessionOver: boolean };

/** After this long without an answer the screen says so and offers 再试一次 (it keeps asking meanwhile). */
const STUCK_AFTER_MS = 30_000;
const RETRY_DELAYS_MS = [1000, 2000, 3000, 5000];

type Outcome = 'uncertain' | 'session' | 'pin' | 'refused';

/** What an error says about the money: only a refusal the server decided is a sure 没有扣款. */
function outcomeOf(e: unknown): Outcome {
  if (!(e instanceof ApiError) || e.status === 0 || e.status >= 500 || e.code.endsWith('_in_progress')) return 'uncertain';
  if (isCardSessionOver(e)) return 'session';
  if (e.code === 'pin_required' || e.code === 'pin_incorrect') return 'pin';
  return 'refused';
}

function place(p: PendingShop): Promise<KioskCheckout> {
  const idempotencyKey = p.checkout_key;
  return p.order.kind === 'reorder'
    ? call(routes.kioskReorder, { body: p.order.body, idempotencyKey })
    : call(routes.kioskShopCheckout, { body: p.order.body, idempotencyKey });
}

const readyToPay = (checkout: KioskCheckout, trouble: string | null = null): PayState =>
  checkout.pin_required ? { kind: 'pin', checkout, trouble } : { kind: 'confirm', checkout };

/**
 * The payment screen's state (issue 15 item 2): the pending operation of pending.ts taken one step further each time —
 * place the checkout under its key, then pay under the payment's key — and, after any answer that leaves the money
 * unsure (no network, a timeout, in progress), asked again with the same keys until the server says. The PIN stays in
 * memory for those retries only.
 */
export function usePay() {
  const [state, setState] = useState<PayState>({ kind: 'placing' });
  const pin = useRef<string | null>(null);
  const unsureSince = useRef<number | null>(null);
  const [retries, setRetries] = useState(0);
  // Whose payment this is, fixed when the screen opens.
  const [holder] = useState(() => lastShop()?.holder_id ?? null);

  const fail = useCallback((e: unknown, p: PendingShop) => {
    const outcome = outcomeOf(e);
    if (outcome === 'uncertain' || (outcome === 'session' && p.paying)) {
      unsureSince.current ??= Date.now();
      const stuck = Date.now() - unsureSince.current > STUCK_AFTER_MS;
      setState({ kind: 'confirming', stuck, sessionOver: outcome === 'session' });
      if (outcome === 'uncertain') setRetries((n) => n + 1);
      return;
    }
    unsureSince.current = null;
    if (outcome === 'pin' && p.checkout) {
      // The refusal is stored under the old key: the next try is a new payment request (the checkout pays once).
      pin.current = null;
      savePending({ ...p, pay_key: newKey(), paying: false });
      setState(readyToPay({ ...p.checkout, pin_required: true }, errorMessage(e)));
      return;
    }
    clearPending();
    setState({ kind: 'not_charged', reason: errorMessage(e) });
  }, []);

  /** One step on from wherever the pending operation stands. */
  const step = useCallback(async () => {
    if (!holder) return replace(PAGES.shop);
    let p = pendingOf(holder);
    if (!p) return replace(PAGES.shop);
    try {
      if (!p.checkout) p = savePending({ ...p, checkout: await place(p) });
      const checkout = p.checkout as KioskCheckout;
      if (!p.paying) {
        unsureSince.current = null;
        return setState(readyToPay(checkout));
      }
      const paid = await call(routes.kioskShopPay, {
        params: { checkout_id: checkout.checkout_id },
        body: pin.current ? { pin: pin.current } : {},
        idempotencyKey: p.pay_key,
      });
      clearPending();
      unsureSince.current = null;
      setState({ kind: 'paid', checkout: paid });
    } catch (e) {
      fail(e, p);
    }
  }, [holder, fail]);

  useEffect(() => {
    void step();
  }, [step]);

  // While unsure: ask again after a short wait, and at once when the network comes back.
  useEffect(() => {
    if (retries === 0) return undefined;
    const t = setTimeout(() => void step(), RETRY_DELAYS_MS[Math.min(retries - 1, RETRY_DELAYS_MS.length - 1)]);
    const online = () => void step();
    window.addEventListener('online', online);
    return () => {
      clearTimeout(t);
      window.removeEventListener('online', online);
    };
  }, [retries, step]);

  /** 确认付款 (or 确认 on the PIN pad): the payment is marked as sent before it is sent. */
  const pay = useCallback(
    (withPin?: string) => {
      const p = holder ? pendingOf(holder) : null;
      if (!p?.checkout) return;
      pin.current = withPin ?? null;
      savePending({ ...p, paying: true });
      setState({ kind: 'paying', checkout: p.checkout });
      void step();
    },
    [holder, step],
  );

  return { state, pay, retry: step };
}
