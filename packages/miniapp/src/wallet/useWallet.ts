import { useCallback, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { routes, type Wallet } from '@cc/shared';
import { call, errorMessage } from '../api';

export type WalletLoad = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; wallet: Wallet };

/**
 * The person's wallet, loaded each time the page shows (coming back from 充值, 绑卡, 挂失 … shows the new state).
 * A reload keeps the last wallet on screen instead of flashing the spinner. `paused` skips the reload (a result page).
 */
export function useWallet(paused = false) {
  const [load, setLoad] = useState<WalletLoad>({ kind: 'loading' });
  const reload = useCallback(async () => {
    setLoad((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      setLoad({ kind: 'ready', wallet: await call(routes.getWallet, {}) });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useDidShow(() => {
    if (!paused) void reload();
  });
  return { load, setLoad, reload };
}
