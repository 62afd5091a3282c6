import { useState } from 'react';
import Taro from '@tarojs/taro';
import { agriPostRoutes } from '@cc/shared';
import { call } from '../api';
import { myCommunity, useLoaded, useMessages } from '../farmer/lib/hooks';
import type { CommonForm, Errors, Home } from './form';
import { POST_KINDS, type KindOf, type KindTypes, type PostKind } from './kinds';

/** A kind's form: from a post to the form and back (the checks and bodies of farmer/supply/form.ts, buyer/purchase/form.ts). */
export interface FormOf<K extends PostKind, F, C> {
  formOf(p: KindTypes[K]['post'] | null, home: Home | null): F;
  check(f: F): { errors: Errors; ok: C | null };
  createBody(f: F, c: C, home: Home): KindTypes[K]['create'];
  changes(f: F, c: C, p: KindTypes[K]['post'], home: Home | null): KindTypes[K]['change'];
}

type Data<P> = { home: Home | null; post: P | null };

/** A new post or one of the poster's posts (?id=): its form, create, save, renew and close. */
export function usePostForm<K extends PostKind, F extends CommonForm, C>(kind: K, spec: FormOf<K, F, C>, id: string | null) {
  type P = KindTypes[K]['post'];
  const k = POST_KINDS[kind] as KindOf<K>;
  const [form, setForm] = useState<F | null>(null);
  const loaded = useLoaded<Data<P>>(async () => {
    const [home, post] = await Promise.all([
      myCommunity(),
      id ? call(agriPostRoutes.getAgriPost, { params: { post_id: id }, query: {} }) : Promise.resolve(null),
    ]);
    if (post && post.kind !== kind) throw new Error(k.words.notThisKind);
    setForm(spec.formOf(post as P | null, home));
    return { home, post: post as P | null };
  }, [id]);
  const m = useMessages();
  const data = loaded.state.kind === 'ready' ? loaded.state.data : null;
  const home = data?.home ?? null;

  const set = (patch: Partial<F>) => {
    setForm((f) => (f ? { ...f, ...patch } : f));
    m.setErrors({});
  };
  const changed = (post: P, message: string) => {
    loaded.setState({ kind: 'ready', data: { home, post } });
    setForm(spec.formOf(post, home));
    m.setDone(message);
  };
  const checked = () => {
    if (!form) return null;
    const { errors, ok } = spec.check(form);
    m.setErrors(errors);
    return ok;
  };
  const create = () => {
    const c = checked();
    if (!c || !form || !data) return;
    if (!home) return m.setError(k.words.noHome);
    void m.run('create', async () => {
      const p = await k.create(spec.createBody(form, c, home));
      void Taro.redirectTo({ url: `${k.page}?id=${p.id}&created=1` });
    });
  };
  const save = (p: P) => {
    const c = checked();
    if (!c || !form) return;
    const body = spec.changes(form, c, p, home);
    if (Object.keys(body).length === 0) return m.setDone('没有修改');
    void m.run('save', async () => changed(await k.update(p.id, body), '已保存'));
  };
  const renew = (p: P) =>
    void m.run('renew', async () => {
      const days = Number(form?.valid_days) || 30;
      const next = await call(agriPostRoutes.renewAgriPost, { params: { post_id: p.id }, body: { valid_days: days } });
      // Renew answers the post without photo URLs: read it again so the form keeps its thumbnails.
      changed((await call(agriPostRoutes.getAgriPost, { params: { post_id: next.id }, query: {} })) as P, `已续期 ${days} 天`);
    });
  const close = (p: P) =>
    void m.run('close', async () => {
      const next = await call(agriPostRoutes.closeAgriPost, { params: { post_id: p.id } });
      changed((await call(agriPostRoutes.getAgriPost, { params: { post_id: next.id }, query: {} })) as P, k.words.closed);
    });

  return { loaded, data, form, set, create, save, renew, close, ...m };
}
