import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { routes, type Call } from '@cc/shared';
import { call } from '../../api';
import { isOpen } from '../../calls-common/lib';
import { FieldHint, NoteBox, RadioGroup, type RadioOption } from '../../ui';
import type { CallPage, Provider, Ready } from './useCall';

type Props = { s: CallPage; r: Ready };

/** The name of a person of the community, or null when the names do not have them. */
export function namer(r: Ready) {
  return (uid: string) => r.users.get(uid)?.nickname ?? null;
}

/** 受理: the first thing done to an open call. */
export function AckButton({ s, r }: Props) {
  return (
    <View className="call-actions">
      <Button
        block
        size="large"
        type="primary"
        className="operator-call__ack"
        loading={s.busy}
        disabled={s.busy}
        onClick={() => void s.act(() => call(routes.acknowledgeCall, { params: { call_id: r.call.id }, body: {} }), '已受理，请派单')}
      >
        受理
      </Button>
    </View>
  );
}

/** One provider able to do the call: the name, how many calls they have, the rating and the skills. */
function ProviderFacts({ r, p }: { r: Ready; p: Provider }) {
  const serviceName = (code: string) => r.services.find((x) => x.service_code === code)?.service_name ?? code;
  return (
    <>
      <View className="operator-provider__row cc-spread cc-spread--baseline">
        <Text className="operator-provider__name">{namer(r)(p.user_id) ?? '服务人员'}</Text>
        <Text className="operator-provider__load">在办 {p.open_calls} 单</Text>
      </View>
      <Text className="operator-provider__meta">
        {p.rating_average !== null ? `评分 ${p.rating_average}（${p.rating_count} 次）· ` : '暂无评分 · '}
        技能：{p.skills.map(serviceName).join('、')}
      </Text>
    </>
  );
}

/** The choices of 派单: automatic first, then each provider with the skill. */
function providerOptions(r: Ready, able: Provider[]): RadioOption<string>[] {
  const auto: RadioOption<string> = {
    value: 'auto',
    data: { 'data-provider': 'auto' },
    content: (
      <>
        <Text className="operator-provider__name">自动派单</Text>
        <Text className="operator-provider__meta">按技能和当前负载，派给最空闲的服务人员</Text>
      </>
    ),
  };
  return [auto, ...able.map((p) => ({ value: p.user_id, data: { 'data-provider': p.user_id }, content: <ProviderFacts r={r} p={p} /> }))];
}

/** 派单: automatic, or one of the providers with the skill, least busy first. */
export function AssignBox({ s, r }: Props) {
  const c = r.call;
  const able = r.providers.filter((p) => p.skills.includes(c.service_code)).sort((a, b) => a.open_calls - b.open_calls);
  const body = s.pick === 'auto' ? {} : { provider_id: s.pick };
  return (
    <View className="call-card operator-assign">
      <Text className="call-notice__title">派单</Text>
      <RadioGroup label="派给谁" itemClass="operator-provider" options={providerOptions(r, able)} value={s.pick} onChange={s.setPick} />
      {able.length === 0 && <FieldHint error={`本社区暂无具备「${c.service_name}」技能的服务人员`} />}
      <View className="call-actions">
        <Button
          block
          size="large"
          type="primary"
          className="operator-call__assign"
          loading={s.busy}
          disabled={s.busy || able.length === 0}
          onClick={() => void s.act(() => call(routes.assignCall, { params: { call_id: c.id }, body }), '已派单，等待服务人员接单')}
        >
          {s.pick === 'auto' ? '自动派单' : `派给 ${namer(r)(s.pick) ?? '服务人员'}`}
        </Button>
      </View>
    </View>
  );
}

/** One of the resident's other open calls, as a choice of 重复呼叫. */
function siblingOption(sibling: Call): RadioOption<string> {
  return {
    value: sibling.id,
    content: (
      <>
        <Text className="operator-provider__name">{sibling.service_name}</Text>
        <Text className="operator-provider__meta">
          {sibling.description || sibling.address} · {sibling.number}
        </Text>
      </>
    ),
  };
}

/** 重复呼叫: which of the resident's other open calls this one repeats; closing it points there. */
export function DuplicateBox({ s, r }: Props) {
  const { dupOf } = s;
  return (
    <View className="call-card operator-duplicate">
      <Text className="call-notice__title">与哪一条呼叫重复？</Text>
      {r.siblings.length === 0 ? (
        <FieldHint hint="这位居民没有其他正在处理的呼叫" />
      ) : (
        <RadioGroup
          label="与哪一条呼叫重复"
          itemClass="operator-provider"
          options={r.siblings.map(siblingOption)}
          value={dupOf}
          onChange={s.setDupOf}
        />
      )}
      <View className="call-actions call-actions--row">
        <Button fill="outline" disabled={s.busy} onClick={() => s.setMode('none')}>
          返回
        </Button>
        <Button
          type="primary"
          className="operator-call__duplicate-confirm"
          loading={s.busy}
          disabled={s.busy || !dupOf}
          onClick={() =>
            dupOf &&
            void s.act(
              () => call(routes.closeDuplicateCall, { params: { call_id: r.call.id }, body: { duplicate_of: dupOf } }),
              '已作为重复呼叫关闭',
            )
          }
        >
          作为重复关闭
        </Button>
      </View>
    </View>
  );
}

/** 取消呼叫 with the reason the resident will read. */
export function CancelBox({ s, r }: Props) {
  return (
    <View className="call-card">
      <Text className="call-notice__title">确定取消这条呼叫吗？居民会看到取消原因。</Text>
      <NoteBox
        className="operator-call__cancel"
        label="取消原因"
        placeholder="如：居民来电说明已自行解决"
        submitText="确定取消"
        min={2}
        danger
        onCancel={() => s.setMode('none')}
        onSubmit={(note) => s.act(() => call(routes.cancelCall, { params: { call_id: r.call.id }, body: { note } }), '呼叫已取消')}
      />
    </View>
  );
}

/** 添加备注 to the call's history. */
export function NoteForm({ s, r }: Props) {
  return (
    <View className="call-card">
      <NoteBox
        className="operator-call__note"
        label="处理备注"
        placeholder="如：已电话联系居民，约好下午上门"
        submitText="添加备注"
        min={1}
        onCancel={() => s.setMode('none')}
        onSubmit={(note) => s.act(() => call(routes.addCallNote, { params: { call_id: r.call.id }, body: { note } }), '备注已添加')}
      />
    </View>
  );
}

/** What else can be done to an open call: a note, closing it as a repeat (before it is assigned), cancelling it. */
export function MoreActions({ s, r }: Props) {
  if (!isOpen(r.call)) return null;
  return (
    <View className="call-actions call-actions--row operator-call__more">
      <Button fill="outline" onClick={() => s.setMode('note')}>
        添加备注
      </Button>
      {['open', 'acknowledged'].includes(r.call.status) && (
        <Button fill="outline" className="operator-call__duplicate" onClick={() => s.setMode('duplicate')}>
          重复呼叫
        </Button>
      )}
      <Button fill="outline" type="danger" className="operator-call__cancel-open" onClick={() => s.setMode('cancel')}>
        取消呼叫
      </Button>
    </View>
  );
}
