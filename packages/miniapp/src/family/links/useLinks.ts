import { useCallback, useEffect, useState } from 'react';
import { routes, type FamilyLink } from '@cc/shared';
import { call, errorMessage } from '../../api';

export type LinksState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; links: FamilyLink[] };

/** 关联家人: my links with their states, and the request form (the elder's number, name, and how we are related). */
export function useLinks() {
  const [state, setState] = useState<LinksState>({ kind: 'loading' });
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [relation, setRelation] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setState({ kind: 'ready', links: (await call(routes.listMyFamilyLinks, {})).items });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const link = await call(routes.requestFamilyLink, { body: { phone: phone.trim(), name: name.trim(), relation: relation.trim() } });
      setNotice(`已发出申请，请${link.elder_name}到社区终端刷卡确认，或请服务站工作人员确认。`);
      setPhone('');
      setName('');
      setRelation('');
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  /** 解除关联: the link ends; what waits on it is cancelled (a 我来付 payment goes back to WeChat). */
  async function revoke(link: FamilyLink) {
    setBusy(true);
    setError(null);
    try {
      await call(routes.revokeFamilyLink, { params: { link_id: link.id }, body: {} });
      setNotice(`已解除与${link.elder_name}的关联，等待确认的代下单已取消。`);
      await load();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return { revoke, state, load, form: { phone, setPhone, name, setName, relation, setRelation }, busy, error, notice, submit };
}
export type LinksModel = ReturnType<typeof useLinks>;
