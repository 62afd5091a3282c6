import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { ArrowRight, Location, Phone, Store, Wallet } from '@nutui/icons-react-taro';
import type { Community, Me, Merchant, Role } from '@cc/shared';
import { ROLE_ENTRIES } from '../../roles';
import { EmptyView } from '../../ui';

/** First page of the wallet sub-package. */
const WALLET_HOME = '/wallet/index/index';
/** First page of the seller sub-package (我的店铺): shop owners land here from the home page. */
const SELLER_HOME = '/seller/index/index';
const ARROW = 'var(--cc-color-text-secondary)';
const go = (url: string) => void Taro.navigateTo({ url });

/** A tappable card: a real button, so it is focusable and pressed with Enter/Space as well as a tap. */
function CardButton(props: { className: string; testid: string; role?: Role; onPress: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      className={`home-card ${props.className}`}
      data-testid={props.testid}
      data-role={props.role}
      onClick={props.onPress}
    >
      {props.children}
    </button>
  );
}

function CardText({ title, desc }: { title: string; desc: string }) {
  return (
    <View className="role-card__body">
      <Text className="role-card__title">{title}</Text>
      <Text className="role-card__desc">{desc}</Text>
    </View>
  );
}

export function Header({ me, community }: { me: Me; community: Community | null }) {
  return (
    <View className="home__header">
      <Text className="home__greeting">您好，{me.nickname}</Text>
      {community && (
        <View className="home__community">
          <Location size={16} color="var(--cc-color-brand)" />
          <Text className="home__community-name">{community.name}</Text>
        </View>
      )}
      {community && (
        <View className="home__hotline">
          <Phone size={14} color={ARROW} />
          <Text>便民热线 {community.hotline}</Text>
        </View>
      )}
    </View>
  );
}

/** 大字模式: the person's own setting, kept on this device; every page's text goes one size up. */
export function LargeTextSwitch({ on, setOn }: { on: boolean; setOn: (on: boolean) => void }) {
  // A real button with role="switch" (NutUI's Switch writes an invalid aria-role and cannot be focused).
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      className="home-large-text"
      data-testid="large-text-switch"
      onClick={() => setOn(!on)}
    >
      <View className="role-card__body">
        <Text className="home-large-text__title">大字模式</Text>
        <Text className="home-large-text__desc">所有页面的文字放大</Text>
      </View>
      <Text className={`home-large-text__state ${on ? 'home-large-text__state--on' : ''}`}>{on ? '已开启' : '已关闭'}</Text>
    </button>
  );
}

export function CommunityPicker(props: { choices: Community[]; picking: string | null; onPick: (c: Community) => void }) {
  return (
    <View className="home__pick">
      <View className="section-title">
        <Text>请选择您所在的社区或村</Text>
      </View>
      {props.choices.length === 0 ? (
        <EmptyView title="还没有可选的社区" description="请联系社区服务站开通" />
      ) : (
        props.choices.map((c) => (
          <CardButton key={c.id} className="home__choice" testid="home-choice" onPress={() => props.onPick(c)}>
            <CardText title={c.name} desc={`${c.city}${c.district} · ${c.kind === 'village' ? '村' : '社区'}`} />
            <Text className="home__choice-action">{props.picking === c.id ? '正在保存…' : '选择'}</Text>
          </CardButton>
        ))
      )}
    </View>
  );
}

export function Services({ roles, shops }: { roles: Role[]; shops: Merchant[] }) {
  return (
    <View className="home__roles">
      <View className="section-title">
        <Text>我的服务</Text>
      </View>
      {roles.length === 0 && <EmptyView title="您还没有开通任何服务" description="请到社区服务站办理" />}
      {roles.map((role) => (
        <CardButton
          key={role}
          className={`role-card role-card--${role}`}
          testid={`role-card-${role}`}
          role={role}
          onPress={() => go(ROLE_ENTRIES[role].url)}
        >
          <CardText title={ROLE_ENTRIES[role].title} desc={ROLE_ENTRIES[role].description} />
          <ArrowRight size={16} color={ARROW} />
        </CardButton>
      ))}
      {shops.length > 0 && (
        <CardButton className="role-card role-card--seller home-shop" testid="home-shop" onPress={() => go(SELLER_HOME)}>
          <CardText title="我的店铺" desc={`${shops.map((m) => m.name).join('、')}：订单、商品、活动、收入`} />
          <ArrowRight size={16} color={ARROW} />
        </CardButton>
      )}
      {/* The citizen-card wallet is everybody's, whatever their roles. */}
      <CardButton className="home-wallet" testid="home-wallet" onPress={() => go(WALLET_HOME)}>
        <Wallet size={24} color="var(--cc-color-brand)" />
        <CardText title="市民卡钱包" desc="余额、充值、账单、挂失补卡" />
        <ArrowRight size={16} color={ARROW} />
      </CardButton>
      {/* Community stores and co-ops open a shop here (farmers also from their workbench). */}
      {shops.length === 0 && roles.every((r) => r === 'resident' || r === 'farmer') && (
        <CardButton className="home-open-shop" testid="home-open-shop" onPress={() => go(SELLER_HOME)}>
          <Store size={16} color="var(--cc-color-brand)" />
          <Text>开店卖货：农户、合作社、社区商店在这里登记</Text>
        </CardButton>
      )}
    </View>
  );
}
