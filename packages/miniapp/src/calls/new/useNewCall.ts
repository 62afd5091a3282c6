import { useCallback, useRef, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { ApiError, routes, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { emptyForm, formBody, remainingErrors, validateForm, type CallFormValue } from '../../calls-common/CallForm';
import { CALL_PAGES, fieldErrors, newIdempotencyKey, pageParam } from '../../calls-common/lib';

export type Load =
  { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; service: Service; profileAddress: string | null };

/** The service and the profile's address. */
function useServiceLoad(setForm: (v: CallFormValue) => void) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const fetchAll = useCallback(async () => {
    setLoad({ kind: 'loading' });
    try {
      const code = pageParam('code');
      const me = await call(routes.getMe, {});
      if (!me.community_id) throw new Error('no community');
      if (!code) throw new Error('no service');
      const service = await call(routes.getService, { params: { community_id: me.community_id, service_code: code }, query: {} });
      setForm(emptyForm(me.address));
      setLoad({ kind: 'ready', service, profileAddress: me.address });
      void Taro.setNavigationBarTitle({ title: service.service_name });
    } catch (e) {
      setLoad({ kind: 'error', message: e instanceof ApiError ? errorMessage(e) : '没有找到这项服务，请从服务列表进入' });
    }
  }, []);
  useLoad(() => void fetchAll());
  return { load, fetchAll };
}

/** One service's call: the form, its checks, the submission (one Idempotency-Key per body) and the duplicate question. */
export function useNewCall() {
  const [form, setForm] = useState<CallFormValue>(emptyForm(null));
  const { load, fetchAll } = useServiceLoad(setForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  // One Idempotency-Key per distinct submission: a retry of the same body reuses it.
  const attempt = useRef<{ body: string; key: string } | null>(null);

  async function submit(service: Service, confirmNew: boolean) {
    const found = validateForm(service, form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setError('请先完成标红的项目');
      return;
    }
    const body = { service_code: service.service_code, ...formBody(form), ...(confirmNew ? { confirm_new: true } : {}) };
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey('call') };
    setBusy(true);
    setError(null);
    try {
      const created = await call(routes.createCall, { body, idempotencyKey: attempt.current.key });
      await Taro.redirectTo({ url: `${CALL_PAGES.detail}?id=${created.id}&created=1` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'possible_duplicate') {
        setDuplicateOf(e.problem.detail ?? '');
      } else {
        setErrors(fieldErrors(e));
        setError(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  }

  const change = (service: Service, v: CallFormValue) => {
    setForm(v);
    setErrors((shown) => remainingErrors(service, v, shown));
    setDuplicateOf(null);
    setError(null);
  };

  return { load, fetchAll, form, change, errors, error, busy, duplicateOf, setDuplicateOf, submit };
}

export type NewCall = ReturnType<typeof useNewCall>;
