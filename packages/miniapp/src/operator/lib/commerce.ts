import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { errorMessage } from '../../api';
import { operatorMe, scopeOf } from './scope';

export type ScopeState =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'no-community' } | { kind: 'ready'; community_id: string };

/** The community the 社区商城 operator pages work on (the operator's own; an admin's chosen one), read on each show. */
export function useOperatorScope() {
  const [scope, setScope] = useState<ScopeState>({ kind: 'loading' });
  const reload = useCallback(async () => {
    try {
      const community_id = scopeOf(await operatorMe());
      setScope((s) =>
        community_id
          ? s.kind === 'ready' && s.community_id === community_id
            ? s
            : { kind: 'ready', community_id }
          : { kind: 'no-community' },
      );
    } catch (e) {
      setScope({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => void reload());
  return { scope, reload };
}
