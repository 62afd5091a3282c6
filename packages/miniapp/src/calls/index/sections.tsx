import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import type { Community, Service } from '@cc/shared';
import { CALL_PAGES, groupServices, slaText } from '../../calls-common/lib';
import { EmptyView, LinkCells } from '../../ui';

export const openService = (code: string) => void Taro.navigateTo({ url: `${CALL_PAGES.create}?code=${code}` });

/** 紧急求助, apart and first: its button, the hotline and the 120 reminder. */
export function SosCard({ service: s, community }: { service: Service; community: Community }) {
  return (
    <View className="calls-sos" data-code={s.service_code}>
      <Text className="calls-sos__title">{s.service_name}</Text>
      <Text className="calls-sos__desc">{s.description}</Text>
      <Button block size="large" type="danger" className="calls-sos__button" onClick={() => openService(s.service_code)}>
        发起{s.service_name}
      </Button>
      <View
        className="calls-sos__hotline"
        onClick={() => void Taro.makePhoneCall({ phoneNumber: community.hotline }).catch(() => undefined)}
      >
        <Text>社区热线 </Text>
        <Text className="calls-sos__number">{community.hotline}</Text>
      </View>
      <Text className="calls-sos__note">危及生命请直接拨打 120</Text>
    </View>
  );
}

/** 我的呼叫 and 紧急联系人. */
export function MyLinks() {
  return (
    <LinkCells
      links={[
        { className: 'calls-mine-link', title: '我的呼叫', description: '查看进度、取消、评价', extra: '查看', url: CALL_PAGES.mine },
        {
          className: 'calls-family-link',
          title: '紧急联系人',
          description: '紧急求助时通知您的亲友',
          extra: '设置',
          url: CALL_PAGES.family,
        },
      ]}
    />
  );
}

/** The catalogue by group, each service a tappable row. */
export function ServiceGroups({ services, community }: { services: Service[]; community: Community }) {
  const groups = groupServices(services);
  if (groups.length === 0)
    return <EmptyView title="本社区还没有开通便民服务" description={`如有需要请拨打社区热线 ${community.hotline}`} />;
  return (
    <>
      {groups.map((g) => (
        <View key={g.group} className="calls-group">
          <View className="section-title">
            <Text>{g.group}</Text>
          </View>
          <View className="calls-services__list">
            {g.items.map((s) => (
              <View
                key={s.service_code}
                className="calls-service cc-row"
                data-code={s.service_code}
                role="button"
                onClick={() => openService(s.service_code)}
              >
                <View className="calls-service__body cc-grow">
                  <Text className="calls-service__name">{s.service_name}</Text>
                  <Text className="calls-service__desc">{s.description}</Text>
                  <Text className="calls-service__sla">{slaText(s)}</Text>
                </View>
                <Text className="calls-service__go">呼叫 ›</Text>
              </View>
            ))}
          </View>
        </View>
      ))}
    </>
  );
}
