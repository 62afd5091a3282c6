import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Service, UserSummary } from '@cc/shared';
import { CallForm } from '../../calls-common/CallForm';
import { DuplicateQuestion } from '../../calls-common/DuplicateQuestion';
import { CALL_PAGES, slaText } from '../../calls-common/lib';
import { Chips, EmptyView, Notice, TextField, tappable } from '../../ui';
import { matching, type HotlinePage } from './useHotline';

type Props = { s: HotlinePage; community_id: string };

function residentMeta(u: UserSummary): string {
  return `${u.phone_masked ?? '未绑定手机'} · ${u.address ?? '未登记住址'}`;
}

/** 1. 来电居民: the one chosen (更换), or a search of the community's residents. */
export function ResidentStep({ s, residents }: { s: HotlinePage; residents: UserSummary[] }) {
  const { resident } = s;
  if (resident)
    return (
      <View className="call-card hotline-resident">
        <View className="operator-provider__row cc-spread cc-spread--baseline">
          <Text className="operator-provider__name">{resident.nickname}</Text>
          <View className="hotline-change" {...tappable(() => s.chooseResident(null), '更换来电居民')}>
            更换
          </View>
        </View>
        <Text className="operator-provider__meta">{residentMeta(resident)}</Text>
      </View>
    );
  const matches = matching(residents, s.query);
  return (
    <View className="call-card">
      <TextField
        testid="hotline-search"
        className="hotline-search"
        label="查找来电居民"
        placeholder="姓名、手机尾号或住址"
        value={s.query}
        onChange={s.setQuery}
      />
      {matches.length === 0 ? (
        <EmptyView title="没有找到这位居民" description="请核对姓名；还没注册的居民请先在小程序或终端登记" />
      ) : (
        matches.slice(0, 20).map((u) => (
          <View key={u.id} className="operator-provider hotline-pick" data-testid="hotline-pick" {...tappable(() => s.chooseResident(u))}>
            <Text className="operator-provider__name">{u.nickname}</Text>
            <Text className="operator-provider__meta">{residentMeta(u)}</Text>
          </View>
        ))
      )}
    </View>
  );
}

/** 2. 服务: the one chosen (更换), or the community's services as chips, 紧急求助 marked. */
export function ServiceStep({ s, services }: { s: HotlinePage; services: Service[] }) {
  const { service } = s;
  if (service)
    return (
      <View className={`call-card hotline-service ${service.emergency ? 'hotline-service--emergency' : ''}`}>
        <View className="operator-provider__row cc-spread cc-spread--baseline">
          <Text className="operator-provider__name">{service.service_name}</Text>
          <View className="hotline-change" {...tappable(() => s.chooseService(null), '更换服务')}>
            更换
          </View>
        </View>
        <Text className="operator-provider__meta">{service.emergency ? '立即提醒所有值班人员' : slaText(service)}</Text>
      </View>
    );
  return (
    <Chips
      className="hotline-services"
      options={services.map((x) => ({
        value: x.service_code,
        label: x.service_name,
        danger: x.emergency,
        className: 'hotline-service-chip',
      }))}
      value={null}
      onChange={(code) => s.chooseService(services.find((x) => x.service_code === code) ?? null)}
    />
  );
}

/** 3. 详情: the service's form, then the duplicate question or the send button. */
export function DetailsStep({ s, community_id, resident, service }: Props & { resident: UserSummary; service: Service }) {
  return (
    <>
      <CallForm
        service={service}
        value={s.form}
        errors={s.errors}
        onChange={s.change}
        addressHint={resident.address ? '已填入居民登记的住址，可修改' : undefined}
      />
      {s.duplicateOf !== null ? (
        <DuplicateQuestion
          question="该居民已有一个同类呼叫在处理中，是同一个问题吗？"
          busy={s.busy}
          onView={() => void Taro.redirectTo({ url: `${CALL_PAGES.operatorCall}?id=${s.duplicateOf}` })}
          onConfirmNew={() => void s.submit(community_id, true)}
          onCancel={() => s.setDuplicateOf(null)}
        />
      ) : (
        <>
          {s.error && (
            <Notice tone="danger">
              <Text>{s.error}</Text>
            </Notice>
          )}
          <Button
            block
            size="large"
            type={service.emergency ? 'danger' : 'primary'}
            className="hotline-submit"
            loading={s.busy}
            disabled={s.busy}
            onClick={() => void s.submit(community_id, false)}
          >
            代居民发起呼叫
          </Button>
        </>
      )}
    </>
  );
}
