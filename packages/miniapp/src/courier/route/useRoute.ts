import { useCallback, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { routes, type CourierRoute, type DeliveryVehicle } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { usePosition } from '../lib/usePosition';

export type RouteState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; route: CourierRoute };

/** 配送路线: the API's plan of the courier's pickups and drops for the chosen vehicle; positions reported meanwhile. */
export function useRoute() {
  const [vehicle, setVehicle] = useState<DeliveryVehicle>('ebike');
  const [state, setState] = useState<RouteState>({ kind: 'loading' });
  const load = useCallback(async (v: DeliveryVehicle) => {
    try {
      setState({ kind: 'ready', route: await call(routes.getMyRoute, { query: { vehicle: v } }) });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, []);
  useDidShow(() => void load(vehicle));
  usePullDownRefresh(() => void load(vehicle));
  const choose = (v: DeliveryVehicle) => {
    setVehicle(v);
    setState({ kind: 'loading' });
    void load(v);
  };
  const positionNotice = usePosition(state.kind === 'ready' && state.route.stops.length > 0);
  return { vehicle, state, choose, reload: () => void load(vehicle), positionNotice };
}
