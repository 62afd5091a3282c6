import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { routes, type Community, type Kiosk, type Me } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { scopeOf } from '../lib/scope';

export type State =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; me: Me; community: Community | null; kiosks: Kiosk[] | null };

/** Who is signed in, and their community with its terminals (none chosen: null for both); loaded on each show. */
export function useOperatorHome() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState({ kind: 'loading' });
    try {
      const me = await call(routes.getMe, {});
      const communityId = scopeOf(me);
      const [community, kiosks] = await Promise.all([
        communityId ? call(routes.getCommunity, { params: { community_id: communityId } }) : Promise.resolve(null),
        communityId ? call(routes.listKiosks, { params: { community_id: communityId }, query: { limit: 50 } }) : Promise.resolve(null),
      ]);
      setState({ kind: 'ready', me, community, kiosks: kiosks?.items ?? null });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);

  useDidShow(() => {
    void load();
  });
  return { state, load };
}
