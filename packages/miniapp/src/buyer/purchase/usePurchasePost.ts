import { useState } from 'react';
import Taro from '@tarojs/taro';
import { agriPostRoutes, type Community, type PurchasePost } from '@cc/shared';
import { call } from '../../api';
import { AGRI_PAGES } from '../../farmer/lib/agri';
import { myCommunity, useLoaded, useMessages } from '../../farmer/lib/hooks';
import { checkPurchase, purchaseChanges, purchaseCreateBody, purchaseFormOf, type PurchaseForm } from './form';

type Data = { home: Community | null; post: PurchasePost | null };

/** 发布求购 or one of the buyer's purchase posts (?id=): its form, save, renew and close. */
export function usePurchasePost(id: string | null) {
  const [form, setForm] = useState<PurchaseForm | null>(null);
  const loaded = useLoaded<Data>(async () => {
    const [home, post] = await Promise.all([
      myCommunity(),
      id ? call(agriPostRoutes.getAgriPost, { params: { post_id: id }, query: {} }) : Promise.resolve(null),
    ]);
    if (post && post.kind !== 'purchase') throw new Error('这不是求购信息');
    setForm(purchaseFormOf(post, home));
    return { home, post };
  }, [id]);
  const m = useMessages();
  const data = loaded.state.kind === 'ready' ? loaded.state.data : null;

  const set = (patch: Partial<PurchaseForm>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    m.setErrors({});
  };
  const changed = (post: PurchasePost, message: string) => {
    loaded.setState({ kind: 'ready', data: { home: data?.home ?? null, post } });
    setForm(purchaseFormOf(post, data?.home ?? null));
    m.setDone(message);
  };
  const checked = () => {
    if (!form) return null;
    const { errors, ok } = checkPurchase(form);
    m.setErrors(errors);
    return ok;
  };

  const create = () => {
    const c = checked();
    if (!c || !form || !data) return;
    if (!data.home) return m.setError('请先在首页选择所在社区，再发布求购');
    void m.run('create', async () => {
      const p = await call(agriPostRoutes.createPurchasePost, { body: purchaseCreateBody(form, c, data.home!) });
      void Taro.redirectTo({ url: `${AGRI_PAGES.purchase}?id=${p.id}&created=1` });
    });
  };
  const save = (p: PurchasePost) => {
    const c = checked();
    if (!c || !form) return;
    const body = purchaseChanges(form, c, p);
    if (Object.keys(body).length === 0) return m.setDone('没有修改');
    void m.run('save', async () => changed(await call(agriPostRoutes.updatePurchasePost, { params: { post_id: p.id }, body }), '已保存'));
  };
  const renew = (p: PurchasePost) =>
    void m.run('renew', async () => {
      const days = Number(form?.valid_days) || 30;
      const next = await call(agriPostRoutes.renewAgriPost, { params: { post_id: p.id }, body: { valid_days: days } });
      if (next.kind === 'purchase') changed(next, `已续期 ${days} 天`);
    });
  const close = (p: PurchasePost) =>
    void m.run('close', async () => {
      const next = await call(agriPostRoutes.closeAgriPost, { params: { post_id: p.id } });
      if (next.kind === 'purchase') changed(next, '已关闭，农户不会再看到这条求购');
    });

  return { loaded, data, form, set, create, save, renew, close, ...m };
}
