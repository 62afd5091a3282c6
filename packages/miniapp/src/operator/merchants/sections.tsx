import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Merchant } from '@cc/shared';
import { call } from '../../api';
import { MERCHANT_KIND_NAMES, VERIFICATION_NAMES, VERIFICATION_TONES, when } from '../../commerce/lib';
import { Card, EmptyView, ErrorView, Fact, LoadingView, MoreLine, Notice, ReasonBox, Tag } from '../../ui';
import { useDecision, type MerchantsPage } from './useMerchants';

const ID_KIND_NAMES = { resident_id: '居民身份证', credit_code: '统一社会信用代码' } as const;

/** Who the shop is, which document (masked), the contact, and when it was submitted and decided. */
function MerchantFacts({ merchant: m }: { merchant: Merchant }) {
  const v = m.verification;
  return (
    <>
      <View className="op-row-head cc-spread" data-merchant={m.id}>
        <Text className="op-row-head__title cc-grow">{m.name}</Text>
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
    </>
  );
}

/** 通过 or 驳回 (with the reason the shop owner will read) for a pending shop. */
function Decision({ merchant: m, d }: { merchant: Merchant; d: ReturnType<typeof useDecision> }) {
  const params = { merchant_id: m.id };
  if (d.rejecting)
    return (
      <ReasonBox
        className="op-merchant__reject-reason"
        label="驳回原因"
        placeholder="如：证件号与到站出示的身份证不符；店主会看到这条原因，改好后可以重新提交"
        submitText="确定驳回"
        danger
        onCancel={() => d.setRejecting(false)}
        onSubmit={(reason) => d.decide(() => call(routes.rejectMerchant, { params, body: { reason } }), `已驳回「${m.name}」`)}
      />
    );
  return (
    <>
      <Text className="biz-muted op-merchant__check">请对照店主在服务站出示的证件，核对名称和证件号的前 3 位、后 4 位。</Text>
      <View className="biz-actions biz-actions--row">
        <Button
          type="primary"
          className="op-merchant__approve"
          loading={d.busy}
          disabled={d.busy}
          onClick={() => void d.decide(() => call(routes.approveMerchant, { params, body: {} }), `「${m.name}」已通过实名认证`)}
        >
          通过
        </Button>
        <Button type="danger" fill="outline" className="op-merchant__reject" disabled={d.busy} onClick={() => d.setRejecting(true)}>
          驳回
        </Button>
      </View>
    </>
  );
}

/** One shop as the station checks it: who, which document (masked), the contact; 通过 or 驳回 with a reason. */
function MerchantCard({ merchant: m, onDecided }: { merchant: Merchant; onDecided(m: Merchant, message: string): void }) {
  const d = useDecision(onDecided);
  return (
    <Card className="op-merchant">
      <MerchantFacts merchant={m} />
      {d.error && (
        <Notice tone="danger" className="op-merchant__error">
          <Text>{d.error}</Text>
        </Notice>
      )}
      {m.verification.status === 'pending' && <Decision merchant={m} d={d} />}
    </Card>
  );
}

/** The shops of the tab, or why there are none. */
export function MerchantList({ s }: { s: MerchantsPage }) {
  const { state, tab } = s;
  if (state.kind === 'loading') return <LoadingView />;
  if (state.kind === 'error') return <ErrorView message={state.message} onRetry={() => void s.reload()} />;
  if (state.items.length === 0)
    return (
      <EmptyView
        title={tab === 'pending' ? '没有待审核的商户' : `没有${VERIFICATION_NAMES[tab]}的商户`}
        description={tab === 'pending' ? '店主提交实名认证后会出现在这里' : undefined}
      />
    );
  return (
    <View>
      {state.items.map((m) => (
        <MerchantCard key={m.id} merchant={m} onDecided={(next, message) => s.decided(m, next, message)} />
      ))}
      <MoreLine more={state.more} next={state.next} />
    </View>
  );
}
