import { useState } from 'react';
import Taro from '@tarojs/taro';
import { agriPostRoutes, type SupplyPost } from '@cc/shared';
import { call } from '../../api';
import { AGRI_PAGES } from '../lib/agri';
import { myCommunity, useLoaded, useMessages } from '../lib/hooks';
import { checkSupply, supplyChanges, supplyCreateBody, supplyFormOf, type Home, type SupplyForm } from './form';

type Data = { home: Home | null; post: SupplyPost | null };

/** 发布供应 or one of the farmer's supply posts (?id=): its form, save, renew and close. */
export function useSupplyPost(id: string | null) {
  const [form, setForm] = useState<SupplyForm | null>(null);
  const loaded = useLoaded<Data>(async () => {
    const [home, post] = await Promise.all([
      myCommunity(),
      id ? call(agriPostRoutes.getAgriPost, { params: { post_id: id }, query: {} }) : Promise.resolve(null),
    ]);
    if (post && post.kind !== 'supply') throw new Error('这不是供应信息');
    setForm(supplyFormOf(post, home));
    return { home, post };
  }, [id]);
  const m = useMessages();
  const data = loaded.state.kind === 'ready' ? loaded.state.data : null;

  const set = (patch: Partial<SupplyForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    m.setErrors({});
  };
  const changed = (post: SupplyPost, message: string) => {
    loaded.setState({ kind: 'ready', data: { home: data?.home ?? null, post } });
    setForm((f) => (f ? { ...supplyFormOf(post, data?.home ?? null), photos: f.photos } : f));
    m.setDone(message);
  };
  const checked = () => {
    if (!form) return null;
    const { errors, ok } = checkSupply(form);
    m.setErrors(errors);
    return ok;
  };

  const create = () => {
    const c = checked();
    if (!c || !form || !data) return;
    if (!data.home) return m.setError('请先在首页选择所在村，再发布供应');
    void m.run('create', async () => {
      const p = await call(agriPostRoutes.createSupplyPost, { body: supplyCreateBody(form, c, data.home!) });
      void Taro.redirectTo({ url: `${AGRI_PAGES.supply}?id=${p.id}&created=1` });
    });
  };
  const save = (p: SupplyPost) => {
    const c = checked();
    if (!c || !form) return;
    const body = supplyChanges(form, c, p, data?.home ?? null);
    if (Object.keys(body).length === 0) return m.setDone('没有修改');
    void m.run('save', async () => changed(await call(agriPostRoutes.updateSupplyPost, { params: { post_id: p.id }, body }), '已保存'));
  };
  const renew = (p: SupplyPost) =>
    void m.run('renew', async () => {
      const days = Number(form?.valid_days) || 30;
      const next = await call(agriPostRoutes.renewAgriPost, { params: { post_id: p.id }, body: { valid_days: days } });
      if (next.kind === 'supply') changed(next, `已续期 ${days} 天`);
    });
  const close = (p: SupplyPost) =>
    void m.run('close', async () => {
      const next = await call(agriPostRoutes.closeAgriPost, { params: { post_id: p.id } });
      if (next.kind === 'supply') changed(next, '已关闭，别人不会再看到这条供应');
    });

  return { loaded, data, form, set, create, save, renew, close, ...m };
}
export type SupplyPage = ReturnType<typeof useSupplyPost>;
