import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { routes, type Community, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';

export type State =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community: Community; services: Service[] };

/** 便民服务: the home community and its catalogue, loaded each time the page shows. */
export function useServices() {
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const me = await call(routes.getMe, {});
      if (!me.community_id) return setState({ kind: 'no-community' });
      const params = { community_id: me.community_id };
      const [community, { items }] = await Promise.all([
        call(routes.getCommunity, { params }),
        call(routes.listServices, { params, query: {} }),
      ]);
      setState({ kind: 'ready', community, services: items });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => void load());
  return { state, load };
}
