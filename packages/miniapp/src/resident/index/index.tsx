import { View, Text } from '@tarojs/components';
import { Cart, Heart, Message, Service, Wallet } from '@nutui/icons-react-taro';
import type { ReactNode } from 'react';
import { RoleShell } from '../../components/RoleShell';
import { useUnread, unreadWords } from '../../inbox/useUnread';
import { LinkCells, Tag, type LinkCell } from '../../ui';

type Entry = { key: string; icon?: ReactNode; title: string; description: string; url: string; extra?: string };

const ICON = { size: 18, color: 'var(--cc-color-brand)' };
/** What a resident can do from here, in the order they reach for it. */
const ENTRIES: Entry[] = [
  {
    key: 'shop',
    icon: <Cart {...ICON} />,
    title: '社区商城',
    description: '蔬菜水果、米面粮油、本地农产品；送货上门或到站自提；我的订单',
    url: '/shop/index/index',
  },
  {
    key: 'calls',
    icon: <Service {...ICON} />,
    title: '便民服务呼叫',
    description: '水电维修、家政保洁、助老服务、紧急求助；我的呼叫',
    url: '/calls/index/index',
  },
  {
    key: 'wallet',
    icon: <Wallet {...ICON} />,
    title: '市民卡钱包',
    description: '余额、充值、账单、支付密码、挂失补卡',
    url: '/wallet/index/index',
  },
  // 亲情代付: link to an elder (approved at the kiosk) and order for them (family/).
  {
    key: 'family',
    icon: <Heart {...ICON} />,
    title: '为家人下单',
    description: '绑定家中老人，替老人买菜，由老人在社区终端确认付款',
    url: '/family/links/index',
  },
  // 农产品行情: everyone's price page (prices/index).
  { key: 'prices', title: '农产品行情', description: '青菜、茶叶、水果等每天的价格走势', url: '/prices/index/index', extra: '查看' },
];

/** One row: its icon and name (and what follows the name, e.g. the unread tag), what it holds, and where it goes. */
function homeLink(entry: Entry, after?: ReactNode): LinkCell {
  return {
    className: `resident__${entry.key}`,
    title: (
      <View style={{ display: 'flex', alignItems: 'center', gap: '8px' }}>
        {entry.icon}
        <Text>{entry.title}</Text>
        {after}
      </View>
    ),
    description: entry.description,
    extra: entry.extra,
    url: entry.url,
  };
}

/** 居民服务: the inbox, the shop, calls, the wallet, family orders and prices; order tracking is on each order's page. */
export default function ResidentHome() {
  const unread = useUnread();
  const inbox: Entry = {
    key: 'inbox',
    icon: <Message {...ICON} />,
    title: '我的消息',
    description: '订单、呼叫、充值和退款的消息',
    url: '/inbox/index/index',
    extra: '查看',
  };
  return (
    <RoleShell
      title="居民服务"
      intro="在这里购买社区商店和本地农户的商品，选择配送时段或自提点，跟踪配送，并呼叫维修、家政、助老等便民服务。"
    >
      <LinkCells
        links={[
          homeLink(
            inbox,
            unread > 0 && (
              <Tag tone="danger" className="resident__unread">
                {`${unreadWords(unread)} 条未读`}
              </Tag>
            ),
          ),
          ...ENTRIES.map((entry) => homeLink(entry)),
        ]}
      />
    </RoleShell>
  );
}
