import type { ReactNode } from 'react';
import Taro from '@tarojs/taro';
import { View, Text } from '@tarojs/components';
import { Button, Cell, CellGroup } from '@nutui/nutui-react-taro';
import { statusWord, type Merchant } from '@cc/shared';
import { SELLER_PAGES, when } from '../../commerce/lib';
import { tappable } from '../../ui/tappable';
import type { Counts } from './useSellerHome';
import { Card, Notice, Tag } from '../../ui';

const go = (url: string) => () => void Taro.navigateTo({ url });

/** Where the shop stands with the real-name verification, and what to do about it. */
export function VerificationNotice({ shop }: { shop: Merchant }) {
  const v = shop.verification;
  const verify = (text: string) => (
    <Button
      type="primary"
      className="seller-verify-open"
      data-testid="seller-verify-open"
      onClick={go(`${SELLER_PAGES.verify}?id=${shop.id}`)}
    >
      {text}
    </Button>
  );
  switch (v.status) {
    case 'unverified':
      return (
        <Notice tone="warning" title="还没有实名认证" className="seller-verification">
          <Text>商品可以先存为草稿；实名认证通过后才能上架销售。</Text>
          <View>{verify('提交实名认证')}</View>
        </Notice>
      );
    case 'pending':
      return (
        <Notice tone="info" title="实名认证审核中" className="seller-verification">
          <Text>
            {v.submitted_at ? `${when(v.submitted_at)} 已提交，` : ''}社区服务站核对证件后会通过。请带上
            {v.id_kind === 'credit_code' ? '营业执照' : '身份证'}到服务站，方便工作人员核对。
          </Text>
        </Notice>
      );
    case 'rejected':
      return (
        <Notice tone="danger" title="实名认证未通过" className="seller-verification">
          <Text className="seller-verification__reason">原因：{v.rejected_reason ?? '未说明'}</Text>
          <View>{verify('修改后重新提交')}</View>
        </Notice>
      );
    case 'verified':
      return null;
  }
}

/** Someone without a shop: what opening one takes, and the button. */
export function NoShop() {
  return (
    <View className="page seller-home" data-testid="seller-home-none">
      <Text className="page-title">开店卖货</Text>
      <View className="page-subtitle">
        <Text>农户、合作社和社区商店都可以在这里开店，把蔬菜水果、米面粮油卖给附近社区的居民。</Text>
      </View>
      <Card title="三步开店" className="seller-steps">
        <Text className="seller-step">1. 登记店铺：名称、联系人、服务哪些社区</Text>
        <Text className="seller-step">2. 实名认证：身份证或统一社会信用代码，服务站核对</Text>
        <Text className="seller-step">3. 发布商品：认证通过后上架，居民就能下单</Text>
      </Card>
      <Button
        type="primary"
        size="large"
        block
        className="seller-create-open"
        data-testid="seller-create-open"
        onClick={go(SELLER_PAGES.profile)}
      >
        登记开店
      </Button>
    </View>
  );
}

/** "3 单已付款，请开始备货": a count with the shared status word and the seller's next step. */
export function waiting(n: string | null, status: 'paid' | 'refunding'): string | null {
  if (!n) return null;
  const w = statusWord('order', status, 'seller');
  return `${n} 单${w.word}，${w.next ?? ''}`;
}

/** Today's work at a glance: orders to pack, refunds to answer (tap to open that list). The spoken name starts with
 * the visible text (axe label-content-name-mismatch). */
export function TodoTiles({ counts }: { counts: Counts }) {
  return (
    <View className="seller-todo">
      {(['paid', 'refunding'] as const).map((status) => {
        const n = counts[status];
        const w = statusWord('order', status, 'seller');
        return (
          <View
            key={status}
            className={`seller-todo__tile seller-todo__tile--${status === 'paid' ? 'paid' : 'refund'} ${n ? 'seller-todo__tile--due' : ''}`}
            data-testid={`seller-todo-${status}`}
            {...tappable(go(`${SELLER_PAGES.orders}?status=${status}`), `${n ?? 0} ${w.word}，${w.next ?? ''}`)}
          >
            <Text className="seller-todo__n">{n ?? 0}</Text>
            <Text className="seller-todo__label">{w.word}</Text>
          </View>
        );
      })}
    </View>
  );
}

/** One entry of the shop's menu: its name (test id and class), the page it opens and what its row says. */
type MenuEntry = { name: string; url: string; title: string; description?: string; extra: ReactNode };

/** The shop's menu: each whole row is a button (reachable with Tab, Enter or Space opens it). */
function Entries({ entries }: { entries: MenuEntry[] }) {
  return (
    <CellGroup>
      {entries.map((e) => (
        <View key={e.name} className="seller-entry-button" data-testid={`seller-entry-${e.name}`} {...tappable(go(e.url))}>
          <Cell className={`seller-entry seller-entry--${e.name}`} title={e.title} description={e.description} extra={e.extra} clickable />
        </View>
      ))}
    </CellGroup>
  );
}

/** The way to orders, products, imports, offers and earnings. */
export function BusinessEntries({ counts, verified }: { counts: Counts; verified: boolean }) {
  const due = [waiting(counts.paid, 'paid'), waiting(counts.refunding, 'refunding')].filter(Boolean).join('；');
  return (
    <Entries
      entries={[
        {
          name: 'orders',
          url: SELLER_PAGES.orders,
          title: '订单',
          description: due || '备货、配送、自提交付、退款',
          extra: due ? <Tag tone="danger">待处理</Tag> : '查看',
        },
        {
          name: 'products',
          url: SELLER_PAGES.products,
          title: '商品',
          description: verified ? '发布、修改、库存、图片、上下架' : '可以先发布草稿，认证通过后上架',
          extra: '管理',
        },
        { name: 'import', url: SELLER_PAGES.import, title: '批量导入', description: '用 Excel 或 CSV 表格一次导入很多商品', extra: '导入' },
        { name: 'offers', url: SELLER_PAGES.offers, title: '限时活动', description: '限时秒杀、社区团购：限量、每人限购', extra: '设置' },
        { name: 'earnings', url: SELLER_PAGES.earnings, title: '收入', description: '已完成订单的货款', extra: '查看' },
      ]}
    />
  );
}

/** The shop's profile, and another shop. */
export function ShopEntries({ shop }: { shop: Merchant }) {
  return (
    <Entries
      entries={[
        {
          name: 'profile',
          url: `${SELLER_PAGES.profile}?id=${shop.id}`,
          title: '店铺资料',
          description: '名称、简介、联系人、配送到哪些社区',
          extra: '修改',
        },
        { name: 'new', url: `${SELLER_PAGES.profile}?new=1`, title: '再开一家店', extra: '登记' },
      ]}
    />
  );
}
