import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import { ApiError, routes, type PricePosition, type PriceTrend, type PriceVarietyEntry } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { getToken } from '../../session';

export type Days = 7 | 30 | 90;
export interface Choice {
  variety: string;
  region: string;
  days: Days;
}
export type TrendState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; trend: PriceTrend };
export type PricesState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'empty' } | { kind: 'ready'; varieties: PriceVarietyEntry[] };

/** The farmer's own asking price against the median; null for everyone else (a 401 or 403 is not an error here). */
async function positionOf(variety: string): Promise<PricePosition | null> {
  if (!getToken()) return null;
  try {
    return await call(routes.getMyAgriPricePosition, { query: { variety } });
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
    throw e;
  }
}

/** The varieties with data, once per showing; the chosen one from the page's `variety` parameter, else the first. */
function useVarieties(initial: string | undefined) {
  const [state, setState] = useState<PricesState>({ kind: 'loading' });
  const [choice, setChoice] = useState<Choice | null>(null);
  const load = useCallback(async () => {
    try {
      const { items } = await call(routes.listAgriPriceVarieties, {});
      setState(items.length ? { kind: 'ready', varieties: items } : { kind: 'empty' });
      setChoice(
        (c) => c ?? (items[0] ? { variety: items.find((v) => v.name === initial)?.name ?? items[0].name, region: '', days: 30 } : null),
      );
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [initial]);
  return { state, load, choice, setChoice };
}

/**
 * 行情: the varieties with data (GET agri/prices/varieties), the chosen variety's trend in a region over 7, 30 or 90
 * days (GET agri/prices), and for a farmer their own asking price against the regional median.
 */
export function usePrices() {
  const router = useRouter();
  const initial = router.params.variety ? decodeURIComponent(router.params.variety) : undefined;
  const { state, load, choice, setChoice } = useVarieties(initial);
  const [trend, setTrend] = useState<TrendState>({ kind: 'loading' });
  const [position, setPosition] = useState<PricePosition | null>(null);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useEffect(() => {
    if (!choice) return;
    let live = true;
    setTrend({ kind: 'loading' });
    const query = { variety: choice.variety, days: choice.days, ...(choice.region ? { region: choice.region } : {}) };
    Promise.all([call(routes.getAgriPrices, { query }), positionOf(choice.variety)])
      .then(([t, p]) => {
        if (!live) return;
        setTrend({ kind: 'ready', trend: t });
        setPosition(p);
      })
      .catch((e: unknown) => live && setTrend({ kind: 'error', message: errorMessage(e) }));
    return () => {
      live = false;
    };
  }, [choice]);
  const choose = (patch: Partial<Choice>) => setChoice((c) => (c ? { ...c, ...patch } : c));
  return { state, load, choice, choose, trend, position };
}
