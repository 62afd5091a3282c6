import { useCallback, useRef, useState } from 'react';
import Taro, { useLoad } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { ApiError, routes, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallForm, emptyForm, formBody, remainingErrors, validateForm, type CallFormValue } from '../../calls-common/CallForm';
import { DuplicateQuestion } from '../../calls-common/DuplicateQuestion';
import { CALL_PAGES, fieldErrors, newIdempotencyKey, pageParam, slaText } from '../../calls-common/lib';
import '../calls.css';
import { ErrorView, LoadingView, Notice } from '../../ui';

type Load = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; service: Service; profileAddress: string | null };

/** One service's form: generated from its typed attributes, then description, address (from the profile), preferred time. */
export default function NewCallPage() {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [form, setForm] = useState<CallFormValue>(emptyForm(null));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);
  // One Idempotency-Key per distinct submission: a retry of the same body reuses it.
  const attempt = useRef<{ body: string; key: string } | null>(null);

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

  if (load.kind === 'loading') return <LoadingView />;
  if (load.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={load.message} onRetry={() => void fetchAll()} />
      </View>
    );

  const { service, profileAddress } = load;
  const change = (v: CallFormValue) => {
    setForm(v);
    setErrors((shown) => remainingErrors(service, v, shown));
    setDuplicateOf(null);
    setError(null);
  };
  return (
    <View className={`page calls-new ${service.emergency ? 'calls-new--emergency' : ''}`}>
      <Text className="page-title">{service.service_name}</Text>
      <View className={`calls-form-head ${service.emergency ? 'calls-form-head--emergency' : ''}`}>
        <Text>{service.description}</Text>
        <Text className="calls-form-head__sla">{service.emergency ? '发出后社区服务站所有值班人员会立即收到提醒' : slaText(service)}</Text>
      </View>

      <CallForm
        service={service}
        value={form}
        errors={errors}
        onChange={change}
        addressHint={profileAddress && form.address.trim() === profileAddress ? '已填入您登记的住址，可修改' : undefined}
      />

      {duplicateOf !== null ? (
        <DuplicateQuestion
          busy={busy}
          onView={() => void Taro.redirectTo({ url: `${CALL_PAGES.detail}?id=${duplicateOf}` })}
          onConfirmNew={() => void submit(service, true)}
          onCancel={() => setDuplicateOf(null)}
        />
      ) : (
        <>
          {error && (
            <Notice tone="danger" className="calls-new__error">
              <Text>{error}</Text>
            </Notice>
          )}
          <View className="call-submit">
            <Button
              block
              size="large"
              type={service.emergency ? 'danger' : 'primary'}
              className="calls-new__submit"
              loading={busy}
              disabled={busy}
              onClick={() => void submit(service, false)}
            >
              {service.emergency ? '发送紧急求助' : '发送呼叫'}
            </Button>
          </View>
        </>
      )}
    </View>
  );
}
