import { View, Text } from '@tarojs/components';
import { Cell, CellGroup } from '@nutui/nutui-react-taro';
import { shanghaiDate, shanghaiTime, type Kiosk } from '@cc/shared';
import { CALL_PAGES } from '../../calls-common/lib';
import { OPERATOR_SHOP_PAGES } from '../../commerce/lib';
import { EmptyView, LinkCells, Tag, type LinkCell } from '../../ui';
import { WELFARE_LINK } from '../welfare/welfare-link';

function lastSeen(iso: string | null): string {
  if (!iso) return '从未上线';
  const d = new Date(iso);
  return `最近上线 ${shanghaiDate(d)} ${shanghaiTime(d)}`;
}

export function SectionTitle({ children }: { children: string }) {
  return (
    <View className="section-title">
      <Text>{children}</Text>
    </View>
  );
}

/** 便民呼叫: the queue, the hotline and the list of elders living alone. */
export function CallLinks() {
  return (
    <LinkCells
      links={[
        {
          className: 'operator__queue',
          title: '呼叫队列',
          description: '紧急求助优先，按承诺时限排序：受理、派单、重复关闭',
          url: CALL_PAGES.queue,
        },
        { className: 'operator__hotline', title: '热线代录', description: '居民来电时替他发起呼叫', url: CALL_PAGES.hotline },
        WELFARE_LINK,
      ]}
    />
  );
}

const SHOP_LINKS: LinkCell[] = [
  { url: OPERATOR_SHOP_PAGES.merchants, name: 'merchants', title: '商户审核', description: '开店的实名认证：核对证件后通过或驳回' },
  { url: OPERATOR_SHOP_PAGES.disputes, name: 'disputes', title: '退款争议', description: '商家拒绝退款、买家申请介入的订单：裁决' },
  { url: OPERATOR_SHOP_PAGES.products, name: 'products', title: '商品隐藏', description: '隐藏问题商品（写明原因）或取消隐藏' },
  { url: OPERATOR_SHOP_PAGES.orders, name: 'orders', title: '社区订单', description: '本社区的全部订单和状态记录' },
  { url: '/operator/dispatch/index', name: 'dispatch', title: '配送调度', description: '改派、解锁、重新配送或退回站点' },
  { url: '/operator/fees/index', name: 'fees', title: '配送费规则', description: '基础配送费和每公里加价' },
  { url: '/operator/agri/index', name: 'agri', title: '供求审核', description: '被拦下和被举报的农产品供求信息、认证核验、新品种' },
].map(({ name, ...link }) => ({ ...link, className: `operator__shop operator__shop--${name}` }));

/** 社区商城: merchants, disputes, hidden products, orders, delivery dispatch and fees. */
export function ShopLinks() {
  return <LinkCells links={SHOP_LINKS} />;
}

/** 社区终端: each terminal, when it was last seen, online or not. */
export function KioskList({ kiosks }: { kiosks: Kiosk[] | null }) {
  if (kiosks === null) return <EmptyView title="尚未选择社区" description="在首页选择所在社区后可查看该社区的终端" />;
  if (kiosks.length === 0) return <EmptyView title="本社区还没有登记终端" />;
  return (
    <CellGroup>
      {kiosks.map((k) => (
        <Cell
          key={k.id}
          className="operator__kiosk"
          title={k.name}
          description={
            <View>
              <View>{lastSeen(k.last_seen_at)}</View>
              <View className="operator__kiosk-id">{k.id}</View>
            </View>
          }
          extra={
            // Text as well as colour: 在线 / 离线.
            <Tag tone={k.online ? 'success' : 'neutral'}>{k.online ? '在线' : '离线'}</Tag>
          }
        />
      ))}
    </CellGroup>
  );
}

/** 居民与角色: the people search. */
export function PeopleLink() {
  return (
    <LinkCells
      links={[
        {
          className: 'operator__people',
          title: '查找居民、授予角色',
          description: '按昵称或手机号（完整或后 4 位）查找；设为服务人员、配送员、农户、采购',
          url: '/operator/people/index',
        },
      ]}
    />
  );
}
