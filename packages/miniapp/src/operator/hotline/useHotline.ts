import { useCallback, useRef, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { ApiError, routes, type Service, type UserSummary } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { emptyForm, formBody, remainingErrors, validateForm, type CallFormValue } from '../../calls-common/CallForm';
import { CALL_PAGES, fieldErrors, newIdempotencyKey } from '../../calls-common/lib';
import { loadNames, operatorMe, scopeOf } from '../lib/scope';

export type Load =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community_id: string; residents: UserSummary[]; services: Service[] };

/** The operator's community, its residents (by name) and its services. */
async function fetchHotline(): Promise<Load> {
  const me = await operatorMe();
  const community_id = scopeOf(me);
  if (!community_id) return { kind: 'no-community' };
  const [users, { items }] = await Promise.all([
    loadNames(community_id, true),
    call(routes.listServices, { params: { community_id }, query: {} }),
  ]);
  const residents = [...users.values()]
    .filter((u) => u.community_id === community_id)
    .sort((a, b) => a.nickname.localeCompare(b.nickname, 'zh'));
  return { kind: 'ready', community_id, residents, services: items };
}

/** The residents whose name, phone's last four digits or address match what was typed (all of them for nothing typed). */
export function matching(residents: UserSummary[], query: string): UserSummary[] {
  const q = query.trim();
  if (!q) return residents;
  return residents.filter((u) => u.nickname.includes(q) || (u.phone_masked ?? '').endsWith(q.slice(-4)) || (u.address ?? '').includes(q));
}

/** What is sent: the resident, the service, the form; confirm_new once the operator said it is not the same problem. */
function hotlineBody(resident: UserSummary, service: Service, form: CallFormValue, confirmNew: boolean) {
  return {
    resident_id: resident.id,
    service_code: service.service_code,
    ...formBody(form),
    ...(confirmNew ? { confirm_new: true } : {}),
  };
}

/** The page's state: the resident, the service and the form chosen, and sending the call (asked again for a duplicate). */
export function useHotline() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [query, setQuery] = useState('');
  const [resident, setResident] = useState<UserSummary | null>(null);
  const [service, setService] = useState<Service | null>(null);
  const [form, setForm] = useState<CallFormValue>(emptyForm(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  const attempt = useRef<{ body: string; key: string } | null>(null);

  const fetchAll = useCallback(async () => {
    setLoad({ kind: 'loading' });
    try {
      setLoad(await fetchHotline());
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useLoad(() => void fetchAll());

  const change = (v: CallFormValue) => {
    setForm(v);
    if (service) setErrors((shown) => remainingErrors(service, v, shown));
    setDuplicateOf(null);
    setError(null);
  };
  const chooseResident = (u: UserSummary | null) => {
    setResident(u);
    setForm({ ...form, address: u?.address ?? '' });
    setDuplicateOf(null);
  };
  const chooseService = (s: Service | null) => {
    setService(s);
    setForm({ ...emptyForm(resident?.address ?? null), description: form.description });
    setErrors({});
    setDuplicateOf(null);
  };

  async function submit(community_id: string, confirmNew: boolean) {
    if (!resident || !service) return;
    const found = validateForm(service, form);
    setErrors(found);
    if (Object.keys(found).length > 0) return setError('请先完成标红的项目');
    const body = hotlineBody(resident, service, form, confirmNew);
    // The same body is the same attempt: a retry after a lost answer does not raise a second call.
    const json = JSON.stringify(body);
    if (attempt.current?.body !== json) attempt.current = { body: json, key: newIdempotencyKey('hotline') };
    setBusy(true);
    setError(null);
    try {
      const created = await call(routes.createHotlineCall, { params: { community_id }, body, idempotencyKey: attempt.current.key });
      await Taro.redirectTo({ url: `${CALL_PAGES.operatorCall}?id=${created.id}&created=1` });
    } catch (e) {
      if (e instanceof ApiError && e.code === 'possible_duplicate') setDuplicateOf(e.problem.detail ?? '');
      else {
        setErrors(fieldErrors(e));
        setError(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  }

  return {
    load,
    fetchAll,
    query,
    setQuery,
    resident,
    service,
    form,
    errors,
    error,
    busy,
    duplicateOf,
    setDuplicateOf,
    change,
    chooseResident,
    chooseService,
    submit,
  };
}

export type HotlinePage = ReturnType<typeof useHotline>;
