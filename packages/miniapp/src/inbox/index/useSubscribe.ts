import { useCallback, useState } from 'react';
import Taro from '@tarojs/taro';
import { routes, type InboxKind } from '@cc/shared';
import { call } from '../../api';
import { toastProblem } from '../../ui';

/** What most people want on WeChat (WeChat asks for at most three templates at a time). */
const ASKED: InboxKind[] = ['order_shipped', 'order_refunded', 'call_resolved'];

/**
 * 开启微信提醒 (weapp only: H5 has no subscribe messages): asks WeChat for the templates of the kinds above and tells
 * the API what the person chose, so each “允许” lets one message through.
 */
export function useSubscribe() {
  const available = process.env.TARO_ENV === 'weapp';
  const [busy, setBusy] = useState(false);
  const subscribe = useCallback(async () => {
    setBusy(true);
    try {
      const { items } = await call(routes.getMyInboxSubscriptions, {});
      const tmplIds = ASKED.map((k) => items.find((i) => i.kind === k)?.template_id).filter((t): t is string => Boolean(t));
      const res = (await Taro.requestSubscribeMessage({ tmplIds, entityIds: [] } as never)) as unknown as Record<string, string>;
      const results = Object.fromEntries(
        tmplIds.filter((t) => ['accept', 'reject', 'ban', 'filter'].includes(res[t] ?? '')).map((t) => [t, res[t] as 'accept']),
      );
      if (Object.keys(results).length > 0) await call(routes.setMyInboxSubscriptions, { body: { results } });
      void Taro.showToast({ title: '已记下您的选择', icon: 'none' });
    } catch (e) {
      toastProblem(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return { available, busy, subscribe };
}
