import { useEffect, useState } from 'react';
import { useDidShow, useReachBottom } from '@tarojs/taro';
import { agriPostRoutes, type AgriCertKind, type AgriPost, type RouteInput, type RouteOutput } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { usePaged } from '../../commerce/lib';
import { useOperatorScope } from '../lib/commerce';

export type Tab = 'held' | 'reported' | 'certifications' | 'varieties';
export const TABS: { value: Tab; label: string }[] = [
  { value: 'held', label: '待审核' },
  { value: 'reported', label: '被举报' },
  { value: 'certifications', label: '认证核验' },
  { value: 'varieties', label: '新品种' },
];
export type Action = RouteInput<typeof agriPostRoutes.moderateAgriPost>['body']['action'];
export type Item = RouteOutput<typeof agriPostRoutes.listAgriModerationQueue>['items'][number];
export type Pending = RouteOutput<typeof agriPostRoutes.listPendingVarieties>['items'][number];

const ACTION_DONE: Record<Action, string> = { hide: '已下架', restore: '已放行，信息已公开', warn: '已警告发布者' };

/** 供求审核: the community's held, reported and certification queues, and the varieties waiting for a decision. */
export function useModeration() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const [tab, setTab] = useState<Tab>('held');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [varieties, setVarieties] = useState<Pending[] | null>(null);
  const paged = usePaged<Item>();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;

  const load = () => {
    if (!community_id) return;
    if (tab === 'varieties')
      return void call(agriPostRoutes.listPendingVarieties, { query: {} }).then(
        (r) => setVarieties(r.items),
        (e) => setError(errorMessage(e)),
      );
    void paged.reload((cursor) =>
      call(agriPostRoutes.listAgriModerationQueue, {
        params: { community_id },
        query: { queue: tab, limit: 20, ...(cursor ? { cursor } : {}) },
      }),
    );
  };
  useEffect(load, [community_id, tab]);
  useDidShow(() => load());
  useReachBottom(() => paged.more());

  /** Runs one decision; the post leaves the queue when it no longer belongs there. True when done. */
  const act = async (work: () => Promise<AgriPost | null>, message: string, id?: string): Promise<boolean> => {
    setError(null);
    try {
      const next = await work();
      if (id && next) paged.patch(id, next.status === 'held' && tab === 'held' ? { post: next, reports: [] } : null, (x) => x.post.id);
      setDone(message);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    }
  };
  const moderate = (p: AgriPost, action: Action, reason: string) =>
    act(
      () =>
        call(agriPostRoutes.moderateAgriPost, { params: { post_id: p.id }, body: { action, reason, uphold_reports: action === 'hide' } }),
      `${p.variety}：${ACTION_DONE[action]}`,
      p.id,
    );
  const checkCert = (p: AgriPost, kind: AgriCertKind, decision: 'confirmed' | 'rejected', reason?: string) =>
    act(
      () =>
        call(agriPostRoutes.checkAgriCertification, { params: { post_id: p.id }, body: { kind, decision, ...(reason ? { reason } : {}) } }),
      decision === 'confirmed' ? '认证已核验，买家能看到了' : '认证未通过',
      p.id,
    );
  const confirmVariety = (v: Pending, accept: boolean) =>
    act(
      async () => {
        await call(agriPostRoutes.confirmAgriVariety, { body: { category: v.category, variety: v.variety, accept } });
        setVarieties((list) => list?.filter((x) => x.variety_key !== v.variety_key || x.category !== v.category) ?? null);
        return null;
      },
      accept ? `「${v.variety}」已确认为新品种` : `「${v.variety}」不是有效品种`,
    );
  const chooseTab = (t: Tab) => {
    setDone(null);
    setError(null);
    setTab(t);
  };
  return { scope, reloadScope, tab, chooseTab, done, error, varieties, ...paged, moderate, checkCert, confirmVariety };
}
export type ModerationPage = ReturnType<typeof useModeration>;
