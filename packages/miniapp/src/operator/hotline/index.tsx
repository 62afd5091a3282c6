import { useCallback, useRef, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { ApiError, routes, type Service, type UserSummary } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallForm, emptyForm, formBody, remainingErrors, validateForm, type CallFormValue } from '../../calls-common/CallForm';
import { DuplicateQuestion } from '../../calls-common/DuplicateQuestion';
import { CALL_PAGES, fieldErrors, newIdempotencyKey, slaText } from '../../calls-common/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { loadNames, operatorMe, scopeOf } from '../lib/scope';
import '../../calls-common/calls.css';
import '../lib/operator.css';
import './index.css';
import { EmptyView, ErrorView, LoadingView, Notice } from '../../ui';

type Load =
  | { kind: 'loading' }
  | { kind: 'error'; message: string }
  | { kind: 'no-community' }
  | { kind: 'ready'; community_id: string; residents: UserSummary[]; services: Service[] };

/** 热线代录: an operator raises a call for a resident who phoned: pick the resident, the service, fill in the form. */
export default function HotlinePage() {
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
      const me = await operatorMe();
      const community_id = scopeOf(me);
      if (!community_id) return setLoad({ kind: 'no-community' });
      const [users, { items }] = await Promise.all([
        loadNames(community_id, true),
        call(routes.listServices, { params: { community_id }, query: {} }),
      ]);
      const residents = [...users.values()]
        .filter((u) => u.community_id === community_id)
        .sort((a, b) => a.nickname.localeCompare(b.nickname, 'zh'));
      setLoad({ kind: 'ready', community_id, residents, services: items });
    } catch (e) {
      setLoad({ kind: 'error', message: errorMessage(e) });
    }
  }, []);
  useLoad(() => void fetchAll());

  const alertsBar = <EmergencyAlerts communityId={load.kind === 'ready' ? load.community_id : null} />;
  if (load.kind !== 'ready')
    return (
      <View className="page">
        {alertsBar}
        {load.kind === 'loading' ? (
          <LoadingView />
        ) : load.kind === 'error' ? (
          <ErrorView message={load.message} onRetry={() => void fetchAll()} />
        ) : (
          <EmptyView title="尚未选择社区" description="在首页选择所在社区后才能代录呼叫" />
        )}
      </View>
    );

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
    if (Object.keys(found).length > 0) {
      setError('请先完成标红的项目');
      return;
    }
    const body = {
      resident_id: resident.id,
      service_code: service.service_code,
      ...formBody(form),
      ...(confirmNew ? { confirm_new: true } : {}),
    };
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

  const q = query.trim();
  const matches = q
    ? load.residents.filter((u) => u.nickname.includes(q) || (u.phone_masked ?? '').endsWith(q.slice(-4)) || (u.address ?? '').includes(q))
    : load.residents;
  return (
    <View className="page hotline">
      {alertsBar}
      <Text className="page-title">热线代录</Text>
      <View className="page-subtitle">
        <Text>居民来电时，替他发起呼叫；渠道记为「热线电话」，居民在小程序里也能看到进度。</Text>
      </View>

      <View className="section-title">
        <Text>1. 来电居民</Text>
      </View>
      {resident ? (
        <View className="call-card hotline-resident">
          <View className="operator-provider__row">
            <Text className="operator-provider__name">{resident.nickname}</Text>
            <View className="hotline-change" role="button" onClick={() => chooseResident(null)}>
              更换
            </View>
          </View>
          <Text className="operator-provider__meta">
            {resident.phone_masked ?? '未绑定手机'} · {resident.address ?? '未登记住址'}
          </Text>
        </View>
      ) : (
        <View className="call-card">
          <View className="call-field__box hotline-search">
            <Input type="text" placeholder="姓名、手机尾号或住址" value={query} onChange={setQuery} />
          </View>
          {matches.length === 0 ? (
            <EmptyView title="没有找到这位居民" description="请核对姓名；还没注册的居民请先在小程序或终端登记" />
          ) : (
            matches.slice(0, 20).map((u) => (
              <View key={u.id} className="operator-provider hotline-pick" role="button" onClick={() => chooseResident(u)}>
                <Text className="operator-provider__name">{u.nickname}</Text>
                <Text className="operator-provider__meta">
                  {u.phone_masked ?? '未绑定手机'} · {u.address ?? '未登记住址'}
                </Text>
              </View>
            ))
          )}
        </View>
      )}

      {resident && (
        <>
          <View className="section-title">
            <Text>2. 服务</Text>
          </View>
          {service ? (
            <View className={`call-card hotline-service ${service.emergency ? 'hotline-service--emergency' : ''}`}>
              <View className="operator-provider__row">
                <Text className="operator-provider__name">{service.service_name}</Text>
                <View className="hotline-change" role="button" onClick={() => chooseService(null)}>
                  更换
                </View>
              </View>
              <Text className="operator-provider__meta">{service.emergency ? '立即提醒所有值班人员' : slaText(service)}</Text>
            </View>
          ) : (
            <View className="call-chips hotline-services">
              {load.services.map((s) => (
                <View
                  key={s.service_code}
                  className={`call-chip hotline-service-chip ${s.emergency ? 'hotline-service-chip--emergency' : ''}`}
                  role="button"
                  data-code={s.service_code}
                  onClick={() => chooseService(s)}
                >
                  <Text>{s.service_name}</Text>
                </View>
              ))}
            </View>
          )}
        </>
      )}

      {resident && service && (
        <>
          <View className="section-title">
            <Text>3. 详情</Text>
          </View>
          <CallForm
            service={service}
            value={form}
            errors={errors}
            onChange={change}
            addressHint={resident.address ? '已填入居民登记的住址，可修改' : undefined}
          />
          {duplicateOf !== null ? (
            <DuplicateQuestion
              question="该居民已有一个同类呼叫在处理中，是同一个问题吗？"
              busy={busy}
              onView={() => void Taro.redirectTo({ url: `${CALL_PAGES.operatorCall}?id=${duplicateOf}` })}
              onConfirmNew={() => void submit(load.community_id, true)}
              onCancel={() => setDuplicateOf(null)}
            />
          ) : (
            <>
              {error && (
                <Notice tone="danger">
                  <Text>{error}</Text>
                </Notice>
              )}
              <Button
                block
                size="large"
                type={service.emergency ? 'danger' : 'primary'}
                className="hotline-submit"
                loading={busy}
                disabled={busy}
                onClick={() => void submit(load.community_id, false)}
              >
                代居民发起呼叫
              </Button>
            </>
          )}
        </>
      )}
    </View>
  );
}
