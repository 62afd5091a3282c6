import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type Cart } from '@cc/shared';
import { call, errorMessage } from '../../api';

export type CartState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; cart: Cart };
export type Line = Cart['lines'][number];

/** The cart and what the person does to it: change a quantity, fix the lines that cannot be bought, clear it. */
export function useCart() {
  const [state, setState] = useState<CartState>({ kind: 'loading' });
  /** The product being changed, 'all' for the whole cart, null when idle. */
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirmClear, setConfirmClear] = useState(false);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setState({ kind: 'ready', cart: await call(routes.getCart, {}) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());

  /** Runs a change with the page busy; on failure shows why and reloads, so the page shows the cart as it is. */
  async function change(what: string, run: () => Promise<void>, reloadOnError = true) {
    setBusy(what);
    setError(null);
    try {
      await run();
    } catch (e) {
      setError(errorMessage(e));
      if (reloadOnError) void load();
    } finally {
      setBusy(null);
    }
  }

  const setQuantity = (line: Line, quantity: number) =>
    change(line.product_id, async () => {
      // The line keeps its offer (a line set without one goes back to the normal price).
      const body = { quantity, ...(line.offer_id ? { offer_id: line.offer_id } : {}) };
      setState({ kind: 'ready', cart: await call(routes.setCartLine, { params: { product_id: line.product_id }, body }) });
    });

  const removeUnavailable = (cart: Cart) =>
    change('all', async () => {
      let next = cart;
      for (const l of cart.lines.filter((x) => x.unavailable)) {
        // Too many for the stock left: keep what there is; otherwise take the line out.
        const keep = l.unavailable === 'insufficient_stock' && l.stock > 0 ? l.stock : 0;
        next = await call(routes.setCartLine, {
          params: { product_id: l.product_id },
          body: { quantity: keep, ...(l.offer_id && keep > 0 ? { offer_id: l.offer_id } : {}) },
        });
      }
      setState({ kind: 'ready', cart: next });
    });

  const clear = () =>
    change(
      'all',
      async () => {
        await call(routes.clearCart, {});
        setConfirmClear(false);
        await load();
      },
      false,
    );

  return { state, load, busy, error, confirmClear, setConfirmClear, setQuantity, removeUnavailable, clear };
}
export type CartModel = ReturnType<typeof useCart>;
