import { useEffect, useState } from 'react';
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Merchant, type VerificationStatus } from '@cc/shared';
import { call, errorMessage } from '../../api';
import { StatusTabs } from '../../commerce/components';
import { MERCHANT_KIND_NAMES, VERIFICATION_NAMES, VERIFICATION_TONES, usePaged, when } from '../../commerce/lib';
import { EmergencyAlerts } from '../lib/alerts';
import { useOperatorScope } from '../lib/commerce';
import '../../commerce/commerce.css';
import '../lib/operator-shop.css';
import { Card, EmptyView, ErrorView, Fact, LoadingView, MoreLine, Notice, ReasonBox, Tag } from '../../ui';

const TABS: { value: VerificationStatus; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'rejected', label: '未通过' },
  { value: 'verified', label: '已认证' },
  { value: 'unverified', label: '未提交' },
];
const ID_KIND_NAMES = { resident_id: '居民身份证', credit_code: '统一社会信用代码' } as const;

/** One shop as the station checks it: who, which document (masked), the contact; 通过 or 驳回 with a reason. */
function MerchantCard({ merchant: m, onDecided }: { merchant: Merchant; onDecided(m: Merchant, message: string): void }) {
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const v = m.verification;

  async function decide(work: () => Promise<Merchant>, message: string): Promise<boolean> {
    setBusy(true);
    setError(null);
    try {
      onDecided(await work(), message);
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card className="op-merchant">
      <View className="op-row-head" data-merchant={m.id}>
        <Text className="op-row-head__title">{m.name}</Text>
        <Tag tone={VERIFICATION_TONES[v.status]}>{VERIFICATION_NAMES[v.status]}</Tag>
      </View>
      <Text className="biz-muted">
        {MERCHANT_KIND_NAMES[m.kind]}
        {m.origin_village ? ` · 产地 ${m.origin_village}` : ''} · 登记于 {when(m.created_at)}
      </Text>
      {m.description && <Text className="op-merchant__desc">{m.description}</Text>}
      <Fact label="联系人">
        {m.contact_name} {m.contact_phone}
      </Fact>
      {v.real_name && <Fact label={v.id_kind === 'credit_code' ? '单位名称' : '真实姓名'}>{v.real_name}</Fact>}
      {v.id_kind && (
        <Fact label="证件">
          {ID_KIND_NAMES[v.id_kind]} <Text className="biz-mono op-merchant__id">{v.id_number_masked}</Text>
        </Fact>
      )}
      {v.submitted_at && <Fact label="提交时间">{when(v.submitted_at)}</Fact>}
      {v.status === 'rejected' && v.rejected_reason && <Fact label="驳回原因">{v.rejected_reason}</Fact>}
      {v.status === 'verified' && v.decided_at && <Fact label="通过时间">{when(v.decided_at)}</Fact>}
      {error && (
        <Notice tone="danger" className="op-merchant__error">
          <Text>{error}</Text>
        </Notice>
      )}
      {v.status === 'pending' &&
        (rejecting ? (
          <ReasonBox
            className="op-merchant__reject-reason"
            label="驳回原因"
            placeholder="如：证件号与到站出示的身份证不符；店主会看到这条原因，改好后可以重新提交"
            submitText="确定驳回"
            danger
            onCancel={() => setRejecting(false)}
            onSubmit={(reason) =>
              decide(() => call(routes.rejectMerchant, { params: { merchant_id: m.id }, body: { reason } }), `已驳回「${m.name}」`)
            }
          />
        ) : (
          <>
            <Text className="biz-muted op-merchant__check">请对照店主在服务站出示的证件，核对名称和证件号的前 3 位、后 4 位。</Text>
            <View className="biz-actions biz-actions--row">
              <Button
                type="primary"
                className="op-merchant__approve"
                loading={busy}
                disabled={busy}
                onClick={() =>
                  void decide(
                    () => call(routes.approveMerchant, { params: { merchant_id: m.id }, body: {} }),
                    `「${m.name}」已通过实名认证`,
                  )
                }
              >
                通过
              </Button>
              <Button type="danger" fill="outline" className="op-merchant__reject" disabled={busy} onClick={() => setRejecting(true)}>
                驳回
              </Button>
            </View>
          </>
        ))}
    </Card>
  );
}

/** 商户审核: the community's shops by verification status; pending ones are approved or rejected with a reason. */
export default function OperatorMerchants() {
  const { scope, reload: reloadScope } = useOperatorScope();
  const [tab, setTab] = useState<VerificationStatus>('pending');
  const [done, setDone] = useState<string | null>(null);
  const { state, reload, more, patch } = usePaged<Merchant>();
  const community_id = scope.kind === 'ready' ? scope.community_id : null;

  useEffect(() => {
    if (!community_id) return;
    void reload((cursor) =>
      call(routes.listCommunityMerchants, {
        params: { community_id },
        query: { verification: tab, limit: 20, ...(cursor ? { cursor } : {}) },
      }),
    );
  }, [community_id, tab, reload]);
  const [shown, setShown] = useState(false);
  useDidShow(() => {
    if (shown) void reload(undefined, { quiet: true });
    setShown(true);
  });
  usePullDownRefresh(() => void reload(undefined, { quiet: true }).finally(() => Taro.stopPullDownRefresh()));
  useReachBottom(() => more());

  const alerts = <EmergencyAlerts communityId={community_id} />;
  if (scope.kind !== 'ready')
    return (
      <View className="page">
        {alerts}
        {scope.kind === 'loading' ? (
          <LoadingView />
        ) : (
          <ErrorView message={scope.kind === 'error' ? scope.message : '请先在首页选择要管理的社区'} onRetry={() => void reloadScope()} />
        )}
      </View>
    );

  let body;
  if (state.kind === 'loading') body = <LoadingView />;
  else if (state.kind === 'error') body = <ErrorView message={state.message} onRetry={() => void reload()} />;
  else if (state.items.length === 0)
    body = (
      <EmptyView
        title={tab === 'pending' ? '没有待审核的商户' : `没有${VERIFICATION_NAMES[tab]}的商户`}
        description={tab === 'pending' ? '店主提交实名认证后会出现在这里' : undefined}
      />
    );
  else
    body = (
      <View>
        {state.items.map((m) => (
          <MerchantCard
            key={m.id}
            merchant={m}
            onDecided={(next, message) => {
              patch(m.id, next.verification.status === tab ? next : null, (x) => x.id);
              setDone(message);
            }}
          />
        ))}
        <MoreLine more={state.more} next={state.next} />
      </View>
    );

  return (
    <View className="page op-merchants">
      {alerts}
      {done && (
        <Notice tone="ok" className="op-merchants__done">
          <Text>{done}</Text>
        </Notice>
      )}
      <StatusTabs
        tabs={TABS}
        value={tab}
        onChange={(t) => {
          setDone(null);
          setTab(t);
        }}
      />
      {body}
    </View>
  );
}
