import { useCallback, useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import { CALL_FEE_MAX_FEN, formatFen, routes, yuanStringToFen, type Call, type Service } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { CallBack } from '../../calls-common/CallBack';
import { CallFacts, CallTimeline } from '../../calls-common/components';
import { pageParam, stamp } from '../../calls-common/lib';
import { useRealtime } from '../../realtime';
import '../../calls-common/calls.css';
import { ErrorView, LoadingView, NoteBox, Notice } from '../../ui';

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; call: Call; service: Service | null };

/** One service order for its provider: accept or decline (with a reason), progress notes, resolve. */
export default function ProviderCallPage() {
  const id = pageParam('id') ?? '';
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [now, setNow] = useState(Date.now());
  const [mode, setMode] = useState<'none' | 'decline' | 'resolve'>('none');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [fee, setFee] = useState('');

  const load = useCallback(async () => {
    setState((s) => (s.kind === 'ready' ? s : { kind: 'loading' }));
    try {
      const [c] = stamp([await call(routes.getCall, { params: { call_id: id }, query: {} })]) as [Call];
      const service = await call(routes.getService, {
        params: { community_id: c.community_id, service_code: c.service_code },
        query: {},
      }).catch(() => null);
      setState({ kind: 'ready', call: c, service });
    } catch (e) {
      setState({ kind: 'error', message: errorMessage(e) });
    } finally {
      Taro.stopPullDownRefresh();
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load());
  useRealtime((e) => {
    if (e.type === 'ready' || e.call_id === id) void load();
  });
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error')
    return (
      <View className="page">
        <ErrorView message={state.message} onRetry={() => void load()} />
      </View>
    );
  const c = state.call;
  const set = (next: Call, message: string) => {
    setState({ ...state, call: next });
    setMode('none');
    setError(null);
    setDone(message);
  };
  const act = async (work: () => Promise<Call>, message: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      set(await work(), message);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const params = { call_id: c.id };

  return (
    <View className="page provider-call-page">
      {done && (
        <Notice tone="ok" className="provider-call__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <CallFacts call={c} service={state.service} now={now} />
      <CallBack call={c} />
      {error && (
        <Notice tone="danger" className="provider-call__error">
          <Text>{error}</Text>
        </Notice>
      )}

      {c.status === 'assigned' && mode === 'none' && (
        <View className="call-actions call-actions--row">
          <Button
            type="primary"
            size="large"
            className="provider-call__accept"
            loading={busy}
            disabled={busy}
            onClick={() => void act(() => call(routes.acceptCall, { params, body: {} }), '已接单，请按时上门')}
          >
            接单
          </Button>
          <Button fill="outline" size="large" className="provider-call__decline" disabled={busy} onClick={() => setMode('decline')}>
            拒单
          </Button>
        </View>
      )}
      {c.status === 'assigned' && mode === 'decline' && (
        <View className="call-card">
          <NoteBox
            className="provider-call__reason"
            label="拒单原因"
            placeholder="如：今天不在社区、缺少配件（服务站会改派他人）"
            submitText="确定拒单"
            min={2}
            danger
            onCancel={() => setMode('none')}
            onSubmit={(reason) => act(() => call(routes.declineCall, { params, body: { reason } }), '已拒单，服务站会改派他人')}
          />
        </View>
      )}

      {c.status === 'in_progress' && (
        <View className="call-card">
          <NoteBox
            className="provider-call__note"
            label="记录进展"
            placeholder="如：已到现场，正在更换水管，居民会看到这条记录"
            submitText="添加进展"
            min={1}
            onSubmit={(note) => act(() => call(routes.addCallNote, { params, body: { note } }), '进展已记录')}
          />
        </View>
      )}
      {c.status === 'in_progress' &&
        (mode === 'resolve' ? (
          <View className="call-card">
            <Text className="call-notice__title">确认服务已完成？</Text>
            <View className="call-field provider-call__fee">
              <View className="call-field__label">
                <Text>服务费（元）</Text>
                <Text className="call-field__optional">免费不填</Text>
              </View>
              <View className="call-field__box">
                <Input type="digit" placeholder="如 30；居民用市民卡钱包支付给您" value={fee} onChange={setFee} />
              </View>
            </View>
            <NoteBox
              className="provider-call__resolve"
              label="完成说明"
              placeholder="做了什么、是否需要复查"
              submitText="确认完成"
              onCancel={() => setMode('none')}
              onSubmit={async (note) => {
                let fee_fen = 0;
                try {
                  fee_fen = fee.trim() ? yuanStringToFen(fee) : 0;
                } catch {
                  fee_fen = -1;
                }
                if (fee_fen < 0 || fee_fen > CALL_FEE_MAX_FEN) {
                  setError(`服务费请填 0–${CALL_FEE_MAX_FEN / 100} 元，最多两位小数`);
                  return false;
                }
                return act(
                  () => call(routes.resolveCall, { params, body: { ...(note ? { note } : {}), ...(fee_fen > 0 ? { fee_fen } : {}) } }),
                  fee_fen > 0 ? `服务已完成，服务费 ${formatFen(fee_fen)} 等待居民支付` : '服务已完成，等待居民评价',
                );
              }}
            />
          </View>
        ) : (
          <View className="call-actions">
            <Button block type="primary" size="large" className="provider-call__resolve-open" onClick={() => setMode('resolve')}>
              服务完成
            </Button>
          </View>
        ))}

      <View className="section-title">
        <Text>处理记录</Text>
      </View>
      <CallTimeline call={c} />
      {c.rating !== null && (
        <Notice tone="ok" title={`居民评价 ${c.rating} 星`}>
          {c.rating_comment && <Text>{c.rating_comment}</Text>}
        </Notice>
      )}
    </View>
  );
}
