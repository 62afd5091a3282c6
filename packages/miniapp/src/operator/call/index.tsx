import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Call, type Service, type UserSummary } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallBack } from '../../calls-common/CallBack';
import { CallFacts, CallTimeline } from '../../calls-common/components';
import { CALL_PAGES, OPEN_STATUSES, isOpen, pageParam, stamp } from '../../calls-common/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { loadNames, requesterName } from '../lib/scope';
import '../../calls-common/calls.css';
import '../lib/operator.css';
import { ErrorView, LoadingView, NoteBox, Notice } from '../../ui';

type Provider = { user_id: string; skills: string[]; open_calls: number; rating_average: number | null; rating_count: number };
type Ready = {
  kind: 'ready';
  call: Call;
  service: Service | null;
  services: Service[];
  users: Map<string, UserSummary>;
  providers: Provider[];
  /** Other open calls of the same resident: what this one may duplicate. */
  siblings: Call[];
};
type State = { kind: 'loading' } | { kind: 'error'; message: string } | Ready;
type Mode = 'none' | 'duplicate' | 'cancel' | 'note';

/** Back to the queue: usually the page below; opened some other way (an alert, a link), it replaces this one. */
function backToQueue() {
  const pages = Taro.getCurrentPages();
  const below = (pages[pages.length - 2]?.route ?? '').split('?')[0]?.replace(/^\//, '');
  if (below === CALL_PAGES.queue.slice(1)) void Taro.navigateBack();
  else void Taro.redirectTo({ url: CALL_PAGES.queue });
}

async function openCallsOf(community_id: string, requester_id: string | null, kiosk_id: string | null, except: string): Promise<Call[]> {
  const page = await call(routes.listCommunityCalls, { params: { community_id }, query: { state: 'open', limit: 100 } });
  return page.items.filter(
    (c) => c.id !== except && (requester_id ? c.requester_id === requester_id : c.requester_id === null && c.kiosk_id === kiosk_id),
  );
}

/** One call for the community's operator: acknowledge, assign (a provider with the skill, or auto), close as duplicate, notes, cancel. */
export default function OperatorCallPage() {
  const id = pageParam('id') ?? '';
  const justCreated = pageParam('created') === '1';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [now, setNow] = useState(Date.now());
  const [mode, setMode] = useState<Mode>('none');
  const [pick, setPick] = useState<string>('auto');
  const [dupOf, setDupOf] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(justCreated ? '已代居民发起呼叫' : null);

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const [c] = stamp([await call(routes.getCall, { params: { call_id: id }, query: {} })]) as [Call];
      const params = { community_id: c.community_id };
      const [services, users, providers, siblings] = await Promise.all([
        call(routes.listServices, { params, query: {} }).then((r) => r.items),
        loadNames(c.community_id, true),
        OPEN_STATUSES.includes(c.status) ? call(routes.listProviders, { params, query: {} }).then((r) => r.items) : Promise.resolve([]),
        ['open', 'acknowledged'].includes(c.status) ? openCallsOf(c.community_id, c.requester_id, c.kiosk_id, c.id) : Promise.resolve([]),
      ]);
      setState({
        kind: 'ready',
        call: c,
        service: services.find((s) => s.service_code === c.service_code) ?? null,
        services,
        users,
        providers,
        siblings,
      });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const onEvent = useCallback(
    (e: { type: string; call_id?: unknown }) => {
      if (e.call_id === id) void load();
    },
    [id, load],
  );
  const alertsBar = <EmergencyAlerts communityId={state.kind === 'ready' ? state.call.community_id : null} onEvent={onEvent} />;

  if (state.kind === 'loading')
    return (
      <View className="page">
        {alertsBar}
        <LoadingView />
      </View>
    );
  if (state.kind === 'error')
    return (
      <View className="page">
        {alertsBar}
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );

  const c = state.call;
  const nameOf = (uid: string) => state.users.get(uid)?.nickname ?? null;
  const requester = c.requester_id ? state.users.get(c.requester_id) : undefined;
  const serviceName = (code: string) => state.services.find((s) => s.service_code === code)?.service_name ?? code;
  const able = state.providers.filter((p) => p.skills.includes(c.service_code)).sort((a, b) => a.open_calls - b.open_calls);
  const params = { call_id: c.id };
  const act = async (work: () => Promise<Call>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      setState({ ...state, call: next });
      setMode('none');
      setDone(message);
      void load();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  return (
    <View className="page operator-call">
      {alertsBar}
      {done && (
        <Notice tone="ok" className="operator-call__done">
          <Text>{done}</Text>
        </Notice>
      )}
      {c.escalation_level > 0 && isOpen(c) && (
        <Notice tone="danger" title={`已超时升级（${c.escalation_level} 级）`}>
          <Text>{c.service_notice ?? '已超过承诺时限'}</Text>
        </Notice>
      )}
      <CallFacts
        call={c}
        service={state.service}
        now={now}
        requester={requester ? `${requester.nickname}${requester.phone_masked ? `（${requester.phone_masked}）` : ''}` : requesterName(c)}
        provider={c.provider_id ? (nameOf(c.provider_id) ?? '服务人员') : null}
      />
      <CallBack call={c} />
      {error && (
        <Notice tone="danger" className="operator-call__error">
          <Text>{error}</Text>
        </Notice>
      )}

      {c.status === 'open' && mode === 'none' && (
        <View className="call-actions">
          <Button
            block
            size="large"
            type="primary"
            className="operator-call__ack"
            loading={busy}
            disabled={busy}
            onClick={() => void act(() => call(routes.acknowledgeCall, { params, body: {} }), '已受理，请派单')}
          >
            受理
          </Button>
        </View>
      )}

      {c.status === 'acknowledged' && mode === 'none' && (
        <View className="call-card operator-assign">
          <Text className="call-notice__title">派单</Text>
          <View
            className={`operator-provider ${pick === 'auto' ? 'operator-provider--on' : ''}`}
            role="radio"
            aria-checked={pick === 'auto'}
            data-provider="auto"
            onClick={() => setPick('auto')}
          >
            <Text className="operator-provider__name">自动派单</Text>
            <Text className="operator-provider__meta">按技能和当前负载，派给最空闲的服务人员</Text>
          </View>
          {able.map((p) => (
            <View
              key={p.user_id}
              className={`operator-provider ${pick === p.user_id ? 'operator-provider--on' : ''}`}
              role="radio"
              aria-checked={pick === p.user_id}
              data-provider={p.user_id}
              onClick={() => setPick(p.user_id)}
            >
              <View className="operator-provider__row">
                <Text className="operator-provider__name">{nameOf(p.user_id) ?? '服务人员'}</Text>
                <Text className="operator-provider__load">在办 {p.open_calls} 单</Text>
              </View>
              <Text className="operator-provider__meta">
                {p.rating_average !== null ? `评分 ${p.rating_average}（${p.rating_count} 次）· ` : '暂无评分 · '}
                技能：{p.skills.map(serviceName).join('、')}
              </Text>
            </View>
          ))}
          {able.length === 0 && (
            <Text className="call-field__hint call-field__hint--error">本社区暂无具备「{c.service_name}」技能的服务人员</Text>
          )}
          <View className="call-actions">
            <Button
              block
              size="large"
              type="primary"
              className="operator-call__assign"
              loading={busy}
              disabled={busy || able.length === 0}
              onClick={() =>
                void act(
                  () => call(routes.assignCall, { params, body: pick === 'auto' ? {} : { provider_id: pick } }),
                  '已派单，等待服务人员接单',
                )
              }
            >
              {pick === 'auto' ? '自动派单' : `派给 ${nameOf(pick) ?? '服务人员'}`}
            </Button>
          </View>
        </View>
      )}

      {mode === 'duplicate' && (
        <View className="call-card operator-duplicate">
          <Text className="call-notice__title">与哪一条呼叫重复？</Text>
          {state.siblings.length === 0 ? (
            <Text className="call-field__hint">这位居民没有其他正在处理的呼叫</Text>
          ) : (
            state.siblings.map((s) => (
              <View
                key={s.id}
                className={`operator-provider ${dupOf === s.id ? 'operator-provider--on' : ''}`}
                role="radio"
                aria-checked={dupOf === s.id}
                onClick={() => setDupOf(s.id)}
              >
                <Text className="operator-provider__name">{s.service_name}</Text>
                <Text className="operator-provider__meta">
                  {s.description || s.address} · {s.number}
                </Text>
              </View>
            ))
          )}
          <View className="call-actions call-actions--row">
            <Button fill="outline" disabled={busy} onClick={() => setMode('none')}>
              返回
            </Button>
            <Button
              type="primary"
              className="operator-call__duplicate-confirm"
              loading={busy}
              disabled={busy || !dupOf}
              onClick={() =>
                dupOf && void act(() => call(routes.closeDuplicateCall, { params, body: { duplicate_of: dupOf } }), '已作为重复呼叫关闭')
              }
            >
              作为重复关闭
            </Button>
          </View>
        </View>
      )}
      {mode === 'cancel' && (
        <View className="call-card">
          <Text className="call-notice__title">确定取消这条呼叫吗？居民会看到取消原因。</Text>
          <NoteBox
            className="operator-call__cancel"
            label="取消原因"
            placeholder="如：居民来电说明已自行解决"
            submitText="确定取消"
            min={2}
            danger
            onCancel={() => setMode('none')}
            onSubmit={(note) => act(() => call(routes.cancelCall, { params, body: { note } }), '呼叫已取消')}
          />
        </View>
      )}
      {mode === 'note' && (
        <View className="call-card">
          <NoteBox
            className="operator-call__note"
            label="处理备注"
            placeholder="如：已电话联系居民，约好下午上门"
            submitText="添加备注"
            min={1}
            onCancel={() => setMode('none')}
            onSubmit={(note) => act(() => call(routes.addCallNote, { params, body: { note } }), '备注已添加')}
          />
        </View>
      )}
      {isOpen(c) && mode === 'none' && (
        <View className="call-actions call-actions--row operator-call__more">
          <Button fill="outline" onClick={() => setMode('note')}>
            添加备注
          </Button>
          {['open', 'acknowledged'].includes(c.status) && (
            <Button fill="outline" className="operator-call__duplicate" onClick={() => setMode('duplicate')}>
              重复呼叫
            </Button>
          )}
          <Button fill="outline" type="danger" className="operator-call__cancel-open" onClick={() => setMode('cancel')}>
            取消呼叫
          </Button>
        </View>
      )}

      <View className="section-title">
        <Text>处理记录</Text>
      </View>
      <CallTimeline call={c} nameOf={nameOf} />
      {c.rating !== null && (
        <Notice tone="ok" title={`居民评价 ${c.rating} 星`}>
          {c.rating_comment && <Text>{c.rating_comment}</Text>}
        </Notice>
      )}
      <View className="call-actions">
        <Button block fill="none" onClick={backToQueue}>
          返回呼叫队列
        </Button>
      </View>
    </View>
  );
}
